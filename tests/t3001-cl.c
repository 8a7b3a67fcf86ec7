/*
 * t3001-cl - confident learning worked by hand on nine rows, the edges
 * (one class, a class of one row, an absent class, no labelled row,
 * every row confident in everything, no rows), the rounding rules, the
 * noise model, and the prune cuts checked against a plain stable sort on
 * random data full of ties.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/cl/cl.h"
#include "core/data/labels.h"
#include "core/util/pairsum.h"
#include "core/util/rng.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static int
same_i64(const int64_t *a, const int64_t *b, size_t n)
{
	return memcmp(a, b, n * sizeof *a) == 0;
}

static int
same_dbl(const double *a, const double *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!(a[i] == b[i]))
			return 0;
	return 1;
}

/* m as a dense row-major k x k array out[k*k]. */
static void
dense(const struct kmat *m, double *out)
{
	uint32_t i;

	for (i = 0; i < m->k; i++)
		kmat_row(m, i, out + (size_t)i * m->k);
}

/* "1,3,5" -> mask[n] */
static int
mask_is(const uint8_t *mask, size_t n, const char *rows)
{
	uint8_t *want = xcalloc(n ? n : 1, 1);
	char *end;
	int same;

	while (*rows) {
		want[strtoul(rows, &end, 10)] = 1;
		rows = *end ? end + 1 : end;
	}
	same = memcmp(mask, want, n) == 0;
	if (!same) {
		size_t i;

		printf("#   got:");
		for (i = 0; i < n; i++)
			if (mask[i])
				printf(" %zu", i);
		printf("\n");
	}
	free(want);
	return same;
}

/*
 * Nine rows, three classes; every probability a multiple of 1/64, so
 * each sum below is exact and the working can be checked on paper.
 *
 *   row given  p0        p1        p2
 *    0    0    0.75      0.125     0.125
 *    1    0    0.375     0.5625    0.0625
 *    2    0    0.25      0.28125   0.46875
 *    3    0    0.3125    0.359375  0.328125
 *    4    1    0.125     0.75      0.125
 *    5    1    0.5       0         0.5
 *    6    2    0.0625    0         0.9375
 *    7    2    0.75      0.125     0.125
 *    8    2    0.3125    0.25      0.4375
 *
 * 1. Thresholds (means over the rows given the class):
 *    t0 = (0.75 + 0.375 + 0.25 + 0.3125) / 4 = 1.6875 / 4 = 0.421875
 *    t1 = (0.75 + 0) / 2 = 0.375
 *    t2 = (0.9375 + 0.125 + 0.4375) / 3 = 1.5 / 3 = 0.5
 * 2. Confident classes (p >= t - 1e-6):
 *    row 0: {0} -> 0.  row 1: {1} (0.375 < t0) -> 1, off the diagonal.
 *    row 2: none (0.25, 0.28125, 0.46875 all below).  row 3: none.
 *    row 4: {1} -> 1.  row 5: {0 (0.5 >= 0.421875), 2 (0.5 is exactly
 *    t2: counts, thanks to the 1e-6)} -> several: argmax of [0.5, 0, 0.5]
 *    is the first maximum, 0 -> off the diagonal.
 *    row 6: {2}.  row 7: {0} -> off the diagonal.  row 8: none.
 *    cj = [1 1 0; 1 1 0; 1 0 1]; diagonal already >= 1.
 *    confident_learning rows: 1, 5, 7.
 * 3. Calibration, n = (4, 2, 3), N = 9.  Every row of cj sums to 2:
 *    c1 = [2 2 0; 1 1 0; 1.5 0 1.5].  total, column-major
 *    (2, 1, 1.5, 2, 1, 0, 0, 0, 1.5): nine values, so eight accumulators
 *    ((2+1)+(1.5+2)) + ((1+0)+(0+0)) = 7.5, plus 1.5 = 9 exactly.
 *    c2 = c1 / 9 * 9 = c1 (each quotient rounds back exactly).
 *    Rounding: rows 0 and 1 are integers already.  Row 2: rint gives
 *    [2 0 2] (1.5 to even = 2), sum 4, target rint(3) = 3, diff -1: take
 *    1 from the smallest remainder row - ints = [-0.5 0 -0.5]; the two
 *    -0.5 tie and the lower index goes first: [1 0 2].
 *    cal = [2 2 0; 1 1 0; 1 0 2].
 * 4. Prune counts: every diagonal >= 1, so prune = cal transposed:
 *    prune = [2 1 1; 2 1 0; 0 0 2] (row = true j, column = given c).
 * 5. prune_by_noise_rate:
 *    class 0, j = 1, m = prune[1][0] = 2: margins p1 - p0 = -0.625,
 *    0.1875, 0.03125, 0.046875 -> rows 1 and 3.
 *    class 1, j = 0, m = 1: p0 - p1 = -0.625, 0.5 -> row 5.
 *    class 2, j = 0, m = 1: p0 - p2 = -0.875, 0.625, -0.125 -> row 7.
 *    Flags {1, 3, 5, 7}.
 * 6. prune_by_class: class 0, m = 4 - 2 = 2 smallest p0 (0.25, 0.3125)
 *    -> rows 2, 3; class 1, m = 2 - 1 = 1 -> row 5 (p1 = 0); class 2,
 *    m = 3 - 2 = 1 -> row 7 (p2 = 0.125).  Flags {2, 3, 5, 7}.
 * 7. both = {3, 5, 7}; predicted_neq_given: argmax != label at rows
 *    1 (1), 2 (2), 3 (1), 5 (0: first of the tie), 7 (0) -> {1,2,3,5,7}.
 * 8. Final pass: a flagged row survives when its argmax, with 1e-6 added
 *    to its given class, is another class.  Row 5: 0 + 1e-6 < 0.5, stays.
 *    Every flagged row above stays.
 * 9. Self-confidence: 0.75 0.375 0.25 0.3125 0.75 0 0.9375 0.125 0.4375.
 *    Normalized margin (p_y - max other + 1) / 2: 0.8125 0.40625
 *    0.390625 0.4765625 0.8125 0.25 0.9375 0.1875 0.5625.
 * 10. Ranking of {1,3,5,7} by self-confidence: 5 (0), 7 (0.125),
 *    3 (0.3125), 1 (0.375).
 * Noise matrix: rows of cal over their sums 4, 2, 3:
 *    [0.5 0.5 0; 0.5 0.5 0; 1/3 0 2/3]; noise rates 0.5 0.5 1/3;
 *    expected errors 2 + 1 + 1 = 4.
 */
static const double hand_p[] = {
	0.75, 0.125, 0.125,
	0.375, 0.5625, 0.0625,
	0.25, 0.28125, 0.46875,
	0.3125, 0.359375, 0.328125,
	0.125, 0.75, 0.125,
	0.5, 0, 0.5,
	0.0625, 0, 0.9375,
	0.75, 0.125, 0.125,
	0.3125, 0.25, 0.4375
};
static const uint32_t hand_y[] = { 0, 0, 0, 0, 1, 1, 2, 2, 2 };

/* cl_prior as a dense k x k array. */
static void
prior_of(const struct kmat *cal, double alpha, double *out)
{
	struct kmat m;

	cl_prior(cal, alpha, &m);
	dense(&m, out);
	kmat_release(&m);
}

static void
test_hand(void)
{
	static const double t[] = { 0.421875, 0.375, 0.5 };
	static const int64_t cj[] = { 1, 1, 0, 1, 1, 0, 1, 0, 1 };
	static const int64_t cal[] = { 2, 2, 0, 1, 1, 0, 1, 0, 2 };
	static const int64_t prune[] = { 2, 1, 1, 2, 1, 0, 0, 0, 2 };
	static const double sc[] = { 0.75, 0.375, 0.25, 0.3125, 0.75, 0,
	    0.9375, 0.125, 0.4375 };
	static const double nm[] = { 0.8125, 0.40625, 0.390625, 0.4765625,
	    0.8125, 0.25, 0.9375, 0.1875, 0.5625 };
	static const char *const want[CL_NFILTERS] = {
		"1,3,5,7", "2,3,5,7", "3,5,7", "1,5,7", "1,2,3,5,7"
	};
	struct cl c;
	struct err e;
	uint8_t mask[9];
	double score[9], nmx[9], rate[3], prior[9];
	uint32_t rank[9];
	int f;

	ok(cl_init(&c, hand_p, hand_y, 9, 3, &e) == 0, "hand: cl_init");
	is_int(c.n, 9, "hand: nine labelled rows");
	ok(c.count[0] == 4 && c.count[1] == 2 && c.count[2] == 3,
	    "hand: class sizes 4 2 3");
	ok(same_dbl(c.thresh, t, 3), "hand: thresholds 0.421875 0.375 0.5");
	ok(same_i64(c.cj, cj, 9), "hand: confident joint");
	ok(same_i64(c.cal, cal, 9), "hand: calibrated joint (tie to the "
	    "lower index when taking away)");
	ok(same_i64(c.prune, prune, 9), "hand: prune counts");
	ok(mask_is(c.offdiag, 9, "1,5,7"), "hand: off-diagonal rows");
	for (f = 0; f < CL_NFILTERS; f++) {
		cl_find_issues(&c, hand_p, hand_y, (enum cl_filter)f, mask);
		ok(mask_is(mask, 9, want[f]), "hand: %s = {%s}",
		    cl_filter_name((enum cl_filter)f), want[f]);
	}
	cl_quality(hand_p, hand_y, 9, 3, CL_SELF_CONFIDENCE, score);
	ok(same_dbl(score, sc, 9), "hand: self-confidence");
	cl_find_issues(&c, hand_p, hand_y, CL_PRUNE_BY_NOISE_RATE, mask);
	is_int(cl_rank(mask, score, 9, rank), 4, "hand: four ranked");
	ok(rank[0] == 5 && rank[1] == 7 && rank[2] == 3 && rank[3] == 1,
	    "hand: ranked 5 7 3 1");
	cl_quality(hand_p, hand_y, 9, 3, CL_NORMALIZED_MARGIN, score);
	ok(same_dbl(score, nm, 9), "hand: normalized margin");

	/* the steps on a joint that stores every cell, zeros too, give
	 * the same (a zero cell is no different from one not stored) */
	{
		double d[9];
		struct kmat kj, kc, kp;
		int i;

		for (i = 0; i < 9; i++)
			d[i] = (double)cj[i];
		kmat_from_dense(&kj, 3, d);
		cl_calibrate(&kj, c.count, &kc);
		dense(&kc, d);
		ok(d[0] == 2 && d[1] == 2 && d[2] == 0 && d[6] == 1 &&
		    d[7] == 0 && d[8] == 2 && kc.nnz == 9, "hand: calibration "
		    "of the fully stored joint");
		cl_prune_counts(&kc, &kp);
		dense(&kp, d);
		ok(d[0] == 2 && d[1] == 2 && d[3] == 1 && d[6] == 1 &&
		    d[8] == 2 && d[2] == 0, "hand: its prune counts (row = "
		    "given)");
		kmat_release(&kj);
		kmat_release(&kc);
		kmat_release(&kp);
	}
	ok(c.kjoint.nnz == 6 && c.kcal.nnz == 6, "hand: six pairs occur");

	{
		struct kmat m;

		cl_noise_matrix(&c.kcal, &m);
		dense(&m, nmx);
		kmat_release(&m);
	}
	ok(nmx[0] == 0.5 && nmx[1] == 0.5 && nmx[2] == 0 && nmx[4] == 0.5 &&
	    nmx[6] == 1.0 / 3 && nmx[8] == 2.0 / 3, "hand: noise matrix");
	cl_noise_rates(&c.kcal, rate);
	ok(rate[0] == 0.5 && rate[1] == 0.5 && fabs(rate[2] - 1.0 / 3) <
	    1e-15, "hand: noise rates 0.5 0.5 1/3");
	is_int(cl_expected_errors(&c.kcal), 4, "hand: four expected errors");
	prior_of(&c.kcal, CL_PRIOR_ALPHA, prior);
	ok(prior[0] == 2.5 / 5.5 && prior[2] == 0.5 / 5.5 &&
	    prior[3] == 1.5 / 3.5 && prior[8] == 2.5 / 4.5,
	    "hand: prior (count + 0.5) / (row + 1.5)");
	ok(fabs(prior[6] + prior[7] + prior[8] - 1) < 1e-15,
	    "hand: prior rows sum to 1");
	prior_of(&c.kcal, 0, prior);
	ok(same_dbl(prior, nmx, 9), "hand: prior with alpha 0 = noise matrix");
	cl_release(&c);
	ok(c.count == NULL && c.cal == NULL && c.prune == NULL &&
	    c.offdiag == NULL && c.n == 0, "cl_release leaves an empty cl");
	cl_release(&c);
	cl_release(NULL);
	ok(c.count == NULL && c.n == 0, "cl_release twice and on NULL");
}

static void
test_rounding(void)
{
	static const double a[] = { 0.5, 0.5, 2.0 };
	static const double b[] = { 1.5, 1.5, 0 };
	static const double c[] = { 2.5, 0.5, 0 };
	static const double d[] = { 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4,
	    0.4, 0.4 };
	static const double h[] = { 0.5, 1.5, 2.5, 3.5 };
	int64_t out[10];

	/* rint [0 0 2] = 2 < 3: add 1 to the largest remainder 0.5, the
	 * tie going to the higher index */
	cl_round_preserving_sum(a, 3, out);
	ok(out[0] == 0 && out[1] == 1 && out[2] == 2, "round: [.5 .5 2] -> "
	    "[0 1 2]");
	/* rint [2 2 0] = 4 > 3: take 1 from the smallest remainder -0.5,
	 * the tie going to the lower index */
	cl_round_preserving_sum(b, 3, out);
	ok(out[0] == 1 && out[1] == 2 && out[2] == 0, "round: [1.5 1.5 0] -> "
	    "[1 2 0]");
	/* rint [2 0 0] (2.5 to even) = 2 < 3: remainders 0.5 0.5 0 */
	cl_round_preserving_sum(c, 3, out);
	ok(out[0] == 2 && out[1] == 1 && out[2] == 0, "round: [2.5 .5 0] -> "
	    "[2 1 0]");
	/* ten 0.4: rint all 0, target 4: four at once, highest first */
	cl_round_preserving_sum(d, 10, out);
	ok(out[5] == 0 && out[6] == 1 && out[9] == 1 && out[0] == 0,
	    "round: ten 0.4 -> the last four get 1");
	/* halves to even, sum 8 kept: rint 0 2 2 4 = 8 */
	cl_round_preserving_sum(h, 4, out);
	ok(out[0] == 0 && out[1] == 2 && out[2] == 2 && out[3] == 4,
	    "round: halves to even");
	out[0] = -7;
	cl_round_preserving_sum(h, 0, out);
	is_int(out[0], -7, "round: an empty row writes nothing");
}

static void
test_pairsum(void)
{
	double v[300], s;
	size_t i;

	for (i = 0; i < 300; i++)
		v[i] = 0.1 * (double)(i % 7) + 1e-17 * (double)i;
	is_num(pairsum(v, 0), 0, 0, "pairsum: empty");
	is_num(pairsum(v, 3), v[0] + v[1] + v[2], 0, "pairsum: short, in "
	    "order");
	/* 10 values: eight accumulators, then the two leftovers */
	s = ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]));
	s += v[8];
	s += v[9];
	is_num(pairsum(v, 10), s, 0, "pairsum: 10 values");
	{
		double r[8];
		size_t j;

		for (j = 0; j < 8; j++)
			r[j] = v[j];
		for (i = 8; i < 16; i += 8)
			for (j = 0; j < 8; j++)
				r[j] += v[i + j];
		s = ((r[0] + r[1]) + (r[2] + r[3])) +
		    ((r[4] + r[5]) + (r[6] + r[7]));
		s += v[16];
		is_num(pairsum(v, 17), s, 0, "pairsum: 17 values, two blocks");
	}
	/* 300 = 144 + 156 (n/2 = 150, less 150 % 8 = 6) */
	is_num(pairsum(v, 300), pairsum(v, 144) + pairsum(v + 144, 156), 0,
	    "pairsum: 300 split at 144");
	{
		double w[20];

		for (i = 0; i < 10; i++) {
			w[2 * i] = v[i];
			w[2 * i + 1] = -1;
		}
		is_num(pairsum_strided(w, 10, 2), pairsum(v, 10), 0,
		    "pairsum: strided");
	}
}

static void
test_one_class(void)
{
	static const double p[] = { 1, 1, 1 };
	static const uint32_t y[] = { 0, 0, 0 };
	struct cl c;
	struct err e;
	uint8_t mask[3];
	double sc[3], prior[1];
	int f, any = 0;

	ok(cl_init(&c, p, y, 3, 1, &e) == 0, "k=1: cl_init");
	ok(c.thresh[0] == 1 && c.cj[0] == 3 && c.cal[0] == 3 &&
	    c.prune[0] == 3, "k=1: t 1, joint 3, calibrated 3, keep 3");
	for (f = 0; f < CL_NFILTERS; f++) {
		cl_find_issues(&c, p, y, (enum cl_filter)f, mask);
		any |= mask[0] | mask[1] | mask[2];
	}
	ok(!any, "k=1: no filter flags anything");
	cl_quality(p, y, 3, 1, CL_NORMALIZED_MARGIN, sc);
	ok(sc[0] == 1, "k=1: normalized margin (1 - 0 + 1) / 2 = 1");
	prior_of(&c.kcal, 0.5, prior);
	ok(prior[0] == 1, "k=1: prior 1");
	cl_release(&c);
}

/*
 * Class 0 has one row, [0.25 0 0.75].  A class's only row always clears
 * its own threshold (it is the mean); it also clears t2 = 0.75, and the
 * larger is class 2, so the joint has cj[0][2] = 1 and a raised diagonal:
 * row 0 = [1 0 1], c1 = [0.5 0 0.5], c2 the same (total 5 exactly);
 * rint [0 0 0] (halves to even) misses the target 1, the two 0.5
 * remainders tie and the higher index wins: cal row 0 = [0 0 1].  The
 * calibrated diagonal is 0, so prune column 0 gets diagonal 1 and its
 * off-diagonal entries lowered by 1 / max(1 - 1, 1) = 1: [1 0 0].
 * prune_by_noise_rate and prune_by_class never touch a class of one
 * row; confident_learning and predicted_neq_given flag it.
 */
static void
test_singleton(void)
{
	static const double p[] = {
		0.25, 0, 0.75,
		0, 0.75, 0.25,
		0, 0.75, 0.25,
		0, 0.25, 0.75,
		0, 0.25, 0.75
	};
	static const uint32_t y[] = { 0, 1, 1, 2, 2 };
	static const int64_t cj[] = { 1, 0, 1, 0, 2, 0, 0, 0, 2 };
	static const int64_t cal[] = { 0, 0, 1, 0, 2, 0, 0, 0, 2 };
	static const int64_t prune[] = { 1, 0, 0, 0, 2, 0, 0, 0, 2 };
	struct cl c;
	struct err e;
	uint8_t mask[5];

	ok(cl_init(&c, p, y, 5, 3, &e) == 0, "singleton: cl_init");
	ok(c.thresh[0] == 0.25, "singleton: threshold = its own row's p");
	ok(same_i64(c.cj, cj, 9), "singleton: joint row [1 0 1]");
	ok(same_i64(c.cal, cal, 9), "singleton: calibrated row [0 0 1]");
	ok(same_i64(c.prune, prune, 9), "singleton: prune column [1 0 0]");
	cl_find_issues(&c, p, y, CL_PRUNE_BY_NOISE_RATE, mask);
	ok(mask_is(mask, 5, ""), "singleton: noise rate flags nothing");
	cl_find_issues(&c, p, y, CL_PRUNE_BY_CLASS, mask);
	ok(mask_is(mask, 5, ""), "singleton: by class flags nothing");
	cl_find_issues(&c, p, y, CL_CONFIDENT_LEARNING, mask);
	ok(mask_is(mask, 5, "0"), "singleton: confident_learning flags it");
	cl_find_issues(&c, p, y, CL_PREDICTED_NEQ_GIVEN, mask);
	ok(mask_is(mask, 5, "0"), "singleton: predicted_neq_given flags it");
	cl_release(&c);
}

/*
 * Class 2 is never given: threshold 2.0 (nobody is confident in it),
 * joint diagonal raised to 1, calibrated row all 0, prune column 2 = the
 * diagonal 1 only.  The noise matrix keeps it on itself; the prior row
 * is (identity + 0.5) / 2.5.  Row 3 (unlabelled) is ignored: it would
 * otherwise move t1 and be counted.
 */
static void
test_absent(void)
{
	static const double p[] = {
		0.75, 0.125, 0.125,
		0.25, 0.25, 0.5,
		0.125, 0.75, 0.125,
		0.0, 0.0, 1.0,
		0.25, 0.5, 0.25
	};
	static const uint32_t y[] = { 0, 0, 1, LABELS_NONE, 1 };
	struct cl c;
	struct err e;
	uint8_t mask[5];
	double nmx[9], prior[9], sc[5];
	int f, any = 0;

	ok(cl_init(&c, p, y, 5, 3, &e) == 0, "absent: cl_init");
	is_int(c.n, 4, "absent: four labelled rows");
	ok(c.thresh[2] == 2.0, "absent: threshold 2");
	ok(c.thresh[0] == 0.5 && c.thresh[1] == 0.625,
	    "absent: unlabelled row left out of the means");
	ok(c.cj[8] == 1 && c.cj[2] == 0 && c.cj[5] == 0,
	    "absent: joint diagonal raised, nobody confident in class 2");
	ok(c.cal[6] == 0 && c.cal[7] == 0 && c.cal[8] == 0,
	    "absent: calibrated row all 0");
	ok(c.prune[2] == 0 && c.prune[5] == 0 && c.prune[8] == 1,
	    "absent: prune column [0 0 1]");
	ok(c.offdiag[3] == 0, "absent: unlabelled row never counted");
	for (f = 0; f < CL_NFILTERS; f++) {
		cl_find_issues(&c, p, y, (enum cl_filter)f, mask);
		any |= mask[3];
	}
	ok(!any, "absent: the unlabelled row is never flagged");
	{
		struct kmat m;

		cl_noise_matrix(&c.kcal, &m);
		dense(&m, nmx);
		kmat_release(&m);
	}
	ok(nmx[8] == 1 && nmx[6] == 0, "absent: noise row = identity");
	prior_of(&c.kcal, 0.5, prior);
	ok(prior[8] == 1.5 / 2.5 && prior[6] == 0.5 / 2.5,
	    "absent: prior row (identity + 0.5) / 2.5");
	cl_quality(p, y, 5, 3, CL_SELF_CONFIDENCE, sc);
	ok(isnan(sc[3]) && sc[4] == 0.5, "absent: no score for the "
	    "unlabelled row");
	cl_release(&c);
}

/*
 * No row has a label: nobody is confident in anything (every threshold
 * is 2).  With labels, some row of each class always reaches its class
 * mean, so this is the only way no row is counted.  The joint is the
 * raised diagonal alone, calibration gives zeros (total clipped, not a
 * division by zero), prune counts the identity, nothing is flagged.
 */
static void
test_unlabelled(void)
{
	static const double p[] = { 0.5, 0.5, 0.9, 0.1 };
	static const uint32_t y[] = { LABELS_NONE, LABELS_NONE };
	struct cl c;
	struct err e;
	uint8_t mask[2];
	uint32_t rank[2];
	double sc[2];
	int f, any = 0;

	ok(cl_init(&c, p, y, 2, 2, &e) == 0, "unlabelled: cl_init");
	ok(c.thresh[0] == 2 && c.thresh[1] == 2, "unlabelled: thresholds 2");
	ok(c.cj[0] == 1 && c.cj[1] == 0 && c.cj[3] == 1, "unlabelled: joint "
	    "= identity");
	ok(c.cal[0] == 0 && c.cal[3] == 0, "unlabelled: calibrated zeros");
	ok(c.prune[0] == 1 && c.prune[1] == 0 && c.prune[3] == 1,
	    "unlabelled: prune identity");
	for (f = 0; f < CL_NFILTERS; f++) {
		cl_find_issues(&c, p, y, (enum cl_filter)f, mask);
		any |= mask[0] | mask[1];
	}
	ok(!any, "unlabelled: nothing flagged");
	cl_quality(p, y, 2, 2, CL_NORMALIZED_MARGIN, sc);
	ok(isnan(sc[0]) && isnan(sc[1]), "unlabelled: NaN scores");
	is_int(cl_rank(mask, sc, 2, rank), 0, "unlabelled: empty ranking");
	is_int(cl_expected_errors(&c.kcal), 0, "unlabelled: no errors");
	cl_release(&c);
}

/*
 * Every row is [0.25 0.25 0.5], two rows per class: t = (0.25, 0.25,
 * 0.5), every row is confident in every class, and the argmax is 2.
 * cj = [1 0 2; 0 1 2; 0 0 2] (diagonals raised); c1 row 0 = [2/3 0 4/3]
 * rounds to [1 0 1], likewise row 1, row 2 = [0 0 2].  So one row of
 * class 0 is to be flagged towards 2, and both have the same margin:
 * the lower index wins (row 0), and likewise row 2 in class 1 - the
 * same for prune_by_class (m = 2 - 1).  The ranking ties too: 0, 2.
 */
static void
test_all_confident(void)
{
	double p[18];
	static const uint32_t y[] = { 0, 0, 1, 1, 2, 2 };
	static const int64_t cj[] = { 1, 0, 2, 0, 1, 2, 0, 0, 2 };
	static const int64_t cal[] = { 1, 0, 1, 0, 1, 1, 0, 0, 2 };
	struct cl c;
	struct err e;
	uint8_t mask[6];
	uint32_t rank[6];
	double sc[6];
	int i;

	for (i = 0; i < 6; i++) {
		p[3 * i] = 0.25;
		p[3 * i + 1] = 0.25;
		p[3 * i + 2] = 0.5;
	}
	ok(cl_init(&c, p, y, 6, 3, &e) == 0, "all confident: cl_init");
	ok(same_i64(c.cj, cj, 9), "all confident: everything in column 2");
	ok(same_i64(c.cal, cal, 9), "all confident: calibrated");
	ok(mask_is(c.offdiag, 6, "0,1,2,3"), "all confident: off-diagonal");
	cl_find_issues(&c, p, y, CL_PRUNE_BY_NOISE_RATE, mask);
	ok(mask_is(mask, 6, "0,2"), "all confident: noise rate cut ties to "
	    "the lower row");
	cl_find_issues(&c, p, y, CL_PRUNE_BY_CLASS, mask);
	ok(mask_is(mask, 6, "0,2"), "all confident: by class likewise");
	cl_find_issues(&c, p, y, CL_CONFIDENT_LEARNING, mask);
	ok(mask_is(mask, 6, "0,1,2,3"), "all confident: confident_learning");
	cl_quality(p, y, 6, 3, CL_SELF_CONFIDENCE, sc);
	cl_find_issues(&c, p, y, CL_BOTH, mask);
	ok(cl_rank(mask, sc, 6, rank) == 2 && rank[0] == 0 && rank[1] == 2,
	    "all confident: ranked 0, 2");
	cl_release(&c);
}

static void
test_empty(void)
{
	struct cl c;
	struct err e;
	double sc[1];
	uint8_t mask[1];
	uint32_t rank[1];
	static const double p[1] = { 0 };
	static const uint32_t y[1] = { 0 };

	ok(cl_init(&c, p, y, 0, 2, &e) == 0, "n=0: cl_init");
	ok(c.n == 0 && c.thresh[0] == 2 && c.cj[0] == 1 && c.cal[0] == 0 &&
	    c.prune[0] == 1 && c.prune[1] == 0, "n=0: the empty model");
	cl_find_issues(&c, p, y, CL_BOTH, mask);
	cl_quality(p, y, 0, 2, CL_SELF_CONFIDENCE, sc);
	is_int(cl_rank(mask, sc, 0, rank), 0, "n=0: nothing ranked");
	ok(c.kjoint.nnz == 2 && kmat_at(&c.kjoint, 1, 1) == 1 &&
	    kmat_at(&c.kjoint, 1, 0) == 0, "n=0: the joint stores its raised "
	    "diagonal alone");
	cl_release(&c);

	ok(cl_init(&c, p, y, 1, 0, &e) == -1 && e.code == ERR_SOFTWARE,
	    "k=0 refused");
	{
		static const uint32_t bad[2] = { 0, 5 };
		static const double p2[4] = { 0.5, 0.5, 0.5, 0.5 };

		ok(cl_init(&c, p2, bad, 2, 2, &e) == -1 &&
		    strstr(e.msg, "row 1 has class 5 of 2"),
		    "a label out of range refused");
		cl_release(&c);
	}
	is(cl_filter_name(CL_BOTH), "both", "filter name");
	ok(cl_filter_name(CL_NFILTERS) == NULL, "no name past the end");
	is_int(cl_filter_parse("predicted_neq_given"), CL_PREDICTED_NEQ_GIVEN,
	    "filter parsed");
	is_int(cl_filter_parse("prune"), -1, "unknown filter");
}

/* --- the prune cuts against a full stable sort ---------------------- */

static const double *ref_key;

static int
cmp_key_then_index(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	if (ref_key[x] < ref_key[y])
		return -1;
	if (ref_key[x] > ref_key[y])
		return 1;
	return (x > y) - (x < y);
}

/* The first m of a stable ascending sort of key[0..n) -> mask[rows[]]. */
static void
ref_flag(const double *key, const uint32_t *rows, size_t n, int64_t m,
    uint8_t *mask)
{
	uint32_t *ix = xmalloc((n ? n : 1) * sizeof *ix);
	size_t i;

	for (i = 0; i < n; i++)
		ix[i] = (uint32_t)i;
	ref_key = key;
	qsort(ix, n, sizeof *ix, cmp_key_then_index);
	for (i = 0; i < n && (int64_t)i < m; i++)
		mask[rows[ix[i]]] = 1;
	free(ix);
}

/* The filters written straight from the rules, with sorting. */
static void
ref_issues(const struct cl *c, const double *p, const uint32_t *y,
    enum cl_filter f, uint8_t *mask)
{
	size_t n = c->nrows, i, nc, cls, j, k = c->k;
	double *key = xmalloc((n ? n : 1) * sizeof *key);
	uint32_t *rows = xmalloc((n ? n : 1) * sizeof *rows);
	uint8_t *a = xcalloc(n ? n : 1, 1), *b = xcalloc(n ? n : 1, 1);

	for (cls = 0; cls < k; cls++) {
		nc = 0;
		for (i = 0; i < n; i++)
			if (y[i] == cls)
				rows[nc++] = (uint32_t)i;
		if (nc <= 1)
			continue;
		for (j = 0; j < k; j++) {
			if (j == cls || c->prune[j * k + cls] <= 0)
				continue;
			for (i = 0; i < nc; i++)
				key[i] = -(p[rows[i] * k + j] -
				    p[rows[i] * k + cls]);
			ref_flag(key, rows, nc, c->prune[j * k + cls], a);
		}
		for (i = 0; i < nc; i++)
			key[i] = p[rows[i] * k + cls];
		ref_flag(key, rows, nc, (int64_t)nc - c->prune[cls * k + cls],
		    b);
	}
	for (i = 0; i < n; i++) {
		mask[i] = f == CL_PRUNE_BY_NOISE_RATE ? a[i] :
		    f == CL_PRUNE_BY_CLASS ? b[i] : a[i] & b[i];
		if (mask[i]) {
			/* final pass, written out */
			double best = -1, v;
			size_t arg = 0;

			for (j = 0; j < k; j++) {
				v = p[i * k + j] + (j == y[i] ? 1e-6 : 0);
				if (v > best) {
					best = v;
					arg = j;
				}
			}
			if (arg == y[i])
				mask[i] = 0;
		}
	}
	FREE_ALL(a, b, rows, key);
}

static void
test_random_ties(void)
{
	struct rng r;
	struct cl c;
	struct err e;
	int trial, f, bad = 0, flagged = 0;
	size_t n, i, j, k, npal;
	double *p, *pal, s;
	uint32_t *y;
	uint8_t *m1, *m2;

	rng_seed(&r, 3001, 0);
	for (trial = 0; trial < 120; trial++) {
		k = 2 + rng_below(&r, 24);
		n = 1 + rng_below(&r, trial < 100 ? 400 : 5000);
		npal = 1 + rng_below(&r, 8);
		pal = xmalloc(npal * k * sizeof *pal);
		/* a few palette rows of multiples of 1/16: exact ties */
		for (i = 0; i < npal; i++) {
			s = 0;
			for (j = 0; j < k; j++) {
				pal[i * k + j] = (double)rng_below(&r, 9);
				s += pal[i * k + j];
			}
			if (s == 0) {
				pal[i * k] = 1;
				s = 1;
			}
			for (j = 0; j < k; j++)
				pal[i * k + j] /= s;
		}
		p = xmalloc(n * k * sizeof *p);
		y = xmalloc(n * sizeof *y);
		for (i = 0; i < n; i++) {
			memcpy(p + i * k, pal + rng_below(&r, npal) * k,
			    k * sizeof *p);
			y[i] = rng_below(&r, 10) == 0 ? LABELS_NONE :
			    (uint32_t)rng_below(&r, k);
		}
		m1 = xmalloc(n);
		m2 = xmalloc(n);
		if (cl_init(&c, p, y, n, (uint32_t)k, &e) != 0) {
			bad++;
		} else {
			for (f = 0; f <= CL_BOTH; f++) {
				cl_find_issues(&c, p, y, (enum cl_filter)f, m1);
				ref_issues(&c, p, y, (enum cl_filter)f, m2);
				if (memcmp(m1, m2, n) != 0)
					bad++;
				for (i = 0; i < n; i++)
					flagged += m1[i];
			}
			for (i = 0; i < k; i++) {
				int64_t rs = 0;

				for (j = 0; j < k; j++)
					rs += c.cal[i * k + j];
				if ((uint64_t)rs != c.count[i])
					bad++;
			}
		}
		cl_release(&c);
		FREE_ALL(m1, m2, y, p, pal);
	}
	ok(bad == 0, "random ties: selection = stable sort on 120 data sets, "
	    "calibrated rows keep the class sizes (%d flags seen)", flagged);
	ok(flagged > 1000, "random ties: the data sets flag rows");
}

/* A quarter of a million rows: linear time, a diagnostic only. */
static void
test_speed(void)
{
	size_t n = 250000, k = 10, i, j, m;
	double *p = xmalloc(n * k * sizeof *p), s, t0, t1;
	uint32_t *y = xmalloc(n * sizeof *y), *rank = xmalloc(n * 4);
	uint8_t *mask = xmalloc(n);
	double *sc = xmalloc(n * sizeof *sc);
	struct rng r;
	struct cl c;
	struct err e;

	rng_seed(&r, 7, 0);
	for (i = 0; i < n; i++) {
		uint32_t t = (uint32_t)rng_below(&r, k);

		s = 0;
		for (j = 0; j < k; j++) {
			p[i * k + j] = exp(3 * rng_double(&r) + (j == t ? 2 :
			    0));
			s += p[i * k + j];
		}
		for (j = 0; j < k; j++)
			p[i * k + j] /= s;
		y[i] = rng_below(&r, 5) == 0 ? (uint32_t)rng_below(&r, k) : t;
	}
	t0 = time_mono();
	cl_init(&c, p, y, n, (uint32_t)k, &e);
	cl_find_issues(&c, p, y, CL_PRUNE_BY_NOISE_RATE, mask);
	cl_quality(p, y, n, (uint32_t)k, CL_SELF_CONFIDENCE, sc);
	m = cl_rank(mask, sc, n, rank);
	t1 = time_mono();
	diag("250000 x 10: %zu flagged in %.0f ms", m, (t1 - t0) * 1e3);
	ok(m > 10000 && m < 100000, "speed run flags a plausible number");
	cl_release(&c);
	FREE_ALL(sc, mask, rank, y, p);
}

int
main(void)
{
	test_hand();
	test_rounding();
	test_pairsum();
	test_one_class();
	test_singleton();
	test_absent();
	test_unlabelled();
	test_all_confident();
	test_empty();
	test_random_ties();
	test_speed();
	return done_testing();
}
