/*
 * t1060-summary - the per-column summary that `winnow stats` prints and
 * the Overview draws (core/stats/summary.h), on movies.csv (numbers with
 * missing cells, dates, categories, text, 13 classes): it must equal the
 * parts it is made of, computed one by one, whatever the threads and
 * whether the rows come as NULL or as a rowset of every row; the label
 * check is the one labelhealth_check gives; progress counts its items
 * and cancellation leaves nothing behind.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/stats/summary.h"
#include "tests/tap.h"
#include "tests/util.h"

static int
same_hist(const struct hist *a, const struct hist *b)
{
	uint32_t i;

	if (a->kind != b->kind || a->nbins != b->nbins ||
	    a->nvalue != b->nvalue || a->other != b->other ||
	    a->missing != b->missing || a->total != b->total)
		return 0;
	for (i = 0; i < a->nbins; i++)
		if (a->bin[i].kind != b->bin[i].kind ||
		    a->bin[i].count != b->bin[i].count ||
		    a->bin[i].id != b->bin[i].id ||
		    memcmp(&a->bin[i].lo, &b->bin[i].lo, sizeof a->bin[i].lo) ||
		    memcmp(&a->bin[i].hi, &b->bin[i].hi, sizeof a->bin[i].hi))
			return 0;
	return 1;
}

/* Columns of s that differ from the parts computed one by one over rs
 * with labels L; 0 when none does. */
static size_t
differing(const struct summary *s, const struct table *t,
    const struct rowset *rs, const struct labels *L)
{
	size_t c, bad = 0;

	for (c = 0; c < t->ncols; c++) {
		struct stats_col st;
		struct assoc_col as;
		struct hist h;

		stats_column(t, c, rs, &st);
		hist_build(&h, t, c, rs, NULL);
		assoc_column(t, c, rs, L, NULL, &as);
		if (memcmp(&st, &s->col[c].st, sizeof st) != 0 ||
		    !same_hist(&h, &s->col[c].h) ||
		    memcmp(&as, &s->col[c].as, sizeof as) != 0) {
			diag("column %zu (%s) differs", c, t->col[c].name);
			bad++;
		}
		hist_release(&h);
	}
	return bad;
}

static int
same_summary(const struct summary *a, const struct summary *b)
{
	size_t c;

	if (a->ncols != b->ncols || a->have_labels != b->have_labels ||
	    a->have_health != b->have_health)
		return 0;
	for (c = 0; c < a->ncols; c++)
		if (memcmp(&a->col[c].st, &b->col[c].st, sizeof a->col[c].st) ||
		    memcmp(&a->col[c].as, &b->col[c].as, sizeof a->col[c].as) ||
		    !same_hist(&a->col[c].h, &b->col[c].h))
			return 0;
	return 1;
}

struct seen {
	char what[32];
	uint64_t last, total;
	int calls;
};

static void
record(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	struct seen *s = ctx;

	snprintf(s->what, sizeof s->what, "%s", what ? what : "");
	s->last = done;
	s->total = total;
	s->calls++;
}

int
main(void)
{
	struct table *t = load_src("datasets/movies.csv", NULL);
	struct summary a, b;
	struct summary_opts o;
	struct labels L;
	struct labelhealth lh;
	struct rowset all, sub;
	struct seen seen;
	struct progress p = { record, &seen, NULL };
	atomic_int cancel;
	struct err e;
	size_t c, none = 0;
	uint64_t i;
	int lc = table_col_index(t, "label"), n_eta = 0, n_v = 0;

	if (lc < 0 || labels_init(&L, t, lc, LABELS_BY_COUNT, &e) != 0)
		die("movies.csv: no labels");

	/* without labels: statistics, histograms, non-uniformity only */
	err_clear(&e);
	ok(summary_build(&a, t, NULL, NULL, &e) == 0, "no options: built");
	is_int(a.ncols, t->ncols, "a summary per column");
	ok(!a.have_labels && !a.have_health, "no labels, no label check");
	for (c = 0; c < a.ncols; c++)
		if (a.col[c].as.measure == ASSOC_NONE)
			none++;
	is_int(none, t->ncols, "no association without labels");
	is_int(differing(&a, t, NULL, NULL), 0,
	    "without labels: the parts, one by one");
	is_int(a.col[lc].st.count, t->nrows, "all rows counted");
	summary_release(&a);
	ok(a.col == NULL && a.ncols == 0, "release empties it");
	summary_release(&a);	/* twice is fine */
	summary_release(NULL);

	/* with labels and the label check, on 1 and 4 threads */
	summary_opts_init(&o);
	o.labels = &L;
	o.health = 1;
	o.threads = 1;
	ok(summary_build(&a, t, NULL, &o, &e) == 0, "labels: built");
	o.threads = 4;
	ok(summary_build(&b, t, NULL, &o, &e) == 0, "4 threads: built");
	ok(same_summary(&a, &b), "1 and 4 threads: the same summary");
	is_int(differing(&a, t, NULL, &L), 0,
	    "with labels: the parts, one by one");
	for (c = 0; c < a.ncols; c++) {
		n_eta += a.col[c].as.measure == ASSOC_ETA;
		n_v += a.col[c].as.measure == ASSOC_CRAMERS_V;
	}
	ok(n_eta > 0 && n_v > 0, "both measures occur (%d eta, %d V)", n_eta,
	    n_v);
	is_int(a.col[lc].as.measure, ASSOC_NONE, "the label has no measure");
	ok(a.have_health && b.have_health, "the label check ran");
	ok(labelhealth_check(&lh, t, &L, NULL, NULL, NULL, &e) == 0,
	    "labelhealth_check on its own");
	ok(lh.labelled == a.health.labelled && lh.present ==
	    a.health.present && lh.nfind == a.health.nfind &&
	    lh.conflict_groups == a.health.conflict_groups &&
	    lh.dup_groups == a.health.dup_groups &&
	    lh.ncompared == a.health.ncompared,
	    "the same label check (%llu labelled, %zu findings)",
	    (unsigned long long)lh.labelled, lh.nfind);
	ok(a.health.labelled < t->nrows, "movies: some rows lack a label");
	labelhealth_release(&lh);
	summary_release(&b);

	/* a rowset of every row is the same as NULL */
	rowset_init(&all);
	for (i = 0; i < t->nrows; i++)
		rowset_push(&all, (uint32_t)i);
	o.threads = 2;
	ok(summary_build(&b, t, &all, &o, &e) == 0, "every row: built");
	ok(same_summary(&a, &b), "every row as a rowset: the same");
	summary_release(&b);
	summary_release(&a);

	/* a subset: counts and parts over the subset only */
	rowset_init(&sub);
	for (i = 0; i < t->nrows; i += 7)
		rowset_push(&sub, (uint32_t)i);
	o.health = 0;
	ok(summary_build(&a, t, &sub, &o, &e) == 0, "subset: built");
	is_int(a.col[0].st.count, sub.n, "subset: its rows counted");
	is_int(a.col[0].h.total, sub.n, "subset: its rows binned");
	ok(!a.have_health, "no label check unless asked");
	is_int(differing(&a, t, &sub, &L), 0, "subset: the parts, one by one");
	summary_release(&a);

	/* the label check needs labels */
	o.labels = NULL;
	o.health = 1;
	ok(summary_build(&a, t, &sub, &o, &e) == 0 && !a.have_health &&
	    !a.have_labels, "health without labels: no label check");
	summary_release(&a);

	/* progress: one step per item, the label check being one */
	memset(&seen, 0, sizeof seen);
	o.labels = &L;
	o.health = 1;
	o.threads = 1;
	o.progress = &p;
	ok(summary_build(&a, t, NULL, &o, &e) == 0, "with progress: built");
	is(seen.what, "statistics", "progress says statistics");
	is_int(seen.total, t->ncols + 1, "items: the columns and the check");
	is_int(seen.last, t->ncols + 1, "every item reported");
	summary_release(&a);

	/* cancelled before it starts: an error, nothing kept */
	atomic_init(&cancel, 1);
	p.cancel = &cancel;
	err_clear(&e);
	ok(summary_build(&a, t, NULL, &o, &e) < 0, "cancelled: fails");
	is_int(e.code, ERR_CANCEL, "cancelled: ERR_CANCEL");
	ok(a.col == NULL && a.ncols == 0 && !a.have_health,
	    "cancelled: nothing kept");
	summary_release(&a);

	/* no rows at all: empty summaries */
	rowset_release(&sub);
	p.cancel = NULL;
	ok(summary_build(&a, t, &sub, &o, &e) == 0, "no rows: built");
	ok(a.ncols == t->ncols && a.col[0].st.count == 0 &&
	    a.col[0].h.kind == HIST_EMPTY && isnan(a.col[0].as.nonuniformity)
	    && a.have_health && a.health.labelled == 0,
	    "no rows: empty summaries, an empty label check");
	summary_release(&a);

	rowset_release(&all);
	labels_release(&L);
	table_free(t);
	return done_testing();
}
