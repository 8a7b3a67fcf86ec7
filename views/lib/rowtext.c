/*
 * rowtext.c - cells and records as text to copy.
 */
#include "views/lib/rowtext.h"

#include <string.h>

#include "core/review/rowsave.h"
#include "core/util/io/bytebuf.h"
#include "core/util/xalloc.h"

/* The bytes of b, NUL-terminated, taken from it. */
static char *
take(struct bytebuf *b, size_t *len)
{
	char *s;

	bytebuf_add(b, "", 1);
	*len = b->n - 1;
	s = b->b;
	b->b = NULL;
	b->n = b->cap = 0;
	return s;
}

char *
rowtext_cell(const struct table *t, size_t col, uint64_t row, size_t *len)
{
	struct bytebuf b = { NULL, 0, 0 };
	size_t n;
	const char *s = table_cell(t, col, row, &n);

	bytebuf_add(&b, s, n);
	return take(&b, len);
}

char *
rowtext_record(const struct table *t, uint64_t row, size_t *len)
{
	struct bytebuf b = { NULL, 0, 0 };

	rowsave_record(t, row, t->format == TABLE_CSV && t->delim ? t->delim :
	    ',', &b);
	return take(&b, len);
}
