/*
 * lbfgs.h - limited-memory BFGS minimisation of a smooth function given
 * its value and gradient.
 *
 * The search direction comes from the last m (step, gradient change)
 * pairs by the two-loop recursion, scaled by s'y / y'y of the newest
 * pair; the step length by backtracking from 1 until the Armijo
 * condition holds (sufficient decrease c1 = 1e-4), the trial step
 * shrunk by safeguarded quadratic interpolation.  A pair whose
 * curvature s'y is not positive is not stored.  Everything is done in
 * double in a fixed order: the same inputs give the same result bit for
 * bit.
 */
#ifndef WINNOW_LBFGS_H
#define WINNOW_LBFGS_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/progress.h"

/* f(x), with its gradient written to g[0..n). */
typedef double lbfgs_fn(void *ctx, const double *x, double *g);

struct lbfgs_opts {
	uint32_t m;		/* pairs kept (default 7) */
	uint32_t max_iter;	/* iterations (default 200) */
	double gtol;		/* stop when max |g| <= gtol (default 1e-5) */
	double ftol;		/* stop when an iteration lowers f by less
				 * than ftol * max(|f|, 1) (default 1e-10) */
};

struct lbfgs_stats {
	uint32_t iter;		/* iterations made */
	uint32_t evals;		/* function evaluations */
	double f, gmax;		/* final value, max |gradient| */
	int converged;		/* 1: gtol or ftol reached */
};

void lbfgs_opts_init(struct lbfgs_opts *o);

/*
 * Minimise fg from x[0..n) (the start point, overwritten by the
 * result).  o NULL: defaults.  cancel (may be NULL) is polled once an
 * iteration; when set the search stops where it is.  st (may be NULL)
 * receives the figures above.  Returns 0, or -1 when cancelled.
 */
int lbfgs_minimize(size_t n, double *x, lbfgs_fn *fg, void *ctx,
    const struct lbfgs_opts *o, const struct progress *cancel,
    struct lbfgs_stats *st);

#endif
