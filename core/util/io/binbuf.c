/*
 * binbuf.c - little-endian fields into a growing buffer and out of a
 * file held whole, with a reader that fails once and stays failed.
 */
#include "core/util/io/binbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/xalloc.h"

void
binbuf_put(struct binbuf_w *b, const void *s, size_t n)
{
	b->p = xgrow(b->p, &b->cap, b->n + n, 1);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

/* The low n bytes of v (n <= 8), least significant first. */
static void
put_le(struct binbuf_w *b, uint64_t v, int n)
{
	unsigned char x[8];
	int i;

	for (i = 0; i < n; i++)
		x[i] = (unsigned char)(v >> (8 * i));
	binbuf_put(b, x, (size_t)n);
}

void
binbuf_put_u64(struct binbuf_w *b, uint64_t v)
{
	put_le(b, v, 8);
}

void
binbuf_put_u32(struct binbuf_w *b, uint32_t v)
{
	put_le(b, v, 4);
}

void
binbuf_put_f64(struct binbuf_w *b, double d)
{
	uint64_t v;

	memcpy(&v, &d, 8);
	binbuf_put_u64(b, v);
}

void
binbuf_put_f32(struct binbuf_w *b, float f)
{
	uint32_t v;

	memcpy(&v, &f, 4);
	binbuf_put_u32(b, v);
}

void
binbuf_put_str(struct binbuf_w *b, const char *s, size_t n)
{
	binbuf_put_u32(b, (uint32_t)n);
	binbuf_put(b, s, n);
}

int
binbuf_take(struct binbuf_r *r, size_t n, const unsigned char **out)
{
	if (r->bad || n > r->n - r->at) {
		if (!r->bad)
			r->why = "truncated";
		r->bad = 1;
		return 0;
	}
	*out = r->p + r->at;
	r->at += n;
	return 1;
}

/* n bytes (n <= 8), least significant first; 0 past the end. */
static uint64_t
get_le(struct binbuf_r *r, int n)
{
	const unsigned char *x;
	uint64_t v = 0;
	int i;

	if (!binbuf_take(r, (size_t)n, &x))
		return 0;
	for (i = 0; i < n; i++)
		v |= (uint64_t)x[i] << (8 * i);
	return v;
}

uint64_t
binbuf_get_u64(struct binbuf_r *r)
{
	return get_le(r, 8);
}

uint32_t
binbuf_get_u32(struct binbuf_r *r)
{
	return (uint32_t)get_le(r, 4);
}

double
binbuf_get_f64(struct binbuf_r *r)
{
	uint64_t v = binbuf_get_u64(r);
	double d;

	memcpy(&d, &v, 8);
	return d;
}

float
binbuf_get_f32(struct binbuf_r *r)
{
	uint32_t v = binbuf_get_u32(r);
	float f;

	memcpy(&f, &v, 4);
	return f;
}

uint64_t
binbuf_get_count(struct binbuf_r *r, size_t each, uint64_t lim, int wide)
{
	uint64_t v = wide ? binbuf_get_u64(r) : binbuf_get_u32(r);

	if (r->bad)
		return 0;
	if (v > lim || (each && v > (r->n - r->at) / each)) {
		r->bad = 1;
		r->why = "a count out of range";
		return 0;
	}
	return v;
}

const char *
binbuf_get_str(struct binbuf_r *r, size_t *n, uint64_t lim)
{
	const unsigned char *x;
	uint64_t len = binbuf_get_count(r, 1, lim, 0);

	*n = 0;
	if (r->bad || !binbuf_take(r, (size_t)len, &x))
		return "";
	*n = (size_t)len;
	return (const char *)x;
}

unsigned char *
binbuf_slurp(const char *path, size_t *n, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	unsigned char *buf;
	size_t got = 0;
	ssize_t r;

	if (fd < 0) {
		err_sys(e, ERR_NOINPUT, errno, "%s: cannot open", path);
		return NULL;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		err_set(e, ERR_NOINPUT, "%s: not a regular file", path);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		r = read(fd, buf + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = 0;
	*n = got;
	return buf;
}
