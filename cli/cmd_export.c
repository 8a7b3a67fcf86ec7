/*
 * cmd_export.c - `winnow export FILE --out CLEAN.csv`: the cleaned copy
 * of a dataset from its review journal, and optionally the report and
 * the decisions as JSON Lines.
 *
 * The journal's header names the label and id columns it was made
 * with; they are the defaults here, and other ones are refused (the
 * journal's keys would name other rows).
 *
 * A part of a dataset too big for one machine (docs/cluster.md) is
 * exported by core/review/partexport.h: --range S:E of the journal's
 * file (--start-line, and --start-row when the journal keys rows by
 * number; --count-rows gives a range's rows to the driver), or --part, a
 * CSV file of a folder of parts, whose rows the journal names by id.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/review/decisions.h"
#include "core/review/export.h"
#include "core/review/partexport.h"
#include "core/data/format.h"
#include "core/data/fingerprint.h"
#include "core/review/journal.h"
#include "core/util/log.h"
#include "core/util/outfile.h"
#include "core/review/report.h"
#include "core/util/xalloc.h"
#include "core/util/numfmt.h"
#include "cli/cli.h"
#include "cli/cmds.h"

static void
usage(FILE *f)
{
	fputs("usage: winnow export FILE --out CLEAN.csv [--journal J] "
	    "[--label COL] [--id COL]\n"
	    "           [--drop-excluded] [--add-columns label_source,"
	    "original_label]\n"
	    "           [--report FILE.md|FILE.json] [--decisions "
	    "FILE.jsonl] [--force]\n"
	    "           [dataset options]\n"
	    "Writes a copy of FILE in which only the label field of rows "
	    "relabelled in the\n"
	    "journal (default FILE.winnow/journal) changes; every other byte "
	    "is the input's.\n"
	    "A JSON Lines FILE gives JSON Lines, a compressed one the same "
	    "compression.\n"
	    "--decisions writes the journal's decisions as JSON Lines (--out "
	    "is then optional).\n"
	    "A part of a dataset too big for one machine (docs/cluster.md):\n"
	    "  --range S:E      only the records in bytes [S, E) of FILE "
	    "(record\n"
	    "                   boundaries, from `winnow stats --scan`); the "
	    "range that\n"
	    "                   holds the first record also gets the header\n"
	    "  --start-line L   the line of FILE at S\n"
	    "  --start-row R    the number of the first row at or after S "
	    "(a journal\n"
	    "                   that names rows by number needs it)\n"
	    "  --count-rows     print the rows of the range (or part) and "
	    "write nothing\n"
	    "  --part           FILE is one CSV part of a folder; the journal "
	    "names\n"
	    "                   rows by id\n", f);
}

/* Parse --add-columns into o; prints the error. */
static int
parse_add(const char *v, struct export_opts *o)
{
	char *s = xstrdup(v), *p, *q;
	int c, i, rc = 0;

	for (p = s; p && rc == 0; p = q) {
		q = strchr(p, ',');
		if (q)
			*q++ = '\0';
		if (!*p)
			continue;
		c = export_col_parse(p);
		if (c < 0) {
			rc = cli_usage_error("--add-columns: unknown column "
			    "'%s' (there are label_source and "
			    "original_label)", p);
			break;
		}
		for (i = 0; i < o->nadd; i++)
			if (o->add[i] == (enum export_col)c)
				break;
		if (i == o->nadd)
			o->add[o->nadd++] = (enum export_col)c;
	}
	free(s);
	return rc;
}

/* The outputs export may write. */
enum { OUT_CLEAN, OUT_REPORT, OUT_DECISIONS, NOUT };

static const char *const out_what[NOUT] = {
	"the --out file", "the --report file", "the --decisions file"
};

/* What output i of export must not be: the dataset, the journal and
 * the other outputs (NULL ones are empty slots). */
static void
keep_set(struct outfile_keep *k, const char *data, const char *journal,
    const char *const *outs, int i)
{
	int o, n = 2;

	memset(k, 0, (2 + NOUT) * sizeof *k);
	k[0].path = data;
	k[0].what = "the dataset";
	k[1].path = journal;
	k[1].what = "the journal";
	for (o = 0; o < NOUT; o++) {
		if (o == i)
			continue;
		k[n].path = outs[o];
		k[n].what = out_what[o];
		k[n++].output = 1;
	}
}

/* The journal's decisions as JSON Lines into path, by the output rule. */
static int
write_decisions(const struct journal *j, const char *path,
    const struct outfile_rule *rule, long long *count, struct err *e)
{
	struct outfile of;
	FILE *f;

	if (outfile_open(&of, path, rule, e) != 0)
		return -1;
	if (!(f = outfile_stream(&of))) {
		outfile_abort(&of);
		return err_sys(e, ERR_CANTCREAT, errno, "%s: cannot create",
		    path);
	}
	*count = decisions_write_jsonl(j, f, e);
	if (*count < 0) {
		outfile_abort(&of);
		return err_set(e, ERR_IO, "%s: %s", path, e->msg);
	}
	return outfile_commit(&of, e);
}

static int
same(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

int
cmd_export(int argc, char **argv)
{
	struct cli_data d;
	struct export_opts xo;
	struct export_stats st;
	struct journal_opts jo;
	struct outfile_keep keep[NOUT][2 + NOUT];
	struct outfile_rule rule[NOUT];
	const char *outs[NOUT] = { NULL };
	struct fingerprint fp;
	struct journal *j = NULL;
	struct table *t = NULL;
	struct err e;
	const char *out = NULL, *jarg = NULL, *report = NULL, *v, *label;
	const char *decisions = NULL;
	char *jpath = NULL;
	long long ndec = 0;
	int i, r, bad = 0, force = 0, rc = ERR_USAGE, lc;
	int range = 0, part = 0, count = 0;
	uint64_t ra = 0, rb = 0, line = 0, row = 0;
	const struct cli_string strs[] = {
		{ "--out", &out }, { "--journal", &jarg },
		{ "--report", &report }, { "--decisions", &decisions },
	};
	const struct cli_switch sws[] = {
		{ "--part", &part }, { "--count-rows", &count },
		{ "--drop-excluded", &xo.drop_excluded }, { "--force", &force },
	};

	cli_data_init(&d);
	export_opts_init(&xo);
	err_clear(&e);
	for (i = 1; i < argc; i++) {
		r = cli_data_opt(&d, argc, argv, &i);
		if (r < 0)
			goto done;
		if (r > 0)
			continue;
		if (cli_strings(strs, sizeof strs / sizeof *strs, argc, argv,
		    &i, &bad)) {
			continue;
		} else if ((v = cli_value("--add-columns", argc, argv, &i,
		    &bad))) {
			if (parse_add(v, &xo) != 0)
				goto done;
		} else if ((v = cli_value("--range", argc, argv, &i,
		    &bad))) {
			if (cli_range("export", "--range", v, &ra, &rb) != 0)
				goto done;
			range = 1;
		} else if ((v = cli_value("--start-line", argc, argv, &i,
		    &bad))) {
			if (cli_uint("--start-line", v, 1, UINT64_MAX,
			    &line) != 0)
				goto done;
		} else if ((v = cli_value("--start-row", argc, argv, &i,
		    &bad))) {
			if (cli_uint("--start-row", v, 1, UINT64_MAX,
			    &row) != 0)
				goto done;
		} else if (bad) {
			goto done;
		} else if (cli_switch(argv[i], sws, sizeof sws / sizeof *sws)) {
			continue;
		} else if (cli_is_help(argv[i])) {
			usage(stdout);
			rc = 0;
			goto done;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			cli_usage_error("export: unknown option '%s'",
			    argv[i]);
			usage(stderr);
			goto done;
		} else if (!d.path) {
			d.path = argv[i];
		} else {
			cli_usage_error("export: one FILE only ('%s' is one "
			    "too many)", argv[i]);
			goto done;
		}
	}
	if (!d.path) {
		usage(stderr);
		goto done;
	}
	if (strcmp(d.path, "-") == 0) {
		cli_usage_error("export: FILE must be a file (the export "
		    "re-reads its bytes), not standard input");
		goto done;
	}
	if ((line || row) && !range) {
		cli_usage_error("export: --start-line and --start-row go with "
		    "--range");
		goto done;
	}
	if (range && part) {
		cli_usage_error("export: --range is a byte range of the "
		    "journal's file; --part a file of a folder: one of them");
		goto done;
	}
	if (count && !range && !part) {
		cli_usage_error("export: --count-rows counts a --range or a "
		    "--part");
		goto done;
	}
	if ((range || part) && xo.nadd) {
		cli_usage_error("export: --add-columns is for a whole file");
		goto done;
	}
	if ((range || part) && !format_plain_csv(d.path)) {
		cli_usage_error("export: %s: a part is read as plain CSV "
		    "(not JSON Lines, not compressed)", d.path);
		goto done;
	}
	if (!out && !decisions && !count) {
		cli_usage_error("export: --out CLEAN.csv (or --decisions "
		    "FILE.jsonl) is needed");
		goto done;
	}
	xo.force = force;
	jpath = jarg ? xstrdup(jarg) : journal_path_for(d.path);

	/* every output is checked before any is written */
	outs[OUT_CLEAN] = out;
	outs[OUT_REPORT] = report;
	outs[OUT_DECISIONS] = decisions;
	for (i = 0; i < NOUT; i++) {
		keep_set(keep[i], d.path, jpath, outs, i);
		memset(&rule[i], 0, sizeof rule[i]);
		rule[i].keep = keep[i];
		rule[i].nkeep = 2 + NOUT;
		rule[i].force = force;
		if (outs[i] && outfile_check(outs[i], &rule[i], NULL,
		    &e) != 0) {
			rc = cli_fail(&e);
			goto done;
		}
	}
	xo.keep = keep[OUT_CLEAN];
	xo.nkeep = 2 + NOUT;
	if (fingerprint_file(d.path, &fp, &e) != 0) {
		rc = cli_fail(&e);
		goto done;
	}
	journal_opts_init(&jo);
	/* a part of a folder is not the file the journal was made on */
	jo.fp = part ? NULL : &fp;
	jo.force = force;
	if (!(j = journal_open(jpath, &jo, &e))) {
		rc = cli_fail(&e);
		goto done;
	}
	label = d.label ? d.label : journal_label_col(j);
	if (!label) {
		cli_usage_error("export: --label COL is needed (the journal "
		    "does not name its label column)");
		goto done;
	}
	if (d.label && journal_label_col(j) &&
	    strcmp(d.label, journal_label_col(j)) != 0) {
		cli_usage_error("export: the journal relabels column '%s', "
		    "not '%s'", journal_label_col(j), d.label);
		goto done;
	}
	if (d.id && !same(d.id, journal_id_col(j))) {
		cli_usage_error("export: the journal names rows by %s%s%s, "
		    "not by --id '%s'", journal_id_col(j) ? "column '" :
		    "row number", journal_id_col(j) ? journal_id_col(j) : "",
		    journal_id_col(j) ? "'" : "", d.id);
		goto done;
	}
	d.id = journal_id_col(j);
	if (part && !d.id) {
		cli_usage_error("export: %s names rows by number, which a "
		    "part of a folder does not know: --part needs a journal "
		    "made with --id", jpath);
		goto done;
	}
	if (range || part) {
		struct partexport_opts po;
		struct csvload_opts lo;

		cli_data_load_opts(&d, &lo);
		memset(&po, 0, sizeof po);
		po.label_col = label;
		po.id_col = d.id;
		po.range = range;
		po.start = ra;
		po.end = rb;
		po.line = line ? line : 1;
		po.row = row;
		po.drop_excluded = xo.drop_excluded;
		po.lo = &lo;
		po.rule = &rule[OUT_CLEAN];
		if ((out || count) && partexport_write(d.path, j, count ? NULL :
		    out, &po, &st, &e) != 0) {
			rc = cli_fail(&e);
			goto done;
		}
		if (count) {
			printf("%llu\n", (unsigned long long)st.rows);
			out = NULL;
		}
	} else if (out) {
		if (!(t = cli_load(&d, &e))) {
			rc = cli_fail(&e);
			goto done;
		}
		if ((lc = cli_label_col(t, label)) < 0)
			goto done;
		xo.label_col = lc;
		xo.ragged = d.ragged;
		if (export_write(t, j, out, &xo, &st, &e) != 0) {
			rc = cli_fail(&e);
			goto done;
		}
	}
	if (report && report_save(j, report, REPORT_IDLE_MS,
	    &rule[OUT_REPORT], &e) != 0) {
		rc = cli_fail(&e);
		goto done;
	}
	if (decisions && write_decisions(j, decisions, &rule[OUT_DECISIONS],
	    &ndec, &e) != 0) {
		rc = cli_fail(&e);
		goto done;
	}
	if (!d.quiet && out) {
		char n[5][NUMFMT_COUNT];

		printf("wrote %s: %s of %s %s, %s relabelled, %s dropped (%s "
		    "%s decided in %s)%s%s\n", out,
		    numfmt_count(st.written, n[0]), numfmt_count(st.rows, n[1]),
		    numfmt_noun(st.rows, "row", "rows"),
		    numfmt_count(st.relabelled, n[2]),
		    numfmt_count(st.dropped, n[3]),
		    numfmt_count(st.decided, n[4]),
		    numfmt_noun(st.decided, "row", "rows"), jpath,
		    report ? "; report in " : "", report ? report : "");
	} else if (!d.quiet && report)
		printf("wrote %s\n", report);
	if (!d.quiet && decisions) {
		char n1[NUMFMT_COUNT];

		printf("wrote %s: %s %s\n", decisions, numfmt_count(
		    (uint64_t)ndec, n1), numfmt_noun((uint64_t)ndec,
		    "decision", "decisions"));
	}
	rc = 0;
done:
	table_free(t);
	journal_close(j);
	free(jpath);
	cli_data_release(&d);
	return rc;
}
