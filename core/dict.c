/*
 * dict.c - open-addressing hash table of interned strings.
 *
 * Linear probing over a power-of-two slot array kept at most half full.
 * Each slot holds id + 1; the per-id 32-bit hash lets probing and
 * rehashing skip string compares and rehash without touching the arena.
 */
#include "dict.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "xalloc.h"

void
dict_init(struct dict *d)
{
	memset(d, 0, sizeof *d);
}

void
dict_release(struct dict *d)
{
	if (!d)
		return;
	free(d->bytes);
	free(d->off);
	free(d->len);
	free(d->hash);
	free(d->count);
	free(d->slot);
	dict_init(d);
}

uint64_t
dict_hash(const void *s, size_t n)
{
	return hash_bytes(s, n, 0x243f6a8885a308d3ull);
}

/* A slot: the value's 32-bit hash above, id + 1 below; 0 is empty. */
#define SLOT(h32, id)	((uint64_t)(h32) << 32 | ((uint64_t)(id) + 1))
#define SLOT_ID(s)	((uint32_t)(s) - 1)
#define SLOT_HASH(s)	((uint32_t)((s) >> 32))

static void
dict_rehash(struct dict *d, uint32_t nslots)
{
	uint32_t i, j, mask = nslots - 1;

	free(d->slot);
	d->slot = xcalloc(nslots, sizeof *d->slot);
	d->mask = mask;
	for (i = 0; i < d->n; i++) {
		j = d->hash[i] & mask;
		while (d->slot[j])
			j = (j + 1) & mask;
		d->slot[j] = SLOT(d->hash[i], i);
	}
}

uint32_t
dict_intern_h(struct dict *d, const void *s, size_t n, uint64_t h)
{
	uint32_t h32 = (uint32_t)h, j, id;
	uint64_t sl;

	if (!d->slot)
		dict_rehash(d, 16);
	j = h32 & d->mask;
	while ((sl = d->slot[j]) != 0) {
		id = SLOT_ID(sl);
		if (SLOT_HASH(sl) == h32 && d->len[id] == n &&
		    memcmp(d->bytes + d->off[id], s, n) == 0) {
			d->count[id]++;
			return id;
		}
		j = (j + 1) & d->mask;
	}
	if (d->n >= UINT32_MAX - 1)
		return DICT_NONE;
	id = d->n;
	if (id >= d->cap) {
		size_t cap = d->cap;

		d->off = xgrow(d->off, &cap, (size_t)id + 1, sizeof *d->off);
		cap = d->cap;
		d->len = xgrow(d->len, &cap, (size_t)id + 1, sizeof *d->len);
		cap = d->cap;
		d->hash = xgrow(d->hash, &cap, (size_t)id + 1, sizeof *d->hash);
		cap = d->cap;
		d->count = xgrow(d->count, &cap, (size_t)id + 1,
		    sizeof *d->count);
		d->cap = cap;
	}
	d->bytes = xgrow(d->bytes, &d->capbytes, d->nbytes + n + 1, 1);
	if (n)
		memcpy(d->bytes + d->nbytes, s, n);
	d->bytes[d->nbytes + n] = '\0';
	d->off[id] = d->nbytes;
	d->len[id] = (uint32_t)n;
	d->hash[id] = h32;
	d->count[id] = 1;
	d->nbytes += n + 1;
	d->n = id + 1;
	d->slot[j] = SLOT(h32, id);
	if ((uint64_t)d->n * 2 > (uint64_t)d->mask + 1)
		dict_rehash(d, (d->mask + 1) * 2);
	return id;
}

uint32_t
dict_intern(struct dict *d, const void *s, size_t n)
{
	return dict_intern_h(d, s, n, dict_hash(s, n));
}

uint32_t
dict_find(const struct dict *d, const void *s, size_t n)
{
	uint32_t h32, j, id;
	uint64_t sl;

	if (!d->slot)
		return DICT_NONE;
	h32 = (uint32_t)dict_hash(s, n);
	j = h32 & d->mask;
	while ((sl = d->slot[j]) != 0) {
		id = SLOT_ID(sl);
		if (SLOT_HASH(sl) == h32 && d->len[id] == n &&
		    memcmp(d->bytes + d->off[id], s, n) == 0)
			return id;
		j = (j + 1) & d->mask;
	}
	return DICT_NONE;
}

void
dict_reserve(struct dict *d, uint32_t n)
{
	uint64_t want = 16;

	while (want < (uint64_t)n * 2)
		want *= 2;
	if (want > (1ull << 31))
		want = 1ull << 31;
	if (!d->slot || want > (uint64_t)d->mask + 1)
		dict_rehash(d, (uint32_t)want);
}

int
dict_merge(struct dict *dst, const struct dict *src, uint32_t *remap)
{
	uint32_t i, id;
	size_t n;
	const char *s;

	dict_reserve(dst, dst->n + src->n);
	for (i = 0; i < src->n; i++) {
		/* the slot a few values ahead will be needed soon */
		if (i + 8 < src->n)
			__builtin_prefetch(&dst->slot[src->hash[i + 8] &
			    dst->mask]);
		s = dict_str(src, i, &n);
		/* only the low 32 bits of the hash are used: the stored ones */
		id = dict_intern_h(dst, s, n, src->hash[i]);
		if (id == DICT_NONE)
			return -1;
		/* dict_intern_h counted one; add the rest (modulo 2^32, so a
		 * zero count from skipped rows adds nothing) */
		dst->count[id] += src->count[i] - 1;
		remap[i] = id;
	}
	return 0;
}

size_t
dict_bytes(const struct dict *d)
{
	return d->capbytes + d->cap * (8 + 4 + 4 + 4) +
	    (d->slot ? ((size_t)d->mask + 1) * 8 : 0);
}
