/*
 * parfor.c - indices handed out one at a time from an atomic counter, so
 * that a slow index (a column with a million distinct values) does not
 * hold up a static partition.  Workers are plain pthreads joined before
 * returning; when a thread cannot be created the others (at least the
 * caller) take over its share.
 */
#include "core/util/parfor.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#define PARFOR_MAX 16

struct job {
	size_t n;
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	const struct progress *p;
	atomic_size_t next;
	atomic_size_t done;
};

/* Run indices until none are left or cancellation is requested. */
static void
work(struct job *j, int report, const char *what)
{
	size_t i;

	for (;;) {
		if (progress_cancelled(j->p))
			return;
		i = atomic_fetch_add(&j->next, 1);
		if (i >= j->n)
			return;
		j->fn(j->ctx, i);
		atomic_fetch_add(&j->done, 1);
		if (report)
			progress_step(j->p, what, atomic_load(&j->done), j->n);
	}
}

static void *
worker(void *arg)
{
	work(arg, 0, NULL);
	return NULL;
}

/* One part of parfor_parts, as a thread runs it. */
struct part {
	void (*run)(void *ctx, size_t i);
	void *ctx;
	size_t i;
};

static void *
part_worker(void *arg)
{
	struct part *P = arg;

	P->run(P->ctx, P->i);
	return NULL;
}

/* 1 while some part is not finished; *done: the bytes all have done. */
static int
parts_busy(struct parfor_gauge *const *gauge, size_t n, uint64_t *done)
{
	int busy = 0;
	size_t i;

	*done = 0;
	for (i = 0; i < n; i++) {
		*done += atomic_load(&gauge[i]->done);
		busy |= !atomic_load(&gauge[i]->finished);
	}
	return busy;
}

void
parfor_parts(size_t n, void (*run)(void *ctx, size_t i), void *ctx,
    struct parfor_gauge *const *gauge, const struct progress *p,
    uint64_t total)
{
	struct timespec pause = { 0, 20 * 1000000L };
	struct part part[PARFOR_PARTS];
	pthread_t tid[PARFOR_PARTS];
	int spawned[PARFOR_PARTS] = { 0 };
	uint64_t done;
	size_t i;

	for (i = 0; i < n; i++) {
		part[i] = (struct part){ .run = run, .ctx = ctx, .i = i };
		spawned[i] = pthread_create(&tid[i], NULL, part_worker,
		    &part[i]) == 0;
	}
	for (i = 0; i < n; i++)
		if (!spawned[i])
			run(ctx, i);
	/* with nobody to report to, joining is the wait */
	while (p && parts_busy(gauge, n, &done) &&
	    progress_step(p, "loading", done, total) == 0)
		nanosleep(&pause, NULL);
	for (i = 0; i < n; i++)
		if (spawned[i])
			pthread_join(tid[i], NULL);
}

int
parfor_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 1024 ? 1024 : (int)n;
}

int
parfor_run(size_t n, int threads, void (*fn)(void *ctx, size_t i),
    void *ctx, const struct progress *p, const char *what, struct err *e)
{
	pthread_t tid[PARFOR_MAX];
	int nt, started = 0, k;
	struct job j;

	if (threads <= 0)
		threads = parfor_cpus();
	if (threads > PARFOR_MAX)
		threads = PARFOR_MAX;
	nt = (size_t)threads > n ? (int)n : threads;
	j.n = n;
	j.fn = fn;
	j.ctx = ctx;
	j.p = p;
	atomic_init(&j.next, 0);
	atomic_init(&j.done, 0);
	for (k = 1; k < nt; k++) {
		if (pthread_create(&tid[started], NULL, worker, &j) != 0)
			break;
		started++;
	}
	work(&j, 1, what);
	for (k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
	if (atomic_load(&j.done) < n && progress_cancelled(p))
		return err_set(e, ERR_CANCEL, "%s: cancelled",
		    what ? what : "job");
	return 0;
}
