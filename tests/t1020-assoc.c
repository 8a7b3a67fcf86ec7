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
#include <math.h>
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

/* Leave-one-out naive Bayes, the slow way: retrain without each row.
 * Rows have words w[i][0 .. nw[i]) (distinct, lower case) and class
 * y[i]; classes are numbered by first sight.  Returns the rows
 * predicted right. */
static int
brute_nb(int n, char w[][8][8], const int *nw, const int *y, int k)
{
	char vocab[512][8];
	int nv = 0, i, j, a, b, c, right = 0;

	for (i = 0; i < n; i++)
		for (a = 0; a < nw[i]; a++) {
			for (b = 0; b < nv && strcmp(vocab[b], w[i][a]); b++)
				;
			if (b == nv)
				strcpy(vocab[nv++], w[i][a]);
		}
	for (i = 0; i < n; i++) {
		int best = -1;
		double top = 0;

		for (c = 0; c < k; c++) {
			int docs = 0, tt = 0;
			double s;

			for (j = 0; j < n; j++)
				if (j != i && y[j] == c) {
					docs++;
					tt += nw[j];
				}
			if (docs == 0)
				continue;
			s = log(docs) - nw[i] * log(tt + nv);
			for (a = 0; a < nw[i]; a++) {
				int cnt = 0;

				for (j = 0; j < n; j++) {
					if (j == i || y[j] != c)
						continue;
					for (b = 0; b < nw[j]; b++)
						cnt += !strcmp(w[j][b],
						    w[i][a]);
				}
				s += log(cnt + 1);
			}
			if (best < 0 || s > top) {
				best = c;
				top = s;
			}
		}
		right += best == y[i];
	}
	return right;
}

/* Text columns: naive Bayes on their words, leave-one-out. */
static void
test_text(void)
{
	static char w[80][8][8];
	static const char *const wa[] = { "apple", "pear", "plum", "fig" },
	    *const wb[] = { "bolt", "nut", "gear", "cog" },
	    *const wc[] = { "the", "and", "of", "a", "to", "is" };
	int nw[80], y[80], i, j, right;
	char *csv = malloc(4000000), *p = csv;
	uint32_t seed = 12345;
	struct table *t;
	struct labels L;
	struct assoc_col a;
	struct textassoc ta;

	/* words drawn with a leaning by class, some shared, a word unique
	 * to each row; classes by first sight: a is 0, b is 1 */
	p += sprintf(p, "lab,words\n");
	for (i = 0; i < 80; i++) {
		y[i] = i % 3 == 2;
		nw[i] = 0;
		for (j = 0; j < 4; j++) {
			const char *x;
			int k;

			seed = seed * 1103515245u + 12345u;
			x = (seed >> 16) % 10 < 6 ? (y[i] ? wb : wa)[j] :
			    (seed >> 16) % 10 < 8 ? (y[i] ? wa : wb)[j] :
			    wc[(seed >> 20) % 6];
			for (k = 0; k < nw[i] && strcmp(w[i][k], x); k++)
				;
			if (k == nw[i])
				strcpy(w[i][nw[i]++], x);
		}
		sprintf(w[i][nw[i]++], "u%d", i);
		/* punctuation is no word, but makes the cells long: text */
		p += sprintf(p, "%s,\"------------------------------ ",
		    y[i] ? "b" : "a");
		for (j = 0; j < nw[i]; j++)
			p += sprintf(p, "%s%s", j ? " " : "", w[i][j]);
		p += sprintf(p, " %s\"\n", j % 2 ? "and" : "the");
		/* the filler above is a word too: count it */
		strcpy(w[i][nw[i]++], j % 2 ? "and" : "the");
		for (j = 0; j + 1 < nw[i]; j++)
			if (!strcmp(w[i][j], w[i][nw[i] - 1])) {
				nw[i]--;	/* already there */
				break;
			}
	}
	t = load_str(csv);
	labels_of(&L, t, "lab");
	is_int(t->col[1].type, COLTYPE_TEXT, "a column of sentences is text");
	textassoc_column(t, 1, NULL, &L, &ta);
	right = brute_nb(80, w, nw, y, 2);
	is_num(ta.accuracy, right / 80.0, 1e-12,
	    "leave-one-out accuracy as retraining for each row gives");
	is_num(ta.baseline, 54 / 80.0, 1e-12, "baseline: the majority share");
	is_num(ta.value, (ta.accuracy - ta.baseline) / (1 - ta.baseline),
	    1e-12, "value: the gain over the majority, as a share");
	ok(ta.value > 0.3, "words that lean by class: %.3f", ta.value);
	assoc_column(t, 1, NULL, &L, NULL, &a);
	ok(a.measure == ASSOC_TEXT_NB && a.value == ta.value && a.n == 80 &&
	    a.labelled == 80, "assoc_column: text_nb for text");
	is(assoc_measure_name(ASSOC_TEXT_NB), "text_nb", "its name");
	labels_release(&L);
	table_free(t);

	/* free text that gives the label away: every cell distinct (V sees
	 * only "other"), words by class */
	p = csv;
	p += sprintf(p, "lab,text,noise\n");
	for (i = 0; i < 3000; i++) {
		const char *lab = i % 3 == 0 ? "refund" : i % 3 == 1 ?
		    "shipping" : "login";

		seed = seed * 1103515245u + 12345u;
		p += sprintf(p, "%s,\"order %d about my %s, please help\","
		    "\"case %d: %s %s\"\n", lab, i, i % 3 == 0 ? "money back" :
		    i % 3 == 1 ? "parcel delivery" : "password reset", i,
		    wc[(seed >> 16) % 6], wa[(seed >> 20) % 4]);
	}
	t = load_str(csv);
	labels_of(&L, t, "lab");
	assoc_column(t, 1, NULL, &L, NULL, &a);
	ok(a.measure == ASSOC_TEXT_NB && a.value > 0.95,
	    "telling words: near 1 (%.3f)", a.value);
	assoc_column(t, 2, NULL, &L, NULL, &a);
	ok(a.measure == ASSOC_TEXT_NB && a.value < 0.05,
	    "words unrelated to the label: near 0 (%.3f)", a.value);
	labels_release(&L);
	table_free(t);

	/* missing is a token: text missing exactly in one class */
	t = load_str("lab,t\na,some words here\na,more words there\nb,\n"
	    "b,NA\na,words again\nb,\na,still words\nb,\n");
	labels_of(&L, t, "lab");
	textassoc_column(t, 1, NULL, &L, &ta);
	is_num(ta.value, 1, 1e-12, "missing in one class only: 1");
	labels_release(&L);
	table_free(t);

	/* bounded: past TEXTASSOC_ROWS labelled rows, an even sample */
	p = csv;
	p += sprintf(p, "lab,t\n");
	for (i = 0; i < TEXTASSOC_ROWS + 5000; i++)
		p += sprintf(p, "%s,\"word%d and w%d\"\n", i % 2 ? "x" : "y",
		    i % 7, i % 2);
	p += sprintf(p, ",\"no label\"\n");
	t = load_str(csv);
	labels_of(&L, t, "lab");
	textassoc_column(t, 1, NULL, &L, &ta);
	ok(ta.n == TEXTASSOC_ROWS && ta.labelled == TEXTASSOC_ROWS + 5000,
	    "%u of %u labelled rows enter", (unsigned)ta.n,
	    (unsigned)ta.labelled);
	is_num(ta.value, 1, 1e-12, "the word w0/w1 is the label: 1");
	is_num(ta.baseline, 0.5, 1e-12, "the sample keeps the balance");
	labels_release(&L);
	table_free(t);

	/* undefined: one class */
	t = load_str("lab,t\na,one two\na,three four\n");
	labels_of(&L, t, "lab");
	textassoc_column(t, 1, NULL, &L, &ta);
	ok(isnan(ta.value) && ta.n == 2, "one class: undefined");
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
	test_text();
	test_cancel();
	return done_testing();
}
