/*
 * clcal.c - confident learning's calibration and noise model on sparse
 * k x k matrices: the calibrated joint, the prune counts, the noise
 * matrix and rates, the expected error count and PICO's prior.
 *
 * Each step computes exactly what cleanlab computes on the dense
 * matrix, touching only the stored cells: an unstored cell of a count
 * matrix is 0, and 0 changes no sum (numpy's pairwise sums are taken
 * over the same positions with pairsum_sparse), rounds to 0 and is never
 * among the cells a rounding step adjusts (see round_stored).
 */
#include "core/pico/cl/cl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/err.h"
#include "core/util/pairsum.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

#define CL_FLOAT_CMP 1e-6		/* FLOATING_POINT_COMPARISON */
#define CL_TINY 1e-100			/* TINY_VALUE */

/*
 * round_preserving_sum on the row of k cells that is 0 but at the n
 * ascending columns col[] (NULL: 0 .. n-1), which hold row[]; the
 * rounded stored cells into out[0..n).  A cell is adjusted only when it
 * is among the |d| with the largest remainders of the sign of d, and
 * there are always |d| cells of remainder of that sign, none 0: with
 * rint(sum) - sum(rint) = d > 0 the remainders (each at most 0.5) sum
 * to at least d - 0.5, so at least 2d - 1 >= d of them are positive
 * (likewise for d < 0).  So the cells that are not stored, whose
 * remainder is 0, never move, and the stored ones get what the dense
 * row would give them.
 */
static void
round_stored(const double *row, const uint32_t *col, uint32_t n,
    uint32_t k, int64_t *out)
{
	double *ints = xmalloc(((size_t)n + 1) * sizeof *ints);
	double *rem = xmalloc(((size_t)n + 1) * sizeof *rem);
	uint32_t *ord = xmalloc(((size_t)n + 1) * sizeof *ord);
	size_t *pos = xmalloc(((size_t)n + 1) * sizeof *pos);
	double target, isum, diff;
	uint32_t j, i, changes;
	int inc;

	isum = 0;
	for (j = 0; j < n; j++) {
		ints[j] = rint(row[j]);
		isum += ints[j];	/* integers: exact in any order */
		pos[j] = col ? col[j] : j;
	}
	target = rint(pairsum_sparse(pos, row, n, k));
	isum = rint(isum);
	while (fabs(isum - target) > CL_FLOAT_CMP) {
		diff = rint(target - isum);
		inc = diff < 0 ? -1 : 1;
		changes = fabs(diff) < (double)k ? (uint32_t)fabs(diff) : k;
		for (j = 0; j < n; j++) {
			rem[j] = row[j] - ints[j];
			ord[j] = j;
		}
		sort_idx_by_double(ord, n, rem);
		/* np.argsort(rem)[::-inc][:changes]: reversed for +1, so
		 * ties then go to the higher index */
		for (i = 0; i < changes; i++) {
			if (i >= n)
				BUG("round_preserving_sum: %u changes, %u "
				    "cells", changes, n);
			j = inc > 0 ? ord[n - 1 - i] : ord[i];
			if (!(inc > 0 ? rem[j] > 0 : rem[j] < 0))
				BUG("round_preserving_sum: cell %u of the "
				    "%u changes has remainder %g", i, changes,
				    rem[j]);
			ints[j] += inc;
		}
		isum = 0;
		for (j = 0; j < n; j++)
			isum += ints[j];
		isum = rint(isum);
	}
	for (j = 0; j < n; j++)
		out[j] = (int64_t)ints[j];
	FREE_ALL(pos, ord, rem, ints);
}

void
cl_round_preserving_sum(const double *row, uint32_t k, int64_t *out)
{
	round_stored(row, NULL, k, k, out);
}

void
cl_calibrate(const struct kmat *cj, const uint64_t *count, struct kmat *cal)
{
	uint32_t k = cj->k, i, j, n;
	size_t nnz = cj->nnz, p, q, *cstart, *pos;
	double *c1 = xmalloc((nnz + 1) * sizeof *c1), *colv, total, nall = 0;
	double rowsum;
	int64_t s, *r = xmalloc((nnz + 1) * sizeof *r);

	for (i = 0; i < k; i++) {
		s = 0;
		for (p = cj->ptr[i]; p < cj->ptr[i + 1]; p++)
			s += (int64_t)cj->val[p];
		/* np.clip(rowsum, TINY_VALUE): the diagonal makes it >= 1 */
		rowsum = s > 0 ? (double)s : CL_TINY;
		for (p = cj->ptr[i]; p < cj->ptr[i + 1]; p++)
			c1[p] = cj->val[p] / rowsum * (double)count[i];
		nall += (double)count[i];
	}
	/*
	 * np.sum over cleanlab's array runs in its memory order, which is
	 * column-major here: the stored cells by column (a counting sort,
	 * rows ascending within a column), at positions j * k + i.
	 */
	cstart = xcalloc((size_t)k + 2, sizeof *cstart);
	for (p = 0; p < nnz; p++)
		cstart[cj->col[p] + 2]++;
	for (j = 0; j < k; j++)
		cstart[j + 2] += cstart[j + 1];
	pos = xmalloc((nnz + 1) * sizeof *pos);
	colv = xmalloc((nnz + 1) * sizeof *colv);
	for (i = 0; i < k; i++)
		for (p = cj->ptr[i]; p < cj->ptr[i + 1]; p++) {
			q = cstart[cj->col[p] + 1]++;
			pos[q] = (size_t)cj->col[p] * k + i;
			colv[q] = c1[p];
		}
	total = pairsum_sparse(pos, colv, nnz, (size_t)k * k);
	if (!(total >= CL_TINY))
		total = CL_TINY;
	for (p = 0; p < nnz; p++)
		c1[p] = c1[p] / total * nall;
	kmat_begin(cal, k);
	for (i = 0; i < k; i++) {
		n = (uint32_t)(cj->ptr[i + 1] - cj->ptr[i]);
		round_stored(c1 + cj->ptr[i], cj->col + cj->ptr[i], n, k, r);
		for (j = 0; j < n; j++)
			kmat_put(cal, cj->col[cj->ptr[i] + j], (double)r[j]);
		kmat_end_row(cal, 0);
	}
	FREE_ALL(r, colv, pos, cstart, c1);
}

void
cl_prune_counts(const struct kmat *cal, struct kmat *prune)
{
	uint32_t k = cal->k, c, r;
	size_t p;
	double d, nd, nnz, num, adj, v;
	int diag;

	kmat_begin(prune, k);
	for (c = 0; c < k; c++) {
		d = kmat_at(cal, c, c);
		nd = d < 1 ? 1 : d;
		nnz = 0;
		for (p = cal->ptr[c]; p < cal->ptr[c + 1]; p++)
			nnz += cal->val[p] != 0;
		num = nnz - 1.0;
		if (num < 1.0)
			num = 1.0;
		adj = (nd - d) / num;
		diag = 0;
		for (p = cal->ptr[c]; p < cal->ptr[c + 1]; p++) {
			r = cal->col[p];
			if (r > c && !diag) {
				kmat_put(prune, c, nd);
				diag = 1;
			}
			if (r == c)
				continue;
			v = cal->val[p] - adj;
			if (v < 0)
				v = 0;
			kmat_put(prune, r, (double)(int64_t)v);
		}
		if (!diag)
			kmat_put(prune, c, nd);
		kmat_end_row(prune, 0);
	}
}

/* The sum of row i of a count matrix (exact: integers). */
static double
row_total(const struct kmat *m, uint32_t i)
{
	size_t p;
	int64_t s = 0;

	for (p = m->ptr[i]; p < m->ptr[i + 1]; p++)
		s += (int64_t)m->val[p];
	return (double)s;
}

/*
 * Row i of a count matrix, divided: stored cells (cell + alpha) / den,
 * the rest alpha / den; a row of no counts (s == 0) is one count on the
 * diagonal.
 */
static void
put_smoothed(const struct kmat *m, uint32_t i, double alpha, double den,
    struct kmat *out)
{
	size_t p;
	int diag = 0;

	if (row_total(m, i) > 0) {
		for (p = m->ptr[i]; p < m->ptr[i + 1]; p++)
			kmat_put(out, m->col[p], (m->val[p] + alpha) / den);
	} else {
		for (p = m->ptr[i]; p < m->ptr[i + 1]; p++) {
			if (m->col[p] > i && !diag) {
				kmat_put(out, i, (1.0 + alpha) / den);
				diag = 1;
			}
			if (m->col[p] == i)
				continue;
			kmat_put(out, m->col[p], (m->val[p] + alpha) / den);
		}
		if (!diag)
			kmat_put(out, i, (1.0 + alpha) / den);
	}
	kmat_end_row(out, alpha / den);
}

void
cl_noise_matrix(const struct kmat *cal, struct kmat *out)
{
	uint32_t i;
	double s;

	kmat_begin(out, cal->k);
	for (i = 0; i < cal->k; i++) {
		s = row_total(cal, i);
		put_smoothed(cal, i, 0, s > 0 ? s : 1, out);
	}
}

void
cl_noise_rates(const struct kmat *cal, double *rate)
{
	uint32_t i;
	double s;

	for (i = 0; i < cal->k; i++) {
		s = row_total(cal, i);
		rate[i] = s > 0 ? 1.0 - kmat_at(cal, i, i) / s : 0.0;
	}
}

uint64_t
cl_expected_errors(const struct kmat *cal)
{
	uint32_t i;
	size_t p;
	uint64_t s = 0;

	for (i = 0; i < cal->k; i++)
		for (p = cal->ptr[i]; p < cal->ptr[i + 1]; p++)
			if (cal->col[p] != i && cal->val[p] > 0)
				s += (uint64_t)cal->val[p];
	return s;
}

void
cl_prior(const struct kmat *cal, double alpha, struct kmat *out)
{
	uint32_t i, k = cal->k;
	double s;

	if (!(alpha >= 0))
		alpha = 0;
	kmat_begin(out, k);
	for (i = 0; i < k; i++) {
		s = row_total(cal, i);
		put_smoothed(cal, i, alpha, (s > 0 ? s : 1.0) +
		    (double)k * alpha, out);
	}
}
