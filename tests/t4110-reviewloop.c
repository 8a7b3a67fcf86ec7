/*
 * t4110-reviewloop - what the workbench's review loop adds to the core:
 * the cached PICO result (round trip, dense and top-r beliefs, and every
 * reason to refuse one), the resume position after a restart, skipped
 * rows, and the "why" of a row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data/csvload.h"
#include "core/util/log.h"
#include "core/pico/picocache.h"
#include "core/review/review.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static char *data, *cache;

/* 1 when every field of a and b agrees. */
static int
same_result(const struct pico_result *a, const struct pico_result *b)
{
	uint32_t i, c;
	size_t n = a->n;

	if (a->n != b->n || a->k != b->k || a->rounds != b->rounds ||
	    a->checkers != b->checkers || a->expected != b->expected ||
	    a->nflagged != b->nflagged || a->post.r != b->post.r ||
	    a->joint_over != b->joint_over ||
	    memcmp(&a->corrections, &b->corrections, sizeof a->corrections))
		return 0;	/* (the bits: corrections may be NAN) */
	for (i = 0; i < 16; i++)
		if (a->round[i].expected != b->round[i].expected ||
		    a->round[i].flagged != b->round[i].flagged ||
		    a->round[i].relabelled != b->round[i].relabelled)
			return 0;
	if (memcmp(a->suggested, b->suggested, n * 4) ||
	    memcmp(a->p_suggested, b->p_suggested, n * 4) ||
	    memcmp(a->quality, b->quality, n * 4) ||
	    memcmp(a->flagged, b->flagged, n) ||
	    memcmp(a->auto_fix, b->auto_fix, n) ||
	    memcmp(a->ambiguous, b->ambiguous, n) ||
	    memcmp(a->agree, b->agree, n) ||
	    memcmp(a->nflagged_rounds, b->nflagged_rounds, n) ||
	    memcmp(a->history, b->history, a->rounds * n * 4) ||
	    memcmp(a->qhist, b->qhist, a->rounds * n * 4) ||
	    a->noise.nnz != b->noise.nnz ||
	    memcmp(a->noise.col, b->noise.col, a->noise.nnz * 4) ||
	    memcmp(a->noise.val, b->noise.val, a->noise.nnz * 8) ||
	    memcmp(a->noise.dflt, b->noise.dflt, a->k * 8) ||
	    memcmp(a->class_noise, b->class_noise, a->k * 8))
		return 0;
	/* the newer fields, when a has them (a hand-made result may not) */
	if ((a->doubtful && memcmp(a->doubtful, b->doubtful, n)) ||
	    (a->votes && memcmp(a->votes, b->votes, a->checkers * n * 4)) ||
	    a->skill.rows != b->skill.rows ||
	    a->skill.accuracy != b->skill.accuracy ||
	    a->skill.majority != b->skill.majority ||
	    a->skill.gain != b->skill.gain ||
	    a->skill.gamma != b->skill.gamma ||
	    a->skill.predictive != b->skill.predictive)
		return 0;
	for (i = 0; a->kind && i < a->checkers; i++)
		if (strcmp(a->kind[i], b->kind[i]) != 0)
			return 0;
	for (i = 0; i < a->n; i++)
		for (c = 0; c < a->k; c++)
			if (post_get(&a->post, i, c, c) !=
			    post_get(&b->post, i, c, c))
				return 0;
	return 1;
}

static void
cache_tests(struct table *t, struct labels *L)
{
	struct pico_result r, got;
	struct fingerprint fp, other;
	const char *names[3];
	char *p;
	struct err e;
	FILE *f;
	long sz;
	int ch;
	uint64_t key;

	p = picocache_path_for("a/b.csv.winnow/journal");
	is(p, "a/b.csv.winnow/pico.cache", "the cache sits beside the journal");
	free(p);
	p = picocache_path_for("journal");
	is(p, "journal.pico-cache", "a journal in the current directory");
	free(p);
	p = picocache_path_for("shared/j");
	is(p, "shared/j.pico-cache", "a journal the user named: its own name");
	free(p);

	fingerprint_file(data, &fp, &e);
	names[0] = L->name[0];
	names[1] = L->name[1];
	names[2] = L->name[2];
	hand_result(&r, L, 0);
	ok(picocache_write(cache, &fp, 7, "label", names, &r, &e) == 0,
	    "write the cache (dense beliefs)");
	key = 0;
	ok(picocache_read(cache, &fp, t, L, &got, &key, &e) == 0,
	    "read it back");
	ok(same_result(&r, &got), "every field comes back the same");
	ok(key == 7, "and the key of its inputs");
	pico_result_release(&got);
	pico_result_release(&r);

	hand_result(&r, L, 2);
	/* what explains a card: doubts, each checker's kind and vote, the
	 * checkers' skill */
	{
		uint32_t m, i;

		r.doubtful[5] = 1;
		r.votes = xcalloc((size_t)r.checkers * r.n, sizeof *r.votes);
		r.kind = xcalloc(r.checkers + 1, sizeof *r.kind);
		for (m = 0; m < r.checkers; m++) {
			r.kind[m] = xstrdup(m % 2 ? "naive Bayes" :
			    "logistic regression");
			for (i = 0; i < r.n; i++)
				r.votes[m * r.n + i] = (i + m) % r.k;
		}
		r.skill.rows = 12;
		r.skill.accuracy = 0.75;
		r.skill.majority = 1 / 3.0;
		r.skill.gain = 4.5;
		r.skill.gamma = 0.8;
		r.skill.predictive = 1;
	}
	ok(picocache_write(cache, &fp, 7, "label", names, &r, &e) == 0 &&
	    picocache_read(cache, &fp, t, L, &got, NULL, &e) == 0 &&
	    same_result(&r, &got) && got.post.r == 2 && got.doubtful[5] &&
	    got.skill.predictive && strcmp(got.kind[1], "naive Bayes") == 0,
	    "top-r beliefs, doubts, votes, kinds and skill round trip too");
	pico_result_release(&got);

	/* refusals */
	ok(picocache_read("/nonexistent/pico.cache", &fp, t, L, &got, NULL,
	    &e) == -1 && e.code == ERR_NOINPUT, "no file: ERR_NOINPUT");
	other = fp;
	other.sample ^= 1;
	ok(picocache_read(cache, &other, t, L, &got, NULL, &e) == -1 &&
	    e.code == ERR_DATA && strstr(e.msg, "another file"),
	    "another file's cache is refused");
	other = fp;
	other.mtime_sec += 100;
	ok(picocache_read(cache, &other, t, L, &got, NULL, &e) == 0,
	    "a touched file (same content) is accepted");
	pico_result_release(&got);
	ok(picocache_write(cache, &fp, 7, "tag", names, &r, &e) == 0 &&
	    picocache_read(cache, &fp, t, L, &got, NULL, &e) == -1 &&
	    strstr(e.msg, "label column"), "another label column: refused");
	names[1] = "B";
	ok(picocache_write(cache, &fp, 7, "label", names, &r, &e) == 0 &&
	    picocache_read(cache, &fp, t, L, &got, NULL, &e) == -1 &&
	    strstr(e.msg, "classes"), "other class names: refused");
	names[1] = L->name[1];
	r.n = 11;
	ok(picocache_write(cache, &fp, 7, "label", names, &r, &e) == 0 &&
	    picocache_read(cache, &fp, t, L, &got, NULL, &e) == -1 &&
	    strstr(e.msg, "rows"), "another row count: refused");
	r.n = 12;

	/* damage: a flipped byte in the middle, then a cut */
	picocache_write(cache, &fp, 7, "label", names, &r, &e);
	f = fopen(cache, "r+b");
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fseek(f, sz / 2, SEEK_SET);
	ch = fgetc(f);
	fseek(f, sz / 2, SEEK_SET);
	fputc(ch ^ 0x40, f);
	fclose(f);
	ok(picocache_read(cache, &fp, t, L, &got, NULL, &e) == -1 &&
	    e.code == ERR_DATA && strstr(e.msg, "checksum"),
	    "a flipped byte: checksum mismatch");
	picocache_write(cache, &fp, 7, "label", names, &r, &e);
	ok(truncate(cache, sz - 9) == 0, "cut the file short");
	ok(picocache_read(cache, &fp, t, L, &got, NULL, &e) == -1 &&
	    e.code == ERR_DATA, "a cut file: refused");
	ok(truncate(cache, 3) == 0 && picocache_read(cache, &fp, t, L, &got,
	    NULL, &e) == -1 && e.code == ERR_DATA, "three bytes: refused");
	{
		char *foreign = tpath("notes.pico-cache"), *back;

		write_file(foreign, "my notes\n", 9);
		ok(picocache_write(foreign, &fp, 7, "label", names, &r, &e) ==
		    -1 && e.code == ERR_CANTCREAT &&
		    strstr(e.msg, "not a file winnow keeps"),
		    "a file that is not a cache, beside a named journal: "
		    "refused");
		back = slurp(foreign, NULL);

		ok(back && strcmp(back, "my notes\n") == 0,
		    "and left as it was");
		free(back);
		free(foreign);
	}
	ok(picocache_write("/nonexistent/dir/pico.cache", &fp, 7, "label",
	    names, &r, &e) == -1 && e.code == ERR_CANTCREAT,
	    "an impossible place: ERR_CANTCREAT");
	pico_result_release(&r);
}

static void
resume_tests(struct table *t, struct labels *L)
{
	struct review rv;
	struct review_opts o;
	struct review_why w;
	struct pico_result r;
	struct err e;

	review_opts_init(&o);
	o.order = REVIEW_UNCERTAINTY;
	o.reviewer = "ann";
	if (!ok(review_open(&rv, t, L, &o, &e) == 0, "a session"))
		diag("%s", e.msg);
	hand_result(&r, L, 0);
	review_set_result(&rv, &r);
	is_int(review_resume(&rv), 11, "an empty journal resumes at the "
	    "start");
	review_decide(&rv, 11, JOURNAL_ACCEPT, NULL, NULL, &e);
	review_decide(&rv, 5, JOURNAL_SKIP, NULL, NULL, &e);
	ok(rv.state[5] & REVIEW_SKIPPED, "a skip is remembered");
	review_decide(&rv, 9, JOURNAL_REJECT, NULL, NULL, &e);
	review_close(&rv);

	ok(review_open(&rv, t, L, &o, &e) == 0, "reopen");
	ok((rv.state[5] & REVIEW_SKIPPED) && !(rv.state[5] & REVIEW_DECIDED),
	    "the skip replayed");
	review_set_result(&rv, &r);
	is_int(review_resume(&rv), 2, "resume after the last decision "
	    "(row 9): row 2");
	/* the last decision is a skip of the last row: wrap round, pass
	 * over the skipped row 5 ... */
	review_decide(&rv, 2, JOURNAL_SKIP, NULL, NULL, &e);
	review_close(&rv);
	ok(review_open(&rv, t, L, &o, &e) == 0, "reopen again");
	review_set_result(&rv, &r);
	is_int(review_resume(&rv), 5, "every row left was skipped: the "
	    "first undecided row");
	/* a verdict on 5 clears its skip */
	review_decide(&rv, 5, JOURNAL_DROP, NULL, NULL, &e);
	ok(!(rv.state[5] & REVIEW_SKIPPED), "a verdict clears the skip");
	is_int(review_undo(&rv, &e), 1, "undo it");
	ok(rv.state[5] & REVIEW_SKIPPED, "and the skip is back");

	/* the why */
	ok(review_explain(&rv, 9, &w) == 0, "explain row 9");
	ok(w.given == 2 && w.suggested == 0 && w.other == 0,
	    "given c, suggested a");
	is_num(w.b_given, 0.1, 1e-6, "b(given)");
	is_num(w.b_other, 0.6, 1e-6, "b(suggested)");
	is_num(w.prior_given, 0.8, 1e-9, "prior of the given label");
	is_num(w.prior_other, 0.1, 1e-9, "prior of the suggestion");
	is_num(w.ratio, (0.6 / 0.1) / (0.1 / 0.8), 1e-3, "evidence ratio 48");
	ok(review_explain(&rv, 0, &w) == 0 && w.suggested == 0 &&
	    w.other != 0 && w.ratio < 1, "an agreeing row: the runner-up, "
	    "ratio below 1");
	review_set_result(&rv, NULL);
	ok(review_explain(&rv, 9, &w) == -1, "no result: nothing to explain");
	is_int(review_resume(&rv), REVIEW_NONE, "no result: nothing to "
	    "resume");
	review_close(&rv);
	pico_result_release(&r);
}

/* The key of a run's inputs: the same for the same options, labels and
 * clamps; another for any option, label or clamp that differs. */
static void
key_tests(void)
{
	struct picorun_opts o, p;
	uint32_t given[5] = { 0, 1, 2, 1, 0 }, clamp[5], other[5];
	struct progress prog;
	int cols[2] = { 1, 3 };
	uint64_t k;
	int i;

	for (i = 0; i < 5; i++)
		clamp[i] = other[i] = LABELS_NONE;
	picorun_opts_init(&o);
	k = picocache_key(&o, given, clamp, 5);
	p = o;
	memset(&prog, 0, sizeof prog);
	p.progress = &prog;
	p.pico.threads = 7;
	ok(picocache_key(&p, given, clamp, 5) == k, "the same inputs: the "
	    "same key (progress and PICO's own threads aside)");
	p = o;
	p.oof.seed = 2;
	ok(picocache_key(&p, given, clamp, 5) != k, "another seed: another "
	    "key");
	p = o;
	p.pico.tau = 0.6;
	ok(picocache_key(&p, given, clamp, 5) != k, "another threshold");
	p = o;
	p.pico.gate = 0;
	ok(picocache_key(&p, given, clamp, 5) != k, "another skill gate");
	p = o;
	p.pico.doubt = 0.25;
	ok(picocache_key(&p, given, clamp, 5) != k, "another --doubt");
	p = o;
	p.pico.calibrate = p.pico.calibrate == PICO_CALIB_NONE ?
	    PICO_CALIB_TEMP : PICO_CALIB_NONE;
	ok(picocache_key(&p, given, clamp, 5) != k, "another --calibrate");
	p = o;
	p.feat.cols = cols;
	p.feat.ncols = 2;
	ok(picocache_key(&p, given, clamp, 5) != k, "other feature columns");
	p = o;
	p.oof.threads = 3;
	ok(picocache_key(&p, given, clamp, 5) != k, "other checker threads");
	other[2] = 1;
	ok(picocache_key(&o, given, other, 5) != k, "a decision more: "
	    "another key");
	given[4] = LABELS_NONE;
	ok(picocache_key(&o, given, clamp, 5) != k, "a row dropped: another "
	    "key");
	ok(picocache_key(&o, given, clamp, 4) != picocache_key(&o, given,
	    clamp, 5), "fewer rows: another key");
}

int
main(void)
{
	struct csvload_opts keyed = keyed_by("id");
	struct table *t;
	struct labels L;
	struct err e;

	log_set_sink(quiet, NULL);
	data = tpath("data.csv");
	cache = tpath("pico.cache");
	write_twelve(data, NULL);
	t = load_file(data, &keyed);
	labels_init(&L, t, 2, LABELS_FIRST_SEEN, &e);
	key_tests();
	cache_tests(t, &L);
	resume_tests(t, &L);
	labels_release(&L);
	table_free(t);
	free(data);
	free(cache);
	return done_testing();
}
