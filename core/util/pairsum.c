/*
 * pairsum.c - numpy's pairwise sum (numpy/core/src/umath/loops_utils.h,
 * the float64 case), written out so that the order of additions is the
 * same.  The recursion depth is log2(n / 128).  The sparse form walks
 * the same recursion, visiting only the blocks that hold an entry.
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

/* The sum of the window [base, base + n) of the sparse array; its
 * entries are pos[0..nnz), all inside the window. */
static double
sparse_window(const size_t *pos, const double *val, size_t nnz,
    size_t base, size_t n)
{
	double r[8] = { 0, 0, 0, 0, 0, 0, 0, 0 }, res;
	size_t i, n2, split, off;

	if (nnz == 0)
		return 0.0;
	if (n < 8) {
		res = 0.0;
		for (i = 0; i < nnz; i++)
			res += val[i];
		return res;
	}
	if (n <= PAIRSUM_BLOCK) {
		/* lane j of the accumulators gets the entries at offsets
		 * j, j + 8, ... below n - n % 8, in order */
		for (i = 0; i < nnz && (off = pos[i] - base) < n - n % 8; i++)
			r[off % 8] += val[i];
		res = ((r[0] + r[1]) + (r[2] + r[3])) +
		    ((r[4] + r[5]) + (r[6] + r[7]));
		for (; i < nnz; i++)
			res += val[i];
		return res;
	}
	n2 = n / 2;
	n2 -= n2 % 8;
	for (split = 0; split < nnz && pos[split] < base + n2; split++)
		;
	return sparse_window(pos, val, split, base, n2) +
	    sparse_window(pos + split, val + split, nnz - split, base + n2,
	    n - n2);
}

double
pairsum_sparse(const size_t *pos, const double *val, size_t nnz, size_t n)
{
	return sparse_window(pos, val, nnz, 0, n);
}
