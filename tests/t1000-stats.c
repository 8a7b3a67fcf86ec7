/*
 * t1000-stats - column summaries: checked against figures computed
 * independently, on all rows and on subsets, empty and odd input.
 *
 * Expected numbers for datasets/iris.csv and datasets/cars.csv come from
 * Python 3's standard library on the same files (csv.DictReader, empty
 * cells left out): statistics.mean, statistics.stdev (sample, n - 1) and
 * statistics.quantiles(values, n=100, method='inclusive') (R type 7),
 * taking cut points 1, 5, 25, 50, 75, 95 and 99.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/stats/stats.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static const char *
topval(const struct table *t, size_t c, const struct stats_col *s, uint32_t i)
{
	return dict_str(&t->col[c].dict, s->top[i].id, NULL);
}

/* Expected numeric summary. */
struct want {
	const char *name;
	uint64_t n, missing, distinct;
	double min, max, mean, sd, q[STATS_NQ];
};

static void
check_numeric(const struct table *t, const struct want *w)
{
	struct stats_col s;
	size_t c = col_of(t, w->name);
	int i;
	char msg[256];

	stats_column(t, c, NULL, &s);
#define NAME(what) (snprintf(msg, sizeof msg, "%s: %s", w->name, what), msg)
	ok(s.numeric, NAME("numeric"));
	is_int(s.count, t->nrows, NAME("count is every row"));
	is_int(s.missing, w->missing, NAME("missing"));
	is_int(s.nnum, w->n, NAME("numbers"));
	is_int(s.distinct, w->distinct, NAME("distinct"));
	is_num(s.min, w->min, 1e-12, NAME("min"));
	is_num(s.max, w->max, 1e-12, NAME("max"));
	is_num(s.mean, w->mean, 1e-9 * (1 + w->mean), NAME("mean"));
	is_num(s.sd, w->sd, 1e-9 * (1 + w->sd), NAME("sd"));
	for (i = 0; i < STATS_NQ; i++) {
		char what[32];

		snprintf(what, sizeof what, "quantile %g", stats_qprob[i]);
		is_num(s.q[i], w->q[i], 1e-9 * (1 + w->q[i]), NAME(what));
	}
	is_int(s.zeros, 0, NAME("no zeros"));
#undef NAME
}

static void
test_iris(void)
{
	struct table *t = load_src("datasets/iris.csv", NULL);
	static const struct want w[] = {
		{ "sepal length (cm)", 150, 0, 35, 4.3, 7.9,
		    5.843333333333334, 0.828066127977863,
		    { 4.4, 4.6, 5.1, 5.8, 6.4, 7.255, 7.7 } },
		{ "sepal width (cm)", 150, 0, 23, 2.0, 4.4,
		    3.0573333333333332, 0.4358662849366982,
		    { 2.2, 2.345, 2.8, 3.0, 3.3, 3.8, 4.151 } },
		{ "petal length (cm)", 150, 0, 43, 1.0, 6.9, 3.758,
		    1.7652982332594664,
		    { 1.149, 1.3, 1.6, 4.35, 5.1, 6.1, 6.7 } },
		{ "petal width (cm)", 150, 0, 22, 0.1, 2.5,
		    1.1993333333333334, 0.7622376689603466,
		    { 0.1, 0.2, 0.3, 1.3, 1.8, 2.3, 2.5 } },
		{ "id", 150, 0, 150, 1, 150, 75.5, 43.445367992456916,
		    { 2.49, 8.45, 38.25, 75.5, 112.75, 142.55, 148.51 } },
	};
	struct stats_col s;
	size_t i;
	int c;

	for (i = 0; i < sizeof w / sizeof *w; i++)
		check_numeric(t, &w[i]);
	c = col_of(t, "label");
	stats_column(t, c, NULL, &s);
	ok(!s.numeric && s.strings, "label: strings");
	is_int(s.distinct, 3, "label: 3 values");
	is_int(s.ntop, 3, "label: 3 top values");
	/* 50 each: ties keep first sight */
	is(topval(t, c, &s, 0), "setosa", "label: first top value");
	is(topval(t, c, &s, 1), "versicolor", "label: second");
	is(topval(t, c, &s, 2), "virginica", "label: third");
	is_int(s.top[0].count, 50, "label: 50 setosa");
	/* lengths by hand: setosa 6, versicolor 10, virginica 9 */
	is_int(s.len_min, 6, "label: shortest 6 characters");
	is_int(s.len_max, 10, "label: longest 10");
	is_num(s.len_avg, (6 + 10 + 9) / 3.0, 1e-12, "label: mean length");
	table_free(t);
}

static void
test_cars(void)
{
	struct table *t = load_src("datasets/cars.csv", NULL);
	static const struct want w[] = {
		/* the column with empty cells: 8 of them */
		{ "Miles_per_Gallon", 398, 8, 129, 9.0, 46.6,
		    23.514572864321607, 7.8159843125657815,
		    { 11.0, 13.0, 17.5, 23.0, 29.0, 37.03, 43.418 } },
		{ "Horsepower", 400, 6, 93, 46, 230, 105.0825,
		    38.768779183105195,
		    { 48.0, 60.0, 75.75, 95.0, 130.0, 180.0, 220.05 } },
		{ "Weight_in_lbs", 406, 0, 356, 1613, 5140,
		    2979.4137931034484, 847.0043282393509,
		    { 1774.1, 1928.0, 2226.5, 2822.5, 3618.25, 4462.25,
		    4948.75 } },
		{ "Acceleration", 406, 0, 96, 8.0, 24.8, 15.519704433497537,
		    2.8033588163425462,
		    { 9.025, 11.0, 13.7, 15.5, 17.175, 20.325, 22.2 } },
		{ "Cylinders", 406, 0, 5, 3, 8, 5.475369458128079,
		    1.7121596315485297, { 4, 4, 4, 4, 8, 8, 8 } },
	};
	struct stats_col s;
	size_t i;
	int c;

	for (i = 0; i < sizeof w / sizeof *w; i++)
		check_numeric(t, &w[i]);
	c = col_of(t, "Name");
	stats_column(t, c, NULL, &s);
	is_int(s.distinct, 311, "Name: 311 distinct");
	is(topval(t, c, &s, 0), "ford pinto", "Name: top value");
	is_int(s.top[0].count, 6, "Name: 6 ford pintos");
	c = col_of(t, "Year");
	stats_column(t, c, NULL, &s);
	is_int(t->col[c].type, COLTYPE_DATE, "Year is a date");
	/* 1970-01-01 and 1982-01-01 in epoch seconds */
	is_num(s.min, 0, 0, "Year: min 1970-01-01");
	is_num(s.max, 378691200, 0, "Year: max 1982-01-01");
	is_int(s.distinct, 12, "Year: 12 years");
	table_free(t);
}

/* The case that trips widely used tools: empty cells in a numeric
 * column are neither ranked among the numbers nor reported as max. */
static void
test_empty_cells(void)
{
	struct table *t = load_str("x,y\n5,a\n,b\n-2,c\nNA,d\n10,e\n,f\n");
	struct stats_col s;

	stats_column(t, 0, NULL, &s);
	is_int(t->col[0].type, COLTYPE_INT, "x is int despite empties");
	is_int(s.count, 6, "6 rows");
	is_int(s.missing, 3, "3 missing (two empty, one NA)");
	is_int(s.nnum, 3, "3 numbers");
	is_int(s.distinct, 3, "3 distinct numbers");
	is_num(s.min, -2, 0, "min -2");
	is_num(s.max, 10, 0, "max 10, not an empty cell");
	is_num(s.mean, 13.0 / 3, 1e-12, "mean of the numbers only");
	is_num(s.q[3], 5, 0, "median of the numbers only");
	is_num(s.q[0], -2 + 0.02 * 7, 1e-12, "p1 between -2 and 5");
	is_num(s.q[6], 5 + 0.98 * 5, 1e-12, "p99 between 5 and 10");
	ok(s.ntop == 3, "top values skip missing markers");
	table_free(t);
}

static void
test_subset(void)
{
	/* the statistics of a subset equal those of a table holding just
	 * those rows */
	struct table *t = load_str("v,w\n4,p\n1,q\n,q\n9,r\n1,p\n7,\n"
	    "2,p\n");
	struct table *u = load_str("v,w\n1,q\n,q\n1,p\n2,p\n");
	struct rowset rs;
	struct stats_col a, b;
	int i;

	rowset_init(&rs);
	rowset_push(&rs, 1);
	rowset_push(&rs, 2);
	rowset_push(&rs, 4);
	rowset_push(&rs, 6);
	stats_column(t, 0, &rs, &a);
	stats_column(u, 0, NULL, &b);
	is_int(a.count, 4, "subset: 4 rows");
	is_int(a.missing, 1, "subset: 1 missing");
	is_int(a.distinct, 2, "subset: 2 distinct");
	is_num(a.min, b.min, 0, "subset: min");
	is_num(a.max, b.max, 0, "subset: max");
	is_num(a.mean, b.mean, 1e-15, "subset: mean");
	is_num(a.sd, b.sd, 1e-15, "subset: sd");
	for (i = 0; i < STATS_NQ; i++)
		if (a.q[i] != b.q[i])
			break;
	ok(i == STATS_NQ, "subset: quantiles");
	stats_column(t, 1, &rs, &a);
	stats_column(u, 1, NULL, &b);
	is_int(a.ntop, 2, "subset strings: 2 values");
	is(dict_str(&t->col[1].dict, a.top[0].id, NULL), "q",
	    "subset: ties keep first sight in the subset (q before p)");
	is_int(a.top[0].count, 2, "subset: q twice");
	is_int(a.len_max, 1, "subset: lengths");

	/* a rowset holding every row in order takes the fast path and
	 * agrees with NULL */
	rowset_all(&rs, t->nrows);
	ok(stats_rowset_is_all(t, &rs), "all rows detected");
	stats_column(t, 0, &rs, &a);
	stats_column(t, 0, NULL, &b);
	ok(a.mean == b.mean && a.q[3] == b.q[3] && a.missing == b.missing,
	    "all-rows rowset equals NULL");
	/* same size, not in order: not "all" */
	rs.row[0] = 1;
	rs.row[1] = 0;
	ok(!stats_rowset_is_all(t, &rs), "a permutation is counted");
	stats_column(t, 0, &rs, &a);
	ok(a.mean == b.mean && a.missing == b.missing, "permutation agrees");

	/* the empty rowset */
	rowset_release(&rs);
	stats_column(t, 0, &rs, &a);
	is_int(a.count, 0, "empty set: no rows");
	is_int(a.nnum, 0, "empty set: no numbers");
	ok(isnan(a.mean) && isnan(a.min) && isnan(a.q[3]) && isnan(a.sd),
	    "empty set: NAN statistics");
	stats_column(t, 1, &rs, &a);
	is_int(a.ntop, 0, "empty set: no top values");
	ok(isnan(a.len_avg), "empty set: no mean length");
	table_free(t);
	table_free(u);
}

static void
test_odd_tables(void)
{
	struct table *t;
	struct stats_col s, *all;
	struct err e;

	/* no rows at all (the loader refuses such a file; a table can
	 * still end up empty, e.g. when every row was skipped) */
	t = xcalloc(1, sizeof *t);
	t->path = xstrdup("empty");
	t->id_col = -1;
	t->ncols = 1;
	t->col = xcalloc(1, sizeof *t->col);
	t->col[0].name = xstrdup("a");
	dict_init(&t->col[0].dict);
	table_column_derive(&t->col[0], NULL);
	stats_column(t, 0, NULL, &s);
	is_int(s.count, 0, "header only: 0 rows");
	is_int(s.type, COLTYPE_EMPTY, "header only: empty type");
	ok(!s.numeric && !s.strings, "header only: nothing to compute");
	all = stats_all(t, NULL, 2, NULL, &e);
	ok(all != NULL, "stats_all on an empty table");
	stats_free(all);
	table_free(t);

	/* one value: sd undefined, quantiles all that value */
	t = load_str("a\n3.5\n");
	stats_column(t, 0, NULL, &s);
	ok(isnan(s.sd), "one value: sd undefined");
	ok(s.q[0] == 3.5 && s.q[6] == 3.5, "one value: quantiles");
	table_free(t);

	/* every cell missing */
	t = load_str("a,b\n,1\nNA,2\n");
	stats_column(t, 0, NULL, &s);
	is_int(s.missing, 2, "all missing: counted");
	is_int(s.distinct, 0, "all missing: no distinct value");
	is_int(s.ntop, 0, "all missing: no top value");
	table_free(t);

	/* zeros, negatives, bools and -0 */
	t = load_str("n,b\n0,true\n-0,false\n-1.5,false\n2,yes\n");
	stats_column(t, 0, NULL, &s);
	is_int(s.zeros, 2, "0 and -0 are zeros");
	is_num(s.min, -1.5, 0, "negative min");
	stats_column(t, 1, NULL, &s);
	is_int(t->col[1].type, COLTYPE_BOOL, "bool column");
	is_int(s.zeros, 2, "bool: zeros are the falses");
	is_num(s.mean, 0.5, 0, "bool: mean is the share of true");
	table_free(t);

	/* character lengths: UTF-8 code points, invalid bytes one each */
	t = load_str("s\nh\xc3\xa9llo\n\xe6\x97\xa5\xe6\x9c\xac\n\xff\xfe"
	    "\n\xe2\x82\n");
	stats_column(t, 0, NULL, &s);
	is_int(s.len_max, 5, "h\xc3\xa9llo is 5 characters");
	is_int(s.len_min, 2, "two CJK characters, two invalid bytes, a cut "
	    "sequence: 2 each");
	table_free(t);
}

static void
test_utf8_chars(void)
{
	char buf[100];

	is_int(stats_utf8_chars("", 0), 0, "empty string");
	memset(buf, 'a', sizeof buf);
	is_int(stats_utf8_chars(buf, sizeof buf), 100, "100 ASCII bytes");
	memcpy(buf + 40, "\xf0\x9f\x98\x80", 4);
	is_int(stats_utf8_chars(buf, sizeof buf), 97, "an emoji among them");
	memcpy(buf + 70, "\xc0\xaf", 2);	/* overlong: two bad bytes */
	is_int(stats_utf8_chars(buf, sizeof buf), 97, "overlong form");
	is_int(stats_utf8_chars("\xed\xa0\x80", 3), 3, "a surrogate: 3 bad "
	    "bytes");
	is_int(stats_utf8_chars("\xf4\x90\x80\x80", 4), 4, "beyond U+10FFFF");
}

/* Missing cells by marker: markers as written (pandas' defaults), a
 * real category "none" kept as a value. */
static void
test_markers(void)
{
	struct table *t = load_str("party,n\nnone,1\nNA,NA\nnone,\n,2\n"
	    "yes,None\n NA ,3\nnone,n/a\nNA,4\nNone,5\n");
	struct stats_col s;
	struct rowset rs;
	char buf[200];
	size_t len;

	stats_column(t, 0, NULL, &s);
	is_int(s.missing, 5, "party: NA x3, empty, None are missing");
	ok(s.ntop > 0 && strcmp(dict_str(&t->col[0].dict, s.top[0].id, NULL),
	    "none") == 0 && s.top[0].count == 3,
	    "party: 'none' is a category (3 rows), not missing");
	is_int(s.marks, 3, "three markers met");
	is_int(s.nmark, 3, "all three kept");
	ok(strcmp(stats_mark_text(&t->col[0], s.mark[0].id, &len), "NA") ==
	    0 && len == 2 && s.mark[0].count == 3,
	    "NA first, ' NA ' counted with it: 3");
	ok(s.mark[1].count == 1 && s.mark[2].count == 1, "then 1 and 1");
	is(stats_marks_text(&t->col[0], &s, buf, sizeof buf),
	    "'NA' 3, empty 1, 'None' 1", "as text, ties in order of sight");
	stats_column(t, 1, NULL, &s);
	is_int(s.missing, 4, "n: NA, empty, None, n/a");
	is(stats_marks_text(&t->col[1], &s, buf, sizeof buf),
	    "'NA' 1, empty 1, 'None' 1, 'n/a' 1", "n: each marker once");
	/* over a subset: rows 1, 2 and 7 */
	rowset_init(&rs);
	rowset_push(&rs, 1);
	rowset_push(&rs, 2);
	rowset_push(&rs, 7);
	stats_column(t, 0, &rs, &s);
	is(stats_marks_text(&t->col[0], &s, buf, sizeof buf), "'NA' 2",
	    "subset: two NA");
	stats_column(t, 1, &rs, &s);
	is(stats_marks_text(&t->col[1], &s, buf, sizeof buf),
	    "'NA' 1, empty 1", "subset: NA and empty");
	rowset_release(&rs);
	table_free(t);

	/* more markers than are kept: the rest is said */
	t = load_str("x\nNA\nN/A\nn/a\nnull\nNULL\nNaN\nnan\nNone\n1\n");
	stats_column(t, 0, NULL, &s);
	ok(s.marks == 8 && s.nmark == STATS_NMARK, "8 markers, 6 kept");
	stats_marks_text(&t->col[0], &s, buf, sizeof buf);
	ok(strstr(buf, ", and 2 more") != NULL, "and 2 more: %s", buf);
	table_free(t);
	t = load_str("x\n1\n2\n");
	stats_column(t, 0, NULL, &s);
	ok(s.nmark == 0 && s.marks == 0 &&
	    strcmp(stats_marks_text(&t->col[0], &s, buf, sizeof buf), "") == 0,
	    "no missing cell: no markers");
	table_free(t);
}

static void
test_quantiles(void)
{
	struct table *t = load_str("x\n4\n1\n3\n2\n");
	const struct column *c = &t->col[0];
	double p[5] = { 0, 0.125, 0.5, 0.9, 1 }, q[5];
	uint64_t r[2] = { 0, 3 };
	double v[2];

	/* sorted 1 2 3 4: h = 3p */
	stats_quantiles(c, c->dict.count, 4, p, 5, q);
	is_num(q[0], 1, 0, "p=0 is the min");
	is_num(q[1], 1.375, 1e-15, "p=0.125: 1 + 0.375");
	is_num(q[2], 2.5, 1e-15, "median of four");
	is_num(q[3], 3.7, 1e-15, "p=0.9");
	is_num(q[4], 4, 0, "p=1 is the max");
	stats_order_stats(c, c->dict.count, r, 2, v);
	ok(v[0] == 1 && v[1] == 4, "order statistics 0 and 3");
	stats_quantiles(c, c->dict.count, 0, p, 5, q);
	ok(isnan(q[2]), "no values: NAN");
	table_free(t);
}

static void
test_threads_and_cancel(void)
{
	struct table *t = load_src("datasets/cars.csv", NULL);
	struct stats_col *a, *b;
	struct err e;
	atomic_int cancel;
	struct progress p = { NULL, NULL, &cancel };
	struct rowset rs;
	size_t i;
	int same = 1;

	a = stats_all(t, NULL, 1, NULL, &e);
	b = stats_all(t, NULL, 4, NULL, &e);
	for (i = 0; i < t->ncols; i++)
		if (memcmp(&a[i], &b[i], sizeof *a) != 0)
			same = 0;
	ok(same, "1 and 4 threads: identical summaries");
	for (i = 0; i < t->ncols; i++) {
		struct stats_col s;

		stats_column(t, i, NULL, &s);
		if (memcmp(&a[i], &s, sizeof s) != 0)
			same = 0;
	}
	ok(same, "stats_all equals stats_column");
	stats_free(a);
	stats_free(b);

	rowset_init(&rs);
	for (i = 0; i < t->nrows; i += 3)
		rowset_push(&rs, (uint32_t)i);
	a = stats_all(t, &rs, 1, NULL, &e);
	b = stats_all(t, &rs, 3, NULL, &e);
	for (i = 0; i < t->ncols; i++)
		if (memcmp(&a[i], &b[i], sizeof *a) != 0)
			same = 0;
	ok(same, "on a subset: identical whatever the threads");
	is_int(a[0].count, rs.n, "subset count");
	stats_free(a);
	stats_free(b);

	atomic_init(&cancel, 1);
	err_clear(&e);
	a = stats_all(t, NULL, 2, &p, &e);
	ok(a == NULL, "cancelled: no result");
	is_int(e.code, ERR_CANCEL, "cancelled: ERR_CANCEL");
	rowset_release(&rs);
	table_free(t);
}

int
main(void)
{
	test_iris();
	test_cars();
	test_empty_cells();
	test_subset();
	test_odd_tables();
	test_utf8_chars();
	test_markers();
	test_quantiles();
	test_threads_and_cancel();
	return done_testing();
}
