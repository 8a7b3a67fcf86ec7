/*
 * safetext.c - cut untrusted bytes into safe display units.
 *
 * The decoder is strict on purpose: a byte that is not part of a
 * well-formed character is shown as \xNN rather than guessed at, so the
 * screen never holds a byte the terminal might read as the start of a
 * sequence.  Zero-width characters that are not plain combining marks
 * (bidi controls, joiners, variation selectors, tags) are spelt out too:
 * they change how a terminal lays out the text around them, which would
 * break column alignment or hide text.
 */
#define _XOPEN_SOURCE 700
#include "views/lib/safetext.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "core/util/utf8.h"

size_t
safetext_decode(const char *s, size_t n, uint32_t *cp)
{
	return n ? utf8_seq((const unsigned char *)s, n, cp) : 0;
}

/* Characters of width 0 that are not combining marks: they reorder,
 * join, hide or restyle their neighbours. */
static int
invisible(uint32_t c)
{
	return c == 0xad || c == 0x34f || c == 0x61c || c == 0x180e ||
	    (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) ||
	    (c >= 0x2060 && c <= 0x206f) || (c >= 0xfe00 && c <= 0xfe0f) ||
	    c == 0xfeff || (c >= 0xfff9 && c <= 0xfffb) ||
	    (c >= 0x1d173 && c <= 0x1d17a) || (c >= 0xe0000 && c <= 0xe0fff);
}

/* Display width of a code point: 1 or 2, 0 for a combining mark, -1 when
 * it must be escaped. */
static int
cp_width(uint32_t c)
{
	int w;

	if (c < 0xa0 || invisible(c))
		return c >= 0x20 && c < 0x7f ? 1 : -1;
	w = wcwidth((wchar_t)c);
	return w > 2 ? -1 : w;
}

static void
escape_cp(struct safetext_unit *u, uint32_t c)
{
	if (c <= 0xffff)
		snprintf(u->out, sizeof u->out, "\\u%04x", (unsigned)c);
	else
		snprintf(u->out, sizeof u->out, "\\U%08x", (unsigned)c);
}

void
safetext_next(const char *s, size_t n, int utf8, struct safetext_unit *u)
{
	unsigned char b = (unsigned char)s[0];
	uint32_t c, c2;
	size_t len, len2, ncomb;
	int w;

	u->escaped = 1;
	u->newline = 0;
	u->len = 1;
	if (b == '\t' || b == '\n') {
		u->newline = b == '\n';
		if (utf8)
			strcpy(u->out, b == '\t' ? "\xe2\x86\x92" :
			    "\xe2\x86\xb5");
		else
			strcpy(u->out, b == '\t' ? "^I" : "^J");
		u->width = utf8 ? 1 : 2;
		return;
	}
	if (b == 0x1b || b == 0x7f) {
		snprintf(u->out, sizeof u->out, "\\x%02x", b);
		u->width = 4;
		return;
	}
	if (b < 0x20) {
		u->out[0] = '^';
		u->out[1] = (char)(b + 0x40);
		u->out[2] = '\0';
		u->width = 2;
		return;
	}
	len = safetext_decode(s, n, &c);
	if (len == 0) {
		snprintf(u->out, sizeof u->out, "\\x%02x", b);
		u->width = 4;
		return;
	}
	u->len = len;
	if (c >= 0x80 && c < 0xa0) {
		/* C1 controls: as the byte value they stand for */
		snprintf(u->out, sizeof u->out, "\\x%02x", (unsigned)c);
		u->width = 4;
		return;
	}
	w = c < 0x80 ? 1 : utf8 ? cp_width(c) : -1;
	if (w <= 0) {
		escape_cp(u, c);
		u->width = (int)strlen(u->out);
		return;
	}
	u->escaped = 0;
	u->width = w;
	memcpy(u->out, s, len);
	/* attach up to three combining marks */
	for (ncomb = 0; utf8 && ncomb < 3 && u->len < n; ncomb++) {
		len2 = safetext_decode(s + u->len, n - u->len, &c2);
		if (len2 == 0 || cp_width(c2) != 0)
			break;
		memcpy(u->out + len, s + u->len, len2);
		len += len2;
		u->len += len2;
	}
	u->out[len] = '\0';
}

size_t
safetext_width(const char *s, size_t n, int utf8)
{
	struct safetext_unit u;
	size_t i = 0, w = 0;

	while (i < n) {
		safetext_next(s + i, n - i, utf8, &u);
		i += u.len;
		w += (size_t)u.width;
	}
	return w;
}

size_t
safetext_str(const char *s, size_t n, int utf8, char *buf, size_t size)
{
	struct safetext_unit u;
	size_t i = 0, o = 0, w = 0, k;

	if (size == 0)
		return 0;
	while (i < n) {
		safetext_next(s + i, n - i, utf8, &u);
		k = strlen(u.out);
		if (o + k + 1 > size)
			break;
		memcpy(buf + o, u.out, k);
		o += k;
		i += u.len;
		w += (size_t)u.width;
	}
	buf[o] = '\0';
	return w;
}
