/*
 * cl.c - confident learning's first steps on a source of rows: the
 * per-class thresholds and the confident joint; then calibration and
 * prune counts (clcal.c).  The filters are in clfilter.c.
 *
 * The arithmetic follows cleanlab 2.9 operation by operation, because
 * several outputs sit on knife edges: a calibrated count exactly at .5
 * rounds to even, a threshold summed in another order moves in its last
 * bit, a total that is N only up to one ulp decides a rounding.  So:
 * sums that numpy computes pairwise are computed with pairsum() over the
 * same elements in the same order; every product and quotient is done
 * in the order cleanlab writes it; rounding is rint() (half to even) in
 * the default rounding mode.
 *
 * Rows are handed to threads in chunks; each chunk has its own scratch,
 * and every result is written per row and reduced afterwards in row
 * order, so nothing depends on the thread count.
 *
 * Invariants of struct cl: byclass lists every labelled row once,
 * grouped by class in class order and ascending within a class; the
 * joint stores every diagonal cell, each at least 1; each row of the
 * calibration sums to n_c rounded (row totals are preserved).
 */
#include "core/pico/cl/cl.h"

#include <stdlib.h>
#include <string.h>

#include "core/data/labels.h"
#include "core/util/names.h"
#include "core/util/pairsum.h"
#include "core/util/parfor.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

/* cleanlab/internal/constants.py */
#define CL_FLOAT_CMP 1e-6		/* FLOATING_POINT_COMPARISON */
#define CL_THRESH_MIN 2e-6		/* CONFIDENT_THRESHOLDS_LOWER_BOUND */
#define CL_THRESH_ABSENT 2.0		/* a class nobody was given */

#define CL_CHUNK 2048
#define NO_GUESS UINT32_MAX

static const char *const filter_names[CL_NFILTERS] = {
	"prune_by_noise_rate",
	"prune_by_class",
	"both",
	"confident_learning",
	"predicted_neq_given"
};

const char *
cl_filter_name(enum cl_filter f)
{
	if ((unsigned)f >= CL_NFILTERS)
		return NULL;
	return filter_names[f];
}

int
cl_filter_parse(const char *name)
{
	return names_index(filter_names, CL_NFILTERS, name);
}

/* --- a matrix as a source of rows ----------------------------------- */

static void
matrix_row(const struct cl_rows *src, size_t i, struct cl_row *out,
    uint32_t *cls, double *val)
{
	const double *p = src->ctx;

	(void)cls;
	(void)val;
	out->n = src->k;
	out->cls = NULL;
	out->val = p + i * src->k;
	out->shared = 0;
}

static double
matrix_at(const struct cl_rows *src, size_t i, uint32_t c)
{
	const double *p = src->ctx;

	return p[i * src->k + c];
}

void
cl_rows_matrix(struct cl_rows *rows, const double *p, size_t n, uint32_t k,
    int threads)
{
	*rows = (struct cl_rows){ .n = n, .k = k, .row = matrix_row,
	    .at = matrix_at, .maxsupport = k, .ctx = p, .threads = threads };
}

struct each_job {
	const struct cl_rows *p;
	int (*want)(void *ctx, size_t i);
	void (*fn)(void *ctx, size_t i, const struct cl_row *row);
	void *ctx;
};

static void
each_chunk(void *ctx, size_t ch)
{
	struct each_job *J = ctx;
	const struct cl_rows *p = J->p;
	size_t i, lo = ch * CL_CHUNK, hi = lo + CL_CHUNK;
	uint32_t *cls = xmalloc(((size_t)p->maxsupport + 1) * sizeof *cls);
	double *val = xmalloc(((size_t)p->maxsupport + 1) * sizeof *val);
	struct cl_row r;

	if (hi > p->n)
		hi = p->n;
	for (i = lo; i < hi; i++) {
		if (J->want && !J->want(J->ctx, i))
			continue;
		p->row(p, i, &r, cls, val);
		J->fn(J->ctx, i, &r);
	}
	free(cls);
	free(val);
}

void
cl_rows_each(const struct cl_rows *p, int (*want)(void *ctx, size_t i),
    void (*fn)(void *ctx, size_t i, const struct cl_row *row), void *ctx)
{
	struct each_job J;
	struct err pe;

	J.p = p;
	J.want = want;
	J.fn = fn;
	J.ctx = ctx;
	parfor_run((p->n + CL_CHUNK - 1) / CL_CHUNK, p->threads, each_chunk,
	    &J, NULL, NULL, &pe);
}

/* --- set-up and thresholds ------------------------------------------ */

/*
 * Check the labels; group the labelled rows by class (a counting sort,
 * so rows stay ascending within a class): byclass[start[c] ..
 * start[c+1]), count[c] = n_c.
 */
static int
cl_setup(struct cl *c, const uint32_t *y, size_t n, uint32_t k,
    struct err *e)
{
	size_t i, *pos;
	uint32_t j;

	memset(c, 0, sizeof *c);
	if (k == 0)
		return err_set(e, ERR_SOFTWARE, "confident learning needs at "
		    "least one class");
	if (n > UINT32_MAX - 1)
		return err_set(e, ERR_SOFTWARE, "confident learning: %zu rows "
		    "is more than 2^32 - 1", n);
	for (i = 0; i < n; i++)
		if (y[i] >= k && y[i] != LABELS_NONE)
			return err_set(e, ERR_SOFTWARE, "confident learning: "
			    "row %zu has class %u of %u", i, y[i], k);
	c->k = k;
	c->nrows = n;
	c->count = xcalloc(k, sizeof *c->count);
	c->thresh = xmalloc(k * sizeof *c->thresh);
	c->offdiag = xcalloc(n ? n : 1, sizeof *c->offdiag);
	c->byclass = xmalloc((n ? n : 1) * sizeof *c->byclass);
	c->start = xmalloc(((size_t)k + 1) * sizeof *c->start);
	for (i = 0; i < n; i++)
		if (y[i] != LABELS_NONE)
			c->count[y[i]]++;
	c->start[0] = 0;
	for (j = 0; j < k; j++)
		c->start[j + 1] = c->start[j] + (size_t)c->count[j];
	pos = xmalloc(((size_t)k + 1) * sizeof *pos);
	memcpy(pos, c->start, ((size_t)k + 1) * sizeof *pos);
	for (i = 0; i < n; i++)
		if (y[i] != LABELS_NONE)
			c->byclass[pos[y[i]]++] = (uint32_t)i;
	free(pos);
	c->n = c->start[k];
	return 0;
}

/*
 * Step 1: t[c] = the mean of p[i][c] over the rows given c, summed with
 * numpy's pairwise sum in row order and divided by n_c; 2.0 for a class
 * nobody was given; then at least 2e-6.  Each row's own class alone is
 * read.
 */
static void
thresholds(struct cl *c, const struct cl_rows *p, const uint32_t *y)
{
	size_t i, m, big = 1, n = p->n;
	double *buf, *pg = xmalloc((n ? n : 1) * sizeof *pg);
	uint32_t j;

	/* in row order: a matrix is then read front to back */
	for (i = 0; i < n; i++)
		pg[i] = y[i] == LABELS_NONE ? 0 : p->at(p, i, y[i]);
	for (j = 0; j < c->k; j++)
		if (c->start[j + 1] - c->start[j] > big)
			big = c->start[j + 1] - c->start[j];
	buf = xmalloc(big * sizeof *buf);
	for (j = 0; j < c->k; j++) {
		m = c->start[j + 1] - c->start[j];
		if (m == 0) {
			c->thresh[j] = CL_THRESH_ABSENT;
		} else {
			for (i = 0; i < m; i++)
				buf[i] = pg[c->byclass[c->start[j] + i]];
			c->thresh[j] = pairsum(buf, m) / (double)m;
		}
		if (!(c->thresh[j] >= CL_THRESH_MIN))
			c->thresh[j] = CL_THRESH_MIN;
	}
	free(buf);
	free(pg);
}

/* --- step 2: the confident joint ------------------------------------ */

struct guess_job {
	const struct cl_rows *p;
	const uint32_t *y;
	const double *cut;	/* thresholds - 1e-6 */
	const uint32_t *bycut;	/* classes by ascending cut (ties: index) */
	uint32_t *guess;	/* [n] */
};

/*
 * The class row r counts for in the confident joint: its only confident
 * class (p[j] >= cut[j]), or its argmax when several are confident;
 * NO_GUESS when none is.  The classes outside the support share one
 * value, so the confident ones among them are the first classes by cut
 * that are not in the support: the walk stops at the second confident
 * class, which settles the argmax case.
 */
static uint32_t
row_guess(const struct cl_row *r, uint32_t k, const double *cut,
    const uint32_t *bycut)
{
	uint32_t s, j, u, guess = NO_GUESS, nconf = 0;

	for (s = 0; s < r->n; s++) {
		j = r->cls ? r->cls[s] : s;
		if (r->val[s] >= cut[j] && nconf++ == 0)
			guess = j;
	}
	for (u = 0; r->n < k && u < k && nconf < 2; u++) {
		j = bycut[u];
		if (!(r->shared >= cut[j]))
			break;
		if (cl_row_index(r, j) == UINT32_MAX && nconf++ == 0)
			guess = j;
	}
	if (nconf > 1)
		guess = cl_row_argmax(r, k, k, 0);
	return guess;
}

static int
labelled(void *ctx, size_t i)
{
	const struct guess_job *J = ctx;

	return J->y[i] != LABELS_NONE;
}

static void
guess_row(void *ctx, size_t i, const struct cl_row *r)
{
	struct guess_job *J = ctx;

	J->guess[i] = row_guess(r, J->p->k, J->cut, J->bycut);
}

/*
 * The confident joint from each row's guess: per given class, its rows'
 * guesses tallied and stored in class order, the diagonal raised to at
 * least 1.  offdiag marks the rows counted off the diagonal (the
 * confident_learning filter before its final pass).
 */
static void
count_joint(struct cl *c, const uint32_t *guess)
{
	uint32_t k = c->k, g, j, nt, u, *touched;
	uint32_t *tally = xcalloc((size_t)k + 1, sizeof *tally);
	size_t i, row;

	touched = xmalloc(((size_t)k + 1) * sizeof *touched);
	kmat_begin(&c->kjoint, k);
	for (g = 0; g < k; g++) {
		nt = 0;
		for (i = c->start[g]; i < c->start[g + 1]; i++) {
			row = c->byclass[i];
			j = guess[row];
			if (j == NO_GUESS)
				continue;
			c->offdiag[row] = j != g;
			if (tally[j]++ == 0)
				touched[nt++] = j;
		}
		if (tally[g] == 0)
			touched[nt++] = g;
		sort_u32(touched, nt, NULL);
		for (u = 0; u < nt; u++) {
			j = touched[u];
			kmat_put(&c->kjoint, j, j == g && tally[j] < 1 ? 1 :
			    (double)tally[j]);
			tally[j] = 0;
		}
		kmat_end_row(&c->kjoint, 0);
	}
	free(tally);
	free(touched);
}

int
cl_init_rows(struct cl *c, const struct cl_rows *p, const uint32_t *y,
    struct err *e)
{
	size_t n = p->n, i;
	uint32_t k = p->k, j, *bycut;
	double *cut;
	struct guess_job J;

	if (cl_setup(c, y, n, k, e) != 0)
		return -1;
	thresholds(c, p, y);

	/* the subtraction first, in double, as t - 1e-6 in numpy */
	cut = xmalloc(((size_t)k + 1) * sizeof *cut);
	bycut = xmalloc(((size_t)k + 1) * sizeof *bycut);
	for (j = 0; j < k; j++) {
		cut[j] = c->thresh[j] - CL_FLOAT_CMP;
		bycut[j] = j;
	}
	sort_idx_by_double(bycut, k, cut);
	memset(&J, 0, sizeof J);
	J.p = p;
	J.y = y;
	J.cut = cut;
	J.bycut = bycut;
	J.guess = xmalloc((n ? n : 1) * sizeof *J.guess);
	for (i = 0; i < n; i++)
		J.guess[i] = NO_GUESS;
	cl_rows_each(p, labelled, guess_row, &J);
	count_joint(c, J.guess);
	FREE_ALL(J.guess, bycut, cut);

	cl_calibrate(&c->kjoint, c->count, &c->kcal);
	cl_prune_counts(&c->kcal, &c->kprune);
	return 0;
}

/* m as a dense k x k matrix of integers, transposed when asked. */
static int64_t *
dense_copy(const struct kmat *m, int transpose)
{
	size_t k = m->k, p;
	int64_t *d = xcalloc(k * k + 1, sizeof *d);
	uint32_t i;

	for (i = 0; i < k; i++)
		for (p = m->ptr[i]; p < m->ptr[i + 1]; p++)
			d[transpose ? m->col[p] * k + i : i * k + m->col[p]] =
			    (int64_t)m->val[p];
	return d;
}

int
cl_init(struct cl *c, const double *p, const uint32_t *y, size_t n,
    uint32_t k, struct err *e)
{
	struct cl_rows rows;

	cl_rows_matrix(&rows, p, n, k, 1);
	if (cl_init_rows(c, &rows, y, e) != 0)
		return -1;
	c->cj = dense_copy(&c->kjoint, 0);
	c->cal = dense_copy(&c->kcal, 0);
	c->prune = dense_copy(&c->kprune, 1);
	return 0;
}

void
cl_release(struct cl *c)
{
	if (!c)
		return;
	free(c->count);
	free(c->thresh);
	kmat_release(&c->kjoint);
	kmat_release(&c->kcal);
	kmat_release(&c->kprune);
	FREE_ALL(c->offdiag, c->byclass, c->start, c->cj, c->cal, c->prune);
	memset(c, 0, sizeof *c);
}
