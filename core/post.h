/*
 * post.h - per-row class beliefs, dense or top-r.
 *
 * PICO keeps a posterior over K classes for every row.  While N*K is
 * small that is a dense float matrix; for many classes (1,000 intents x
 * 1,000,000 rows) it keeps, per row, the r most probable classes, the
 * probability of the given label (always, even when it is not among
 * them) and the mass of everything else, spread evenly when asked.
 */
#ifndef WINNOW_POST_H
#define WINNOW_POST_H

#include <stddef.h>
#include <stdint.h>

#define POST_TOPR 16		/* entries kept per row in top-r form */
#define POST_DENSE_MAX (64ull << 20)	/* dense while N*K <= this */

struct post {
	uint32_t n, k;
	uint32_t r;		/* 0: dense; else entries per row */
	float *dense;		/* [n*k] when r == 0 */
	uint32_t *cls;		/* [n*r] classes, most probable first */
	float *prob;		/* [n*r] their probabilities */
	float *rest;		/* [n] mass of the classes not kept */
	float *given;		/* [n] probability of the row's given label */
};

/* Choose the form from n*k (or force top-r with force_r > 0). */
void post_init(struct post *p, uint32_t n, uint32_t k, uint32_t force_r);
void post_release(struct post *p);

/*
 * Store row i from the full distribution b[0..k) (summing to 1).  given is
 * the row's given class (or UINT32_MAX).  In top-r form, scratch must hold
 * k uint32 values.
 */
void post_set(struct post *p, uint32_t i, const double *b, uint32_t given,
    uint32_t *scratch);

/* The belief in class c for row i (top-r: the rest mass spread evenly
 * over the classes not kept, unless c is the given label). */
double post_get(const struct post *p, uint32_t i, uint32_t c,
    uint32_t given);

/*
 * The row's most probable classes, best first, at most max of them:
 * writes classes and probabilities, returns how many.  Ties go to the
 * lower class index.
 */
uint32_t post_top(const struct post *p, uint32_t i, uint32_t *cls,
    double *prob, uint32_t max);

/* Bytes held (for memory reports). */
size_t post_bytes(const struct post *p);

#endif
