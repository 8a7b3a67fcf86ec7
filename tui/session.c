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
 *
 * A sharded run's result (--flags) comes from its file instead, once:
 * PICO never runs in such a session (the data it scored may be far
 * bigger than this machine's share), so p and R say where the result
 * came from and how to score again, and no re-run follows decisions.
 *
 * Invariants: loop.review is &rv exactly while rv_open; loop.pico is
 * res; loop.pico_busy says whether job (the one run whose result will be
 * taken) is set.
 */
#include "tui/session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/review/export.h"
#include "core/data/fingerprint.h"
#include "core/pico/picocache.h"
#include "core/pico/picorun.h"
#include "core/pico/shard/flagsin.h"
#include "core/util/xalloc.h"

static void
check(const struct session *s)
{
	if (s->loop.review != (s->rv_open ? &s->rv : NULL) ||
	    s->loop.pico != s->res || s->loop.pico_busy != (s->job != NULL))
		BUG("review session: open %d, result %p, run %p", s->rv_open,
		    (const void *)s->res, (const void *)s->job);
}

void
session_init(struct session *s, const struct session_opts *o,
    struct workset *ws, struct jobs *jobs, struct msg *msg)
{
	memset(s, 0, sizeof *s);
	s->o = *o;
	s->ws = ws;
	s->jobs = jobs;
	s->msg = msg;
	picorun_opts_init(&s->popts);
	s->popts.oof.threads = ws->o.data->threads;
	s->loop.opts = &s->popts;
	s->loop.review_row = VIEW_NOROW;
}

static void
drop_result(struct session *s)
{
	if (s->res) {
		pico_result_release(s->res);
		free(s->res);
		s->res = NULL;
	}
	s->loop.pico = NULL;
	s->loop.pico_gen++;
}

void
session_close(struct session *s)
{
	if (s->job) {
		jobs_cancel(s->job);
		s->job = NULL;		/* comes back and is dropped */
	}
	if (s->rv_open) {
		review_close(&s->rv);
		s->rv_open = 0;
	}
	s->loop.review = NULL;
	s->loop.pico_busy = 0;
	drop_result(s);
	check(s);
}

void
session_release(struct session *s)
{
	session_close(s);
}

static char *
journal_file(const struct session *s)
{
	return s->o.journal ? xstrdup(s->o.journal) :
	    journal_path_for(s->ws->o.data->path);
}

/* Open the session; returns 0, or the error's code with e filled. */
static int
open_session(struct session *s, struct err *e)
{
	struct workset *ws = s->ws;
	struct review_opts o;
	int rc;

	if (s->rv_open)
		return 0;
	if (!ws->has_labels)
		return err_set(e, ERR_USAGE, "no label column to review "
		    "(:label COL sets one)");
	review_opts_init(&o);
	o.journal_path = s->o.journal;
	o.reviewer = s->o.reviewer;
	o.force = s->o.force;
	o.order = s->o.order;
	o.read_only = s->o.read_only;
	/* replaying may add classes: no job may be reading them */
	workset_quiesce(ws);
	rc = review_open(&s->rv, ws->t, &ws->labels, &o, e);
	if (rc != 0 && o.read_only && e->code == ERR_NOINPUT) {
		/* nothing to browse, and nothing may be made */
		char why[sizeof e->msg];

		snprintf(why, sizeof why, "%s", e->msg);
		err_set(e, ERR_NOINPUT, "read-only: PICO and the review need "
		    "a journal, and none is made (%.200s)", why);
	} else if (rc != 0 && strstr(e->msg, "in use by another winnow")) {
		size_t n = strlen(e->msg);

		/* say the way in that remains */
		snprintf(e->msg + n, sizeof e->msg - n, "; --read-only "
		    "browses it");
	}
	if (rc == 0) {
		s->rv_open = 1;
		s->loop.review = &s->rv;
	}
	workset_changed(ws);
	check(s);
	return rc == 0 ? 0 : e->code ? e->code : ERR_SOFTWARE;
}

int
session_open(struct session *s)
{
	struct err e;

	err_clear(&e);
	if (open_session(s, &e) != 0) {
		msg_set(s->msg, VIEW_ERROR, "%s", e.msg);
		return -1;
	}
	return 0;
}

/* Take res as the latest result. */
static void
adopt(struct session *s, struct pico_result *res)
{
	struct pico_result *old = s->res;

	s->res = res;
	s->loop.pico = res;
	s->loop.pico_gen++;
	if (s->rv_open) {
		review_set_result(&s->rv, res);
		if (s->resume) {
			review_resume(&s->rv);
			s->resume = 0;
		}
	}
	if (old) {
		pico_result_release(old);
		free(old);
	}
	check(s);
}

/* ---- the background run ------------------------------------------- */

struct run_in {
	const struct table *t;
	struct labels L;		/* snapshot: y (dropped rows: none),
					 * k, col, count; no names */
	uint32_t *clamp;
	struct picorun_opts o;
	char *cache;			/* where to keep the result, or NULL */
	uint64_t key;			/* of the inputs (picocache_key) */
	char *label_col;
	char **names;			/* [L.k] copies */
};

static void
run_in_free(void *p)
{
	struct run_in *in = p;

	if (!in)
		return;
	FREE_ALL(in->L.y, in->L.count, in->clamp, in->cache, in->label_col);
	xfree_strv(in->names, in->L.k);
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
		picocache_write(in->cache, &fp, in->key, in->label_col,
		    (const char *const *)in->names, r, &ce);
	return r;
}

/* The options of the next run. */
static void
run_opts(const struct session *s, struct picorun_opts *o)
{
	*o = s->popts;
	o->oof.threads = s->ws->o.data->threads;
	o->probs = NULL;
}

/* The key of what the next run would be given (the session is open). */
static uint64_t
inputs_key(const struct session *s)
{
	struct picorun_opts o;
	uint32_t n = s->rv.n, *given, *clamp;
	uint64_t k;

	given = xmalloc(((size_t)n + 1) * sizeof *given);
	clamp = xmalloc(((size_t)n + 1) * sizeof *clamp);
	review_run_inputs(&s->rv, given, clamp);
	run_opts(s, &o);
	k = picocache_key(&o, given, clamp, n);
	free(given);
	free(clamp);
	return k;
}

void
session_run(struct session *s, int show)
{
	struct workset *ws = s->ws;
	const struct labels *L = &ws->labels;
	struct run_in *in;
	uint32_t i, n, *given;

	if (s->o.flags) {
		msg_set(s->msg, VIEW_WARN, "the result came from a sharded "
		    "run (%s): PICO does not run here; score the parts again "
		    "(docs/cluster.md) and open the new flags", s->o.flags);
		return;
	}
	if (ws->partial) {
		/* a sample of byte ranges has no stable row keys for the
		 * journal */
		msg_set(s->msg, VIEW_WARN, "PICO needs the whole file: %s",
		    ws->full_job ? "the full pass is under way" : "it is too "
		    "big to load within the memory planned for");
		return;
	}
	if (!ws->t)
		return;
	if (!ws->has_labels) {
		msg_set(s->msg, VIEW_WARN, "PICO needs a label column (:label "
		    "COL sets one)");
		return;
	}
	if (session_open(s) < 0)
		return;
	if (s->job) {
		s->show |= show;
		msg_set(s->msg, VIEW_INFO, "%s is running already: its result "
		    "shows when it is done (Ctrl-C cancels it)", s->job->what);
		return;
	}
	n = s->rv.n;
	in = xcalloc(1, sizeof *in);
	in->t = ws->t;
	in->L.col = L->col;
	in->L.k = L->k;
	in->L.nrows = L->nrows;
	given = xmalloc(((size_t)n + 1) * sizeof *given);
	in->clamp = xmalloc(((size_t)n + 1) * sizeof *in->clamp);
	review_run_inputs(&s->rv, given, in->clamp);
	in->L.y = given;
	in->L.count = xcalloc((size_t)L->k + 1, sizeof *in->L.count);
	for (i = 0; i < n; i++) {
		if (given[i] < L->k)
			in->L.count[given[i]]++;
		else
			in->L.nmissing++;
	}
	run_opts(s, &in->o);
	in->key = picocache_key(&in->o, given, in->clamp, n);
	/* read-only: the cache beside the journal is the other winnow's */
	in->cache = s->o.read_only ? NULL :
	    picocache_path_for(journal_path(s->rv.j));
	in->label_col = xstrdup(ws->t->col[L->col].name);
	in->names = xcalloc((size_t)L->k + 1, sizeof *in->names);
	for (i = 0; i < L->k; i++)
		in->names[i] = xstrdup(L->name[i]);
	s->show = show;
	s->rerun_mark = s->rv.session_decisions;
	s->loop.pico_busy = 1;
	s->job = jobs_submit(s->jobs, s->popts.method == PICORUN_CL ?
	    "confident learning" : "PICO", JOB_PICO, 0, run_fn, in,
	    run_in_free, run_out_free);
	check(s);
}

void
session_rerun(struct session *s)
{
	if (!s->job && s->rv_open)
		msg_set(s->msg, VIEW_INFO, "running PICO again with %llu "
		    "reviewed rows clamped", (unsigned long long)s->rv.decided);
	session_run(s, 0);
}

int
session_done(struct session *s, struct job *j)
{
	struct pico_result *r = j->out;
	int show = s->show;
	char n1[32];

	if (j != s->job)
		return 0;		/* cancelled and replaced */
	s->job = NULL;
	s->loop.pico_busy = 0;
	s->show = 0;
	if (msg_job_failed(s->msg, j))
		return 0;
	j->out = NULL;
	adopt(s, r);
	if (!r->skill.predictive)
		msg_set(s->msg, VIEW_WARN, "%s: nothing flagged: %s", j->what,
		    picorun_warning(r));
	else if (s->ws->headless)
		msg_set(s->msg, VIEW_INFO, "%s: %s rows flagged, %.1f wrong "
		    "labels expected", j->what, canvas_fmt_count(r->nflagged,
		    n1), r->expected);
	else
		msg_set(s->msg, VIEW_INFO, "%s: %s rows flagged, %.1f wrong "
		    "labels expected (%.1f s)", j->what, canvas_fmt_count(
		    r->nflagged, n1), r->expected, j->secs);
	return show;
}

void
session_decided(struct session *s)
{
	if (!s->rv_open || s->o.rerun_every <= 0 || s->job || !s->res ||
	    s->o.flags)
		return;
	if (s->rv.session_decisions >= s->rerun_mark +
	    (uint32_t)s->o.rerun_every)
		session_run(s, 0);
}

void
session_requests(struct session *s)
{
	struct reviewloop_req *r = &s->loop.req;
	struct err e;

	check(s);
	if (r->new_label && s->rv_open) {
		/* a new class: nobody may be reading the classes */
		workset_quiesce(s->ws);
		if (review_decide(&s->rv, r->new_label_row, JOURNAL_NEW,
		    r->new_label_text, NULL, &e) != 0)
			msg_set(s->msg, VIEW_ERROR, "%s", e.msg);
		else
			r->decided = 1;
		workset_changed(s->ws);
	}
	if (r->decided)
		session_decided(s);
	if (r->run_pico)
		session_run(s, r->run_pico == 2);
	memset(r, 0, sizeof *r);
}

void
session_set_order(struct session *s, enum review_order o)
{
	s->o.order = o;
	if (s->rv_open)
		review_set_order(&s->rv, o);
}

/* session_resume with --flags: the result is the file's. */
static int
resume_flags(struct session *s, struct err *e)
{
	struct workset *ws = s->ws;
	struct pico_result *r;
	char *path;
	char n1[32];

	if (!ws->has_labels)
		return err_set(e, ERR_USAGE, "--flags needs a label column "
		    "(--label COL)");
	path = journal_file(s);
	s->resume = access(path, F_OK) == 0;
	free(path);
	/* read before the journal is opened: flags of other data leave
	 * no journal behind */
	r = xcalloc(1, sizeof *r);
	if (flagsin_read(s->o.flags, ws->t, &ws->labels, r, e) != 0) {
		free(r);
		return -1;
	}
	if (open_session(s, e) != 0) {
		pico_result_release(r);
		free(r);
		return -1;
	}
	adopt(s, r);
	msg_set(s->msg, VIEW_INFO, "%s: %s rows flagged by a sharded run, "
	    "%.1f wrong labels expected", s->o.flags, canvas_fmt_count(
	    r->nflagged, n1), r->expected);
	return 3;
}

int
session_resume(struct session *s, struct err *e)
{
	struct workset *ws = s->ws;
	struct pico_result *r;
	struct fingerprint fp;
	char *path, *cache;
	uint64_t key;
	int rc, current = 0;

	err_clear(e);
	if (s->o.flags)
		return resume_flags(s, e);
	if (!ws->has_labels)
		return 0;
	path = journal_file(s);
	rc = access(path, F_OK);
	free(path);
	if (rc != 0)
		return 0;
	if (open_session(s, e) != 0)
		return -1;
	s->resume = 1;
	cache = picocache_path_for(journal_path(s->rv.j));
	r = xcalloc(1, sizeof *r);
	if (fingerprint_file(ws->t->path, &fp, e) == 0 &&
	    picocache_read(cache, &fp, ws->t, &ws->labels, r, &key, e) == 0) {
		/* made from the inputs a run would have now: it is what
		 * the run would give */
		current = key == inputs_key(s);
		adopt(s, r);
	} else {
		free(r);
		if (e->code == ERR_DATA)
			msg_set(s->msg, VIEW_WARN, "%s (computing again)",
			    e->msg);
	}
	free(cache);
	err_clear(e);
	return current ? 2 : 1;
}

/* ---- :w ----------------------------------------------------------- */

void
session_write(struct session *s, const char *path, int force)
{
	struct workset *ws = s->ws;
	struct export_opts xo;
	struct export_stats st;
	struct err e;
	char n1[32], n2[32];

	if (!ws->has_labels) {
		msg_set(s->msg, VIEW_ERROR, ":w needs a label column (:label "
		    "COL)");
		return;
	}
	if (strcmp(ws->o.data->path, "-") == 0) {
		msg_set(s->msg, VIEW_ERROR, ":w re-reads the input file, and "
		    "standard input cannot be read again");
		return;
	}
	if (session_open(s) < 0)
		return;
	export_opts_init(&xo);
	xo.label_col = ws->labels.col;
	xo.ragged = ws->o.data->ragged;
	xo.force = force;
	err_clear(&e);
	if (export_write(ws->t, s->rv.j, path, &xo, &st, &e) != 0) {
		/* the command line's advice, in the workbench's words */
		char *hint = strstr(e.msg, " (use --force to replace it)");

		if (hint)
			*hint = '\0';
		msg_set(s->msg, VIEW_ERROR, "%s%s", e.msg, hint ?
		    " (:w! replaces it)" : "");
		return;
	}
	msg_set(s->msg, VIEW_INFO, "wrote %s: %s rows, %s relabelled, %llu "
	    "dropped", path, canvas_fmt_count(st.written, n1),
	    canvas_fmt_count(st.relabelled, n2),
	    (unsigned long long)st.dropped);
}

/* ---- the status line ---------------------------------------------- */

void
session_status(const struct session *s, char *buf, size_t size)
{
	char n1[32], n2[32], rate[32], left[40];

	buf[0] = '\0';
	if (s->o.read_only && (!s->rv_open || !s->res)) {
		snprintf(buf, size, "read-only, %s", s->ws->label_note);
		return;
	}
	if (!s->rv_open || !s->res)
		return;
	/* headless screens must not depend on timing */
	if (s->ws->headless)
		snprintf(rate, sizeof rate, "-");
	else
		snprintf(rate, sizeof rate, "%.1f", review_rate(&s->rv));
	/* the wrong labels left, as the beliefs expect them: unknown
	 * when the checkers do not predict the label */
	if (s->res->skill.predictive)
		snprintf(left, sizeof left, "~%.0f",
		    review_remaining(&s->rv));
	else
		snprintf(left, sizeof left, "~?");
	snprintf(buf, size, "%sreviewed %s of %s flagged, %s left, "
	    "%s/min", s->o.read_only ? "read-only: " : "",
	    canvas_fmt_count(s->rv.decided, n1),
	    canvas_fmt_count(s->res->nflagged, n2), left, rate);
}
