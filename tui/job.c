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

#include "core/util/time.h"
#include "core/util/xalloc.h"

void
jobs_init(struct jobs *q)
{
	memset(q, 0, sizeof *q);
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

void
jobs_cancel_except(struct jobs *q, unsigned kinds)
{
	struct job *j;

	pthread_mutex_lock(&q->lock);
	for (j = q->running; j; j = j->next)
		if (!(kinds >> j->kind & 1))
			atomic_store(&j->cancel, 1);
	pthread_mutex_unlock(&q->lock);
}

size_t
jobs_running_except(struct jobs *q, unsigned kinds)
{
	struct job *j;
	size_t n = 0;

	pthread_mutex_lock(&q->lock);
	for (j = q->running; j; j = j->next)
		n += !(kinds >> j->kind & 1);
	pthread_mutex_unlock(&q->lock);
	return n;
}

struct job *
jobs_take(struct jobs *q)
{
	struct job *j;

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

size_t
jobs_running(struct jobs *q)
{
	size_t n;

	pthread_mutex_lock(&q->lock);
	n = q->nrunning;
	pthread_mutex_unlock(&q->lock);
	return n;
}

int
jobs_pending(struct jobs *q)
{
	int r;

	pthread_mutex_lock(&q->lock);
	r = q->nrunning > 0 || q->finished != NULL;
	pthread_mutex_unlock(&q->lock);
	return r;
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
