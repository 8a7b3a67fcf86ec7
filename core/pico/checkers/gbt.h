/*
 * gbt.h - gradient-boosted trees checker, through libxgboost's C API:
 * for tabular rows whose classes are not linearly separable (pixels,
 * word-count columns, measurements that interact), where logistic
 * regression and naive Bayes rank wrong labels worse.
 *
 * The trees see the features the other checkers see: each dense
 * numeric column as it is (a missing value stays missing: a tree sends
 * it down the branch its training found best, so absence is never read
 * as a value), and each sparse bucket used by a training row (a
 * categorical value's or a word's) as one column, 1 where the row has
 * it; buckets no training row has are not columns.  Trees are
 * invariant under the numeric columns' scaling, so z-scores do.
 *
 * The model: softmax over k classes (binary logistic when k = 2), rounds
 * of depth-limited trees on histogram splits (max_bins bins a column),
 * a tree a class a round (one for two classes; with many classes fewer
 * rounds, at least 3, so that about max_trees trees grow, each step
 * larger by as much, up to 1), shrinkage eta, L2 leaf penalty lambda,
 * each leaf at least min_child of hessian weight.  With more than
 * max_rows training rows a uniform sample of them trains (drawn from
 * (seed, stream), trainrows.h): trees need far fewer rows than the rows
 * there are to rank a file's labels, and the cost grows with the rows.
 * One training uses one thread (the checkers already run in parallel),
 * and the result does not depend on the thread or the machine: no row
 * or column subsampling inside the library.
 *
 * Each training row's weight w (NULL: 1; <= 0: left out) weights its
 * gradient.  A class with no training row gets the smallest
 * probability the softmax gives it.
 */
#ifndef WINNOW_GBT_H
#define WINNOW_GBT_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"
#include "core/pico/features.h"

#define GBT_PMIN 1e-6f

struct gbt_opts {
	uint32_t rounds;	/* boosting rounds (default 10) */
	uint32_t depth;		/* tree depth at most (default 3) */
	double eta;		/* shrinkage (default 0.6) */
	double lambda;		/* L2 penalty on leaf values (1) */
	double min_child;	/* hessian weight a leaf needs (default 2) */
	uint32_t max_bins;	/* histogram bins a column (default 16) */
	uint32_t max_rows;	/* training rows at most (default 20,000;
				 * 0: all) */
	uint32_t max_trees;	/* trees a training grows at most, by
				 * fewer rounds with a larger step
				 * (default 64; 0: rounds x classes) */
	uint64_t seed, stream;	/* the sample's random stream */
};

struct gbt {
	uint32_t k;
	uint32_t nnum;		/* numeric columns come first */
	uint32_t nb;		/* then the buckets used in training */
	uint32_t *bucket;	/* [nb] ascending: column nnum + i */
	void *booster;		/* BoosterHandle; NULL: nothing trained */
	double *rho;		/* [k] training class shares: the answer
				 * when nothing trained */
};

void gbt_opts_init(struct gbt_opts *o);

/*
 * Train m on rows[0..nrows) of X with classes y[row] < k (others
 * skipped) and weights w[row] (NULL: 1; <= 0: skipped).  o NULL:
 * defaults.  Fails (ERR_IO, the library's message) only when libxgboost
 * does; m is then empty.  Release m with gbt_release either way.
 */
int gbt_train(struct gbt *m, const struct features *X, const uint32_t *rows,
    size_t nrows, const uint32_t *y, const float *w, uint32_t k,
    const struct gbt_opts *o, struct err *e);

/*
 * The k probabilities (each at least GBT_PMIN, summing to about 1) of
 * rows[0..nrows) of X into out (nrows x k), all at once: the library
 * predicts a matrix faster than a row at a time.  Fails as gbt_train.
 */
int gbt_predict(const struct gbt *m, const struct features *X,
    const uint32_t *rows, size_t nrows, float *out, struct err *e);

/* Free what m owns; NULL is fine. */
void gbt_release(struct gbt *m);

/*
 * Lane operations of one training on ntr rows of X with k classes and
 * o's settings (o NULL: defaults), for the work budget of --model auto.
 */
double gbt_train_work(const struct features *X, uint64_t ntr, uint32_t k,
    const struct gbt_opts *o);

#endif
