/*
 * sort.c - LSD radix sort, 8 bits a pass, passes whose byte is the same
 * for every key skipped.  Small inputs use insertion sort.
 */
#include "core/util/sort.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

uint64_t
sort_key_double(double v)
{
	uint64_t u;

	if (v == 0)
		v = 0.0;	/* -0 and +0 compare equal: one key */
	memcpy(&u, &v, sizeof u);
	if (v != v)
		return UINT64_MAX;
	return (u >> 63) ? ~u : u | 0x8000000000000000ull;
}

struct kv {
	uint64_t k;
	uint32_t v;
};

static void
radix_kv(struct kv *a, size_t n)
{
	struct kv *tmp, *src, *dst, *t;
	size_t cnt[256], i, pass, sum, c;
	uint64_t diff = 0;

	if (n < 2)
		return;
	if (n <= 32) {
		for (i = 1; i < n; i++) {
			struct kv x = a[i];
			size_t j = i;

			while (j > 0 && a[j - 1].k > x.k) {
				a[j] = a[j - 1];
				j--;
			}
			a[j] = x;
		}
		return;
	}
	for (i = 1; i < n; i++)
		diff |= a[i].k ^ a[0].k;
	tmp = xmalloc(n * sizeof *tmp);
	src = a;
	dst = tmp;
	for (pass = 0; pass < 64; pass += 8) {
		if (((diff >> pass) & 0xff) == 0)
			continue;
		memset(cnt, 0, sizeof cnt);
		for (i = 0; i < n; i++)
			cnt[(src[i].k >> pass) & 0xff]++;
		for (sum = 0, i = 0; i < 256; i++) {
			c = cnt[i];
			cnt[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[cnt[(src[i].k >> pass) & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != a)
		memcpy(a, src, n * sizeof *a);
	free(tmp);
}

void
sort_idx_by_u64(uint32_t *idx, size_t n, const uint64_t *key)
{
	struct kv *a = xmalloc((n ? n : 1) * sizeof *a);
	size_t i;

	for (i = 0; i < n; i++) {
		a[i].k = key[idx[i]];
		a[i].v = idx[i];
	}
	radix_kv(a, n);
	for (i = 0; i < n; i++)
		idx[i] = a[i].v;
	free(a);
}

void
sort_idx_by_double(uint32_t *idx, size_t n, const double *val)
{
	struct kv *a = xmalloc((n ? n : 1) * sizeof *a);
	size_t i;

	for (i = 0; i < n; i++) {
		a[i].k = sort_key_double(val[idx[i]]);
		a[i].v = idx[i];
	}
	radix_kv(a, n);
	for (i = 0; i < n; i++)
		idx[i] = a[i].v;
	free(a);
}

static int
cmp_double(const void *a, const void *b)
{
	uint64_t x = sort_key_double(*(const double *)a);
	uint64_t y = sort_key_double(*(const double *)b);

	return (x > y) - (x < y);
}

void
sort_doubles(double *v, size_t n)
{
	struct kv *a;
	size_t i;

	if (n < 64) {
		qsort(v, n, sizeof *v, cmp_double);
		return;
	}
	a = xmalloc(n * sizeof *a);
	for (i = 0; i < n; i++) {
		a[i].k = sort_key_double(v[i]);
		a[i].v = (uint32_t)i;
	}
	radix_kv(a, n);
	{
		double *out = xmalloc(n * sizeof *out);

		for (i = 0; i < n; i++)
			out[i] = v[a[i].v];
		memcpy(v, out, n * sizeof *v);
		free(out);
	}
	free(a);
}
