/*
 * cmd_pico.c - `winnow pico FILE --label COL`: find the rows whose label
 * is probably wrong, headless.  Progress on stderr, the per-row CSV (or
 * JSON Lines, by the name) to --out (written to a temporary file and
 * renamed, or to standard output with --out -), and a summary: text on stderr, or JSON on standard
 * output with --json.  docs/pico.md describes the outputs.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data/format.h"
#include "core/data/labels.h"
#include "core/pico/picorun.h"
#include "core/util/outfile.h"
#include "core/util/xalloc.h"
#include "core/util/io/zstream.h"
#include "core/util/numfmt.h"
#include "cli/cli.h"
#include "cli/cmd_score.h"
#include "cli/cmds.h"
#include "cli/picoopt.h"
#include "cli/textout.h"

static void
usage(FILE *f)
{
	fputs("usage: winnow pico FILE --label COL [options]\n"
	    "  --out FILE|-          per-row results as CSV (- = stdout), as "
	    "JSON Lines\n"
	    "                        when FILE ends in .jsonl or .ndjson\n"
	    "  --force               replace an existing --out FILE\n"
	    "  --json                the summary as JSON on stdout\n"
	    "  --method pico|cl      PICO (default) or confident learning\n"
	    "  --probs FILE          out-of-fold probabilities of your own "
	    "model\n"
	    "                        (repeatable; no training then)\n"
	    "  --features COLS       columns to learn from (default: all "
	    "but label, id\n"
	    "                        and a key that numbers the rows)\n"
	    "  --model auto|nb|lr|knn|sgd|gbt|LIST  the checkers (default "
	    "auto:\n"
	    "                        a mix chosen by out-of-fold log loss;\n"
	    "                        LIST: kinds joined by commas, lr,knn)\n"
	    "  --folds F --repeats R --rounds T --seed S --threads N\n"
	    "  --top-r R             keep each row's R most probable classes "
	    "only\n"
	    "                        (automatic, R = 16, for many classes)\n"
	    "  --prior cj|eps --eps E --alpha A --beta one|sqrt|inv\n"
	    "  --pool loglinear|mean --carry none|hmm --stay S\n"
	    "  --flag auto|budget|argmax|q|cj --tau T --relabel-threshold T\n"
	    "  --calibrate auto|sharpen|temp|none --gate NATS --doubt X\n"
	    "  --filter prune_by_noise_rate|prune_by_class|both|"
	    "confident_learning|\n"
	    "           predicted_neq_given   (with --method cl)\n"
	    "  --score self_confidence|normalized_margin (with --method cl)\n"
	    "  --bigrams --char-ngrams --hash-bits B   text features\n"
	    "  --save-model DIR      train the checkers and save them for "
	    "`winnow score`\n"
	    "                        (no run; --sample N [--stratify]: on N "
	    "rows)\n"
	    "  dataset options: --id COL --text COL --delim C --no-header\n"
	    "                   --ragged error|pad|skip --na LIST --quiet\n"
	    "                   --lax-quotes --drop-repeated-header\n", f);
}

/* Resolve --features names to column indices. */
static int
feature_cols(const struct table *t, const char *list, int **cols,
    size_t *ncols)
{
	char *copy = xstrdup(list), *p, *q;
	int c;

	*cols = xcalloc(t->ncols + 1, sizeof **cols);
	*ncols = 0;
	for (p = copy; p; p = q) {
		q = strchr(p, ',');
		if (q)
			*q++ = '\0';
		if (!*p)
			continue;
		c = table_col_index(t, p);
		if (c < 0) {
			struct err e;

			table_no_column(t, t->path, p, "--features", &e);
			cli_fail(&e);
			free(copy);
			return -1;
		}
		if (*ncols < t->ncols)
			(*cols)[(*ncols)++] = c;
	}
	free(copy);
	if (*ncols == 0) {
		cli_usage_error("--features: no columns given");
		return -1;
	}
	return 0;
}

/* The per-row results as the name says: JSON Lines for .jsonl and
 * .ndjson, CSV otherwise. */
static int
write_rows(FILE *f, const char *path, const struct table *t,
    const struct labels *L, const struct pico_result *r, struct err *e)
{
	if (format_by_name(path) == TABLE_JSONL)
		return picorun_write_jsonl(f, t, L, r, e);
	return picorun_write_csv(f, t, L, r, e);
}

/* What write_out writes. */
struct rows_out {
	const char *path;
	const struct table *t;
	const struct labels *L;
	const struct pico_result *r;
};

static int
put_rows(FILE *f, void *ctx, struct err *e)
{
	const struct rows_out *o = ctx;

	return write_rows(f, o->path, o->t, o->L, o->r, e);
}

/* Write the rows to path by the output rule (a temporary file, then a
 * rename), or to standard output for "-" (as CSV). */
static int
write_out(const char *path, const struct outfile_rule *rule,
    const struct table *t, const struct labels *L,
    const struct pico_result *r)
{
	struct rows_out o;

	o.path = path;
	o.t = t;
	o.L = L;
	o.r = r;
	return cli_write_out(path, rule, put_rows, &o);
}

static void
summary(FILE *f, const struct table *t, const struct labels *L,
    const struct pico_result *r, const struct picorun_opts *o)
{
	uint64_t *flag = xcalloc(L->k + 1, sizeof *flag), fix = 0, doubt = 0;
	uint32_t i, g;
	char *p = textout_esc(t->path, strlen(t->path));
	char n1[NUMFMT_COUNT], n2[NUMFMT_COUNT];

	for (i = 0; i < r->n; i++) {
		if (r->flagged[i] && L->y[i] != LABELS_NONE)
			flag[L->y[i]]++;
		fix += r->auto_fix[i];
		doubt += r->doubtful[i];
	}
	fprintf(f, "%s: %s %s, %s %s; %s, %s, %u checker%s per row, %u "
	    "round%s\n", p, numfmt_count(t->nrows, n1),
	    numfmt_noun(t->nrows, "row", "rows"), numfmt_count(L->k, n2),
	    numfmt_noun(L->k, "class", "classes"),
	    o->method == PICORUN_CL ? "confident learning" : "PICO",
	    o->probs && o->probs[0] ? "your probabilities" :
	    "trained checkers", r->checkers, r->checkers == 1 ? "" : "s",
	    r->rounds, r->rounds == 1 ? "" : "s");
	if (r->skill.rows == 0 && r->k > 1)
		fprintf(f, "checkers: %s%sout-of-fold accuracy unknown (no "
		    "row of a class they learn)\n", r->skill.mix,
		    r->skill.mix[0] ? "; " : "");
	else
		fprintf(f, "checkers: %s%sout-of-fold accuracy %.3f (the "
		    "largest class alone: %.3f)\n", r->skill.mix,
		    r->skill.mix[0] ? "; " : "", r->skill.accuracy,
		    r->skill.majority);
	/* your probabilities are read at the temperature fitted to them */
	if (o->method != PICORUN_CL && r->skill.rows > 0 &&
	    r->skill.predictive && r->skill.gamma > 0 &&
	    pico_calib_applied(&o->pico, o->probs && o->probs[0],
	    r->skill.gamma))
		fprintf(f, "  (read at temperature %.2f, fitted to the given "
		    "labels; --calibrate none: as given)\n",
		    1 / fmin(r->skill.gamma, PICO_GAMMA_MAX));
	for (i = 0, g = 0; i < t->ncols; i++) {
		char *nm;

		if (!picorun_row_key(t, L, o, i))
			continue;
		nm = textout_esc(t->col[i].name, strlen(t->col[i].name));
		fprintf(f, "%s%s", g++ ? ", " : "not learnt from: ", nm);
		free(nm);
	}
	if (g)
		fprintf(f, " (a key: every row has its own number; "
		    "--features to learn from %s)\n", g > 1 ? "them" : "it");
	if (!r->skill.predictive)
		fprintf(f, "warning: %s\n", picorun_warning(r));
	/* how far short, and the way past it for who wants the guesses */
	if (picorun_gated(r)) {
		double bar = pico_gate_bar(o->pico.gate, r->skill.rows);

		fprintf(f, "  (gain over the class shares %.1f nats, gate %g",
		    r->skill.gain, o->pico.gate);
		/* many rows: the bar a row is the higher one */
		if (bar > o->pico.gate)
			fprintf(f, " and %g a row: %.0f over %s rows",
			    PICO_GATE_PER_ROW, bar,
			    numfmt_count(r->skill.rows, n1));
		fprintf(f, "; %s)\n", o->method == PICORUN_CL ? "confident "
		    "learning flags regardless, PICO would not" :
		    "--gate 0 flags anyway");
	}
	fprintf(f, "flagged %s %s (%.1f%%), %s auto-fixable, ",
	    numfmt_count(r->nflagged, n1),
	    numfmt_noun(r->nflagged, "row", "rows"),
	    r->n ? 100.0 * (double)r->nflagged / r->n : 0.0,
	    numfmt_count(fix, n2));
	fprintf(f, "%s doubtful; expected wrong labels ",
	    numfmt_count(doubt, n1));
	if (isnan(r->expected))
		fputs("unknown\n", f);
	else
		fprintf(f, "%.1f\n", r->expected);
	/* the budget flags by the larger count: say which */
	if (r->joint_over > 0)
		fprintf(f, "flag budget %.0f: confident learning's joint, "
		    "above the beliefs' %.1f expected right suggestions\n",
		    r->joint_over, r->corrections);
	else if (!isnan(r->corrections))
		fprintf(f, "flag budget %.0f: the beliefs' expected right "
		    "suggestions\n", r->corrections);
	fprintf(f, "  %-24s %8s %8s %7s\n", "class", "rows", "flagged",
	    "noise");
	for (g = 0; g < L->k; g++) {
		fputs("  ", f);
		textout_put_fit(f, L->name[g], 24, 0);
		fprintf(f, " %8s %8s ", numfmt_count(L->count[g], n1),
		    numfmt_count(flag[g], n2));
		/* checkers that do not predict the label estimate no
		 * noise for PICO either, as they count no wrong labels
		 * (confident learning flags, and counts, regardless) */
		if (r->skill.predictive || o->method == PICORUN_CL)
			fprintf(f, "%6.1f%%\n", 100 * r->class_noise[g]);
		else
			fprintf(f, "%7s\n", "-");
	}
	free(flag);
	free(p);
}

int
cmd_pico(int argc, char **argv)
{
	struct cli_data d;
	struct picorun_opts o;
	struct table *t = NULL;
	struct labels L;
	struct pico_result r;
	struct err e;
	struct cli_bar b;
	struct outfile_rule rule;
	struct outfile_keep *keep = NULL;
	const char *v, *out = NULL, *features = NULL, **probs;
	const char *save_model = NULL;
	uint64_t sample = 0;
	int stratify = 0;
	int i, bad = 0, json = 0, rc = 0, x, have_labels = 0;
	int *cols = NULL;
	size_t nprobs = 0, ncols;

	cli_data_init(&d);
	picorun_opts_init(&o);
	memset(&L, 0, sizeof L);
	memset(&rule, 0, sizeof rule);
	probs = xcalloc((size_t)argc + 1, sizeof *probs);
	for (i = 1; i < argc && !bad; i++) {
		x = cli_data_opt(&d, argc, argv, &i);
		if (x == 0)
			x = picoopt_parse(&o, probs, &nprobs, argc, argv, &i);
		if (x != 0) {
			bad = x < 0;
			continue;
		}
#define VAL(name) ((v = cli_value((name), argc, argv, &i, &bad)) != NULL)
		if (cli_is_help(argv[i])) {
			usage(stdout);
			goto done;
		} else if (VAL("--out")) {
			out = v;
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--force") == 0) {
			rule.force = 1;
		} else if (VAL("--features")) {
			features = v;
		} else if (VAL("--save-model")) {
			save_model = v;
		} else if (VAL("--sample")) {
			bad = cli_uint("--sample", v, 1, UINT64_MAX, &sample)
			    != 0;
		} else if (strcmp(argv[i], "--stratify") == 0) {
			stratify = 1;
		} else if (!bad && argv[i][0] == '-' && argv[i][1] != '\0') {
			cli_usage_error("pico: unknown option '%s'", argv[i]);
			bad = 1;
		} else if (!bad && !d.path) {
			d.path = argv[i];
		} else if (!bad) {
			cli_usage_error("pico: more than one file ('%s')",
			    argv[i]);
			bad = 1;
		}
#undef VAL
	}
	if (!bad && !d.path)
		bad = 1, cli_usage_error("pico: no file given");
	if (!bad && !d.label)
		bad = 1, cli_usage_error("pico: --label COL is required");
	if (!bad && !save_model && (sample || stratify))
		bad = 1, cli_usage_error("pico: --sample and --stratify go "
		    "with --save-model");
	if (!bad && save_model && (out || json))
		bad = 1, cli_usage_error("pico: --save-model saves the "
		    "checkers and runs nothing: no --out or --json");
	if (!bad && json && out && strcmp(out, "-") == 0)
		bad = 1, cli_usage_error("pico: --json and --out - both want "
		    "standard output");
	if (!bad && out && zstream_suffix(out) != ZSTREAM_NONE)
		bad = 1, cli_usage_error("pico: --out %s: the results are "
		    "written plain (.csv, or .jsonl for JSON Lines), not %s",
		    out, zstream_name(zstream_suffix(out)));
	if (bad) {
		usage(stderr);
		free(probs);
		cli_data_release(&d);
		return ERR_USAGE;
	}
	o.oof.threads = d.threads;
	o.probs = nprobs ? probs : NULL;
	err_clear(&e);
	/* the output never replaces an input, checked before the work */
	keep = xcalloc(nprobs + 1, sizeof *keep);
	keep[0].path = d.path;
	keep[0].what = "the dataset";
	for (i = 0; i < (int)nprobs; i++) {
		keep[i + 1].path = probs[i];
		keep[i + 1].what = "a --probs file";
	}
	rule.keep = keep;
	rule.nkeep = nprobs + 1;
	if (out && strcmp(out, "-") != 0 &&
	    outfile_check(out, &rule, NULL, &e) != 0) {
		rc = cli_fail(&e);
		goto done;
	}
	t = save_model ? cmd_score_load(&d, sample, o.oof.seed, &e) :
	    cli_load(&d, &e);
	if (!t) {
		rc = cli_fail(&e);
		goto done;
	}
	if ((rc = cli_labels(t, d.label, LABELS_FIRST_SEEN, &L)) != 0)
		goto done;
	have_labels = 1;
	if (features) {
		if (feature_cols(t, features, &cols, &ncols) != 0) {
			rc = ERR_USAGE;
			goto done;
		}
		o.feat.cols = cols;
		o.feat.ncols = ncols;
	}
	if (save_model) {
		rc = cmd_score_save(t, &L, &o, save_model, sample, stratify,
		    &rule, d.quiet);
		goto done;
	}
	o.progress = cli_bar_start(&b, 0, d.quiet);
	rc = picorun(t, &L, NULL, &o, &r, &e);
	cli_bar_end(&b);
	if (rc != 0) {
		rc = cli_fail(&e);
		goto done;
	}
	if (out)
		rc = write_out(out, &rule, t, &L, &r);
	if (rc == 0) {
		if (json) {
			struct jsonw w;

			jsonw_init(&w, stdout, 1);
			picorun_write_json(&w, t, &L, &r, &o);
			jsonw_finish(&w);
		} else if (!d.quiet) {
			summary(stderr, t, &L, &r, &o);
		}
	}
	pico_result_release(&r);
done:
	if (have_labels)
		labels_release(&L);
	table_free(t);
	FREE_ALL(cols, keep, probs);
	cli_data_release(&d);
	return rc;
}
