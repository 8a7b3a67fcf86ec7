/*
 * t1045-labelhealth - the label check on a crafted file
 * (tests/data/labelhealth.csv, 32 rows):
 *   rows 1-2   the same text (" Refund please " trimmed) labelled
 *              "Refund" and "refund " (a variant pair and a conflict)
 *   rows 3-5   identical, labelled billing, billing, Billing (conflict)
 *   rows 6-8   identical up to missing markers ("" and NA), labelled
 *              shipping, shipping and nothing (duplicates, no conflict)
 *   rows 9-10  differ in amount: not duplicates
 *   row 11     the only "tiny" row
 *   rows 12-31 ten shipping and ten billing rows, all different
 *   row 32     empty, without a label
 * Classes: shipping 13, billing 12, and five of one row each (Refund,
 * "refund ", Billing, returns, tiny); 30 labelled rows.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/stats/labelhealth.h"
#include "tests/tap.h"
#include "tests/util.h"

static const struct labelhealth_finding *
nth(const struct labelhealth *h, enum labelhealth_kind k, int n)
{
	size_t i;

	for (i = 0; i < h->nfind; i++)
		if (h->find[i].kind == k && n-- == 0)
			return &h->find[i];
	return NULL;
}

static int
count_kind(const struct labelhealth *h, enum labelhealth_kind k)
{
	size_t i;
	int n = 0;

	for (i = 0; i < h->nfind; i++)
		n += h->find[i].kind == k;
	return n;
}

static const char *
cname(const struct labels *L, const struct labelhealth_finding *f,
    uint32_t i)
{
	return L->name[f->cls[i]];
}

static void
test_all_rows(void)
{
	struct table *t = load_src("tests/data/labelhealth.csv", NULL);
	struct labels L;
	struct labelhealth h;
	const struct labelhealth_finding *f;
	struct err e;
	char kb[24];
	size_t n;
	int c;

	labels_init(&L, t, 3, LABELS_FIRST_SEEN, &e);
	ok(labelhealth_check(&h, t, &L, NULL, NULL, NULL, &e) == 0,
	    "check runs");
	is_int(h.rows, 32, "32 rows");
	is_int(h.labelled, 30, "30 labelled");
	is_int(h.present, 7, "7 classes present");
	is(L.name[h.majority], "shipping", "majority: shipping");
	is_num(h.majority_share, 13.0 / 30, 1e-12, "majority share 13/30");
	is_int(h.ncompared, 2, "text and amount compared (id, label not)");

	f = nth(&h, LABELHEALTH_MISSING, 0);
	ok(f && f->rows == 2, "2 rows without a label");
	ok(f && f->nex == 2 && f->ex[0] == 7 && f->ex[1] == 31,
	    "examples: rows 8 and 32");
	is(table_key(t, f->ex[1], kb, &n), "32", "the key of the example");

	is_int(count_kind(&h, LABELHEALTH_VARIANT), 2, "two variant groups");
	f = nth(&h, LABELHEALTH_VARIANT, 0);
	ok(f && f->ncls == 2 && strcmp(cname(&L, f, 0), "Refund") == 0 &&
	    strcmp(cname(&L, f, 1), "refund ") == 0,
	    "'Refund' and 'refund '");
	ok(f && f->rows == 2 && f->nex == 2 && f->ex[0] == 0 &&
	    f->ex[1] == 1, "with their first rows");
	f = nth(&h, LABELHEALTH_VARIANT, 1);
	ok(f && f->ncls == 2 && strcmp(cname(&L, f, 0), "billing") == 0 &&
	    strcmp(cname(&L, f, 1), "Billing") == 0, "'billing' and 'Billing'");
	ok(f && f->rows == 13 && f->cls_rows[0] == 12 && f->cls_rows[1] == 1,
	    "12 + 1 rows");

	is_int(count_kind(&h, LABELHEALTH_TINY), 5, "five tiny classes");
	f = nth(&h, LABELHEALTH_TINY, 4);
	ok(f && strcmp(cname(&L, f, 0), "tiny") == 0 && f->rows == 1 &&
	    f->nex == 1 && f->ex[0] == 10, "'tiny': 1 row, row 11");

	is_int(h.dup_groups, 3, "three groups of duplicates");
	is_int(h.conflict_groups, 2, "two of them conflict");
	is_int(h.conflict_rows, 5, "five rows in conflict");
	is_int(count_kind(&h, LABELHEALTH_CONFLICT), 2, "both listed");
	f = nth(&h, LABELHEALTH_CONFLICT, 0);
	ok(f && f->rows == 3 && f->nex == 3 && f->ex[0] == 2 &&
	    f->ex[2] == 4, "largest first: rows 3-5");
	c = f ? (int)f->ncls : 0;
	ok(c == 2 && strcmp(cname(&L, f, 0), "billing") == 0 &&
	    f->cls_rows[0] == 2 && f->cls_rows[1] == 1,
	    "billing 2, Billing 1");
	f = nth(&h, LABELHEALTH_CONFLICT, 1);
	ok(f && f->rows == 2 && f->ex[0] == 0 && f->ex[1] == 1,
	    "then rows 1-2 (equal once trimmed)");
	/* findings in the documented order */
	ok(h.find[0].kind == LABELHEALTH_MISSING &&
	    h.find[h.nfind - 1].kind == LABELHEALTH_CONFLICT,
	    "missing first, conflicts last");
	is(labelhealth_kind_name(LABELHEALTH_CONFLICT), "conflict", "names");
	labelhealth_release(&h);
	labelhealth_release(NULL);
	labels_release(&L);
	table_free(t);
}

static void
test_options_and_subsets(void)
{
	struct csvload_opts keyed = keyed_by("id");
	struct table *t = load_src("tests/data/labelhealth.csv", &keyed);
	struct labels L;
	struct labelhealth h;
	struct labelhealth_opts o;
	struct rowset rs;
	struct err e;
	atomic_int cancel;
	struct progress p = { NULL, NULL, &cancel };
	char kb[24];
	size_t n;

	labels_init(&L, t, 3, LABELS_FIRST_SEEN, &e);
	ok(!labelhealth_compares(t, &L, 0), "the --id column is not compared");
	labelhealth_opts_init(&o);
	o.tiny = 2;
	o.max_groups = 1;
	labelhealth_check(&h, t, &L, NULL, &o, NULL, &e);
	is_int(count_kind(&h, LABELHEALTH_TINY), 5, "tiny below 2: still 5");
	is_int(count_kind(&h, LABELHEALTH_CONFLICT), 1, "one group listed");
	is_int(h.conflict_groups, 2, "both counted");
	is(table_key(t, nth(&h, LABELHEALTH_CONFLICT, 0)->ex[0], kb, &n),
	    "3", "keys from the id column");
	labelhealth_release(&h);
	o.tiny = 1;
	is_int(labelhealth_check(&h, t, &L, NULL, &o, NULL, &e), 0,
	    "check with tiny below 1 runs");
	is_int(count_kind(&h, LABELHEALTH_TINY), 0, "tiny below 1: none");
	labelhealth_release(&h);

	/* a subset: rows 1, 2, 6 and 7 */
	rowset_init(&rs);
	rowset_push(&rs, 0);
	rowset_push(&rs, 1);
	rowset_push(&rs, 5);
	rowset_push(&rs, 6);
	labelhealth_check(&h, t, &L, &rs, NULL, NULL, &e);
	is_int(h.rows, 4, "subset: 4 rows");
	is_int(h.present, 3, "subset: 3 classes");
	is_int(h.dup_groups, 2, "subset: two duplicate pairs");
	is_int(h.conflict_groups, 1, "subset: one conflict");
	is_int(count_kind(&h, LABELHEALTH_MISSING), 0, "subset: all labelled");
	labelhealth_release(&h);

	/* empty set */
	rowset_release(&rs);
	labelhealth_check(&h, t, &L, &rs, NULL, NULL, &e);
	ok(h.rows == 0 && h.nfind == 0 && isnan(h.majority_share) &&
	    h.majority == LABELS_NONE, "empty set: nothing to say");
	labelhealth_release(&h);

	labels_release(&L);
	table_free(t);

	/* unique integer columns (row numbers) are not compared */
	{
		static const char csv[] = "k,n,y\n1,10,a\n2,20,b\n3,30,a\n";

		t = load_str(csv);
		labels_init(&L, t, 2, LABELS_FIRST_SEEN, &e);
		is_int(labelhealth_check(&h, t, &L, NULL, NULL, NULL, &e), 0,
		    "check of a table with row numbers runs");
		is_int(h.ncompared, 0, "unique integer columns left out");
		is_int(h.dup_groups, 0, "so no duplicates");
		labelhealth_release(&h);
		labels_release(&L);
		table_free(t);
	}

	t = load_src("tests/data/labelhealth.csv", NULL);
	labels_init(&L, t, 3, LABELS_FIRST_SEEN, &e);
	atomic_init(&cancel, 1);
	err_clear(&e);
	ok(labelhealth_check(&h, t, &L, NULL, NULL, &p, &e) == -1 &&
	    e.code == ERR_CANCEL && h.nfind == 0, "cancelled");
	labels_release(&L);
	table_free(t);
}

int
main(void)
{
	test_all_rows();
	test_options_and_subsets();
	return done_testing();
}
