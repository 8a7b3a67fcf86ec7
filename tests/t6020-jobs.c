/*
 * t6020-jobs - background jobs: results come back through the finished
 * queue, progress is visible while they run, cancel stops them, and
 * nothing is leaked when jobs are dropped.  Every wait has a deadline
 * or ends with a job that ends: a broken queue fails, it does not
 * hang.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util/time.h"
#include "core/util/xalloc.h"
#include "tui/job.h"
#include "tests/tap.h"
#include "tests/util.h"

static void
nap(void)
{
	struct timespec ts = { 0, 1000000 };

	nanosleep(&ts, NULL);
}

/* Inputs freed so far (the jobs' in_free). */
static int nfreed;

static void
count_free(void *p)
{
	nfreed++;
	free(p);
}

static void *
count_run(void *in, const struct progress *p, struct err *e)
{
	long n = *(long *)in, i;
	long *out;

	for (i = 0; i < n; i++) {
		if (progress_step(p, "counting", (uint64_t)i, (uint64_t)n) < 0) {
			err_set(e, ERR_CANCEL, "cancelled");
			return NULL;
		}
		nap();
	}
	out = xmalloc(sizeof *out);
	*out = n * 2;
	return out;
}

static void *
fail_run(void *in, const struct progress *p, struct err *e)
{
	(void)in;
	(void)p;
	(void)e;
	return NULL;		/* without an error: the job fills one */
}

static struct job *
make(long n, int kind)
{
	struct job *j = jobs_new("count", kind, 7);
	long *in = xmalloc(sizeof *in);

	*in = n;
	j->run = count_run;
	j->in = in;
	j->in_free = count_free;
	j->out_free = free;
	return j;
}

int
main(void)
{
	struct jobs q;
	struct job *j, *slow;
	double t0;

	jobs_init(&q);
	ok(jobs_take(&q) == NULL, "nothing finished yet");
	is_int(jobs_wait(&q), 0, "wait with nothing running returns");
	j = make(3, 1);
	jobs_start(&q, j);
	while (jobs_running(&q))
		jobs_wait(&q);
	j = jobs_take(&q);
	ok(j != NULL, "the job finished");
	ok(j && j->out && *(long *)j->out == 6, "with its result");
	ok(j && j->kind == 1 && j->owner == 7, "kind and owner kept");
	/* three steps of at least a millisecond each */
	ok(j && j->secs >= 0.003 && j->secs < 60, "time measured (%.4f s)",
	    j ? j->secs : -1);
	nfreed = 0;
	jobs_free_job(j);
	is_int(nfreed, 1, "freeing a job frees its input");

	/* a job of 100 s: progress while it runs, then cancelled */
	slow = make(100000, 2);
	jobs_start(&q, slow);
	t0 = time_mono();
	while (atomic_load(&slow->done) < 3 && time_mono() - t0 < 30)
		nap();
	cmp_ok(atomic_load(&slow->done), >=, 3, "progress shows while it "
	    "runs");
	ok(jobs_first(&q) == slow, "running job is listed");
	ok(strcmp(atomic_load(&slow->phase), "counting") == 0,
	    "its phase shows");
	is_int(atomic_load(&slow->total), 100000, "its total shows");
	jobs_cancel(slow);
	jobs_wait(&q);
	j = jobs_take(&q);
	ok(j == slow && j->out == NULL && j->err.code == ERR_CANCEL,
	    "cancel stops it with ERR_CANCEL");
	jobs_free_job(j);

	j = jobs_new("fail", 3, 0);
	j->run = fail_run;
	jobs_start(&q, j);
	jobs_wait(&q);
	j = jobs_take(&q);
	ok(j && j->err.code == ERR_SOFTWARE && strstr(j->err.msg, "fail"),
	    "a job failing silently still reports an error");
	jobs_free_job(j);

	/* quiescing stops all but one kind, which runs on; the stopped
	 * and the finished come back dropped */
	{
		struct job *done = make(1, 8), *slow2 = make(100000, 8);
		struct job *keep = make(100000, 9), *got[3];
		int n = 0, dropped = 0;
		long *two;

		jobs_start(&q, done);
		while (jobs_running(&q))
			jobs_wait(&q);
		jobs_start(&q, slow2);
		jobs_start(&q, keep);
		t0 = time_mono();
		while (atomic_load(&slow2->done) < 1 && time_mono() - t0 < 30)
			nap();
		jobs_quiesce(&q, 1u << 9);
		is_int(jobs_running(&q), 1, "quiesce waits for all but one "
		    "kind");
		ok(jobs_first(&q) == keep && !keep->dropped, "that kind runs "
		    "on");
		while (n < 2 && (got[n] = jobs_take(&q)) != NULL)
			n++;
		is_int(n, 2, "the finished and the stopped are there to take");
		for (; n > 0; n--) {
			dropped += got[n - 1]->dropped;
			jobs_free_job(got[n - 1]);
		}
		is_int(dropped, 2, "both marked dropped");
		jobs_cancel(keep);
		jobs_wait(&q);
		j = jobs_take(&q);
		ok(j == keep && !j->dropped && j->err.code == ERR_CANCEL,
		    "the one that ran on ends as any other");
		jobs_free_job(j);
		two = xmalloc(sizeof *two);
		*two = 2;
		j = jobs_submit(&q, "sub", 10, 3, count_run, two, free, free);
		while (jobs_running(&q))
			jobs_wait(&q);
		j = jobs_take(&q);
		ok(j && j->kind == 10 && j->owner == 3 && j->out &&
		    *(long *)j->out == 4, "a submitted job runs on its input");
		jobs_free_job(j);
	}

	/* several at once: the short one (2 ms) ends long before the two
	 * of 100 s, which release then cancels, waits for and frees */
	jobs_start(&q, make(2, 4));
	jobs_start(&q, make(100000, 5));
	jobs_start(&q, make(100000, 6));
	is_int(jobs_wait(&q), 2, "the first to end leaves two running");
	j = jobs_take(&q);
	ok(j && j->kind == 4 && j->out && *(long *)j->out == 4,
	    "the short one finishes first, with its result");
	ok(jobs_take(&q) == NULL, "nothing else has finished");
	jobs_free_job(j);
	is_int(jobs_running(&q), 2, "two still run");
	nfreed = 0;
	t0 = time_mono();
	jobs_release(&q);
	cmp_ok(time_mono() - t0, <, 30, "release cancels them (it does not wait "
	    "100 s)");
	is_int(nfreed, 2, "release frees both");
	ok(q.running == NULL && q.finished == NULL && q.nrunning == 0,
	    "release leaves no job behind");
	jobs_free_job(NULL);
	return done_testing();
}
