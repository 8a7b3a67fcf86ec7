/*
 * cl.h - confident learning, as cleanlab 2.x computes it.
 *
 * Input: n rows of out-of-fold probabilities over k classes and the
 * given labels y[0..n) (classes 0 .. k-1).  Rows whose label is
 * LABELS_NONE (labels.h) are ignored everywhere: they count towards no
 * threshold, joint or class size, are never flagged, and get a NaN
 * quality score.  "n_c" below is the number of rows given class c, "N"
 * the number of labelled rows.
 *
 * Every result matches cleanlab 2.9 (filter.find_label_issues with
 * min_examples_per_class=1, count.compute_confident_joint, rank.
 * get_label_quality_scores) bit for bit, with one deliberate choice:
 * where cleanlab's np.argsort meets equal keys the order here is the
 * stable one (ties by ascending row or column index), which is numpy's
 * own order for arrays of at most 16 elements.  The tests compare with
 * golden files written by cleanlab (tests/data/golden/cleanlab).
 *
 * The rows come from a source (struct cl_rows) one at a time, each in
 * compressed form (struct cl_row): the classes with a value of their
 * own and one value shared by every other class.  A matrix in memory is
 * the source whose rows hold every class (cl_init); top-r predictions
 * (post.h, vote.h) are the source whose rows hold the classes some
 * checker kept.  Every step reads a row in O(its support), so many
 * classes cost no O(k) work a row.
 *
 * The k x k matrices are sparse by row (kmat.h): only the pairs that
 * occur are stored.  Joints: row = given label, column = true label.
 * Prune counts: row = given label c, column = true label j: how many
 * rows given c to flag as j; the diagonal is how many of c to keep
 * (cleanlab lays this out transposed).
 */
#ifndef WINNOW_CL_H
#define WINNOW_CL_H

#include <stddef.h>
#include <stdint.h>

#include "core/pico/kmat.h"
#include "core/util/err.h"
#include "core/util/sort.h"

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

/*
 * One row of probabilities: the n classes of its support, ascending
 * (cls NULL: classes 0 .. n-1), their values, and the value of every
 * class outside the support.  With n == k it is a plain row (shared is
 * then never read).
 */
struct cl_row {
	uint32_t n;
	const uint32_t *cls;	/* [n], or NULL */
	const double *val;	/* [n] */
	double shared;
};

/*
 * A source of rows, for when the n x k matrix is not in memory (1,000
 * classes x 1,000,000 rows is 8 GB of doubles) or is: cl_rows_matrix.
 * The callbacks must be safe to call from several threads at once (they
 * only read).
 */
struct cl_rows {
	size_t n;
	uint32_t k;
	/*
	 * Row i into *out.  cls and val are scratch of maxsupport entries
	 * each; out may point into them or into the source.  Valid until
	 * the next call with the same scratch.
	 */
	void (*row)(const struct cl_rows *src, size_t i, struct cl_row *out,
	    uint32_t *cls, double *val);
	/* p[i][c] alone (cheap for c = the row's label) */
	double (*at)(const struct cl_rows *src, size_t i, uint32_t c);
	uint32_t maxsupport;	/* no row's support is larger */
	const void *ctx;	/* the source's own (borrowed) */
	int threads;		/* 0: the online processors */
};

/*
 * The rows of the row-major matrix p (n x k doubles, finite; borrowed
 * while rows is in use), every class in every support, on threads
 * threads.
 */
void cl_rows_matrix(struct cl_rows *rows, const double *p, size_t n,
    uint32_t k, int threads);

/*
 * Call fn(ctx, i, row i) for each row i of p for which want(ctx, i) is
 * true (want NULL: every row), on p->threads threads, rows in chunks
 * with their own scratch.  fn may write only row i's outputs: then
 * nothing depends on the thread count.
 */
void cl_rows_each(const struct cl_rows *p,
    int (*want)(void *ctx, size_t i),
    void (*fn)(void *ctx, size_t i, const struct cl_row *row), void *ctx);

/* Everything the filters share, computed once by cl_init_rows. */
struct cl {
	uint32_t k;
	size_t nrows;		/* rows of p, labelled or not */
	size_t n;		/* labelled rows (N) */
	uint64_t *count;	/* [k] n_c */
	double *thresh;		/* [k] per-class thresholds */
	struct kmat kjoint;	/* confident joint, default 0 */
	struct kmat kcal;	/* calibrated joint, default 0 */
	struct kmat kprune;	/* prune counts, default 0 */
	uint8_t *offdiag;	/* [nrows] 1: counted off the diagonal */
	uint32_t *byclass;	/* [n] labelled rows by class, ascending
				 * within a class */
	size_t *start;		/* [k+1] class c is byclass[start[c] ..
				 * start[c+1]) */
	/*
	 * The three matrices dense and laid out as cleanlab lays them
	 * out ([k*k], [row * k + col]; prune transposed: row = true
	 * label), for comparing with it: filled by cl_init only (its
	 * input is a matrix, so k is small); NULL otherwise.
	 */
	int64_t *cj, *cal, *prune;
};

/*
 * Run steps 1-4 (thresholds, confident joint, calibration, prune
 * counts) on the rows of p and their labels y (both borrowed for the
 * call only), in O(n + k + pairs) memory besides what the source holds,
 * whatever the thread count giving the same bits.  Fails with
 * ERR_SOFTWARE when k is 0, n exceeds 2^32 - 1 rows, or a label is
 * neither below k nor LABELS_NONE.  On success c owns its arrays; free
 * them with cl_release.
 */
int cl_init_rows(struct cl *c, const struct cl_rows *p, const uint32_t *y,
    struct err *e);

/*
 * cl_init_rows on the matrix p (row-major n x k doubles), one thread,
 * which also fills the dense copies cj, cal and prune.
 */
int cl_init(struct cl *c, const double *p, const uint32_t *y, size_t n,
    uint32_t k, struct err *e);

/* Release what c owns; NULL and a zeroed struct are fine. */
void cl_release(struct cl *c);

/*
 * Calibrate the joint cj to the class sizes count[0..k) into cal (built
 * here; release with kmat_release): c1[i][j] = cj[i][j] / rowsum_i *
 * n_i; total = numpy's pairwise sum of the k x k c1 in column-major
 * order; c2 = c1 / total * N; each row then rounded with
 * cl_round_preserving_sum.  A class nobody was given gets a zero row.
 * cal stores what cj stores.
 */
void cl_calibrate(const struct kmat *cj, const uint64_t *count,
    struct kmat *cal);

/*
 * Round row[0..k) to integers out[0..k) whose sum is the row's sum
 * rounded (cleanlab's round_preserving_sum): every entry rounded half to
 * even; while the sums differ by d, add 1 to the min(d, k) entries with
 * the largest row[j] - out[j] (ties: higher j first) or subtract 1 from
 * those with the smallest (ties: lower j first).
 */
void cl_round_preserving_sum(const double *row, uint32_t k, int64_t *out);

/*
 * Prune counts from the calibrated joint into prune (built here)
 * (cleanlab's _keep_at_least_n_per_class with n = 1, frac_noise = 1):
 * row c of cal, where a zero diagonal becomes 1 and every off-diagonal
 * entry is lowered by 1 / max(nonzeros - 1, 1), clipped at 0 and
 * truncated.
 */
void cl_prune_counts(const struct kmat *cal, struct kmat *prune);

/*
 * The label issues of filter f into mask[0..nrows) (1 = flagged).  p and
 * y must be what c was built from.  prune_by_noise_rate: for each class c
 * with more than one row and each j != c, the prune[c][j] rows of c with
 * the largest p[i][j] - p[i][c]; prune_by_class: the n_c - prune[c][c]
 * rows of c with the smallest p[i][c] (classes of more than one row);
 * ties at a cut go to the lower row index.  Last, every filter unflags
 * the rows whose argmax (first maximum), with 1e-6 added to p[i][y], is
 * the given label.  Linear in the rows' supports: no sort of a class's
 * rows per j (a row whose support lacks j is ranked by its shared value,
 * with one sort of the class's rows), whatever the thread count giving
 * the same rows.
 */
void cl_find_issues_rows(const struct cl *c, const struct cl_rows *p,
    const uint32_t *y, enum cl_filter f, uint8_t *mask);

/* cl_find_issues_rows on the matrix p that c was built from by
 * cl_init. */
void cl_find_issues(const struct cl *c, const double *p, const uint32_t *y,
    enum cl_filter f, uint8_t *mask);

/*
 * One row's quality score: self-confidence p[y], or normalized margin
 * (p[y] - max_{j != y} p[j] + 1) / 2 evaluated in that order (with k = 1
 * the missing maximum counts as 0).  NaN when y is not a class.
 */
double cl_quality_row(const struct cl_row *r, uint32_t k, uint32_t y,
    enum cl_score s);

/* cl_quality_row of every row of the matrix p[n*k] into score[0..n). */
void cl_quality(const double *p, const uint32_t *y, size_t n, uint32_t k,
    enum cl_score s, double *score);

/* The first class of the largest value of r (np.argmax), with bonus
 * added to class y first (y >= k: no bonus). */
uint32_t cl_row_argmax(const struct cl_row *r, uint32_t k, uint32_t y,
    double bonus);

/* Where class c is in r's support, or UINT32_MAX. */
static inline uint32_t
cl_row_index(const struct cl_row *r, uint32_t c)
{
	size_t i;

	if (!r->cls)
		return c < r->n ? c : UINT32_MAX;
	i = sort_lower_u32(r->cls, 0, r->n, c);
	return i < r->n && r->cls[i] == c ? (uint32_t)i : UINT32_MAX;
}

/* The value of class c in r. */
static inline double
cl_row_at(const struct cl_row *r, uint32_t c)
{
	uint32_t s = cl_row_index(r, c);

	return s == UINT32_MAX ? r->shared : r->val[s];
}

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
 * The estimated noise matrix p(true = j | given = i) into out (built
 * here): each row of the calibrated joint divided by its sum; the
 * identity row for a class whose row is all zero (nobody was given it).
 */
void cl_noise_matrix(const struct kmat *cal, struct kmat *out);

/* Per-class noise rates rate[0..k): 1 - p(true = i | given = i) of
 * cl_noise_matrix (0 for a class nobody was given). */
void cl_noise_rates(const struct kmat *cal, double *rate);

/* The expected number of wrong labels: the sum of the calibrated joint
 * off its diagonal. */
uint64_t cl_expected_errors(const struct kmat *cal);

/*
 * PICO's `cj` prior p(true = j | given = i) into out (built here) from
 * the calibrated joint with additive smoothing alpha (>= 0; 0.5 by
 * default): (cal[i][j] + alpha) / (rowsum_i + k * alpha).  A row with no
 * counts is taken as one count on the diagonal, so a class nobody was
 * given keeps its own label most likely.  Every row sums to 1 (up to
 * rounding); with alpha > 0 no entry is 0.
 */
void cl_prior(const struct kmat *cal, double alpha, struct kmat *out);

#define CL_PRIOR_ALPHA 0.5

#endif
