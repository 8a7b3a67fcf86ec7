/*
 * lbfgs.c - the L-BFGS iteration of lbfgs.h.  It owns its history
 * (2 m vectors of n doubles, a ring) and four work vectors for the
 * duration of a call; the caller owns x.
 */
#include "core/pico/checkers/lbfgs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

#define C1 1e-4			/* Armijo's sufficient decrease */
#define MAX_BACKTRACK 40

void
lbfgs_opts_init(struct lbfgs_opts *o)
{
	o->m = 7;
	o->max_iter = 200;
	o->gtol = 1e-5;
	o->ftol = 1e-10;
}

static double
dot(const double *a, const double *b, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += a[i] * b[i];
	return s;
}

static double
absmax(const double *a, size_t n)
{
	double mx = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (fabs(a[i]) > mx)
			mx = fabs(a[i]);
	return mx;
}

/*
 * d = -H g by the two-loop recursion over the stored pairs, oldest at
 * ring position head - count (mod m).
 */
static void
direction(size_t n, const double *g, double *d, double **s, double **y,
    const double *rho, double *alpha, uint32_t m, uint32_t head,
    uint32_t count)
{
	uint32_t j, p;
	double beta, gamma = 1;
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = -g[i];
	for (j = 0; j < count; j++) {
		p = (head + m - 1 - j) % m;
		alpha[p] = rho[p] * dot(s[p], d, n);
		for (i = 0; i < n; i++)
			d[i] -= alpha[p] * y[p][i];
	}
	if (count > 0) {
		p = (head + m - 1) % m;
		gamma = dot(s[p], y[p], n) / dot(y[p], y[p], n);
	}
	for (i = 0; i < n; i++)
		d[i] *= gamma;
	for (j = count; j-- > 0;) {
		p = (head + m - 1 - j) % m;
		beta = rho[p] * dot(y[p], d, n);
		for (i = 0; i < n; i++)
			d[i] += (alpha[p] - beta) * s[p][i];
	}
}

int
lbfgs_minimize(size_t n, double *x, lbfgs_fn *fg, void *ctx,
    const struct lbfgs_opts *o, const struct progress *cancel,
    struct lbfgs_stats *st)
{
	struct lbfgs_opts defo;
	struct lbfgs_stats S;
	double **s, **y, *rho, *alpha, *g, *d, *xn, *gn, f, fn, gd, step;
	double sy, t;
	uint32_t m, head = 0, count = 0, j, bt;
	size_t i;
	int rc = 0;

	if (!o) {
		lbfgs_opts_init(&defo);
		o = &defo;
	}
	m = o->m ? o->m : 1;
	memset(&S, 0, sizeof S);
	s = xcalloc(m, sizeof *s);
	y = xcalloc(m, sizeof *y);
	for (j = 0; j < m; j++) {
		s[j] = xmalloc((n + 1) * sizeof **s);
		y[j] = xmalloc((n + 1) * sizeof **y);
	}
	rho = xcalloc(m, sizeof *rho);
	alpha = xcalloc(m, sizeof *alpha);
	g = xmalloc((n + 1) * sizeof *g);
	d = xmalloc((n + 1) * sizeof *d);
	xn = xmalloc((n + 1) * sizeof *xn);
	gn = xmalloc((n + 1) * sizeof *gn);

	f = fg(ctx, x, g);
	S.evals = 1;
	S.gmax = absmax(g, n);
	while (S.gmax > o->gtol && S.iter < o->max_iter) {
		if (progress_cancelled(cancel)) {
			rc = -1;
			break;
		}
		direction(n, g, d, s, y, rho, alpha, m, head, count);
		gd = dot(g, d, n);
		if (!(gd < 0)) {
			/* not a descent direction: restart from -g */
			count = 0;
			for (i = 0; i < n; i++)
				d[i] = -g[i];
			gd = dot(g, d, n);
		}
		/* the first step of all is scaled to a unit move */
		step = count == 0 && S.iter == 0 ? 1 / sqrt(-gd) : 1;
		for (bt = 0;; bt++) {
			for (i = 0; i < n; i++)
				xn[i] = x[i] + step * d[i];
			fn = fg(ctx, xn, gn);
			S.evals++;
			if (fn <= f + C1 * step * gd || bt == MAX_BACKTRACK)
				break;
			/* the minimum of the quadratic through f, gd, fn,
			 * kept within [0.1, 0.5] of the step */
			t = -gd * step * step / (2 * (fn - f - gd * step));
			if (!(t > 0.1 * step))
				t = 0.1 * step;
			if (t > 0.5 * step)
				t = 0.5 * step;
			step = t;
		}
		if (!(fn <= f + C1 * step * gd)) {
			/* no decrease found: x is as good as it gets */
			S.converged = 1;
			break;
		}
		for (i = 0; i < n; i++) {
			s[head][i] = xn[i] - x[i];
			y[head][i] = gn[i] - g[i];
		}
		sy = dot(s[head], y[head], n);
		if (sy > 1e-12 * dot(y[head], y[head], n) && sy > 0) {
			rho[head] = 1 / sy;
			head = (head + 1) % m;
			if (count < m)
				count++;
		}
		memcpy(x, xn, n * sizeof *x);
		memcpy(g, gn, n * sizeof *g);
		S.iter++;
		S.gmax = absmax(g, n);
		t = f - fn;
		f = fn;
		if (t <= o->ftol * (fabs(f) > 1 ? fabs(f) : 1)) {
			S.converged = 1;
			break;
		}
	}
	if (S.gmax <= o->gtol)
		S.converged = 1;
	S.f = f;
	if (st)
		*st = S;
	for (j = 0; j < m; j++) {
		free(s[j]);
		free(y[j]);
	}
	FREE_ALL(s, y, rho, alpha, g, d, xn, gn);
	return rc;
}
