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

/* Run task number task; return 0, or -1 when it failed (its own output
 * records why). */
typedef int pool_task_fn(void *ctx, size_t task);

/* The thread count that threads asks for: itself when > 0, else the
 * number of online processors (at least 1). */
int pool_threads(int threads);

/*
 * Run fn(ctx, 0) .. fn(ctx, ntasks - 1), each exactly once unless
 * cancelled, on pool_threads(threads) threads (never more than ntasks;
 * with one thread the tasks run in order in the calling thread).
 * Progress is reported as what, tasks done, ntasks.  Returns 0 when every
 * task returned 0; -1 with ERR_CANCEL when cancelled before all tasks
 * finished (tasks not started were skipped); -1 with ERR_SOFTWARE when a
 * task failed (its message is the task's business) or a thread could not
 * be started.
 */
int pool_run(size_t ntasks, int threads, pool_task_fn *fn, void *ctx,
    const struct progress *p, const char *what, struct err *e);

#endif
