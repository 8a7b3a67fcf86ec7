/*
 * linecarry.c - a growing buffer for one line.
 */
#include "core/util/io/linecarry.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

static void
add(struct linecarry *c, const char *p, size_t n)
{
	if (n == 0)
		return;
	c->b = xgrow(c->b, &c->cap, c->n + n, 1);
	memcpy(c->b + c->n, p, n);
	c->n += n;
}

size_t
linecarry_join(struct linecarry *c, const char *buf, size_t n, int last,
    int *whole, int *nl)
{
	const char *end = memchr(buf, '\n', n);
	size_t take = end ? (size_t)(end - buf) : n;

	add(c, buf, take);
	*nl = end != NULL;
	*whole = end || last;
	return end ? take + 1 : n;
}

void
linecarry_keep(struct linecarry *c, const char *p, size_t n)
{
	c->n = 0;
	add(c, p, n);
}

void
linecarry_release(struct linecarry *c)
{
	free(c->b);
	memset(c, 0, sizeof *c);
}
