/*
 * t4030-report - the decisions report: counts, relabel pairs, noise per
 * class, reviewers and time spent, as Markdown and JSON.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data/fingerprint.h"
#include "core/review/journal.h"
#include "core/util/log.h"
#include "core/review/report.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

#define T0 1700000000000LL

static struct journal_decision
dec(enum journal_type t, const char *key, const char *given,
    const char *label, int64_t sec)
{
	struct journal_decision d = test_decision(t, key, given, label);

	d.time_ms = T0 + sec * 1000;
	return d;
}

static void
test_report(void)
{
	char *data = tpath("r.csv"), *jp =
	    journal_path_for(data), *md, *js, *text;
	struct fingerprint fp;
	struct journal_opts o;
	struct journal *j;
	struct journal_decision d, bulk[2];
	struct report r;
	struct err e;
	FILE *f;

	f = fopen(data, "w");
	fputs("id,label\n1,cat\n2,cat\n3,cat\n4,dog\n5,dog\n6,dog\n7,a|b\n", f);
	fclose(f);
	fingerprint_file(data, &fp, &e);
	o = journal_writing(&fp, "ann", NULL);
	j = journal_open(jp, &o, &e);

	/* empty journal first */
	report_build(j, 0, &r);
	ok(r.lines == 0 && r.rows == 0 && r.npair == 0 && r.nrev == 0 &&
	    r.active_ms == 0 && r.idle_ms == REPORT_IDLE_MS,
	    "empty journal: an empty report, default idle cutoff");
	report_release(&r);

	/*
	 * ann: 0 s accept 1 cat->dog; 10 s relabel 2 cat->dog; 25 s reject
	 * 3; 625 s drop 4 (600 s after the last: a break); 630 s note on 4,
	 * then undone (the undo line carries the real time: a break).
	 * Active: 10 + 15 + 5 = 30 s.
	 * bob: 100 s bulk relabel 5, 6 dog->cat (and its commit line, same
	 * time); 160 s flag 7.  Active: 0 + 0 + 60 = 60 s.
	 */
	d = dec(JOURNAL_ACCEPT, "1", "cat", "dog", 0);
	journal_append(j, &d, &e);
	d = dec(JOURNAL_RELABEL, "2", "cat", "dog", 10);
	journal_append(j, &d, &e);
	d = dec(JOURNAL_REJECT, "3", "cat", "dog", 25);
	journal_append(j, &d, &e);
	d = dec(JOURNAL_DROP, "4", "dog", NULL, 625);
	journal_append(j, &d, &e);
	d = dec(JOURNAL_NOTE, "4", "dog", NULL, 630);
	d.note = "blurry";
	d.note_len = 6;
	journal_append(j, &d, &e);
	journal_undo(j, NULL, &e);
	bulk[0] = dec(JOURNAL_RELABEL, "5", "dog", "cat", 100);
	bulk[1] = dec(JOURNAL_RELABEL, "6", "dog", "cat", 100);
	bulk[0].reviewer = bulk[1].reviewer = "bob";
	journal_append_bulk(j, bulk, 2, &e);
	d = dec(JOURNAL_FLAG, "7", "a|b", NULL, 160);
	d.reviewer = "bob";
	journal_append(j, &d, &e);
	journal_close(j);
	journal_opts_init(&o);
	j = journal_open(jp, &o, &e);
	if (!ok(j != NULL, "journal replays"))
		diag("%s", e.msg);

	report_build(j, 0, &r);
	is_int(r.lines, 10, "ten lines");
	is_int(r.by_type[JOURNAL_ACCEPT], 1, "one accept");
	is_int(r.by_type[JOURNAL_RELABEL], 3, "three relabels");
	is_int(r.by_type[JOURNAL_REJECT], 1, "one reject");
	is_int(r.by_type[JOURNAL_DROP], 1, "one drop");
	is_int(r.by_type[JOURNAL_NOTE], 0, "the note was undone");
	is_int(r.by_type[JOURNAL_FLAG], 1, "one flag");
	is_int(r.by_type[JOURNAL_BULK], 1, "one bulk group");
	is_int(r.by_type[JOURNAL_UNDO], 1, "one undo");
	is_int(r.undone, 1, "one line undone");
	is_int(r.rows, 7, "seven rows touched");
	is_int(r.reviewed, 6, "six reviewed");
	is_int(r.relabelled, 4, "four relabelled");
	is_int(r.dropped, 1, "one dropped");
	is_int(r.flagged, 1, "one flagged");
	is_int(r.noted, 0, "no note left");
	is_int(r.npair, 2, "two relabel pairs");
	if (r.npair == 2) {
		is(journal_str(j, r.pair[0].given, NULL), "cat", "cat -> dog "
		    "first (same count, by name)");
		is_int(r.pair[0].rows, 2, "twice");
		is(journal_str(j, r.pair[1].label, NULL), "cat", "dog -> cat");
		is_int(r.pair[1].rows, 2, "twice");
	}
	is_int(r.ncls, 2, "two classes reviewed");
	if (r.ncls == 2) {
		is_int(r.cls[0].reviewed, 3, "cat: 3 reviewed");
		is_int(r.cls[0].relabelled, 2, "cat: 2 relabelled");
		is_int(r.cls[1].dropped, 1, "dog: 1 dropped");
		is_int(r.cls[1].relabelled, 2, "dog: 2 relabelled");
	}
	is_int(r.nrev, 2, "two reviewers");
	if (r.nrev == 2) {
		is(journal_str(j, r.rev[0].name, NULL), "ann", "ann first");
		is_int(r.rev[0].lines, 6, "ann wrote 6 lines (undo included)");
		is_int(r.rev[0].active_ms, 30000, "ann: 30 s (breaks left "
		    "out)");
		is_int(r.rev[1].lines, 4, "bob wrote 4 lines");
		is_int(r.rev[1].active_ms, 60000, "bob: 60 s");
	}
	is_int(r.active_ms, 90000, "90 s in all");
	is_int(r.first_ms, T0, "first line");
	report_release(&r);

	report_build(j, 700000, &r);
	is_int(r.rev[0].active_ms, 630000, "a longer idle cutoff counts the "
	    "600 s gap");
	report_release(&r);

	md = tpath("report.md");
	js = tpath("report.json");
	ok(report_save(j, md, 0, NULL, &e) == 0, "Markdown report saved");
	text = slurp(md, NULL);
	ok(strstr(text, "| cat | dog | 2 |") != NULL, "relabel pair row");
	ok(strstr(text, "| cat | 3 | 2 | 0 | 66.7% |") != NULL,
	    "noise per class row");
	ok(strstr(text, "| dog | 3 | 2 | 1 | 66.7% |") != NULL,
	    "with drops");
	ok(strstr(text, "| ann | 6 | 0h 00m 30s |") != NULL, "reviewer row");
	ok(strstr(text, "| relabel | 3 |") && strstr(text, "| undo | 1 |"),
	    "decisions by type");
	ok(strstr(text, "leaving out gaps of 300 s") != NULL, "the idle "
	    "cutoff is stated");
	free(text);
	ok(report_save(j, js, 0, NULL, &e) == 0, "JSON report saved");
	text = slurp(js, NULL);
	ok(text[0] == '{' && strstr(text, "\"active_seconds\": 90.000") &&
	    strstr(text, "\"relabelled\": 4") && strstr(text, "\"noise\": "),
	    "JSON has the figures");
	free(text);
	ok(report_save(j, "/nonexistent-dir/r.md", 0, NULL, &e) < 0 &&
	    e.code == ERR_CANTCREAT, "unwritable report: 73");
	journal_close(j);

	/* Markdown cells escape what could break a table */
	{
		struct outfile_rule force = { NULL, 0, 1, 0, NULL };

		j = journal_open(jp, NULL, &e);
		o.write = 1;
		o.fp = &fp;
		journal_close(j);
		j = journal_open(jp, &o, &e);
		d = dec(JOURNAL_NEW, "7", "a|b", "x\ny`z\x1b", 200);
		journal_append(j, &d, &e);
		ok(report_save(j, md, 0, NULL, &e) < 0 &&
		    e.code == ERR_CANTCREAT && strstr(e.msg, "--force"),
		    "an existing report is kept without force");
		ok(report_save(j, md, 0, &force, &e) == 0,
		    "and replaced with it");
		text = slurp(md, NULL);
		ok(strstr(text, "| a\\|b | x\\ny\\`z\\x1b | 1 |") != NULL,
		    "pipe, newline, backtick and ESC escaped");
		free(text);
		journal_close(j);
	}
	FREE_ALL(md, js, data, jp);
}

int
main(void)
{
	log_set_sink(quiet, NULL);
	test_report();
	return done_testing();
}
