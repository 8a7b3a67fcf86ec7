/*
 * t0100-csvload - loading CSV: the well-formed, the odd and the broken.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

#define LOADS(s, o, e) load((s), sizeof(s) - 1, (o), (e))

/* s loaded with the defaults: ok when it loads, and why not when not. */
static struct table *
load_ok(const char *s, size_t n, const char *name)
{
	struct err e;
	struct table *t = load(s, n, NULL, &e);

	if (!ok(t != NULL, name))
		diag("%s", e.msg);
	return t;
}

#define LOADS_OK(s, name) load_ok((s), sizeof(s) - 1, (name))


static void
test_simple(void)
{
	struct err e;
	struct table *t = LOADS("a,b\n1,x\n2,y\n", NULL, &e);

	if (!ok(t != NULL, "simple file loads"))
		diag("%s", e.msg);
	is_int(t->nrows, 2, "two rows");
	is_int(t->ncols, 2, "two columns");
	is(t->col[0].name, "a", "first name");
	is_int(t->col[0].type, COLTYPE_INT, "a is int");
	is_int(t->col[1].type, COLTYPE_CAT, "b is categorical");
	ok(cell_eq(t, 1, 1, "y", 1), "cell (1, b) is y");
	is_num(table_num(t, 0, 1), 2, 0, "number of (1, a)");
	is_int(t->line[0], 2, "first row is on line 2");
	is_int(t->delim, ',', "comma");
	table_free(t);
}

static void
test_quoting(void)
{
	struct err e;
	struct table *t;
	static const char csv[] = "id,text\r\n"
	    "1,\"a, b\"\r\n"
	    "2,\"say \"\"hi\"\"\"\r\n"
	    "3,\"two\r\nlines\"\r\n"
	    "4,\" padded \"\r\n"
	    "5,plain\r\n";

	t = LOADS_OK(csv, "quoted fields load");
	is_int(t->nrows, 5, "five rows");
	ok(cell_eq(t, 1, 0, "a, b", 4), "embedded comma");
	ok(cell_eq(t, 1, 1, "say \"hi\"", 8), "doubled quotes");
	ok(cell_eq(t, 1, 2, "two\r\nlines", 10), "embedded CRLF kept");
	ok(cell_eq(t, 1, 3, " padded ", 8), "spaces kept");
	is_int(t->line[3], 6, "row after a two-line field starts on line 6");
	is_int(t->line[4], 7, "and the next on line 7");
	table_free(t);

	t = LOADS("a,b\r1,2\r3,4\r", NULL, &e);
	ok(t && t->nrows == 2 && cell_eq(t, 1, 1, "4", 1), "lone CR ends");
	is_int(t ? t->line[1] : 0, 3, "lines counted by CR");
	table_free(t);

	t = LOADS("a,b\n1,2\n3,4", NULL, &e);
	ok(t && t->nrows == 2 && cell_eq(t, 1, 1, "4", 1),
	    "no final newline");
	table_free(t);

	t = LOADS("\xef\xbb\xbfname,v\nx,1\n", NULL, &e);
	ok(t && strcmp(t->col[0].name, "name") == 0 && t->bom,
	    "UTF-8 BOM skipped");
	table_free(t);
}

static void
test_sniff(void)
{
	struct err e;
	struct table *t;
	struct csvload_opts o;

	t = LOADS("a;b;c\n1,5;2;3\n4;5;6\n", NULL, &e);
	ok(t && t->delim == ';' && t->ncols == 3, "semicolon sniffed");
	table_free(t);
	t = LOADS("a\tb\n\"x,y\"\t2\n", NULL, &e);
	ok(t && t->delim == '\t' && cell_eq(t, 0, 0, "x,y", 3),
	    "tab sniffed, comma inside quotes ignored");
	table_free(t);
	t = LOADS("a|b|c|d\n1|2|3|4\n", NULL, &e);
	ok(t && t->delim == '|' && t->ncols == 4, "pipe sniffed");
	table_free(t);
	csvload_opts_init(&o);
	o.delim = ';';
	t = LOADS("a,b;c\n1,2;3\n", &o, &e);
	ok(t && t->ncols == 2 && cell_eq(t, 0, 0, "1,2", 3), "--delim forced");
	table_free(t);
	is_int(csvload_sniff("just one column\nyes\n", 20), ',',
	    "one column: comma");
}

static void
test_header(void)
{
	struct err e;
	struct table *t;
	struct csvload_opts o;

	warnings[0] = '\0';
	t = LOADS("a,,a,a\n1,2,3,4\n", NULL, &e);
	ok(t != NULL, "blank and repeated names load");
	is(t->col[1].name, "column_2", "blank name");
	is(t->col[2].name, "a_2", "repeat 1");
	is(t->col[3].name, "a_3", "repeat 2");
	ok(strstr(warnings, "t.csv:1: column 2 has no name") != NULL,
	    "warning for the blank name");
	ok(strstr(warnings, "repeats the name 'a'") != NULL,
	    "warning for the repeat");
	table_free(t);

	csvload_opts_init(&o);
	o.no_header = 1;
	t = LOADS("1,x\n2,y\n", &o, &e);
	ok(t && t->nrows == 2 && strcmp(t->col[1].name, "column_2") == 0,
	    "--no-header: numbered names, first record is data");
	is_int(t ? t->line[0] : 0, 1, "first data row on line 1");
	table_free(t);
	ok(strstr(warnings, "reads like data") == NULL,
	    "--no-header: no word about the first line");

	/* a file without its header: the first row becomes the names */
	warnings[0] = '\0';
	t = LOADS("5.1,3.5,setosa\n4.9,3.0,setosa\n6.3,2.9,virginica\n",
	    NULL, &e);
	ok(t && t->nrows == 2, "a headless file loads, a row short");
	ok(strstr(warnings, "t.csv:1: the first line reads like data, not "
	    "column names (each numeric column's name reads as one of its "
	    "values); if the file has no header line, --no-header reads it "
	    "as a row") != NULL, "... with a warning and the --no-header hint");
	table_free(t);
	warnings[0] = '\0';
	t = LOADS("1,2\n3,x\n", NULL, &e);
	ok(t && strstr(warnings, "(every name is a number)") != NULL,
	    "every name a number: a warning whatever the columns");
	table_free(t);
	warnings[0] = '\0';
	t = LOADS("2020-01-01,9,qq\n2020-01-02,7,rr\n", NULL, &e);
	ok(t && strstr(warnings, "reads like data") != NULL,
	    "a date and a number over date and int columns: a warning");
	table_free(t);
	/* real headers: a word over a numeric column, or no numeric column */
	warnings[0] = '\0';
	t = LOADS("id,2019,2020\n1,5,6\n2,7,8\n", NULL, &e);
	table_free(t);
	t = LOADS("name,kind\nx,y\nz,w\n", NULL, &e);
	table_free(t);
	t = LOADS("a,b\ntrue,1\nfalse,2\n", NULL, &e);
	table_free(t);
	t = LOADS("yes,no\ntrue,false\nfalse,true\n", NULL, &e);
	table_free(t);
	ok(strstr(warnings, "reads like data") == NULL,
	    "real headers: no warning (a word over numbers, only strings, "
	    "only bools)");
}

static void
test_types(void)
{
	struct table *t;
	static const char csv[] =
	    "i,f,b,d,c,m,z,e\n"
	    "1,1.5,true,2020-01-01,red,10,007,\n"
	    "2,2,no,2020-01-02T10:00:00Z,blue,,012,NA\n"
	    "-3,1e3,Y,1999-12-31,red,N/A,100,\n";

	t = LOADS_OK(csv, "types file loads");
	is(coltype_name(t->col[0].type), "int", "int column");
	is(coltype_name(t->col[1].type), "float", "float column");
	is(coltype_name(t->col[2].type), "bool", "bool column");
	is(coltype_name(t->col[3].type), "date", "date column");
	is(coltype_name(t->col[4].type), "cat", "categorical column");
	is(coltype_name(t->col[5].type), "int", "int with missing values");
	is_int(t->col[5].nmissing, 2, "empty and N/A are missing");
	is(coltype_name(t->col[6].type), "cat", "leading zeros: a code");
	is(coltype_name(t->col[7].type), "empty", "all missing: empty");
	ok(isnan(table_num(t, 5, 1)), "missing number is NaN");
	is_num(table_num(t, 3, 0), 1577836800, 0, "date as epoch seconds");
	is_int(t->col[4].ndistinct, 2, "distinct excludes nothing here");
	is_int(t->col[0].vorder[0], 2, "value order starts at -3");
	table_free(t);
}

static void
expect_error(const char *s, size_t n, const struct csvload_opts *o,
    int code, const char *msg, const char *name)
{
	struct err e;
	struct table *t = load(s, n, o, &e);

	ok(t == NULL, "%s: fails", name);
	is_int(e.code, code, "exit status");
	if (!ok(strncmp(e.msg, msg, strlen(msg)) == 0, "%s: message", name)) {
		diag("got: %s", e.msg);
		diag("want prefix: %s", msg);
	}
	table_free(t);
}

#define ERROR_CASE(s, o, code, msg, name) \
	expect_error((s), sizeof(s) - 1, (o), (code), (msg), (name))

static void
test_malformed(void)
{
	struct csvload_opts o;
	struct err e;
	struct table *t;

	ERROR_CASE("a,b,c\n1,2,3\n4,5\n", NULL, ERR_DATA,
	    "t.csv:3:4: row has 2 fields, the header has 3", "short row");
	ERROR_CASE("a,b,c\n1,2,3\n4,5,6,7\n", NULL, ERR_DATA,
	    "t.csv:3:7: row has 4 fields, the header has 3", "long row");
	ERROR_CASE("a,b\n1,\"multi\nline\",3\n", NULL, ERR_DATA,
	    "t.csv:3:7: row has 3 fields", "long row after a quoted newline");
	ERROR_CASE("a,b\n1,\"abc\n2,3\n", NULL, ERR_DATA,
	    "t.csv:2:3: unterminated quoted field", "unterminated quote");
	ERROR_CASE("a,\"b\n", NULL, ERR_DATA,
	    "t.csv:1:3: unterminated quoted field", "unterminated in header");
	ERROR_CASE("", NULL, ERR_DATA, "t.csv: empty file", "empty file");
	ERROR_CASE("\xef\xbb\xbf", NULL, ERR_DATA, "t.csv: empty file",
	    "only a BOM");
	ERROR_CASE("\n\n\n", NULL, ERR_DATA, "t.csv: empty file",
	    "only blank lines");
	ERROR_CASE("a,b,c\n", NULL, ERR_DATA, "t.csv:1: header only",
	    "header only");

	csvload_opts_init(&o);
	o.ragged = CSVLOAD_RAGGED_PAD;
	warnings[0] = '\0';
	t = LOADS("a,b,c\n1,2,3\n4,5\n6,7,8,9\n", &o, &e);
	ok(t && t->nrows == 3 && t->nragged == 2, "--ragged=pad keeps rows");
	ok(t && cell_eq(t, 2, 1, "", 0) && table_missing(t, 2, 1),
	    "padded field is empty and missing");
	ok(t && cell_eq(t, 2, 2, "8", 1), "long row cut to the header");
	ok(strstr(warnings, "2 rows had the wrong number of fields") != NULL,
	    "pad reports the count");
	table_free(t);
	o.ragged = CSVLOAD_RAGGED_SKIP;
	t = LOADS("a,b,c\n1,2,3\n4,5\n6,7,8,9\n1,x,3\n", &o, &e);
	ok(t && t->nrows == 2 && t->nragged == 2, "--ragged=skip drops rows");
	ok(t && t->col[0].dict.count[0] == 2, "skipped rows do not count");
	ok(t && t->col[0].ndistinct == 1 && t->col[1].ndistinct == 2,
	    "distinct counts ignore skipped rows");
	ok(t && t->line[1] == 5, "line numbers survive skipping");
	table_free(t);
}

/* Columns of mostly distinct values are collected and deduplicated
 * after parsing: ragged rows there must behave the same. */
static void
test_ragged_distinct(void)
{
	struct csvload_opts o;
	struct err e;
	struct table *t;
	char *buf = xmalloc(64 * 1024);
	size_t n = 0, i;

	n += (size_t)sprintf(buf, "id,v,w\n");
	for (i = 0; i < 600; i++) {
		if (i == 100)
			n += (size_t)sprintf(buf + n, "%zu,short\n", i);
		else if (i == 200)
			n += (size_t)sprintf(buf + n, "%zu,x%zu,y,extra\n", i,
			    i);
		else
			n += (size_t)sprintf(buf + n, "%zu,x%zu,%zu\n", i, i,
			    i % 3);
	}
	csvload_opts_init(&o);
	o.ragged = CSVLOAD_RAGGED_SKIP;
	t = load(buf, n, &o, &e);
	ok(t && t->nrows == 598 && t->nragged == 2, "skip with distinct "
	    "values: 598 rows");
	ok(t && t->col[0].ndistinct == 598 && t->col[1].ndistinct == 598,
	    "skipped rows left no values behind");
	ok(t && cell_eq(t, 0, 100, "101", 3) && cell_eq(t, 1, 199, "x201", 4),
	    "rows after the skipped ones line up");
	ok(t && table_find_key(t, "600", 3) == -1, "keys count kept rows");
	table_free(t);
	o.ragged = CSVLOAD_RAGGED_PAD;
	t = load(buf, n, &o, &e);
	ok(t && t->nrows == 600 && cell_eq(t, 2, 100, "", 0) &&
	    cell_eq(t, 2, 200, "y", 1), "pad with distinct values");
	ok(t && t->col[1].dict.count[dict_find(&t->col[1].dict, "short",
	    5)] == 1, "padded row counted once");
	table_free(t);
	free(buf);
}

static void
test_bytes(void)
{
	struct err e;
	struct table *t;
	char *big;
	size_t n, i;
	static const char nul[] = "a,b\n1,x\0y\n2,\xff\xfe\x1b[31m\n";

	t = LOADS(nul, NULL, &e);
	ok(t && cell_eq(t, 1, 0, "x\0y", 3), "NUL byte kept");
	ok(t && cell_eq(t, 1, 1, "\xff\xfe\x1b[31m", 7),
	    "invalid UTF-8 and escapes kept byte-exact");
	table_free(t);

	n = (1u << 20) + 64;
	big = xmalloc(n + 64);
	memcpy(big, "a,b\n1,\"", 7);
	for (i = 7; i < 7 + (1u << 20); i++)
		big[i] = (char)('a' + i % 26);
	memcpy(big + i, "\"\n2,x\n", 6);
	t = load(big, i + 6, NULL, &e);
	ok(t && t->nrows == 2, "1 MB field loads");
	if (t) {
		size_t len;

		table_cell(t, 1, 0, &len);
		is_int(len, 1u << 20, "1 MB field is whole");
	}
	table_free(t);
	free(big);

	/* 10,000 columns */
	big = xmalloc(200000);
	n = 0;
	for (i = 0; i < 10000; i++)
		n += (size_t)sprintf(big + n, "%sc%zu", i ? "," : "", i);
	big[n++] = '\n';
	for (i = 0; i < 10000; i++)
		n += (size_t)sprintf(big + n, "%s%zu", i ? "," : "", i);
	big[n++] = '\n';
	t = load(big, n, NULL, &e);
	ok(t && t->ncols == 10000 && t->nrows == 1, "10,000 columns");
	ok(t && cell_eq(t, 9999, 0, "9999", 4), "last of 10,000 columns");
	table_free(t);
	free(big);
}

static void
test_files(void)
{
	struct err e;
	struct table *t;
	char *path = tpath("missing.csv");

	t = csvload(test_dir(), NULL, &e);
	ok(t == NULL && e.code == ERR_NOINPUT && strstr(e.msg,
	    "is a directory"), "a directory: 66");
	t = csvload(path, NULL, &e);
	ok(t == NULL && e.code == ERR_NOINPUT && strstr(e.msg, "missing.csv"),
	    "a missing file: 66, named");
	diag("%s", e.msg);
	free(path);
	path = tpath("ok.csv");
	write_file(path, "k,v\nb,1\na,2\n", 12);
	t = csvload(path, NULL, &e);
	ok(t && t->nrows == 2 && t->file_size == 12, "a real file");
	table_free(t);
	{
		struct csvload_opts o;

		csvload_opts_init(&o);
		o.id_col = "k";
		t = csvload(path, &o, &e);
		ok(t && table_find_key(t, "a", 1) == 1, "key lookup by --id");
		ok(t && table_find_key(t, "zz", 2) == -1, "unknown key");
		table_free(t);
		o.id_col = "nope";
		t = csvload(path, &o, &e);
		ok(t == NULL && e.code == ERR_USAGE &&
		    strstr(e.msg, "no column named 'nope'"),
		    "unknown --id column: 64");
	}
	free(path);
}

static void
test_ids(void)
{
	struct err e;
	struct table *t;
	struct csvload_opts o;
	char buf[24];
	size_t n;

	csvload_opts_init(&o);
	o.id_col = "id";
	ERROR_CASE("id,v\n1,a\n2,b\n1,c\n", &o, ERR_DATA,
	    "t.csv:4: duplicate id '1' in column 'id' (first at line 2)",
	    "duplicate id");
	ERROR_CASE("id,v\n1,a\n,b\n", &o, ERR_DATA,
	    "t.csv:3: id column 'id' has a missing value", "missing id");
	t = LOADS("v\nx\ny\n", NULL, &e);
	ok(t && strcmp(table_key(t, 1, buf, &n), "2") == 0,
	    "without --id, keys are row numbers");
	ok(t && table_find_key(t, "2", 1) == 1 &&
	    table_find_key(t, "3", 1) == -1 &&
	    table_find_key(t, "01", 2) == -1, "row-number keys");
	table_free(t);
	csvload_opts_init(&o);
	{
		const char *tc[] = { "v", NULL };
		const char *bad[] = { "w", NULL };

		o.text_cols = tc;
		t = LOADS("v\nx\ny\n", &o, &e);
		ok(t && t->col[0].type == COLTYPE_TEXT, "--text forces text");
		table_free(t);
		o.text_cols = bad;
		ERROR_CASE("v\nx\n", &o, ERR_USAGE, "t.csv: no column named "
		    "'w' (--text)", "unknown --text column");
	}
}

/* A file big enough to be cut into parts, with quoted newlines, doubled
 * quotes and (optionally) stray quotes that fool the parity guess. */
static char *
make_big(size_t rows, int stray, size_t *len)
{
	size_t cap = rows * 80 + 64, n = 0, i;
	char *buf = xmalloc(cap);

	n += (size_t)sprintf(buf, "id,num,cat,text\n");
	for (i = 0; i < rows; i++) {
		n += (size_t)sprintf(buf + n, "%zu,%zu.%zu,c%zu,", i,
		    i % 1000, i % 7, i % 13);
		if (stray && i % 50000 == 7)
			n += (size_t)sprintf(buf + n, "5\" tall\n");
		else if (i % 3 == 0)
			n += (size_t)sprintf(buf + n,
			    "\"line one\nline \"\"two\"\", %zu\"\n", i % 101);
		else
			n += (size_t)sprintf(buf + n, "plain %zu\n", i % 997);
	}
	*len = n;
	return buf;
}

/* The same rows, and the same dict ids too. */
static int
tables_equal(const struct table *a, const struct table *b)
{
	size_t c;
	uint64_t r;

	if (!table_same_rows(a, b))
		return 0;
	for (c = 0; c < a->ncols; c++) {
		if (a->col[c].dict.n != b->col[c].dict.n)
			return 0;
		for (r = 0; r < a->nrows; r++)
			if (a->col[c].code[r] != b->col[c].code[r])
				return 0;
	}
	return 1;
}

static void
test_parallel(void)
{
	struct csvload_opts o;
	struct err e;
	struct table *t1, *t2, *t4;
	size_t len;
	int stray;
	char *buf;

	for (stray = 0; stray < 2; stray++) {
		buf = make_big(400000, stray, &len);
		csvload_opts_init(&o);
		o.threads = 1;
		t1 = load(buf, len, &o, &e);
		o.threads = 2;
		t2 = load(buf, len, &o, &e);
		o.threads = 4;
		t4 = load(buf, len, &o, &e);
		ok(t1 && t2 && t4, "%s: loads with 1, 2 and 4 threads",
		    stray ? "stray quotes" : "clean");
		ok(t1 && t2 && tables_equal(t1, t2), "%zu MB: 2 threads = 1",
		    len >> 20);
		ok(t1 && t4 && tables_equal(t1, t4), "4 threads = 1");
		table_free(t1);
		table_free(t2);
		table_free(t4);
		free(buf);
	}
}

/* Both loaded the same (as eq says), or both failed the same way. */
static int
same_outcome(const struct table *a, const struct err *ea,
    const struct table *b, const struct err *eb,
    int (*eq)(const struct table *, const struct table *))
{
	if ((a == NULL) != (b == NULL))
		return 0;
	return a ? eq(a, b) : strcmp(ea->msg, eb->msg) == 0;
}

/* A header line, then random bytes of alphabet up to len in all. */
static int
random_file(char *buf, int len, const char *alphabet, uint64_t *seed)
{
	size_t k = strlen(alphabet);
	int i;

	memcpy(buf, "h1,h2,h3\n", 9);
	for (i = 9; i < len; i++) {
		*seed = *seed * 6364136223846793005ull +
		    1442695040888963407ull;
		buf[i] = alphabet[(*seed >> 33) % k];
	}
	return len;
}

/* Random files, each loaded two ways or more by same(buf, len, round,
 * seed), which adds to *loaded when the first load succeeds and says
 * whether the loads agree. */
struct random_case {
	const char *what;
	int rounds, min, spread;	/* files of min .. min + spread - 1
					 * bytes */
	const char *alphabet;
	uint64_t seed;
	int (*same)(char *buf, int len, int round, uint64_t seed,
	    int *loaded);
};

/* Up to c->rounds files; stops at the first on which the loads differ,
 * and says which. */
static void
random_rounds(const struct random_case *c)
{
	char buf[400];
	uint64_t seed = c->seed;
	int round, len, agree = 1, loaded = 0;

	for (round = 0; round < c->rounds && agree; round++) {
		len = random_file(buf, c->min + (int)(seed %
		    (uint64_t)c->spread), c->alphabet, &seed);
		agree = c->same(buf, len, round, seed, &loaded);
		if (!agree)
			diag("differs on round %d: %.*s", round, len, buf);
	}
	ok(agree, "%s (%d loaded)", c->what, loaded);
}

/* A first part of blank lines alone: the header is still the header. */
static void
test_blank_first_part(void)
{
	struct csvload_opts o;
	struct err e;
	struct table *t;
	size_t blank = 7u << 20, n = blank, i;
	char *buf = xmalloc(blank + (4u << 20));

	memset(buf, '\n', blank);
	n += (size_t)sprintf(buf + n, "name,value\n");
	for (i = 0; i < 200000; i++)
		n += (size_t)sprintf(buf + n, "n%zu,%zu\n", i % 50, i);
	csvload_opts_init(&o);
	o.threads = 2;
	t = load(buf, n, &o, &e);
	ok(t && t->nrows == 200000 && strcmp(t->col[0].name, "name") == 0 &&
	    t->col[1].type == COLTYPE_INT && t->line[0] == blank + 2,
	    "7 MB of blank lines first, 2 threads: the header is no row");
	table_free(t);
	free(buf);
}

/* The fast path splits whole lines itself: on random text made of the
 * characters that matter, it must give what libcsv gives. */
static int
fast_same(char *buf, int len, int round, uint64_t seed, int *loaded)
{
	struct csvload_opts o;
	struct err e1, e2;
	struct table *t1, *t2;
	int same;

	csvload_opts_init(&o);
	o.ragged = CSVLOAD_RAGGED_PAD;
	o.delim = ',';
	o.lax_quotes = round % 2;
	t1 = load(buf, (size_t)len, &o, &e1);
	o.libcsv_only = 1;
	t2 = load(buf, (size_t)len, &o, &e2);
	same = same_outcome(t1, &e1, t2, &e2, tables_equal);
	*loaded += t1 != NULL;
	table_free(t1);
	table_free(t2);
	return same;
}

/* Cut into parts of a few bytes, random files load with 2 and 4 threads
 * as with one: the same table, or the same error. */
static int
parts_same(char *buf, int len, int round, uint64_t seed, int *loaded)
{
	struct csvload_opts o;
	struct err e1, e2, e4;
	struct table *t1, *t2, *t4;
	int same;

	if (round % 7 == 0)	/* the header again, somewhere */
		memcpy(buf + 9 + (seed >> 40) % (size_t)(len - 18),
		    "\nh1,h2,h3\n", 10);
	csvload_opts_init(&o);
	o.ragged = (enum csvload_ragged)(round % 3);
	o.lax_quotes = (round >> 1) & 1;
	o.drop_repeated_header = (round >> 2) & 1;
	o.delim = ',';
	o.threads = 1;
	t1 = load(buf, (size_t)len, &o, &e1);
	o.part_min = 8;
	o.threads = 2;
	t2 = load(buf, (size_t)len, &o, &e2);
	o.threads = 4;
	t4 = load(buf, (size_t)len, &o, &e4);
	same = same_outcome(t1, &e1, t2, &e2, table_same_rows) &&
	    same_outcome(t1, &e1, t4, &e4, table_same_rows);
	*loaded += t1 != NULL;
	table_free(t1);
	table_free(t2);
	table_free(t4);
	return same;
}

static void
test_random_files(void)
{
	static const struct random_case cases[] = {
		{ "fast path = libcsv on 3,000 random files, strict and lax",
		    3000, 10, 300, "a,\"\r\n x;", 12345, fast_same },
		{ "parts of a few bytes, 2 and 4 threads = 1 on 4,000 random "
		    "files", 4000, 20, 200, "ab,\"\r\n;1", 777, parts_same },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++)
		random_rounds(&cases[i]);
}

struct prog {
	int calls;
	atomic_int cancel;
};

static void
on_progress(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	struct prog *p = ctx;

	(void)what;
	(void)done;
	(void)total;
	if (++p->calls >= 2)
		atomic_store(&p->cancel, 1);
}

static void
test_progress(void)
{
	struct csvload_opts o;
	struct prog p = { 0, 0 };
	struct progress pr = { on_progress, &p, &p.cancel };
	struct err e;
	struct table *t;
	size_t len;
	char *buf = make_big(400000, 0, &len);

	csvload_opts_init(&o);
	o.progress = &pr;
	o.threads = 1;
	t = load(buf, len, &o, &e);
	ok(t == NULL && e.code == ERR_CANCEL, "cancel stops loading");
	ok(p.calls >= 2, "progress reported");
	table_free(t);
	free(buf);
}

int
main(void)
{
	log_set_sink(capture, NULL);
	test_simple();
	test_quoting();
	test_sniff();
	test_header();
	test_types();
	test_malformed();
	test_ragged_distinct();
	test_bytes();
	test_files();
	test_ids();
	test_parallel();
	test_blank_first_part();
	test_random_files();
	test_progress();
	return done_testing();
}
