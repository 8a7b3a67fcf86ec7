/*
 * t0140-repeated-header - a header line repeated in the middle of a file
 * (files concatenated with their headers) is a warning that names its
 * line; with drop_repeated_header those lines are no rows.  The same
 * with 1, 2 and 4 threads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static struct table *
load(const char *s, size_t n, const struct csvload_opts *o, struct err *e)
{
	err_clear(e);
	warnings[0] = '\0';
	return csvload_mem("t.csv", s, n, o, e);
}

static void
test_small(void)
{
	static const char csv[] = "id,x,label\n1,2,a\n2,3,b\n"
	    "id,x,label\n3,4,a\nid,x,label\n";
	static const char near[] = "id,x,label\n1,2,a\nid,x,labels\n"
	    "id,x\n";
	struct csvload_opts o;
	struct err e;
	struct table *t;

	csvload_opts_init(&o);
	t = load(csv, sizeof csv - 1, &o, &e);
	ok(t && t->nrows == 5 && t->nrepeated == 2, "kept as rows by "
	    "default, and counted");
	ok(strstr(warnings, "t.csv:4: the header line again") != NULL &&
	    strstr(warnings, "t.csv:6: the header line again") != NULL,
	    "a warning names each line");
	ok(t && t->col[1].type == COLTYPE_CAT, "(so x is no number)");
	table_free(t);

	o.drop_repeated_header = 1;
	t = load(csv, sizeof csv - 1, &o, &e);
	ok(t && t->nrows == 3, "dropped with drop_repeated_header");
	ok(t && t->col[1].type == COLTYPE_INT && t->col[2].ndistinct == 2,
	    "x is a number again, the labels are a and b");
	ok(t && t->line[2] == 5 && t->ndropped == 2 && t->dropped[0] == 4 &&
	    t->dropped[1] == 6, "lines of the rows and of the dropped");
	ok(strstr(warnings, "t.csv:4: the header line again; dropped") !=
	    NULL, "the warning says dropped");
	table_free(t);

	o.drop_repeated_header = 0;
	t = load(near, sizeof near - 1, &o, &e);
	ok(t == NULL, "a near miss with another field count is ragged");
	o.ragged = CSVLOAD_RAGGED_PAD;
	t = load(near, sizeof near - 1, &o, &e);
	ok(t && t->nrepeated == 0 && warnings[0] != '\0' &&
	    !strstr(warnings, "header line again"), "near misses are not "
	    "the header");
	table_free(t);

	o.ragged = CSVLOAD_RAGGED_ERROR;
	o.no_header = 1;
	t = load(csv, sizeof csv - 1, &o, &e);
	ok(t && t->nrows == 6 && t->nrepeated == 0, "no header: nothing "
	    "to repeat");
	table_free(t);
	o.no_header = 0;
	t = load(",,\n1,2,3\n,,\n", 12, &o, &e);
	ok(t && t->nrepeated == 0, "blank names are no header to repeat");
	table_free(t);
}

static void
test_parallel(void)
{
	struct csvload_opts o;
	struct err e;
	struct table *t1, *t2, *t4;
	size_t cap = 30u << 20, n = 0, i;
	char *buf = xmalloc(cap), w1[8192];
	int drop;

	n += (size_t)sprintf(buf, "id,num,text\n");
	for (i = 1; i <= 900000; i++) {
		if (i % 150000 == 0)
			n += (size_t)sprintf(buf + n, "id,num,text\n");
		n += (size_t)sprintf(buf + n, "%zu,%zu,\"t %zu\nmore\"\n", i,
		    i % 1000, i % 7);
	}
	for (drop = 0; drop < 2; drop++) {
		csvload_opts_init(&o);
		o.drop_repeated_header = drop;
		o.threads = 1;
		t1 = load(buf, n, &o, &e);
		snprintf(w1, sizeof w1, "%s", warnings);
		o.threads = 2;
		t2 = load(buf, n, &o, &e);
		o.threads = 4;
		t4 = load(buf, n, &o, &e);
		ok(t1 && t1->nrepeated == 6 && t1->nrows == (drop ? 900000 :
		    900006), "%zu MB, %s: six repeats", n >> 20, drop ?
		    "dropped" : "kept");
		ok(strstr(w1, "t.csv:300000: the header line again") != NULL,
		    "the first named by its line");
		ok(t1 && t2 && t4 && table_same_rows(t1, t2) &&
		    table_same_rows(t1, t4), "2 and 4 threads: the same "
		    "rows and lines");
		ok(strcmp(w1, warnings) == 0, "and the same warnings");
		table_free(t1);
		table_free(t2);
		table_free(t4);
	}
	free(buf);
}

int
main(void)
{
	log_set_sink(capture, NULL);
	test_small();
	test_parallel();
	return done_testing();
}
