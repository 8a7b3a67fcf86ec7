/*
 * locate.c - where a part's failure is, and the message that says so.
 *
 * A part remembers only where the failing record started (the line,
 * its offset, how many records began on that line before it) and which
 * field to point at; the column is found here, on the error path, by
 * re-reading the record.
 */
#include "core/data/csv/csvload-internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

void
locate_field(const struct loader *L, uint64_t off, uint64_t line, uint64_t skip,
    size_t field, uint64_t *oline, uint64_t *ocol)
{
	enum { S_START, S_UNQ, S_Q, S_QQ } st = S_START;
	char *buf = L->src.fd >= 0 ? xmalloc(CHUNK) : NULL;
	const char *data;
	long long n, i;
	uint64_t col = 1;
	size_t f = 0;
	int in_rec = 0;
	struct err e;
	unsigned char ch;

	while ((n = src_read(&L->src, off, buf, CHUNK, &data, &e)) > 0) {
		for (i = 0; i < n; i++) {
			ch = (unsigned char)data[i];
			if (st == S_START && skip == 0 && f == field &&
			    in_rec + (ch != '\r' && ch != '\n') > 0)
				goto found;
			if (st == S_Q) {
				if (ch == '"')
					st = S_QQ;
				goto advance;
			}
			if (st == S_QQ) {
				if (ch == '"') {
					st = S_Q;
					goto advance;
				}
				st = S_UNQ;	/* the quote closed the field */
			}
			if (ch == '\r' || ch == '\n') {
				if (in_rec) {
					if (skip == 0)
						goto found;
					skip--;
					f = 0;
					in_rec = 0;
				}
				st = S_START;
			} else if (ch == L->delim) {
				f++;
				st = S_START;
				in_rec = 1;
			} else if (ch == '"' && st == S_START) {
				st = S_Q;
				in_rec = 1;
			} else {
				st = S_UNQ;
				in_rec = 1;
			}
advance:
			if (ch == L->term) {
				line++;
				col = 1;
			} else if ((ch & 0xc0) != 0x80) {
				col++;
			}
		}
		off += (uint64_t)n;
	}
found:
	*oline = line;
	*ocol = col;
	free(buf);
}

int
locate_error(const struct loader *L, const struct part *P, uint64_t base,
    struct err *e)
{
	uint64_t line, col;
	const char *name = L->src.name;

	switch (P->fail.what) {
	case FAIL_NONE:
		return 0;
	case FAIL_CANCEL:
		return err_set(e, ERR_CANCEL, "%s: loading cancelled", name);
	case FAIL_IO:
		e->code = P->fail.io.code;
		memcpy(e->msg, P->fail.io.msg, sizeof e->msg);
		return -1;
	case FAIL_NOMEM:
		return err_at(e, ERR_SOFTWARE, name, (long long)(base +
		    P->fail.line), 0, "out of memory while parsing");
	case FAIL_TOOBIG:
		return err_at(e, ERR_DATA, name, (long long)(base +
		    P->fail.line), 0, "field longer than 4 GiB");
	case FAIL_QUOTE:
		locate_field(L, P->fail.off, base + P->fail.line, P->fail.skip,
		    P->fail.field, &line, &col);
		return err_at(e, ERR_DATA, name, (long long)line,
		    (long long)col, "unterminated quoted field (the quote "
		    "opened here is never closed)");
	case FAIL_RAGGED:
		locate_field(L, P->fail.off, base + P->fail.line, P->fail.skip,
		    P->fail.field, &line, &col);
		return err_at(e, ERR_DATA, name, (long long)line,
		    (long long)col, "row has %zu field%s, the header has %zu "
		    "(--ragged=pad or --ragged=skip loads it anyway)",
		    P->fail.nfields, P->fail.nfields == 1 ? "" : "s",
		    L->ncols);
	}
	return 0;
}
