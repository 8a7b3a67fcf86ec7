/*
 * csvchunk.c - record-aligned chunks of a CSV file through the loader
 * (see csvchunk.h).
 */
#include "core/data/csvchunk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/csvscan.h"
#include "core/data/rowindex.h"
#include "core/util/xalloc.h"

#define SNIFF (64u << 10)
#define SCAN (8u << 20)		/* bytes counted at a time for a range */

long long
csvchunk_pread(const struct csvchunk *c, uint64_t off, char *buf, size_t n,
    struct err *e)
{
	size_t got = 0;
	ssize_t r;

	if (off >= c->size)
		return 0;
	if (n > c->size - off)
		n = (size_t)(c->size - off);
	while (got < n) {
		r = pread(c->fd, buf + got, n - got, (off_t)(off + got));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return err_sys(e, ERR_IO, errno, "%s: read error",
			    c->path);
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (long long)got;
}

/*
 * The first record boundary at or after target, scanning from the
 * boundary `from` (line `line`); *line gets the boundary's line.
 */
static int
seek_boundary(struct csvchunk *c, uint64_t from, uint64_t target,
    uint64_t *at, uint64_t *line, struct err *e)
{
	char *buf = xmalloc(SCAN + 1);
	uint64_t off = from, q = 0, qn, tn, ln = *line;
	long long n;
	size_t i, k;

	if (target <= from) {
		*at = from;
		free(buf);
		return 0;
	}
	/* whole blocks before the target: counts only */
	while (off + SCAN < target) {
		n = csvchunk_pread(c, off, buf, SCAN, e);
		if (n <= 0) {
			free(buf);
			return n < 0 ? -1 : err_set(e, ERR_IO, "%s: file "
			    "shrank while reading", c->path);
		}
		csvscan_count(buf, (size_t)n, c->term, &qn, &tn);
		q += qn;
		ln += tn;
		off += (uint64_t)n;
	}
	for (;;) {
		n = csvchunk_pread(c, off, buf, SCAN, e);
		if (n < 0) {
			free(buf);
			return -1;
		}
		if (n == 0) {
			*at = c->size;
			*line = ln;
			free(buf);
			return 0;
		}
		for (i = 0; i < (size_t)n; i++) {
			if (buf[i] == '"')
				q++;
			else if ((unsigned char)buf[i] == c->term) {
				ln++;
				if (!(q & 1) && off + i + 1 >= target) {
					*at = off + i + 1;
					*line = ln;
					free(buf);
					return 0;
				}
			}
		}
		k = (size_t)n;
		off += k;
	}
}

int
csvchunk_head(struct csvchunk *c, const char *p, size_t n, int eof,
    struct err *e)
{
	size_t s = n < SNIFF ? n : SNIFF, hend;
	uint64_t bom = 0, terms = 0, q;

	if (s >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		bom = 3;
	c->delim = (unsigned char)(c->lo.delim ? c->lo.delim :
	    csvload_sniff(p + bom, s - bom));
	c->lo.delim = c->delim;
	c->term = s == 0 || memchr(p, '\n', s) || !memchr(p, '\r', s) ?
	    '\n' : '\r';
	if (eof && n <= bom)
		return err_set(e, ERR_DATA, "%s: empty file (no header, no "
		    "rows)", c->path);
	c->line = 1;
	c->data = bom;
	if (c->lo.no_header)
		return 0;
	/* the header record, however long, by the exact scanner */
	hend = csvscan_boundary(p + bom, n - bom, 0, c->delim, c->term, 1,
	    &terms);
	if (hend == SIZE_MAX && !eof)
		return 1;
	if (hend == SIZE_MAX) {
		/* the whole file is one record: the loader says what is
		 * wrong with it */
		struct table *t = csvload_mem(c->path, p + bom, n - bom,
		    &c->lo, e);

		table_free(t);
		if (t)
			err_at(e, ERR_DATA, c->path, 1, 0, "header only, no "
			    "data rows");
		return -1;
	}
	{
		struct csvscan sc;

		csvscan_init(&sc, c->delim, c->term);
		csvscan_record(&sc, p + bom, hend, &terms);
		c->ncols = (size_t)terms;
		csvscan_count(p + bom, hend - 1, c->term, &q, &terms);
	}
	free(c->hdr);
	c->hdr = xmalloc(hend);
	memcpy(c->hdr, p + bom, hend);
	c->hdrlen = hend;
	c->hdr_lines = terms + 1;
	c->data = bom + hend;
	c->line = 1 + c->hdr_lines;
	return 0;
}

void
csvchunk_begin(struct csvchunk *c, const char *path,
    const struct csvload_opts *o)
{
	memset(c, 0, sizeof *c);
	c->fd = -1;
	if (o)
		c->lo = *o;
	else
		csvload_opts_init(&c->lo);
	c->lo.id_col = NULL;
	c->path = xstrdup(path);
}

/* Open path, sniff it and read its header: everything but the range. */
static int
open_head(struct csvchunk *c, const char *path, const struct csvload_opts *o,
    size_t chunk, struct err *e)
{
	struct stat st;
	char *head;
	long long n;
	size_t cap;
	int r;

	csvchunk_begin(c, path, o);
	c->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->fd < 0) {
		err_sys(e, ERR_NOINPUT, errno, "%s: cannot open", path);
		goto fail;
	}
	if (fstat(c->fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		err_set(e, ERR_NOINPUT, "%s: not a regular file (a stream "
		    "cannot be read in ranges)", path);
		goto fail;
	}
	c->size = (uint64_t)st.st_size;
	for (cap = SNIFF;; cap *= 4) {
		head = xmalloc(cap);
		n = csvchunk_pread(c, 0, head, cap, e);
		r = n < 0 ? -1 : csvchunk_head(c, head, (size_t)n,
		    (size_t)n < cap, e);
		free(head);
		if (r <= 0)
			break;
	}
	if (r < 0)
		goto fail;
	c->chunk = chunk < (1u << 16) ? (1u << 16) : chunk;
	return 0;
fail:
	csvchunk_close(c);
	return -1;
}

int
csvchunk_open(struct csvchunk *c, const char *path,
    const struct csvload_opts *o, uint64_t start, uint64_t end,
    size_t chunk, struct err *e)
{
	if (open_head(c, path, o, chunk, e) != 0)
		return -1;
	c->start = c->data;
	c->end = end && end < c->size ? end : c->size;
	if (start > c->data &&
	    seek_boundary(c, c->data, start, &c->start, &c->line, e) != 0)
		goto fail;
	if (c->end < c->size) {
		uint64_t l2 = c->line;

		if (c->end <= c->start)
			c->end = c->start;
		else if (seek_boundary(c, c->start, c->end, &c->end, &l2,
		    e) != 0)
			goto fail;
	}
	c->pos = c->start;
	c->start_line = c->line;
	return 0;
fail:
	csvchunk_close(c);
	return -1;
}

/* 1 when off is a line start: the data's start, the file's end, or
 * just after a line end. */
static int
after_term(const struct csvchunk *c, uint64_t off, struct err *e)
{
	char ch;

	if (off <= c->data || off >= c->size)
		return 1;
	if (csvchunk_pread(c, off - 1, &ch, 1, e) != 1)
		return -1;
	return (unsigned char)ch == c->term;
}

int
csvchunk_open_at(struct csvchunk *c, const char *path,
    const struct csvload_opts *o, uint64_t start, uint64_t end,
    uint64_t line, size_t chunk, struct err *e)
{
	int a, b;

	if (open_head(c, path, o, chunk, e) != 0)
		return -1;
	c->end = end && end < c->size ? end : c->size;
	if (start > c->data) {
		c->start = start < c->end ? start : c->end;
		c->line = line;
	} else
		c->start = c->data;	/* on the data's first line */
	if ((a = after_term(c, c->start, e)) < 0 ||
	    (b = after_term(c, c->end, e)) < 0) {
		csvchunk_close(c);
		return -1;
	}
	if (!a || !b) {
		err_set(e, ERR_USAGE, "%s: byte %llu does not start a line: "
		    "not a record boundary (from `winnow stats --scan`)", path,
		    (unsigned long long)(a ? c->end : c->start));
		csvchunk_close(c);
		return -1;
	}
	c->pos = c->start;
	c->start_line = c->line;
	return 0;
}

int
csvchunk_scan(struct csvchunk *c, uint64_t start, uint64_t end,
    struct csvchunk_facts *f, struct err *e)
{
	struct csvscan_span sp;
	char *buf;
	uint64_t off, head = 0, q, t;
	long long n;
	size_t skip;
	int k;

	memset(f, 0, sizeof *f);
	if (end > c->size || end == 0)
		end = c->size;
	if (start > end)
		start = end;
	f->start = start;
	f->end = end;
	csvscan_span_init(&sp, c->delim, c->term);
	buf = xmalloc(SCAN);
	for (off = start; off < end; off += (uint64_t)n) {
		n = csvchunk_pread(c, off, buf, (size_t)(end - off < SCAN ?
		    end - off : SCAN), e);
		if (n <= 0) {
			free(buf);
			return n < 0 ? -1 : err_set(e, ERR_IO, "%s: file "
			    "shrank while reading", c->path);
		}
		/* the header's bytes only count lines; the data starts
		 * at a boundary, in state START for every scanner */
		skip = 0;
		if (off <= c->data) {
			skip = (size_t)(c->data - off < (uint64_t)n ?
			    c->data - off : (uint64_t)n);
			csvscan_count(buf, skip, c->term, &q, &t);
			head += t;
			if (off + skip == c->data) {
				sp.st = 0;
				sp.pending = 0;
			}
		}
		csvscan_span_feed(&sp, buf + skip, (size_t)n - skip);
	}
	free(buf);
	f->lines = head + sp.terms;
	for (k = 0; k < 4; k++) {
		f->in[k].exit = (int)csvscan_span_state(&sp,
		    start < c->data ? CSVSCAN_START : (enum csvscan_st)k);
		if (start <= c->data && c->data < end) {
			f->in[k].boundary = c->data;
			f->in[k].lines = head;
		} else if (start < c->data) {
			/* all header: no boundary, and the data's start
			 * is at the next range's first byte or later */
			f->in[k].boundary = UINT64_MAX;
			f->in[k].exit = CSVSCAN_START;
		} else {
			f->in[k].boundary = sp.boundary[k] == UINT64_MAX ?
			    UINT64_MAX : start + sp.boundary[k];
			f->in[k].lines = sp.lines[k];
		}
	}
	return 0;
}

void
csvchunk_close(struct csvchunk *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	FREE_ALL(c->path, c->hdr, c->buf);
	memset(c, 0, sizeof *c);
	c->fd = -1;
}

/*
 * Rewrite a loader message about the chunk ("PATH:L:..." counting the
 * header put in front) with the line in the file.
 */
void
csvchunk_rebase(const struct csvchunk *c, uint64_t line0, struct err *e)
{
	size_t pl = strlen(c->path);
	char *p, *end, msg[sizeof e->msg];
	unsigned long long l;

	if (strncmp(e->msg, c->path, pl) != 0 || e->msg[pl] != ':')
		return;
	p = e->msg + pl + 1;
	if (*p < '0' || *p > '9')
		return;
	errno = 0;
	l = strtoull(p, &end, 10);
	if (errno || (*end != ':' && *end != '\0'))
		return;
	if (l <= c->hdr_lines)
		l = c->hdr_lines + 1;
	snprintf(msg, sizeof msg, "%s:%llu%s", c->path,
	    (unsigned long long)(line0 + (l - c->hdr_lines - 1)), end);
	memcpy(e->msg, msg, sizeof msg);
}

static int
only_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != '\n' && s[i] != '\r')
			return 0;
	return 1;
}

int
csvchunk_take(struct csvchunk *c, size_t body, int last, struct table **tp,
    size_t *cutp, uint64_t *termsp, struct err *e)
{
	size_t cut;
	uint64_t q, terms;
	struct table *t;
	int exact = 0;

	*tp = NULL;
	for (;;) {
		terms = UINT64_MAX;
		if (last)
			cut = body;	/* the range's end is a boundary */
		else {
			cut = csvscan_last(c->buf + c->hdrlen, body, c->delim,
			    c->term, exact, &terms);
			if (cut == SIZE_MAX)
				return 1;	/* one record longer than
						 * the bytes */
		}
		t = csvload_mem(c->path, c->buf, c->hdrlen + cut, &c->lo, e);
		c->lo.quiet_header = 1;	/* the first chunk said it */
		if (!t && e->code == ERR_DATA && !exact && cut < body) {
			/* the parity guess may be what went wrong */
			exact = 1;
			err_clear(e);
			continue;
		}
		break;
	}
	if (!t && e->code == ERR_DATA && only_blank(c->buf + c->hdrlen,
	    cut)) {
		err_clear(e);	/* blank lines: no rows */
	} else if (!t) {
		csvchunk_rebase(c, c->line, e);
		return -1;
	}
	if (t && t->ncols != c->ncols && c->ncols) {
		err_at(e, ERR_DATA, c->path, (long long)c->line, 0,
		    "row has %zu fields, the first row has %zu", t->ncols,
		    c->ncols);
		table_free(t);
		return -1;
	}
	if (t && !c->ncols)
		c->ncols = t->ncols;
	if (terms == UINT64_MAX)
		csvscan_count(c->buf + c->hdrlen, cut, c->term, &q, &terms);
	*tp = t;
	*cutp = cut;
	*termsp = terms;
	return 0;
}

struct table *
csvchunk_next(struct csvchunk *c, uint64_t *first_line, struct err *e)
{
	size_t want = c->chunk, cut;
	long long n;
	uint64_t terms;
	struct table *t;
	int r;

	err_clear(e);
	for (;;) {
		if (c->pos >= c->end)
			return NULL;
		if (want > c->end - c->pos)
			want = (size_t)(c->end - c->pos);
		c->buf = xgrow(c->buf, &c->cap, c->hdrlen + want + 1, 1);
		if (c->hdrlen)
			memcpy(c->buf, c->hdr, c->hdrlen);
		n = csvchunk_pread(c, c->pos, c->buf + c->hdrlen, want, e);
		if (n < 0)
			return NULL;
		if ((size_t)n < want) {
			err_set(e, ERR_IO, "%s: file shrank while reading",
			    c->path);
			return NULL;
		}
		r = csvchunk_take(c, (size_t)n, c->pos + (size_t)n >= c->end,
		    &t, &cut, &terms, e);
		if (r < 0)
			return NULL;
		if (r > 0) {
			want *= 2;
			continue;
		}
		if (first_line)
			*first_line = c->line;
		if (t && c->index)
			rowindex_add(c->index, t, c->buf + c->hdrlen, cut,
			    c->pos, c->line, c->rows);
		c->line += terms;
		c->pos += cut;
		if (!t)
			continue;
		c->rows += t->nrows;
		return t;
	}
}
