/*
 * app.c - the event loop.
 *
 * Each turn: take finished jobs and hand their results over; let the top
 * view plan a new model if the data changed; draw; wait for a key (with
 * a short timeout while jobs run, so progress repaints); map the key to
 * an action in the top view's context and dispatch it.  A headless back
 * end instead waits for every job before drawing, so its screens are the
 * same on every run.
 *
 * This file is the loop itself, the drawing of each turn, and the
 * workbench's start and end.  The keys, the results and the place a
 * reopen goes back to are parts of their own in tui/app/
 * (app-internal.h lists them).
 */
#include "tui/app.h"

#include <stdio.h>
#include <string.h>

#include "core/util/time.h"
#include "tui/app/app-internal.h"
#include "tui/keymap.h"
#include "tui/backend/keys.h"
#include "tui/status.h"

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
		results_pump(a);
		/* headless, keys wait for every job but a full pass, which
		 * may take minutes (a sample stands in meanwhile) */
		while (be->headless && jobs_running_except(&a->jobs,
		    1u << JOB_FULL) > 0) {
			jobs_wait(&a->jobs);
			results_pump(a);
		}
		if (be->headless)
			results_pump(a);
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
				results_pump(a);
			}
			results_pump(a);
			continue;
		}
		if (k == KEYS_NONE && a->pending &&
		    time_mono() - a->pending_time > APP_SEQ_WAIT) {
			/* the first key of a sequence, alone for a while:
			 * it means what it means alone (g: top) */
			int first = a->pending, p2, r2;

			a->pending = 0;
			/* (first, 0) is the key's own binding */
			input_action(a, keymap_lookup(viewstack_keys(&a->vs),
			    first, 0, &p2, &r2));
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

			input_key(a, k);
			results_pump(a);
			if (!a->quit)
				draw(a);
			bench_key(&a->bench, (time_mono() - t0) * 1e3);
		} else
			input_key(a, k);
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

	reopen_remember(a);
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
