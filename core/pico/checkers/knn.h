/*
 * knn.h - k-nearest-neighbour checker: cosine similarity on the same
 * features the other checkers see, distance-weighted class shares with
 * smoothing towards the training class shares.
 *
 * A row's vector is its sparse entries and its dense numeric values
 * (the features' z-scores, a missing value 0), scaled to unit length;
 * the cosine of two rows is the dot product of their vectors.  Training
 * keeps the reference rows (the training rows, or a sample of them when
 * there are more than the work budget allows, see knn_opts.max_ref) as
 * unit vectors: the dense part contiguous, the sparse part inverted
 * (bucket -> reference rows), so a query costs its postings plus one
 * dense dot product per reference row, whatever the text.
 *
 * Prediction: the kmax most similar reference rows (ties by reference
 * order), each of chord distance d = sqrt(2 - 2 cos) weighted
 * u = v / (d + 0.05 d_k + 1e-6) (v: the row's training weight, d_k the
 * k-th neighbour's distance: a duplicate cannot take all the weight);
 * then with the k nearest,
 *     P(c) = (k sum_{y_j = c} u_j / sum_j u_j + alpha rho(c)) / (k + alpha)
 * rho being the training class shares: a small or split neighbourhood
 * leans on the prior.  A class with no training row keeps rho 0.  The
 * query row itself is never its own neighbour (it is never among the
 * reference rows of the checker that scores it, unless it is a reviewed
 * row, which trains every checker).
 */
#ifndef WINNOW_KNN_H
#define WINNOW_KNN_H

#include <stddef.h>
#include <stdint.h>

#include "core/pico/features.h"

#define KNN_PMIN 1e-6f
#define KNN_KMAX 64		/* neighbours a prediction can use */

/*
 * How near two rows are.  Cosine: the angle between them (distance
 * sqrt(2 - 2 cos)), what sparse word counts want: a long text and a
 * short one on the same subject are near.  Euclidean: the plain
 * distance between the standardised rows, what few numeric columns
 * want: on z-scores a row near the centre points every which way, so
 * its angle to another row says little (iris: out-of-fold log loss
 * 0.11 against 0.32).  --model auto weighs both.
 */
enum knn_metric { KNN_COSINE, KNN_EUCLID };

struct knn_opts {
	uint32_t k;		/* neighbours (default 10) */
	enum knn_metric metric;	/* default KNN_COSINE */
	double alpha;		/* prior pseudo-neighbours (default 1) */
	uint32_t max_ref;	/* reference rows at most (0: all); the
				 * others are a sample drawn from
				 * (seed, stream) */
	uint64_t seed, stream;
};

struct knn {
	uint32_t k, nref, nnum, dim;
	const struct features *X;	/* borrowed: the rows' features */
	uint32_t *ref;		/* [nref] table rows */
	uint32_t *cls;		/* [nref] classes */
	float *wt;		/* [nref] weights */
	float *dense;		/* [nref * nnum] scaled dense parts */
	double *norm;		/* [nref] each row's length before the
				 * scaling */
	uint32_t *pptr;		/* [dim + 1] postings of each bucket */
	uint32_t *pref;		/* reference positions */
	float *pval;		/* scaled values */
	double *rho;		/* [k] training class shares */
};

void knn_opts_init(struct knn_opts *o);

/*
 * "Train" m on rows[0..nrows) of X with classes y[row] < k (others
 * skipped) and weights w[row] (NULL: 1; <= 0: skipped): keep them, or
 * max_ref of them drawn at random.  X is borrowed while m lives.  o
 * NULL: defaults.  Release with knn_release.
 */
void knn_train(struct knn *m, const struct features *X,
    const uint32_t *rows, size_t nrows, const uint32_t *y, const float *w,
    uint32_t k, const struct knn_opts *o);

/*
 * The up to kmax (<= KNN_KMAX) nearest reference rows of row of X by
 * metric, nearest first: reference positions into nb and their
 * nearness into sim (cosine: the cosine; Euclidean: minus the squared
 * distance); returns how many.  scratch holds nref floats.
 */
uint32_t knn_neighbours(const struct knn *m, const struct features *X,
    uint64_t row, uint32_t kmax, enum knn_metric metric, uint32_t *nb,
    float *sim, float *scratch);

/*
 * knn_neighbours for both metrics at once (one pass over the reference
 * rows): kmax[metric] neighbours (0: that metric is not searched) into
 * nb[metric] and sim[metric], how many into n[metric].
 */
void knn_search(const struct knn *m, const struct features *X, uint64_t row,
    const uint32_t *kmax, uint32_t (*nb)[KNN_KMAX], float (*sim)[KNN_KMAX],
    uint32_t *n, float *scratch);

/*
 * The k probabilities (each at least KNN_PMIN) from the first kuse of
 * the n neighbours nb/sim that knn_neighbours found by metric, with
 * smoothing alpha, into out[0..k).
 */
void knn_probs(const struct knn *m, const uint32_t *nb, const float *sim,
    uint32_t n, uint32_t kuse, enum knn_metric metric, double alpha,
    float *out);

/* knn_neighbours then knn_probs with o's k, metric and alpha; scratch
 * as above. */
void knn_predict(const struct knn *m, const struct features *X,
    uint64_t row, const struct knn_opts *o, float *out, float *scratch);

/* Free what m owns; NULL is fine. */
void knn_release(struct knn *m);

/* Lane operations of one query against nref reference rows of X. */
double knn_query_work(const struct features *X, uint64_t nref);

#endif
