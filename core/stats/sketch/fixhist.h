/*
 * fixhist.h - a numeric histogram on bin edges fixed in advance (from a
 * sample, core/stats/stream/sumplan.h), so that parts of a stream count into
 * the same bins and merge by adding counts, exactly.
 *
 * Values below the first edge or above the last are counted apart
 * (under, over); when the histogram is shown they join the first and
 * the last bin, whose outer bounds become the data's min and max.
 */
#ifndef WINNOW_FIXHIST_H
#define WINNOW_FIXHIST_H

#include <stddef.h>
#include <stdint.h>

#include "core/stats/hist.h"

struct fixhist {
	uint32_t nbins;		/* edges - 1 */
	uint64_t *count;	/* [nbins] owned */
	uint64_t under, over;
};

/* Bins between nedges edges (nedges >= 2), all empty. */
void fixhist_init(struct fixhist *f, uint32_t nedges);
void fixhist_release(struct fixhist *f);

/* Count x (w times) into the bins of edges[0 .. nbins]: bin i is
 * [edges[i], edges[i+1]), the last one closed. */
void fixhist_add(struct fixhist *f, const double *edges, double x,
    uint64_t w);

/* a += b (same edges). */
void fixhist_merge(struct fixhist *a, const struct fixhist *b);

/*
 * The histogram to show: kind (HIST_RANGE or HIST_TIME, with unit and
 * step for dates), the bins on edges with under and over folded into the
 * end bins (whose outer bounds become min and max), then a missing bin
 * when missing > 0.  h is released first; col is recorded as is.
 */
void fixhist_to_hist(const struct fixhist *f, const double *edges,
    enum hist_kind kind, enum hist_unit unit, uint32_t step, double min,
    double max, uint64_t missing, int col, struct hist *h);

#endif
