/*
 * t4020-jmerge - two reviewers' journals: agreement, Cohen's kappa on a
 * hand-computed example, conflicts, the merged journal, refusals.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/fingerprint.h"
#include "core/review/jmerge.h"
#include "core/review/journal.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static struct journal *
new_journal(const char *name, const struct fingerprint *fp,
    const char *reviewer)
{
	char *p = tpath(name);
	struct journal_opts o = journal_writing(fp, reviewer, "label");
	struct journal *j;
	struct err e;

	o.id_col = "id";
	j = journal_open(p, &o, &e);
	if (!j)
		BUG("%s", e.msg);
	free(p);
	return j;
}

static struct journal *
reopen(const char *name)
{
	char *p = tpath(name);
	struct journal *j;
	struct err e;

	j = journal_open(p, NULL, &e);
	if (!j)
		BUG("%s", e.msg);
	free(p);
	return j;
}

/* Decide key: "drop", "=" (reject: given stays), else relabel to it. */
static void
decide(struct journal *j, const char *key, const char *given,
    const char *what, int64_t t)
{
	struct journal_decision d;
	struct err e;

	journal_decision_init(&d, JOURNAL_RELABEL, key, strlen(key));
	d.given = given;
	d.given_len = strlen(given);
	d.time_ms = t;
	if (strcmp(what, "DROP") == 0) {
		d.type = JOURNAL_DROP;
	} else if (strcmp(what, "=") == 0) {
		d.type = JOURNAL_REJECT;
	} else {
		d.label = what;
		d.label_len = strlen(what);
	}
	if (journal_append(j, &d, &e) != 0)
		BUG("%s", e.msg);
}

static void
test_kappa(void)
{
	struct fingerprint fp, other;
	char *data = tpath("pets.csv");
	struct journal *a, *b, *m, *c;
	struct jmerge mg;
	struct err e;
	struct journal_decision d;
	struct journal_state st;
	char key[8];
	size_t i, n;
	int found_drop_label = 0, found_drop = 0;
	/*
	 * Rows 1-10 decided by both.  Given labels: cat for 1-4 and 7,
	 * dog for 5-6, bird for 8-10.
	 *
	 *   row   ann      bob
	 *    1    cat(=)   cat(=)      agree
	 *    2    cat(=)   cat         agree (bob relabels to the same)
	 *    3    cat(=)   cat(=)      agree
	 *    4    cat(=)   dog         conflict
	 *    5    dog(=)   dog(=)      agree
	 *    6    dog(=)   dog(=)      agree
	 *    7    dog      cat(=)      conflict
	 *    8    DROP     DROP        agree
	 *    9    DROP     "drop"      conflict (a label called drop is
	 *                              not the drop decision)
	 *   10    bird(=)  bird(=)     agree
	 *
	 * po = 7/10 = 0.7
	 * ann's categories: cat 4, dog 3, DROP 2, bird 1, "drop" 0
	 * bob's categories: cat 4, dog 3, DROP 1, bird 1, "drop" 1
	 * pe = (4*4 + 3*3 + 2*1 + 1*1 + 0*1) / 10^2 = 28/100 = 0.28
	 * kappa = (0.7 - 0.28) / (1 - 0.28) = 0.42 / 0.72 = 0.583333...
	 *
	 * Outside the comparison: ann alone decides 11; bob alone decides
	 * 12 and 13 (ann decided 13 too but undid it); both only flag 14.
	 */
	static const char *const given[] = { "", "cat", "cat", "cat", "cat",
	    "dog", "dog", "cat", "bird", "bird", "bird", "cat", "dog", "cat",
	    "dog" };
	static const char *const ann[] = { "", "=", "=", "=", "=", "=", "=",
	    "dog", "DROP", "DROP", "=" };
	static const char *const bob[] = { "", "=", "cat", "=", "dog", "=",
	    "=", "=", "DROP", "drop", "=" };
	static const char csv[] = "id,label\n1,cat\n2,cat\n3,cat\n4,cat\n"
	    "5,dog\n6,dog\n7,cat\n8,bird\n9,bird\n10,bird\n11,cat\n12,dog\n"
	    "13,cat\n14,dog\n";

	write_file(data, csv, sizeof csv - 1);
	fingerprint_file(data, &fp, &e);
	a = new_journal("ann.j", &fp, "ann");
	b = new_journal("bob.j", &fp, "bob");
	for (i = 1; i <= 10; i++) {
		snprintf(key, sizeof key, "%zu", i);
		decide(a, key, given[i], ann[i], 1000 * (int64_t)i);
		decide(b, key, given[i], bob[i], 100000 + 1000 * (int64_t)i);
	}
	decide(a, "11", "cat", "dog", 20000);
	decide(a, "13", "cat", "DROP", 21000);
	journal_undo(a, NULL, &e);
	decide(b, "12", "dog", "cat", 200000);
	decide(b, "13", "cat", "=", 201000);
	journal_decision_init(&d, JOURNAL_FLAG, "14", 2);
	d.time_ms = 22000;
	journal_append(a, &d, &e);
	d.time_ms = 202000;
	journal_append(b, &d, &e);
	journal_close(a);
	journal_close(b);
	a = reopen("ann.j");
	b = reopen("bob.j");

	if (!ok(jmerge_compare(a, b, &mg, &e) == 0, "journals compare"))
		diag("%s", e.msg);
	is_int(mg.decided_a, 11, "ann decided 11 rows (13 undone)");
	is_int(mg.decided_b, 12, "bob decided 12 rows");
	is_int(mg.both, 10, "10 rows decided by both");
	is_int(mg.agree, 7, "7 agree");
	is_num(mg.po, 0.7, 1e-12, "po = 0.7");
	is_num(mg.pe, 0.28, 1e-12, "pe = 0.28");
	is_num(mg.kappa, 0.42 / 0.72, 1e-12, "kappa = 0.42 / 0.72");
	is_int(mg.ncat, 5, "five categories: cat, dog, drop, bird, 'drop'");
	for (i = 0; i < mg.ncat; i++) {
		if (mg.cat_drop[i]) {
			found_drop = 1;
			is_int(mg.count_a[i], 2, "ann dropped 2");
			is_int(mg.count_b[i], 1, "bob dropped 1");
		} else if (mg.cat_len[i] == 4 &&
		    memcmp(mg.cat[i], "drop", 4) == 0) {
			found_drop_label = 1;
			is_int(mg.count_b[i], 1, "bob's label 'drop'");
		}
	}
	ok(found_drop && found_drop_label, "drop and the label 'drop' are "
	    "two categories");
	is_int(mg.nconf, 3, "three conflicts");
	if (mg.nconf == 3) {
		const char *k;

		k = journal_key(a, mg.conf[0].key_a, &n);
		ok(n == 1 && k[0] == '4', "conflict on row 4");
		k = journal_key(a, mg.conf[1].key_a, &n);
		ok(n == 1 && k[0] == '7', "conflict on row 7");
		k = journal_key(b, mg.conf[2].key_b, &n);
		ok(n == 1 && k[0] == '9', "conflict on row 9");
	}

	/* the merged journal */
	{
		char *out = tpath("merged.j");

		if (!ok(jmerge_write(a, b, &mg, out, 0, &e) == 0, "merged "
		    "journal written"))
			diag("%s", e.msg);
		ok(jmerge_write(a, b, &mg, out, 0, &e) < 0 &&
		    e.code == ERR_CANTCREAT, "not over an existing file");
		ok(jmerge_write(a, b, &mg, out, 1, &e) < 0 &&
		    e.code == ERR_CANTCREAT && strstr(e.msg, "journal"),
		    "nor, even forced, over a journal");
		{
			char *plain = tpath("plain.txt");

			write_file(plain, "not a journal\n", 14);
			ok(jmerge_write(a, b, &mg, plain, 0, &e) < 0 &&
			    e.code == ERR_CANTCREAT, "an unrelated file is "
			    "kept");
			if (!ok(jmerge_write(a, b, &mg, plain, 1, &e) == 0,
			    "unless forced"))
				diag("%s", e.msg);
			free(plain);
		}
		{
			char *in = tpath("ann.j");

			ok(jmerge_write(a, b, &mg, in, 1, &e) < 0 &&
			    e.code == ERR_CANTCREAT, "never over an input");
			free(in);
		}
		free(out);
	}
	m = reopen("merged.j");
	/* ann: 11 effective decisions + flag; bob: 12 + flag; 3 flags */
	is_int(journal_count(m), 11 + 1 + 12 + 1 + 3, "merged lines");
	journal_row_state(m, "4", 1, &st);
	ok(st.verdict != JOURNAL_NONE && strcmp(journal_str(m, st.label, NULL),
	    "dog") == 0, "row 4: the later verdict (bob's) wins");
	ok(st.flag != JOURNAL_NONE, "row 4 flagged for a second look");
	{
		const struct journal_entry *f = journal_entry(m, st.flag);

		is(journal_str(m, f->reviewer, NULL), "merge", "by 'merge'");
		is(journal_str(m, f->note, NULL), "merge conflict: ann: 'cat'; "
		    "bob: 'dog'", "the note names both outcomes");
	}
	journal_row_state(m, "9", 1, &st);
	is(journal_str(m, journal_entry(m, st.flag)->note, NULL),
	    "merge conflict: ann: drop; bob: 'drop'", "drop versus 'drop'");
	journal_row_state(m, "13", 2, &st);
	ok(st.verdict != JOURNAL_NONE && journal_entry(m, st.verdict)->type ==
	    JOURNAL_REJECT, "row 13: only bob's reject (ann's was undone)");
	journal_row_state(m, "11", 2, &st);
	ok(st.relabelled, "row 11: ann's relabel kept");
	ok(fingerprint_compare(journal_fingerprint(m), &fp) ==
	    FINGERPRINT_SAME, "merged journal on the same dataset");
	is(journal_id_col(m), "id", "and the same id column");
	{
		struct jmerge m2;

		ok(jmerge_compare(m, a, &m2, &e) == 0, "a merged journal "
		    "compares like any");
		jmerge_release(&m2);
	}
	journal_close(m);

	/* refusals */
	fingerprint_mem("id,label\n1,x\n", 13, fp.mtime_sec, fp.mtime_nsec,
	    &other);
	c = new_journal("other.j", &other, "cy");
	{
		struct jmerge m2;

		ok(jmerge_compare(a, c, &m2, &e) < 0 && e.code == ERR_DATA &&
		    strstr(e.msg, "different datasets"), "journals of "
		    "different datasets refused");
		diag("%s", e.msg);
	}
	journal_close(c);
	{
		struct fingerprint touched = fp;
		struct journal_opts o;
		struct jmerge m2;
		char *p = tpath("byrow.j");

		touched.mtime_sec += 3600;
		c = new_journal("copy.j", &touched, "dee");
		ok(jmerge_compare(a, c, &m2, &e) == 0 && m2.both == 0 &&
		    isnan(m2.kappa), "a copy with another mtime is the same "
		    "dataset; nothing in common: kappa undefined");
		jmerge_release(&m2);
		journal_close(c);
		journal_opts_init(&o);
		o.write = 1;
		o.fp = &fp;
		c = journal_open(p, &o, &e);
		ok(jmerge_compare(a, c, &m2, &e) < 0 && e.code == ERR_DATA,
		    "journals keyed by different columns refused");
		journal_close(c);
		free(p);
	}
	jmerge_release(&mg);
	jmerge_release(NULL);

	/* everyone agrees on one class: pe = 1, kappa undefined */
	c = new_journal("one1.j", &fp, "x");
	m = new_journal("one2.j", &fp, "y");
	decide(c, "1", "cat", "=", 1);
	decide(m, "1", "cat", "=", 2);
	decide(c, "2", "cat", "=", 3);
	decide(m, "2", "cat", "=", 4);
	jmerge_compare(c, m, &mg, &e);
	ok(mg.po == 1 && mg.pe == 1 && isnan(mg.kappa), "perfect agreement "
	    "on one class: kappa undefined, po 1");
	jmerge_release(&mg);
	journal_close(c);
	journal_close(m);
	journal_close(a);
	journal_close(b);
	free(data);
}

int
main(void)
{
	log_set_sink(quiet, NULL);
	test_kappa();
	return done_testing();
}
