/*
 * app.c - the event loop and the view stack.
 *
 * Each turn: take finished jobs and hand their results over; let the top
 * view plan a new model if the data changed; draw; wait for a key (with
 * a short timeout while jobs run, so progress repaints); map the key to
 * an action in the top view's context and dispatch it.  A headless back
 * end instead waits for every job before drawing, so its screens are the
 * same on every run.
 */
#include "tui/app.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util/xalloc.h"
#include "tui/keymap.h"
#include "tui/backend/keys.h"
#include "views/lib/listview.h"

double
app_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
app_init(struct app *a, const struct app_opts *o)
{
	memset(a, 0, sizeof *a);
	a->o = *o;
	a->seed = o->seed;
	a->stratified = o->stratified;
	a->sample_size = o->sample_size ? o->sample_size :
	    o->sample_threshold;
	jobs_init(&a->jobs);
	pthread_mutex_init(&a->log_lock, NULL);
	a->env.path = o->data.path;
	a->env.col = -1;
	a->env.row = VIEW_NOROW;
	a->env.rx_col = -1;
	a->env.threads = o->data.threads;
	rowset_init(&a->sample);
	session_init(a);
}

void
app_msg(struct app *a, enum view_msg_level lv, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_level = lv;
	a->msg_time = app_now();
}

void
app_log_sink(void *ctx, enum log_level level, const char *msg)
{
	struct app *a = ctx;

	pthread_mutex_lock(&a->log_lock);
	snprintf(a->log_msg, sizeof a->log_msg, "%s", msg);
	a->log_level = level == LOG_WARN ? VIEW_WARN : VIEW_INFO;
	a->log_pending = 1;
	pthread_mutex_unlock(&a->log_lock);
}

static struct app_view *
top(struct app *a)
{
	return a->depth ? &a->stack[a->depth - 1] : NULL;
}

static void
view_close(struct app *a, struct app_view *av)
{
	if (av->job) {
		jobs_cancel(av->job);	/* comes back and is dropped */
		av->job = NULL;
	}
	if (av->v && av->v->close)
		av->v->close(av->st);
	memset(av, 0, sizeof *av);
	(void)a;
}

static void
view_open(struct app *a, struct app_view *av, const struct view *v)
{
	memset(&a->env.req, 0, sizeof a->env.req);
	av->v = v;
	av->serial = ++a->serial;
	av->planned = 0;
	av->replan = 1;
	av->job = NULL;
	av->st = v->open ? v->open(&a->env, v->data == VIEW_DATA_REVIEW ?
	    &a->loop : NULL) : NULL;
}

int
app_push(struct app *a, const char *name)
{
	const struct view *v = view_find(name);
	struct app_view *av;

	if (!v)
		return -1;
	if (a->depth == APP_MAXSTACK) {
		app_msg(a, VIEW_WARN, "too many views open: press q to go "
		    "back");
		return -1;
	}
	av = &a->stack[a->depth++];
	memset(av, 0, sizeof *av);
	av->fdepth = a->fs.n;
	view_open(a, av, v);
	return 0;
}

int
app_switch(struct app *a, const char *name)
{
	const struct view *v = view_find(name);
	struct app_view *av = top(a);
	size_t fdepth;
	int drilled;

	if (!v)
		return -1;
	if (!av)
		return app_push(a, name);
	if (av->v == v)
		return 0;
	fdepth = av->fdepth;
	drilled = av->drilled;
	view_close(a, av);
	view_open(a, av, v);
	av->fdepth = fdepth;
	av->drilled = drilled;
	return 0;
}

void
app_back(struct app *a)
{
	struct app_view *av = top(a);
	int drilled;
	size_t fdepth;

	if (a->depth <= 1) {
		/* nothing here is ever unsaved: the review loop journals every
		 * decision as it is made, so quitting needs no question */
		a->quit = 1;
		return;
	}
	drilled = av->drilled;
	fdepth = av->fdepth;
	view_close(a, av);
	a->depth--;
	if (drilled && a->fs.n > fdepth) {
		workset_quiesce(a);
		filter_stack_truncate(&a->fs, fdepth);
		workset_changed(a);
	}
}

/* The top-level views in Tab order. */
static size_t
top_views(const struct view **out, size_t max)
{
	size_t n = 0, i, j;
	const struct view *t;

	for (i = 0; view_all[i] && n < max; i++)
		if (view_all[i]->top > 0)
			out[n++] = view_all[i];
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && out[j - 1]->top > out[j]->top; j--) {
			t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

static void
cycle_view(struct app *a, int dir)
{
	const struct view *tv[32];
	size_t n = top_views(tv, 32), i;
	struct app_view *av = top(a);
	long k = -1;

	if (n == 0 || !av)
		return;
	for (i = 0; i < n; i++)
		if (tv[i] == av->v)
			k = (long)i;
	if (k < 0)
		k = dir > 0 ? -1 : 0;
	k = (k + dir + (long)n) % (long)n;
	app_switch(a, tv[k]->name);
}

/* Carry out what a view asked for in env.req. */
static void
requests(struct app *a)
{
	struct view_req *r = &a->env.req;
	struct reviewloop_req *lr = &a->loop.req;
	size_t fdepth = a->fs.n;

	if (r->drill) {
		workset_push_rows(a, &r->drill_rows, r->drill_desc);
		r->drill = 0;
	}
	rowset_release(&r->drill_rows);
	if (r->push) {
		const char *name = r->push;

		r->push = NULL;
		if (app_push(a, name) == 0 && a->fs.n > fdepth) {
			top(a)->drilled = 1;
			top(a)->fdepth = fdepth;
		}
	}
	if (r->msg[0]) {
		app_msg(a, r->msg_level, "%s", r->msg);
		r->msg[0] = '\0';
	}
	if (lr->new_label && a->rv_open) {
		struct err e;

		/* a new class: nobody may be reading the classes */
		lr->new_label = 0;
		workset_quiesce(a);
		if (review_decide(&a->rv, lr->new_label_row, JOURNAL_NEW,
		    lr->new_label_text, NULL, &e) != 0)
			app_msg(a, VIEW_ERROR, "%s", e.msg);
		else
			lr->decided = 1;
		workset_changed(a);
	}
	if (lr->decided) {
		lr->decided = 0;
		session_decided(a);
	}
	if (lr->run_pico) {
		int show = lr->run_pico == 2;

		lr->run_pico = 0;
		session_run(a, show);
	}
	if (r->ask > 0) {
		char title[96];

		snprintf(title, sizeof title, "%s: ", r->ask_title);
		a->prompting = APP_PROMPT_ASK;
		a->ask_tag = r->ask;
		a->ask_serial = top(a) ? top(a)->serial : 0;
		prompt_open(&a->prompt, title, NULL,
		    &a->hist[APP_PROMPT_ASK], r->ask_columns ?
		    command_complete_column : r->ask_labels ?
		    command_complete_label : NULL, a);
		r->ask = 0;
	}
}

/* Send an action to the top view; returns its bits. */
static unsigned
view_act(struct app *a, enum action act)
{
	struct app_view *av = top(a);
	unsigned r;

	if (!av || !av->v->act)
		return 0;
	memset(&a->env.req, 0, sizeof a->env.req);
	memset(&a->loop.req, 0, sizeof a->loop.req);
	r = av->v->act(av->st, &a->env, act);
	if (r & VIEW_RECOMPUTE)
		av->replan = 1;
	requests(a);
	return r;
}

static void
open_prompt(struct app *a, enum app_prompt kind)
{
	char title[160];
	prompt_complete_fn *fn = NULL;

	switch (kind) {
	case APP_PROMPT_COMMAND:
		snprintf(title, sizeof title, ":");
		fn = command_complete;
		break;
	case APP_PROMPT_FILTER:
		if (!a->t || a->env.col < 0 || (size_t)a->env.col >=
		    a->t->ncols) {
			app_msg(a, VIEW_WARN, "no current column to filter");
			return;
		}
		a->filter_col = a->env.col;
		snprintf(title, sizeof title, "/%s: ",
		    a->t->col[a->env.col].name);
		break;
	case APP_PROMPT_FILTER_ALL:
		if (!a->t)
			return;
		snprintf(title, sizeof title, "g/ any text column: ");
		break;
	default:
		return;
	}
	a->prompting = kind;
	prompt_open(&a->prompt, title, NULL, &a->hist[kind], fn, a);
}

static void
prompt_done(struct app *a)
{
	enum app_prompt kind = a->prompting;
	char *line = xstrdup(prompt_text(&a->prompt));
	int i;

	a->prompting = APP_PROMPT_NONE;
	prompt_release(&a->prompt);
	switch (kind) {
	case APP_PROMPT_COMMAND:
		command_run(a, line);
		break;
	case APP_PROMPT_FILTER:
		if (line[0])
			workset_start_filter(a, a->filter_col, line);
		break;
	case APP_PROMPT_FILTER_ALL:
		if (line[0])
			workset_start_filter(a, -1, line);
		break;
	case APP_PROMPT_ASK:
		for (i = 0; i < a->depth; i++)
			if (a->stack[i].serial == a->ask_serial)
				break;
		if (i == a->depth - 1) {
			a->env.answer = line;
			a->env.answer_tag = a->ask_tag;
			view_act(a, ACT_ANSWER);
			a->env.answer = NULL;
		}
		break;
	default:
		break;
	}
	free(line);
}

static int
any_job(struct app *a)
{
	return jobs_running(&a->jobs) > 0;
}

static void
action(struct app *a, enum action act)
{
	static const char *const direct[] = {
		[ACT_VIEW_OVERVIEW] = "overview",
		[ACT_VIEW_TABLE] = "table",
		[ACT_VIEW_HISTOGRAM] = "histogram",
		[ACT_VIEW_CROSSTAB] = "crosstab",
		[ACT_VIEW_LABELS] = "labels",
	};
	unsigned r;

	/* while loading only cancelling means anything */
	if (!a->t) {
		if (act == ACT_BACK || act == ACT_CANCEL || act == ACT_QUIT) {
			if (a->load_job)
				jobs_cancel(a->load_job);
			a->quit = 1;
		} else if (act == ACT_HELP)
			a->help = 1;
		return;
	}
	switch (act) {
	case ACT_NONE:
		return;
	case ACT_HELP:
		a->help = !a->help;
		a->help_top = 0;
		return;
	case ACT_COMMAND:
	case ACT_FILTER:
	case ACT_FILTER_ALL:
		open_prompt(a, act == ACT_COMMAND ? APP_PROMPT_COMMAND :
		    act == ACT_FILTER ? APP_PROMPT_FILTER :
		    APP_PROMPT_FILTER_ALL);
		return;
	case ACT_FILTER_POP:
		command_run(a, "filter pop");
		return;
	case ACT_CANCEL:
		if (any_job(a)) {
			jobs_cancel_all(&a->jobs);
			app_msg(a, VIEW_INFO, "cancelling");
		} else
			app_msg(a, VIEW_INFO, "nothing to cancel");
		return;
	case ACT_REDRAW:
		if (a->be->repaint)
			a->be->repaint(a->be->ctx);
		if (top(a))
			top(a)->replan = 1;
		return;
	case ACT_QUIT:
		a->quit = 1;
		return;
	case ACT_RUN_PICO:
		session_run(a, 1);
		return;
	case ACT_RERUN:
		if (!a->pico_job && a->rv_open)
			app_msg(a, VIEW_INFO, "running PICO again with %llu "
			    "reviewed rows clamped", (unsigned long long)
			    a->rv.decided);
		session_run(a, 0);
		return;
	case ACT_PICO_FORM:
		if (!a->has_labels)
			app_msg(a, VIEW_WARN, "PICO needs a label column "
			    "(:label COL sets one)");
		else
			app_show(a, "picoform");
		return;
	case ACT_VIEW_FLAGGED:
		app_show(a, "flagged");
		return;
	case ACT_VIEW_REVIEW:
		/* the session opens with the first run (p), not here: looking
		 * creates no journal */
		app_show(a, "review");
		return;
	case ACT_NEXT_VIEW:
	case ACT_PREV_VIEW:
		cycle_view(a, act == ACT_NEXT_VIEW ? 1 : -1);
		return;
	case ACT_VIEW_OVERVIEW:
	case ACT_VIEW_TABLE:
	case ACT_VIEW_HISTOGRAM:
	case ACT_VIEW_CROSSTAB:
	case ACT_VIEW_LABELS:
		if (app_switch(a, direct[act]) < 0)
			app_msg(a, VIEW_WARN, "no %s view yet", direct[act]);
		return;
	case ACT_BACK:
		/* q while something runs stops it, and nothing else */
		if (any_job(a)) {
			jobs_cancel_all(&a->jobs);
			app_msg(a, VIEW_INFO, "cancelling");
			return;
		}
		break;
	default:
		break;
	}
	r = view_act(a, act);
	if ((act == ACT_BACK && !(r & VIEW_HANDLED)) || (r & VIEW_CLOSE))
		app_back(a);
}

static void
key(struct app *a, int k)
{
	enum action act;
	int pending, replay;

	if (a->prompting) {
		enum prompt_result pr;

		act = keymap_lookup_local("prompt", k);
		if (act == ACT_NONE) {
			if (k >= 0x20 && k < KEYS_BASE && k != KEYS_BS)
				prompt_insert(&a->prompt, k);
			return;
		}
		pr = prompt_act(&a->prompt, act);
		if (pr == PROMPT_ACCEPT)
			prompt_done(a);
		else if (pr == PROMPT_CANCEL) {
			a->prompting = APP_PROMPT_NONE;
			prompt_release(&a->prompt);
		}
		return;
	}
	if (a->help) {
		act = keymap_lookup("help", 0, k, &pending, &replay);
		if (act == ACT_HELP || act == ACT_BACK)
			a->help = 0;
		else if (act == ACT_QUIT)
			a->quit = 1;
		else
			help_act(a, act);
		return;
	}
	act = keymap_lookup(top(a) ? top(a)->v->name : NULL, a->pending, k,
	    &pending, &replay);
	a->pending = pending;
	if (pending)
		a->pending_time = app_now();
	if (act != ACT_NONE)
		action(a, act);
	if (replay && !a->quit)
		key(a, k);
}

void
app_show(struct app *a, const char *name)
{
	int i;

	/* already open: go back down to it */
	for (i = a->depth - 1; i > 0; i--)
		if (strcmp(a->stack[i].v->name, name) == 0)
			break;
	if (i > 0) {
		while (a->depth - 1 > i)
			app_back(a);
		return;
	}
	app_push(a, name);
}

/* Hand a finished job's result to whoever asked for it. */
static void
finished(struct app *a, struct job *j)
{
	int i;

	if (a->o.bench) {
		for (i = 0; i < a->nbench_job; i++)
			if (strcmp(a->bench_job[i].what, j->what) == 0)
				break;
		if (i == a->nbench_job && i < 16) {
			a->bench_job[i].what = j->what;
			a->nbench_job++;
		}
		if (i < 16) {
			a->bench_job[i].n++;
			a->bench_job[i].total += j->secs;
			if (j->secs > a->bench_job[i].max)
				a->bench_job[i].max = j->secs;
		}
	}

	switch (j->kind) {
	case APP_JOB_LOAD:
		workset_loaded(a, j);
		break;
	case APP_JOB_FILTER:
		workset_filter_done(a, j);
		break;
	case APP_JOB_PICO:
		session_done(a, j);
		break;
	case APP_JOB_VIEW:
		for (i = 0; i < a->depth; i++) {
			struct app_view *av = &a->stack[i];

			if (av->serial != j->owner || av->job != j)
				continue;
			av->job = NULL;
			if (av->v->adopt)
				av->v->adopt(av->st, &a->env, j->out, &j->err);
			else if (j->out && j->out_free)
				j->out_free(j->out);
			j->out = NULL;
			if (j->err.code == ERR_CANCEL)
				app_msg(a, VIEW_INFO, "%s cancelled%s",
				    j->what, listview_again);
			else if (j->err.code)
				app_msg(a, VIEW_ERROR, "%s", j->err.msg);
		}
		break;
	}
	jobs_free_job(j);
}

/* Results in, new models out. */
static void
pump(struct app *a)
{
	struct app_view *av;
	struct view_job vj;
	struct job *j;

	if ((j = a->pico_parked) != NULL) {
		a->pico_parked = NULL;
		finished(a, j);
	}
	while ((j = jobs_take(&a->jobs)) != NULL)
		finished(a, j);
	pthread_mutex_lock(&a->log_lock);
	if (a->log_pending) {
		app_msg(a, a->log_level, "%s", a->log_msg);
		a->log_pending = 0;
	}
	pthread_mutex_unlock(&a->log_lock);
	av = top(a);
	if (!av || !a->t || !av->v->plan)
		return;
	if (av->planned == a->env.gen && !av->replan)
		return;
	av->planned = a->env.gen;
	av->replan = 0;
	memset(&vj, 0, sizeof vj);
	if (!av->v->plan(av->st, &a->env, &vj))
		return;
	if (av->job)
		jobs_cancel(av->job);
	j = jobs_new(vj.what ? vj.what : av->v->name, APP_JOB_VIEW,
	    av->serial);
	j->run = vj.run;
	j->in = vj.in;
	j->in_free = vj.in_free;
	j->out_free = vj.out_free;
	av->job = j;
	jobs_start(&a->jobs, j);
}

static void
draw_small(struct app *a)
{
	char buf[96];
	int y = a->cv.h / 2;

	snprintf(buf, sizeof buf, "terminal too small (need %dx%d, have "
	    "%dx%d)", APP_MIN_W, APP_MIN_H, a->cv.w, a->cv.h);
	canvas_str(&a->cv, 0, y > 0 ? y - 1 : 0, a->cv.w, buf, ROLE_WARN,
	    CANVAS_BOLD);
	canvas_str(&a->cv, 0, y + 1, a->cv.w, "enlarge it, or press Q to "
	    "quit", ROLE_DIM, 0);
}

static void
draw(struct app *a)
{
	struct app_view *av = top(a);
	struct job *j;
	int w = a->cv.w, h = a->cv.h;

	canvas_clear(&a->cv);
	if (w < APP_MIN_W || h < APP_MIN_H) {
		draw_small(a);
		return;
	}
	a->env.view_w = w;
	a->env.view_h = h - 3;
	a->env.job_what = NULL;
	if ((j = a->load_job) != NULL) {
		a->env.job_what = atomic_load(&j->phase);
		a->env.job_done = atomic_load(&j->done);
		a->env.job_total = atomic_load(&j->total);
		a->env.job_secs = jobs_elapsed(j);
	}
	a->env.hints = a->hints;
	a->env.nhints = av ? keymap_hints(av->v->name, a->hints, sizeof a->hints
	    / sizeof *a->hints) : 0;
	if (av && av->v->draw)
		av->v->draw(av->st, &a->env, &a->cv, 0, 1, w, h - 3);
	status_draw(a);
	if (a->help)
		help_draw(a, 0, 1, w, h - 3);
}

static void
resize(struct app *a)
{
	int w = 0, h = 0;

	a->be->size(a->be->ctx, &w, &h);
	if (w != a->cv.w || h != a->cv.h)
		canvas_resize(&a->cv, w, h);
}

static void
bench_add(struct app *a, double ms)
{
	a->bench_ms = xgrow(a->bench_ms, &a->capbench, a->nbench + 1,
	    sizeof *a->bench_ms);
	a->bench_ms[a->nbench++] = ms;
}

int
app_run(struct app *a, struct backend *be)
{
	int k, timeout;

	a->be = be;
	a->env.utf8 = be->utf8;
	a->env.mono = be->mono;
	canvas_init(&a->cv, 0, 0, be->utf8);
	a->cv.mono = be->mono;
	resize(a);
	a->t_start = app_now();
	app_push(a, "loading");
	workset_start_load(a);
	if (a->o.bench) {
		/* the loading screen, as a terminal would show it first */
		draw(a);
		a->t_first = app_now();
	}
	while (!a->quit) {
		pump(a);
		while (be->headless && jobs_running(&a->jobs) > 0) {
			jobs_wait(&a->jobs);
			pump(a);
		}
		if (be->headless)
			pump(a);
		if (a->quit)
			break;
		draw(a);
		be->flush(be->ctx, &a->cv);
		/* while jobs run, wake often: progress repaints and results
		 * show as soon as they come (a finished job may already be
		 * waiting) */
		timeout = jobs_pending(&a->jobs) ? 30 : a->pending ? 250 :
		    a->msg[0] ? 1000 : -1;
		k = be->key(be->ctx, timeout);
		if (k == KEYS_EOF)
			break;
		if (k == KEYS_RESIZE) {
			resize(a);
			continue;
		}
		if (k == KEYS_NONE && a->pending &&
		    app_now() - a->pending_time > APP_SEQ_WAIT) {
			/* the first key of a sequence, alone for a while:
			 * it means what it means alone (g: top) */
			int first = a->pending, p2, r2;

			a->pending = 0;
			/* (first, 0) is the key's own binding */
			action(a, keymap_lookup(top(a) ? top(a)->v->name :
			    NULL, first, 0, &p2, &r2));
			continue;
		}
		if (k == KEYS_NONE) {
			/* messages fade after a while */
			if (a->msg[0] && app_now() - a->msg_time > 8)
				a->msg[0] = '\0';
			continue;
		}
		a->msg[0] = '\0';
		if (a->o.bench) {
			double t0 = app_now();

			key(a, k);
			pump(a);
			if (!a->quit)
				draw(a);
			bench_add(a, (app_now() - t0) * 1e3);
		} else
			key(a, k);
	}
	/* leave nothing running behind */
	jobs_cancel_all(&a->jobs);
	for (;;) {
		struct job *j;

		while ((j = jobs_take(&a->jobs)) != NULL)
			jobs_free_job(j);
		if (jobs_running(&a->jobs) == 0)
			break;
		jobs_wait(&a->jobs);
	}
	a->load_job = a->filter_job = a->pico_job = NULL;
	jobs_free_job(a->pico_parked);
	a->pico_parked = NULL;
	a->loop.pico_busy = 0;
	for (k = 0; k < a->depth; k++)
		a->stack[k].job = NULL;
	return a->status;
}

void
app_release(struct app *a)
{
	int i;

	jobs_release(&a->jobs);
	for (i = a->depth - 1; i >= 0; i--)
		view_close(a, &a->stack[i]);
	a->depth = 0;
	session_release(a);
	prompt_release(&a->prompt);
	for (i = 0; i < APP_NPROMPT; i++)
		prompt_hist_release(&a->hist[i]);
	if (a->fs_ready)
		filter_stack_release(&a->fs);
	rowset_release(&a->sample);
	if (a->has_labels)
		labels_release(&a->labels);
	table_free(a->t);
	canvas_release(&a->cv);
	free(a->bench_ms);
	pthread_mutex_destroy(&a->log_lock);
}
