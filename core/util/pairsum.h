/*
 * pairsum.h - numpy's pairwise summation of doubles.
 *
 * np.sum and np.mean of a float64 array do not add left to right: they
 * add in blocks of eight accumulators and split long arrays in halves.
 * Results that must match numpy bit for bit (confident learning's
 * thresholds and calibration) add with these functions, in the element
 * order numpy would see.  Plain doubles, no fused multiply-add: the sums
 * are reproducible on any IEEE-754 machine.
 */
#ifndef WINNOW_PAIRSUM_H
#define WINNOW_PAIRSUM_H

#include <stddef.h>

/*
 * The sum of a[0], a[stride], ..., a[(n-1)*stride] in numpy's order:
 * fewer than 8 elements left to right from 0.0; up to 128 in eight
 * interleaved accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))
 * and the n % 8 leftovers added one by one; more than 128 split at
 * n/2 - (n/2) % 8 and the halves added.  n == 0 gives 0.0.
 */
double pairsum_strided(const double *a, size_t n, size_t stride);

/* pairsum_strided(a, n, 1). */
double pairsum(const double *a, size_t n);

/*
 * pairsum of an array of n doubles that are 0 but at the nnz ascending
 * positions pos[], which hold val[]: the same bits as pairsum on the
 * whole array (adding 0.0 to a sum leaves it as it is) in O(nnz log n).
 */
double pairsum_sparse(const size_t *pos, const double *val, size_t nnz,
    size_t n);

#endif
