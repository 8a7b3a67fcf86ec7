/*
 * input.c - the keys and what they do in the workbench.
 *
 * A key goes, in order, to a yes/no question (y or n alone), to an open
 * prompt (the line editor), to the help overlay, else through the top
 * view's key table (two-key sequences wait for their second key) to an
 * action.  An action is the workbench's own (prompts, views, PICO, jobs,
 * quitting) or goes to the top view, whose requests (a view to push, rows
 * to drill into, a message, text to copy, a question) are carried out
 * after it returns.  While the data loads only cancelling, help and
 * quitting mean anything.
 */
#include "tui/app/app-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/time.h"
#include "core/util/xalloc.h"
#include "tui/keymap.h"
#include "tui/backend/keys.h"
#include "views/lib/rowtext.h"

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

void
input_action(struct app *a, enum action act)
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

void
input_key(struct app *a, int k)
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
		input_action(a, act);
	if (replay && !a->quit)
		input_key(a, k);
}
