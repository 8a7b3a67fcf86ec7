/*
 * bytebuf.c - appending, the buffer grown by xgrow.
 */
#include "core/util/io/bytebuf.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

void
bytebuf_add(struct bytebuf *c, const void *p, size_t n)
{
	if (n == 0)
		return;
	c->b = xgrow(c->b, &c->cap, c->n + n, 1);
	memcpy(c->b + c->n, p, n);
	c->n += n;
}

void
bytebuf_release(struct bytebuf *c)
{
	free(c->b);
	memset(c, 0, sizeof *c);
}
