/*
 * topk.h - the most frequent values of a stream, with error bounds, in
 * parts that merge (the mergeable form of Metwally et al.'s
 * SpaceSaving given by Agarwal et al., "Mergeable summaries", 2012).
 *
 * A summary keeps up to TOPK_M values, each with an upper bound `count`
 * on its rows and an error `err`: the true count lies in
 * [count - err, count].  `floor` bounds the count of every value the
 * summary does not keep.  A part made from exact counts keeps its TOPK_M
 * largest with err 0 and floor = the largest count it dropped.  Merging
 * two parts adds the counts of the values both keep; a value only one
 * keeps gets the other's floor added to its count and to its err; the
 * TOPK_M largest counts stay and the floor becomes the larger of the
 * floors' sum and the largest count dropped.  Every bound stays true
 * through any number of merges, and a value whose share of the rows is
 * above floor / n is never lost.  Ties keep the older value first, so
 * parts merged in file order rank equal counts by first sight.
 */
#ifndef WINNOW_TOPK_H
#define WINNOW_TOPK_H

#include <stddef.h>
#include <stdint.h>

#define TOPK_M 128

struct topk_item {
	char *s;		/* the value's bytes, NUL-terminated, owned */
	uint32_t len;
	uint64_t count;		/* upper bound on its rows */
	uint64_t err;		/* count - err is a lower bound */
};

struct topk {
	uint32_t n;				/* items kept */
	struct topk_item it[TOPK_M];		/* count descending, ties
						 * by age */
	uint64_t floor;				/* bound for the rest */
};

void topk_init(struct topk *t);
void topk_release(struct topk *t);

/*
 * The part of n exact counts: value i is s[i][0 .. len[i]) with count
 * cnt[i] (zero counts are skipped), in order of first sight.  t must be
 * empty (topk_init).
 */
void topk_of(struct topk *t, const char *const *s, const uint32_t *len,
    const uint64_t *cnt, size_t n);

/* a takes in b (b is unchanged). */
void topk_merge(struct topk *a, const struct topk *b);

/* Append an item as it was saved (reading a summary file); items must
 * come in the summary's order. */
void topk_put(struct topk *t, const char *s, uint32_t len, uint64_t count,
    uint64_t err);

#endif
