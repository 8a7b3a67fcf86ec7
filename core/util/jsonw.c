/*
 * jsonw.c - JSON output.  Writes through stdio; errors are the caller's
 * to catch with ferror() on the stream.
 */
#include "core/util/jsonw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void
jsonw_init(struct jsonw *w, FILE *f, int pretty)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	w->pretty = pretty;
	w->first[0] = 1;
}

static void
newline(struct jsonw *w)
{
	int i;

	if (!w->pretty)
		return;
	fputc('\n', w->f);
	for (i = 0; i < w->depth; i++)
		fputs("  ", w->f);
}

/* Before any value or key: a comma and a newline as needed. */
static void
pre(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0) {
		if (!w->first[w->depth])
			fputc(',', w->f);
		newline(w);
	}
	w->first[w->depth] = 0;
}

static void
open_(struct jsonw *w, int c)
{
	pre(w);
	fputc(c, w->f);
	if (w->depth < (int)sizeof w->first - 1)
		w->depth++;
	w->first[w->depth] = 1;
}

static void
close_(struct jsonw *w, int c)
{
	int empty = w->first[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (!empty)
		newline(w);
	fputc(c, w->f);
}

void jsonw_obj_begin(struct jsonw *w) { open_(w, '{'); }
void jsonw_obj_end(struct jsonw *w) { close_(w, '}'); }
void jsonw_arr_begin(struct jsonw *w) { open_(w, '['); }
void jsonw_arr_end(struct jsonw *w) { close_(w, ']'); }

/* Length of a valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t need, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		need = 2;
		cp = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		need = 3;
		cp = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		need = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < need)
		return 0;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((need == 2 && cp < 0x80) || (need == 3 && cp < 0x800) ||
	    (need == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return need;
}

static void
put_escaped(FILE *f, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, l;

	fputc('"', f);
	while (i < n) {
		unsigned char c = s[i];

		switch (c) {
		case '"': fputs("\\\"", f); i++; continue;
		case '\\': fputs("\\\\", f); i++; continue;
		case '\n': fputs("\\n", f); i++; continue;
		case '\r': fputs("\\r", f); i++; continue;
		case '\t': fputs("\\t", f); i++; continue;
		}
		if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c);
			i++;
			continue;
		}
		l = utf8_len(s + i, n - i);
		if (l == 0) {
			fputs("\xef\xbf\xbd", f);
			i++;
			continue;
		}
		fwrite(s + i, 1, l, f);
		i += l;
	}
	fputc('"', f);
}

void
jsonw_key(struct jsonw *w, const char *k)
{
	pre(w);
	put_escaped(w->f, k, strlen(k));
	fputs(w->pretty ? ": " : ":", w->f);
	w->after_key = 1;
}

void
jsonw_strn(struct jsonw *w, const char *s, size_t n)
{
	pre(w);
	put_escaped(w->f, s, n);
}

void
jsonw_str(struct jsonw *w, const char *s)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	jsonw_strn(w, s, strlen(s));
}

void
jsonw_int(struct jsonw *w, long long v)
{
	pre(w);
	fprintf(w->f, "%lld", v);
}

void
jsonw_uint(struct jsonw *w, uint64_t v)
{
	pre(w);
	fprintf(w->f, "%llu", (unsigned long long)v);
}

void
jsonw_num(struct jsonw *w, double v)
{
	pre(w);
	if (!isfinite(v))
		fputs("null", w->f);
	else if (v == floor(v) && fabs(v) < 1e15)
		fprintf(w->f, "%.0f", v);
	else {
		char buf[32];
		int p;

		/* the shortest of %.15g .. %.17g that reads back exactly */
		for (p = 15; p < 17; p++) {
			snprintf(buf, sizeof buf, "%.*g", p, v);
			if (strtod(buf, NULL) == v)
				break;
		}
		snprintf(buf, sizeof buf, "%.*g", p, v);
		fputs(buf, w->f);
	}
}

void
jsonw_numf(struct jsonw *w, double v, int decimals)
{
	pre(w);
	if (!isfinite(v))
		fputs("null", w->f);
	else
		fprintf(w->f, "%.*f", decimals, v);
}

void
jsonw_bool(struct jsonw *w, int v)
{
	pre(w);
	fputs(v ? "true" : "false", w->f);
}

void
jsonw_null(struct jsonw *w)
{
	pre(w);
	fputs("null", w->f);
}

void
jsonw_kv_str(struct jsonw *w, const char *k, const char *s)
{
	jsonw_key(w, k);
	jsonw_str(w, s);
}

void
jsonw_kv_uint(struct jsonw *w, const char *k, uint64_t v)
{
	jsonw_key(w, k);
	jsonw_uint(w, v);
}

void
jsonw_kv_int(struct jsonw *w, const char *k, long long v)
{
	jsonw_key(w, k);
	jsonw_int(w, v);
}

void
jsonw_kv_num(struct jsonw *w, const char *k, double v)
{
	jsonw_key(w, k);
	jsonw_num(w, v);
}

void
jsonw_kv_numf(struct jsonw *w, const char *k, double v, int decimals)
{
	jsonw_key(w, k);
	jsonw_numf(w, v, decimals);
}

void
jsonw_kv_bool(struct jsonw *w, const char *k, int v)
{
	jsonw_key(w, k);
	jsonw_bool(w, v);
}

void
jsonw_finish(struct jsonw *w)
{
	fputc('\n', w->f);
	fflush(w->f);
}
