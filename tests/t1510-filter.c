/*
 * t1510-filter - the filter stack: regex on one column and on every
 * text column, row-set filters, push and pop, counts, threads,
 * cancellation and expensive patterns.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/data/filter/filter.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static struct rx *
rx(const char *p)
{
	struct err e;

	return rx_compile(p, strlen(p), RX_SMARTCASE, NULL, &e);
}

/* s loaded with note as a text column. */
static struct table *
load(const char *s)
{
	static const char *const text[] = { "note", NULL };

	return load_str_with(s, text, NULL);
}

static void
test_stack(void)
{
	struct table *t = load("id,kind,note,n\n"
	    "1,cat,the quick fox,1\n"
	    "2,dog,lazy dog,2\n"
	    "3,cat,Fox again,3\n"
	    "4,bird,nothing,4\n"
	    "5,cat,,5\n");
	struct filter_stack fs;
	struct filter f;
	struct err e;
	struct rowset rs;
	int c_note = table_col_index(t, "note");
	int c_kind = table_col_index(t, "kind");

	ok(t != NULL, "table loads");
	filter_stack_init(&fs, t);
	is_int(filter_stack_rows(&fs)->n, 5, "no filter: every row");
	ok(filter_stack_top(&fs) == NULL, "no top filter");
	is_int(filter_stack_pop(&fs), -1, "pop on empty fails");

	is_int(filter_make_rx(&f, t, filter_stack_rows(&fs), c_note,
	    rx("fox"), 0, NULL, &e), 0, "regex filter runs");
	is_int(f.rows.n, 2, "two rows mention fox (smart case)");
	is(f.desc, "note ~ /fox/i", "description");
	filter_stack_push(&fs, &f);
	ok(f.rows.row == NULL && f.desc == NULL, "push takes ownership");
	is_int(filter_stack_rows(&fs)->n, 2, "top has two rows");

	is_int(filter_make_rx(&f, t, filter_stack_rows(&fs), c_kind,
	    rx("^cat$"), 0, NULL, &e), 0, "second filter on the first");
	is_int(f.rows.n, 2, "both fox rows are cats");
	filter_stack_push(&fs, &f);
	is_int(filter_make_rx(&f, t, filter_stack_rows(&fs), c_note,
	    rx("Fox"), 0, NULL, &e), 0, "case-sensitive filter");
	is_int(f.rows.n, 1, "one row has Fox");
	is_int(f.rows.row[0], 2, "it is row 2");
	filter_stack_push(&fs, &f);
	is_int(fs.n, 3, "three levels");
	is_int(filter_stack_pop(&fs), 0, "pop");
	is_int(filter_stack_rows(&fs)->n, 2, "back to two rows");
	filter_stack_truncate(&fs, 0);
	is_int(filter_stack_rows(&fs)->n, 5, "truncate to nothing");

	is_int(filter_make_rx(&f, t, filter_stack_rows(&fs), -1, rx("o"),
	    0, NULL, &e), 0, "all-columns filter");
	/* 'o' in note (1, 2, 3, 4) or kind (dog: 2); not the numbers */
	is_int(f.rows.n, 4, "rows with an o in any text column");
	is(f.desc, "any ~ /o/i", "all-columns description");
	filter_stack_push(&fs, &f);
	is_int(filter_make_rx(&f, t, filter_stack_rows(&fs), -1, rx("^b"),
	    0, NULL, &e), 0, "all-columns filter on a subset");
	is_int(f.rows.n, 1, "bird row");
	filter_release(&f);
	is_int(filter_make_rx(&f, t, filter_stack_rows(&fs), c_note,
	    rx("^$"), 0, NULL, &e), 0, "empty cell pattern");
	is_int(f.rows.n, 0, "the empty note is not in the subset");
	filter_release(&f);
	is_int(filter_make_rx(&f, t, &fs.all, c_note, rx("^$"), 0, NULL,
	    &e), 0, "empty cell pattern on all rows");
	is_int(f.rows.n, 1, "one empty note");
	filter_release(&f);

	rowset_init(&rs);
	rowset_push(&rs, 0);
	rowset_push(&rs, 4);
	filter_make_rows(&f, &rs, "kind = cat");
	ok(rs.row == NULL, "row filter takes the rows");
	filter_stack_push(&fs, &f);
	is_int(filter_stack_rows(&fs)->n, 2, "row-set filter");
	is(filter_stack_top(&fs)->desc, "kind = cat", "its description");
	filter_stack_release(&fs);
	filter_stack_release(NULL);
	filter_release(NULL);
	table_free(t);
}

/* Many distinct values: the threaded path must agree with one thread. */
static void
test_threads(void)
{
	size_t cap = 64, n = 0, i;
	char *csv = xmalloc(cap);
	struct table *t;
	struct rowset all, a, b, sub;
	struct err e;
	struct rx *r;
	atomic_int cancel = 0;
	struct progress p = { cancel_at_first, &cancel, &cancel };
	int same = 1;

	n = (size_t)snprintf(csv, cap, "id,note\n");
	for (i = 0; i < 50000; i++) {
		char line[64];
		int k = snprintf(line, sizeof line, "%zu,word%zu %s\n", i,
		    i * 7919 % 100003, i % 3 ? "plain" : "special");

		csv = xgrow(csv, &cap, n + (size_t)k + 1, 1);
		memcpy(csv + n, line, (size_t)k + 1);
		n += (size_t)k;
	}
	t = load(csv);
	free(csv);
	ok(t && t->nrows == 50000, "big table loads");
	rowset_init(&all);
	rowset_init(&a);
	rowset_init(&b);
	rowset_init(&sub);
	rowset_all(&all, t->nrows);
	r = rx("special$");
	is_int(filter_rx_rows(t, &all, 1, r, 1, &a, NULL, &e), 0,
	    "one thread");
	is_int(filter_rx_rows(t, &all, 1, r, 2, &b, NULL, &e), 0,
	    "two threads");
	is_int(a.n, 16667, "a third of the rows");
	is_int(b.n, a.n, "same count with two threads");
	for (i = 0; i < a.n && i < b.n; i++)
		same &= a.row[i] == b.row[i];
	ok(same, "same rows, ascending");
	for (i = 0; i < 50000; i += 10)
		rowset_push(&sub, (uint32_t)i);
	is_int(filter_rx_rows(t, &sub, 1, r, 2, &a, NULL, &e), 0,
	    "on a subset");
	is_int(a.n, 1667, "rows of the subset");
	err_clear(&e);
	is_int(filter_rx_rows(t, &all, 1, r, 2, &a, &p, &e), -1,
	    "cancelled scan fails");
	is_int(e.code, ERR_CANCEL, "with ERR_CANCEL");
	rx_free(r);
	table_free(t);
	{
		char *big = xmalloc(20000);

		strcpy(big, "id,note\n1,short\n2,");
		n = strlen(big);
		memset(big + n, 'a', 5000);
		strcpy(big + n + 5000, "b\n3,other\n");
		t = load(big);
		free(big);
	}
	rowset_all(&all, t->nrows);
	r = rx("(a+)+$");
	err_clear(&e);
	is_int(filter_rx_rows(t, &all, 1, r, 2, &a, NULL, &e), -1,
	    "expensive pattern on a long field fails");
	ok(strstr(e.msg, "pattern too expensive") != NULL, "and says so: %s",
	    e.msg);
	rx_free(r);
	rowset_release(&all);
	rowset_release(&a);
	rowset_release(&b);
	rowset_release(&sub);
	table_free(t);
}

int
main(void)
{
	test_stack();
	test_threads();
	return done_testing();
}
