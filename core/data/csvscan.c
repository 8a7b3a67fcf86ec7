/*
 * csvscan.c - record boundaries by quote parity or by the loader's
 * machine (see csvscan.h).
 */
#include "core/data/csvscan.h"

#include <string.h>

/* Bytes of w equal to c, one bit per byte (the top bit of each). */
static inline uint64_t
eq8(uint64_t w, unsigned char c)
{
	uint64_t v = w ^ (0x0101010101010101ull * c);

	return ~(((v & 0x7f7f7f7f7f7f7f7full) + 0x7f7f7f7f7f7f7f7full) | v |
	    0x7f7f7f7f7f7f7f7full);
}

/* The number of top bits set in x, which has no other bits: one
 * multiply, where a popcount may be a library call on plain x86-64. */
static inline uint64_t
count8(uint64_t x)
{
	return ((x >> 7) * 0x0101010101010101ull) >> 56;
}

void
csvscan_count(const char *buf, size_t n, unsigned char term,
    uint64_t *quotes, uint64_t *terms)
{
	uint64_t q = 0, t = 0, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, buf + i, 8);
		q += count8(eq8(w, '"'));
		t += count8(eq8(w, term));
	}
	for (; i < n; i++) {
		q += buf[i] == '"';
		t += (unsigned char)buf[i] == term;
	}
	*quotes = q;
	*terms = t;
}

void
csvscan_init(struct csvscan *s, unsigned char delim, unsigned char term)
{
	memset(s, 0, sizeof *s);
	s->delim = delim;
	s->term = term;
	s->st = CSVSYNTAX_BETWEEN;
}

size_t
csvscan_record(struct csvscan *s, const char *buf, size_t n, uint64_t *nf)
{
	const unsigned char *p = (const unsigned char *)buf;
	enum csvsyntax_stop stop;
	size_t i = 0;

	if (nf)
		*nf = 0;
	while (i < n) {
		if (s->st == CSVSYNTAX_BETWEEN) {
			/* a CR or LF ends a record (libcsv); a line end
			 * outside quotes is a boundary */
			if (p[i] == '\r' || p[i] == '\n') {
				if (p[i++] == s->term)
					return i;
				continue;
			}
			s->st = CSVSYNTAX_FIELD;
			s->in_rec = 1;
			s->fields = 0;
		}
		stop = csvsyntax_field(&s->st, p, n, &i, 0, s->delim, 1);
		if (stop == CSVSYNTAX_MORE)
			break;
		if (stop == CSVSYNTAX_DELIM) {
			s->fields++;
			i++;
			continue;
		}
		/* CSVSYNTAX_EOL: the byte at i ends the record */
		if (nf)
			*nf = s->fields + 1;
		s->in_rec = 0;
		s->fields = 0;
	}
	return 0;
}

size_t
csvscan_boundary(const char *buf, size_t n, size_t from,
    unsigned char delim, unsigned char term, int exact, uint64_t *terms)
{
	uint64_t q = 0, t = 0, w, tq;
	size_t i = 0, r;

	if (exact) {
		struct csvscan s;

		csvscan_init(&s, delim, term);
		while (i < n) {
			r = csvscan_record(&s, buf + i, n - i, NULL);
			if (r == 0)
				return SIZE_MAX;
			i += r;
			if (i - 1 >= from) {
				if (terms) {
					csvscan_count(buf, i - 1, term, &tq,
					    &t);
					*terms = t;
				}
				return i;
			}
		}
		return SIZE_MAX;
	}
	/* far from `from` only the counts matter: eight bytes at a time */
	for (; i + 8 <= from; i += 8) {
		memcpy(&w, buf + i, 8);
		q += count8(eq8(w, '"'));
		t += count8(eq8(w, term));
	}
	for (; i < n; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (ch == '"')
			q++;
		else if (ch == term) {
			if (!(q & 1) && i >= from) {
				if (terms)
					*terms = t;
				return i + 1;
			}
			t++;
		}
	}
	return SIZE_MAX;
}

size_t
csvscan_last(const char *buf, size_t n, unsigned char delim,
    unsigned char term, int exact, uint64_t *terms)
{
	size_t i, last = SIZE_MAX, r;
	uint64_t q = 0, qb, tb;

	if (exact) {
		struct csvscan s;

		csvscan_init(&s, delim, term);
		for (i = 0; i < n; i += r) {
			r = csvscan_record(&s, buf + i, n - i, NULL);
			if (r == 0)
				break;
			last = i + r;
		}
		if (terms && last != SIZE_MAX)
			csvscan_count(buf, last, term, &qb, terms);
		return last;
	}
	/* the quote parity of the whole buffer, then back from the end to
	 * the last line end with an even count before it */
	csvscan_count(buf, n, term, &qb, &tb);
	q = qb;
	for (i = n; i-- > 0;) {
		if (buf[i] == '"')
			q--;
		else if ((unsigned char)buf[i] == term) {
			if (!(q & 1)) {
				if (terms)
					*terms = tb;
				return i + 1;
			}
			tb--;
		}
	}
	return SIZE_MAX;
}
