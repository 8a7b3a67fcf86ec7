/*
 * t0040-rowsort - sorting rows by columns: ranks of values (numbers by
 * value, text by bytes, equal numbers tied, missing apart), ascending
 * and descending with missing cells last either way, stability, several
 * keys (also more than one 64-bit key holds), cancelling and bad keys.
 * The expected orders are worked out by hand from the small tables
 * below, and for a random table by a plain comparison sort of the same
 * rows (sort_stable with a comparator that reads the cells).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/order/rowsort.h"
#include "core/util/rng.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

/* The rows 0 .. n-1 of t sorted by keys, as "a b c" of 1-based rows. */
static char *
order(const struct table *t, const struct rowsort_key *keys, size_t nk)
{
	uint32_t *rows = xmalloc((t->nrows + 1) * sizeof *rows), i;
	char *s = xcalloc(t->nrows * 12 + 1, 1);
	size_t o = 0;
	struct err e;

	for (i = 0; i < t->nrows; i++)
		rows[i] = i;
	if (rowsort(t, keys, nk, rows, t->nrows, NULL, &e) != 0)
		die("rowsort: %s", e.msg);
	for (i = 0; i < t->nrows; i++)
		o += (size_t)sprintf(s + o, "%s%u", i ? " " : "", rows[i] + 1);
	free(rows);
	return s;
}

static void
check_order(const struct table *t, const struct rowsort_key *keys,
    size_t nk, const char *want, const char *name)
{
	char *got = order(t, keys, nk);

	is(got, want, name);
	free(got);
}

/*
 * The ranks of column c's values, row by row: nwant distinct ranks, and
 * row i (from 1) ranked as the i-th word of want ("-": missing).
 */
static void
check_ranks(const struct table *t, const char *col, uint32_t nwant,
    const char *want)
{
	const struct column *c = &t->col[col_of(t, col)];
	uint32_t *r, nr = 99;
	uint64_t i;
	char name[80];

	r = rowsort_ranks(c, &nr);
	snprintf(name, sizeof name, "%s: %u ranks", col, nwant);
	is_int(nr, nwant, name);
	for (i = 0; i < t->nrows; i++) {
		size_t len;

		want += strspn(want, " ");
		len = strcspn(want, " ");
		snprintf(name, sizeof name, "%s: row %llu ranks %.*s", col,
		    (unsigned long long)i + 1, *want == '-' ? 7 : (int)len,
		    *want == '-' ? "missing" : want);
		is_int(r[c->code[i]], *want == '-' ? ROWSORT_MISSING :
		    strtoul(want, NULL, 10), name);
		want += len;
	}
	free(r);
}

static void
test_ranks(void)
{
	/* row:     1    2    3     4    5    6 */
	struct table *t = load_str("n,s\n"
	    "3,pear\n"
	    "1,apple\n"
	    "1.0,\n"
	    ",Apple\n"
	    "-2,apple\n"
	    "10,ap\n");

	if (!coltype_numeric(t->col[col_of(t, "n")].type))
		die("column n should be numeric");
	/* -2 first, 1.0 ties with 1, then 3, and 10 after 3 (a number, not
	 * text); the empty cell is missing */
	check_ranks(t, "n", 4, "2 1 1 - 0 3");
	/* Apple before the lower case (bytes), ap before apple (a prefix
	 * first), the same text the same rank, pear last; the empty text
	 * is missing */
	check_ranks(t, "s", 4, "3 2 - 0 2 1");
	table_free(t);
}

static void
test_small(void)
{
	/* row:     1      2      3      4      5      6      7 */
	struct table *t = load_str("k,v,w\n"
	    "b,2,x\n"
	    "a,,y\n"
	    "b,1,z\n"
	    "a,2,x\n"
	    ",3,y\n"
	    "b,2,z\n"
	    "a,1,x\n");
	struct rowsort_key k[3];
	int kc = (int)col_of(t, "k"), vc = (int)col_of(t, "v");
	int wc = (int)col_of(t, "w");

	k[0] = (struct rowsort_key){ vc, 0 };
	check_order(t, k, 1, "3 7 1 4 6 5 2",
	    "v ascending: ties in file order, missing last");
	k[0].desc = 1;
	check_order(t, k, 1, "5 1 4 6 3 7 2",
	    "v descending: ties still in file order, missing still last");
	k[0] = (struct rowsort_key){ kc, 0 };
	k[1] = (struct rowsort_key){ vc, 1 };
	check_order(t, k, 2, "4 7 2 1 6 3 5",
	    "k up, then v down: a's 2 1 missing, b's 2 2 1, missing k last");
	k[1] = (struct rowsort_key){ wc, 0 };
	k[2] = (struct rowsort_key){ vc, 0 };
	check_order(t, k, 3, "7 4 2 1 3 6 5", "three keys");
	check_order(t, k, 0, "1 2 3 4 5 6 7", "no key: the order given");
	table_free(t);
}

/* More keys than one 64-bit key holds: 40 copies of a two-bit key
 * (three values and missing), then a last one that breaks its ties. */
static void
test_wide(void)
{
	struct table *t = load_str("b,i\n"
	    "1,4\n"
	    "0,3\n"
	    ",2\n"
	    "1,1\n"
	    "0,9\n"
	    "1,0\n");
	struct rowsort_key k[41];
	size_t i;

	for (i = 0; i < 40; i++) {
		k[i].col = (int)col_of(t, "b");
		k[i].desc = 1;
	}
	k[40].col = (int)col_of(t, "i");
	k[40].desc = 0;
	check_order(t, k, 41, "6 4 1 2 5 3",
	    "41 keys in two groups: b down, then i up, missing b last");
	table_free(t);
}

/* The reference: compare the rows cell by cell. */
struct ref {
	const struct table *t;
	const struct rowsort_key *k;
	size_t nk;
};

static int
ref_cmp(const void *a, const void *b, void *ctx)
{
	const struct ref *R = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	size_t i, nx, ny;

	for (i = 0; i < R->nk; i++) {
		int c = R->k[i].col, mx = table_missing(R->t, (size_t)c, x);
		int my = table_missing(R->t, (size_t)c, y), d;

		if (mx || my) {
			if (mx != my)
				return mx - my;
			continue;
		}
		if (coltype_numeric(R->t->col[c].type)) {
			double p = table_num(R->t, (size_t)c, x);
			double q = table_num(R->t, (size_t)c, y);

			d = (p > q) - (p < q);
		} else {
			const char *p = table_cell(R->t, (size_t)c, x, &nx);
			const char *q = table_cell(R->t, (size_t)c, y, &ny);

			d = memcmp(p, q, nx < ny ? nx : ny);
			if (!d)
				d = (nx > ny) - (nx < ny);
		}
		if (d)
			return R->k[i].desc ? -d : d;
	}
	return 0;
}

static void
test_random(void)
{
	static const char *const words[] = { "ant", "bee", "Cat", "dog", "",
	    "eel", "ant bee", "NA" };
	size_t cap = 1 << 20, o = 0, i, nk, round;
	char *csv = xmalloc(cap);
	struct rng g;
	struct table *t;
	uint32_t *got, *want, n, m;
	struct rowsort_key k[3];
	struct ref R;
	struct err e;
	int same;

	rng_seed(&g, 7, 0);
	o += (size_t)sprintf(csv + o, "a,b,c,d\n");
	for (i = 0; i < 5000; i++) {
		uint64_t r = rng_next(&g);

		if (r % 13 == 0)
			o += (size_t)sprintf(csv + o, ",");
		else
			o += (size_t)sprintf(csv + o, "%d,",
			    (int)(r % 50) - 25);
		o += (size_t)sprintf(csv + o, "%s,%.2f,", words[(r >> 8) %
		    8], (double)((r >> 16) % 400) / 8.0);
		/* many distinct texts that share their first 8, 16, 24
		 * bytes, some ending where others go on */
		o += (size_t)sprintf(csv + o, "the parcel %s arrived %llu%s\n",
		    words[(r >> 24) % 8], (unsigned long long)(r >> 32) % 900,
		    (r >> 44) & 1 ? " late" : "");
	}
	t = load_str(csv);
	free(csv);
	n = (uint32_t)t->nrows;
	got = xmalloc(n * sizeof *got);
	want = xmalloc(n * sizeof *want);
	for (round = 0; round < 8; round++) {
		/* a subset of the rows, in file order, as a rowset is */
		for (i = 0, m = 0; i < n; i++)
			if ((rng_next(&g) & 3) != 0)
				got[m] = want[m] = (uint32_t)i, m++;
		nk = 1 + round % 3;
		for (i = 0; i < nk; i++) {
			k[i].col = (int)((round + i) % 4);
			k[i].desc = (int)(rng_next(&g) & 1);
		}
		R.t = t;
		R.k = k;
		R.nk = nk;
		sort_stable(want, m, sizeof *want, ref_cmp, &R);
		if (rowsort(t, k, nk, got, m, NULL, &e) != 0)
			die("rowsort: %s", e.msg);
		same = memcmp(got, want, m * sizeof *got) == 0;
		ok(same, "random table, %zu key%s from column %d: the "
		    "reference order", nk, nk > 1 ? "s" : "", k[0].col);
	}
	free(got);
	free(want);
	table_free(t);
}

static void
cancel_fn(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	(void)ctx;
	(void)what;
	(void)done;
	(void)total;
}

static void
test_errors(void)
{
	struct table *t = load_str("a\n2\n1\n3\n");
	struct rowsort_key k = { 5, 0 };
	uint32_t rows[3] = { 0, 1, 2 };
	atomic_int stop = 1;
	struct progress p = { cancel_fn, NULL, &stop };
	struct err e;

	err_clear(&e);
	is_int(rowsort(t, &k, 1, rows, 3, NULL, &e), -1, "a column that is "
	    "not there fails");
	is_int(e.code, ERR_USAGE, "as a usage error");
	k.col = -1;
	is_int(rowsort(t, &k, 1, rows, 3, NULL, &e), -1, "so does -1");
	k.col = 0;
	err_clear(&e);
	is_int(rowsort(t, &k, 1, rows, 3, &p, &e), -1, "a cancelled sort "
	    "fails");
	is_int(e.code, ERR_CANCEL, "as cancelled");
	stop = 0;
	is_int(rowsort(t, &k, 1, rows, 3, &p, &e), 0, "not cancelled: sorts");
	ok(rows[0] == 1 && rows[1] == 0 && rows[2] == 2, "1 2 3");
	is_int(rowsort(t, &k, 1, rows, 0, NULL, &e), 0, "no rows: nothing "
	    "to do");
	is_int(rowsort(t, &k, 1, rows, 1, NULL, &e), 0, "one row: nothing "
	    "to do");
	table_free(t);
}

int
main(void)
{
	test_ranks();
	test_small();
	test_wide();
	test_random();
	test_errors();
	return done_testing();
}
