/*
 * sumplan.h - what a streamed summary fixes before it reads the data,
 * from a sample: per column the histogram's bin edges (for numbers and
 * dates), the categories Cramer's V counts (the most frequent values)
 * and, for text, its association with the label (textassoc.h), which
 * needs each row's words and label together and so cannot be counted
 * in mergeable parts.
 *
 * Parts of one dataset merge exactly only when they count into the same
 * bins and cells, so every part of a job uses one plan: the summary of a
 * byte range of a file makes it from the same seeded sample of the
 * whole file, and a summary file records its plan and its fingerprint
 * (a hash of everything in it); summaries with different plans refuse
 * to merge.
 */
#ifndef WINNOW_SUMPLAN_H
#define WINNOW_SUMPLAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/stats/hist.h"
#include "core/stats/textassoc.h"
#include "core/data/table.h"

struct sumplan_col {
	enum hist_kind kind;	/* HIST_RANGE or HIST_TIME with edges, else
				 * HIST_EMPTY (no edges) */
	enum hist_unit unit;	/* HIST_TIME: for showing the bins */
	uint32_t step;
	uint32_t nedges;	/* 0 or >= 2 */
	double *edges;		/* [nedges] ascending, owned */
	uint32_t ncat;		/* categories, most frequent first */
	char **cat;		/* [ncat] NUL-terminated, owned */
	uint32_t *catlen;	/* [ncat] their lengths (they may hold NUL) */
	int has_text;		/* text: the sample's text association */
	struct textassoc text;
};

struct sumplan {
	size_t ncols;
	struct sumplan_col *col;	/* [ncols] owned */
	uint64_t seed;			/* of the sample it came from */
	uint64_t sample_rows;
};

/*
 * The plan of sample s (a table of sampled rows, read with the options
 * the stream will use): for each numeric, non-bool column the value bins
 * of its default histogram (hist.h) as edges (integer bins become
 * [v, v+1) ranges); for every column its ASSOC_TOP most frequent
 * non-missing values; with a label column (label >= 0, a column of s),
 * each text column's text association with it.
 */
void sumplan_build(struct sumplan *p, const struct table *s, uint64_t seed,
    int label);

void sumplan_release(struct sumplan *p);

/* A hash of everything in p: equal plans, equal fingerprints. */
uint64_t sumplan_fingerprint(const struct sumplan *p);

/* Deep copy. */
void sumplan_copy(struct sumplan *dst, const struct sumplan *src);

/* Deep copy of one column's plan. */
void sumplan_col_copy(struct sumplan_col *dst, const struct sumplan_col *src);

#endif
