/*
 * eval.c - `make eval`: how well PICO and confident learning find label
 * errors that we put there ourselves.
 *
 * For each dataset and noise setting: the labels are corrupted with a
 * seeded generator (uniform: a flipped row takes any other class;
 * class-dependent: each class flips to one fixed other class), features
 * are built once, one round of R x F checkers is trained on the noisy
 * labels, and both methods judge those same out-of-fold probabilities:
 * confident learning directly, PICO as its first round (later rounds
 * retrain on its relabelled rows).  Scored against the true flips:
 * precision, recall and F1 of the flagged set, AUROC and AUPRC of the
 * suspicion score, precision at the true number of errors, accuracy of
 * the suggestions on the true errors, |estimated - true| error count,
 * wall time and peak RSS.
 *
 * usage: eval [--data DIR] [--seed S] [--datasets a,b] [--settings
 *        u10,u30,c10,c30] [pico options as `winnow pico` takes them:
 *        --beta --prior --eps --carry --stay --rounds --repeats --folds
 *        --model --flag --tau --relabel-threshold --pool]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "core/pico/cl.h"
#include "core/data/csvload.h"
#include "core/pico/features.h"
#include "core/pico/folds.h"
#include "core/data/labels.h"
#include "core/pico/oof.h"
#include "core/pico/pico.h"
#include "core/util/rng.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

struct metrics {
	double prec, rec, f1, auroc, auprc, patk, fixacc, est_err;
	uint64_t flagged, errors;
	double secs;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
peak_rss_mb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

/* --- noise -------------------------------------------------------- */

/*
 * Flip round(p * labelled) rows chosen at random.  Uniform: to any other
 * class; class-dependent: class c to perm[c], a fixed derangement.
 */
static void
inject(const uint32_t *truth, uint32_t *noisy, uint32_t n, uint32_t k,
    double p, int classdep, uint64_t seed)
{
	struct rng r;
	uint32_t *idx = xmalloc(((size_t)n + 1) * sizeof *idx), m = 0, i, j;
	uint32_t *perm = xmalloc(((size_t)k + 1) * sizeof *perm), flip;

	rng_seed(&r, seed, 7);
	for (i = 0; i < n; i++) {
		noisy[i] = truth[i];
		if (truth[i] != LABELS_NONE)
			idx[m++] = i;
	}
	/* a derangement: a random cycle through all classes */
	for (i = 0; i < k; i++)
		perm[i] = i;
	rng_shuffle_u32(&r, perm, k);
	{
		uint32_t *to = xmalloc(((size_t)k + 1) * sizeof *to);

		for (i = 0; i < k; i++)
			to[perm[i]] = perm[(i + 1) % k];
		memcpy(perm, to, k * sizeof *perm);
		free(to);
	}
	rng_shuffle_u32(&r, idx, m);
	flip = (uint32_t)llround(p * m);
	for (j = 0; j < flip && k > 1; j++) {
		i = idx[j];
		if (classdep) {
			noisy[i] = perm[truth[i]];
		} else {
			uint32_t c = (uint32_t)rng_below(&r, k - 1);

			noisy[i] = c >= truth[i] ? c + 1 : c;
		}
	}
	free(idx);
	free(perm);
}

/* --- scores ------------------------------------------------------- */

/* AUROC and AUPRC (average precision) of score against is_err, higher
 * score = more suspicious; ties share their rank. */
static void
curves(const double *score, const uint8_t *is_err, uint32_t n, double *auroc,
    double *auprc)
{
	uint32_t *idx = xmalloc(((size_t)n + 1) * sizeof *idx), i, j;
	double *neg = xmalloc(((size_t)n + 1) * sizeof *neg);
	double pos = 0, npos = 0, nneg = 0, tp = 0, fp = 0, ap = 0, rank = 0;
	double ranksum = 0;

	for (i = 0; i < n; i++) {
		idx[i] = i;
		neg[i] = -score[i];
		npos += is_err[i];
	}
	nneg = n - npos;
	sort_idx_by_double(idx, n, neg);	/* most suspicious first */
	for (i = 0; i < n; i = j) {
		double tie_pos = 0, tie_n = 0;

		for (j = i; j < n && score[idx[j]] == score[idx[i]]; j++) {
			tie_pos += is_err[idx[j]];
			tie_n++;
		}
		/* AP: precision at each positive, ties as one step */
		tp += tie_pos;
		fp += tie_n - tie_pos;
		if (tie_pos > 0)
			ap += tie_pos * tp / (tp + fp);
		/* rank of this block from the bottom (1-based, averaged) */
		rank = (double)n - i - (tie_n - 1) / 2.0;
		ranksum += tie_pos * rank;
	}
	pos = npos;
	*auprc = pos > 0 ? ap / pos : 0;
	*auroc = (pos > 0 && nneg > 0) ?
	    (ranksum - pos * (pos + 1) / 2) / (pos * nneg) : 0;
	free(idx);
	free(neg);
}

static void
score_run(struct metrics *M, const uint8_t *flag, const double *susp,
    const uint32_t *sugg, const uint32_t *truth, const uint32_t *noisy,
    uint32_t n, double est)
{
	uint8_t *is_err = xcalloc((size_t)n + 1, 1);
	uint32_t i, *idx;
	double tp = 0, fp = 0, fn = 0, fixed = 0, *neg, hit = 0;

	M->errors = 0;
	M->flagged = 0;
	for (i = 0; i < n; i++) {
		is_err[i] = truth[i] != LABELS_NONE && truth[i] != noisy[i];
		M->errors += is_err[i];
		M->flagged += flag[i];
		tp += flag[i] && is_err[i];
		fp += flag[i] && !is_err[i];
		fn += !flag[i] && is_err[i];
		if (is_err[i] && sugg[i] == truth[i])
			fixed++;
	}
	M->prec = tp + fp > 0 ? tp / (tp + fp) : 0;
	M->rec = tp + fn > 0 ? tp / (tp + fn) : 0;
	M->f1 = 2 * tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : 0;
	M->fixacc = M->errors ? fixed / (double)M->errors : 0;
	M->est_err = fabs(est - (double)M->errors);
	curves(susp, is_err, n, &M->auroc, &M->auprc);
	idx = xmalloc(((size_t)n + 1) * sizeof *idx);
	neg = xmalloc(((size_t)n + 1) * sizeof *neg);
	for (i = 0; i < n; i++) {
		idx[i] = i;
		neg[i] = -susp[i];
	}
	sort_idx_by_double(idx, n, neg);
	for (i = 0; i < M->errors && i < n; i++)
		hit += is_err[idx[i]];
	M->patk = M->errors ? hit / (double)M->errors : 0;
	free(idx);
	free(neg);
	free(is_err);
}

/* --- the checker source: round 1 cached, later rounds trained ------ */

struct src {
	const struct features *X;
	uint32_t k;
	const struct folds *split;
	struct oof_opts oo;
	struct oof first;		/* round 1, shared with CL */
	struct oof later;
	int used_first;
};

static void
fill(struct vote_src *s, const struct oof *o, uint32_t k)
{
	uint32_t m;

	s->n = (uint32_t)o->n;
	s->k = k;
	s->m = o->repeats;
	s->p = xcalloc(s->m, sizeof *s->p);
	s->who = xcalloc(s->m, sizeof *s->who);
	s->rho = xcalloc(s->m, sizeof *s->rho);
	for (m = 0; m < s->m; m++) {
		s->p[m] = o->prob + (size_t)m * o->n * k;
		s->who[m] = o->split.fold + (size_t)m * o->n;
		s->rho[m] = o->rho + (size_t)m * o->folds * k;
	}
}

static int
src_round(void *ctx, uint32_t t, const uint32_t *ytrain, const float *w,
    struct vote_src *s, const struct progress *p, struct err *e)
{
	struct src *S = ctx;

	(void)p;
	if (t == 0) {
		fill(s, &S->first, S->k);
		return 0;
	}
	oof_release(&S->later);
	if (oof_run(&S->later, S->X, ytrain, w, NULL, S->k, S->split, &S->oo,
	    e) != 0)
		return -1;
	fill(s, &S->later, S->k);
	return 0;
}

static void
src_done(void *ctx, struct vote_src *s)
{
	(void)ctx;
	free(s->p);
	free(s->who);
	free(s->rho);
	memset(s, 0, sizeof *s);
}

/* --- one dataset, one setting -------------------------------------- */

struct setting {
	const char *name;
	double p;
	int classdep;
};

static const struct setting settings[] = {
	{ "u10", 0.10, 0 }, { "u30", 0.30, 0 },
	{ "c10", 0.10, 1 }, { "c30", 0.30, 1 },
};

static void
print_row(const char *ds, const char *set, const char *method,
    const struct metrics *M, uint32_t rounds)
{
	printf("%-10s %-4s %-5s %5.3f %5.3f %5.3f  %5.3f %5.3f %5.3f  %5.3f "
	    "%5llu %5llu %6.1f %2u %6.2fs %4ldM\n", ds, set, method, M->prec,
	    M->rec, M->f1, M->auroc, M->auprc, M->patk, M->fixacc,
	    (unsigned long long)M->flagged, (unsigned long long)M->errors,
	    M->est_err, rounds, M->secs, peak_rss_mb());
}

static int
run_one(const char *dir, const char *name, const struct setting *st,
    const struct pico_opts *po, const struct oof_opts *oo, uint64_t seed,
    double *f1_pico, double *f1_cl)
{
	char path[1024];
	struct csvload_opts lo;
	struct table *t;
	struct labels L;
	struct features X;
	struct features_opts fo;
	struct folds split;
	struct src S;
	struct pico_checkers ck;
	struct pico_result r;
	struct metrics M;
	struct cl cl;
	struct err e;
	uint32_t *noisy, *sugg, n, k, i, c, m;
	uint8_t *flag;
	double *mean, *susp, *score, t0, tcl;
	int lc;

	snprintf(path, sizeof path, "%s/%s.csv", dir, name);
	csvload_opts_init(&lo);
	lo.id_col = "id";
	t = csvload(path, &lo, &e);
	if (!t) {
		fprintf(stderr, "eval: %s\n", e.msg);
		return -1;
	}
	lc = table_col_index(t, "label");
	if (lc < 0 || labels_init(&L, t, lc, LABELS_FIRST_SEEN, &e) != 0) {
		fprintf(stderr, "eval: %s: no usable label column\n", path);
		table_free(t);
		return -1;
	}
	n = (uint32_t)t->nrows;
	k = L.k;
	noisy = xmalloc(((size_t)n + 1) * sizeof *noisy);
	inject(L.y, noisy, n, k, st->p, st->classdep, seed);
	t0 = now_s();
	features_opts_init(&fo);
	fo.label_col = lc;
	if (features_build(&X, t, &fo, &e) != 0 ||
	    folds_make(&split, noisy, n, k, oo->repeats, oo->folds, oo->seed,
	    &e) != 0) {
		fprintf(stderr, "eval: %s\n", e.msg);
		return -1;
	}
	memset(&S, 0, sizeof S);
	S.X = &X;
	S.k = k;
	S.split = &split;
	S.oo = *oo;
	if (oof_run(&S.first, &X, noisy, NULL, NULL, k, &split, oo, &e) != 0) {
		fprintf(stderr, "eval: %s\n", e.msg);
		return -1;
	}
	tcl = now_s() - t0;

	/* confident learning on the mean probabilities of round 1 */
	t0 = now_s();
	mean = xcalloc((size_t)n * k + 1, sizeof *mean);
	for (m = 0; m < S.first.repeats; m++)
		for (i = 0; i < (size_t)n * k; i++)
			mean[i] += S.first.prob[(size_t)m * n * k + i];
	for (i = 0; i < (size_t)n * k; i++)
		mean[i] /= S.first.repeats;
	flag = xcalloc((size_t)n + 1, 1);
	score = xmalloc(((size_t)n + 1) * sizeof *score);
	susp = xmalloc(((size_t)n + 1) * sizeof *susp);
	sugg = xmalloc(((size_t)n + 1) * sizeof *sugg);
	cl_init(&cl, mean, noisy, n, k, &e);
	cl_find_issues(&cl, mean, noisy, CL_PRUNE_BY_NOISE_RATE, flag);
	cl_quality(mean, noisy, n, k, CL_SELF_CONFIDENCE, score);
	for (i = 0; i < n; i++) {
		uint32_t best = 0;

		for (c = 1; c < k; c++)
			if (mean[(size_t)i * k + c] > mean[(size_t)i * k + best])
				best = c;
		sugg[i] = best;
		susp[i] = isnan(score[i]) ? 0 : 1 - score[i];
	}
	M.secs = tcl + now_s() - t0;
	score_run(&M, flag, susp, sugg, L.y, noisy, n,
	    (double)cl_expected_errors(&cl.kcal));
	print_row(name, st->name, "cl", &M, 1);
	*f1_cl = M.f1;
	cl_release(&cl);

	/* PICO: the same round 1, then its own rounds */
	t0 = now_s();
	ck.round = src_round;
	ck.done = src_done;
	ck.ctx = &S;
	ck.fixed = 0;
	{
		struct pico_opts p = *po;

		p.folds = oo->folds;
		if (pico_run(&p, n, k, noisy, NULL, &ck, NULL, &r, &e) != 0) {
			fprintf(stderr, "eval: %s\n", e.msg);
			return -1;
		}
	}
	for (i = 0; i < n; i++)
		susp[i] = 1 - r.quality[i];
	M.secs = tcl + now_s() - t0;
	score_run(&M, r.flagged, susp, r.suggested, L.y, noisy, n,
	    r.expected);
	print_row(name, st->name, "pico", &M, r.rounds);
	*f1_pico = M.f1;
	fflush(stdout);
	pico_result_release(&r);
	oof_release(&S.first);
	oof_release(&S.later);
	folds_release(&split);
	features_release(&X);
	free(mean);
	free(flag);
	free(score);
	free(susp);
	free(sugg);
	free(noisy);
	labels_release(&L);
	table_free(t);
	return 0;
}

static int
choice(const char *v, const char *const *names)
{
	int i;

	for (i = 0; names[i]; i++)
		if (strcmp(v, names[i]) == 0)
			return i;
	fprintf(stderr, "eval: unknown value '%s'\n", v);
	exit(64);
}

int
main(int argc, char **argv)
{
	static const char *const betas[] = { "one", "sqrt", "inv", NULL };
	static const char *const priors[] = { "cj", "eps", NULL };
	static const char *const carries[] = { "none", "hmm", NULL };
	static const char *const flags[] = { "budget", "argmax", "q", NULL };
	static const char *const pools[] = { "loglinear", "mean", NULL };
	const char *dir = "datasets", *sets = "u10,u30,c10,c30";
	const char *datasets = "digits,iris,cars,fortunes8,movies";
	struct pico_opts po;
	struct oof_opts oo;
	uint64_t seed = 42;
	char *list, *p, *q;
	double fp, fc, sum_p = 0, sum_c = 0;
	int i, runs = 0, worse = 0;
	size_t s;

	pico_opts_init(&po);
	oof_opts_init(&oo);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!v) {
			fprintf(stderr, "eval: %s needs a value\n", a);
			return 64;
		}
		i++;
		if (!strcmp(a, "--data"))
			dir = v;
		else if (!strcmp(a, "--seed"))
			seed = strtoull(v, NULL, 10);
		else if (!strcmp(a, "--datasets"))
			datasets = v;
		else if (!strcmp(a, "--settings"))
			sets = v;
		else if (!strcmp(a, "--beta"))
			po.vote.beta = (enum vote_beta)choice(v, betas);
		else if (!strcmp(a, "--prior"))
			po.prior = (enum pico_prior)choice(v, priors);
		else if (!strcmp(a, "--eps"))
			po.eps = atof(v);
		else if (!strcmp(a, "--carry"))
			po.carry = (enum pico_carry)choice(v, carries);
		else if (!strcmp(a, "--stay"))
			po.stay = atof(v);
		else if (!strcmp(a, "--rounds"))
			po.rounds = (uint32_t)atoi(v);
		else if (!strcmp(a, "--flag"))
			po.flag = (enum pico_flag)choice(v, flags);
		else if (!strcmp(a, "--tau"))
			po.tau = atof(v);
		else if (!strcmp(a, "--relabel-threshold"))
			po.tau_relabel = atof(v);
		else if (!strcmp(a, "--pool"))
			po.vote.pool = (enum vote_pool)choice(v, pools);
		else if (!strcmp(a, "--alpha"))
			po.alpha = atof(v);
		else if (!strcmp(a, "--repeats"))
			oo.repeats = (uint32_t)atoi(v);
		else if (!strcmp(a, "--folds"))
			oo.folds = (uint32_t)atoi(v);
		else if (!strcmp(a, "--model")) {
			if (oof_model_parse(v, &oo.model) != 0) {
				fprintf(stderr, "eval: unknown model %s\n", v);
				return 64;
			}
		} else {
			fprintf(stderr, "eval: unknown option %s\n", a);
			return 64;
		}
	}
	printf("%-10s %-4s %-5s %5s %5s %5s  %5s %5s %5s  %5s %5s %5s %6s "
	    "%2s %7s %5s\n", "dataset", "set", "meth", "prec", "rec", "F1",
	    "AUROC", "AUPRC", "P@err", "fix", "flag", "err", "|est|", "T",
	    "time", "rss");
	list = xstrdup(datasets);
	for (p = list; p; p = q) {
		q = strchr(p, ',');
		if (q)
			*q++ = '\0';
		for (s = 0; s < sizeof settings / sizeof *settings; s++) {
			if (!strstr(sets, settings[s].name))
				continue;
			if (run_one(dir, p, &settings[s], &po, &oo, seed, &fp,
			    &fc) != 0)
				return 1;
			sum_p += fp;
			sum_c += fc;
			worse += fp < fc;
			runs++;
		}
	}
	printf("mean F1: pico %.3f, cl %.3f over %d runs; pico below cl in "
	    "%d\n", runs ? sum_p / runs : 0, runs ? sum_c / runs : 0, runs,
	    worse);
	free(list);
	return 0;
}
