/*
 * session.c - the review loop of the workbench: the review session (its
 * journal), PICO runs in the background, the cached result beside the
 * journal, re-runs as decisions come in, resuming on start, and :w.
 *
 * A PICO job reads only the table (never changed after loading) and a
 * snapshot of the labels and clamps taken when it starts, so it survives
 * filters, samples and decisions (workset_quiesce leaves it running); it
 * is cancelled only by the user (Ctrl-C, q), a change of label column,
 * or the end.  Its result replaces the previous one whole, on the UI
 * thread: review_set_result re-ranks the queue keeping the reviewer's
 * current row in front.
 */
#include "tui/app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/review/export.h"
#include "core/data/fingerprint.h"
#include "core/pico/picocache.h"
#include "core/pico/picorun.h"
#include "core/util/xalloc.h"

void
session_init(struct app *a)
{
	picorun_opts_init(&a->popts);
	a->popts.oof.threads = a->o.data.threads;
	a->env.pico_opts = &a->popts;
	a->env.review_row = VIEW_NOROW;
}

static void
drop_result(struct app *a)
{
	if (a->res) {
		pico_result_release(a->res);
		free(a->res);
		a->res = NULL;
	}
	a->env.pico = NULL;
	a->env.pico_gen++;
}

void
session_close(struct app *a)
{
	if (a->pico_job) {
		jobs_cancel(a->pico_job);
		a->pico_job = NULL;	/* comes back and is dropped */
	}
	if (a->pico_parked) {
		jobs_free_job(a->pico_parked);
		a->pico_parked = NULL;
	}
	if (a->rv_open) {
		review_close(&a->rv);
		a->rv_open = 0;
	}
	a->env.review = NULL;
	a->env.pico_busy = 0;
	drop_result(a);
}

void
session_release(struct app *a)
{
	session_close(a);
}

static char *
journal_file(const struct app *a)
{
	return a->o.journal ? xstrdup(a->o.journal) :
	    journal_path_for(a->o.data.path);
}

/* Open the session; returns 0, or the error's code with e filled. */
static int
open_session(struct app *a, struct err *e)
{
	struct review_opts o;
	int rc;

	if (a->rv_open)
		return 0;
	if (!a->has_labels)
		return err_set(e, ERR_USAGE, "no label column to review "
		    "(:label COL sets one)");
	review_opts_init(&o);
	o.journal_path = a->o.journal;
	o.reviewer = a->o.reviewer;
	o.force = a->o.force;
	o.order = a->o.order;
	/* replaying may add classes: no job may be reading them */
	workset_quiesce(a);
	rc = review_open(&a->rv, a->t, &a->labels, &o, e);
	if (rc == 0) {
		a->rv_open = 1;
		a->env.review = &a->rv;
	}
	workset_changed(a);
	return rc == 0 ? 0 : e->code ? e->code : ERR_SOFTWARE;
}

int
session_open(struct app *a)
{
	struct err e;

	err_clear(&e);
	if (open_session(a, &e) != 0) {
		app_msg(a, VIEW_ERROR, "%s", e.msg);
		return -1;
	}
	return 0;
}

/* Take res as the latest result. */
static void
adopt(struct app *a, struct pico_result *res)
{
	struct pico_result *old = a->res;

	a->res = res;
	a->env.pico = res;
	a->env.pico_gen++;
	if (a->rv_open) {
		review_set_result(&a->rv, res);
		if (a->pico_resume) {
			review_resume(&a->rv);
			a->pico_resume = 0;
		}
	}
	if (old) {
		pico_result_release(old);
		free(old);
	}
}

/* ---- the background run ------------------------------------------- */

struct run_in {
	const struct table *t;
	struct labels L;		/* snapshot: y (dropped rows: none),
					 * k, col, count; no names */
	uint32_t *clamp;
	struct picorun_opts o;
	char *cache;			/* where to keep the result, or NULL */
	char *label_col;
	char **names;			/* [L.k] copies */
};

static void
run_in_free(void *p)
{
	struct run_in *in = p;
	uint32_t c;

	if (!in)
		return;
	free(in->L.y);
	free(in->L.count);
	free(in->clamp);
	free(in->cache);
	free(in->label_col);
	for (c = 0; c < in->L.k; c++)
		free(in->names[c]);
	free(in->names);
	free(in);
}

static void
run_out_free(void *p)
{
	pico_result_release(p);
	free(p);
}

static void *
run_fn(void *arg, const struct progress *p, struct err *e)
{
	struct run_in *in = arg;
	struct pico_result *r = xcalloc(1, sizeof *r);
	struct fingerprint fp;
	struct err ce;

	in->o.progress = p;
	if (picorun(in->t, &in->L, in->clamp, &in->o, r, e) != 0) {
		free(r);
		return NULL;
	}
	/* the cache is a convenience: failing to keep it costs a rerun */
	progress_step(p, "keeping the result", 0, 1);
	if (in->cache && fingerprint_file(in->t->path, &fp, &ce) == 0)
		picocache_write(in->cache, &fp, in->label_col,
		    (const char *const *)in->names, r, &ce);
	return r;
}

void
session_run(struct app *a, int show)
{
	struct run_in *in;
	struct job *j;
	uint32_t i, n, *given;
	const struct labels *L = &a->labels;

	if (a->partial) {
		/* a sample of byte ranges has no stable row keys for the
		 * journal */
		app_msg(a, VIEW_WARN, "PICO needs the whole file: %s",
		    a->full_job ? "the full pass is under way" : "it is too "
		    "big to load within the memory planned for");
		return;
	}

	if (!a->t)
		return;
	if (!a->has_labels) {
		app_msg(a, VIEW_WARN, "PICO needs a label column (:label COL "
		    "sets one)");
		return;
	}
	if (session_open(a) < 0)
		return;
	if (a->pico_job) {
		a->pico_show |= show;
		app_msg(a, VIEW_INFO, "PICO is running already");
		return;
	}
	n = a->rv.n;
	in = xcalloc(1, sizeof *in);
	in->t = a->t;
	in->L.col = L->col;
	in->L.k = L->k;
	in->L.nrows = L->nrows;
	given = xmalloc(((size_t)n + 1) * sizeof *given);
	in->clamp = xmalloc(((size_t)n + 1) * sizeof *in->clamp);
	review_run_inputs(&a->rv, given, in->clamp);
	in->L.y = given;
	in->L.count = xcalloc((size_t)L->k + 1, sizeof *in->L.count);
	for (i = 0; i < n; i++) {
		if (given[i] < L->k)
			in->L.count[given[i]]++;
		else
			in->L.nmissing++;
	}
	in->o = a->popts;
	in->o.oof.threads = a->o.data.threads;
	in->o.probs = NULL;
	in->cache = picocache_path_for(journal_path(a->rv.j));
	in->label_col = xstrdup(a->t->col[L->col].name);
	in->names = xcalloc((size_t)L->k + 1, sizeof *in->names);
	for (i = 0; i < L->k; i++)
		in->names[i] = xstrdup(L->name[i]);
	j = jobs_new(a->popts.method == PICORUN_CL ? "confident learning" :
	    "PICO", APP_JOB_PICO, 0);
	j->run = run_fn;
	j->in = in;
	j->in_free = run_in_free;
	j->out_free = run_out_free;
	a->pico_job = j;
	a->pico_show = show;
	a->rerun_mark = a->rv.session_decisions;
	a->env.pico_busy = 1;
	jobs_start(&a->jobs, j);
}

void
session_done(struct app *a, struct job *j)
{
	struct pico_result *r = j->out;
	char n1[32];

	if (j != a->pico_job)
		return;			/* cancelled and replaced */
	a->pico_job = NULL;
	a->env.pico_busy = 0;
	if (!r) {
		if (j->err.code == ERR_CANCEL)
			app_msg(a, VIEW_INFO, "%s cancelled", j->what);
		else
			app_msg(a, VIEW_ERROR, "%s", j->err.msg);
		a->pico_show = 0;
		return;
	}
	j->out = NULL;
	adopt(a, r);
	if (!r->skill.predictive)
		app_msg(a, VIEW_WARN, "%s: nothing flagged: %s", j->what,
		    PICORUN_UNPREDICTABLE);
	else if (a->be->headless)
		app_msg(a, VIEW_INFO, "%s: %s rows flagged, %.1f wrong labels "
		    "expected", j->what, canvas_fmt_count(r->nflagged, n1),
		    r->expected);
	else
		app_msg(a, VIEW_INFO, "%s: %s rows flagged, %.1f wrong labels "
		    "expected (%.1f s)", j->what, canvas_fmt_count(r->nflagged,
		    n1), r->expected, j->secs);
	if (a->pico_show)
		app_show(a, "flagged");
	a->pico_show = 0;
}

void
session_decided(struct app *a)
{
	if (!a->rv_open || a->o.rerun_every <= 0 || a->pico_job || !a->res)
		return;
	if (a->rv.session_decisions >= a->rerun_mark +
	    (uint32_t)a->o.rerun_every)
		session_run(a, 0);
}

void
session_startup(struct app *a)
{
	struct pico_result *r;
	struct fingerprint fp;
	struct err e;
	char *path, *cache;
	int rc;

	if (!a->has_labels)
		return;
	path = journal_file(a);
	rc = access(path, F_OK);
	free(path);
	if (rc != 0)
		return;
	err_clear(&e);
	if ((rc = open_session(a, &e)) != 0) {
		snprintf(a->fatal, sizeof a->fatal, "%.200s: %.800s", a->o.data.path,
		    e.msg);
		a->status = rc;
		a->quit = 1;
		return;
	}
	a->pico_resume = 1;
	cache = picocache_path_for(journal_path(a->rv.j));
	r = xcalloc(1, sizeof *r);
	if (fingerprint_file(a->t->path, &fp, &e) == 0 &&
	    picocache_read(cache, &fp, a->t, &a->labels, r, &e) == 0) {
		adopt(a, r);
	} else {
		free(r);
		if (e.code == ERR_DATA)
			app_msg(a, VIEW_WARN, "%s (computing again)", e.msg);
	}
	free(cache);
	app_push(a, "review");
	/* the decisions so far go into a fresh run */
	session_run(a, 0);
}

/* ---- :w ----------------------------------------------------------- */

void
session_write(struct app *a, const char *path, int force)
{
	struct export_opts xo;
	struct export_stats st;
	struct err e;
	char n1[32], n2[32];

	if (!a->has_labels) {
		app_msg(a, VIEW_ERROR, ":w needs a label column (:label COL)");
		return;
	}
	if (strcmp(a->o.data.path, "-") == 0) {
		app_msg(a, VIEW_ERROR, ":w re-reads the input file, and "
		    "standard input cannot be read again");
		return;
	}
	if (session_open(a) < 0)
		return;
	export_opts_init(&xo);
	xo.label_col = a->labels.col;
	xo.ragged = a->o.data.ragged;
	xo.force = force;
	err_clear(&e);
	if (export_write(a->t, a->rv.j, path, &xo, &st, &e) != 0) {
		/* the command line's advice, in the workbench's words */
		char *hint = strstr(e.msg, " (use --force to replace it)");

		if (hint)
			*hint = '\0';
		app_msg(a, VIEW_ERROR, "%s%s", e.msg, hint ?
		    " (:w! replaces it)" : "");
		return;
	}
	app_msg(a, VIEW_INFO, "wrote %s: %s rows, %s relabelled, %llu "
	    "dropped", path, canvas_fmt_count(st.written, n1),
	    canvas_fmt_count(st.relabelled, n2),
	    (unsigned long long)st.dropped);
}

/* ---- the status line ---------------------------------------------- */

void
session_status(struct app *a, char *buf, size_t size)
{
	char n1[32], n2[32], rate[32];

	buf[0] = '\0';
	if (!a->rv_open || !a->res)
		return;
	/* headless screens must not depend on timing */
	if (a->be->headless)
		snprintf(rate, sizeof rate, "-");
	else
		snprintf(rate, sizeof rate, "%.1f", review_rate(&a->rv));
	snprintf(buf, size, "reviewed %s of %s flagged, ~%.0f left, %s/min",
	    canvas_fmt_count(a->rv.decided, n1),
	    canvas_fmt_count(a->res->nflagged, n2), review_remaining(&a->rv),
	    rate);
}
