/*
 * t4100-review - the review session: the queue and its order, every kind
 * of decision, undo (single and bulk), resuming from the journal after a
 * restart, re-ranking without losing the place, the inputs of the next
 * PICO run, and a journal that belongs to another file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data/csvload.h"
#include "core/util/log.h"
#include "core/review/review.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static char *data;

int
main(void)
{
	struct csvload_opts keyed = keyed_by("id");
	struct table *t;
	struct labels L;
	struct review rv;
	struct review_opts o;
	struct pico_result r;
	struct err e;
	uint32_t given[12], clamp[12], rows[2];

	log_set_sink(quiet, NULL);
	data = tpath("data.csv");
	write_twelve(data, NULL);
	t = load_file(data, &keyed);
	labels_init(&L, t, 2, LABELS_FIRST_SEEN, &e);
	review_opts_init(&o);
	is_int(o.order, REVIEW_SUSPICION, "the default order is suspicion");
	/* the uncertainty order's mechanics first */
	o.order = REVIEW_UNCERTAINTY;
	o.reviewer = "ann";
	if (!ok(review_open(&rv, t, &L, &o, &e) == 0, "a new session opens"))
		diag("%s", e.msg);
	is_int(rv.decided, 0, "nothing decided yet");
	is_int(review_current(&rv), REVIEW_NONE, "no result: no queue");
	hand_result(&r, &L, 0);
	review_set_result(&rv, &r);
	is_int(rv.nqueue, 4, "four flagged rows queued");
	is_int(review_current(&rv), 11, "smallest margin first: row 11");
	is_num(review_margin(&rv, 11), 0.01, 1e-6, "its margin is .01");
	is_num(review_remaining(&rv), 0.9 + 0.6 + 0.9 + 0.56 + 8 * 0.1,
	    1e-4, "expected wrong labels among undecided rows");

	/* accept row 11's suggestion (b) */
	ok(review_decide(&rv, 11, JOURNAL_ACCEPT, NULL, NULL, &e) == 0,
	    "accept");
	ok((rv.state[11] & REVIEW_DECIDED) && rv.clamp[11] == 1,
	    "accepted: decided, clamped to b");
	ok(rv.state[11] & REVIEW_RELABELLED, "and relabelled");
	is_int(review_current(&rv), 5, "the queue moved on to row 5");
	/* reject row 5: keeps its given b */
	review_decide(&rv, 5, JOURNAL_REJECT, NULL, NULL, &e);
	ok(rv.clamp[5] == 1 && !(rv.state[5] & REVIEW_RELABELLED),
	    "rejected: clamped to the given label");
	is_int(review_current(&rv), 9, "then row 9");
	/* skip row 9, flag it, note it */
	review_decide(&rv, 9, JOURNAL_FLAG, NULL, NULL, &e);
	is_int(review_current(&rv), 9, "a flag does not move on");
	review_decide(&rv, 9, JOURNAL_NOTE, NULL, "looks like a", &e);
	ok((rv.state[9] & (REVIEW_FLAGGED | REVIEW_NOTED)) ==
	    (REVIEW_FLAGGED | REVIEW_NOTED), "flagged and noted");
	review_decide(&rv, 9, JOURNAL_SKIP, NULL, NULL, &e);
	ok(!(rv.state[9] & REVIEW_DECIDED), "skipped: not decided");
	is_int(review_current(&rv), 2, "skip moves on: row 2");
	/* drop row 2 */
	review_decide(&rv, 2, JOURNAL_DROP, NULL, NULL, &e);
	ok(rv.state[2] & REVIEW_DROPPED, "dropped");
	is_int(review_current(&rv), REVIEW_NONE, "queue done");
	is_int(rv.decided, 3, "three verdicts");
	/* undo the drop: back to row 2, undecided */
	is_int(review_undo(&rv, &e), 1, "undo");
	ok(!(rv.state[2] & REVIEW_DECIDED), "row 2 undecided again");
	is_int(review_current(&rv), 2, "the queue is back on row 2");
	/* a new label */
	ok(review_decide(&rv, 2, JOURNAL_NEW, "d", NULL, &e) == 0, "new label");
	ok(L.k == 4 && rv.clamp[2] == 3, "the class d was added");
	review_run_inputs(&rv, given, clamp);
	ok(given[2] == 0 && clamp[2] == 3 && clamp[11] == 1 &&
	    clamp[0] == LABELS_NONE, "run inputs: given and clamped");
	review_close(&rv);

	/* restart: the journal gives everything back */
	ok(review_open(&rv, t, &L, &o, &e) == 0, "reopen");
	is_int(rv.decided, 3, "three verdicts replayed");
	ok(rv.clamp[11] == 1 && rv.clamp[5] == 1 && rv.clamp[2] == 3,
	    "clamps replayed");
	ok(rv.state[9] & REVIEW_FLAGGED, "the flag replayed");
	review_set_result(&rv, &r);
	is_int(rv.nqueue, 1, "only row 9 left in the queue");
	is_int(review_current(&rv), 9, "resume on row 9");
	/* the undo history survives too */
	is_int(review_undo(&rv, &e), 1, "undo after the restart");
	ok(!(rv.state[2] & REVIEW_DECIDED), "the new label is undone");
	/* bulk: accept rows 2 and 9 at once, undo as one step */
	rows[0] = 2;
	rows[1] = 9;
	ok(review_bulk(&rv, rows, 2, JOURNAL_ACCEPT, NULL, &e) == 0, "bulk");
	ok(rv.clamp[2] == 1 && rv.clamp[9] == 0, "both accepted");
	is_int(review_undo(&rv, &e), 1, "undo the bulk");
	ok(!(rv.state[2] & REVIEW_DECIDED) && !(rv.state[9] &
	    REVIEW_DECIDED), "both undone in one step");
	/* re-rank with the current row kept in front */
	review_set_result(&rv, &r);
	review_goto(&rv, 9);
	review_set_order(&rv, REVIEW_SUSPICION);
	is_int(review_current(&rv), 9, "re-ranking keeps the current row");
	is_int(rv.nqueue, 2, "rows 9 and 2 queued");
	/* decisions a minute in this session, idle gaps left out */
	is_num(review_rate(&rv), 0, 0, "no verdict standing in this session: "
	    "rate 0");
	{
		static const int64_t at[] = { 1000, 31000, 61000, 661000 };
		struct journal_decision d;
		size_t i;

		for (i = 0; i < 4; i++) {
			journal_decision_init(&d, JOURNAL_ACCEPT, "r1", 2);
			d.label = "a";
			d.label_len = 1;
			d.time_ms = rv.session_start + at[i];
			if (journal_append(rv.j, &d, &e) != 0)
				die("journal_append: %s", e.msg);
		}
	}
	is_num(review_rate(&rv), 3, 1e-12, "four verdicts 30 s apart but for "
	    "a 10-minute break: 3 a minute");
	review_close(&rv);

	/* the dataset changes under the journal: refused, unless forced */
	table_free(t);
	labels_release(&L);
	write_twelve(data, "r13,text 13,a\n");
	t = load_file(data, &keyed);
	labels_init(&L, t, 2, LABELS_FIRST_SEEN, &e);
	ok(review_open(&rv, t, &L, &o, &e) == -1 && e.code == ERR_DATA,
	    "another file: refused");
	diag("%s", e.msg);
	o.force = 1;
	ok(review_open(&rv, t, &L, &o, &e) == 0, "--force: accepted");
	review_close(&rv);

	/* the default order on a fresh dataset: the labels most likely
	 * wrong first (rows 2 and 9 at q .1, row 2's surer suggestion
	 * first), then 5 (.4) and 11 (.44) */
	{
		char *d2 = tpath("d2.csv");
		struct table *t2;
		struct labels L2;
		struct review_opts o2;
		struct review r2v;
		struct pico_result r2;
		static const uint32_t want[] = { 2, 9, 5, 11 };
		uint32_t u;
		int same = 1;

		write_twelve(d2, NULL);
		t2 = load_file(d2, &keyed);
		labels_init(&L2, t2, 2, LABELS_FIRST_SEEN, &e);
		review_opts_init(&o2);
		o2.reviewer = "cy";
		if (!ok(review_open(&r2v, t2, &L2, &o2, &e) == 0,
		    "a session with the default order"))
			diag("%s", e.msg);
		hand_result(&r2, &L2, 0);
		r2.doubtful[5] = 1;
		review_set_result(&r2v, &r2);
		is_int(r2v.nqueue, 4, "four rows queued");
		for (u = 0; u < 4 && u < r2v.nqueue; u++)
			same &= r2v.queue[u] == want[u];
		ok(same, "by suspicion: rows 2, 9, 5, 11");
		ok(review_decide(&r2v, 5, JOURNAL_ACCEPT, NULL, NULL, &e) ==
		    -1 && strstr(e.msg, "doubtful"), "a doubtful row has no "
		    "suggestion to accept");
		ok(review_decide(&r2v, 5, JOURNAL_RELABEL, "c", NULL, &e) == 0,
		    "a class picked for it is taken");
		review_close(&r2v);
		pico_result_release(&r2);
		labels_release(&L2);
		table_free(t2);
		free(d2);
	}
	labels_release(&L);
	table_free(t);
	pico_result_release(&r);
	free(data);
	return done_testing();
}
