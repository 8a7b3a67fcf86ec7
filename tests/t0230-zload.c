/*
 * t0230-zload - a compressed CSV file parsed while it is decompressed
 * (csvload_zstream through format_load): the table equals the one of
 * the decompressed bytes for gzip and zstd, any number of threads and
 * parts, quoted line ends across parts, a stray quote that throws the
 * cut guesses off, a record longer than the window; errors and warnings
 * name the same line and column (their bytes let go and decompressed
 * again), and a cut or empty stream is a clean error.  Progress is
 * counted in compressed bytes, up to the file's size on disk, for CSV
 * and JSON Lines.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include "core/data/csvload.h"
#include "core/data/format.h"
#include "core/util/log.h"
#include "core/util/progress.h"
#include "core/util/rng.h"
#include "core/util/io/bytebuf.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static void
puts_(struct bytebuf *g, const char *s)
{
	bytebuf_add(g, s, strlen(s));
}

/* rows random rows: ids, quoted text with commas, quotes and line ends,
 * numbers, a few categories; eol between records.  A stray quote in an
 * unquoted field on row `stray` (0: none). */
static void
gen_csv(struct bytebuf *g, uint64_t seed, unsigned rows, const char *eol,
    unsigned stray)
{
	struct rng r;
	char line[256];
	unsigned i;

	rng_seed(&r, seed, 0);
	puts_(g, "id,text,num,cat");
	puts_(g, eol);
	for (i = 1; i <= rows; i++) {
		unsigned k = (unsigned)(rng_next(&r) % 6);

		snprintf(line, sizeof line, "%u,", i);
		puts_(g, line);
		if (i == stray)
			puts_(g, "a 12\" pizza");
		else if (k == 0)
			puts_(g, "\"two\nlines, and \"\"quotes\"\"\"");
		else if (k == 1)
			puts_(g, "\"comma, inside\"");
		else
			puts_(g, "plain words here");
		snprintf(line, sizeof line, ",%.3f,c%u",
		    (double)(rng_next(&r) % 100000) / 7.0,
		    (unsigned)(rng_next(&r) % 5));
		puts_(g, line);
		puts_(g, eol);
		if (k == 5 && i % 97 == 0)
			puts_(g, eol);	/* a blank line now and then */
	}
}

static void
write_gz(const char *path, const char *p, size_t n)
{
	gzFile f = gzopen(path, "wb");

	while (n > 0) {
		unsigned m = n > (1u << 30) ? 1u << 30 : (unsigned)n;

		gzwrite(f, p, m);
		p += m;
		n -= m;
	}
	gzclose(f);
}

static void
write_zst(const char *path, const char *p, size_t n)
{
	size_t cap = ZSTD_compressBound(n);
	char *z = xmalloc(cap);
	size_t m = ZSTD_compress(z, cap, p, n, 3);

	write_file(path, z, m);
	free(z);
}

/* The decompressed bytes p[0..n) loaded from a .gz (zstd: .zst) file and
 * from memory agree: tables, or errors, and the warnings. */
static void
same(const char *what, const char *p, size_t n, int zstd,
    struct csvload_opts *o)
{
	char *path = tpath(zstd ? "z.csv.zst" : "z.csv.gz");
	char wm[sizeof warnings];
	struct table *a, *b;
	struct err ea, eb;

	if (zstd)
		write_zst(path, p, n);
	else
		write_gz(path, p, n);
	err_clear(&ea);
	err_clear(&eb);
	warnings[0] = '\0';
	b = csvload_mem(path, p, n, o, &eb);
	memcpy(wm, warnings, sizeof wm);
	warnings[0] = '\0';
	a = format_load(path, o, &ea);
	if (!b) {
		ok(!a && ea.code == eb.code && strcmp(ea.msg, eb.msg) == 0,
		    "%s: the same error", what);
		if (a || strcmp(ea.msg, eb.msg) != 0)
			diag("stream: %s\nmemory: %s", a ? "(a table)" :
			    ea.msg, eb.msg);
	} else {
		if (a)
			b->content_hash = a->content_hash;
		ok(a && table_same_rows(a, b), "%s: the same table", what);
		if (!a)
			diag("%s", ea.msg);
	}
	ok(strcmp(warnings, wm) == 0, "%s: the same warnings", what);
	if (strcmp(warnings, wm) != 0)
		diag("stream:\n%smemory:\n%s", warnings, wm);
	table_free(a);
	table_free(b);
	free(path);
}

static void
test_tables(void)
{
	struct bytebuf g = { 0 }, c = { 0 };
	struct csvload_opts o;
	char what[64];
	int th;

	/* about 3 MB: several blocks of the window, many parts */
	gen_csv(&g, 7, 60000, "\n", 0);
	csvload_opts_init(&o);
	o.part_min = 64u << 10;
	for (th = 1; th <= 3; th++) {
		o.threads = th;
		snprintf(what, sizeof what, "gzip, %d thread%s", th,
		    th == 1 ? "" : "s");
		same(what, g.b, g.n, 0, &o);
	}
	o.threads = 2;
	same("zstd", g.b, g.n, 1, &o);
	o.part_min = 0;
	same("one part", g.b, g.n, 0, &o);
	o.part_min = 4096;
	same("parts of 4 KiB", g.b, g.n, 0, &o);

	/* CRLF and a byte order mark */
	puts_(&c, "\xef\xbb\xbf");
	gen_csv(&c, 8, 20000, "\r\n", 0);
	o.part_min = 16u << 10;
	same("CRLF and a BOM", c.b, c.n, 0, &o);
	bytebuf_release(&c);

	/* a stray quote early on: every cut guess after it is wrong */
	gen_csv(&c, 9, 30000, "\n", 50);
	same("a stray quote", c.b, c.n, 0, &o);
	o.lax_quotes = 1;
	same("a stray quote, --lax-quotes", c.b, c.n, 0, &o);
	o.lax_quotes = 0;
	bytebuf_release(&c);

	/* a record longer than the window (a 5 MiB quoted field) */
	puts_(&c, "id,text\n1,short\n2,\"");
	{
		char *big = xmalloc(5u << 20);
		size_t i;

		for (i = 0; i < (5u << 20); i++)
			big[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 26);
		bytebuf_add(&c, big, 5u << 20);
		free(big);
	}
	puts_(&c, "\"\n3,after\n");
	same("a record longer than the window", c.b, c.n, 0, &o);
	bytebuf_release(&c);
	bytebuf_release(&g);
}

static void
test_errors(void)
{
	struct bytebuf g = { 0 }, c = { 0 };
	struct csvload_opts o;
	char *path;
	struct err e;
	struct table *t;
	size_t n;
	char *gz;

	csvload_opts_init(&o);
	o.part_min = 16u << 10;
	o.threads = 2;
	/* a short row far into the file: its bytes were let go long
	 * before the error is located */
	gen_csv(&g, 11, 60000, "\n", 0);
	bytebuf_add(&c, g.b, g.n);
	puts_(&c, "60001,too short\n");
	gen_csv(&c, 12, 100, "\n", 0);
	same("a short row near the end", c.b, c.n, 0, &o);
	o.ragged = CSVLOAD_RAGGED_SKIP;
	same("... --ragged skip", c.b, c.n, 0, &o);
	o.ragged = CSVLOAD_RAGGED_ERROR;
	bytebuf_release(&c);

	/* a quote never closed: the error points back at its record */
	bytebuf_add(&c, g.b, g.n / 2);
	puts_(&c, "\n99,\"never closed, text\n");
	bytebuf_add(&c, g.b + g.n / 2, g.n - g.n / 2);
	same("an unterminated quote", c.b, c.n, 0, &o);
	bytebuf_release(&c);

	/* text after a closing quote */
	bytebuf_add(&c, g.b, g.n);
	puts_(&c, "1,\"quoted\"junk,1,c1\n");
	same("text after a closing quote", c.b, c.n, 0, &o);
	o.lax_quotes = 1;
	same("... warned about with --lax-quotes", c.b, c.n, 0, &o);
	o.lax_quotes = 0;
	bytebuf_release(&c);

	/* the header repeated, warned about and dropped */
	bytebuf_add(&c, g.b, g.n);
	puts_(&c, "id,text,num,cat\n");
	gen_csv(&c, 13, 10, "\n", 0);
	o.drop_repeated_header = 1;
	same("a repeated header", c.b, c.n, 0, &o);
	o.drop_repeated_header = 0;
	bytebuf_release(&c);

	same("an empty stream", "", 0, 0, &o);
	same("a header only", "a,b\n", 4, 1, &o);
	same("a file of blank lines", "\n\n\n", 3, 0, &o);

	/* a stream cut short: the byte where it ends */
	path = tpath("z.csv.gz");
	write_gz(path, g.b, g.n);
	gz = slurp(path, &n);
	write_file(path, gz, n / 2);
	err_clear(&e);
	t = format_load(path, &o, &e);
	{
		char want[64];

		snprintf(want, sizeof want, "byte %zu: the gzip stream ends "
		    "early", n / 2);
		ok(!t && e.code == ERR_DATA && strstr(e.msg, want),
		    "a cut stream: %s", e.msg);
	}
	/* corrupt data in the middle */
	memcpy(gz + n / 2, "garbage garbage garbage", 23);
	write_file(path, gz, n);
	err_clear(&e);
	t = format_load(path, &o, &e);
	ok(!t && e.code == ERR_DATA && strstr(e.msg, "corrupt gzip data"),
	    "corrupt data: %s", e.msg);
	free(gz);
	free(path);
	bytebuf_release(&g);
}

/* What a load reported: its steps, whether done ever went back or past
 * total, the last done and total. */
struct steps {
	unsigned n;
	int back, over;
	uint64_t done, total;
};

static void
on_step(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	struct steps *s = ctx;

	if (strcmp(what, "loading") != 0)
		return;
	s->back |= s->n > 0 && done < s->done;
	s->over |= done > total;
	s->n++;
	s->done = done;
	s->total = total;
}

/* The progress of loading path (written from p[0..n) by zstd or gzip) is
 * by compressed bytes: it climbs to the size of the file on disk. */
static void
progress_of(const char *what, const char *name, const char *p, size_t n,
    int zstd)
{
	char *path = tpath(name);
	struct steps s = { 0 };
	struct progress pr = { on_step, &s, NULL };
	struct csvload_opts o;
	struct table *t;
	struct stat st;
	struct err e;

	if (zstd)
		write_zst(path, p, n);
	else
		write_gz(path, p, n);
	csvload_opts_init(&o);
	o.part_min = 64u << 10;
	o.threads = 2;
	o.progress = &pr;
	t = format_load(path, &o, &e);
	if (stat(path, &st) != 0)
		st.st_size = -1;
	ok(t && s.n > 1 && !s.back && !s.over &&
	    s.total == (uint64_t)st.st_size && s.done == s.total,
	    "%s: progress by compressed bytes, %u steps up to %llu of %llu "
	    "(the file has %llu bytes, %zu decompressed)", what, s.n,
	    (unsigned long long)s.done, (unsigned long long)s.total,
	    (unsigned long long)st.st_size, n);
	table_free(t);
	remove(path);
	free(path);
}

static void
test_progress(void)
{
	struct bytebuf g = { 0 }, j = { 0 };
	char line[128];
	unsigned i;

	gen_csv(&g, 21, 60000, "\n", 0);
	progress_of("gzip CSV", "p.csv.gz", g.b, g.n, 0);
	progress_of("zstd CSV", "p.csv.zst", g.b, g.n, 1);
	for (i = 0; i < 60000; i++) {
		snprintf(line, sizeof line, "{\"id\": %u, \"meta\": "
		    "{\"x\": %u.5}, \"label\": \"c%u\"}\n", i, i % 977,
		    i % 3);
		puts_(&j, line);
	}
	progress_of("gzip JSON Lines", "p.jsonl.gz", j.b, j.n, 0);
	progress_of("zstd JSON Lines", "p.jsonl.zst", j.b, j.n, 1);
	bytebuf_release(&g);
	bytebuf_release(&j);
}

int
main(void)
{
	log_set_sink(capture, NULL);
	test_tables();
	test_errors();
	test_progress();
	test_dir_remove();
	done_testing();
}
