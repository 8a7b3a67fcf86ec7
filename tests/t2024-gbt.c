/*
 * t2024-gbt - the gradient-boosted trees checker: classes no line
 * separates learnt, two classes and several, probabilities that sum to
 * 1, missing values, one-hot buckets (and one training never saw),
 * weights that leave rows out, the row sample and its determinism,
 * and in the out-of-fold driver: the same bytes on any thread count,
 * the name, and auto weighing trees on tabular rows but not on text.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/checkers/gbt.h"
#include "core/pico/oof.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

/* m's probabilities for row of f, two classes: a distribution. */
static void
distribution(const struct gbt *m, const struct features *f, uint32_t row,
    const char *name)
{
	struct err e;
	float p[2], sum;
	int bad = 0;

	gbt_predict(m, f, &row, 1, p, &e);
	argmax_checked(p, 2, GBT_PMIN, &sum, &bad);
	ok(!bad && fabsf(sum - 1) < 1e-4f, name);
}

/* Train on the even rows of f (weights w), judge the odd ones: how
 * many wrong; *bad counts probabilities out of range or sums off 1. */
static int
held_out_wrong(const struct features *f, const uint32_t *y, const float *w,
    uint32_t k, size_t n, const struct gbt_opts *o, int *bad)
{
	struct gbt m;
	struct err e;
	uint32_t *rows = xmalloc(n * sizeof *rows), *odd, best;
	float *p = xmalloc(n * k * sizeof *p), sum;
	size_t i, ne = 0, no = 0;
	int wrong = 0;

	odd = xmalloc(n * sizeof *odd);
	for (i = 0; i < n; i++) {
		if (i % 2 == 0)
			rows[ne++] = (uint32_t)i;
		else
			odd[no++] = (uint32_t)i;
	}
	if (!ok(gbt_train(&m, f, rows, ne, y, w, k, o, &e) == 0, "trains"))
		diag("%s", e.msg);
	if (!ok(gbt_predict(&m, f, odd, no, p, &e) == 0, "predicts"))
		diag("%s", e.msg);
	for (i = 0; i < no; i++) {
		best = argmax_checked(p + i * k, k, GBT_PMIN, &sum, bad);
		*bad += fabsf(sum - 1) > 1e-4f;
		wrong += best != y[odd[i]];
	}
	gbt_release(&m);
	free(rows);
	free(odd);
	free(p);
	return wrong;
}

static void
test_quadrants(void)
{
	struct features f;
	uint32_t y[800];
	int bad = 0, wrong;

	quadrants(&f, 800, y, 3, 0);
	wrong = held_out_wrong(&f, y, NULL, 3, 800, NULL, &bad);
	diag("quadrants, 3 classes: %d of 400 held-out rows wrong", wrong);
	cmp_ok(wrong, <, 40, "3 classes no line separates: at least 90% "
	    "right");
	is_int(bad, 0, "probabilities in [1e-6, 1], summing to 1");
	features_release(&f);

	quadrants(&f, 800, y, 4, 1);
	bad = 0;
	wrong = held_out_wrong(&f, y, NULL, 2, 800, NULL, &bad);
	diag("XOR, 2 classes: %d of 400 held-out rows wrong", wrong);
	cmp_ok(wrong, <, 40, "XOR (binary logistic): at least 90% right");
	is_int(bad, 0, "two classes: a probability each, summing to 1");
	features_release(&f);
}

/* Weight 0 leaves a row out: the rows flipped at weight 0 change
 * nothing; the same rows at weight 1 do. */
static void
test_weights(void)
{
	struct features f;
	uint32_t y[600], yf[600];
	float w[600];
	int bad = 0, clean, zero, flipped;
	size_t i;

	quadrants(&f, 600, y, 5, 1);
	memcpy(yf, y, sizeof y);
	for (i = 0; i < 600; i++) {
		w[i] = 1;
		/* a third of the training rows flipped */
		if (i % 2 == 0 && i % 3 == 0) {
			yf[i] = 1 - y[i];
			w[i] = 0;
		}
	}
	clean = held_out_wrong(&f, y, w, 2, 600, NULL, &bad);
	zero = held_out_wrong(&f, yf, w, 2, 600, NULL, &bad);
	is_int(zero, clean, "flipped rows at weight 0: as if absent");
	flipped = held_out_wrong(&f, yf, NULL, 2, 600, NULL, &bad);
	diag("held-out wrong: %d without the flipped rows, %d with them",
	    clean, flipped);
	cmp_ok(flipped, >, clean, "the same rows at weight 1 cost accuracy");
	features_release(&f);
}

/*
 * A column that is missing in some rows: training and prediction take
 * the rows as they are, and a row with nothing measured gets a proper
 * distribution.  Then one-hot buckets: bucket 7 means class 1, bucket 9
 * class 0; a bucket no training row has (11) is no column.
 */
static void
test_missing_and_buckets(void)
{
	struct features f;
	struct gbt m;
	struct err e;
	uint32_t y[400], rows[400], q[2];
	float p[4];
	size_t i;
	int wrong = 0;

	quadrants(&f, 400, y, 6, 1);
	for (i = 0; i < 400; i += 5)
		f.num[i * 2 + 1] = NAN;
	f.num[1 * 2] = NAN;
	f.num[1 * 2 + 1] = NAN;
	for (i = 0; i < 400; i++)
		rows[i] = (uint32_t)i;
	ok(gbt_train(&m, &f, rows, 400, y, NULL, 2, NULL, &e) == 0,
	    "trains with missing values");
	distribution(&m, &f, 1, "a row with nothing measured: a "
	    "distribution");
	gbt_release(&m);
	features_release(&f);

	/* buckets: 200 rows, one bucket each */
	memset(&f, 0, sizeof f);
	f.n = 200;
	f.dim = 16;
	f.ptr = xcalloc(201, sizeof *f.ptr);
	f.idx = xmalloc(200 * sizeof *f.idx);
	f.val = xmalloc(200 * sizeof *f.val);
	for (i = 0; i < 200; i++) {
		f.ptr[i + 1] = i + 1;
		f.idx[i] = i == 199 ? 11 : i % 2 ? 7 : 9;
		f.val[i] = 1;
		y[i] = i % 2;
		rows[i] = (uint32_t)i;
	}
	ok(gbt_train(&m, &f, rows, 198, y, NULL, 2, NULL, &e) == 0,
	    "trains on buckets");
	is_int(m.nb, 2, "two buckets used in training, two columns");
	for (i = 0; i < 198; i++) {
		q[0] = (uint32_t)i;
		gbt_predict(&m, &f, q, 1, p, &e);
		wrong += (p[1] > p[0]) != (y[i] == 1);
	}
	is_int(wrong, 0, "each bucket's class");
	distribution(&m, &f, 199, "a bucket training never saw: still a "
	    "distribution");
	gbt_release(&m);

	/* one class only: nothing to split, the class shares */
	for (i = 0; i < 200; i++)
		y[i] = 1;
	ok(gbt_train(&m, &f, rows, 200, y, NULL, 3, NULL, &e) == 0,
	    "one class trains");
	ok(m.booster == NULL, "no trees for one class");
	q[0] = 0;
	gbt_predict(&m, &f, q, 1, p, &e);
	is_num(p[1], 1, 1e-6, "its share");
	is_num(p[0], GBT_PMIN, 1e-9, "the others at the floor");
	gbt_release(&m);
	gbt_release(NULL);
	features_release(&f);
}

/* A sample of the training rows: the same draw for the same stream. */
static void
test_sample(void)
{
	struct features f;
	struct gbt m;
	struct gbt_opts o;
	struct err e;
	uint32_t y[600], rows[600];
	float a[600 * 2], b[600 * 2], c[600 * 2];
	size_t i;

	quadrants(&f, 600, y, 8, 1);
	for (i = 0; i < 600; i++)
		rows[i] = (uint32_t)i;
	gbt_opts_init(&o);
	o.max_rows = 100;
	o.seed = 1;
	o.stream = 5;
	gbt_train(&m, &f, rows, 600, y, NULL, 2, &o, &e);
	gbt_predict(&m, &f, rows, 600, a, &e);
	gbt_release(&m);
	gbt_train(&m, &f, rows, 600, y, NULL, 2, &o, &e);
	gbt_predict(&m, &f, rows, 600, b, &e);
	gbt_release(&m);
	ok(!memcmp(a, b, sizeof a), "the same stream: the same sample, the "
	    "same bytes");
	o.stream = 6;
	gbt_train(&m, &f, rows, 600, y, NULL, 2, &o, &e);
	gbt_predict(&m, &f, rows, 600, c, &e);
	gbt_release(&m);
	ok(memcmp(a, c, sizeof a) != 0, "another stream: another sample");
	cmp_ok(gbt_train_work(&f, 600, 2, &o), <,
	    gbt_train_work(&f, 600, 10, &o), "ten classes cost more than "
	    "two");
	{
		double capped = gbt_train_work(&f, 600, 20, &o);

		o.max_trees = 0;
		cmp_ok(capped, <, 0.5 * gbt_train_work(&f, 600, 20, &o),
		    "twenty classes: the tree cap halves the work at least");
	}
	features_release(&f);
}

/* What the library refuses comes back as an error, named, and the
 * model is left empty (features never hold an infinity; a caller's
 * own matrix might). */
static void
test_refused(void)
{
	struct features f;
	struct gbt m;
	struct err e;
	uint32_t y[100], rows[100];
	size_t i;

	quadrants(&f, 100, y, 12, 1);
	for (i = 0; i < 100; i++)
		rows[i] = (uint32_t)i;
	f.num[7 * 2] = INFINITY;
	err_clear(&e);
	is_int(gbt_train(&m, &f, rows, 100, y, NULL, 2, NULL, &e), -1,
	    "an infinite value: refused");
	is_int(e.code, ERR_SOFTWARE, "  as the library's failure");
	ok(strstr(e.msg, "gradient-boosted trees") != NULL, "  named: %s",
	    e.msg);
	ok(m.booster == NULL && m.rho == NULL, "  the model left empty");
	gbt_release(&m);
	features_release(&f);
}

static void
test_oof(void)
{
	struct features f;
	struct oof a, b;
	struct oof_opts o;
	struct err e;
	enum oof_model m;
	char buf[160];
	uint32_t y[900];

	is_int(oof_model_parse("gbt", &m), 0, "gbt parses");
	is_int(m, OOF_GBT, "gbt");
	is(oof_model_name(m), "gbt", "named gbt");
	oof_model_parse("lr,gbt", &m);
	is_int(m, OOF_LIST | 1 << OOF_KIND_LR | 1 << OOF_KIND_GBT,
	    "in a list");

	quadrants(&f, 900, y, 9, 0);
	oof_opts_init(&o);
	o.model = OOF_GBT;
	o.threads = 1;
	if (!ok(oof_run(&a, &f, y, NULL, NULL, 3, NULL, &o, &e) == 0,
	    "gbt out of fold"))
		diag("%s", e.msg);
	is(oof_mix_describe(&a.mix, buf, sizeof buf), "gbt 1.0", "the mix");
	is(oof_mix_words(&a.mix, buf, sizeof buf), "gradient-boosted trees",
	    "in words");
	o.threads = 2;
	oof_run(&b, &f, y, NULL, NULL, 3, NULL, &o, &e);
	ok(!memcmp(a.prob, b.prob, (size_t)a.repeats * 900 * 3 *
	    sizeof *a.prob), "threads 1 and 2: the same bytes");
	oof_release(&a);
	oof_release(&b);

	/* auto weighs trees on these numeric rows... */
	oof_opts_init(&o);
	o.threads = 2;
	oof_run(&a, &f, y, NULL, NULL, 3, NULL, &o, &e);
	diag("auto: %s; log loss gbt %.4f lr %.4f knn %.4f",
	    oof_mix_describe(&a.mix, buf, sizeof buf),
	    a.mix.logloss[OOF_KIND_GBT], a.mix.logloss[OOF_KIND_LR],
	    a.mix.logloss[OOF_KIND_KNN]);
	ok(!isnan(a.mix.logloss[OOF_KIND_GBT]), "auto measures trees on "
	    "numeric rows");
	cmp_ok(a.mix.logloss[OOF_KIND_GBT], <, a.mix.logloss[OOF_KIND_LR],
	    "trees' log loss below the linear model's");
	oof_release(&a);
	/* ... but not on rows with a text column */
	f.ntext = 1;
	oof_run(&a, &f, y, NULL, NULL, 3, NULL, &o, &e);
	ok(isnan(a.mix.logloss[OOF_KIND_GBT]) &&
	    !(a.mix.weight[OOF_KIND_GBT] > 0), "nor on text");
	oof_release(&a);
	features_release(&f);
}

int
main(void)
{
	test_quadrants();
	test_weights();
	test_missing_and_buckets();
	test_sample();
	test_refused();
	test_oof();
	return done_testing();
}
