/*
 * t4130-review-readonly - a read-only review session (--read-only): it
 * needs a journal that exists, replays it as it stands while a writer
 * has it open, refuses every decision, bulk decision and undo with
 * ERR_USAGE, and leaves the journal byte for byte as it was.  (That it
 * takes no lock shows only across processes: t6310 runs two winnows.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data/csvload.h"
#include "core/review/review.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

int
main(void)
{
	struct csvload_opts keyed = keyed_by("id");
	struct table *t;
	struct labels L;
	struct review rv, ro;
	struct review_opts o;
	struct pico_result r;
	struct err e;
	uint32_t rows[2] = { 2, 5 };
	char *data, *jpath, *before, *after;

	log_set_sink(quiet, NULL);
	data = tpath("data.csv");
	write_twelve(data, NULL);
	t = load_file(data, &keyed);
	labels_init(&L, t, 2, LABELS_FIRST_SEEN, &e);
	jpath = journal_path_for(data);

	review_opts_init(&o);
	o.read_only = 1;
	ok(review_open(&ro, t, &L, &o, &e) == -1 && e.code == ERR_NOINPUT,
	    "no journal yet: read-only has nothing to open (%s)", e.msg);
	ok(access(jpath, F_OK) != 0, "and makes none");

	/* a writer decides, and keeps the journal open (locked) */
	review_opts_init(&o);
	o.reviewer = "ann";
	if (review_open(&rv, t, &L, &o, &e) != 0)
		die("open the writer: %s", e.msg);
	hand_result(&r, &L, 0);
	review_set_result(&rv, &r);
	ok(review_decide(&rv, 11, JOURNAL_ACCEPT, NULL, NULL, &e) == 0,
	    "the writer accepts row 11");
	before = slurp(jpath, NULL);

	o.read_only = 1;
	ok(review_open(&ro, t, &L, &o, &e) == 0,
	    "read-only opens the journal the writer holds");
	ok(ro.read_only, "and says it is read-only");
	is_int(ro.decided, 1, "the writer's decision is there");
	ok((ro.state[11] & REVIEW_DECIDED) && ro.clamp[11] == 1,
	    "row 11 accepted (b)");
	ok(review_writable(&ro, &e) == -1 && e.code == ERR_USAGE &&
	    strstr(e.msg, "read-only"), "not writable: %s", e.msg);
	review_set_result(&ro, &r);
	ok(review_decide(&ro, 5, JOURNAL_REJECT, NULL, NULL, &e) == -1 &&
	    e.code == ERR_USAGE, "a decision is refused");
	ok(!(ro.state[5] & REVIEW_DECIDED), "and changes nothing");
	ok(review_bulk(&ro, rows, 2, JOURNAL_ACCEPT, NULL, &e) == -1 &&
	    e.code == ERR_USAGE, "a bulk accept is refused");
	ok(review_undo(&ro, &e) == -1 && e.code == ERR_USAGE,
	    "an undo is refused");
	is_int(ro.decided, 1, "still the one decision");
	after = slurp(jpath, NULL);
	is(after, before, "the journal is byte for byte as it was");
	free(after);
	review_close(&ro);

	review_close(&rv);

	free(before);
	pico_result_release(&r);
	free(jpath);
	labels_release(&L);
	table_free(t);
	free(data);
	return done_testing();
}
