/*
 * t3110-pico - the PICO rounds: a case worked by hand, the stopping
 * rules, clamped rows, rows without a label, cancellation, and real
 * out-of-fold probabilities (the cleanlab golden cases that keep their
 * true labels) scored against those labels, next to confident learning
 * on the same probabilities.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/cl/cl.h"
#include "core/data/labels.h"
#include "core/pico/pico.h"
#include "core/util/xalloc.h"
#include "tests/grid.h"
#include "tests/tap.h"
#include "tests/util.h"

/* --- a fixed source: the same probabilities every round (Mode A) ---- */

struct fixed {
	uint32_t n, k;
	float *p;
	double *rho;
	int calls;
};

static int
fixed_round(void *ctx, uint32_t t, const uint32_t *ytrain, const float *w,
    struct vote_src *src, const struct progress *pr, struct err *e)
{
	struct fixed *F = ctx;

	F->calls++;
	src->n = F->n;
	src->k = F->k;
	src->m = 1;
	src->p = xmalloc(sizeof *src->p);
	src->p[0] = F->p;
	src->who = NULL;
	src->rho = xmalloc(sizeof *src->rho);
	src->rho[0] = F->rho;
	return 0;
}

static void
fixed_done(void *ctx, struct vote_src *src)
{
	(void)ctx;
	free(src->p);
	free(src->rho);
	memset(src, 0, sizeof *src);
}

/* The hand cases' options: the eps prior at .1, no skill gate (a
 * handful of rows cannot show skill) and the evidence as given (their
 * checker is fixed, which would fit it a temperature by default). */
static void
hand_opts(struct pico_opts *o)
{
	pico_opts_init(o);
	o->prior = PICO_PRIOR_EPS;
	o->eps = 0.1;
	o->gate = 0;
	o->calibrate = PICO_CALIB_NONE;
}

/* pico_run on the rows given[n], as a check named "WHAT runs". */
static void
run_hand(const struct pico_opts *o, uint32_t n, uint32_t k,
    const uint32_t *given, struct pico_checkers *ck, struct pico_result *r,
    const char *what)
{
	struct err e;

	if (!ok(pico_run(o, n, k, given, NULL, ck, NULL, r, &e) == 0,
	    "%s runs", what))
		diag("%s", e.msg);
}

static void
test_hand(void)
{
	/*
	 * Three rows, two classes, one checker trained on balanced data
	 * (rho = 1/2 each, so it cancels), prior eps = 0.1:
	 *   row 0: given 0, P = (0.9, 0.1): b0 = .81 / (.81 + .01) = .98780
	 *   row 1: given 0, P = (0.2, 0.8): b0 = .18 / (.18 + .08) = .69231
	 *   row 2: given 1, P = (.95, .05): b1 = .045 / (.045 + .095) = .32143
	 * expected errors = .01220 + .30769 + .67857 = .99846, so the budget
	 * rule flags round(.99846) = 1 row: the lowest q, row 2, whose
	 * suggestion is class 0 at .67857 (not auto-fixable: < .95).
	 */
	float p[] = { 0.9f, 0.1f, 0.2f, 0.8f, 0.95f, 0.05f };
	double rho[] = { 0.5, 0.5 };
	uint32_t given[] = { 0, 0, 1 };
	struct fixed F = { 3, 2, p, rho, 0 };
	struct pico_checkers ck = { fixed_round, fixed_done, &F, 1 };
	struct pico_opts o;
	struct pico_result r;
	struct err e;

	hand_opts(&o);
	o.rounds = 1;
	run_hand(&o, 3, 2, given, &ck, &r, "hand case");
	is_num(r.quality[0], 0.81 / 0.82, 1e-6, "row 0: q = .98780");
	is_num(r.quality[1], 0.18 / 0.26, 1e-6, "row 1: q = .69231");
	is_num(r.quality[2], 0.045 / 0.14, 1e-6, "row 2: q = .32143");
	is_num(r.expected, 0.01 / 0.82 + 0.08 / 0.26 + 0.095 / 0.14, 1e-6,
	    "expected errors .99846");
	ok(!r.flagged[0] && !r.flagged[1] && r.flagged[2],
	    "budget flags the one lowest-q row");
	is_int(r.nflagged, 1, "one flagged");
	is_int(r.suggested[2], 0, "suggests class 0 for row 2");
	is_num(r.p_suggested[2], 0.095 / 0.14, 1e-6, "with .67857");
	ok(!r.auto_fix[2], "not sure enough to fix automatically");
	is_int(r.agree[2], 1, "the one checker agrees");
	is_num(kmat_at(&r.noise, 0, 1), (0.01 / 0.82 + 0.08 / 0.26) / 2, 1e-6,
	    "noise matrix: p(true 1 | given 0)");
	is_num(r.class_noise[1], 0.095 / 0.14, 1e-6, "class 1 noise rate");
	pico_result_release(&r);

	/* the other flag rules on the same beliefs */
	o.flag = PICO_FLAG_ARGMAX;
	o.tau = 0.7;
	is_int(pico_run(&o, 3, 2, given, NULL, &ck, NULL, &r, &e), 0,
	    "argmax rule runs");
	ok(r.flagged && r.nflagged == 0, "argmax rule, tau .7: nothing");
	pico_result_release(&r);
	o.tau = 0.6;
	is_int(pico_run(&o, 3, 2, given, NULL, &ck, NULL, &r, &e), 0,
	    "argmax rule, tau .6, runs");
	ok(r.nflagged == 1 && r.flagged[2], "argmax rule, tau .6: row 2");
	pico_result_release(&r);
	o.flag = PICO_FLAG_Q;
	o.tau = 0.7;
	is_int(pico_run(&o, 3, 2, given, NULL, &ck, NULL, &r, &e), 0,
	    "q rule runs");
	ok(r.nflagged == 2 && r.flagged[1] && r.flagged[2],
	    "q rule, tau .7: rows 1 and 2");
	pico_result_release(&r);
}

/*
 * The budget counts the suggestions the beliefs expect to be right, not
 * every crumb of belief off the given label.  Six rows given class 0,
 * each with P = (.1, .45, .45) from a checker trained on balanced data,
 * prior eps = .1:  b = (.09, .0225, .0225) / .135 = (2/3, 1/6, 1/6).
 * sum(1 - q) = 6 x 1/3 = 2, but the suggestion of each row is right
 * with 1/6: the budget is round(6 x 1/6) = 1 row, the first.
 */
static void
test_hand_spread(void)
{
	float p[18];
	double rho[] = { 1.0 / 3, 1.0 / 3, 1.0 / 3 };
	uint32_t given[6] = { 0 }, i;
	struct fixed F = { 6, 3, p, rho, 0 };
	struct pico_checkers ck = { fixed_round, fixed_done, &F, 1 };
	struct pico_opts o;
	struct pico_result r;

	for (i = 0; i < 6; i++) {
		p[3 * i] = 0.1f;
		p[3 * i + 1] = p[3 * i + 2] = 0.45f;
	}
	hand_opts(&o);
	run_hand(&o, 6, 3, given, &ck, &r, "spread beliefs:");
	is_num(r.quality[0], 2.0 / 3, 1e-6, "spread beliefs: q = 2/3");
	is_num(r.p_suggested[0], 1.0 / 6, 1e-6,
	    "spread beliefs: the suggestion has 1/6");
	is_num(r.expected, 2, 1e-5, "expected wrong labels: 6 x 1/3");
	is_num(r.corrections, 1, 1e-5, "expected right suggestions: 6 x 1/6");
	is_int(r.nflagged, 1, "the budget flags round(1) row");
	ok(r.flagged[0], "the first of the equal rows");
	pico_result_release(&r);
}

/*
 * The temperature.  Twenty rows, two balanced classes, one checker.  A
 * timid one puts .7 on the given class of 18 rows and .4 on 2: the
 * fitted gamma sharpens its evidence (gamma > 1, the temperature 1/gamma
 * < 1).  An overconfident one puts .99 on 16 rows and .05 on 4: gamma <
 * 1 would flatten it.  With q = 1 / (1 + eps / (1 - eps) x (P(other) /
 * P(given))^gamma) under the eps prior the rows' beliefs show which gamma
 * they took: temp takes the fitted one, none 1, sharpen the fitted one
 * only when it sharpens; auto is sharpen with fixed evidence (--probs)
 * and none with trained checkers.
 */
static double
q_at(double pg, double gamma)
{
	return 1 / (1 + 0.1 / 0.9 * pow((1 - pg) / pg, gamma));
}

static void
test_temperature(void)
{
	float p[40];
	double rho[] = { 0.5, 0.5 }, g, hi, lo;
	uint32_t given[20], i, ngood;
	struct fixed F = { 20, 2, p, rho, 0 };
	struct pico_checkers ck = { fixed_round, fixed_done, &F, 1 };
	struct pico_opts o;
	struct pico_result r;
	static const struct {
		int fixed;
		enum pico_calib calib;
		int timid, overconfident;	/* 1: the fitted gamma taken */
		const char *what;
	} runs[] = {
		{ 1, PICO_CALIB_AUTO, 1, 0, "fixed evidence, auto" },
		{ 1, PICO_CALIB_SHARPEN, 1, 0, "fixed evidence, sharpen" },
		{ 1, PICO_CALIB_TEMP, 1, 1, "fixed evidence, temp" },
		{ 1, PICO_CALIB_NONE, 0, 0, "fixed evidence, none" },
		{ 0, PICO_CALIB_AUTO, 0, 0, "trained checkers, auto" },
		{ 0, PICO_CALIB_SHARPEN, 1, 0, "trained checkers, sharpen" },
		{ 0, PICO_CALIB_TEMP, 1, 1, "trained checkers, temp" },
	};
	size_t j;
	int timid;

	pico_opts_init(&o);
	ok(o.calibrate == PICO_CALIB_AUTO, "--calibrate auto by default");
	ok(pico_calib_rule(&o, 1) == PICO_CALIB_SHARPEN &&
	    pico_calib_rule(&o, 0) == PICO_CALIB_NONE,
	    "auto: sharpen with fixed evidence, none with trained checkers");
	for (timid = 1; timid >= 0; timid--) {
		hi = timid ? 0.7 : 0.99;
		lo = timid ? 0.4 : 0.05;
		ngood = timid ? 18 : 16;
		for (i = 0; i < 20; i++) {
			float pg = (float)(i < ngood ? hi : lo);

			given[i] = i % 2;
			p[2 * i + given[i]] = pg;
			p[2 * i + 1 - given[i]] = 1 - pg;
		}
		for (j = 0; j < sizeof runs / sizeof *runs; j++) {
			const char *kind = timid ? "timid" : "overconfident";
			int took = timid ? runs[j].timid : runs[j].overconfident;

			hand_opts(&o);
			o.rounds = 1;
			o.calibrate = runs[j].calib;
			ck.fixed = runs[j].fixed;
			run_hand(&o, 20, 2, given, &ck, &r, runs[j].what);
			g = r.skill.gamma;
			ok(timid ? g > 1.5 && g < PICO_GAMMA_MAX : g > 0.2 &&
			    g < 0.9, "%s, %s: gamma %.3f", runs[j].what, kind,
			    g);
			ok(pico_calib_applied(&o, runs[j].fixed, g) == took,
			    "%s, %s: %s", runs[j].what, kind, took ?
			    "takes the fitted gamma" : "as given");
			if (!took)
				g = 1;
			if (!ok(fabs(r.quality[0] - q_at(hi, g)) < 1e-5 &&
			    fabs(r.quality[19] - q_at(lo, g)) < 1e-5,
			    "%s, %s: the beliefs at gamma %.3f", runs[j].what,
			    kind, g))
				diag("q %.6f and %.6f, expected %.6f and %.6f",
				    r.quality[0], r.quality[19], q_at(hi, g),
				    q_at(lo, g));
			pico_result_release(&r);
		}
	}
}

/* --- a trained source: leave-one-out votes of rows sharing a feature - */

#define TN 40

struct loo {
	uint32_t feat[TN];
	float p[TN * 2];
	double rho[2];
	int calls;
	atomic_int *cancel_after;
};

static int
loo_round(void *ctx, uint32_t t, const uint32_t *ytrain, const float *w,
    struct vote_src *src, const struct progress *pr, struct err *e)
{
	struct loo *L = ctx;
	uint32_t i, j;
	double cnt[2], tot = 0;

	(void)t;
	(void)pr;
	(void)e;
	L->calls++;
	L->rho[0] = L->rho[1] = 0;
	for (i = 0; i < TN; i++) {
		cnt[0] = cnt[1] = 1;
		for (j = 0; j < TN; j++)
			if (j != i && L->feat[j] == L->feat[i] &&
			    ytrain[j] != LABELS_NONE)
				cnt[ytrain[j]] += w[j];
		L->p[i * 2] = (float)(cnt[0] / (cnt[0] + cnt[1]));
		L->p[i * 2 + 1] = (float)(cnt[1] / (cnt[0] + cnt[1]));
		if (ytrain[i] != LABELS_NONE) {
			L->rho[ytrain[i]]++;
			tot++;
		}
	}
	L->rho[0] /= tot;
	L->rho[1] /= tot;
	/* three repeats that happen to agree */
	src->n = TN;
	src->k = 2;
	src->m = 3;
	src->p = xmalloc(3 * sizeof *src->p);
	src->p[0] = src->p[1] = src->p[2] = L->p;
	src->who = NULL;
	src->rho = xmalloc(3 * sizeof *src->rho);
	src->rho[0] = src->rho[1] = src->rho[2] = L->rho;
	return 0;
}

static void
test_rounds(void)
{
	struct loo L;
	struct pico_checkers ck = { loo_round, fixed_done, &L, 0 };
	struct pico_opts o;
	struct pico_result r;
	struct err e;
	uint32_t given[TN], clamp[TN], i, wrong = 0, right = 0;

	memset(&L, 0, sizeof L);
	/* two groups of 20 rows; the true class is the group; rows 3 and
	 * 25 carry the other group's label */
	for (i = 0; i < TN; i++) {
		L.feat[i] = i >= 20;
		given[i] = L.feat[i];
	}
	given[3] = 1;
	given[25] = 0;
	pico_opts_init(&o);
	o.folds = 2;
	if (!ok(pico_run(&o, TN, 2, given, NULL, &ck, NULL, &r, &e) == 0,
	    "trained source runs"))
		diag("%s", e.msg);
	for (i = 0; i < TN; i++) {
		if (r.flagged[i] && (i == 3 || i == 25))
			right++;
		else if (r.flagged[i])
			wrong++;
	}
	is_int(right, 2, "both planted errors flagged");
	is_int(wrong, 0, "nothing else flagged");
	ok(r.suggested[3] == 0 && r.suggested[25] == 1,
	    "suggestions are the groups' classes");
	ok(r.rounds >= 2, "more than one round ran");
	ok(r.history[(size_t)1 * TN + 3] == 0,
	    "row 3 was relabelled for round 2's training");
	ok(r.history[3] == 1, "round 1 trained on the given label");
	ok(r.round[0].relabelled >= 2, "round 1 relabelled the two rows");
	is_int(r.nflagged_rounds[3], r.rounds, "row 3 flagged every round");
	ok(r.auto_fix[3], "a sure fix");
	is_int(r.agree[3], 3, "all three checkers agree");
	pico_result_release(&r);

	/* clamp row 3 to its (wrong) given label: a reviewer said so */
	for (i = 0; i < TN; i++)
		clamp[i] = LABELS_NONE;
	clamp[3] = 1;
	is_int(pico_run(&o, TN, 2, given, clamp, &ck, NULL, &r, &e), 0,
	    "runs with a clamped row");
	ok(!r.flagged[3], "a clamped row is never flagged");
	ok(r.quality[3] == 1 && r.p_suggested[3] == 0,
	    "a clamped row believes its reviewer");
	ok(r.flagged[25], "the other error is still found");
	pico_result_release(&r);

	/* a row without a label is never flagged but gets a suggestion */
	given[7] = LABELS_NONE;
	is_int(pico_run(&o, TN, 2, given, NULL, &ck, NULL, &r, &e), 0,
	    "runs with a row without a label");
	ok(!r.flagged[7] && r.quality[7] == 1, "no label: not flagged");
	is_int(r.suggested[7], 0, "no label: suggested from the votes");
	pico_result_release(&r);
	given[7] = 0;

	/* stopping: one round max */
	o.rounds = 1;
	is_int(pico_run(&o, TN, 2, given, NULL, &ck, NULL, &r, &e), 0,
	    "runs with T_max = 1");
	is_int(r.rounds, 1, "T_max = 1 stops after one round");
	pico_result_release(&r);
	/* no relabelling threshold can be met: one round, nothing moves */
	o.rounds = 5;
	o.tau_relabel = 1.5;
	L.calls = 0;
	is_int(pico_run(&o, TN, 2, given, NULL, &ck, NULL, &r, &e), 0,
	    "runs with an unreachable relabelling threshold");
	ok(r.rounds == 1 && L.calls == 1, "no label changed: stop");
	pico_result_release(&r);
	/* never relabel a class below 2F rows */
	o.tau_relabel = 0.9;
	o.folds = 10;
	is_int(pico_run(&o, TN, 2, given, NULL, &ck, NULL, &r, &e), 0,
	    "runs with F = 10");
	ok(r.rounds >= 1 && r.round[0].relabelled == 0, "classes of 20 rows "
	    "and F = 10 keep their rows");
	pico_result_release(&r);
}

static void
test_cancel(void)
{
	float p[] = { 0.9f, 0.1f };
	double rho[] = { 0.5, 0.5 };
	uint32_t given[] = { 0 };
	struct fixed F = { 1, 2, p, rho, 0 };
	struct pico_checkers ck = { fixed_round, fixed_done, &F, 1 };
	struct pico_opts o;
	struct pico_result r;
	struct err e;
	atomic_int cancel = 0;
	struct progress pr = { cancel_at_first, &cancel, &cancel };

	pico_opts_init(&o);
	ok(pico_run(&o, 1, 2, given, NULL, &ck, &pr, &r, &e) == -1 &&
	    e.code == ERR_CANCEL, "cancel stops PICO");
	ok(pico_run(&o, 1, 0, given, NULL, &ck, NULL, &r, &e) == -1,
	    "no classes: an error");
}

/* --- real probabilities: digits with 10% uniform noise ------------- */

static double
f1(const uint8_t *flag, const double *truth, const double *lab, size_t n)
{
	size_t i, tp = 0, fp = 0, fn = 0;

	for (i = 0; i < n; i++) {
		int err = truth[i] != lab[i];

		tp += flag[i] && err;
		fp += flag[i] && !err;
		fn += !flag[i] && err;
	}
	return tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0;
}

/*
 * Mode A on a golden case's probabilities, scored against its true
 * labels next to confident learning on the same probabilities; *fp and
 * *fc get the two F1s.
 */
static void
golden_mode_a(const char *name, double *fp, double *fc)
{
	char *dir;
	struct grid P, Y, T;
	struct fixed F;
	struct pico_checkers ck = { fixed_round, fixed_done, &F, 1 };
	struct pico_opts o;
	struct pico_result r;
	struct cl cl;
	struct err e;
	uint32_t *y, i, c, k;
	uint8_t *mask;
	size_t n;

	dir = src_path(name);
	if (read_grid(dir, "pred_probs.csv", &P) || read_grid(dir,
	    "labels.csv", &Y) || read_grid(dir, "truth.csv", &T))
		die("cannot read the golden case in %s", dir);
	free(dir);
	n = P.rows;
	k = (uint32_t)P.cols;
	y = xmalloc(n * sizeof *y);
	F.n = (uint32_t)n;
	F.k = k;
	F.p = xmalloc(n * k * sizeof *F.p);
	F.rho = xcalloc(k, sizeof *F.rho);
	for (i = 0; i < n; i++) {
		y[i] = (uint32_t)Y.v[i];
		F.rho[y[i]] += 1.0 / (double)n;
		for (c = 0; c < k; c++)
			F.p[(size_t)i * k + c] = (float)P.v[(size_t)i * k + c];
	}
	pico_opts_init(&o);
	ok(pico_run(&o, (uint32_t)n, k, y, NULL, &ck, NULL, &r, &e) == 0,
	    "%s: PICO runs on fixed probabilities", name);
	*fp = f1(r.flagged, T.v, Y.v, n);
	mask = xcalloc(n, 1);
	ok(cl_init(&cl, P.v, y, n, k, &e) == 0,
	    "%s: confident learning on the same probabilities", name);
	cl_find_issues(&cl, P.v, y, CL_PRUNE_BY_NOISE_RATE, mask);
	*fc = f1(mask, T.v, Y.v, n);
	diag("%s: PICO F1 %.3f (%llu flagged, %u rounds), CL F1 %.3f", name,
	    *fp, (unsigned long long)r.nflagged, r.rounds, *fc);
	cl_release(&cl);
	pico_result_release(&r);
	FREE_ALL(mask, y, F.p, F.rho);
	grid_free(&P);
	grid_free(&Y);
	grid_free(&T);
}

static void
test_golden(void)
{
	static const char *const cases[] = {
		"02_digits_noise10", "03_digits_noise30", "04_binary",
		"05_imbalanced5",
	};
	char name[128];
	double fp, fc;
	size_t j;

	for (j = 0; j < sizeof cases / sizeof *cases; j++) {
		snprintf(name, sizeof name, "tests/data/golden/cleanlab/%s",
		    cases[j]);
		golden_mode_a(name, &fp, &fc);
		ok(fp >= fc - 0.01, "%s: PICO is at least as good as CL",
		    cases[j]);
		if (j == 0)
			ok(fp > 0.8, "digits: PICO F1 above 0.8");
	}
}

int
main(void)
{
	test_hand();
	test_hand_spread();
	test_temperature();
	test_rounds();
	test_cancel();
	test_golden();
	return done_testing();
}
