/*
 * bigk_bench - PICO with many classes: N short texts x K classes with
 * injected label noise, run end to end through picorun with the default
 * options (R = 3, F = 5, top-r storage chosen by size), reporting wall
 * and CPU time, rounds, peak RSS and how well the flags find the
 * injected noise.
 *
 *   bigk_bench [--dir DIR] [--threads N] [--noise F] [--model M]
 *              [--top-r R] [--method pico|cl] [N:K ...]
 *
 * Default cases: 100000:1000 and 1000000:1000.  Each case runs in a
 * child process, so each peak RSS is that case's own.  The data is
 * written once to DIR (default build/bench) as bigk-N-K.csv and read
 * back with the loader, as `winnow pico` would: columns id, text, label
 * (noisy), truth (the label before the noise; not a feature).
 *
 * Texts: 5 to 12 words, half from a Zipf background vocabulary of
 * 20,000 words shared by every class, half from the class's own 24
 * topic words, drawn from a pool of 12 K words so that topics overlap
 * (each pool word is in about two classes' topics).  Noise: a fraction
 * (default 0.1) of the rows takes a uniformly drawn other label.
 * Everything comes from a fixed seed.
 *
 * Output per case: the phases as picorun reports them (with the time
 * each began), then one line: rows, classes, model, rounds, flagged,
 * true errors, precision, recall, F1, accuracy of the suggestions on
 * the true errors, wall, cpu, peak RSS.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/data/csvload.h"
#include "core/data/labels.h"
#include "core/pico/picorun.h"
#include "core/util/rng.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"
#include "bench/bench.h"

#define BG_WORDS 20000
#define TOPIC 24

/* Write the data set; returns 0 or -1. */
static int
generate(const char *path, uint64_t n, uint32_t k, double noise)
{
	struct rng r;
	double *cdf;
	uint32_t pool = 12 * k, *topic, c, y;
	uint64_t i;
	int len, t;
	char tmp[4200];
	FILE *f;

	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		perror(tmp);
		return -1;
	}
	cdf = bench_zipf(BG_WORDS);
	topic = xmalloc((size_t)k * TOPIC * sizeof *topic);
	rng_seed(&r, 4242, 7);
	for (c = 0; c < k; c++)
		for (t = 0; t < TOPIC; t++)
			topic[c * TOPIC + t] = BG_WORDS +
			    (uint32_t)rng_below(&r, pool);
	fputs("id,text,label,truth\n", f);
	for (i = 0; i < n; i++) {
		c = (uint32_t)rng_below(&r, k);
		len = 5 + (int)rng_below(&r, 8);
		fprintf(f, "%llu,", (unsigned long long)i + 1);
		bench_text(f, len, 0.5, cdf, BG_WORDS, topic + c * TOPIC, TOPIC,
		    &r);
		y = c;
		if (k > 1 && rng_double(&r) < noise) {
			y = (uint32_t)rng_below(&r, k - 1);
			y += y >= c;
		}
		fprintf(f, ",c%u,c%u\n", y, c);
	}
	free(cdf);
	free(topic);
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

struct cfg {
	const char *dir;
	int threads;
	double noise;
	enum oof_model model;
	uint32_t topr;
	enum picorun_method method;
};

struct phase {
	double t0;
	char what[64];
};

/* Resident and peak resident memory so far, MB. */
static void
rss(double *cur, double *peak)
{
	struct rusage ru;
	long pages = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &res) != 2)
			res = 0;
		fclose(f);
	}
	*cur = (double)res * (double)sysconf(_SC_PAGESIZE) / 1e6;
	getrusage(RUSAGE_SELF, &ru);
	*peak = ru.ru_maxrss / 1024.0;
}

/* Print each new phase with the time it began (and the end of each
 * round's checkers), with the memory at that point. */
static void
phase_fn(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	struct phase *P = ctx;
	double cur, peak;

	if (!what)
		return;
	if (strcmp(what, P->what) == 0) {
		if (done != total || total == 0 || !strstr(what, "checkers"))
			return;
		rss(&cur, &peak);
		fprintf(stderr, "  %8.1f s  %s done  (rss %.0f MB, peak %.0f "
		    "MB)\n", time_mono() - P->t0, what, cur, peak);
		return;
	}
	snprintf(P->what, sizeof P->what, "%s", what);
	rss(&cur, &peak);
	fprintf(stderr, "  %8.1f s  %s  (rss %.0f MB, peak %.0f MB)\n",
	    time_mono() - P->t0, what, cur, peak);
}

static int
run_case(uint64_t n, uint32_t k, const struct cfg *cf)
{
	char path[4096];
	struct stat st;
	struct csvload_opts co;
	struct table *t;
	struct labels L, T;
	struct picorun_opts po;
	struct pico_result res;
	struct progress pr;
	struct phase ph;
	struct rusage ru;
	struct err e;
	int text_col, lc, tc, cols[1];
	double t0, t1, c0, tload, tp = 0, fp = 0, fn = 0, fixed = 0;
	uint64_t i;

	snprintf(path, sizeof path, "%s/bigk-%llu-%u.csv", cf->dir,
	    (unsigned long long)n, k);
	if (stat(path, &st) != 0) {
		fprintf(stderr, "generating %s ...\n", path);
		if (generate(path, n, k, cf->noise) != 0)
			return 1;
	}
	csvload_opts_init(&co);
	co.id_col = "id";
	t0 = time_mono();
	t = csvload(path, &co, &e);
	if (!t) {
		fprintf(stderr, "%s: %s\n", path, e.msg);
		return 1;
	}
	tload = time_mono() - t0;
	text_col = table_col_index(t, "text");
	lc = table_col_index(t, "label");
	tc = table_col_index(t, "truth");
	if (text_col < 0 || lc < 0 || tc < 0) {
		fprintf(stderr, "%s: not a bigk_bench file\n", path);
		table_free(t);
		return 1;
	}
	if (labels_init(&L, t, lc, LABELS_FIRST_SEEN, &e) != 0 ||
	    labels_init(&T, t, tc, LABELS_FIRST_SEEN, &e) != 0) {
		fprintf(stderr, "%s\n", e.msg);
		table_free(t);
		return 1;
	}
	picorun_opts_init(&po);
	po.method = cf->method;
	po.oof.threads = cf->threads;
	po.oof.model = cf->model;
	po.pico.force_topr = cf->topr;
	cols[0] = text_col;
	po.feat.cols = cols;
	po.feat.ncols = 1;
	memset(&ph, 0, sizeof ph);
	pr.fn = phase_fn;
	pr.ctx = &ph;
	pr.cancel = NULL;
	po.progress = &pr;
	fprintf(stderr, "%llu x %u: loaded in %.1f s (table %.0f MB)\n",
	    (unsigned long long)n, k, tload, table_bytes(t) / 1e6);
	c0 = bench_cpu();
	t0 = ph.t0 = time_mono();
	if (picorun(t, &L, NULL, &po, &res, &e) != 0) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	t1 = time_mono();
	getrusage(RUSAGE_SELF, &ru);
	for (i = 0; i < res.n; i++) {
		/* class names are shared, ids are not: compare names */
		int wrong = strcmp(L.name[L.y[i]], T.name[T.y[i]]) != 0;

		tp += wrong && res.flagged[i];
		fp += !wrong && res.flagged[i];
		fn += wrong && !res.flagged[i];
		fixed += wrong && strcmp(L.name[res.suggested[i]],
		    T.name[T.y[i]]) == 0;
	}
	printf("%8llu rows %5u cls  %-4s %-4s  rounds %u  flagged %7llu  "
	    "errors %7.0f  P %.3f  R %.3f  F1 %.3f  fix %.3f  "
	    "wall %7.1f s  cpu %7.1f s  rss %ld MB  beliefs %.0f MB\n",
	    (unsigned long long)n, k, oof_model_name(po.oof.model),
	    cf->method == PICORUN_CL ?
	    "cl" : "pico", res.rounds, (unsigned long long)res.nflagged,
	    tp + fn, tp + fp > 0 ? tp / (tp + fp) : 0,
	    tp + fn > 0 ? tp / (tp + fn) : 0,
	    2 * tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : 0,
	    tp + fn > 0 ? fixed / (tp + fn) : 0, t1 - t0, bench_cpu() - c0,
	    ru.ru_maxrss / 1024, post_bytes(&res.post) / 1e6);
	fflush(stdout);
	pico_result_release(&res);
	labels_release(&L);
	labels_release(&T);
	table_free(t);
	return 0;
}

/* One N:K case, for bench_in_child. */
struct one_case {
	uint64_t n;
	uint32_t k;
	const struct cfg *cf;
};

static int
run_one(const void *ctx)
{
	const struct one_case *c = ctx;

	return run_case(c->n, c->k, c->cf);
}

static int
in_child(uint64_t n, uint32_t k, const struct cfg *cf)
{
	struct one_case c = { n, k, cf };

	return bench_in_child(run_one, &c);
}

int
main(int argc, char **argv)
{
	struct cfg cf;
	int i, rc = 0, ncase = 0;
	unsigned long long n;
	unsigned k;

	cf.dir = "build/bench";
	cf.threads = 0;
	cf.noise = 0.1;
	cf.model = OOF_AUTO;
	cf.topr = 0;
	cf.method = PICORUN_PICO;
	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--", 2) && i + 1 < argc) {
			const char *o = argv[i], *v = argv[++i];

			if (!strcmp(o, "--dir"))
				cf.dir = v;
			else if (!strcmp(o, "--threads"))
				cf.threads = atoi(v);
			else if (!strcmp(o, "--noise"))
				cf.noise = atof(v);
			else if (!strcmp(o, "--top-r"))
				cf.topr = (uint32_t)atoi(v);
			else if (!strcmp(o, "--method"))
				cf.method = !strcmp(v, "cl") ? PICORUN_CL :
				    PICORUN_PICO;
			else if (!strcmp(o, "--model")) {
				if (oof_model_parse(v, &cf.model) != 0)
					return 64;
			} else {
				fprintf(stderr, "bigk_bench: unknown option "
				    "%s\n", o);
				return 64;
			}
			continue;
		}
		if (sscanf(argv[i], "%llu:%u", &n, &k) != 2 || n == 0 ||
		    k == 0) {
			fprintf(stderr, "bigk_bench: not N:K: %s\n", argv[i]);
			return 64;
		}
		rc |= in_child(n, k, &cf);
		ncase++;
	}
	if (ncase == 0) {
		rc |= in_child(100000, 1000, &cf);
		rc |= in_child(1000000, 1000, &cf);
	}
	return rc;
}
