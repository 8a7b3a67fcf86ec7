/*
 * cols.c - a part's column buffers.
 *
 * Every column starts interned: each value is hashed on arrival, queued
 * (struct colq) and interned into the column's dict a few values later,
 * so that the dict slots are prefetched by then.  After the first rows
 * of a part, a column whose values are mostly new (ids, free text,
 * measurements) switches to collecting its cells (struct colbuf): its
 * rows so far are written out of the dict in order, and the dict goes.
 * The stitch deduplicates collected columns in one go (dict_build).
 *
 * Invariant: for each column exactly one of code[c] (interned) and
 * cb[c] (collected, append[c] == 1) holds the rows pushed so far, except
 * for values still waiting in q[c].
 */
#include "core/data/csv/csvload-internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

void
cols_init(struct cols *C, size_t n)
{
	size_t c;

	memset(C, 0, sizeof *C);
	C->n = n;
	C->dict = xcalloc(n, sizeof *C->dict);
	for (c = 0; c < n; c++)
		dict_init(&C->dict[c]);
	C->code = xcalloc(n, sizeof *C->code);
	C->q = xcalloc(n, sizeof *C->q);
	C->cb = xcalloc(n, sizeof *C->cb);
	C->append = xcalloc(n, 1);
}

void
cols_release(struct cols *C)
{
	size_t c;

	if (C->dict) {
		for (c = 0; c < C->n; c++)
			dict_release(&C->dict[c]);
		free(C->dict);
	}
	if (C->code) {
		for (c = 0; c < C->n; c++)
			free(C->code[c]);
		free(C->code);
	}
	if (C->q) {
		for (c = 0; c < C->n; c++)
			free(C->q[c].buf);
		free(C->q);
	}
	free(C->append);
	if (C->cb) {
		for (c = 0; c < C->n; c++)
			cols_buf_free(&C->cb[c]);
		free(C->cb);
	}
	C->dict = NULL;
	C->code = NULL;
	C->q = NULL;
	C->append = NULL;
	C->cb = NULL;
}

void
cols_grow(struct cols *C, uint64_t ncap)
{
	size_t c, cap;

	for (c = 0; c < C->n; c++) {
		cap = C->cap;
		if (C->append[c])
			C->cb[c].end = xgrow(C->cb[c].end, &cap, ncap,
			    sizeof *C->cb[c].end);
		else
			C->code[c] = xgrow(C->code[c], &cap, ncap,
			    sizeof *C->code[c]);
	}
	C->cap = ncap;
}

int
cols_flush_one(struct cols *C, size_t f)
{
	struct colq *q = &C->q[f];
	struct dict *d = &C->dict[f];
	uint32_t *code = C->code[f];
	uint32_t id;
	int i, rc = 0;

	for (i = 0; i < q->n; i++) {
		struct pend *p = &q->p[i];

		id = dict_intern_h(d, q->buf + p->off, p->len, p->h);
		if (id == DICT_NONE) {
			rc = -1;
			break;
		}
		code[p->row] = id;
	}
	q->n = 0;
	q->blen = 0;
	return rc;
}

int
cols_flush(struct cols *C)
{
	size_t f;
	int rc = 0;

	for (f = 0; f < C->n; f++)
		if (cols_flush_one(C, f) != 0)
			rc = -1;
	return rc;
}

void
cols_unpush(struct cols *C, size_t f, uint64_t row)
{
	struct colq *q = &C->q[f];

	if (C->append[f]) {
		/* the row's cell is the last one: forget it */
		C->cb[f].nb = row ? C->cb[f].end[row - 1] : 0;
		return;
	}
	if (q->n > 0 && q->p[q->n - 1].row == row) {
		q->n--;
		q->blen = q->p[q->n].off;
	} else {
		C->dict[f].count[C->code[f][row]]--;
	}
}

/*
 * Room for n more bytes in a column's buffer.  A vbuf that would
 * overflow its reservation (only possible with unusual input, e.g. many
 * padded cells) hands over to malloc'd memory.
 */
void
cols_buf_room(struct colbuf *cb, size_t n)
{
	if (cb->vb.p) {
		cb->vb.len = cb->nb;
		if (vbuf_room(&cb->vb, n))
			return;
		{
			char *m = xmalloc((cb->nb + n) * 2);

			memcpy(m, cb->b, cb->nb);
			vbuf_release(&cb->vb);
			cb->b = m;
			cb->cap = (cb->nb + n) * 2;
		}
		return;
	}
	cb->b = xgrow(cb->b, &cb->cap, cb->nb + n, 1);
}

/* Start a column's buffer with room for reserve bytes of address
 * space (falls back to malloc quietly). */
static void
buf_start(struct colbuf *cb, size_t reserve)
{
	if (vbuf_init(&cb->vb, reserve) == 0) {
		cb->b = cb->vb.p;
		cb->cap = cb->vb.reserved;
	}
	cb->nb = 0;
}

void
cols_buf_free(struct colbuf *cb)
{
	if (cb->vb.p)
		vbuf_release(&cb->vb);
	else
		free(cb->b);
	free(cb->end);
	memset(cb, 0, sizeof *cb);
}

void
cols_trim(struct cols *C)
{
	size_t f;

	for (f = 0; f < C->n; f++) {
		struct colbuf *cb = &C->cb[f];

		if (!C->append[f] || !cb->vb.p)
			continue;
		vbuf_trim(&cb->vb, cb->nb);
		cb->b = cb->vb.p;
		cb->cap = cb->vb.reserved;
		if (!cb->b) {
			/* nothing was in it: an empty malloc'd buffer */
			cb->b = xmalloc(1);
			cb->cap = 1;
		}
	}
}

void
cols_collect(struct cols *C, size_t f, uint64_t nrows, size_t reserve)
{
	struct colbuf *cb = &C->cb[f];
	struct dict *d = &C->dict[f];
	uint64_t r;
	size_t n;
	const char *s;

	cols_flush_one(C, f);
	free(cb->end);
	cb->end = xreallocarray(NULL, C->cap ? C->cap : 1, sizeof *cb->end);
	buf_start(cb, reserve);
	for (r = 0; r < nrows; r++) {
		s = dict_str(d, C->code[f][r], &n);
		cols_buf_room(cb, n + 1);
		memcpy(cb->b + cb->nb, s, n + 1);
		cb->nb += n + 1;
		cb->end[r] = cb->nb;
	}
	free(C->code[f]);
	C->code[f] = NULL;
	dict_release(d);
	C->append[f] = 1;
}

void
cols_switch(struct cols *C, uint64_t nrows, size_t reserve)
{
	size_t f;

	for (f = 0; f < C->n; f++)
		if (!C->append[f] && (uint64_t)C->dict[f].n * 2 > nrows)
			cols_collect(C, f, nrows, reserve);
}
