/*
 * topk.c - mergeable SpaceSaving (see topk.h).
 *
 * Summaries are small (TOPK_M items), so a merge simply lists both
 * parts' items with their merged bounds, sorts them by count (stable:
 * the first part's items, then the second's new ones) and keeps the
 * first TOPK_M.  Building a part from exact counts keeps a min-heap of
 * the TOPK_M largest so far: a column of a million distinct values costs
 * one comparison per value once the heap is full.
 */
#include "core/stats/sketch/topk.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/sort.h"
#include "core/util/xalloc.h"

void
topk_init(struct topk *t)
{
	memset(t, 0, sizeof *t);
}

void
topk_release(struct topk *t)
{
	uint32_t i;

	if (!t)
		return;
	for (i = 0; i < t->n; i++)
		free(t->it[i].s);
	memset(t, 0, sizeof *t);
}

void
topk_put(struct topk *t, const char *s, uint32_t len, uint64_t count,
    uint64_t err)
{
	struct topk_item *it;

	if (t->n == TOPK_M)
		return;
	it = &t->it[t->n++];
	it->s = xmalloc((size_t)len + 1);
	memcpy(it->s, s, len);
	it->s[len] = '\0';
	it->len = len;
	it->count = count;
	it->err = err;
}

/* Heap entries: index into the input; the heap's top is the smallest
 * count, and among equal counts the latest seen (dropped first). */
static int
heap_less(const uint64_t *cnt, size_t a, size_t b)
{
	return cnt[a] < cnt[b] || (cnt[a] == cnt[b] && a > b);
}

static void
heap_down(size_t *hp, size_t n, size_t i, const uint64_t *cnt)
{
	size_t c, x = hp[i];

	for (;;) {
		c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && heap_less(cnt, hp[c + 1], hp[c]))
			c++;
		if (!heap_less(cnt, hp[c], x))
			break;
		hp[i] = hp[c];
		i = c;
	}
	hp[i] = x;
}

static int
cmp_rank(const void *pa, const void *pb, const uint64_t *cnt)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	if (cnt[a] != cnt[b])
		return cnt[a] > cnt[b] ? -1 : 1;
	return (a > b) - (a < b);
}

void
topk_of(struct topk *t, const char *const *s, const uint32_t *len,
    const uint64_t *cnt, size_t n)
{
	size_t hp[TOPK_M], nh = 0, i, j, k;
	uint64_t floor = 0;

	for (i = 0; i < n; i++) {
		if (cnt[i] == 0)
			continue;
		if (nh < TOPK_M) {
			hp[nh++] = i;
			if (nh == TOPK_M)
				for (k = TOPK_M / 2; k-- > 0;)
					heap_down(hp, nh, k, cnt);
			continue;
		}
		if (!heap_less(cnt, hp[0], i)) {
			if (cnt[i] > floor)
				floor = cnt[i];
			continue;
		}
		if (cnt[hp[0]] > floor)
			floor = cnt[hp[0]];
		hp[0] = i;
		heap_down(hp, nh, 0, cnt);
	}
	/* insertion sort by count, then first sight: a handful of items */
	for (i = 1; i < nh; i++) {
		size_t x = hp[i];

		for (j = i; j > 0 && cmp_rank(&hp[j - 1], &x, cnt) > 0; j--)
			hp[j] = hp[j - 1];
		hp[j] = x;
	}
	topk_release(t);
	for (i = 0; i < nh; i++)
		topk_put(t, s[hp[i]], len[hp[i]], cnt[hp[i]], 0);
	t->floor = floor;
}

struct cand {
	const struct topk_item *src;
	uint64_t count, err;
	size_t order;
};

static int
cmp_cand(const void *pa, const void *pb, void *ctx)
{
	const struct cand *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

static int
same(const struct topk_item *a, const struct topk_item *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

void
topk_merge(struct topk *a, const struct topk *b)
{
	struct cand c[2 * TOPK_M];
	uint8_t bused[TOPK_M];
	size_t nc = 0, i, j;
	uint64_t floor = a->floor + b->floor;
	struct topk out;

	memset(bused, 0, sizeof bused);
	for (i = 0; i < a->n; i++) {
		c[nc].src = &a->it[i];
		c[nc].count = a->it[i].count;
		c[nc].err = a->it[i].err;
		c[nc].order = nc;
		for (j = 0; j < b->n; j++)
			if (!bused[j] && same(&a->it[i], &b->it[j]))
				break;
		if (j < b->n) {
			bused[j] = 1;
			c[nc].count += b->it[j].count;
			c[nc].err += b->it[j].err;
		} else {
			c[nc].count += b->floor;
			c[nc].err += b->floor;
		}
		nc++;
	}
	for (j = 0; j < b->n; j++) {
		if (bused[j])
			continue;
		c[nc].src = &b->it[j];
		c[nc].count = b->it[j].count + a->floor;
		c[nc].err = b->it[j].err + a->floor;
		c[nc].order = nc;
		nc++;
	}
	sort_stable(c, nc, sizeof *c, cmp_cand, NULL);
	for (i = TOPK_M; i < nc; i++)
		if (c[i].count > floor)
			floor = c[i].count;
	topk_init(&out);
	for (i = 0; i < nc && i < TOPK_M; i++)
		topk_put(&out, c[i].src->s, c[i].src->len, c[i].count,
		    c[i].err);
	out.floor = floor;
	topk_release(a);
	*a = out;
}
