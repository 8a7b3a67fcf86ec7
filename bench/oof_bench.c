/*
 * oof_bench - time the checkers: features plus R x F out-of-fold
 * trainings on the bundled digits set and on generated numeric and text
 * sets, printing wall time, out-of-fold accuracy and peak memory.
 *
 *   oof_bench                      all standard cases, each in a child
 *   oof_bench CASE ...             some of: digits numeric text12k text100k,
 *                                  text:N:K (N texts, K classes),
 *                                  numeric:N (N rows x 40, 10 classes)
 *   oof_bench --csv FILE ...       any CSV (label column "label")
 *
 * Options (before the cases): --model auto|nb|lr, --threads N,
 * --repeats R, --folds F, --seed S, --epochs E, --eta X, --l2 X,
 * --sgd, --alpha X, --bits B, --tfidf 0|1, --sublinear 0|1,
 * --bigrams 0|1, --char 0|1, --mindf N, --label COL, --id COL (the key
 * column, never a feature; default "id", "" for none), --text COL,
 * --data DIR (where digits.csv is; default datasets), --pico 1 (also
 * time a whole PICO run with the default rounds).
 *
 * Generated sets are drawn from a fixed seed, so every run times the same
 * data.  Texts: each class mixes a shared Zipf background vocabulary with
 * its own topic words, topics overlapping between classes, so the task is
 * learnable but not trivial.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/data/csvload.h"
#include "core/pico/features.h"
#include "core/data/labels.h"
#include "core/pico/oof.h"
#include "core/pico/picorun.h"
#include "core/util/rng.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"
#include "bench/bench.h"

static double
gauss(struct rng *r)
{
	double u = rng_double(r), v = rng_double(r);

	return sqrt(-2 * log(u + 1e-300)) * cos(2 * 3.14159265358979 * v);
}

/* n rows x d numeric columns, k classes: class means on a sphere, unit
 * noise; half the columns carry no signal. */
static void
gen_numeric(FILE *f, size_t n, int d, int k)
{
	struct rng r;
	double *mu = xmalloc((size_t)k * d * sizeof *mu);
	size_t i;
	int j, c;

	rng_seed(&r, 42, 1);
	for (c = 0; c < k; c++)
		for (j = 0; j < d; j++)
			mu[c * d + j] = j < d / 2 ? 0.55 * gauss(&r) : 0;
	fputs("id", f);
	for (j = 0; j < d; j++)
		fprintf(f, ",x%d", j);
	fputs(",label\n", f);
	for (i = 0; i < n; i++) {
		c = (int)rng_below(&r, (uint64_t)k);
		fprintf(f, "%zu", i + 1);
		for (j = 0; j < d; j++)
			fprintf(f, ",%.4f", mu[c * d + j] * 1.2 + gauss(&r) *
			    (1 + 0.1 * j / d) + j * 0.5);
		fprintf(f, ",c%d\n", c);
	}
	free(mu);
}

/* n texts of 4-16 words, k classes: 60% of words from a Zipf background
 * over V words, 40% from the class topic (80 words out of a 600-word
 * topic pool, so topics overlap). */
static void
gen_text(FILE *f, size_t n, int k, uint32_t V)
{
	struct rng r;
	double *cdf = bench_zipf(V);
	uint32_t *topic = xmalloc((size_t)k * 80 * sizeof *topic);
	size_t i;
	int c, len, t;

	rng_seed(&r, 42, 2);
	for (c = 0; c < k; c++)
		for (t = 0; t < 80; t++)
			topic[c * 80 + t] = V + (uint32_t)rng_below(&r, 600);
	fputs("id,text,label\n", f);
	for (i = 0; i < n; i++) {
		c = (int)rng_below(&r, (uint64_t)k);
		len = 4 + (int)rng_below(&r, 13);
		fprintf(f, "%zu,", i + 1);
		bench_text(f, len, 0.6, cdf, V, topic + c * 80, 80, &r);
		fprintf(f, ",c%d\n", c);
	}
	free(cdf);
	free(topic);
}

struct cfg {
	struct oof_opts oo;
	struct features_opts fo;
	const char *label;
	const char *id;
	const char *text[4];
	const char *data;
	int pico;		/* --pico 1: time whole PICO runs as well */
};

static int
run_table(const char *name, struct table *t, double tload,
    const struct cfg *cf)
{
	struct features X;
	struct labels L;
	struct oof out;
	struct err e;
	struct features_opts fo = cf->fo;
	struct rusage ru;
	double t0, t1, t2, c0, acc = 0, ll = 0, nl = 0;
	uint64_t i;
	uint32_t r, c, best;
	char mixbuf[160];
	int lc = table_col_index(t, cf->label);

	if (lc < 0) {
		fprintf(stderr, "%s: no column %s\n", name, cf->label);
		return 1;
	}
	if (labels_init(&L, t, lc, LABELS_FIRST_SEEN, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	fo.label_col = lc;
	c0 = bench_cpu();
	t0 = time_mono();
	if (features_build(&X, t, &fo, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	t1 = time_mono();
	if (oof_run(&out, &X, L.y, NULL, NULL, L.k, NULL, &cf->oo, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	t2 = time_mono();
	for (r = 0; r < out.repeats; r++)
		for (i = 0; i < out.n; i++) {
			const float *p = oof_prob(&out, r, i);

			if (L.y[i] >= L.k)
				continue;
			best = 0;
			for (c = 1; c < L.k; c++)
				if (p[c] > p[best])
					best = c;
			acc += best == L.y[i];
			ll -= log(p[L.y[i]]);
			nl++;
		}
	getrusage(RUSAGE_SELF, &ru);
	printf("%-10s %7llu rows %5u cols %4u cls  %-2s  load %6.3f s  "
	    "features %6.3f s  oof %6.3f s  total %6.3f s  cpu %6.3f s  "
	    "acc %.4f  logloss %.4f  nnz/row %.1f  rss %ld MB\n", name,
	    (unsigned long long)t->nrows, (unsigned)t->ncols, L.k,
	    oof_mix_describe(&out.mix, mixbuf, sizeof mixbuf), tload, t1 - t0,
	    t2 - t1, t2 - t0,
	    bench_cpu() - c0,
	    nl ? acc / nl : 0, nl ? ll / nl : 0,
	    X.n ? (double)X.ptr[X.n] / (double)X.n : 0, ru.ru_maxrss / 1024);
	fflush(stdout);
	oof_release(&out);
	features_release(&X);
	if (cf->pico) {
		struct picorun_opts po;
		struct pico_result res;

		picorun_opts_init(&po);
		po.oof = cf->oo;
		po.feat = cf->fo;
		c0 = bench_cpu();
		t0 = time_mono();
		if (picorun(t, &L, NULL, &po, &res, &e) != 0) {
			fprintf(stderr, "%s\n", e.msg);
			return 1;
		}
		t1 = time_mono();
		getrusage(RUSAGE_SELF, &ru);
		printf("%-10s  pico: %u rounds x %u checkers, %llu flagged, "
		    "wall %6.3f s, cpu %6.3f s, rss %ld MB\n", name,
		    res.rounds, po.oof.repeats * po.oof.folds,
		    (unsigned long long)res.nflagged, t1 - t0, bench_cpu() - c0,
		    ru.ru_maxrss / 1024);
		fflush(stdout);
		pico_result_release(&res);
	}
	labels_release(&L);
	return 0;
}

static int
run_case(const char *name, const struct cfg *cf)
{
	struct csvload_opts co;
	struct table *t = NULL;
	struct err e;
	double t0;
	char path[4096], *s = NULL;
	size_t gn, sn = 0;
	int rc, gk, made = 1;
	FILE *g = open_memstream(&s, &sn);

	if (!g) {
		perror(name);
		return 1;
	}
	csvload_opts_init(&co);
	co.text_cols = cf->text[0] ? cf->text : NULL;
	co.id_col = cf->id[0] ? cf->id : NULL;
	t0 = time_mono();
	if (!strcmp(name, "digits")) {
		snprintf(path, sizeof path, "%s/digits.csv", cf->data);
		t = csvload(path, &co, &e);
		made = 0;
	} else if (!strcmp(name, "numeric"))
		gen_numeric(g, 20000, 40, 10);
	else if (!strcmp(name, "text12k"))
		gen_text(g, 12000, 32, 3000);
	else if (!strcmp(name, "text100k"))
		gen_text(g, 100000, 20, 5000);
	else if (sscanf(name, "text:%zu:%d", &gn, &gk) == 2 && gk > 0)
		gen_text(g, gn, gk, 5000);
	else if (sscanf(name, "numeric:%zu", &gn) == 1)
		gen_numeric(g, gn, 40, 10);
	else {
		t = csvload(name, &co, &e);
		made = 0;
	}
	fclose(g);
	if (made) {
		t0 = time_mono();
		t = csvload_mem(name, s, sn, &co, &e);
	}
	free(s);
	if (!t) {
		fprintf(stderr, "%s: %s\n", name, e.msg);
		return 1;
	}
	rc = run_table(name, t, time_mono() - t0, cf);
	table_free(t);
	return rc;
}

/* One named case, for bench_in_child. */
struct one_case {
	const char *name;
	const struct cfg *cf;
};

static int
run_one(const void *ctx)
{
	const struct one_case *c = ctx;

	return run_case(c->name, c->cf);
}

static int
in_child(const char *name, const struct cfg *cf)
{
	struct one_case c = { name, cf };

	return bench_in_child(run_one, &c);
}

/* The options that set one field of struct cfg from their value, as
 * atoi, strtoull or atof read it. */
enum opt_kind { OPT_INT, OPT_UNSIGNED, OPT_U32, OPT_U64, OPT_DOUBLE,
    OPT_STRING };

static const struct opt {
	const char *name;
	enum opt_kind kind;
	size_t at;		/* offsetof(struct cfg, the field) */
} opts[] = {
	{ "--threads", OPT_INT, offsetof(struct cfg, oo.threads) },
	{ "--repeats", OPT_U32, offsetof(struct cfg, oo.repeats) },
	{ "--folds", OPT_U32, offsetof(struct cfg, oo.folds) },
	{ "--seed", OPT_U64, offsetof(struct cfg, oo.seed) },
	{ "--epochs", OPT_U32, offsetof(struct cfg, oo.lr.epochs) },
	{ "--eta", OPT_DOUBLE, offsetof(struct cfg, oo.lr.eta) },
	{ "--C", OPT_DOUBLE, offsetof(struct cfg, oo.lr.C) },
	{ "--tol", OPT_DOUBLE, offsetof(struct cfg, oo.lr.tol) },
	{ "--l2", OPT_DOUBLE, offsetof(struct cfg, oo.lr.l2) },
	{ "--alpha", OPT_DOUBLE, offsetof(struct cfg, oo.nb.alpha) },
	{ "--varfloor", OPT_DOUBLE, offsetof(struct cfg, oo.nb.var_floor) },
	{ "--bits", OPT_UNSIGNED, offsetof(struct cfg, fo.hash_bits) },
	{ "--tfidf", OPT_INT, offsetof(struct cfg, fo.tfidf) },
	{ "--sublinear", OPT_INT, offsetof(struct cfg, fo.sublinear) },
	{ "--bigrams", OPT_INT, offsetof(struct cfg, fo.bigrams) },
	{ "--mindf", OPT_U32, offsetof(struct cfg, fo.min_df) },
	{ "--char", OPT_INT, offsetof(struct cfg, fo.char_ngrams) },
	{ "--label", OPT_STRING, offsetof(struct cfg, label) },
	{ "--id", OPT_STRING, offsetof(struct cfg, id) },
	{ "--data", OPT_STRING, offsetof(struct cfg, data) },
	{ "--pico", OPT_INT, offsetof(struct cfg, pico) },
};

/* Set the field of option name to v; 0 when no such option. */
static int
set_option(struct cfg *cf, const char *name, const char *v)
{
	const struct opt *o;
	char *f;

	for (o = opts; o < opts + sizeof opts / sizeof *opts; o++)
		if (!strcmp(name, o->name))
			break;
	if (o == opts + sizeof opts / sizeof *opts)
		return 0;
	f = (char *)cf + o->at;
	switch (o->kind) {
	case OPT_INT:
		*(int *)f = atoi(v);
		break;
	case OPT_UNSIGNED:
		*(unsigned *)f = (unsigned)atoi(v);
		break;
	case OPT_U32:
		*(uint32_t *)f = (uint32_t)atoi(v);
		break;
	case OPT_U64:
		*(uint64_t *)f = strtoull(v, NULL, 10);
		break;
	case OPT_DOUBLE:
		*(double *)f = atof(v);
		break;
	case OPT_STRING:
		*(const char **)f = v;
		break;
	}
	return 1;
}

int
main(int argc, char **argv)
{
	static const char *std_cases[] = { "digits", "numeric", "text12k",
	    "text100k" };
	struct cfg cf;
	int i, rc = 0, ncase = 0, nt = 0;
	const char *v;

	oof_opts_init(&cf.oo);
	features_opts_init(&cf.fo);
	cf.label = "label";
	cf.id = "id";
	memset(cf.text, 0, sizeof cf.text);
	cf.data = "datasets";
	cf.pico = 0;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--adagrad")) {
			cf.oo.model = OOF_SGD;
			continue;
		}
		if (!strcmp(argv[i], "--sgd")) {
			cf.oo.lr.solver = LR_SGD;
			continue;
		}
		if (strncmp(argv[i], "--", 2) || i + 1 >= argc)
			break;
		v = argv[i + 1];
		i++;
		if (!strcmp(argv[i - 1], "--model")) {
			if (oof_model_parse(v, &cf.oo.model) < 0)
				return 64;
		} else if (!strcmp(argv[i - 1], "--text") && nt < 3)
			cf.text[nt++] = v;
		else if (!strcmp(argv[i - 1], "--csv")) {
			rc |= in_child(v, &cf);
			ncase++;
		} else if (!set_option(&cf, argv[i - 1], v)) {
			fprintf(stderr, "oof_bench: unknown option %s\n",
			    argv[i - 1]);
			return 64;
		}
	}
	for (; i < argc; i++) {
		rc |= in_child(argv[i], &cf);
		ncase++;
	}
	if (ncase == 0)
		for (i = 0; i < 4; i++)
			rc |= in_child(std_cases[i], &cf);
	return rc;
}
