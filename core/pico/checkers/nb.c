/*
 * nb.c - naive Bayes training by one counting sort of the training
 * entries by bucket, so that the (bucket, class) counts are gathered
 * without a dim x k table.
 */
#include "core/pico/checkers/nb.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

void
nb_opts_init(struct nb_opts *o)
{
	o->alpha = 0.1;
	o->var_floor = 0.1;
}

void
nb_release(struct nb *m)
{
	if (!m)
		return;
	FREE_ALL(m->prior, m->base, m->fptr, m->fcls, m->fdelta, m->mu, m->ivar,
	    m->gconst);
	memset(m, 0, sizeof *m);
}

static int
usable(const uint32_t *y, const float *w, uint32_t k, uint32_t row)
{
	return y[row] < k && (!w || w[row] > 0);
}

/*
 * One pass over the training rows' numeric values, per (column, class)
 * cell d * k + c: sw += w and s += w x, or, given the cells' means,
 * s += w (x - mean)^2.  Missing values are skipped.
 */
static void
gauss_pass(const struct nb *m, const struct features *X,
    const uint32_t *rows, size_t nrows, const uint32_t *y, const float *w,
    const double *mean, double *sw, double *s)
{
	uint32_t k = m->k, d, nn = m->nnum, c;
	size_t i;
	double wt, x;
	const float *row;

	for (i = 0; i < nrows; i++) {
		if (!usable(y, w, k, rows[i]))
			continue;
		c = y[rows[i]];
		wt = w ? w[rows[i]] : 1;
		row = X->num + (size_t)rows[i] * nn;
		for (d = 0; d < nn; d++) {
			if (isnan(row[d]))
				continue;
			if (mean) {
				x = row[d] - mean[d * k + c];
				s[d * k + c] += wt * x * x;
			} else {
				sw[d * k + c] += wt;
				s[d * k + c] += wt * row[d];
			}
		}
	}
}

static void
train_gauss(struct nb *m, const struct features *X, const uint32_t *rows,
    size_t nrows, const uint32_t *y, const float *w, const double *vf)
{
	size_t i, cells = (size_t)m->nnum * m->k;
	double *sw = xcalloc(cells + 1, sizeof *sw);
	double *s1 = xcalloc(cells + 1, sizeof *s1);
	double *s2 = xcalloc(cells + 1, sizeof *s2);
	double mean, var;

	gauss_pass(m, X, rows, nrows, y, w, NULL, sw, s1);
	for (i = 0; i < cells; i++)
		if (sw[i] > 0)
			s1[i] /= sw[i];
	gauss_pass(m, X, rows, nrows, y, w, s1, NULL, s2);
	for (i = 0; i < cells; i++) {
		/* a class with no value in a column: the standard normal,
		 * so the column says nothing much about it */
		mean = sw[i] > 0 ? s1[i] : 0;
		var = (sw[i] > 0 ? s2[i] / sw[i] : 1) + *vf;
		m->mu[i] = (float)mean;
		m->ivar[i] = (float)(1 / var);
		m->gconst[i] = -0.5 * log(2 * 3.14159265358979323846 * var);
	}
	FREE_ALL(sw, s1, s2);
}

void
nb_train(struct nb *m, const struct features *X, const uint32_t *rows,
    size_t nrows, const uint32_t *y, const float *w, uint32_t k,
    const struct nb_opts *o)
{
	struct nb_opts defo;
	uint32_t dim = X->dim, j, c, *ecls, *touched, ntouched, row;
	uint64_t *pos, p, q, total, outp, start;
	double *wk, wsum = 0, alpha, *tk, *acc, vocab = 0, wt;
	float *eval;
	size_t i;

	if (!o) {
		nb_opts_init(&defo);
		o = &defo;
	}
	alpha = o->alpha > 1e-10 ? o->alpha : 1e-10;
	memset(m, 0, sizeof *m);
	m->k = k;
	m->dim = dim;
	m->nnum = X->nnum;
	m->prior = xmalloc(((size_t)k + 1) * sizeof *m->prior);
	m->base = xmalloc(((size_t)k + 1) * sizeof *m->base);
	wk = xcalloc((size_t)k + 1, sizeof *wk);
	tk = xcalloc((size_t)k + 1, sizeof *tk);
	acc = xcalloc((size_t)k + 1, sizeof *acc);
	touched = xmalloc(((size_t)k + 1) * sizeof *touched);

	/* counting sort of the training entries by bucket */
	m->fptr = xcalloc((size_t)dim + 2, sizeof *m->fptr);
	for (i = 0; i < nrows; i++) {
		row = rows[i];
		if (!usable(y, w, k, row))
			continue;
		wt = w ? w[row] : 1;
		wk[y[row]] += wt;
		wsum += wt;
		for (p = X->ptr[row]; p < X->ptr[row + 1]; p++)
			m->fptr[X->idx[p] + 2]++;
	}
	for (j = 0; j < dim; j++)
		m->fptr[j + 2] += m->fptr[j + 1];
	total = m->fptr[dim + 1];
	ecls = xmalloc((total + 1) * sizeof *ecls);
	eval = xmalloc((total + 1) * sizeof *eval);
	pos = m->fptr + 1;
	for (i = 0; i < nrows; i++) {
		row = rows[i];
		if (!usable(y, w, k, row))
			continue;
		wt = w ? w[row] : 1;
		for (p = X->ptr[row]; p < X->ptr[row + 1]; p++) {
			q = pos[X->idx[p]]++;
			ecls[q] = y[row];
			eval[q] = (float)(fabs(X->val[p]) * wt);
		}
	}
	/* now fptr[j] .. fptr[j+1] are bucket j's entries; merge by class
	 * in place (the output never overtakes the input) */
	outp = 0;
	for (j = 0; j < dim; j++) {
		start = outp;
		ntouched = 0;
		for (p = m->fptr[j]; p < m->fptr[j + 1]; p++) {
			c = ecls[p];
			if (acc[c] == 0)
				touched[ntouched++] = c;
			acc[c] += eval[p];
		}
		for (i = 0; i < ntouched; i++) {
			c = touched[i];
			if (acc[c] > 0) {
				ecls[outp] = c;
				eval[outp++] = (float)acc[c];
				tk[c] += acc[c];
			}
			acc[c] = 0;
		}
		m->fptr[j] = start;
		if (outp > start)
			vocab++;
	}
	m->fptr[dim] = outp;
	m->fcls = xreallocarray(ecls, outp + 1, sizeof *ecls);
	m->fdelta = xreallocarray(eval, outp + 1, sizeof *eval);
	for (p = 0; p < outp; p++)
		m->fdelta[p] = (float)(log(m->fdelta[p] + alpha) - log(alpha));
	for (c = 0; c < k; c++) {
		m->base[c] = log(alpha) - log(tk[c] + alpha * (vocab > 0 ?
		    vocab : 1));
		if (wsum <= 0)
			m->prior[c] = 0;
		else
			m->prior[c] = wk[c] > 0 ? log(wk[c] / wsum) : -INFINITY;
	}
	if (m->nnum) {
		size_t cells = (size_t)m->nnum * k + 1;

		m->mu = xmalloc(cells * sizeof *m->mu);
		m->ivar = xmalloc(cells * sizeof *m->ivar);
		m->gconst = xmalloc(cells * sizeof *m->gconst);
		train_gauss(m, X, rows, nrows, y, w, &o->var_floor);
	}
	FREE_ALL(wk, tk, acc, touched);
}

void
nb_log_joint(const struct nb *m, const struct features *X, uint64_t row,
    double *lj)
{
	uint32_t k = m->k, c, j, d;
	uint64_t p, q;
	double s = 0, x, z;
	const float *num;

	for (c = 0; c < k; c++)
		lj[c] = 0;
	for (p = X->ptr[row]; p < X->ptr[row + 1]; p++) {
		j = X->idx[p];
		if (j >= m->dim || m->fptr[j] == m->fptr[j + 1])
			continue;	/* never seen in training */
		x = fabs(X->val[p]);
		s += x;
		for (q = m->fptr[j]; q < m->fptr[j + 1]; q++)
			lj[m->fcls[q]] += x * m->fdelta[q];
	}
	for (c = 0; c < k; c++)
		lj[c] += m->prior[c] + s * m->base[c];
	if (m->nnum && X->nnum == m->nnum) {
		num = X->num + (size_t)row * m->nnum;
		for (d = 0; d < m->nnum; d++) {
			if (isnan(num[d]))
				continue;
			for (c = 0; c < k; c++) {
				z = num[d] - m->mu[d * k + c];
				lj[c] += m->gconst[d * k + c] -
				    0.5 * z * z * m->ivar[d * k + c];
			}
		}
	}
}

void
nb_predict(const struct nb *m, const struct features *X, uint64_t row,
    float *out, double *lj)
{
	uint32_t k = m->k, c;
	double mx = -INFINITY, sum = 0;

	nb_log_joint(m, X, row, lj);
	for (c = 0; c < k; c++)
		if (lj[c] > mx)
			mx = lj[c];
	for (c = 0; c < k; c++) {
		lj[c] = lj[c] == -INFINITY ? 0 : exp(lj[c] - mx);
		sum += lj[c];
	}
	for (c = 0; c < k; c++) {
		float pr = (float)(lj[c] / sum);

		out[c] = pr > NB_PMIN ? pr : NB_PMIN;
	}
}
