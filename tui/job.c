/*
 * job.c - one thread per job, a mutex-protected list of running jobs and
 * a queue of finished ones.
 *
 * Lifecycle: jobs_new (UI) -> jobs_start (UI) -> worker runs -> worker
 * moves it from running to finished and signals -> jobs_take (UI) joins
 * the thread and hands the job over.  Only the UI thread starts, takes
 * and frees jobs.
 */
#include "tui/job.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/err.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"

/* The invariant above: the UI thread is the one that made q. */
static void
ui_only(const struct jobs *q, const char *what)
{
	if (!pthread_equal(q->ui, pthread_self()))
		BUG("jobs: %s off the UI thread", what);
}

void
jobs_init(struct jobs *q)
{
	memset(q, 0, sizeof *q);
	q->ui = pthread_self();
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->cond, NULL);
}

struct job *
jobs_new(const char *what, int kind, uint64_t owner)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->what = what;
	j->kind = kind;
	j->owner = owner;
	atomic_init(&j->phase, what);
	atomic_init(&j->done, 0);
	atomic_init(&j->total, 0);
	atomic_init(&j->cancel, 0);
	err_clear(&j->err);
	return j;
}

static void
progress_fn(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	struct job *j = ctx;

	if (what)
		atomic_store(&j->phase, what);
	atomic_store(&j->done, done);
	atomic_store(&j->total, total);
}

static void *
job_thread(void *arg)
{
	struct job *j = arg;
	struct jobs *q = j->q;
	struct progress p = { progress_fn, j, &j->cancel };
	struct job **pp;

	j->out = j->run(j->in, &p, &j->err);
	if (!j->out && !j->err.code)
		err_set(&j->err, ERR_SOFTWARE, "%s failed", j->what);
	j->secs = time_mono() - j->t0;
	pthread_mutex_lock(&q->lock);
	for (pp = &q->running; *pp; pp = &(*pp)->next)
		if (*pp == j) {
			*pp = j->next;
			break;
		}
	q->nrunning--;
	j->next = NULL;
	for (pp = &q->finished; *pp; pp = &(*pp)->next)
		;
	*pp = j;
	pthread_cond_broadcast(&q->cond);
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

void
jobs_start(struct jobs *q, struct job *j)
{
	ui_only(q, "start");
	j->q = q;
	j->t0 = time_mono();
	pthread_mutex_lock(&q->lock);
	j->next = q->running;
	q->running = j;
	q->nrunning++;
	pthread_mutex_unlock(&q->lock);
	j->started = pthread_create(&j->tid, NULL, job_thread, j) == 0;
	if (!j->started)
		job_thread(j);
}

struct job *
jobs_submit(struct jobs *q, const char *what, int kind, uint64_t owner,
    job_run_fn *run, void *in, void (*in_free)(void *in),
    void (*out_free)(void *out))
{
	struct job *j = jobs_new(what, kind, owner);

	j->run = run;
	j->in = in;
	j->in_free = in_free;
	j->out_free = out_free;
	jobs_start(q, j);
	return j;
}

void
jobs_cancel(struct job *j)
{
	if (j)
		atomic_store(&j->cancel, 1);
}

void
jobs_cancel_all(struct jobs *q)
{
	struct job *j;

	pthread_mutex_lock(&q->lock);
	for (j = q->running; j; j = j->next)
		atomic_store(&j->cancel, 1);
	pthread_mutex_unlock(&q->lock);
}

/* Whether job j's kind is in the set kinds. */
static int
in_set(const struct job *j, unsigned kinds)
{
	return j->kind >= 0 && j->kind < 32 && (kinds >> j->kind & 1);
}

void
jobs_quiesce(struct jobs *q, unsigned keep)
{
	struct job *j;
	size_t n;

	ui_only(q, "quiesce");
	pthread_mutex_lock(&q->lock);
	for (;;) {
		n = 0;
		for (j = q->running; j; j = j->next)
			if (!in_set(j, keep)) {
				atomic_store(&j->cancel, 1);
				j->dropped = 1;
				n++;
			}
		if (n == 0)
			break;
		/* a worker moving its job to the finished queue wakes us */
		pthread_cond_wait(&q->cond, &q->lock);
	}
	for (j = q->finished; j; j = j->next)
		if (!in_set(j, keep))
			j->dropped = 1;
	pthread_mutex_unlock(&q->lock);
}

struct job *
jobs_take(struct jobs *q)
{
	struct job *j;

	ui_only(q, "take");
	pthread_mutex_lock(&q->lock);
	j = q->finished;
	if (j)
		q->finished = j->next;
	pthread_mutex_unlock(&q->lock);
	if (j) {
		if (j->started)
			pthread_join(j->tid, NULL);
		j->next = NULL;
	}
	return j;
}

size_t
jobs_wait(struct jobs *q)
{
	size_t n;

	pthread_mutex_lock(&q->lock);
	while (q->nrunning > 0 && !q->finished)
		pthread_cond_wait(&q->cond, &q->lock);
	n = q->nrunning;
	pthread_mutex_unlock(&q->lock);
	return n;
}

/* Jobs running whose kind is not in the set except, and one more when
 * finished ones wait (finished set). */
static size_t
count(struct jobs *q, unsigned except, int finished)
{
	struct job *j;
	size_t n = 0;

	pthread_mutex_lock(&q->lock);
	for (j = q->running; j; j = j->next)
		n += !in_set(j, except);
	n += finished && q->finished != NULL;
	pthread_mutex_unlock(&q->lock);
	return n;
}

size_t
jobs_running(struct jobs *q)
{
	return count(q, 0, 0);
}

size_t
jobs_running_except(struct jobs *q, unsigned kinds)
{
	return count(q, kinds, 0);
}

int
jobs_pending(struct jobs *q)
{
	return count(q, 0, 1) > 0;
}

struct job *
jobs_first(struct jobs *q)
{
	struct job *j;

	pthread_mutex_lock(&q->lock);
	j = q->running;
	pthread_mutex_unlock(&q->lock);
	return j;
}

double
jobs_elapsed(const struct job *j)
{
	return time_mono() - j->t0;
}

void
jobs_free_job(struct job *j)
{
	if (!j)
		return;
	if (j->out && j->out_free)
		j->out_free(j->out);
	if (j->in && j->in_free)
		j->in_free(j->in);
	free(j);
}

void
jobs_release(struct jobs *q)
{
	struct job *j;

	if (!q)
		return;
	jobs_cancel_all(q);
	for (;;) {
		while ((j = jobs_take(q)) != NULL)
			jobs_free_job(j);
		if (jobs_running(q) == 0)
			break;
		jobs_wait(q);
	}
	while ((j = jobs_take(q)) != NULL)
		jobs_free_job(j);
	pthread_mutex_destroy(&q->lock);
	pthread_cond_destroy(&q->cond);
}
