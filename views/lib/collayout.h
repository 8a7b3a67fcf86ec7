/*
 * collayout.h - how the Table lays out the columns: which are hidden,
 * which are pinned at the left, and the sort, a stack of keys (the first
 * decides, the next breaks its ties).  The application owns one (the
 * environment's layout) and keeps it across views, so the column list
 * (views/columns.c) and the Table change the same layout, and a reopen
 * can restore it.
 *
 * Columns are the table's indices; collayout_fit() starts afresh when
 * the table has another number of columns.  serial changes with every
 * change, for views that lay out again.
 */
#ifndef WINNOW_COLLAYOUT_H
#define WINNOW_COLLAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/order/rowsort.h"
#include "core/data/table.h"

#define COLLAYOUT_MAXSORT 8

enum {
	COLLAYOUT_HIDDEN = 1,
	COLLAYOUT_PINNED = 2
};

struct collayout {
	size_t ncols;
	uint8_t *flags;			/* [ncols] COLLAYOUT_ bits */
	struct rowsort_key sort[COLLAYOUT_MAXSORT];
	size_t nsort;
	uint64_t serial;
};

void collayout_init(struct collayout *l);
void collayout_release(struct collayout *l);

/* Fit l to t: kept when t has l's number of columns, else cleared. */
void collayout_fit(struct collayout *l, const struct table *t);

/* The flags of column col (0 for a column l does not know). */
unsigned collayout_flags(const struct collayout *l, int col);
/* Set (on) or clear the flag bits of column col. */
void collayout_set(struct collayout *l, int col, unsigned flag, int on);
/*
 * ! on column col of t (label: the label column, or -1): pin it at the
 * left, or unpin it.  The key and the label always stay at the left:
 * those are refused.  Says what happened in msg[0..size); returns 1
 * when the layout changed.
 */
int collayout_toggle_pin(struct collayout *l, const struct table *t,
    int label, int col, char *msg, size_t size);
/* Show every hidden column; returns how many there were. */
size_t collayout_show_all(struct collayout *l);
/* Hidden columns. */
size_t collayout_nhidden(const struct collayout *l);

/*
 * Sort by column col, largest first when desc: as the only key
 * (add 0), or added after the others (add 1; a column already among them
 * changes its direction in place).  Beyond COLLAYOUT_MAXSORT keys the
 * last is replaced.
 */
void collayout_sort(struct collayout *l, int col, int desc, int add);
/* No sort. */
void collayout_unsort(struct collayout *l);
/* Where col is among the sort keys (1 for the first), or 0; *desc gets
 * its direction (desc may be NULL). */
int collayout_sorted(const struct collayout *l, int col, int *desc);

#endif
