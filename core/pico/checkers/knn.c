/*
 * knn.c - the nearest-neighbour checker of knn.h.  It owns the unit
 * reference vectors (dense rows padded to a multiple of 4 floats, the
 * sparse part as postings) and borrows the features.  A query scores
 * every reference row into a scratch array: postings first, then the
 * dense dot products, then one pass keeps the kmax best.
 */
#include "core/pico/checkers/knn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/checkers/trainrows.h"
#include "core/util/xalloc.h"

void
knn_opts_init(struct knn_opts *o)
{
	*o = (struct knn_opts){ .k = 10, .metric = KNN_COSINE, .alpha = 1,
	    .max_ref = 0, .seed = 1, .stream = 0 };
}

void
knn_release(struct knn *m)
{
	if (!m)
		return;
	FREE_ALL(m->ref, m->cls, m->wt, m->dense, m->norm, m->pptr, m->pref,
	    m->pval, m->rho);
	memset(m, 0, sizeof *m);
}

/* Dense values are stored with this stride: nnum rounded up to 4. */
static uint32_t
stride(uint32_t nnum)
{
	return (nnum + 3) & ~3u;
}

/* Row's dense part into d[0..stride) (missing 0, padding 0); returns its
 * squared norm plus that of the sparse part. */
static double
row_vector(const struct features *X, uint64_t row, float *d)
{
	uint32_t j, np = stride(X->nnum);
	uint64_t p;
	double ss = 0;
	float v;

	for (j = 0; j < np; j++) {
		v = j < X->nnum ? X->num[(size_t)row * X->nnum + j] : 0;
		d[j] = isnan(v) ? 0 : v;
		ss += (double)d[j] * d[j];
	}
	for (p = X->ptr[row]; p < X->ptr[row + 1]; p++)
		ss += (double)X->val[p] * X->val[p];
	return ss;
}

double
knn_query_work(const struct features *X, uint64_t nref)
{
	double per = stride(X->nnum) + 1;

	/* the postings a query walks: its nonzeros times the mean
	 * posting length, nref nnz / n */
	if (X->n)
		per += (double)X->ptr[X->n] / (double)X->n *
		    ((double)X->ptr[X->n] / (double)X->n);
	return per * (double)nref;
}

void
knn_train(struct knn *m, const struct features *X, const uint32_t *rows,
    size_t nrows, const uint32_t *y, const float *w, uint32_t k,
    const struct knn_opts *o)
{
	struct knn_opts defo;
	uint32_t *use, np, r, j;
	uint64_t p;
	size_t n = 0, i, nnz = 0;
	double ss, sc;

	if (!o) {
		knn_opts_init(&defo);
		o = &defo;
	}
	memset(m, 0, sizeof *m);
	m->k = k;
	m->X = X;
	m->nnum = X->nnum;
	m->dim = X->dim;
	m->rho = xcalloc((size_t)k + 1, sizeof *m->rho);
	use = xmalloc((nrows + 1) * sizeof *use);
	n = trainrows_take(rows, nrows, y, w, k, use, m->rho);
	n = trainrows_sample(use, n, o->max_ref, o->seed, o->stream);
	m->nref = (uint32_t)n;
	m->ref = use;
	m->cls = xmalloc((n + 1) * sizeof *m->cls);
	m->wt = xmalloc((n + 1) * sizeof *m->wt);
	np = stride(m->nnum);
	m->dense = xcalloc(n * np + 1, sizeof *m->dense);
	m->norm = xmalloc((n + 1) * sizeof *m->norm);
	for (i = 0; i < n; i++) {
		m->cls[i] = y[use[i]];
		m->wt[i] = w ? w[use[i]] : 1.0f;
		nnz += X->ptr[use[i] + 1] - X->ptr[use[i]];
	}
	m->pptr = xcalloc((size_t)m->dim + 2, sizeof *m->pptr);
	m->pref = xmalloc((nnz + 1) * sizeof *m->pref);
	m->pval = xmalloc((nnz + 1) * sizeof *m->pval);
	for (i = 0; i < n; i++)
		for (p = X->ptr[use[i]]; p < X->ptr[use[i] + 1]; p++)
			m->pptr[X->idx[p] + 2]++;
	for (j = 0; j < m->dim; j++)
		m->pptr[j + 2] += m->pptr[j + 1];
	for (i = 0; i < n; i++) {
		ss = row_vector(X, use[i], m->dense + i * np);
		m->norm[i] = sqrt(ss);
		sc = ss > 0 ? 1 / sqrt(ss) : 0;
		for (r = 0; r < np; r++)
			m->dense[i * np + r] *= (float)sc;
		for (p = X->ptr[use[i]]; p < X->ptr[use[i] + 1]; p++) {
			uint32_t at = m->pptr[X->idx[p] + 1]++;

			m->pref[at] = (uint32_t)i;
			m->pval[at] = (float)(X->val[p] * sc);
		}
	}
}

#if defined(__GNUC__)
typedef float knn_v4 __attribute__((vector_size(16), aligned(4), may_alias));
#endif

/* The dot product of a[0..np) and b[0..np), np a multiple of 4. */
static inline float
dot4(const float *a, const float *b, uint32_t np)
{
	uint32_t j;
#if defined(__GNUC__)
	knn_v4 s = { 0, 0, 0, 0 };

	for (j = 0; j < np; j += 4)
		s += *(const knn_v4 *)(a + j) * *(const knn_v4 *)(b + j);
	return (s[0] + s[1]) + (s[2] + s[3]);
#else
	float s = 0;

	for (j = 0; j < np; j++)
		s += a[j] * b[j];
	return s;
#endif
}

/* The kmax (at most KNN_KMAX) best of score[0..nref), best first, into
 * nb and sim; an equal score keeps the earlier reference row ahead. */
static uint32_t
best_of(const float *score, uint32_t nref, uint32_t kmax, uint32_t *nb,
    float *sim)
{
	uint32_t i, j, n = 0;
	float s;

	if (kmax > KNN_KMAX)
		kmax = KNN_KMAX;
	for (i = 0; i < nref && kmax > 0; i++) {
		s = score[i];
		if (n == kmax && !(s > sim[n - 1]))
			continue;
		j = n < kmax ? n++ : n - 1;
		while (j > 0 && s > sim[j - 1]) {
			sim[j] = sim[j - 1];
			nb[j] = nb[j - 1];
			j--;
		}
		sim[j] = s;
		nb[j] = i;
	}
	return n;
}

void
knn_search(const struct knn *m, const struct features *X, uint64_t row,
    const uint32_t *kmax, uint32_t (*nb)[KNN_KMAX], float (*sim)[KNN_KMAX],
    uint32_t *n, float *scratch)
{
	uint32_t np = stride(m->nnum), i, j;
	float q[256], *qd = np <= 256 ? q : xmalloc(np * sizeof *qd);
	float sc;
	double ss, qn, d2;
	uint64_t p;

	ss = row_vector(X, row, qd);
	sc = ss > 0 ? (float)(1 / sqrt(ss)) : 0;
	for (j = 0; j < np; j++)
		qd[j] *= sc;
	if (np > 0)
		for (i = 0; i < m->nref; i++)
			scratch[i] = dot4(qd, m->dense + (size_t)i * np, np);
	else
		memset(scratch, 0, (size_t)m->nref * sizeof *scratch);
	for (p = X->ptr[row]; p < X->ptr[row + 1]; p++) {
		uint32_t b = X->idx[p];
		float v = X->val[p] * sc;

		if (b >= m->dim)
			continue;
		for (j = m->pptr[b]; j < m->pptr[b + 1]; j++)
			scratch[m->pref[j]] += v * m->pval[j];
	}
	/* the cosines first, then (in place) the distances from them */
	n[KNN_COSINE] = best_of(scratch, m->nref, kmax[KNN_COSINE],
	    nb[KNN_COSINE], sim[KNN_COSINE]);
	n[KNN_EUCLID] = 0;
	if (kmax[KNN_EUCLID] > 0) {
		/* |q - r|^2 = |q|^2 + |r|^2 - 2 |q| |r| cos, as nearness
		 * its negative */
		qn = sqrt(ss);
		for (i = 0; i < m->nref; i++) {
			d2 = ss + m->norm[i] * m->norm[i] - 2 * qn *
			    m->norm[i] * (double)scratch[i];
			scratch[i] = (float)-(d2 > 0 ? d2 : 0);
		}
		n[KNN_EUCLID] = best_of(scratch, m->nref, kmax[KNN_EUCLID],
		    nb[KNN_EUCLID], sim[KNN_EUCLID]);
	}
	if (qd != q)
		free(qd);
}

uint32_t
knn_neighbours(const struct knn *m, const struct features *X, uint64_t row,
    uint32_t kmax, enum knn_metric metric, uint32_t *nb, float *sim,
    float *scratch)
{
	uint32_t km[2] = { 0, 0 }, bnb[2][KNN_KMAX], n[2], i;
	float bsim[2][KNN_KMAX];

	km[metric] = kmax;
	knn_search(m, X, row, km, bnb, bsim, n, scratch);
	for (i = 0; i < n[metric]; i++) {
		nb[i] = bnb[metric][i];
		sim[i] = bsim[metric][i];
	}
	return n[metric];
}

/* The distance of a neighbour of nearness s (knn_neighbours). */
static double
distance(enum knn_metric metric, float s)
{
	return sqrt(fmax(0, metric == KNN_EUCLID ? -(double)s :
	    2 - 2 * (double)s));
}

void
knn_probs(const struct knn *m, const uint32_t *nb, const float *sim,
    uint32_t n, uint32_t kuse, enum knn_metric metric, double alpha,
    float *out)
{
	double acc[1024], *a = m->k <= 1024 ? acc : xmalloc(m->k * sizeof *a);
	double dk, d, u, usum = 0, v;
	uint32_t j, c;

	if (kuse > n)
		kuse = n;
	for (c = 0; c < m->k; c++)
		a[c] = 0;
	dk = kuse > 0 ? distance(metric, sim[kuse - 1]) : 0;
	for (j = 0; j < kuse; j++) {
		d = distance(metric, sim[j]);
		u = m->wt[nb[j]] / (d + 0.05 * dk + 1e-6);
		a[m->cls[nb[j]]] += u;
		usum += u;
	}
	for (c = 0; c < m->k; c++) {
		v = usum > 0 ? kuse * a[c] / usum : 0;
		v = (v + alpha * m->rho[c]) / (kuse + alpha > 0 ? kuse + alpha :
		    1);
		out[c] = v < KNN_PMIN ? KNN_PMIN : (float)v;
	}
	if (a != acc)
		free(a);
}

void
knn_predict(const struct knn *m, const struct features *X, uint64_t row,
    const struct knn_opts *o, float *out, float *scratch)
{
	uint32_t nb[KNN_KMAX], n, k = o->k < KNN_KMAX ? o->k : KNN_KMAX;
	float sim[KNN_KMAX];

	n = knn_neighbours(m, X, row, k, o->metric, nb, sim, scratch);
	knn_probs(m, nb, sim, n, k, o->metric, o->alpha, out);
}
