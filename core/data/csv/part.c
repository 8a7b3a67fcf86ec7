/*
 * part.c - the per-part parser: one part of the file through its own
 * libcsv parser (or the fast path) into its own columns.
 *
 * libcsv reports fields, not positions.  A part feeds it one physical
 * line at a time, which is enough to know the line where each record
 * starts; where a record started (its line, that line's offset, how many
 * records began on the same line before it) is kept so that an error can
 * be located afterwards by re-scanning (locate.c).
 *
 * A part stops at its first failure; it never reports an error itself
 * (the driver decides which part's failure is the file's).
 */
#include "core/data/csv/csvload-internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/progress.h"
#include "core/util/xalloc.h"

static void
note(struct notes *N, uint64_t line, uint64_t off, uint64_t at)
{
	if (N->n < NOTE_MAX) {
		N->s[N->n].line = line;
		N->s[N->n].off = off;
		N->s[N->n].at = at;
	}
	N->n++;
}

void
part_fail(struct part *P, enum fail f)
{
	if (P->fail.what == FAIL_NONE)
		P->fail.what = f;
	P->stop = 1;
}

static void
part_grow(struct part *P)
{
	uint64_t ncap = P->cols.cap ? P->cols.cap * 2 : 1024;
	size_t cap = P->cols.cap;

	cols_grow(&P->cols, ncap);
	P->line = xgrow(P->line, &cap, ncap, sizeof *P->line);
}

/* The part's intern queues emptied. */
void
part_flush(struct part *P)
{
	if (cols_flush(&P->cols) != 0)
		part_fail(P, FAIL_NOMEM);
}

/* What a column collected by this part may reserve: its cells take at
 * most the part's bytes, a NUL standing for each delimiter; the first
 * part's buffer will receive the other parts' too. */
size_t
part_reserve(const struct part *P)
{
	uint64_t whole = P->L->reserve ? P->L->reserve : P->L->src.size;

	return 2 * ((P->begin == P->L->start ? whole : P->end - P->begin) +
	    (1u << 20));
}

/* Field f of the record is v[0..len): is the record the header still? */
static void
header_field(struct part *P, size_t f, const char *v, size_t len)
{
	const struct first *H = P->L->header;

	if (f >= H->n || len != H->len[f] || memcmp(v, H->names[f], len) != 0)
		P->as_header = 0;
}

static void
on_field(void *s, size_t len, void *data)
{
	struct part *P = data;
	const char *v = s ? s : "";
	size_t f;

	if (P->stop)
		return;
	f = P->pos.field++;
	/* most records differ from the header at their first field */
	if (__builtin_expect(P->as_header, 0))
		header_field(P, f, v, len);
	if (P->in_header || f >= P->L->ncols)
		return;
	if (len > UINT32_MAX) {
		P->fail.line = P->pos.rec_line;
		part_fail(P, FAIL_TOOBIG);
		return;
	}
	if (f == 0 && P->nrows == P->cols.cap)
		part_grow(P);
	if (cols_push(&P->cols, f, P->nrows, v, len) != 0)
		part_fail(P, FAIL_NOMEM);
}

static void
record_done(struct part *P)
{
	P->as_header = P->L->header != NULL;
	P->pos.field = 0;
	P->pos.rec_skip++;
	P->pos.rec_line = P->pos.lineno;
	P->pos.rec_off = P->pos.line_off;
}

/*
 * The record that just ended is the header again: noted, and with
 * drop_repeated_header taken back.  Returns 1 when it was.
 */
static int
repeated_header(struct part *P)
{
	size_t f;
	size_t cap = P->dropcap;

	note(&P->note[NOTE_HEADER], P->pos.rec_line, P->pos.rec_off,
	    P->pos.rec_off);
	if (!P->L->o->drop_repeated_header)
		return 0;
	for (f = 0; f < P->L->ncols; f++)
		cols_unpush(&P->cols, f, P->nrows);
	P->dropped = xgrow(P->dropped, &cap, P->ndropped + 1,
	    sizeof *P->dropped);
	P->dropcap = cap;
	P->dropped[P->ndropped++] = P->pos.rec_line;
	record_done(P);
	return 1;
}

/* Rows a part reads before it decides which columns to collect. */
#define SWITCH_ROWS 65536

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
	nf = P->pos.field;
	if (nf != ncols) {
		switch (P->L->o->ragged) {
		case CSVLOAD_RAGGED_ERROR:
			P->fail.line = P->pos.rec_line;
			P->fail.off = P->pos.rec_off;
			P->fail.skip = P->pos.rec_skip;
			P->fail.nfields = nf;
			P->fail.field = nf < ncols ? nf : ncols;
			part_fail(P, FAIL_RAGGED);
			return;
		case CSVLOAD_RAGGED_PAD:
			if (nf == 0 && P->nrows == P->cols.cap)
				part_grow(P);
			for (f = nf; f < ncols; f++)
				if (cols_push(&P->cols, f, P->nrows, "", 0))
					part_fail(P, FAIL_NOMEM);
			P->nragged++;
			break;
		case CSVLOAD_RAGGED_SKIP:
			for (f = 0; f < nf && f < ncols; f++)
				cols_unpush(&P->cols, f, P->nrows);
			P->nragged++;
			record_done(P);
			return;
		}
	}
	if (P->as_header && nf == ncols && repeated_header(P))
		return;
	P->line[P->nrows] = P->pos.rec_line;
	P->nrows++;
	if (P->nrows == SWITCH_ROWS)
		cols_switch(&P->cols, P->nrows, part_reserve(P));
	record_done(P);
}

void
part_setup(struct part *P, struct loader *L, uint64_t begin, uint64_t end,
    int in_header)
{
	memset(P, 0, sizeof *P);
	P->L = L;
	P->begin = begin;
	P->end = end;
	P->in_header = in_header;
	cols_init(&P->cols, L->ncols);
	P->pos.lineno = 1;
	P->pos.rec_line = 1;
	P->pos.line_off = begin;
	P->pos.rec_off = begin;
	P->pos.at_line_start = 1;
	P->as_header = L->header != NULL;
	P->no_fast = L->o->libcsv_only;
	fingerprint_hasher_init(&P->hash, begin, L->src.size);
	P->cp_ok = csvsyntax_parser_init(&P->cp, L->delim) == 0;
	if (!P->cp_ok)
		part_fail(P, FAIL_NOMEM);
	if (L->src.fd >= 0)
		P->buf = xmalloc(CHUNK);
}

void
part_free(struct part *P)
{
	cols_release(&P->cols);
	free(P->line);
	free(P->dropped);
	P->dropped = NULL;
	fingerprint_hasher_release(&P->hash);
	fastpath_release(&P->fast);
	free(P->buf);
	if (P->cp_ok)
		csv_free(&P->cp);
	P->line = NULL;
	P->buf = NULL;
	P->cp_ok = 0;
}

/* The fields of a line the fast path split, as if libcsv had. */
static void
fast_record(struct part *P)
{
	size_t f, n;
	const char *s;

	if (P->fast.nf == 0)
		return;		/* a blank line */
	for (f = 0; f < P->fast.nf; f++) {
		s = fastpath_field(&P->fast, f, &n);
		on_field((void *)s, n, P);
	}
	on_record('\n', P);
}

/*
 * s[0..n), at offset off, through libcsv.  Text after a closing quote
 * fails the part, or with lax_quotes is noted and read as part of the
 * field.
 */
static void
part_parse(struct part *P, const char *s, size_t n, uint64_t off)
{
	size_t done = 0;

	for (;;) {
		done += csvsyntax_parse(&P->cp, s + done, n - done, on_field,
		    on_record, P);
		if (done == n || P->stop)
			return;
		if (csv_error(&P->cp) != 0) {
			P->fail.line = P->pos.rec_line;
			part_fail(P, csv_error(&P->cp) == CSV_ETOOBIG ?
			    FAIL_TOOBIG : FAIL_NOMEM);
			return;
		}
		if (!P->L->o->lax_quotes) {
			P->fail.line = P->pos.lineno;
			P->fail.off = P->pos.line_off;
			P->fail.at = off + done;
			part_fail(P, FAIL_JUNK);
			return;
		}
		note(&P->note[NOTE_LAX], P->pos.lineno, P->pos.line_off,
		    off + done);
		csvsyntax_unquote(&P->cp);
	}
}

/* A physical line starts at off: a record too, between records (the
 * parser's state, as the caller has just read it). */
static void
line_start(struct part *P, uint64_t off, int between)
{
	struct part_pos *w = &P->pos;

	w->line_off = off;
	if (between) {
		w->rec_line = w->lineno;
		w->rec_off = off;
		w->rec_skip = 0;
	}
	w->at_line_start = 0;
}

/* Feed [from, to) to P's parser, one physical line at a time. */
void
part_feed(struct part *P, uint64_t from, uint64_t to)
{
	struct loader *L = P->L;
	uint64_t off = from;
	const char *data, *p, *end, *q;
	long long n;
	size_t len, want;
	int between;

	while (off < to && !P->stop) {
		/* up to a multiple of CHUNK: then no hashed block but the
		 * part's first and last comes in two reads */
		want = CHUNK - (size_t)(off % CHUNK);
		if (want > to - off)
			want = (size_t)(to - off);
		n = src_read(&L->src, off, P->buf, want, &data, &P->fail.io);
		if (n <= 0) {
			if (n == 0)
				err_set(&P->fail.io, ERR_IO,
				    "%s: file shrank while reading",
				    L->src.name);
			part_fail(P, FAIL_IO);
			break;
		}
		if (!L->no_hash)
			fingerprint_hasher_feed(&P->hash, data, (size_t)n);
		p = data;
		end = data + n;
		while (p < end) {
			between = csvsyntax_state(&P->cp) ==
			    CSVSYNTAX_BETWEEN;
			if (P->pos.at_line_start)
				line_start(P, off + (uint64_t)(p - data),
				    between);
			q = memchr(p, L->term, (size_t)(end - p));
			len = q ? (size_t)(q - p) + 1 : (size_t)(end - p);
			if (q && between && !P->no_fast &&
			    fastpath_split(&P->fast, L->delim, p, len)) {
				fast_record(P);
			} else {
				part_parse(P, p, len,
				    off + (uint64_t)(p - data));
			}
			p += len;
			if (q) {
				P->pos.lineno++;
				P->pos.at_line_start = 1;
	P->as_header = L->header != NULL;
			}
			if (P->stop)
				break;
		}
		off += (uint64_t)n;
		atomic_store_explicit(&P->gauge.done, off - P->begin,
		    memory_order_relaxed);
		if (progress_cancelled(L->o->progress)) {
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

void
part_thread(void *parts, size_t i)
{
	struct part *P = (struct part *)parts + i;

	part_feed(P, P->begin, P->end);
	part_flush(P);
	atomic_store(&P->gauge.finished, 1);
}

int
part_hands_over(const struct part *C, const struct part *N)
{
	/* a first part of blank lines only has not seen the header yet:
	 * the next part must not read it as a row */
	return C->fail.what == FAIL_NONE &&
	    csvsyntax_state(&C->cp) == CSVSYNTAX_BETWEEN &&
	    C->pos.field == 0 && !C->in_header &&
	    N->fail.what != FAIL_CANCEL;
}

/* The end of the file: flush the last record, catch open quotes. */
void
part_finish(struct part *P)
{
	if (P->stop)
		return;
	int rc;

	if (csvsyntax_state(&P->cp) == CSVSYNTAX_QUOTED) {
		P->fail.line = P->pos.rec_line;
		P->fail.off = P->pos.rec_off;
		P->fail.skip = P->pos.rec_skip;
		P->fail.field = P->pos.field;
		part_fail(P, FAIL_QUOTE);
		return;
	}
	rc = csv_fini(&P->cp, on_field, on_record, P);
	part_flush(P);
	if (rc != 0 && !P->stop)
		part_fail(P, FAIL_NOMEM);
}
