/*
 * dict.c - open-addressing hash table of interned strings.
 *
 * Linear probing over a power-of-two slot array kept at most half full.
 * Each slot holds id + 1; the per-id 32-bit hash lets probing and
 * rehashing skip string compares and rehash without touching the arena.
 */
#include "core/data/dict.h"

#include <stdlib.h>
#include <pthread.h>
#include <string.h>

#include "core/util/hash.h"
#include "core/util/sort.h"
#include "core/util/io/vbuf.h"
#include "core/util/xalloc.h"

static void slots_ready(const struct dict *d);

/* Is value id the bytes s[0..n)? */
static inline int
same(const struct dict *d, uint32_t id, const void *s, size_t n)
{
	size_t len;
	const char *v = dict_str(d, id, &len);

	return len == n && memcmp(v, s, n) == 0;
}

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
	if (d->mapped)
		vbuf_unmap(d->bytes, d->mapped);
	else
		free(d->bytes);
	FREE_ALL(d->end, d->hash, d->count, d->slot);
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
	atomic_store_explicit(&d->ready, 1, memory_order_relaxed);
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

	if (!atomic_load_explicit(&d->ready, memory_order_relaxed)) {
		if (d->n)
			slots_ready(d);
		else
			dict_rehash(d, 16);
	}
	j = h32 & d->mask;
	while ((sl = d->slot[j]) != 0) {
		id = SLOT_ID(sl);
		if (SLOT_HASH(sl) == h32 && same(d, id, s, n)) {
			d->count[id]++;
			return id;
		}
		j = (j + 1) & d->mask;
	}
	if (d->n >= UINT32_MAX - 1)
		return DICT_NONE;
	id = d->n;
	if (id >= d->cap) {
		size_t cap = xgrow_cap(d->cap, (size_t)id + 1);

		d->end = xreallocarray(d->end, cap, sizeof *d->end);
		d->hash = xreallocarray(d->hash, cap, sizeof *d->hash);
		d->count = xreallocarray(d->count, cap, sizeof *d->count);
		d->cap = cap;
	}
	if (d->mapped && d->nbytes + n + 1 > d->capbytes) {
		/* the reservation is full: carry on in malloc'd memory */
		char *nb = xmalloc(d->nbytes + 1);

		memcpy(nb, d->bytes, d->nbytes);
		vbuf_unmap(d->bytes, d->mapped);
		d->bytes = nb;
		d->capbytes = d->nbytes + 1;
		d->mapped = 0;
	}
	d->bytes = xgrow(d->bytes, &d->capbytes, d->nbytes + n + 1,
	    1);
	if (n)
		memcpy(d->bytes + d->nbytes, s, n);
	d->bytes[d->nbytes + n] = '\0';
	d->nbytes += n + 1;
	d->end[id] = d->nbytes;
	d->hash[id] = h32;
	d->count[id] = 1;
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

	if (d->n == 0)
		return DICT_NONE;
	slots_ready(d);
	h32 = (uint32_t)dict_hash(s, n);
	j = h32 & d->mask;
	while ((sl = d->slot[j]) != 0) {
		id = SLOT_ID(sl);
		if (SLOT_HASH(sl) == h32 && same(d, id, s, n))
			return id;
		j = (j + 1) & d->mask;
	}
	return DICT_NONE;
}

void
dict_reserve(struct dict *d, uint32_t n)
{
	if (d->n && !atomic_load_explicit(&d->ready, memory_order_relaxed))
		slots_ready(d);
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

/* Are cells a and b (row indices into ends/bytes) the same bytes? */
static int
cell_eq(const char *bytes, const uint64_t *ends, uint64_t a, uint64_t b)
{
	uint64_t sa = a ? ends[a - 1] : 0, sb = b ? ends[b - 1] : 0;
	uint64_t la = ends[a] - sa, lb = ends[b] - sb;

	return la == lb && memcmp(bytes + sa, bytes + sb, la) == 0;
}

/*
 * The slot table of a dict built by dict_build, made when first needed
 * (most columns are never searched by value).  Values go in id order with
 * the slot of a value a little ahead prefetched.
 */
static void
slots_build(struct dict *d)
{
	uint64_t want = 16;
	uint32_t i, j, mask;

	while (want < (uint64_t)d->n * 2)
		want *= 2;
	mask = (uint32_t)(want - 1);
	free(d->slot);
	d->slot = xcalloc(want, sizeof *d->slot);
	d->mask = mask;
	for (i = 0; i < d->n; i++) {
		if (i + 16 < d->n)
			__builtin_prefetch(&d->slot[d->hash[i + 16] & mask], 1);
		for (j = d->hash[i] & mask; d->slot[j]; j = (j + 1) & mask)
			;
		d->slot[j] = SLOT(d->hash[i], i);
	}
}

static pthread_mutex_t slots_lock = PTHREAD_MUTEX_INITIALIZER;

/* Make sure a dict built by dict_build can be searched; safe to call from
 * several readers at once. */
static void
slots_ready(const struct dict *d)
{
	struct dict *w = (struct dict *)d;	/* the table is a cache */

	if (atomic_load_explicit(&w->ready, memory_order_acquire))
		return;
	pthread_mutex_lock(&slots_lock);
	if (!atomic_load_explicit(&w->ready, memory_order_relaxed)) {
		slots_build(w);
		atomic_store_explicit(&w->ready, 1, memory_order_release);
	}
	pthread_mutex_unlock(&slots_lock);
}

void
dict_scratch_release(struct dict_scratch *s)
{
	if (!s)
		return;
	FREE_ALL(s->hash, s->ph, s->perm, s->rep, s->tab);
	memset(s, 0, sizeof *s);
}

/* Room for n rows in the scratch arrays. */
static void
scratch_need(struct dict_scratch *s, size_t n)
{
	if (n <= s->cap)
		return;
	FREE_ALL(s->hash, s->ph, s->perm, s->rep);
	s->cap = n;
	s->hash = xmalloc(n * sizeof *s->hash);
	s->ph = xmalloc(n * sizeof *s->ph);
	s->perm = xmalloc(n * sizeof *s->perm);
	s->rep = xmalloc(n * sizeof *s->rep);
}

static void build(struct dict *d, char *bytes, size_t capbytes,
    uint64_t *ends, uint32_t n, uint32_t *code, struct dict_scratch *scratch,
    int mapped);

void
dict_build(struct dict *d, char *bytes, size_t capbytes, uint64_t *ends,
    uint32_t n, uint32_t *code, struct dict_scratch *scratch)
{
	build(d, bytes, capbytes, ends, n, code, scratch, 0);
}

void
dict_build_mapped(struct dict *d, char *bytes, size_t capbytes,
    uint64_t *ends, uint32_t n, uint32_t *code, struct dict_scratch *scratch)
{
	build(d, bytes, capbytes, ends, n, code, scratch, 1);
}

static void
build(struct dict *d, char *bytes, size_t capbytes, uint64_t *ends,
    uint32_t n, uint32_t *code, struct dict_scratch *scratch, int mapped)
{
	struct dict_scratch own = { 0 }, *S = scratch ? scratch : &own;
	uint32_t bits = 0, np, p, r, j, *perm, *rep, *tab, id = 0, x;
	uint64_t start[(1u << 12) + 1], pos[1u << 12];
	uint32_t *ph, *hash, h;
	uint64_t s, e, w = 0, maxpart = 0, ts, mask;

	dict_release(d);
	scratch_need(S, (size_t)n + 1);
	hash = S->hash;
	ph = S->ph;
	perm = S->perm;
	rep = S->rep;
	/* hashed here, in one sequential pass, rather than kept per row
	 * while the file is parsed */
	for (r = 0, s = 0; r < n; s = ends[r], r++)
		hash[r] = (uint32_t)dict_hash(bytes + s, ends[r] - s - 1);
	/* partitions of about 16,384 values: each one's table stays in
	 * cache, and few enough that the scatter below writes to a
	 * manageable number of places at once */
	while (bits < 12 && ((uint64_t)16384 << bits) < n)
		bits++;
	np = 1u << bits;
	memset(start, 0, (np + 1) * sizeof *start);
	for (r = 0; r < n; r++)
		start[(bits ? hash[r] >> (32 - bits) : 0) + 1]++;
	for (p = 0; p < np; p++) {
		if (start[p + 1] > maxpart)
			maxpart = start[p + 1];
		start[p + 1] += start[p];
	}
	memcpy(pos, start, np * sizeof *pos);
	for (r = 0; r < n; r++) {
		p = bits ? hash[r] >> (32 - bits) : 0;
		j = (uint32_t)pos[p]++;
		perm[j] = r;
		ph[j] = hash[r];
	}
	/* within a partition, rows come in file order: the first of equal
	 * cells is the representative of the others */
	for (ts = 16; ts < maxpart * 2; ts *= 2)
		;
	if (ts > S->tabcap) {
		free(S->tab);
		S->tab = xmalloc(ts * sizeof *S->tab);
		S->tabcap = ts;
	}
	tab = S->tab;
	for (p = 0; p < np; p++) {
		for (ts = 16; ts < (start[p + 1] - start[p]) * 2; ts *= 2)
			;
		mask = ts - 1;
		memset(tab, 0, ts * sizeof *tab);
		for (j = (uint32_t)start[p]; j < start[p + 1]; j++) {
			h = ph[j];
			r = perm[j];
			for (s = h & mask; (x = tab[s]) != 0; s = (s + 1) & mask)
				if (ph[x - 1] == h && cell_eq(bytes, ends,
				    perm[x - 1], r))
					break;
			if (x) {
				rep[r] = perm[x - 1];
			} else {
				tab[s] = j + 1;
				rep[r] = r;
			}
		}
	}
	/* ids in order of first sight; the arena and the end offsets are
	 * compacted in place (a value never moves forward) */
	d->hash = xmalloc(((size_t)n + 1) * sizeof *d->hash);
	s = 0;
	for (r = 0; r < n; r++) {
		e = ends[r];
		if (rep[r] == r) {
			if (w != s)
				memmove(bytes + w, bytes + s, e - s);
			w += e - s;
			ends[id] = w;
			d->hash[id] = hash[r];
			code[r] = id++;
		} else {
			code[r] = code[rep[r]];
		}
		s = e;
	}
	d->n = id;
	d->cap = id;
	d->bytes = bytes;
	d->nbytes = w;
	d->capbytes = capbytes;
	d->end = ends;
	d->count = xcalloc((size_t)id + 1, sizeof *d->count);
	for (r = 0; r < n; r++)
		d->count[code[r]]++;
	/* give back what the duplicates took */
	if (id < n) {
		d->end = xrealloc(d->end, ((size_t)id + 1) * sizeof *d->end);
		d->hash = xrealloc(d->hash, ((size_t)id + 1) *
		    sizeof *d->hash);
	}
	if (mapped) {
		struct vbuf vb = { bytes, w, capbytes, capbytes };

		/* keep the strings and a little room; unmap the rest */
		vbuf_trim(&vb, w + 1);
		d->bytes = vb.p ? vb.p : xmalloc(1);
		d->capbytes = vb.p ? vb.reserved : 1;
		d->mapped = vb.p ? vb.reserved : 0;
	} else if (w + 1 < capbytes / 2) {
		d->bytes = xrealloc(d->bytes, w + 1);
		d->capbytes = w + 1;
	}
	if (S == &own)
		dict_scratch_release(&own);
	/* the slot table is made when the dict is first searched */
}

size_t
dict_bytes(const struct dict *d)
{
	return d->capbytes + d->cap * (8 + 4 + 4) +
	    (d->slot ? ((size_t)d->mask + 1) * 8 : 0);
}
