/*
 * pairsum.c - numpy's pairwise sum (numpy/core/src/umath/loops_utils.h,
 * the float64 case), written out so that the order of additions is the
 * same.  The recursion depth is log2(n / 128).
 */
#include "core/util/pairsum.h"

#define PAIRSUM_BLOCK 128

double
pairsum_strided(const double *a, size_t n, size_t stride)
{
	double r[8], res;
	size_t i, j, n2;

	if (n < 8) {
		res = 0.0;
		for (i = 0; i < n; i++)
			res += a[i * stride];
		return res;
	}
	if (n <= PAIRSUM_BLOCK) {
		for (j = 0; j < 8; j++)
			r[j] = a[j * stride];
		for (i = 8; i < n - n % 8; i += 8)
			for (j = 0; j < 8; j++)
				r[j] += a[(i + j) * stride];
		res = ((r[0] + r[1]) + (r[2] + r[3])) +
		    ((r[4] + r[5]) + (r[6] + r[7]));
		for (; i < n; i++)
			res += a[i * stride];
		return res;
	}
	n2 = n / 2;
	n2 -= n2 % 8;
	return pairsum_strided(a, n2, stride) +
	    pairsum_strided(a + n2 * stride, n - n2, stride);
}

double
pairsum(const double *a, size_t n)
{
	return pairsum_strided(a, n, 1);
}
