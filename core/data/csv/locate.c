/*
 * locate.c - where a part's failure is, and the message that says so;
 * the warnings for what a part read anyway.
 *
 * A part remembers only where the failing record started (the line,
 * its offset, how many records began on that line before it) and which
 * field to point at; the column is found here, on the error path, by
 * re-reading the record with the loader's own machine (csvsyntax.h).
 */
#include "core/data/csv/csvload-internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/log.h"
#include "core/util/xalloc.h"
#include "core/util/numfmt.h"

/* Count line ends and characters over p[0..n). */
static void
advance(const struct loader *L, const unsigned char *p, size_t n,
    uint64_t *line, uint64_t *col)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == L->term) {
			++*line;
			*col = 1;
		} else if ((p[i] & 0xc0) != 0x80) {
			++*col;
		}
	}
}

void
locate_field(const struct loader *L, uint64_t off, uint64_t line,
    uint64_t skip, size_t field, uint64_t *oline, uint64_t *ocol)
{
	char *buf = L->src.fd >= 0 ? xmalloc(CHUNK) : NULL;
	const char *data;
	const unsigned char *p;
	enum csvsyntax_state st = CSVSYNTAX_BETWEEN;
	enum csvsyntax_stop stop;
	uint64_t col = 1;
	long long n;
	size_t i, j, f = 0;
	struct err e;
	int eof;

	while ((n = src_read(&L->src, off, buf, CHUNK, &data, &e)) > 0) {
		p = (const unsigned char *)data;
		eof = off + (uint64_t)n >= L->src.size;
		for (i = 0; i < (size_t)n;) {
			if (st == CSVSYNTAX_BETWEEN) {
				if (p[i] == '\r' || p[i] == '\n') {
					advance(L, p + i++, 1, &line, &col);
					continue;
				}
				st = CSVSYNTAX_FIELD;	/* a record starts */
				f = 0;
			}
			if (st == CSVSYNTAX_FIELD && skip == 0 && f == field)
				goto found;
			j = i;
			stop = csvsyntax_field(&st, p, (size_t)n, &i, eof,
			    L->delim, L->o->lax_quotes);
			advance(L, p + j, i - j, &line, &col);
			if (stop == CSVSYNTAX_MORE)
				break;
			if (stop == CSVSYNTAX_DELIM) {
				advance(L, p + i++, 1, &line, &col);
				f++;
			} else if (stop == CSVSYNTAX_EOL) {
				/* the record is shorter, or skipped */
				if (skip == 0)
					goto found;
				skip--;
			} else {
				goto found;
			}
		}
		off += (uint64_t)n;
	}
found:
	*oline = line;
	*ocol = col;
	free(buf);
}

uint64_t
locate_col(const struct loader *L, uint64_t off, uint64_t at)
{
	char *buf = L->src.fd >= 0 ? xmalloc(CHUNK) : NULL;
	const char *data;
	uint64_t line = 0, col = 1;
	long long n;
	struct err e;

	while (off < at && (n = src_read(&L->src, off, buf, at - off < CHUNK ?
	    (size_t)(at - off) : CHUNK, &data, &e)) > 0) {
		advance(L, (const unsigned char *)data, (size_t)n, &line,
		    &col);
		off += (uint64_t)n;
	}
	free(buf);
	return col;
}

int
locate_junk(const struct loader *L, uint64_t line, uint64_t off,
    uint64_t at, struct err *e)
{
	return err_at(e, ERR_DATA, L->src.name, (long long)line,
	    (long long)locate_col(L, off, at), "text after the closing quote "
	    "of a field (RFC 4180 allows only a delimiter or the end of the "
	    "line there; --lax-quotes reads it as part of the field)");
}

/* What the warnings say about a kind of note. */
static void
warn_one(const struct loader *L, enum note_kind k, uint64_t line,
    const struct spot *sp)
{
	const char *name = L->src.name;

	if (k == NOTE_LAX)
		log_warn("%s:%llu:%llu: text after the closing quote of a "
		    "field, read as part of it (--lax-quotes)", name,
		    (unsigned long long)line,
		    (unsigned long long)locate_col(L, sp->off, sp->at));
	else if (L->o->drop_repeated_header)
		log_warn("%s:%llu: the header line again; dropped "
		    "(--drop-repeated-header)", name,
		    (unsigned long long)line);
	else
		log_warn("%s:%llu: the header line again, read as a data row "
		    "(--drop-repeated-header drops such lines)", name,
		    (unsigned long long)line);
}

void
locate_warn(const struct loader *L, struct part *const *kp, size_t nkept)
{
	uint64_t base, total, shown, more;
	size_t k, i;
	const struct part *P;
	int kind;
	char num[NUMFMT_COUNT];

	for (kind = 0; kind < NOTE_KINDS; kind++) {
		total = shown = base = 0;
		for (k = 0; k < nkept; k++) {
			P = kp[k];
			total += P->note[kind].n;
			for (i = 0; i < P->note[kind].n && i < NOTE_MAX &&
			    shown < NOTE_MAX; i++, shown++)
				warn_one(L, (enum note_kind)kind, base +
				    P->note[kind].s[i].line,
				    &P->note[kind].s[i]);
			base += P->pos.lineno - 1;
		}
		if (total == shown)
			continue;
		more = total - shown;
		if (kind == NOTE_LAX)
			log_warn("%s: %s more %s with text after the closing "
			    "quote", L->src.name, numfmt_count(more, num),
			    numfmt_noun(more, "field", "fields"));
		else
			log_warn("%s: the header line again on %s more %s",
			    L->src.name, numfmt_count(more, num),
			    numfmt_noun(more, "line", "lines"));
	}
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
	case FAIL_JUNK:
		return locate_junk(L, base + P->fail.line, P->fail.off,
		    P->fail.at, e);
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
