/*
 * hll.h - HyperLogLog: the number of distinct values of a stream in a
 * fixed 16 KiB, mergeable.
 *
 * 2^14 one-byte registers (Flajolet et al. 2007), each the largest rank
 * (leading zeros + 1) seen among the 64-bit hashes that index it; the
 * estimate is Ertl's improved estimator (2017), which needs neither
 * linear counting nor bias tables and is unbiased from one value to
 * billions.  Its relative standard error is 1.04 / sqrt(2^14) = 0.81%;
 * HLL_BOUND is three of them (99.7% of estimates lie within it).
 * Merging takes each register's maximum, so the merge of parts is the
 * sketch of the whole, bit for bit, in any order.
 *
 * The registers depend on the hash: callers hash values with
 * hll_hash(), which the summary file format (docs/summary-format.md)
 * pins.
 */
#ifndef WINNOW_HLL_H
#define WINNOW_HLL_H

#include <stddef.h>
#include <stdint.h>

#define HLL_P 14
#define HLL_M (1u << HLL_P)
#define HLL_RSE 0.0081		/* 1.04 / sqrt(HLL_M) */
#define HLL_BOUND (3 * HLL_RSE)

struct hll {
	uint8_t reg[HLL_M];
};

/* All registers 0: no value seen. */
void hll_init(struct hll *h);

/* The hash hll_add() takes for the bytes s[0 .. n). */
uint64_t hll_hash(const void *s, size_t n);

/* Count a value by its hll_hash(). */
static inline void
hll_add(struct hll *h, uint64_t hash)
{
	uint32_t i = (uint32_t)(hash >> (64 - HLL_P));
	uint64_t w = hash << HLL_P;
	uint8_t r = w ? (uint8_t)(__builtin_clzll(w) + 1) : 64 - HLL_P + 1;

	if (r > 64 - HLL_P + 1)
		r = 64 - HLL_P + 1;
	if (r > h->reg[i])
		h->reg[i] = r;
}

/* a takes the union with b. */
void hll_merge(struct hll *a, const struct hll *b);

/* The estimated number of distinct values. */
double hll_estimate(const struct hll *h);

#endif
