/*
 * t0210-jsonl - loading JSON Lines: columns from key paths, cells and
 * types, line numbers, the bad lines and where they are, the same table
 * for any number of threads, files that are not text, and telling the
 * format of a file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "core/data/fingerprint.h"
#include "core/data/format.h"
#include "core/data/jsonl/jsonl.h"
#include "core/util/log.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static struct table *
load(const char *s, size_t n, const struct csvload_opts *o, struct err *e)
{
	err_clear(e);
	return jsonl_load_mem("t.jsonl", s, n, o, e);
}

#define LOADS(s, o, e) load((s), sizeof(s) - 1, (o), (e))


#define CELL(t, c, r, s) cell_eq((t), (c), (r), (s), sizeof(s) - 1)

static void
test_columns(void)
{
	static const char in[] =
	    "{\"text\":\"hello\",\"label\":\"a\",\"meta\":{\"source\":\"x\","
	    "\"label\":\"b\"},\"n\":1}\n"
	    "{\"text\":\"bye\",\"label\":\"b\",\"meta\":{\"source\":\"y\"},"
	    "\"n\":2.5,\"tags\":[1, \"two\"]}\n"
	    "\n"
	    "{\"label\":null,\"text\":\"z\\u00e9\",\"flag\":true,\"n\":3,"
	    "\"e\":{}}\n";
	struct err e;
	struct table *t = LOADS(in, NULL, &e);
	int c;

	if (!ok(t != NULL, "a JSON Lines file loads"))
		diag("%s", e.msg);
	is_int(t->format, TABLE_JSONL, "known as JSON Lines");
	is_int(t->nrows, 3, "three rows (the blank line is none)");
	is_int(t->ncols, 8, "eight key paths");
	is(t->col[0].name, "text", "columns in order of first sight: text");
	is(t->col[2].name, "meta.source", "a nested key is outer.inner");
	is(t->col[3].name, "meta.label", "meta.label");
	is(t->col[5].name, "tags", "a later key comes later");
	ok(table_col_index(t, "meta") < 0, "an object with members is no "
	    "column");
	ok(CELL(t, 5, 1, "[1, \"two\"]"), "an array is its JSON text");
	ok(CELL(t, 5, 0, "") && table_missing(t, 5, 0),
	    "a key the line lacks is a missing cell");
	ok(CELL(t, 1, 2, "") && table_missing(t, 1, 2),
	    "null is a missing cell");
	ok(CELL(t, 0, 2, "z\xc3\xa9"), "escapes are decoded");
	is_int(t->col[4].type, COLTYPE_FLOAT, "numbers are inferred");
	is_num(table_num(t, 4, 2), 3, 0, "as numbers");
	c = table_col_index(t, "flag");
	ok(c >= 0 && t->col[c].type == COLTYPE_BOOL, "true is a bool");
	c = table_col_index(t, "e");
	ok(c >= 0 && CELL(t, (size_t)c, 2, "{}"), "an empty object is {}");
	is_int(t->line[2], 4, "the third row is on line 4");
	ok(t->col[2].jpath && t->col[2].jpathlen == 4 + 4 + 4 + 6,
	    "a column keeps its key path");
	table_free(t);
}

static void
test_names(void)
{
	static const char in[] = "{\"a.b\":1,\"a\":{\"b\":2},\"\":3}\n";
	struct err e;
	struct table *t;

	warnings[0] = '\0';
	log_set_sink(capture, NULL);
	t = LOADS(in, NULL, &e);
	log_set_sink(NULL, NULL);
	ok(t && t->ncols == 3, "three columns");
	is(t->col[0].name, "a.b", "the key with a dot keeps its name");
	is(t->col[1].name, "a.b_2", "the path that reads the same is renamed");
	is(t->col[2].name, "column_3", "an empty key gets a name");
	ok(strstr(warnings, "two key paths read 'a.b'") != NULL,
	    "the rename is a warning");
	table_free(t);
}

static void
test_lines(void)
{
	struct err e;
	struct table *t;

	t = LOADS("\xef\xbb\xbf{\"a\":1}\r\n\r\n{\"a\":2}", NULL, &e);
	ok(t && t->nrows == 2 && t->bom, "a BOM, CRLF, a blank CRLF line and "
	    "no final newline");
	ok(t && t->line[1] == 3 && CELL(t, 0, 1, "2"), "the last line counts");
	table_free(t);
	t = LOADS("", NULL, &e);
	ok(!t && e.code == ERR_DATA && strstr(e.msg, "an empty file"),
	    "an empty file is an error");
	t = LOADS("\n  \n\n", NULL, &e);
	ok(!t && strstr(e.msg, "blank lines only"), "so are blank lines only");
	t = LOADS("{}\n{ }\n", NULL, &e);
	ok(!t && strstr(e.msg, "t.jsonl: no keys in any object"),
	    "and objects without keys");
	/* the BOM shifts the columns of line 1 */
	t = LOADS("\xef\xbb\xbf{\"a\":1,}\n", NULL, &e);
	is(e.msg, "t.jsonl:1:11: not a JSON object: string or '}' expected "
	    "near '}'", "an error after a BOM counts the BOM's bytes");
}

struct bad {
	const char *in;
	const char *msg;
};

static void
test_errors(void)
{
	static const struct bad bad[] = {
		{ "{\"a\":1}\n{\"a\":1,}\n",
		  "t.jsonl:2:8: not a JSON object: string or '}' expected "
		  "near '}'" },
		{ "{\"a\":1}\n{\"a\":1,\"a\":2}\n",
		  "t.jsonl:2:10: not a JSON object: duplicate object key "
		  "near '\"a\"'" },
		{ "{\"a\":1}\n\n[1,2]\n",
		  "t.jsonl:3:1: not a JSON object: an array, not an object" },
		{ "{\"a\":\"\\ud800\"}\n",
		  "t.jsonl:1:13: not a JSON object: invalid Unicode "
		  "'\\uD800' near '\"\\ud800\"'" },
		{ "{\"a\":\"\xff\"}\n",
		  "t.jsonl:1:6: not a JSON object: unable to decode byte "
		  "0xff near '\"'" },
		{ "{\"a\":1e999,}\n",
		  "t.jsonl:1:12: not a JSON object: a key string or '}' was "
		  "expected" },
		{ "{\"a\":1}\n{\"a\":\n",
		  "t.jsonl:2:5: not a JSON object: unexpected token near "
		  "end of file" },
	};
	struct err e;
	struct table *t;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof *bad; i++) {
		t = load(bad[i].in, strlen(bad[i].in), NULL, &e);
		ok(!t && e.code == ERR_DATA, "bad input %zu is an error "
		    "(exit 65)", i + 1);
		is(e.msg, bad[i].msg, "with where and why");
		table_free(t);
	}
}

static void
test_skip(void)
{
	static const char in[] = "{\"a\":1}\nnot json\n{\"a\":2}\n[3]\n"
	    "{\"a\":3}\n";
	struct csvload_opts o;
	struct err e;
	struct table *t;

	csvload_opts_init(&o);
	o.ragged = CSVLOAD_RAGGED_SKIP;
	warnings[0] = '\0';
	log_set_sink(capture, NULL);
	t = LOADS(in, &o, &e);
	log_set_sink(NULL, NULL);
	ok(t && t->nrows == 3 && t->nragged == 2, "--ragged skip: bad lines "
	    "are skipped and counted");
	ok(t && t->line[2] == 5, "rows keep their lines");
	ok(strstr(warnings, "2 lines were not JSON objects and were skipped "
	    "(the first, line 2, col 3: not a JSON object: invalid token "
	    "near 'not'") != NULL, "a warning names the first");
	table_free(t);
	o.ragged = CSVLOAD_RAGGED_PAD;
	t = LOADS(in, &o, &e);
	ok(!t && e.code == ERR_USAGE && strstr(e.msg, "--ragged pad"),
	    "--ragged pad is a usage error");
	o.ragged = CSVLOAD_RAGGED_SKIP;
	t = LOADS("x\ny\n", &o, &e);
	ok(!t && strstr(e.msg, "every line was skipped"),
	    "nothing left is an error");
}

static void
test_ids(void)
{
	struct csvload_opts o;
	struct err e;
	struct table *t;
	static const char *const text[] = { "n", NULL };

	csvload_opts_init(&o);
	o.id_col = "meta.id";
	o.text_cols = text;
	t = LOADS("{\"meta\":{\"id\":\"r1\"},\"n\":1}\n"
	    "{\"meta\":{\"id\":\"r2\"},\"n\":2}\n", &o, &e);
	ok(t && t->id_col == 0 && table_find_key(t, "r2", 2) == 1,
	    "--id names a nested key");
	ok(t && t->col[1].type == COLTYPE_TEXT && t->col[1].forced,
	    "--text forces a type");
	table_free(t);
	o.text_cols = NULL;
	t = LOADS("{\"meta\":{\"id\":\"r1\"}}\n{\"meta\":{\"id\":\"r1\"}}\n", &o,
	    &e);
	ok(!t && strstr(e.msg, "t.jsonl:2: duplicate id 'r1'"),
	    "a repeated id is an error");
	o.id_col = "nope";
	t = LOADS("{\"a\":1}\n", &o, &e);
	ok(!t && e.code == ERR_USAGE && strstr(e.msg, "no column named "
	    "'nope' (--id); the columns are: 'a'"), "an unknown --id");
}

static void
test_sparse(void)
{
	char *in = xmalloc(1 << 20);
	size_t n = 0;
	struct err e;
	struct table *t;
	int i;

	for (i = 0; i < 20000; i++)
		n += (size_t)sprintf(in + n, "{\"k%d\":1}\n", i);
	t = load(in, n, NULL, &e);
	ok(!t && e.code == ERR_DATA && strstr(e.msg, "too many distinct "
	    "keys"), "lines that share no keys are refused, not a huge "
	    "table");
	ok(strstr(e.msg, "t.jsonl:2142:2: key 'k2141' would be column 2142")
	    != NULL, "naming the line and the key");
	free(in);
}

/* A file of many rows, bad or not: the same table or error for any
 * number of threads. */
static char *
big_input(size_t *n, long bad_line)
{
	size_t cap = 24u << 20, o = 0;
	char *p = xmalloc(cap);
	struct rng r;
	long i;

	rng_seed(&r, 7, 0);
	for (i = 1; o + 512 < cap; i++) {
		if (i == bad_line) {
			o += (size_t)sprintf(p + o, "{\"id\":%ld,}\n", i);
			continue;
		}
		o += (size_t)sprintf(p + o, "{\"id\":%ld,\"x\":%.3f,"
		    "\"label\":\"c%u\",\"text\":\"row %ld of the \\\"big\\\" "
		    "file\"%s}\n", i, rng_double(&r) * 100, (unsigned)
		    rng_below(&r, 5), i, i % 1000 == 0 ? ",\"late\":"
		    "{\"k\":[1]}" : "");
		if (i % 97 == 0)
			p[o++] = '\n';
	}
	*n = o;
	return p;
}

static void
test_threads(void)
{
	struct csvload_opts o1, o4;
	struct err e1, e4;
	struct table *t1, *t4;
	size_t n;
	char *in = big_input(&n, -1);

	csvload_opts_init(&o1);
	o1.threads = 1;
	o4 = o1;
	o4.threads = 4;
	t1 = load(in, n, &o1, &e1);
	t4 = load(in, n, &o4, &e4);
	ok(t1 && t4 && t1->nrows > 200000, "a 24 MB file loads with 1 and 4 "
	    "threads");
	ok(t1 && t4 && table_same_rows(t1, t4), "to the same table (and content hash)");
	ok(t1 && table_col_index(t1, "late.k") == 4,
	    "a key first seen late is the last column");
	table_free(t1);
	table_free(t4);
	{
		/* the hash the parts made is the hash of the file's bytes */
		char *path = tpath("big.jsonl");
		uint64_t want = 0;
		int fd;

		write_file(path, in, n);
		t4 = format_load(path, &o4, &e4);
		fd = open(path, O_RDONLY);
		ok(t4 && fingerprint_content_fd(fd, path, n, &want, &e1) == 0 &&
		    t4->content_hash == want, "loaded by 4 threads from a file, "
		    "its content hash is the file's");
		close(fd);
		table_free(t4);
		free(path);
	}
	free(in);
	in = big_input(&n, 150000);
	t1 = load(in, n, &o1, &e1);
	t4 = load(in, n, &o4, &e4);
	ok(!t1 && !t4 && strcmp(e1.msg, e4.msg) == 0 &&
	    strstr(e1.msg, "t.jsonl:151546:14: "), "a bad line deep in the file: "
	    "the same error, the same line");
	free(in);
}

static void
test_not_text(void)
{
	struct err e;
	struct table *t;
	static const char u16[] = "\xff\xfe{\0\"\0a\0\"\0:\0" "1\0}\0\n\0";
	static const char u16n[] = "{\0\"\0a\0\"\0:\0" "1\0}\0\n\0{\0\"\0a\0"
	    "\"\0:\0" "2\0}\0\n\0";
	char bin[4096];
	size_t i;

	t = load(u16, sizeof u16 - 1, NULL, &e);
	ok(!t && strstr(e.msg, "t.jsonl: byte 0: UTF-16LE text"),
	    "UTF-16 with a byte order mark is named");
	t = load(u16n, sizeof u16n - 1, NULL, &e);
	ok(!t && strstr(e.msg, "UTF-16LE text (every other byte is NUL)"),
	    "and without one");
	for (i = 0; i < sizeof bin; i++)
		bin[i] = (char)(i * 7919 % 251);
	t = load(bin, sizeof bin, NULL, &e);
	ok(!t && strstr(e.msg, "binary data, not JSON Lines text"),
	    "a binary file is named");
	t = load("\x1f\x8b\x08\x00", 4, NULL, &e);
	ok(!t && strstr(e.msg, "a gzip-compressed file"),
	    "so is compressed data given to the plain loader");
}

static void
test_format(void)
{
	is_int(format_by_name("a.jsonl"), TABLE_JSONL, ".jsonl");
	is_int(format_by_name("a.ndjson.gz"), TABLE_JSONL, ".ndjson.gz");
	is_int(format_by_name("a.jsonl.zst"), TABLE_JSONL, ".jsonl.zst");
	is_int(format_by_name("a.csv.gz"), TABLE_CSV, ".csv.gz");
	is_int(format_by_name("jsonl"), TABLE_CSV, "a bare name");
	ok(format_sniff_jsonl("\n \xef\xbb\xbf{\"a\":1}\nx", 13) == 0,
	    "a BOM after blank lines is no JSON Lines");
	ok(format_sniff_jsonl("\xef\xbb\xbf\n{\"a\":1}\n{", 13),
	    "a first line that is an object");
	ok(!format_sniff_jsonl("{a,b}\n1,2\n", 10), "a CSV header with a "
	    "brace is CSV");
	ok(!format_sniff_jsonl("a,b\n", 4), "CSV");
}

int
main(void)
{
	test_columns();
	test_names();
	test_lines();
	test_errors();
	test_skip();
	test_ids();
	test_sparse();
	test_threads();
	test_not_text();
	test_format();
	return done_testing();
}
