/*
 * inwin.h - a window over an input read front to back, for copies that
 * pass most bytes through as they are and rewrite a few (the cleaned
 * export of a file, and of one part of it): the bytes [base, base + n)
 * in memory, the offset up to which they have been handed on, and the
 * move that hands on what lies before a new start and reads on.
 *
 * Invariants: base <= caught <= base + n whenever bytes are handed on;
 * cap - n >= INWIN_STEP after a refill, so a refill always reads.
 */
#ifndef WINNOW_INWIN_H
#define WINNOW_INWIN_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"

#define INWIN_STEP (1u << 20)	/* input bytes read at a time, at least */

struct inwin {
	char *buf;			/* the input's bytes [base, base + n) */
	uint64_t base;
	size_t n, cap;
	uint64_t caught;		/* bytes before it are handed on */
	/* Read at most n bytes at offset off into p: how many, 0 at the
	 * end of the input, -1 with e filled. */
	long long (*read)(void *ctx, char *p, size_t n, uint64_t off,
	    struct err *e);
	/* Hand on bytes [caught, to) (inwin_catch_up). */
	void (*put)(void *ctx, const void *p, size_t n);
	void *ctx;			/* for both */
};

/* An empty window at offset 0 with room for two steps. */
void inwin_init(struct inwin *w, long long (*read)(void *, char *, size_t,
    uint64_t, struct err *), void (*put)(void *, const void *, size_t),
    void *ctx);

/* Free the buffer (w may then be initialised again). */
void inwin_release(struct inwin *w);

/* The input's byte at offset off, which is in the window. */
static inline const char *
inwin_at(const struct inwin *w, uint64_t off)
{
	return w->buf + (off - w->base);
}

/* Hand on the bytes [caught, to) (in the window); caught becomes to. */
void inwin_catch_up(struct inwin *w, uint64_t to);

/*
 * Hand on what lies before from, move the window to start at from and
 * read on towards end (the input's end, or where the caller stops) until
 * the buffer is full.  Returns 0; 1 when the input ended before end;
 * -1 with e filled when a read failed.
 */
int inwin_refill(struct inwin *w, uint64_t from, uint64_t end,
    struct err *e);

#endif
