/*
 * jsonw.c - JSON output.  Writes through stdio; errors are the caller's
 * to catch with ferror() on the stream.
 */
#include "core/util/jsonw.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/utf8.h"
#include "core/util/xalloc.h"

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

size_t
jsonw_quote(const char *str, size_t n, char *out)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, l, o = 0;

	out[o++] = '"';
	while (i < n) {
		unsigned char c = s[i];
		const char *esc = NULL;

		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		}
		if (esc) {
			out[o++] = esc[0];
			out[o++] = esc[1];
			i++;
			continue;
		}
		if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(out + o, 7, "\\u%04x", c);
			i++;
			continue;
		}
		l = utf8_seq(s + i, n - i, NULL);
		if (l == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(out + o, s + i, l);
		o += l;
		i += l;
	}
	out[o++] = '"';
	return o;
}

static void
put_escaped(FILE *f, const char *s, size_t n)
{
	char small[1024], *buf = small;

	if (n > (sizeof small - 2) / 6)
		buf = xreallocarray(NULL, n + 1, 6);
	fwrite(buf, 1, jsonw_quote(s, n, buf), f);
	if (buf != small)
		free(buf);
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
	if (!s) {
		jsonw_null(w);
		return;
	}
	pre(w);
	put_escaped(w->f, s, n);
}

void
jsonw_str(struct jsonw *w, const char *s)
{
	jsonw_strn(w, s, s ? strlen(s) : 0);
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
jsonw_kv_strn(struct jsonw *w, const char *k, const char *s, size_t n)
{
	jsonw_key(w, k);
	jsonw_strn(w, s, n);
}

void
jsonw_kv_str(struct jsonw *w, const char *k, const char *s)
{
	jsonw_kv_strn(w, k, s, s ? strlen(s) : 0);
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
