/*
 * t1030-sample - seeded samples: repeatable, ascending, uniform enough,
 * and stratified samples with the promised proportions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/data/sample.h"
#include "tests/tap.h"
#include "tests/util.h"

static int
ascending(const struct rowset *rs)
{
	uint64_t i;

	for (i = 1; i < rs->n; i++)
		if (rs->row[i - 1] >= rs->row[i])
			return 0;
	return 1;
}

static int
same_rows(const struct rowset *a, const struct rowset *b)
{
	return a->n == b->n && (a->n == 0 ||
	    memcmp(a->row, b->row, a->n * sizeof *a->row) == 0);
}

static void
test_reservoir(void)
{
	struct rowset a, b, from;
	uint64_t i, hits[100] = { 0 }, lo = UINT64_MAX, hi = 0;
	int seed, good = 1;

	rowset_init(&a);
	rowset_init(&b);
	rowset_init(&from);
	sample_reservoir(NULL, 1000, 10, 42, &a);
	sample_reservoir(NULL, 1000, 10, 42, &b);
	is_int(a.n, 10, "10 rows");
	ok(ascending(&a), "ascending");
	ok(same_rows(&a, &b), "same seed, same rows");
	for (i = 0; i < a.n; i++)
		good &= a.row[i] < 1000;
	ok(good, "rows in range");
	sample_reservoir(NULL, 1000, 10, 43, &b);
	ok(!same_rows(&a, &b), "another seed, other rows");
	/* the stream is fixed: this is what seed 42 gives, on any
	 * platform (a change here changes every user's samples) */
	sample_reservoir(NULL, 20, 3, 42, &b);
	ok(b.n == 3 && b.row[0] == 2 && b.row[1] == 3 && b.row[2] == 4,
	    "seed 42, 3 of 20: rows 2 3 4");
	sample_reservoir(NULL, 20, 3, 42, &a);
	ok(same_rows(&a, &b), "repeatable on small inputs too");

	sample_reservoir(NULL, 5, 10, 1, &a);
	ok(a.n == 5 && a.row[0] == 0 && a.row[4] == 4, "n >= rows: all");
	sample_reservoir(NULL, 5, 0, 1, &a);
	is_int(a.n, 0, "n = 0: nothing");
	sample_reservoir(NULL, 0, 10, 1, &a);
	is_int(a.n, 0, "no rows: nothing");

	/* from a rowset: members only, ascending even if from is not */
	for (i = 0; i < 50; i++)
		rowset_push(&from, (uint32_t)(1000 - 7 * i));
	sample_reservoir(&from, 0, 20, 9, &a);
	is_int(a.n, 20, "20 of a 50-row set");
	ok(ascending(&a), "ascending from a descending set");
	for (good = 1, i = 0; i < a.n; i++)
		good &= (1000 - a.row[i]) % 7 == 0 && a.row[i] > 1000 - 7 * 50;
	ok(good, "only members of the set");

	/* uniform: 2000 samples of 10 from 100, each row ~200 times */
	for (seed = 0; seed < 2000; seed++) {
		sample_reservoir(NULL, 100, 10, (uint64_t)seed, &a);
		for (i = 0; i < a.n; i++)
			hits[a.row[i]]++;
	}
	for (i = 0; i < 100; i++) {
		if (hits[i] < lo)
			lo = hits[i];
		if (hits[i] > hi)
			hi = hits[i];
	}
	diag("row chosen between %llu and %llu times (expected 200)",
	    (unsigned long long)lo, (unsigned long long)hi);
	ok(lo > 140 && hi < 260, "every row about equally likely");
	rowset_release(&a);
	rowset_release(&b);
	rowset_release(&from);
}

static void
test_allocate(void)
{
	uint64_t q[5];
	static const uint64_t s1[3] = { 50, 30, 20 }, s2[3] = { 1, 1, 98 },
	    s3[4] = { 5, 3, 0, 7 }, s4[3] = { 254, 79, 73 },
	    s5[2] = { 3, 3 };

	sample_allocate(s1, 3, 10, q);
	ok(q[0] == 5 && q[1] == 3 && q[2] == 2, "50/30/20 of 10: 5 3 2");
	/* floors 0 0 9, remainder to the .8, then the two small strata
	 * take one each from the largest */
	sample_allocate(s2, 3, 10, q);
	ok(q[0] == 1 && q[1] == 1 && q[2] == 8, "1/1/98 of 10: 1 1 8");
	sample_allocate(s3, 4, 2, q);
	ok(q[0] == 1 && q[1] == 0 && q[2] == 0 && q[3] == 1,
	    "fewer rows than strata: the largest strata");
	/* 40 * (254, 79, 73) / 406 = 25.02 7.78 7.19 */
	sample_allocate(s4, 3, 40, q);
	ok(q[0] == 25 && q[1] == 8 && q[2] == 7, "cars labels: 25 8 7");
	sample_allocate(s4, 3, 1000, q);
	ok(q[0] == 254 && q[1] == 79 && q[2] == 73, "more than all: all");
	/* a tie of remainders goes to the lower index */
	sample_allocate(s5, 2, 3, q);
	ok(q[0] == 2 && q[1] == 1, "ties to the lower index");
	sample_allocate(s5, 2, 0, q);
	ok(q[0] == 0 && q[1] == 0, "n = 0");
	q[0] = q[1] = 9;
	sample_allocate(s3 + 2, 1, 5, q);
	ok(q[0] == 0, "an empty stratum gets nothing");
}

static void
test_stratified(void)
{
	struct table *t = load_src("datasets/cars.csv", NULL);
	struct labels L;
	struct rowset a, b;
	struct err e;
	uint64_t cnt[4] = { 0 }, i;
	int usa, japan, europe;

	labels_init(&L, t, table_col_index(t, "label"), LABELS_FIRST_SEEN,
	    &e);
	rowset_init(&a);
	rowset_init(&b);
	sample_stratified(NULL, t->nrows, &L, 40, 7, &a);
	sample_stratified(NULL, t->nrows, &L, 40, 7, &b);
	is_int(a.n, 40, "40 rows");
	ok(ascending(&a), "ascending");
	ok(same_rows(&a, &b), "same seed, same rows");
	for (i = 0; i < a.n; i++)
		cnt[L.y[a.row[i]]]++;
	usa = labels_find(&L, "USA", 3);
	japan = labels_find(&L, "Japan", 5);
	europe = labels_find(&L, "Europe", 6);
	ok(cnt[usa] == 25 && cnt[japan] == 8 && cnt[europe] == 7,
	    "proportions 25 8 7");
	sample_stratified(NULL, t->nrows, &L, 40, 8, &b);
	ok(!same_rows(&a, &b), "another seed, other rows");
	sample_stratified(NULL, t->nrows, &L, 2, 7, &a);
	ok(a.n == 2, "2 rows for 3 classes");
	for (i = 0; i < 4; i++)
		cnt[i] = 0;
	for (i = 0; i < a.n; i++)
		cnt[L.y[a.row[i]]]++;
	ok(cnt[usa] == 1 && cnt[japan] == 1, "the two largest classes");
	sample_stratified(NULL, t->nrows, &L, 10000, 7, &a);
	is_int(a.n, t->nrows, "more than all: all rows");
	rowset_release(&a);
	rowset_release(&b);
	labels_release(&L);
	table_free(t);

	/* rows without a label form their own stratum */
	{
		const char *s = "y,i\na,1\na,2\na,3\na,4\n,5\n,6\nb,7\nb,8\n";

		t = csvload_mem("t.csv", s, strlen(s), NULL, &e);
		labels_init(&L, t, 0, LABELS_FIRST_SEEN, &e);
		rowset_init(&a);
		sample_stratified(NULL, t->nrows, &L, 4, 3, &a);
		for (i = 0; i < 4; i++)
			cnt[i] = 0;
		for (i = 0; i < a.n; i++)
			cnt[L.y[a.row[i]] == LABELS_NONE ? 2 :
			    L.y[a.row[i]]]++;
		ok(a.n == 4 && cnt[0] == 2 && cnt[1] == 1 && cnt[2] == 1,
		    "4 of a4 b2 none2: 2 1 1");
		rowset_release(&a);
		labels_release(&L);
		table_free(t);
	}
}

int
main(void)
{
	test_reservoir();
	test_allocate();
	test_stratified();
	return done_testing();
}
