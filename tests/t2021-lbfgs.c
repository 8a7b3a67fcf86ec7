/*
 * t2021-lbfgs - the L-BFGS minimiser and the converged logistic
 * regression: known minima, the regularised multinomial solution of a
 * small problem against an independent solver to 1e-6, separable data,
 * warm starts, determinism and cancellation.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/checkers/lbfgs.h"
#include "core/pico/checkers/lr.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

/* Rosenbrock's valley in n dimensions (minimum 0 at all ones). */
static double
rosenbrock(void *ctx, const double *x, double *g)
{
	size_t n = *(size_t *)ctx, i;
	double f = 0, a, b;

	memset(g, 0, n * sizeof *g);
	for (i = 0; i + 1 < n; i++) {
		a = x[i + 1] - x[i] * x[i];
		b = 1 - x[i];
		f += 100 * a * a + b * b;
		g[i] += -400 * x[i] * a - 2 * b;
		g[i + 1] += 200 * a;
	}
	return f;
}

/* A quadratic sum_i (i + 1) (x_i - i)^2 / 2. */
static double
quadratic(void *ctx, const double *x, double *g)
{
	size_t n = *(size_t *)ctx, i;
	double f = 0;

	for (i = 0; i < n; i++) {
		g[i] = (double)(i + 1) * (x[i] - (double)i);
		f += 0.5 * (double)(i + 1) * (x[i] - (double)i) * (x[i] -
		    (double)i);
	}
	return f;
}

static void
test_minimiser(void)
{
	size_t n = 10, i;
	double x[10], worst = 0;
	struct lbfgs_opts o;
	struct lbfgs_stats st;
	atomic_int cancel = 1;
	struct progress pr = { NULL, NULL, &cancel };

	lbfgs_opts_init(&o);
	o.gtol = 1e-10;
	o.ftol = 0;
	o.max_iter = 500;
	memset(x, 0, sizeof x);
	is_int(lbfgs_minimize(n, x, quadratic, &n, &o, NULL, &st), 0,
	    "quadratic: minimised");
	for (i = 0; i < n; i++)
		worst = fmax(worst, fabs(x[i] - (double)i));
	cmp_ok(worst, <, 1e-9, "quadratic: at its minimum");
	ok(st.converged, "and says so");

	for (i = 0; i < n; i++)
		x[i] = i % 2 ? 1.2 : -1.2;
	lbfgs_minimize(n, x, rosenbrock, &n, &o, NULL, &st);
	worst = 0;
	for (i = 0; i < n; i++)
		worst = fmax(worst, fabs(x[i] - 1));
	cmp_ok(worst, <, 1e-6, "Rosenbrock: at (1, ..., 1)");
	cmp_ok(st.f, <, 1e-12, "Rosenbrock: value 0");
	diag("Rosenbrock in 10-D: %u iterations, %u evaluations", st.iter,
	    st.evals);

	o.max_iter = 3;
	memset(x, 0, sizeof x);
	lbfgs_minimize(n, x, rosenbrock, &n, &o, NULL, &st);
	is_int(st.iter, 3, "max_iter stops it");
	ok(!st.converged, "not converged then");
	memset(x, 0, sizeof x);
	is_int(lbfgs_minimize(n, x, rosenbrock, &n, &o, &pr, &st), -1,
	    "cancelled");
	n = 0;
	lbfgs_minimize(0, x, quadratic, &n, NULL, NULL, &st);
	ok(st.converged, "no variables: nothing to do");
}

/*
 * A small overlapping problem: 40 rows, 3 classes, two numeric columns
 * and a few sparse buckets, so the regularised optimum is interior and
 * unique (the probabilities are, whatever the bias' shift).
 */
static void
make_small(struct features *f, uint32_t *y)
{
	struct rng r;
	size_t i, w = 0, n = 40;

	memset(f, 0, sizeof *f);
	rng_seed(&r, 21, 0);
	f->n = n;
	f->dim = 16;
	f->nnum = 2;
	f->num = xmalloc(n * 2 * sizeof *f->num);
	f->ptr = xmalloc((n + 1) * sizeof *f->ptr);
	f->idx = xmalloc((n + 1) * sizeof *f->idx);
	f->val = xmalloc((n + 1) * sizeof *f->val);
	for (i = 0; i < n; i++) {
		y[i] = (uint32_t)rng_below(&r, 3);
		f->num[i * 2] = (float)(y[i] + 2 * rng_double(&r) - 1);
		f->num[i * 2 + 1] = (float)(y[i] == 2) + (float)rng_double(&r);
		f->ptr[i] = w;
		if (rng_below(&r, 2)) {
			f->idx[w] = (uint32_t)rng_below(&r, 4);
			f->val[w++] = 1;
		}
	}
	f->ptr[n] = w;
}

enum { K = 3, D = 6 };	/* the reference's classes; 4 buckets, 2 columns */

/* Row i of f for the reference: its features into x[D] (standardised as
 * m does) and the softmax of its logits under W, b into p[K]. */
static void
ref_row(const struct features *f, const struct lr *m, size_t i,
    double W[D][K], const double *b, double *x, double *p)
{
	double mx, s;
	uint64_t q;
	uint32_t j, c;

	memset(x, 0, D * sizeof *x);
	for (q = f->ptr[i]; q < f->ptr[i + 1]; q++)
		x[f->idx[q]] += f->val[q];
	for (j = 0; j < 2; j++)
		x[4 + j] = ((double)f->num[i * 2 + j] - m->mean[j]) *
		    m->istd[j];
	for (c = 0; c < K; c++) {
		p[c] = b[c];
		for (j = 0; j < D; j++)
			p[c] += x[j] * W[j][c];
	}
	mx = fmax(p[0], fmax(p[1], p[2]));
	s = 0;
	for (c = 0; c < K; c++)
		s += exp(p[c] - mx);
	for (c = 0; c < K; c++)
		p[c] = exp(p[c] - mx) / s;
}

/*
 * The reference: the same objective over the same standardised values
 * minimised by plain gradient descent in double with a fixed step (1 /
 * a bound on the curvature), long enough to be exact to 1e-10.
 */
static void
reference(const struct features *f, const uint32_t *y, double C,
    const struct lr *m, double *P)
{
	double W[D][K], b[K], gW[D][K], gb[K], x[D], z[K], L, lam;
	size_t i, it, n = f->n;
	uint32_t j, c;

	lam = 1 / C;
	memset(W, 0, sizeof W);
	memset(b, 0, sizeof b);
	/* each row's squared norm is at most 1 + 2 z-scores^2: bound */
	L = lam;
	for (i = 0; i < n; i++) {
		double nn = 1;

		for (j = 0; j < 2; j++) {
			double v = (f->num[i * 2 + j] - m->mean[j]) * m->istd[j];

			nn += v * v;
		}
		L += 0.5 * (nn + 1);
	}
	for (it = 0; it < 400000; it++) {
		memset(gW, 0, sizeof gW);
		memset(gb, 0, sizeof gb);
		for (i = 0; i < n; i++) {
			ref_row(f, m, i, W, b, x, z);
			for (c = 0; c < K; c++) {
				double g = z[c] - (c == y[i]);

				gb[c] += g;
				for (j = 0; j < D; j++)
					gW[j][c] += g * x[j];
			}
		}
		for (c = 0; c < K; c++) {
			b[c] -= gb[c] / L;
			for (j = 0; j < D; j++)
				W[j][c] -= (gW[j][c] + lam * W[j][c]) / L;
		}
	}
	for (i = 0; i < n; i++) {
		ref_row(f, m, i, W, b, x, z);
		for (c = 0; c < K; c++)
			P[i * K + c] = z[c];
	}
}

static void
test_reference(void)
{
	struct features f;
	uint32_t y[40], rows[40];
	struct lr m, m2;
	struct lr_opts o;
	struct err e;
	double P[120], worst = 0, C;
	char nm[64];
	float p[3];
	size_t i;
	uint32_t c;

	make_small(&f, y);
	for (i = 0; i < 40; i++)
		rows[i] = (uint32_t)i;
	for (C = 0.1; C < 3; C *= 5) {
		lr_opts_init(&o);
		o.C = C;
		o.tol = 1e-12;
		o.max_iter = 2000;
		snprintf(nm, sizeof nm, "C = %g: fits", C);
		is_int(lr_train(&m, &f, rows, 40, y, NULL, 3, &o, NULL, &e),
		    0, nm);
		reference(&f, y, C, &m, P);
		worst = 0;
		for (i = 0; i < 40; i++) {
			lr_predict(&m, &f, i, p);
			for (c = 0; c < 3; c++)
				worst = fmax(worst, fabs(p[c] - P[i * 3 + c]));
		}
		diag("C = %g: largest |p - p_ref| %.2e", C, worst);
		ok(worst < 1e-6, "C = %g: the reference solution's "
		    "probabilities to 1e-6", C);

		/* warm-started from another C's model: the same optimum */
		o.C = C * 3;
		lr_train(&m2, &f, rows, 40, y, NULL, 3, &o, NULL, &e);
		o.C = C;
		o.init = &m2;
		lr_release(&m);
		lr_train(&m, &f, rows, 40, y, NULL, 3, &o, NULL, &e);
		worst = 0;
		for (i = 0; i < 40; i++) {
			lr_predict(&m, &f, i, p);
			for (c = 0; c < 3; c++)
				worst = fmax(worst, fabs(p[c] - P[i * 3 + c]));
		}
		ok(worst < 1e-6, "C = %g: a warm start reaches it too", C);
		lr_release(&m);
		lr_release(&m2);
	}
	features_release(&f);
}

static void
test_separable(void)
{
	struct features f;
	uint32_t y[300], *rows = xmalloc(300 * sizeof *rows), best;
	struct lr m, m2;
	struct lr_opts o;
	struct err e;
	atomic_int cancel = 1;
	struct progress pr = { NULL, NULL, &cancel };
	float p[3], sum;
	size_t i;
	int bad = 0, wrong = 0;
	struct rng r;

	/* three blobs in 2-D, far apart */
	rng_seed(&r, 5, 0);
	numeric_features(&f, 300, 2);
	for (i = 0; i < 300; i++) {
		rows[i] = (uint32_t)i;
		y[i] = (uint32_t)(i % 3);
		f.num[i * 2] = (y[i] == 1) * 6 + (float)rng_double(&r);
		f.num[i * 2 + 1] = (y[i] == 2) * 6 + (float)rng_double(&r);
	}
	lr_opts_init(&o);
	ok(o.solver == LR_LBFGS, "the converged fit is the default");
	lr_train(&m, &f, rows, 300, y, NULL, 3, &o, NULL, &e);
	for (i = 0; i < 300; i++) {
		lr_predict(&m, &f, i, p);
		best = argmax_checked(p, 3, LR_PMIN, &sum, &bad);
		bad += fabsf(sum - 1) > 3 * LR_PMIN + 1e-5f;
		wrong += best != y[i];
	}
	is_int(wrong, 0, "separable blobs learnt");
	is_int(bad, 0, "probabilities in [1e-6, 1], summing to 1");
	lr_train(&m2, &f, rows, 300, y, NULL, 3, &o, NULL, &e);
	ok(!memcmp(m.w, m2.w, (size_t)(m.nloc + m.nnum) * m.kp *
	    sizeof *m.w) && !memcmp(m.b, m2.b, m.kp * sizeof *m.b),
	    "the same model bit for bit");
	lr_release(&m2);
	o.C = 0.01;
	lr_train(&m2, &f, rows, 300, y, NULL, 3, &o, NULL, &e);
	cmp_ok(fabsf(m2.w[m2.nloc * m2.kp]), <, fabsf(m.w[m.nloc * m.kp]),
	    "a smaller C shrinks the weights");
	lr_release(&m2);
	is_int(lr_train(&m2, &f, rows, 300, y, NULL, 3, &o, &pr, &e), -1,
	    "cancelled");
	is_int(e.code, ERR_CANCEL, "ERR_CANCEL");
	ok(m2.w == NULL, "nothing left behind");
	lr_release(&m);
	free(rows);
	features_release(&f);
}

int
main(void)
{
	test_minimiser();
	test_reference();
	test_separable();
	return done_testing();
}
