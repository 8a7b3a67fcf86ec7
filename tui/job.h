/*
 * job.h - background work with progress and cancellation.
 *
 * A job runs one function on its own thread.  While it runs, the UI
 * thread reads its progress (a phase name, done and total, all updated
 * atomically by the worker through a struct progress) and may cancel it;
 * the function sees the cancel flag at its next progress_step().  When it
 * ends the job goes on the finished queue, which the event loop empties
 * with jobs_take(): results are only ever handled on the UI thread.
 *
 * A job owns its input (in_free) and, until someone takes it, its output
 * (out_free); jobs_free_job() releases both.
 *
 * Before the data jobs read changes, jobs_quiesce() stops them: they are
 * marked dropped, and whoever takes one frees it and looks no further.
 */
#ifndef WINNOW_JOB_H
#define WINNOW_JOB_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#include "core/util/err.h"
#include "core/util/progress.h"

/* The workbench's kinds of job (a job's kind is its submitter's tag);
 * sets of kinds are bit sets, kind k being 1u << k. */
enum job_kind { JOB_LOAD, JOB_FILTER, JOB_VIEW, JOB_PICO, JOB_FULL };

typedef void *job_run_fn(void *in, const struct progress *p, struct err *e);

struct job {
	/* set before jobs_start */
	const char *what;		/* "loading", "filter" */
	job_run_fn *run;
	void *in;
	void (*in_free)(void *in);
	void (*out_free)(void *out);
	int kind;			/* the submitter's tag */
	uint64_t owner;			/* the submitter's id */

	/* progress, written by the worker */
	_Atomic(const char *) phase;
	atomic_uint_fast64_t done, total;
	atomic_int cancel;

	/* the result, valid once finished */
	void *out;
	struct err err;
	double secs;			/* how long it ran */
	int dropped;			/* stopped by jobs_quiesce */

	/* private */
	struct jobs *q;
	double t0;			/* time_mono() at the start */
	pthread_t tid;
	int started;
	struct job *next;
};

struct jobs {
	pthread_t ui;			/* the thread that made it */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct job *running;		/* list */
	struct job *finished;		/* queue, oldest first */
	size_t nrunning;
};

void jobs_init(struct jobs *q);
/* Cancel and wait for every job, free every job.  NULL is fine. */
void jobs_release(struct jobs *q);

/* A new job (caller fills it, then jobs_start). */
struct job *jobs_new(const char *what, int kind, uint64_t owner);

/* Start j on a thread (or run it at once if no thread can be made). */
void jobs_start(struct jobs *q, struct job *j);

/* A new job running run(in), started: jobs_new, its fields, jobs_start. */
struct job *jobs_submit(struct jobs *q, const char *what, int kind,
    uint64_t owner, job_run_fn *run, void *in, void (*in_free)(void *in),
    void (*out_free)(void *out));

/* Ask j to stop (it still ends through the finished queue). */
void jobs_cancel(struct job *j);
/* Cancel every running job. */
void jobs_cancel_all(struct jobs *q);

/*
 * Cancel every running job but those whose kind is in the set keep and
 * wait until they have stopped.  They, and the finished jobs not yet
 * taken whose kind is not in keep, are marked dropped.  Jobs of the
 * kinds kept run on.
 */
void jobs_quiesce(struct jobs *q, unsigned keep);

/* The oldest finished job (joined; the caller frees it), or NULL. */
struct job *jobs_take(struct jobs *q);

/* Block until a job finishes or none runs; returns the number running. */
size_t jobs_wait(struct jobs *q);

/* Running jobs. */
size_t jobs_running(struct jobs *q);
/* Running jobs whose kind is not in the set kinds. */
size_t jobs_running_except(struct jobs *q, unsigned kinds);

/* 1 when a job runs or a finished one waits to be taken. */
int jobs_pending(struct jobs *q);

/* The first running job (for the status line), or NULL.  Only the UI
 * thread changes the list, so the pointer stays valid until jobs_take. */
struct job *jobs_first(struct jobs *q);

/* Seconds since j started. */
double jobs_elapsed(const struct job *j);

/* Free j's input, output and j itself; NULL is fine. */
void jobs_free_job(struct job *j);

#endif
