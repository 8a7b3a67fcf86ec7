/*
 * trainrows.h - the rows a checker trains on and their class shares,
 * for the checkers that keep both (knn, gbt): of rows[0..nrows), those
 * with a class y[row] < k and a positive weight w[row] (w NULL: 1).
 */
#ifndef WINNOW_TRAINROWS_H
#define WINNOW_TRAINROWS_H

#include <stddef.h>
#include <stdint.h>

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

#endif
