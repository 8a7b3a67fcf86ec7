/*
 * parfor.h - a small fan-out: run one function over the indices 0 .. n-1
 * on a few threads.  Each index runs exactly once, on some thread; the
 * work for one index must not depend on another's, so results never
 * depend on the number of threads.  Used by the per-column statistics.
 */
#ifndef WINNOW_PARFOR_H
#define WINNOW_PARFOR_H

#include <stddef.h>

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

/* The number of online processors (at least 1). */
int parfor_cpus(void);

#endif
