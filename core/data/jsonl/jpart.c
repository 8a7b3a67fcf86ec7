/*
 * jpart.c - one part of a JSON Lines input: lines in, columns of cells
 * out.
 *
 * Each member the scanner lists has a key path; paths are nodes of a
 * small hash table (parent node, key), so the members of a million
 * lines that share their keys cost a probe each.  A path that holds a
 * value (anything but an object with members) has a column.  A column
 * collects its cells in row order; a row where the path is absent gets
 * an empty cell, written when the column next receives one (or when the
 * driver stitches), so a row costs what its members cost, however many
 * columns the table has.
 *
 * A line that is not a JSON object fails the part, or is skipped and
 * counted with --ragged skip; either way its reason is jansson's, asked
 * for on that line only (the scanner's own words stand where jansson
 * stops earlier at a number too big for it, and where the line is JSON
 * but not an object).
 */
#include "core/data/jsonl/jsonl-internal.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/hash.h"
#include "core/util/io/linecarry.h"
#include "core/util/xalloc.h"

void
jpart_init(struct jpart *P, const struct csvload_opts *o, const char *name,
    uint64_t begin, uint64_t end, int first)
{
	memset(P, 0, sizeof *P);
	P->o = o;
	P->name = name;
	P->begin = begin;
	P->end = end;
	P->first = first;
	jscan_init(&P->sc);
	atomic_init(&P->gauge.done, 0);
	atomic_init(&P->gauge.finished, 0);
}

void
jpart_release(struct jpart *P)
{
	uint32_t c;

	jscan_release(&P->sc);
	for (c = 0; c < P->ncol; c++) {
		free(P->col[c].b);
		free(P->col[c].end);
	}
	FREE_ALL(P->col, P->node, P->slot, P->keys, P->inode, P->line);
	bytebuf_release(&P->carry);
	fingerprint_hasher_release(&P->hash);
	memset(P, 0, sizeof *P);
}

/* --- key paths ----------------------------------------------------- */

static uint64_t
node_hash(uint32_t parent, const char *k, size_t n)
{
	return hash_bytes(k, n, 0x9e3779b97f4a7c15ull ^
	    ((uint64_t)parent * 0xbf58476d1ce4e5b9ull));
}

static void
node_rehash(struct jpart *P, uint32_t nslots)
{
	uint32_t i, j;

	free(P->slot);
	P->slot = xcalloc(nslots, sizeof *P->slot);
	P->mask = nslots - 1;
	for (i = 0; i < P->nnode; i++) {
		j = (uint32_t)P->node[i].h & P->mask;
		while (P->slot[j])
			j = (j + 1) & P->mask;
		P->slot[j] = i + 1;
	}
}

/* The node of key k under parent, made when new. */
static uint32_t
node_get(struct jpart *P, uint32_t parent, const char *k, size_t n)
{
	uint64_t h = node_hash(parent, k, n);
	uint32_t j, id;
	struct jnode *d;

	if (P->slot) {
		for (j = (uint32_t)h & P->mask; P->slot[j];
		    j = (j + 1) & P->mask) {
			d = &P->node[P->slot[j] - 1];
			if (d->h == h && d->parent == parent &&
			    d->klen == n && memcmp(P->keys + d->koff, k,
			    n) == 0)
				return P->slot[j] - 1;
		}
	}
	if ((size_t)(P->nnode + 1) * 2 > (size_t)P->mask + 1 || !P->slot) {
		node_rehash(P, P->slot ? (P->mask + 1) * 2 : 64);
		return node_get(P, parent, k, n);
	}
	P->node = xgrow(P->node, &P->nodecap, P->nnode + 1, sizeof *P->node);
	id = P->nnode++;
	d = &P->node[id];
	d->h = h;
	d->parent = parent;
	d->col = JNONE;
	d->klen = (uint32_t)n;
	P->keys = xgrow(P->keys, &P->keycap, P->nkeys + n + 1, 1);
	d->koff = P->nkeys;
	memcpy(P->keys + P->nkeys, k, n);
	P->nkeys += n;
	for (j = (uint32_t)h & P->mask; P->slot[j]; j = (j + 1) & P->mask)
		;
	P->slot[j] = id + 1;
	return id;
}

char *
jpart_path(const struct jpart *P, uint32_t col, size_t *len)
{
	uint32_t nd, depth = 0, i;
	size_t n = 0, at;
	char *out;

	for (nd = P->col[col].node; nd != JNONE; nd = P->node[nd].parent) {
		n += 4 + P->node[nd].klen;
		depth++;
	}
	out = xmalloc(n + 1);
	at = n;
	for (nd = P->col[col].node; nd != JNONE; nd = P->node[nd].parent) {
		uint32_t kl = P->node[nd].klen;

		at -= kl;
		memcpy(out + at, P->keys + P->node[nd].koff, kl);
		at -= 4;
		for (i = 0; i < 4; i++)
			out[at + i] = (char)(kl >> (8 * i));
	}
	(void)depth;
	out[n] = '\0';
	*len = n;
	return out;
}

/* --- cells --------------------------------------------------------- */

/* Empty cells for the rows before `upto` that have none. */
static void
col_fill(struct jcol *c, uint64_t upto)
{
	uint64_t r;

	if (c->rows >= upto)
		return;
	c->end = xgrow(c->end, &c->endcap, upto + 1, sizeof *c->end);
	c->b = xgrow(c->b, &c->cap, c->nb + (upto - c->rows) + 1, 1);
	for (r = c->rows; r < upto; r++) {
		c->b[c->nb++] = '\0';
		c->end[r] = c->nb;
	}
	c->rows = upto;
}

static void
col_put(struct jpart *P, struct jcol *c, const char *s, size_t n)
{
	col_fill(c, P->nrows);
	c->end = xgrow(c->end, &c->endcap, P->nrows + 1, sizeof *c->end);
	c->b = xgrow(c->b, &c->cap, c->nb + n + 1, 1);
	if (n)
		memcpy(c->b + c->nb, s, n);
	c->b[c->nb + n] = '\0';
	c->nb += n + 1;
	c->end[P->nrows] = c->nb;
	c->rows = P->nrows + 1;
}

static void
part_fail(struct jpart *P, int code, size_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
part_fail(struct jpart *P, int code, size_t col, const char *fmt, ...)
{
	va_list ap;

	if (P->failed)
		return;
	P->failed = code;
	P->fail_line = P->lineno;
	P->fail_col = col;
	va_start(ap, fmt);
	vsnprintf(P->fail_why, sizeof P->fail_why, fmt, ap);
	va_end(ap);
	P->stop = 1;
}

/* A new column for node nd, unless the table would grow too wide or
 * too sparse. */
static uint32_t
col_new(struct jpart *P, uint32_t nd, const struct jscan_item *it)
{
	struct jcol *c;

	if (P->ncol + 1 > JMAX_COLS || (uint64_t)(P->ncol + 1) *
	    (P->nrows + 1) > JDENSITY * P->bytes + JSLACK) {
		size_t kn;
		const char *k = jscan_key(&P->sc, it, &kn);

		part_fail(P, ERR_DATA, it->kq + 1, "key '%.*s%s' would be "
		    "column %u of %llu rows: too many distinct keys to read "
		    "as a table (at most %d columns, and %d cells per byte "
		    "of input)", kn > 40 ? 40 : (int)kn, k, kn > 40 ? "..." :
		    "", P->ncol + 1, (unsigned long long)P->nrows + 1,
		    JMAX_COLS, JDENSITY);
		return JNONE;
	}
	P->col = xgrow(P->col, &P->colcap, P->ncol + 1, sizeof *P->col);
	c = &P->col[P->ncol];
	memset(c, 0, sizeof *c);
	c->node = nd;
	P->node[nd].col = P->ncol;
	return P->ncol++;
}

/* --- lines --------------------------------------------------------- */

/*
 * Why line s[0..n) is not an object, in jansson's words where it has
 * them: *col gets the 1-based byte column.
 */
static void
reason(struct jpart *P, const char *s, size_t n, uint64_t *col, char *why,
    size_t cap)
{
	json_error_t je;
	json_t *j;

	j = json_loadb(s, n, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL |
	    JSON_DECODE_ANY, &je);
	if (!j && json_error_code(&je) != json_error_numeric_overflow) {
		*col = je.position > 0 ? (uint64_t)je.position : 1;
		snprintf(why, cap, "not a JSON object: %s", je.text);
		return;
	}
	json_decref(j);
	*col = P->sc.errpos + 1;
	snprintf(why, cap, "not a JSON object: %s", P->sc.why);
}

static void
bad_line(struct jpart *P, const char *s, size_t n)
{
	uint64_t col;
	size_t shift = P->lineno == 1 ? P->bom : 0;

	if (P->o->ragged == CSVLOAD_RAGGED_SKIP) {
		if (P->nskipped++ == 0) {
			reason(P, s, n, &col, P->skip_why,
			    sizeof P->skip_why);
			P->skip_line = P->lineno;
			P->skip_col = col + shift;
		}
		return;
	}
	reason(P, s, n, &col, P->fail_why, sizeof P->fail_why);
	P->failed = ERR_DATA;
	P->fail_line = P->lineno;
	P->fail_col = col + shift;
	P->stop = 1;
}

static void
take_line(struct jpart *P, const char *s, size_t n)
{
	struct jscan *sc = &P->sc;
	const struct jscan_item *it;
	uint32_t nd, parent, c;
	const char *k, *v;
	size_t i, kn, vn;
	int r;

	P->lineno++;
	P->bytes += n + 1;
	r = jscan_line(sc, s, n);
	if (r == 0)
		return;
	if (r < 0) {
		bad_line(P, s, n);
		return;
	}
	P->inode = xgrow(P->inode, &P->inodecap, sc->nit ? sc->nit : 1,
	    sizeof *P->inode);
	for (i = 0; i < sc->nit; i++) {
		it = &sc->it[i];
		parent = it->parent < 0 ? JNONE : P->inode[it->parent];
		k = jscan_key(sc, it, &kn);
		nd = P->inode[i] = node_get(P, parent, k, kn);
		if (it->kind == JSCAN_OBJECT && it->nmemb > 0)
			continue;	/* opened up: its members hold values */
		c = P->node[nd].col;
		if (c == JNONE && (c = col_new(P, nd, it)) == JNONE)
			return;
		switch (it->kind) {
		case JSCAN_STRING:
			v = jscan_str(sc, it, &vn);
			break;
		case JSCAN_NULL:
			v = "";
			vn = 0;
			break;
		default:	/* numbers, true, false, arrays, {} as written */
			v = s + it->vs;
			vn = it->ve - it->vs;
			break;
		}
		col_put(P, &P->col[c], v, vn);
	}
	P->line = xgrow(P->line, &P->linecap, P->nrows + 1, sizeof *P->line);
	P->line[P->nrows++] = P->lineno;
}

void
jpart_feed(struct jpart *P, const char *buf, size_t n, int last)
{
	const char *nl;
	size_t pos = 0;
	int whole, lf;

	if (P->stop)
		return;
	if (P->carry.n) {
		/* the line the last block cut short goes on here */
		pos = linecarry_join(&P->carry, buf, n, last, &whole, &lf);
		if (!whole)
			return;
		take_line(P, P->carry.b, P->carry.n);
		P->carry.n = 0;
	}
	while (pos < n && !P->stop) {
		nl = memchr(buf + pos, '\n', n - pos);
		if (!nl)
			break;
		take_line(P, buf + pos, (size_t)(nl - buf) - pos);
		pos = (size_t)(nl - buf) + 1;
	}
	if (pos < n && !P->stop) {
		if (last)
			take_line(P, buf + pos, n - pos);
		else
			linecarry_keep(&P->carry, buf + pos, n - pos);
	}
}
