/*
 * t1080-sketch - the mergeable pieces of a streamed summary, on seeded
 * random data: the merge of parts equals one pass for what is exact
 * (counts, min, max, HyperLogLog's registers, fixed-edge histograms,
 * contingency counts) and comes within rounding for the moments; the
 * sketches stay within their stated bounds (HyperLogLog's relative
 * error, KLL's rank error, SpaceSaving's per-value bounds), merged or
 * not.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats/assoc.h"
#include "core/stats/sketch/assocacc.h"
#include "core/stats/sketch/fixhist.h"
#include "core/stats/sketch/hll.h"
#include "core/stats/sketch/kll.h"
#include "core/stats/sketch/moments.h"
#include "core/stats/sketch/topk.h"
#include "core/util/rng.h"
#include "core/util/sort.h"
#include "tests/tap.h"
#include "core/util/xalloc.h"

#define N 200000

static double xs[N];

static double
normal(struct rng *r)
{
	double u = rng_double(r), v = rng_double(r);

	if (u < 1e-300)
		u = 1e-300;
	return sqrt(-2 * log(u)) * cos(6.283185307179586 * v);
}

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
test_moments(void)
{
	struct moments whole, parts, p;
	size_t cut[] = { 0, 17, 50000, 50001, 123456, N }, i;
	struct rng r;

	rng_seed(&r, 7, 1);
	for (i = 0; i < N; i++)
		xs[i] = 1e6 + 3 * normal(&r);	/* a large offset: the
						 * naive formula would
						 * cancel */
	moments_of(&whole, xs, NULL, N);
	moments_init(&parts);
	for (i = 0; i + 1 < sizeof cut / sizeof *cut; i++) {
		moments_of(&p, xs + cut[i], NULL, cut[i + 1] - cut[i]);
		moments_merge(&parts, &p);
	}
	ok(parts.n == whole.n && parts.min == whole.min &&
	    parts.max == whole.max, "moments: count, min and max of the "
	    "parts equal one pass");
	is_num(parts.mean, whole.mean, 1e-9, "moments: merged mean");
	ok(fabs(moments_var(&parts) / moments_var(&whole) - 1) < 1e-9,
	    "moments: merged variance within 1e-9 (%.12g vs %.12g)",
	    moments_var(&parts), moments_var(&whole));
	is_num(sqrt(moments_var(&whole)), 3, 0.05, "moments: the sd is the "
	    "generator's");
	{
		double v[3] = { 2, 5, 2 };
		uint64_t w[3] = { 3, 1, 0 };

		moments_of(&p, v, w, 3);
		ok(p.n == 4 && p.mean == 2.75 && p.min == 2 && p.max == 5,
		    "moments: weights count, zero weights are skipped");
	}
	moments_init(&p);
	ok(isnan(moments_var(&p)) && p.n == 0, "moments: empty");
}

static void
test_hll(void)
{
	static const uint64_t sizes[] = { 1, 10, 1000, 30000, 1000000 };
	struct hll *a = malloc(sizeof *a), *b = malloc(sizeof *b),
	    *w = malloc(sizeof *w);
	size_t s;
	uint64_t i;
	char key[32];
	int n;

	for (s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		double est;

		hll_init(a);
		hll_init(b);
		hll_init(w);
		for (i = 0; i < sizes[s]; i++) {
			n = snprintf(key, sizeof key, "v%llu-%llu",
			    (unsigned long long)s, (unsigned long long)i);
			hll_add(w, hll_hash(key, (size_t)n));
			/* parts overlap: a value in both counts once */
			if (i % 3 != 0)
				hll_add(a, hll_hash(key, (size_t)n));
			if (i % 3 != 1)
				hll_add(b, hll_hash(key, (size_t)n));
		}
		hll_merge(a, b);
		est = hll_estimate(w);
		ok(memcmp(a->reg, w->reg, HLL_M) == 0, "hll: %llu values: "
		    "the merge of overlapping parts is the whole's sketch",
		    (unsigned long long)sizes[s]);
		ok(fabs(est - (double)sizes[s]) <= HLL_BOUND *
		    (double)sizes[s] + 0.5, "hll: %llu values estimated %.0f, "
		    "within %.1f%%", (unsigned long long)sizes[s], est,
		    100 * HLL_BOUND);
	}
	hll_init(a);
	ok(hll_estimate(a) == 0, "hll: empty is 0");
	FREE_ALL(a, b, w);
}

/* The largest rank error of the sketch's quantiles against sorted. */
static double
kll_err(const struct kll *k, const double *sorted, size_t n)
{
	double worst = 0, v;
	uint64_t rank;
	size_t i, lo, hi;

	for (i = 1; i < 100; i++) {
		rank = (uint64_t)((double)(n - 1) * i / 100);
		kll_ranks(k, &rank, 1, &v);
		/* the ranks v holds in the data */
		for (lo = 0; lo < n && sorted[lo] < v; lo++)
			;
		for (hi = lo; hi < n && sorted[hi] == v; hi++)
			;
		if ((double)rank < (double)lo)
			v = ((double)lo - (double)rank) / (double)n;
		else if ((double)rank >= (double)hi)
			v = ((double)rank - (double)hi + 1) / (double)n;
		else
			v = 0;
		if (v > worst)
			worst = v;
	}
	return worst;
}

static void
test_kll(void)
{
	struct kll whole, merged, part;
	struct rng r;
	double *sorted = malloc(N * sizeof *sorted), e1, e2, v;
	size_t i, p;
	uint64_t rank;
	int seed;

	for (seed = 1; seed <= 3; seed++) {
		rng_seed(&r, (uint64_t)seed, 2);
		for (i = 0; i < N; i++)
			xs[i] = seed == 3 ? floor(rng_double(&r) * 50) :
			    exp(normal(&r));
		memcpy(sorted, xs, N * sizeof *xs);
		qsort(sorted, N, sizeof *sorted, cmp_d);
		kll_init(&whole);
		kll_init(&merged);
		for (i = 0; i < N; i++)
			kll_add(&whole, xs[i], 1);
		for (p = 0; p < 10; p++) {
			kll_init(&part);
			for (i = p * (N / 10); i < (p + 1) * (N / 10); i++)
				kll_add(&part, xs[i], 1);
			kll_merge(&merged, &part);
			kll_release(&part);
		}
		e1 = kll_err(&whole, sorted, N);
		e2 = kll_err(&merged, sorted, N);
		ok(e1 <= KLL_EPS, "kll (data %d): one pass, rank error %.4f "
		    "within %.4f", seed, e1, KLL_EPS);
		ok(e2 <= KLL_EPS, "kll (data %d): ten parts merged, rank error "
		    "%.4f within %.4f", seed, e2, KLL_EPS);
		ok(whole.n == N && merged.n == N && merged.min == sorted[0] &&
		    merged.max == sorted[N - 1], "kll (data %d): count, min and "
		    "max are exact", seed);
		ok(kll_size(&whole) < 4 * KLL_K, "kll (data %d): %u items kept",
		    seed, kll_size(&whole));
		kll_release(&whole);
		kll_release(&merged);
	}
	/* weights: 1000 copies of 1, 3000 of 2 */
	kll_init(&whole);
	kll_add(&whole, 1, 1000);
	kll_add(&whole, 2, 3000);
	rank = 999;
	kll_ranks(&whole, &rank, 1, &v);
	ok(whole.n == 4000 && v == 1, "kll: weighted values keep their "
	    "weight");
	rank = 1000;
	kll_ranks(&whole, &rank, 1, &v);
	ok(v == 2, "kll: the rank after them is the next value");
	kll_release(&whole);
	free(sorted);
}

static void
test_topk(void)
{
	enum { NV = 5000 };
	static uint64_t truth[NV], cnt[NV];
	static char *s[NV];
	static uint32_t len[NV];
	struct topk whole, merged, part;
	struct rng r;
	size_t i, p, v;
	int bad = 0, found = 0;
	char buf[32];

	rng_seed(&r, 11, 3);
	for (v = 0; v < NV; v++) {
		snprintf(buf, sizeof buf, "value%zu", v);
		s[v] = strdup(buf);
		len[v] = (uint32_t)strlen(buf);
	}
	topk_init(&merged);
	for (p = 0; p < 8; p++) {
		memset(cnt, 0, sizeof cnt);
		for (i = 0; i < 20000; i++) {
			/* Zipf-like: value v with weight 1/(v+1) */
			double u = rng_double(&r);

			v = (size_t)(exp(u * log((double)NV)) - 1);
			if (v >= NV)
				v = NV - 1;
			/* each part has its own favourite too */
			if (i % 10 == 0)
				v = 100 + p;
			cnt[v]++;
			truth[v]++;
		}
		topk_init(&part);
		topk_of(&part, (const char *const *)s, len, cnt, NV);
		topk_merge(&merged, &part);
		topk_release(&part);
	}
	topk_init(&whole);
	topk_of(&whole, (const char *const *)s, len, truth, NV);
	for (i = 0; i < merged.n; i++) {
		v = (size_t)atoi(merged.it[i].s + 5);
		if (truth[v] > merged.it[i].count ||
		    truth[v] < merged.it[i].count - merged.it[i].err)
			bad++;
	}
	ok(bad == 0, "topk: every kept value's true count lies in [count - "
	    "err, count] after 8 merges");
	for (v = 0; v < NV; v++) {
		if (truth[v] <= merged.floor)
			continue;
		for (i = 0; i < merged.n; i++)
			if ((size_t)atoi(merged.it[i].s + 5) == v)
				break;
		found += i < merged.n;
		if (i == merged.n)
			diag("lost value%zu (%llu rows, floor %llu)", v,
			    (unsigned long long)truth[v],
			    (unsigned long long)merged.floor);
	}
	ok(found > 0, "topk: %d values above the floor, all kept", found);
	ok(strcmp(merged.it[0].s, whole.it[0].s) == 0 &&
	    strcmp(merged.it[1].s, whole.it[1].s) == 0, "topk: the two most "
	    "frequent values come first, merged or not");
	ok(whole.it[0].err == 0 && whole.it[0].count == truth[0],
	    "topk: a part of exact counts is exact");
	topk_release(&whole);
	topk_release(&merged);
	for (v = 0; v < NV; v++)
		free(s[v]);
}

static void
test_fixhist(void)
{
	double edges[] = { 0, 1, 2, 5, 10 };
	struct fixhist whole, merged, part;
	struct hist h;
	struct rng r;
	size_t i, p;
	uint64_t sum = 0;

	rng_seed(&r, 5, 4);
	for (i = 0; i < 10000; i++)
		xs[i] = rng_double(&r) * 14 - 2;
	fixhist_init(&whole, 5);
	fixhist_init(&merged, 5);
	for (i = 0; i < 10000; i++)
		fixhist_add(&whole, edges, xs[i], 1);
	for (p = 0; p < 4; p++) {
		fixhist_init(&part, 5);
		for (i = p * 2500; i < (p + 1) * 2500; i++)
			fixhist_add(&part, edges, xs[i], 1);
		fixhist_merge(&merged, &part);
		fixhist_release(&part);
	}
	ok(memcmp(whole.count, merged.count, 4 * sizeof *whole.count) == 0 &&
	    whole.under == merged.under && whole.over == merged.over,
	    "fixhist: the merge of parts counts as one pass");
	fixhist_add(&whole, edges, 10, 1);
	fixhist_add(&whole, edges, 2, 1);
	memset(&h, 0, sizeof h);
	fixhist_to_hist(&whole, edges, HIST_RANGE, HIST_DAY, 1, -2, 12, 7, 0,
	    &h);
	for (i = 0; i < h.nbins; i++)
		sum += h.bin[i].count;
	ok(h.nbins == 5 && h.bin[4].kind == HIST_BIN_MISSING &&
	    sum == 10000 + 2 + 7 && h.total == sum, "fixhist: every value "
	    "lands in a bin, missing last");
	ok(h.bin[0].lo == -2 && h.bin[3].hi == 12, "fixhist: the end bins "
	    "stretch to min and max");
	hist_release(&h);
	fixhist_release(&whole);
	fixhist_release(&merged);
}

static void
test_assocacc(void)
{
	enum { R = 30000, K = 3, NC = 6 };
	static uint32_t code[R], y[R];
	uint32_t cat[5] = { 0, 1, 2, 3, 4 }, remap[K] = { 0, 1, 2 };
	double num[5] = { 1.5, 2, 3, 100, NAN };
	struct assocacc whole, merged, part;
	struct rng r;
	size_t i, p;
	uint64_t n1, n2;
	uint32_t c1, c2;
	double sum[K] = { 0 }, cn[K] = { 0 }, grand = 0, ssb = 0, sst = 0,
	    eta;
	uint64_t nn = 0;

	rng_seed(&r, 9, 5);
	for (i = 0; i < R; i++) {
		y[i] = (uint32_t)rng_below(&r, K + 1);	/* K: no label */
		if (y[i] == K)
			y[i] = UINT32_MAX;
		code[i] = (uint32_t)((rng_below(&r, 5) + (y[i] == 1)) % 5);
	}
	assocacc_init(&whole, NC);
	assocacc_classes(&whole, K);
	assocacc_fold(&whole, code, y, R, cat, num);
	assocacc_init(&merged, NC);
	for (p = 0; p < 3; p++) {
		assocacc_init(&part, NC);
		assocacc_classes(&part, K);
		assocacc_fold(&part, code + p * (R / 3), y + p * (R / 3), R / 3,
		    cat, num);
		assocacc_merge(&merged, &part, remap);
		assocacc_release(&part);
	}
	ok(memcmp(whole.tab, merged.tab, K * NC * sizeof *whole.tab) == 0,
	    "assocacc: the contingency counts of parts add up to one pass");
	ok(assocacc_cramers_v(&whole, &n1, &c1) ==
	    assocacc_cramers_v(&merged, &n2, &c2) && n1 == n2 && c1 == c2,
	    "assocacc: so Cramer's V is the same");
	for (i = 0; i < R; i++)
		if (y[i] < K && !isnan(num[code[i]])) {
			sum[y[i]] += num[code[i]];
			cn[y[i]]++;
			grand += num[code[i]];
			nn++;
		}
	grand /= (double)nn;
	for (i = 0; i < R; i++)
		if (y[i] < K && !isnan(num[code[i]]))
			sst += (num[code[i]] - grand) * (num[code[i]] - grand);
	for (i = 0; i < K; i++)
		ssb += cn[i] * (sum[i] / cn[i] - grand) * (sum[i] / cn[i] -
		    grand);
	eta = sqrt(ssb / sst);
	is_num(assocacc_eta(&merged, &n1), eta, 1e-12, "assocacc: eta of the "
	    "merged parts is the two-pass eta");
	ok(n1 == nn, "assocacc: eta counts the labelled rows with a number");
	assocacc_release(&whole);
	assocacc_release(&merged);
}

int
main(void)
{
	test_moments();
	test_hll();
	test_kll();
	test_topk();
	test_fixhist();
	test_assocacc();
	return done_testing();
}
