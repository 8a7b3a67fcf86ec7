/*
 * trainrows.h - the rows a checker trains on and their class shares,
 * for the checkers that keep both (knn, gbt): of rows[0..nrows), those
 * with a class y[row] < k and a positive weight w[row] (w NULL: 1);
 * and a uniform sample of them when there are more than it can use.
 */
#ifndef WINNOW_TRAINROWS_H
#define WINNOW_TRAINROWS_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/rng.h"
#include "core/util/sort.h"

/*
 * The usable rows into use (in their order; room for nrows) and the
 * weighted share of each class among them into rho[0..k) (all 0 when
 * there is none); returns how many.
 */
static inline size_t
trainrows_take(const uint32_t *rows, size_t nrows, const uint32_t *y,
    const float *w, uint32_t k, uint32_t *use, double *rho)
{
	size_t i, n = 0;
	double tot = 0, v;
	uint32_t c;

	for (c = 0; c < k; c++)
		rho[c] = 0;
	for (i = 0; i < nrows; i++)
		if (y[rows[i]] < k && (!w || w[rows[i]] > 0)) {
			v = w ? w[rows[i]] : 1;
			use[n++] = rows[i];
			rho[y[rows[i]]] += v;
			tot += v;
		}
	for (c = 0; c < k && tot > 0; c++)
		rho[c] /= tot;
	return n;
}

/*
 * Keep a uniform sample of max of use[0..n) (a partial shuffle drawn
 * from (seed, stream)), in row order; returns how many are kept: n when
 * max is 0 or n is not above it.
 */
static inline size_t
trainrows_sample(uint32_t *use, size_t n, size_t max, uint64_t seed,
    uint64_t stream)
{
	struct rng rng;
	size_t i, q;
	uint32_t t;

	if (max == 0 || n <= max)
		return n;
	rng_seed(&rng, seed, stream);
	for (i = 0; i < max; i++) {
		q = i + (size_t)rng_below(&rng, n - i);
		t = use[i];
		use[i] = use[q];
		use[q] = t;
	}
	sort_u32(use, max, NULL);
	return max;
}

#endif
