/*
 * nb.h - naive Bayes checker: multinomial on the sparse features,
 * Gaussian on the dense numeric block.
 *
 * Multinomial part: with c(j,k) the weighted sum of |x_ij| over training
 * rows of class k (magnitudes, because signed hashing makes some values
 * negative), V the number of buckets seen in training and
 * T(k) = sum_j c(j,k):
 *
 *     log P(j | k) = log(c(j,k) + alpha) - log(T(k) + alpha V)
 *
 * Buckets never seen in training are ignored at prediction, as an unseen
 * word is by a vocabulary.  Gaussian part: per class and numeric column
 * the weighted mean and variance of the values plus var_floor; missing
 * values are skipped in training and prediction.  It works on the
 * features' global z-scores: a Gaussian per class is unchanged by an
 * affine map of its column, so re-standardising per fold (as logistic
 * regression does) would only move the variance floor.
 * Priors: log of the weighted class share of the training rows (a class
 * with no training row gets probability 0 before clipping).
 *
 * Prediction: the softmax of the log-joint
 *     log prior(k) + sum_j |x_j| log P(j|k) + sum_d log N(x_d; mu, var),
 * then every probability is raised to at least NB_PMIN; rows are not
 * renormalised (they sum to 1 within K * NB_PMIN).
 *
 * The model is stored sparsely, by bucket, only for the (bucket, class)
 * pairs seen in training: memory is O(dim + nnz of the training rows),
 * whatever the number of classes.
 */
#ifndef WINNOW_NB_H
#define WINNOW_NB_H

#include <stddef.h>
#include <stdint.h>

#include "core/pico/features.h"

#define NB_PMIN 1e-6f

/*
 * Defaults by out-of-fold accuracy (R = 3, F = 5): alpha 0.03 / 0.1 / 0.3
 * gives fortunes8 0.651 / 0.644 / 0.582, text12k 0.827 / 0.841 / 0.852
 * (log loss 0.71 / 0.86 / 1.17), movies 0.451 / 0.474 / 0.504;
 * var_floor 0.01 / 0.1 / 1 gives digits 0.895 / 0.905 / 0.876, iris
 * 0.956 / 0.936 / 0.876, cars 0.828 / 0.851 / 0.955.
 */
struct nb_opts {
	double alpha;		/* additive smoothing (default 0.1) */
	double var_floor;	/* added to each Gaussian variance (0.1) */
};

struct nb {
	uint32_t k, dim, nnum;
	double *prior;		/* [k] log prior */
	double *base;		/* [k] log(alpha) - log(T(k) + alpha V) */
	uint64_t *fptr;		/* [dim + 1]: entries of bucket j */
	uint32_t *fcls;		/* class of each entry */
	float *fdelta;		/* log(c + alpha) - log(alpha) of each */
	float *mu, *ivar;	/* [nnum * k] mean and 1/variance */
	double *gconst;		/* [nnum * k] -0.5 log(2 pi var) */
};

void nb_opts_init(struct nb_opts *o);

/*
 * Train m on the rows rows[0..nrows) of X with classes y[row] < k (rows
 * whose class is >= k are skipped) and weights w[row] (NULL: all 1;
 * rows of weight <= 0 are skipped).  o NULL: defaults.  Release m with
 * nb_release.
 */
void nb_train(struct nb *m, const struct features *X, const uint32_t *rows,
    size_t nrows, const uint32_t *y, const float *w, uint32_t k,
    const struct nb_opts *o);

/* The k probabilities of row of X into out[0..k); scratch holds k
 * doubles. */
void nb_predict(const struct nb *m, const struct features *X, uint64_t row,
    float *out, double *scratch);

/* The log-joint (before the softmax) of row into lj[0..k). */
void nb_log_joint(const struct nb *m, const struct features *X,
    uint64_t row, double *lj);

/* Free what m owns; NULL is fine. */
void nb_release(struct nb *m);

#endif
