/*
 * csvsyntax.c - libcsv's machine, known in one place.
 *
 * libcsv (csv.c, 3.0) keeps its parser state in struct csv_parser as a
 * bare number: 0 no field of the row seen yet, 1 between fields, 2 in a
 * field, 3 after a quote inside a quoted field.  csvsyntax_state() is
 * the only reader of those numbers (csvsyntax_unquote() the only writer);
 * csvsyntax_field() is the same machine over bytes, checked against
 * libcsv by tests/t0120-csvsyntax.
 */
#include "core/data/csv/csvsyntax.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/err.h"
#include "core/util/xalloc.h"

/* libcsv's state numbers (csv.c). */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_NOT_BEGUN 1
#define LIBCSV_FIELD_BEGUN 2
#define LIBCSV_FIELD_MIGHT_HAVE_ENDED 3

#define SNIFF (64u << 10)	/* the sample csvsyntax_term looks at */

static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

int
csvsyntax_parser_init(struct csv_parser *cp, unsigned char delim)
{
	if (csv_init(cp, 0) != 0)
		return -1;
	csv_set_delim(cp, delim);
	csv_set_space_func(cp, never_space);
	csv_set_blk_size(cp, 4096);
	return 0;
}

enum csvsyntax_state
csvsyntax_state(const struct csv_parser *cp)
{
	switch (cp->pstate) {
	case LIBCSV_ROW_NOT_BEGUN:
		return CSVSYNTAX_BETWEEN;
	case LIBCSV_FIELD_NOT_BEGUN:
		return CSVSYNTAX_FIELD;
	case LIBCSV_FIELD_BEGUN:
		return cp->quoted ? CSVSYNTAX_QUOTED : CSVSYNTAX_UNQUOTED;
	case LIBCSV_FIELD_MIGHT_HAVE_ENDED:
		return CSVSYNTAX_QUOTE;
	}
	BUG("libcsv parser in an unknown state %d", cp->pstate);
}

size_t
csvsyntax_parse(struct csv_parser *cp, const void *s, size_t n,
    void (*cb1)(void *, size_t, void *), void (*cb2)(int, void *),
    void *data)
{
	const unsigned char *p = s, *q;
	unsigned char c;
	size_t done = 0, k, r;

	/* up to each quote at a time: after it, libcsv's state says
	 * whether it may have closed a field */
	while (done < n) {
		if (cp->pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED) {
			c = p[done];
			if (c != cp->delim_char && c != cp->quote_char &&
			    c != '\r' && c != '\n')
				return done;
		}
		q = memchr(p + done, cp->quote_char, n - done);
		k = q ? (size_t)(q - p) + 1 - done : n - done;
		r = csv_parse(cp, p + done, k, cb1, cb2, data);
		done += r;
		if (r != k)
			break;
	}
	return done;
}

void
csvsyntax_unquote(struct csv_parser *cp)
{
	if (cp->pstate != LIBCSV_FIELD_MIGHT_HAVE_ENDED)
		BUG("no closing quote to take back");
	/* libcsv kept the quote in case it was the first of "" */
	cp->entry_pos--;
	cp->quoted = 0;
	cp->spaces = 0;
	cp->pstate = LIBCSV_FIELD_BEGUN;
}

size_t
csvsyntax_bom(const void *p, size_t n)
{
	return n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

int
csvsyntax_term(const void *p, size_t n)
{
	if (n > SNIFF)
		n = SNIFF;
	if (n == 0 || memchr(p, '\n', n) || !memchr(p, '\r', n))
		return '\n';
	return '\r';
}

enum csvsyntax_stop
csvsyntax_field(enum csvsyntax_state *st, const unsigned char *p, size_t n,
    size_t *at, int eof, unsigned char delim, int lax)
{
	const unsigned char *q;
	size_t i = *at;
	unsigned char c;

	switch (*st) {
	case CSVSYNTAX_BETWEEN:
	case CSVSYNTAX_FIELD:
		if (i == n) {
			*at = n;
			return eof ? CSVSYNTAX_EOF : CSVSYNTAX_MORE;
		}
		if (p[i] == '"') {
			i++;
			goto quoted;
		}
		/* FALLTHROUGH */
	case CSVSYNTAX_UNQUOTED:
	unquoted:
		*st = CSVSYNTAX_UNQUOTED;
		while (i < n && p[i] != delim && p[i] != '\r' && p[i] != '\n')
			i++;
		*at = i;
		if (i == n)
			return eof ? CSVSYNTAX_EOF : CSVSYNTAX_MORE;
		break;
	case CSVSYNTAX_QUOTED:
	quoted:
		*st = CSVSYNTAX_QUOTED;
		q = memchr(p + i, '"', n - i);
		if (!q) {
			*at = n;
			return eof ? CSVSYNTAX_OPEN : CSVSYNTAX_MORE;
		}
		i = (size_t)(q - p) + 1;
		/* FALLTHROUGH */
	case CSVSYNTAX_QUOTE:
		*st = CSVSYNTAX_QUOTE;
		if (i == n) {
			*at = n;
			return eof ? CSVSYNTAX_EOF : CSVSYNTAX_MORE;
		}
		c = p[i];
		if (c == '"') {
			i++;		/* "" is one quote */
			goto quoted;
		}
		if (c != delim && c != '\r' && c != '\n') {
			*at = i;
			if (!lax)
				return CSVSYNTAX_JUNK;
			goto unquoted;
		}
		*at = i;
		break;
	}
	if (p[*at] == delim) {
		*st = CSVSYNTAX_FIELD;
		return CSVSYNTAX_DELIM;
	}
	*st = CSVSYNTAX_BETWEEN;
	return CSVSYNTAX_EOL;
}

/* --- records ------------------------------------------------------- */

void
csvsyntax_scan_init(struct csvsyntax_scan *s, int delim, int term,
    uint64_t start, int lax)
{
	memset(s, 0, sizeof *s);
	s->delim = (unsigned char)delim;
	s->lax = lax;
	s->term = (unsigned char)term;
	s->p = (const unsigned char *)"";
	s->base = start;
	s->pos = start;
	s->line = 1;
	s->lno = 1;
	s->lno_pos = start;
}

void
csvsyntax_scan_mem(struct csvsyntax_scan *s, const void *buf, size_t len,
    int delim, int lax)
{
	csvsyntax_scan_init(s, delim, csvsyntax_term(buf, len),
	    csvsyntax_bom(buf, len), lax);
	csvsyntax_scan_window(s, buf, 0, len, 1);
}

void
csvsyntax_scan_window(struct csvsyntax_scan *s, const void *p, uint64_t base,
    size_t n, int eof)
{
	s->p = p;
	s->base = base;
	s->n = n;
	s->eof = eof;
}

void
csvsyntax_scan_release(struct csvsyntax_scan *s)
{
	free(s->fs);
	free(s->fe);
	s->fs = s->fe = NULL;
	s->cap = s->nf = 0;
}

/* Count the line ends in [lno_pos, to) (in the window). */
static void
count_lines(struct csvsyntax_scan *s, uint64_t to)
{
	const unsigned char *q, *a = s->p + (s->lno_pos - s->base);
	const unsigned char *b = s->p + (to - s->base);

	while (a < b && (q = memchr(a, s->term, (size_t)(b - a))) != NULL) {
		s->lno++;
		a = q + 1;
	}
	s->lno_pos = to;
}

static void
push_field(struct csvsyntax_scan *s, uint64_t a, uint64_t b)
{
	if (s->nf == s->cap) {
		size_t cap = xgrow_cap(s->cap, s->nf + 1);

		s->fs = xreallocarray(s->fs, cap, sizeof *s->fs);
		s->fe = xreallocarray(s->fe, cap, sizeof *s->fe);
		s->cap = cap;
	}
	s->fs[s->nf] = a;
	s->fe[s->nf] = b;
	s->nf++;
}

int
csvsyntax_scan_next(struct csvsyntax_scan *s, struct csvsyntax_rec *r)
{
	const unsigned char *p = s->p;
	uint64_t base = s->base;
	size_t n = s->n, i = (size_t)(s->pos - base), f;
	enum csvsyntax_state st;
	enum csvsyntax_stop stop;

	while (i < n && (p[i] == '\r' || p[i] == '\n'))
		i++;
	s->pos = base + i;
	count_lines(s, s->pos);
	if (i == n)
		return s->eof ? 0 : CSVSYNTAX_SCAN_MORE;
	r->start = s->pos;
	r->line = s->line = s->lno;
	s->nf = 0;
	for (;;) {
		f = i;
		st = CSVSYNTAX_FIELD;
		stop = csvsyntax_field(&st, p, n, &i, s->eof, s->delim,
		    s->lax);
		if (stop == CSVSYNTAX_MORE)
			return CSVSYNTAX_SCAN_MORE;
		if (stop == CSVSYNTAX_OPEN || stop == CSVSYNTAX_JUNK) {
			s->pos = base + i;
			return stop == CSVSYNTAX_OPEN ? CSVSYNTAX_SCAN_OPEN :
			    CSVSYNTAX_SCAN_JUNK;
		}
		push_field(s, base + f, base + i);
		if (stop == CSVSYNTAX_EOF) {
			r->end = r->eol = base + n;
			break;
		}
		if (stop == CSVSYNTAX_DELIM) {
			if (++i < n)
				continue;
			if (!s->eof)
				return CSVSYNTAX_SCAN_MORE;
			/* a delimiter last: one more, empty field */
			push_field(s, base + n, base + n);
			r->end = r->eol = base + n;
			break;
		}
		/* CR LF is one line end: wait to see what follows a CR */
		if (p[i] == '\r' && i + 1 == n && !s->eof)
			return CSVSYNTAX_SCAN_MORE;
		r->end = base + i;
		r->eol = base + i + 1 + (p[i] == '\r' && i + 1 < n &&
		    p[i + 1] == '\n');
		break;
	}
	r->nfields = s->nf;
	s->pos = r->eol;
	count_lines(s, s->pos);
	return 1;
}

size_t
csvsyntax_decode(const void *raw, size_t n, char *out)
{
	const unsigned char *p = raw, *q;
	size_t i = 1, o = 0, k;

	if (n == 0 || p[0] != '"') {
		memcpy(out, p, n);
		return n;
	}
	while (i < n) {
		q = memchr(p + i, '"', n - i);
		k = q ? (size_t)(q - p) - i : n - i;
		memcpy(out + o, p + i, k);
		o += k;
		if (!q)
			break;		/* never closed */
		i += k + 1;
		if (i < n && p[i] == '"') {
			out[o++] = '"';	/* "" is one quote */
			i++;
			continue;
		}
		/* the closing quote; lax text after it is the field's */
		memcpy(out + o, p + i, n - i);
		o += n - i;
		break;
	}
	return o;
}
