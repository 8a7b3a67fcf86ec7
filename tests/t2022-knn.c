/*
 * t2022-knn - the nearest-neighbour checker: neighbours by cosine,
 * non-linear classes learnt, probabilities that sum to 1 and lean on
 * the prior, samples of the reference rows, and in the out-of-fold
 * driver: never a neighbour from the row's own fold, the same bytes on
 * any thread count.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/checkers/knn.h"
#include "core/pico/oof.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static void
test_checker(void)
{
	struct features f;
	uint32_t y[600], rows[600], nb[KNN_KMAX], n, c, best;
	struct knn m;
	struct knn_opts o;
	float p[3], sim[KNN_KMAX], *scratch, sum;
	size_t i;
	int wrong = 0, bad = 0, order = 1;

	quadrants(&f, 600, y, 3, 0);
	for (i = 0; i < 600; i++)
		rows[i] = (uint32_t)i;
	knn_opts_init(&o);
	/* train on the even rows, judge the odd ones */
	for (i = 0; i < 300; i++)
		rows[i] = (uint32_t)(2 * i);
	knn_train(&m, &f, rows, 300, y, NULL, 3, &o);
	is_int(m.nref, 300, "every training row kept");
	scratch = xmalloc(m.nref * sizeof *scratch);
	for (i = 1; i < 600; i += 2) {
		knn_predict(&m, &f, i, &o, p, scratch);
		best = argmax_checked(p, 3, KNN_PMIN, &sum, &bad);
		bad += fabsf(sum - 1) > 1e-5f;
		wrong += best != y[i];
		n = knn_neighbours(&m, &f, i, 10, KNN_COSINE, nb, sim,
		    scratch);
		for (c = 1; c < n; c++)
			order &= sim[c - 1] >= sim[c];
		for (c = 0; c < n; c++)
			order &= m.ref[nb[c]] % 2 == 0;
	}
	diag("quadrants: %d of 300 held-out rows wrong", wrong);
	cmp_ok(wrong, <, 30, "quadrants (not linearly separable): at least "
	    "90% right");
	is_int(bad, 0, "probabilities in [1e-6, 1], summing to 1");
	ok(order, "neighbours best first, all from the training rows");

	/* smoothing: one neighbour's worth of the prior */
	{
		uint32_t one = 0;
		float s1 = 1;

		m.rho[0] = 0.5;
		m.rho[1] = 0.25;
		m.rho[2] = 0.25;
		knn_probs(&m, &one, &s1, 1, 1, KNN_COSINE, 1.0, p);
		is_num(p[m.cls[0]], (1 + m.rho[m.cls[0]]) / 2, 1e-6,
		    "one neighbour, alpha 1: (1 + rho) / 2 for its class");
		knn_probs(&m, &one, &s1, 0, 10, KNN_COSINE, 1.0, p);
		is_num(p[0], 0.5, 1e-6, "no neighbour: the prior");
	}
	free(scratch);
	knn_release(&m);

	/* a sample of the reference rows, in row order */
	o.max_ref = 50;
	for (i = 0; i < 600; i++)
		rows[i] = (uint32_t)i;
	knn_train(&m, &f, rows, 600, y, NULL, 3, &o);
	is_int(m.nref, 50, "max_ref: 50 reference rows");
	order = 1;
	for (i = 1; i < m.nref; i++)
		order &= m.ref[i - 1] < m.ref[i];
	ok(order, "distinct, ascending");
	knn_release(&m);
	knn_release(NULL);
	features_release(&f);
}

/* knn out of fold on f over the folds sp (always: as oof_run), an ok
 * named name. */
static void
knn_oof(struct oof *a, const struct features *f, const uint32_t *y,
    const uint8_t *always, const struct folds *sp, int threads,
    const char *name)
{
	struct oof_opts o;
	struct err e;

	oof_opts_init(&o);
	o.model = OOF_KNN;
	o.threads = threads;
	if (!ok(oof_run(a, f, y, NULL, always, 2, sp, &o, &e) == 0, "%s",
	    name))
		diag("%s", e.msg);
}

/*
 * Triplets of identical rows: two in one fold labelled a, the third in
 * the other fold labelled b.  A checker that saw the row's own fold
 * would find its twin at distance 0 and say a; one that sees only the
 * other fold finds the third copy and says b.
 */
static void
test_own_fold(void)
{
	enum { T = 60, N = 3 * T };
	struct features f;
	struct folds sp;
	struct oof a, b;
	struct rng r;
	uint32_t y[N], i, j, t, hits = 0;
	double g;

	rng_seed(&r, 11, 0);
	numeric_features(&f, N, 8);
	sp.repeats = 1;
	sp.folds = 2;
	sp.n = N;
	sp.fold = xmalloc(N * sizeof *sp.fold);
	for (t = 0; t < T; t++) {
		for (j = 0; j < 8; j++) {
			g = rng_double(&r) * 2 - 1;
			for (i = 0; i < 3; i++)
				f.num[(size_t)(3 * t + i) * 8 + j] = (float)g;
		}
		for (i = 0; i < 3; i++) {
			y[3 * t + i] = (t + (i == 2)) % 2;
			sp.fold[3 * t + i] = (t + (i == 2)) % 2;
		}
	}
	knn_oof(&a, &f, y, NULL, &sp, 1, "knn out of fold");
	for (i = 0; i < N; i++)
		hits += oof_prob(&a, 0, i)[1 - y[i]] > 0.5;
	is_int(hits, N, "every row sides with its copy in the other fold, "
	    "never its twin in its own");
	knn_oof(&b, &f, y, NULL, &sp, 2, "knn on 2 threads");
	ok(!memcmp(a.prob, b.prob, (size_t)N * 2 * sizeof *a.prob),
	    "threads 1 and 2: the same bytes");
	oof_release(&b);
	/* a reviewed (always) row trains every checker, its own fold's */
	{
		uint8_t always[N];

		memset(always, 0, sizeof always);
		always[1] = 1;	/* row 0's twin, same fold, same label */
		knn_oof(&b, &f, y, always, &sp, 1, "knn with a clamped row");
		cmp_ok(oof_prob(&b, 0, 0)[y[0]], >, oof_prob(&a, 0, 0)[y[0]],
		    "a clamped twin in the row's own fold is a neighbour");
		oof_release(&b);
	}
	oof_release(&a);
	free(sp.fold);
	features_release(&f);
}

/*
 * Rings (plane): class 1 outside the circle of radius 0.6, 0 inside.
 * Every angle holds both classes, so the cosine cannot tell them apart;
 * the distance can.
 */
static uint32_t
ring_of(double a, double b, int unused)
{
	(void)unused;
	return a * a + b * b >= 0.36;
}


static void
test_metric(void)
{
	enum { N = 800 };
	struct features f;
	struct knn m;
	struct knn_opts o;
	struct folds sp;
	struct oof a;
	uint32_t y[N], rows[N / 2], nb[KNN_KMAX], n, c, i;
	float p[2], sim[KNN_KMAX], *scratch, sum;
	int wrong[2] = { 0, 0 }, bad = 0, order = 1, exact = 1, d;
	double dx, dy;
	char buf[128];

	plane(&f, N, y, 5, ring_of, 0);
	for (i = 0; i < N / 2; i++)
		rows[i] = 2 * i;
	knn_opts_init(&o);
	knn_train(&m, &f, rows, N / 2, y, NULL, 2, &o);
	scratch = xmalloc(m.nref * sizeof *scratch);
	for (d = 0; d < 2; d++) {
		o.metric = d ? KNN_EUCLID : KNN_COSINE;
		for (i = 1; i < N; i += 2) {
			knn_predict(&m, &f, i, &o, p, scratch);
			wrong[d] += argmax_checked(p, 2, KNN_PMIN, &sum,
			    &bad) != y[i];
		}
	}
	diag("rings: %d of %d held-out rows wrong by the cosine, %d by the "
	    "distance", wrong[0], N / 2, wrong[1]);
	cmp_ok(wrong[1], <, N / 2 / 10, "rings: the distance gets 90% right");
	cmp_ok(wrong[0], >, N / 2 / 4, "the cosine cannot (over 25% wrong)");
	is_int(bad, 0, "probabilities in [1e-6, 1] by either metric");
	for (i = 1; i < 41; i += 2) {
		n = knn_neighbours(&m, &f, i, 10, KNN_EUCLID, nb, sim, scratch);
		for (c = 0; c < n; c++) {
			if (c > 0)
				order &= sim[c - 1] >= sim[c];
			dx = f.num[i * 2] - f.num[m.ref[nb[c]] * 2];
			dy = f.num[i * 2 + 1] - f.num[m.ref[nb[c]] * 2 + 1];
			exact &= fabs(-sim[c] - (dx * dx + dy * dy)) < 1e-4;
		}
	}
	ok(order, "Euclidean: nearest first");
	ok(exact, "Euclidean: nearness is minus the squared distance");
	free(scratch);
	knn_release(&m);

	/* out of fold, knn weighs both metrics by log loss and says which */
	sp.repeats = 1;
	sp.folds = 2;
	sp.n = N;
	sp.fold = xmalloc(N * sizeof *sp.fold);
	for (i = 0; i < N; i++)
		sp.fold[i] = i % 2;
	knn_oof(&a, &f, y, NULL, &sp, 1, "rings out of fold");
	is_int(a.mix.knn_metric, KNN_EUCLID, "the distance chosen for rings");
	ok(strstr(oof_mix_describe(&a.mix, buf, sizeof buf),
	    "euclidean") != NULL, "and named");
	oof_release(&a);
	free(sp.fold);
	features_release(&f);
}

int
main(void)
{
	test_checker();
	test_own_fold();
	test_metric();
	return done_testing();
}
