/*
 * probs.c - probability files, streamed through libcsv one physical line
 * at a time.
 *
 * Feeding whole lines tells us the line each record starts on; the raw
 * bytes of the current record are kept too (usually one line), so an
 * error can point at the column where the offending field starts, found
 * by re-scanning that record.  Fields of a record are gathered into a
 * reused arena and checked when the record ends: field count, key, then
 * the values left to right.  Memory is the n x k matrix, one line of
 * the table per row for duplicate reports, and the current record.
 *
 * Invariant while reading: seen[row] is 0 until the row's record was
 * read whole and valid, then the line it started on.  The first error
 * stops reading and drops the whole matrix.
 */
#include "core/pico/probs.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/csvload.h"
#include "core/data/csv/csvsyntax.h"
#include "core/data/infer.h"
#include "core/util/xalloc.h"
#include "core/util/numfmt.h"

#define CHUNK (1u << 20)
#define PROBS_MAX_OVER 1e-6		/* a value may exceed 1 by this */
#define PROBS_SUM_TOL 1e-3		/* a row may miss 1 by this */

struct field {
	size_t off, len;
};

struct reader {
	const char *name;
	const struct table *t;
	const struct labels *L;
	struct probs *P;
	struct err *e;
	unsigned char delim;
	int failed;

	/* the current record: raw bytes (recp: rec, or the line itself
	 * while a plain line is split), first line, fields */
	char *rec;
	size_t nrec, caprec;
	const char *recp;
	size_t nrecp;
	uint64_t line;			/* physical line being fed */
	uint64_t rec_line;		/* line the record starts on */
	char *fbytes;
	size_t nfbytes, capfbytes;
	struct field *fld;
	size_t nfld, capfld;

	/* from the header */
	int have_header;
	size_t ncols;
	size_t keycol;
	int32_t *cls;			/* [ncols] class of a column, -1 key */

	uint64_t *seen;			/* [n] line of the row's record */
	uint64_t nseen;
};

/* --- messages -------------------------------------------------------- */

/* Untrusted text for a message: quoted, control bytes and invalid
 * bytes as \xNN, cut after 60 bytes. */
static const char *
show(const char *s, size_t n, char *buf, size_t cap)
{
	size_t i, o = 0;
	unsigned char c;

	for (i = 0; i < n && o + 8 < cap; i++) {
		c = (unsigned char)s[i];
		if (i == 60) {
			o += (size_t)snprintf(buf + o, cap - o, "...");
			break;
		}
		if (c < 0x20 || c == 0x7f || c == '\\')
			o += (size_t)snprintf(buf + o, cap - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o] = '\0';
	return buf;
}

/*
 * Where field f of the current record starts: its line and 1-based byte
 * column; past the last field, the end of the record.
 */
static void
locate(const struct reader *R, size_t f, uint64_t *line, uint64_t *col)
{
	size_t i, fno = 0, linestart = 0;
	int quoted = 0, start = 1;
	uint64_t ln = R->rec_line;
	char ch;

	for (i = 0; i < R->nrecp; i++) {
		ch = R->recp[i];
		if (start && fno == f)
			break;
		if (quoted) {
			if (ch == '"') {
				if (i + 1 < R->nrecp && R->recp[i + 1] == '"')
					i++;
				else
					quoted = 0;
			} else if (ch == '\n') {
				ln++;
				linestart = i + 1;
			}
			start = 0;
			continue;
		}
		if (ch == '\r' || ch == '\n')
			break;
		if (start && ch == '"') {
			quoted = 1;
			start = 0;
		} else if (ch == (char)R->delim) {
			fno++;
			start = 1;
		} else {
			start = 0;
		}
	}
	*line = ln;
	*col = (uint64_t)(i - linestart) + 1;
}

static int
fail_at(struct reader *R, size_t f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An ERR_DATA error at field f of the current record. */
static int
fail_at(struct reader *R, size_t f, const char *fmt, ...)
{
	char msg[768];
	uint64_t line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	locate(R, f, &line, &col);
	R->failed = 1;
	return err_at(R->e, ERR_DATA, R->name, (long long)line,
	    (long long)col, "%s", msg);
}

static const char *
fstr(const struct reader *R, size_t f, size_t *len)
{
	*len = R->fld[f].len;
	return R->fbytes + R->fld[f].off;
}

/* --- the header ------------------------------------------------------ */

static int
header(struct reader *R)
{
	const struct labels *L = R->L;
	const struct table *t = R->t;
	const char *idname = t->id_col >= 0 ? t->col[t->id_col].name : NULL;
	size_t f, n, len, missing = 0;
	uint32_t c, first = 0;
	int cls;
	int32_t *col_of = xmalloc((L->k ? L->k : 1) * sizeof *col_of);
	const char *s;
	char b1[256], b2[256];

	R->ncols = R->nfld;
	R->cls = xmalloc(R->ncols * sizeof *R->cls);
	R->keycol = 0;
	if (idname) {
		for (f = 0; f < R->ncols; f++) {
			s = fstr(R, f, &len);
			if (len == strlen(idname) &&
			    memcmp(s, idname, len) == 0) {
				R->keycol = f;
				break;
			}
		}
	}
	for (c = 0; c < L->k; c++)
		col_of[c] = -1;
	for (f = 0; f < R->ncols; f++) {
		R->cls[f] = -1;
		if (f == R->keycol)
			continue;
		s = fstr(R, f, &len);
		cls = labels_find(L, s, len);
		if (cls < 0) {
			free(col_of);
			return fail_at(R, f, "column '%s' is not a class of "
			    "the label column '%s'",
			    show(s, len, b1, sizeof b1),
			    show(t->col[L->col].name,
			    strlen(t->col[L->col].name), b2, sizeof b2));
		}
		if (col_of[cls] >= 0) {
			free(col_of);
			return fail_at(R, f, "class '%s' has a second column",
			    show(s, len, b1, sizeof b1));
		}
		col_of[cls] = (int32_t)f;
		R->cls[f] = cls;
	}
	for (c = L->k; c-- > 0;) {
		if (col_of[c] < 0) {
			missing++;
			first = c;
		}
	}
	free(col_of);
	if (missing) {
		const char *hint = "";

		/* a file without a key column: its first class column
		 * was taken as the key */
		s = fstr(R, R->keycol, &len);
		if (labels_find(L, s, len) >= 0)
			hint = "; the first column is the row key";
		n = strlen(L->name[first]);
		R->failed = 1;
		if (missing == 1)
			return err_at(R->e, ERR_DATA, R->name,
			    (long long)R->rec_line, 0, "no column for class "
			    "'%s'%s", show(L->name[first], n, b1, sizeof b1),
			    hint);
		return err_at(R->e, ERR_DATA, R->name, (long long)R->rec_line,
		    0, "no column for %zu classes (the first: '%s')%s",
		    missing, show(L->name[first], n, b1, sizeof b1), hint);
	}
	R->have_header = 1;
	return 0;
}

/* --- a data record --------------------------------------------------- */

static int
is_word_nocase(const char *s, size_t n, const char *w)
{
	size_t i;

	if (n != strlen(w))
		return 0;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return 0;
	}
	return 1;
}

/* 1 for NaN spellings, 2 for infinities, 0 otherwise. */
static int
non_finite(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n && (*s == '+' || *s == '-')) {
		s++;
		n--;
	}
	if (is_word_nocase(s, n, "nan"))
		return 1;
	if (is_word_nocase(s, n, "inf") || is_word_nocase(s, n, "infinity"))
		return 2;
	return 0;
}

static int
record(struct reader *R)
{
	const struct table *t = R->t;
	const struct labels *L = R->L;
	size_t f, len, klen;
	const char *s, *key;
	int64_t row;
	double v, sum = 0, *out;
	char b1[256], b2[256];
	const char *cname;
	int kind;

	if (R->nfld != R->ncols) {
		return fail_at(R, R->nfld < R->ncols ? R->nfld : R->ncols,
		    "row has %zu field%s, the header has %zu", R->nfld,
		    R->nfld == 1 ? "" : "s", R->ncols);
	}
	key = fstr(R, R->keycol, &klen);
	row = table_find_key(t, key, klen);
	if (row < 0)
		return fail_at(R, R->keycol, "row key '%s' is not a row of %s",
		    show(key, klen, b1, sizeof b1), t->path ? t->path :
		    "the table");
	if (R->seen[row])
		return fail_at(R, R->keycol, "row key '%s' appears twice "
		    "(first at line %llu)", show(key, klen, b1, sizeof b1),
		    (unsigned long long)R->seen[row]);
	out = R->P->p + (uint64_t)row * L->k;
	for (f = 0; f < R->ncols; f++) {
		if (f == R->keycol)
			continue;
		s = fstr(R, f, &len);
		cname = L->name[R->cls[f]];
		if (!infer_number(s, len, &v, NULL)) {
			kind = non_finite(s, len);
			if (kind == 1)
				return fail_at(R, f, "NaN in column '%s'",
				    show(cname, strlen(cname), b2, sizeof b2));
			if (kind == 2)
				return fail_at(R, f, "infinite value in "
				    "column '%s'", show(cname, strlen(cname),
				    b2, sizeof b2));
			if (infer_is_na(s, len, NULL))
				return fail_at(R, f, "missing value in column "
				    "'%s'", show(cname, strlen(cname), b2,
				    sizeof b2));
			return fail_at(R, f, "'%s' is not a number (column "
			    "'%s')", show(s, len, b1, sizeof b1), show(cname,
			    strlen(cname), b2, sizeof b2));
		}
		if (isinf(v))
			return fail_at(R, f, "infinite value in column '%s'",
			    show(cname, strlen(cname), b2, sizeof b2));
		if (v < 0)
			return fail_at(R, f, "negative probability %s in "
			    "column '%s'", show(s, len, b1, sizeof b1),
			    show(cname, strlen(cname), b2, sizeof b2));
		if (v > 1 + PROBS_MAX_OVER)
			return fail_at(R, f, "probability %s in column '%s' "
			    "is above 1", show(s, len, b1, sizeof b1),
			    show(cname, strlen(cname), b2, sizeof b2));
		out[R->cls[f]] = v;
	}
	for (f = 0; f < L->k; f++)
		sum += out[f];
	if (!(fabs(sum - 1) <= PROBS_SUM_TOL)) {
		R->failed = 1;
		return err_at(R->e, ERR_DATA, R->name, (long long)R->rec_line,
		    0, "the probabilities of row '%s' sum to %.9g, not 1 "
		    "(within %g)", show(key, klen, b1, sizeof b1), sum,
		    PROBS_SUM_TOL);
	}
	R->seen[row] = R->rec_line;
	R->nseen++;
	return 0;
}

/* --- libcsv callbacks ------------------------------------------------ */

static void
on_field(void *s, size_t len, void *data)
{
	struct reader *R = data;

	if (R->failed)
		return;
	R->fbytes = xgrow(R->fbytes, &R->capfbytes, R->nfbytes + len + 1, 1);
	if (len)
		memcpy(R->fbytes + R->nfbytes, s, len);
	R->fld = xgrow(R->fld, &R->capfld, R->nfld + 1, sizeof *R->fld);
	R->fld[R->nfld].off = R->nfbytes;
	R->fld[R->nfld].len = len;
	R->nfld++;
	R->nfbytes += len;
}

static void
on_record(int c, void *data)
{
	struct reader *R = data;

	(void)c;
	if (R->failed)
		return;
	if (!R->have_header)
		header(R);
	else
		record(R);
	R->nfld = 0;
	R->nfbytes = 0;
}

/* --- reading --------------------------------------------------------- */

struct src {
	int fd;			/* -1: memory */
	const char *mem;
	size_t len, off;
};

/* Up to cap bytes into buf; 0 at the end, -1 on a read error. */
static ssize_t
src_read(struct src *s, char *buf, size_t cap)
{
	ssize_t r;
	size_t n;

	if (s->fd < 0) {
		n = s->len - s->off < cap ? s->len - s->off : cap;
		memcpy(buf, s->mem + s->off, n);
		s->off += n;
		return (ssize_t)n;
	}
	do
		r = read(s->fd, buf, cap);
	while (r < 0 && errno == EINTR);
	return r;
}

/*
 * A line libcsv would split exactly at the delimiter: no quote, and no
 * CR or LF but its terminator.  *len gets its length without the
 * terminator.
 */
static int
plain_line(const char *s, size_t n, size_t *len)
{
	if (n && s[n - 1] == '\n')
		n--;
	if (n && s[n - 1] == '\r')
		n--;
	*len = n;
	return !memchr(s, '"', n) && !memchr(s, '\r', n) &&
	    !memchr(s, '\n', n);
}

/*
 * Feed one physical line (terminator included).  Most lines of a
 * probability file are plain numbers: those are split here directly,
 * which is what libcsv would do with them, at a fraction of the cost;
 * lines with quotes, and every line of a record that spans lines, go
 * through libcsv.
 */
static void
feed(struct reader *R, struct csv_parser *cp, const char *s, size_t n)
{
	size_t len, i, from;

	R->line++;
	if (csvsyntax_state(cp) == CSVSYNTAX_BETWEEN) {
		R->nrec = 0;
		R->rec_line = R->line;
		if (plain_line(s, n, &len)) {
			if (len == 0)
				return;		/* libcsv skips blank lines */
			R->recp = s;
			R->nrecp = len;
			for (i = from = 0; i <= len; i++) {
				if (i == len || s[i] == (char)R->delim) {
					on_field((void *)(s + from), i - from,
					    R);
					from = i + 1;
				}
			}
			on_record('\n', R);
			return;
		}
	}
	R->rec = xgrow(R->rec, &R->caprec, R->nrec + n, 1);
	memcpy(R->rec + R->nrec, s, n);
	R->nrec += n;
	R->recp = R->rec;
	R->nrecp = R->nrec;
	csv_parse(cp, s, n, on_field, on_record, R);
}

static int
read_all(struct reader *R, struct src *src)
{
	struct csv_parser cp;
	char *buf = xmalloc(CHUNK), *carry = NULL, term = 0;
	size_t ncarry = 0, capcarry = 0, i, from, n;
	ssize_t got = 0;
	int first = 1, rc = 0;
	const struct table *t = R->t;
	char b1[256];

	/* as csvload reads CSV; the delimiter is set when it is known */
	if (csvsyntax_parser_init(&cp, ',') != 0) {
		free(buf);
		return err_set(R->e, ERR_SOFTWARE, "%s: cannot start the CSV "
		    "parser", R->name);
	}
	while (!R->failed && (got = src_read(src, buf, CHUNK)) > 0) {
		n = (size_t)got;
		from = 0;
		if (first) {
			first = 0;
			if (n >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
				from = 3;
			R->delim = (unsigned char)csvload_sniff(buf + from,
			    n - from);
			csv_set_delim(&cp, R->delim);
		}
		for (i = from; i < n && !R->failed; i++) {
			if (!term) {
				if (buf[i] == '\n')
					term = '\n';
				else if (buf[i] == '\r' && i + 1 < n)
					term = buf[i + 1] == '\n' ? '\n' : '\r';
			}
			if (buf[i] != term || !term)
				continue;
			if (ncarry) {
				carry = xgrow(carry, &capcarry,
				    ncarry + i + 1 - from, 1);
				memcpy(carry + ncarry, buf + from,
				    i + 1 - from);
				feed(R, &cp, carry, ncarry + i + 1 - from);
				ncarry = 0;
			} else {
				feed(R, &cp, buf + from, i + 1 - from);
			}
			from = i + 1;
		}
		if (from < n && !R->failed) {
			carry = xgrow(carry, &capcarry, ncarry + n - from, 1);
			memcpy(carry + ncarry, buf + from, n - from);
			ncarry += n - from;
		}
	}
	if (!R->failed && got < 0) {
		rc = err_sys(R->e, ERR_NOINPUT, errno, "%s: cannot read",
		    R->name);
		R->failed = 1;
	}
	if (!R->failed && ncarry)
		feed(R, &cp, carry, ncarry);
	if (!R->failed && csvsyntax_state(&cp) == CSVSYNTAX_QUOTED) {
		uint64_t line, col;

		locate(R, R->nfld, &line, &col);
		rc = err_at(R->e, ERR_DATA, R->name, (long long)line,
		    (long long)col, "unterminated quoted field (the quote "
		    "opened here is never closed)");
		R->failed = 1;
	}
	if (!R->failed)
		csv_fini(&cp, on_field, on_record, R);
	csv_free(&cp);
	free(carry);
	free(buf);
	if (R->failed)
		return -1;
	if (!R->have_header)
		return err_set(R->e, ERR_DATA, "%s: empty file", R->name);
	if (R->nseen < t->nrows) {
		uint64_t r;
		char kb[24], num[NUMFMT_COUNT];
		size_t kl;
		const char *k;

		for (r = 0; r < t->nrows && R->seen[r]; r++)
			;
		k = table_key(t, r, kb, &kl);
		return err_set(R->e, ERR_DATA, "%s: %s %s of %s %s no "
		    "probabilities (the first: row key '%s')", R->name,
		    numfmt_count(t->nrows - R->nseen, num),
		    numfmt_noun(t->nrows - R->nseen, "row", "rows"),
		    t->path ? t->path : "the table",
		    t->nrows - R->nseen == 1 ? "has" : "have",
		    show(k, kl, b1, sizeof b1));
	}
	return rc;
}

static int
read_src(struct probs *P, const char *name, struct src *src,
    const struct table *t, const struct labels *L, struct err *e)
{
	struct reader R;
	size_t cells = (size_t)t->nrows * L->k;
	int rc;

	memset(P, 0, sizeof *P);
	R = (struct reader){ .name = name, .t = t, .L = L, .P = P, .e = e };
	P->path = xstrdup(name);
	P->n = t->nrows;
	P->k = L->k;
	P->p = xcalloc(cells ? cells : 1, sizeof *P->p);
	R.seen = xcalloc(t->nrows ? t->nrows : 1, sizeof *R.seen);
	rc = read_all(&R, src);
	FREE_ALL(R.seen, R.cls, R.fld, R.fbytes, R.rec);
	if (rc != 0)
		probs_release(P);
	return rc;
}

int
probs_read_mem(struct probs *P, const char *name, const void *buf,
    size_t len, const struct table *t, const struct labels *L,
    struct err *e)
{
	struct src s = { -1, buf, len, 0 };

	return read_src(P, name, &s, t, L, e);
}

int
probs_read(struct probs *P, const char *path, const struct table *t,
    const struct labels *L, struct err *e)
{
	struct src s = { -1, NULL, 0, 0 };
	struct stat st;
	int rc;

	memset(P, 0, sizeof *P);
	if (strcmp(path, "-") == 0) {
		s.fd = 0;
	} else {
		s.fd = open(path, O_RDONLY);
		if (s.fd < 0)
			return err_sys(e, ERR_NOINPUT, errno, "%s", path);
		if (fstat(s.fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			close(s.fd);
			return err_set(e, ERR_NOINPUT, "%s: is a directory",
			    path);
		}
	}
	rc = read_src(P, path, &s, t, L, e);
	if (s.fd > 0)
		close(s.fd);
	return rc;
}

void
probs_release(struct probs *P)
{
	if (!P)
		return;
	free(P->path);
	free(P->p);
	memset(P, 0, sizeof *P);
}

struct probs *
probs_read_all(const char *const *paths, size_t npaths,
    const struct table *t, const struct labels *L, struct err *e)
{
	struct probs *P = xcalloc(npaths ? npaths : 1, sizeof *P);
	size_t i;

	for (i = 0; i < npaths; i++) {
		if (probs_read(&P[i], paths[i], t, L, e) != 0) {
			probs_free_all(P, i);
			return NULL;
		}
	}
	return P;
}

void
probs_free_all(struct probs *P, size_t npaths)
{
	size_t i;

	if (!P)
		return;
	for (i = 0; i < npaths; i++)
		probs_release(&P[i]);
	free(P);
}
