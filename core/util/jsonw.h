/*
 * jsonw.h - a small streaming JSON writer onto a stdio stream.
 *
 * It tracks nesting so commas come out right, escapes strings (control
 * characters as \u00XX, invalid UTF-8 bytes as U+FFFD), writes
 * non-finite numbers as null, and indents for humans when asked.
 */
#ifndef WINNOW_JSONW_H
#define WINNOW_JSONW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct jsonw {
	FILE *f;
	int depth;
	int pretty;
	unsigned char first[64];	/* per level: nothing written yet */
	int after_key;
};

void jsonw_init(struct jsonw *w, FILE *f, int pretty);
void jsonw_obj_begin(struct jsonw *w);
void jsonw_obj_end(struct jsonw *w);
void jsonw_arr_begin(struct jsonw *w);
void jsonw_arr_end(struct jsonw *w);
/* An object key; the next value belongs to it. */
void jsonw_key(struct jsonw *w, const char *k);
/* A string, s[0..n) for strn; s NULL writes null (a value that may be
 * absent, as a journal string or a class that is none). */
void jsonw_str(struct jsonw *w, const char *s);
void jsonw_strn(struct jsonw *w, const char *s, size_t n);
void jsonw_int(struct jsonw *w, long long v);
void jsonw_uint(struct jsonw *w, uint64_t v);
/* The shortest decimal that reads back exactly; NaN and infinities
 * become null. */
void jsonw_num(struct jsonw *w, double v);
/* A number with a fixed count of decimals. */
void jsonw_numf(struct jsonw *w, double v, int decimals);
void jsonw_bool(struct jsonw *w, int v);
void jsonw_null(struct jsonw *w);
/* A key and its value in one call (the common case in objects). */
void jsonw_kv_str(struct jsonw *w, const char *k, const char *s);
void jsonw_kv_strn(struct jsonw *w, const char *k, const char *s, size_t n);
void jsonw_kv_uint(struct jsonw *w, const char *k, uint64_t v);
void jsonw_kv_int(struct jsonw *w, const char *k, long long v);
void jsonw_kv_num(struct jsonw *w, const char *k, double v);
void jsonw_kv_numf(struct jsonw *w, const char *k, double v, int decimals);
void jsonw_kv_bool(struct jsonw *w, const char *k, int v);

/*
 * s[0..n) as a JSON string literal, quotes included, into out (room for
 * 6 * n + 2 bytes); returns its length.  Escaped as the writer escapes.
 */
size_t jsonw_quote(const char *s, size_t n, char *out);

/* End the document (a newline). */
void jsonw_finish(struct jsonw *w);

#endif
