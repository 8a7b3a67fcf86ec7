/*
 * t0190-csvspan - ranges of a CSV file scanned apart give the record
 * boundaries and lines of one scan from the start (csvscan_span, the
 * facts `winnow stats --scan` reports), and csvchunk_scan /
 * csvchunk_open_at on a file.
 *
 * The truth is the exact scanner run from the start (csvscan_record):
 * its record-ending line ends, and the line ends before each.  Spans of
 * arbitrary cuts, fed in pieces, are chained as a driver chains them: the
 * first range starts in state START, each next one in the state the one
 * before ends in; the first boundary each reports for that state must be
 * the first true boundary after its first byte, with the same line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvchunk.h"
#include "core/data/csvscan.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

/* The true boundaries of buf (offsets after record-ending line ends)
 * and the line ends up to each; returns how many. */
static size_t
truth(const char *buf, size_t n, unsigned char term, uint64_t *at,
    uint64_t *lines)
{
	struct csvscan s;
	size_t i = 0, r, k = 0, j;
	uint64_t t = 0;

	csvscan_init(&s, ',', term);
	while (i < n && (r = csvscan_record(&s, buf + i, n - i, NULL)) > 0) {
		for (j = i; j < i + r; j++)
			t += (unsigned char)buf[j] == term;
		i += r;
		at[k] = i;
		lines[k++] = t;
	}
	return k;
}

/* Chain the spans of buf cut at cuts[0 .. ncut) (ascending, inside buf);
 * 1 when every range agrees with the truth. */
static int
chain(const char *buf, size_t n, unsigned char term, const size_t *cuts,
    size_t ncut, const uint64_t *at, const uint64_t *lines, size_t nb,
    struct rng *r)
{
	struct csvscan_span sp;
	enum csvscan_st st = CSVSCAN_START;
	uint64_t before = 0;	/* line ends before the range */
	size_t i, a, b, k = 0, piece;

	for (i = 0; i <= ncut; i++) {
		a = i ? cuts[i - 1] : 0;
		b = i < ncut ? cuts[i] : n;
		csvscan_span_init(&sp, ',', term);
		/* fed in two pieces at a random place */
		piece = b > a ? a + rng_below(r, b - a + 1) : a;
		csvscan_span_feed(&sp, buf + a, piece - a);
		csvscan_span_feed(&sp, buf + piece, b - piece);
		while (k < nb && at[k] <= a)
			k++;
		if (k < nb && at[k] <= b) {
			if (sp.boundary[st] == UINT64_MAX ||
			    a + sp.boundary[st] != at[k] ||
			    before + sp.lines[st] != lines[k]) {
				diag("range [%zu, %zu) in state %d: boundary "
				    "%llu line ends %llu, want %llu and %llu",
				    a, b, (int)st,
				    (unsigned long long)sp.boundary[st],
				    (unsigned long long)sp.lines[st],
				    (unsigned long long)at[k],
				    (unsigned long long)lines[k]);
				return 0;
			}
		} else if (sp.boundary[st] != UINT64_MAX) {
			diag("range [%zu, %zu): a boundary where there is none",
			    a, b);
			return 0;
		}
		st = csvscan_span_state(&sp, st);
		before += sp.terms;
	}
	return 1;
}

/* Random bytes of the characters that matter, in proportions that make
 * quoted fields, doubled quotes, stray quotes and bare CRs. */
static char *
noise(struct rng *r, size_t n, unsigned char term)
{
	static const char pick[] = "aaaaaaaab,,,\"\"\"\n\n\r x";
	char *s = xmalloc(n + 1);
	size_t i;

	for (i = 0; i < n; i++) {
		s[i] = pick[rng_below(r, sizeof pick - 1)];
		if (term == '\r' && s[i] == '\n')
			s[i] = '\r';
	}
	s[n] = '\0';
	return s;
}

static void
test_chains(void)
{
	static const char csv[] =
	    "1,\"two\nlines\",x\r\n2,\"a \"\"q\"\" b\",y\r\n3,12\" pizza,z\r\n"
	    "4,\"\",\"\n\"\n5,\"x\"y,w\n\n6,last";
	struct rng r;
	uint64_t *at, *lines;
	size_t n, nb, cuts[16], ncut, i, j, bad = 0, tries = 0, total = 0;
	char *buf;
	int round, term;

	rng_seed(&r, 42, 1);
	n = sizeof csv - 1;
	at = xcalloc(n + 1, sizeof *at);
	lines = xcalloc(n + 1, sizeof *lines);
	nb = truth(csv, n, '\n', at, lines);
	ok(nb == 6, "the hand-made file has 6 record-ending line ends "
	    "(%zu)", nb);
	/* every cut into two and three ranges */
	for (i = 1; i < n; i++)
		for (j = i; j < n; j++) {
			cuts[0] = i;
			cuts[1] = j;
			tries++;
			bad += !chain(csv, n, '\n', cuts, i == j ? 1 : 2, at,
			    lines, nb, &r);
		}
	ok(bad == 0, "every cut of it into two or three ranges chains to "
	    "the scan from the start (%zu of %zu wrong)", bad, tries);
	free(at);
	free(lines);

	/* random bytes, random cuts, both line ends */
	bad = tries = 0;
	for (round = 0; round < 400; round++) {
		term = round % 4 == 3 ? '\r' : '\n';
		n = 1 + rng_below(&r, 3000);
		buf = noise(&r, n, (unsigned char)term);
		at = xcalloc(n + 1, sizeof *at);
		lines = xcalloc(n + 1, sizeof *lines);
		nb = truth(buf, n, (unsigned char)term, at, lines);
		total += nb;
		ncut = rng_below(&r, 16);
		for (i = 0; i < ncut; i++)
			cuts[i] = rng_below(&r, n);
		/* ascending */
		for (i = 1; i < ncut; i++)
			for (j = i; j > 0 && cuts[j - 1] > cuts[j]; j--) {
				size_t x = cuts[j];

				cuts[j] = cuts[j - 1];
				cuts[j - 1] = x;
			}
		tries++;
		bad += !chain(buf, n, (unsigned char)term, cuts, ncut, at,
		    lines, nb, &r);
		FREE_ALL(buf, at, lines);
	}
	ok(bad == 0 && total > 1000, "400 random files cut at random "
	    "places: %zu wrong, %zu boundaries", bad, total);
}

static void
test_chunk_files(void)
{
	static const char csv[] = "id,\"text\nof the header\",c\n"
	    "1,\"a\nb\",x\n2,plain,y\n3,\"c,\"\"d\"\"\",z\n";
	char *path = tpath("f.csv");
	struct csvchunk c;
	struct csvchunk_facts f, g;
	struct table *t;
	struct err e;
	uint64_t data = 26, size = sizeof csv - 1, line;

	/* line ends at 8 and 25 (the header), 30 (inside a quoted field),
	 * 35, 45 and 59 */
	int k;

	write_file(path, csv, size);
	err_clear(&e);
	if (csvchunk_open(&c, path, NULL, 0, 0, 1u << 16, &e) != 0)
		die("open: %s", e.msg);
	ok(c.data == data, "the data starts after the two-line header (%llu)",
	    (unsigned long long)c.data);
	ok(csvchunk_scan(&c, 0, 0, &f, &e) == 0, "the whole file scans");
	ok(f.lines == 6 && f.end == size, "its line ends: 6 (%llu)",
	    (unsigned long long)f.lines);
	for (k = 0; k < 4; k++)
		if (f.in[k].boundary != data || f.in[k].lines != 2)
			break;
	ok(k == 4, "a range holding the data's start: the data's start, "
	    "whatever the state before");
	ok(csvchunk_scan(&c, 0, 10, &f, &e) == 0 &&
	    f.in[0].boundary == UINT64_MAX && f.in[2].exit == CSVSCAN_START,
	    "a range inside the header: no boundary, state START after");
	/* from byte 30, the line end inside "a\nb": in state QUOTED the
	 * boundary is after "x" (36, two line ends on); a scanner that
	 * guessed START takes that line end for one (31) */
	ok(csvchunk_scan(&c, 30, size, &g, &e) == 0 &&
	    g.in[CSVSCAN_Q].boundary == 36 && g.in[CSVSCAN_Q].lines == 2,
	    "inside a quoted field: the record's end is the boundary");
	ok(g.in[CSVSCAN_START].boundary == 31 &&
	    g.in[CSVSCAN_START].lines == 1, "the wrong guess of the state "
	    "finds another (%llu)",
	    (unsigned long long)g.in[CSVSCAN_START].boundary);
	ok(g.lines == 4, "the range's line ends (%llu)",
	    (unsigned long long)g.lines);
	csvchunk_close(&c);

	/* reading from a known boundary: nothing before it is read */
	line = 5;
	if (csvchunk_open_at(&c, path, NULL, 36, 0, line, 1u << 16, &e) != 0)
		die("open_at: %s", e.msg);
	t = csvchunk_next(&c, NULL, &e);
	ok(t && t->nrows == 2, "two records after the boundary");
	table_free(t);
	csvchunk_close(&c);
	ok(csvchunk_open_at(&c, path, NULL, 30, 0, 4, 1u << 16, &e) == -1 &&
	    e.code == ERR_USAGE && strstr(e.msg, "byte 30"),
	    "a start that is no line start is refused: %s", e.msg);
	ok(csvchunk_open_at(&c, path, NULL, 36, 50, 5, 1u << 16, &e) == -1 &&
	    strstr(e.msg, "byte 50"), "and so is an end");
	free(path);
}

int
main(void)
{
	test_chains();
	test_chunk_files();
	return done_testing();
}
