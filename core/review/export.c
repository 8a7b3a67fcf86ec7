/*
 * export.c - the cleaned-copy writer.
 *
 * Records and fields are found by the loader's scanner (csvsyntax.h).
 * The writer copies the input lazily: it remembers how far the output
 * has caught up and copies whole runs of untouched records in one go,
 * writing its own bytes only where a record changes.  The input is read
 * with pread through a window of a few MiB (a file cut short while it is
 * read is an error, not a SIGBUS), every byte hashed on the way: what
 * was copied must be what was loaded (table->content_hash), or the
 * output is not installed.  A compressed input is read through its
 * decompressor instead (the bytes on disk are what is hashed), and the
 * output through a compressor of the same kind.  The output is written
 * through a 1 MiB buffer.  A JSON Lines table is copied by
 * jsonlexport.h from the same reads, to the same output.
 */
#include "core/review/export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/fingerprint.h"
#include "core/review/jsonlexport.h"
#include "core/util/io/inwin.h"
#include "core/util/io/zstream.h"
#include "core/util/log.h"
#include "core/util/names.h"
#include "core/util/outfile.h"
#include "core/util/xalloc.h"
#include "core/util/numfmt.h"

#define WBUF (1u << 20)

int
export_needs_quotes(const char *s, size_t n, int delim, size_t nfields)
{
	size_t i;

	/* a record of one empty field would be a blank line, which
	 * readers skip */
	if (n == 0)
		return nfields == 1;
	for (i = 0; i < n; i++)
		if (s[i] == (char)delim || s[i] == '"' || s[i] == '\r' ||
		    s[i] == '\n')
			return 1;
	return 0;
}

/* --- options ------------------------------------------------------- */

static const char *const col_names[EXPORT_NCOLS] = {
	"label_source", "original_label"
};

int
export_col_parse(const char *name)
{
	return names_index(col_names, EXPORT_NCOLS, name);
}

const char *
export_col_name(enum export_col c)
{
	return (unsigned)c < EXPORT_NCOLS ? col_names[c] : "?";
}

void
export_opts_init(struct export_opts *o)
{
	memset(o, 0, sizeof *o);
	o->label_col = -1;
}

/* --- the output file ----------------------------------------------- */

struct wout {
	struct outfile of;	/* of.err: errno of the first failure */
	struct zwriter z;	/* compresses onto of as the input was */
	char *buf;
	size_t n;
};

static void
wflush(struct wout *w)
{
	zwriter_write(&w->z, w->buf, w->n);
	w->n = 0;
}

static void
wput(struct wout *w, const void *p, size_t n)
{
	const char *s = p;
	size_t k;

	while (n > 0 && !w->of.err) {
		if (w->n == WBUF)
			wflush(w);
		k = WBUF - w->n < n ? WBUF - w->n : n;
		memcpy(w->buf + w->n, s, k);
		w->n += k;
		s += k;
		n -= k;
	}
}

void
export_field(void (*put)(void *, const void *, size_t), void *ctx,
    const char *s, size_t n, int delim, size_t nfields)
{
	size_t i, run = 0;

	if (!export_needs_quotes(s, n, delim, nfields)) {
		put(ctx, s, n);
		return;
	}
	put(ctx, "\"", 1);
	for (i = 0; i < n; i++) {
		if (s[i] != '"')
			continue;
		put(ctx, s + run, i + 1 - run);
		put(ctx, "\"", 1);
		run = i + 1;
	}
	put(ctx, s + run, n - run);
	put(ctx, "\"", 1);
}

static void wput_cb(void *ctx, const void *p, size_t n);

static void
wput_field(struct wout *w, const char *s, size_t n, int delim,
    size_t nfields)
{
	export_field(wput_cb, w, s, n, delim, nfields);
}

/* --- the plan: what happens to each row ---------------------------- */

enum source {
	SRC_GIVEN, SRC_ACCEPTED, SRC_PICKED, SRC_RELABELLED, SRC_REJECTED,
	SRC_DROPPED
};

static const char *const src_names[] = {
	"given", "accepted", "picked", "relabelled", "rejected", "dropped"
};

struct plan {
	uint32_t *label;	/* per row: journal string id, or NONE */
	uint8_t *src;		/* per row: enum source */
};

/* A short printable form of untrusted bytes for a message. */
static void
shown(const char *s, size_t n, char *buf, size_t cap)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 5 < cap; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '\\')
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	if (i < n && o + 4 < cap)
		o += (size_t)snprintf(buf + o, cap - o, "...");
	buf[o] = '\0';
}

static void
make_plan(const struct table *t, const struct journal *j, int lc,
    struct plan *P, struct export_stats *st)
{
	struct journal_state js;
	const struct journal_entry *v;
	uint32_t k, nk = journal_nkeys(j);
	int64_t row;
	const char *key, *g, *cell;
	size_t kn, gn, cn;
	char first[64] = "", firstm[64] = "", num[NUMFMT_COUNT];

	P->label = xmalloc((t->nrows ? t->nrows : 1) * sizeof *P->label);
	memset(P->label, 0xff, (t->nrows ? t->nrows : 1) * sizeof *P->label);
	P->src = xcalloc(t->nrows ? t->nrows : 1, 1);
	for (k = 0; k < nk; k++) {
		journal_key_state(j, k, &js);
		if (js.last == JOURNAL_NONE)
			continue;
		key = journal_key(j, k, &kn);
		row = table_find_key(t, key, kn);
		if (row < 0) {
			if (st->unknown++ == 0)
				shown(key, kn, first, sizeof first);
			continue;
		}
		cell = table_cell(t, (size_t)lc, (uint64_t)row, &cn);
		g = journal_str(j, js.given, &gn);
		if (g && (gn != cn || memcmp(g, cell, cn) != 0) &&
		    st->mismatched++ == 0)
			shown(key, kn, firstm, sizeof firstm);
		if (js.verdict == JOURNAL_NONE)
			continue;
		st->decided++;
		v = journal_entry(j, js.verdict);
		switch (v->type) {
		case JOURNAL_ACCEPT: P->src[row] = SRC_ACCEPTED; break;
		case JOURNAL_PICK: P->src[row] = SRC_PICKED; break;
		case JOURNAL_RELABEL:
		case JOURNAL_NEW: P->src[row] = SRC_RELABELLED; break;
		case JOURNAL_REJECT: P->src[row] = SRC_REJECTED; break;
		case JOURNAL_DROP: P->src[row] = SRC_DROPPED; break;
		default: break;
		}
		if (journal_type_sets_label(v->type)) {
			g = journal_str(j, v->label, &gn);
			if (gn != cn || memcmp(g, cell, cn) != 0)
				P->label[row] = v->label;
		}
	}
	if (st->unknown)
		log_warn("%s: %s %s named by the journal %s not in the data "
		    "(the first: '%s'); ignored", journal_path(j),
		    numfmt_count(st->unknown, num), numfmt_noun(st->unknown,
		    "row", "rows"), numfmt_noun(st->unknown, "is", "are"),
		    first);
	if (st->mismatched)
		log_warn("%s: %s decided %s had another label when decided "
		    "than the file has now (the first: '%s')", t->path,
		    numfmt_count(st->mismatched, num),
		    numfmt_noun(st->mismatched, "row", "rows"), firstm);
}

/* --- the copy ------------------------------------------------------ */

static int
changed(const struct table *t, const char *what, uint64_t line,
    struct err *e)
{
	return err_at(e, ERR_DATA, t->path, (long long)line, 0, "the file "
	    "changed since it was loaded (%s)", what);
}

struct copy {
	const struct table *t;
	const struct journal *j;
	const struct export_opts *o;
	struct export_stats *st;
	struct plan P;
	int fd;			/* the input */
	struct zreader *z;	/* its decompressor, or NULL */
	uint64_t disk;		/* its size on disk */
	uint64_t len;		/* its bytes (decompressed): UINT64_MAX until
				 * a compressed one ends */
	struct inwin iw;	/* the input's bytes, as far as handled */
	struct fingerprint_hasher hash;	/* of every byte read */
	struct wout w;
	char *scratch;
	size_t scap;
};

/* The input's byte at offset off (in the window). */
static const char *
in(const struct copy *C, uint64_t off)
{
	return inwin_at(&C->iw, off);
}

/* The window hands its bytes on to the output. */
static void
copy_put(void *ctx, const void *p, size_t n)
{
	struct copy *C = ctx;

	wput(&C->w, p, n);
}

/*
 * The next input bytes, at offset end, into buf (at most n): read with
 * pread and hashed, or decompressed (the reader hashes what it reads).
 * Returns how many; 0 at the end of a compressed input, which is then
 * known to be end bytes long.  The input is read with pread, never
 * mapped: a file that shrinks gives a short read, an error, not a
 * SIGBUS.
 */
static long long
more(void *ctx, char *buf, size_t n, uint64_t end, struct err *e)
{
	struct copy *C = ctx;
	ssize_t r;

	if (C->z) {
		r = (ssize_t)zreader_read(C->z, buf, n, e);
		if (r == 0)
			C->len = end;
		return r;
	}
	do
		r = pread(C->fd, buf, n, (off_t)end);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return err_sys(e, ERR_NOINPUT, errno, "%s: read error",
		    C->t->path);
	if (r == 0)
		return changed(C->t, "it is shorter now", 0, e);
	fingerprint_hasher_feed(&C->hash, buf, (size_t)r);
	return r;
}

static void
hash_tap(void *ctx, const void *p, size_t n)
{
	fingerprint_hasher_feed(ctx, p, n);
}

/* Progress in bytes of the file on disk. */
static int
progress_at(const struct copy *C, uint64_t off)
{
	return progress_step(C->o->progress, "exporting", C->z ?
	    zreader_consumed(C->z) : off, C->disk);
}

/* The bytes copied must be the bytes loaded: the other checks see only
 * where records are and the labels replaced. */
static int
same_bytes(const struct copy *C, struct err *e)
{
	if (fingerprint_content(C->hash.sum, C->disk) != C->t->content_hash)
		return changed(C->t, "the same size, other bytes", 0, e);
	return 0;
}

/*
 * Move the window on to start at from (bytes before it are written out
 * first) and read on, at least a window more.
 */
static int
refill(struct copy *C, uint64_t from, struct err *e)
{
	/* a compressed input ends where it ends (more() says so) */
	return inwin_refill(&C->iw, from, C->len, e) < 0 ? -1 : 0;
}

static void
add_columns(struct copy *C, const struct csvsyntax_rec *r, uint64_t row,
    int header, size_t have)
{
	const struct table *t = C->t;
	const struct export_opts *o = C->o;
	char d = t->delim;
	const char *s;
	size_t n;
	int i;

	/* a short record (--ragged pad) first gets its missing fields */
	for (; have < t->ncols; have++)
		wput(&C->w, &d, 1);
	for (i = 0; i < o->nadd; i++) {
		wput(&C->w, &d, 1);
		if (header) {
			s = col_names[o->add[i]];
			wput_field(&C->w, s, strlen(s), d, 2);
		} else if (o->add[i] == EXPORT_COL_SOURCE) {
			s = src_names[C->P.src[row]];
			wput(&C->w, s, strlen(s));
		} else {
			s = table_cell(t, (size_t)o->label_col, row, &n);
			wput_field(&C->w, s, n, d, 2);
		}
	}
	(void)r;
}

/* Rewrite record r (data row `row`) with its new label. */
static int
put_record(struct copy *C, struct csvsyntax_scan *S,
    const struct csvsyntax_rec *r, uint64_t row, struct err *e)
{
	const struct table *t = C->t;
	size_t lc = (size_t)C->o->label_col, have = r->nfields, n, cn;
	uint32_t lab = C->P.label[row];
	const char *s, *cell;
	char d = t->delim;

	inwin_catch_up(&C->iw, r->start);
	if (lab == JOURNAL_NONE) {
		wput(&C->w, in(C, r->start), (size_t)(r->end - r->start));
	} else {
		s = journal_str(C->j, lab, &n);
		if (lc < r->nfields) {
			uint64_t a = S->fs[lc], b = S->fe[lc];
			size_t m;

			/* the field must hold what the table says */
			C->scratch = xgrow(C->scratch, &C->scap,
			    (size_t)(b - a) + 1, 1);
			m = csvsyntax_decode(in(C, a), (size_t)(b - a),
			    C->scratch);
			cell = table_cell(t, lc, row, &cn);
			if (m != cn || memcmp(C->scratch, cell, m) != 0)
				return err_at(e, ERR_DATA, t->path,
				    (long long)r->line, 0, "the label field "
				    "is not what was loaded (the file changed "
				    "since it was loaded?)");
			wput(&C->w, in(C, r->start), (size_t)(a - r->start));
			wput_field(&C->w, s, n, d, r->nfields);
			wput(&C->w, in(C, b), (size_t)(r->end - b));
		} else {
			/* padded row: add the missing fields up to it */
			wput(&C->w, in(C, r->start),
			    (size_t)(r->end - r->start));
			for (; have <= lc; have++)
				wput(&C->w, &d, 1);
			wput_field(&C->w, s, n, d, have);
		}
		C->st->relabelled++;
	}
	if (C->o->nadd)
		add_columns(C, r, row, 0, have);
	wput(&C->w, in(C, r->end), (size_t)(r->eol - r->end));
	C->iw.caught = r->eol;
	return 0;
}

static int
copy_all(struct copy *C, struct err *e)
{
	const struct table *t = C->t;
	const struct export_opts *o = C->o;
	struct csvsyntax_scan S;
	struct csvsyntax_rec r;
	uint64_t row = 0, nrec = 0, ndropped = 0;
	int rc, header = t->header;

	if (refill(C, 0, e) != 0)
		return -1;
	csvsyntax_scan_init(&S, t->delim, csvsyntax_term(C->iw.buf, C->iw.n),
	    csvsyntax_bom(C->iw.buf, C->iw.n), t->lax_quotes);
	for (;;) {
		csvsyntax_scan_window(&S, C->iw.buf, C->iw.base, C->iw.n,
		    C->iw.base + C->iw.n == C->len);
		rc = csvsyntax_scan_next(&S, &r);
		if (rc == CSVSYNTAX_SCAN_MORE) {
			if (refill(C, S.pos, e) != 0) {
				csvsyntax_scan_release(&S);
				return -1;
			}
			continue;
		}
		if (rc <= 0)
			break;
		if ((++nrec & 0xffff) == 0 && progress_at(C, r.start) < 0) {
			csvsyntax_scan_release(&S);
			return err_set(e, ERR_CANCEL, "export cancelled");
		}
		if (header) {
			header = 0;
			if (o->nadd) {
				/* the line ending follows lazily */
				inwin_catch_up(&C->iw, r.end);
				add_columns(C, &r, 0, 1, r.nfields);
			}
			continue;
		}
		if (o->ragged == CSVLOAD_RAGGED_SKIP &&
		    r.nfields != t->ncols)
			continue;	/* not a row: copied as it is */
		if (ndropped < t->ndropped && r.line == t->dropped[ndropped]) {
			ndropped++;	/* a header again: the same */
			continue;
		}
		if (row >= t->nrows) {
			csvsyntax_scan_release(&S);
			return changed(t, "more rows than were loaded",
			    r.line, e);
		}
		if (r.line != t->line[row]) {
			csvsyntax_scan_release(&S);
			return changed(t, "a row starts on another line",
			    r.line, e);
		}
		if (C->P.src[row] == SRC_DROPPED && o->drop_excluded) {
			inwin_catch_up(&C->iw, r.start);
			C->iw.caught = r.eol;
			C->st->dropped++;
		} else {
			C->st->written++;
			if ((C->P.label[row] != JOURNAL_NONE || o->nadd) &&
			    put_record(C, &S, &r, row, e) != 0) {
				csvsyntax_scan_release(&S);
				return -1;
			}
		}
		row++;
	}
	csvsyntax_scan_release(&S);
	if (rc < 0)
		return changed(t, rc == CSVSYNTAX_SCAN_JUNK ? "text after a "
		    "closing quote" : "a quoted field never closes", S.line, e);
	if (row != t->nrows)
		return changed(t, "fewer rows than were loaded", S.line, e);
	inwin_catch_up(&C->iw, C->len);
	C->st->rows = row;
	return same_bytes(C, e);
}

static void
wput_cb(void *ctx, const void *p, size_t n)
{
	wput(ctx, p, n);
}

/* A JSON Lines file: jsonlexport.h copies it, window by window. */
static int
copy_jsonl(struct copy *C, struct err *e)
{
	struct jsonlexport x;
	struct jsonlexport_plan jp;
	uint64_t end = 0;
	long long r;
	int rc = 0, last;

	jp.label = C->P.label;
	jp.src = C->P.src;
	jp.src_names = src_names;
	jp.src_dropped = SRC_DROPPED;
	jsonlexport_init(&x, C->t, C->j, C->o, &jp, C->st, wput_cb, &C->w);
	for (;;) {
		r = end < C->len ? more(C, C->iw.buf, C->len - end <
		    C->iw.cap ? (size_t)(C->len - end) : C->iw.cap, end, e) :
		    0;
		if (r < 0) {
			rc = -1;
			break;
		}
		end += (uint64_t)r;
		last = r == 0 || end >= C->len;
		if (jsonlexport_feed(&x, C->iw.buf, (size_t)r, last, e) != 0) {
			rc = -1;
			break;
		}
		if (last)
			break;
		if (progress_at(C, end) < 0) {
			rc = err_set(e, ERR_CANCEL, "export cancelled");
			break;
		}
	}
	jsonlexport_release(&x);
	C->st->rows = C->t->nrows;
	return rc != 0 ? -1 : same_bytes(C, e);
}

/* A compressed output is named for its compression, as the input is. */
static int
check_suffix(const struct table *t, const char *out, struct err *e)
{
	enum zkind k = (enum zkind)t->compression;
	size_t n;

	if (zstream_suffix(out) == k)
		return 0;
	if (k == ZSTREAM_NONE)
		return err_set(e, ERR_USAGE, "%s: the name says %s, but the "
		    "input is not compressed and neither is its cleaned copy",
		    out, zstream_name(zstream_suffix(out)));
	n = strlen(out) - strlen(zstream_ext(zstream_suffix(out)));
	return err_set(e, ERR_USAGE, "%s: the input is %s-compressed, and "
	    "so is its cleaned copy: name it %.*s%s", out, zstream_name(k),
	    (int)n, out, zstream_ext(k));
}

/* The outputs export never writes: the dataset, the journal and what
 * the caller adds (caller frees r->keep). */
static void
rule_of(const struct table *t, const struct journal *j,
    const struct export_opts *o, struct outfile_rule *r)
{
	struct outfile_keep *k = xcalloc(o->nkeep + 2, sizeof *k);

	k[0].path = t->path;
	k[0].what = "the dataset";
	k[1].path = journal_path(j);
	k[1].what = "the journal";
	if (o->nkeep)
		memcpy(k + 2, o->keep, o->nkeep * sizeof *k);
	memset(r, 0, sizeof *r);
	r->keep = k;
	r->nkeep = o->nkeep + 2;
	r->force = o->force;
}

int
export_write(const struct table *t, const struct journal *j,
    const char *out, const struct export_opts *o, struct export_stats *st,
    struct err *e)
{
	struct copy C;
	struct export_stats dummy;
	struct outfile_rule rule;
	struct stat sin;
	int fd = -1, rc = -1, special = 0;

	memset(&C, 0, sizeof C);
	memset(&rule, 0, sizeof rule);
	if (!st)
		st = &dummy;
	memset(st, 0, sizeof *st);
	if (o->label_col < 0 || (size_t)o->label_col >= t->ncols)
		return err_set(e, ERR_USAGE, "%s: no label column to export",
		    t->path);
	fd = open(t->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_sys(e, ERR_NOINPUT, errno, "%s: cannot open",
		    t->path);
	if (fstat(fd, &sin) != 0 || !S_ISREG(sin.st_mode)) {
		err_set(e, ERR_NOINPUT, "%s: not a regular file (export "
		    "re-reads the original bytes)", t->path);
		goto out;
	}
	if ((uint64_t)sin.st_size != t->file_size) {
		changed(t, "its size is not the same", 0, e);
		goto out;
	}
	/* refused before the input is read */
	rule_of(t, j, o, &rule);
	if (outfile_check(out, &rule, &special, e) != 0 ||
	    (!special && check_suffix(t, out, e) != 0))
		goto out;
	/* what goes straight out cannot be taken back: check first */
	if (special && fingerprint_content_check(fd, t->path, t->file_size,
	    t->content_hash, e) != 0)
		goto out;
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	C.t = t;
	C.j = j;
	C.o = o;
	C.st = st;
	C.fd = fd;
	C.disk = C.len = (uint64_t)sin.st_size;
	inwin_init(&C.iw, more, copy_put, &C);
	fingerprint_hasher_init(&C.hash, 0, C.disk);
	if (t->compression != ZSTREAM_NONE) {
		if (!(C.z = zreader_open(fd, t->path, (enum zkind)
		    t->compression, NULL, 0, e)))
			goto out;
		zreader_tap(C.z, hash_tap, &C.hash);
		C.len = UINT64_MAX;
	}
	make_plan(t, j, o->label_col, &C.P, st);
	if (outfile_open(&C.w.of, out, &rule, e) != 0 ||
	    zwriter_init(&C.w.z, (enum zkind)t->compression, &C.w.of,
	    e) != 0)
		goto out;
	C.w.buf = xmalloc(WBUF);
	if ((t->format == TABLE_JSONL ? copy_jsonl(&C, e) :
	    copy_all(&C, e)) != 0)
		goto out;
	if (fstat(fd, &sin) == 0 && (uint64_t)sin.st_size != t->file_size) {
		changed(t, "its size is not the same now", 0, e);
		goto out;
	}
	wflush(&C.w);
	if (zwriter_finish(&C.w.z, e) != 0 ||
	    outfile_commit(&C.w.of, e) != 0)
		goto out;
	progress_step(o->progress, "exporting", C.disk, C.disk);
	rc = 0;
out:
	zwriter_release(&C.w.z);
	zreader_close(C.z);
	outfile_abort(&C.w.of);
	free((void *)rule.keep);
	FREE_ALL(C.w.buf, C.scratch, C.P.label, C.P.src);
	inwin_release(&C.iw);
	fingerprint_hasher_release(&C.hash);
	if (fd >= 0)
		close(fd);
	return rc;
}
