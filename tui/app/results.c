/*
 * results.c - finished jobs handed to whoever asked for them, and the
 * top view's next model planned.
 *
 * The load shows the data (the Overview) and resumes a review when the
 * file has a journal; the full pass after a sample replaces the sample
 * and resumes then; a filter's rows, PICO's result and a view's model
 * go to the workset, the session and the view that still waits for
 * them (a view that does not never sees it).  Then the top view plans
 * a new model when the data changed or it asked to, in a job of its
 * own.
 */
#include "tui/app/app-internal.h"

#include <stdio.h>
#include <string.h>

#include "core/util/time.h"
#include "views/lib/listview.h"

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
	} else if (r == 3) {
		/* a sharded run's result: its flagged rows, no run */
		viewstack_show(&a->vs, "flagged");
	} else if (r > 0) {
		/* a Review shown for the reviewer, not asked for, holds its
		 * keys until Enter, so that no first key decides (it takes
		 * the flag as it opens; a later r is asked for) */
		a->sess.loop.review_hold = 1;
		if (!reopen_recall(a))
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
	else if (a->o.review.flags)
		msg_set(&a->msg, VIEW_WARN, "%s: the flags are reviewed "
		    "against the whole file, %s", a->o.review.flags,
		    a->ws.full_job ? "which is still loading" : "which is too "
		    "big to load within --memory");
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

void
results_pump(struct app *a)
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
