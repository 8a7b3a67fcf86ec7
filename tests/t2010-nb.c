/*
 * t2010-nb - naive Bayes on toys small enough to check by hand.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/labels.h"
#include "core/pico/checkers/nb.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"

/*
 * A features matrix from a dense table of counts: n rows, d buckets
 * (zeros are left out), optional dense numeric block.
 */
static void
make(struct features *f, size_t n, uint32_t d, const float *counts,
    uint32_t nnum, const float *num)
{
	size_t r, j, w = 0;

	memset(f, 0, sizeof *f);
	f->n = n;
	f->dim = d;
	f->ptr = xmalloc((n + 1) * sizeof *f->ptr);
	f->idx = xmalloc((n * d + 1) * sizeof *f->idx);
	f->val = xmalloc((n * d + 1) * sizeof *f->val);
	for (r = 0; r < n; r++) {
		f->ptr[r] = w;
		for (j = 0; j < d; j++)
			if (counts[r * d + j] != 0) {
				f->idx[w] = (uint32_t)j;
				f->val[w++] = counts[r * d + j];
			}
	}
	f->ptr[n] = w;
	if (nnum) {
		f->nnum = nnum;
		f->num = xmalloc(n * nnum * sizeof *f->num);
		memcpy(f->num, num, n * nnum * sizeof *f->num);
	}
}

/*
 * Two classes, three words (buckets 0..2; bucket 3 never in training):
 *   row 0 class 0: w0 x2, w1      row 1 class 0: w0
 *   row 2 class 1: w1, w2 x2
 * alpha = 1, V = 3:  class 0 counts 3,1,0 (T = 4): P(w|0) = 4/7, 2/7, 1/7
 *                    class 1 counts 0,1,2 (T = 3): P(w|1) = 1/6, 2/6, 3/6
 * priors 2/3, 1/3.  Test row 3 = w0 + w2:
 *   log-joint 0 = ln(2/3) + ln(4/7) + ln(1/7) = -2.9109910451
 *   log-joint 1 = ln(1/3) + ln(1/6) + ln(3/6) = -3.5835189385
 *   P(0) = (2/3 * 4/49) / (2/3 * 4/49 + 1/3 * 1/12) = 288/435
 */
static void
test_hand(void)
{
	static const float counts[] = {
		2, 1, 0, 0,
		1, 0, 0, 0,
		0, 1, 2, 0,
		1, 0, 1, 0,
		1, 0, 1, 5,	/* the test row plus an unseen word */
		-1, 0, -1, 0,	/* negative (signed hashing): magnitudes */
	};
	static const uint32_t y[] = { 0, 0, 1, LABELS_NONE, LABELS_NONE,
	    LABELS_NONE };
	static const uint32_t rows[] = { 0, 1, 2, 3 };
	struct features f;
	struct nb_opts o;
	struct nb m;
	double lj[2];
	float p[2], q[2];

	make(&f, 6, 4, counts, 0, NULL);
	nb_opts_init(&o);
	o.alpha = 1;
	nb_train(&m, &f, rows, 4, y, NULL, 2, &o);
	nb_log_joint(&m, &f, 3, lj);
	is_num(lj[0], -2.9109910451, 1e-6, "log-joint of class 0 by hand");
	is_num(lj[1], -3.5835189385, 1e-6, "log-joint of class 1 by hand");
	nb_predict(&m, &f, 3, p, lj);
	is_num(p[0], 288.0 / 435, 1e-6, "P(0) = 288/435");
	is_num(p[1], 147.0 / 435, 1e-6, "P(1) = 147/435");
	nb_predict(&m, &f, 4, q, lj);
	is_num(q[0], p[0], 1e-7, "a word never seen in training is ignored");
	nb_predict(&m, &f, 5, q, lj);
	is_num(q[0], p[0], 1e-7, "negative values count by magnitude");
	nb_release(&m);

	/* weights: row 1 with weight 2 is row 1 twice */
	{
		static const float c2[] = { 2, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0,
		    0, 1, 2, 0, 1, 0, 1, 0 };
		static const uint32_t y2[] = { 0, 0, 0, 1, LABELS_NONE };
		static const uint32_t r2[] = { 0, 1, 2, 3 };
		static const float w[] = { 1, 2, 1, 1, 1, 1 };
		static const float w0[] = { 1, 1, 0, 1, 1, 1 };
		struct features g;
		float a[2], b[2];

		make(&g, 5, 4, c2, 0, NULL);
		nb_train(&m, &g, r2, 4, y2, NULL, 2, &o);
		nb_predict(&m, &g, 4, a, lj);
		nb_release(&m);
		nb_train(&m, &f, rows, 3, y, w, 2, &o);
		nb_predict(&m, &f, 3, b, lj);
		nb_release(&m);
		is_num(b[0], a[0], 1e-6, "weight 2 equals a duplicate row");
		nb_train(&m, &g, r2, 4, y2, w0, 2, &o);
		nb_predict(&m, &g, 4, b, lj);
		nb_release(&m);
		is_num(b[0], p[0], 1e-6, "weight 0 drops the row");
		features_release(&g);
	}
	features_release(&f);
}

/*
 * The Gaussian part: one numeric column, class 0 values 0 and 2 (mean 1,
 * variance 1), class 1 value 4 (variance 0); var_floor 0.1.  At x = 1:
 *   ln(2/3) - 0.5 ln(2 pi 1.1) - 0                 = -1.3720587312
 *   ln(1/3) - 0.5 ln(2 pi 0.1) - 0.5 (1 - 4)^2/0.1 = -45.8662582754
 */
static void
test_gauss(void)
{
	static const float zero[5] = { 0 };
	static const float num[] = { 0, 2, 4, 1, NAN };
	static const uint32_t y[] = { 0, 0, 1, LABELS_NONE, LABELS_NONE };
	static const uint32_t rows[] = { 0, 1, 2 };
	struct features f;
	struct nb_opts o;
	struct nb m;
	double lj[2];
	float p[2];

	make(&f, 5, 1, zero, 1, num);
	nb_opts_init(&o);
	o.var_floor = 0.1;
	nb_train(&m, &f, rows, 3, y, NULL, 2, &o);
	nb_log_joint(&m, &f, 3, lj);
	is_num(lj[0], -1.3720587312, 1e-6, "Gaussian log-joint, class 0");
	is_num(lj[1], -45.8662582754, 1e-5, "Gaussian log-joint, class 1");
	nb_predict(&m, &f, 3, p, lj);
	is_num(p[1], NB_PMIN, 0, "tiny probability clipped to 1e-6");
	is_num(p[0], 1, 1e-6, "the other near 1 (not renormalised)");
	nb_log_joint(&m, &f, 4, lj);
	is_num(lj[0] - lj[1], log(2.0), 1e-9, "missing value: priors only");
	nb_release(&m);
	features_release(&f);
}

static void
test_edges(void)
{
	static const float counts[] = { 1, 0, 0, 1, 1, 1 };
	static const uint32_t y[] = { 0, 0, LABELS_NONE };
	static const uint32_t rows[] = { 0, 1, 2 };
	struct features f;
	struct nb m;
	double lj[3];
	float p[3];

	make(&f, 3, 2, counts, 0, NULL);
	nb_train(&m, &f, rows, 3, y, NULL, 3, NULL);
	nb_predict(&m, &f, 2, p, lj);
	is_num(p[0], 1, 1e-6, "the only trained class takes it all");
	is_num(p[1], NB_PMIN, 0, "an absent class gets the floor");
	is_num(p[2], NB_PMIN, 0, "so does the other absent class");
	nb_release(&m);

	nb_train(&m, &f, rows, 0, y, NULL, 3, NULL);
	nb_predict(&m, &f, 2, p, lj);
	is_num(p[0], 1.0 / 3, 1e-6, "no training rows: uniform");
	is_num(p[2], 1.0 / 3, 1e-6, "uniform for all classes");
	nb_release(&m);

	/* a row with no features gets the prior */
	{
		static const float c2[] = { 1, 0, 0, 1, 0, 1, 0, 0 };
		static const uint32_t y2[] = { 0, 1, 1, LABELS_NONE };
		static const uint32_t r2[] = { 0, 1, 2 };
		struct features g;

		make(&g, 4, 2, c2, 0, NULL);
		nb_train(&m, &g, r2, 3, y2, NULL, 2, NULL);
		nb_predict(&m, &g, 3, p, lj);
		is_num(p[1], 2.0 / 3, 1e-6, "empty row: class prior");
		nb_release(&m);
		features_release(&g);
	}
	nb_release(NULL);
	features_release(&f);
}

int
main(void)
{
	test_hand();
	test_gauss();
	test_edges();
	return done_testing();
}
