/*
 * rowsort.h - rows in the order of one or more columns, as the Table
 * shows them when the user sorts.
 *
 * A column is sorted through the order of its values, never of its
 * cells: each distinct value gets a rank (numbers by their value, dates
 * by their time, booleans false first, any other column by the bytes of
 * its text), and the rows are then radix-sorted by the ranks of their
 * cells, so a million rows cost a few passes over a million integers.
 * The sort is stable (rows that tie keep the order they came in, which
 * for a rowset is the file's), and missing cells come last whichever
 * way a key goes.  Several keys sort as one: the first decides, the
 * next breaks its ties, and so on.
 */
#ifndef WINNOW_ROWSORT_H
#define WINNOW_ROWSORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/table.h"
#include "core/util/err.h"
#include "core/util/progress.h"

/* The rank of a missing value: after every other. */
#define ROWSORT_MISSING UINT32_MAX

struct rowsort_key {
	int col;		/* a column of the table */
	int desc;		/* 1: largest first (missing still last) */
};

/*
 * The rank of every value of column c, rank[id] for id < c->dict.n:
 * 0 for the smallest, equal values (numbers written two ways: "1",
 * "1.0") sharing one, ROWSORT_MISSING for a missing marker.  *nranks
 * gets the number of ranks in use (missing aside).  Caller frees.
 */
uint32_t *rowsort_ranks(const struct column *c, uint32_t *nranks);

/*
 * Sort rows[0..n) (rows of t) by keys[0..nkeys), stably, missing cells
 * last for every key.  Reports progress as "sorting"; returns 0, or -1
 * with ERR_CANCEL when p asks to stop (rows are then in some order of
 * the same rows), or ERR_USAGE for a key naming no column of t.
 */
int rowsort(const struct table *t, const struct rowsort_key *keys,
    size_t nkeys, uint32_t *rows, uint64_t n, const struct progress *p,
    struct err *e);

#endif
