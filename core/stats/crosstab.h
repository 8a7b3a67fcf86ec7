/*
 * crosstab.h - counts of rows by the values of two columns.
 *
 * Each axis is the column's histogram over the same rowset (hist.h):
 * numeric columns binned (Freedman-Diaconis, one bin per small integer,
 * calendar units for dates), strings as their top values with the rest
 * folded into "other", and "missing" as a category of its own.  A table
 * is read across, so numbers get at most CROSSTAB_BINS bins (a
 * histogram's 60 would make a table nobody can take in); dates keep
 * their calendar units.  Every
 * row of the set falls in exactly one cell, so the cells, the row totals
 * and the column totals all sum to the number of rows.
 */
#ifndef WINNOW_CROSSTAB_H
#define WINNOW_CROSSTAB_H

#include <stddef.h>
#include <stdint.h>

#include "core/stats/hist.h"
#include "core/data/rowset.h"
#include "core/data/table.h"

#define CROSSTAB_BINS 12	/* numeric axes: bins at most, by default */

struct crosstab_opts {
	uint32_t top;		/* string axes: values shown before "other"
				 * (1 .. HIST_MAX_BINS; default 10) */
	uint32_t bins;		/* numeric axes: bins at most
				 * (HIST_MIN_BINS .. HIST_MAX_BINS;
				 * default CROSSTAB_BINS) */
};

struct crosstab {
	struct hist ax[2];	/* ax[0]: rows (column a), ax[1]: columns */
	uint32_t nr, nc;	/* categories per axis (= ax[i].nbins) */
	uint64_t *cell;		/* [nr * nc] owned: (i, j) at i * nc + j */
	uint64_t *rowtot;	/* [nr] owned */
	uint64_t *coltot;	/* [nc] owned */
	uint64_t total;		/* rows in the set */
};

/* Defaults: 10 values per string axis, CROSSTAB_BINS bins per numeric
 * axis. */
void crosstab_opts_init(struct crosstab_opts *o);

/*
 * Crosstab columns a and b of t over rs (NULL: all rows); o may be NULL.
 * a may equal b.  One pass over the rows.  Release with
 * crosstab_release().
 */
void crosstab_build(struct crosstab *ct, const struct table *t, size_t a,
    size_t b, const struct rowset *rs, const struct crosstab_opts *o);

/* Release what ct owns; NULL is fine. */
void crosstab_release(struct crosstab *ct);

/* The count of cell (i, j); 0 outside the table. */
uint64_t crosstab_count(const struct crosstab *ct, uint32_t i, uint32_t j);

/*
 * The rows of rs (NULL: all rows; the set the crosstab was built on) in
 * cell (i, j), in rs's order, into out (old rows released).
 */
void crosstab_cell_rows(const struct crosstab *ct, const struct table *t,
    const struct rowset *rs, uint32_t i, uint32_t j, struct rowset *out);

#endif
