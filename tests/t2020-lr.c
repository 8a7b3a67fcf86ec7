/*
 * t2020-lr - softmax logistic regression: fits separable data, repeats
 * itself bit for bit, honours weights, regularisation, folding and
 * cancellation.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/hash.h"
#include "core/data/labels.h"
#include "core/pico/checkers/lr.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

/*
 * Sparse separable data: n rows of k classes; row i has class i % k,
 * the class's indicator bucket (value 1), and two noise buckets shared
 * by all classes (values drawn from the rng).
 */
static void
make_sparse(struct features *f, size_t n, uint32_t k, uint32_t dim,
    uint32_t *y)
{
	struct rng r;
	size_t i, w = 0;
	uint32_t a, b;

	memset(f, 0, sizeof *f);
	rng_seed(&r, 7, 0);
	f->n = n;
	f->dim = dim;
	f->ptr = xmalloc((n + 1) * sizeof *f->ptr);
	f->idx = xmalloc((3 * n + 1) * sizeof *f->idx);
	f->val = xmalloc((3 * n + 1) * sizeof *f->val);
	for (i = 0; i < n; i++) {
		y[i] = (uint32_t)(i % k);
		f->ptr[i] = w;
		a = k + (uint32_t)rng_below(&r, 8);
		b = k + 8 + (uint32_t)rng_below(&r, 8);
		f->idx[w] = y[i];
		f->val[w++] = 1;
		f->idx[w] = a;
		f->val[w++] = (float)rng_double(&r);
		f->idx[w] = b;
		f->val[w++] = -(float)rng_double(&r);
	}
	f->ptr[n] = w;
}

/* Dense data: three Gaussian blobs in 2-D, far apart, one numeric column
 * missing now and then. */
static void
make_dense(struct features *f, size_t n, uint32_t *y)
{
	static const float cx[] = { 0, 6, 0 }, cy[] = { 0, 0, 6 };
	struct rng r;
	size_t i;

	rng_seed(&r, 9, 0);
	numeric_features(f, n, 3);
	for (i = 0; i < n; i++) {
		y[i] = (uint32_t)(i % 3);
		f->num[i * 3] = cx[y[i]] + (float)rng_double(&r) - 0.5f;
		f->num[i * 3 + 1] = cy[y[i]] + (float)rng_double(&r) - 0.5f;
		f->num[i * 3 + 2] = i % 7 == 0 ? NAN :
		    (float)rng_double(&r) * 100;
	}
}

static double
accuracy(const struct lr *m, const struct features *f, const uint32_t *y,
    size_t n, float *p)
{
	size_t i, hit = 0;
	uint32_t c, best;

	for (i = 0; i < n; i++) {
		lr_predict(m, f, i, p);
		best = 0;
		for (c = 1; c < m->k; c++)
			if (p[c] > p[best])
				best = c;
		hit += best == y[i];
	}
	return (double)hit / (double)n;
}

static uint32_t *
all_rows(size_t n)
{
	uint32_t *r = xmalloc(n * sizeof *r);
	size_t i;

	for (i = 0; i < n; i++)
		r[i] = (uint32_t)i;
	return r;
}

static void
test_separable(void)
{
	struct features f;
	uint32_t y[200], *rows = all_rows(200), c;
	struct lr m, m2;
	struct lr_opts o;
	struct err e;
	float p[5], sum;
	int bad;
	size_t i;

	make_sparse(&f, 200, 5, 64, y);
	lr_opts_init(&o);
	o.solver = LR_ADAGRAD;
	is_int(lr_train(&m, &f, rows, 200, y, NULL, 5, &o, NULL, &e), 0,
	    "trains");
	is_num(accuracy(&m, &f, y, 200, p), 1, 0,
	    "100% training accuracy on separable sparse data (AdaGrad)");
	bad = 0;
	for (i = 0; i < 200; i++) {
		lr_predict(&m, &f, i, p);
		sum = 0;
		for (c = 0; c < 5; c++) {
			sum += p[c];
			bad += p[c] < LR_PMIN || p[c] > 1;
		}
		bad += fabsf(sum - 1) > 5 * LR_PMIN + 1e-5f;
	}
	is_int(bad, 0, "probabilities in [1e-6, 1], summing to 1");

	/* same seed: the same model, bit for bit */
	lr_train(&m2, &f, rows, 200, y, NULL, 5, &o, NULL, &e);
	ok(memcmp(m.w, m2.w, (size_t)(m.nloc + m.nnum) * m.kp * sizeof *m.w) == 0 &&
	    memcmp(m.b, m2.b, 5 * sizeof *m.b) == 0,
	    "deterministic for a seed");
	lr_release(&m2);
	o.stream = 3;
	lr_train(&m2, &f, rows, 200, y, NULL, 5, &o, NULL, &e);
	ok(memcmp(m.w, m2.w, (size_t)(m.nloc + m.nnum) * m.kp * sizeof *m.w) != 0,
	    "another stream, another row order");
	is_num(accuracy(&m2, &f, y, 200, p), 1, 0, "and the same fit");
	lr_release(&m2);
	lr_release(&m);

	o.stream = 0;
	o.solver = LR_SGD;
	lr_train(&m, &f, rows, 200, y, NULL, 5, &o, NULL, &e);
	is_num(accuracy(&m, &f, y, 200, p), 1, 0, "plain SGD fits it too");
	lr_release(&m);

	/* L2 shrinks the weights */
	{
		double n0 = 0, n1 = 0;

		o.solver = LR_ADAGRAD;
		o.l2 = 0;
		lr_train(&m, &f, rows, 200, y, NULL, 5, &o, NULL, &e);
		lr_train(&m2, &f, rows, 200, y, NULL, 5, &o, NULL, &e);
		lr_release(&m2);
		o.l2 = 1e-2;
		lr_train(&m2, &f, rows, 200, y, NULL, 5, &o, NULL, &e);
		for (i = 0; i < (size_t)(m.nloc + m.nnum) * m.kp; i++) {
			n0 += (double)m.w[i] * m.w[i];
			n1 += (double)m2.w[i] * m2.w[i];
		}
		cmp_ok(n1, <, 0.5 * n0, "L2 1e-2 shrinks the weights");
		ok(n1 > 0, "but leaves some");
		is_num(accuracy(&m2, &f, y, 200, p), 1, 0,
		    "still separates");
		lr_release(&m);
		lr_release(&m2);
	}
	free(rows);
	features_release(&f);
}

static void
test_dense(void)
{
	struct features f;
	uint32_t y[300], *rows = all_rows(300);
	struct lr m;
	struct err e;
	float p[3];

	make_dense(&f, 300, y);
	is_int(lr_train(&m, &f, rows, 300, y, NULL, 3, NULL, NULL, &e), 0,
	    "trains on dense features with missing values");
	is_num(accuracy(&m, &f, y, 300, p), 1, 0,
	    "100% on separable numeric data");
	ok(m.istd[0] > 0 && fabsf(m.mean[0] - 2) < 0.3f,
	    "standardised with the training rows' mean");
	ok(fabsf(m.mean[2] - 50) < 10, "mean of the column with gaps");
	lr_release(&m);
	free(rows);
	features_release(&f);
}

static void
test_weights(void)
{
	struct features f;
	uint32_t y[201], *rows = all_rows(201), c;
	struct lr m, m2;
	struct lr_opts o;
	struct err e;
	float w[201], p[5], q[5];
	size_t i;

	/* row 200 copies row 0 with a wrong label */
	make_sparse(&f, 200, 5, 64, y);
	f.ptr = xreallocarray(f.ptr, 202, sizeof *f.ptr);
	f.idx = xreallocarray(f.idx, 603, sizeof *f.idx);
	f.val = xreallocarray(f.val, 603, sizeof *f.val);
	for (i = 0; i < 3; i++) {
		f.idx[600 + i] = f.idx[i];
		f.val[600 + i] = f.val[i];
	}
	f.ptr[201] = 603;
	f.n = 201;
	y[200] = 1;
	for (i = 0; i < 201; i++)
		w[i] = 1;
	w[200] = 0;
	lr_opts_init(&o);
	lr_train(&m, &f, rows, 200, y, NULL, 5, &o, NULL, &e);
	lr_train(&m2, &f, rows, 201, y, w, 5, &o, NULL, &e);
	ok(memcmp(m.w, m2.w, (size_t)(m.nloc + m.nnum) * m.kp * sizeof *m.w) == 0,
	    "weight 0: as if the row were not there");
	lr_release(&m2);
	y[200] = LABELS_NONE;
	lr_train(&m2, &f, rows, 201, y, NULL, 5, &o, NULL, &e);
	ok(memcmp(m.w, m2.w, (size_t)(m.nloc + m.nnum) * m.kp * sizeof *m.w) == 0,
	    "an unlabelled row is skipped");
	lr_release(&m2);
	y[200] = 1;
	lr_predict(&m, &f, 0, p);
	w[200] = 50;
	lr_train(&m2, &f, rows, 201, y, w, 5, &o, NULL, &e);
	lr_predict(&m2, &f, 0, q);
	cmp_ok(q[1], >, p[1] * 10, "a heavy conflicting row pulls its class up");
	c = q[1] > q[0];
	ok(c, "and wins row 0");
	lr_release(&m);
	lr_release(&m2);
	free(rows);
	features_release(&f);
}

static void
test_edges(void)
{
	struct features f;
	uint32_t y[100], *rows = all_rows(100);
	struct lr m;
	struct lr_opts o;
	struct err e;
	atomic_int cancel = 1;
	struct progress pr = { NULL, NULL, &cancel };
	float *p;
	size_t i;
	int bad = 0;

	make_sparse(&f, 100, 4, 1u << 16, y);
	lr_opts_init(&o);
	o.solver = LR_ADAGRAD;	/* the weight table's folding */
	is_int(lr_train(&m, &f, rows, 100, y, NULL, 0, &o, NULL, &e), -1,
	    "no classes: error");
	is_int(e.code, ERR_USAGE, "a usage error");

	/* no training rows: the smoothed (uniform) prior */
	p = xmalloc(1000 * sizeof *p);
	lr_train(&m, &f, rows, 0, y, NULL, 4, &o, NULL, &e);
	lr_predict(&m, &f, 3, p);
	is_num(p[2], 0.25, 1e-6, "untrained: uniform");
	lr_release(&m);

	/* 1,000 classes with a small memory cap: the space folds */
	o.max_bytes = 64 << 10;
	lr_train(&m, &f, rows, 100, y, NULL, 1000, &o, NULL, &e);
	is_int(m.dim, 1024, "folded down to the floor of 1024 buckets");
	for (i = 0; i < 100; i++) {
		uint32_t c, best = 0;

		lr_predict(&m, &f, i, p);
		for (c = 1; c < 1000; c++)
			if (p[c] > p[best])
				best = c;
		bad += best != y[i];
	}
	is_int(bad, 0, "1,000 classes, folded: still fits");
	lr_release(&m);
	free(p);

	/* 2,000 buckets spread over 2^16, 1,000 classes: 8 MB of rows;
	 * a 6 MB cap folds them */
	{
		struct features g;
		uint32_t y2[2000], *r2 = all_rows(2000);

		memset(&g, 0, sizeof g);
		g.n = 2000;
		g.dim = 1u << 16;
		g.ptr = xmalloc(2001 * sizeof *g.ptr);
		g.idx = xmalloc(2000 * sizeof *g.idx);
		g.val = xmalloc(2000 * sizeof *g.val);
		for (i = 0; i < 2000; i++) {
			g.ptr[i] = i;
			g.idx[i] = (uint32_t)(hash_u64(i, 1) & 0xffff);
			g.val[i] = 1;
			y2[i] = (uint32_t)(i % 1000);
		}
		g.ptr[2000] = 2000;
		o.max_bytes = 6 << 20;
		o.epochs = 1;
		lr_train(&m, &g, r2, 2000, y2, NULL, 1000, &o, NULL, &e);
		ok(m.dim < (1u << 16) && m.dim > 1024,
		    "folded until the rows fit");
		ok((m.nloc + m.nnum) * (size_t)(m.kp + 2) * 4 <= o.max_bytes,
		    "the weight rows respect the cap");
		cmp_ok(m.nloc, <, 2000, "fewer rows than buckets");
		lr_release(&m);
		o.max_bytes = (size_t)1 << 30;
		lr_train(&m, &g, r2, 2000, y2, NULL, 1000, &o, NULL, &e);
		is_int(m.dim, 1u << 16, "no folding under a large cap");
		{
			uint8_t *seen = xcalloc(1u << 16, 1);
			uint32_t distinct = 0;

			for (i = 0; i < 2000; i++)
				if (!seen[g.idx[i]]++)
					distinct++;
			is_int(m.nloc, distinct, "one row per bucket seen");
			free(seen);
		}
		lr_release(&m);
		o.epochs = 5;
		free(r2);
		features_release(&g);
	}

	o.max_bytes = (size_t)128 << 20;
	is_int(lr_train(&m, &f, rows, 100, y, NULL, 4, &o, &pr, &e), -1,
	    "cancelled");
	is_int(e.code, ERR_CANCEL, "ERR_CANCEL");
	ok(m.w == NULL, "nothing left behind");
	lr_release(NULL);
	free(rows);
	features_release(&f);
}

int
main(void)
{
	test_separable();
	test_dense();
	test_weights();
	test_edges();
	return done_testing();
}
