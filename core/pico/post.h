/*
 * post.h - per-row class distributions, dense or top-r.
 *
 * PICO keeps a posterior over K classes for every row, and with many
 * classes the checkers' out-of-fold predictions are kept in the same
 * form.  While N*K is small that is a dense float matrix; for many
 * classes (1,000 intents x 1,000,000 rows) it keeps, per row, the r most
 * probable classes, the probability of one designated class (the row's
 * given label: always, even when it is not among them) and the mass of
 * everything else, spread evenly when asked.
 *
 * Top-r memory: n (r (4 + w) + 8) bytes, w = 2 while k <= 65536 (class
 * ids are stored in 16 bits), else 4: 104 bytes a row for r = 16.
 */
#ifndef WINNOW_POST_H
#define WINNOW_POST_H

#include <stddef.h>
#include <stdint.h>

#define POST_TOPR 16		/* entries kept per row in top-r form */
#define POST_DENSE_MAX (64ull << 20)	/* dense while N*K <= this */
#define POST_K16 65536u		/* class ids fit 16 bits up to here */

struct post {
	uint32_t n, k;
	uint32_t r;		/* 0: dense; else entries per row */
	float *dense;		/* [n*k] when r == 0 */
	uint16_t *cls16;	/* [n*r] classes, most probable first, when
				 * k <= POST_K16 ... */
	uint32_t *cls;		/* ... else here */
	float *prob;		/* [n*r] their probabilities */
	float *rest;		/* [n] mass of the classes not kept */
	float *given;		/* [n] probability of the row's given label */
};

/*
 * The form for n rows of k classes: 0 (dense) while n*k <=
 * POST_DENSE_MAX, else POST_TOPR; force_r > 0 forces top-r with force_r
 * entries.  Never more than k.
 */
uint32_t post_form(uint32_t n, uint32_t k, uint32_t force_r);

/* Choose the form with post_form(n, k, force_r); zeroed storage. */
void post_init(struct post *p, uint32_t n, uint32_t k, uint32_t force_r);
void post_release(struct post *p);

/*
 * Store row i from the full distribution b[0..k).  given is the row's
 * given class (or any value >= k: none).  In top-r form, scratch must
 * hold k uint32 values; rest becomes the sum of the classes not kept
 * (so b need not sum to 1 exactly: clipped predictions do not).
 */
void post_set(struct post *p, uint32_t i, const double *b, uint32_t given,
    uint32_t *scratch);

/*
 * post_set from a row given as the n classes cls[] (ascending; NULL:
 * 0 .. n-1) with values val[] and one value shared by every other
 * class.  With n == k this is post_set(p, i, val, ...); otherwise top-r
 * storage takes the r largest (ties to the lower class) among the
 * support and the first classes outside it, in O(n + r) space, and the
 * rest is the row's sum less what is kept.  scratch holds k uint32 and
 * buf k doubles (buf is used for a dense store only).
 */
void post_set_sparse(struct post *p, uint32_t i, const uint32_t *cls,
    const double *val, uint32_t n, double shared, uint32_t given,
    uint32_t *scratch, double *buf);

/* The class of top-r entry j (0 .. n*r-1). */
static inline uint32_t
post_cls(const struct post *p, size_t j)
{
	return p->cls16 ? p->cls16[j] : p->cls[j];
}

/*
 * The spread value of row i: what each class neither kept nor given
 * gets (the rest mass, less the given label's when that is not kept,
 * over the number of such classes; 0 when there are none).  Dense: 0.
 */
double post_spread(const struct post *p, uint32_t i, uint32_t given);

/* The belief in class c for row i (top-r: the rest mass spread evenly
 * over the classes not kept, unless c is the given label). */
double post_get(const struct post *p, uint32_t i, uint32_t c,
    uint32_t given);

/* Row i as k values out[0..k), each post_get(p, i, c, given), in
 * O(k + r). */
void post_expand(const struct post *p, uint32_t i, uint32_t given,
    double *out);

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
