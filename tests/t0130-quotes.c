/*
 * t0130-quotes - text after a closing quote ("abc"def) is never a silent
 * misparse: an error naming file:line:col by default, in the
 * single-threaded parse, the fast path and the multi-threaded split
 * alike; with lax_quotes it is read as part of the field, with a warning
 * that names the line.  RFC 4180 quoting still loads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static struct table *
load(const char *s, size_t n, const struct csvload_opts *o, struct err *e)
{
	err_clear(e);
	return csvload_mem("t.csv", s, n, o, e);
}

static int
cell_is(const struct table *t, size_t c, uint64_t r, const char *want)
{
	size_t n;
	const char *s = table_cell(t, c, r, &n);

	return n == strlen(want) && memcmp(s, want, n) == 0;
}

/* The message of loading s with o (threads, fast path or not). */
static void
error_of(const char *s, size_t n, int threads, int libcsv_only, int *code,
    char *msg, size_t cap)
{
	struct csvload_opts o;
	struct err e;
	struct table *t;

	csvload_opts_init(&o);
	o.threads = threads;
	o.libcsv_only = libcsv_only;
	t = load(s, n, &o, &e);
	*code = t ? 0 : e.code;
	snprintf(msg, cap, "%s", t ? "(loaded)" : e.msg);
	table_free(t);
}

static void
test_small(void)
{
	static const char two[] = "a,b,c\n1,\"abc\"def,x\n2,y,z\n";
	static const char hdr[] = "a,\"b\"x,c\n1,2,3\n";
	static const char rfc[] = "a,b\r\n\"x\"\"y\",\"p,q\"\r\n\"\",\"\"\r\n";
	char msg[1024];
	int code, fast;

	for (fast = 0; fast < 2; fast++) {
		error_of(two, sizeof two - 1, 1, !fast, &code, msg,
		    sizeof msg);
		is_int(code, ERR_DATA, fast ? "fast path: bad data" :
		    "libcsv only: bad data");
		ok(strncmp(msg, "t.csv:2:8: text after the closing quote",
		    39) == 0, "the message names file:line:col of the text");
		if (strncmp(msg, "t.csv:2:8:", 10) != 0)
			diag("got: %s", msg);
	}
	error_of(hdr, sizeof hdr - 1, 1, 0, &code, msg, sizeof msg);
	ok(code == ERR_DATA && strncmp(msg, "t.csv:1:6: text after", 21) ==
	    0, "in the header too");
	if (code != ERR_DATA)
		diag("got: %s", msg);
	error_of(rfc, sizeof rfc - 1, 1, 0, &code, msg, sizeof msg);
	ok(code == 0, "RFC 4180 quoting loads");
	error_of("a,b\n\"x\"\n", 8, 1, 0, &code, msg, sizeof msg);
	ok(code == ERR_DATA && strstr(msg, "t.csv:2:4: row has 1 field") ==
	    msg, "a closing quote then the line end is no departure");
}

static void
test_lax(void)
{
	static const char two[] = "a,b,c\n1,\"abc\"def,x\n2,y,z\n"
	    "3,\"p\"q\"r\",s\n";
	struct csvload_opts o;
	struct err e;
	struct table *t;
	int fast;

	for (fast = 0; fast < 2; fast++) {
		csvload_opts_init(&o);
		o.lax_quotes = 1;
		o.libcsv_only = !fast;
		warnings[0] = '\0';
		t = load(two, sizeof two - 1, &o, &e);
		ok(t && t->nrows == 3, "lax: three rows, none swallowed");
		ok(t && cell_is(t, 1, 0, "abcdef") && cell_is(t, 2, 0, "x") &&
		    cell_is(t, 0, 1, "2"), "the text goes on the field, "
		    "without the quote");
		ok(t && cell_is(t, 1, 2, "pq\"r\""), "quotes after it are "
		    "data, as in an unquoted field");
		ok(t && t->nlax == 2 && t->lax_quotes, "counted");
		ok(strstr(warnings, "t.csv:2:8: text after the closing quote")
		    != NULL && strstr(warnings, "t.csv:4:6:") != NULL,
		    "a warning names each line");
		table_free(t);
	}
}

/*
 * A file big enough for several parts, rows quoted on several lines,
 * and one departure at row `bad` (none when bad is 0).
 */
static char *
make_big(size_t rows, size_t bad, size_t *len)
{
	size_t cap = rows * 64 + 64, n = 0, i;
	char *buf = xmalloc(cap);

	n += (size_t)sprintf(buf, "id,text,label\n");
	for (i = 1; i <= rows; i++) {
		if (i == bad)
			n += (size_t)sprintf(buf + n, "%zu,\"oops\"x,c%zu\n", i,
			    i % 5);
		else if (i % 3 == 0)
			n += (size_t)sprintf(buf + n, "%zu,\"two\nlines, "
			    "\"\"q\"\"\",c%zu\n", i, i % 5);
		else
			n += (size_t)sprintf(buf + n, "%zu,plain %zu,c%zu\n",
			    i, i % 97, i % 5);
	}
	*len = n;
	return buf;
}

static void
test_parallel(void)
{
	char *buf, m1[1024], m2[1024], m4[1024], want[64];
	size_t len, bad = 700001, line;
	int c1, c2, c4;

	buf = make_big(800000, bad, &len);
	ok(len > (size_t)16 << 20, "%zu MB: four parts", len >> 20);
	error_of(buf, len, 1, 0, &c1, m1, sizeof m1);
	error_of(buf, len, 2, 0, &c2, m2, sizeof m2);
	error_of(buf, len, 4, 0, &c4, m4, sizeof m4);
	/* the header, then two lines for every third row before it */
	line = 1 + (bad - 1) + (bad - 1) / 3 + 1;
	snprintf(want, sizeof want, "t.csv:%zu:", line);
	ok(c1 == ERR_DATA && strncmp(m1, want, strlen(want)) == 0 &&
	    strstr(m1, "text after the closing quote"), "1 thread: %s",
	    want);
	if (c1 != ERR_DATA || strncmp(m1, want, strlen(want)) != 0)
		diag("got: %s", m1);
	ok(c2 == c1 && strcmp(m1, m2) == 0, "2 threads: the same error");
	ok(c4 == c1 && strcmp(m1, m4) == 0, "4 threads: the same error");
	free(buf);
}

int
main(void)
{
	log_set_sink(capture, NULL);
	test_small();
	test_lax();
	test_parallel();
	return done_testing();
}
