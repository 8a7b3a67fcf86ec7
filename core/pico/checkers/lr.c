/*
 * lr.c - multinomial logistic regression: converged by L-BFGS on the
 * regularised objective (lbfgs.h), or by per-row gradient steps.
 *
 * Training first renumbers the buckets its rows use into rows of a
 * compact weight table (first seen, first numbered; the dense numeric
 * columns follow), and copies the training rows in those numbers: the
 * table then holds only what training can change, stays small enough to
 * live in cache for text, and costs no page faults for buckets no row
 * uses.  Buckets unseen in training keep weight 0, exactly as in a full
 * table.
 *
 * The converged fit evaluates the objective over the training rows in
 * that compact table, in float with double sums (or all in double for
 * very small tolerances), and the optimiser works on a double copy.
 *
 * In the stochastic fits L2 is lazy: a feature's weights decay by exp(-steps * rate * l2) for the
 * steps since it was last touched, applied when a row touches it again
 * (and for every feature at the end of each epoch).  Its rate (eta over
 * the root of its AdaGrad accumulator, or eta) does not change between
 * its touches within an epoch, so this is the decay plain per-step L2
 * would have applied, in continuous time, at the cost of the row's
 * nonzeros only.
 */
#include "core/pico/checkers/lr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/checkers/lbfgs.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"

#define NONE UINT32_MAX

/* AdaGrad's initial accumulator: keeps the first steps from being huge */
#define ACC0 0.1f

/*
 * Weight rows of a text model are scattered: fetching the next row's
 * weights while this row computes hides part of the misses.
 */
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/*
 * z[0..kp) += x * w[0..kp).  The hot loop of training and prediction:
 * with GCC or Clang it is written with their 4-lane vector type (the same
 * IEEE operations lane by lane, so the results equal the plain loop's).
 * Class rows have a stride of kp, k rounded up to 4; padding lanes are 0.
 */
#if defined(__GNUC__)
typedef float lr_v4 __attribute__((vector_size(16), aligned(4), may_alias));

static inline void
axpy(float *restrict z, const float *restrict w, float x, uint32_t kp)
{
	uint32_t c;

	for (c = 0; c < kp; c += 4)
		*(lr_v4 *)(z + c) += x * *(const lr_v4 *)(w + c);
}
#else
static inline void
axpy(float *restrict z, const float *restrict w, float x, uint32_t kp)
{
	uint32_t c;

	for (c = 0; c < kp; c++)
		z[c] += x * w[c];
}
#endif

/*
 * Defaults.  Mean out-of-fold accuracy / log loss over seven sets
 * (fortunes8, movies, cars, iris, digits and the generated numeric and
 * text12k sets; R = 3, F = 5), AdaGrad:
 *
 *   epochs  eta   l2=0            l2=1e-5         l2=1e-4
 *     5     0.5   0.8274 / 0.621  0.8274 / 0.628  0.8255 / 0.689
 *     5     1     0.8269 / 0.574  0.8271 / 0.582  0.8262 / 0.660
 *     5     2     0.8206 / 0.604  0.8209 / 0.607  0.8203 / 0.674
 *    10     0.5   0.8284 / 0.583  0.8284 / 0.591  0.8266 / 0.664
 *    10     1     0.8259 / 0.572  0.8263 / 0.579  0.8257 / 0.655
 *
 * Plain SGD: 0.7859 / 0.877 at eta 0.1, 0.8046 / 0.886 at eta 0.5.  The
 * grid is flat within a point of accuracy; 5 epochs at eta 1 has nearly
 * the best log loss (what the vote consumes) at half the time of 10, and
 * L2 only hurts: the fixed epoch budget is regularisation enough.
 *
 * The converged fit's tolerance, out-of-fold log loss of --model auto /
 * CPU seconds of its checkers (R = 3, F = 5, 2 threads):
 *
 *   tol     cars            dna             numeric (gen.)  movies
 *   1e-4    0.0352 / 0.08   0.1365 / 0.94   0.5147 / 3.24   1.3203 / 3.96
 *   3e-4    0.0376 / 0.07   -               0.5146 / 2.07   -
 *   1e-3    0.0447 / 0.07   0.1367 / 0.52   0.5148 / 1.86   1.3204 / 2.02
 *
 * Only nearly separable sets (cars, at C = 100) gain from going below
 * 1e-3; 3e-4 keeps most of that at two thirds of 1e-4's time.
 */
void
lr_opts_init(struct lr_opts *o)
{
	*o = (struct lr_opts){ .solver = LR_LBFGS, .C = 1.0, .tol = 3e-4,
	    .max_iter = 200, .init = NULL, .eta = 1.0, .l2 = 0, .epochs = 5,
	    .seed = 1, .stream = 0, .max_bytes = (size_t)256 << 20 };
}

void
lr_release(struct lr *m)
{
	if (!m)
		return;
	FREE_ALL(m->map, m->w, m->b, m->mean, m->istd);
	memset(m, 0, sizeof *m);
}

/* Softmax of z[0..k) in place. */
static void
softmax(float *z, uint32_t k)
{
	uint32_t c;
	float mx = z[0], sum = 0;

	for (c = 1; c < k; c++)
		if (z[c] > mx)
			mx = z[c];
	for (c = 0; c < k; c++) {
		z[c] = expf(z[c] - mx);
		sum += z[c];
	}
	sum = 1 / sum;
	for (c = 0; c < k; c++)
		z[c] *= sum;
}

/* The standardised dense value d of row (0 when missing). */
static float
dense_value(const struct lr *m, const struct features *X, uint64_t row,
    uint32_t d)
{
	float v = X->num[(size_t)row * m->nnum + d];

	return isnan(v) ? 0 : (v - m->mean[d]) * m->istd[d];
}

/* Training state beyond the model itself. */
struct state {
	struct lr *m;
	const struct features *X;
	const uint32_t *rows;		/* [n] the training rows */
	uint64_t *lptr;			/* [n + 1] their entries ... */
	uint32_t *lidx;			/* ... in table rows */
	float *lval;
	float *acc, *accb;		/* AdaGrad accumulators */
	uint32_t *last;			/* step of each feature's last decay */
	uint32_t *fid;			/* per step: the row's features */
	float *fval;
	float *z, *g;			/* per step: logits, gradient */
	uint32_t t;			/* steps in this epoch */
	float eta, l2;
	int adagrad;
};

/* Apply the decay feature f missed since its last touch. */
static void
catch_up(struct state *S, uint32_t f)
{
	uint32_t c, kp = S->m->kp;
	float *wf, decay, rate;

	if (S->last[f] == S->t)
		return;
	rate = S->adagrad ? S->eta / sqrtf(S->acc[f]) : S->eta;
	decay = expf(-(float)(S->t - S->last[f]) * rate * S->l2);
	wf = S->m->w + (size_t)f * kp;
	for (c = 0; c < kp; c++)
		wf[c] *= decay;
	S->last[f] = S->t;
}

/* Ask for the weights of training row pos (at most 4 cache lines a
 * feature; the rest follows sequentially). */
static void
prefetch(const struct state *S, size_t pos)
{
	size_t bytes = (size_t)S->m->kp * sizeof(float), off;
	uint64_t q;
	const char *wf;

	if (bytes > 256)
		bytes = 256;
	for (q = S->lptr[pos]; q < S->lptr[pos + 1]; q++) {
		wf = (const char *)(S->m->w + (size_t)S->lidx[q] * S->m->kp);
		for (off = 0; off < bytes; off += 64)
			PREFETCH(wf + off);
	}
}

static void
step(struct state *S, size_t pos, uint32_t cls, float wt)
{
	struct lr *m = S->m;
	uint32_t k = m->k, kp = m->kp, c, d, nf = 0, f;
	uint64_t q;
	float *z = S->z, *g = S->g, gg = 0, x, r, eta = S->eta;

	for (q = S->lptr[pos]; q < S->lptr[pos + 1]; q++) {
		S->fid[nf] = S->lidx[q];
		S->fval[nf++] = S->lval[q];
	}
	for (d = 0; d < m->nnum; d++) {
		x = dense_value(m, S->X, S->rows[pos], d);
		if (x != 0) {
			S->fid[nf] = m->nloc + d;
			S->fval[nf++] = x;
		}
	}
	if (S->l2 > 0)
		for (f = 0; f < nf; f++)
			catch_up(S, S->fid[f]);

	memcpy(z, m->b, kp * sizeof *z);
	for (f = 0; f < nf; f++)
		axpy(z, m->w + (size_t)S->fid[f] * kp, S->fval[f], kp);
	softmax(z, k);
	for (c = 0; c < k; c++) {
		g[c] = wt * (z[c] - (c == cls));
		gg += g[c] * g[c];
	}
	for (c = 0; c < k; c++) {
		if (S->adagrad) {
			S->accb[c] += g[c] * g[c];
			m->b[c] -= eta * g[c] / sqrtf(S->accb[c]);
		} else {
			m->b[c] -= eta * g[c];
		}
	}
	for (f = 0; f < nf; f++) {
		x = S->fval[f];
		if (S->adagrad) {
			S->acc[S->fid[f]] += x * x * gg;
			r = eta / sqrtf(S->acc[S->fid[f]]) * x;
		} else {
			r = eta * x;
		}
		axpy(m->w + (size_t)S->fid[f] * kp, g, -r, kp);
	}
	S->t++;
}

/* Standardisation of the dense block over the training rows. */
static void
standardise(struct lr *m, const struct features *X, const uint32_t *rows,
    size_t n)
{
	uint32_t nn = m->nnum, d;
	double *s1 = xcalloc(nn, sizeof *s1), *s2 = xcalloc(nn, sizeof *s2);
	double *cnt = xcalloc(nn, sizeof *cnt), var;
	const float *num;
	size_t i;

	for (i = 0; i < n; i++) {
		num = X->num + (size_t)rows[i] * nn;
		for (d = 0; d < nn; d++)
			if (!isnan(num[d])) {
				s1[d] += num[d];
				cnt[d]++;
			}
	}
	for (d = 0; d < nn; d++)
		s1[d] = cnt[d] > 0 ? s1[d] / cnt[d] : 0;
	for (i = 0; i < n; i++) {
		num = X->num + (size_t)rows[i] * nn;
		for (d = 0; d < nn; d++)
			if (!isnan(num[d]))
				s2[d] += (num[d] - s1[d]) * (num[d] - s1[d]);
	}
	for (d = 0; d < nn; d++) {
		var = cnt[d] > 0 ? s2[d] / cnt[d] : 0;
		m->mean[d] = (float)s1[d];
		m->istd[d] = var > 1e-12 ? (float)(1 / sqrt(var)) : 0;
	}
	FREE_ALL(s1, s2, cnt);
}

/*
 * Number the buckets of the training rows (folded to m->dim) into m->map;
 * returns how many there are.
 */
static uint32_t
number_buckets(struct lr *m, const struct features *X, const uint32_t *rows,
    size_t n)
{
	uint32_t mask = m->dim - 1, j, nloc = 0;
	uint64_t p;
	size_t i;

	memset(m->map, 0xff, (size_t)m->dim * sizeof *m->map);
	for (i = 0; i < n; i++)
		for (p = X->ptr[rows[i]]; p < X->ptr[rows[i] + 1]; p++) {
			j = X->idx[p] & mask;
			if (m->map[j] == NONE)
				m->map[j] = nloc++;
		}
	return nloc;
}

/* Bytes of the weight table and its per-feature state. */
static double
rows_bytes(uint32_t nfeat, uint32_t kp)
{
	return (double)nfeat * (kp + 2) * sizeof(float);
}

double
lr_floor_bytes(const struct features *X, uint32_t k)
{
	uint32_t dim = X->dim < LR_MIN_DIM ? X->dim : LR_MIN_DIM, used = 0;
	uint8_t seen[LR_MIN_DIM];
	uint64_t p, nnz = X->ptr ? X->ptr[X->n] : 0;

	memset(seen, 0, sizeof seen);
	for (p = 0; p < nnz && used < dim; p++)
		if (!seen[X->idx[p] & (dim - 1)]) {
			seen[X->idx[p] & (dim - 1)] = 1;
			used++;
		}
	return rows_bytes(used + X->nnum, (k + 3) & ~3u);
}

/* --- the converged solver ------------------------------------------ */

/*
 * z[0..kp) += sum_d x[d] w[d * kp .. d * kp + kp) for the dense block.
 * With at most 16 classes the sums stay in four vector registers
 * instead of going through z at every column (a store-to-load chain
 * that made this loop latency-bound); the additions are the same, in
 * the same order, as the axpy loop's.
 */
static void
dense_logits(float *restrict z, const float *restrict w,
    const float *restrict x, uint32_t nn, uint32_t kp)
{
	uint32_t d;

#if defined(__GNUC__)
	if (kp <= 16) {
		lr_v4 a0, a1, a2, a3, zero = { 0, 0, 0, 0 };
		const float *wd;

		a0 = *(lr_v4 *)z;
		a1 = kp > 4 ? *(lr_v4 *)(z + 4) : zero;
		a2 = kp > 8 ? *(lr_v4 *)(z + 8) : zero;
		a3 = kp > 12 ? *(lr_v4 *)(z + 12) : zero;
		for (d = 0; d < nn; d++) {
			if (x[d] == 0)
				continue;
			wd = w + (size_t)d * kp;
			a0 += x[d] * *(const lr_v4 *)wd;
			if (kp > 4)
				a1 += x[d] * *(const lr_v4 *)(wd + 4);
			if (kp > 8)
				a2 += x[d] * *(const lr_v4 *)(wd + 8);
			if (kp > 12)
				a3 += x[d] * *(const lr_v4 *)(wd + 12);
		}
		*(lr_v4 *)z = a0;
		if (kp > 4)
			*(lr_v4 *)(z + 4) = a1;
		if (kp > 8)
			*(lr_v4 *)(z + 8) = a2;
		if (kp > 12)
			*(lr_v4 *)(z + 12) = a3;
		return;
	}
#endif
	for (d = 0; d < nn; d++)
		if (x[d] != 0)
			axpy(z, w + (size_t)d * kp, x[d], kp);
}

/*
 * The objective of the training rows, for lbfgs_minimize.  The optimiser
 * works in double; each evaluation rounds the weights to float and
 * runs the rows through the same 4-lane loop as prediction, the
 * gradient summed per feature in float and per row in double for the
 * loss: half the time of a double pass, and the gradient's rounding
 * (relative 1e-7 a term) stays far below the tolerance.
 */
struct objective {
	struct lr *m;			/* its w and b hold the float copy */
	size_t n;			/* training rows */
	const uint64_t *lptr;		/* their sparse entries, in table */
	const uint32_t *lidx;		/* rows */
	const float *lval;
	const float *dense;		/* [n * nnum] standardised, 0 when
					 * missing */
	const uint32_t *cls;		/* [n] */
	const float *wt;		/* [n] */
	double lambda;			/* 1 / C */
	float *gw;			/* [nw + kp] the float gradient */
	float *z;			/* [kp] scratch */
	double *zd;			/* [kp] scratch (exact) */
};

static double
objective(void *ctx, const double *x, double *g)
{
	struct objective *O = ctx;
	struct lr *m = O->m;
	uint32_t kp = m->kp, k = m->k, nn = m->nnum, c, d, y;
	float *z = O->z, *gw = O->gw, *gb, mx, sum, v;
	double f = 0, xv;
	const float *dr;
	uint64_t q;
	size_t i, nw = (size_t)(m->nloc + nn) * kp;

	for (i = 0; i < nw; i++)
		m->w[i] = (float)x[i];
	for (c = 0; c < kp; c++)
		m->b[c] = (float)x[nw + c];
	gb = gw + nw;
	memset(gw, 0, (nw + kp) * sizeof *gw);
	for (i = 0; i < O->n; i++) {
		memcpy(z, m->b, kp * sizeof *z);
		for (q = O->lptr[i]; q < O->lptr[i + 1]; q++)
			axpy(z, m->w + (size_t)O->lidx[q] * kp, O->lval[q],
			    kp);
		dr = O->dense + i * nn;
		dense_logits(z, m->w + (size_t)m->nloc * kp, dr, nn, kp);
		mx = z[0];
		for (c = 1; c < k; c++)
			if (z[c] > mx)
				mx = z[c];
		sum = 0;
		for (c = 0; c < k; c++) {
			z[c] = expf(z[c] - mx);
			sum += z[c];
		}
		v = O->wt[i];
		y = O->cls[i];
		f += v * (log(sum) - log(z[y]));
		sum = 1 / sum;
		for (c = 0; c < k; c++)
			z[c] = v * (z[c] * sum - (c == y));
		for (c = k; c < kp; c++)
			z[c] = 0;
		for (c = 0; c < kp; c++)
			gb[c] += z[c];
		for (q = O->lptr[i]; q < O->lptr[i + 1]; q++)
			axpy(gw + (size_t)O->lidx[q] * kp, z, O->lval[q], kp);
		for (d = 0; d < nn; d++)
			if (dr[d] != 0)
				axpy(gw + (size_t)(m->nloc + d) * kp, z, dr[d],
				    kp);
	}
	for (i = 0; i < nw; i++) {
		xv = x[i];
		f += 0.5 * O->lambda * xv * xv;
		g[i] = gw[i] + O->lambda * xv;
	}
	for (c = 0; c < kp; c++)
		g[nw + c] = gb[c];
	return f;
}

/*
 * z[0..kp) += x * w[0..kp) in double, for the exact evaluation below.
 */
static inline void
axpyd(double *restrict z, const double *restrict w, double x, uint32_t kp)
{
	uint32_t c;

	for (c = 0; c < kp; c++)
		z[c] += x * w[c];
}

/*
 * The same objective in double throughout, for tolerances below what
 * float evaluation can resolve (LR_EXACT_TOL): its rounding moves f by
 * about 1e-7 a row, so line searches stall once the steps lower f by
 * less, near a gradient of 1e-4 a row.  Twice the time of the float
 * pass; only asked for by tests and reference fits.
 */
static double
objective_exact(void *ctx, const double *x, double *g)
{
	struct objective *O = ctx;
	const struct lr *m = O->m;
	uint32_t kp = m->kp, k = m->k, nn = m->nnum, c, d, y;
	const double *b;
	double *gb, *z = O->zd, mx, sum, f = 0, v, xv;
	const float *dr;
	uint64_t q;
	size_t i, nw = (size_t)(m->nloc + nn) * kp;

	b = x + nw;
	gb = g + nw;
	memset(g, 0, (nw + kp) * sizeof *g);
	for (i = 0; i < O->n; i++) {
		memcpy(z, b, kp * sizeof *z);
		for (q = O->lptr[i]; q < O->lptr[i + 1]; q++)
			axpyd(z, x + (size_t)O->lidx[q] * kp, O->lval[q], kp);
		dr = O->dense + i * nn;
		for (d = 0; d < nn; d++)
			if (dr[d] != 0)
				axpyd(z, x + (size_t)(m->nloc + d) * kp, dr[d],
				    kp);
		mx = z[0];
		for (c = 1; c < k; c++)
			if (z[c] > mx)
				mx = z[c];
		sum = 0;
		for (c = 0; c < k; c++)
			sum += exp(z[c] - mx);
		v = O->wt[i];
		y = O->cls[i];
		f += v * (mx + log(sum) - z[y]);
		for (c = 0; c < k; c++)
			z[c] = v * (exp(z[c] - mx) / sum - (c == y));
		for (c = k; c < kp; c++)
			z[c] = 0;
		for (c = 0; c < kp; c++)
			gb[c] += z[c];
		for (q = O->lptr[i]; q < O->lptr[i + 1]; q++)
			axpyd(g + (size_t)O->lidx[q] * kp, z, O->lval[q], kp);
		for (d = 0; d < nn; d++)
			if (dr[d] != 0)
				axpyd(g + (size_t)(m->nloc + d) * kp, z, dr[d],
				    kp);
	}
	for (i = 0; i < nw; i++) {
		xv = x[i];
		f += 0.5 * O->lambda * xv * xv;
		g[i] += O->lambda * xv;
	}
	return f;
}

/*
 * The warm start: the weights init holds for the buckets and columns m
 * uses, into x (the rest stays 0), and its bias.
 */
static void
warm_start(const struct lr *m, const struct lr *init, double *x)
{
	uint32_t j, c, d, kp = m->kp;
	size_t nw = (size_t)(m->nloc + m->nnum) * kp;

	if (init->k != m->k || init->dim != m->dim || init->nnum != m->nnum)
		return;
	for (j = 0; j < m->dim; j++)
		if (m->map[j] != NONE && init->map[j] != NONE)
			for (c = 0; c < m->k; c++)
				x[(size_t)m->map[j] * kp + c] =
				    init->w[(size_t)init->map[j] * kp + c];
	/* numeric weights act on standardised values: carry them over in
	 * the raw units, as the two models' standardisations differ */
	for (d = 0; d < m->nnum; d++)
		for (c = 0; c < m->k; c++)
			x[(size_t)(m->nloc + d) * kp + c] = m->istd[d] > 0 ?
			    init->w[(size_t)(init->nloc + d) * kp + c] *
			    init->istd[d] / m->istd[d] : 0;
	for (c = 0; c < m->k; c++)
		x[nw + c] = init->b[c];
}

/*
 * Fit m (its map, standardisation and bias prior already set) on the
 * training rows use[0..n) held as lptr/lidx/lval.
 */
static int
fit_lbfgs(struct lr *m, const struct features *X, const uint32_t *use,
    size_t n, const uint64_t *lptr, const uint32_t *lidx, const float *lval,
    const uint32_t *y, const float *w, const struct lr_opts *o,
    const struct progress *cancel)
{
	struct objective O;
	struct lbfgs_opts lo;
	uint32_t kp = m->kp, d, *cls;
	size_t nw = (size_t)(m->nloc + m->nnum) * kp, i;
	double *x, wsum = 0;
	float *dense, *wt;
	int rc;

	dense = xmalloc((n * m->nnum + 1) * sizeof *dense);
	cls = xmalloc((n + 1) * sizeof *cls);
	wt = xmalloc((n + 1) * sizeof *wt);
	for (i = 0; i < n; i++) {
		for (d = 0; d < m->nnum; d++)
			dense[i * m->nnum + d] = dense_value(m, X, use[i], d);
		cls[i] = y[use[i]];
		wt[i] = w ? w[use[i]] : 1.0f;
		wsum += wt[i];
	}
	x = xcalloc(nw + kp + 1, sizeof *x);
	for (i = 0; i < m->k; i++)
		x[nw + i] = m->b[i];
	if (o->init)
		warm_start(m, o->init, x);
	O.m = m;
	O.n = n;
	O.lptr = lptr;
	O.lidx = lidx;
	O.lval = lval;
	O.dense = dense;
	O.cls = cls;
	O.wt = wt;
	O.lambda = o->C > 0 ? 1 / o->C : 0;
	O.z = xcalloc(kp, sizeof *O.z);
	O.gw = xcalloc(nw + kp + 1, sizeof *O.gw);
	O.zd = xcalloc(kp, sizeof *O.zd);
	lbfgs_opts_init(&lo);
	lo.max_iter = o->max_iter;
	lo.gtol = o->tol * (wsum > 1 ? wsum : 1);
	if (o->tol < LR_EXACT_TOL)
		lo.ftol = 0;
	rc = lbfgs_minimize(nw + kp, x, o->tol < LR_EXACT_TOL ?
	    objective_exact : objective, &O, &lo, cancel, NULL);
	for (i = 0; i < nw; i++)
		m->w[i] = (float)x[i];
	for (i = 0; i < m->k; i++)
		m->b[i] = (float)x[nw + i];
	FREE_ALL(O.z, O.gw, O.zd, x, dense, cls, wt);
	return rc;
}

int
lr_train(struct lr *m, const struct features *X, const uint32_t *rows,
    size_t nrows, const uint32_t *y, const float *w, uint32_t k,
    const struct lr_opts *o, const struct progress *cancel, struct err *e)
{
	struct lr_opts defo;
	struct state S;
	struct rng rng;
	uint32_t *use, *perm, c, ep, nfeat, maxrow = 0;
	size_t n = 0, i;
	uint64_t p, q, nnz = 0;
	double *wk, wsum = 0;

	if (!o) {
		lr_opts_init(&defo);
		o = &defo;
	}
	memset(m, 0, sizeof *m);
	if (k == 0)
		return err_set(e, ERR_USAGE, "no classes to train on");
	memset(&S, 0, sizeof S);
	m->k = k;
	m->kp = (k + 3) & ~3u;
	m->nnum = X->nnum;

	/* the usable rows, the class prior */
	use = xmalloc((nrows + 1) * sizeof *use);
	wk = xcalloc((size_t)k + 1, sizeof *wk);
	for (i = 0; i < nrows; i++)
		if (y[rows[i]] < k && (!w || w[rows[i]] > 0)) {
			use[n++] = rows[i];
			wk[y[rows[i]]] += w ? w[rows[i]] : 1;
			wsum += w ? w[rows[i]] : 1;
		}
	m->b = xcalloc(m->kp, sizeof *m->b);
	for (c = 0; c < k; c++)
		m->b[c] = (float)log((wk[c] + 1) / (wsum + k));
	free(wk);

	/* the weight table: fold the buckets until it fits */
	m->dim = X->dim ? X->dim : 1;
	m->map = xmalloc((size_t)m->dim * sizeof *m->map);
	m->nloc = number_buckets(m, X, use, n);
	while (m->dim > LR_MIN_DIM && rows_bytes(m->nloc + m->nnum, m->kp) >
	    (double)o->max_bytes) {
		m->dim >>= 1;
		m->nloc = number_buckets(m, X, use, n);
	}
	nfeat = m->nloc + m->nnum;
	m->w = xcalloc((size_t)nfeat * m->kp + 1, sizeof *m->w);
	m->mean = xcalloc((size_t)m->nnum + 1, sizeof *m->mean);
	m->istd = xcalloc((size_t)m->nnum + 1, sizeof *m->istd);
	if (m->nnum)
		standardise(m, X, use, n);

	/* the training rows in table numbers */
	S.m = m;
	S.X = X;
	S.rows = use;
	S.lptr = xmalloc((n + 1) * sizeof *S.lptr);
	for (i = 0; i < n; i++) {
		q = X->ptr[use[i] + 1] - X->ptr[use[i]];
		nnz += q;
		if (q > maxrow)
			maxrow = (uint32_t)q;
	}
	S.lidx = xmalloc((nnz + 1) * sizeof *S.lidx);
	S.lval = xmalloc((nnz + 1) * sizeof *S.lval);
	for (i = 0, q = 0; i < n; i++) {
		S.lptr[i] = q;
		for (p = X->ptr[use[i]]; p < X->ptr[use[i] + 1]; p++, q++) {
			S.lidx[q] = m->map[X->idx[p] & (m->dim - 1)];
			S.lval[q] = X->val[p];
		}
	}
	S.lptr[n] = q;
	/* the optimiser's 18 doubles a weight must fit the cap too, else
	 * the stochastic fit stands in */
	if (o->solver == LR_LBFGS && (double)nfeat * m->kp * 18 *
	    sizeof(double) <= (double)o->max_bytes) {
		int rc = fit_lbfgs(m, X, use, n, S.lptr, S.lidx, S.lval, y, w,
		    o, cancel);

		FREE_ALL(use, S.lptr, S.lidx, S.lval);
		if (rc < 0 || progress_cancelled(cancel)) {
			lr_release(m);
			return err_set(e, ERR_CANCEL, "cancelled");
		}
		return 0;
	}
	S.adagrad = o->solver != LR_SGD;
	S.l2 = (float)(o->l2 > 0 ? o->l2 : 0);
	S.acc = xmalloc(((size_t)nfeat + 1) * sizeof *S.acc);
	for (i = 0; i < nfeat; i++)
		S.acc[i] = ACC0;
	S.accb = xmalloc(((size_t)k + 1) * sizeof *S.accb);
	for (i = 0; i < k; i++)
		S.accb[i] = ACC0;
	S.last = xcalloc((size_t)nfeat + 1, sizeof *S.last);
	S.fid = xmalloc(((size_t)maxrow + m->nnum + 1) * sizeof *S.fid);
	S.fval = xmalloc(((size_t)maxrow + m->nnum + 1) * sizeof *S.fval);
	S.z = xcalloc(m->kp, sizeof *S.z);
	S.g = xcalloc(m->kp, sizeof *S.g);	/* padding lanes stay 0 */

	perm = xmalloc((n + 1) * sizeof *perm);
	for (i = 0; i < n; i++)
		perm[i] = (uint32_t)i;
	rng_seed(&rng, o->seed, o->stream);
	for (ep = 0; ep < o->epochs && n > 0; ep++) {
		S.eta = (float)(S.adagrad ? o->eta : o->eta / sqrt(1.0 + ep));
		S.t = 0;
		memset(S.last, 0, (size_t)nfeat * sizeof *S.last);
		rng_shuffle_u32(&rng, perm, n);
		for (i = 0; i < n; i++) {
			if ((i & 4095) == 4095 && progress_cancelled(cancel))
				break;
			if (i + 1 < n)
				prefetch(&S, perm[i + 1]);
			step(&S, perm[i], y[use[perm[i]]],
			    w ? w[use[perm[i]]] : 1.0f);
		}
		if (S.l2 > 0)
			for (c = 0; c < nfeat; c++)
				catch_up(&S, c);
		if (progress_cancelled(cancel))
			break;
	}
	FREE_ALL(perm, use, S.lptr, S.lidx, S.lval, S.acc, S.accb, S.last,
	    S.fid, S.fval, S.z, S.g);
	if (progress_cancelled(cancel)) {
		lr_release(m);
		return err_set(e, ERR_CANCEL, "cancelled");
	}
	return 0;
}

void
lr_predict(const struct lr *m, const struct features *X, uint64_t row,
    float *out)
{
	uint32_t c, d, j, kp = m->kp;
	uint64_t p;
	float z_small[1024], x;	/* 1,000 classes without a malloc */
	float *z = kp <= 1024 ? z_small : xmalloc(kp * sizeof *z);

	memcpy(z, m->b, kp * sizeof *z);
	for (p = X->ptr[row]; p < X->ptr[row + 1]; p++) {
		j = m->map[X->idx[p] & (m->dim - 1)];
		if (j != NONE)
			axpy(z, m->w + (size_t)j * kp, X->val[p], kp);
	}
	for (d = 0; d < m->nnum; d++) {
		x = dense_value(m, X, row, d);
		if (x != 0)
			axpy(z, m->w + (size_t)(m->nloc + d) * kp, x, kp);
	}
	softmax(z, m->k);
	for (c = 0; c < m->k; c++)
		out[c] = z[c] < LR_PMIN ? LR_PMIN : z[c];
	if (z != z_small)
		free(z);
}
