/*
 * vote.c - scaled likelihoods, pooling, posteriors.  All per row, so the
 * caller can stream over rows and never hold an n*k double matrix.
 *
 * Top-r predictions with r >= k are expanded one checker at a time into
 * a k-double buffer whose values are computed exactly as the dense path
 * computes its own (the log of the clipped value of each class), so the
 * two forms agree bit for bit.  With r < k a checker's row costs one
 * pass adding its spread value's log to every class and r corrections:
 * O(m k) additions and O(m r) logarithms a row.
 */
#include "core/pico/vote.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/parfor.h"
#include "core/util/xalloc.h"

double
vote_beta(enum vote_beta b, uint32_t m)
{
	if (m == 0)
		return 1;
	switch (b) {
	case VOTE_BETA_SQRT:
		return 1 / sqrt((double)m);
	case VOTE_BETA_INV:
		return 1 / (double)m;
	case VOTE_BETA_ONE:
		break;
	}
	return 1;
}

static double
clip(double v)
{
	return v > VOTE_FLOOR ? v : VOTE_FLOOR;
}

void
vote_set_logs(struct vote_set *s)
{
	const struct vote_src *src = &s->src;
	uint32_t m, i, w;
	size_t c, cells;

	vote_set_logs_free(s);
	s->lrho = xcalloc(src->m + 1, sizeof *s->lrho);
	for (m = 0; m < src->m; m++) {
		/* the rho rows this source's rows refer to */
		w = 0;
		if (src->who && src->who[m])
			for (i = 0; i < src->n; i++)
				if (src->who[m][i] > w)
					w = src->who[m][i];
		cells = ((size_t)w + 1) * src->k;
		s->lrho[m] = xmalloc((cells + 1) * sizeof **s->lrho);
		for (c = 0; c < cells; c++)
			s->lrho[m][c] = src->rho[m][c] > 0 ?
			    log(src->rho[m][c]) : 0;
	}
}

void
vote_set_logs_free(struct vote_set *s)
{
	uint32_t m;

	if (!s->lrho)
		return;
	for (m = 0; m < s->src.m; m++)
		free(s->lrho[m]);
	free(s->lrho);
	s->lrho = NULL;
}

static uint32_t
keep_of(const struct vote_set *s, uint32_t i)
{
	return s->keep ? s->keep[i] : UINT32_MAX;
}

/* Only differences matter: centre E, then weigh it by beta. */
static void
centre(uint32_t k, double beta, double *E)
{
	uint32_t c;
	double mx = -INFINITY;

	for (c = 0; c < k; c++)
		if (E[c] > mx)
			mx = E[c];
	for (c = 0; c < k; c++)
		E[c] = beta * (E[c] - mx);
}

/* The dense evidence; lrho may be NULL. */
static void
evidence_dense(const struct vote_src *src, double **lrho,
    const struct vote_opts *o, uint32_t i, double *E)
{
	uint32_t k = src->k, m, c, w;
	const float *p;
	const double *rho, *lr;

	for (c = 0; c < k; c++)
		E[c] = 0;
	if (o->pool == VOTE_MEAN) {
		/* log of the mean scaled likelihood */
		for (m = 0; m < src->m; m++) {
			p = src->p[m] + (size_t)i * k;
			w = src->who && src->who[m] ? src->who[m][i] : 0;
			rho = src->rho[m] + (size_t)w * k;
			for (c = 0; c < k; c++)
				E[c] += rho[c] > 0 ? clip(p[c]) / rho[c] : 1;
		}
		for (c = 0; c < k; c++)
			E[c] = log(src->m ? E[c] / src->m : 1);
		return;
	}
	for (m = 0; m < src->m; m++) {
		p = src->p[m] + (size_t)i * k;
		w = src->who && src->who[m] ? src->who[m][i] : 0;
		rho = src->rho[m] + (size_t)w * k;
		/* a class the checker never trained on gets no vote from
		 * it: whatever it outputs there is not evidence */
		if (lrho) {
			lr = lrho[m] + (size_t)w * k;
			for (c = 0; c < k; c++)
				if (rho[c] > 0)
					E[c] += log(clip(p[c])) - lr[c];
		} else {
			for (c = 0; c < k; c++)
				if (rho[c] > 0)
					E[c] += log(clip(p[c])) - log(rho[c]);
		}
	}
	centre(k, vote_beta(o->beta, src->m), E);
}

void
vote_evidence(const struct vote_src *src, const struct vote_opts *o,
    uint32_t i, double *E)
{
	evidence_dense(src, NULL, o, i, E);
}

/* Checker m's log clipped probabilities of row i into buf[0..k). */
static void
top_logs(const struct vote_set *s, uint32_t m, uint32_t i, double *buf)
{
	const struct post *P = s->top[m];
	uint32_t g = keep_of(s, i), c, k = s->src.k;
	size_t at = (size_t)i * P->r, j;
	double ls = log(clip(post_spread(P, i, g)));

	for (c = 0; c < k; c++)
		buf[c] = ls;
	if (g < k)
		buf[g] = log(clip(P->given[i]));
	for (j = 0; j < P->r; j++)
		buf[post_cls(P, at + j)] = log(clip(P->prob[at + j]));
}

/*
 * Checker m's log-linear vote on row i added to E when it kept fewer
 * than k classes: its spread value's log to every class it trained on,
 * then the kept classes (and the keep class) corrected.
 */
static void
top_add_spread(const struct vote_set *s, uint32_t m, uint32_t i,
    const double *rho, const double *lr, double *E)
{
	const struct post *P = s->top[m];
	uint32_t g = keep_of(s, i), c, k = s->src.k;
	size_t at = (size_t)i * P->r, j;
	double ls = log(clip(post_spread(P, i, g)));
	int gkept = 0;

	for (c = 0; c < k; c++)
		if (rho[c] > 0)
			E[c] += ls - lr[c];
	for (j = 0; j < P->r; j++) {
		c = post_cls(P, at + j);
		gkept |= c == g;
		if (rho[c] > 0)
			E[c] += log(clip(P->prob[at + j])) - ls;
	}
	if (g < k && !gkept && rho[g] > 0)
		E[g] += log(clip(P->given[i])) - ls;
}

static void
evidence_top(const struct vote_set *s, const struct vote_opts *o,
    uint32_t i, double *E, double *buf)
{
	const struct vote_src *src = &s->src;
	uint32_t k = src->k, m, c, w;
	const double *rho, *lr;

	for (c = 0; c < k; c++)
		E[c] = 0;
	for (m = 0; m < src->m; m++) {
		w = src->who && src->who[m] ? src->who[m][i] : 0;
		rho = src->rho[m] + (size_t)w * k;
		if (o->pool == VOTE_MEAN) {
			post_expand(s->top[m], i, keep_of(s, i), buf);
			for (c = 0; c < k; c++)
				E[c] += rho[c] > 0 ? clip(buf[c]) / rho[c] : 1;
			continue;
		}
		if (s->lrho && s->top[m]->r < k) {
			top_add_spread(s, m, i, rho, s->lrho[m] +
			    (size_t)w * k, E);
			continue;
		}
		top_logs(s, m, i, buf);
		if (s->lrho) {
			lr = s->lrho[m] + (size_t)w * k;
			for (c = 0; c < k; c++)
				if (rho[c] > 0)
					E[c] += buf[c] - lr[c];
		} else {
			for (c = 0; c < k; c++)
				if (rho[c] > 0)
					E[c] += buf[c] - log(rho[c]);
		}
	}
	if (o->pool == VOTE_MEAN) {
		for (c = 0; c < k; c++)
			E[c] = log(src->m ? E[c] / src->m : 1);
		return;
	}
	centre(k, vote_beta(o->beta, src->m), E);
}

void
vote_set_evidence(const struct vote_set *s, const struct vote_opts *o,
    uint32_t i, double *E, double *buf)
{
	double *own = NULL;

	if (!s->top) {
		evidence_dense(&s->src, s->lrho, o, i, E);
		return;
	}
	if (!buf)
		buf = own = xmalloc(((size_t)s->src.k + 1) * sizeof *own);
	evidence_top(s, o, i, E, buf);
	free(own);
}

void
vote_mean_row(const struct vote_set *s, uint32_t i, double *out,
    double *buf)
{
	const struct vote_src *src = &s->src;
	uint32_t k = src->k, m, c;
	const float *p;

	for (c = 0; c < k; c++)
		out[c] = 0;
	for (m = 0; m < src->m; m++) {
		if (s->top) {
			post_expand(s->top[m], i, keep_of(s, i), buf);
			for (c = 0; c < k; c++)
				out[c] += buf[c];
		} else {
			p = src->p[m] + (size_t)i * k;
			for (c = 0; c < k; c++)
				out[c] += p[c];
		}
	}
	for (c = 0; c < k; c++)
		out[c] /= src->m ? src->m : 1;
}

double
vote_mean_at(const struct vote_set *s, uint32_t i, uint32_t c)
{
	const struct vote_src *src = &s->src;
	uint32_t m;
	double sum = 0;

	for (m = 0; m < src->m; m++)
		sum += s->top ? post_get(s->top[m], i, c, keep_of(s, i)) :
		    (double)src->p[m][(size_t)i * src->k + c];
	return sum / (src->m ? src->m : 1);
}

uint32_t
vote_support_max(const struct vote_set *s)
{
	uint32_t m, r = 0;

	if (!s->top)
		return s->src.k;
	for (m = 0; m < s->src.m; m++)
		r += s->top[m]->r;
	return r + 1 < s->src.k ? r + 1 : s->src.k;
}

uint32_t
vote_mean_support(const struct vote_set *s, uint32_t i, uint32_t *cls)
{
	uint32_t m, c, j, lim, n = 0, u, g = keep_of(s, i), k = s->src.k;
	const struct post *P;

	if (!s->top) {
		for (c = 0; c < k; c++)
			cls[c] = c;
		return k;
	}
	/* insertion into a sorted, duplicate-free list of at most
	 * vote_support_max entries: the keep class, then each checker's */
	for (m = 0; m <= s->src.m; m++) {
		P = m < s->src.m ? s->top[m] : NULL;
		lim = P ? P->r : 1;
		for (j = 0; j < lim; j++) {
			c = P ? post_cls(P, (size_t)i * P->r + j) : g;
			if (c >= k)
				continue;
			for (u = n; u > 0 && cls[u - 1] > c; u--)
				;
			if (u > 0 && cls[u - 1] == c)
				continue;
			memmove(cls + u + 1, cls + u, (n - u) * sizeof *cls);
			cls[u] = c;
			n++;
		}
	}
	return n;
}

/*
 * Row i of the mean as confident learning reads it: dense, every class;
 * top-r, the support (vote_mean_support) with each class's mean and the
 * mean of the checkers' spread values for every other class - the
 * values vote_mean_row gives, added in the same order, without its
 * O(k) pass.
 */
static void
rows_row(const struct cl_rows *src, size_t i, struct cl_row *out,
    uint32_t *cls, double *val)
{
	const struct vote_set *s = src->ctx;
	uint32_t m, u, g = keep_of(s, (uint32_t)i);
	double sum = 0;

	out->cls = NULL;
	out->val = val;
	out->shared = 0;
	if (!s->top) {
		vote_mean_row(s, (uint32_t)i, val, NULL);
		out->n = src->k;
		return;
	}
	out->n = vote_mean_support(s, (uint32_t)i, cls);
	out->cls = cls;
	for (u = 0; u < out->n; u++)
		val[u] = vote_mean_at(s, (uint32_t)i, cls[u]);
	for (m = 0; m < s->src.m; m++)
		sum += post_spread(s->top[m], (uint32_t)i, g);
	out->shared = sum / (s->src.m ? s->src.m : 1);
}

static double
rows_at(const struct cl_rows *src, size_t i, uint32_t c)
{
	return vote_mean_at(src->ctx, (uint32_t)i, c);
}

void
vote_mean_rows(const struct vote_set *s, int threads, struct cl_rows *rows)
{
	memset(rows, 0, sizeof *rows);
	rows->n = s->src.n;
	rows->k = s->src.k;
	rows->row = rows_row;
	rows->at = rows_at;
	rows->maxsupport = vote_support_max(s);
	rows->ctx = s;
	rows->threads = threads;
}

void
vote_posterior(uint32_t k, const double *logpi, const double *E, double *b)
{
	uint32_t c;
	double mx = -INFINITY, z = 0;

	for (c = 0; c < k; c++) {
		b[c] = logpi[c] + E[c];
		if (b[c] > mx)
			mx = b[c];
	}
	if (mx == -INFINITY) {
		/* no class possible: fall back to uniform */
		for (c = 0; c < k; c++)
			b[c] = 1.0 / k;
		return;
	}
	for (c = 0; c < k; c++) {
		b[c] = exp(b[c] - mx);
		z += b[c];
	}
	for (c = 0; c < k; c++)
		b[c] /= z;
}

uint32_t
vote_agree(const struct vote_src *src, uint32_t i, uint32_t c)
{
	uint32_t m, j, best, n = 0;
	const float *p;

	for (m = 0; m < src->m; m++) {
		p = src->p[m] + (size_t)i * src->k;
		best = 0;
		for (j = 1; j < src->k; j++)
			if (p[j] > p[best])
				best = j;
		n += best == c;
	}
	return n;
}

uint32_t
vote_set_agree(const struct vote_set *s, uint32_t i, uint32_t c)
{
	uint32_t m, n = 0;
	const struct post *P;

	if (!s->top)
		return vote_agree(&s->src, i, c);
	/* kept classes are sorted, ties to the lower index, as the dense
	 * argmax */
	for (m = 0; m < s->src.m; m++) {
		P = s->top[m];
		n += P->r > 0 && post_cls(P, (size_t)i * P->r) == c;
	}
	return n;
}

uint32_t
vote_set_top(const struct vote_set *s, uint32_t m, uint32_t i)
{
	const struct post *P;
	const float *p;
	uint32_t c, best = 0;

	if (s->top) {
		P = s->top[m];
		return P->r > 0 ? post_cls(P, (size_t)i * P->r) : 0;
	}
	p = s->src.p[m] + (size_t)i * s->src.k;
	for (c = 1; c < s->src.k; c++)
		if (p[c] > p[best])
			best = c;
	return best;
}

/* --- the temperature of the evidence -------------------------------- */

#define FIT_CHUNK 256

struct fit_job {
	const struct vote_set *s;
	const struct vote_opts *o;
	const uint32_t *rows;	/* [m] the rows measured */
	size_t m;
	float *E;		/* [m * k] their evidence */
};

static void
fit_chunk(void *ctx, size_t ch)
{
	struct fit_job *J = ctx;
	uint32_t k = J->s->src.k, c;
	size_t lo = ch * FIT_CHUNK, hi = lo + FIT_CHUNK, j;
	double *E = xmalloc(((size_t)k + 1) * sizeof *E);
	double *buf = xmalloc(((size_t)k + 1) * sizeof *buf);

	if (hi > J->m)
		hi = J->m;
	for (j = lo; j < hi; j++) {
		vote_set_evidence(J->s, J->o, J->rows[j], E, buf);
		for (c = 0; c < k; c++)
			J->E[j * k + c] = (float)E[c];
	}
	free(E);
	free(buf);
}

/*
 * The log-likelihood of the labels at gamma, and its first two
 * derivatives (the second is minus the summed variance of E under s, so
 * the function is concave in gamma).
 */
static double
fit_ll(const float *E, const uint32_t *lab, size_t m, uint32_t k,
    const double *lp, double gamma, double *d1, double *d2)
{
	size_t j;
	uint32_t c;
	double ll = 0, mx, z, ez, ez2, v;

	*d1 = *d2 = 0;
	for (j = 0; j < m; j++) {
		const float *e = E + j * k;

		mx = -INFINITY;
		for (c = 0; c < k; c++) {
			v = gamma * e[c] + lp[c];
			if (v > mx)
				mx = v;
		}
		z = ez = ez2 = 0;
		for (c = 0; c < k; c++) {
			double w = exp(gamma * e[c] + lp[c] - mx);

			z += w;
			ez += w * e[c];
			ez2 += w * (double)e[c] * e[c];
		}
		ez /= z;
		ez2 /= z;
		ll += gamma * e[lab[j]] + lp[lab[j]] - mx - log(z);
		*d1 += e[lab[j]] - ez;
		*d2 -= ez2 - ez * ez;
	}
	return ll;
}

void
vote_fit(const struct vote_set *s, const struct vote_opts *o,
    const uint32_t *y, const uint8_t *want, const double *logprior,
    int threads, struct vote_fit *out)
{
	struct fit_job J;
	struct err pe;
	uint32_t n = s->src.n, k = s->src.k, i, c, *lab;
	uint64_t labelled = 0, stride, cap, hit = 0;
	double gamma = 1, lo = 0, hi = INFINITY, d1, d2, ll0, ll, step;
	size_t j;
	int it;

	memset(out, 0, sizeof *out);
	for (i = 0; i < n; i++)
		labelled += y[i] < k && (!want || want[i]);
	if (labelled == 0 || k < 2)
		return;
	/* every row while rows x k is small, else an even sample */
	cap = VOTE_FIT_CELLS / k;
	if (cap < 256)
		cap = 256;
	stride = labelled > cap ? (labelled + cap - 1) / cap : 1;
	J.s = s;
	J.o = o;
	J.rows = NULL;
	J.m = 0;
	{
		uint32_t *rows = xmalloc((labelled / stride + 2) *
		    sizeof *rows);
		uint64_t seen = 0;

		for (i = 0; i < n; i++) {
			if (!(y[i] < k && (!want || want[i])))
				continue;
			if (seen++ % stride == 0)
				rows[J.m++] = i;
		}
		J.rows = rows;
	}
	J.E = xmalloc((J.m * k + 1) * sizeof *J.E);
	parfor_run((J.m + FIT_CHUNK - 1) / FIT_CHUNK, threads, fit_chunk, &J,
	    NULL, NULL, &pe);
	lab = xmalloc((J.m + 1) * sizeof *lab);
	for (j = 0; j < J.m; j++) {
		const float *e = J.E + j * k;
		uint32_t best = 0;

		lab[j] = y[J.rows[j]];
		for (c = 1; c < k; c++)
			if (e[c] + logprior[c] > e[best] + logprior[best])
				best = c;
		hit += best == lab[j];
	}
	ll0 = fit_ll(J.E, lab, J.m, k, logprior, 0, &d1, &d2);
	if (d1 <= 0) {
		/* the evidence points away from the labels: no temperature
		 * makes it help */
		gamma = 0;
		ll = ll0;
	} else {
		/* Newton on a concave function, kept inside a bracket that
		 * shrinks around the maximum */
		for (it = 0; it < 60; it++) {
			ll = fit_ll(J.E, lab, J.m, k, logprior, gamma, &d1, &d2);
			if (d1 > 0)
				lo = gamma;
			else
				hi = gamma;
			step = d2 < 0 ? -d1 / d2 : (d1 > 0 ? gamma : -gamma / 2);
			if (gamma + step <= lo || gamma + step >= hi)
				step = (isinf(hi) ? 2 * gamma + 1 : (lo + hi) / 2) -
				    gamma;
			gamma += step;
			if (fabs(step) < 1e-6 * (1 + gamma))
				break;
		}
		ll = fit_ll(J.E, lab, J.m, k, logprior, gamma, &d1, &d2);
	}
	out->rows = J.m;
	out->gamma = gamma;
	out->gain = ll - ll0 > 0 ? ll - ll0 : 0;
	out->accuracy = (double)hit / (double)J.m;
	free(lab);
	free(J.E);
	free((void *)J.rows);
}

void
vote_set_oof(struct vote_set *S, const struct oof *out, const uint32_t *keep)
{
	struct vote_src *src = &S->src;
	uint64_t n = out->n;
	uint32_t r;

	src->n = (uint32_t)n;
	src->k = out->k;
	src->m = out->repeats;
	src->who = xcalloc(src->m, sizeof *src->who);
	src->rho = xcalloc(src->m, sizeof *src->rho);
	if (out->top) {
		S->top = xcalloc(src->m, sizeof *S->top);
		S->keep = keep;
	} else {
		src->p = xcalloc(src->m, sizeof *src->p);
	}
	for (r = 0; r < src->m; r++) {
		if (out->top)
			S->top[r] = &out->top[r];
		else
			src->p[r] = out->prob + (size_t)r * n * out->k;
		src->who[r] = out->split.fold + (size_t)r * n;
		src->rho[r] = out->rho + (size_t)r * out->folds * out->k;
	}
}

void
vote_set_oof_release(struct vote_set *S)
{
	free(S->src.p);
	free(S->src.who);
	free(S->src.rho);
	free(S->top);
	memset(&S->src, 0, sizeof S->src);
	S->top = NULL;
	S->keep = NULL;
}
