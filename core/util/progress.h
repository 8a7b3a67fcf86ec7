/*
 * progress.h - progress reports and cancellation for long core work.
 *
 * A job takes a struct progress.  It calls progress_step() now and then
 * from the thread that runs it; the callback (the TUI's loading bar, the
 * CLI's stderr line, a test's recorder) must not block for long.  Any
 * thread may set *cancel; the job then stops at its next check and fails
 * with ERR_CANCEL.
 */
#ifndef WINNOW_PROGRESS_H
#define WINNOW_PROGRESS_H

#include <stdatomic.h>
#include <stdint.h>

struct progress {
	/* what: a short phase name ("loading", "round 2"); may be NULL */
	void (*fn)(void *ctx, const char *what, uint64_t done, uint64_t total);
	void *ctx;
	atomic_int *cancel;	/* borrowed; NULL when the job cannot be cancelled */
};

/* Report done of total; returns -1 when cancellation was requested. */
int progress_step(const struct progress *p, const char *what, uint64_t done,
    uint64_t total);

/* 1 when cancellation was requested. */
int progress_cancelled(const struct progress *p);

#endif
