/*
 * bench.c - the timings of --bench-keys.
 */
#include "tui/bench.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

void
bench_key(struct bench *b, double ms)
{
	b->ms = xgrow(b->ms, &b->cap, b->n + 1, sizeof *b->ms);
	b->ms[b->n++] = ms;
}

void
bench_job(struct bench *b, const struct job *j)
{
	int i;

	for (i = 0; i < b->njob; i++)
		if (strcmp(b->job[i].what, j->what) == 0)
			break;
	if (i == BENCH_JOBS)
		return;
	if (i == b->njob) {
		b->job[i].what = j->what;
		b->njob++;
	}
	b->job[i].n++;
	b->job[i].total += j->secs;
	if (j->secs > b->job[i].max)
		b->job[i].max = j->secs;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

void
bench_report(struct bench *b, FILE *f)
{
	size_t n = b->n;
	double *v = b->ms;
	int i;

	if (n == 0) {
		fprintf(f, "winnow: no keys timed\n");
		return;
	}
	qsort(v, n, sizeof *v, cmp_double);
	fprintf(f, "first screen %.3f ms after start\n",
	    (b->t_first - b->t_start) * 1e3);
	if (b->t_overview > 0)
		fprintf(f, "first Overview %.3f ms after start%s\n",
		    (b->t_overview - b->t_start) * 1e3, b->on_sample ?
		    " (on a sample of byte ranges)" : "");
	for (i = 0; i < b->njob; i++)
		fprintf(f, "job %-12s %4u run%s  %8.3f s each on average, "
		    "%.3f s at most\n", b->job[i].what, b->job[i].n,
		    b->job[i].n == 1 ? " " : "s", b->job[i].total /
		    b->job[i].n, b->job[i].max);
	fprintf(f, "keys %zu  median %.3f ms  p99 %.3f ms  max %.3f ms\n",
	    n, v[n / 2], v[(size_t)((double)(n - 1) * 0.99)], v[n - 1]);
}

void
bench_release(struct bench *b)
{
	free(b->ms);
	memset(b, 0, sizeof *b);
}
