/*
 * rowindex.c - marks every so many rows during a pass, blocks of rows
 * read back on demand (see rowindex.h).
 */
#include "core/data/rowindex.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data/csvload.h"
#include "core/data/csvscan.h"
#include "core/util/xalloc.h"

static void
mark(struct rowindex *ix, uint64_t row, uint64_t off, uint64_t line)
{
	ix->mark = xgrow(ix->mark, &ix->capmark, ix->nmark + 1,
	    sizeof *ix->mark);
	ix->mark[ix->nmark].row = row;
	ix->mark[ix->nmark].off = off;
	ix->mark[ix->nmark].line = line;
	ix->nmark++;
	ix->next = (row / ix->step + 1) * ix->step;
}

struct rowindex *
rowindex_new(const struct csvchunk *c)
{
	struct rowindex *ix = xcalloc(1, sizeof *ix);

	ix->path = xstrdup(c->path);
	ix->fd = -1;
	ix->lo = c->lo;
	ix->lo.progress = NULL;
	ix->lo.threads = 1;		/* a block is small */
	ix->hdrlen = c->hdrlen;
	ix->hdr = xmalloc(c->hdrlen + 1);
	memcpy(ix->hdr, c->hdr ? c->hdr : "", c->hdrlen);
	ix->hdr_lines = c->hdr_lines;
	ix->term = c->term;
	ix->step = ROWINDEX_STEP;
	/* the first row starts at the range's start, a boundary */
	mark(ix, 0, c->start, c->start_line);
	return ix;
}

void
rowindex_add(struct rowindex *ix, const struct table *t, const char *bytes,
    size_t n, uint64_t off, uint64_t line, uint64_t row0)
{
	uint64_t first = ix->hdr_lines + 1, cl = 0, q = 0, qn, tn, rl;
	size_t pos = 0, i;
	const char *p;

	for (i = 0; i < t->nrows; i++) {
		if (row0 + i < ix->next) {
			i = (size_t)(ix->next - row0) - 1;
			continue;
		}
		/* a record that starts where another ended, on its line (a
		 * CR inside a line ends a record too), has no line start */
		if (i > 0 && t->line[i] == t->line[i - 1])
			continue;
		rl = t->line[i] - first;
		while (cl < rl) {
			p = memchr(bytes + pos, ix->term, n - pos);
			if (!p)
				return;
			csvscan_count(bytes + pos, (size_t)(p - bytes) - pos,
			    ix->term, &qn, &tn);
			q += qn;
			pos = (size_t)(p - bytes) + 1;
			cl++;
		}
		if (q & 1)
			continue;	/* the line starts inside quotes */
		mark(ix, row0 + i, off + pos, line + rl);
	}
}

int
rowindex_finish(struct rowindex *ix, uint64_t nrows, uint64_t end,
    struct err *e)
{
	ix->nrows = nrows;
	ix->end = end;
	ix->fd = open(ix->path, O_RDONLY | O_CLOEXEC);
	if (ix->fd < 0)
		return err_sys(e, ERR_NOINPUT, errno, "%s: cannot open",
		    ix->path);
	ix->done = 1;
	return 0;
}

uint64_t
rowindex_rows(const struct rowindex *ix)
{
	return ix && ix->done ? ix->nrows : 0;
}

/* The block starting at mark k, read and loaded; NULL with e. */
static struct table *
load_block(struct rowindex *ix, size_t k, struct err *e)
{
	uint64_t a = ix->mark[k].off, b = k + 1 < ix->nmark ?
	    ix->mark[k + 1].off : ix->end;
	uint64_t want = (k + 1 < ix->nmark ? ix->mark[k + 1].row :
	    ix->nrows) - ix->mark[k].row;
	size_t len = (size_t)(b - a), got = 0;
	char *buf = xmalloc(ix->hdrlen + len + 1);
	struct table *t;
	ssize_t r;

	memcpy(buf, ix->hdr, ix->hdrlen);
	while (got < len) {
		r = pread(ix->fd, buf + ix->hdrlen + got, len - got,
		    (off_t)(a + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			free(buf);
			if (r < 0)
				return err_sys(e, ERR_IO, errno, "%s: read "
				    "error", ix->path), NULL;
			err_set(e, ERR_IO, "%s: the file shrank since it was "
			    "read", ix->path);
			return NULL;
		}
		got += (size_t)r;
	}
	t = csvload_mem(ix->path, buf, ix->hdrlen + len, &ix->lo, e);
	free(buf);
	if (t && t->nrows != want) {
		table_free(t);
		t = NULL;
	}
	if (!t) {
		err_set(e, ERR_DATA, "%s: rows %llu to %llu (line %llu on) "
		    "are not what the full pass read: the file changed?",
		    ix->path, (unsigned long long)ix->mark[k].row + 1,
		    (unsigned long long)(ix->mark[k].row + want),
		    (unsigned long long)ix->mark[k].line);
		return NULL;
	}
	return t;
}

const struct table *
rowindex_block(struct rowindex *ix, uint64_t row, uint64_t *base,
    struct err *e)
{
	size_t lo = 0, hi, k, slot = 0;
	struct table *t;

	if (!ix->done || row >= ix->nrows) {
		err_set(e, ERR_SOFTWARE, "%s: no row %llu in the index",
		    ix->path, (unsigned long long)row + 1);
		return NULL;
	}
	/* the last mark at or before row */
	hi = ix->nmark;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (ix->mark[mid].row <= row)
			lo = mid;
		else
			hi = mid;
	}
	k = lo;
	*base = ix->mark[k].row;
	ix->clock++;
	for (hi = 0; hi < ROWINDEX_CACHE; hi++) {
		if (ix->cache[hi].t && ix->cache[hi].mark == k) {
			ix->cache[hi].used = ix->clock;
			return ix->cache[hi].t;
		}
		if (!ix->cache[hi].t || (ix->cache[slot].t &&
		    ix->cache[hi].used < ix->cache[slot].used))
			slot = hi;
	}
	if (!(t = load_block(ix, k, e)))
		return NULL;
	table_free(ix->cache[slot].t);
	ix->cache[slot].t = t;
	ix->cache[slot].mark = k;
	ix->cache[slot].used = ix->clock;
	return t;
}

void
rowindex_free(struct rowindex *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < ROWINDEX_CACHE; i++)
		table_free(ix->cache[i].t);
	if (ix->fd >= 0)
		close(ix->fd);
	FREE_ALL(ix->path, ix->hdr, ix->mark, ix);
}
