/*
 * bench.h - --bench-keys: how long each key took to handle and draw, how
 * long each kind of job ran, and how soon the first screen showed.
 */
#ifndef WINNOW_BENCH_H
#define WINNOW_BENCH_H

#include <stddef.h>
#include <stdio.h>

#include "tui/job.h"

#define BENCH_JOBS 16

struct bench {
	double *ms;			/* per key, milliseconds */
	size_t n, cap;
	struct {
		const char *what;
		unsigned n;
		double total, max;
	} job[BENCH_JOBS];		/* per kind of job: runs, seconds */
	int njob;
	double t_start, t_first;	/* start, first screen shown */
	double t_overview;		/* the first Overview with numbers */
	int on_sample;			/* it was a big file's sample's */
};

/* A key took ms milliseconds. */
void bench_key(struct bench *b, double ms);
/* Job j finished. */
void bench_job(struct bench *b, const struct job *j);
/* The figures, to f: the first screen, each kind of job, then the
 * median, 99th percentile and largest time of a key. */
void bench_report(struct bench *b, FILE *f);
void bench_release(struct bench *b);

#endif
