/*
 * t0195-rowindex - the rows of a file read back through the sparse
 * offset index a chunked pass builds: every cell as loading the whole
 * file gives it, from any row, in any order, across records that hold
 * line ends, CR LF line ends, blank lines and a CR that ends a record
 * inside a line; a file changed since the pass is an error, not wrong
 * rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvchunk.h"
#include "core/data/csvload.h"
#include "core/data/rowindex.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

/* A pass over path in chunks of `chunk` bytes that builds the index. */
static struct rowindex *
pass(const char *path, size_t chunk, uint64_t *rows)
{
	struct csvchunk c;
	struct rowindex *ix;
	struct table *t;
	struct err e;

	err_clear(&e);
	if (csvchunk_open(&c, path, NULL, 0, 0, chunk, &e) != 0)
		die("open %s: %s", path, e.msg);
	c.index = ix = rowindex_new(&c);
	while ((t = csvchunk_next(&c, NULL, &e)) != NULL)
		table_free(t);
	if (e.code)
		die("pass: %s", e.msg);
	if (rowindex_finish(ix, c.rows, c.end, &e) != 0)
		die("finish: %s", e.msg);
	*rows = c.rows;
	csvchunk_close(&c);
	return ix;
}

/* 1 when row r of the index has the cells of row r of t. */
static int
same_row(struct rowindex *ix, const struct table *t, uint64_t r)
{
	const struct table *b;
	uint64_t base;
	size_t c, n1, n2;
	const char *s1, *s2;
	struct err e;

	b = rowindex_block(ix, r, &base, &e);
	if (!b) {
		diag("row %llu: %s", (unsigned long long)r, e.msg);
		return 0;
	}
	if (b->ncols != t->ncols)
		return 0;
	for (c = 0; c < t->ncols; c++) {
		s1 = table_cell(t, c, r, &n1);
		s2 = table_cell(b, c, r - base, &n2);
		if (n1 != n2 || memcmp(s1, s2, n1) != 0) {
			diag("row %llu column %zu: '%.*s', want '%.*s'",
			    (unsigned long long)r, c, (int)n2, s2, (int)n1,
			    s1);
			return 0;
		}
	}
	return 1;
}

static void
test_file(const char *what, const char *path, size_t chunk)
{
	struct rowindex *ix;
	struct table *t = load_file(path, NULL);
	struct rng r;
	uint64_t rows, i, k, bad = 0;

	ix = pass(path, chunk, &rows);
	ok(rows == t->nrows && rowindex_rows(ix) == t->nrows,
	    "%s: the pass and the index count %llu rows, the load %llu",
	    what, (unsigned long long)rowindex_rows(ix),
	    (unsigned long long)t->nrows);
	ok(ix->nmark >= t->nrows / ROWINDEX_STEP / 2 + 1 &&
	    ix->nmark <= t->nrows / ROWINDEX_STEP + 2,
	    "%s: about one mark per %d rows (%zu)", what, ROWINDEX_STEP,
	    ix->nmark);
	/* in order, then at random */
	for (i = 0; i < t->nrows && bad < 3; i++)
		bad += !same_row(ix, t, i);
	rng_seed(&r, 3, 0);
	for (k = 0; k < 2000 && bad < 3; k++)
		bad += !same_row(ix, t, rng_below(&r, t->nrows));
	ok(bad == 0, "%s: every row read back is the loaded one", what);
	rowindex_free(ix);
	table_free(t);
}

int
main(void)
{
	char *a = tpath("a.csv"), *b = tpath("b.csv");
	FILE *f;
	int i;
	struct rowindex *ix;
	uint64_t rows, base;
	struct err e;

	/* quoted line ends, doubled quotes, CR LF, blank lines */
	if (!(f = fopen(a, "w")))
		die("%s", a);
	fputs("id,text,n\r\n", f);
	for (i = 1; i <= 20000; i++) {
		if (i % 5 == 0)
			fprintf(f, "%d,\"two\r\nlines, \"\"%d\"\"\",%d\r\n", i,
			    i, i % 13);
		else
			fprintf(f, "%d,plain %d,%d\r\n", i, i * 7, i % 13);
		if (i % 997 == 0)
			fputs("\r\n", f);
	}
	fclose(f);
	test_file("quoted line ends, CR LF", a, 64u << 10);
	test_file("one chunk", a, 16u << 20);

	/* a CR inside an LF line ends a record there (libcsv) */
	if (!(f = fopen(b, "w")))
		die("%s", b);
	fputs("a,b\n0,z\n", f);
	/* rows 2k+2 start after a CR on the line the row 2k+1 ends, past
	 * a line end in quotes: never a mark (the rows at the marks' steps
	 * are such rows) */
	for (i = 1; i <= 3000; i++)
		fprintf(f, "%d,\"q\nx\"\r%d,y\n", i, -i);
	fclose(f);
	test_file("records that start inside a line", b, 64u << 10);

	/* the file changes after the pass */
	ix = pass(a, 64u << 10, &rows);
	if (!(f = fopen(a, "r+")))
		die("%s", a);
	fseek(f, 200000, SEEK_SET);
	fputs("\"", f);
	fclose(f);
	for (i = 0; i < (int)rows; i += ROWINDEX_STEP / 2)
		if (!rowindex_block(ix, (uint64_t)i, &base, &e))
			break;
	ok(i < (int)rows && e.code == ERR_DATA && strstr(e.msg, "changed"),
	    "a changed file: %s", i < (int)rows ? e.msg : "no error");
	rowindex_free(ix);
	free(a);
	free(b);
	return done_testing();
}
