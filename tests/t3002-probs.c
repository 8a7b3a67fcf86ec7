/*
 * t3002-probs - probability files (Mode A): good files in their usual
 * shapes, and every kind of bad one, each with its message and status.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data/csvload.h"
#include "core/data/labels.h"
#include "core/util/log.h"
#include "core/pico/probs.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

/* The table the probabilities belong to: four rows, classes in order of
 * first sight cat, dog, bird; keys are row numbers 1..4. */
static const char data_csv[] =
    "text,label\n"
    "x,cat\n"
    "y,dog\n"
    "z,cat\n"
    "w,bird\n";

/* The same with an id column. */
static const char data_id_csv[] =
    "id,label\n"
    "r1,a\n"
    "r2,b\n"
    "r3,a\n";

struct fixture {
	struct table *t;
	struct labels L;
};

static int
fixture(struct fixture *F, const char *csv, const char *id)
{
	struct csvload_opts o;
	struct err e;

	csvload_opts_init(&o);
	o.id_col = id;
	F->t = csvload_mem("data.csv", csv, strlen(csv), &o, &e);
	if (!F->t)
		return -1;
	return labels_init(&F->L, F->t, table_col_index(F->t, "label"),
	    LABELS_FIRST_SEEN, &e);
}

static void
fixture_free(struct fixture *F)
{
	labels_release(&F->L);
	table_free(F->t);
}

static int
read_str(struct fixture *F, const char *s, struct probs *P, struct err *e)
{
	err_clear(e);
	return probs_read_mem(P, "p.csv", s, strlen(s), F->t, &F->L, e);
}

/* One bad file: fails with code and exactly msg. */
static void
bad(struct fixture *F, const char *s, int code, const char *msg,
    const char *name)
{
	struct probs P;
	struct err e;
	int rc = read_str(F, s, &P, &e);

	ok(rc == -1 && P.p == NULL, "%s: fails", name);
	if (!ok(e.code == code, "%s: status %d", name, code))
		diag("status %d", e.code);
	is(e.msg, msg, name);
}

static int
row_is(const struct probs *P, uint64_t r, double a, double b, double c)
{
	const double *p = P->p + r * P->k;

	return p[0] == a && p[1] == b && p[2] == c;
}

static void
test_good(void)
{
	struct fixture F;
	struct probs P;
	struct err e;

	if (fixture(&F, data_csv, NULL) != 0) {
		ok(0, "fixture");
		return;
	}
	/* classes in another order than the labels, rows shuffled */
	if (!ok(read_str(&F, "row,dog,cat,bird\n"
	    "2,0.8,0.1,0.1\n"
	    "1,0.1,0.7,0.2\n"
	    "4,0,0,1\n"
	    "3,0.25,0.5,0.25\n", &P, &e) == 0, "good file reads"))
		diag("%s", e.msg);
	ok(P.n == 4 && P.k == 3, "4 x 3");
	ok(row_is(&P, 0, 0.7, 0.1, 0.2), "row 1 in cat, dog, bird order");
	ok(row_is(&P, 1, 0.1, 0.8, 0.1), "row 2");
	ok(row_is(&P, 2, 0.5, 0.25, 0.25), "row 3");
	ok(row_is(&P, 3, 0, 0, 1), "row 4");
	is(P.path, "p.csv", "path kept");
	probs_release(&P);
	probs_release(&P);

	/* BOM, CRLF, quoted names, 17 digits, no final newline, spaces */
	if (!ok(read_str(&F, "\xef\xbb\xbf\"key\",\"cat\",dog,bird\r\n"
	    "1,0.30000000000000004,0.19999999999999998,0.5\r\n"
	    "2, 0.5 ,0.5,0\r\n"
	    "\r\n"
	    "3,1.0000005,0,0\r\n"
	    "4,0.0001,0.0002,0.9997", &P, &e) == 0,
	    "BOM, CRLF, quotes, blank line, no final newline"))
		diag("%s", e.msg);
	ok(P.p && P.p[0] == 0.1 + 0.2 && P.p[1] == 0.19999999999999998,
	    "17-digit values read exactly");
	ok(P.p && P.p[3] == 0.5, "spaces around a number");
	ok(P.p && P.p[6] == 1.0000005, "1 + 5e-7 accepted as it is");
	probs_release(&P);

	/* semicolons, a sum just inside the tolerance */
	ok(read_str(&F, "row;cat;dog;bird\n1;0.5;0.2;0.2995\n2;0;1;0\n"
	    "3;1;0;0\n4;0;0;1\n", &P, &e) == 0, "semicolons; sum 0.9995 "
	    "accepted");
	probs_release(&P);

	/* lone CR line ends */
	ok(read_str(&F, "row,cat,dog,bird\r1,1,0,0\r2,0,1,0\r3,1,0,0\r"
	    "4,0,0,1\r", &P, &e) == 0 && row_is(&P, 3, 0, 0, 1),
	    "lone CR line ends");
	probs_release(&P);
	fixture_free(&F);

	if (fixture(&F, data_id_csv, "id") != 0) {
		ok(0, "id fixture");
		return;
	}
	/* the key column found by the table's id name, not first */
	if (!ok(read_str(&F, "a,id,b\n0.5,r1,0.5\n0.25,r3,0.75\n1,r2,0\n",
	    &P, &e) == 0, "key column named like --id, anywhere"))
		diag("%s", e.msg);
	ok(P.p && P.p[2] == 1 && P.p[4] == 0.25, "rows by id");
	probs_release(&P);
	/* otherwise the first column */
	if (!ok(read_str(&F, "key,b,a\nr2,0,1\nr1,0.5,0.5\nr3,0.75,0.25\n",
	    &P, &e) == 0, "first column as the key"))
		diag("%s", e.msg);
	ok(P.p && P.p[0] == 0.5 && P.p[2] == 1 && P.p[5] == 0.75,
	    "first-column keys");
	probs_release(&P);
	bad(&F, "a,b,key\nr1,0.5,0.5\n", ERR_DATA,
	    "p.csv:1:5: column 'key' is not a class of the label column "
	    "'label'", "without the --id name the first column is the key");
	fixture_free(&F);
}

/* Bad files, each refused with status 65 (ERR_DATA) and exactly msg. */
static const struct bad_case {
	const char *in;		/* the file */
	const char *msg;	/* its message, exactly */
	const char *name;
} bad_cases[] = {
	{ "row,cat,dog,bird,fish\n",
	    "p.csv:1:18: column 'fish' is not a class of the label column "
	    "'label'",
	    "unknown class column" },
	{ "row,cat,dog,cat,bird\n",
	    "p.csv:1:13: class 'cat' has a second column",
	    "class twice" },
	{ "row,cat,dog\n1,1,0\n",
	    "p.csv:1: no column for class 'bird'",
	    "missing class" },
	{ "row,dog\n1,1\n",
	    "p.csv:1: no column for 2 classes (the first: 'cat')",
	    "two missing classes" },
	{ "cat,dog,bird\n0.5,0.5,0\n",
	    "p.csv:1: no column for class 'cat'; the first column is the row "
	    "key",
	    "no key column: a hint" },
	{ "row,cat,dog,bird\n5,1,0,0\n",
	    "p.csv:2:1: row key '5' is not a row of data.csv",
	    "unknown row key" },
	{ "row,cat,dog,bird\n01,1,0,0\n",
	    "p.csv:2:1: row key '01' is not a row of data.csv",
	    "row numbers are exact" },
	{ "row,cat,dog,bird\n1,1,0,0\n2,1,0,0\n1,1,0,0\n",
	    "p.csv:4:1: row key '1' appears twice (first at line 2)",
	    "duplicate key" },
	{ "row,cat,dog,bird\n1,1,0,0\n4,1,0,0\n",
	    "p.csv: 2 rows of data.csv have no probabilities (the first: row "
	    "key '2')",
	    "missing rows" },
	{ "row,cat,dog,bird\n1,1,0,0\n2,1,0,0\n3,1,0,0\n",
	    "p.csv: 1 row of data.csv has no probabilities (the first: row "
	    "key '4')",
	    "one missing row" },
	{ "row,cat,dog,bird\n",
	    "p.csv: 4 rows of data.csv have no probabilities (the first: row "
	    "key '1')",
	    "header only" },
	{ "row,cat,dog,bird\n1,abc,0,0\n",
	    "p.csv:2:3: 'abc' is not a number (column 'cat')",
	    "not a number" },
	{ "row,cat,dog,bird\n1,0.5,0.5e,0\n",
	    "p.csv:2:7: '0.5e' is not a number (column 'dog')",
	    "half an exponent" },
	{ "row,cat,dog,bird\n1,,0.5,0.5\n",
	    "p.csv:2:3: missing value in column 'cat'",
	    "empty value" },
	{ "row,cat,dog,bird\n1,0.5,NaN,0.5\n",
	    "p.csv:2:7: NaN in column 'dog'",
	    "NaN" },
	{ "row,cat,dog,bird\n1,0,-inf,1\n",
	    "p.csv:2:5: infinite value in column 'dog'",
	    "infinity" },
	{ "row,cat,dog,bird\n1,0,1e999,1\n",
	    "p.csv:2:5: infinite value in column 'dog'",
	    "overflow to infinity" },
	{ "row,cat,dog,bird\n1,-0.1,0.6,0.5\n",
	    "p.csv:2:3: negative probability -0.1 in column 'cat'",
	    "negative" },
	{ "row,cat,dog,bird\n1,0,0,1.5\n",
	    "p.csv:2:7: probability 1.5 in column 'bird' is above 1",
	    "above 1" },
	{ "row,cat,dog,bird\n1,1.000002,0,0\n",
	    "p.csv:2:3: probability 1.000002 in column 'cat' is above 1",
	    "above 1 + 1e-6" },
	{ "row,cat,dog,bird\n1,0.5,0.2,0.2\n",
	    "p.csv:2: the probabilities of row '1' sum to 0.9, not 1 (within "
	    "0.001)",
	    "row sum 0.9" },
	{ "row,cat,dog,bird\n1,1,0,0\n2,0.6,0.6,0\n",
	    "p.csv:3: the probabilities of row '2' sum to 1.2, not 1 (within "
	    "0.001)",
	    "row sum 1.2" },
	{ "row,cat,dog,bird\n1,0.5,0.5\n",
	    "p.csv:2:10: row has 3 fields, the header has 4",
	    "short row" },
	{ "row,cat,dog,bird\n1,0.5,0.5,0,0\n",
	    "p.csv:2:13: row has 5 fields, the header has 4",
	    "long row" },
	{ "row,cat,dog,bird\n1,\"0.5,0.5,0\n",
	    "p.csv:2:3: unterminated quoted field (the quote opened here is "
	    "never closed)",
	    "unterminated quote" },
	{ "row,cat,dog,bird\n\"1\",\"0.5\",\"0.5\nx\",0\n",
	    "p.csv:2:11: '0.5\\x0ax' is not a number (column 'dog')",
	    "a field across lines: escaped, located on its first line" },
	{ "row,cat,dog,bird\r\n\r\n1,1,0,0\r\n\r\n\r\n1,1,0,0\r\n",
	    "p.csv:6:1: row key '1' appears twice (first at line 3)",
	    "blank lines counted" },
	{ "row,cat,dog,bird\n\x1b[31m,1,0,0\n",
	    "p.csv:2:1: row key '\\x1b[31m' is not a row of data.csv",
	    "control bytes escaped" },
	{ "",
	    "p.csv: empty file",
	    "empty file" },
	{ "\xef\xbb\xbf\n\n",
	    "p.csv: empty file",
	    "BOM and blank lines only" },
};

static void
test_bad(void)
{
	struct fixture F;
	size_t i;

	if (fixture(&F, data_csv, NULL) != 0) {
		ok(0, "fixture");
		return;
	}
	for (i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++)
		bad(&F, bad_cases[i].in, ERR_DATA, bad_cases[i].msg,
		    bad_cases[i].name);
	fixture_free(&F);
}

static void
test_files(void)
{
	static const char atext[] = "row,cat,dog,bird\n1,1,0,0\n2,0,1,0\n"
	    "3,1,0,0\n4,0,0,1\n";
	static const char btext[] = "row,cat,dog,bird\n1,0.5,0.5,0\n"
	    "2,0,1,0\n3,1,0,0\n";
	struct fixture F;
	struct probs P, *all;
	struct err e;
	char *a = tpath("a.csv"), *b = tpath("b.csv"), *c =
	    tpath("missing.csv");
	const char *dir = test_dir(), *paths[2];

	if (fixture(&F, data_csv, NULL) != 0)
		die("the probabilities' table does not load");
	write_file(a, atext, sizeof atext - 1);
	write_file(b, btext, sizeof btext - 1);

	ok(probs_read(&P, a, F.t, &F.L, &e) == 0 && P.p[11] == 1,
	    "a file reads");
	probs_release(&P);
	ok(probs_read(&P, c, F.t, &F.L, &e) == -1 && e.code == ERR_NOINPUT &&
	    strstr(e.msg, "missing.csv: No such file"), "a missing file: 66");
	ok(probs_read(&P, dir, F.t, &F.L, &e) == -1 && e.code == ERR_NOINPUT &&
	    strstr(e.msg, "is a directory"), "a directory: 66");
	paths[0] = a;
	paths[1] = a;
	all = probs_read_all(paths, 2, F.t, &F.L, &e);
	ok(all && all[0].p && all[1].p && all[1].p[0] == 1 &&
	    all[0].p != all[1].p, "two files, two matrices");
	probs_free_all(all, 2);
	paths[1] = b;
	all = probs_read_all(paths, 2, F.t, &F.L, &e);
	ok(all == NULL && e.code == ERR_DATA, "second file bad: NULL");
	ok(strstr(e.msg, "b.csv: 1 row of data.csv has no probabilities") !=
	    NULL, "the error names the second file");
	all = probs_read_all(paths, 0, F.t, &F.L, &e);
	ok(all != NULL, "no files: an empty array");
	probs_free_all(all, 0);
	probs_free_all(NULL, 3);
	probs_release(NULL);
	ok(probs_read(&P, a, F.t, &F.L, &e) == 0 && P.p && P.path,
	    "read once more");
	probs_release(&P);
	ok(P.p == NULL && P.path == NULL, "probs_release leaves it empty");
	probs_release(&P);
	ok(P.p == NULL && P.path == NULL, "and a second release is harmless");
	FREE_ALL(a, b, c);
	fixture_free(&F);
}

/* A big file in memory: read time as a diagnostic. */
static void
test_big(void)
{
	size_t rows = 200000, k = 10, i, j, n = 0, cap;
	char *csv, *data;
	struct fixture F;
	struct probs P;
	struct err e;
	double t0, t1;

	cap = rows * 16 + 64;
	data = xmalloc(cap);
	n = (size_t)sprintf(data, "label\n");
	for (i = 0; i < rows; i++)
		n += (size_t)sprintf(data + n, "c%zu\n", i % k);
	if (fixture(&F, data, NULL) != 0) {
		ok(0, "big fixture");
		free(data);
		return;
	}
	free(data);
	cap = rows * (k * 24 + 16) + 256;
	csv = xmalloc(cap);
	n = (size_t)sprintf(csv, "row");
	for (j = 0; j < k; j++)
		n += (size_t)sprintf(csv + n, ",c%zu", j);
	csv[n++] = '\n';
	for (i = 0; i < rows; i++) {
		n += (size_t)sprintf(csv + n, "%zu", i + 1);
		for (j = 0; j < k; j++)
			n += (size_t)sprintf(csv + n, ",%.17g", j == i % k ?
			    0.55 : 0.05);
		csv[n++] = '\n';
	}
	t0 = time_mono();
	ok(probs_read_mem(&P, "big.csv", csv, n, F.t, &F.L, &e) == 0,
	    "200,000 x 10 reads");
	t1 = time_mono();
	ok(P.p && P.p[(rows - 1) * k + (rows - 1) % k] == 0.55,
	    "last row right");
	diag("200000 x 10 (%zu MB): %.0f ms", n >> 20, (t1 - t0) * 1e3);
	probs_release(&P);
	free(csv);
	fixture_free(&F);
}

int
main(void)
{
	log_set_sink(NULL, NULL);
	test_good();
	test_bad();
	test_files();
	test_big();
	return done_testing();
}
