/*
 * kll.h - quantiles of a stream of numbers in a small mergeable sketch
 * (Karnin, Lang and Liberty, "Optimal quantile approximation in
 * streams", 2016).
 *
 * Why KLL and not a t-digest: KLL's error is a proven bound on the
 * rank, the same for every quantile and every input order, and it
 * survives merging unchanged, which is what partitions summarised apart
 * need; a t-digest is often closer in the far tails but has no
 * worst-case bound, and its merges depend on the order.
 *
 * Levels of items: an item at level h stands for 2^h values.  When the
 * sketch is full the lowest full level is sorted and every other item
 * (from a pseudo-random start) moves one level up.  With KLL_K = 256 the
 * rank of a returned quantile is within KLL_EPS of the asked one with
 * 99% confidence (the bound Apache DataSketches states for its KLL:
 * 2.296 / k^0.9723); about 3 k items are kept, ~6 KiB.  The coin is a
 * hash of the sketch's own counters, so a sketch is a pure function of
 * what was added, in what order, and merged.
 */
#ifndef WINNOW_KLL_H
#define WINNOW_KLL_H

#include <stddef.h>
#include <stdint.h>

#define KLL_K 256
#define KLL_EPS 0.0105
#define KLL_MAXLEVELS 61

struct kll {
	uint32_t nlevels;		/* levels in use (>= 1) */
	double *lv[KLL_MAXLEVELS];	/* items of each level, owned */
	uint32_t len[KLL_MAXLEVELS], cap[KLL_MAXLEVELS];
	uint32_t size;			/* items over all levels */
	uint32_t lcap[KLL_MAXLEVELS];	/* each level's capacity ... */
	uint32_t capsum, capfor;	/* ... their sum, for capfor levels */
	uint64_t n;			/* values added (weight) */
	uint64_t ncompact;		/* compactions so far (the coin) */
	double min, max;		/* exact; NAN when n == 0 */
};

void kll_init(struct kll *s);
void kll_release(struct kll *s);

/* Add x with weight w (w copies of x); NaN is ignored. */
void kll_add(struct kll *s, double x, uint64_t w);

/* a takes in b (b is unchanged). */
void kll_merge(struct kll *a, const struct kll *b);

/*
 * The approximate order statistics of 0-based ranks rank[0 .. nr)
 * (ascending, below s->n) into out; rank 0 and rank n - 1 are the exact
 * min and max.  NAN for an empty sketch.
 */
void kll_ranks(const struct kll *s, const uint64_t *rank, size_t nr,
    double *out);

/* The weight of values <= x (approximate, within KLL_EPS * n). */
uint64_t kll_rank_of(const struct kll *s, double x);

/* Items kept, over all levels. */
uint32_t kll_size(const struct kll *s);

/*
 * Put a level's items straight in (reading a saved sketch): level h gets
 * items v[0 .. n).  Levels are created as needed.
 */
void kll_set_level(struct kll *s, uint32_t h, const double *v, uint32_t n);

#endif
