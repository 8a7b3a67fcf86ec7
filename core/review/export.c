/*
 * export.c - the byte scanner and the cleaned-copy writer.
 *
 * The scanner is libcsv's state machine as csvload runs it (no space
 * trimming, CR and LF both end records, blank lines skipped), restated
 * over spans: an unquoted field runs to the next delimiter, CR or LF; a
 * quoted one to the quote that is followed by a delimiter, CR, LF or the
 * end of the file ("" is a quote, and any other byte after a quote just
 * continues the field, as libcsv does outside strict mode).
 *
 * The writer copies the input lazily: it remembers how far the output
 * has caught up and copies whole runs of untouched records in one go,
 * writing its own bytes only where a record changes.  The input is
 * mapped read-only; the output is written through a 1 MiB buffer.
 */
#include "core/review/export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/log.h"
#include "core/util/outfile.h"
#include "core/util/xalloc.h"

#define SNIFF (64u << 10)	/* what csvload looks at to count lines */
#define WBUF (1u << 20)

/* --- the scanner --------------------------------------------------- */

void
export_scan_init(struct export_scan *s, const void *buf, size_t len,
    int delim)
{
	size_t sample = len < SNIFF ? len : SNIFF;

	memset(s, 0, sizeof *s);
	s->p = buf;
	s->len = len;
	s->delim = (unsigned char)delim;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		s->pos = 3;
	/* csvload numbers lines by LF unless its sample has CRs only */
	s->term = memchr(buf, '\n', sample) || !memchr(buf, '\r', sample) ?
	    '\n' : '\r';
	s->line = 1;
}

void
export_scan_release(struct export_scan *s)
{
	free(s->fs);
	free(s->fe);
	s->fs = s->fe = NULL;
	s->cap = s->nf = 0;
}

static void
count_lines(struct export_scan *s, size_t to)
{
	const unsigned char *q;

	while (s->line_pos < to) {
		q = memchr(s->p + s->line_pos, s->term, to - s->line_pos);
		if (!q) {
			s->line_pos = to;
			return;
		}
		s->line++;
		s->line_pos = (size_t)(q - s->p) + 1;
	}
}

static void
push_field(struct export_scan *s, size_t a, size_t b)
{
	if (s->nf == s->cap) {
		size_t cap = s->cap;

		s->fs = xgrow(s->fs, &cap, s->nf + 1, sizeof *s->fs);
		cap = s->cap;
		s->fe = xgrow(s->fe, &cap, s->nf + 1, sizeof *s->fe);
		s->cap = cap;
	}
	s->fs[s->nf] = a;
	s->fe[s->nf] = b;
	s->nf++;
}

int
export_scan_next(struct export_scan *s, struct export_rec *r)
{
	const unsigned char *p = s->p, *q;
	size_t n = s->len, i = s->pos, f;
	unsigned char d = s->delim, c;

	while (i < n && (p[i] == '\r' || p[i] == '\n'))
		i++;
	if (i >= n) {
		s->pos = n;
		return 0;
	}
	r->start = i;
	count_lines(s, i);
	r->line = s->line;
	s->nf = 0;
	for (;;) {
		f = i;
		if (p[i] == '"') {
			i++;
			for (;;) {
				q = memchr(p + i, '"', n - i);
				if (!q) {
					s->pos = n;
					return -1;
				}
				i = (size_t)(q - p) + 1;
				if (i == n)
					break;
				c = p[i];
				if (c == d || c == '\r' || c == '\n')
					break;
				i++;	/* "" or a stray byte: quoted */
			}
		} else {
			while (i < n && p[i] != d && p[i] != '\r' &&
			    p[i] != '\n')
				i++;
		}
		push_field(s, f, i);
		if (i == n) {
			r->end = r->eol = n;
			break;
		}
		if (p[i] == d) {
			if (++i == n) {
				push_field(s, n, n);
				r->end = r->eol = n;
				break;
			}
			continue;
		}
		r->end = i;
		r->eol = i + 1 + (p[i] == '\r' && i + 1 < n &&
		    p[i + 1] == '\n');
		break;
	}
	r->nfields = s->nf;
	s->pos = r->eol;
	return 1;
}

size_t
export_field_decode(const void *raw, size_t n, char *out)
{
	const unsigned char *p = raw;
	size_t i, o = 0;
	int might_end = 0;

	if (n == 0 || p[0] != '"') {
		memcpy(out, p, n);
		return n;
	}
	for (i = 1; i < n; i++) {
		if (might_end) {
			might_end = 0;
			if (p[i] == '"')
				continue;	/* "" is one quote */
			out[o++] = (char)p[i];
			continue;
		}
		out[o++] = (char)p[i];
		if (p[i] == '"')
			might_end = 1;
	}
	/* the closing quote was copied as if it might be literal */
	if (might_end && o > 0)
		o--;
	return o;
}

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
	int i;

	for (i = 0; i < EXPORT_NCOLS; i++)
		if (strcmp(name, col_names[i]) == 0)
			return i;
	return -1;
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
	char *buf;
	size_t n;
};

static void
wflush(struct wout *w)
{
	outfile_write(&w->of, w->buf, w->n);
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

static void
wput_field(struct wout *w, const char *s, size_t n, int delim,
    size_t nfields)
{
	size_t i, run = 0;

	if (!export_needs_quotes(s, n, delim, nfields)) {
		wput(w, s, n);
		return;
	}
	wput(w, "\"", 1);
	for (i = 0; i < n; i++) {
		if (s[i] != '"')
			continue;
		wput(w, s + run, i + 1 - run);
		wput(w, "\"", 1);
		run = i + 1;
	}
	wput(w, s + run, n - run);
	wput(w, "\"", 1);
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
	char first[64] = "", firstm[64] = "";

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
		log_warn("%s: %llu row%s named by the journal %s not in the "
		    "data (the first: '%s'); ignored", journal_path(j),
		    (unsigned long long)st->unknown, st->unknown == 1 ? "" :
		    "s", st->unknown == 1 ? "is" : "are", first);
	if (st->mismatched)
		log_warn("%s: %llu decided row%s had another label when "
		    "decided than the file has now (the first: '%s')",
		    t->path, (unsigned long long)st->mismatched,
		    st->mismatched == 1 ? "" : "s", firstm);
}

/* --- the copy ------------------------------------------------------ */

struct copy {
	const struct table *t;
	const struct journal *j;
	const struct export_opts *o;
	struct export_stats *st;
	struct plan P;
	const unsigned char *in;
	size_t len;
	struct wout w;
	size_t caught;		/* input bytes [0, caught) are handled */
	char *scratch;
	size_t scap;
};

static void
catch_up(struct copy *C, size_t to)
{
	if (to > C->caught)
		wput(&C->w, C->in + C->caught, to - C->caught);
	C->caught = to;
}

static void
add_columns(struct copy *C, const struct export_rec *r, uint64_t row,
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
put_record(struct copy *C, struct export_scan *S, const struct export_rec *r,
    uint64_t row, struct err *e)
{
	const struct table *t = C->t;
	size_t lc = (size_t)C->o->label_col, have = r->nfields, n, cn;
	uint32_t lab = C->P.label[row];
	const char *s, *cell;
	char d = t->delim;

	catch_up(C, r->start);
	if (lab == JOURNAL_NONE) {
		wput(&C->w, C->in + r->start, r->end - r->start);
	} else {
		s = journal_str(C->j, lab, &n);
		if (lc < r->nfields) {
			size_t a = S->fs[lc], b = S->fe[lc], m;

			/* the field must hold what the table says */
			C->scratch = xgrow(C->scratch, &C->scap, b - a + 1, 1);
			m = export_field_decode(C->in + a, b - a, C->scratch);
			cell = table_cell(t, lc, row, &cn);
			if (m != cn || memcmp(C->scratch, cell, m) != 0)
				return err_at(e, ERR_DATA, t->path,
				    (long long)r->line, 0, "the label field "
				    "is not what was loaded (the file changed "
				    "since it was loaded?)");
			wput(&C->w, C->in + r->start, a - r->start);
			wput_field(&C->w, s, n, d, r->nfields);
			wput(&C->w, C->in + b, r->end - b);
		} else {
			/* padded row: add the missing fields up to it */
			wput(&C->w, C->in + r->start, r->end - r->start);
			for (; have <= lc; have++)
				wput(&C->w, &d, 1);
			wput_field(&C->w, s, n, d, have);
		}
		C->st->relabelled++;
	}
	if (C->o->nadd)
		add_columns(C, r, row, 0, have);
	wput(&C->w, C->in + r->end, r->eol - r->end);
	C->caught = r->eol;
	return 0;
}

static int
changed(const struct table *t, const char *what, uint64_t line,
    struct err *e)
{
	return err_at(e, ERR_DATA, t->path, (long long)line, 0, "the file "
	    "changed since it was loaded (%s)", what);
}

static int
copy_all(struct copy *C, struct err *e)
{
	const struct table *t = C->t;
	const struct export_opts *o = C->o;
	struct export_scan S;
	struct export_rec r;
	uint64_t row = 0, nrec = 0;
	int rc, header = t->header;

	export_scan_init(&S, C->in, C->len, t->delim);
	while ((rc = export_scan_next(&S, &r)) > 0) {
		if ((++nrec & 0xffff) == 0 && progress_step(o->progress,
		    "exporting", r.start, C->len) < 0) {
			export_scan_release(&S);
			return err_set(e, ERR_CANCEL, "export cancelled");
		}
		if (header) {
			header = 0;
			if (o->nadd) {
				/* the line ending follows lazily */
				catch_up(C, r.end);
				add_columns(C, &r, 0, 1, r.nfields);
			}
			continue;
		}
		if (o->ragged == CSVLOAD_RAGGED_SKIP &&
		    r.nfields != t->ncols)
			continue;	/* not a row: copied as it is */
		if (row >= t->nrows) {
			export_scan_release(&S);
			return changed(t, "more rows than were loaded",
			    r.line, e);
		}
		if (r.line != t->line[row]) {
			export_scan_release(&S);
			return changed(t, "a row starts on another line",
			    r.line, e);
		}
		if (C->P.src[row] == SRC_DROPPED && o->drop_excluded) {
			catch_up(C, r.start);
			C->caught = r.eol;
			C->st->dropped++;
		} else {
			C->st->written++;
			if ((C->P.label[row] != JOURNAL_NONE || o->nadd) &&
			    put_record(C, &S, &r, row, e) != 0) {
				export_scan_release(&S);
				return -1;
			}
		}
		row++;
	}
	export_scan_release(&S);
	if (rc < 0)
		return changed(t, "a quoted field never closes", S.line, e);
	if (row != t->nrows)
		return changed(t, "fewer rows than were loaded", S.line, e);
	catch_up(C, C->len);
	C->st->rows = row;
	return 0;
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
	void *map = MAP_FAILED;
	int fd = -1, rc = -1;

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
	/* refused before the input is mapped */
	rule_of(t, j, o, &rule);
	if (outfile_check(out, &rule, NULL, e) != 0)
		goto out;
	if (sin.st_size > 0) {
		map = mmap(NULL, (size_t)sin.st_size, PROT_READ, MAP_PRIVATE,
		    fd, 0);
		if (map == MAP_FAILED) {
			err_sys(e, ERR_NOINPUT, errno, "%s: cannot map",
			    t->path);
			goto out;
		}
		posix_madvise(map, (size_t)sin.st_size,
		    POSIX_MADV_SEQUENTIAL);
	}
	C.t = t;
	C.j = j;
	C.o = o;
	C.st = st;
	C.in = map == MAP_FAILED ? (const unsigned char *)"" : map;
	C.len = (size_t)sin.st_size;
	make_plan(t, j, o->label_col, &C.P, st);
	if (outfile_open(&C.w.of, out, &rule, e) != 0)
		goto out;
	C.w.buf = xmalloc(WBUF);
	if (copy_all(&C, e) != 0)
		goto out;
	wflush(&C.w);
	if (outfile_commit(&C.w.of, e) != 0)
		goto out;
	progress_step(o->progress, "exporting", C.len, C.len);
	rc = 0;
out:
	outfile_abort(&C.w.of);
	free((void *)rule.keep);
	free(C.w.buf);
	free(C.scratch);
	free(C.P.label);
	free(C.P.src);
	if (map != MAP_FAILED)
		munmap(map, (size_t)sin.st_size);
	if (fd >= 0)
		close(fd);
	return rc;
}
