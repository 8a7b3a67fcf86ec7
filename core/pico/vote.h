/*
 * vote.h - combining checkers' soft votes by Bayes' rule.
 *
 * Each row is judged by m checkers that never trained on it (one per
 * repeat of the splits, or one per user probability file).  A checker's
 * posterior P(k) is turned into a scaled likelihood by dividing out the
 * class frequency rho(k) it was trained on; the likelihoods are pooled
 * log-linearly with a weight beta; the row's prior pi (from its given
 * label) turns the evidence into a posterior b(k) = pi(k) exp(E(k)) / Z,
 * computed in log space.
 *
 * The predictions come dense (p: n*k floats per checker) or, with many
 * classes, in top-r form (top: post.h rows of the r most probable
 * classes, the row's keep class and a rest mass).  In top-r form a class
 * a checker did not keep gets that checker's rest mass spread evenly
 * over the classes it did not keep (post_spread); with r >= k the two
 * forms give the same numbers bit for bit.
 */
#ifndef WINNOW_VOTE_H
#define WINNOW_VOTE_H

#include <stdint.h>

#include "core/pico/cl/cl.h"
#include "core/pico/oof.h"
#include "core/pico/post.h"

#define VOTE_FLOOR 1e-6		/* probabilities are clipped below here */

/* One round's evidence: m predictions for each of n rows, dense. */
struct vote_src {
	uint32_t n, k, m;
	float **p;		/* [m] -> n*k probabilities, row-major; NULL
				 * in top-r form (vote_set) */
	uint32_t **who;		/* [m] -> per row: the checker that scored it
				 * (index into rho[m]); NULL: checker 0 */
	double **rho;		/* [m] -> [checkers * k] training class
				 * frequencies, each row summing to 1 */
	const char *const *kind; /* [m] the kind of each prediction's
				 * checker ("logistic regression"), or
				 * NULL: unnamed */
};

/*
 * The same evidence in either form.  pico_run hands each source's
 * round() the src member of a zeroed vote_set: a dense source fills src
 * as it always did; a top-r source fills n, k, m, who and rho there and
 * top and keep here, through vote_set_of(src).
 */
struct vote_set {
	struct vote_src src;
	struct post **top;	/* [m] -> n rows of top-r predictions, or
				 * NULL: src.p is dense */
	const uint32_t *keep;	/* [n] the class each top row keeps
				 * whatever its rank (its given label);
				 * NULL: none */
	double **lrho;		/* [m] -> log rho, laid out as rho; NULL:
				 * computed when needed (vote_set_logs) */
};

/*
 * The out-of-fold predictions out as S's evidence: repeat r is source r,
 * each row judged by the checker of its fold, with that checker's
 * training class shares; top-r predictions keep keep[i] (the given
 * labels) whatever its rank.  S's arrays are made here and point into
 * out, which must outlive them; vote_set_oof_release frees the arrays
 * (not out) and zeroes S's source (not lrho: vote_set_logs_free's).
 * S->src.kind is the caller's.
 */
void vote_set_oof(struct vote_set *S, const struct oof *out,
    const uint32_t *keep);
void vote_set_oof_release(struct vote_set *S);

/* The vote_set whose first member src is (only for such a src). */
static inline struct vote_set *
vote_set_of(struct vote_src *src)
{
	return (struct vote_set *)(void *)src;
}

enum vote_pool {
	VOTE_LOGLINEAR,		/* E = beta * sum_m log l_m (default) */
	VOTE_MEAN		/* E = log mean_m l_m (the ablation) */
};

enum vote_beta {
	VOTE_BETA_ONE,		/* beta = 1 */
	VOTE_BETA_SQRT,		/* beta = 1 / sqrt(m) (default) */
	VOTE_BETA_INV		/* beta = 1 / m */
};

struct vote_opts {
	enum vote_pool pool;
	enum vote_beta beta;
};

/* beta for m checkers. */
double vote_beta(enum vote_beta b, uint32_t m);

/*
 * Fill s->lrho with log rho (owned by s until vote_set_logs_free): the
 * evidence is the same with or without it, only faster.
 */
void vote_set_logs(struct vote_set *s);
void vote_set_logs_free(struct vote_set *s);

/*
 * Log-evidence of row i: E[0..k).  A class a checker never saw in
 * training (rho 0) gets no vote from that checker (a likelihood of 1):
 * an untrained output says nothing about it.
 */
void vote_evidence(const struct vote_src *src, const struct vote_opts *o,
    uint32_t i, double *E);

/* The same for either form; in top-r form buf holds k doubles (NULL:
 * allocated for the call), dense ignores it. */
void vote_set_evidence(const struct vote_set *s, const struct vote_opts *o,
    uint32_t i, double *E, double *buf);

/*
 * The mean of row i's m predictions, out[0..k) (top-r: the spread rule
 * above; buf holds k doubles, unused when dense).  Added in checker
 * order and divided by m, as the dense mean always was.
 */
void vote_mean_row(const struct vote_set *s, uint32_t i, double *out,
    double *buf);

/* The mean of row i's predictions of class c alone: O(m) when c is the
 * row's keep class, O(m r) otherwise. */
double vote_mean_at(const struct vote_set *s, uint32_t i, uint32_t c);

/*
 * The classes with a value of their own in row i's mean: dense, every
 * class; top-r, those some checker kept, and the keep class.  Writes
 * them ascending into cls (room for vote_support_max(s)), returns how
 * many.  Every other class has the same mean value.
 */
uint32_t vote_mean_support(const struct vote_set *s, uint32_t i,
    uint32_t *cls);
uint32_t vote_support_max(const struct vote_set *s);

/*
 * The mean rows above as confident learning's row source (cl.h), on
 * threads threads: dense, every class; top-r, the support with each
 * class's mean and the classes outside it sharing the mean of the
 * checkers' spread values (no O(k) work a row).  s is borrowed while
 * rows is in use.
 */
void vote_mean_rows(const struct vote_set *s, int threads,
    struct cl_rows *rows);

/*
 * Posterior b[0..k) from log-prior logpi[0..k) and evidence E[0..k):
 * b = softmax(logpi + E).  Prior entries of -inf give 0.
 */
void vote_posterior(uint32_t k, const double *logpi, const double *E,
    double *b);

/*
 * The temperature of the evidence: the gamma >= 0 that maximises the
 * log-likelihood of the given labels y under s_i = softmax(gamma E_i +
 * logprior), E_i being vote_set_evidence of row i, over the labelled
 * rows with want[i] (NULL: all) - a deterministic sample of them when
 * rows x k passes VOTE_FIT_CELLS.  The predictions are out of fold, so
 * the fit cannot learn a row's own label.
 */
#define VOTE_FIT_CELLS (1u << 23)

struct vote_fit {
	uint64_t rows;		/* rows measured */
	double gamma;
	double gain;		/* log-likelihood at gamma less at 0 */
	double accuracy;	/* argmax(E + logprior) = y */
};

void vote_fit(const struct vote_set *s, const struct vote_opts *o,
    const uint32_t *y, const uint8_t *want, const double *logprior,
    int threads, struct vote_fit *out);

/* The argmax of each checker for row i equal to c: how many agree. */
uint32_t vote_agree(const struct vote_src *src, uint32_t i, uint32_t c);

/* The same for either form (top-r: each checker's first kept class). */
uint32_t vote_set_agree(const struct vote_set *s, uint32_t i, uint32_t c);

/* Checker m's most probable class of row i (ties to the lower class). */
uint32_t vote_set_top(const struct vote_set *s, uint32_t m, uint32_t i);

#endif
