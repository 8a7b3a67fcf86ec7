/*
 * bench.h - what the speed programs in bench/ share: the process's CPU
 * clock, one case run in a child process (so that the peak resident
 * memory each reports is that case's own), and the generated text sets'
 * vocabulary: words spelt from syllables, drawn from a Zipf background.
 * Wall time is core/util/time.h's monotonic clock.
 *
 * Each bench program is one file linked with libcore, so the helpers
 * are static inline here rather than a library of their own.
 */
#ifndef WINNOW_BENCH_H
#define WINNOW_BENCH_H

#include <stdint.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/util/rng.h"
#include "core/util/xalloc.h"

/* CPU seconds this process has used, all threads. */
static inline double
bench_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * run(ctx) in a child process, its exit status returned (1 when the
 * child did not exit normally); in this process when fork fails.
 * Standard output is flushed first so that nothing is printed twice.
 */
static inline int
bench_in_child(int (*run)(const void *ctx), const void *ctx)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return run(ctx);
	if (pid == 0)
		_exit(run(ctx));
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return 1;
	return WEXITSTATUS(st);
}

#define BENCH_WORD_MAX 17	/* 8 syllables of a 32-bit id, and NUL */

/* Word number id spelt in out: its base-16 digits as syllables, at least
 * two.  Returns the length. */
static inline size_t
bench_word(char out[BENCH_WORD_MAX], uint32_t id)
{
	static const char syl[16][3] = { "ka", "lo", "mi", "ne", "ru", "sa",
	    "ti", "vo", "ba", "de", "fu", "gi", "ho", "ju", "pe", "zo" };
	size_t n = 0;

	do {
		out[n++] = syl[id % 16][0];
		out[n++] = syl[id % 16][1];
		id /= 16;
	} while (id > 0 || n < 4);
	out[n] = '\0';
	return n;
}

/* The cumulative Zipf distribution over v words (word m drawn in
 * proportion to 1 / (m + 1)); caller frees. */
static inline double *
bench_zipf(uint32_t v)
{
	double *cdf = xmalloc(((size_t)v + 1) * sizeof *cdf), s = 0;
	uint32_t m;

	for (m = 0; m < v; m++) {
		s += 1.0 / (m + 1.0);
		cdf[m] = s;
	}
	for (m = 0; m < v; m++)
		cdf[m] /= s;
	return cdf;
}

/* A word number drawn from cdf (bench_zipf(v)) with r. */
static inline uint32_t
bench_zipf_draw(const double *cdf, uint32_t v, struct rng *r)
{
	double u = rng_double(r);
	uint32_t lo = 0, hi = v - 1, m;

	while (lo < hi) {
		m = (lo + hi) / 2;
		if (cdf[m] < u)
			lo = m + 1;
		else
			hi = m;
	}
	return lo;
}


/* A text of len words to f, a space between them: each word drawn from
 * the Zipf background cdf over v words (bench_zipf(v)) with probability
 * bg, else from the ntopic words of topic. */
static inline void
bench_text(FILE *f, int len, double bg, const double *cdf, uint32_t v,
    const uint32_t *topic, uint32_t ntopic, struct rng *r)
{
	char w[BENCH_WORD_MAX];
	uint32_t id;
	int t;

	for (t = 0; t < len; t++) {
		if (t)
			fputc(' ', f);
		id = rng_double(r) < bg ? bench_zipf_draw(cdf, v, r) :
		    topic[rng_below(r, ntopic)];
		fwrite(w, 1, bench_word(w, id), f);
	}
}

#endif
