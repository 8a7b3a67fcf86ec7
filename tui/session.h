/*
 * session.h - the review loop of the workbench: the review session (its
 * journal), PICO runs in the background, the cached result beside the
 * journal, re-runs as decisions come in, resuming on start, and :w.
 *
 * The views of the loop see it through loop (views/lib/reviewloop.h),
 * which this owns; their requests are carried out by
 * session_requests().  It works on the data (tui/workset.h) and tells the
 * user what happened through the message line; which view to show
 * afterwards is its caller's business (the return values say).
 */
#ifndef WINNOW_SESSION_H
#define WINNOW_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "core/pico/picorun.h"
#include "core/review/review.h"
#include "tui/job.h"
#include "tui/msg.h"
#include "tui/workset.h"
#include "views/lib/reviewloop.h"

struct session_opts {
	const char *reviewer;		/* NULL: the login name */
	const char *journal;		/* NULL: beside the dataset */
	int force;			/* apply a journal of another file */
	int rerun_every;		/* re-run PICO after this many
					 * decisions (0: never) */
	enum review_order order;
	int order_set;			/* order was asked for (--order): a
					 * remembered one does not replace it */
	int read_only;			/* --read-only: browse; the journal
					 * is read without its lock, PICO's
					 * cache is read, neither written */
};

struct session {
	struct review rv;
	int rv_open;
	struct pico_result *res;	/* the latest result, owned */
	struct picorun_opts popts;	/* the next run's options */
	struct job *job;		/* the run under way */
	int show;			/* show Flagged when it ends */
	int resume;			/* restore the queue position then */
	uint32_t rerun_mark;		/* decisions at the last run */
	struct reviewloop loop;		/* what the loop's views see */

	/* set by session_init, borrowed */
	struct session_opts o;
	struct workset *ws;
	struct jobs *jobs;
	struct msg *msg;
};

void session_init(struct session *s, const struct session_opts *o,
    struct workset *ws, struct jobs *jobs, struct msg *msg);
void session_release(struct session *s);

/* Open the review session (the journal) if it is not; 0 or -1 (said). */
int session_open(struct session *s);
/* Close it (the label column changes). */
void session_close(struct session *s);
/*
 * At start: when the dataset has a journal, open it and take the cached
 * result if it is still good.  Returns 2 when that result was made from
 * the inputs a run would have now (the same options, labels and
 * decisions): no run is needed; 1 when the caller is to run PICO again
 * (session_run); 0: no journal; -1: it cannot be opened (e filled).
 */
int session_resume(struct session *s, struct err *e);

/* Run PICO in the background; show: open Flagged when it ends. */
void session_run(struct session *s, int show);
/* R: run again now with the decisions so far. */
void session_rerun(struct session *s);
/* Take the run j; returns 1 when the Flagged view should show now. */
int session_done(struct session *s, struct job *j);
/* After decisions: re-run PICO every --rerun-every decisions. */
void session_decided(struct session *s);
/* Carry out what a view asked for in loop.req, and clear it. */
void session_requests(struct session *s);
/* :order: the review queue's order from now on. */
void session_set_order(struct session *s, enum review_order o);
/* :w FILE, :w! FILE */
void session_write(struct session *s, const char *path, int force);
/* The review part of the status line, or "" (buf of size bytes). */
void session_status(const struct session *s, char *buf, size_t size);

#endif
