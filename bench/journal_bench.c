/*
 * journal_bench - speed of the review journal and the export.
 *
 *   journal_bench [DIR]
 *
 * Works in DIR (default: the current directory; use a local disk, since
 * a tmpfs makes fsync free) and prints one "name value" line per figure:
 *
 *   journal.append_fsync.median_ms, .p99_ms  one decision appended and
 *                                            synced, over 200 appends
 *   journal.replay_100k.s                    replaying 100,000 decisions
 *   export.rows                              rows of the generated file
 *   export.load.s, export.write.s            loading it, and exporting it
 *                                            with 10,000 relabels
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/data/csvload.h"
#include "core/review/export.h"
#include "core/data/fingerprint.h"
#include "core/review/journal.h"
#include "core/util/log.h"
#include "core/util/rng.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"

#define APPENDS 200
#define REPLAY 100000
#define ROWS 1000000
#define RELABELS 10000

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
die(const struct err *e)
{
	fprintf(stderr, "journal_bench: %s\n", e->msg);
	exit(1);
}

static struct journal *
open_w(const char *path, const struct fingerprint *fp)
{
	struct journal_opts o;
	struct journal *j;
	struct err e;

	unlink(path);
	journal_opts_init(&o);
	o.write = 1;
	o.fp = fp;
	o.reviewer = "bench";
	o.label_col = "label";
	if (!(j = journal_open(path, &o, &e)))
		die(&e);
	return j;
}

static void
bench_append(const char *dir, const struct fingerprint *fp)
{
	char *path = xasprintf("%s/bench-append.journal", dir), key[24];
	struct journal *j = open_w(path, fp);
	struct journal_decision d;
	double t[APPENDS], t0;
	struct err e;
	int i;

	for (i = 0; i < APPENDS; i++) {
		snprintf(key, sizeof key, "%d", i + 1);
		journal_decision_init(&d, JOURNAL_RELABEL, key, strlen(key));
		d.given = "cat";
		d.given_len = 3;
		d.label = "dog";
		d.label_len = 3;
		d.posterior = 0.93;
		d.round = 1;
		t0 = time_mono();
		if (journal_append(j, &d, &e) != 0)
			die(&e);
		t[i] = (time_mono() - t0) * 1000;
	}
	journal_close(j);
	unlink(path);
	free(path);
	qsort(t, APPENDS, sizeof *t, dbl_cmp);
	printf("journal.append_fsync.median_ms %.3f\n", t[APPENDS / 2]);
	printf("journal.append_fsync.p99_ms %.3f\n", t[APPENDS * 99 / 100]);
}

static void
bench_replay(const char *dir, const struct fingerprint *fp)
{
	char *path = xasprintf("%s/bench-replay.journal", dir), (*keys)[24];
	struct journal *j = open_w(path, fp);
	struct journal_decision *d = xcalloc(10000, sizeof *d);
	static const char *const labels[] = { "cat", "dog", "bird", "fish" };
	struct journal_opts o;
	struct rng r;
	struct err e;
	double t0;
	int i, k;

	keys = xmalloc(10000 * sizeof *keys);
	rng_seed(&r, 1, 0);
	for (i = 0; i < REPLAY; i += 10000) {
		for (k = 0; k < 10000; k++) {
			snprintf(keys[k], sizeof keys[k], "%llu",
			    (unsigned long long)rng_below(&r, 500000) + 1);
			journal_decision_init(&d[k], k % 7 == 0 ?
			    JOURNAL_REJECT : JOURNAL_RELABEL, keys[k],
			    strlen(keys[k]));
			d[k].given = labels[k % 4];
			d[k].given_len = strlen(d[k].given);
			if (d[k].type == JOURNAL_RELABEL) {
				d[k].label = labels[(k + 1) % 4];
				d[k].label_len = strlen(d[k].label);
			}
			d[k].posterior = 0.5 + (double)(k % 50) / 100;
			d[k].round = 1 + k % 3;
		}
		if (journal_append_many(j, d, 10000, &e) != 0)
			die(&e);
	}
	journal_close(j);
	journal_opts_init(&o);
	t0 = time_mono();
	if (!(j = journal_open(path, &o, &e)))
		die(&e);
	printf("journal.replay_100k.s %.3f\n", time_mono() - t0);
	if (journal_count(j) != REPLAY)
		fprintf(stderr, "journal_bench: replayed %zu lines\n",
		    journal_count(j));
	journal_close(j);
	unlink(path);
	FREE_ALL(path, d, keys);
}

static void
bench_export(const char *dir)
{
	char *data = xasprintf("%s/bench-export.csv", dir);
	char *jp = xasprintf("%s/bench-export.journal", dir);
	char *out = xasprintf("%s/bench-export.out.csv", dir), key[24];
	static const char *const labels[] = { "cat", "dog", "bird", "fish" };
	struct fingerprint fp;
	struct csvload_opts lo;
	struct export_opts xo;
	struct export_stats st;
	struct journal_decision *d;
	struct journal *j;
	struct table *t;
	struct rng r;
	struct err e;
	FILE *f;
	double t0;
	int i;

	f = fopen(data, "w");
	if (!f) {
		fprintf(stderr, "journal_bench: %s: %s\n", data,
		    strerror(errno));
		exit(1);
	}
	rng_seed(&r, 2, 0);
	fputs("id,x,text,label\r\n", f);
	for (i = 1; i <= ROWS; i++)
		fprintf(f, "%d,%.4f,\"word %llu, more\",%s\r\n", i,
		    rng_double(&r), (unsigned long long)rng_below(&r, 100000),
		    labels[rng_below(&r, 4)]);
	fclose(f);
	fingerprint_file(data, &fp, &e);
	j = open_w(jp, &fp);
	d = xcalloc(RELABELS, sizeof *d);
	for (i = 0; i < RELABELS; i++) {
		char *k;

		snprintf(key, sizeof key, "%d", i * (ROWS / RELABELS) + 1);
		k = xstrdup(key);
		journal_decision_init(&d[i], JOURNAL_RELABEL, k, strlen(k));
		d[i].label = "\"quoted, new\"";
		d[i].label_len = strlen(d[i].label);
	}
	if (journal_append_many(j, d, RELABELS, &e) != 0)
		die(&e);
	for (i = 0; i < RELABELS; i++)
		free((char *)d[i].key);
	free(d);
	csvload_opts_init(&lo);
	t0 = time_mono();
	if (!(t = csvload(data, &lo, &e)))
		die(&e);
	printf("export.rows %llu\n", (unsigned long long)t->nrows);
	printf("export.load.s %.3f\n", time_mono() - t0);
	export_opts_init(&xo);
	xo.label_col = 3;
	xo.force = 1;
	t0 = time_mono();
	if (export_write(t, j, out, &xo, &st, &e) != 0)
		die(&e);
	printf("export.write.s %.3f\n", time_mono() - t0);
	if (st.relabelled != RELABELS)
		fprintf(stderr, "journal_bench: %llu relabelled\n",
		    (unsigned long long)st.relabelled);
	table_free(t);
	journal_close(j);
	unlink(data);
	unlink(jp);
	unlink(out);
	FREE_ALL(data, jp, out);
}

int
main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : ".";
	struct fingerprint fp;

	log_set_sink(NULL, NULL);
	fingerprint_mem("id,label\n", 9, 0, 0, &fp);
	bench_append(dir, &fp);
	bench_replay(dir, &fp);
	bench_export(dir);
	return 0;
}
