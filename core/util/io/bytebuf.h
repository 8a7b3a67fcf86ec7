/*
 * bytebuf.h - bytes appended to a buffer that grows: decoded strings,
 * lines built edit by edit, a line carried between blocks of input.
 */
#ifndef WINNOW_BYTEBUF_H
#define WINNOW_BYTEBUF_H

#include <stddef.h>

struct bytebuf {
	char *b;		/* n bytes in use (NULL while empty) */
	size_t n, cap;
};

/* Append p[0..n). */
void bytebuf_add(struct bytebuf *c, const void *p, size_t n);

/* Free the bytes; the buffer is empty afterwards. */
void bytebuf_release(struct bytebuf *c);

#endif
