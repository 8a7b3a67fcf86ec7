/*
 * app.c - the event loop.
 *
 * Each turn: take finished jobs and hand their results over; let the top
 * view plan a new model if the data changed; draw; wait for a key (with
 * a short timeout while jobs run, so progress repaints); map the key to
 * an action in the top view's context and dispatch it.  A headless back
 * end instead waits for every job before drawing, so its screens are the
 * same on every run.
 */
#include "tui/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/review/viewstate.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"
#include "tui/keymap.h"
#include "tui/backend/keys.h"
#include "tui/status.h"
#include "views/lib/listview.h"
#include "views/lib/rowtext.h"

void
app_init(struct app *a, const struct app_opts *o)
{
	struct workset_opts wo;

	memset(a, 0, sizeof *a);
	a->o = *o;
	memset(&wo, 0, sizeof wo);
	wo.data = &a->o.data;
	wo.label_set = o->label_set;
	wo.sample = o->sample;
	wo.memory = o->memory;
	msg_init(&a->msg);
	jobs_init(&a->jobs);
	a->env.path = o->data.path;
	a->env.col = -1;
	a->env.row = VIEW_NOROW;
	a->env.rx_col = -1;
	a->env.find_col = -1;
	a->env.threads = o->data.threads;
	collayout_init(&a->layout);
	a->env.layout = &a->layout;
	workset_init(&a->ws, &wo, &a->jobs, &a->msg, &a->env);
	session_init(&a->sess, &o->review, &a->ws, &a->jobs, &a->msg);
	viewstack_init(&a->vs, &a->env, &a->ws, &a->msg, &a->sess.loop);
	a->cmd.ws = &a->ws;
	a->cmd.s = &a->sess;
	a->cmd.vs = &a->vs;
	a->cmd.msg = &a->msg;
}

void
app_log_sink(void *ctx, enum log_level level, const char *msg)
{
	struct app *a = ctx;

	msg_log_sink(&a->msg, level, msg);
}

/* Close the top view; on the last one, quit. */
static void
back(struct app *a)
{
	/* nothing here is ever unsaved: the review loop journals every
	 * decision as it is made, so quitting needs no question */
	if (viewstack_back(&a->vs) < 0)
		a->quit = 1;
}

/* y, Y: text to the clipboard, never over the dataset or the journal. */
static void
copy_out(struct app *a, const char *what, const char *text, size_t n)
{
	struct outfile_keep keep[2];

	memset(keep, 0, sizeof keep);
	keep[0].path = a->o.data.path;
	keep[0].what = "the dataset";
	if (a->sess.rv_open) {
		keep[1].path = journal_path(a->sess.rv.j);
		keep[1].what = "the journal";
	}
	clip_copy(a->be, what, text, n, keep, 2, &a->msg);
}

/* Carry out what a view asked for in env.req and the review loop's. */
static void
requests(struct app *a)
{
	struct view_req *r = &a->env.req;
	struct viewstack_entry *top;
	size_t fdepth = a->ws.fs.n;

	if (r->drill) {
		workset_push_rows(&a->ws, &r->drill_rows, r->drill_desc);
		r->drill = 0;
	}
	rowset_release(&r->drill_rows);
	if (r->push) {
		const char *name = r->push;

		r->push = NULL;
		if (viewstack_push(&a->vs, name) == 0 && a->ws.fs.n > fdepth) {
			top = viewstack_top(&a->vs);
			top->drilled = 1;
			top->fdepth = fdepth;
		}
	}
	if (r->msg[0]) {
		msg_set(&a->msg, r->msg_level, "%s", r->msg);
		r->msg[0] = '\0';
	}
	if (r->copy_what) {
		copy_out(a, r->copy_what, r->copy, r->copy_len);
		free(r->copy);
		r->copy = NULL;
		r->copy_what = NULL;
	}
	session_requests(&a->sess);
	if (r->ask > 0) {
		char title[96];

		top = viewstack_top(&a->vs);
		snprintf(title, sizeof title, "%s: ", r->ask_title);
		a->prompting = APP_PROMPT_ASK;
		a->ask_tag = r->ask;
		a->ask_yn = r->ask_yesno;
		a->ask_serial = top ? top->serial : 0;
		prompt_open(&a->prompt, title, NULL,
		    &a->hist[APP_PROMPT_ASK], r->ask_columns ?
		    command_complete_column : r->ask_labels ?
		    command_complete_label : NULL, &a->cmd);
		r->ask = 0;
	}
}

/* Send an action to the top view; returns its bits. */
static unsigned
view_act(struct app *a, enum action act)
{
	struct viewstack_entry *av = viewstack_top(&a->vs);
	unsigned r;

	if (!av || !av->v->act)
		return 0;
	memset(&a->env.req, 0, sizeof a->env.req);
	r = av->v->act(av->st, &a->env, act);
	if (r & VIEW_RECOMPUTE)
		av->replan = 1;
	requests(a);
	return r;
}

static void
open_prompt(struct app *a, enum app_prompt kind)
{
	const struct table *t = a->ws.t;
	char title[160];
	prompt_complete_fn *fn = NULL;

	switch (kind) {
	case APP_PROMPT_COMMAND:
		snprintf(title, sizeof title, ":");
		fn = command_complete;
		break;
	case APP_PROMPT_FILTER:
	case APP_PROMPT_SEARCH:
		if (!t || a->env.col < 0 || (size_t)a->env.col >= t->ncols) {
			msg_set(&a->msg, VIEW_WARN, "no current column to %s",
			    kind == APP_PROMPT_FILTER ? "filter" : "search");
			return;
		}
		a->filter_col = a->env.col;
		snprintf(title, sizeof title, "%c%s: ", kind ==
		    APP_PROMPT_FILTER ? '|' : '/', t->col[a->env.col].name);
		break;
	case APP_PROMPT_FILTER_ALL:
	case APP_PROMPT_SEARCH_ALL:
		if (!t)
			return;
		snprintf(title, sizeof title, "g%c any text column: ", kind ==
		    APP_PROMPT_FILTER_ALL ? '|' : '/');
		break;
	default:
		return;
	}
	a->prompting = kind;
	prompt_open(&a->prompt, title, kind == APP_PROMPT_COMMAND ?
	    a->prompt_init : NULL, &a->hist[kind], fn, &a->cmd);
	a->prompt_init = NULL;
}

/*
 * n, N and the end of a search: the top view moves to the next match;
 * a view without rows of its own hands over to the Table.
 */
static void
find_next(struct app *a, enum action act)
{
	if (view_act(a, act) & VIEW_HANDLED)
		return;
	if (!a->env.find && !a->env.rx) {
		/* nothing to look for: no reason to leave this view */
		msg_set(&a->msg, VIEW_INFO, "no search yet: / searches the "
		    "current column");
		return;
	}
	viewstack_show(&a->vs, "table");
	view_act(a, act);
}

static void
command(struct app *a, const char *line)
{
	unsigned r = command_run(&a->cmd, line);

	if (r & COMMAND_QUIT)
		a->quit = 1;
	if (r & COMMAND_HELP)
		help_open(&a->help);
}

static void
prompt_done(struct app *a)
{
	enum app_prompt kind = a->prompting;
	char *line = xstrdup(prompt_text(&a->prompt));
	struct viewstack_entry *top = viewstack_top(&a->vs);

	a->prompting = APP_PROMPT_NONE;
	prompt_release(&a->prompt);
	switch (kind) {
	case APP_PROMPT_COMMAND:
		command(a, line);
		break;
	case APP_PROMPT_FILTER:
		if (line[0])
			workset_start_filter(&a->ws, a->filter_col, line);
		break;
	case APP_PROMPT_FILTER_ALL:
		if (line[0])
			workset_start_filter(&a->ws, -1, line);
		break;
	case APP_PROMPT_SEARCH:
	case APP_PROMPT_SEARCH_ALL:
		if (line[0] && workset_search(&a->ws, kind == APP_PROMPT_SEARCH ?
		    a->filter_col : -1, line) == 0)
			find_next(a, ACT_NEXT_MATCH);
		break;
	case APP_PROMPT_ASK:
		/* only the view that asked hears the answer */
		if (top && top->serial == a->ask_serial) {
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

/* y and Y in a view that leaves them to the focus (the Record): the
 * current row's cell in the current column, or the row. */
static void
copy_focus(struct app *a, enum action act)
{
	const struct table *t = a->ws.t;
	uint32_t row = a->env.row;
	size_t n;
	char *s;

	if (!t || row == VIEW_NOROW || row >= t->nrows)
		return;
	if (act == ACT_COPY_ROW)
		s = rowtext_record(t, row, &n);
	else if (a->env.col >= 0 && (size_t)a->env.col < t->ncols)
		s = rowtext_cell(t, (size_t)a->env.col, row, &n);
	else
		return;
	copy_out(a, act == ACT_COPY_ROW ? "row" : "cell", s, n);
	free(s);
}

static void
action(struct app *a, enum action act)
{
	const struct view *tops[32];
	size_t k;
	unsigned r;

	/* while loading only cancelling means anything (Esc never
	 * quits) */
	if (!a->ws.t) {
		if (act == ACT_BACK || act == ACT_CANCEL || act == ACT_QUIT) {
			jobs_cancel(a->ws.load_job);
			a->quit = 1;
		} else if (act == ACT_HELP)
			a->help.on = 1;
		else if (act == ACT_ESCAPE)
			msg_set(&a->msg, VIEW_INFO, "q stops loading and quits");
		return;
	}
	switch (act) {
	case ACT_NONE:
		return;
	case ACT_HELP:
		if (a->help.on)
			a->help.on = 0;
		else
			help_open(&a->help);
		return;
	case ACT_COMMAND:
	case ACT_FILTER:
	case ACT_FILTER_ALL:
	case ACT_SEARCH:
	case ACT_SEARCH_ALL:
		open_prompt(a, act == ACT_COMMAND ? APP_PROMPT_COMMAND :
		    act == ACT_FILTER ? APP_PROMPT_FILTER :
		    act == ACT_FILTER_ALL ? APP_PROMPT_FILTER_ALL :
		    act == ACT_SEARCH ? APP_PROMPT_SEARCH :
		    APP_PROMPT_SEARCH_ALL);
		return;
	case ACT_SAVE:
		/* the command, to be given its file */
		a->prompt_init = "save ";
		open_prompt(a, APP_PROMPT_COMMAND);
		return;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		find_next(a, act);
		return;
	case ACT_FILTER_POP:
		command(a, "filter pop");
		return;
	case ACT_CANCEL:
		if (any_job(a)) {
			jobs_cancel_all(&a->jobs);
			msg_set(&a->msg, VIEW_INFO, "cancelling");
		} else
			msg_set(&a->msg, VIEW_INFO, "nothing to cancel");
		return;
	case ACT_REDRAW:
		if (a->be->repaint)
			a->be->repaint(a->be->ctx);
		if (viewstack_top(&a->vs))
			viewstack_top(&a->vs)->replan = 1;
		return;
	case ACT_QUIT:
		a->quit = 1;
		return;
	case ACT_RUN_PICO:
		session_run(&a->sess, 1);
		return;
	case ACT_RERUN:
		session_rerun(&a->sess);
		return;
	case ACT_PICO_FORM:
		command(a, "pico options");
		return;
	case ACT_VIEW_FLAGGED:
		viewstack_show(&a->vs, "flagged");
		return;
	case ACT_VIEW_REVIEW:
		/* the session opens with the first run (p), not here: looking
		 * creates no journal */
		viewstack_show(&a->vs, "review");
		return;
	case ACT_NEXT_VIEW:
	case ACT_PREV_VIEW:
		viewstack_cycle(&a->vs, act == ACT_NEXT_VIEW ? 1 : -1);
		return;
	case ACT_VIEW_OVERVIEW:
	case ACT_VIEW_TABLE:
	case ACT_VIEW_HISTOGRAM:
	case ACT_VIEW_CROSSTAB:
	case ACT_VIEW_LABELS:
		/* the top-level views in the top bar's order */
		k = (size_t)(act - ACT_VIEW_OVERVIEW);
		if (k >= viewstack_tops(tops, 32) ||
		    viewstack_switch_top(&a->vs, tops[k]->name) < 0)
			msg_set(&a->msg, VIEW_WARN, "no view %zu yet", k + 1);
		return;
	case ACT_BACK:
		/* q while something runs stops it, and nothing else */
		if (any_job(a)) {
			jobs_cancel_all(&a->jobs);
			msg_set(&a->msg, VIEW_INFO, "cancelling");
			return;
		}
		break;
	case ACT_ESCAPE:
		/* back as q goes back (a view's own step first), but never
		 * out of the program and never stopping a job */
		r = view_act(a, ACT_BACK);
		if (r & VIEW_HANDLED)
			return;
		if (viewstack_back(&a->vs) < 0)
			msg_set(&a->msg, VIEW_INFO, "this is the first view: q "
			    "or :q quits");
		return;
	default:
		break;
	}
	r = view_act(a, act);
	if ((act == ACT_COPY_CELL || act == ACT_COPY_ROW) &&
	    !(r & VIEW_HANDLED))
		copy_focus(a, act);
	if ((act == ACT_BACK && !(r & VIEW_HANDLED)) || (r & VIEW_CLOSE))
		back(a);
}

/* A yes/no question: y or n answers at once, Esc and Ctrl-C say no; any
 * other key is ignored. */
static void
yes_no(struct app *a, int k)
{
	int yes = k == 'y' || k == 'Y';

	if (!yes && k != 'n' && k != 'N' && k != KEYS_ESC &&
	    k != KEYS_CTRL('c') && k != KEYS_CTRL('g'))
		return;
	a->ask_yn = 0;
	prompt_insert(&a->prompt, yes ? 'y' : 'n');
	prompt_done(a);
}

static void
key(struct app *a, int k)
{
	enum action act;
	int pending, replay;

	if (a->prompting == APP_PROMPT_ASK && a->ask_yn) {
		yes_no(a, k);
		return;
	}
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
	if (a->help.on) {
		act = keymap_lookup("help", 0, k, &pending, &replay);
		if (act == ACT_HELP || act == ACT_BACK)
			a->help.on = 0;
		else if (act == ACT_QUIT)
			a->quit = 1;
		else
			help_act(&a->help, act, a->cv.h - 7);
		return;
	}
	act = keymap_lookup(viewstack_keys(&a->vs), a->pending, k, &pending,
	    &replay);
	a->pending = pending;
	if (pending)
		a->pending_time = time_mono();
	if (act != ACT_NONE)
		action(a, act);
	if (replay && !a->quit)
		key(a, k);
}

/* Hand a model to the view whose job j was; a view that no longer waits
 * for it never sees it. */
static void
view_done(struct app *a, struct job *j)
{
	struct viewstack_entry *av;
	int i;

	for (i = 0; i < a->vs.depth; i++) {
		av = &a->vs.e[i];
		if (av->serial != j->owner || av->job != j)
			continue;
		av->job = NULL;
		if (j->dropped)
			break;	/* the data changed: planned again */
		if (j->out && a->bench.t_overview == 0 &&
		    strcmp(av->v->name, "overview") == 0)
			a->bench.t_overview = time_mono();
		if (av->v->adopt)
			av->v->adopt(av->st, &a->env, j->out, &j->err);
		else if (j->out && j->out_free)
			j->out_free(j->out);
		j->out = NULL;
		if (j->err.code == ERR_CANCEL)
			msg_set(&a->msg, VIEW_INFO, "%s cancelled%s", j->what,
			    listview_again);
		else if (j->err.code)
			msg_set(&a->msg, VIEW_ERROR, "%s", j->err.msg);
	}
}

/* The views a reopen may land on: the top-level ones and the review
 * loop's lists (not those a drill-down or a form opened). */
static int
landing(const struct view *v)
{
	return v->top > 0 || strcmp(v->name, "flagged") == 0 ||
	    strcmp(v->name, "review") == 0;
}

/* At the end of a review session: where it stood, beside its journal,
 * for the next reopen (a read-only session leaves the file alone). */
static void
remember(struct app *a)
{
	const struct table *t = a->ws.t;
	struct viewstate st;
	struct err e;
	char kb[24], *path;
	const char *key;
	size_t klen;
	int i;

	if (!a->sess.rv_open || a->sess.o.read_only || a->fatal[0] || !t)
		return;
	viewstate_init(&st);
	for (i = a->vs.depth - 1; i >= 0; i--)
		if (landing(a->vs.e[i].v)) {
			snprintf(st.view, sizeof st.view, "%s",
			    a->vs.e[i].v->name);
			break;
		}
	st.order = (int)a->sess.o.order;
	if (a->env.row != VIEW_NOROW && a->env.row < t->nrows) {
		key = table_key(t, a->env.row, kb, &klen);
		st.row = xstrndup(key, klen);
	}
	if (a->env.col >= 0 && (size_t)a->env.col < t->ncols)
		st.col = xstrdup(t->col[a->env.col].name);
	path = viewstate_path_for(journal_path(a->sess.rv.j));
	err_clear(&e);
	/* a convenience: failing to keep it costs the next reopen its
	 * place, nothing more */
	if (st.view[0])
		viewstate_write(path, &st, &e);
	free(path);
	viewstate_release(&st);
}

/* A reopen: back to the view, row and column of the last session and
 * its queue's order; 0 when nothing was remembered. */
static int
recall(struct app *a)
{
	const struct table *t = a->ws.t;
	const struct view *v;
	struct viewstate st;
	struct err e;
	char *path;
	int64_t row;
	int col, shown = 0;

	path = viewstate_path_for(journal_path(a->sess.rv.j));
	if (viewstate_read(path, &st, &e) != 0) {
		free(path);
		return 0;
	}
	free(path);
	if (st.order >= 0 && !a->sess.o.order_set)
		session_set_order(&a->sess, (enum review_order)st.order);
	if (st.row && (row = table_find_key(t, st.row, strlen(st.row))) >= 0)
		a->env.row = (uint32_t)row;
	if (st.col && (col = table_col_index(t, st.col)) >= 0)
		a->env.col = col;
	if ((v = view_find(st.view)) != NULL && landing(v)) {
		if (v->top > 0)
			viewstack_switch(&a->vs, v->name);
		else
			viewstack_push(&a->vs, v->name);
		shown = 1;
	}
	viewstate_release(&st);
	return shown;
}

/* The whole file is there: resume a review when it has a journal. */
static void
resume(struct app *a)
{
	struct err e;
	int r = session_resume(&a->sess, &e);

	if (r < 0) {
		snprintf(a->fatal, sizeof a->fatal, "%.200s: %.800s",
		    a->o.data.path, e.msg);
		a->status = e.code ? e.code : ERR_SOFTWARE;
		a->quit = 1;
	} else if (r > 0) {
		/* a Review shown for the reviewer, not asked for, holds its
		 * keys until Enter, so that no first key decides (it takes
		 * the flag as it opens; a later r is asked for) */
		a->sess.loop.review_hold = 1;
		if (!recall(a))
			viewstack_push(&a->vs, "review");
		a->sess.loop.review_hold = 0;
		/* the decisions since the cached result go into a fresh run;
		 * none since: the result is what a run would give */
		if (r == 1)
			session_run(&a->sess, 0);
		else
			msg_set(&a->msg, VIEW_INFO, "PICO's result is current "
			    "(no decision since): R runs it again");
	}
}

/* The data is loaded (or not): show it, and resume a review. */
static void
loaded(struct app *a, struct job *j)
{
	struct err e;

	if (workset_loaded(&a->ws, j, &e) < 0) {
		if (e.code) {
			snprintf(a->fatal, sizeof a->fatal, "%s", e.msg);
			a->status = e.code;
		}
		a->quit = 1;
		return;
	}
	if (viewstack_switch(&a->vs, "overview") < 0)
		viewstack_switch(&a->vs, "table");
	if (!a->ws.has_labels)
		msg_set(&a->msg, VIEW_WARN, "%s", a->ws.label_note);
	/* a journal's row keys are the whole file's: not the sample's */
	if (!a->ws.partial)
		resume(a);
}

/* The full pass after a sample is done. */
static void
full_done(struct app *a, struct job *j)
{
	/* the whole file replaces the sample: the views opened on it go */
	if (workset_full_loaded(j))
		while (viewstack_back(&a->vs) == 0)
			;
	if (workset_full_done(&a->ws, j) > 0)
		resume(a);
}

/* Hand a finished job's result to whoever asked for it. */
static void
finished(struct app *a, struct job *j)
{
	if (a->o.bench && !j->dropped)
		bench_job(&a->bench, j);
	switch (j->kind) {
	case JOB_LOAD:
		if (!j->dropped)
			loaded(a, j);
		break;
	case JOB_FULL:
		full_done(a, j);
		break;
	case JOB_FILTER:
		if (!j->dropped)
			workset_filter_done(&a->ws, j);
		break;
	case JOB_PICO:
		if (session_done(&a->sess, j))
			viewstack_show(&a->vs, "flagged");
		break;
	case JOB_VIEW:
		view_done(a, j);
		break;
	}
	jobs_free_job(j);
}

/* Results in, new models out. */
static void
pump(struct app *a)
{
	struct viewstack_entry *av;
	struct view_job vj;
	struct job *j;

	while ((j = jobs_take(&a->jobs)) != NULL)
		finished(a, j);
	msg_take_log(&a->msg);
	collayout_fit(&a->layout, a->ws.t);
	av = viewstack_top(&a->vs);
	if (!av || !a->ws.t || !av->v->plan)
		return;
	if (av->planned == a->env.gen && !av->replan)
		return;
	av->planned = a->env.gen;
	av->replan = 0;
	memset(&vj, 0, sizeof vj);
	if (!av->v->plan(av->st, &a->env, &vj))
		return;
	jobs_cancel(av->job);
	av->job = jobs_submit(&a->jobs, vj.what ? vj.what : av->v->name,
	    JOB_VIEW, av->serial, vj.run, vj.in, vj.in_free, vj.out_free);
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
	struct viewstack_entry *av = viewstack_top(&a->vs);
	struct status_src src;
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
	if ((j = a->ws.load_job) != NULL) {
		a->env.job_what = atomic_load(&j->phase);
		a->env.job_done = atomic_load(&j->done);
		a->env.job_total = atomic_load(&j->total);
		a->env.job_secs = jobs_elapsed(j);
	}
	a->env.hints = a->hints;
	a->env.nhints = av ? keymap_hints(viewstack_keys(&a->vs), a->hints,
	    sizeof a->hints / sizeof *a->hints) : 0;
	if (av && av->v->draw)
		av->v->draw(av->st, &a->env, &a->cv, 0, 1, w, h - 3);
	src.vs = &a->vs;
	src.ws = &a->ws;
	src.s = &a->sess;
	src.prompt = a->prompting ? &a->prompt : NULL;
	src.jobs = &a->jobs;
	src.msg = &a->msg;
	src.help = a->help.on;
	status_draw(&a->cv, &src);
	if (a->help.on)
		help_draw(&a->help, &a->cv, av ? av->v : NULL, 0, 1, w, h - 3);
}

static void
resize(struct app *a)
{
	int w = 0, h = 0;

	a->be->size(a->be->ctx, &w, &h);
	if (w != a->cv.w || h != a->cv.h)
		canvas_resize(&a->cv, w, h);
}

int
app_run(struct app *a, struct backend *be)
{
	struct job *j;
	int k, timeout;

	a->be = be;
	a->ws.headless = be->headless;
	a->env.utf8 = be->utf8;
	a->env.mono = be->mono;
	canvas_init(&a->cv, 0, 0, be->utf8);
	a->cv.mono = be->mono;
	resize(a);
	a->bench.t_start = time_mono();
	viewstack_push(&a->vs, "loading");
	workset_start_load(&a->ws);
	if (a->o.bench) {
		/* the loading screen, as a terminal would show it first */
		draw(a);
		a->bench.t_first = time_mono();
	}
	while (!a->quit) {
		pump(a);
		/* headless, keys wait for every job but a full pass, which
		 * may take minutes (a sample stands in meanwhile) */
		while (be->headless && jobs_running_except(&a->jobs,
		    1u << JOB_FULL) > 0) {
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
		    a->msg.text[0] ? 1000 : -1;
		k = be->key(be->ctx, timeout);
		if (k == KEYS_EOF)
			break;
		if (k == KEYS_RESIZE) {
			resize(a);
			continue;
		}
		if (k == KEYS_WAIT) {
			/* a key script waits for the full pass too */
			while (jobs_running(&a->jobs) > 0) {
				jobs_wait(&a->jobs);
				pump(a);
			}
			pump(a);
			continue;
		}
		if (k == KEYS_NONE && a->pending &&
		    time_mono() - a->pending_time > APP_SEQ_WAIT) {
			/* the first key of a sequence, alone for a while:
			 * it means what it means alone (g: top) */
			int first = a->pending, p2, r2;

			a->pending = 0;
			/* (first, 0) is the key's own binding */
			action(a, keymap_lookup(viewstack_keys(&a->vs), first,
			    0, &p2, &r2));
			continue;
		}
		if (k == KEYS_NONE) {
			/* messages fade after a while */
			if (a->msg.text[0] && time_mono() - a->msg.time > 8)
				a->msg.text[0] = '\0';
			continue;
		}
		a->msg.text[0] = '\0';
		if (a->o.bench) {
			double t0 = time_mono();

			key(a, k);
			pump(a);
			if (!a->quit)
				draw(a);
			bench_key(&a->bench, (time_mono() - t0) * 1e3);
		} else
			key(a, k);
	}
	/* leave nothing running behind */
	jobs_cancel_all(&a->jobs);
	for (;;) {
		while ((j = jobs_take(&a->jobs)) != NULL)
			jobs_free_job(j);
		if (jobs_running(&a->jobs) == 0)
			break;
		jobs_wait(&a->jobs);
	}
	a->ws.load_job = a->ws.filter_job = a->ws.full_job = NULL;
	a->sess.job = NULL;
	a->bench.on_sample = a->ws.partial || a->ws.streamed;
	a->sess.loop.pico_busy = 0;
	for (k = 0; k < a->vs.depth; k++)
		a->vs.e[k].job = NULL;
	return a->status;
}

void
app_release(struct app *a)
{
	int i;

	remember(a);
	jobs_release(&a->jobs);
	viewstack_release(&a->vs);
	session_release(&a->sess);
	prompt_release(&a->prompt);
	for (i = 0; i < APP_NPROMPT; i++)
		prompt_list_release(&a->hist[i]);
	workset_release(&a->ws);
	collayout_release(&a->layout);
	canvas_release(&a->cv);
	bench_release(&a->bench);
	msg_release(&a->msg);
}
