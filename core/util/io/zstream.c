/*
 * zstream.c - zlib and libzstd behind one reader and one writer.
 *
 * The reader keeps a block of compressed input and the file offset of
 * its first byte, so every error can name the compressed byte where it
 * happened.  Between gzip members it looks at the next two bytes
 * itself: zlib stops at the end of a member, and whatever follows must
 * be another member or nothing.  libzstd goes on to the next frame by
 * itself and rejects what is not one.
 */
#include "core/util/io/zstream.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "core/util/io/fdio.h"
#include "core/util/xalloc.h"

#define INBUF (256u << 10)	/* compressed bytes read at a time */
#define OUTBUF (256u << 10)	/* compressed bytes written at a time */
#define ZSTD_LEVEL 3

enum zkind
zstream_magic(const void *p, size_t n)
{
	const unsigned char *b = p;

	if (n >= 2 && b[0] == 0x1f && b[1] == 0x8b)
		return ZSTREAM_GZIP;
	if (n >= 4 && b[0] == 0x28 && b[1] == 0xb5 && b[2] == 0x2f &&
	    b[3] == 0xfd)
		return ZSTREAM_ZSTD;
	return ZSTREAM_NONE;
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

enum zkind
zstream_suffix(const char *name)
{
	if (ends_with(name, ".gz"))
		return ZSTREAM_GZIP;
	if (ends_with(name, ".zst"))
		return ZSTREAM_ZSTD;
	return ZSTREAM_NONE;
}

const char *
zstream_name(enum zkind k)
{
	return k == ZSTREAM_GZIP ? "gzip" : k == ZSTREAM_ZSTD ? "zstd" :
	    "plain";
}

const char *
zstream_ext(enum zkind k)
{
	return k == ZSTREAM_GZIP ? ".gz" : k == ZSTREAM_ZSTD ? ".zst" : "";
}

/* --- reading ------------------------------------------------------- */

struct zreader {
	enum zkind kind;
	int fd;
	char *name;
	unsigned char *in;	/* in[pos, len) not yet decompressed */
	size_t pos, len;
	uint64_t off;		/* file offset of in[0] */
	int eof;		/* the file has no more bytes */
	int ended;		/* the stream is over */
	int between;		/* gzip: a member ended, the next not begun */
	size_t zret;		/* zstd: 0 between frames */
	z_stream zs;
	int zs_ok;
	ZSTD_DStream *zd;
	void (*tap)(void *ctx, const void *p, size_t n);
	void *tap_ctx;
};

static uint64_t
at(const struct zreader *z)
{
	return z->off + z->pos;
}

/* Up to n bytes of the file into buf (fewer: its end is reached). */
static ssize_t
get(struct zreader *z, unsigned char *buf, size_t n, struct err *e)
{
	ssize_t r = fdio_read(z->fd, buf, n);

	if (r < 0)
		return err_sys(e, ERR_IO, errno, "%s: read error", z->name);
	if ((size_t)r < n)
		z->eof = 1;
	if (z->tap && r > 0)
		z->tap(z->tap_ctx, buf, (size_t)r);
	return r;
}

/* Move the unread bytes to the front and read more after them. */
static int
fill(struct zreader *z, struct err *e)
{
	ssize_t r;

	if (z->pos > 0) {
		memmove(z->in, z->in + z->pos, z->len - z->pos);
		z->off += z->pos;
		z->len -= z->pos;
		z->pos = 0;
	}
	if (z->eof || z->len == INBUF)
		return 0;
	if ((r = get(z, z->in + z->len, INBUF - z->len, e)) < 0)
		return -1;
	z->len += (size_t)r;
	return 0;
}

static int
truncated(const struct zreader *z, struct err *e)
{
	return err_set(e, ERR_DATA, "%s: byte %llu: the %s stream ends "
	    "early (the file is cut short)", z->name,
	    (unsigned long long)at(z), zstream_name(z->kind));
}

struct zreader *
zreader_open(int fd, const char *name, enum zkind k, const void *head,
    size_t nhead, struct err *e)
{
	struct zreader *z = xcalloc(1, sizeof *z);

	z->kind = k;
	z->fd = fd;
	z->name = xstrdup(name);
	z->in = xmalloc(INBUF > nhead ? INBUF : nhead);
	if (nhead)
		memcpy(z->in, head, nhead);
	z->len = nhead;
	if (k == ZSTREAM_GZIP) {
		/* 15 + 16: a gzip wrapper, the largest window */
		if (inflateInit2(&z->zs, 15 + 16) != Z_OK) {
			zreader_close(z);
			err_set(e, ERR_SOFTWARE, "%s: cannot start the gzip "
			    "decompressor", name);
			return NULL;
		}
		z->zs_ok = 1;
	} else if (k == ZSTREAM_ZSTD) {
		z->zret = 1;	/* no frame yet */
		z->zd = ZSTD_createDStream();
		if (!z->zd || ZSTD_isError(ZSTD_initDStream(z->zd))) {
			zreader_close(z);
			err_set(e, ERR_SOFTWARE, "%s: cannot start the zstd "
			    "decompressor", name);
			return NULL;
		}
	}
	return z;
}

void
zreader_close(struct zreader *z)
{
	if (!z)
		return;
	if (z->zs_ok)
		inflateEnd(&z->zs);
	ZSTD_freeDStream(z->zd);
	FREE_ALL(z->in, z->name, z);
}

uint64_t
zreader_consumed(const struct zreader *z)
{
	return at(z);
}

void
zreader_tap(struct zreader *z, void (*fn)(void *ctx, const void *p,
    size_t n), void *ctx)
{
	z->tap = fn;
	z->tap_ctx = ctx;
	/* the bytes given back at open came from the file first */
	if (fn && z->len)
		fn(ctx, z->in, z->len);
}

static long long
read_plain(struct zreader *z, unsigned char *buf, size_t n, struct err *e)
{
	size_t got;
	ssize_t r;

	/* the head given back first */
	if (z->pos < z->len) {
		got = z->len - z->pos < n ? z->len - z->pos : n;
		memcpy(buf, z->in + z->pos, got);
		z->pos += got;
		return (long long)got;
	}
	if (z->eof)
		return 0;
	if ((r = get(z, buf, n, e)) < 0)
		return -1;
	z->off += (uint64_t)r;
	return (long long)r;
}

/* Between gzip members: another member, or the end. */
static int
gzip_next_member(struct zreader *z, struct err *e)
{
	if (z->len - z->pos < 2 && !z->eof && fill(z, e) != 0)
		return -1;
	if (z->pos == z->len && z->eof) {
		z->ended = 1;
		return 0;
	}
	if (z->len - z->pos < 2 || z->in[z->pos] != 0x1f ||
	    z->in[z->pos + 1] != 0x8b)
		return err_set(e, ERR_DATA, "%s: byte %llu: bytes after the "
		    "end of the gzip stream", z->name,
		    (unsigned long long)at(z));
	inflateReset(&z->zs);
	z->between = 0;
	return 0;
}

static long long
read_gzip(struct zreader *z, unsigned char *buf, size_t n, struct err *e)
{
	size_t got = 0;
	int rc;

	while (got < n && !z->ended) {
		if (z->between) {
			if (gzip_next_member(z, e) != 0)
				return -1;
			continue;
		}
		if (z->pos == z->len && !z->eof) {
			if (fill(z, e) != 0)
				return -1;
			continue;
		}
		/* at the end of the file, inflate still runs: it may hold
		 * output back */
		z->zs.next_in = z->in + z->pos;
		z->zs.avail_in = (uInt)(z->len - z->pos);
		z->zs.next_out = buf + got;
		z->zs.avail_out = (uInt)(n - got);
		rc = inflate(&z->zs, Z_NO_FLUSH);
		z->pos = (size_t)(z->zs.next_in - z->in);
		got = (size_t)(z->zs.next_out - buf);
		if (rc == Z_STREAM_END) {
			z->between = 1;
		} else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT) {
			return err_set(e, ERR_DATA, "%s: byte %llu: corrupt "
			    "gzip data (%s)", z->name,
			    (unsigned long long)at(z),
			    z->zs.msg ? z->zs.msg : "bad stream");
		} else if (rc == Z_MEM_ERROR) {
			return err_set(e, ERR_SOFTWARE, "%s: out of memory "
			    "decompressing", z->name);
		} else if (rc == Z_BUF_ERROR && z->pos == z->len && z->eof) {
			return truncated(z, e);
		}
		/* else Z_OK, or Z_BUF_ERROR: more input or more room */
	}
	return (long long)got;
}

static long long
read_zstd(struct zreader *z, unsigned char *buf, size_t n, struct err *e)
{
	ZSTD_outBuffer out = { buf, n, 0 };
	ZSTD_inBuffer in;
	size_t before, was, r;

	while (out.pos < n && !z->ended) {
		if (z->pos == z->len && !z->eof && fill(z, e) != 0)
			return -1;
		in.src = z->in;
		in.size = z->len;
		in.pos = z->pos;
		before = out.pos;
		was = z->pos;
		r = ZSTD_decompressStream(z->zd, &out, &in);
		z->pos = in.pos;
		if (ZSTD_isError(r))
			return err_set(e, ERR_DATA, "%s: byte %llu: corrupt "
			    "zstd data (%s)", z->name,
			    (unsigned long long)at(z), ZSTD_getErrorName(r));
		if (out.pos != before || z->pos != was) {
			z->zret = r;	/* 0: at the end of a frame */
		} else if (z->pos == z->len && z->eof) {
			/* no input left and nothing more came out */
			if (z->zret != 0)
				return truncated(z, e);
			z->ended = 1;
		}
	}
	return (long long)out.pos;
}

long long
zreader_read(struct zreader *z, void *buf, size_t n, struct err *e)
{
	switch (z->kind) {
	case ZSTREAM_GZIP:
		return read_gzip(z, buf, n, e);
	case ZSTREAM_ZSTD:
		return read_zstd(z, buf, n, e);
	default:
		return read_plain(z, buf, n, e);
	}
}

int
zstream_slurp(struct zreader *z, const char *name, uint64_t total,
    const char *what, const struct progress *p, char **buf, size_t *len,
    struct err *e)
{
	char *b = NULL;
	size_t n = 0, cap = 0;
	long long r;

	*buf = NULL;
	*len = 0;
	for (;;) {
		b = xgrow(b, &cap, n + (1u << 20) + 1, 1);
		r = zreader_read(z, b + n, cap - n - 1, e);
		if (r < 0)
			goto fail;
		if (r == 0)
			break;
		n += (size_t)r;
		if (progress_step(p, what, zreader_consumed(z), total) < 0) {
			err_set(e, ERR_CANCEL, "%s: loading cancelled", name);
			goto fail;
		}
	}
	b[n] = '\0';
	*buf = b;
	*len = n;
	return 0;
fail:
	free(b);
	return -1;
}

int
zstream_check_rest(struct zreader *z, struct err *e)
{
	char *b;
	long long r;

	if (z->kind == ZSTREAM_NONE)
		return 0;
	b = xmalloc(1u << 16);
	while ((r = zreader_read(z, b, 1u << 16, e)) > 0)
		;
	free(b);
	return r < 0 ? -1 : 0;
}

int
zstream_check_file(int fd, const char *name, enum zkind k, struct err *e)
{
	struct zreader *z;
	int rc;

	if (k == ZSTREAM_NONE)
		return 0;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return err_sys(e, ERR_IO, errno, "%s: cannot seek", name);
	if (!(z = zreader_open(fd, name, k, NULL, 0, e)))
		return -1;
	rc = zstream_check_rest(z, e);
	zreader_close(z);
	return rc;
}

/* --- writing ------------------------------------------------------- */

static int
drain(struct zwriter *w, size_t n)
{
	return n ? outfile_write(w->of, w->buf, n) : 0;
}

int
zwriter_init(struct zwriter *w, enum zkind k, struct outfile *of,
    struct err *e)
{
	memset(w, 0, sizeof *w);
	w->kind = k;
	w->of = of;
	if (k == ZSTREAM_NONE)
		return 0;
	w->buf = xmalloc(OUTBUF);
	w->cap = OUTBUF;
	if (k == ZSTREAM_GZIP) {
		z_stream *zs = xcalloc(1, sizeof *zs);

		if (deflateInit2(zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED,
		    15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
			free(zs);
			zwriter_release(w);
			return err_set(e, ERR_SOFTWARE, "cannot start the "
			    "gzip compressor");
		}
		w->state = zs;
	} else {
		ZSTD_CCtx *c = ZSTD_createCCtx();

		if (!c || ZSTD_isError(ZSTD_CCtx_setParameter(c,
		    ZSTD_c_compressionLevel, ZSTD_LEVEL)) ||
		    ZSTD_isError(ZSTD_CCtx_setParameter(c,
		    ZSTD_c_checksumFlag, 1))) {
			ZSTD_freeCCtx(c);
			zwriter_release(w);
			return err_set(e, ERR_SOFTWARE, "cannot start the "
			    "zstd compressor");
		}
		w->state = c;
	}
	return 0;
}

/* Run the compressor over p[0..n) (finish: and end the stream). */
static int
pump(struct zwriter *w, const void *p, size_t n, int finish)
{
	if (w->failed || w->of->err)
		return -1;
	if (w->kind == ZSTREAM_GZIP) {
		z_stream *zs = w->state;
		int rc;

		zs->next_in = (Bytef *)(uintptr_t)p;
		zs->avail_in = (uInt)n;
		do {
			zs->next_out = w->buf;
			zs->avail_out = (uInt)w->cap;
			rc = deflate(zs, finish ? Z_FINISH : Z_NO_FLUSH);
			if (rc == Z_STREAM_ERROR) {
				w->failed = 1;
				return -1;
			}
			if (drain(w, w->cap - zs->avail_out) != 0)
				return -1;
		} while (zs->avail_out == 0 || (finish && rc != Z_STREAM_END));
		return 0;
	}
	{
		ZSTD_inBuffer in = { p, n, 0 };
		ZSTD_outBuffer out;
		size_t left;

		do {
			out.dst = w->buf;
			out.size = w->cap;
			out.pos = 0;
			left = ZSTD_compressStream2(w->state, &out, &in,
			    finish ? ZSTD_e_end : ZSTD_e_continue);
			if (ZSTD_isError(left)) {
				w->failed = 1;
				return -1;
			}
			if (drain(w, out.pos) != 0)
				return -1;
		} while (finish ? left != 0 : in.pos < in.size);
	}
	return 0;
}

int
zwriter_write(struct zwriter *w, const void *p, size_t n)
{
	if (w->kind == ZSTREAM_NONE)
		return outfile_write(w->of, p, n);
	/* zlib counts input in 32-bit units */
	while (n > (1u << 30)) {
		if (pump(w, p, 1u << 30, 0) != 0)
			return -1;
		p = (const char *)p + (1u << 30);
		n -= 1u << 30;
	}
	return pump(w, p, n, 0);
}

int
zwriter_finish(struct zwriter *w, struct err *e)
{
	/* a failed write is the output's to report (outfile_commit) */
	if (w->kind != ZSTREAM_NONE && pump(w, NULL, 0, 1) != 0 &&
	    w->failed)
		return err_set(e, ERR_SOFTWARE, "%s: the %s compressor "
		    "failed", w->of->path, zstream_name(w->kind));
	return 0;
}

void
zwriter_release(struct zwriter *w)
{
	if (w->state) {
		if (w->kind == ZSTREAM_GZIP) {
			deflateEnd(w->state);
			free(w->state);
		} else {
			ZSTD_freeCCtx(w->state);
		}
	}
	free(w->buf);
	w->state = NULL;
	w->buf = NULL;
}
