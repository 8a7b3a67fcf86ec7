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

/* ---- spans: four scanners side by side ------------------------------ */

enum { CLS_OTHER, CLS_QUOTE, CLS_DELIM, CLS_EOL };

/* One scanner's move on byte b from state st, by the loader's machine;
 * *ends: b ends a record there. */
static unsigned
span_step(unsigned st, unsigned char b, unsigned char delim, int *ends)
{
	static const enum csvsyntax_state syn[4] = { CSVSYNTAX_FIELD,
		CSVSYNTAX_UNQUOTED, CSVSYNTAX_QUOTED, CSVSYNTAX_QUOTE };
	enum csvsyntax_state q = syn[st];
	enum csvsyntax_stop stop;
	size_t at = 0;

	stop = csvsyntax_field(&q, &b, 1, &at, 0, delim, 1);
	*ends = stop == CSVSYNTAX_EOL;
	if (stop != CSVSYNTAX_MORE)
		return CSVSCAN_START;	/* a delimiter or a line end */
	return q == CSVSYNTAX_UNQUOTED ? CSVSCAN_UNQ : q == CSVSYNTAX_QUOTED ?
	    CSVSCAN_Q : q == CSVSYNTAX_QUOTE ? CSVSCAN_QQ : CSVSCAN_START;
}

void
csvscan_span_init(struct csvscan_span *s, unsigned char delim,
    unsigned char term)
{
	/* a byte of each class: the moves are the same for all of them */
	const unsigned char rep[4] = { 'a', '"', delim, '\n' };
	unsigned cls, st, k, to, one[4][4], end[4];
	int e;

	memset(s, 0, sizeof *s);
	s->delim = delim;
	s->term = term;
	s->cls['"'] = CLS_QUOTE;
	s->cls[delim] = CLS_DELIM;
	s->cls['\r'] = CLS_EOL;
	s->cls['\n'] = CLS_EOL;
	for (cls = 0; cls < 4; cls++)
		for (st = 0; st < 4; st++) {
			one[cls][st] = span_step(st, rep[cls], delim, &e);
			if (cls == CLS_EOL)
				end[st] = (unsigned)e;
		}
	for (st = 0; st < 256; st++) {
		for (cls = 0; cls < 4; cls++) {
			to = 0;
			for (k = 0; k < 4; k++)
				to |= one[cls][(st >> (2 * k)) & 3] << (2 * k);
			s->next[cls][st] = (uint8_t)to;
		}
		for (k = 0; k < 4; k++)
			s->ends[st] |= (uint8_t)(end[(st >> (2 * k)) & 3] << k);
	}
	/* scanner k starts in state k */
	s->st = CSVSCAN_START | CSVSCAN_UNQ << 2 | CSVSCAN_Q << 4 |
	    CSVSCAN_QQ << 6;
	s->pending = 0xf;
	for (k = 0; k < 4; k++)
		s->boundary[k] = UINT64_MAX;
}

/* A quote, delimiter or line end at offset at of the span. */
static inline void
span_special(struct csvscan_span *s, unsigned char ch, uint64_t at)
{
	unsigned k, hit;

	if (ch == s->term) {
		s->terms++;
		/* a line end outside quotes ends a record */
		hit = s->pending & s->ends[s->st];
		for (k = 0; hit && k < 4; k++)
			if (hit >> k & 1) {
				s->boundary[k] = at + 1;
				s->lines[k] = s->terms;
			}
		s->pending &= (uint8_t)~hit;
	}
	s->st = s->next[s->cls[ch]][s->st];
}

void
csvscan_span_feed(struct csvscan_span *s, const char *buf, size_t n)
{
	uint64_t w, m;
	size_t i = 0, j, prev;

	/* most bytes are none of the four: a run of them moves every
	 * scanner once (a second move changes nothing), so whole words
	 * without one cost a lookup */
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, buf + i, 8);
		m = eq8(w, '"') | eq8(w, s->delim) | eq8(w, '\r') |
		    eq8(w, '\n');
		if (!m) {
			s->st = s->next[CLS_OTHER][s->st];
			continue;
		}
		prev = 0;
		while (m) {
			j = (size_t)__builtin_ctzll(m) >> 3;
			if (j > prev)
				s->st = s->next[CLS_OTHER][s->st];
			span_special(s, (unsigned char)buf[i + j],
			    s->fed + i + j);
			prev = j + 1;
			m &= m - 1;
		}
		if (prev < 8)
			s->st = s->next[CLS_OTHER][s->st];
	}
	for (; i < n; i++) {
		unsigned char ch = (unsigned char)buf[i];

		if (s->cls[ch] != CLS_OTHER)
			span_special(s, ch, s->fed + i);
		else
			s->st = s->next[CLS_OTHER][s->st];
	}
	s->fed += n;
}

enum csvscan_st
csvscan_span_state(const struct csvscan_span *s, enum csvscan_st from)
{
	return (enum csvscan_st)((s->st >> (2 * (unsigned)from)) & 3);
}
