/*
 * partexport.c - the cleaned copy of one part of a big dataset, from the
 * journal made on the whole (partexport.h).
 *
 * The part is opened as csvchunk.h opens a range (the header read once,
 * the delimiter sniffed, the ends checked to start lines), then scanned
 * window by window from its first record; what lies between records
 * (blank lines, what follows the last one) is copied as it is, as
 * export.c copies it, which is what makes the ranges add up to the whole.
 */
#include "core/review/partexport.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvchunk.h"
#include "core/data/csv/csvsyntax.h"
#include "core/util/io/inwin.h"
#include "core/util/log.h"
#include "core/util/numfmt.h"
#include "core/util/outfile.h"
#include "core/util/xalloc.h"

#define WIN (1u << 20)		/* input bytes read at a time */

struct part {
	struct csvchunk c;
	const struct journal *j;
	const struct partexport_opts *o;
	struct export_stats *st;
	FILE *f;			/* the output, or NULL: count */
	size_t lc, ncols;		/* the label column, the fields */
	int ic;				/* the id column, or -1 */
	struct inwin w;			/* the file's bytes, as far as
					 * written */
	uint64_t end;			/* the part's end */
	uint64_t row;			/* the next row's number */
	char *scratch;
	size_t scap;
	const char *hdr;		/* the header record, no line end */
	size_t hdrn;
	char firstm[64];
};

static void
put(void *ctx, const void *p, size_t n)
{
	struct part *P = ctx;

	if (P->f && n)
		fwrite(p, 1, n, P->f);
}

/* The window's reads (struct inwin). */
static long long
part_read(void *ctx, char *p, size_t n, uint64_t off, struct err *e)
{
	struct part *P = ctx;

	return csvchunk_pread(&P->c, off, p, n, e);
}

static const char *
at(const struct part *P, uint64_t off)
{
	return inwin_at(&P->w, off);
}

/* Move the window to start at from and read on, a window more. */
static int
refill(struct part *P, uint64_t from, struct err *e)
{
	int rc = inwin_refill(&P->w, from, P->end, e);

	if (rc == 1)
		return err_at(e, ERR_DATA, P->c.path, 0, 0, "the file ends "
		    "before byte %llu", (unsigned long long)P->end);
	return rc;
}

/* The decoded field i of the record just scanned, in scratch. */
static const char *
field(struct part *P, const struct csvsyntax_scan *S, size_t i, size_t *n)
{
	uint64_t a = S->fs[i], b = S->fe[i];

	P->scratch = xgrow(P->scratch, &P->scap, (size_t)(b - a) + 1, 1);
	*n = csvsyntax_decode(at(P, a), (size_t)(b - a), P->scratch);
	return P->scratch;
}

/* One data row: its decision, and its bytes as they come out. */
static int
row(struct part *P, const struct csvsyntax_scan *S,
    const struct csvsyntax_rec *r, struct err *e)
{
	const struct journal_entry *v;
	struct journal_state js;
	const char *key, *cell, *g, *lab = NULL;
	char num[24];
	size_t kn, cn, gn, ln = 0, have;
	char d = (char)P->c.delim;

	if (P->ic >= 0) {
		if ((size_t)P->ic >= r->nfields)
			return err_at(e, ERR_DATA, P->c.path,
			    (long long)r->line, 0, "no id (column %d)",
			    P->ic + 1);
		key = field(P, S, (size_t)P->ic, &kn);
		key = memcpy(xmalloc(kn + 1), key, kn);
	} else {
		kn = (size_t)snprintf(num, sizeof num, "%llu",
		    (unsigned long long)P->row);
		key = num;
	}
	P->row++;
	P->st->rows++;
	if (journal_row_state(P->j, key, kn, &js) == 0 &&
	    js.verdict != JOURNAL_NONE) {
		P->st->decided++;
		v = journal_entry(P->j, js.verdict);
		cell = P->lc < r->nfields ? field(P, S, P->lc, &cn) : "";
		if (P->lc >= r->nfields)
			cn = 0;
		g = js.given != JOURNAL_NONE ? journal_str(P->j, js.given,
		    &gn) : NULL;
		if (g && (gn != cn || memcmp(g, cell, cn) != 0) &&
		    P->st->mismatched++ == 0)
			snprintf(P->firstm, sizeof P->firstm, "%.*s",
			    (int)(kn < 40 ? kn : 40), key);
		if (v->type == JOURNAL_DROP && P->o->drop_excluded) {
			inwin_catch_up(&P->w, r->start);
			P->w.caught = r->eol;
			P->st->dropped++;
			goto out;
		}
		if (journal_type_sets_label(v->type)) {
			lab = journal_str(P->j, v->label, &ln);
			if (ln == cn && memcmp(lab, cell, cn) == 0)
				lab = NULL;
		}
	}
	P->st->written++;
	if (!lab)
		goto out;
	inwin_catch_up(&P->w, r->start);
	have = r->nfields;
	if (P->lc < r->nfields) {
		put(P, at(P, r->start), (size_t)(S->fs[P->lc] - r->start));
		export_field(put, P, lab, ln, d, r->nfields);
		put(P, at(P, S->fe[P->lc]), (size_t)(r->end - S->fe[P->lc]));
	} else {
		put(P, at(P, r->start), (size_t)(r->end - r->start));
		for (; have <= P->lc; have++)
			put(P, &d, 1);
		export_field(put, P, lab, ln, d, have);
	}
	P->w.caught = r->end;
	P->st->relabelled++;
out:
	if (key != num)
		free((char *)key);
	return 0;
}

/* Every record of the part. */
static int
scan(struct part *P, struct err *e)
{
	const struct csvload_opts *lo = &P->c.lo;
	struct csvsyntax_scan S;
	struct csvsyntax_rec r;
	int rc;

	P->w.base = P->w.caught = P->c.start;
	if (refill(P, P->c.start, e) != 0)
		return -1;
	csvsyntax_scan_init(&S, P->c.delim, P->c.term, P->c.start,
	    lo->lax_quotes);
	S.line = S.lno = P->c.start_line;
	for (;;) {
		csvsyntax_scan_window(&S, P->w.buf, P->w.base, P->w.n,
		    P->w.base + P->w.n == P->end);
		rc = csvsyntax_scan_next(&S, &r);
		if (rc == CSVSYNTAX_SCAN_MORE) {
			if (refill(P, S.pos, e) != 0)
				break;
			continue;
		}
		if (rc <= 0)
			break;
		if (r.nfields != P->ncols && lo->ragged == CSVLOAD_RAGGED_SKIP)
			continue;	/* not a row: copied as it is */
		if (r.nfields != P->ncols && lo->ragged ==
		    CSVLOAD_RAGGED_ERROR) {
			rc = err_at(e, ERR_DATA, P->c.path, (long long)r.line,
			    0, "%zu fields where the header has %zu",
			    r.nfields, P->ncols);
			break;
		}
		if (lo->drop_repeated_header && P->hdrn &&
		    r.end - r.start == P->hdrn &&
		    memcmp(at(P, r.start), P->hdr, P->hdrn) == 0)
			continue;	/* a header again: not a row */
		if ((rc = row(P, &S, &r, e)) != 0)
			break;
	}
	csvsyntax_scan_release(&S);
	if (rc == CSVSYNTAX_SCAN_OPEN || rc == CSVSYNTAX_SCAN_JUNK)
		return err_at(e, ERR_DATA, P->c.path, (long long)S.line, 0,
		    "%s", rc == CSVSYNTAX_SCAN_JUNK ? "text after a closing "
		    "quote" : "a quoted field never closes");
	if (rc < 0)
		return -1;
	inwin_catch_up(&P->w, P->end);
	return 0;
}

/* The columns, by the header (or by number without one). */
static int
columns(struct part *P, struct err *e)
{
	const struct partexport_opts *o = P->o;
	struct csvload_opts lo = P->c.lo;
	struct table *h;
	char *buf;
	size_t i, n = P->c.hdrlen;
	int c;

	/* the header and a row of empty fields, loaded: the columns named
	 * as the loader names them (empty, repeated, --no-header) */
	buf = xmalloc(n + P->c.ncols + 4);
	memcpy(buf, P->c.hdr, n);
	if (n && buf[n - 1] != '\n')
		buf[n++] = '\n';
	if (P->c.ncols <= 1) {
		/* one empty field alone would be a blank line */
		buf[n++] = '"';
		buf[n++] = '"';
	}
	for (i = 1; i < P->c.ncols; i++)
		buf[n++] = (char)P->c.delim;
	buf[n++] = '\n';
	lo.quiet_header = 1;
	lo.threads = 1;
	lo.ragged = CSVLOAD_RAGGED_PAD;
	h = csvload_mem(P->c.path, buf, n, &lo, e);
	free(buf);
	if (!h)
		return -1;
	P->ncols = P->c.ncols;
	c = table_col_index(h, o->label_col);
	if (c < 0) {
		table_no_column(h, P->c.path, o->label_col, "--label", e);
		table_free(h);
		return -1;
	}
	P->lc = (size_t)c;
	P->ic = -1;
	if (o->id_col && (P->ic = table_col_index(h, o->id_col)) < 0) {
		table_no_column(h, P->c.path, o->id_col, "--id", e);
		table_free(h);
		return -1;
	}
	table_free(h);
	/* the header record as a data line would hold it */
	P->hdr = P->c.hdr;
	P->hdrn = P->c.hdrlen;
	while (P->hdrn && (P->hdr[P->hdrn - 1] == '\n' ||
	    P->hdr[P->hdrn - 1] == '\r'))
		P->hdrn--;
	if (P->c.lo.no_header)
		P->hdrn = 0;
	return 0;
}

int
partexport_write(const char *path, const struct journal *j,
    const char *out, const struct partexport_opts *o,
    struct export_stats *st, struct err *e)
{
	struct part P;
	struct outfile of;
	struct csvload_opts lo = *o->lo;
	char num[NUMFMT_COUNT];
	int rc = -1, opened = 0;

	memset(&P, 0, sizeof P);
	memset(&of, 0, sizeof of);
	memset(st, 0, sizeof *st);
	P.j = j;
	P.o = o;
	P.st = st;
	P.row = o->row ? o->row : 1;
	lo.id_col = NULL;	/* ids are the journal's business here */
	if ((o->range ? csvchunk_open_at(&P.c, path, &lo, o->start, o->end,
	    o->line, WIN, e) : csvchunk_open(&P.c, path, &lo, 0, 0, WIN,
	    e)) != 0)
		return -1;
	opened = 1;
	P.end = P.c.end;
	inwin_init(&P.w, part_read, put, &P);
	if (columns(&P, e) != 0)
		goto done;
	if (out && o->range && !o->id_col && !o->row &&
	    P.c.start != P.c.data) {
		err_set(e, ERR_USAGE, "%s: the journal names rows by number: "
		    "a range after the first needs the number of its first "
		    "row (--start-row; --count-rows counts the rows of the "
		    "ranges before it)", journal_path(j));
		goto done;
	}
	if (out) {
		if (outfile_open(&of, out, o->rule, e) != 0)
			goto done;
		if (!(P.f = outfile_stream(&of))) {
			err_sys(e, ERR_CANTCREAT, errno, "%s: cannot create",
			    out);
			goto done;
		}
		/* the part that holds the data's start holds the header */
		if (P.c.start == P.c.data && P.c.data > 0) {
			P.w.cap = (size_t)P.c.data + 2 * INWIN_STEP;
			P.w.buf = xrealloc(P.w.buf, P.w.cap);
			if (csvchunk_pread(&P.c, 0, P.w.buf, (size_t)P.c.data,
			    e) != (long long)P.c.data) {
				if (!e->code)
					err_set(e, ERR_NOINPUT, "%s: cannot "
					    "read its header", path);
				goto done;
			}
			put(&P, P.w.buf, (size_t)P.c.data);
		}
	}
	if (scan(&P, e) != 0)
		goto done;
	if (P.f && (fflush(P.f) != 0 || ferror(P.f))) {
		err_sys(e, ERR_IO, errno, "%s: write error", out);
		goto done;
	}
	if (out && outfile_commit(&of, e) != 0)
		goto done;
	if (st->mismatched)
		log_warn("%s: %s decided %s had another label when decided "
		    "than the file has now (the first: '%s')", path,
		    numfmt_count(st->mismatched, num),
		    numfmt_noun(st->mismatched, "row", "rows"), P.firstm);
	rc = 0;
done:
	if (out)
		outfile_abort(&of);
	if (opened)
		csvchunk_close(&P.c);
	inwin_release(&P.w);
	free(P.scratch);
	return rc;
}
