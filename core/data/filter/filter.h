/*
 * filter.h - a stack of filters over a table's rows.
 *
 * The bottom of the stack is every row of the table; each filter keeps
 * the rows of the level below that pass it, so popping a filter is free
 * and the top's rows are always at hand.  A filter is a regular
 * expression on one column, a regular expression on every text and
 * categorical column (a row passes when any of them matches), or just a
 * set of rows with a description (the rows of a histogram bar, a
 * crosstab cell, a label class).
 *
 * Regex filters match each distinct value of a column once, not each
 * row: columns are dicts and text repeats.  The values are split over
 * threads when there are many; progress and cancellation go through
 * struct progress.  Running a filter reads the table only, so it can run
 * in a background job while the stack itself is used elsewhere.
 */
#ifndef WINNOW_FILTER_H
#define WINNOW_FILTER_H

#include <stddef.h>

#include "core/util/err.h"
#include "core/util/progress.h"
#include "core/data/rowset.h"
#include "core/data/filter/rx.h"
#include "core/data/table.h"

enum filter_kind {
	FILTER_RX,		/* col's text matches rx (col -1: any text or
				 * categorical column) */
	FILTER_ROWS		/* a given set of rows */
};

struct filter {
	enum filter_kind kind;
	char *desc;		/* owned: "name ~ /pat/", "label = setosa" */
	int col;		/* FILTER_RX: the column, or -1 */
	struct rx *rx;		/* FILTER_RX: owned */
	struct rowset rows;	/* rows that pass, ascending, owned */
};

struct filter_stack {
	const struct table *t;	/* borrowed */
	struct rowset all;	/* every row */
	struct filter *f;	/* [n] bottom first */
	size_t n, cap;
};

/* A stack with no filter over t's rows (t must outlive it). */
void filter_stack_init(struct filter_stack *fs, const struct table *t);
/* Free every filter and the row lists; NULL is fine. */
void filter_stack_release(struct filter_stack *fs);
/* The rows that pass every filter (borrowed until the next change). */
const struct rowset *filter_stack_rows(const struct filter_stack *fs);
/* The top filter, or NULL. */
const struct filter *filter_stack_top(const struct filter_stack *fs);
/* Push f: the stack takes what f owns (f is left empty). */
void filter_stack_push(struct filter_stack *fs, struct filter *f);
/* Drop the top filter; -1 when there is none. */
int filter_stack_pop(struct filter_stack *fs);
/* Drop filters until depth are left. */
void filter_stack_truncate(struct filter_stack *fs, size_t depth);

/* 1 when column c is searched by an all-columns filter (text and
 * categorical columns). */
int filter_searchable(const struct column *c);

/*
 * The rows of in (ascending) whose column col matches rx, or for col -1
 * whose text or categorical columns match, into out (replaced).  Uses up
 * to threads threads (0: two).  Returns 0, or -1 with e filled: ERR_DATA
 * "pattern too expensive", ERR_CANCEL.
 */
int filter_rx_rows(const struct table *t, const struct rowset *in, int col,
    const struct rx *rx, int threads, struct rowset *out,
    const struct progress *p, struct err *e);

/*
 * Build a regex filter over in: runs filter_rx_rows and fills f (desc
 * made from the column name and pattern).  f takes rx in every case.
 */
int filter_make_rx(struct filter *f, const struct table *t,
    const struct rowset *in, int col, struct rx *rx, int threads,
    const struct progress *p, struct err *e);

/* A row-set filter: f takes rows (left empty) and copies desc. */
void filter_make_rows(struct filter *f, struct rowset *rows,
    const char *desc);

/* Release what f owns; NULL is fine. */
void filter_release(struct filter *f);

#endif
