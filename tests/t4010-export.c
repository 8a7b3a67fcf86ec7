/*
 * t4010-export - the cleaned copy: byte-exact round trips, label
 * replacement, dropped rows, added columns, refusals.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/data/csvload.h"
#include "core/review/export.h"
#include "core/data/fingerprint.h"
#include "core/review/journal.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static void
test_quoting(void)
{
	ok(export_needs_quotes("", 0, ',', 1) &&
	    !export_needs_quotes("", 0, ',', 2) &&
	    export_needs_quotes("a;b", 3, ';', 2) &&
	    !export_needs_quotes("a;b", 3, ',', 2) &&
	    export_needs_quotes("a\rb", 3, ',', 2),
	    "quoting only when needed");
}

/* --- export ---------------------------------------------------------- */

struct dec {
	enum journal_type type;
	const char *key;
	const char *label;
};

/*
 * Write input bytes to NAME, load them, journal the decisions, export
 * with opts to NAME.out.  Returns the export's return value; *out gets
 * the output bytes.
 */
static int
run_export(const char *name, const char *in, size_t inlen,
    const struct dec *d, size_t nd, const struct csvload_opts *lo,
    struct export_opts *xo, struct export_stats *st, char **out,
    size_t *outlen, struct err *e)
{
	char *path = tpath(name), *jp = journal_path_for(path);
	char *op = xasprintf("%s.out", path);
	struct csvload_opts def;
	struct table *t;
	struct journal *j;
	struct journal_decision jd;
	size_t i;
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	write_file(path, in, inlen);
	unlink(jp);
	unlink(op);
	if (!lo) {
		csvload_opts_init(&def);
		lo = &def;
	}
	err_clear(e);
	t = csvload(path, lo, e);
	if (!t)
		goto done;
	if (xo->label_col < 0)
		xo->label_col = (int)t->ncols - 1;
	j = test_journal(jp, path, "t", 0, e);
	if (!j)
		goto done_t;
	for (i = 0; i < nd; i++) {
		journal_decision_init(&jd, d[i].type, d[i].key,
		    strlen(d[i].key));
		if (d[i].label) {
			jd.label = d[i].label;
			jd.label_len = strlen(d[i].label);
		}
		if (journal_append(j, &jd, e) != 0)
			BUG("%s", e->msg);
	}
	xo->ragged = lo->ragged;
	rc = export_write(t, j, op, xo, st, e);
	if (rc == 0)
		*out = slurp(op, outlen);
	journal_close(j);
done_t:
	table_free(t);
done:
	FREE_ALL(path, jp, op);
	return rc;
}

static int
identical(const char *name, const char *in, size_t n,
    const struct csvload_opts *lo)
{
	struct export_opts xo;
	struct err e;
	char *out;
	size_t outlen;
	int rc, same;

	export_opts_init(&xo);
	rc = run_export(name, in, n, NULL, 0, lo, &xo, NULL, &out, &outlen,
	    &e);
	if (rc != 0)
		diag("%s: %s", name, e.msg);
	same = rc == 0 && outlen == n && memcmp(out, in, n) == 0;
	free(out);
	return same;
}

#define SAME(name, s, lo) identical((name), (s), sizeof(s) - 1, (lo))

static void
test_identity(void)
{
	struct csvload_opts pad, lax;
	char *p, *buf;
	static const char *const sets[] = { "iris.csv", "cars.csv",
	    "digits.csv", "movies.csv", "fortunes8.csv" };
	static const char *const spectrum[] = { "comma_in_quotes.csv",
	    "escaped_quotes.csv", "json.csv", "newlines.csv",
	    "newlines_crlf.csv", "quotes_and_newlines.csv", "simple.csv",
	    "simple_crlf.csv", "utf8.csv", "empty.csv", "empty_crlf.csv" };
	size_t i, n;

	ok(SAME("crlf.csv", "a,label\r\n1,x\r\n2,y\r\n", NULL),
	    "empty journal: CRLF file unchanged");
	ok(SAME("lf.csv", "a,label\n1,x\n2,y\n", NULL), "LF file unchanged");
	ok(SAME("cr.csv", "a,label\r1,x\r2,y\r", NULL),
	    "lone-CR file unchanged");
	ok(SAME("quoted.csv", "id,text,label\r\n1,\"a, b\",x\r\n"
	    "2,\"say \"\"hi\"\"\",y\r\n3,\"two\nlines\r\nand more\",z\r\n"
	    "4,\"\",\"\"\r\n", NULL),
	    "quoted fields with delimiters, quotes and newlines unchanged");
	ok(SAME("bom.csv", "\xef\xbb\xbf" "a,label\n1,x\n", NULL),
	    "BOM kept");
	ok(SAME("nofinal.csv", "a,label\n1,x\n2,\"y\"", NULL),
	    "no final newline unchanged");
	ok(SAME("badutf8.csv", "a,label\n\xff\xfe,\xc3\x28\n\x80,x\n", NULL),
	    "invalid UTF-8 unchanged");
	ok(SAME("semi.csv", "a;b;label\n1,5;2;x\n3;\"4;5\";y\n", NULL),
	    "semicolon delimiter unchanged");
	ok(SAME("tab.csv", "a\tlabel\n1\tx\n2\t\"y\tz\"\n", NULL),
	    "tab delimiter unchanged");
	ok(SAME("blank.csv", "\n\r\na,label\n\n\n1,x\r\n\r\n\r\n2,y\n\n",
	    NULL), "blank lines before, between and after kept");
	csvload_opts_init(&lax);
	lax.lax_quotes = 1;
	ok(SAME("stray.csv", "a,label\n\"ab\"c\",x\n1,y\n", &lax),
	    "a stray byte after a closing quote (--lax-quotes) unchanged");
	ok(SAME("mixed.csv", "a,label\r\n1,x\n2,y\r3,z\r\n", NULL),
	    "mixed line endings unchanged");
	ok(SAME("ws.csv", "a,label\n 1 , x \n\t2\t,\ty\t\n", NULL),
	    "spaces and tabs around fields unchanged");
	csvload_opts_init(&pad);
	pad.ragged = CSVLOAD_RAGGED_PAD;
	ok(SAME("ragged.csv", "a,b,label\n1\n1,2,3,4\n", &pad),
	    "ragged rows (pad) unchanged");

	for (i = 0; i < sizeof sets / sizeof *sets; i++) {
		p = xasprintf("datasets/%s", sets[i]);
		buf = src_slurp(p, &n);
		ok(identical(sets[i], buf, n, NULL), "empty journal: "
		    "datasets/%s byte for byte", sets[i]);
		free(buf);
		free(p);
	}
	for (i = 0; i < sizeof spectrum / sizeof *spectrum; i++) {
		p = xasprintf("tests/data/csv-spectrum/csvs/%s", spectrum[i]);
		buf = src_slurp(p, &n);
		ok(identical(spectrum[i], buf, n, &pad), "empty journal: "
		    "csv-spectrum %s", spectrum[i]);
		free(buf);
		free(p);
	}
}

/*
 * Compare in and out record by record and field by field (raw bytes):
 * everything equal except the label field of rows in `changed` (row
 * numbers, 0-based, -1 terminated), which must decode to the labels in
 * `want`.  Returns the number of differences found.
 */
static int
field_diff(const char *in, size_t inlen, const char *out, size_t outlen,
    int delim, int header, size_t lc, const int *chg, const char *const *want)
{
	struct csvsyntax_scan A, B;
	struct csvsyntax_rec ra, rb;
	size_t f, k, m;
	int row = header ? -1 : 0, bad = 0, c, i;
	char buf[256];

	csvsyntax_scan_mem(&A, in, inlen, delim, 0);
	csvsyntax_scan_mem(&B, out, outlen, delim, 0);
	while (csvsyntax_scan_next(&A, &ra) > 0) {
		if (csvsyntax_scan_next(&B, &rb) <= 0 ||
		    ra.nfields != rb.nfields) {
			diag("row %d: records differ", row);
			bad++;
			break;
		}
		for (c = -1, i = 0; chg[i] >= 0; i++)
			if (chg[i] == row)
				c = i;
		for (f = 0; f < ra.nfields; f++) {
			if (c >= 0 && f == lc) {
				m = csvsyntax_decode(out + B.fs[f],
				    B.fe[f] - B.fs[f], buf);
				if (m != strlen(want[c]) ||
				    memcmp(buf, want[c], m) != 0) {
					diag("row %d: label '%.*s'", row,
					    (int)m, buf);
					bad++;
				}
				continue;
			}
			k = A.fe[f] - A.fs[f];
			if (k != B.fe[f] - B.fs[f] ||
			    memcmp(in + A.fs[f], out + B.fs[f], k) != 0) {
				diag("row %d field %zu differs", row, f);
				bad++;
			}
		}
		if (ra.eol - ra.end != rb.eol - rb.end ||
		    memcmp(in + ra.end, out + rb.end, ra.eol - ra.end) != 0) {
			diag("row %d: line ending differs", row);
			bad++;
		}
		row++;
	}
	if (csvsyntax_scan_next(&B, &rb) > 0)
		bad++;
	csvsyntax_scan_release(&A);
	csvsyntax_scan_release(&B);
	return bad;
}

static void
test_relabel(void)
{
	char *p, *in, *out;
	size_t inlen, outlen;
	struct export_opts xo;
	struct export_stats st;
	struct err e;
	static const struct dec d[] = {
		{ JOURNAL_ACCEPT, "1", "versicolor" },
		{ JOURNAL_RELABEL, "2", "has, comma" },
		{ JOURNAL_NEW, "3", "say \"hi\"" },
		{ JOURNAL_PICK, "4", "two\nlines" },
		{ JOURNAL_REJECT, "5", "virginica" },
		{ JOURNAL_RELABEL, "6", "" },
		{ JOURNAL_DROP, "7", NULL },
		{ JOURNAL_SKIP, "8", NULL },
		{ JOURNAL_RELABEL, "9", "setosa" },	/* same as given */
		{ JOURNAL_RELABEL, "150", "virginica\r" },
		{ JOURNAL_FLAG, "999", NULL },		/* no such row */
	};
	static const int chg[] = { 0, 1, 2, 3, 5, 149, -1 };
	static const char *const want[] = { "versicolor", "has, comma",
	    "say \"hi\"", "two\nlines", "", "virginica\r" };
	struct table *t;
	struct csvload_opts lo;
	size_t i;

	in = src_slurp("datasets/iris.csv", &inlen);
	export_opts_init(&xo);
	warnings[0] = '\0';
	if (!ok(run_export("iris-d.csv", in, inlen, d, sizeof d / sizeof *d,
	    NULL, &xo, &st, &out, &outlen, &e) == 0, "iris with decisions "
	    "exports"))
		diag("%s", e.msg);
	is_int(st.relabelled, 6, "six label fields changed");
	is_int(st.unknown, 1, "one journal key not in the data");
	ok(strstr(warnings, "'999'") != NULL, "warned about it");
	is_int(st.decided, 9, "nine rows with a verdict");
	is_int(st.rows, 150, "150 rows read");
	is_int(st.written, 150, "150 written (drops kept without the flag)");
	is_int(field_diff(in, inlen, out, outlen, ',', 1, 5, chg, want), 0,
	    "only the label fields of relabelled rows differ, field by "
	    "field");
	/* and the output loads to the same table but those labels */
	csvload_opts_init(&lo);
	p = tpath("iris-d.csv.out");
	t = csvload(p, &lo, &e);
	free(p);
	ok(t && t->nrows == 150, "output loads: 150 rows");
	if (t) {
		size_t n;
		const char *s = table_cell(t, 5, 3, &n);

		ok(n == 9 && memcmp(s, "two\nlines", 9) == 0, "embedded "
		    "newline label reads back");
		s = table_cell(t, 5, 149, &n);
		ok(n == 10 && memcmp(s, "virginica\r", 10) == 0, "a CR in a "
		    "label reads back");
		s = table_cell(t, 5, 8, &n);
		ok(n == 6 && memcmp(s, "setosa", 6) == 0, "unchanged label");
		table_free(t);
	}
	free(out);

	/* --drop-excluded and --add-columns */
	export_opts_init(&xo);
	xo.drop_excluded = 1;
	xo.add[0] = EXPORT_COL_SOURCE;
	xo.add[1] = EXPORT_COL_ORIGINAL;
	xo.nadd = 2;
	if (!ok(run_export("iris-x.csv", in, inlen, d, sizeof d / sizeof *d,
	    NULL, &xo, &st, &out, &outlen, &e) == 0, "drop and add columns"))
		diag("%s", e.msg);
	is_int(st.dropped, 1, "one row dropped");
	is_int(st.written, 149, "149 written");
	p = tpath("iris-x.csv.out");
	t = csvload(p, &lo, &e);
	free(p);
	ok(t && t->nrows == 149 && t->ncols == 8, "output: 149 rows, two "
	    "more columns");
	if (t) {
		static const char *const src_want[] = { "accepted",
		    "relabelled", "relabelled", "picked", "rejected",
		    "relabelled", /* row 7 dropped */ "given", "relabelled",
		    "given" };
		int good = 1;
		size_t n;
		const char *s;

		is(t->col[6].name, "label_source", "header names the source");
		is(t->col[7].name, "original_label", "and the original");
		for (i = 0; i < 9; i++) {
			s = table_cell(t, 6, i, &n);
			if (n != strlen(src_want[i]) ||
			    memcmp(s, src_want[i], n) != 0) {
				diag("row %zu: source '%s'", i, s);
				good = 0;
			}
		}
		ok(good, "label_source per row");
		s = table_cell(t, 0, 6, &n);
		ok(n == 1 && s[0] == '8', "row 7 (id 7) is gone");
		s = table_cell(t, 7, 0, &n);
		ok(n == 6 && memcmp(s, "setosa", 6) == 0, "original label");
		s = table_cell(t, 5, 0, &n);
		ok(n == 10 && memcmp(s, "versicolor", 10) == 0, "new label");
		table_free(t);
	}
	/* every record keeps its own CRLF */
	{
		size_t crlf = 0;

		for (i = 0; i + 1 < outlen; i++)
			crlf += out[i] == '\r' && out[i + 1] == '\n';
		is_int(crlf, 150, "150 CRLF record ends (header + 149)");
	}
	free(out);
	free(in);
}

static void
test_edges(void)
{
	struct export_opts xo;
	struct export_stats st;
	struct err e;
	char *out;
	size_t outlen;
	struct csvload_opts lo;
	static const struct dec d1[] = { { JOURNAL_RELABEL, "1", "z" } };
	static const struct dec d2[] = { { JOURNAL_RELABEL, "2", "Z" } };
	static const struct dec d3[] = { { JOURNAL_RELABEL, "1", "" },
	    { JOURNAL_RELABEL, "2", "q" } };

	/* padded short row: the label field is added */
	csvload_opts_init(&lo);
	lo.ragged = CSVLOAD_RAGGED_PAD;
	export_opts_init(&xo);
	xo.add[0] = EXPORT_COL_SOURCE;
	xo.nadd = 1;
	ok(run_export("pad.csv", "a,b,label\n1,2\n3,4,c\n", 20, d1, 1, &lo,
	    &xo, &st, &out, &outlen, &e) == 0, "padded row relabelled");
	ok(out && outlen == 52 && memcmp(out, "a,b,label,label_source\n"
	    "1,2,z,relabelled\n3,4,c,given\n", 52) == 0, "missing label "
	    "field added, then the column");
	if (out && outlen != 52)
		diag("%.*s", (int)outlen, out);
	free(out);

	/* skipped ragged record copied as it is */
	lo.ragged = CSVLOAD_RAGGED_SKIP;
	export_opts_init(&xo);
	ok(run_export("skip.csv", "a,label\n1,x\n1,2,3\n2,y\n", 22, d2, 1,
	    &lo, &xo, &st, &out, &outlen, &e) == 0, "skipped records");
	ok(out && outlen == 22 && memcmp(out, "a,label\n1,x\n1,2,3\n2,Z\n",
	    22) == 0, "left as they were; rows after them relabelled");
	free(out);

	/* a one-column file: an empty label must be quoted */
	export_opts_init(&xo);
	ok(run_export("one.csv", "label\nx\ny", 9, d3, 2, NULL, &xo, &st,
	    &out, &outlen, &e) == 0, "one column");
	ok(out && outlen == 10 && memcmp(out, "label\n\"\"\nq", 10) == 0,
	    "empty label quoted so the row is not a blank line; no final "
	    "newline stays so");
	free(out);

	/* lone CR with a semicolon */
	export_opts_init(&xo);
	ok(run_export("crsemi.csv", "a;label\r1;\"x\"\r2;y\r", 18, d3, 2,
	    NULL, &xo, &st, &out, &outlen, &e) == 0, "lone CR, semicolon");
	ok(out && outlen == 15 && memcmp(out, "a;label\r1;\r2;q\r", 15) == 0,
	    "quoted field replaced unquoted");
	free(out);

	/* BOM with a header and add-columns */
	export_opts_init(&xo);
	xo.add[0] = EXPORT_COL_ORIGINAL;
	xo.nadd = 1;
	ok(run_export("bomadd.csv", "\xef\xbb\xbf" "a,label\r\n1,\"x,y\"\r\n",
	    21, NULL, 0, NULL, &xo, &st, &out, &outlen, &e) == 0, "BOM, add");
	ok(out && outlen == 42 && memcmp(out, "\xef\xbb\xbf" "a,label,"
	    "original_label\r\n1,\"x,y\",\"x,y\"\r\n", 42) == 0,
	    "BOM kept, original quoted as needed, CRLF kept");
	free(out);
}

/*
 * 1 when exporting to out, in a directory without write permission, is
 * refused with ERR_CANTCREAT, 0 when not.  Permissions do not bind root:
 * as root the export runs in a child that has become nobody (uid and gid
 * 65534), with the test's directory opened to it for reading; -1 when
 * root cannot become nobody.
 */
static int
unwritable_refused(const struct table *t, struct journal *j,
    const char *out, const struct export_opts *xo)
{
	struct err e;
	pid_t pid;
	int st, refused;

	if (geteuid() != 0)
		return export_write(t, j, out, xo, NULL, &e) < 0 &&
		    e.code == ERR_CANTCREAT;
	if (chmod(test_dir(), 0755) != 0)
		die("chmod %s", test_dir());
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(2);
		refused = export_write(t, j, out, xo, NULL, &e) < 0 &&
		    e.code == ERR_CANTCREAT && strstr(e.msg, "cannot create");
		if (!refused)
			diag("as nobody: %s", e.msg);
		_exit(refused ? 0 : 1);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return 0;
	return WEXITSTATUS(st) == 2 ? -1 : WEXITSTATUS(st) == 0;
}

static void
test_refusals(void)
{
	char *path = tpath("ref.csv"), *jp = journal_path_for(path);
	char *op = tpath("ref.out.csv"), *link_ = tpath("ref.link.csv"), *b;
	struct csvload_opts lo;
	struct table *t;
	struct journal *j;
	struct journal_decision jd;
	struct export_opts xo;
	struct err e;
	size_t n;
	static const char data[] = "id,label\n1,a\n2,b\n";

	write_file(path, data, sizeof data - 1);
	csvload_opts_init(&lo);
	t = csvload(path, &lo, &e);
	j = test_journal(jp, path, NULL, 0, &e);
	journal_decision_init(&jd, JOURNAL_RELABEL, "1", 1);
	jd.label = "c";
	jd.label_len = 1;
	journal_append(j, &jd, &e);
	export_opts_init(&xo);
	xo.label_col = 1;

	ok(export_write(t, j, path, &xo, NULL, &e) < 0 &&
	    e.code == ERR_CANTCREAT && strstr(e.msg, "input"),
	    "the input as output: refused");
	xo.force = 1;
	ok(export_write(t, j, path, &xo, NULL, &e) < 0 &&
	    e.code == ERR_CANTCREAT, "even with force");
	symlink(path, link_);
	ok(export_write(t, j, link_, &xo, NULL, &e) < 0 &&
	    e.code == ERR_CANTCREAT, "a symlink to the input: refused");
	b = slurp(path, &n);
	ok(n == sizeof data - 1 && memcmp(b, data, n) == 0, "input intact");
	free(b);
	xo.force = 0;
	write_file(op, "keep", 4);
	ok(export_write(t, j, op, &xo, NULL, &e) < 0 &&
	    e.code == ERR_CANTCREAT && strstr(e.msg, "--force"),
	    "existing output: refused without force");
	b = slurp(op, &n);
	ok(n == 4 && memcmp(b, "keep", 4) == 0, "and left alone");
	free(b);
	xo.force = 1;
	ok(export_write(t, j, op, &xo, NULL, &e) == 0, "replaced with force");
	b = slurp(op, &n);
	ok(n == 17 && memcmp(b, "id,label\n1,c\n2,b\n", 17) == 0,
	    "with the export");
	free(b);
	ok(export_write(t, j, "/nonexistent-dir/x/out.csv", &xo, NULL,
	    &e) < 0 && e.code == ERR_CANTCREAT, "missing directory: 73");
	{
		char *under = xasprintf("%s/sub.csv", op);

		ok(export_write(t, j, under, &xo, NULL, &e) < 0 &&
		    e.code == ERR_CANTCREAT, "a file as directory: 73");
		free(under);
	}
	{
		char *ro = tpath("ro"), *o2 = tpath("ro/out.csv");
		int r;

		if (mkdir(ro, 0555) != 0)
			die("mkdir %s", ro);
		r = unwritable_refused(t, j, o2, &xo);
		if (r < 0)
			skip(1, "root cannot become nobody here");
		else
			ok(r, "unwritable directory: 73");
		chmod(ro, 0755);
		free(ro);
		free(o2);
	}
	{
		/* no temporary files left behind */
		char *cmd = xasprintf("ls -a '%s' | grep -c '\\.tmp-' "
		    ">/dev/null", test_dir());

		ok(system(cmd) != 0, "no temporary files left");
		free(cmd);
	}
	/* the file changed after loading */
	write_file(path, "id,label\n1,q\n2,b\n", 17);
	ok(export_write(t, j, op, &xo, NULL, &e) < 0 && e.code == ERR_DATA &&
	    strstr(e.msg, "changed"), "label field changed since loading");
	diag("%s", e.msg);
	write_file(path, "id,label\n\n1,a2,b\n", 17);
	ok(export_write(t, j, op, &xo, NULL, &e) < 0 && e.code == ERR_DATA,
	    "records moved since loading");
	write_file(path, "id,label\n1,a\n2,b\nx", 18);
	ok(export_write(t, j, op, &xo, NULL, &e) < 0 && e.code == ERR_DATA,
	    "size changed since loading");
	xo.label_col = 7;
	ok(export_write(t, j, op, &xo, NULL, &e) < 0 && e.code == ERR_USAGE,
	    "no such label column");
	journal_close(j);
	table_free(t);
	FREE_ALL(path, jp, op, link_);
}

int
main(void)
{
	log_set_sink(capture, NULL);
	test_quoting();
	test_identity();
	test_relabel();
	test_edges();
	test_refusals();
	return done_testing();
}
