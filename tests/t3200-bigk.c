/*
 * t3200-bigk - PICO with many classes: the top-r belief and prediction
 * store, top-r out-of-fold predictions against the dense ones (equal
 * when r >= K, the top r of them when r < K), the same bytes on one and
 * two threads, the vote, the cj prior and confident learning streamed
 * from top-r rows against their dense selves, PICO's beliefs and flags
 * when r < K, and memory figures.  t3201 runs a table of many classes
 * through picorun.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/cl/cl.h"
#include "core/data/csvload.h"
#include "core/pico/features.h"
#include "core/data/labels.h"
#include "core/pico/oof.h"
#include "core/pico/pico.h"
#include "core/pico/post.h"
#include "core/pico/vote.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"

/* --- data ---------------------------------------------------------- */

struct data {
	struct table *t;
	struct labels L;
	struct features X;
};

static int
data_from_table(struct data *d, struct table *t)
{
	struct features_opts fo;
	struct err e;
	int lc;

	d->t = t;
	if (!t)
		return -1;
	lc = table_col_index(t, "label");
	if (labels_init(&d->L, t, lc, LABELS_FIRST_SEEN, &e) < 0) {
		diag("%s", e.msg);
		return -1;
	}
	features_opts_init(&fo);
	fo.label_col = lc;
	if (features_build(&d->X, t, &fo, &e) < 0) {
		diag("%s", e.msg);
		return -1;
	}
	return 0;
}

static int
data_load(struct data *d, const char *name)
{
	struct csvload_opts co;
	struct err e;
	char path[4096];
	const char *src = getenv("SRCDIR");

	snprintf(path, sizeof path, "%s/datasets/%s", src ? src : ".", name);
	csvload_opts_init(&co);
	co.id_col = "id";
	memset(d, 0, sizeof *d);
	d->t = csvload(path, &co, &e);
	if (!d->t)
		diag("%s", e.msg);
	return data_from_table(d, d->t);
}

static void
data_free(struct data *d)
{
	features_release(&d->X);
	labels_release(&d->L);
	table_free(d->t);
}

/* --- the store ------------------------------------------------------ */

static void
test_post(void)
{
	struct post p;
	double b[6] = { 0.5, 0.2, 0.1, 0.1, 0.06, 0.04 }, out[6], *big;
	double b2[6] = { 0.5, 0.2, 0.1, 0.1, 0.06, 0.041 };
	uint32_t scratch[70000], c, cls[2];
	double prob[2];
	int same = 1;

	is_int(post_form(1000, 1000, 0), 0, "1,000 x 1,000: dense");
	is_int(post_form(100000, 1000, 0), POST_TOPR,
	    "100,000 x 1,000: top-16");
	is_int(post_form(10, 1000, 4), 4, "forced top-4");
	is_int(post_form(10, 8, 16), 8, "never more entries than classes");

	post_init(&p, 10, 1000, 16);
	ok(p.r == 16 && p.cls16 && !p.cls, "1,000 classes: 16-bit ids");
	is_int((long long)post_bytes(&p), 10 * (16 * 6 + 8),
	    "10 rows x 16 entries: 6 bytes an entry, 8 a row");
	post_release(&p);
	post_init(&p, 10, 70000, 16);
	ok(p.cls && !p.cls16, "70,000 classes: 32-bit ids");
	is_int((long long)post_bytes(&p), 10 * (16 * 8 + 8),
	    "then 8 bytes an entry");
	big = xcalloc(70000, sizeof *big);
	for (c = 0; c < 70000; c++)
		big[c] = 0.5 / 69999;
	big[69999] = 0.5;
	post_set(&p, 3, big, 12, scratch);
	post_top(&p, 3, cls, prob, 1);
	ok(cls[0] == 69999 && prob[0] == 0.5f, "a class id above 65535");
	free(big);
	post_release(&p);

	/*
	 * Top-2 of six classes, given label 4 (not kept): kept 0 and 1,
	 * given .06, rest .3; each of classes 2, 3, 5 gets (.3 - .06) / 3.
	 */
	post_init(&p, 2, 6, 2);
	post_set(&p, 0, b, 4, scratch);
	is_num(post_get(&p, 0, 0, 4), 0.5, 1e-7, "kept class 0");
	is_num(post_get(&p, 0, 4, 4), 0.06, 1e-7, "the given label's own");
	is_num(post_get(&p, 0, 2, 4), 0.08, 1e-7, "spread: (.3 - .06) / 3");
	is_num(post_spread(&p, 0, 4), 0.08, 1e-7, "post_spread agrees");
	post_expand(&p, 0, 4, out);
	for (c = 0; c < 6; c++)
		same &= out[c] == post_get(&p, 0, c, 4);
	ok(same, "post_expand is post_get for every class");
	/* given kept: the rest spread over the four others */
	post_set(&p, 1, b, 1, scratch);
	is_num(post_get(&p, 1, 5, 1), 0.3 / 4, 1e-7, "given kept: .3 / 4");
	/* a row summing to 1.001 (clipped predictions): rest = the sum of
	 * what is not kept */
	post_set(&p, 1, b2, 1, scratch);
	is_num(p.rest[1], 0.301, 1e-7, "rest is what is not kept, not 1 - "
	    "kept");
	post_release(&p);
}

/* --- out-of-fold predictions --------------------------------------- */

/* The dense top r of p (ties to the lower index) into cls. */
static void
dense_top(const float *p, uint32_t k, uint32_t r, uint32_t *cls)
{
	uint32_t c, j, m = 0;

	for (c = 0; c < k; c++) {
		if (m == r && !(p[c] > p[cls[m - 1]]))
			continue;
		j = m < r ? m++ : r - 1;
		while (j > 0 && p[c] > p[cls[j - 1]]) {
			cls[j] = cls[j - 1];
			j--;
		}
		cls[j] = c;
	}
}

/* Top-r b against dense a: kept entries, the given slot and the rest. */
static void
check_top(const struct oof *a, const struct oof *b, const uint32_t *y,
    const char *what)
{
	uint32_t r, c, j, k = a->k, tr = b->topr, cls[64];
	uint64_t i;
	int bad_kept = 0, bad_given = 0;
	double bad_rest = 0, s;

	for (r = 0; r < a->repeats; r++)
		for (i = 0; i < a->n; i++) {
			const float *p = oof_prob(a, r, i);
			const struct post *P = &b->top[r];

			dense_top(p, k, tr, cls);
			s = 0;
			for (c = 0; c < k; c++)
				s += p[c];
			for (j = 0; j < tr; j++) {
				uint32_t bc = post_cls(P, i * tr + j);

				bad_kept += bc != cls[j] ||
				    P->prob[i * tr + j] != p[cls[j]];
				s -= p[cls[j]];
			}
			bad_given += y[i] < k && P->given[i] != p[y[i]];
			if (fabs(P->rest[i] - s) > bad_rest)
				bad_rest = fabs(P->rest[i] - s);
		}
	diag("%s", what);
	is_int(bad_kept, 0, "the kept entries are the dense top r");
	is_int(bad_given, 0, "the given slot is the dense p(given)");
	cmp_ok(bad_rest, <, 1e-6, "the rest is the dense remainder");
}

static int
same_top(const struct oof *a, const struct oof *b)
{
	uint32_t r;
	size_t cells;

	if (a->topr != b->topr || a->repeats != b->repeats)
		return 0;
	for (r = 0; r < a->repeats; r++) {
		cells = (size_t)a->n * a->topr;
		if (memcmp(a->top[r].cls16, b->top[r].cls16, cells * 2) ||
		    memcmp(a->top[r].prob, b->top[r].prob, cells * 4) ||
		    memcmp(a->top[r].rest, b->top[r].rest, a->n * 4) ||
		    memcmp(a->top[r].given, b->top[r].given, a->n * 4))
			return 0;
	}
	return 1;
}

static void
test_oof(struct data *d)
{
	struct oof a, b, c;
	struct oof_opts o;
	struct err e;
	uint32_t r, cl, k = d->L.k;
	uint64_t i;
	int equal = 1, small_rest = 1;

	oof_opts_init(&o);
	o.threads = 2;
	if (!ok(oof_run(&a, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e) == 0,
	    "digits: dense run"))
		diag("%s", e.msg);
	o.topr = k;
	is_int(oof_run(&b, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e), 0,
	    "top-r run, r = K");
	ok(b.prob == NULL && b.top && b.topr == k, "top-r form, no dense "
	    "matrix");
	for (r = 0; r < a.repeats; r++)
		for (i = 0; i < a.n; i++) {
			for (cl = 0; cl < k; cl++)
				equal &= post_get(&b.top[r], (uint32_t)i, cl,
				    d->L.y[i]) == oof_prob(&a, r, i)[cl];
			small_rest &= b.top[r].rest[i] < 1e-6;
		}
	ok(equal, "r = K: every probability equals the dense one");
	ok(small_rest, "r = K: nothing left in the rest");
	oof_release(&b);

	o.topr = 3;
	oof_run(&b, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e);
	is_int(b.topr, 3, "top-3 run");
	check_top(&a, &b, d->L.y, "digits, LR, top-3 of 10");
	o.threads = 1;
	oof_run(&c, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e);
	ok(same_top(&b, &c), "top-3: threads 1 and 2 give the same bytes");
	oof_release(&c);
	is_int((long long)oof_bytes(&b), (long long)(3 * post_bytes(&b.top[0]) +
	    3 * a.n * 4 + 15 * k * 8 + 15 * 8), "oof_bytes: the three stores, "
	    "folds and shares");
	is_int((long long)post_bytes(&b.top[0]), (long long)(a.n * (3 * 6 + 8)),
	    "a repeat's store: 26 bytes a row");
	cmp_ok(oof_bytes(&b), <, oof_bytes(&a), "smaller than dense");
	oof_release(&b);

	/* naive Bayes writes the same store, and keeps a row's given label
	 * when it is not among its top r */
	o.model = OOF_NB;
	o.threads = 2;
	oof_release(&a);
	oof_opts_init(&o);
	o.model = OOF_NB;
	o.threads = 2;
	oof_run(&a, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e);
	o.topr = 2;
	oof_run(&b, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e);
	check_top(&a, &b, d->L.y, "digits, NB, top-2 of 10");
	o.threads = 1;
	oof_run(&c, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e);
	ok(same_top(&b, &c), "NB top-2: threads 1 and 2 give the same bytes");
	oof_release(&c);
	oof_release(&b);

	/* keep: another class kept per row */
	{
		uint32_t *keep = xmalloc(a.n * sizeof *keep);
		int good = 1;

		for (i = 0; i < a.n; i++)
			keep[i] = (uint32_t)(i % k);
		o.keep = keep;
		oof_run(&b, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e);
		for (r = 0; r < a.repeats; r++)
			for (i = 0; i < a.n; i++)
				good &= b.top[r].given[i] ==
				    oof_prob(&a, r, i)[i % k];
		ok(good, "keep: the given slot holds the keep class");
		oof_release(&b);
		free(keep);
		o.keep = NULL;
	}

	/* the memory cap counts the top-r bytes */
	o.max_bytes = 1000;
	is_int(oof_run(&b, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e), -1,
	    "top-r over the memory cap: refused");
	ok(e.code == ERR_USAGE && strstr(e.msg, "top-2"), "a usage error "
	    "naming the form: %s", e.msg);
	oof_release(&a);
}

/* --- vote, mean rows, confident learning ---------------------------- */

/* A vote source over an oof (dense or top-r), as picorun builds it. */
static void
set_fill(struct vote_set *s, struct oof *o, const uint32_t *keep)
{
	struct vote_src *src = &s->src;
	uint32_t m;

	memset(s, 0, sizeof *s);
	src->n = (uint32_t)o->n;
	src->k = o->k;
	src->m = o->repeats;
	src->who = xcalloc(src->m, sizeof *src->who);
	src->rho = xcalloc(src->m, sizeof *src->rho);
	if (o->top) {
		s->top = xcalloc(src->m, sizeof *s->top);
		s->keep = keep;
	} else {
		src->p = xcalloc(src->m, sizeof *src->p);
	}
	for (m = 0; m < src->m; m++) {
		if (o->top)
			s->top[m] = &o->top[m];
		else
			src->p[m] = o->prob + (size_t)m * o->n * o->k;
		src->who[m] = o->split.fold + (size_t)m * o->n;
		src->rho[m] = o->rho + (size_t)m * o->folds * o->k;
	}
}

static void
set_free(struct vote_set *s)
{
	vote_set_logs_free(s);
	FREE_ALL(s->src.p, s->top, s->src.who, s->src.rho);
	memset(s, 0, sizeof *s);
}

static double *
dense_mean(const struct vote_src *s)
{
	size_t i, nk = (size_t)s->n * s->k;
	double *mean = xcalloc(nk + 1, sizeof *mean);
	uint32_t m;

	for (m = 0; m < s->m; m++)
		for (i = 0; i < nk; i++)
			mean[i] += s->p[m][i];
	for (i = 0; i < nk; i++)
		mean[i] /= s->m;
	return mean;
}

/* The same matrices, bit for bit: cells, defaults and which are
 * stored. */
static int
same_kmat(const struct kmat *a, const struct kmat *b)
{
	return a->k == b->k && a->rows == b->rows && a->nnz == b->nnz &&
	    !memcmp(a->ptr, b->ptr, ((size_t)a->k + 1) * sizeof *a->ptr) &&
	    !memcmp(a->col, b->col, a->nnz * sizeof *a->col) &&
	    !memcmp(a->val, b->val, a->nnz * sizeof *a->val) &&
	    !memcmp(a->dflt, b->dflt, a->k * sizeof *a->dflt);
}

static int
same_cl(const struct cl *a, const struct cl *b)
{
	return a->n == b->n &&
	    !memcmp(a->thresh, b->thresh, a->k * sizeof *a->thresh) &&
	    same_kmat(&a->kjoint, &b->kjoint) &&
	    same_kmat(&a->kcal, &b->kcal) &&
	    same_kmat(&a->kprune, &b->kprune) &&
	    !memcmp(a->offdiag, b->offdiag, a->nrows);
}

static void
test_vote_cl(struct data *d)
{
	struct oof a, b, c;
	struct oof_opts o;
	struct vote_set sa, sb, sc;
	struct vote_opts vo = { VOTE_LOGLINEAR, VOTE_BETA_SQRT };
	struct cl_rows rows;
	struct cl ca, cb;
	struct err e;
	uint32_t k = d->L.k, i, f, n, *sup;
	double *Ea, *Eb, *buf, *ma, *mb, *mean;
	uint8_t *fa, *fb;
	int same_e = 1, same_m = 1, same_mean = 1, same_agree = 1;
	int same_at = 1, same_q = 1, argmax_same = 0, all_sup = 1;
	double inter, uni;

	oof_opts_init(&o);
	o.threads = 2;
	/* the fixed-epoch checker these figures were measured on: the
	 * argmax check below is about this data's margins, not the mix */
	o.model = OOF_SGD;
	oof_run(&a, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e);
	o.topr = k;
	o.keep = d->L.y;
	oof_run(&b, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e);
	o.topr = 3;
	oof_run(&c, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e);
	set_fill(&sa, &a, NULL);
	set_fill(&sb, &b, d->L.y);
	set_fill(&sc, &c, d->L.y);
	n = sa.src.n;
	Ea = xmalloc(k * sizeof *Ea);
	Eb = xmalloc(k * sizeof *Eb);
	buf = xmalloc(k * sizeof *buf);
	ma = xmalloc(k * sizeof *ma);
	mb = xmalloc(k * sizeof *mb);
	sup = xmalloc(k * sizeof *sup);
	vote_set_logs(&sb);
	for (i = 0; i < n; i++) {
		vote_evidence(&sa.src, &vo, i, Ea);
		vote_set_evidence(&sb, &vo, i, Eb, buf);
		same_e &= !memcmp(Ea, Eb, k * sizeof *Ea);
		vo.pool = VOTE_MEAN;
		vote_evidence(&sa.src, &vo, i, Ea);
		vote_set_evidence(&sb, &vo, i, Eb, NULL);
		same_m &= !memcmp(Ea, Eb, k * sizeof *Ea);
		vo.pool = VOTE_LOGLINEAR;
		vote_mean_row(&sa, i, ma, buf);
		vote_mean_row(&sb, i, mb, buf);
		same_mean &= !memcmp(ma, mb, k * sizeof *ma);
		same_at &= vote_mean_at(&sb, i, 3) == ma[3];
		same_agree &= vote_agree(&sa.src, i, d->L.y[i]) ==
		    vote_set_agree(&sb, i, d->L.y[i]);
		all_sup &= vote_mean_support(&sb, i, sup) == k;
	}
	ok(same_e, "r = K: log-linear evidence bit for bit (with log rho "
	    "cached)");
	ok(same_m, "r = K: mean-pool evidence bit for bit");
	ok(same_mean, "r = K: mean rows bit for bit");
	ok(same_at, "vote_mean_at is the mean row's entry");
	ok(same_agree, "r = K: agreement counts equal");
	ok(all_sup, "r = K: every class in the support");

	/* r < K: with log rho cached a checker's spread goes to every
	 * class at once; the same evidence up to rounding */
	{
		double worst = 0;
		uint32_t j;

		for (i = 0; i < n; i++) {
			vote_set_evidence(&sc, &vo, i, Ea, buf);
			vote_set_logs(&sc);
			vote_set_evidence(&sc, &vo, i, Eb, buf);
			vote_set_logs_free(&sc);
			for (j = 0; j < k; j++)
				if (fabs(Ea[j] - Eb[j]) > worst)
					worst = fabs(Ea[j] - Eb[j]);
		}
		cmp_ok(worst, <, 1e-9, "top-3: the spread shortcut is the "
		    "evidence");
	}
	/* r < K: the evidence's argmax mostly survives */
	for (i = 0; i < n; i++) {
		uint32_t ba = 0, bb = 0, j;

		vote_evidence(&sa.src, &vo, i, Ea);
		vote_set_evidence(&sc, &vo, i, Eb, buf);
		for (j = 1; j < k; j++) {
			ba = Ea[j] > Ea[ba] ? j : ba;
			bb = Eb[j] > Eb[bb] ? j : bb;
		}
		argmax_same += ba == bb;
		/* support: kept by some checker, or the label; ascending */
		f = vote_mean_support(&sc, i, sup);
		all_sup &= f >= 3 && f <= 10;
		for (j = 1; j < f; j++)
			all_sup &= sup[j - 1] < sup[j];
	}
	diag("top-3 of 10: evidence argmax equal on %d of %u rows",
	    argmax_same, n);
	cmp_ok(argmax_same, ==, (int)n, "top-3: the evidence argmax never "
	    "changes");
	ok(all_sup, "top-3: supports ascending, 3 to 10 classes");

	/* confident learning on rows one at a time, r = K: the same bits */
	mean = dense_mean(&sa.src);
	cl_init(&ca, mean, d->L.y, n, k, &e);
	vote_mean_rows(&sb, 2, &rows);
	is_int(cl_init_rows(&cb, &rows, d->L.y, &e), 0, "cl_init_rows");
	ok(same_cl(&ca, &cb), "r = K: thresholds, joint, calibration, prune "
	    "counts and off-diagonal rows equal");
	fa = xmalloc(n);
	fb = xmalloc(n);
	for (f = 0; f < CL_NFILTERS; f++) {
		cl_find_issues(&ca, mean, d->L.y, (enum cl_filter)f, fa);
		cl_find_issues_rows(&cb, &rows, d->L.y, (enum cl_filter)f, fb);
		ok(!memcmp(fa, fb, n), "r = K: filter %s flags the same rows",
		    cl_filter_name((enum cl_filter)f));
	}
	/* top-3 rows in compressed form read as their expansions */
	{
		struct cl_rows r3;
		struct cl_row cr;
		double *val = xmalloc(k * sizeof *val), qa[2];
		uint32_t *cls = xmalloc(k * sizeof *cls), g;
		int same_arg = 1;

		vote_mean_rows(&sc, 1, &r3);
		for (i = 0; i < n; i++) {
			g = d->L.y[i];
			r3.row(&r3, i, &cr, cls, val);
			vote_mean_row(&sc, i, ma, buf);
			cl_quality(ma, &g, 1, k, CL_NORMALIZED_MARGIN, qa);
			cl_quality(ma, &g, 1, k, CL_SELF_CONFIDENCE, qa + 1);
			same_q &= cl_quality_row(&cr, k, g,
			    CL_NORMALIZED_MARGIN) == qa[0] &&
			    cl_quality_row(&cr, k, g, CL_SELF_CONFIDENCE) ==
			    qa[1];
			same_arg &= cl_row_argmax(&cr, k, k, 0) ==
			    cl_row_argmax(&(struct cl_row){ k, NULL, ma, 0 },
			    k, k, 0) && cl_row_argmax(&cr, k, g, 0.5) ==
			    cl_row_argmax(&(struct cl_row){ k, NULL, ma, 0 },
			    k, g, 0.5);
			for (f = 0; f < k; f++)
				same_q &= cl_row_at(&cr, f) == ma[f];
		}
		ok(same_q, "top-3: a compressed row's values and scores are "
		    "its expansion's");
		ok(same_arg, "top-3: and so is its argmax, with and without "
		    "a bonus");
		free(val);
		free(cls);
	}
	rows.threads = 1;
	cl_release(&cb);
	cl_init_rows(&cb, &rows, d->L.y, &e);
	ok(same_cl(&ca, &cb), "one thread: the same");
	cl_release(&cb);

	/* r = 3: thresholds still exact (the label is always kept) */
	vote_mean_rows(&sc, 2, &rows);
	cl_init_rows(&cb, &rows, d->L.y, &e);
	ok(!memcmp(ca.thresh, cb.thresh, k * sizeof *ca.thresh),
	    "top-3: the thresholds are exact");
	/* ... and every filter flags what the dense one flags on the
	 * matrix of the rebuilt rows */
	{
		double *rec = xmalloc((size_t)n * k * sizeof *rec);
		struct cl cr;
		int same_rec = 1;

		for (i = 0; i < n; i++)
			vote_mean_row(&sc, i, rec + (size_t)i * k, buf);
		cl_init(&cr, rec, d->L.y, n, k, &e);
		ok(same_cl(&cr, &cb), "top-3: the joint of the rebuilt rows");
		for (f = 0; f < CL_NFILTERS; f++) {
			cl_find_issues(&cr, rec, d->L.y, (enum cl_filter)f, fa);
			cl_find_issues_rows(&cb, &rows, d->L.y,
			    (enum cl_filter)f, fb);
			same_rec &= !memcmp(fa, fb, n);
		}
		ok(same_rec, "top-3: every filter flags what the dense one "
		    "flags on the rebuilt rows");
		cl_release(&cr);
		free(rec);
	}
	cl_find_issues(&ca, mean, d->L.y, CL_PRUNE_BY_NOISE_RATE, fa);
	cl_find_issues_rows(&cb, &rows, d->L.y, CL_PRUNE_BY_NOISE_RATE, fb);
	inter = uni = 0;
	for (i = 0; i < n; i++) {
		inter += fa[i] && fb[i];
		uni += fa[i] || fb[i];
	}
	diag("top-3: prune_by_noise_rate flags %.0f in common of %.0f", inter,
	    uni);
	cmp_ok(uni > 0 ? inter / uni : 1, >=, 0.9, "top-3: the flags overlap "
	    "(Jaccard >= 0.9)");
	cl_release(&cb);
	cl_release(&ca);
	FREE_ALL(mean, fa, fb, Ea, Eb, buf, ma, mb, sup);
	set_free(&sa);
	set_free(&sb);
	set_free(&sc);
	oof_release(&a);
	oof_release(&b);
	oof_release(&c);
}

/* --- PICO on top-r evidence ----------------------------------------- */

/* A source that serves one oof (dense or top-r) every round. */
struct fixed {
	struct oof *o;
	const uint32_t *keep;
};

static int
fixed_round(void *ctx, uint32_t t, const uint32_t *ytrain, const float *w,
    struct vote_src *src, const struct progress *pr, struct err *e)
{
	struct fixed *F = ctx;

	set_fill(vote_set_of(src), F->o, F->keep);
	return 0;
}

static void
fixed_done(void *ctx, struct vote_src *src)
{
	(void)ctx;
	set_free(vote_set_of(src));
}

static int
same_result(const struct pico_result *a, const struct pico_result *b)
{
	uint32_t n = a->n;

	return a->rounds == b->rounds &&
	    !memcmp(a->quality, b->quality, n * sizeof *a->quality) &&
	    !memcmp(a->suggested, b->suggested, n * sizeof *a->suggested) &&
	    !memcmp(a->p_suggested, b->p_suggested, n * 4) &&
	    !memcmp(a->flagged, b->flagged, n) &&
	    !memcmp(a->ambiguous, b->ambiguous, n) &&
	    !memcmp(a->agree, b->agree, n) &&
	    same_kmat(&a->noise, &b->noise) &&
	    a->expected == b->expected;
}

static void
test_pico(struct data *d, const char *name, uint32_t rsmall,
    double min_jaccard, double max_dq)
{
	struct oof a, b, c;
	struct oof_opts o;
	struct fixed Fa, Fb, Fc;
	struct pico_checkers ca = { fixed_round, fixed_done, &Fa, 0 };
	struct pico_checkers cb = { fixed_round, fixed_done, &Fb, 0 };
	struct pico_checkers cc = { fixed_round, fixed_done, &Fc, 0 };
	struct pico_opts po;
	struct pico_result ra, rb, rc;
	struct err e;
	uint32_t k = d->L.k, i, n = (uint32_t)d->X.n;
	double inter = 0, uni = 0, dq = 0;
	int mode;

	oof_opts_init(&o);
	oof_run(&a, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e);
	o.keep = d->L.y;
	o.topr = k;
	oof_run(&b, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e);
	o.topr = rsmall;
	oof_run(&c, &d->X, d->L.y, NULL, NULL, k, NULL, &o, &e);
	Fa.o = &a;
	Fa.keep = NULL;
	Fb.o = &b;
	Fb.keep = d->L.y;
	Fc.o = &c;
	Fc.keep = d->L.y;
	for (mode = 0; mode < 3; mode++) {
		const char *what = mode == 0 ? "one round" : mode == 1 ?
		    "fixed evidence, EM rounds" : "HMM carry, 3 rounds";

		pico_opts_init(&po);
		po.rounds = mode == 0 ? 1 : 3;
		ca.fixed = cb.fixed = cc.fixed = mode == 1;
		if (mode == 2)
			po.carry = PICO_CARRY_HMM;
		pico_run(&po, n, k, d->L.y, NULL, &ca, NULL, &ra, &e);
		po.force_topr = k;
		if (!ok(pico_run(&po, n, k, d->L.y, NULL, &cb, NULL, &rb, &e) ==
		    0, "%s, %s: top-r (r = K) runs", name, what))
			diag("%s", e.msg);
		ok(rb.post.r == k, "beliefs in top-r form");
		ok(same_result(&ra, &rb), "%s, %s: r = K equals dense bit for "
		    "bit", name, what);
		pico_result_release(&rb);
		if (mode == 0) {
			po.force_topr = rsmall;
			pico_run(&po, n, k, d->L.y, NULL, &cc, NULL, &rc, &e);
			for (i = 0; i < n; i++) {
				inter += ra.flagged[i] && rc.flagged[i];
				uni += ra.flagged[i] || rc.flagged[i];
				if (fabs(ra.quality[i] - rc.quality[i]) > dq)
					dq = fabs(ra.quality[i] -
					    rc.quality[i]);
			}
			diag("%s, top-%u of %u: max |q - q_dense| %.4f, "
			    "flags %.0f common of %.0f (%llu vs %llu)", name,
			    rsmall, k, dq, inter, uni,
			    (unsigned long long)ra.nflagged,
			    (unsigned long long)rc.nflagged);
			cmp_ok(dq, <, max_dq, "top-r < K: beliefs close");
			cmp_ok(uni > 0 ? inter / uni : 1, >=, min_jaccard,
			    "top-r < K: flagged sets overlap");
			pico_result_release(&rc);
		}
		pico_result_release(&ra);
	}
	oof_release(&a);
	oof_release(&b);
	oof_release(&c);
}

int
main(void)
{
	struct data d;

	test_post();
	if (data_load(&d, "digits.csv") < 0) {
		skip(1, "digits.csv not loaded");
	} else {
		test_oof(&d);
		test_vote_cl(&d);
		test_pico(&d, "digits", 3, 0.95, 0.05);
		data_free(&d);
	}
	if (data_load(&d, "fortunes8.csv") < 0) {
		skip(1, "fortunes8.csv not loaded");
	} else {
		test_pico(&d, "fortunes8", 2, 0.9, 0.25);
		data_free(&d);
	}
	return done_testing();
}
