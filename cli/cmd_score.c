/*
 * cmd_score.c - `winnow score`: a part of a big file scored by a model
 * that `winnow pico --save-model` saved, in the two map passes and the
 * reduce of a sharded PICO run (docs/cluster.md), and that saving
 * itself, which `winnow pico` hands over to here.
 *
 *   winnow score --model DIR PART --out EVIDENCE      pass 1
 *   winnow score --reduce PRIOR EVIDENCE...            the sum
 *   winnow score --model DIR --prior PRIOR PART --out FLAGS   pass 2
 *
 * PART is a CSV file, or with --range S:E --start-line L the records
 * between two record boundaries of one (as `winnow stats --scan` finds
 * them), so that keys and messages name the original file's lines.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvchunk.h"
#include "core/data/format.h"
#include "core/data/rowset.h"
#include "core/data/sample.h"
#include "core/pico/shard/model.h"
#include "core/pico/shard/score.h"
#include "core/util/numfmt.h"
#include "core/util/outfile.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"
#include "cli/cli.h"
#include "cli/cmd_score.h"
#include "cli/cmds.h"
#include "cli/textout.h"

static void
usage(FILE *f)
{
	fputs("usage: winnow score --model DIR PART --out EVIDENCE [options]\n"
	    "       winnow score --reduce PRIOR EVIDENCE...\n"
	    "       winnow score --model DIR --prior PRIOR PART --out FLAGS "
	    "[options]\n"
	    "  --model DIR      the model `winnow pico --save-model DIR` "
	    "saved\n"
	    "  --out FILE|-     pass 1: the part's evidence (JSON Lines); "
	    "pass 2: its\n"
	    "                   flags as `winnow pico --out` writes them "
	    "(CSV, or JSON\n"
	    "                   Lines for .jsonl)\n"
	    "  --reduce PRIOR   sum the parts' evidence into PRIOR\n"
	    "  --prior PRIOR    pass 2: flag with the summed evidence\n"
	    "  --range S:E      only the records in bytes [S, E) of PART "
	    "(record\n"
	    "                   boundaries, from `winnow stats --scan`)\n"
	    "  --start-line L   the line of the file at S\n"
	    "  --force          replace an existing output\n"
	    "  --timing         the wall time and peak memory, on stderr\n"
	    "  dataset options: --id COL --delim C --no-header --na LIST\n"
	    "                   --ragged error|pad|skip --threads N --quiet\n"
	    "                   --lax-quotes --drop-repeated-header\n", f);
}

/* --- the reduce ---------------------------------------------------- */

/*
 * What a model whose checkers failed the skill gate means for its parts,
 * on stderr (quiet or not: it changes what the flags say).
 */
static void
model_warn_gate(const struct model *m, const char *dir)
{
	char *q = textout_esc(dir, strlen(dir)), n1[NUMFMT_COUNT];

	fprintf(stderr, "winnow: warning: %s: %s; its parts flag nothing "
	    "(gain over the class shares %.1f nats on %s training rows, "
	    "gate %g and %g a row; --gate 0 with --save-model flags "
	    "anyway)\n", q, PICORUN_UNPREDICTABLE, m->skill.gain,
	    numfmt_count(m->skill.rows, n1), m->pico.gate,
	    PICO_GATE_PER_ROW);
	free(q);
}

static int
put_prior(FILE *f, void *ctx, struct err *e)
{
	return score_write_prior(f, ctx, e);
}

static int
reduce(const char *out, char **in, int nin, const struct outfile_rule *r0)
{
	struct score_sum all, one;
	struct outfile_rule rule = *r0;
	struct outfile_keep *keep;
	struct err e;
	int i, rc;

	keep = xcalloc((size_t)nin + 1, sizeof *keep);
	for (i = 0; i < nin; i++) {
		keep[i].path = in[i];
		keep[i].what = "an evidence file";
	}
	rule.keep = keep;
	rule.nkeep = (size_t)nin;
	memset(&all, 0, sizeof all);
	if (strcmp(out, "-") != 0 && outfile_check(out, &rule, NULL, &e) != 0) {
		free(keep);
		return cli_fail(&e);
	}
	for (i = 0; i < nin; i++) {
		if (score_read_sum(in[i], &one, &e) != 0) {
			score_sum_release(&all);
			free(keep);
			return cli_fail(&e);
		}
		if (i == 0)
			score_sum_init(&all, one.model, one.k);
		rc = score_sum_add(&all, &one, in[i], &e);
		score_sum_release(&one);
		if (rc != 0) {
			score_sum_release(&all);
			free(keep);
			return cli_fail(&e);
		}
	}
	rc = cli_write_out(out, &rule, put_prior, &all);
	score_sum_release(&all);
	free(keep);
	return rc;
}

/* --- the passes ---------------------------------------------------- */

struct pass_out {
	const char *part, *out;
	const struct model *m;
	struct score_rows rows;
	struct score_sum sum;
};

static int
put_evidence(FILE *f, void *ctx, struct err *e)
{
	struct pass_out *P = ctx;

	return score_write_evidence(f, P->part, P->m, &P->rows, &P->sum, e);
}

static int
put_flags(FILE *f, void *ctx, struct err *e)
{
	struct pass_out *P = ctx;

	if (strcmp(P->out, "-") != 0 && format_by_name(P->out) == TABLE_JSONL)
		return picorun_write_jsonl(f, P->rows.keys, &P->rows.L,
		    &P->rows.res, e);
	return picorun_write_csv(f, P->rows.keys, &P->rows.L, &P->rows.res,
	    e);
}

int
cmd_score(int argc, char **argv)
{
	struct cli_data d;
	struct csvload_opts lo;
	struct csvchunk c;
	struct model m;
	struct score_sum prior;
	struct score_opts so;
	struct pass_out P;
	struct outfile_rule rule;
	struct outfile_keep keep[3];
	struct cli_bar b;
	struct err e;
	const char *v, *modeldir = NULL, *priorfile = NULL, *out = NULL;
	const char *redout = NULL;
	char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
	uint64_t ra = 0, rb = 0, line = 0;
	int i, x, bad = 0, nrest = 0, range = 0, rc = 0, opened = 0;
	int timing = 0;
	double t0 = time_mono();

	cli_data_init(&d);
	memset(&rule, 0, sizeof rule);
	memset(&m, 0, sizeof m);
	memset(&prior, 0, sizeof prior);
	memset(&P, 0, sizeof P);
	for (i = 1; i < argc && !bad; i++) {
		x = cli_data_opt(&d, argc, argv, &i);
		if (x < 0) {
			bad = 1;
			break;
		}
		if (x > 0)
			continue;
#define VAL(name) ((v = cli_value((name), argc, argv, &i, &bad)) != NULL)
		if (cli_is_help(argv[i])) {
			usage(stdout);
			free(rest);
			cli_data_release(&d);
			return 0;
		} else if (VAL("--model")) {
			modeldir = v;
		} else if (VAL("--prior")) {
			priorfile = v;
		} else if (VAL("--out")) {
			out = v;
		} else if (VAL("--reduce")) {
			redout = v;
		} else if (VAL("--range")) {
			bad = cli_range("score", "--range", v, &ra, &rb) != 0;
			range = 1;
		} else if (VAL("--start-line")) {
			bad = cli_uint("--start-line", v, 1, UINT64_MAX, &line)
			    != 0;
		} else if (strcmp(argv[i], "--force") == 0) {
			rule.force = 1;
		} else if (strcmp(argv[i], "--timing") == 0) {
			timing = 1;
		} else if (!bad && argv[i][0] == '-' && argv[i][1] != '\0') {
			cli_usage_error("score: unknown option '%s'", argv[i]);
			bad = 1;
		} else if (!bad) {
			rest[nrest++] = argv[i];
		}
#undef VAL
	}
	if (!bad && redout) {
		if (modeldir || priorfile || out || range || line)
			bad = 1, cli_usage_error("score: --reduce takes the "
			    "evidence files alone");
		else if (nrest == 0)
			bad = 1, cli_usage_error("score: --reduce: no evidence "
			    "files given");
		if (!bad) {
			rc = reduce(redout, rest, nrest, &rule);
			free(rest);
			cli_data_release(&d);
			return rc;
		}
	}
	if (!bad && !modeldir)
		bad = 1, cli_usage_error("score: --model DIR is required");
	if (!bad && nrest != 1)
		bad = 1, cli_usage_error(nrest ? "score: more than one part "
		    "('%s')" : "score: no part given%s", nrest ? rest[1] : "");
	if (!bad && !out)
		bad = 1, cli_usage_error("score: --out FILE is required");
	if (!bad && line && !range)
		bad = 1, cli_usage_error("score: --start-line goes with "
		    "--range");
	if (!bad && d.label)
		bad = 1, cli_usage_error("score: the label column is the "
		    "model's; no --label");
	if (bad) {
		usage(stderr);
		free(rest);
		cli_data_release(&d);
		return ERR_USAGE;
	}
	d.path = rest[0];
	err_clear(&e);
	keep[0].path = d.path;
	keep[0].what = "the part";
	keep[0].output = 0;
	keep[1].path = priorfile;
	keep[1].what = "the prior";
	keep[1].output = 0;
	rule.keep = keep;
	rule.nkeep = 2;
	if (strcmp(out, "-") != 0 && outfile_check(out, &rule, NULL, &e) != 0) {
		rc = cli_fail(&e);
		goto done;
	}
	if (model_load(&m, modeldir, &e) != 0) {
		rc = cli_fail(&e);
		goto done;
	}
	if (priorfile && score_read_sum(priorfile, &prior, &e) != 0) {
		rc = cli_fail(&e);
		goto done;
	}
	if (priorfile && (prior.model != m.hash || prior.k != m.k)) {
		char id[17];

		err_set(&e, ERR_DATA, "%s: summed from the evidence of another "
		    "model than %s (%s)", priorfile, modeldir, model_id(&m,
		    id));
		rc = cli_fail(&e);
		goto done;
	}
	cli_data_load_opts(&d, &lo);
	lo.id_col = NULL;	/* keys are checked by no one here */
	if ((range ? csvchunk_open_at(&c, d.path, &lo, ra, rb, line ? line :
	    1, cli_chunk_size(cli_default_memory()), &e) :
	    csvchunk_open(&c, d.path, &lo, 0, 0,
	    cli_chunk_size(cli_default_memory()), &e)) != 0) {
		rc = cli_fail(&e);
		goto done;
	}
	opened = 1;
	memset(&so, 0, sizeof so);
	so.m = &m;
	so.id = d.id;
	so.prior = priorfile ? &prior : NULL;
	so.threads = d.threads;
	so.progress = cli_bar_start(&b, 1, d.quiet);
	rc = score_part(&c, &so, &P.rows, &P.sum, &e);
	cli_bar_end(&b);
	if (rc != 0) {
		rc = cli_fail(&e);
		goto done;
	}
	P.part = d.path;
	P.out = out;
	P.m = &m;
	rc = cli_write_out(out, &rule, priorfile ? put_flags : put_evidence, &P);
	if (rc == 0 && timing)
		fprintf(stderr, "winnow: timing: scored %llu rows in %.3f s, "
		    "peak RSS %ld MB\n", (unsigned long long)P.sum.rows,
		    time_mono() - t0, cli_peak_rss_kb() / 1024);
	if (rc == 0 && priorfile && !m.skill.predictive)
		model_warn_gate(&m, modeldir);
	if (rc == 0 && !d.quiet && P.sum.unknown)
		fprintf(stderr, "winnow: %s: %llu row%s with a label the model "
		    "does not know: not flagged\n", d.path,
		    (unsigned long long)P.sum.unknown,
		    P.sum.unknown == 1 ? "" : "s");
done:
	if (opened)
		csvchunk_close(&c);
	score_rows_release(&P.rows);
	score_sum_release(&P.sum);
	score_sum_release(&prior);
	model_release(&m);
	free(rest);
	cli_data_release(&d);
	return rc;
}

/* --- pico --save-model --------------------------------------------- */

struct table *
cmd_score_load(const struct cli_data *d, uint64_t sample, uint64_t seed,
    struct err *e)
{
	if (sample && !cli_fits(d->path, cli_default_memory()))
		return cli_load_sample(d, sample, seed, NULL, e);
	return cli_load(d, e);
}

int
cmd_score_save(const struct table *t, const struct labels *L,
    const struct picorun_opts *o, const char *dir, uint64_t sample,
    int stratify, const struct outfile_rule *rule, int quiet)
{
	struct rowset rs;
	struct model m;
	struct err e;
	struct cli_bar b;
	struct picorun_opts po = *o;
	char id[17];
	int rc;

	rowset_init(&rs);
	if (sample && t->nrows > sample) {
		if (stratify)
			sample_stratified(NULL, t->nrows, L, sample,
			    o->oof.seed, &rs);
		else
			sample_reservoir(NULL, t->nrows, sample, o->oof.seed,
			    &rs);
	}
	po.progress = cli_bar_start(&b, 0, quiet);
	rc = model_train(&m, t, L, rs.n ? rs.row : NULL, rs.n, &po, &e);
	cli_bar_end(&b);
	rowset_release(&rs);
	if (rc != 0)
		return cli_fail(&e);
	if (model_save(&m, dir, rule, &e) != 0) {
		model_release(&m);
		return cli_fail(&e);
	}
	if (!quiet) {
		char *p = textout_esc(t->path, strlen(t->path));
		char *q = textout_esc(dir, strlen(dir));

		fprintf(stderr, "%s: model %s saved in %s: %llu training "
		    "rows, %u classes, %u x %u %s checkers\n", p,
		    model_id(&m, id), q, (unsigned long long)m.rows, m.k,
		    m.repeats, m.folds, oof_model_name(m.kind));
		free(p);
		free(q);
	}
	if (!m.skill.predictive)
		model_warn_gate(&m, dir);
	model_release(&m);
	return 0;
}
