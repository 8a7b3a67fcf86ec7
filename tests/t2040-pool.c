/*
 * t2040-pool - tasks run once each, results independent of the thread
 * count, progress from the caller's thread, cancellation, failures.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util/pool.h"
#include "core/util/rng.h"
#include "tests/tap.h"

#define NT 64

struct ctx {
	uint64_t out[NT];
	atomic_int runs[NT];
	atomic_int started;
	atomic_int *cancel;
	int cancel_at;		/* set the cancel flag in this task */
	int fail_at;		/* this task fails */
	int fail_quiet;		/* ... without saying why */
	int slow;		/* sleep a little in each task */
};

static int
task(void *p, size_t i, struct err *e)
{
	struct ctx *c = p;
	struct rng r;
	uint64_t x = 0;
	int j;

	atomic_fetch_add(&c->started, 1);
	atomic_fetch_add(&c->runs[i], 1);
	rng_seed(&r, 5, i);
	for (j = 0; j < 1000 + (int)(i % 7) * 500; j++)
		x += rng_next(&r) >> 40;
	c->out[i] = x;
	if (c->slow) {
		struct timespec ts = { 0, 2000000 };

		nanosleep(&ts, NULL);
	}
	if ((int)i == c->cancel_at && c->cancel)
		atomic_store(c->cancel, 1);
	if ((int)i != c->fail_at)
		return 0;
	if (c->fail_quiet)
		return -1;
	return err_set(e, ERR_DATA, "task %zu: its own reason", i);
}

static pthread_t main_thread;
static int calls, wrong_thread, not_monotone;
static uint64_t last_done, last_total;

static void
on_progress(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	(void)ctx;
	(void)what;
	calls++;
	if (!pthread_equal(pthread_self(), main_thread))
		wrong_thread++;
	if (done < last_done)
		not_monotone++;
	last_done = done;
	last_total = total;
}

static void
init(struct ctx *c)
{
	size_t i;

	memset(c->out, 0, sizeof c->out);
	for (i = 0; i < NT; i++)
		atomic_init(&c->runs[i], 0);
	atomic_init(&c->started, 0);
	c->cancel = NULL;
	c->cancel_at = -1;
	c->fail_at = -1;
	c->fail_quiet = 0;
	c->slow = 0;
}

static void
test_identical(void)
{
	static const int threads[] = { 1, 2, 4, 0 };
	struct ctx c;
	uint64_t ref[NT];
	struct progress pr = { on_progress, NULL, NULL };
	struct err e;
	int k, once;
	size_t i;

	for (k = 0; k < 4; k++) {
		init(&c);
		calls = wrong_thread = not_monotone = 0;
		last_done = 0;
		if (!ok(pool_run(NT, threads[k], task, &c, &pr, "t", &e) == 0,
		    "threads %d: runs", threads[k]))
			diag("%s", e.msg);
		once = 1;
		for (i = 0; i < NT; i++)
			once &= atomic_load(&c.runs[i]) == 1;
		ok(once, "threads %d: every task exactly once", threads[k]);
		if (k == 0)
			memcpy(ref, c.out, sizeof ref);
		else
			ok(memcmp(ref, c.out, sizeof ref) == 0,
			    "threads %d: same results as 1 thread",
			    threads[k]);
		is_int(last_done, NT, "progress reaches the total");
		is_int(last_total, NT, "total is the task count");
		is_int(wrong_thread, 0, "progress only from the caller");
		is_int(not_monotone, 0, "progress never goes back");
	}
}

static void
test_cancel(void)
{
	struct ctx c;
	atomic_int flag;
	struct progress pr = { NULL, NULL, &flag };
	struct err e;
	int t;

	for (t = 1; t <= 2; t++) {
		init(&c);
		atomic_init(&flag, 0);
		c.cancel = &flag;
		c.cancel_at = 3;
		c.slow = 1;
		ok(pool_run(NT, t, task, &c, &pr, "t", &e) == -1,
		    "threads %d: cancelled run fails", t);
		is_int(e.code, ERR_CANCEL, "with ERR_CANCEL");
		cmp_ok(atomic_load(&c.started), <, NT / 2,
		    "stopped early");
	}
	init(&c);
	atomic_init(&flag, 1);
	is_int(pool_run(NT, 2, task, &c, &pr, "t", &e), -1,
	    "cancelled before starting");
	is_int(atomic_load(&c.started), 0, "no task ran");
}

static void
test_fail(void)
{
	struct ctx c;
	struct err e;
	int once = 1;
	size_t i;

	init(&c);
	c.fail_at = 10;
	is_int(pool_run(NT, 2, task, &c, NULL, "t", &e), -1,
	    "a failing task fails the run");
	is_int(e.code, ERR_DATA, "with the task's own error");
	is(e.msg, "task 10: its own reason", "and its message");
	for (i = 0; i < NT; i++)
		once &= atomic_load(&c.runs[i]) == 1;
	ok(once, "the other tasks still ran");
	init(&c);
	c.fail_at = 10;
	is_int(pool_run(NT, 1, task, &c, NULL, "t", &e), -1,
	    "one thread: the same");
	is(e.msg, "task 10: its own reason", "its message");
	init(&c);
	c.fail_at = 10;
	c.fail_quiet = 1;
	is_int(pool_run(NT, 2, task, &c, NULL, "t", &e), -1,
	    "a task failing without a reason");
	is_int(e.code, ERR_SOFTWARE, "ERR_SOFTWARE");
	is(e.msg, "1 of 64 tasks failed", "the count");
	is_int(pool_run(0, 2, task, &c, NULL, "t", &e), 0, "no tasks: fine");
	is_int(pool_run(1, 8, task, &c, NULL, "t", &e), 0,
	    "more threads than tasks");
	ok(pool_threads(0) >= 1, "online cores >= 1");
	is_int(pool_threads(3), 3, "an explicit count is kept");
}

int
main(void)
{
	main_thread = pthread_self();
	test_identical();
	test_cancel();
	test_fail();
	return done_testing();
}
