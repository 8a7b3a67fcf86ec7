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
 */
#ifndef WINNOW_VOTE_H
#define WINNOW_VOTE_H

#include <stdint.h>

#define VOTE_FLOOR 1e-6		/* probabilities are clipped below here */

/* One round's evidence: m predictions for each of n rows. */
struct vote_src {
	uint32_t n, k, m;
	float **p;		/* [m] -> n*k probabilities, row-major */
	uint32_t **who;		/* [m] -> per row: the checker that scored it
				 * (index into rho[m]); NULL: checker 0 */
	double **rho;		/* [m] -> [checkers * k] training class
				 * frequencies, each row summing to 1 */
};

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
 * Log-evidence of row i: E[0..k).  A class a checker never saw in
 * training (rho 0) gets no vote from that checker (a likelihood of 1):
 * an untrained output says nothing about it.
 */
void vote_evidence(const struct vote_src *src, const struct vote_opts *o,
    uint32_t i, double *E);

/*
 * Posterior b[0..k) from log-prior logpi[0..k) and evidence E[0..k):
 * b = softmax(logpi + E).  Prior entries of -inf give 0.
 */
void vote_posterior(uint32_t k, const double *logpi, const double *E,
    double *b);

/* The argmax of each checker for row i equal to c: how many agree. */
uint32_t vote_agree(const struct vote_src *src, uint32_t i, uint32_t c);

#endif
