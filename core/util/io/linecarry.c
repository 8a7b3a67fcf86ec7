/*
 * linecarry.c - joining a carried line, keeping one.
 */
#include "core/util/io/linecarry.h"

#include <string.h>

size_t
linecarry_join(struct bytebuf *c, const char *buf, size_t n, int last,
    int *whole, int *nl)
{
	const char *end = memchr(buf, '\n', n);
	size_t take = end ? (size_t)(end - buf) : n;

	bytebuf_add(c, buf, take);
	*nl = end != NULL;
	*whole = end || last;
	return end ? take + 1 : n;
}

void
linecarry_keep(struct bytebuf *c, const char *p, size_t n)
{
	c->n = 0;
	bytebuf_add(c, p, n);
}
