/*
 * cmd_stats.c - `winnow stats FILE`: a Facets-Overview-style summary of
 * every column on the command line.  This file reads the options, loads
 * the file, draws the sample; core builds the summary (the Overview's
 * own, core/stats/summary.h) and cli/statsout_*.c print it, as a text
 * table or as JSON (docs/stats-json.md).
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/data/labels.h"
#include "core/data/sample.h"
#include "core/stats/summary.h"
#include "core/util/time.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/statsout.h"
#include "cli/textout.h"

static void
usage(FILE *f)
{
	fputs("usage: winnow stats FILE [--label COL] [--sample N] "
	    "[--seed S] [--stratify]\n"
	    "                    [--json] [dataset options]\n"
	    "  --label COL   association with COL, label health, class "
	    "counts\n"
	    "  --sample N    summarise a seeded sample of N rows (default: "
	    "all rows)\n"
	    "  --seed S      the sample's seed (default 1)\n"
	    "  --stratify    sample proportionally within each label class\n"
	    "  --json        JSON output (docs/stats-json.md)\n"
	    "  --timing      how long each step took, on stderr\n"
	    "dataset options: --id COL --text COL,.. --delim C --no-header "
	    "--ragged error|pad|skip\n"
	    "                 --na LIST --threads N --quiet\n", f);
}

static int
term_width(void)
{
	struct winsize ws;

	if (!isatty(1) || ioctl(1, TIOCGWINSZ, &ws) != 0 || ws.ws_col <= 80)
		return 80;
	return ws.ws_col > 240 ? 240 : ws.ws_col;
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
	int json = 0, timing = 0, i, rc = 0, lc, k, have_labels = 0;
	double t0, t1, t2, t3;

	textout_init();
	cli_data_init(&d);
	cli_sample_init(&smp, 0);
	memset(&L, 0, sizeof L);
	memset(&sum, 0, sizeof sum);
	rowset_init(&sample);
	err_clear(&e);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			usage(stdout);
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
		if (d.path) {
			cli_usage_error("stats: one FILE only ('%s' and "
			    "'%s')", d.path, argv[i]);
			goto usage_fail;
		}
		d.path = argv[i];
	}
	if (!d.path) {
		cli_usage_error("stats: no FILE given");
		goto usage_fail;
	}
	if (smp.stratified && !d.label) {
		cli_usage_error("stats: --stratify needs --label");
		goto usage_fail;
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
		if ((lc = cli_label_col(t, d.label)) < 0) {
			rc = ERR_USAGE;
			goto out;
		}
		if (labels_init(&L, t, lc, LABELS_BY_COUNT, &e) < 0) {
			rc = cli_fail(&e);
			goto out;
		}
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
	cli_data_release(&d);
	return rc;
usage_fail:
	fputs("usage: winnow stats FILE [options]   (winnow stats --help "
	    "lists them)\n", stderr);
	cli_data_release(&d);
	return ERR_USAGE;
}
