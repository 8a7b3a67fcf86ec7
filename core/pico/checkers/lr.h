/*
 * lr.h - softmax (multinomial) logistic regression checker on the sparse
 * features and the dense numeric block.
 *
 * Per row of class y with weight v the loss is v (-log P(y)) and its
 * gradient on the logits g(k) = v (P(k) - [k = y]).  Two ways to fit:
 *
 *   - LR_LBFGS (default): the converged model.  It minimises
 *         sum_i v_i (-log P_i(y_i)) + |W|^2 / (2 C)
 *     (the bias is not penalised) by L-BFGS (lbfgs.h) from the bias at
 *     the smoothed log prior and W = 0 (or a warm start), until the
 *     largest gradient entry is at most tol times the training weight,
 *     or max_iter iterations.  C is scikit-learn's inverse strength on
 *     the same objective.  The optimiser keeps 18 doubles a weight;
 *     when they would pass max_bytes, AdaGrad fits the model instead.
 *   - LR_ADAGRAD and LR_SGD: stochastic gradient steps, one training row
 *     at a time, in an order drawn from (seed, stream) afresh each
 *     epoch, for a fixed number of epochs.  AdaGrad keeps one
 *     accumulator per feature (summed over the classes: per-class
 *     accumulators would double the model for little gain), plain SGD
 *     uses rate eta / sqrt(1 + epoch).  L2 (l2, off by default) is
 *     applied lazily, so a step costs only the row's nonzeros times the
 *     classes.
 *
 * Either way the same inputs give the same model bit for bit.  Numeric
 * columns are standardised with the mean and deviation of the training
 * rows; a missing value counts as 0.
 *
 * Memory: the model has a weight row (k floats, padded to a multiple of
 * 4) for each bucket that occurs in the training rows and for each
 * numeric column, plus a map of dim buckets to those rows.  When the
 * rows (with their training state, 8 more bytes each) would exceed
 * max_bytes (many classes), the hashed space is folded (bucket &
 * (dim' - 1), dim' a smaller power of two) until they fit or dim' reaches
 * 1024; folding is another hashing, so the model stays well defined.
 */
#ifndef WINNOW_LR_H
#define WINNOW_LR_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"
#include "core/pico/features.h"
#include "core/util/progress.h"

#define LR_PMIN 1e-6f
#define LR_MIN_DIM 1024		/* the hash space folds no further */
#define LR_EXACT_TOL 1e-6	/* L-BFGS tolerances below this evaluate
				 * the objective in double (lr.c) */

enum lr_solver { LR_ADAGRAD, LR_SGD, LR_LBFGS };

struct lr;

struct lr_opts {
	enum lr_solver solver;
	double C;		/* LBFGS: inverse L2 strength (default 1) */
	double tol;		/* LBFGS: gradient tolerance per unit of
				 * training weight (default 3e-4) */
	uint32_t max_iter;	/* LBFGS: iterations (default 200) */
	const struct lr *init;	/* LBFGS: start from this model's weights
				 * (same k, dim and numeric columns; NULL:
				 * from 0); borrowed for the call */
	double eta;		/* SGD: base learning rate */
	double l2;		/* SGD: L2 strength per example */
	uint32_t epochs;	/* SGD: passes over the training rows */
	uint64_t seed, stream;	/* row order: rng_seed(seed, stream) */
	size_t max_bytes;	/* cap on the weight rows and their state */
};

struct lr {
	uint32_t k, kp;		/* classes; row stride, k rounded up to 4 */
	uint32_t dim;		/* buckets after folding (a power of two) */
	uint32_t nloc;		/* buckets seen in training */
	uint32_t nnum;		/* numeric columns */
	uint32_t *map;		/* [dim]: bucket's weight row or UINT32_MAX */
	float *w;		/* [(nloc + nnum) * kp]: row r's class weights
				 * at w[r * kp] (lanes k .. kp-1 zero);
				 * numeric column d is row nloc + d */
	float *b;		/* [kp] bias */
	float *mean, *istd;	/* [nnum] standardisation of the training rows */
};

/* Defaults: L-BFGS, C 1, tol 3e-4, 200 iterations; for the stochastic
 * solvers eta 1, no L2, 5 epochs; 256 MB (measured: lr.c). */
void lr_opts_init(struct lr_opts *o);

/*
 * Train m on rows[0..nrows) of X with classes y[row] (rows whose class is
 * >= k are skipped) and weights w[row] (NULL: all 1; rows of weight <= 0
 * are skipped).  o NULL: defaults.  cancel may be NULL; when it is set the
 * training stops and returns -1 with e filled (ERR_CANCEL) and m empty.
 * Otherwise returns 0; release m with lr_release.
 */
int lr_train(struct lr *m, const struct features *X, const uint32_t *rows,
    size_t nrows, const uint32_t *y, const float *w, uint32_t k,
    const struct lr_opts *o, const struct progress *cancel, struct err *e);

/* The k probabilities of row of X into out[0..k): softmax, each raised
 * to at least LR_PMIN, not renormalised. */
void lr_predict(const struct lr *m, const struct features *X, uint64_t row,
    float *out);

/* Free what m owns; NULL is fine. */
void lr_release(struct lr *m);

/*
 * The most a model of k classes on X can take once lr_train has folded
 * as far as it folds (LR_MIN_DIM buckets, all of them used, and the
 * numeric columns): when this is above max_bytes, training may hold
 * more than max_bytes (it never folds further).  O(nonzeros of X).
 */
double lr_floor_bytes(const struct features *X, uint32_t k);

#endif
