/*
 * workset.c - the data the views look at, and every change to it.
 *
 * The chain is: table -> filter stack (all rows, then each filter's
 * survivors) -> the rows views show, which are the top of the stack or,
 * when that is big, a seeded sample of it.  Loading, the full pass and
 * regex filters run as jobs; everything else here is quick and runs on
 * the UI thread.
 */
#include "tui/workset.h"

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

void
workset_init(struct workset *ws, const struct workset_opts *o,
    struct jobs *jobs, struct msg *msg, struct view_env *env)
{
	memset(ws, 0, sizeof *ws);
	ws->o = *o;
	ws->seed = o->sample.seed;
	ws->stratified = o->sample.stratified;
	ws->sample_size = o->sample.size ? o->sample.size :
	    o->sample.threshold;
	rowset_init(&ws->sample);
	ws->jobs = jobs;
	ws->msg = msg;
	ws->env = env;
}

void
workset_release(struct workset *ws)
{
	rx_free(ws->search);
	ws->search = NULL;
	if (ws->fs_ready)
		filter_stack_release(&ws->fs);
	rowset_release(&ws->sample);
	if (ws->has_labels)
		labels_release(&ws->labels);
	table_free(ws->t);
	ws->t = NULL;
	rowindex_free(ws->file_rows);
	ws->file_rows = NULL;
	if (ws->streamed) {
		msum_result_release(ws->streamed);
		free(ws->streamed);
		ws->streamed = NULL;
	}
}

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

	/* progress is the stream's ("summarising", bytes), not each
	 * chunk's load */
	lo.progress = NULL;
	sumstream_opts_init(&so);
	so.load = &lo;
	so.label = in->label;
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
	    S_ISREG(st.st_mode) && ((uint64_t)st.st_size >
	    WORKSET_SAMPLE_FIRST || !cli_fits(path, memory));
}

/* The loading job: the file, a sample of it (sample_first), or the
 * full pass after a sample (full). */
static struct job *
start(struct workset *ws, int full)
{
	struct load_in *in = xcalloc(1, sizeof *in);

	in->d = ws->o.data;
	in->label_set = ws->o.label_set;
	in->seed = ws->seed;
	in->memory = ws->o.memory;
	if (!full) {
		in->sample_first = sample_first(in->d->path, in->memory);
		return jobs_submit(ws->jobs, "loading", JOB_LOAD, 0, load_run,
		    in, load_in_free, load_out_free);
	}
	/* load the file when it fits, else stream it into a summary, with
	 * the label the sample found (given or guessed) */
	in->stream = !cli_fits(in->d->path, in->memory);
	if (ws->has_labels)
		in->label = xstrdup(ws->t->col[ws->labels.col].name);
	return jobs_submit(ws->jobs, "full pass", JOB_FULL, 0, load_run, in,
	    load_in_free, load_out_free);
}

void
workset_start_load(struct workset *ws)
{
	ws->load_job = start(ws, 0);
}

/* The data comes from out (taken): the table, the labels, how they were
 * found. */
static void
take(struct workset *ws, struct load_out *out)
{
	ws->t = out->t;
	out->t = NULL;
	if (out->has_labels) {
		ws->labels = out->L;
		ws->has_labels = 1;
		out->has_labels = 0;
	}
	snprintf(ws->label_note, sizeof ws->label_note, "%s", out->note);
	load_out_free(out);
	filter_stack_init(&ws->fs, ws->t);
	ws->fs_ready = 1;
	ws->env->t = ws->t;
}

int
workset_loaded(struct workset *ws, struct job *j, struct err *e)
{
	struct load_out *out = j->out;
	struct view_env *env = ws->env;
	size_t c;

	ws->load_job = NULL;
	if (!out) {
		err_clear(e);
		if (j->err.code != ERR_CANCEL)
			err_set(e, j->err.code ? j->err.code : ERR_SOFTWARE,
			    "%s", j->err.msg);
		return -1;
	}
	j->out = NULL;
	if (out->partial && !out->si.whole) {
		char nb[32];

		ws->partial = 1;
		ws->head_sample = out->si.head;
		canvas_fmt_count(out->t->nrows, nb);
		if (out->si.head)
			snprintf(ws->sample_note, sizeof ws->sample_note,
			    "first ~%s rows of a compressed file", nb);
		else
			snprintf(ws->sample_note, sizeof ws->sample_note,
			    "sample of ~%s rows from byte ranges, seed %llu",
			    nb, (unsigned long long)out->si.seed);
		env->sample_note = ws->sample_note;
	}
	take(ws, out);
	if (ws->partial)
		ws->full_job = start(ws, 1);
	env->labels = ws->has_labels ? &ws->labels : NULL;
	/* start on the first column that is neither the key nor the label */
	env->col = 0;
	for (c = 0; c < ws->t->ncols; c++)
		if ((int)c != ws->t->id_col && (!ws->has_labels ||
		    (int)c != ws->labels.col)) {
			env->col = (int)c;
			break;
		}
	workset_changed(ws);
	return 0;
}

int
workset_full_loaded(const struct job *j)
{
	const struct load_out *out = j->out;

	return out && !out->res;
}

int
workset_full_done(struct workset *ws, struct job *j)
{
	struct load_out *out = j->out;
	struct view_env *env = ws->env;
	size_t c;
	char n1[32], n2[32];

	ws->full_job = NULL;
	if (!out) {
		if (j->err.code != ERR_CANCEL)
			msg_set(ws->msg, VIEW_ERROR, "full pass: %s",
			    j->err.msg);
		return 0;
	}
	j->out = NULL;
	if (out->res) {
		/* too big to load: the Overview shows the summary of every
		 * row; the other views stay on the sample */
		ws->streamed = out->res;
		out->res = NULL;
		env->full_sum = &ws->streamed->sum;
		env->full_t = ws->streamed->t;
		/* and the Table scrolls every row, read from the file */
		ws->file_rows = out->index;
		out->index = NULL;
		snprintf(ws->sample_note, sizeof ws->sample_note, "%s ~%s "
		    "rows; Overview%s: all %s rows", ws->head_sample ?
		    "first" : "sample of", canvas_fmt_count(ws->t->nrows, n1),
		    ws->file_rows ? ", Table" : "",
		    canvas_fmt_count(ws->streamed->t->nrows, n2));
		load_out_free(out);
		workset_changed(ws);
		msg_set(ws->msg, VIEW_INFO, "full pass done: the Overview "
		    "shows every row (~ marks estimates)");
		return 0;
	}
	/* the whole file loaded: it replaces the sample */
	workset_quiesce(ws);
	filter_stack_release(&ws->fs);
	rowset_release(&ws->sample);
	if (ws->has_labels)
		labels_release(&ws->labels);
	ws->has_labels = 0;
	table_free(ws->t);
	take(ws, out);
	ws->partial = 0;
	env->sample_note = NULL;
	env->row = VIEW_NOROW;
	if (env->col >= (int)ws->t->ncols)
		env->col = 0;
	for (c = 0; c < ws->t->ncols && env->col < 0; c++)
		env->col = (int)c;
	workset_changed(ws);
	msg_set(ws->msg, VIEW_INFO, "full data loaded: %s rows",
	    canvas_fmt_count(ws->t->nrows, n1));
	return 1;
}

/* ---- the rows views see ------------------------------------------- */

void
workset_quiesce(struct workset *ws)
{
	/* a PICO run reads only the table and its own snapshot, the full
	 * pass only the file: they go on (session.c, workset_full_done);
	 * the jobs stopped come back dropped */
	jobs_quiesce(ws->jobs, 1u << JOB_PICO | 1u << JOB_FULL);
	if (ws->filter_job) {
		ws->filter_job = NULL;
		msg_set(ws->msg, VIEW_INFO, "filter cancelled");
	}
	ws->load_job = NULL;
}

void
workset_changed(struct workset *ws)
{
	struct view_env *env = ws->env;
	const struct rowset *rows;
	size_t i;
	uint64_t lim;

	workset_quiesce(ws);
	if (!ws->fs_ready)
		return;
	rows = filter_stack_rows(&ws->fs);
	lim = ws->forced ? ws->sample_size : ws->o.sample.threshold;
	if (!ws->full && lim > 0 && rows->n > lim && ws->sample_size > 0) {
		if (ws->stratified && ws->has_labels)
			sample_stratified(rows, ws->t->nrows, &ws->labels,
			    ws->sample_size, ws->seed, &ws->sample);
		else
			sample_reservoir(rows, ws->t->nrows, ws->sample_size,
			    ws->seed, &ws->sample);
		env->rows = &ws->sample;
		env->sampled = 1;
	} else {
		rowset_release(&ws->sample);
		env->rows = rows;
		env->sampled = 0;
	}
	env->all = rows;
	env->filtered = rows->n;
	env->rx = NULL;
	env->rx_col = -1;
	for (i = ws->fs.n; i > 0; i--)
		if (ws->fs.f[i - 1].kind == FILTER_RX) {
			env->rx = ws->fs.f[i - 1].rx;
			env->rx_col = ws->fs.f[i - 1].col;
			break;
		}
	env->labels = ws->has_labels ? &ws->labels : NULL;
	env->file_rows = ws->fs.n == 0 ? ws->file_rows : NULL;
	env->gen++;
}

int
workset_labels_for(struct workset *ws, const char *name, struct labels *L)
{
	struct err e;
	int col;

	if (strcmp(name, "none") == 0)
		return 0;
	col = table_col_index(ws->t, name);
	if (col < 0) {
		msg_set(ws->msg, VIEW_ERROR, "no column named '%s'", name);
		return -1;
	}
	if (labels_init(L, ws->t, col, LABELS_FIRST_SEEN, &e) < 0) {
		msg_set(ws->msg, VIEW_ERROR, "%s", e.msg);
		return -1;
	}
	return 1;
}

void
workset_set_labels(struct workset *ws, struct labels *L)
{
	workset_quiesce(ws);
	if (ws->has_labels)
		labels_release(&ws->labels);
	ws->has_labels = L != NULL;
	if (!L) {
		snprintf(ws->label_note, sizeof ws->label_note,
		    "no label column (:label COL sets one)");
		workset_changed(ws);
		return;
	}
	ws->labels = *L;
	snprintf(ws->label_note, sizeof ws->label_note, "label: %s",
	    ws->t->col[L->col].name);
	workset_changed(ws);
	msg_set(ws->msg, VIEW_INFO, "label column: %s (%u classes)",
	    ws->t->col[L->col].name, (unsigned)L->k);
}

/* ---- filters ------------------------------------------------------ */

/* A filter came after the last search: n and N use its pattern. */
static void
forget_search(struct workset *ws)
{
	rx_free(ws->search);
	ws->search = NULL;
	ws->env->find = NULL;
	ws->env->find_gen++;
}

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

/* pat as a pattern (smart case), or NULL when it is none (said). */
static struct rx *
compile(struct workset *ws, const char *pat)
{
	struct err e;
	struct rx *rx;
	size_t off;

	err_clear(&e);
	rx = rx_compile(pat, strlen(pat), RX_SMARTCASE, &off, &e);
	if (!rx)
		msg_set(ws->msg, VIEW_ERROR, "/%s/: %s", pat, e.msg);
	return rx;
}

void
workset_start_filter(struct workset *ws, int col, const char *pat)
{
	struct filter_in *in;
	struct rx *rx;

	if (!(rx = compile(ws, pat)))
		return;
	/* a filter running on comes back and is dropped as not this one */
	jobs_cancel(ws->filter_job);
	in = xcalloc(1, sizeof *in);
	in->t = ws->t;
	in->rows = filter_stack_rows(&ws->fs);
	in->col = col;
	in->rx = rx;
	in->threads = ws->o.data->threads;
	ws->filter_job = jobs_submit(ws->jobs, "filter", JOB_FILTER, 0,
	    filter_run, in, filter_in_free, filter_out_free);
}

void
workset_filter_done(struct workset *ws, struct job *j)
{
	struct filter *f = j->out;
	char n1[32], n2[32], took[32];
	uint64_t before;

	if (j != ws->filter_job)
		return;
	ws->filter_job = NULL;
	if (msg_job_failed(ws->msg, j))
		return;
	before = filter_stack_rows(&ws->fs)->n;
	/* headless screens must not depend on timing */
	if (ws->headless)
		took[0] = '\0';
	else
		snprintf(took, sizeof took, " (%.2f s)", j->secs);
	if (f->rows.n == 0) {
		msg_set(ws->msg, VIEW_WARN, "no row matches %s%s", f->desc,
		    took);
		return;
	}
	j->out = NULL;
	workset_quiesce(ws);
	filter_stack_push(&ws->fs, f);
	free(f);
	/* n and N follow the latest pattern: this filter's */
	forget_search(ws);
	workset_changed(ws);
	msg_set(ws->msg, VIEW_INFO, "%s: %s of %s rows%s",
	    filter_stack_top(&ws->fs)->desc,
	    canvas_fmt_count(filter_stack_rows(&ws->fs)->n, n1),
	    canvas_fmt_count(before, n2), took);
}

int
workset_search(struct workset *ws, int col, const char *pat)
{
	struct view_env *env = ws->env;
	struct rx *rx;

	if (!(rx = compile(ws, pat)))
		return -1;
	rx_free(ws->search);
	ws->search = rx;
	env->find = rx;
	env->find_col = col;
	env->find_gen++;
	return 0;
}

void
workset_push_rows(struct workset *ws, struct rowset *rows, const char *desc)
{
	struct filter f;

	workset_quiesce(ws);
	filter_make_rows(&f, rows, desc);
	filter_stack_push(&ws->fs, &f);
	workset_changed(ws);
}

void
workset_truncate(struct workset *ws, size_t depth)
{
	workset_quiesce(ws);
	filter_stack_truncate(&ws->fs, depth);
	workset_changed(ws);
}
