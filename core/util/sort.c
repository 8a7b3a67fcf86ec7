/*
 * sort.c - LSD radix sort, 8 bits a pass, passes whose byte is the same
 * for every key skipped; small inputs use insertion sort.  And a
 * top-down merge sort for comparators with a context: insertion sort
 * below SORT_RUN elements, a merge only where the halves overlap, the
 * left half copied out and merged back in place.
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

/* A radix pass's byte counts cnt[256] into the start of each byte's
 * run. */
static void
offsets(size_t *cnt)
{
	size_t i, sum = 0, c;

	for (i = 0; i < 256; i++) {
		c = cnt[i];
		cnt[i] = sum;
		sum += c;
	}
}

static void
radix_kv(struct kv *a, size_t n)
{
	struct kv *tmp, *src, *dst, *t;
	size_t cnt[256], i, pass;
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
		offsets(cnt);
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

/* idx sorted by key[idx[i]] (key[i] when pos), or by val[idx[i]] when
 * key is NULL. */
static void
sort_idx_by(uint32_t *idx, size_t n, const uint64_t *key, int pos,
    const double *val)
{
	struct kv *a = xmalloc((n ? n : 1) * sizeof *a);
	size_t i;

	for (i = 0; i < n; i++) {
		a[i].k = !key ? sort_key_double(val[idx[i]]) : pos ? key[i] :
		    key[idx[i]];
		a[i].v = idx[i];
	}
	radix_kv(a, n);
	for (i = 0; i < n; i++)
		idx[i] = a[i].v;
	free(a);
}

void
sort_idx_by_u64(uint32_t *idx, size_t n, const uint64_t *key)
{
	sort_idx_by(idx, n, key, 0, NULL);
}

void
sort_idx_by_pos(uint32_t *idx, size_t n, uint64_t *key)
{
	sort_idx_by(idx, n, key, 1, NULL);
}

void
sort_idx_by_double(uint32_t *idx, size_t n, const double *val)
{
	sort_idx_by(idx, n, NULL, 0, val);
}

static int
cmp_double(const void *a, const void *b, void *ctx)
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
		sort_stable(v, n, sizeof *v, cmp_double, NULL);
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

void
sort_u32(uint32_t *v, size_t n, uint32_t *tmp)
{
	size_t cnt[256], i, j, pass;
	uint32_t x, diff = 0, *own = NULL, *src = v, *dst, *t;

	if (n <= 48) {
		for (i = 1; i < n; i++) {
			x = v[i];
			for (j = i; j > 0 && v[j - 1] > x; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	for (i = 1; i < n; i++)
		diff |= v[i] ^ v[0];
	if (!tmp)
		tmp = own = xmalloc(n * sizeof *tmp);
	dst = tmp;
	for (pass = 0; pass < 32; pass += 8) {
		if (((diff >> pass) & 0xff) == 0)
			continue;
		memset(cnt, 0, sizeof cnt);
		for (i = 0; i < n; i++)
			cnt[(src[i] >> pass) & 0xff]++;
		offsets(cnt);
		for (i = 0; i < n; i++)
			dst[cnt[(src[i] >> pass) & 0xff]++] = src[i];
		t = src;
		src = dst;
		dst = t;
	}
	if (src != v)
		memcpy(v, src, n * sizeof *v);
	free(own);
}

#define SORT_RUN 16

struct msort {
	size_t size;
	int (*cmp)(const void *, const void *, void *);
	void *ctx;
	char *tmp;		/* room for half the elements, at least one */
};

static void
insertion(const struct msort *M, char *a, size_t n)
{
	size_t i, j, sz = M->size;

	for (i = 1; i < n; i++) {
		if (M->cmp(a + (i - 1) * sz, a + i * sz, M->ctx) <= 0)
			continue;
		memcpy(M->tmp, a + i * sz, sz);
		for (j = i; j > 0 && M->cmp(a + (j - 1) * sz, M->tmp,
		    M->ctx) > 0; j--)
			;
		memmove(a + (j + 1) * sz, a + j * sz, (i - j) * sz);
		memcpy(a + j * sz, M->tmp, sz);
	}
}

static void
msort(const struct msort *M, char *a, size_t n)
{
	size_t h = n / 2, i = 0, j = h, o = 0, sz = M->size;

	if (n <= SORT_RUN) {
		insertion(M, a, n);
		return;
	}
	msort(M, a, h);
	msort(M, a + h * sz, n - h);
	if (M->cmp(a + (h - 1) * sz, a + h * sz, M->ctx) <= 0)
		return;		/* already in order */
	/* the left half out, merged back: a right element goes first only
	 * when it is strictly smaller, which keeps equal ones in order */
	memcpy(M->tmp, a, h * sz);
	while (i < h && j < n) {
		if (M->cmp(a + j * sz, M->tmp + i * sz, M->ctx) < 0)
			memcpy(a + o++ * sz, a + j++ * sz, sz);
		else
			memcpy(a + o++ * sz, M->tmp + i++ * sz, sz);
	}
	memcpy(a + o * sz, M->tmp + i * sz, (h - i) * sz);
}

void
sort_stable(void *base, size_t n, size_t size,
    int (*cmp)(const void *a, const void *b, void *ctx), void *ctx)
{
	struct msort M;
	char one[64];

	if (n < 2 || size == 0)
		return;
	M.size = size;
	M.cmp = cmp;
	M.ctx = ctx;
	if (n <= SORT_RUN && size <= sizeof one)
		M.tmp = one;
	else
		M.tmp = xmalloc((n / 2 + 1) * size);
	msort(&M, base, n);
	if (M.tmp != one)
		free(M.tmp);
}
