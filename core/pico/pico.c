/*
 * pico.c - the PICO rounds.
 *
 * Invariants: the class dictionary (k) never changes; given labels never
 * change; training labels ytrain start as the given ones and move only
 * where the posterior is at least tau_relabel sure and the class left
 * behind keeps 2F rows; clamped rows train with their reviewer's label
 * and believe it fully.  A round whose expected error count is higher
 * than the previous round's is dropped and ends the run (extra rounds on
 * a weak checker only add noise).
 */
#include "core/pico/pico.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/picoprior.h"
#include "core/data/labels.h"
#include "core/util/parfor.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

void
pico_opts_init(struct pico_opts *o)
{
	*o = (struct pico_opts){ .prior = PICO_PRIOR_CJ, .eps = 0.1, .alpha = 2,
	    .carry = PICO_CARRY_NONE, .stay = 0.9,
	    .vote = { .pool = VOTE_LOGLINEAR, .beta = VOTE_BETA_SQRT },
	    .tau_relabel = 0.9, .calibrate = PICO_CALIB_AUTO, .gate = PICO_GATE,
	    .flag = PICO_FLAG_AUTO, .tau = NAN, .doubt = 0.5, .auto_fix = 0.95,
	    .ambiguous = 0.1, .rounds = 5, .folds = 5, .clamp_weight = 1 };
}

double
pico_tau(const struct pico_opts *o)
{
	if (!isnan(o->tau))
		return o->tau;
	return o->flag == PICO_FLAG_ARGMAX ? PICO_TAU_ARGMAX : PICO_TAU_Q;
}

enum pico_flag
pico_flag_rule(const struct pico_opts *o, int fixed)
{
	if (o->flag != PICO_FLAG_AUTO)
		return o->flag;
	return fixed ? PICO_FLAG_CJ : PICO_FLAG_BUDGET;
}

/*
 * Your model's probabilities (--probs) come calibrated however its
 * training left them, and their evidence meets a prior built from their
 * own joint.  Timid probabilities (a fitted temperature below 1: a
 * strongly regularised model) weigh too little against that prior, and
 * the fitted gamma sharpens them.  A temperature above 1 is not taken:
 * fitted to labels some of which are wrong, it mostly measures those
 * wrong labels, which any model meets as confident mistakes, and
 * flattening the evidence would blunt exactly what finds them.  On the
 * noisy copies of `make eval`, Mode A at least confident learning's F1
 * on 72 of 81 with a logistic regression's probabilities (63 without a
 * temperature, 73 with it both ways), 65 with a random forest's (64 and
 * 60) and 52 with k nearest neighbours' (52 and 42).  The trained
 * checkers' pool is already chosen by out-of-fold log loss, and the
 * temperature cost their flags F1 (docs/pico.md, "Mode A").
 */
enum pico_calib
pico_calib_rule(const struct pico_opts *o, int fixed)
{
	if (o->calibrate != PICO_CALIB_AUTO)
		return o->calibrate;
	return fixed ? PICO_CALIB_SHARPEN : PICO_CALIB_NONE;
}

/* Whether calibration c (resolved) takes the fitted gamma. */
static int
calib_takes(enum pico_calib c, double gamma)
{
	return c == PICO_CALIB_TEMP || (c == PICO_CALIB_SHARPEN && gamma > 1);
}

int
pico_calib_applied(const struct pico_opts *o, int fixed, double gamma)
{
	return calib_takes(pico_calib_rule(o, fixed), gamma);
}

void
pico_result_release(struct pico_result *r)
{
	if (!r)
		return;
	xfree_strv(r->kind, r->checkers);
	FREE_ALL(r->votes, r->doubtful);
	post_release(&r->post);
	FREE_ALL(r->suggested, r->p_suggested, r->quality, r->flagged,
	    r->auto_fix, r->ambiguous, r->agree, r->nflagged_rounds, r->history,
	    r->qhist);
	kmat_release(&r->noise);
	free(r->class_noise);
	memset(r, 0, sizeof *r);
}

/* One round's per-row outcome, before it is accepted. */
struct round_out {
	struct post post;
	uint32_t *suggested, *argmax;
	uint32_t *top;		/* [n] the checkers' own most probable class:
				 * argmax of the evidence and class shares */
	uint32_t *votes;	/* [m * n] each checker's top class */
	float *p_suggested, *quality;
	uint8_t *agree, *flagged, *close;
	double expected;
	double cj_wrong;	/* the confident joint's wrong labels */
	const double *cj_class;	/* [k] cj_wrong by given class */
	double corrections;	/* the budget's sum of b(suggested) */
	double by_joint;	/* the budget flagged by cj_wrong, the
				 * larger count: it; else 0 */
	uint64_t nflagged;
};

static void
round_alloc(struct round_out *R, uint32_t n, uint32_t k, uint32_t force_r,
    int with_post)
{
	size_t nn = n ? n : 1;

	memset(R, 0, sizeof *R);
	if (with_post)
		post_init(&R->post, n, k, force_r);
	R->suggested = xcalloc(nn, sizeof *R->suggested);
	R->argmax = xcalloc(nn, sizeof *R->argmax);
	R->top = xcalloc(nn, sizeof *R->top);
	R->p_suggested = xcalloc(nn, sizeof *R->p_suggested);
	R->quality = xcalloc(nn, sizeof *R->quality);
	R->agree = xcalloc(nn, 1);
	R->flagged = xcalloc(nn, 1);
	R->close = xcalloc(nn, 1);
}

static void
round_free(struct round_out *R)
{
	post_release(&R->post);
	FREE_ALL(R->suggested, R->argmax, R->top, R->votes, R->p_suggested,
	    R->quality, R->agree, R->flagged, R->close);
	memset(R, 0, sizeof *R);
}

/*
 * Can row i be flagged?  Not without a given label, not when a reviewer
 * settled it, and not when its given class is too small to be judged
 * (small[]: with trained checkers, a class of one row, which no checker
 * ever sees while that row is held out).
 */
static int
judged(uint32_t i, const uint32_t *given, const uint32_t *clamp,
    const uint8_t *small)
{
	return given[i] != LABELS_NONE && !small[given[i]] &&
	    (!clamp || clamp[i] == LABELS_NONE);
}

/* The rows that can be flagged, by ascending quality, ties by row
 * index; *sum gets their expected number of right suggestions, the sum
 * of b(suggested). */
static uint32_t *
rank_by_quality(const float *quality, const float *p_suggested,
    const uint32_t *given, const uint32_t *clamp, const uint8_t *small,
    uint32_t n, uint32_t *nrank, double *sum)
{
	uint32_t *idx = xmalloc((n ? n : 1) * sizeof *idx), i, m = 0;
	double *key = xmalloc((n ? n : 1) * sizeof *key);

	*sum = 0;
	for (i = 0; i < n; i++) {
		key[i] = quality[i];
		if (judged(i, given, clamp, small)) {
			idx[m++] = i;
			*sum += p_suggested[i];
		}
	}
	sort_idx_by_double(idx, m, key);
	free(key);
	*nrank = m;
	return idx;
}

/*
 * The cj rule on two classes: in each given class as many rows as
 * confident learning flags there, the lowest q first, passing over
 * (without counting) a row the checkers themselves put in its given
 * class, as confident learning does.  A model's probabilities lean
 * towards one of two classes, so one order over all rows takes too many
 * rows from one class and too few from the other, while the joint
 * counts each class on a threshold of its own.  With more classes each
 * class's count is a sum of thin cells of the joint, and one order over
 * all rows did better (docs/pico.md, "Mode A").
 */
static void
flag_by_class(struct round_out *R, const uint32_t *idx, uint32_t m,
    uint32_t k, const uint32_t *given)
{
	double *left = xmalloc(((size_t)k + 1) * sizeof *left);
	uint32_t i, r;

	memcpy(left, R->cj_class, (size_t)k * sizeof *left);
	for (i = 0; i < m; i++) {
		r = idx[i];
		if (R->top[r] == given[r] || !(left[given[r]] >= 0.5))
			continue;
		left[given[r]] -= 1;
		R->flagged[r] = 1;
		R->nflagged++;
	}
	free(left);
}

static void
flag_rows(const struct pico_opts *o, enum pico_flag rule,
    struct round_out *R, uint32_t n, uint32_t k, const uint32_t *given,
    const uint32_t *clamp, const uint8_t *small, int predictive)
{
	uint32_t i, m, *idx;
	uint64_t budget;
	double sum, tau = pico_tau(o);

	R->nflagged = 0;
	R->by_joint = 0;
	R->corrections = NAN;
	if (!predictive)
		return;
	if (rule == PICO_FLAG_CJ && isnan(R->cj_wrong))
		rule = PICO_FLAG_BUDGET;	/* the eps prior has no joint */
	if (rule == PICO_FLAG_BUDGET || rule == PICO_FLAG_CJ) {
		idx = rank_by_quality(R->quality, R->p_suggested, given,
		    clamp, small, n, &m, &sum);
		if (rule == PICO_FLAG_BUDGET)
			R->corrections = sum;
		/* budget: the larger of two counts of wrong labels, the
		 * beliefs' expected right suggestions, sum(b(suggested)),
		 * and confident learning's joint.  Not sum(1 - q): with
		 * many classes and weak checkers a right label's missing
		 * belief is spread thin over the other classes, and those
		 * crumbs add up to thousands of wrong labels that nothing
		 * would correct (1,000 classes x 20 rows: 5,949 for 2,036;
		 * two classes: the same sum).  Each count falls short where
		 * the other does not: checkers that learnt class-dependent
		 * flips leave a wrong row's b(suggested) near one half, so
		 * the sum undercounts (digits c20), while the joint counts
		 * rows the checkers call another class with confidence,
		 * which such checkers still do; where the checkers are weak
		 * both run over, and the agreement rule below keeps the
		 * flags down (docs/pico.md, "Flags") */
		/* (fmax passes over the NAN joint of the eps prior) */
		budget = (uint64_t)llround(rule == PICO_FLAG_CJ ? R->cj_wrong :
		    fmax(sum, R->cj_wrong));
		if (rule == PICO_FLAG_BUDGET && !isnan(R->cj_wrong) &&
		    llround(R->cj_wrong) > llround(sum))
			R->by_joint = R->cj_wrong;
		if (rule == PICO_FLAG_CJ && k == 2 && R->cj_class) {
			flag_by_class(R, idx, m, k, given);
			free(idx);
			return;
		}
		for (i = 0; i < m && i < budget; i++) {
			/* cj, as confident learning does: never a row that
			 * the checkers themselves put in its given class */
			if (rule == PICO_FLAG_CJ &&
			    R->top[idx[i]] == given[idx[i]])
				continue;
			/* budget: never a row none of whose checkers has its
			 * suggestion as their most probable class.  Weak
			 * checkers leave many rows with a low q that no
			 * checker calls another class; a card saying "0 of 3
			 * checkers agree" spends a reviewer on a row the
			 * evidence does not call wrong (docs/pico.md,
			 * "Flags") */
			if (rule == PICO_FLAG_BUDGET && R->agree[idx[i]] == 0)
				continue;
			R->flagged[idx[i]] = 1;
			R->nflagged++;
		}
		free(idx);
		return;
	}
	for (i = 0; i < n; i++) {
		if (!judged(i, given, clamp, small))
			continue;
		if (rule == PICO_FLAG_ARGMAX)
			R->flagged[i] = R->p_suggested[i] > R->quality[i] &&
			    R->p_suggested[i] >= tau;
		else
			R->flagged[i] = R->quality[i] < tau;
		R->nflagged += R->flagged[i];
	}
}

/* Rows per believe task: each task has its own scratch. */
#define BELIEVE_CHUNK 1024

/*
 * What a believe pass stores: everything; the per-row outputs without
 * the beliefs themselves; the beliefs alone (the same numbers again).
 */
enum believe_pass { PASS_ALL, PASS_ROWS, PASS_POST };

struct believe_job {
	enum believe_pass pass;
	const struct pico_opts *o;
	uint32_t n, k;
	const uint32_t *given, *clamp;
	const double *marg;
	const struct kmat *logq;
	const struct vote_set *set;
	const struct post *prevb;
	double gamma;		/* the evidence's temperature, inverted */
	const uint8_t *small;	/* [k] classes no trained checker can learn */
	struct round_out *R;
	double *miss;		/* [n] 1 - b(given) */
};

/* The two largest of b[0..k), as post_top reads them back from a store
 * (floats). */
static void
top_two(const double *b, uint32_t k, double *top2)
{
	uint32_t c, f = 0, s = k > 1 ? 1 : 0;

	if (k > 1 && b[1] > b[0]) {
		f = 1;
		s = 0;
	}
	for (c = 2; c < k; c++) {
		if (b[c] > b[f]) {
			s = f;
			f = c;
		} else if (b[c] > b[s]) {
			s = c;
		}
	}
	top2[0] = (float)b[f];
	top2[1] = k > 1 ? (float)b[s] : 0;
}

/* The suggestion is always another class (pico.h). */
uint32_t
pico_best_other(const double *b, uint32_t k, uint32_t g,
    const uint8_t *small)
{
	uint32_t c, best = UINT32_MAX, any = UINT32_MAX;

	for (c = 0; c < k; c++) {
		if (c == g)
			continue;
		if (any == UINT32_MAX || b[c] > b[any])
			any = c;
		if (!small[c] && (best == UINT32_MAX || b[c] > b[best]))
			best = c;
	}
	return best != UINT32_MAX ? best : any;
}

static void
believe_chunk(void *ctx, size_t ch)
{
	struct believe_job *J = ctx;
	const struct pico_opts *o = J->o;
	struct round_out *R = J->R;
	uint32_t k = J->k, i, c, best, cls2[2];
	uint32_t lo = (uint32_t)(ch * BELIEVE_CHUNK), hi;
	double *E = xmalloc(k * sizeof *E), *lp = xmalloc(k * sizeof *lp);
	double *b = xmalloc(k * sizeof *b), top2[2];
	double *buf = xmalloc(k * sizeof *buf);
	uint32_t *scratch = xmalloc(k * sizeof *scratch);

	hi = J->n - lo < BELIEVE_CHUNK ? J->n : lo + BELIEVE_CHUNK;
	for (i = lo; i < hi; i++) {
		uint32_t g = J->given[i];

		if (J->clamp && J->clamp[i] != LABELS_NONE) {
			for (c = 0; c < k; c++)
				b[c] = c == J->clamp[i];
		} else {
			vote_set_evidence(J->set, &o->vote, i, E, buf);
			/* the checkers' own class, before the temperature:
			 * one that flattens the evidence would move it to
			 * the largest class, and the cj rule would pass over
			 * rows their checkers call another class */
			if (J->pass != PASS_POST) {
				uint32_t t = 0;

				for (c = 1; c < k; c++)
					if (E[c] + log(J->marg[c]) >
					    E[t] + log(J->marg[t]))
						t = c;
				R->top[i] = t;
			}
			if (J->gamma != 1)
				for (c = 0; c < k; c++)
					E[c] *= J->gamma;
			if (J->prevb && o->carry == PICO_CARRY_HMM && k > 1) {
				/* pi = A^T b: stay s, the rest spread */
				post_expand(J->prevb, i, g, b);
				for (c = 0; c < k; c++) {
					double pb = b[c];

					lp[c] = log(o->stay * pb + (1 - o->stay) *
					    (1 - pb) / (k - 1));
				}
			} else if (g != LABELS_NONE) {
				kmat_row(J->logq, g, lp);
			} else {
				for (c = 0; c < k; c++)
					lp[c] = log(J->marg[c]);
			}
			vote_posterior(k, lp, E, b);
		}
		if (J->pass == PASS_POST) {
			post_set(&R->post, i, b, g, scratch);
			continue;
		}
		best = 0;
		for (c = 1; c < k; c++)
			if (b[c] > b[best])
				best = c;
		R->argmax[i] = best;
		if (g != LABELS_NONE && best == g && k > 1)
			best = pico_best_other(b, k, g, J->small);
		R->suggested[i] = best;
		R->p_suggested[i] = (float)b[best];
		R->quality[i] = g != LABELS_NONE ? (float)b[g] : 1;
		R->agree[i] = (uint8_t)vote_set_agree(J->set, i, best);
		for (c = 0; c < J->set->src.m; c++)
			R->votes[(size_t)c * J->n + i] = vote_set_top(J->set,
			    c, i);
		if (J->pass == PASS_ALL) {
			post_set(&R->post, i, b, g, scratch);
			post_top(&R->post, i, cls2, top2, 2);
		} else {
			top_two(b, k, top2);
		}
		R->close[i] = k > 1 && top2[0] - top2[1] < o->ambiguous;
		J->miss[i] = g != LABELS_NONE ? 1 - b[g] : 0;
	}
	FREE_ALL(E, lp, b, buf, scratch);
}

/*
 * Beliefs for every row from the evidence and the priors.  prevb (may be
 * NULL) carries the previous round's beliefs for the HMM predict step.
 * Rows are independent: they run on the threads in chunks, each writing
 * only its own rows; the expected error count is then summed in row
 * order, so the result does not depend on the thread count.
 */
static void
believe(enum believe_pass pass, const struct pico_opts *o, uint32_t n,
    uint32_t k, const uint32_t *given, const uint32_t *clamp,
    const double *marg, const struct kmat *logq, const struct vote_set *set,
    const struct post *prevb, double gamma, const uint8_t *small,
    struct round_out *R)
{
	struct believe_job J;
	struct err pe;
	uint32_t i;

	J.pass = pass;
	J.o = o;
	J.n = n;
	J.k = k;
	J.given = given;
	J.clamp = clamp;
	J.marg = marg;
	J.logq = logq;
	J.set = set;
	J.prevb = prevb;
	J.gamma = gamma;
	J.small = small;
	J.R = R;
	J.miss = xmalloc((n ? n : 1) * sizeof *J.miss);
	if (pass != PASS_POST) {
		free(R->votes);
		R->votes = xmalloc(((size_t)set->src.m * n + 1) *
		    sizeof *R->votes);
	}
	parfor_run(((size_t)n + BELIEVE_CHUNK - 1) / BELIEVE_CHUNK,
	    o->threads, believe_chunk, &J, NULL, NULL, &pe);
	if (pass == PASS_POST) {
		free(J.miss);
		return;
	}
	R->expected = 0;
	for (i = 0; i < n; i++)
		if (given[i] != LABELS_NONE &&
		    (!clamp || clamp[i] == LABELS_NONE))
			R->expected += J.miss[i];
	free(J.miss);
}

/* Relabel sure rows for the next round's training; returns how many
 * training labels changed. */
static uint64_t
relabel(const struct pico_opts *o, uint32_t n, uint32_t k,
    const uint32_t *clamp, const struct round_out *R, uint32_t *ytrain)
{
	uint64_t *size = xcalloc(k, sizeof *size), changed = 0;
	uint32_t i, to, from;

	for (i = 0; i < n; i++)
		if (ytrain[i] != LABELS_NONE)
			size[ytrain[i]]++;
	for (i = 0; i < n; i++) {
		if (clamp && clamp[i] != LABELS_NONE)
			continue;
		from = ytrain[i];
		to = R->argmax[i];
		if (to == from || (to == R->suggested[i] ? R->p_suggested[i] :
		    R->quality[i]) < o->tau_relabel)
			continue;
		if (from != LABELS_NONE) {
			if (size[from] <= 2 * (uint64_t)o->folds)
				continue;
			size[from]--;
		}
		size[to]++;
		ytrain[i] = to;
		changed++;
	}
	free(size);
	return changed;
}

/* The checkers' kinds of the latest source into res. */
static void
take_kinds(struct pico_result *res, const struct vote_src *src)
{
	uint32_t m;

	xfree_strv(res->kind, res->checkers);
	res->checkers = src->m;
	res->kind = xcalloc((size_t)src->m + 1, sizeof *res->kind);
	for (m = 0; m < src->m; m++)
		res->kind[m] = xstrdup(src->kind && src->kind[m] ?
		    src->kind[m] : "checker");
}

int
pico_gate_open(double gate, double gain, uint64_t rows)
{
	/* the bar is 0 with the gate off, else at least the gate */
	return gain >= pico_gate_bar(gate, rows);
}

double
pico_gate_bar(double gate, uint64_t rows)
{
	double per_row = PICO_GATE_PER_ROW * (double)rows;

	if (!(gate > 0))
		return 0;
	return per_row > gate ? per_row : gate;
}

void
pico_measure_skill(const struct pico_opts *o, const struct vote_set *set,
    const uint32_t *given, const uint8_t *want, struct pico_skill *sk,
    double *gamma)
{
	struct vote_fit f;
	uint32_t i, c, n = set->src.n, k = set->src.k;
	uint64_t *cnt = xcalloc((size_t)k + 1, sizeof *cnt), tot = 0, top = 0;
	double *lm = xmalloc(((size_t)k + 1) * sizeof *lm);

	for (i = 0; i < n; i++)
		if (given[i] < k && (!want || want[i])) {
			cnt[given[i]]++;
			tot++;
		}
	for (c = 0; c < k; c++) {
		if (cnt[c] > top)
			top = cnt[c];
		lm[c] = log((cnt[c] + 0.5) / (tot + 0.5 * k));
	}
	vote_fit(set, &o->vote, given, want, lm, o->threads, &f);
	memset(sk, 0, sizeof *sk);
	sk->rows = f.rows;
	sk->accuracy = f.accuracy;
	sk->majority = tot ? (double)top / (double)tot : 0;
	if (k == 1)	/* one class: every guess is the given label */
		sk->accuracy = sk->majority;
	sk->gain = f.gain;
	sk->gamma = f.gamma;
	sk->predictive = pico_gate_open(o->gate, f.gain, f.rows);
	if (gamma)
		*gamma = f.gamma < PICO_GAMMA_MAX ? f.gamma : PICO_GAMMA_MAX;
	free(cnt);
	free(lm);
}

/*
 * Round t's temperature into *gamma: fitted to the round's training
 * labels (the given ones in the first round, which also measures the
 * checkers' skill; reviewed rows, which train every checker, are left
 * out) when o asks for calibration (calib, resolved), else 1.
 */
static void
fit_round(const struct pico_opts *o, enum pico_calib calib,
    const struct vote_set *set, uint32_t t, const uint32_t *given,
    const uint32_t *ytrain, const uint8_t *fitrow, struct pico_result *res,
    double *gamma)
{
	struct pico_skill sk;
	double g;

	*gamma = 1;
	if (calib == PICO_CALIB_NONE && t > 0)
		return;
	pico_measure_skill(o, set, t == 0 ? given : ytrain, fitrow, &sk, &g);
	if (calib_takes(calib, g))
		*gamma = g;
	if (t == 0)
		res->skill = sk;
}

static int
same_flags(const uint8_t *a, const uint8_t *b, uint32_t n)
{
	return memcmp(a, b, n) == 0;
}

int
pico_run(const struct pico_opts *o, uint32_t n, uint32_t k,
    const uint32_t *given, const uint32_t *clamp,
    struct pico_checkers *ck, const struct progress *p,
    struct pico_result *res, struct err *e)
{
	struct vote_set set;
	struct round_out cur, prev;
	uint32_t *ytrain, i, t, c, maxr;
	float *w;
	double *marg;
	struct kmat logq;
	uint8_t *small;
	uint64_t stop_changes = n / 1000 > 1 ? n / 1000 : 1;
	uint32_t **hist;
	float **qh;
	uint8_t **fl;
	int have_prev = 0, rc = 0, have_src = 0;
	double gamma = 1, cj_wrong = NAN, *cj_class;
	uint8_t *fitrow;
	/*
	 * Top-r beliefs are the largest per-row store after the checkers'
	 * predictions: rather than hold a round's beside the previous
	 * round's while deciding whether to keep it, the vote runs twice,
	 * the second time (once the round is kept) only to store them.
	 * The HMM carry reads the previous beliefs during the vote, so it
	 * keeps both.
	 */
	int two_pass = post_form(n, k, o->force_topr) > 0 &&
	    o->carry != PICO_CARRY_HMM;

	memset(res, 0, sizeof *res);
	res->n = n;
	res->k = k;
	maxr = o->rounds ? o->rounds : 1;
	if (maxr > 16)
		maxr = 16;
	if (k == 0)
		return err_set(e, ERR_DATA, "no classes to vote on");
	ytrain = xmalloc((n ? n : 1) * sizeof *ytrain);
	w = xmalloc((n ? n : 1) * sizeof *w);
	for (i = 0; i < n; i++) {
		ytrain[i] = given[i];
		w[i] = 1;
		if (clamp && clamp[i] != LABELS_NONE) {
			ytrain[i] = clamp[i];
			w[i] = o->clamp_weight;
		}
	}
	/* the class marginal, the prior of rows with no given label */
	marg = xcalloc(k, sizeof *marg);
	cj_class = xcalloc(k, sizeof *cj_class);
	{
		double tot = 0;

		for (i = 0; i < n; i++)
			if (given[i] != LABELS_NONE) {
				marg[given[i]]++;
				tot++;
			}
		/* a class of one row is never in its row's training
		 * folds: trained checkers cannot judge it */
		small = xcalloc(k, 1);
		for (c = 0; c < k && !ck->fixed; c++)
			small[c] = marg[c] < 2;
		for (c = 0; c < k; c++)
			marg[c] = (marg[c] + 0.5) / (tot + 0.5 * k);
	}
	/* the rows the temperature is fitted on, and the skill measured
	 * on: out of fold ones, of a class their checkers saw (a class of
	 * one row gets no vote from its own row's checkers, which leaves
	 * it above the classes they did see and counted as a hit) */
	fitrow = xcalloc((size_t)n + 1, 1);
	for (i = 0; i < n; i++)
		fitrow[i] = (!clamp || clamp[i] == LABELS_NONE) &&
		    !(given[i] < k && small[given[i]]);
	res->skill.predictive = 1;
	memset(&logq, 0, sizeof logq);
	hist = xcalloc(maxr, sizeof *hist);
	qh = xcalloc(maxr, sizeof *qh);
	fl = xcalloc(maxr, sizeof *fl);
	memset(&prev, 0, sizeof prev);
	memset(&set, 0, sizeof set);
	for (t = 0; t < maxr; t++) {
		if (progress_step(p, "pico", t, maxr) < 0) {
			rc = err_set(e, ERR_CANCEL, "cancelled");
			break;
		}
		if (!ck->fixed || !have_src) {
			if (have_src) {
				vote_set_logs_free(&set);
				ck->done(ck->ctx, &set.src);
			}
			memset(&set, 0, sizeof set);
			have_src = 0;
			if (ck->round(ck->ctx, t, ytrain, w, &set.src, p,
			    e) != 0) {
				rc = -1;
				break;
			}
			have_src = 1;
			if (set.src.n != n || set.src.k != k) {
				rc = err_set(e, ERR_SOFTWARE, "checkers "
				    "returned %u x %u, expected %u x %u",
				    set.src.n, set.src.k, n, k);
				break;
			}
			vote_set_logs(&set);
			take_kinds(res, &set.src);
			fit_round(o, pico_calib_rule(o, ck->fixed), &set, t,
			    given, ytrain, fitrow, res, &gamma);
		}
		kmat_release(&logq);
		if (picoprior_init(o, n, k, given, &set, &logq, &cj_wrong,
		    cj_class, e) != 0) {
			rc = -1;
			break;
		}
		round_alloc(&cur, n, k, o->force_topr, !two_pass);
		cur.cj_wrong = cj_wrong;
		cur.cj_class = cj_class;
		believe(two_pass ? PASS_ROWS : PASS_ALL, o, n, k, given,
		    clamp, marg, &logq, &set, have_prev ? &prev.post : NULL,
		    gamma, small, &cur);
		flag_rows(o, pico_flag_rule(o, ck->fixed), &cur, n, k, given,
		    clamp, small, res->skill.predictive);
		/* a round that makes things look worse ends the run */
		if (have_prev && cur.expected > prev.expected + 1e-9) {
			round_free(&cur);
			break;
		}
		if (two_pass) {
			/* accepted: its beliefs replace the previous ones */
			post_release(&prev.post);
			post_init(&cur.post, n, k, o->force_topr);
			believe(PASS_POST, o, n, k, given, clamp, marg, &logq,
			    &set, NULL, gamma, small, &cur);
		}
		hist[t] = xmalloc((n ? n : 1) * sizeof **hist);
		memcpy(hist[t], ytrain, n * sizeof *ytrain);
		qh[t] = xmalloc((n ? n : 1) * sizeof **qh);
		memcpy(qh[t], cur.quality, n * sizeof *cur.quality);
		fl[t] = xmalloc(n ? n : 1);
		memcpy(fl[t], cur.flagged, n);
		res->round[t].expected = cur.expected;
		res->round[t].flagged = cur.nflagged;
		res->rounds = t + 1;
		{
			int repeat = have_prev &&
			    same_flags(cur.flagged, prev.flagged, n);

			if (have_prev)
				round_free(&prev);
			prev = cur;
			have_prev = 1;
			/* labels the checkers cannot predict teach them
			 * nothing to relabel by; fixed evidence gives the
			 * same vote again */
			if (repeat || t + 1 == maxr || ck->fixed ||
			    !res->skill.predictive)
				break;
		}
		res->round[t].relabelled = relabel(o, n, k, clamp, &prev,
		    ytrain);
		if (res->round[t].relabelled <= stop_changes)
			break;
	}
	if (have_src) {
		vote_set_logs_free(&set);
		ck->done(ck->ctx, &set.src);
	}
	if (rc == 0 && !have_prev)
		rc = err_set(e, ERR_SOFTWARE, "no PICO round completed");
	if (rc == 0) {
		uint32_t r;

		res->post = prev.post;
		memset(&prev.post, 0, sizeof prev.post);
		res->suggested = prev.suggested;
		res->p_suggested = prev.p_suggested;
		res->quality = prev.quality;
		res->flagged = prev.flagged;
		res->agree = prev.agree;
		res->votes = prev.votes;
		prev.votes = NULL;
		prev.suggested = NULL;
		prev.p_suggested = NULL;
		prev.quality = NULL;
		prev.flagged = NULL;
		prev.agree = NULL;
		res->expected = prev.expected;
		res->nflagged = prev.nflagged;
		res->joint_over = prev.by_joint;
		res->corrections = prev.corrections;
		if (!res->skill.predictive)
			res->expected = NAN;
		res->auto_fix = xcalloc(n ? n : 1, 1);
		res->doubtful = xcalloc(n ? n : 1, 1);
		res->ambiguous = xcalloc(n ? n : 1, 1);
		res->nflagged_rounds = xcalloc(n ? n : 1, 1);
		res->history = xmalloc(((size_t)res->rounds * n + 1) *
		    sizeof *res->history);
		res->qhist = xmalloc(((size_t)res->rounds * n + 1) *
		    sizeof *res->qhist);
		for (r = 0; r < res->rounds; r++) {
			memcpy(res->history + (size_t)r * n, hist[r],
			    n * sizeof *res->history);
			memcpy(res->qhist + (size_t)r * n, qh[r],
			    n * sizeof *res->qhist);
		}
		for (i = 0; i < n; i++) {
			uint32_t flips = 0;

			res->auto_fix[i] = res->flagged[i] &&
			    res->suggested[i] != given[i] &&
			    res->p_suggested[i] >= o->auto_fix;
			res->doubtful[i] = res->flagged[i] &&
			    res->p_suggested[i] < o->doubt *
			    (1 - res->quality[i]);
			for (r = 1; r < res->rounds; r++)
				flips += hist[r][i] != hist[r - 1][i];
			for (r = 0; r < res->rounds; r++)
				res->nflagged_rounds[i] += fl[r][i];
			res->ambiguous[i] = prev.close[i] || flips >= 2;
		}
		res->class_noise = xcalloc(k, sizeof *res->class_noise);
		picoprior_noise(n, k, given, &res->post, &res->noise,
		    res->class_noise);
	}
	round_free(&prev);
	for (t = 0; t < maxr; t++) {
		FREE_ALL(hist[t], qh[t], fl[t]);
	}
	FREE_ALL(hist, qh, fl, ytrain, w);
	kmat_release(&logq);
	FREE_ALL(marg, small, fitrow, cj_class);
	if (rc != 0)
		pico_result_release(res);
	return rc;
}
