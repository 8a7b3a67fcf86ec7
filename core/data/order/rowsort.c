/*
 * rowsort.c - sorting rows by the ranks of their values.
 *
 * Each key's ranks take as many bits as its column has ranks (plus one
 * for missing); keys are packed into one 64-bit sort key while they fit,
 * most significant first, and when they do not, the later keys are
 * sorted first and the earlier ones after, each sort stable (the least
 * significant digit first, as a radix sort goes).
 */
#include "core/data/order/rowsort.h"

#include <string.h>
#include <stdlib.h>

#include "core/util/sort.h"
#include "core/util/xalloc.h"

/* Bytes first, then the shorter string first: the order of strcmp,
 * NUL bytes included. */
static int
cmp_text(const void *a, const void *b, void *ctx)
{
	const struct dict *d = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	size_t nx, ny;
	const char *sx = dict_str(d, x, &nx), *sy = dict_str(d, y, &ny);
	int c = memcmp(sx, sy, nx < ny ? nx : ny);

	if (c)
		return c;
	return (nx > ny) - (nx < ny);
}

/* Bytes off .. off+7 of a string, zero-padded, as a big-endian number:
 * two strings that agree before off and differ here are in the order of
 * these numbers (a string that ends first is zeros there, so it sorts
 * before any longer one but one with NUL bytes, which ties). */
static uint64_t
chunk(const struct dict *d, uint32_t id, size_t off)
{
	size_t n, i;
	const char *s = dict_str(d, id, &n);
	uint64_t v = 0;

	for (i = off; i < off + 8; i++)
		v = v << 8 | (i < n ? (unsigned char)s[i] : 0);
	return v;
}

/*
 * Sort ids[0..m) of d, which agree in their first off bytes, by their
 * text: a radix sort on the next 8 bytes, then each run that ties
 * there the same way 8 bytes on (an MSD radix sort with 64-bit digits);
 * short runs, and runs whose strings all end here, by comparison.  key
 * is m values of scratch.
 */
static void
sort_text(const struct dict *d, uint32_t *ids, uint32_t m, size_t off,
    uint64_t *key)
{
	uint32_t i, j, k;
	size_t len, most;

	if (m < 32) {
		sort_stable(ids, m, sizeof *ids, cmp_text, (void *)d);
		return;
	}
	for (i = 0; i < m; i++)
		key[i] = chunk(d, ids[i], off);
	sort_idx_by_pos(ids, m, key);
	for (i = 0; i < m; i = j) {
		uint64_t p = chunk(d, ids[i], off);

		for (j = i + 1; j < m && chunk(d, ids[j], off) == p; j++)
			;
		if (j - i < 2)
			continue;
		for (k = i, most = 0; k < j; k++) {
			dict_str(d, ids[k], &len);
			if (len > most)
				most = len;
		}
		if (most <= off + 8)
			sort_stable(ids + i, j - i, sizeof *ids, cmp_text,
			    (void *)d);
		else
			sort_text(d, ids + i, j - i, off + 8, key);
	}
}

uint32_t *
rowsort_ranks(const struct column *c, uint32_t *nranks)
{
	uint32_t n = c->dict.n, i, m = 0, r = 0, *rank, *ids;
	uint64_t *key;

	rank = xmalloc(((size_t)n + 1) * sizeof *rank);
	for (i = 0; i < n; i++)
		rank[i] = ROWSORT_MISSING;
	if (coltype_numeric(c->type)) {
		/* the values by number already; equal numbers tie */
		for (i = 0; c->vorder && i < c->nvorder; i++) {
			uint32_t id = c->vorder[i];

			if (i > 0 && c->vnum[id] != c->vnum[c->vorder[i - 1]])
				r++;
			rank[id] = r;
		}
		*nranks = c->nvorder ? r + 1 : 0;
		return rank;
	}
	ids = xmalloc(((size_t)n + 1) * sizeof *ids);
	for (i = 0; i < n; i++)
		if (!c->vmiss[i])
			ids[m++] = i;
	key = xmalloc(((size_t)m + 1) * sizeof *key);
	sort_text(&c->dict, ids, m, 0, key);
	free(key);
	for (i = 0; i < m; i++)
		rank[ids[i]] = i;
	free(ids);
	*nranks = m;
	return rank;
}

/* Bits that hold the values 0 .. v. */
static unsigned
bits_for(uint64_t v)
{
	unsigned b = 1;

	while (b < 64 && (v >> b) != 0)
		b++;
	return b;
}

struct rkey {
	const struct column *c;
	uint32_t *rank;
	uint32_t nranks;	/* missing sorts as nranks */
	unsigned bits;
	int desc;
};

/* Key k's digit for a row: missing last either way. */
static uint64_t
digit(const struct rkey *k, uint32_t row)
{
	uint32_t r = k->rank[k->c->code[row]];

	if (r == ROWSORT_MISSING)
		return k->nranks;
	return k->desc ? k->nranks - 1 - r : r;
}

int
rowsort(const struct table *t, const struct rowsort_key *keys,
    size_t nkeys, uint32_t *rows, uint64_t n, const struct progress *p,
    struct err *e)
{
	struct rkey *rk;
	uint64_t *key = NULL, i, steps, done = 0;
	size_t k, first, end;
	unsigned used;
	int rc = 0;

	for (k = 0; k < nkeys; k++)
		if (keys[k].col < 0 || (size_t)keys[k].col >= t->ncols)
			return err_set(e, ERR_USAGE, "no column %d to sort "
			    "by", keys[k].col);
	if (nkeys == 0 || n < 2)
		return 0;
	rk = xcalloc(nkeys, sizeof *rk);
	steps = 2 * nkeys;
	for (k = 0; k < nkeys; k++) {
		if (progress_step(p, "sorting", done++, steps) < 0) {
			rc = err_set(e, ERR_CANCEL, "sorting cancelled");
			goto out;
		}
		rk[k].c = &t->col[keys[k].col];
		rk[k].rank = rowsort_ranks(rk[k].c, &rk[k].nranks);
		rk[k].bits = bits_for(rk[k].nranks);
		rk[k].desc = keys[k].desc;
	}
	key = xmalloc(n * sizeof *key);
	/* groups of keys that fit 64 bits, the last group sorted first */
	end = nkeys;
	while (end > 0) {
		first = end - 1;
		used = rk[first].bits;
		while (first > 0 && used + rk[first - 1].bits <= 64)
			used += rk[--first].bits;
		if (progress_step(p, "sorting", done, steps) < 0) {
			rc = err_set(e, ERR_CANCEL, "sorting cancelled");
			goto out;
		}
		for (i = 0; i < n; i++) {
			uint64_t v = 0;

			for (k = first; k < end; k++)
				v = (rk[k].bits < 64 ? v << rk[k].bits : 0) |
				    digit(&rk[k], rows[i]);
			key[i] = v;
		}
		sort_idx_by_pos(rows, (size_t)n, key);
		done += end - first;
		end = first;
	}
	progress_step(p, "sorting", steps, steps);
out:
	for (k = 0; k < nkeys; k++)
		free(rk[k].rank);
	free(rk);
	free(key);
	return rc;
}
