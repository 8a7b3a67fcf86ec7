/*
 * rowsave.c - rows as CSV records, and a file of them.
 */
#include "core/review/rowsave.h"

#include <string.h>

#include "core/review/export.h"

/* Append field s[0..n) to b, quoted when it must be. */
static void
field(struct bytebuf *b, const char *s, size_t n, int delim,
    size_t nfields)
{
	const char *q;

	if (!export_needs_quotes(s, n, delim, nfields)) {
		bytebuf_add(b, s, n);
		return;
	}
	bytebuf_add(b, "\"", 1);
	while ((q = memchr(s, '"', n)) != NULL) {
		bytebuf_add(b, s, (size_t)(q - s) + 1);
		bytebuf_add(b, "\"", 1);
		n -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	bytebuf_add(b, s, n);
	bytebuf_add(b, "\"", 1);
}

void
rowsave_record(const struct table *t, uint64_t row, int delim,
    struct bytebuf *b)
{
	char d = (char)delim;
	const char *s;
	size_t c, n;

	for (c = 0; c < t->ncols; c++) {
		if (c)
			bytebuf_add(b, &d, 1);
		s = table_cell(t, c, row, &n);
		field(b, s, n, delim, t->ncols);
	}
}

int
rowsave_write(const struct table *t, const uint32_t *rows, uint64_t n,
    const char *path, const struct outfile_rule *r, struct err *e)
{
	struct bytebuf b = { NULL, 0, 0 };
	struct outfile of;
	uint64_t i;
	size_t c;

	if (outfile_open(&of, path, r, e) != 0)
		return -1;
	for (c = 0; c < t->ncols; c++) {
		if (c)
			bytebuf_add(&b, ",", 1);
		field(&b, t->col[c].name, strlen(t->col[c].name), ',',
		    t->ncols);
	}
	bytebuf_add(&b, "\n", 1);
	for (i = 0; i <= n; i++) {
		/* a block at a time keeps the buffer small */
		if (b.n >= 1 << 16 || i == n) {
			if (outfile_write(&of, b.b, b.n) != 0)
				break;
			b.n = 0;
		}
		if (i == n)
			break;
		rowsave_record(t, rows[i], ',', &b);
		bytebuf_add(&b, "\n", 1);
	}
	bytebuf_release(&b);
	return outfile_commit(&of, e);
}
