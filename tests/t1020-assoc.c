/*
 * t1020-assoc - association with the label and non-uniformity.
 *
 * Expected values were computed with Python 3 on the same data:
 * eta = sqrt(sum_c n_c (mean_c - mean)^2 / sum (x - mean)^2) with
 * statistics.mean; the bias-corrected Cramer's V from the textbook
 * formulas (chi2 = sum (O - E)^2 / E, phi2c = max(0, chi2/n - (k-1)(r-1)
 * / (n-1)), rc = r - (r-1)^2/(n-1), kc likewise, V = sqrt(phi2c /
 * min(kc-1, rc-1))); entropies with math.log.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats/assoc.h"
#include "core/data/csvload.h"
#include "tests/tap.h"
#include "tests/util.h"

static void
labels_of(struct labels *L, const struct table *t, const char *name)
{
	struct err e;

	if (labels_init(L, t, table_col_index(t, name), LABELS_FIRST_SEEN,
	    &e) < 0) {
		diag("%s", e.msg);
		exit(1);
	}
}

static void
test_formulas(void)
{
	uint64_t t1[4] = { 10, 20, 30, 40 };
	uint64_t t2[6] = { 30, 5, 5, 30, 10, 10 };
	uint64_t t3[6] = { 7, 0, 0, 0, 0, 9 };
	uint64_t id[9] = { 5, 0, 0, 0, 5, 0, 0, 0, 5 };
	uint64_t u1[3] = { 4, 4, 4 }, u2[3] = { 0, 9, 0 }, u3[2] = { 1, 3 };
	uint64_t z[3] = { 0, 0, 0 };

	/* Python: 0.0 (chi2/n below the bias term) */
	is_num(assoc_cramers_v(t1, 2, 2), 0, 1e-12, "V of a weak 2x2 is 0");
	/* Python: 0.6153108999583086 */
	is_num(assoc_cramers_v(t2, 3, 2), 0.6153108999583086, 1e-12,
	    "V of a 3x2 table");
	is_num(assoc_cramers_v(id, 3, 3), 1, 1e-12, "a diagonal: V = 1");
	/* zero rows and columns are ignored: this is a 2x2 diagonal */
	is_num(assoc_cramers_v(t3, 3, 2), 1, 1e-12, "empty rows ignored");
	ok(isnan(assoc_cramers_v(t3, 1, 2)), "one row: undefined");
	ok(isnan(assoc_cramers_v(z, 3, 1)), "nothing: undefined");
	ok(isnan(assoc_cramers_v(NULL, 0, 0)), "no table: undefined");

	is_num(assoc_nonuniformity(u1, 3), 0, 1e-12, "even: 0");
	is_num(assoc_nonuniformity(u2, 3), 1, 1e-12, "one bucket full: 1");
	/* Python: 1 - (-(.25 log .25 + .75 log .75)) / log 2 */
	is_num(assoc_nonuniformity(u3, 2), 0.18872187554086717, 1e-12,
	    "1:3 split");
	is_num(assoc_nonuniformity(u3, 1), 1, 0, "one bucket: 1");
	ok(isnan(assoc_nonuniformity(z, 3)), "no rows: NAN");
	is(assoc_measure_name(ASSOC_ETA), "eta", "measure names");
}

static void
test_iris(void)
{
	struct table *t = load_src("datasets/iris.csv", NULL);
	struct csvload_opts keyed = keyed_by("id");
	struct labels L;
	struct assoc_col *a, *b;
	struct err e;
	static const char *const num[] = { "sepal length (cm)",
	    "sepal width (cm)", "petal length (cm)", "petal width (cm)",
	    "id" };
	/* Python, eta by the formula above */
	static const double eta[] = { 0.7865784962344745, 0.6330741244722725,
	    0.9702431236846605, 0.9637857283137229, 0.9428299935925014 };
	size_t i;
	int same = 1;

	labels_of(&L, t, "label");
	a = assoc_all(t, NULL, &L, 1, NULL, &e);
	for (i = 0; i < 5; i++) {
		const struct assoc_col *x = &a[table_col_index(t, num[i])];
		char msg[100];

		snprintf(msg, sizeof msg, "eta of %s", num[i]);
		ok(x->measure == ASSOC_ETA, "%s: measured by eta", num[i]);
		is_num(x->value, eta[i], 1e-12, msg);
		is_int(x->n, 150, "all rows used");
	}
	ok(a[L.col].measure == ASSOC_NONE && isnan(a[L.col].value),
	    "the label itself: none");
	/* 50/50/50: perfectly even */
	is_num(a[L.col].nonuniformity, 0, 1e-12, "label non-uniformity 0");
	b = assoc_all(t, NULL, &L, 3, NULL, &e);
	for (i = 0; i < t->ncols; i++)
		if (memcmp(&a[i], &b[i], sizeof *a) != 0)
			same = 0;
	ok(same, "1 and 3 threads agree");
	assoc_free(a);
	assoc_free(b);
	labels_release(&L);
	table_free(t);

	/* with --id the key column is left out */
	t = load_src("datasets/iris.csv", &keyed);
	labels_of(&L, t, "label");
	a = assoc_all(t, NULL, &L, 0, NULL, &e);
	ok(a[0].measure == ASSOC_NONE, "the id column: none");
	assoc_free(a);
	labels_release(&L);
	table_free(t);
}

static void
test_crafted(void)
{
	char *csv = malloc(100000), *p = csv;
	struct table *t;
	struct labels L;
	struct assoc_col a;
	struct rowset rs;
	int i;

	/* same: a copy of the label; indep: every pair equally often;
	 * num: 1 2 3 for a, 4 5 6 for b; key: unique per row */
	p += sprintf(p, "lab,same,indep,num,key,flag\n");
	for (i = 0; i < 600; i++) {
		const char *lab = i % 2 ? "b" : "a";

		p += sprintf(p, "%s,%s,%c,%d,k%d,%s\n", lab,
		    i % 2 ? "B" : "A", "xyz"[(i / 2) % 3],
		    (i % 2) * 3 + (i / 2) % 3 + 1, i,
		    (i / 2) % 2 ? "true" : "false");
	}
	t = load_str(csv);
	labels_of(&L, t, "lab");
	assoc_column(t, 1, NULL, &L, NULL, &a);
	is_int(a.measure, ASSOC_CRAMERS_V, "a copy: Cramer's V");
	is_num(a.value, 1, 1e-12, "a copy of the label: V = 1");
	is_int(a.ncat, 2, "two categories");
	assoc_column(t, 2, NULL, &L, NULL, &a);
	is_num(a.value, 0, 1e-12, "independent: V = 0");
	/* eta: SSb 13.5 of SSt 17.5 per six rows */
	assoc_column(t, 3, NULL, &L, NULL, &a);
	is_int(a.measure, ASSOC_ETA, "numbers: eta");
	is_num(a.value, sqrt(13.5 / 17.5), 1e-12, "eta = sqrt(13.5/17.5)");
	/* 600 distinct keys fold into 30 + other: no spurious link */
	assoc_column(t, 4, NULL, &L, NULL, &a);
	is_int(a.ncat, ASSOC_TOP + 1, "keys folded into 30 + other");
	cmp_ok(a.value, <, 0.2, "unique keys: V near 0");
	is_num(a.nonuniformity, 0, 1e-12, "unique keys are even");
	/* bools are categorical */
	assoc_column(t, 5, NULL, &L, NULL, &a);
	is_int(a.measure, ASSOC_CRAMERS_V, "bool: Cramer's V");
	is_num(a.value, 0, 1e-12, "bool independent of the label");
	assoc_column(t, 1, NULL, NULL, NULL, &a);
	ok(a.measure == ASSOC_NONE && isnan(a.value), "no label: none");
	{
		struct assoc_col a2;
		struct hist h;

		/* a given histogram gives the same non-uniformity */
		assoc_column(t, 3, NULL, &L, NULL, &a);
		hist_build(&h, t, 3, NULL, NULL);
		assoc_column(t, 3, NULL, &L, &h, &a2);
		ok(a.nonuniformity == a2.nonuniformity && a.value ==
		    a2.value, "with a histogram given: the same");
		hist_release(&h);
		/* 1..6, each 100 times: one bin per value, even */
		is_num(a.nonuniformity, 0, 1e-12, "num: even over 6 bins");
	}
	labels_release(&L);
	table_free(t);

	/* non-uniformity of strings: a 1:3 split, missing cells aside */
	t = load_str("s,n\na,1\nb,2\n,3\nb,4\nb,5\n");
	assoc_column(t, 0, NULL, NULL, NULL, &a);
	is_num(a.nonuniformity, 0.18872187554086717, 1e-12,
	    "strings: non-uniformity of a 1:3 split");
	table_free(t);

	/* missing values: a category for V, left out of eta; missing
	 * labels left out of both */
	t = load_str("lab,c,x\na,,1\na,,2\nb,q,\nb,q,9\n,q,5\na,r,1\n");
	labels_of(&L, t, "lab");
	assoc_column(t, 1, NULL, &L, NULL, &a);
	is_int(a.n, 5, "V: the unlabelled row left out");
	is_int(a.ncat, 3, "V: missing is a category (q, r, missing)");
	assoc_column(t, 2, NULL, &L, NULL, &a);
	is_int(a.n, 4, "eta: missing numbers and labels left out");
	/* a: 1 2 1, b: 9 -> SSb = 3 (4/3 - 13/4)^2 + (9 - 13/4)^2 */
	{
		double g = 13.0 / 4, ma = 4.0 / 3, ssb, sst;

		ssb = 3 * (ma - g) * (ma - g) + (9 - g) * (9 - g);
		sst = (1 - g) * (1 - g) * 2 + (2 - g) * (2 - g) +
		    (9 - g) * (9 - g);
		is_num(a.value, sqrt(ssb / sst), 1e-12, "eta with gaps");
	}
	/* on a subset with one class only: undefined */
	rowset_init(&rs);
	rowset_push(&rs, 0);
	rowset_push(&rs, 1);
	assoc_column(t, 2, &rs, &L, NULL, &a);
	ok(isnan(a.value), "one class present: eta undefined");
	assoc_column(t, 1, &rs, &L, NULL, &a);
	ok(isnan(a.value), "one class present: V undefined");
	rowset_release(&rs);
	assoc_column(t, 1, &rs, &L, NULL, &a);
	ok(isnan(a.value) && a.n == 0, "empty set: undefined");
	ok(isnan(a.nonuniformity), "empty set: no non-uniformity");
	labels_release(&L);
	table_free(t);
	free(csv);
}

static void
test_cancel(void)
{
	struct table *t = load_src("datasets/cars.csv", NULL);
	atomic_int cancel;
	struct progress p = { NULL, NULL, &cancel };
	struct err e;

	atomic_init(&cancel, 1);
	ok(assoc_all(t, NULL, NULL, 2, &p, &e) == NULL && e.code ==
	    ERR_CANCEL, "cancelled");
	table_free(t);
}

int
main(void)
{
	test_formulas();
	test_iris();
	test_crafted();
	test_cancel();
	return done_testing();
}
