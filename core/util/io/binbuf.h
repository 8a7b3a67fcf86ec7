/*
 * binbuf.h - little-endian binary files built in memory and read back
 * with a cursor that trusts nothing: what winnow's binary formats (the
 * stats summary, the saved PICO model) are written and read with.
 *
 * A writer appends fixed-width little-endian fields to a growing buffer;
 * a reader walks a whole file held in memory and fails, and stays
 * failed, at the first field that would run past the end or past a
 * limit (bad is set and why says what), so a caller checks once, after
 * a section, instead of after every field.
 */
#ifndef WINNOW_BINBUF_H
#define WINNOW_BINBUF_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"

struct binbuf_w {
	unsigned char *p;
	size_t n, cap;
};

/* Append bytes or one field; a string is its u32 length, then its bytes. */
void binbuf_put(struct binbuf_w *b, const void *s, size_t n);
void binbuf_put_u32(struct binbuf_w *b, uint32_t v);
void binbuf_put_u64(struct binbuf_w *b, uint64_t v);
void binbuf_put_f64(struct binbuf_w *b, double d);
void binbuf_put_f32(struct binbuf_w *b, float f);
void binbuf_put_str(struct binbuf_w *b, const char *s, size_t n);

struct binbuf_r {
	const unsigned char *p;
	size_t n, at;
	int bad;
	const char *why;	/* what was wrong, once bad */
};

/* The next n bytes into *out (1), or 0 and bad ("truncated"). */
int binbuf_take(struct binbuf_r *r, size_t n, const unsigned char **out);
/* One field; 0 once bad. */
uint32_t binbuf_get_u32(struct binbuf_r *r);
uint64_t binbuf_get_u64(struct binbuf_r *r);
double binbuf_get_f64(struct binbuf_r *r);
float binbuf_get_f32(struct binbuf_r *r);

/*
 * A count (u64 when wide, else u32) of items of at least `each` bytes
 * that must fit in what is left and be at most lim; 0 and bad ("a count
 * out of range") otherwise.
 */
uint64_t binbuf_get_count(struct binbuf_r *r, size_t each, uint64_t lim,
    int wide);

/* A string of at most lim bytes (not NUL-terminated, borrowed from the
 * buffer) and its length in *n; "" once bad. */
const char *binbuf_get_str(struct binbuf_r *r, size_t *n, uint64_t lim);

/*
 * The whole of the regular file path, malloc'd (one byte more than *n,
 * for a NUL), or NULL with ERR_NOINPUT in e.
 */
unsigned char *binbuf_slurp(const char *path, size_t *n, struct err *e);

#endif
