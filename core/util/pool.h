/*
 * pool.h - run N independent tasks on a few threads and wait for them.
 *
 * Workers take task numbers from a shared counter; the calling thread
 * only waits and reports progress (tasks done of total) through the
 * progress hook, so the hook is always called from the caller's thread.
 * Results cannot depend on the number of threads as long as each task
 * writes only its own output slots (and draws its random numbers from
 * its own stream): the pool itself shares nothing else between tasks.
 *
 * Cancellation: once the progress cancel flag is set no new task starts;
 * running tasks may check the same flag to stop early.
 */
#ifndef WINNOW_POOL_H
#define WINNOW_POOL_H

#include <stddef.h>

#include "core/util/err.h"
#include "core/util/progress.h"

/* Run task number task; return 0, or -1 when it failed, with why in e
 * (the pool's own record for this call, cleared before it). */
typedef int pool_task_fn(void *ctx, size_t task, struct err *e);

/* The thread count that threads asks for: itself when > 0, else the
 * number of online processors (at least 1). */
int pool_threads(int threads);

/*
 * Run fn(ctx, 0) .. fn(ctx, ntasks - 1), each exactly once unless
 * cancelled, on pool_threads(threads) threads (never more than ntasks;
 * with one thread the tasks run in order in the calling thread).
 * Progress is reported as what, tasks done, ntasks.  Returns 0 when every
 * task returned 0; -1 with ERR_CANCEL when cancelled before all tasks
 * finished (tasks not started were skipped); -1 when a task failed, with
 * the first failed task's error (ERR_SOFTWARE and a count when it gave
 * none), or with ERR_SOFTWARE when a thread could not be started.
 */
int pool_run(size_t ntasks, int threads, pool_task_fn *fn, void *ctx,
    const struct progress *p, const char *what, struct err *e);

#endif
