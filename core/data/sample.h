/*
 * sample.h - seeded samples of rows.
 *
 * A sample is a function of (the input rows in their order, n, seed):
 * the same call gives the same rows on every run and platform (rng.h).
 * Results are rowsets in ascending row order, whatever the input order.
 */
#ifndef WINNOW_SAMPLE_H
#define WINNOW_SAMPLE_H

#include <stdint.h>

#include "core/data/labels.h"
#include "core/data/rowset.h"

/*
 * A uniform sample of n rows of from (NULL: rows 0 .. nrows-1) by
 * reservoir sampling (Vitter's algorithm R) with rng stream 0 of seed,
 * into out (its old rows are released).  When from has at most n rows,
 * out gets all of them.
 */
void sample_reservoir(const struct rowset *from, uint64_t nrows, uint64_t n,
    uint64_t seed, struct rowset *out);

/*
 * Proportional allocation of n among strata of the given sizes:
 * quota[i] = floor(n size[i] / total), the remaining rows going one each
 * to the largest fractional remainders (ties to the lower index); then
 * every non-empty stratum left with 0 takes one row from the stratum with
 * the largest quota (ties to the lower index) while that one keeps more
 * than one.  When n is below the number of non-empty strata, the n
 * largest strata (ties to the lower index) get one row each.  No quota
 * exceeds its stratum; the quotas sum to min(n, total).
 */
void sample_allocate(const uint64_t *size, uint32_t k, uint64_t n,
    uint64_t *quota);

/*
 * A sample of n rows of from (NULL: all nrows rows) stratified by the
 * classes of L: strata are the classes plus one for rows without a label,
 * quotas by sample_allocate, and each stratum sampled by
 * sample_reservoir's method with its own rng stream (1 + stratum).
 * Into out, ascending.
 */
void sample_stratified(const struct rowset *from, uint64_t nrows,
    const struct labels *L, uint64_t n, uint64_t seed, struct rowset *out);

#endif
