/*
 * t1010-hist - histogram bins: Freedman-Diaconis counts on known data,
 * one bin per small integer, whole-number widths for wider integer
 * ranges (flat columns stay flat, here and in the sparkline), round
 * edges for tables, log scale, calendar bins, categorical bars,
 * per-class breakdown and drill-down.
 *
 * Expected bin counts were computed with Python 3 on the same files:
 * n_bins = ceil((max - min) / (2 * IQR * n ** (-1/3))) with the IQR from
 * statistics.quantiles(values, n=4, method='inclusive'), edges
 * min + i * width and each value in the last bin whose edge is <= it
 * (bisect.bisect_right; the last bin closed), as numpy.histogram does;
 * values per class and year with collections.Counter.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/stats/hist.h"
#include "core/data/labels.h"
#include "tests/tap.h"
#include "tests/util.h"

/* Every row is in exactly one bin, and drill-down agrees with counts. */
static void
check_consistent(const struct hist *h, const struct table *t,
    const struct rowset *rs, const char *what)
{
	uint64_t sum = 0, nr = rs ? rs->n : t->nrows, r;
	struct rowset out;
	uint32_t b, i;
	int good = 1;
	char msg[200];

	rowset_init(&out);
	for (b = 0; b < h->nbins; b++) {
		sum += h->bin[b].count;
		hist_rows(h, t, rs, b, &out);
		if (out.n != h->bin[b].count)
			good = 0;
		for (i = 0; i < out.n; i++)
			if (hist_bin_of_id(h, t->col[h->col].code[out.row[i]])
			    != b)
				good = 0;
	}
	snprintf(msg, sizeof msg, "%s: bins sum to the rows", what);
	is_int(sum, nr, msg);
	snprintf(msg, sizeof msg, "%s: drill-down matches every bin", what);
	ok(good, msg);
	/* range bins really hold their values */
	good = 1;
	for (r = 0; r < nr; r++) {
		uint32_t row = rs ? rs->row[r] : (uint32_t)r;
		uint32_t id = t->col[h->col].code[row];
		double v;

		b = hist_bin_of_id(h, id);
		if (b == HIST_NOBIN) {
			good = 0;
			continue;
		}
		if (h->bin[b].kind != HIST_BIN_RANGE)
			continue;
		v = t->col[h->col].vnum[id];
		if (v < h->bin[b].lo || v > h->bin[b].hi ||
		    (v == h->bin[b].hi && b + 1 < h->nvalue))
			good = 0;
		if (hist_bin_of_num(h, v) != b)
			good = 0;
	}
	snprintf(msg, sizeof msg, "%s: values inside their bins", what);
	ok(good, msg);
	rowset_release(&out);
}

/* The table of the CSV text csv, and h built on its first column with
 * o (NULL: the defaults). */
static struct table *
build_str(struct hist *h, const char *csv, const struct hist_opts *o)
{
	struct table *t = load_str(csv);

	hist_build(h, t, 0, NULL, o);
	return t;
}

/* The last checks of h, built on t: consistent, then h and t freed. */
static void
check_last(struct hist *h, struct table *t, const char *what)
{
	check_consistent(h, t, NULL, what);
	hist_release(h);
	table_free(t);
}

/* The bins hold the rows computed in Python (want, n bins), and agree
 * with the table as check_consistent says. */
static void
check_counts(const struct hist *h, const struct table *t,
    const uint64_t *want, uint32_t n, const char *what)
{
	char msg[200];
	uint32_t i;
	int same = 1;

	for (i = 0; i < n; i++)
		same &= h->bin[i].count == want[i];
	snprintf(msg, sizeof msg, "%s: rows per bin as computed in Python",
	    what);
	ok(same, msg);
	check_consistent(h, t, NULL, what);
}

static void
test_fd(void)
{
	struct table *t = load_src("datasets/iris.csv", NULL);
	struct table *u = load_src("datasets/cars.csv", NULL);
	struct hist h;
	static const uint64_t sepal[8] = { 11, 30, 24, 24, 31, 17, 7, 6 };
	static const uint64_t weight[9] = { 46, 89, 61, 56, 48, 38, 36, 26,
	    6 };

	/* iris sepal length: IQR 1.3, n 150: 3.6 / 0.4893 = 7.36 -> 8 */
	hist_build(&h, t, col_of(t, "sepal length (cm)"), NULL, NULL);
	is_int(h.kind, HIST_RANGE, "sepal length: range bins");
	is_int(h.nvalue, 8, "sepal length: 8 Freedman-Diaconis bins");
	is_int(h.nbins, 8, "no missing bar");
	is_num(h.bin[0].lo, 4.3, 0, "first bin starts at the min");
	is_num(h.bin[7].hi, 7.9, 0, "last bin ends at the max");
	is_num(h.bin[1].lo, 4.3 + 3.6 / 8, 1e-12, "equal widths");
	check_counts(&h, t, sepal, 8, "sepal length");
	hist_release(&h);

	/* cars weight (int, 1613 .. 5140: 3528 integers > 60): IQR
	 * 1391.75, n 406 -> 10 bins asked; 3528 = 9 * 392, so 9 bins of
	 * 392 integers each, edges 1613 + 392 i */
	hist_build(&h, u, col_of(u, "Weight_in_lbs"), NULL, NULL);
	is_int(h.kind, HIST_RANGE, "weight: range bins despite integers");
	is_int(h.nvalue, 9, "weight: 9 bins of 392 integers");
	is_num(h.bin[1].lo, 1613 + 392, 0, "weight: an integer edge");
	is_num(h.bin[8].hi, 5140, 0, "weight: last bin ends at the max");
	check_counts(&h, u, weight, 9, "weight");
	hist_release(&h);

	/* a column with missing cells gets a missing bar */
	hist_build(&h, u, col_of(u, "Miles_per_Gallon"), NULL, NULL);
	ok(h.missing != HIST_NOBIN, "mpg: a missing bar");
	is_int(h.bin[h.missing].count, 8, "mpg: 8 missing");
	is_int(h.bin[h.missing].kind, HIST_BIN_MISSING, "mpg: its kind");
	is_int(hist_bin_of_num(&h, NAN), h.missing, "NAN goes there too");
	is_int(hist_bin_of_num(&h, 1000), HIST_NOBIN, "beyond the max");
	is_int(hist_bin_of_num(&h, 8.99), HIST_NOBIN, "below the min");
	check_consistent(&h, u, NULL, "mpg");
	hist_release(&h);
	table_free(t);
	table_free(u);
}

static void
test_clamp(void)
{
	struct table *t;
	struct hist h;
	char *csv = malloc(200000), *p = csv;
	int i;

	/* 3 values, IQR 0 after all: Sturges, clamped up to 5 */
	t = build_str(&h, "x\n1.5\n1.5\n1.5\n1.5\n9.25\n", NULL);
	is_int(h.nvalue, 5, "IQR 0: Sturges clamped to 5 bins");
	is_int(h.bin[0].count, 4, "the four equal values");
	is_int(h.bin[4].count, 1, "the outlier in the last bin");
	hist_release(&h);
	table_free(t);

	/* a heavy tail: FD asks for far more than 60 bins */
	p += sprintf(p, "x\n");
	for (i = 0; i < 10000; i++)
		p += sprintf(p, "%d.5\n", i % 100);
	p += sprintf(p, "1000000.5\n");
	t = build_str(&h, csv, NULL);
	is_int(h.nvalue, HIST_MAX_BINS, "clamped to 60 bins");
	check_last(&h, t, "heavy tail");

	/* magnitudes beyond int64 and spans beyond double: no overflow */
	t = build_str(&h, "x,y\n1000000000000000000000000000000,-1e308\n"
	    "1000000000000000000000000000000,1e308\n"
	    "1000000000000000000000000000000,0\n", NULL);
	ok(h.nvalue == 1 && h.bin[0].count == 3, "huge integers: one bin");
	hist_release(&h);
	hist_build(&h, t, 1, NULL, NULL);
	ok(h.kind == HIST_RANGE && h.total == 3, "a span of 2e308: binned");
	check_last(&h, t, "huge span");

	/* a constant float column: one bin */
	t = build_str(&h, "x\n2.5\n2.5\n", NULL);
	is_int(h.nvalue, 1, "constant: one bin");
	is_int(h.bin[0].count, 2, "constant: both rows");
	check_last(&h, t, "constant");
	free(csv);
}

static void
test_int_bins(void)
{
	struct table *t = load_src("datasets/cars.csv", NULL);
	struct table *u;
	struct hist h;

	/* cylinders 3..8: 3:4, 4:207, 5:3, 6:84, 8:108 (and no 7) */
	hist_build(&h, t, col_of(t, "Cylinders"), NULL, NULL);
	is_int(h.kind, HIST_INT, "cylinders: one bin per value");
	is_int(h.nvalue, 6, "3 to 8: six bins");
	is_num(h.bin[0].lo, 3, 0, "first bin is 3");
	ok(h.bin[0].count == 4 && h.bin[1].count == 207 &&
	    h.bin[2].count == 3 && h.bin[3].count == 84 &&
	    h.bin[4].count == 0 && h.bin[5].count == 108,
	    "cylinders: 4 207 3 84 0 108");
	check_consistent(&h, t, NULL, "cylinders");
	hist_release(&h);

	/* 60 values in range: still one bin each; 61: binned */
	u = build_str(&h, "a,b\n1,1\n60,61\n", NULL);
	is_int(h.kind, HIST_INT, "range of 60: per value");
	is_int(h.nvalue, 60, "60 bins");
	hist_release(&h);
	hist_build(&h, u, 1, NULL, NULL);
	is_int(h.kind, HIST_RANGE, "range of 61: range bins");
	hist_release(&h);
	table_free(u);

	/* booleans: two bins */
	u = build_str(&h, "b,n\ntrue,1\nfalse,2\ntrue,3\n,4\n", NULL);
	is_int(h.kind, HIST_INT, "bool: per value");
	ok(h.nvalue == 2 && h.bin[0].count == 1 && h.bin[1].count == 2,
	    "bool: 1 false, 2 true");
	ok(h.missing != HIST_NOBIN && h.bin[h.missing].count == 1,
	    "bool: the empty cell");
	hist_release(&h);
	table_free(u);
	table_free(t);
}

/* A flat run of integers, each value `per` times. */
static struct table *
flat_ints(int lo, int hi, int per)
{
	size_t cap = (size_t)(hi - lo + 1) * (size_t)per * 12 + 16;
	char *csv = xmalloc(cap), *p = csv;
	struct table *t;
	int v, k;

	p += sprintf(p, "x\n");
	for (k = 0; k < per; k++)
		for (v = lo; v <= hi; v++)
			p += sprintf(p, "%d\n", v);
	t = load_str(csv);
	free(csv);
	return t;
}

/* Integer columns wider than 60 values: whole-number bin widths. */
static void
test_int_ranges(void)
{
	static const int runs[][3] = {
		{ 0, 99, 10 }, { 1, 3154, 1 }, { 1, 1000, 3 }, { -50, 49, 7 },
		{ 0, 100, 2 }, { 7, 5006, 1 }
	};
	struct table *t;
	struct hist h;
	double w;
	uint32_t i, nb;
	size_t r;
	int ints, flat;
	char msg[120];

	/* the report's column: 0 .. 100 in 6 bins made [0, 16.67) */
	t = flat_ints(0, 100, 2);
	hist_build(&h, t, 0, NULL, NULL);
	ok(h.kind == HIST_RANGE && h.nvalue > 1, "0..100: range bins");
	for (ints = 1, i = 0; i < h.nvalue; i++)
		ints &= h.bin[i].lo == floor(h.bin[i].lo) &&
		    h.bin[i].hi == floor(h.bin[i].hi);
	ok(ints, "0..100: every edge an integer");
	check_last(&h, t, "0..100");

	for (r = 0; r < sizeof runs / sizeof *runs; r++) {
		t = flat_ints(runs[r][0], runs[r][1], runs[r][2]);
		hist_build(&h, t, 0, NULL, NULL);
		w = h.nvalue > 1 ? h.bin[1].lo - h.bin[0].lo : 0;
		ints = w >= 1 && w == floor(w);
		flat = 1;
		for (i = 0; i < h.nvalue; i++) {
			ints &= h.bin[i].lo == floor(h.bin[i].lo);
			if (i + 1 < h.nvalue)
				ints &= h.bin[i].hi - h.bin[i].lo == w;
			/* a flat column: every bin with all its integers
			 * holds the same rows */
			if (h.bin[i].hi - h.bin[i].lo == w ||
			    (i + 1 == h.nvalue && h.bin[i].hi - h.bin[i].lo
			    + 1 == w))
				flat &= h.bin[i].count == (uint64_t)w *
				    (uint64_t)runs[r][2];
		}
		snprintf(msg, sizeof msg, "%d..%d: integer edges, one width",
		    runs[r][0], runs[r][1]);
		ok(ints, msg);
		snprintf(msg, sizeof msg, "%d..%d: flat (%u bins of %g)",
		    runs[r][0], runs[r][1], h.nvalue, w);
		ok(flat, msg);
		check_consistent(&h, t, NULL, msg);
		hist_release(&h);
		table_free(t);
	}
	/* 0..99 uniform: a divisor of 100 bins, so no bar short */
	t = flat_ints(0, 99, 10);
	hist_build(&h, t, 0, NULL, NULL);
	ok(100 % h.nvalue == 0 && h.bin[h.nvalue - 1].count ==
	    h.bin[0].count, "0..99: the last bin is full too");
	hist_release(&h);
	table_free(t);

	/* the choice itself */
	nb = hist_int_bins(0, 99, 17, 60, &w);
	ok(nb == 10 && w == 10, "100 integers, 17 asked: 10 of 10 divide");
	nb = hist_int_bins(1, 3154, 60, 60, &w);
	ok(nb == 38 && w == 83, "3154 integers: 38 bins of 83");
	nb = hist_int_bins(0, 100, 6, 60, &w);
	ok(nb * w >= 101 && (nb - 1) * w < 101 && w == floor(w),
	    "101 integers (prime): whole width, covering");
	is_int(hist_int_bins(0, 1e6 - 1, 60, 60, &w), 50, "a million: 50");
	is_num(w, 20000, 0, "of 20000");
	nb = hist_int_bins(0, 100, 60, 12, &w);
	ok(nb <= 12, "at most max_bins");
}

/* The sparkline's groups are means: a flat histogram stays flat. */
static void
test_spark(void)
{
	struct table *t = flat_ints(1, 1000000, 1);
	struct hist h;
	double v[60];
	uint32_t n, g;
	int flat = 1;

	hist_build(&h, t, 0, NULL, NULL);
	is_int(h.nvalue, 50, "1..1e6: 50 bins");
	n = hist_spark(&h, 1, v, 8);
	is_int(n, 8, "8 groups of 6 or 7 bins");
	for (g = 0; g < n; g++)
		flat &= v[g] == v[0];
	ok(flat, "every group the same height (no ripple)");
	is_num(v[0], 20000, 0, "the mean rows per bin");
	is_int(hist_spark(&h, 1, v, 60), 50, "room for all: one per bin");
	is_int(hist_spark(&h, 1, v, 0), 0, "no room: nothing");
	hist_release(&h);
	table_free(t);
	/* "other" joins the line when asked */
	t = load_str("c\na\na\nb\nc\nd\n");
	{
		struct hist_opts o;

		hist_opts_init(&o);
		o.top = 2;
		hist_build(&h, t, 0, NULL, &o);
	}
	is_int(hist_spark(&h, 0, v, 10), 2, "without other: 2 bars");
	is_int(hist_spark(&h, 1, v, 10), 3, "with other: 3 bars");
	is_num(v[2], 2, 0, "other holds c and d");
	hist_release(&h);
	table_free(t);
}

/* Round bins (for tables): at most max_bins, edges on round numbers. */
static void
test_round(void)
{
	struct table *t = load_src("datasets/cars.csv", NULL);
	struct hist_opts o;
	struct hist h;
	uint32_t i;
	int round = 1;

	hist_opts_init(&o);
	o.round = 1;
	o.max_bins = 12;
	hist_build(&h, t, col_of(t, "Weight_in_lbs"), NULL, &o);
	ok(h.nvalue <= 12, "weight: at most 12 bins");
	is_num(h.bin[0].lo, 1613, 0, "from the min");
	is_num(h.bin[h.nvalue - 1].hi, 5140, 0, "to the max");
	for (i = 1; i < h.nvalue; i++)
		round &= fmod(h.bin[i].lo, 500) == 0;
	ok(round, "inner edges on multiples of 500");
	check_consistent(&h, t, NULL, "round weight");
	hist_release(&h);
	hist_build(&h, t, col_of(t, "Acceleration"), NULL, &o);
	ok(h.nvalue <= 12 && h.nvalue >= 3, "acceleration: a few bins");
	for (round = 1, i = 1; i < h.nvalue; i++)
		round &= fmod(h.bin[i].lo, 2) == 0;
	ok(round, "acceleration 8..24.8: edges on even numbers");
	check_last(&h, t, "round acceleration");
	/* decimals: the edges are the decimals, not sums of steps */
	t = build_str(&h, "x\n0.1\n0.25\n0.35\n0.7\n0.95\n1.0\n", &o);
	for (round = 1, i = 1; i < h.nvalue; i++) {
		char b[32];

		snprintf(b, sizeof b, "%.2g", h.bin[i].lo);
		round &= strtod(b, NULL) == h.bin[i].lo;
	}
	ok(round, "decimal edges are short decimals");
	check_last(&h, t, "round decimals");
}

static void
test_log(void)
{
	struct hist_opts o;
	struct hist h;
	struct table *t;
	uint32_t i;
	int good = 1;

	hist_opts_init(&o);
	o.log = 1;
	t = build_str(&h, "x,n\n0,1\n-1,2\n1,3\n10,4\n100,5\n1000,6\n"
	    "10000,7\n,8\n", &o);
	ok(h.log && h.kind == HIST_RANGE, "log bins");
	/* logs 0..4, IQR 2, n 5: FD 1.7 -> 2, clamped to 5 */
	is_int(h.nvalue, 5, "5 log bins");
	for (i = 0; i < 5; i++)
		good &= h.bin[i].count == 1;
	ok(good, "one power of ten in each");
	is_num(h.bin[0].lo, 1, 0, "from 1");
	is_num(h.bin[1].lo, pow(10, 0.8), 1e-12, "edges at powers 0.8 apart");
	is_num(h.bin[4].hi, 10000, 0, "to 10000");
	ok(h.nonpos != HIST_NOBIN && h.bin[h.nonpos].count == 2,
	    "zero and -1 in the <= 0 bar");
	is_int(h.bin[h.nonpos].kind, HIST_BIN_NONPOS, "its kind");
	ok(h.missing != HIST_NOBIN && h.bin[h.missing].count == 1,
	    "the empty cell in the missing bar");
	is_int(hist_bin_of_num(&h, -5), h.nonpos, "-5 belongs to <= 0");
	is_int(hist_bin_of_num(&h, 50), 2, "50 in the third bin");
	check_last(&h, t, "log");

	/* nothing positive */
	t = build_str(&h, "x\n0\n-3\n", &o);
	is_int(h.nvalue, 0, "no positive value: no log bins");
	ok(h.nonpos != HIST_NOBIN && h.bin[h.nonpos].count == 2,
	    "all in <= 0");
	check_last(&h, t, "log without positives");
}

static void
test_dates(void)
{
	struct table *t = load_src("datasets/cars.csv", NULL);
	struct table *u;
	struct hist h;
	/* Python: 1970 35, 1971 29, 1972 28, 1973 40, 1974 27, 1975 30,
	 * 1976 34, 1977 28, 1978 36, 1979 29, 1980 29, 1982 61 */
	static const uint64_t years[13] = { 35, 29, 28, 40, 27, 30, 34, 28,
	    36, 29, 29, 0, 61 };
	uint32_t i;
	int good = 1;

	hist_build(&h, t, col_of(t, "Year"), NULL, NULL);
	is_int(h.kind, HIST_TIME, "Year: calendar bins");
	is_int(h.unit, HIST_YEAR, "by year");
	is_int(h.nvalue, 13, "1970 to 1982");
	for (i = 0; i < 13; i++)
		good &= h.bin[i].count == years[i];
	ok(good, "rows per year, 1981 empty");
	is_num(h.bin[12].lo, 378691200, 0, "1982 starts 1982-01-01");
	is_num(h.bin[12].hi, 410227200, 0, "and ends 1983-01-01");
	check_last(&h, t, "years");

	u = build_str(&h, "d\n2024-01-30T10:00:00Z\n2024-02-02\n2024-02-01\n"
	    "2024-01-31T23:59:59Z\n", NULL);
	is_int(h.unit, HIST_DAY, "four days: day bins");
	is_int(h.nvalue, 4, "Jan 30 to Feb 2");
	ok(h.bin[0].count == 1 && h.bin[1].count == 1 && h.bin[2].count == 1
	    && h.bin[3].count == 1, "one a day");
	check_last(&h, u, "days");

	u = build_str(&h, "d\n1999-11-15\n2000-02-29\n2001-01-01\n", NULL);
	is_int(h.unit, HIST_MONTH, "14 months: month bins");
	is_int(h.nvalue, 15, "Nov 1999 to Jan 2001");
	is_num(h.bin[3].lo, 949363200, 0, "Feb 2000 starts 2000-02-01");
	is_int(h.bin[3].count, 1, "the leap day");
	check_last(&h, u, "months");

	u = build_str(&h, "d\n1066-10-14\n1969-07-20\n2024-01-01\n", NULL);
	is_int(h.unit, HIST_YEAR, "centuries: year bins");
	ok(h.step == 20 && h.nvalue == 49, "grouped by 20 years");
	check_last(&h, u, "grouped years");
}

static void
test_categorical(void)
{
	struct hist_opts o;
	struct hist h;
	struct table *t;

	hist_opts_init(&o);
	o.top = 2;
	t = build_str(&h, "c,n\nb,1\na,2\nb,3\nc,4\n,5\nd,6\nb,7\n"
	    "a,8\nNA,9\ne,10\n", &o);
	is_int(h.kind, HIST_CAT, "strings: bars");
	is_int(h.nvalue, 2, "two value bars");
	is(dict_str(&t->col[0].dict, h.bin[0].id, NULL), "b", "b first (3)");
	is(dict_str(&t->col[0].dict, h.bin[1].id, NULL), "a", "then a (2)");
	ok(h.other == 2 && h.bin[2].count == 3, "other: c d e");
	ok(h.missing == 3 && h.bin[3].count == 2, "missing: two");
	check_consistent(&h, t, NULL, "categorical");
	hist_release(&h);

	o.top = 0;	/* clamped to 1 */
	hist_build(&h, t, 0, NULL, &o);
	is_int(h.nvalue, 1, "top 0 means 1");
	hist_release(&h);
	o.top = 1000;	/* clamped to 60 */
	hist_build(&h, t, 0, NULL, &o);
	ok(h.nvalue == 5 && h.other == HIST_NOBIN, "every value, no other");
	hist_release(&h);
	table_free(t);

	t = build_str(&h, "c,d\n,1\nNA,2\n", NULL);
	is_int(h.kind, HIST_EMPTY, "all missing: empty");
	ok(h.nbins == 1 && h.missing == 0 && h.bin[0].count == 2,
	    "only the missing bar");
	hist_release(&h);
	table_free(t);
}

static void
test_labels_and_subsets(void)
{
	struct table *t = load_src("datasets/cars.csv", NULL);
	struct labels L;
	struct hist_opts o;
	struct hist h;
	struct rowset rs;
	struct err e;
	uint32_t b, c;
	uint64_t s;
	int good = 1;
	int usa;

	labels_init(&L, t, (int)col_of(t, "label"), LABELS_FIRST_SEEN, &e);
	hist_opts_init(&o);
	o.labels = &L;
	hist_build(&h, t, col_of(t, "Cylinders"), NULL, &o);
	is_int(h.ncls, L.k + 1, "a column per class and one for none");
	for (b = 0; b < h.nbins; b++) {
		for (s = 0, c = 0; c < h.ncls; c++)
			s += h.cls[b * h.ncls + c];
		good &= s == h.bin[b].count;
	}
	ok(good, "class counts sum to the bins");
	usa = labels_find(&L, "USA", 3);
	/* Python: USA 4 cyl 72, 6 cyl 74, 8 cyl 108 */
	ok(h.cls[1 * h.ncls + (uint32_t)usa] == 72 &&
	    h.cls[3 * h.ncls + (uint32_t)usa] == 74 &&
	    h.cls[5 * h.ncls + (uint32_t)usa] == 108,
	    "USA cars by cylinders: 72 74 108");
	hist_release(&h);

	/* on a subset: every fourth row */
	rowset_init(&rs);
	for (b = 0; b < t->nrows; b += 4)
		rowset_push(&rs, b);
	hist_build(&h, t, col_of(t, "Horsepower"), &rs, &o);
	is_int(h.total, rs.n, "subset: total");
	check_consistent(&h, t, &rs, "subset");
	hist_release(&h);
	rowset_release(&rs);
	hist_build(&h, t, col_of(t, "Horsepower"), &rs, NULL);
	is_int(h.kind, HIST_EMPTY, "empty subset: empty histogram");
	is_int(h.nbins, 0, "empty subset: no bins");
	hist_release(&h);
	hist_release(NULL);
	labels_release(&L);
	table_free(t);
}

/* Without the per-value map the bins are the same, lookups find
 * nothing. */
static void
test_nomap(void)
{
	struct table *t = load_src("datasets/cars.csv", NULL);
	struct hist_opts o;
	struct hist a, b;
	struct rowset rs, out;
	size_t c;
	uint32_t i;
	int same = 1, lg;

	rowset_init(&rs);
	rowset_init(&out);
	for (i = 0; i < t->nrows; i += 3)
		rowset_push(&rs, i);
	hist_opts_init(&o);
	for (lg = 0; lg < 2; lg++)
		for (c = 0; c < t->ncols; c++) {
			o.log = lg;
			o.nomap = 0;
			hist_build(&a, t, c, c % 2 ? &rs : NULL, &o);
			o.nomap = 1;
			hist_build(&b, t, c, c % 2 ? &rs : NULL, &o);
			same &= a.nbins == b.nbins && a.kind == b.kind &&
			    a.nvalue == b.nvalue && b.idbin == NULL;
			for (i = 0; same && i < a.nbins; i++)
				same &= a.bin[i].count == b.bin[i].count &&
				    a.bin[i].kind == b.bin[i].kind &&
				    a.bin[i].id == b.bin[i].id &&
				    (a.bin[i].lo == b.bin[i].lo ||
				    isnan(a.bin[i].lo));
			if (c == 2) {
				hist_rows(&b, t, &rs, 0, &out);
				same &= out.n == 0 &&
				    hist_bin_of_id(&b, 0) == HIST_NOBIN;
			}
			hist_release(&a);
			hist_release(&b);
		}
	ok(same, "without the map: the same bins and counts, no lookups");
	rowset_release(&rs);
	rowset_release(&out);
	table_free(t);
}

int
main(void)
{
	test_fd();
	test_clamp();
	test_int_bins();
	test_int_ranges();
	test_spark();
	test_round();
	test_log();
	test_dates();
	test_categorical();
	test_labels_and_subsets();
	test_nomap();
	return done_testing();
}
