/*
 * textout.c - text for the terminal from untrusted data: escaping and
 * fitting to a width, for the command-line subcommands.  Control
 * characters, C1 controls, invalid UTF-8 and characters that reorder or
 * hide text are shown as \xNN or \uNNNN and never reach the terminal;
 * without a UTF-8 locale every non-ASCII byte is shown as \xNN.
 */
#define _XOPEN_SOURCE 700	/* wcwidth */

#include "cli/textout.h"

#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/util/utf8.h"
#include "core/util/xalloc.h"

int textout_utf8;

void
textout_init(void)
{
	const char *cs;

	/* only the character set: numbers keep their C format */
	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	textout_utf8 = cs && (strcmp(cs, "UTF-8") == 0 ||
	    strcmp(cs, "utf8") == 0);
}

void
textout_putn(struct textout *b, const char *s, size_t n)
{
	b->s = xgrow(b->s, &b->cap, b->n + n + 1, 1);
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

void
textout_puts(struct textout *b, const char *s)
{
	textout_putn(b, s, strlen(s));
}

/* Code points that reorder or hide text on a terminal. */
static int
invisible(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) ||
	    cp == 0xfeff;
}

/* Append s[0 .. n) to b, escaped for the terminal. */
void
textout_esc_to(struct textout *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	char tmp[16];
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		if (s[i] >= 0x20 && s[i] < 0x7f) {
			size_t j = i + 1;

			while (j < n && s[j] >= 0x20 && s[j] < 0x7f)
				j++;
			textout_putn(b, str + i, j - i);
			i = j;
			continue;
		}
		if (s[i] >= 0x80 && textout_utf8 &&
		    (len = utf8_seq(s + i, n - i, &cp)) > 0) {
			if (invisible(cp)) {
				snprintf(tmp, sizeof tmp, "\\u%04x", cp);
				textout_puts(b, tmp);
			} else {
				textout_putn(b, str + i, len);
			}
			i += len;
			continue;
		}
		snprintf(tmp, sizeof tmp, "\\x%02x", s[i]);
		textout_puts(b, tmp);
		i++;
	}
	if (!b->s)
		textout_putn(b, "", 0);
}

/* A new escaped copy of s[0 .. n); caller frees. */
char *
textout_esc(const char *s, size_t n)
{
	struct textout b = { NULL, 0, 0 };

	textout_esc_to(&b, s, n);
	return b.s;
}

/* Display width of the next character of an escaped string; its bytes
 * in *len. */
static int
textout_char_width(const char *s, size_t *len)
{
	uint32_t cp;
	int w;

	if ((unsigned char)*s < 0x80) {
		*len = 1;
		return 1;
	}
	*len = utf8_seq((const unsigned char *)s, strlen(s), &cp);
	if (*len == 0) {
		*len = 1;
		return 1;
	}
	w = wcwidth((wchar_t)cp);
	return w < 0 ? 1 : w;
}

int
textout_width(const char *s)
{
	int w = 0;
	size_t len;

	while (*s) {
		w += textout_char_width(s, &len);
		s += len;
	}
	return w;
}

/* Append escaped s to b cut to at most w columns (with an ellipsis when
 * cut); returns the columns used. */
int
textout_fit_to(struct textout *b, const char *s, int w)
{
	int sw = textout_width(s), used = 0, cw;
	size_t len;

	if (w <= 0)
		return 0;
	if (sw <= w) {
		textout_puts(b, s);
		return sw;
	}
	while (*s) {
		cw = textout_char_width(s, &len);
		if (used + cw > w - 1)
			break;
		textout_putn(b, s, len);
		used += cw;
		s += len;
	}
	textout_puts(b, textout_utf8 ? "\xe2\x80\xa6" : "~");
	return used + 1;
}

/* Print escaped s in exactly w columns: cut with an ellipsis when too
 * long, padded on the right (or on the left when right is set). */
void
textout_put_fit(FILE *f, const char *s, int w, int right)
{
	struct textout b = { NULL, 0, 0 };
	int used;

	if (w <= 0)
		return;
	used = textout_fit_to(&b, s, w);
	if (right)
		fprintf(f, "%*s", w - used, "");
	fputs(b.s ? b.s : "", f);
	if (!right)
		fprintf(f, "%*s", w - used, "");
	free(b.s);
}

