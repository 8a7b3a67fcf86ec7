/*
 * pico.h - Probabilistic Iterative COrrection.
 *
 * Rounds of: checkers trained on the current labels judge every row out
 * of fold (a pico_checkers source supplies that evidence: trained models
 * in Mode B, the user's probability files in Mode A); their votes are
 * combined by Bayes' rule with a prior from the row's given label; rows
 * the posterior is sure about are relabelled for the next round's
 * training only.  Reviewed rows are clamped: their label is the
 * reviewer's, always.  The result holds, per row, the suggestion, its
 * probability, the given label's probability (quality), flags and the
 * label history; and, for the dataset, the expected number of wrong
 * labels and the estimated noise matrix.  See docs/pico.md.
 */
#ifndef WINNOW_PICO_H
#define WINNOW_PICO_H

#include <stdint.h>

#include "core/pico/kmat.h"
#include "core/pico/post.h"
#include "core/util/err.h"
#include "core/util/progress.h"
#include "core/pico/vote.h"

enum pico_prior {
	PICO_PRIOR_CJ,		/* calibrated confident joint (default) */
	PICO_PRIOR_EPS		/* 1 - eps on the given label */
};

enum pico_carry {
	PICO_CARRY_NONE,	/* prior from the given label every round */
	PICO_CARRY_HMM		/* predict step pi = A^T b(t-1), stay s */
};

/* (The values are stored in saved models: new rules go at the end.) */
enum pico_flag {
	PICO_FLAG_BUDGET,	/* the round(sum(1-q)) lowest-q rows */
	PICO_FLAG_ARGMAX,	/* b(best other class) > q and >= tau */
	PICO_FLAG_Q,		/* q < tau */
	PICO_FLAG_CJ,		/* the lowest-q rows, as many as confident
				 * learning flags on the same evidence
				 * (with two classes: as many in each
				 * given class), none the checkers put in
				 * its given class */
	PICO_FLAG_AUTO		/* budget with trained checkers, cj with
				 * fixed evidence (default; docs/pico.md) */
};

/* The threshold of the q rule when tau is not given (docs/pico.md has
 * the measurements behind it) and of the argmax rule. */
#define PICO_TAU_Q 0.6
#define PICO_TAU_ARGMAX 0.5

enum pico_calib {
	PICO_CALIB_NONE,	/* the evidence as pooled */
	PICO_CALIB_TEMP,	/* times a temperature fitted to the given
				 * labels out of fold */
	PICO_CALIB_AUTO,	/* none with trained checkers, sharpen with
				 * fixed evidence (default; docs/pico.md) */
	PICO_CALIB_SHARPEN	/* the fitted temperature when it is below
				 * 1 (timid evidence), else none */
};

struct pico_opts {
	enum pico_prior prior;
	double eps;		/* PICO_PRIOR_EPS: 0.1 */
	double alpha;		/* smoothing of the cj prior rows: 2 */
	enum pico_carry carry;
	double stay;		/* PICO_CARRY_HMM: s = 0.9 */
	struct vote_opts vote;
	double tau_relabel;	/* relabel for training when max b >= 0.9 */
	enum pico_calib calibrate;
	double gate;		/* the checkers must beat the class shares
				 * by this many nats of log-likelihood of
				 * the given labels (and PICO_GATE_PER_ROW
				 * a row), else nothing is flagged:
				 * PICO_GATE; 0: no gate */
	enum pico_flag flag;
	double tau;		/* for the argmax and q rules; NAN: the
				 * rule's default (PICO_TAU_*) */
	double doubt;		/* a flagged row whose best other class
				 * has less than doubt x (1 - q) is
				 * doubtful: no suggestion: 0.5 */
	double auto_fix;	/* b(suggestion) >= 0.95 */
	double ambiguous;	/* top two within 0.1 */
	uint32_t rounds;	/* T_max: 5 */
	uint32_t folds;		/* F: never relabel a class below 2F rows */
	float clamp_weight;	/* training weight of reviewed rows: 1 */
	uint32_t force_topr;	/* 0: dense beliefs while N*K is small */
	int threads;		/* for the per-row work; 0: online cores
				 * (results never depend on it) */
};

/*
 * The gate's default (nats), docs/pico.md "Skill gate".  With labels
 * unrelated to the features the gain would be half a chi-square with
 * one degree of freedom, over 3 nats on 0.7% of files, were the rows'
 * evidence independent; out-of-fold evidence is not (two rows in
 * different folds each train the checker that judges the other, and
 * --model auto chooses its mix on the rows it is then measured on).  On
 * 720 generated files with unrelated labels the gain passed 3 nats on
 * 2.8% with trained checkers and on 4.0% with a 5-fold logistic
 * regression's probabilities, 6.75 nats on 1 and 3 of them.
 */
#define PICO_GATE 6.75

/*
 * The gate's second bar: the gain must also reach this many nats a row
 * measured.  Half a chi-square does not grow with the rows, but on 27
 * files of a million rows whose labels mean nothing the gain passed
 * 6.75 nats once, at 7.3 (out of fold the rows' evidence is not
 * independent, as above; that run flagged 21% of the rows), and a
 * gain that small moves no single row: 0.001 a row is two classes told
 * apart 52 times in 100.  The noisy copies of `make eval` that flag
 * anything gain 0.026 a row or more (docs/pico.md "Skill gate").  A gate
 * of 0 switches both bars off.
 */
#define PICO_GATE_PER_ROW 0.001

/* The defaults above. */
void pico_opts_init(struct pico_opts *o);

/* The threshold the flag rule of o uses. */
double pico_tau(const struct pico_opts *o);

/* The rule o->flag stands for when the evidence is fixed (Mode A) or
 * not: never PICO_FLAG_AUTO. */
enum pico_flag pico_flag_rule(const struct pico_opts *o, int fixed);

/* The calibration o asks for: PICO_CALIB_AUTO resolved for trained
 * checkers (fixed 0) or fixed evidence (fixed 1, --probs). */
enum pico_calib pico_calib_rule(const struct pico_opts *o, int fixed);

/* 1 when the beliefs take the fitted gamma (the skill's, the inverse
 * temperature) under o's calibration for fixed or trained evidence. */
int pico_calib_applied(const struct pico_opts *o, int fixed, double gamma);

/* Where each round's evidence comes from. */
struct pico_checkers {
	/*
	 * Fill src with the checkers' out-of-fold probabilities for round t
	 * after training on ytrain (LABELS_NONE: not trained on) with
	 * per-row weights w.  Return 0, or -1 with e filled.  src is the
	 * src member of a zeroed struct vote_set: top-r predictions go
	 * there, through vote_set_of(src) (vote.h).
	 */
	int (*round)(void *ctx, uint32_t t, const uint32_t *ytrain,
	    const float *w, struct vote_src *src, const struct progress *p,
	    struct err *e);
	/* Release what round() put in src (and its vote_set). */
	void (*done)(void *ctx, struct vote_src *src);
	void *ctx;
	int fixed;		/* the evidence never changes (Mode A) */
};

/*
 * How well the checkers predict the given labels, out of fold (round 1,
 * before any relabelling).  gain is the log-likelihood of the given
 * labels under the calibrated pooled evidence less that under the class
 * shares alone, in nats, over the rows measured; under labels unrelated
 * to the features it is about half a chi-square with one degree of
 * freedom, whatever the number of rows.
 */
struct pico_skill {
	uint64_t rows;		/* labelled rows measured */
	double accuracy;	/* argmax of the pooled evidence = given */
	double majority;	/* the largest class's share */
	double gain;		/* nats; >= 0 */
	double gamma;		/* the fitted temperature's inverse */
	int predictive;		/* gain >= the gate and the gate's nats
				 * a row times rows (pico_gate_open) */
	char mix[96];		/* the trained checkers' mix, as
				 * oof_mix_describe puts it ("lr(C=10) 0.7 +
				 * knn(k=5) 0.3"); "" with the user's
				 * probabilities */
};

/* What one round did. */
struct pico_round {
	double expected;	/* sum over rows of 1 - q */
	uint64_t flagged;
	uint64_t relabelled;	/* training labels changed for the next */
};

struct pico_result {
	uint32_t n, k;
	uint32_t rounds;	/* rounds kept (the last one is the result) */
	struct pico_round round[16];
	struct post post;	/* final beliefs */
	uint32_t *suggested;	/* [n] the most probable class other than
				 * the given one (argmax b without one) */
	float *p_suggested;	/* [n] b(suggested) */
	float *quality;		/* [n] b(given); 1 for rows without one */
	uint8_t *flagged;	/* [n] */
	uint8_t *auto_fix;	/* [n] flagged, suggested != given, sure */
	uint8_t *doubtful;	/* [n] flagged with no credible other
				 * class: shown without a suggestion */
	uint8_t *ambiguous;	/* [n] */
	uint8_t *agree;		/* [n] checkers whose argmax is suggested */
	uint8_t *nflagged_rounds; /* [n] rounds in which the row was flagged */
	uint32_t *history;	/* [rounds * n] training label of each round */
	float *qhist;		/* [rounds * n] q of each round */
	double expected;	/* expected number of wrong labels */
	double corrections;	/* expected right suggestions, the sum of
				 * b(suggested) over the rows the budget
				 * could flag: its own count; NAN without
				 * one (another rule, Mode A's cj, or no
				 * skill) */
	double joint_over;	/* confident learning's count of wrong
				 * labels on the same evidence when the
				 * budget rule flagged by it, being above
				 * corrections; else 0 */
	uint64_t nflagged;
	struct kmat noise;	/* p(true = c | given = g), row g */
	double *class_noise;	/* [k] 1 - noise[g][g] */
	uint32_t checkers;	/* predictions per row (m) */
	uint32_t *votes;	/* [checkers * n]: checker m's most
				 * probable class of row i at m * n + i
				 * (the last round's) */
	char **kind;		/* [checkers] what kind of checker each is
				 * ("logistic regression", ...) */
	struct pico_skill skill;
};

/* No temperature sharpens the evidence past this (perfectly separated
 * labels would otherwise ask for an infinite one). */
#define PICO_GAMMA_MAX 16.0

/*
 * Whether a gain of gain nats over rows measured rows opens a gate of gate
 * nats: it must reach both the gate and PICO_GATE_PER_ROW a row; a gate
 * of 0 (or less) is always open.  pico_gate_bar is the larger of the two
 * bars (0 with the gate off).
 */
int pico_gate_open(double gate, double gain, uint64_t rows);
double pico_gate_bar(double gate, uint64_t rows);

/*
 * Measure the checkers of set against the labels given[] of the rows
 * with want[i] (NULL: all): sk gets their skill (predictive by o->gate),
 * *gamma (may be NULL) the fitted temperature, at most PICO_GAMMA_MAX.
 */
void pico_measure_skill(const struct pico_opts *o, const struct vote_set *set,
    const uint32_t *given, const uint8_t *want, struct pico_skill *sk,
    double *gamma);

/*
 * Run PICO on n rows with k classes and given labels (LABELS_NONE: no
 * given label: such rows get a suggestion but are never flagged).  clamp
 * (may be NULL) holds, per row, a reviewer's label or LABELS_NONE.
 * Fills res (release with pico_result_release).  Fails with ERR_CANCEL
 * when the progress cancel flag is set, or with the source's error.
 */
int pico_run(const struct pico_opts *o, uint32_t n, uint32_t k,
    const uint32_t *given, const uint32_t *clamp,
    struct pico_checkers *ck, const struct progress *p,
    struct pico_result *res, struct err *e);

void pico_result_release(struct pico_result *res);

/*
 * The suggestion for a row whose given label is g: the most probable
 * class of b[0..k) other than g, passing over the classes small[] marks
 * (their share of b is the prior's, not evidence) unless nothing else
 * is left.  Ties go to the lower class.
 */
uint32_t pico_best_other(const double *b, uint32_t k, uint32_t g,
    const uint8_t *small);

#endif
