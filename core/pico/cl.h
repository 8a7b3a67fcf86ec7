/*
 * cl.h - confident learning, as cleanlab 2.x computes it.
 *
 * Input: n rows of out-of-fold probabilities p (row-major n x k doubles,
 * finite, row i = p[i*k .. i*k+k)) and the given labels y[0..n) (classes
 * 0 .. k-1).  Rows whose label is LABELS_NONE (labels.h) are ignored
 * everywhere: they count towards no threshold, joint or class size, are
 * never flagged, and get a NaN quality score.  "n_c" below is the number
 * of rows given class c, "N" the number of labelled rows.
 *
 * Every result matches cleanlab 2.9 (filter.find_label_issues with
 * min_examples_per_class=1, count.compute_confident_joint, rank.
 * get_label_quality_scores) bit for bit, with one deliberate choice:
 * where cleanlab's np.argsort meets equal keys the order here is the
 * stable one (ties by ascending row or column index), which is numpy's
 * own order for arrays of at most 16 elements.  The tests compare with
 * golden files written by cleanlab (tests/data/golden/cleanlab).
 *
 * Matrices are k x k, row-major, indexed [row * k + col]:
 *   confident and calibrated joints: row = given label, col = true label;
 *   prune counts: row = true label, col = given label (cleanlab's
 *   transposed layout).
 */
#ifndef WINNOW_CL_H
#define WINNOW_CL_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"

enum cl_filter {
	CL_PRUNE_BY_NOISE_RATE,	/* the default */
	CL_PRUNE_BY_CLASS,
	CL_BOTH,		/* noise rate AND class */
	CL_CONFIDENT_LEARNING,	/* the off-diagonal rows of the joint */
	CL_PREDICTED_NEQ_GIVEN,	/* argmax != given label */
	CL_NFILTERS
};

enum cl_score {
	CL_SELF_CONFIDENCE,	/* p[i][y] */
	CL_NORMALIZED_MARGIN	/* (p[i][y] - max other + 1) / 2 */
};

/* Everything the filters share, computed once by cl_init. */
struct cl {
	uint32_t k;
	size_t nrows;		/* rows of p, labelled or not */
	size_t n;		/* labelled rows (N) */
	uint64_t *count;	/* [k] n_c */
	double *thresh;		/* [k] per-class thresholds */
	int64_t *cj;		/* [k*k] confident joint */
	int64_t *cal;		/* [k*k] calibrated joint */
	int64_t *prune;		/* [k*k] prune counts */
	uint8_t *offdiag;	/* [nrows] 1: counted off the diagonal */
	uint32_t *byclass;	/* [n] labelled rows by class, ascending
				 * within a class */
	size_t *start;		/* [k+1] class c is byclass[start[c] ..
				 * start[c+1]) */
};

/*
 * Run steps 1-4 (thresholds, confident joint, calibration, prune counts)
 * on p and y (both borrowed for the call only).  Fails with ERR_SOFTWARE
 * when k is 0, n exceeds 2^32 - 1 rows, or a label is neither below k nor
 * LABELS_NONE.  On success c owns its arrays; free them with cl_release.
 */
int cl_init(struct cl *c, const double *p, const uint32_t *y, size_t n,
    uint32_t k, struct err *e);

/* Release what c owns; NULL and a zeroed struct are fine. */
void cl_release(struct cl *c);

/*
 * Per-class thresholds t[0..k): the mean of p[i][c] over the rows given
 * c, summed with numpy's pairwise sum in row order and divided by n_c;
 * 2.0 for a class nobody was given; then at least 2e-6.
 */
void cl_thresholds(const double *p, const uint32_t *y, size_t n, uint32_t k,
    double *t);

/*
 * The confident joint cj[k*k] (caller's array).  Row i is confident in
 * class j when p[i][j] >= t[j] - 1e-6; it is counted in cj[y][j] for its
 * only confident class, or for its argmax (first maximum) when several
 * are confident, and not at all when none is.  Every diagonal entry is
 * then raised to at least 1.  offdiag (NULL, or n bytes) gets 1 for the
 * rows counted off the diagonal - the confident_learning filter before
 * the final pass - and 0 elsewhere.
 */
void cl_confident_joint(const double *p, const uint32_t *y, size_t n,
    uint32_t k, const double *t, int64_t *cj, uint8_t *offdiag);

/*
 * Calibrate cj to the class sizes count[0..k) into cal[k*k]:
 * c1[i][j] = cj[i][j] / rowsum_i * n_i; total = numpy's pairwise sum of c1
 * in column-major order; c2 = c1 / total * N; each row then rounded with
 * cl_round_preserving_sum.  A class nobody was given gets a zero row.
 */
void cl_calibrate(const int64_t *cj, const uint64_t *count, uint32_t k,
    int64_t *cal);

/*
 * Round row[0..k) to integers out[0..k) whose sum is the row's sum
 * rounded (cleanlab's round_preserving_sum): every entry rounded half to
 * even; while the sums differ by d, add 1 to the min(d, k) entries with
 * the largest row[j] - out[j] (ties: higher j first) or subtract 1 from
 * those with the smallest (ties: lower j first).
 */
void cl_round_preserving_sum(const double *row, uint32_t k, int64_t *out);

/*
 * Prune counts prune[k*k] from the calibrated joint (cleanlab's
 * _keep_at_least_n_per_class with n = 1, frac_noise = 1): the transpose
 * of cal, where a column c with a zero diagonal gets diagonal 1 and every
 * off-diagonal entry lowered by 1 / max(nonzeros - 1, 1), clipped at 0
 * and truncated.  prune[j*k + c] is how many rows given c to flag as
 * really j; the diagonal is how many of class c to keep.
 */
void cl_prune_counts(const int64_t *cal, uint32_t k, int64_t *prune);

/*
 * The label issues of filter f into mask[0..nrows) (1 = flagged).  p and
 * y must be what c was built from.  prune_by_noise_rate: for each class c
 * with more than one row and each j != c, the prune[j][c] rows of c with
 * the largest p[i][j] - p[i][c]; prune_by_class: the n_c - prune[c][c]
 * rows of c with the smallest p[i][c] (classes of more than one row);
 * ties at a cut go to the lower row index.  Last, every filter unflags
 * the rows whose argmax (first maximum), with 1e-6 added to p[i][y], is
 * the given label.  Linear in n * k: cuts are found by selection, not
 * by sorting.
 */
void cl_find_issues(const struct cl *c, const double *p, const uint32_t *y,
    enum cl_filter f, uint8_t *mask);

/*
 * Label quality of every row into score[0..n): self-confidence p[i][y],
 * or normalized margin (p[i][y] - max_{j != y} p[i][j] + 1) / 2 evaluated
 * in that order (with k = 1 the missing maximum counts as 0).  NaN for
 * rows without a label.
 */
void cl_quality(const double *p, const uint32_t *y, size_t n, uint32_t k,
    enum cl_score s, double *score);

/*
 * The flagged rows of mask[0..n) by ascending score (ties by row index)
 * into out (room for every flagged row); returns how many.
 */
size_t cl_rank(const uint8_t *mask, const double *score, size_t n,
    uint32_t *out);

/* "prune_by_noise_rate", ...; NULL for an unknown value. */
const char *cl_filter_name(enum cl_filter f);

/* The filter called name (as cl_filter_name spells it), or -1. */
int cl_filter_parse(const char *name);

/*
 * The estimated noise matrix out[k*k] = p(true = j | given = i): each
 * row of the calibrated joint divided by its sum; the identity row for a
 * class whose row is all zero (nobody was given it).
 */
void cl_noise_matrix(const int64_t *cal, uint32_t k, double *out);

/* Per-class noise rates rate[0..k): 1 - p(true = i | given = i) of
 * cl_noise_matrix (0 for a class nobody was given). */
void cl_noise_rates(const int64_t *cal, uint32_t k, double *rate);

/* The expected number of wrong labels: the sum of the calibrated joint
 * off its diagonal. */
uint64_t cl_expected_errors(const int64_t *cal, uint32_t k);

/*
 * PICO's `cj` prior: out[k*k] with out[i*k + j] = p(true = j | given = i)
 * from the calibrated joint with additive smoothing alpha (>= 0; 0.5 by
 * default): (cal[i][j] + alpha) / (rowsum_i + k * alpha).  A row with no
 * counts is taken as one count on the diagonal, so a class nobody was
 * given keeps its own label most likely.  Every row sums to 1 (up to
 * rounding); with alpha > 0 no entry is 0.
 */
void cl_prior(const int64_t *cal, uint32_t k, double alpha, double *out);

#define CL_PRIOR_ALPHA 0.5

/* --- rows one at a time (many classes) ----------------------------- */

/*
 * Rows of probabilities handed out one at a time, for when the n x k
 * matrix would not fit (1,000 classes x 1,000,000 rows is 8 GB of
 * doubles).  The callbacks must be safe to call from several threads at
 * once (they only read).  Each row has a support: the classes with a
 * value of their own; every other class of the row has one shared
 * value (top-r predictions, post.h, spread their rest mass so).
 */
struct cl_rows {
	size_t n;
	uint32_t k;
	/* row i into out[0..k); buf is k doubles of scratch */
	void (*row)(void *ctx, size_t i, double *out, double *buf);
	/* p[i][c] alone (cheap for c = the row's label) */
	double (*at)(void *ctx, size_t i, uint32_t c);
	/* row i's support, ascending, into cls (room for maxsupport);
	 * returns how many */
	uint32_t (*support)(void *ctx, size_t i, uint32_t *cls);
	uint32_t maxsupport;
	void *ctx;
	int threads;		/* 0: the online processors */
};

/*
 * cl_init on rows given one at a time, in O(n + k^2) memory besides
 * what the callbacks hold: the same thresholds (summed in the same
 * order), confident joint, calibration and prune counts as cl_init on
 * the matrix of those rows, bit for bit, whatever the thread count.
 */
int cl_init_rows(struct cl *c, const struct cl_rows *p, const uint32_t *y,
    struct err *e);

/*
 * cl_find_issues on rows given one at a time: the same rows as
 * cl_find_issues flags on the matrix of those rows, whatever the thread
 * count.  prune_by_noise_rate ranks a row whose support lacks j by the
 * shared value, with one sort of the class's rows, not one per j.
 */
void cl_find_issues_rows(const struct cl *c, const struct cl_rows *p,
    const uint32_t *y, enum cl_filter f, uint8_t *mask);

/* One row's quality score, as cl_quality computes it (NaN when y is not
 * a class). */
double cl_quality_row(const double *row, uint32_t y, uint32_t k,
    enum cl_score s);

#endif
