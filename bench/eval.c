/*
 * eval.c - the measuring stick behind `make eval`: how well winnow finds
 * label errors that were put there on purpose, scored the way a reviewer
 * meets them.
 *
 * Three jobs, each one process, driven by bench/eval.sh:
 *
 *   eval noise IN OUT --setting S --seed N [dataset options]
 *	A copy of IN whose label column is corrupted, seeded.  S is uNN
 *	(NN% of the labelled rows flipped, each to any other class), cNN
 *	(class-dependent: each class flips to one fixed other class, a
 *	random cycle through the classes) or shuffle (the label column
 *	permuted: labels unrelated to the other columns).  The copy is
 *	written the way a review's export is: the flips are journalled as
 *	relabels and export_write copies IN byte for byte with only those
 *	label fields replaced.
 *
 *   eval random OUT --rows N --seed N [--cols D] [--classes K]
 *	A synthetic file whose labels (K of them, 2 to 4; default 4) are
 *	drawn independently of its columns: D normal ones (default 20)
 *	and a colour.
 *
 *   eval run FILE --tag DATASET,SETTING,SEED,METHOD [--truth CLEAN]
 *	    [dataset options] [winnow pico options]
 *	One run of `winnow pico` as the program runs it (cli_load, the
 *	label classes in order of first sight, picorun with the options
 *	given), then one TSV line of scores (eval header names the
 *	columns).  The truth is CLEAN's label column, row for row; without
 *	--truth the given labels are taken as true.  The first cards of
 *	the review queue come from a real review session (review_open with
 *	review_opts_init's default order, review_set_result) on a scratch
 *	journal, so they follow the queue's default wherever it goes.
 *	Time and memory are this process's own: wall time from the start
 *	of main to the end of picorun (loading included), CPU time and
 *	peak RSS from getrusage(RUSAGE_SELF) at that moment, before any
 *	scoring.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/picoopt.h"
#include "core/data/labels.h"
#include "core/pico/picorun.h"
#include "core/review/export.h"
#include "core/review/journal.h"
#include "core/review/review.h"
#include "core/util/rng.h"
#include "core/util/sort.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"

/* What the summary looks for in the JSON summary of a file whose labels
 * the other columns cannot predict (issue 10's wording). */
#define UNPREDICTABLE_PHRASE "do not predict the label"

/* How many cards of the queue are scored. */
#define FIRST_CARDS 50

static int
usage_error(const char *msg, const char *what)
{
	fprintf(stderr, "eval: %s%s%s\n", msg, what ? " " : "",
	    what ? what : "");
	return ERR_USAGE;
}

static int
fail(const struct err *e)
{
	fprintf(stderr, "eval: %s\n", e->msg[0] ? e->msg : "failed");
	return e->code ? e->code : ERR_SOFTWARE;
}

/* A scratch directory for a journal; the caller removes it. */
static char *
scratch_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/winnow-eval.XXXXXX", tmp && *tmp ? tmp :
	    "/tmp");

	if (!mkdtemp(dir)) {
		fprintf(stderr, "eval: %s: %s\n", dir, strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

static void
scratch_remove(char *dir, const char *journal)
{
	if (journal)
		unlink(journal);
	if (dir)
		rmdir(dir);
	free(dir);
}

/* Load path as `winnow pico` does, with its label classes. */
static struct table *
load(const struct cli_data *d0, const char *path, struct labels *L,
    struct err *e)
{
	struct cli_data d = *d0;
	struct table *t;
	int lc;

	d.path = path;
	d.quiet = 1;
	t = cli_load(&d, e);
	if (!t)
		return NULL;
	lc = cli_label_col(t, d.label ? d.label : "label");
	if (lc < 0) {
		table_free(t);
		err_set(e, ERR_USAGE, "%s: no label column", path);
		return NULL;
	}
	if (labels_init(L, t, lc, LABELS_FIRST_SEEN, e) != 0) {
		table_free(t);
		return NULL;
	}
	return t;
}

/* --- noise --------------------------------------------------------- */

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
	uint32_t *to = xmalloc(((size_t)k + 1) * sizeof *to);

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
	for (i = 0; i < k; i++)
		to[perm[i]] = perm[(i + 1) % k];
	memcpy(perm, to, k * sizeof *perm);
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
	FREE_ALL(idx, perm, to);
}

/* Permute the labels of the labelled rows among themselves. */
static void
shuffle(const uint32_t *given, uint32_t *out, uint32_t n, uint64_t seed)
{
	struct rng r;
	uint32_t *lab = xmalloc(((size_t)n + 1) * sizeof *lab), m = 0, i;

	rng_seed(&r, seed, 11);
	for (i = 0; i < n; i++)
		if (given[i] != LABELS_NONE)
			lab[m++] = given[i];
	rng_shuffle_u32(&r, lab, m);
	for (i = 0, m = 0; i < n; i++)
		out[i] = given[i] == LABELS_NONE ? LABELS_NONE : lab[m++];
	free(lab);
}

/* Write t's file to out with row i's label set to y[i], through a
 * scratch journal of relabels and the export. */
static int
write_relabelled(const struct table *t, const struct labels *L,
    const uint32_t *y, const char *out, struct err *e)
{
	struct journal_opts jo;
	struct journal_decision *d;
	struct export_opts eo;
	struct fingerprint fp;
	struct journal *j;
	char *dir, *path, (*keys)[24];
	const char *key;
	size_t n, m = 0;
	uint32_t i;
	int rc = -1;

	if (fingerprint_file(t->path, &fp, e) != 0)
		return -1;
	if (!(dir = scratch_dir()))
		return err_set(e, ERR_CANTCREAT, "no scratch directory");
	path = xasprintf("%s/journal", dir);
	journal_opts_init(&jo);
	jo.write = 1;
	jo.fp = &fp;
	jo.reviewer = "eval";
	jo.label_col = t->col[L->col].name;
	jo.id_col = t->id_col >= 0 ? t->col[t->id_col].name : NULL;
	j = journal_open(path, &jo, e);
	if (!j)
		goto out;
	d = xcalloc((size_t)t->nrows + 1, sizeof *d);
	keys = xcalloc((size_t)t->nrows + 1, sizeof *keys);
	for (i = 0; i < t->nrows; i++) {
		if (y[i] == L->y[i] || y[i] == LABELS_NONE)
			continue;
		key = table_key(t, i, keys[m], &n);
		journal_decision_init(&d[m], JOURNAL_RELABEL, key, n);
		d[m].given = L->name[L->y[i]];
		d[m].given_len = strlen(d[m].given);
		d[m].label = L->name[y[i]];
		d[m].label_len = strlen(d[m].label);
		m++;
	}
	rc = journal_append_bulk(j, d, m, e);
	free(d);
	free(keys);
	if (rc == 0) {
		export_opts_init(&eo);
		eo.label_col = L->col;
		eo.force = 1;
		rc = export_write(t, j, out, &eo, NULL, e);
	}
	journal_close(j);
out:
	scratch_remove(dir, path);
	free(path);
	return rc;
}

static int
cmd_noise(int argc, char **argv)
{
	struct cli_data d;
	struct table *t;
	struct labels L;
	struct err e;
	const char *in = NULL, *out = NULL, *setting = NULL, *v;
	uint32_t *y, n;
	uint64_t seed = 1;
	int i, bad = 0, x, rc;

	cli_data_init(&d);
	for (i = 1; i < argc && !bad; i++) {
		if ((x = cli_data_opt(&d, argc, argv, &i)) != 0) {
			bad = x < 0;
			continue;
		}
		if ((v = cli_value("--setting", argc, argv, &i, &bad)))
			setting = v;
		else if ((v = cli_value("--seed", argc, argv, &i, &bad)))
			seed = strtoull(v, NULL, 10);
		else if (argv[i][0] == '-' || (in && out))
			return usage_error("noise: unexpected", argv[i]);
		else if (!in)
			in = argv[i];
		else
			out = argv[i];
	}
	if (bad || !in || !out || !setting)
		return usage_error("usage: eval noise IN OUT --setting "
		    "uNN|cNN|shuffle --seed N [dataset options]", NULL);
	if (!(setting[0] == 'u' || setting[0] == 'c') &&
	    strcmp(setting, "shuffle") != 0)
		return usage_error("noise: unknown setting", setting);
	err_clear(&e);
	if (!(t = load(&d, in, &L, &e)))
		return fail(&e);
	n = (uint32_t)t->nrows;
	y = xmalloc(((size_t)n + 1) * sizeof *y);
	if (strcmp(setting, "shuffle") == 0)
		shuffle(L.y, y, n, seed);
	else
		inject(L.y, y, n, L.k, atof(setting + 1) / 100,
		    setting[0] == 'c', seed);
	rc = write_relabelled(t, &L, y, out, &e) == 0 ? 0 : fail(&e);
	free(y);
	labels_release(&L);
	table_free(t);
	cli_data_release(&d);
	return rc;
}

/* --- a file whose labels mean nothing ------------------------------ */

static int
cmd_random(int argc, char **argv)
{
	static const char *const colours[] = { "red", "green", "blue",
		"amber", "violet" };
	static const char *const classes[] = { "north", "south", "east",
		"west" };
	const char *out = NULL, *v;
	uint64_t rows = 20000, seed = 1, i;
	int a, c, bad = 0, cols = 20, k = 4;
	struct rng r;
	FILE *f;

	for (a = 1; a < argc && !bad; a++) {
		if ((v = cli_value("--rows", argc, argv, &a, &bad)))
			rows = strtoull(v, NULL, 10);
		else if ((v = cli_value("--seed", argc, argv, &a, &bad)))
			seed = strtoull(v, NULL, 10);
		else if ((v = cli_value("--cols", argc, argv, &a, &bad)))
			cols = atoi(v);
		else if ((v = cli_value("--classes", argc, argv, &a, &bad)))
			k = atoi(v);
		else if (argv[a][0] == '-' || out)
			return usage_error("random: unexpected", argv[a]);
		else
			out = argv[a];
	}
	if (bad || !out || cols < 0 || k < 2 || k > 4)
		return usage_error("usage: eval random OUT --rows N --seed N "
		    "[--cols 0.. --classes 2..4]", NULL);
	if (!(f = fopen(out, "w"))) {
		fprintf(stderr, "eval: %s: %s\n", out, strerror(errno));
		return ERR_CANTCREAT;
	}
	rng_seed(&r, seed, 13);
	fputs("id", f);
	for (c = 1; c <= cols; c++)
		fprintf(f, ",x%d", c);
	fputs(",colour,label\r\n", f);
	for (i = 1; i <= rows; i++) {
		fprintf(f, "%llu", (unsigned long long)i);
		for (c = 0; c < cols; c++) {
			/* Box-Muller: a normal value */
			double u = 1 - rng_double(&r), w = rng_double(&r);

			fprintf(f, ",%.4f", sqrt(-2 * log(u)) *
			    cos(6.283185307179586 * w));
		}
		fprintf(f, ",%s,%s\r\n", colours[rng_below(&r, 5)],
		    classes[rng_below(&r, (uint64_t)k)]);
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "eval: %s: write error\n", out);
		return ERR_IO;
	}
	return 0;
}

/* --- scores -------------------------------------------------------- */

struct metrics {
	uint64_t rows;		/* labelled rows */
	uint64_t errors, flagged, tp, fixable, cards, hits;
	double prec, rec, f1, patk, first, sugg, self, sugg_all, auroc, auprc;
	double est, abserr, flagrate, oofacc, majority, gain;
};

/*
 * AUROC and AUPRC (average precision) of score against is_err, higher
 * score = more suspicious; ties share their rank.  NAN when one side is
 * empty.
 */
static void
curves(const double *score, const uint8_t *is_err, uint32_t n, double *auroc,
    double *auprc)
{
	uint32_t *idx = xmalloc(((size_t)n + 1) * sizeof *idx), i, j;
	double *neg = xmalloc(((size_t)n + 1) * sizeof *neg);
	double npos = 0, nneg, tp = 0, fp = 0, ap = 0, rank, ranksum = 0;

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
	*auprc = npos > 0 ? ap / npos : NAN;
	*auroc = (npos > 0 && nneg > 0) ?
	    (ranksum - npos * (npos + 1) / 2) / (npos * nneg) : NAN;
	free(idx);
	free(neg);
}

/* Precision among the errors-count most suspicious labelled rows (ties
 * in row order). */
static double
precision_at_errors(const double *susp, const uint8_t *is_err, uint32_t n,
    uint64_t errors)
{
	uint32_t *idx = xmalloc(((size_t)n + 1) * sizeof *idx), i;
	double *neg = xmalloc(((size_t)n + 1) * sizeof *neg), hit = 0;

	for (i = 0; i < n; i++) {
		idx[i] = i;
		neg[i] = -susp[i];
	}
	sort_idx_by_double(idx, n, neg);
	for (i = 0; i < errors && i < n; i++)
		hit += is_err[idx[i]];
	free(idx);
	free(neg);
	return errors ? hit / (double)errors : NAN;
}

/*
 * The first FIRST_CARDS cards of the review queue as a reviewer opening
 * t with result r would get them: how many there are and how many are
 * real errors.
 */
static int
first_cards(const struct table *t, struct labels *L,
    const struct pico_result *r, const uint8_t *is_err, uint64_t *cards,
    uint64_t *hits, struct err *e)
{
	struct review_opts o;
	struct review rv;
	char *dir, *path;
	uint32_t i;
	int rc = -1;

	*cards = *hits = 0;
	if (!(dir = scratch_dir()))
		return err_set(e, ERR_CANTCREAT, "no scratch directory");
	path = xasprintf("%s/journal", dir);
	review_opts_init(&o);
	o.journal_path = path;
	o.reviewer = "eval";
	if (review_open(&rv, t, L, &o, e) == 0) {
		review_set_result(&rv, r);
		for (i = 0; i < rv.nqueue && i < FIRST_CARDS; i++) {
			(*cards)++;
			*hits += is_err[rv.queue[i]];
		}
		review_close(&rv);
		rc = 0;
	}
	scratch_remove(dir, path);
	free(path);
	return rc;
}

/* 1 when the JSON summary says the labels cannot be predicted. */
static int
says_unpredictable(const struct table *t, const struct labels *L,
    const struct pico_result *r, const struct picorun_opts *o)
{
	struct jsonw w;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int found;

	if (!f)
		return 0;
	jsonw_init(&w, f, 0);
	picorun_write_json(&w, t, L, r, o);
	jsonw_finish(&w);
	fclose(f);
	found = buf && strstr(buf, UNPREDICTABLE_PHRASE) != NULL;
	free(buf);
	return found;
}

/*
 * Score r (given labels L->y, true labels truth) into M.  Rows without
 * a given label are left out of everything.
 */
static void
score(struct metrics *M, const struct pico_result *r,
    const struct labels *L, const uint32_t *truth, const uint8_t *is_err_row)
{
	uint32_t n = r->n, i, m = 0;
	double *susp = xmalloc(((size_t)n + 1) * sizeof *susp);
	uint8_t *err = xmalloc((size_t)n + 1);
	uint64_t fp = 0, fn = 0, right = 0, self = 0, right_all = 0;

	for (i = 0; i < n; i++) {
		uint32_t g = L->y[i];

		if (g == LABELS_NONE)
			continue;
		M->rows++;
		M->errors += is_err_row[i];
		M->flagged += r->flagged[i];
		right_all += is_err_row[i] && r->suggested[i] == truth[i];
		if (r->flagged[i] && is_err_row[i]) {
			M->tp++;
			right += r->suggested[i] == truth[i];
			self += r->suggested[i] == g;
		}
		fp += r->flagged[i] && !is_err_row[i];
		fn += !r->flagged[i] && is_err_row[i];
		susp[m] = 1 - (double)r->quality[i];
		err[m++] = is_err_row[i];
	}
	M->prec = M->flagged ? (double)M->tp / (double)M->flagged : NAN;
	M->rec = M->errors ? (double)M->tp / (double)M->errors : NAN;
	M->f1 = M->errors ? 2.0 * (double)M->tp / (double)(2 * M->tp + fp +
	    fn) : NAN;
	M->sugg = M->tp ? (double)right / (double)M->tp : NAN;
	M->self = M->tp ? (double)self / (double)M->tp : NAN;
	M->sugg_all = M->errors ? (double)right_all / (double)M->errors : NAN;
	M->patk = precision_at_errors(susp, err, m, M->errors);
	curves(susp, err, m, &M->auroc, &M->auprc);
	M->est = r->expected;
	M->abserr = fabs(r->expected - (double)M->errors);
	M->flagrate = M->rows ? (double)M->flagged / (double)M->rows : NAN;
	/* the checkers' out-of-fold accuracy against the given labels, as
	 * the run measured it */
	M->oofacc = r->skill.rows ? r->skill.accuracy : NAN;
	M->gain = r->skill.rows ? r->skill.gain : NAN;
	/* what always guessing the largest class would score */
	for (i = 0; i < L->k; i++)
		if (M->rows && (double)L->count[i] / (double)M->rows >
		    M->majority)
			M->majority = (double)L->count[i] / (double)M->rows;
	free(susp);
	free(err);
}

static const char *const columns[] = {
	"dataset", "setting", "seed", "method", "rows", "classes", "errors",
	"flagged", "tp", "prec", "rec", "f1", "p_at_err", "cards", "p_first",
	"sugg_acc", "sugg_self", "sugg_all", "auroc", "auprc", "est",
	"abs_est_err", "flag_rate", "oof_acc", "majority", "gain", "warns",
	"rounds",
	"wall_s", "cpu_s", "rss_mb", NULL
};

/* The n numbers v[], each after a tab with decimals places (NA for
 * NaN); PUT_NUMS(decimals, a, b, ...) puts its arguments. */
static void
put_nums(int decimals, const double *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (isnan(v[i]))
			fputs("\tNA", stdout);
		else
			printf("\t%.*f", decimals, v[i]);
}
#define PUT_NUMS(decimals, ...) put_nums((decimals), \
	(const double []){ __VA_ARGS__ }, \
	sizeof (const double []){ __VA_ARGS__ } / sizeof (double))

static void
print_line(const char *tag, const struct metrics *M, uint32_t k, int warns,
    uint32_t rounds, double wall, double cpu, double rss_mb)
{
	const char *p;

	for (p = tag; *p; p++)
		putchar(*p == ',' ? '\t' : *p);
	printf("\t%llu\t%u\t%llu\t%llu\t%llu", (unsigned long long)M->rows,
	    k, (unsigned long long)M->errors, (unsigned long long)M->flagged,
	    (unsigned long long)M->tp);
	PUT_NUMS(4, M->prec, M->rec, M->f1, M->patk);
	printf("\t%llu", (unsigned long long)M->cards);
	PUT_NUMS(4, M->first, M->sugg, M->self, M->sugg_all, M->auroc,
	    M->auprc);
	PUT_NUMS(1, M->est, M->abserr);
	PUT_NUMS(4, M->flagrate, M->oofacc, M->majority);
	PUT_NUMS(1, M->gain);
	printf("\t%d\t%u", warns, rounds);
	PUT_NUMS(3, wall, cpu);
	PUT_NUMS(1, rss_mb);
	putchar('\n');
}

/* --- one run ------------------------------------------------------- */

/* The true class of each row of t, in t's classes L: rows of truth
 * matched by position, classes by name (LABELS_NONE + 0 for a class t
 * never uses, which no suggestion can equal). */
static uint32_t *
true_classes(const struct cli_data *d, const char *path,
    const struct table *t, const struct labels *L, struct err *e)
{
	struct labels T;
	struct table *tt = load(d, path, &T, e);
	uint32_t *y, i;
	int c;

	if (!tt)
		return NULL;
	if (tt->nrows != t->nrows) {
		err_set(e, ERR_DATA, "%s: %llu rows, but %s has %llu", path,
		    (unsigned long long)tt->nrows, t->path,
		    (unsigned long long)t->nrows);
		labels_release(&T);
		table_free(tt);
		return NULL;
	}
	y = xmalloc(((size_t)t->nrows + 1) * sizeof *y);
	for (i = 0; i < t->nrows; i++) {
		y[i] = LABELS_NONE;
		if (T.y[i] == LABELS_NONE)
			continue;
		c = labels_find(L, T.name[T.y[i]], strlen(T.name[T.y[i]]));
		y[i] = c >= 0 ? (uint32_t)c : LABELS_NONE - 1;
	}
	labels_release(&T);
	table_free(tt);
	return y;
}

static int
cmd_run(int argc, char **argv)
{
	double t0 = time_mono(), wall, cpu, rss;
	struct cli_data d;
	struct picorun_opts o;
	struct table *t;
	struct labels L;
	struct pico_result r;
	struct metrics M;
	struct rusage ru;
	struct err e;
	const char *file = NULL, *tag = NULL, *truthp = NULL, *v, **probs;
	uint32_t *truth, i;
	uint8_t *is_err;
	size_t nprobs = 0;
	int a, bad = 0, x, warns, commas = 0;

	cli_data_init(&d);
	picorun_opts_init(&o);
	probs = xcalloc((size_t)argc + 1, sizeof *probs);
	for (a = 1; a < argc && !bad; a++) {
		if ((x = cli_data_opt(&d, argc, argv, &a)) != 0 ||
		    (x = picoopt_parse(&o, probs, &nprobs, argc, argv, &a)) != 0) {
			bad = x < 0;
			continue;
		}
		if ((v = cli_value("--tag", argc, argv, &a, &bad)))
			tag = v;
		else if ((v = cli_value("--truth", argc, argv, &a, &bad)))
			truthp = v;
		else if (argv[a][0] == '-' || file)
			bad = usage_error("run: unexpected", argv[a]);
		else
			file = argv[a];
	}
	for (v = tag; v && *v; v++)
		commas += *v == ',';
	if (bad || !file || !tag || commas != 3) {
		free(probs);
		return usage_error("usage: eval run FILE --tag DATASET,SETTING,"
		    "SEED,METHOD [--truth CLEAN] [dataset and pico options]",
		    NULL);
	}
	o.oof.threads = d.threads;
	o.probs = nprobs ? probs : NULL;
	err_clear(&e);
	if (!(t = load(&d, file, &L, &e))) {
		free(probs);
		return fail(&e);
	}
	if (picorun(t, &L, NULL, &o, &r, &e) != 0) {
		free(probs);
		return fail(&e);
	}
	wall = time_mono() - t0;
	getrusage(RUSAGE_SELF, &ru);
	cpu = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
	rss = (double)ru.ru_maxrss / 1024;

	warns = says_unpredictable(t, &L, &r, &o);
	if (truthp) {
		if (!(truth = true_classes(&d, truthp, t, &L, &e)))
			return fail(&e);
	} else {
		truth = xmalloc(((size_t)t->nrows + 1) * sizeof *truth);
		memcpy(truth, L.y, t->nrows * sizeof *truth);
	}
	is_err = xcalloc((size_t)t->nrows + 1, 1);
	for (i = 0; i < t->nrows; i++)
		is_err[i] = L.y[i] != LABELS_NONE && truth[i] != L.y[i];
	memset(&M, 0, sizeof M);
	score(&M, &r, &L, truth, is_err);
	if (first_cards(t, &L, &r, is_err, &M.cards, &M.hits, &e) != 0)
		return fail(&e);
	M.first = M.cards ? (double)M.hits / (double)M.cards : NAN;
	print_line(tag, &M, L.k, warns, r.rounds, wall, cpu, rss);
	if (fflush(stdout) != 0)
		return ERR_IO;
	pico_result_release(&r);
	free(is_err);
	free(truth);
	labels_release(&L);
	table_free(t);
	free(probs);
	cli_data_release(&d);
	return 0;
}

int
main(int argc, char **argv)
{
	int i;

	cli_init();
	if (argc >= 2 && strcmp(argv[1], "noise") == 0)
		return cmd_noise(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "random") == 0)
		return cmd_random(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "header") == 0) {
		for (i = 0; columns[i]; i++)
			printf("%s%s", i ? "\t" : "", columns[i]);
		putchar('\n');
		return 0;
	}
	return usage_error("usage: eval noise|random|run|header ...", NULL);
}
