/*
 * summary.h - the per-column summary of a set of rows: what
 * `winnow stats` prints and the Overview draws, computed once, here.
 *
 * Per column: its statistics (stats.h), its default histogram (hist.h,
 * counts only: no per-value map) and, from that histogram, its
 * non-uniformity and its association with the label (assoc.h).  All of
 * it runs as one fan-out over the columns, the columns with the most
 * distinct values first (they take longest), and, when asked, the label
 * check (labelhealth.h) as one more item of the same fan-out, started
 * first because it is the biggest single piece.  Every item writes only
 * its own slots, so the result does not depend on the number of
 * threads.
 */
#ifndef WINNOW_SUMMARY_H
#define WINNOW_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "core/stats/assoc.h"
#include "core/stats/hist.h"
#include "core/stats/labelhealth.h"
#include "core/stats/stats.h"
#include "core/util/err.h"
#include "core/util/progress.h"
#include "core/data/labels.h"
#include "core/data/rowset.h"
#include "core/data/table.h"

/*
 * Which figures of a column are estimates, and how far off they can be.
 * All zero (everything exact) for a summary of loaded rows; a summary of
 * a stream (core/stats/stream/msum.h) fills it where its sketches stand in.
 */
struct summary_approx {
	double distinct;	/* > 0: distinct is an estimate within this
				 * relative error (99.7% of the time) */
	int top;		/* top counts (and the string histogram's
				 * bars) are upper bounds ... */
	uint64_t top_err;	/* ... at most this many rows too high */
	double rank;		/* > 0: quantiles (the median too) are
				 * within this share of the rows in rank
				 * (99% of the time) */
	int hist_edges;		/* bins on edges fixed from a sample, the
				 * end bins stretched to min and max; counts
				 * exact */
	uint64_t hist_err;	/* > 0: bin counts within this many rows */
	int assoc_sample;	/* Cramer's V over the sample's most frequent
				 * values, not the data's */
	int assoc_text_sample;	/* a text column's association measured on
				 * a sample of the rows (as.labelled is the
				 * sample's labelled rows, not the data's) */
};

struct summary_col {
	struct stats_col st;
	struct hist h;		/* the default histogram, counts only */
	struct assoc_col as;	/* against the labels; ASSOC_NONE (with the
				 * non-uniformity set) without them */
	struct summary_approx ax;	/* all zero: exact */
};

struct summary_opts {
	const struct labels *labels;	/* association with these; NULL:
					 * none */
	int health;			/* also run the label check (needs
					 * labels) */
	int threads;			/* 0: the online processors */
	const struct progress *progress;	/* "statistics", per item;
					 * its cancel flag stops the work */
};

struct summary {
	size_t ncols;
	struct summary_col *col;	/* [ncols] owned */
	int have_labels;		/* as measured against labels */
	int have_health;		/* health is filled */
	struct labelhealth health;	/* owned */
	int streamed;			/* made from a stream: the duplicate
					 * check (which needs every row in
					 * memory) did not run */
};

/* Defaults: no labels, no label check, all processors, no progress. */
void summary_opts_init(struct summary_opts *o);

/*
 * Summarise every column of t over rs (NULL: all rows).  o may be NULL
 * for the defaults.  Returns 0, or -1 with ERR_CANCEL in e when the
 * progress' cancel flag was set (s is then empty).  Release s with
 * summary_release() either way.
 */
int summary_build(struct summary *s, const struct table *t,
    const struct rowset *rs, const struct summary_opts *o, struct err *e);

/* Release what s owns and empty it; NULL is fine. */
void summary_release(struct summary *s);

#endif
