/*
 * inwin.c - the input window: handing on, moving and reading on.
 */
#include "core/util/io/inwin.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

void
inwin_init(struct inwin *w, long long (*read)(void *, char *, size_t,
    uint64_t, struct err *), void (*put)(void *, const void *, size_t),
    void *ctx)
{
	*w = (struct inwin){ .cap = 2 * INWIN_STEP, .read = read, .put = put,
	    .ctx = ctx };
	w->buf = xmalloc(w->cap);
}

void
inwin_release(struct inwin *w)
{
	free(w->buf);
	memset(w, 0, sizeof *w);
}

void
inwin_catch_up(struct inwin *w, uint64_t to)
{
	if (to > w->caught)
		w->put(w->ctx, inwin_at(w, w->caught),
		    (size_t)(to - w->caught));
	w->caught = to;
}

int
inwin_refill(struct inwin *w, uint64_t from, uint64_t end, struct err *e)
{
	uint64_t got = w->base + w->n;
	size_t keep;
	long long r;

	inwin_catch_up(w, from);
	keep = (size_t)(got - from);
	memmove(w->buf, inwin_at(w, from), keep);
	w->base = from;
	w->n = keep;
	if (w->cap - w->n < INWIN_STEP) {
		w->cap = w->n + 2 * INWIN_STEP;
		w->buf = xrealloc(w->buf, w->cap);
	}
	while (w->n < w->cap && got < end) {
		r = w->read(w->ctx, w->buf + w->n, end - got < w->cap - w->n ?
		    (size_t)(end - got) : w->cap - w->n, got, e);
		if (r < 0)
			return -1;
		if (r == 0)
			return 1;
		w->n += (size_t)r;
		got += (uint64_t)r;
	}
	return 0;
}
