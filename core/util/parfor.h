/*
 * parfor.h - a small fan-out: run one function over the indices 0 .. n-1
 * on a few threads.  Each index runs exactly once, on some thread; the
 * work for one index must not depend on another's, so results never
 * depend on the number of threads.  Used by the per-column statistics.
 * And the loaders' parts: a few long jobs, one thread each, watched
 * from the calling thread for the progress they report.
 */
#ifndef WINNOW_PARFOR_H
#define WINNOW_PARFOR_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"
#include "core/util/progress.h"

/*
 * Call fn(ctx, i) for every i in [0, n), on up to threads threads
 * (0: the online processors, capped at n and at 16; the calling thread is
 * one of them).  The calling thread reports progress (what, indices done,
 * n) through p after each index it finishes.  Once p's cancel flag is
 * set no new index starts; the call then returns -1 with ERR_CANCEL in e
 * (some indices may not have run).  Otherwise returns 0.
 */
int parfor_run(size_t n, int threads, void (*fn)(void *ctx, size_t i),
    void *ctx, const struct progress *p, const char *what, struct err *e);

/* The most parts parfor_parts runs. */
#define PARFOR_PARTS 16

/* What a part running in a thread of its own shows the caller of
 * parfor_parts: the bytes it has done so far, and 1 once it is finished
 * (it sets both). */
struct parfor_gauge {
	atomic_uint_least64_t done;
	atomic_int finished;
};

/*
 * Call run(ctx, i) for every i in [0, n), n <= PARFOR_PARTS, each in a
 * thread of its own (in the calling thread, one after the other, where
 * a thread cannot be started), and return once all have returned.
 * While they run, every 20 ms, the calling thread reports through p
 * ("loading") the sum of the gauge[i]->done against total, until all
 * are finished or p's cancel flag is set; with no p it only waits.
 */
void parfor_parts(size_t n, void (*run)(void *ctx, size_t i), void *ctx,
    struct parfor_gauge *const *gauge, const struct progress *p,
    uint64_t total);

/* The number of online processors (at least 1). */
int parfor_cpus(void);

#endif
