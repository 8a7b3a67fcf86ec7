/*
 * t0120-csvsyntax - the loader's knowledge of libcsv in one place: the
 * parser states it reads, and the byte scanner that follows the same
 * machine, checked against libcsv itself on random input, through
 * windows of any size, and against csvload's line numbers.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csv/csvsyntax.h"
#include "core/data/csvload.h"
#include "core/data/csvscan.h"
#include "core/util/log.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

/* --- the scanner against libcsv ------------------------------------ */

struct rec {
	char **f;
	size_t *n;
	size_t nf, cap;
};

struct recs {
	struct rec *r;
	size_t n, cap;
	struct rec cur;
};

static void
cb_field(void *s, size_t len, void *data)
{
	struct recs *R = data;
	struct rec *c = &R->cur;

	if (c->nf == c->cap) {
		size_t cap = xgrow_cap(c->cap, c->nf + 1);

		c->f = xreallocarray(c->f, cap, sizeof *c->f);
		c->n = xreallocarray(c->n, cap, sizeof *c->n);
		c->cap = cap;
	}
	c->f[c->nf] = xmalloc(len + 1);
	memcpy(c->f[c->nf], s ? s : "", len);
	c->n[c->nf++] = len;
}

static void
cb_record(int ch, void *data)
{
	struct recs *R = data;

	(void)ch;
	R->r = xgrow(R->r, &R->cap, R->n + 1, sizeof *R->r);
	R->r[R->n++] = R->cur;
	memset(&R->cur, 0, sizeof R->cur);
}

static void
recs_free(struct recs *R)
{
	size_t i, k;

	for (i = 0; i < R->n; i++) {
		for (k = 0; k < R->r[i].nf; k++)
			free(R->r[i].f[k]);
		free(R->r[i].f);
		free(R->r[i].n);
	}
	for (k = 0; k < R->cur.nf; k++)
		free(R->cur.f[k]);
	FREE_ALL(R->cur.f, R->cur.n, R->r);
}

/* What libcsv, driven as csvload drives it, made of an input. */
enum end { END_OK, END_OPEN, END_JUNK };

/* libcsv as csvload runs it: text after a closing quote ends the parse
 * (END_JUNK) or, lax, goes on the field. */
static enum end
libcsv_parse(const char *s, size_t n, int delim, int lax, struct recs *R)
{
	struct csv_parser p;
	size_t k, done;
	enum end end = END_OK;

	memset(R, 0, sizeof *R);
	csvsyntax_parser_init(&p, (unsigned char)delim);
	k = csvsyntax_bom(s, n);
	for (done = k;;) {
		done += csvsyntax_parse(&p, s + done, n - done, cb_field,
		    cb_record, R);
		if (done == n)
			break;
		if (!lax) {
			end = END_JUNK;
			break;
		}
		csvsyntax_unquote(&p);
	}
	if (end == END_OK && csvsyntax_state(&p) == CSVSYNTAX_QUOTED)
		end = END_OPEN;
	if (end == END_OK)
		csv_fini(&p, cb_field, cb_record, R);
	csv_free(&p);
	return end;
}

/* Compare the scanner with libcsv on s; 1 when they agree. */
static int
agrees(const char *s, size_t n, int delim, int lax, char *why, size_t wn)
{
	struct recs R;
	struct csvsyntax_scan S;
	struct csvsyntax_rec r;
	size_t k = 0, f, m;
	char *buf = xmalloc(n + 1);
	enum end end = libcsv_parse(s, n, delim, lax, &R);
	int rc, good = 1;

	csvsyntax_scan_mem(&S, s, n, delim, lax);
	while ((rc = csvsyntax_scan_next(&S, &r)) > 0) {
		if (k >= R.n) {
			snprintf(why, wn, "extra record %zu", k);
			good = 0;
			break;
		}
		if (r.nfields != R.r[k].nf) {
			snprintf(why, wn, "record %zu: %zu fields, libcsv %zu",
			    k, r.nfields, R.r[k].nf);
			good = 0;
			break;
		}
		for (f = 0; f < r.nfields; f++) {
			m = csvsyntax_decode(s + S.fs[f], S.fe[f] - S.fs[f],
			    buf);
			if (m != R.r[k].n[f] || memcmp(buf, R.r[k].f[f], m)) {
				snprintf(why, wn, "record %zu field %zu", k,
				    f);
				good = 0;
				break;
			}
		}
		if (!good)
			break;
		k++;
	}
	if (good && (rc == CSVSYNTAX_SCAN_OPEN) != (end == END_OPEN)) {
		snprintf(why, wn, "open quote: scanner %d, libcsv %d",
		    rc == CSVSYNTAX_SCAN_OPEN, end == END_OPEN);
		good = 0;
	}
	if (good && (rc == CSVSYNTAX_SCAN_JUNK) != (end == END_JUNK)) {
		snprintf(why, wn, "text after a quote: scanner %d, libcsv %d",
		    rc == CSVSYNTAX_SCAN_JUNK, end == END_JUNK);
		good = 0;
	}
	if (good && end != END_OPEN && k != R.n) {
		snprintf(why, wn, "%zu records, libcsv %zu", k, R.n);
		good = 0;
	}
	csvsyntax_scan_release(&S);
	recs_free(&R);
	free(buf);
	return good;
}

/* Lines: the scanner's against csvload's table->line. */
static int
lines_agree(const char *s, size_t n, int delim, int lax)
{
	struct csvload_opts o;
	struct table *t;
	struct csvsyntax_scan S;
	struct csvsyntax_rec r;
	struct err e;
	uint64_t row = 0;
	int good = 1;

	csvload_opts_init(&o);
	o.no_header = 1;
	o.ragged = CSVLOAD_RAGGED_PAD;
	o.delim = delim;
	o.threads = 1;
	o.lax_quotes = lax;
	t = csvload_mem("f.csv", s, n, &o, &e);
	if (!t)
		return 1;	/* nothing to compare */
	csvsyntax_scan_mem(&S, s, n, delim, lax);
	while (csvsyntax_scan_next(&S, &r) > 0) {
		if (row >= t->nrows || r.line != t->line[row]) {
			good = 0;
			break;
		}
		row++;
	}
	good = good && row == t->nrows;
	csvsyntax_scan_release(&S);
	table_free(t);
	return good;
}

static void
test_scanner_fuzz(void)
{
	static const char alpha[] = "ab,;\"\r\n \t";
	struct rng r;
	char s[64], why[128] = "";
	int i, k, n, bad = 0, badl = 0, delim, lax;

	rng_seed(&r, 4010, 0);
	for (i = 0; i < 40000 && !bad; i++) {
		n = (int)(rng_next(&r) % 40);
		k = 0;
		if (rng_next(&r) % 16 == 0) {
			memcpy(s, "\xef\xbb\xbf", 3);
			k = 3;
		}
		for (; k < n; k++)
			s[k] = alpha[rng_next(&r) % (sizeof alpha - 1)];
		if (n < k)
			n = k;
		delim = rng_next(&r) % 4 == 0 ? ';' : ',';
		lax = i % 2;
		if (!agrees(s, (size_t)n, delim, lax, why, sizeof why)) {
			bad = 1;
			diag("input %d (%s): %s", i, lax ? "lax" : "strict",
			    why);
		}
		if (!lines_agree(s, (size_t)n, delim, lax) && badl++ == 0)
			diag("lines differ on input %d", i);
	}
	ok(!bad, "scanner agrees with libcsv on 40000 random inputs, "
	    "strict and lax");
	ok(!badl, "scanner's line numbers agree with csvload's");
	ok(agrees("", 0, ',', 0, why, sizeof why), "empty input");
	{
		char out[16];

		is_int(csvsyntax_decode("\"a\"\"b\"", 6, out), 3,
		    "decode a doubled quote");
		ok(memcmp(out, "a\"b", 3) == 0, "to one quote");
		is_int(csvsyntax_decode("\"ab\"c\"d", 7, out), 5,
		    "text after a closing quote: the quote dropped");
		ok(memcmp(out, "abc\"d", 5) == 0, "the rest kept as it is");
	}
}

/* --- states -------------------------------------------------------- */

/* The state of a parser fed s. */
static enum csvsyntax_state
state_after(const char *s)
{
	struct csv_parser p;
	struct recs R;
	enum csvsyntax_state st;

	memset(&R, 0, sizeof R);
	csvsyntax_parser_init(&p, ',');
	csv_parse(&p, s, strlen(s), cb_field, cb_record, &R);
	st = csvsyntax_state(&p);
	csv_free(&p);
	recs_free(&R);
	return st;
}

static void
test_states(void)
{
	ok(state_after("") == CSVSYNTAX_BETWEEN &&
	    state_after("a,b\n") == CSVSYNTAX_BETWEEN &&
	    state_after("a,b\r\n\n") == CSVSYNTAX_BETWEEN,
	    "between records");
	ok(state_after("a,") == CSVSYNTAX_FIELD, "after a delimiter");
	ok(state_after("a,b") == CSVSYNTAX_UNQUOTED &&
	    state_after("a,b\"c") == CSVSYNTAX_UNQUOTED, "in a plain field");
	ok(state_after("\"a") == CSVSYNTAX_QUOTED &&
	    state_after("\"a\n,") == CSVSYNTAX_QUOTED &&
	    state_after("\"a\"\"") == CSVSYNTAX_QUOTED, "inside quotes");
	ok(state_after("\"a\"") == CSVSYNTAX_QUOTE, "after a closing quote");
}

/* --- windows ------------------------------------------------------- */

/*
 * Scan s through windows that grow from `step` bytes at a time; 1 when
 * every record (offsets, line, fields) is the one a whole scan finds.
 */
static int
windows_agree(const char *s, size_t n, int delim, size_t step)
{
	struct csvsyntax_scan W, S;
	struct csvsyntax_rec a, b;
	size_t end, f;
	int ra, rb, good = 1;

	csvsyntax_scan_mem(&S, s, n, delim, 1);
	csvsyntax_scan_init(&W, delim, csvsyntax_term(s, n),
	    csvsyntax_bom(s, n), 1);
	end = (size_t)W.pos;
	for (;;) {
		ra = csvsyntax_scan_next(&S, &a);
		for (;;) {
			csvsyntax_scan_window(&W, s + W.pos, W.pos,
			    end - (size_t)W.pos, end == n);
			rb = csvsyntax_scan_next(&W, &b);
			if (rb != CSVSYNTAX_SCAN_MORE)
				break;
			end = end + step < n ? end + step : n;
		}
		if (ra != rb) {
			good = 0;
			break;
		}
		if (ra <= 0)
			break;
		if (a.start != b.start || a.end != b.end || a.eol != b.eol ||
		    a.line != b.line || a.nfields != b.nfields) {
			good = 0;
			break;
		}
		for (f = 0; f < a.nfields; f++)
			if (S.fs[f] != W.fs[f] || S.fe[f] != W.fe[f])
				good = 0;
	}
	csvsyntax_scan_release(&S);
	csvsyntax_scan_release(&W);
	return good;
}

/*
 * The field machine fed one byte at a time stops where it stops on the
 * whole input; 1 when it does for every field of s.
 */
static int
bytewise_agrees(const char *s, size_t n, int delim, int lax)
{
	const unsigned char *p = (const unsigned char *)s;
	enum csvsyntax_state st1 = CSVSYNTAX_FIELD, st2 = CSVSYNTAX_FIELD;
	enum csvsyntax_stop a, b;
	size_t i = 0, j, k;

	while (i < n) {
		k = i;
		a = csvsyntax_field(&st1, p, n, &i, 1, (unsigned char)delim,
		    lax);
		j = k;
		do {
			/* the bytes so far, the last of them new */
			size_t upto = j + 1 <= n ? j + 1 : n;

			b = csvsyntax_field(&st2, p, upto, &j, upto == n,
			    (unsigned char)delim, lax);
		} while (b == CSVSYNTAX_MORE);
		if (a != b || i != j || st1 != st2)
			return 0;
		if (a != CSVSYNTAX_DELIM && a != CSVSYNTAX_EOL)
			break;
		i++;
		st1 = st2 = CSVSYNTAX_FIELD;
	}
	return 1;
}

static void
test_windows(void)
{
	static const char alpha[] = "ab,\"\r\n";
	struct rng r;
	char s[48];
	int i, k, n, bad = 0, badb = 0;

	rng_seed(&r, 120, 0);
	for (i = 0; i < 20000; i++) {
		n = (int)(rng_next(&r) % 40);
		for (k = 0; k < n; k++)
			s[k] = alpha[rng_next(&r) % (sizeof alpha - 1)];
		if (!windows_agree(s, (size_t)n, ',', 1 + rng_next(&r) % 5) &&
		    bad++ == 0)
			diag("windows differ on '%.*s'", n, s);
		if (!bytewise_agrees(s, (size_t)n, ',', i % 2) && badb++ == 0)
			diag("byte by byte differs on '%.*s'", n, s);
	}
	ok(!bad, "records through small windows = one whole scan");
	ok(!badb, "the field machine resumes byte by byte");
}

/*
 * The stream reader's exact boundary scanner (csvscan.h) runs the same
 * machine: its record boundaries, fed a few bytes at a time, are the
 * line ends that the record scan leaves outside every field.
 */
static int
boundaries_agree(const char *s, size_t n, size_t step)
{
	struct csvsyntax_scan S;
	struct csvsyntax_rec r;
	struct csvscan c;
	char inside[64] = { 0 };
	size_t i, k, from = 0, got;
	int rc, good = 1;

	csvsyntax_scan_init(&S, ',', '\n', 0, 1);
	csvsyntax_scan_window(&S, s, 0, n, 1);
	while ((rc = csvsyntax_scan_next(&S, &r)) != 0) {
		for (i = (size_t)r.start; i < (rc > 0 ? (size_t)r.end : n);
		    i++)
			inside[i] = 1;
		if (rc < 0)
			break;
	}
	csvsyntax_scan_release(&S);
	csvscan_init(&c, ',', '\n');
	for (i = 0; i < n && good; i++) {
		if (s[i] != '\n' || inside[i])
			continue;
		/* the next boundary is just after this line end */
		for (;;) {
			k = from + step < n ? step : n - from;
			got = csvscan_record(&c, s + from, k, NULL);
			if (got) {
				from += got;
				break;
			}
			from += k;
			if (from >= n)
				break;
		}
		good = from == i + 1;
	}
	while (good && from < n) {	/* and no other */
		k = from + step < n ? step : n - from;
		good = csvscan_record(&c, s + from, k, NULL) == 0;
		from += k;
	}
	return good;
}

static void
test_csvscan(void)
{
	static const char alpha[] = "ab,\"\r\n";
	struct rng r;
	char s[48];
	int i, k, n, bad = 0;

	rng_seed(&r, 121, 0);
	for (i = 0; i < 20000; i++) {
		n = (int)(rng_next(&r) % 40);
		for (k = 0; k < n; k++)
			s[k] = alpha[rng_next(&r) % (sizeof alpha - 1)];
		if (!boundaries_agree(s, (size_t)n, 1 + rng_next(&r) % 7) &&
		    bad++ == 0)
			diag("boundaries differ on '%.*s'", n, s);
	}
	ok(!bad, "csvscan's exact boundaries = the line ends outside "
	    "fields, fed in pieces");
}

int
main(void)
{
	log_set_sink(NULL, NULL);
	test_scanner_fuzz();
	test_states();
	test_windows();
	test_csvscan();
	return done_testing();
}
