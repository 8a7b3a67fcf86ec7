/*
 * cmd_stats.c - `winnow stats FILE`: a Facets-Overview-style summary of
 * every column on the command line.  This file reads the options, loads
 * the file, draws the sample; core builds the summary (the Overview's
 * own, core/stats/summary.h) and cli/statsout_*.c print it, as a text
 * table or as JSON (docs/stats-json.md).
 */

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/csvchunk.h"
#include "core/data/csvsample.h"
#include "core/data/format.h"
#include "core/data/labels.h"
#include "core/data/sample.h"
#include "core/stats/stream/msumio.h"
#include "core/util/outfile.h"
#include "core/stats/stream/sumstream.h"
#include "core/stats/summary.h"
#include "core/util/time.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/statsout.h"
#include "cli/textout.h"
#include "core/util/xalloc.h"

static void
usage(FILE *f)
{
	fputs("usage: winnow stats FILE [--label COL] [--sample N] "
	    "[--seed S] [--stratify]\n"
	    "                    [--json] [--memory SIZE] [--partial OUT "
	    "[--range A:B [--start-line L]]\n"
	    "                    [--plan SUM]] [dataset options]\n"
	    "       winnow stats FILE --scan A:B [dataset options]\n"
	    "       winnow stats --merge OUT SUMMARY... [--json]\n"
	    "  --label COL   association with COL, label health, class "
	    "counts\n"
	    "  --sample N    summarise a seeded sample of N rows (default: "
	    "all rows)\n"
	    "  --seed S      the sample's seed (default 1)\n"
	    "  --stratify    sample proportionally within each label class\n"
	    "  --json        JSON output (docs/stats-json.md)\n"
	    "  --timing      how long each step took, on stderr\n"
	    "  --memory SIZE the memory to plan for (e.g. 512M, 2G; default "
	    "the smaller of\n"
	    "                1G and a quarter of RAM): a bigger file is read "
	    "in chunks\n"
	    "  --partial OUT write this file's (or range's) mergeable "
	    "summary to OUT\n"
	    "  --range A:B   only the records starting in bytes [A, B) of "
	    "FILE\n"
	    "  --start-line L\n"
	    "                A and B are record boundaries (from --scan), A "
	    "on line L:\n"
	    "                nothing before A is read\n"
	    "  --plan SUM    bins and categories from the summary file SUM "
	    "(parts of one job)\n"
	    "  --scan A:B    print the facts of bytes [A, B) that cut FILE "
	    "at records\n"
	    "                (docs/cluster.md)\n"
	    "  --merge OUT   FILE... are summaries: merge them into OUT and "
	    "print the result\n"
	    "  --force       replace an existing --partial or --merge file\n"
	    "dataset options: --id COL --text COL,.. --delim C --no-header "
	    "--ragged error|pad|skip\n"
	    "                 --na LIST --threads N --quiet --lax-quotes\n"
	    "                 --drop-repeated-header\n", f);
}

static int
term_width(void)
{
	struct winsize ws;

	if (!isatty(1) || ioctl(1, TIOCGWINSZ, &ws) != 0 || ws.ws_col <= 80)
		return 80;
	return ws.ws_col > 240 ? 240 : ws.ws_col;
}

/* Print a finished streamed summary as `winnow stats` prints. */
static void
print_result(const char *path, struct msum_result *res, int json)
{
	struct statsout r;

	memset(&r, 0, sizeof r);
	r.path = path;
	r.t = res->t;
	r.L = res->have_labels ? &res->L : NULL;
	r.sum = &res->sum;
	if (json)
		statsout_json(stdout, &r);
	else
		statsout_text(stdout, &r, term_width());
}

static int
flush_out(void)
{
	struct err e;

	if (fflush(stdout) != 0 || ferror(stdout)) {
		err_sys(&e, ERR_IO, errno, "standard output");
		return cli_fail(&e);
	}
	return 0;
}

/* winnow stats --merge OUT PARTS... */
static int
merge_parts(const char *out, char **parts, int nparts, int json,
    const struct cli_data *d, int force)
{
	struct msum acc, m;
	struct msum_result res;
	struct outfile_rule rule;
	struct outfile_keep *keep;
	struct err e;
	int i, rc = 0;

	err_clear(&e);
	if (msumio_read(&acc, parts[0], &e) != 0) {
		msum_release(&acc);
		return cli_fail(&e);
	}
	for (i = 1; i < nparts; i++) {
		if (msumio_read(&m, parts[i], &e) != 0 ||
		    msum_merge(&acc, &m, &e) != 0) {
			if (e.code == ERR_DATA && strncmp(e.msg, parts[i],
			    strlen(parts[i])) != 0) {
				char msg[sizeof e.msg];

				snprintf(msg, sizeof msg, "%s: %.900s",
				    parts[i], e.msg);
				memcpy(e.msg, msg, sizeof msg);
			}
			msum_release(&m);
			msum_release(&acc);
			return cli_fail(&e);
		}
		msum_release(&m);
	}
	/* never over one of the summaries merged */
	keep = xcalloc((size_t)nparts, sizeof *keep);
	for (i = 0; i < nparts; i++) {
		keep[i].path = parts[i];
		keep[i].what = "a summary to merge";
	}
	memset(&rule, 0, sizeof rule);
	rule.keep = keep;
	rule.nkeep = (size_t)nparts;
	rule.force = force;
	i = msumio_write(&acc, out, &rule, &e);
	free(keep);
	if (i != 0) {
		msum_release(&acc);
		return cli_fail(&e);
	}
	if (msum_finish(&acc, d->na_set ? d->na : NULL, &res, &e) != 0)
		rc = cli_fail(&e);
	else {
		print_result(acc.source, &res, json);
		rc = flush_out();
	}
	msum_result_release(&res);
	msum_release(&acc);
	return rc;
}

/* The file through the stream: a partial summary, or the report. */
static int
stream_file(const struct cli_data *d, const struct cli_sample *smp,
    uint64_t memory, const char *partial, uint64_t ra, uint64_t rb,
    uint64_t line, const char *planfile, int json, int timing, int force)
{
	struct sumstream_opts so;
	struct csvload_opts lo;
	struct msum m, pm;
	struct msum_result res;
	struct cli_bar bar;
	struct err e;
	double t0 = time_mono(), t1;
	int rc = 0;

	err_clear(&e);
	memset(&res, 0, sizeof res);
	memset(&pm, 0, sizeof pm);
	cli_data_load_opts(d, &lo);
	sumstream_opts_init(&so);
	so.load = &lo;
	so.label = d->label;
	so.id = d->id;
	so.start = ra;
	so.end = rb;
	so.start_line = line;
	so.chunk = cli_chunk_size(memory);
	so.seed = smp->seed;
	so.threads = d->threads;
	so.progress = cli_bar_start(&bar, 1, d->quiet);
#ifdef M_MMAP_THRESHOLD
	/* every chunk allocates about as much as the one before: keep the
	 * freed memory for it instead of faulting fresh pages in */
	mallopt(M_MMAP_THRESHOLD, 256 << 20);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
	if (planfile) {
		if (msumio_read(&pm, planfile, &e) != 0) {
			msum_release(&pm);
			return cli_fail(&e);
		}
		so.plan = &pm.plan;
	}
	rc = sumstream_run(&m, d->path, &so, &e);
	cli_bar_end(&bar);
	msum_release(&pm);
	if (rc != 0) {
		msum_release(&m);
		return cli_fail(&e);
	}
	t1 = time_mono();
	if (partial) {
		struct outfile_keep keep[2] = {
			{ d->path, "the dataset", 0 },
			{ planfile, "the --plan summary", 0 }
		};
		struct outfile_rule rule;

		memset(&rule, 0, sizeof rule);
		rule.keep = keep;
		rule.nkeep = 2;
		rule.force = force;
		rc = msumio_write(&m, partial, &rule, &e) == 0 ? 0 :
		    cli_fail(&e);
	} else if (msum_finish(&m, d->na_set ? d->na : NULL, &res,
	    &e) != 0) {
		rc = cli_fail(&e);
	} else {
		print_result(d->path, &res, json);
		rc = flush_out();
	}
	if (timing)
		fprintf(stderr, "winnow: timing: streamed %.3f s (chunks of "
		    "%zu MiB), output %.3f s, peak RSS %ld MB\n", t1 - t0,
		    so.chunk >> 20, time_mono() - t1, cli_peak_rss_kb() / 1024);
	msum_result_release(&res);
	msum_release(&m);
	return rc;
}

/* --sample on a file too big to load: records from byte ranges (a
 * compressed file's first records). */
static int
sample_file(const struct cli_data *d, const struct cli_sample *smp,
    int json)
{
	struct table *t;
	struct labels L;
	struct summary sum;
	struct summary_opts so;
	struct statsout r;
	struct err e;
	int rc = 0, have = 0, head = 0;

	err_clear(&e);
	memset(&sum, 0, sizeof sum);
	if (!(t = cli_load_sample(d, smp->size, smp->seed, &head, &e)))
		return cli_fail(&e);
	memset(&r, 0, sizeof r);
	r.path = d->path;
	r.t = t;
	r.seed = smp->seed;
	r.sampled = 1;
	r.range_sample = 1;
	r.head_sample = head;
	r.sample_rows = t->nrows;
	if (d->label) {
		if ((rc = cli_labels(t, d->label, LABELS_BY_COUNT, &L)) != 0)
			goto out;
		have = 1;
		r.L = &L;
	}
	summary_opts_init(&so);
	so.labels = r.L;
	so.health = have;
	so.threads = d->threads;
	if (summary_build(&sum, t, NULL, &so, &e) < 0) {
		rc = cli_fail(&e);
		goto out;
	}
	r.sum = &sum;
	if (json)
		statsout_json(stdout, &r);
	else
		statsout_text(stdout, &r, term_width());
	rc = flush_out();
out:
	summary_release(&sum);
	if (have)
		labels_release(&L);
	table_free(t);
	return rc;
}

/* --scan A:B: the facts of the range, one JSON line (docs/cluster.md) */
static int
scan_range(const struct cli_data *d, uint64_t a, uint64_t b)
{
	static const char *const state[4] = { "start", "unquoted", "quoted",
		"quote" };
	struct csvload_opts lo;
	struct csvchunk c;
	struct csvchunk_facts f;
	struct err e;
	int k;

	err_clear(&e);
	cli_data_load_opts(d, &lo);
	if (csvchunk_open(&c, d->path, &lo, 0, 0, 1u << 20, &e) != 0)
		return cli_fail(&e);
	if (csvchunk_scan(&c, a, b, &f, &e) != 0) {
		csvchunk_close(&c);
		return cli_fail(&e);
	}
	csvchunk_close(&c);
	printf("{\"start\":%llu,\"end\":%llu,\"lines\":%llu,\"in\":{",
	    (unsigned long long)f.start, (unsigned long long)f.end,
	    (unsigned long long)f.lines);
	for (k = 0; k < 4; k++) {
		printf("%s\"%s\":{\"boundary\":", k ? "," : "", state[k]);
		if (f.in[k].boundary == UINT64_MAX)
			printf("null");
		else
			printf("%llu", (unsigned long long)f.in[k].boundary);
		printf(",\"lines\":%llu,\"exit\":\"%s\"}",
		    (unsigned long long)f.in[k].lines, state[f.in[k].exit]);
	}
	printf("}}\n");
	return flush_out();
}

int
cmd_stats(int argc, char **argv)
{
	struct cli_data d;
	struct cli_sample smp;
	struct labels L;
	struct rowset sample;
	struct summary sum;
	struct summary_opts so;
	struct statsout r;
	struct table *t = NULL;
	struct err e;
	int json = 0, timing = 0, i, rc = 0, k, have_labels = 0, bad = 0;
	double t0, t1, t2, t3;
	uint64_t memory = cli_default_memory(), ra = 0, rb = 0, line = 0;
	uint64_t sa = 0, sb = 0;
	const char *partial = NULL, *merge = NULL, *planfile = NULL, *v;
	char **parts = xcalloc((size_t)argc + 1, sizeof *parts);
	int nparts = 0, range = 0, memory_set = 0, force = 0, scan = 0;

	textout_init();
	cli_data_init(&d);
	cli_sample_init(&smp, 0);
	memset(&L, 0, sizeof L);
	memset(&sum, 0, sizeof sum);
	rowset_init(&sample);
	err_clear(&e);
	for (i = 1; i < argc; i++) {
		if (cli_is_help(argv[i])) {
			usage(stdout);
			free(parts);
			cli_data_release(&d);
			return 0;
		}
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
			continue;
		}
		if (strcmp(argv[i], "--timing") == 0) {
			timing = 1;
			continue;
		}
		if (strcmp(argv[i], "--force") == 0) {
			force = 1;
			continue;
		}
		if ((v = cli_value("--memory", argc, argv, &i, &bad))) {
			if (cli_size("--memory", v, 1u << 20, 1ull << 50,
			    &memory) != 0)
				goto usage_fail;
			memory_set = 1;
			continue;
		}
		if ((v = cli_value("--partial", argc, argv, &i, &bad))) {
			partial = v;
			continue;
		}
		if ((v = cli_value("--merge", argc, argv, &i, &bad))) {
			merge = v;
			continue;
		}
		if ((v = cli_value("--plan", argc, argv, &i, &bad))) {
			planfile = v;
			continue;
		}
		if ((v = cli_value("--range", argc, argv, &i, &bad))) {
			if (cli_range("stats", "--range", v, &ra, &rb) != 0)
				goto usage_fail;
			range = 1;
			continue;
		}
		if ((v = cli_value("--scan", argc, argv, &i, &bad))) {
			if (cli_range("stats", "--range", v, &sa, &sb) != 0)
				goto usage_fail;
			scan = 1;
			continue;
		}
		if ((v = cli_value("--start-line", argc, argv, &i, &bad))) {
			if (cli_uint("--start-line", v, 1, UINT64_MAX,
			    &line) != 0)
				goto usage_fail;
			continue;
		}
		if (bad)
			goto usage_fail;
		if ((k = cli_sample_opt(&smp, 1, argc, argv, &i)) == 0)
			k = cli_data_opt(&d, argc, argv, &i);
		if (k < 0)
			goto usage_fail;
		if (k > 0)
			continue;
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			cli_usage_error("stats: unknown option '%s'",
			    argv[i]);
			goto usage_fail;
		}
		parts[nparts++] = argv[i];
		if (d.path && !merge) {
			cli_usage_error("stats: one FILE only ('%s' and "
			    "'%s')", d.path, argv[i]);
			goto usage_fail;
		}
		d.path = argv[i];
	}
	if (merge) {
		if (nparts == 0) {
			cli_usage_error("stats: --merge OUT needs the "
			    "summaries to merge");
			goto usage_fail;
		}
		if (partial || range || planfile || smp.threshold || scan ||
		    line) {
			cli_usage_error("stats: --merge takes summaries, not "
			    "--partial, --range, --plan, --scan or --sample");
			goto usage_fail;
		}
		rc = merge_parts(merge, parts, nparts, json, &d, force);
		free(parts);
		cli_data_release(&d);
		return rc;
	}
	if (scan) {
		if (partial || range || planfile || smp.threshold || json) {
			cli_usage_error("stats: --scan prints the facts of a "
			    "range: no --partial, --range, --plan, --sample or "
			    "--json");
			goto usage_fail;
		}
		if (!d.path) {
			cli_usage_error("stats: no FILE given");
			goto usage_fail;
		}
		rc = scan_range(&d, sa, sb);
		free(parts);
		cli_data_release(&d);
		return rc;
	}
	if (line && !range) {
		cli_usage_error("stats: --start-line goes with --range");
		goto usage_fail;
	}
	if ((range || planfile) && !partial) {
		cli_usage_error("stats: --range and --plan go with --partial");
		goto usage_fail;
	}
	if (partial && smp.threshold) {
		cli_usage_error("stats: --partial summarises every row: no "
		    "--sample");
		goto usage_fail;
	}
	if (!d.path) {
		cli_usage_error("stats: no FILE given");
		goto usage_fail;
	}
	if (smp.stratified && !d.label) {
		cli_usage_error("stats: --stratify needs --label");
		goto usage_fail;
	}
	if ((range || line) && !format_plain_csv(d.path)) {
		cli_usage_error("stats: --range reads byte ranges of a plain "
		    "(not compressed) CSV file, and %s is not one: a compressed "
		    "file cannot be read from an offset; --partial without "
		    "--range summarises the whole file", d.path);
		goto usage_fail;
	}
	if (partial || (!cli_fits(d.path, memory) && !smp.stratified)) {
		(void)memory_set;
		rc = smp.threshold && !partial ? sample_file(&d, &smp, json) :
		    stream_file(&d, &smp, memory, partial, ra, rb, line,
		    planfile, json, timing, force);
		free(parts);
		cli_data_release(&d);
		return rc;
	}
	t0 = time_mono();
	t = cli_load(&d, &e);
	t1 = time_mono();
	if (!t) {
		rc = cli_fail(&e);
		goto out;
	}
	memset(&r, 0, sizeof r);
	r.path = d.path;
	r.t = t;
	r.seed = smp.seed;
	r.stratified = smp.stratified;
	if (d.label) {
		if ((rc = cli_labels(t, d.label, LABELS_BY_COUNT, &L)) != 0)
			goto out;
		have_labels = 1;
		r.L = &L;
	}
	if (smp.threshold > 0 && t->nrows > smp.threshold) {
		if (smp.stratified)
			sample_stratified(NULL, t->nrows, &L, smp.size,
			    smp.seed, &sample);
		else
			sample_reservoir(NULL, t->nrows, smp.size, smp.seed,
			    &sample);
		r.sampled = 1;
		r.sample_rows = sample.n;
	}
	t2 = time_mono();
	summary_opts_init(&so);
	so.labels = r.L;
	so.health = have_labels;
	so.threads = d.threads;
	if (summary_build(&sum, t, r.sampled ? &sample : NULL, &so,
	    &e) < 0) {
		rc = cli_fail(&e);
		goto out;
	}
	r.sum = &sum;
	t3 = time_mono();
	if (json)
		statsout_json(stdout, &r);
	else
		statsout_text(stdout, &r, term_width());
	if (timing)
		fprintf(stderr, "winnow: timing: load %.3f s, labels and "
		    "sample %.3f s, statistics %.3f s, output %.3f s\n",
		    t1 - t0, t2 - t1, t3 - t2, time_mono() - t3);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		err_sys(&e, ERR_IO, errno, "standard output");
		rc = cli_fail(&e);
	}
out:
	summary_release(&sum);
	rowset_release(&sample);
	if (have_labels)
		labels_release(&L);
	table_free(t);
	free(parts);
	cli_data_release(&d);
	return rc;
usage_fail:
	free(parts);
	fputs("usage: winnow stats FILE [options]   (winnow stats --help "
	    "lists them)\n", stderr);
	cli_data_release(&d);
	return ERR_USAGE;
}
