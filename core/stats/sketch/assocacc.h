/*
 * assocacc.h - what the association of one column with the label needs
 * from a stream, in parts that merge: a contingency table of the
 * column's categories by class (for Cramer's V) and the moments of its
 * numbers within each class (for eta).
 *
 * The categories are fixed before the stream starts (the sample's most
 * frequent values, core/stats/stream/sumplan.h, then "other" and "missing"), so
 * every part counts into the same cells and parts merge by adding them:
 * the merged table is the single pass's, exactly.  Eta is sqrt(SSB /
 * SST) from the per-class moments (moments.h), SST being the merged
 * within-class M2 plus the between-class sum of squares, exact up to
 * rounding.  Classes are numbered by the caller (in order of first
 * sight); merging maps the other part's classes onto this one's.
 */
#ifndef WINNOW_ASSOCACC_H
#define WINNOW_ASSOCACC_H

#include <stddef.h>
#include <stdint.h>

#include "core/stats/sketch/moments.h"

struct assocacc {
	uint32_t ncat;		/* categories, "other" and "missing" last */
	uint32_t k;		/* classes so far */
	uint64_t *tab;		/* [k * ncat]: class-major counts, owned */
	struct moments *grp;	/* [k] numbers of each class, owned */
};

/* An empty accumulator of ncat categories (the plan's values + 2). */
void assocacc_init(struct assocacc *a, uint32_t ncat);
void assocacc_release(struct assocacc *a);

/* Make room for classes 0 .. k-1. */
void assocacc_classes(struct assocacc *a, uint32_t k);

/*
 * Count the rows 0 .. nrows-1 of one chunk: row r has value id code[r],
 * class y[r] (>= a->k or UINT32_MAX: no label, skipped), category
 * cat[code[r]]; when num is not NULL, num[code[r]] is the row's number
 * (NAN: none) and enters its class's moments.  classes must cover y.
 */
void assocacc_fold(struct assocacc *a, const uint32_t *code,
    const uint32_t *y, uint64_t nrows, const uint32_t *cat,
    const double *num);

/* a += b, b's class j being a's class remap[j] (remap covers b->k). */
void assocacc_merge(struct assocacc *a, const struct assocacc *b,
    const uint32_t *remap);

/* Bias-corrected Cramer's V of the table (assoc.h), with *n the rows in
 * it and *ncat the categories present. */
double assocacc_cramers_v(const struct assocacc *a, uint64_t *n,
    uint32_t *ncat);

/* Eta from the class moments, with *n the rows that had a number. */
double assocacc_eta(const struct assocacc *a, uint64_t *n);

#endif
