/*
 * csvload.c - libcsv in, columns out.
 *
 * The file is cut into parts at record boundaries guessed from quote
 * parity; each part is parsed by its own libcsv parser (in its own thread)
 * into its own dicts.  A guess is checked afterwards: a part is kept only
 * if the parser of the part before it ended exactly between records,
 * which is the state a single parser would have been in there; otherwise
 * the earlier parser simply goes on through the rejected part.  The kept
 * parts are then stitched in file order (dict_merge keeps first-sight
 * order), so the table never depends on the number of threads.
 *
 * libcsv reports fields, not positions.  The loader feeds it one
 * physical line at a time, which is enough to know the line where each
 * record starts; columns for error messages are recovered on the error
 * path by re-scanning the offending record.
 */
#include "core/data/csvload.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util/log.h"
#include "core/util/time.h"
#include "core/util/vbuf.h"
#include "core/util/xalloc.h"

#define CHUNK (1u << 20)		/* bytes read at a time */
#define SAMPLE (64u << 10)		/* bytes used to sniff */
#define PART_MIN (4u << 20)		/* smallest part worth a thread */
#define MAX_PARTS 16

/* libcsv's parser states (csv.c): between records, inside a field. */
#define PSTATE_ROW_NOT_BEGUN 0
#define PSTATE_FIELD_BEGUN 2

/* The parser is inside a quoted field that never closed (libcsv reports
 * this itself only in strict mode, which also rejects stray quotes). */
#define OPEN_QUOTE(cp) ((cp)->pstate == PSTATE_FIELD_BEGUN && (cp)->quoted)

struct src {
	const char *name;
	int fd;				/* -1: memory */
	const char *mem;
	uint64_t size;
};

struct loader {
	struct src src;
	const struct csvload_opts *o;
	unsigned char delim;
	unsigned char term;		/* what ends a physical line */
	uint64_t start;			/* first byte after the BOM */
	size_t ncols;
};

enum fail {
	FAIL_NONE,
	FAIL_RAGGED,
	FAIL_QUOTE,
	FAIL_TOOBIG,
	FAIL_NOMEM,
	FAIL_IO,
	FAIL_CANCEL
};

/*
 * Values wait in a short queue per column before they are interned: the
 * hash is computed and the dict slot prefetched when a value arrives, so
 * that by the time the queue is flushed the memory is there.  On a large
 * file most values miss every cache; the queues turn one miss per value
 * into many misses in flight.
 */
#define QN 16

struct pend {
	uint64_t row;
	uint64_t h;
	size_t off;			/* in the queue's byte buffer */
	uint32_t len;
};

struct colq {
	struct pend p[QN];
	int n;
	char *buf;
	size_t blen, bcap;
};

/*
 * A column whose values are mostly distinct (ids, free text, measured
 * numbers) is not interned while parsing: probing a hash table bigger
 * than the caches costs a memory round trip per value.  Its cells are
 * collected in file order instead (bytes, each followed by a NUL, their
 * end offsets and hashes) and deduplicated afterwards by dict_build, in
 * cache-sized partitions.
 */
/* A field of a line on the fast path: in the line, or at offset `at` of
 * the part's unquoting buffer when s is NULL. */
struct fspan {
	const char *s;
	size_t n, at;
};

struct colbuf {
	char *b;			/* vb.p when the vbuf is in use */
	size_t nb, cap;
	struct vbuf vb;			/* b's mapping, or empty: malloc */
	uint64_t *end;			/* per row: offset after the cell's NUL */
};

struct part {
	struct loader *L;
	uint64_t begin, end;
	struct csv_parser cp;
	int cp_ok;
	struct dict *dict;		/* [ncols] */
	uint32_t **code;		/* [ncols] */
	uint64_t *line;			/* per row, relative to begin */
	uint64_t nrows, cap;
	struct colq *q;			/* [ncols] values waiting to be interned */
	struct colbuf *cb;		/* [ncols] values of append columns */
	uint8_t *append;		/* [ncols] 1: this part collects the
					 * column's cells (see colbuf) */
	struct fspan *fld;		/* fast path: the fields of a line */
	size_t fcap;
	char *fbuf;			/* fast path: unquoted copies */
	size_t fbuf_len, fbcap;
	int no_fast;			/* always use libcsv (tests) */
	size_t field;			/* fields seen in the current record */
	int in_header;			/* the next record is the header */
	int stop;
	int at_line_start;
	uint64_t lineno;		/* relative line being fed, from 1 */
	uint64_t line_off;		/* offset of that line's first byte */
	uint64_t rec_line, rec_off, rec_skip;
	uint64_t nragged;
	enum fail fail;
	uint64_t fail_line, fail_off, fail_skip;
	size_t fail_field, fail_nfields;
	struct err ioerr;
	atomic_uint_least64_t done;
	atomic_int finished;
	int report;
	char *buf;
	pthread_t tid;
};

/* --- reading ------------------------------------------------------- */

/* Up to n bytes at off, into buf or straight from memory. */
static long long
src_read(const struct src *s, uint64_t off, char *buf, size_t n,
    const char **out, struct err *e)
{
	ssize_t r;
	size_t got = 0;

	if (off >= s->size)
		return 0;
	if (n > s->size - off)
		n = (size_t)(s->size - off);
	if (s->fd < 0) {
		*out = s->mem + off;
		return (long long)n;
	}
	while (got < n) {
		r = pread(s->fd, buf + got, n - got, (off_t)(off + got));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return err_sys(e, ERR_IO, errno, "%s: read error",
			    s->name);
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	*out = buf;
	return (long long)got;
}

/* --- the per-part parser ------------------------------------------- */

static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int
parser_init(struct csv_parser *cp, unsigned char delim)
{
	if (csv_init(cp, 0) != 0)
		return -1;
	csv_set_delim(cp, delim);
	csv_set_space_func(cp, never_space);
	csv_set_blk_size(cp, 4096);
	return 0;
}

static void
part_fail(struct part *P, enum fail f)
{
	if (P->fail == FAIL_NONE)
		P->fail = f;
	P->stop = 1;
}

static void
part_grow(struct part *P)
{
	size_t c, cap, ncap = P->cap ? P->cap * 2 : 1024;

	for (c = 0; c < P->L->ncols; c++) {
		cap = P->cap;
		if (P->append[c])
			P->cb[c].end = xgrow(P->cb[c].end, &cap, ncap,
			    sizeof *P->cb[c].end);
		else
			P->code[c] = xgrow(P->code[c], &cap, ncap,
			    sizeof *P->code[c]);
	}
	cap = P->cap;
	P->line = xgrow(P->line, &cap, ncap, sizeof *P->line);
	P->cap = ncap;
}

static void
colq_flush(struct part *P, size_t f)
{
	struct colq *q = &P->q[f];
	struct dict *d = &P->dict[f];
	uint32_t *code = P->code[f];
	uint32_t id;
	int i;

	for (i = 0; i < q->n; i++) {
		struct pend *p = &q->p[i];

		id = dict_intern_h(d, q->buf + p->off, p->len, p->h);
		if (id == DICT_NONE) {
			part_fail(P, FAIL_NOMEM);
			break;
		}
		code[p->row] = id;
	}
	q->n = 0;
	q->blen = 0;
}

static void
part_flush(struct part *P)
{
	size_t f;

	for (f = 0; f < P->L->ncols; f++)
		colq_flush(P, f);
}

/*
 * Room for n more bytes in a column's buffer.  A vbuf that would
 * overflow its reservation (only possible with unusual input, e.g. many
 * padded cells) hands over to malloc'd memory.
 */
static void
colbuf_room(struct colbuf *cb, size_t n)
{
	if (cb->vb.p) {
		cb->vb.len = cb->nb;
		if (vbuf_room(&cb->vb, n))
			return;
		{
			char *m = xmalloc((cb->nb + n) * 2);

			memcpy(m, cb->b, cb->nb);
			vbuf_release(&cb->vb);
			cb->b = m;
			cb->cap = (cb->nb + n) * 2;
		}
		return;
	}
	cb->b = xgrow(cb->b, &cb->cap, cb->nb + n, 1);
}

/* Start a column's buffer with room for reserve bytes of address
 * space (falls back to malloc quietly). */
static void
colbuf_start(struct colbuf *cb, size_t reserve)
{
	if (vbuf_init(&cb->vb, reserve) == 0) {
		cb->b = cb->vb.p;
		cb->cap = cb->vb.reserved;
	}
	cb->nb = 0;
}

static void
colbuf_free(struct colbuf *cb)
{
	if (cb->vb.p)
		vbuf_release(&cb->vb);
	else
		free(cb->b);
	free(cb->end);
	memset(cb, 0, sizeof *cb);
}

static void
colbuf_push(struct part *P, size_t f, const char *s, size_t len)
{
	struct colbuf *cb = &P->cb[f];

	colbuf_room(cb, len + 1);
	if (len)
		memcpy(cb->b + cb->nb, s, len);
	cb->b[cb->nb + len] = '\0';
	cb->nb += len + 1;
	cb->end[P->nrows] = cb->nb;
}

static void
colq_push(struct part *P, size_t f, const char *s, size_t len)
{
	struct colq *q = &P->q[f];
	struct dict *d = &P->dict[f];
	struct pend *p;
	uint64_t h;

	if (P->append[f]) {
		colbuf_push(P, f, s, len);
		return;
	}
	h = dict_hash(s, len);
	if (d->slot)
		__builtin_prefetch(&d->slot[h & d->mask]);
	/* + 1: the buffer exists even when every value is empty, so
	 * interning never reads from a NULL pointer */
	q->buf = xgrow(q->buf, &q->bcap, q->blen + len + 1, 1);
	if (len)
		memcpy(q->buf + q->blen, s, len);
	p = &q->p[q->n++];
	p->row = P->nrows;
	p->h = h;
	p->off = q->blen;
	p->len = (uint32_t)len;
	q->blen += len;
	if (q->n == QN)
		colq_flush(P, f);
}

/* Take back the value field f of the current record had. */
static void
colq_unpush(struct part *P, size_t f)
{
	struct colq *q = &P->q[f];

	if (P->append[f]) {
		/* the row's cell is the last one: forget it */
		P->cb[f].nb = P->nrows ? P->cb[f].end[P->nrows - 1] : 0;
		return;
	}
	if (q->n > 0 && q->p[q->n - 1].row == P->nrows) {
		q->n--;
		q->blen = q->p[q->n].off;
	} else {
		P->dict[f].count[P->code[f][P->nrows]]--;
	}
}

static void
on_field(void *s, size_t len, void *data)
{
	struct part *P = data;
	size_t f;

	if (P->stop)
		return;
	f = P->field++;
	if (P->in_header || f >= P->L->ncols)
		return;
	if (len > UINT32_MAX) {
		P->fail_line = P->rec_line;
		part_fail(P, FAIL_TOOBIG);
		return;
	}
	if (f == 0 && P->nrows == P->cap)
		part_grow(P);
	colq_push(P, f, s ? s : "", len);
}

static void
record_done(struct part *P)
{
	P->field = 0;
	P->rec_skip++;
	P->rec_line = P->lineno;
	P->rec_off = P->line_off;
}

/*
 * Every column starts interned.  After the first rows of a part, a
 * column whose values are mostly new (ids, free text, measurements)
 * switches to collecting its cells: its rows so far are written out of
 * the dict in order, and the dict goes.
 */
#define SWITCH_ROWS 65536

/* Write rows 0 .. P->nrows-1 of dict column f into its colbuf. */
static void
part_materialize(struct part *P, size_t f)
{
	struct colbuf *cb = &P->cb[f];
	struct dict *d = &P->dict[f];
	uint64_t r;
	size_t n;
	const char *s;

	colq_flush(P, f);
	free(cb->end);
	cb->end = xreallocarray(NULL, P->cap ? P->cap : 1, sizeof *cb->end);
	/* a column's cells take at most the part's bytes, a NUL standing
	 * for each delimiter; the first part's buffer will receive the
	 * other parts' too */
	colbuf_start(cb, 2 * ((P->begin == P->L->start ? P->L->src.size :
	    P->end - P->begin) + (1u << 20)));
	for (r = 0; r < P->nrows; r++) {
		s = dict_str(d, P->code[f][r], &n);
		colbuf_room(cb, n + 1);
		memcpy(cb->b + cb->nb, s, n + 1);
		cb->nb += n + 1;
		cb->end[r] = cb->nb;
	}
	free(P->code[f]);
	P->code[f] = NULL;
	dict_release(d);
	P->append[f] = 1;
}

static void
part_switch(struct part *P)
{
	size_t f;

	for (f = 0; f < P->L->ncols; f++)
		if (!P->append[f] && (uint64_t)P->dict[f].n * 2 > P->nrows)
			part_materialize(P, f);
}

static void
on_record(int c, void *data)
{
	struct part *P = data;
	size_t nf, f, ncols = P->L->ncols;

	(void)c;
	if (P->stop)
		return;
	if (P->in_header) {
		P->in_header = 0;
		record_done(P);
		return;
	}
	nf = P->field;
	if (nf != ncols) {
		switch (P->L->o->ragged) {
		case CSVLOAD_RAGGED_ERROR:
			P->fail_line = P->rec_line;
			P->fail_off = P->rec_off;
			P->fail_skip = P->rec_skip;
			P->fail_nfields = nf;
			P->fail_field = nf < ncols ? nf : ncols;
			part_fail(P, FAIL_RAGGED);
			return;
		case CSVLOAD_RAGGED_PAD:
			if (nf == 0 && P->nrows == P->cap)
				part_grow(P);
			for (f = nf; f < ncols; f++)
				colq_push(P, f, "", 0);
			P->nragged++;
			break;
		case CSVLOAD_RAGGED_SKIP:
			for (f = 0; f < nf && f < ncols; f++)
				colq_unpush(P, f);
			P->nragged++;
			record_done(P);
			return;
		}
	}
	P->line[P->nrows] = P->rec_line;
	P->nrows++;
	if (P->nrows == SWITCH_ROWS)
		part_switch(P);
	record_done(P);
}

static void
part_setup(struct part *P, struct loader *L, uint64_t begin, uint64_t end,
    int in_header)
{
	size_t c;

	memset(P, 0, sizeof *P);
	P->L = L;
	P->begin = begin;
	P->end = end;
	P->in_header = in_header;
	P->dict = xcalloc(L->ncols, sizeof *P->dict);
	for (c = 0; c < L->ncols; c++)
		dict_init(&P->dict[c]);
	P->code = xcalloc(L->ncols, sizeof *P->code);
	P->q = xcalloc(L->ncols, sizeof *P->q);
	P->cb = xcalloc(L->ncols, sizeof *P->cb);
	P->append = xcalloc(L->ncols, 1);
	P->lineno = 1;
	P->rec_line = 1;
	P->line_off = begin;
	P->rec_off = begin;
	P->at_line_start = 1;
	P->no_fast = L->o->libcsv_only;
	P->cp_ok = parser_init(&P->cp, L->delim) == 0;
	if (!P->cp_ok)
		part_fail(P, FAIL_NOMEM);
	if (L->src.fd >= 0)
		P->buf = xmalloc(CHUNK);
}

static void
part_free(struct part *P)
{
	size_t c;

	if (P->dict) {
		for (c = 0; c < P->L->ncols; c++)
			dict_release(&P->dict[c]);
		free(P->dict);
	}
	if (P->code) {
		for (c = 0; c < P->L->ncols; c++)
			free(P->code[c]);
		free(P->code);
	}
	free(P->line);
	if (P->q) {
		for (c = 0; c < P->L->ncols; c++)
			free(P->q[c].buf);
		free(P->q);
	}
	free(P->fld);
	free(P->fbuf);
	free(P->append);
	P->fld = NULL;
	P->fbuf = NULL;
	P->append = NULL;
	if (P->cb) {
		for (c = 0; c < P->L->ncols; c++)
			colbuf_free(&P->cb[c]);
		free(P->cb);
	}
	free(P->buf);
	if (P->cp_ok)
		csv_free(&P->cp);
	P->dict = NULL;
	P->code = NULL;
	P->line = NULL;
	P->q = NULL;
	P->cb = NULL;
	P->buf = NULL;
	P->cp_ok = 0;
}

/* Resident and peak memory in MB, from /proc (0 where there is none). */
static void
rss_mb(long *rss, long *peak)
{
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");

	*rss = *peak = 0;
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "VmRSS:", 6) == 0)
			*rss = atol(line + 6) / 1024;
		else if (strncmp(line, "VmHWM:", 6) == 0)
			*peak = atol(line + 6) / 1024;
	}
	fclose(f);
}

/* With o->trace: note how long the phase since the last call took. */
static void
trace(const struct loader *L, double *t0, const char *phase)
{
	double t = time_mono();
	long rss, peak;

	if (L->o->trace) {
		rss_mb(&rss, &peak);
		log_note("%s: %s %.3f s (rss %ld MB, peak %ld MB)",
		    L->src.name, phase, t - *t0, rss, peak);
	}
	*t0 = t;
}

static int
user_cancelled(const struct loader *L)
{
	return progress_cancelled(L->o->progress);
}

/*
 * The fast path for a whole line that starts between records: split it
 * here instead of handing it to libcsv byte by byte.  It reproduces
 * libcsv's behaviour (with no space trimming) for the lines it accepts:
 * unquoted fields taken as they are (a quote inside one is an ordinary
 * byte), quoted fields ending with a quote right before a delimiter or
 * the end of the line, doubled quotes inside them.  Anything else - a
 * field that is still open at the end of the line, text after a closing
 * quote, a CR or LF that is not the line's own end - is left to libcsv,
 * before any field of the line has been reported.  Returns 1 when the
 * line was handled.
 */

static int
fast_line(struct part *P, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e;
	unsigned char delim = P->L->delim;
	size_t nf = 0, f;
	char *w;

	/* the line without its end: LF, or CR LF, or a lone CR when CR is
	 * what ends lines */
	e = p + n - 1;
	if (e > p && *e == '\n' && e[-1] == '\r')
		e--;
	if (e == p)
		return 1;		/* a blank line: libcsv skips it */
	P->fbuf_len = 0;
	for (;;) {
		if (nf == P->fcap) {
			P->fcap = P->fcap ? P->fcap * 2 : 64;
			P->fld = xreallocarray(P->fld, P->fcap, sizeof *P->fld);
		}
		if (p < e && *p == '"') {
			const unsigned char *start = ++p, *q;
			size_t at = P->fbuf_len;
			int doubled = 0;

			for (;;) {
				q = memchr(p, '"', (size_t)(e - p));
				if (!q)
					return 0;	/* open at the end */
				if (q + 1 < e && q[1] == '"') {
					/* a doubled quote: keep one */
					P->fbuf = xgrow(P->fbuf, &P->fbcap,
					    P->fbuf_len + (size_t)(q - p) + 1, 1);
					memcpy(P->fbuf + P->fbuf_len, p,
					    (size_t)(q - p) + 1);
					P->fbuf_len += (size_t)(q - p) + 1;
					p = q + 2;
					doubled = 1;
					continue;
				}
				break;
			}
			if (q + 1 < e && q[1] != delim)
				return 0;	/* text after the closing quote */
			if (doubled) {
				P->fbuf = xgrow(P->fbuf, &P->fbcap,
				    P->fbuf_len + (size_t)(q - p), 1);
				memcpy(P->fbuf + P->fbuf_len, p, (size_t)(q - p));
				P->fbuf_len += (size_t)(q - p);
				/* an offset for now: fbuf may still move */
				P->fld[nf].s = NULL;
				P->fld[nf].n = P->fbuf_len - at;
				P->fld[nf++].at = at;
			} else {
				P->fld[nf].s = (const char *)start;
				P->fld[nf++].n = (size_t)(q - start);
			}
			p = q + 1;
		} else {
			const unsigned char *q = memchr(p, delim,
			    (size_t)(e - p));
			const unsigned char *fe = q ? q : e;

			/* a CR or LF inside the line ends a record there */
			if (memchr(p, '\n', (size_t)(fe - p)) ||
			    memchr(p, '\r', (size_t)(fe - p)))
				return 0;
			P->fld[nf].s = (const char *)p;
			P->fld[nf++].n = (size_t)(fe - p);
			p = fe;
		}
		if (p == e)
			break;
		p++;			/* the delimiter */
		if (p == e) {
			/* a delimiter last: one more, empty field */
			if (nf == P->fcap) {
				P->fcap *= 2;
				P->fld = xreallocarray(P->fld, P->fcap,
				    sizeof *P->fld);
			}
			P->fld[nf].s = "";
			P->fld[nf++].n = 0;
			break;
		}
	}
	w = P->fbuf;
	for (f = 0; f < nf; f++)
		on_field((void *)(P->fld[f].s ? P->fld[f].s : w +
		    P->fld[f].at), P->fld[f].n, P);
	on_record('\n', P);
	return 1;
}

/* Feed [from, to) to P's parser, one physical line at a time. */
static void
part_feed(struct part *P, uint64_t from, uint64_t to)
{
	struct loader *L = P->L;
	uint64_t off = from;
	const char *data, *p, *end, *q;
	long long n;
	size_t len;

	while (off < to && !P->stop) {
		n = src_read(&L->src, off, P->buf, (size_t)(to - off < CHUNK ?
		    to - off : CHUNK), &data, &P->ioerr);
		if (n <= 0) {
			if (n == 0)
				err_set(&P->ioerr, ERR_IO,
				    "%s: file shrank while reading",
				    L->src.name);
			part_fail(P, FAIL_IO);
			break;
		}
		p = data;
		end = data + n;
		while (p < end) {
			if (P->at_line_start) {
				P->line_off = off + (uint64_t)(p - data);
				if (P->cp.pstate == PSTATE_ROW_NOT_BEGUN) {
					P->rec_line = P->lineno;
					P->rec_off = P->line_off;
					P->rec_skip = 0;
				}
				P->at_line_start = 0;
			}
			q = memchr(p, L->term, (size_t)(end - p));
			len = q ? (size_t)(q - p) + 1 : (size_t)(end - p);
			if (q && P->cp.pstate == PSTATE_ROW_NOT_BEGUN &&
			    !P->no_fast && fast_line(P, p, len)) {
				/* done without libcsv */
			} else if (csv_parse(&P->cp, p, len, on_field,
			    on_record, P) != len) {
				P->fail_line = P->rec_line;
				part_fail(P, csv_error(&P->cp) == CSV_ETOOBIG ?
				    FAIL_TOOBIG : FAIL_NOMEM);
				break;
			}
			p += len;
			if (q) {
				P->lineno++;
				P->at_line_start = 1;
			}
			if (P->stop)
				break;
		}
		off += (uint64_t)n;
		atomic_store_explicit(&P->done, off - P->begin,
		    memory_order_relaxed);
		if (user_cancelled(L)) {
			part_fail(P, FAIL_CANCEL);
			break;
		}
		if (P->report && progress_step(L->o->progress, "loading",
		    off - L->start, L->src.size - L->start) < 0) {
			part_fail(P, FAIL_CANCEL);
			break;
		}
	}
}

static void *
part_thread(void *arg)
{
	struct part *P = arg;

	part_feed(P, P->begin, P->end);
	part_flush(P);
	atomic_store(&P->finished, 1);
	return NULL;
}

/* The end of the file: flush the last record, catch open quotes. */
static void
part_finish(struct part *P)
{
	if (P->stop)
		return;
	int rc;

	if (OPEN_QUOTE(&P->cp)) {
		P->fail_line = P->rec_line;
		P->fail_off = P->rec_off;
		P->fail_skip = P->rec_skip;
		P->fail_field = P->field;
		part_fail(P, FAIL_QUOTE);
		return;
	}
	rc = csv_fini(&P->cp, on_field, on_record, P);
	part_flush(P);
	if (rc != 0 && !P->stop)
		part_fail(P, FAIL_NOMEM);
}

/* --- locating errors ---------------------------------------------- */

/*
 * From the line starting at off (line number line), skip `skip` records
 * and find where field `field` of the next record starts, or where that
 * record ends if it is shorter.  Columns count characters, not bytes.
 * Only used on the error path.
 */
static void
locate(const struct loader *L, uint64_t off, uint64_t line, uint64_t skip,
    size_t field, uint64_t *oline, uint64_t *ocol)
{
	enum { S_START, S_UNQ, S_Q, S_QQ } st = S_START;
	char *buf = L->src.fd >= 0 ? xmalloc(CHUNK) : NULL;
	const char *data;
	long long n, i;
	uint64_t col = 1;
	size_t f = 0;
	int in_rec = 0;
	struct err e;
	unsigned char ch;

	while ((n = src_read(&L->src, off, buf, CHUNK, &data, &e)) > 0) {
		for (i = 0; i < n; i++) {
			ch = (unsigned char)data[i];
			if (st == S_START && skip == 0 && f == field &&
			    in_rec + (ch != '\r' && ch != '\n') > 0)
				goto found;
			if (st == S_Q) {
				if (ch == '"')
					st = S_QQ;
				goto advance;
			}
			if (st == S_QQ) {
				if (ch == '"') {
					st = S_Q;
					goto advance;
				}
				st = S_UNQ;	/* the quote closed the field */
			}
			if (ch == '\r' || ch == '\n') {
				if (in_rec) {
					if (skip == 0)
						goto found;
					skip--;
					f = 0;
					in_rec = 0;
				}
				st = S_START;
			} else if (ch == L->delim) {
				f++;
				st = S_START;
				in_rec = 1;
			} else if (ch == '"' && st == S_START) {
				st = S_Q;
				in_rec = 1;
			} else {
				st = S_UNQ;
				in_rec = 1;
			}
advance:
			if (ch == L->term) {
				line++;
				col = 1;
			} else if ((ch & 0xc0) != 0x80) {
				col++;
			}
		}
		off += (uint64_t)n;
	}
found:
	*oline = line;
	*ocol = col;
	free(buf);
}

static int
part_error(const struct loader *L, const struct part *P, uint64_t base,
    struct err *e)
{
	uint64_t line, col;
	const char *name = L->src.name;

	switch (P->fail) {
	case FAIL_NONE:
		return 0;
	case FAIL_CANCEL:
		return err_set(e, ERR_CANCEL, "%s: loading cancelled", name);
	case FAIL_IO:
		e->code = P->ioerr.code;
		memcpy(e->msg, P->ioerr.msg, sizeof e->msg);
		return -1;
	case FAIL_NOMEM:
		return err_at(e, ERR_SOFTWARE, name, (long long)(base +
		    P->fail_line), 0, "out of memory while parsing");
	case FAIL_TOOBIG:
		return err_at(e, ERR_DATA, name, (long long)(base +
		    P->fail_line), 0, "field longer than 4 GiB");
	case FAIL_QUOTE:
		locate(L, P->fail_off, base + P->fail_line, P->fail_skip,
		    P->fail_field, &line, &col);
		return err_at(e, ERR_DATA, name, (long long)line,
		    (long long)col, "unterminated quoted field (the quote "
		    "opened here is never closed)");
	case FAIL_RAGGED:
		locate(L, P->fail_off, base + P->fail_line, P->fail_skip,
		    P->fail_field, &line, &col);
		return err_at(e, ERR_DATA, name, (long long)line,
		    (long long)col, "row has %zu field%s, the header has %zu "
		    "(--ragged=pad or --ragged=skip loads it anyway)",
		    P->fail_nfields, P->fail_nfields == 1 ? "" : "s",
		    L->ncols);
	}
	return 0;
}

/* --- sniffing and the first record --------------------------------- */

/* Field counts of the first records of a sample under delimiter d. */
static int
sniff_score(const char *buf, size_t len, char d, size_t *fields)
{
	size_t counts[32], nrec = 0, f = 1, i, mode = 0, best = 0, j, k, c;
	int quoted = 0;

	*fields = 0;
	for (i = 0; i < len && nrec < 32; i++) {
		char ch = buf[i];

		if (quoted) {
			if (ch == '"') {
				if (i + 1 < len && buf[i + 1] == '"')
					i++;
				else
					quoted = 0;
			}
			continue;
		}
		if (ch == '"')
			quoted = 1;
		else if (ch == d)
			f++;
		else if (ch == '\n' || ch == '\r') {
			if (ch == '\r' && i + 1 < len && buf[i + 1] == '\n')
				i++;
			counts[nrec++] = f;
			f = 1;
		}
	}
	if (nrec == 0) {
		if (len == 0)
			return 0;
		counts[nrec++] = f;
	}
	for (j = 0; j < nrec; j++) {
		for (c = 0, k = 0; k < nrec; k++)
			c += counts[k] == counts[j];
		if (c > best || (c == best && counts[j] > mode)) {
			best = c;
			mode = counts[j];
		}
	}
	*fields = mode;
	/* consistency first, then width */
	return (int)(best * 1000 / nrec);
}

int
csvload_sniff(const char *buf, size_t len)
{
	static const char cand[] = { ',', ';', '\t', '|' };
	int best = ',', bestscore = -1, s;
	size_t i, fields, bestfields = 0;

	for (i = 0; i < sizeof cand; i++) {
		s = sniff_score(buf, len, cand[i], &fields);
		if (fields < 2)
			continue;
		if (s > bestscore || (s == bestscore && fields > bestfields)) {
			best = cand[i];
			bestscore = s;
			bestfields = fields;
		}
	}
	return best;
}

struct first {
	char **names;
	size_t n, cap;
	int done;
	uint64_t lines;
};

static void
first_field(void *s, size_t len, void *data)
{
	struct first *F = data;

	if (F->done)
		return;
	F->names = xgrow(F->names, &F->cap, F->n + 1, sizeof *F->names);
	F->names[F->n++] = xstrndup(s ? s : "", len);
}

static void
first_record(int c, void *data)
{
	struct first *F = data;

	(void)c;
	F->done = 1;
}

static void
first_free(struct first *F)
{
	size_t i;

	for (i = 0; i < F->n; i++)
		free(F->names[i]);
	free(F->names);
}

/* Parse the first record (the header, or the first data row). */
static int
read_first(struct loader *L, struct first *F, struct err *e)
{
	struct csv_parser cp;
	char *buf = L->src.fd >= 0 ? xmalloc(CHUNK) : NULL;
	const char *data;
	uint64_t off = L->start;
	long long n = 0;
	size_t i, used;
	int rc = 0;

	memset(F, 0, sizeof *F);
	if (parser_init(&cp, L->delim) != 0) {
		free(buf);
		return err_set(e, ERR_SOFTWARE, "out of memory");
	}
	while (!F->done && (n = src_read(&L->src, off, buf, CHUNK, &data,
	    e)) > 0) {
		/* feed line by line to stop right after the record */
		for (i = 0; i < (size_t)n && !F->done; i += used) {
			const char *q = memchr(data + i, L->term, (size_t)n - i);

			used = q ? (size_t)(q - (data + i)) + 1 : (size_t)n - i;
			if (csv_parse(&cp, data + i, used, first_field,
			    first_record, F) != used) {
				rc = err_set(e, ERR_SOFTWARE, "%s: out of "
				    "memory reading the header", L->src.name);
				goto out;
			}
		}
		off += (uint64_t)n;
	}
	if (n < 0) {
		rc = -1;
		goto out;
	}
	if (!F->done) {
		if (OPEN_QUOTE(&cp)) {
			uint64_t line, col;

			locate(L, L->start, 1, 0, F->n, &line, &col);
			rc = err_at(e, ERR_DATA, L->src.name, (long long)line,
			    (long long)col, "unterminated quoted field (the quote opened "
			    "here is never closed)");
			goto out;
		}
		csv_fini(&cp, first_field, first_record, F);
	}
	if (!F->done || F->n == 0)
		rc = err_set(e, ERR_DATA, "%s: empty file (no header, no "
		    "rows)", L->src.name);
out:
	csv_free(&cp);
	free(buf);
	return rc;
}

/* Blank and duplicate names made unique, with a warning each. */
static char **
make_names(const struct loader *L, struct first *F)
{
	char **names = xcalloc(L->ncols, sizeof *names);
	size_t i, j, k;
	int clash;

	for (i = 0; i < L->ncols; i++) {
		if (L->o->no_header) {
			names[i] = xasprintf("column_%zu", i + 1);
			continue;
		}
		if (F->names[i][0] == '\0') {
			names[i] = xasprintf("column_%zu", i + 1);
			log_warn("%s:1: column %zu has no name; calling it %s",
			    L->src.name, i + 1, names[i]);
		} else {
			names[i] = F->names[i];
			F->names[i] = NULL;
		}
	}
	for (i = 1; i < L->ncols; i++) {
		for (k = 2;; k++) {
			clash = 0;
			for (j = 0; j < i && !clash; j++)
				clash = strcmp(names[i], names[j]) == 0;
			if (!clash)
				break;
			{
				char *base = names[i], *p;

				/* strip a suffix we added ourselves */
				if (k > 2 && (p = strrchr(base, '_')) != NULL)
					*p = '\0';
				names[i] = xasprintf("%s_%zu", base, k);
				if (k == 2)
					log_warn("%s:1: column %zu repeats the "
					    "name '%s'; calling it %s",
					    L->src.name, i + 1, base,
					    names[i]);
				free(base);
			}
		}
	}
	return names;
}

/* --- splitting ----------------------------------------------------- */

/*
 * Choose up to MAX_PARTS - 1 cut points: each just after a line end at or
 * past its target where the count of quotes since the start is even.
 */
static size_t
choose_cuts(struct loader *L, size_t want, uint64_t *cut)
{
	char *buf = L->src.fd >= 0 ? xmalloc(CHUNK) : NULL;
	const char *data;
	uint64_t off = L->start, span = L->src.size - L->start, target;
	long long n, i;
	size_t ncut = 0;
	unsigned parity = 0;
	struct err e;

	target = L->start + span / want;
	while (ncut + 1 < want && (n = src_read(&L->src, off, buf, CHUNK,
	    &data, &e)) > 0) {
		i = 0;
		/* far from the target only the parity matters: count the
		 * quotes eight bytes at a time */
		while (off + (uint64_t)i + 8 <= target && i + 8 <= n) {
			uint64_t w, v, z;

			memcpy(&w, data + i, 8);
			v = w ^ 0x2222222222222222ull;	/* '"' bytes -> 0 */
			z = ~(((v & 0x7f7f7f7f7f7f7f7full) +
			    0x7f7f7f7f7f7f7f7full) | v | 0x7f7f7f7f7f7f7f7full);
			parity ^= (unsigned)__builtin_popcountll(z) & 1;
			i += 8;
		}
		for (; i < n; i++) {
			if (data[i] == '"')
				parity ^= 1;
			else if (data[i] == (char)L->term && !parity &&
			    off + (uint64_t)i >= target) {
				cut[ncut++] = off + (uint64_t)i + 1;
				target = L->start + span * (ncut + 1) / want;
				if (ncut + 1 >= want)
					break;
			}
		}
		off += (uint64_t)n;
	}
	free(buf);
	/* a cut at the very end leaves an empty part: drop it */
	while (ncut && cut[ncut - 1] >= L->src.size)
		ncut--;
	return ncut;
}

/* --- stitching ----------------------------------------------------- */

/* Stitching the columns: one column at a time per thread. */
struct column_job {
	struct table *t;
	struct part *parts;
	const size_t *kept;
	size_t nkept;
	const char *const *na;
	uint8_t *append;		/* [ncols] built from cells */
	size_t *order;			/* columns, the most work first */
	int trace;
	atomic_size_t next;
	atomic_int overflow;		/* a column passed 2^32 - 1 values */
};

/* An append column: the parts' cells end to end, then deduplicated. */
static int
build_column(struct column_job *J, size_t c, struct dict_scratch *scratch)
{
	struct column *col = &J->t->col[c];
	struct colbuf *cb0 = &J->parts[J->kept[0]].cb[c];
	uint64_t total = J->t->nrows, at, nb, r, base;
	size_t k, cap;
	char *bytes;
	uint64_t *ends;
	int mapped;

	if (total >= UINT32_MAX)
		return -1;
	/* parts that kept the column interned write their cells out */
	for (k = 0; k < J->nkept; k++)
		if (!J->parts[J->kept[k]].append[c])
			part_materialize(&J->parts[J->kept[k]], c);
	nb = 0;
	for (k = 0; k < J->nkept; k++)
		nb += J->parts[J->kept[k]].cb[c].nb;
	/* the first part's buffer takes the others' cells */
	colbuf_room(cb0, nb + 1 - cb0->nb);
	mapped = cb0->vb.p != NULL;
	bytes = cb0->b;
	cap = mapped ? cb0->vb.reserved : cb0->cap;
	ends = xreallocarray(cb0->end, total + 1, sizeof *ends);
	cb0->b = NULL;
	cb0->end = NULL;
	memset(&cb0->vb, 0, sizeof cb0->vb);
	at = J->parts[J->kept[0]].nrows;
	base = cb0->nb;
	for (k = 1; k < J->nkept; k++) {
		struct part *P = &J->parts[J->kept[k]];
		struct colbuf *cb = &P->cb[c];

		if (cb->nb)
			memcpy(bytes + base, cb->b, cb->nb);
		for (r = 0; r < P->nrows; r++)
			ends[at + r] = cb->end[r] + base;
		base += cb->nb;
		at += P->nrows;
		colbuf_free(cb);
	}
	col->code = xmalloc((total + 1) * sizeof *col->code);
	if (mapped)
		dict_build_mapped(&col->dict, bytes, cap, ends,
		    (uint32_t)total, col->code, scratch);
	else
		dict_build(&col->dict, bytes, cap, ends, (uint32_t)total,
		    col->code, scratch);
	return 0;
}

/* Append the kept parts' values of column c to the first part's. */
static int
merge_column(struct column_job *J, size_t c)
{
	struct column *col = &J->t->col[c];
	struct part *P0 = &J->parts[J->kept[0]];
	uint64_t total = J->t->nrows, at, r;
	uint32_t *remap;
	size_t k;

	col->dict = P0->dict[c];
	dict_init(&P0->dict[c]);
	col->code = xreallocarray(P0->code[c], total ? total : 1,
	    sizeof *col->code);
	P0->code[c] = NULL;
	at = P0->nrows;
	for (k = 1; k < J->nkept; k++) {
		struct part *P = &J->parts[J->kept[k]];

		remap = xmalloc((P->dict[c].n ? P->dict[c].n : 1) *
		    sizeof *remap);
		if (dict_merge(&col->dict, &P->dict[c], remap) != 0) {
			free(remap);
			return -1;
		}
		for (r = 0; r < P->nrows; r++)
			col->code[at + r] = remap[P->code[c][r]];
		at += P->nrows;
		free(remap);
		dict_release(&P->dict[c]);
		free(P->code[c]);
		P->code[c] = NULL;
	}
	return 0;
}

static void *
column_thread(void *arg)
{
	struct column_job *J = arg;
	struct dict_scratch scratch = { 0 };
	size_t c;

	size_t i;

	while ((i = atomic_fetch_add(&J->next, 1)) < J->t->ncols) {
		double t0 = time_mono(), t1;

		c = J->order[i];
		if ((J->append[c] ? build_column(J, c, &scratch) :
		    merge_column(J, c)) != 0) {
			atomic_store(&J->overflow, 1);
			continue;
		}
		t1 = time_mono();
		table_column_derive(&J->t->col[c], J->na);
		if (J->trace)
			log_note("column %zu (%s, %s): %s %.3f s, derive "
			    "%.3f s", c, J->t->col[c].name,
			    coltype_name(J->t->col[c].type), J->append[c] ?
			    "deduplicate" : "merge", t1 - t0, time_mono() - t1);
	}
	dict_scratch_release(&scratch);
	return NULL;
}

static int
online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_PARTS ? MAX_PARTS : (int)n;
}

static int
check_ids(struct table *t, struct err *e)
{
	struct column *c = &t->col[t->id_col];
	uint64_t r, first = 0;
	uint32_t id, dup = DICT_NONE;
	size_t n;
	const char *s;

	for (id = 0; id < c->dict.n; id++) {
		if (c->vmiss[id] && c->dict.count[id] > 0) {
			for (r = 0; r < t->nrows && c->code[r] != id; r++)
				;
			return err_at(e, ERR_DATA, t->path, (long long)
			    t->line[r], 0, "id column '%s' has a missing "
			    "value", c->name);
		}
		if (c->dict.count[id] > 1) {
			dup = id;
			break;
		}
	}
	if (dup == DICT_NONE)
		return 0;
	for (r = 0; r < t->nrows; r++) {
		if (c->code[r] != dup)
			continue;
		if (first == 0) {
			first = t->line[r];
			continue;
		}
		s = dict_str(&c->dict, dup, &n);
		return err_at(e, ERR_DATA, t->path, (long long)t->line[r], 0,
		    "duplicate id '%.*s' in column '%s' (first at line %llu)",
		    (int)(n > 200 ? 200 : n), s, c->name,
		    (unsigned long long)first);
	}
	return 0;
}

static struct table *
build_table(struct loader *L, struct part *parts, size_t nkept,
    size_t *kept, struct first *F, struct err *e)
{
	struct table *t = xcalloc(1, sizeof *t);
	struct part *P0 = &parts[kept[0]];
	uint64_t total = 0, at, base, r;
	size_t c, k;
	char **names;
	struct column_job J;
	pthread_t tid[MAX_PARTS];
	int nthr, i;
	const char *const *tc;

	t->path = xstrdup(L->src.name);
	t->ncols = L->ncols;
	t->delim = (char)L->delim;
	t->header = !L->o->no_header;
	t->bom = L->start > 0;
	t->file_size = L->src.size;
	t->id_col = -1;
	for (k = 0; k < nkept; k++) {
		total += parts[kept[k]].nrows;
		t->nragged += parts[kept[k]].nragged;
	}
	t->nrows = total;
	t->col = xcalloc(t->ncols, sizeof *t->col);
	names = make_names(L, F);
	for (c = 0; c < t->ncols; c++)
		t->col[c].name = names[c];
	free(names);
	for (tc = L->o->text_cols; tc && *tc; tc++) {
		int ci = table_col_index(t, *tc);

		if (ci < 0) {
			table_no_column(t, L->src.name, *tc, "--text", e);
			table_free(t);
			return NULL;
		}
		t->col[ci].type = COLTYPE_TEXT;
		t->col[ci].forced = 1;
	}
	/* line numbers: each kept part starts where the one before ended */
	t->line = xreallocarray(P0->line, total ? total : 1, sizeof *t->line);
	P0->line = NULL;
	at = P0->nrows;
	base = P0->lineno - 1;
	for (k = 1; k < nkept; k++) {
		struct part *P = &parts[kept[k]];

		for (r = 0; r < P->nrows; r++)
			t->line[at + r] = P->line[r] + base;
		at += P->nrows;
		base += P->lineno - 1;
		free(P->line);
		P->line = NULL;
	}
	J.t = t;
	J.parts = parts;
	J.kept = kept;
	J.nkept = nkept;
	J.na = L->o->na;
	J.append = xcalloc(t->ncols, 1);
	J.order = xmalloc(t->ncols * sizeof *J.order);
	{
		/* the biggest columns first, so that the threads finish
		 * together */
		uint64_t *work = xcalloc(t->ncols, sizeof *work);

		for (c = 0; c < t->ncols; c++) {
			for (k = 0; k < nkept; k++) {
				struct part *P = &parts[kept[k]];

				J.append[c] |= P->append[c];
				work[c] += P->append[c] ? P->cb[c].nb +
				    P->nrows * 16 : P->nrows;
			}
			J.order[c] = c;
		}
		for (c = 1; c < t->ncols; c++) {
			size_t x = J.order[c], j = c;

			while (j > 0 && work[J.order[j - 1]] < work[x]) {
				J.order[j] = J.order[j - 1];
				j--;
			}
			J.order[j] = x;
		}
		free(work);
	}
	J.trace = L->o->trace;
	atomic_init(&J.next, 0);
	atomic_init(&J.overflow, 0);
	nthr = L->o->threads > 0 ? L->o->threads : online_cpus();
	if ((size_t)nthr > t->ncols)
		nthr = (int)t->ncols;
	if (nthr > MAX_PARTS)
		nthr = MAX_PARTS;
	for (i = 1; i < nthr; i++)
		if (pthread_create(&tid[i], NULL, column_thread, &J) != 0)
			break;
	nthr = i;
	column_thread(&J);
	for (i = 1; i < nthr; i++)
		pthread_join(tid[i], NULL);
	free(J.append);
	free(J.order);
	if (atomic_load(&J.overflow)) {
		table_free(t);
		err_set(e, ERR_DATA, "%s: a column has more than 4 billion "
		    "distinct values", L->src.name);
		return NULL;
	}
	if (L->o->id_col) {
		t->id_col = table_col_index(t, L->o->id_col);
		if (t->id_col < 0) {
			table_no_column(t, L->src.name, L->o->id_col, "--id",
			    e);
			table_free(t);
			return NULL;
		}
		if (check_ids(t, e) != 0) {
			table_free(t);
			return NULL;
		}
	}
	if (t->nragged)
		log_warn("%s: %llu row%s had the wrong number of fields and "
		    "%s", L->src.name, (unsigned long long)t->nragged,
		    t->nragged == 1 ? "" : "s",
		    L->o->ragged == CSVLOAD_RAGGED_PAD ? "were padded or cut"
		    : "were skipped");
	return t;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static struct table *
load(struct loader *L, struct err *e)
{
	char *sample = L->src.fd >= 0 ? xmalloc(SAMPLE) : NULL;
	const char *data;
	long long n;
	struct first F;
	struct part *parts = NULL;
	uint64_t cut[MAX_PARTS];
	size_t nparts, ncut, i, kept[MAX_PARTS], nkept = 0, cur;
	int threads, spawned[MAX_PARTS] = { 0 };
	struct table *t = NULL;
	uint64_t done, base = 0;
	double t0 = time_mono();

	data = "";
	n = src_read(&L->src, 0, sample, SAMPLE, &data, e);
	if (n < 0) {
		free(sample);
		return NULL;
	}
	if (n >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		L->start = 3;
	L->delim = (unsigned char)(L->o->delim ? L->o->delim :
	    csvload_sniff(data + L->start, (size_t)n - L->start));
	if (n == 0 || memchr(data, '\n', (size_t)n) ||
	    !memchr(data, '\r', (size_t)n))
		L->term = '\n';
	else
		L->term = '\r';
	free(sample);
	if (L->src.size <= L->start) {
		err_set(e, ERR_DATA, "%s: empty file (no header, no rows)",
		    L->src.name);
		return NULL;
	}
	if (read_first(L, &F, e) != 0) {
		first_free(&F);
		return NULL;
	}
	L->ncols = F.n;

	threads = L->o->threads > 0 ? L->o->threads : online_cpus();
	if (threads > MAX_PARTS)
		threads = MAX_PARTS;
	nparts = (size_t)threads;
	if ((L->src.size - L->start) / PART_MIN < nparts)
		nparts = (size_t)((L->src.size - L->start) / PART_MIN);
	if (nparts < 1)
		nparts = 1;
	ncut = nparts > 1 ? choose_cuts(L, nparts, cut) : 0;
	trace(L, &t0, "cut");
	nparts = ncut + 1;
	parts = xcalloc(nparts, sizeof *parts);
	for (i = 0; i < nparts; i++)
		part_setup(&parts[i], L, i ? cut[i - 1] : L->start,
		    i < ncut ? cut[i] : L->src.size,
		    i == 0 && !L->o->no_header);
	if (nparts == 1) {
		parts[0].report = 1;
		part_feed(&parts[0], parts[0].begin, parts[0].end);
		part_flush(&parts[0]);
	} else {
		for (i = 0; i < nparts; i++)
			spawned[i] = pthread_create(&parts[i].tid, NULL,
			    part_thread, &parts[i]) == 0;
		for (i = 0; i < nparts; i++)
			if (!spawned[i])
				part_thread(&parts[i]);
		for (;;) {
			int busy = 0;

			done = 0;
			for (i = 0; i < nparts; i++) {
				done += atomic_load(&parts[i].done);
				busy |= !atomic_load(&parts[i].finished);
			}
			if (!busy)
				break;
			if (progress_step(L->o->progress, "loading", done,
			    L->src.size - L->start) < 0)
				break;
			sleep_ms(20);
		}
		for (i = 0; i < nparts; i++)
			if (spawned[i])
				pthread_join(parts[i].tid, NULL);
	}

	trace(L, &t0, "parse");
	/* stitch: keep a part only if its predecessor ended between
	 * records; otherwise the predecessor parses through it */
	cur = 0;
	kept[nkept++] = 0;
	for (i = 1; i < nparts; i++) {
		struct part *C = &parts[cur];

		if (C->fail != FAIL_NONE)
			break;
		if (C->cp.pstate == PSTATE_ROW_NOT_BEGUN && C->field == 0 &&
		    parts[i].fail != FAIL_CANCEL) {
			cur = i;
			kept[nkept++] = i;
			continue;
		}
		part_free(&parts[i]);
		if (L->src.fd >= 0 && !C->buf)
			C->buf = xmalloc(CHUNK);
		C->report = 1;
		part_feed(C, parts[i].begin, parts[i].end);
		part_flush(C);
		C->end = parts[i].end;
	}
	if (parts[cur].fail == FAIL_NONE && parts[cur].end == L->src.size)
		part_finish(&parts[cur]);
	/* the first failure in file order wins */
	for (i = 0; i < nkept; i++) {
		struct part *P = &parts[kept[i]];

		if (P->fail != FAIL_NONE) {
			part_error(L, P, base, e);
			goto out;
		}
		base += P->lineno - 1;
	}
	if (progress_cancelled(L->o->progress)) {
		err_set(e, ERR_CANCEL, "%s: loading cancelled", L->src.name);
		goto out;
	}
	{
		uint64_t rows = 0;

		for (i = 0; i < nkept; i++)
			rows += parts[kept[i]].nrows;
		if (rows == 0 && !L->o->no_header) {
			err_at(e, ERR_DATA, L->src.name, 1, 0, "header only, "
			    "no data rows");
			goto out;
		}
	}
	progress_step(L->o->progress, "indexing", L->src.size - L->start,
	    L->src.size - L->start);
	t = build_table(L, parts, nkept, kept, &F, e);
	trace(L, &t0, "columns");
out:
	for (i = 0; i < nparts; i++)
		part_free(&parts[i]);
	free(parts);
	first_free(&F);
	return t;
}

void
csvload_opts_init(struct csvload_opts *o)
{
	memset(o, 0, sizeof *o);
}

struct table *
csvload_mem(const char *name, const void *buf, size_t len,
    const struct csvload_opts *o, struct err *e)
{
	struct loader L;
	struct csvload_opts def;

	if (!o) {
		csvload_opts_init(&def);
		o = &def;
	}
	memset(&L, 0, sizeof L);
	L.src.name = name;
	L.src.fd = -1;
	L.src.mem = buf;
	L.src.size = len;
	L.o = o;
	return load(&L, e);
}

/* Standard input, a pipe or a FIFO: read it all, then parse from memory. */
static struct table *
load_stream(const char *name, int fd, const struct csvload_opts *o,
    struct err *e)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t r;
	struct table *t;

	for (;;) {
		buf = xgrow(buf, &cap, len + CHUNK, 1);
		r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err_sys(e, ERR_NOINPUT, errno, "%s: read error", name);
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	t = csvload_mem(name, buf, len, o, e);
	free(buf);
	return t;
}

struct table *
csvload(const char *path, const struct csvload_opts *o, struct err *e)
{
	struct loader L;
	struct csvload_opts def;
	struct stat st;
	struct table *t;
	int fd;

	if (!o) {
		csvload_opts_init(&def);
		o = &def;
	}
	if (strcmp(path, "-") == 0)
		return load_stream("(stdin)", 0, o, e);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_sys(e, ERR_NOINPUT, errno, "%s: cannot open", path);
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		err_sys(e, ERR_NOINPUT, errno, "%s: cannot stat", path);
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		err_set(e, ERR_NOINPUT, "%s: is a directory, not a CSV file",
		    path);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		t = load_stream(path, fd, o, e);
		close(fd);
		return t;
	}
	memset(&L, 0, sizeof L);
	L.src.name = path;
	L.src.fd = fd;
	L.src.size = (uint64_t)st.st_size;
	L.o = o;
	t = load(&L, e);
	close(fd);
	return t;
}
