/*
 * kll.c - the KLL sketch (see kll.h).
 *
 * Capacities follow the paper's geometric schedule: the top level holds
 * KLL_K items and each level below 2/3 of the one above, never fewer
 * than 8.  The sketch compacts while it holds more than the sum of the
 * capacities; a compaction of level h sorts it, keeps its last item
 * when the count is odd, and promotes the items at even or odd
 * positions (the coin) to level h + 1, doubling their weight.
 */
#include "core/stats/sketch/kll.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/hash.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

void
kll_init(struct kll *s)
{
	memset(s, 0, sizeof *s);
	s->nlevels = 1;
	s->min = s->max = NAN;
}

void
kll_release(struct kll *s)
{
	uint32_t h;

	if (!s)
		return;
	for (h = 0; h < KLL_MAXLEVELS; h++)
		free(s->lv[h]);
	memset(s, 0, sizeof *s);
}

static uint32_t
level_cap(const struct kll *s, uint32_t h)
{
	double c = KLL_K;
	uint32_t d;

	for (d = s->nlevels - 1 - h; d > 0 && c >= 8; d--)
		c *= 2.0 / 3.0;
	c = ceil(c);
	return c < 8 ? 8 : (uint32_t)c;
}

/* The capacities for the current number of levels. */
static void
caps(struct kll *s)
{
	uint32_t h;

	if (s->capfor == s->nlevels)
		return;
	s->capsum = 0;
	for (h = 0; h < s->nlevels; h++) {
		s->lcap[h] = level_cap(s, h);
		s->capsum += s->lcap[h];
	}
	s->capfor = s->nlevels;
}

static void
push(struct kll *s, uint32_t h, double x)
{
	if (s->len[h] == s->cap[h]) {
		size_t cap = s->cap[h];

		s->lv[h] = xgrow(s->lv[h], &cap, (size_t)s->len[h] + 1,
		    sizeof *s->lv[h]);
		s->cap[h] = (uint32_t)cap;
	}
	s->lv[h][s->len[h]++] = x;
	s->size++;
}

static void
compact(struct kll *s, uint32_t h)
{
	uint32_t n = s->len[h], i, keep, start;
	double *v = s->lv[h], last = 0;

	if (h + 1 >= s->nlevels) {
		if (s->nlevels == KLL_MAXLEVELS)
			return;
		s->nlevels++;
	}
	sort_doubles(v, n);
	keep = n & 1;
	if (keep)
		last = v[n - 1];
	start = (uint32_t)(hash_u64(s->ncompact++, (uint64_t)h) & 1);
	for (i = start; i < n - keep; i += 2)
		push(s, h + 1, v[i]);
	s->size -= n;
	s->len[h] = 0;
	if (keep)
		push(s, h, last);
}

static uint32_t
total(const struct kll *s)
{
	return s->size;
}

static void
settle(struct kll *s)
{
	uint32_t h;

	for (;;) {
		caps(s);
		if (s->size <= s->capsum)
			return;
		for (h = 0; h < s->nlevels; h++)
			if (s->len[h] >= s->lcap[h])
				break;
		if (h == s->nlevels)
			h = 0;
		if (s->len[h] < 2 || (h + 1 == KLL_MAXLEVELS))
			return;
		compact(s, h);
	}
}

void
kll_add(struct kll *s, double x, uint64_t w)
{
	uint32_t h;

	if (isnan(x) || w == 0)
		return;
	if (s->n == 0 || x < s->min)
		s->min = x;
	if (s->n == 0 || x > s->max)
		s->max = x;
	s->n += w;
	for (h = 0; w; h++, w >>= 1) {
		if (!(w & 1))
			continue;
		if (h >= KLL_MAXLEVELS) {
			/* weights of 2^61 and up: more than any count */
			push(s, KLL_MAXLEVELS - 1, x);
			continue;
		}
		while (s->nlevels <= h)
			s->nlevels++;
		push(s, h, x);
	}
	settle(s);
}

void
kll_set_level(struct kll *s, uint32_t h, const double *v, uint32_t n)
{
	uint32_t i;

	while (s->nlevels <= h)
		s->nlevels++;
	for (i = 0; i < n; i++)
		push(s, h, v[i]);
}

void
kll_merge(struct kll *a, const struct kll *b)
{
	uint32_t h, i;

	if (b->n == 0)
		return;
	if (a->n == 0 || b->min < a->min)
		a->min = b->min;
	if (a->n == 0 || b->max > a->max)
		a->max = b->max;
	a->n += b->n;
	while (a->nlevels < b->nlevels)
		a->nlevels++;
	for (h = 0; h < b->nlevels; h++)
		for (i = 0; i < b->len[h]; i++)
			push(a, h, b->lv[h][i]);
	settle(a);
}

uint32_t
kll_size(const struct kll *s)
{
	return total(s);
}

struct witem {
	double x;
	uint64_t w;
};

static int
cmp_witem(const void *a, const void *b, void *ctx)
{
	const struct witem *x = a, *y = b;

	return (x->x > y->x) - (x->x < y->x);
}

/* The items with their weights, ascending; *n gets how many. */
static struct witem *
sorted_items(const struct kll *s, uint32_t *n)
{
	struct witem *it = xmalloc(((size_t)total(s) + 1) * sizeof *it);
	uint32_t h, i, k = 0;

	for (h = 0; h < s->nlevels; h++)
		for (i = 0; i < s->len[h]; i++) {
			it[k].x = s->lv[h][i];
			it[k++].w = (uint64_t)1 << h;
		}
	sort_stable(it, k, sizeof *it, cmp_witem, NULL);
	*n = k;
	return it;
}

void
kll_ranks(const struct kll *s, const uint64_t *rank, size_t nr, double *out)
{
	struct witem *it;
	uint32_t n, i = 0;
	uint64_t cum = 0, total_w = 0;
	size_t k;
	double scale;

	if (s->n == 0) {
		for (k = 0; k < nr; k++)
			out[k] = NAN;
		return;
	}
	it = sorted_items(s, &n);
	for (i = 0; i < n; i++)
		total_w += it[i].w;
	/* the items' weights add up to about n: scale ranks onto them */
	scale = (double)total_w / (double)s->n;
	i = 0;
	for (k = 0; k < nr; k++) {
		double r = (double)rank[k] * scale;

		if (rank[k] == 0) {
			out[k] = s->min;
			continue;
		}
		if (rank[k] + 1 >= s->n) {
			out[k] = s->max;
			continue;
		}
		while (i < n && (double)(cum + it[i].w) <= r) {
			cum += it[i].w;
			i++;
		}
		out[k] = i < n ? it[i].x : s->max;
	}
	free(it);
}

uint64_t
kll_rank_of(const struct kll *s, double x)
{
	struct witem *it;
	uint32_t n, i;
	uint64_t cum = 0, total_w = 0;

	if (s->n == 0)
		return 0;
	it = sorted_items(s, &n);
	for (i = 0; i < n; i++) {
		total_w += it[i].w;
		if (it[i].x <= x)
			cum += it[i].w;
	}
	free(it);
	return total_w ? (uint64_t)((double)cum * (double)s->n /
	    (double)total_w + 0.5) : 0;
}
