/*
 * seqchunk.c - consecutive chunks of a file read from its start (see
 * seqchunk.h).
 *
 * c.buf holds the CSV header (nothing for JSON Lines) and then the bytes
 * read but not loaded yet: a chunk is loaded from the front of them,
 * and what follows its last record moves up behind the header for the
 * next one.
 */
#include "core/data/stream/seqchunk.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/format.h"
#include "core/data/jsonl/jsonl.h"
#include "core/util/io/fdio.h"
#include "core/util/xalloc.h"

#define HEAD (64u << 10)	/* bytes that tell the format */

/* Read until c.buf holds want bytes after the header, or the end. */
static int
fill(struct seqchunk *s, size_t want, struct err *e)
{
	struct csvchunk *c = &s->c;
	long long r;

	while (!s->eof && s->len < c->hdrlen + want) {
		c->buf = xgrow(c->buf, &c->cap, c->hdrlen + want + 1, 1);
		r = zreader_read(s->z, c->buf + s->len, c->hdrlen + want -
		    s->len, e);
		if (r < 0)
			return -1;
		if (r == 0)
			s->eof = 1;
		s->len += (size_t)r;
	}
	return 0;
}

/* The CSV header: sniffed from the first bytes, then put in front of
 * the data's bytes in c.buf. */
static int
csv_head(struct seqchunk *s, struct err *e)
{
	struct csvchunk *c = &s->c;
	size_t want = HEAD, rest;
	int r;

	while ((r = csvchunk_head(c, c->buf ? c->buf : "", s->len, s->eof,
	    e)) > 0) {
		want *= 4;
		if (fill(s, want, e) != 0)
			return -1;
	}
	if (r < 0)
		return -1;
	rest = s->len - (size_t)c->data;
	c->buf = xgrow(c->buf, &c->cap, c->hdrlen + rest + 1, 1);
	memmove(c->buf + c->hdrlen, c->buf + c->data, rest);
	if (c->hdrlen)
		memcpy(c->buf, c->hdr, c->hdrlen);
	s->len = c->hdrlen + rest;
	c->pos = c->data;
	return 0;
}

int
seqchunk_open(struct seqchunk *s, const char *path,
    const struct csvload_opts *o, size_t chunk, struct err *e)
{
	struct csvchunk *c = &s->c;
	struct stat st;
	char raw[8];
	ssize_t nraw;

	memset(s, 0, sizeof *s);
	s->fd = -1;
	csvchunk_begin(c, path, o);
	c->lo.progress = NULL;
	c->chunk = chunk < (1u << 16) ? (1u << 16) : chunk;
	if (format_open(path, &s->fd, &st, e) != 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		err_set(e, ERR_NOINPUT, "%s: not a regular file", path);
		goto fail;
	}
	s->disk = (uint64_t)st.st_size;
	if ((nraw = fdio_read(s->fd, raw, sizeof raw)) < 0) {
		err_sys(e, ERR_NOINPUT, errno, "%s: read error", path);
		goto fail;
	}
	s->kind = zstream_magic(raw, (size_t)nraw);
	if (!(s->z = zreader_open(s->fd, path, s->kind, raw, (size_t)nraw,
	    e)))
		goto fail;
	if (fill(s, HEAD, e) != 0)
		goto fail;
	s->format = format_by_name(path) == TABLE_JSONL ||
	    format_sniff_jsonl(c->buf ? c->buf : "", s->len < HEAD ? s->len :
	    HEAD) ? TABLE_JSONL : TABLE_CSV;
	c->line = 1;
	if (s->format == TABLE_CSV && csv_head(s, e) != 0)
		goto fail;
	return 0;
fail:
	seqchunk_close(s);
	return -1;
}

static int
blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != '\n' && p[i] != '\r' && p[i] != ' ' &&
		    p[i] != '\t')
			return 0;
	return 1;
}

/* The JSON Lines of c.buf[0 .. body) up to its last line end (all of
 * them at the end of the file), as csvchunk_take takes CSV records. */
static int
jsonl_take(struct seqchunk *s, size_t body, struct table **tp, size_t *cutp,
    uint64_t *terms, struct err *e)
{
	struct csvchunk *c = &s->c;
	struct csvload_opts o = c->lo;
	const char *p = c->buf, *q;
	size_t cut = body;
	uint64_t n = 0;

	*tp = NULL;
	if (!s->eof) {
		while (cut > 0 && p[cut - 1] != '\n')
			cut--;
		if (cut == 0)
			return 1;	/* a line longer than the bytes */
	}
	for (q = p; (q = memchr(q, '\n', (size_t)(p + cut - q))); q++)
		n++;
	*terms = n;
	*cutp = cut;
	if (blank(p, cut))
		return 0;
	o.chunk = 1;
	if (!(*tp = jsonl_load_mem(c->path, p, cut, &o, e))) {
		csvchunk_rebase(c, c->line, e);
		return -1;
	}
	return 0;
}

struct table *
seqchunk_next(struct seqchunk *s, uint64_t *first_line, struct err *e)
{
	struct csvchunk *c = &s->c;
	size_t want = c->chunk, body, cut = 0;
	uint64_t terms = 0;
	struct table *t;
	struct err e2;
	int r;

	err_clear(e);
	for (;;) {
		if (fill(s, want, e) != 0)
			return NULL;
		body = s->len - c->hdrlen;
		if (body == 0 && s->eof)
			return NULL;
		r = s->format == TABLE_CSV ? csvchunk_take(c, body, s->eof,
		    &t, &cut, &terms, e) : jsonl_take(s, body, &t, &cut,
		    &terms, e);
		if (r < 0) {
			/* bad data may be damage that shows at the
			 * stream's end: then that is the error */
			if (e->code == ERR_DATA && zstream_check_rest(s->z,
			    &e2) != 0 && e2.code == ERR_DATA)
				*e = e2;
			return NULL;
		}
		if (r > 0) {
			want = body * 2;	/* one record longer */
			continue;
		}
		if (first_line)
			*first_line = c->line;
		c->line += terms;
		c->pos += cut;
		memmove(c->buf + c->hdrlen, c->buf + c->hdrlen + cut,
		    body - cut);
		s->len -= cut;
		want = c->chunk;
		if (!t)
			continue;
		c->rows += t->nrows;
		return t;
	}
}

uint64_t
seqchunk_consumed(const struct seqchunk *s)
{
	return s->z ? zreader_consumed(s->z) : 0;
}

void
seqchunk_close(struct seqchunk *s)
{
	if (!s)
		return;
	zreader_close(s->z);
	if (s->fd > 0)
		close(s->fd);
	csvchunk_close(&s->c);
	memset(s, 0, sizeof *s);
	s->fd = -1;
}
