/*
 * rowset.h - a set of rows: indices into a table, ascending unless a
 * producer says otherwise.  Every view and statistic works on a rowset:
 * all rows, a sample, a filter's matches, one histogram bar's rows.
 */
#ifndef WINNOW_ROWSET_H
#define WINNOW_ROWSET_H

#include <stddef.h>
#include <stdint.h>

struct rowset {
	uint32_t *row;		/* owned */
	uint64_t n;
	uint64_t cap;
};

/* An empty rowset (no allocation). */
void rowset_init(struct rowset *rs);
/* Rows 0 .. nrows-1. */
void rowset_all(struct rowset *rs, uint64_t nrows);
/* Append one row. */
void rowset_push(struct rowset *rs, uint32_t row);
/* dst = a copy of src (dst's old rows are released). */
void rowset_copy(struct rowset *dst, const struct rowset *src);
/* Release the rows; rs is empty afterwards. */
void rowset_release(struct rowset *rs);
/* 1 when row is in the ascending rowset rs (binary search). */
int rowset_has(const struct rowset *rs, uint32_t row);
/* Where row is in the ascending rowset rs, else where it would go: the
 * position of the first row not below it (rs->n when there is none). */
uint64_t rowset_find(const struct rowset *rs, uint32_t row);

#endif
