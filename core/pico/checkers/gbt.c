/*
 * gbt.c - the gradient-boosted trees checker (gbt.h): the rows' features
 * as a compressed sparse row matrix for libxgboost, its booster trained
 * and asked for probabilities.  Everything the library needs is set
 * here; nothing of it leaks into the callers but an opaque handle.
 */
#include "core/pico/checkers/gbt.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xgboost/c_api.h>

#include "core/pico/checkers/trainrows.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

/* libxgboost's OpenMP runtime (libgomp, which it links): the parallel
 * parts that do not read the booster's nthread (building a matrix)
 * would otherwise start a team of every core's size on every checker
 * thread, and the teams spin against each other (measured on digits
 * with 100 rounds a training: 18 s of wall time against 8 s) */
void omp_set_num_threads(int n);

/*
 * The calling thread's settings for the library: one OpenMP thread, and
 * no log lines (core/ never prints; a failure comes back as an error).
 * Both are per thread in the library and its runtime, and each checker
 * may run on another pool thread.
 */
static void
quiet_one_thread(void)
{
	omp_set_num_threads(1);
	XGBSetGlobalConfig("{\"verbosity\": 0}");
}

void
gbt_opts_init(struct gbt_opts *o)
{
	memset(o, 0, sizeof *o);
	o->rounds = 10;
	o->depth = 3;
	o->eta = 0.6;
	o->lambda = 1;
	o->min_child = 2;
	o->max_bins = 16;
	o->max_rows = 20000;
	o->max_trees = 64;
}

/*
 * The rounds a training runs for k classes, and their shrinkage: a
 * round grows a tree a class (one for two classes), and each tree
 * costs about the same whatever it learns, so with many classes fewer
 * rounds run (at least 3) with a larger step (at most 1), the product
 * rounds x eta kept.  Measured on digits (10 classes, one thread):
 * 6 rounds at 1.0 in place of 10 at 0.6 took a whole PICO run from 1.5
 * to 1.3 CPU seconds; the mix's flags changed by at most 3 rows in 180
 * (F1 0.961 against 0.963).
 */
static uint32_t
rounds_for(const struct gbt_opts *o, uint32_t k, double *eta)
{
	uint32_t per = k == 2 ? 1 : k, r = o->rounds;

	if (o->max_trees > 0 && (uint64_t)r * per > o->max_trees) {
		r = o->max_trees / per;
		if (r < 3)
			r = 3;
		if (r > o->rounds)
			r = o->rounds;
	}
	*eta = o->rounds && r ? o->eta * o->rounds / r : o->eta;
	if (*eta > 1)
		*eta = 1;
	return r;
}

static int
xgb_fail(struct err *e, const char *what)
{
	const char *msg = XGBGetLastError();
	int len;

	if (!msg || !*msg)
		msg = "libxgboost failed";
	/* its first line: the library's stack trace follows */
	len = (int)(strchr(msg, '\n') ? strchr(msg, '\n') - msg :
	    (ptrdiff_t)strlen(msg));
	return err_set(e, ERR_SOFTWARE, "gradient-boosted trees: %s: %.*s",
	    what, len, msg);
}

/* Column of bucket b, or UINT32_MAX when no training row had it. */
static uint32_t
bucket_col(const struct gbt *m, uint32_t b)
{
	size_t at = sort_lower_u32(m->bucket, 0, m->nb, b);

	return at < m->nb && m->bucket[at] == b ? m->nnum + (uint32_t)at :
	    UINT32_MAX;
}

/* The buckets rows[0..n) use, ascending and once each, into m. */
static void
take_buckets(struct gbt *m, const struct features *X, const uint32_t *rows,
    size_t n)
{
	uint64_t tot = 0, j;
	size_t i, at = 0, u;

	for (i = 0; i < n && X->ptr; i++)
		tot += X->ptr[rows[i] + 1] - X->ptr[rows[i]];
	m->bucket = xmalloc((size_t)(tot + 1) * sizeof *m->bucket);
	for (i = 0; i < n && X->ptr; i++)
		for (j = X->ptr[rows[i]]; j < X->ptr[rows[i] + 1]; j++)
			m->bucket[at++] = X->idx[j];
	sort_u32(m->bucket, at, NULL);
	for (i = 0, u = 0; i < at; i++)
		if (u == 0 || m->bucket[i] != m->bucket[u - 1])
			m->bucket[u++] = m->bucket[i];
	m->nb = (uint32_t)u;
}

/*
 * rows[0..n) of X as a CSR matrix over m's columns: numeric values that
 * are not missing, then the row's known buckets at 1.  Returns the
 * library's handle in *out.
 */
static int
make_matrix(const struct gbt *m, const struct features *X,
    const uint32_t *rows, size_t n, DMatrixHandle *out, struct err *e)
{
	size_t *ptr = xmalloc((n + 1) * sizeof *ptr), at = 0, cap = 0, i;
	unsigned *col;
	float *val, v;
	uint64_t j, r;
	uint32_t c, bc;
	int rc;

	for (i = 0; i < n; i++) {
		r = rows[i];
		cap += m->nnum + (X->ptr ? X->ptr[r + 1] - X->ptr[r] : 0);
	}
	col = xmalloc((cap + 1) * sizeof *col);
	val = xmalloc((cap + 1) * sizeof *val);
	for (i = 0; i < n; i++) {
		r = rows[i];
		ptr[i] = at;
		for (c = 0; c < m->nnum; c++) {
			v = X->num[r * X->nnum + c];
			if (isnan(v))
				continue;
			col[at] = c;
			val[at++] = v;
		}
		for (j = X->ptr ? X->ptr[r] : 0; X->ptr && j < X->ptr[r + 1];
		    j++) {
			bc = bucket_col(m, X->idx[j]);
			if (bc == UINT32_MAX)
				continue;
			col[at] = bc;
			val[at++] = 1;
		}
	}
	ptr[n] = at;
	rc = XGDMatrixCreateFromCSREx(ptr, col, val, n + 1, at,
	    (size_t)m->nnum + m->nb, out);
	free(ptr);
	free(col);
	free(val);
	return rc == 0 ? 0 : xgb_fail(e, "matrix");
}

static int
set_params(BoosterHandle b, uint32_t k, const struct gbt_opts *o,
    double eta, struct err *e)
{
	char buf[8][32];
	const char *key[16], *val[16];
	int n = 0, i;

	key[n] = "verbosity", val[n++] = "0";
	key[n] = "nthread", val[n++] = "1";
	key[n] = "tree_method", val[n++] = "hist";
	key[n] = "seed", val[n++] = "0";
	if (k == 2) {
		key[n] = "objective", val[n++] = "binary:logistic";
	} else {
		key[n] = "objective", val[n++] = "multi:softprob";
		snprintf(buf[0], sizeof buf[0], "%u", k);
		key[n] = "num_class", val[n++] = buf[0];
	}
	snprintf(buf[1], sizeof buf[1], "%u", o->depth);
	key[n] = "max_depth", val[n++] = buf[1];
	snprintf(buf[2], sizeof buf[2], "%g", eta);
	key[n] = "eta", val[n++] = buf[2];
	snprintf(buf[3], sizeof buf[3], "%g", o->lambda);
	key[n] = "lambda", val[n++] = buf[3];
	snprintf(buf[4], sizeof buf[4], "%g", o->min_child);
	key[n] = "min_child_weight", val[n++] = buf[4];
	snprintf(buf[5], sizeof buf[5], "%u", o->max_bins);
	key[n] = "max_bin", val[n++] = buf[5];
	for (i = 0; i < n; i++)
		if (XGBoosterSetParam(b, key[i], val[i]) != 0)
			return xgb_fail(e, key[i]);
	return 0;
}

int
gbt_train(struct gbt *m, const struct features *X, const uint32_t *rows,
    size_t nrows, const uint32_t *y, const float *w, uint32_t k,
    const struct gbt_opts *o, struct err *e)
{
	struct gbt_opts def;
	uint32_t *use, c, it, rounds;
	float *lab, *wt;
	size_t nuse, i;
	double eta;
	DMatrixHandle d = NULL;
	BoosterHandle b = NULL;

	if (!o) {
		gbt_opts_init(&def);
		o = &def;
	}
	memset(m, 0, sizeof *m);
	quiet_one_thread();
	m->k = k;
	m->nnum = X->nnum;
	m->rho = xcalloc((size_t)k + 1, sizeof *m->rho);
	use = xmalloc((nrows + 1) * sizeof *use);
	nuse = trainrows_take(rows, nrows, y, w, k, use, m->rho);
	nuse = trainrows_sample(use, nuse, o->max_rows, o->seed, o->stream);
	/* one class or none: nothing to split on, rho is the answer */
	for (c = 0, it = 0; c < k; c++)
		it += m->rho[c] > 0;
	if (it < 2 || k < 2) {
		free(use);
		return 0;
	}
	take_buckets(m, X, use, nuse);
	/* no column the training rows use: nothing to split on either */
	if (m->nnum + m->nb == 0) {
		free(use);
		return 0;
	}
	if (make_matrix(m, X, use, nuse, &d, e) < 0)
		goto fail;
	lab = xmalloc((nuse + 1) * sizeof *lab);
	wt = xmalloc((nuse + 1) * sizeof *wt);
	for (i = 0; i < nuse; i++) {
		lab[i] = (float)y[use[i]];
		wt[i] = w ? w[use[i]] : 1;
	}
	it = XGDMatrixSetFloatInfo(d, "label", lab, nuse) == 0 &&
	    XGDMatrixSetFloatInfo(d, "weight", wt, nuse) == 0;
	free(lab);
	free(wt);
	if (!it) {
		xgb_fail(e, "labels");
		goto fail;
	}
	if (XGBoosterCreate(&d, 1, &b) != 0) {
		xgb_fail(e, "booster");
		goto fail;
	}
	rounds = rounds_for(o, k, &eta);
	if (set_params(b, k, o, eta, e) < 0)
		goto fail;
	for (it = 0; it < rounds; it++)
		if (XGBoosterUpdateOneIter(b, (int)it, d) != 0) {
			xgb_fail(e, "training");
			goto fail;
		}
	XGDMatrixFree(d);
	free(use);
	m->booster = b;
	return 0;
fail:
	if (b)
		XGBoosterFree(b);
	if (d)
		XGDMatrixFree(d);
	free(use);
	gbt_release(m);
	return -1;
}

int
gbt_predict(const struct gbt *m, const struct features *X,
    const uint32_t *rows, size_t nrows, float *out, struct err *e)
{
	DMatrixHandle d;
	bst_ulong len;
	const float *res;
	uint32_t c, k = m->k;
	size_t i;
	double p, s;

	if (!m->booster) {
		for (i = 0; i < nrows; i++)
			for (c = 0; c < k; c++)
				out[i * k + c] = m->rho[c] > GBT_PMIN ?
				    (float)m->rho[c] : GBT_PMIN;
		return 0;
	}
	if (nrows == 0)
		return 0;
	quiet_one_thread();
	if (make_matrix(m, X, rows, nrows, &d, e) < 0)
		return -1;
	if (XGBoosterPredict(m->booster, d, 0, 0, 0, &len, &res) != 0) {
		XGDMatrixFree(d);
		return xgb_fail(e, "prediction");
	}
	if (len != (bst_ulong)nrows * (k == 2 ? 1 : k)) {
		XGDMatrixFree(d);
		return err_set(e, ERR_SOFTWARE, "gradient-boosted trees: %llu "
		    "predictions for %zu rows", (unsigned long long)len,
		    nrows);
	}
	for (i = 0; i < nrows; i++) {
		if (k == 2) {
			p = res[i];
			out[2 * i] = (float)(1 - p);
			out[2 * i + 1] = (float)p;
		} else {
			for (c = 0, s = 0; c < k; c++)
				s += res[i * k + c];
			for (c = 0; c < k; c++)
				out[i * k + c] = (float)(s > 0 ?
				    res[i * k + c] / s : 1.0 / k);
		}
		for (c = 0; c < k; c++)
			if (!(out[i * k + c] >= GBT_PMIN))
				out[i * k + c] = GBT_PMIN;
	}
	XGDMatrixFree(d);
	return 0;
}

void
gbt_release(struct gbt *m)
{
	if (!m)
		return;
	if (m->booster)
		XGBoosterFree(m->booster);
	free(m->bucket);
	free(m->rho);
	memset(m, 0, sizeof *m);
}

/*
 * What a training costs, in lane operations (about 1e9 a CPU second).
 * Measured, one thread, 10 rounds of depth 3 on 16 bins, E the training
 * rows' entries (numeric values and buckets): a tree 0.45 ms on digits
 * (E = 92,000), 0.6 ms on shuttle (180,000), 0.65 ms on spam (210,000),
 * 1.0 ms on dna (459,000): about 0.3 ms + 1.6 ns E; building the
 * matrix 10-30 ms, about 5 ms + 80 ns E.  The split search adds a pass
 * over every column's bins a level.
 */
#define GBT_TREE_WORK 3e5
#define GBT_MATRIX_WORK 5e6

double
gbt_train_work(const struct features *X, uint64_t ntr, uint32_t k,
    const struct gbt_opts *o)
{
	struct gbt_opts def;
	uint8_t *seen;
	uint64_t j, nb = 0;
	double per_row, ent, trees, cols, eta;

	if (!o) {
		gbt_opts_init(&def);
		o = &def;
	}
	if (o->max_rows > 0 && ntr > o->max_rows)
		ntr = o->max_rows;
	per_row = (double)X->nnum + (X->n && X->ptr ? (double)X->ptr[X->n] /
	    (double)X->n : 0);
	/* the columns: numeric ones and the buckets some row uses */
	if (X->n && X->ptr && X->dim) {
		seen = xcalloc((size_t)X->dim / 8 + 1, 1);
		for (j = 0; j < X->ptr[X->n]; j++)
			if (!(seen[X->idx[j] / 8] & 1u << X->idx[j] % 8)) {
				seen[X->idx[j] / 8] |= (uint8_t)(1u <<
				    X->idx[j] % 8);
				nb++;
			}
		free(seen);
	}
	cols = (double)X->nnum + (double)nb;
	ent = per_row * (double)ntr;
	trees = (double)rounds_for(o, k, &eta) * (k == 2 ? 1 : k);
	return GBT_MATRIX_WORK + 80 * ent + trees * (GBT_TREE_WORK +
	    1.6 * ent + (double)o->depth * cols * o->max_bins);
}
