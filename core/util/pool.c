/*
 * pool.c - threads that live for one pool_run: start, pull task numbers
 * under a mutex, signal each completion, join.  Tasks here are whole
 * model trainings (milliseconds to seconds), so one lock per task costs
 * nothing and keeps the code obvious.
 */
#include "core/util/pool.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/util/xalloc.h"

struct shared {
	pthread_mutex_t mu;
	pthread_cond_t done_cv;
	size_t next, done, ntasks, failed;
	struct err first;	/* the first failed task's reason */
	int stop;
	pool_task_fn *fn;
	void *ctx;
	const struct progress *p;
};

int
pool_threads(int threads)
{
	long n;

	if (threads > 0)
		return threads;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (n > 1024 ? 1024 : (int)n) : 1;
}

static void *
worker(void *arg)
{
	struct shared *S = arg;
	struct err te;
	size_t task;
	int rc;

	for (;;) {
		pthread_mutex_lock(&S->mu);
		if (S->stop || S->next == S->ntasks ||
		    progress_cancelled(S->p)) {
			S->stop = 1;
			pthread_cond_signal(&S->done_cv);
			pthread_mutex_unlock(&S->mu);
			return NULL;
		}
		task = S->next++;
		pthread_mutex_unlock(&S->mu);

		err_clear(&te);
		rc = S->fn(S->ctx, task, &te);

		pthread_mutex_lock(&S->mu);
		S->done++;
		if (rc < 0 && S->failed++ == 0)
			S->first = te;
		pthread_cond_signal(&S->done_cv);
		pthread_mutex_unlock(&S->mu);
	}
}

static int
finish(const struct shared *S, size_t ntasks, struct err *e)
{
	/* a task that stopped because of the cancel flag failed, but the
	 * reason to report is the cancellation */
	if ((S->failed || S->done < ntasks) && progress_cancelled(S->p))
		return err_set(e, ERR_CANCEL, "cancelled");
	if (S->failed && S->first.code) {
		*e = S->first;
		return -1;
	}
	if (S->failed)
		return err_set(e, ERR_SOFTWARE, "%zu of %zu tasks failed",
		    S->failed, ntasks);
	if (S->done < ntasks)
		return err_set(e, ERR_CANCEL, "cancelled");
	return 0;
}

int
pool_run(size_t ntasks, int threads, pool_task_fn *fn, void *ctx,
    const struct progress *p, const char *what, struct err *e)
{
	struct shared S = { .fn = fn, .ctx = ctx, .p = p, .ntasks = ntasks };
	struct err te;
	pthread_t *tid;
	size_t nt = (size_t)pool_threads(threads), i, started = 0, seen;
	int rc = 0;

	if (nt > ntasks)
		nt = ntasks;
	progress_step(p, what, 0, ntasks);
	if (nt <= 1) {
		for (i = 0; i < ntasks; i++) {
			if (progress_cancelled(p))
				break;
			err_clear(&te);
			if (fn(ctx, i, &te) < 0 && S.failed++ == 0)
				S.first = te;
			S.done++;
			progress_step(p, what, S.done, ntasks);
		}
		return finish(&S, ntasks, e);
	}
	pthread_mutex_init(&S.mu, NULL);
	pthread_cond_init(&S.done_cv, NULL);
	tid = xmalloc(nt * sizeof *tid);
	for (i = 0; i < nt; i++) {
		if (pthread_create(&tid[i], NULL, worker, &S) != 0)
			break;
		started++;
	}
	if (started == 0) {
		rc = err_set(e, ERR_SOFTWARE, "cannot start worker threads");
		goto out;
	}
	/* report completions until every worker has left the loop */
	pthread_mutex_lock(&S.mu);
	seen = 0;
	while (S.done < S.next || !S.stop) {
		if (S.done == seen)
			pthread_cond_wait(&S.done_cv, &S.mu);
		if (S.done != seen) {
			seen = S.done;
			pthread_mutex_unlock(&S.mu);
			progress_step(p, what, seen, ntasks);
			pthread_mutex_lock(&S.mu);
		}
	}
	pthread_mutex_unlock(&S.mu);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	if (S.done != seen)
		progress_step(p, what, S.done, ntasks);
	rc = finish(&S, ntasks, e);
out:
	free(tid);
	pthread_mutex_destroy(&S.mu);
	pthread_cond_destroy(&S.done_cv);
	return rc;
}
