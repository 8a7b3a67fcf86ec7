/*
 * assocacc.c - contingency counts and class moments (see assocacc.h).
 *
 * A chunk's class moments take two passes over its rows (the class
 * means, then the squared deviations), exactly as moments_of does for
 * one set, and merge in with Chan's formula.
 */
#include "core/stats/sketch/assocacc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats/assoc.h"
#include "core/util/xalloc.h"

void
assocacc_init(struct assocacc *a, uint32_t ncat)
{
	memset(a, 0, sizeof *a);
	a->ncat = ncat;
}

void
assocacc_release(struct assocacc *a)
{
	if (!a)
		return;
	free(a->tab);
	free(a->grp);
	memset(a, 0, sizeof *a);
}

void
assocacc_classes(struct assocacc *a, uint32_t k)
{
	uint32_t j;

	if (k <= a->k)
		return;
	a->tab = xreallocarray(a->tab, (size_t)k * a->ncat + 1,
	    sizeof *a->tab);
	memset(a->tab + (size_t)a->k * a->ncat, 0,
	    (size_t)(k - a->k) * a->ncat * sizeof *a->tab);
	a->grp = xreallocarray(a->grp, k, sizeof *a->grp);
	for (j = a->k; j < k; j++)
		moments_init(&a->grp[j]);
	a->k = k;
}

/* Row r's value *x when the row has one of the k classes and a number;
 * 0 when it has not. */
static int
class_num(const uint32_t *y, const uint32_t *code, const double *num,
    uint32_t k, uint64_t r, double *x)
{
	if (y[r] >= k)
		return 0;
	*x = num[code[r]];
	return !isnan(*x);
}

void
assocacc_fold(struct assocacc *a, const uint32_t *code, const uint32_t *y,
    uint64_t nrows, const uint32_t *cat, const double *num)
{
	uint64_t r, *cn;
	double *sum, *ss, x, d;
	uint32_t j, k = a->k;

	for (r = 0; r < nrows; r++)
		if (y[r] < k)
			a->tab[(size_t)y[r] * a->ncat + cat[code[r]]]++;
	if (!num || k == 0)
		return;
	cn = xcalloc(k, sizeof *cn);
	sum = xcalloc(k, sizeof *sum);
	ss = xcalloc(k, sizeof *ss);
	{
		double *mn = xmalloc(k * sizeof *mn), *mx = xmalloc(k *
		    sizeof *mx);

		for (r = 0; r < nrows; r++) {
			if (!class_num(y, code, num, k, r, &x))
				continue;
			j = y[r];
			if (cn[j] == 0 || x < mn[j])
				mn[j] = x;
			if (cn[j] == 0 || x > mx[j])
				mx[j] = x;
			cn[j]++;
			sum[j] += x;
		}
		for (j = 0; j < k; j++)
			if (cn[j])
				sum[j] /= (double)cn[j];	/* the mean */
		for (r = 0; r < nrows; r++) {
			if (!class_num(y, code, num, k, r, &x))
				continue;
			d = x - sum[y[r]];
			ss[y[r]] += d * d;
		}
		for (j = 0; j < k; j++) {
			struct moments m;

			if (!cn[j])
				continue;
			m.n = cn[j];
			m.min = mn[j];
			m.max = mx[j];
			m.mean = sum[j] < mn[j] ? mn[j] : sum[j] > mx[j] ?
			    mx[j] : sum[j];
			m.m2 = ss[j];
			moments_merge(&a->grp[j], &m);
		}
		free(mn);
		free(mx);
	}
	FREE_ALL(cn, sum, ss);
}

void
assocacc_merge(struct assocacc *a, const struct assocacc *b,
    const uint32_t *remap)
{
	uint32_t j, c, need = a->k;

	for (j = 0; j < b->k; j++)
		if (remap[j] + 1 > need)
			need = remap[j] + 1;
	assocacc_classes(a, need);
	for (j = 0; j < b->k; j++) {
		for (c = 0; c < a->ncat && c < b->ncat; c++)
			a->tab[(size_t)remap[j] * a->ncat + c] +=
			    b->tab[(size_t)j * b->ncat + c];
		moments_merge(&a->grp[remap[j]], &b->grp[j]);
	}
}

double
assocacc_cramers_v(const struct assocacc *a, uint64_t *n, uint32_t *ncat)
{
	uint64_t *t, s;
	uint32_t i, j;
	double v;

	*n = 0;
	*ncat = 0;
	if (a->k == 0)
		return NAN;
	/* assoc_cramers_v wants category-major rows */
	t = xmalloc(((size_t)a->ncat * a->k + 1) * sizeof *t);
	for (i = 0; i < a->ncat; i++) {
		s = 0;
		for (j = 0; j < a->k; j++) {
			t[(size_t)i * a->k + j] = a->tab[(size_t)j * a->ncat +
			    i];
			s += t[(size_t)i * a->k + j];
		}
		*n += s;
		*ncat += s > 0;
	}
	v = assoc_cramers_v(t, a->ncat, a->k);
	free(t);
	return v;
}

double
assocacc_eta(const struct assocacc *a, uint64_t *n)
{
	struct moments all;
	uint32_t j, present = 0;
	double ssb = 0, sst, d, e2;

	moments_init(&all);
	for (j = 0; j < a->k; j++)
		moments_merge(&all, &a->grp[j]);
	*n = all.n;
	if (all.n < 2)
		return NAN;
	for (j = 0; j < a->k; j++) {
		if (!a->grp[j].n)
			continue;
		present++;
		d = a->grp[j].mean - all.mean;
		ssb += (double)a->grp[j].n * d * d;
	}
	sst = all.m2;
	if (present < 2 || !(sst > 0))
		return NAN;
	e2 = ssb / sst;
	return e2 >= 1 ? 1 : e2 <= 0 ? 0 : sqrt(e2);
}
