/*
 * workset.c - the data the views look at, and every change to it.
 *
 * The chain is: table -> filter stack (all rows, then each filter's
 * survivors) -> the rows views show, which are the top of the stack or,
 * when that is big, a seeded sample of it.  Loading and regex filters run
 * as jobs; everything else here is quick and runs on the UI thread.
 * Every change goes: workset_quiesce (cancel and wait for all jobs, which
 * may be reading the data), change, workset_changed (derive the rows and
 * bump env.gen so views recompute).
 */
#include "tui/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/data/csvchunk.h"
#include "core/data/csvload.h"
#include "core/data/csvsample.h"
#include "core/data/format.h"
#include "core/data/rowindex.h"
#include "core/data/sample.h"
#include "core/data/stream/anysample.h"
#include "core/stats/stream/sumstream.h"
#include "core/util/xalloc.h"

/* ---- loading ---------------------------------------------------- */

struct load_in {
	const struct cli_data *d;	/* borrowed from the app's options */
	int label_set;
	int sample_first;		/* read a sample of byte ranges */
	uint64_t seed;
	int stream;			/* the full pass: a streamed summary */
	uint64_t memory;		/* --memory */
	char *label;			/* the stream's label column, owned */
};

static void
load_in_free(void *p)
{
	struct load_in *in = p;

	if (in)
		free(in->label);
	free(in);
}

struct load_out {
	struct table *t;
	struct labels L;
	int has_labels;
	char note[160];
	int partial;			/* t is a sample of byte ranges */
	struct csvsample_info si;
	struct msum_result *res;	/* the full pass streamed */
	struct rowindex *index;		/* and the rows it read */
};

static void
load_out_free(void *p)
{
	struct load_out *o = p;

	if (!o)
		return;
	if (o->has_labels)
		labels_release(&o->L);
	table_free(o->t);
	rowindex_free(o->index);
	if (o->res) {
		msum_result_release(o->res);
		free(o->res);
	}
	free(o);
}

/* The label column: --label, else a column called label, class, target
 * or y (in that order, ignoring case). */
static int
find_label(const struct table *t, const struct load_in *in, char *note,
    size_t size, struct err *e)
{
	static const char *const guess[] = { "label", "class", "target", "y" };
	size_t g, c;
	int col;

	if (in->label_set) {
		col = table_col_index(t, in->d->label);
		if (col < 0) {
			table_no_column(t, t->path, in->d->label, "--label",
			    e);
			return -2;
		}
		snprintf(note, size, "label: %s", t->col[col].name);
		return col;
	}
	for (g = 0; g < sizeof guess / sizeof *guess; g++)
		for (c = 0; c < t->ncols; c++)
			if (strcasecmp(t->col[c].name, guess[g]) == 0) {
				snprintf(note, size, "label: %s (guessed)",
				    t->col[c].name);
				return (int)c;
			}
	snprintf(note, size, "no label column (:label COL sets one)");
	return -1;
}

/* The full pass of a file too big to load: its streamed summary. */
static void *
stream_run(struct load_in *in, const struct csvload_opts *o,
    struct load_out *out, const struct progress *p, struct err *e)
{
	struct sumstream_opts so;
	struct csvload_opts lo = *o;
	struct msum m;
	const char *label = in->label;

	/* progress is the stream's ("summarising", bytes), not each
	 * chunk's load */
	lo.progress = NULL;
	sumstream_opts_init(&so);
	so.load = &lo;
	so.label = label;
	so.id = in->d->id;
	so.chunk = cli_chunk_size(in->memory);
	so.seed = in->seed;
	so.threads = in->d->threads;
	so.progress = p;
	so.index = &out->index;
	if (sumstream_run(&m, in->d->path, &so, e) != 0) {
		msum_release(&m);
		free(out);
		return NULL;
	}
	out->res = xcalloc(1, sizeof *out->res);
	if (msum_finish(&m, in->d->na_set ? in->d->na : NULL, out->res,
	    e) != 0) {
		msum_release(&m);
		free(out->res);
		rowindex_free(out->index);
		free(out);
		return NULL;
	}
	msum_release(&m);
	return out;
}

/* Ranges in the first sample: CSVSAMPLE_RANGES, or fewer so that the
 * sample takes at most an eighth of memory (the full pass's chunks take
 * most of the rest). */
static uint32_t
sample_ranges(uint64_t memory)
{
	uint64_t n = memory / 8 / CSVSAMPLE_BYTES;

	return n < 1 ? 1 : n > CSVSAMPLE_RANGES ? CSVSAMPLE_RANGES :
	    (uint32_t)n;
}

static void *
load_run(void *arg, const struct progress *p, struct err *e)
{
	struct load_in *in = arg;
	const struct cli_data *d = in->d;
	struct csvload_opts o;
	struct load_out *out;
	struct table *t;
	int col;

	cli_data_load_opts(d, &o);
	o.progress = p;
	out = xcalloc(1, sizeof *out);
	if (in->stream)
		return stream_run(in, &o, out, p, e);
	if (in->sample_first) {
		progress_step(p, "sampling", 0, 1);
		t = anysample_read(d->path, &o, in->seed,
		    sample_ranges(in->memory), CSVSAMPLE_BYTES, &out->si, e);
		out->partial = 1;
	} else {
		t = format_load(d->path, &o, e);
	}
	if (!t) {
		free(out);
		return NULL;
	}
	out->t = t;
	progress_step(p, "labels", 0, 1);
	col = find_label(t, in, out->note, sizeof out->note, e);
	if (col == -2) {
		load_out_free(out);
		return NULL;
	}
	if (col >= 0) {
		struct err le;

		if (labels_init(&out->L, t, col, LABELS_FIRST_SEEN, &le) == 0)
			out->has_labels = 1;
		else
			snprintf(out->note, sizeof out->note, "no label: %.140s",
			    le.msg);
	}
	return out;
}

/* A big regular file, or one whose load would not fit in memory, opens
 * on a sample first: byte ranges of a plain file, the first rows of a
 * compressed one (anysample.h). */
static int
sample_first(const char *path, uint64_t memory)
{
	struct stat st;

	return strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    S_ISREG(st.st_mode) && ((uint64_t)st.st_size > APP_SAMPLE_FIRST ||
	    !cli_fits(path, memory));
}

/* The full pass after a sample: load the file when it fits, else
 * stream it into a summary. */
static void
start_full(struct app *a)
{
	struct load_in *in = xcalloc(1, sizeof *in);
	struct job *j = jobs_new("full pass", APP_JOB_FULL, 0);

	in->d = &a->o.data;
	in->label_set = a->o.label_set;
	in->seed = a->seed;
	in->memory = a->o.memory;
	in->stream = !cli_fits(a->o.data.path, in->memory);
	/* the label the sample found (given or guessed) */
	if (a->has_labels)
		in->label = xstrdup(a->t->col[a->labels.col].name);
	j->run = load_run;
	j->in = in;
	j->in_free = load_in_free;
	j->out_free = load_out_free;
	a->full_job = j;
	jobs_start(&a->jobs, j);
}

void
workset_start_load(struct app *a)
{
	struct load_in *in = xcalloc(1, sizeof *in);
	struct job *j = jobs_new("loading", APP_JOB_LOAD, 0);

	in->d = &a->o.data;
	in->label_set = a->o.label_set;
	in->memory = a->o.memory;
	in->sample_first = sample_first(a->o.data.path, in->memory);
	in->seed = a->seed;
	j->run = load_run;
	j->in = in;
	j->in_free = free;
	j->out_free = load_out_free;
	a->load_job = j;
	jobs_start(&a->jobs, j);
}

void
workset_loaded(struct app *a, struct job *j)
{
	struct load_out *out = j->out;
	size_t c;

	a->load_job = NULL;
	if (!out) {
		if (j->err.code != ERR_CANCEL) {
			snprintf(a->fatal, sizeof a->fatal, "%s", j->err.msg);
			a->status = j->err.code ? j->err.code : ERR_SOFTWARE;
		}
		a->quit = 1;
		return;
	}
	j->out = NULL;
	a->t = out->t;
	if (out->partial && !out->si.whole) {
		a->partial = 1;
		a->head_sample = out->si.head;
		if (out->si.head)
			snprintf(a->sample_note, sizeof a->sample_note, "first "
			    "~%llu rows of a compressed file",
			    (unsigned long long)out->t->nrows);
		else
			snprintf(a->sample_note, sizeof a->sample_note, "sample "
			    "of ~%llu rows from byte ranges, seed %llu",
			    (unsigned long long)out->t->nrows,
			    (unsigned long long)out->si.seed);
		a->env.sample_note = a->sample_note;
		start_full(a);
	}
	if (out->has_labels) {
		a->labels = out->L;
		a->has_labels = 1;
	}
	snprintf(a->label_note, sizeof a->label_note, "%s", out->note);
	free(out);
	filter_stack_init(&a->fs, a->t);
	a->fs_ready = 1;
	a->env.t = a->t;
	a->env.labels = a->has_labels ? &a->labels : NULL;
	/* start on the first column that is neither the key nor the label */
	a->env.col = 0;
	for (c = 0; c < a->t->ncols; c++)
		if ((int)c != a->t->id_col && (!a->has_labels ||
		    (int)c != a->labels.col)) {
			a->env.col = (int)c;
			break;
		}
	workset_changed(a);
	if (app_switch(a, "overview") < 0)
		app_switch(a, "table");
	if (!a->has_labels)
		app_msg(a, VIEW_WARN, "%s", a->label_note);
	/* a journal's row keys are the whole file's: not the sample's */
	if (!a->partial)
		session_startup(a);
}

void
workset_full_done(struct app *a, struct job *j)
{
	struct load_out *out = j->out;
	size_t c;
	char n1[32], n2[32];

	a->full_job = NULL;
	if (!out) {
		if (j->err.code != ERR_CANCEL)
			app_msg(a, VIEW_ERROR, "full pass: %s", j->err.msg);
		return;
	}
	j->out = NULL;
	if (out->res) {
		/* too big to load: the Overview shows the summary of every
		 * row; the other views stay on the sample */
		a->streamed = out->res;
		out->res = NULL;
		a->env.full_sum = &a->streamed->sum;
		a->env.full_t = a->streamed->t;
		/* and the Table scrolls every row, read from the file */
		a->file_rows = out->index;
		out->index = NULL;
		snprintf(a->sample_note, sizeof a->sample_note, "%s "
		    "~%s rows; Overview%s: all %s rows", a->head_sample ?
		    "first" : "sample of",
		    canvas_fmt_count(a->t->nrows, n1), a->file_rows ?
		    ", Table" : "",
		    canvas_fmt_count(a->streamed->t->nrows, n2));
		load_out_free(out);
		workset_changed(a);
		app_msg(a, VIEW_INFO, "full pass done: the Overview shows "
		    "every row (~ marks estimates)");
		return;
	}
	/* the whole file loaded: it replaces the sample */
	while (a->depth > 1)
		app_back(a);
	workset_quiesce(a);
	filter_stack_release(&a->fs);
	rowset_release(&a->sample);
	if (a->has_labels)
		labels_release(&a->labels);
	a->has_labels = 0;
	table_free(a->t);
	a->t = out->t;
	out->t = NULL;
	if (out->has_labels) {
		a->labels = out->L;
		a->has_labels = 1;
		out->has_labels = 0;
	}
	snprintf(a->label_note, sizeof a->label_note, "%s", out->note);
	load_out_free(out);
	filter_stack_init(&a->fs, a->t);
	a->partial = 0;
	a->env.sample_note = NULL;
	a->env.t = a->t;
	a->env.row = VIEW_NOROW;
	if (a->env.col >= (int)a->t->ncols)
		a->env.col = 0;
	for (c = 0; c < a->t->ncols && a->env.col < 0; c++)
		a->env.col = (int)c;
	workset_changed(a);
	app_msg(a, VIEW_INFO, "full data loaded: %llu rows",
	    (unsigned long long)a->t->nrows);
	session_startup(a);
}

/* ---- the rows views see ------------------------------------------- */

const struct rowset *
workset_filtered(const struct app *a)
{
	return filter_stack_rows(&a->fs);
}

void
workset_quiesce(struct app *a)
{
	struct job *j;
	int i;

	/* a PICO run reads only the table and its own snapshot, the full
	 * pass only the file: they go on (session.c, workset_full_done) */
	jobs_cancel_except(&a->jobs, 1u << APP_JOB_PICO | 1u << APP_JOB_FULL);
	for (;;) {
		while ((j = jobs_take(&a->jobs)) != NULL) {
			if (j->kind == APP_JOB_PICO && j == a->pico_job &&
			    !a->pico_parked) {
				a->pico_parked = j;
				continue;
			}
			if (j->kind == APP_JOB_FULL && !a->full_parked) {
				a->full_parked = j;
				continue;
			}
			for (i = 0; i < a->depth; i++)
				if (a->stack[i].job == j)
					a->stack[i].job = NULL;
			if (j == a->filter_job) {
				a->filter_job = NULL;
				app_msg(a, VIEW_INFO, "filter cancelled");
			}
			if (j == a->load_job)
				a->load_job = NULL;
			jobs_free_job(j);
		}
		if (jobs_running_except(&a->jobs, 1u << APP_JOB_PICO |
		    1u << APP_JOB_FULL) == 0)
			break;
		jobs_wait(&a->jobs);
	}
}

void
workset_changed(struct app *a)
{
	const struct rowset *rows;
	size_t i;
	uint64_t lim;

	workset_quiesce(a);
	if (!a->fs_ready)
		return;
	rows = filter_stack_rows(&a->fs);
	lim = a->forced ? a->sample_size : a->o.sample.threshold;
	if (!a->full && lim > 0 && rows->n > lim && a->sample_size > 0) {
		if (a->stratified && a->has_labels)
			sample_stratified(rows, a->t->nrows, &a->labels,
			    a->sample_size, a->seed, &a->sample);
		else
			sample_reservoir(rows, a->t->nrows, a->sample_size,
			    a->seed, &a->sample);
		a->env.rows = &a->sample;
		a->env.sampled = 1;
	} else {
		rowset_release(&a->sample);
		a->env.rows = rows;
		a->env.sampled = 0;
	}
	a->env.all = rows;
	a->env.filtered = rows->n;
	a->env.rx = NULL;
	a->env.rx_col = -1;
	for (i = a->fs.n; i > 0; i--)
		if (a->fs.f[i - 1].kind == FILTER_RX) {
			a->env.rx = a->fs.f[i - 1].rx;
			a->env.rx_col = a->fs.f[i - 1].col;
			break;
		}
	a->env.labels = a->has_labels ? &a->labels : NULL;
	a->env.file_rows = a->fs.n == 0 ? a->file_rows : NULL;
	a->env.gen++;
}

int
workset_set_label(struct app *a, const char *name)
{
	struct labels L;
	struct err e;
	int col;

	if (strcmp(name, "none") == 0) {
		session_close(a);
		workset_quiesce(a);
		if (a->has_labels)
			labels_release(&a->labels);
		a->has_labels = 0;
		snprintf(a->label_note, sizeof a->label_note,
		    "no label column (:label COL sets one)");
		workset_changed(a);
		return 0;
	}
	col = table_col_index(a->t, name);
	if (col < 0) {
		app_msg(a, VIEW_ERROR, "no column named '%s'", name);
		return -1;
	}
	if (labels_init(&L, a->t, col, LABELS_FIRST_SEEN, &e) < 0) {
		app_msg(a, VIEW_ERROR, "%s", e.msg);
		return -1;
	}
	session_close(a);
	workset_quiesce(a);
	if (a->has_labels)
		labels_release(&a->labels);
	a->labels = L;
	a->has_labels = 1;
	snprintf(a->label_note, sizeof a->label_note, "label: %s",
	    a->t->col[col].name);
	workset_changed(a);
	app_msg(a, VIEW_INFO, "label column: %s (%u classes)",
	    a->t->col[col].name, (unsigned)L.k);
	return 0;
}

/* ---- filters ------------------------------------------------------ */

struct filter_in {
	const struct table *t;
	const struct rowset *rows;	/* the stack's top, borrowed */
	int col;
	struct rx *rx;			/* owned until the filter takes it */
	int threads;
};

static void
filter_in_free(void *p)
{
	struct filter_in *in = p;

	rx_free(in->rx);
	free(in);
}

static void
filter_out_free(void *p)
{
	filter_release(p);
	free(p);
}

static void *
filter_run(void *arg, const struct progress *p, struct err *e)
{
	struct filter_in *in = arg;
	struct filter *f = xcalloc(1, sizeof *f);
	struct rx *rx = in->rx;

	in->rx = NULL;
	if (filter_make_rx(f, in->t, in->rows, in->col, rx, in->threads, p,
	    e) < 0) {
		free(f);
		return NULL;
	}
	return f;
}

void
workset_start_filter(struct app *a, int col, const char *pat)
{
	struct filter_in *in;
	struct job *j;
	struct err e;
	struct rx *rx;
	size_t off;

	err_clear(&e);
	rx = rx_compile(pat, strlen(pat), RX_SMARTCASE, &off, &e);
	if (!rx) {
		app_msg(a, VIEW_ERROR, "/%s/: %s", pat, e.msg);
		return;
	}
	if (a->filter_job) {
		jobs_cancel(a->filter_job);
		a->filter_job = NULL;
	}
	in = xcalloc(1, sizeof *in);
	in->t = a->t;
	in->rows = filter_stack_rows(&a->fs);
	in->col = col;
	in->rx = rx;
	in->threads = a->o.data.threads;
	j = jobs_new("filter", APP_JOB_FILTER, 0);
	j->run = filter_run;
	j->in = in;
	j->in_free = filter_in_free;
	j->out_free = filter_out_free;
	a->filter_job = j;
	jobs_start(&a->jobs, j);
}

void
workset_filter_done(struct app *a, struct job *j)
{
	struct filter *f = j->out;
	char n1[32], n2[32], took[32];
	uint64_t before;

	if (j != a->filter_job)
		return;
	a->filter_job = NULL;
	if (!f) {
		if (j->err.code == ERR_CANCEL)
			app_msg(a, VIEW_INFO, "filter cancelled");
		else
			app_msg(a, VIEW_ERROR, "%s", j->err.msg);
		return;
	}
	before = filter_stack_rows(&a->fs)->n;
	/* headless screens must not depend on timing */
	if (a->be->headless)
		took[0] = '\0';
	else
		snprintf(took, sizeof took, " (%.2f s)", j->secs);
	if (f->rows.n == 0) {
		app_msg(a, VIEW_WARN, "no row matches %s%s", f->desc, took);
		return;
	}
	j->out = NULL;
	workset_quiesce(a);
	filter_stack_push(&a->fs, f);
	free(f);
	workset_changed(a);
	app_msg(a, VIEW_INFO, "%s: %s of %s rows%s",
	    filter_stack_top(&a->fs)->desc,
	    canvas_fmt_count(filter_stack_rows(&a->fs)->n, n1),
	    canvas_fmt_count(before, n2), took);
}

void
workset_push_rows(struct app *a, struct rowset *rows, const char *desc)
{
	struct filter f;

	workset_quiesce(a);
	filter_make_rows(&f, rows, desc);
	filter_stack_push(&a->fs, &f);
	workset_changed(a);
}
