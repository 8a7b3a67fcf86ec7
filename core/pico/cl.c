/*
 * cl.c - confident learning: thresholds, confident joint, calibration,
 * prune counts, the five filters, quality scores and ranking.
 *
 * The arithmetic follows cleanlab 2.9 operation by operation, because
 * several outputs sit on knife edges: a calibrated count exactly at .5
 * rounds to even, a threshold summed in another order moves in its last
 * bit, a total that is N only up to one ulp decides a rounding.  So:
 * sums that numpy computes pairwise are computed with pairsum() over the
 * same elements in the same order; every product and quotient is done
 * in the order cleanlab writes it; rounding is rint() (half to even) in
 * the default rounding mode.  Where cleanlab sorts with np.argsort, the
 * order here is the stable one (ties by ascending index); the prune cuts
 * need only the first m of that order, so they are found by selection
 * (a quickselect for the cut value, then a scan in index order for the
 * rows tied at the cut), which gives exactly the stable sort's first m.
 *
 * Invariants of struct cl: byclass lists every labelled row once,
 * grouped by class in class order and ascending within a class; the
 * diagonal of cj is at least 1; each row of cal sums to n_c rounded
 * (the calibration preserves row totals).
 */
#include "core/pico/cl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/labels.h"
#include "core/util/pairsum.h"
#include "core/util/parfor.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

/* cleanlab/internal/constants.py */
#define CL_FLOAT_CMP 1e-6		/* FLOATING_POINT_COMPARISON */
#define CL_THRESH_MIN 2e-6		/* CONFIDENT_THRESHOLDS_LOWER_BOUND */
#define CL_THRESH_ABSENT 2.0		/* a class nobody was given */
#define CL_TINY 1e-100			/* TINY_VALUE */

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
	int i;

	for (i = 0; i < CL_NFILTERS; i++)
		if (strcmp(name, filter_names[i]) == 0)
			return i;
	return -1;
}

/* First index of the largest of row[0..k) (np.argmax), with bonus added
 * to row[y] first (y >= k: no bonus). */
static uint32_t
argmax_bonus(const double *row, uint32_t k, uint32_t y, double bonus)
{
	uint32_t j, best = 0;
	double v, top = y == 0 ? row[0] + bonus : row[0];

	for (j = 1; j < k; j++) {
		v = j == y ? row[j] + bonus : row[j];
		if (v > top) {
			top = v;
			best = j;
		}
	}
	return best;
}

/*
 * Group the labelled rows by class (a counting sort, so rows stay
 * ascending within a class): byclass[start[c] .. start[c+1]).  count
 * gets n_c.  Returns the number of labelled rows.
 */
static size_t
group_rows(const uint32_t *y, size_t n, uint32_t k, uint64_t *count,
    size_t *start, uint32_t *byclass)
{
	size_t i, *pos;
	uint32_t c;

	memset(count, 0, k * sizeof *count);
	for (i = 0; i < n; i++)
		if (y[i] != LABELS_NONE)
			count[y[i]]++;
	start[0] = 0;
	for (c = 0; c < k; c++)
		start[c + 1] = start[c] + (size_t)count[c];
	pos = xmalloc(((size_t)k + 1) * sizeof *pos);
	memcpy(pos, start, ((size_t)k + 1) * sizeof *pos);
	for (i = 0; i < n; i++)
		if (y[i] != LABELS_NONE)
			byclass[pos[y[i]]++] = (uint32_t)i;
	free(pos);
	return start[k];
}

/* Step 1 on grouped rows; buf holds the largest class. */
static void
thresholds_grouped(const double *p, uint32_t k, const size_t *start,
    const uint32_t *byclass, double *buf, double *t)
{
	uint32_t c;
	size_t i, m;

	for (c = 0; c < k; c++) {
		m = start[c + 1] - start[c];
		if (m == 0) {
			t[c] = CL_THRESH_ABSENT;
		} else {
			for (i = 0; i < m; i++)
				buf[i] = p[(size_t)byclass[start[c] + i] * k +
				    c];
			t[c] = pairsum(buf, m) / (double)m;
		}
		if (!(t[c] >= CL_THRESH_MIN))
			t[c] = CL_THRESH_MIN;
	}
}

static size_t
largest_class(const size_t *start, uint32_t k)
{
	size_t m = 1;
	uint32_t c;

	for (c = 0; c < k; c++)
		if (start[c + 1] - start[c] > m)
			m = start[c + 1] - start[c];
	return m;
}

void
cl_thresholds(const double *p, const uint32_t *y, size_t n, uint32_t k,
    double *t)
{
	uint64_t *count = xmalloc(((size_t)k + 1) * sizeof *count);
	size_t *start = xmalloc(((size_t)k + 1) * sizeof *start);
	uint32_t *byclass = xmalloc((n ? n : 1) * sizeof *byclass);
	double *buf;

	group_rows(y, n, k, count, start, byclass);
	buf = xmalloc(largest_class(start, k) * sizeof *buf);
	thresholds_grouped(p, k, start, byclass, buf, t);
	free(buf);
	free(byclass);
	free(start);
	free(count);
}

#define NO_GUESS UINT32_MAX

/*
 * The class a row counts for in the confident joint (cut[j] = t[j] -
 * 1e-6): its only confident class, or its argmax when several are
 * confident; NO_GUESS when none is.
 */
static uint32_t
row_guess(const double *row, uint32_t k, const double *cut)
{
	uint32_t j, guess = 0, nconf = 0;

	for (j = 0; j < k; j++) {
		if (row[j] >= cut[j]) {
			if (nconf++ == 0)
				guess = j;
		}
	}
	if (nconf == 0)
		return NO_GUESS;
	if (nconf > 1)
		guess = argmax_bonus(row, k, k, 0);
	return guess;
}

void
cl_confident_joint(const double *p, const uint32_t *y, size_t n,
    uint32_t k, const double *t, int64_t *cj, uint8_t *offdiag)
{
	double *cut = xmalloc((size_t)k * sizeof *cut);
	const double *row;
	uint32_t j, guess;
	size_t i;

	/* the subtraction first, in double, as t - 1e-6 in numpy */
	for (j = 0; j < k; j++)
		cut[j] = t[j] - CL_FLOAT_CMP;
	memset(cj, 0, (size_t)k * k * sizeof *cj);
	for (i = 0; i < n; i++) {
		if (offdiag)
			offdiag[i] = 0;
		if (y[i] == LABELS_NONE)
			continue;
		row = p + i * k;
		guess = row_guess(row, k, cut);
		if (guess == NO_GUESS)
			continue;
		cj[(size_t)y[i] * k + guess]++;
		if (offdiag && guess != y[i])
			offdiag[i] = 1;
	}
	for (j = 0; j < k; j++)
		if (cj[(size_t)j * k + j] < 1)
			cj[(size_t)j * k + j] = 1;
	free(cut);
}

void
cl_round_preserving_sum(const double *row, uint32_t k, int64_t *out)
{
	double *ints = xmalloc(((size_t)k + 1) * sizeof *ints);
	double *rem = xmalloc(((size_t)k + 1) * sizeof *rem);
	uint32_t *ord = xmalloc(((size_t)k + 1) * sizeof *ord);
	double target, isum, diff;
	uint32_t j, i, changes;
	int inc;

	isum = 0;
	for (j = 0; j < k; j++) {
		ints[j] = rint(row[j]);
		isum += ints[j];	/* integers: exact in any order */
	}
	target = rint(pairsum(row, k));
	isum = rint(isum);
	while (fabs(isum - target) > CL_FLOAT_CMP) {
		diff = rint(target - isum);
		inc = diff < 0 ? -1 : 1;
		changes = fabs(diff) < (double)k ? (uint32_t)fabs(diff) : k;
		for (j = 0; j < k; j++) {
			rem[j] = row[j] - ints[j];
			ord[j] = j;
		}
		sort_idx_by_double(ord, k, rem);
		/* np.argsort(rem)[::-inc][:changes]: reversed for +1, so
		 * ties then go to the higher index */
		for (i = 0; i < changes; i++) {
			j = inc > 0 ? ord[k - 1 - i] : ord[i];
			ints[j] += inc;
		}
		isum = 0;
		for (j = 0; j < k; j++)
			isum += ints[j];
		isum = rint(isum);
	}
	for (j = 0; j < k; j++)
		out[j] = (int64_t)ints[j];
	free(ord);
	free(rem);
	free(ints);
}

void
cl_calibrate(const int64_t *cj, const uint64_t *count, uint32_t k,
    int64_t *cal)
{
	size_t kk = (size_t)k * k, i, j;
	double *c1 = xmalloc((kk ? kk : 1) * sizeof *c1);
	double *colmaj = xmalloc((kk ? kk : 1) * sizeof *colmaj);
	double total, nall = 0, rowsum;
	int64_t s;

	for (i = 0; i < k; i++) {
		s = 0;
		for (j = 0; j < k; j++)
			s += cj[i * k + j];
		/* np.clip(rowsum, TINY_VALUE): the diagonal makes it >= 1 */
		rowsum = s > 0 ? (double)s : CL_TINY;
		for (j = 0; j < k; j++)
			c1[i * k + j] = (double)cj[i * k + j] / rowsum *
			    (double)count[i];
		nall += (double)count[i];
	}
	/* np.sum over cleanlab's array runs in its memory order, which
	 * is column-major here */
	for (j = 0; j < k; j++)
		for (i = 0; i < k; i++)
			colmaj[j * k + i] = c1[i * k + j];
	total = pairsum(colmaj, kk);
	if (!(total >= CL_TINY))
		total = CL_TINY;
	for (i = 0; i < kk; i++)
		c1[i] = c1[i] / total * nall;
	for (i = 0; i < k; i++)
		cl_round_preserving_sum(c1 + i * k, k, cal + i * k);
	free(colmaj);
	free(c1);
}

void
cl_prune_counts(const int64_t *cal, uint32_t k, int64_t *prune)
{
	size_t c, r;
	int64_t d, nd, nnz;
	double num, adj, v;

	/* column c of prune is row c of cal */
	for (c = 0; c < k; c++) {
		d = cal[c * k + c];
		nd = d < 1 ? 1 : d;
		nnz = 0;
		for (r = 0; r < k; r++)
			nnz += cal[c * k + r] != 0;
		num = (double)nnz - 1.0;
		if (num < 1.0)
			num = 1.0;
		adj = (double)(nd - d) / num;
		for (r = 0; r < k; r++) {
			if (r == c)
				continue;
			v = (double)cal[c * k + r] - adj;
			if (v < 0)
				v = 0;
			prune[r * k + c] = (int64_t)v;
		}
		prune[c * k + c] = nd;
	}
}

/* Check the labels and allocate what every kind of input fills. */
static int
cl_setup(struct cl *c, const uint32_t *y, size_t n, uint32_t k,
    struct err *e)
{
	size_t i, kk = (size_t)k * k;

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
	c->count = xmalloc(k * sizeof *c->count);
	c->thresh = xmalloc(k * sizeof *c->thresh);
	c->cj = xmalloc(kk * sizeof *c->cj);
	c->cal = xmalloc(kk * sizeof *c->cal);
	c->prune = xmalloc(kk * sizeof *c->prune);
	c->offdiag = xmalloc((n ? n : 1) * sizeof *c->offdiag);
	c->byclass = xmalloc((n ? n : 1) * sizeof *c->byclass);
	c->start = xmalloc(((size_t)k + 1) * sizeof *c->start);
	c->n = group_rows(y, n, k, c->count, c->start, c->byclass);
	return 0;
}

int
cl_init(struct cl *c, const double *p, const uint32_t *y, size_t n,
    uint32_t k, struct err *e)
{
	double *buf;

	if (cl_setup(c, y, n, k, e) != 0)
		return -1;
	buf = xmalloc(largest_class(c->start, k) * sizeof *buf);
	thresholds_grouped(p, k, c->start, c->byclass, buf, c->thresh);
	free(buf);
	cl_confident_joint(p, y, n, k, c->thresh, c->cj, c->offdiag);
	cl_calibrate(c->cj, c->count, k, c->cal);
	cl_prune_counts(c->cal, k, c->prune);
	return 0;
}

void
cl_release(struct cl *c)
{
	if (!c)
		return;
	free(c->count);
	free(c->thresh);
	free(c->cj);
	free(c->cal);
	free(c->prune);
	free(c->offdiag);
	free(c->byclass);
	free(c->start);
	memset(c, 0, sizeof *c);
}

/* --- selection ------------------------------------------------------ */

static void
swapd(double *a, ptrdiff_t i, ptrdiff_t j)
{
	double t = a[i];

	a[i] = a[j];
	a[j] = t;
}

/*
 * The value of rank kth (0-based, ascending) among a[0..n), n > kth;
 * a is reordered.  Quickselect with a median-of-three pivot and a
 * three-way partition (many equal keys are common: copies of one row).
 * After 2 log2(n) + 16 rounds (only an adversarial order gets there)
 * the rest is radix-sorted instead: O(n log n) at worst.
 */
static double
kth_smallest(double *a, size_t n, size_t kth)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, lt, gt, i, mid;
	ptrdiff_t want = (ptrdiff_t)kth;
	int budget = 16;
	size_t m;
	double x, y0, y1, y2;

	for (m = n; m > 1; m >>= 1)
		budget += 2;
	while (hi > lo) {
		if (budget-- == 0) {
			sort_doubles(a + lo, (size_t)(hi - lo + 1));
			return a[want];
		}
		mid = lo + (hi - lo) / 2;
		y0 = a[lo];
		y1 = a[mid];
		y2 = a[hi];
		if (y0 < y1)
			x = y1 < y2 ? y1 : (y0 < y2 ? y2 : y0);
		else
			x = y0 < y2 ? y0 : (y1 < y2 ? y2 : y1);
		lt = lo;
		i = lo;
		gt = hi;
		while (i <= gt) {
			if (a[i] < x)
				swapd(a, lt++, i++);
			else if (a[i] > x)
				swapd(a, i, gt--);
			else
				i++;
		}
		/* a[lo..lt) < x == a[lt..gt] < a(gt..hi] */
		if (want < lt)
			hi = lt - 1;
		else if (want > gt)
			lo = gt + 1;
		else
			return x;
	}
	return a[want];
}

/*
 * Flag in mask the rows[i] whose key[i] is among the m smallest of
 * key[0..n), ties at the cut to the lowest i - exactly the first m of a
 * stable ascending sort.  tmp has room for n doubles.
 */
static void
flag_smallest(const double *key, const uint32_t *rows, size_t n, size_t m,
    double *tmp, uint8_t *mask)
{
	size_t i, below = 0, need;
	double v;

	if (m == 0 || n == 0)
		return;
	if (m >= n) {
		for (i = 0; i < n; i++)
			mask[rows[i]] = 1;
		return;
	}
	memcpy(tmp, key, n * sizeof *tmp);
	v = kth_smallest(tmp, n, m - 1);
	for (i = 0; i < n; i++) {
		if (key[i] < v) {
			mask[rows[i]] = 1;
			below++;
		}
	}
	need = m - below;
	for (i = 0; i < n && need > 0; i++) {
		if (key[i] == v) {
			mask[rows[i]] = 1;
			need--;
		}
	}
}

/* --- filters -------------------------------------------------------- */

static void
prune_by_noise_rate(const struct cl *c, const double *p, double *key,
    double *tmp, uint8_t *mask)
{
	uint32_t k = c->k, cls, j;
	const uint32_t *rows;
	size_t nc, i, r;
	int64_t m;

	for (cls = 0; cls < k; cls++) {
		rows = c->byclass + c->start[cls];
		nc = c->start[cls + 1] - c->start[cls];
		if (nc <= 1)
			continue;	/* min_examples_per_class = 1 */
		for (j = 0; j < k; j++) {
			m = c->prune[(size_t)j * k + cls];
			if (j == cls || m <= 0)
				continue;
			/* np.argsort(-margin)[:m]: the m largest margins */
			for (i = 0; i < nc; i++) {
				r = (size_t)rows[i] * k;
				key[i] = -(p[r + j] - p[r + cls]);
			}
			flag_smallest(key, rows, nc, (size_t)m, tmp, mask);
		}
	}
}

static void
prune_by_class(const struct cl *c, const double *p, double *key,
    double *tmp, uint8_t *mask)
{
	uint32_t k = c->k, cls;
	const uint32_t *rows;
	size_t nc, i;
	int64_t m;

	for (cls = 0; cls < k; cls++) {
		rows = c->byclass + c->start[cls];
		nc = c->start[cls + 1] - c->start[cls];
		if (nc <= 1)
			continue;
		m = (int64_t)nc - c->prune[(size_t)cls * k + cls];
		if (m < 1)
			continue;
		for (i = 0; i < nc; i++)
			key[i] = p[(size_t)rows[i] * k + cls];
		flag_smallest(key, rows, nc, (size_t)m, tmp, mask);
	}
}

void
cl_find_issues(const struct cl *c, const double *p, const uint32_t *y,
    enum cl_filter f, uint8_t *mask)
{
	size_t n = c->nrows, i, big;
	uint32_t k = c->k;
	double *key, *tmp;
	uint8_t *other;

	memset(mask, 0, n * sizeof *mask);
	big = largest_class(c->start, k);
	switch (f) {
	case CL_PRUNE_BY_NOISE_RATE:
	case CL_PRUNE_BY_CLASS:
	case CL_BOTH:
		key = xmalloc(big * sizeof *key);
		tmp = xmalloc(big * sizeof *tmp);
		if (f == CL_PRUNE_BY_CLASS) {
			prune_by_class(c, p, key, tmp, mask);
		} else {
			prune_by_noise_rate(c, p, key, tmp, mask);
		}
		if (f == CL_BOTH) {
			other = xcalloc(n ? n : 1, 1);
			prune_by_class(c, p, key, tmp, other);
			for (i = 0; i < n; i++)
				mask[i] &= other[i];
			free(other);
		}
		free(tmp);
		free(key);
		break;
	case CL_CONFIDENT_LEARNING:
		memcpy(mask, c->offdiag, n * sizeof *mask);
		break;
	case CL_PREDICTED_NEQ_GIVEN:
		for (i = 0; i < n; i++)
			mask[i] = y[i] != LABELS_NONE &&
			    argmax_bonus(p + i * k, k, k, 0) != y[i];
		break;
	default:
		return;
	}
	/* the final pass of every filter */
	for (i = 0; i < n; i++)
		if (mask[i] && argmax_bonus(p + i * k, k, y[i], CL_FLOAT_CMP) ==
		    y[i])
			mask[i] = 0;
}

/* --- scores and ranking --------------------------------------------- */

void
cl_quality(const double *p, const uint32_t *y, size_t n, uint32_t k,
    enum cl_score s, double *score)
{
	size_t i;

	for (i = 0; i < n; i++)
		score[i] = cl_quality_row(p + i * k, y[i], k, s);
}

double
cl_quality_row(const double *row, uint32_t y, uint32_t k, enum cl_score s)
{
	double other;
	uint32_t j;
	int any;

	if (y == LABELS_NONE || y >= k)
		return NAN;
	if (s == CL_SELF_CONFIDENCE)
		return row[y];
	other = 0;
	any = 0;
	for (j = 0; j < k; j++) {
		if (j == y)
			continue;
		if (!any || row[j] > other)
			other = row[j];
		any = 1;
	}
	return (row[y] - other + 1) / 2;
}

size_t
cl_rank(const uint8_t *mask, const double *score, size_t n, uint32_t *out)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++)
		if (mask[i])
			out[m++] = (uint32_t)i;
	sort_idx_by_double(out, m, score);
	return m;
}

/* --- the noise model ------------------------------------------------ */

void
cl_noise_matrix(const int64_t *cal, uint32_t k, double *out)
{
	size_t i, j;
	int64_t s;

	for (i = 0; i < k; i++) {
		s = 0;
		for (j = 0; j < k; j++)
			s += cal[i * k + j];
		for (j = 0; j < k; j++)
			out[i * k + j] = s > 0 ? (double)cal[i * k + j] /
			    (double)s : (double)(i == j);
	}
}

void
cl_noise_rates(const int64_t *cal, uint32_t k, double *rate)
{
	size_t i, j;
	int64_t s;

	for (i = 0; i < k; i++) {
		s = 0;
		for (j = 0; j < k; j++)
			s += cal[i * k + j];
		rate[i] = s > 0 ? 1.0 - (double)cal[i * k + i] / (double)s :
		    0.0;
	}
}

uint64_t
cl_expected_errors(const int64_t *cal, uint32_t k)
{
	size_t i, j;
	uint64_t s = 0;

	for (i = 0; i < k; i++)
		for (j = 0; j < k; j++)
			if (i != j && cal[i * k + j] > 0)
				s += (uint64_t)cal[i * k + j];
	return s;
}

void
cl_prior(const int64_t *cal, uint32_t k, double alpha, double *out)
{
	size_t i, j;
	int64_t s;
	double den;

	if (!(alpha >= 0))
		alpha = 0;
	for (i = 0; i < k; i++) {
		s = 0;
		for (j = 0; j < k; j++)
			s += cal[i * k + j];
		if (s > 0) {
			den = (double)s + (double)k * alpha;
			for (j = 0; j < k; j++)
				out[i * k + j] = ((double)cal[i * k + j] +
				    alpha) / den;
		} else {
			den = 1.0 + (double)k * alpha;
			for (j = 0; j < k; j++)
				out[i * k + j] = ((double)(i == j) + alpha) /
				    den;
		}
	}
}

/* --- rows one at a time --------------------------------------------- */

/*
 * Rows are handed to threads in chunks; each chunk has its own scratch,
 * and every result is written per row (or per class) and reduced
 * afterwards in row order, so nothing depends on the thread count.
 */
#define CL_CHUNK 2048

struct rows_job {
	const struct cl_rows *p;
	const uint32_t *y;
	const struct cl *c;
	const double *cut;	/* cl_init_rows: thresholds - 1e-6 */
	uint32_t *guess;	/* cl_init_rows: [n] */
	uint8_t *mask;		/* find issues */
	enum cl_filter f;
	const double *pg;	/* [n] p[i][y[i]] */
};

static void
guess_chunk(void *ctx, size_t ch)
{
	struct rows_job *J = ctx;
	const struct cl_rows *p = J->p;
	size_t i, lo = ch * CL_CHUNK, hi = lo + CL_CHUNK;
	double *row = xmalloc(((size_t)p->k + 1) * sizeof *row);
	double *buf = xmalloc(((size_t)p->k + 1) * sizeof *buf);

	if (hi > p->n)
		hi = p->n;
	for (i = lo; i < hi; i++) {
		J->guess[i] = NO_GUESS;
		if (J->y[i] == LABELS_NONE)
			continue;
		p->row(p->ctx, i, row, buf);
		J->guess[i] = row_guess(row, p->k, J->cut);
	}
	free(row);
	free(buf);
}

static size_t
nchunks(size_t n)
{
	return (n + CL_CHUNK - 1) / CL_CHUNK;
}

int
cl_init_rows(struct cl *c, const struct cl_rows *p, const uint32_t *y,
    struct err *e)
{
	size_t i, n = p->n, kk, m;
	uint32_t k = p->k, j;
	double *buf, *pg, *cut;
	struct rows_job J;
	struct err pe;

	if (cl_setup(c, y, n, k, e) != 0)
		return -1;
	kk = (size_t)k * k;

	/* step 1: thresholds from each row's own class alone, summed as
	 * thresholds_grouped sums them */
	pg = xmalloc((n ? n : 1) * sizeof *pg);
	for (i = 0; i < n; i++)
		pg[i] = y[i] == LABELS_NONE ? 0 : p->at(p->ctx, i, y[i]);
	buf = xmalloc(largest_class(c->start, k) * sizeof *buf);
	for (j = 0; j < k; j++) {
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

	/* step 2: each row's guess on the threads, counted in row order */
	cut = xmalloc(((size_t)k + 1) * sizeof *cut);
	for (j = 0; j < k; j++)
		cut[j] = c->thresh[j] - CL_FLOAT_CMP;
	memset(&J, 0, sizeof J);
	J.p = p;
	J.y = y;
	J.cut = cut;
	J.guess = xmalloc((n ? n : 1) * sizeof *J.guess);
	parfor_run(nchunks(n), p->threads, guess_chunk, &J, NULL, NULL, &pe);
	memset(c->cj, 0, kk * sizeof *c->cj);
	for (i = 0; i < n; i++) {
		c->offdiag[i] = 0;
		if (J.guess[i] == NO_GUESS)
			continue;
		c->cj[(size_t)y[i] * k + J.guess[i]]++;
		c->offdiag[i] = J.guess[i] != y[i];
	}
	for (j = 0; j < k; j++)
		if (c->cj[(size_t)j * k + j] < 1)
			c->cj[(size_t)j * k + j] = 1;
	free(J.guess);
	free(cut);

	cl_calibrate(c->cj, c->count, k, c->cal);
	cl_prune_counts(c->cal, k, c->prune);
	return 0;
}

/*
 * A bounded heap of the m best (key, row) pairs seen, best = smaller key,
 * then lower row: the root is the worst kept.  Rows arrive in ascending
 * order, so a newcomer tied with the root loses, and what is kept is
 * exactly the first m of a stable ascending sort.
 */
struct hent {
	double key;
	uint32_t row;
};

static int
hworse(const struct hent *a, const struct hent *b)
{
	return a->key > b->key || (a->key == b->key && a->row > b->row);
}

static void
hpush(struct hent *h, uint32_t *len, uint32_t cap, double key, uint32_t row)
{
	struct hent x = { key, row }, t;
	uint32_t i, l, r, w;

	if (cap == 0)
		return;
	if (*len < cap) {
		i = (*len)++;
		while (i > 0 && hworse(&x, &h[(i - 1) / 2])) {
			h[i] = h[(i - 1) / 2];
			i = (i - 1) / 2;
		}
		h[i] = x;
		return;
	}
	if (!hworse(&h[0], &x))
		return;
	/* replace the root and sift down */
	h[0] = x;
	i = 0;
	for (;;) {
		l = 2 * i + 1;
		r = l + 1;
		w = i;
		if (l < cap && hworse(&h[l], &h[w]))
			w = l;
		if (r < cap && hworse(&h[r], &h[w]))
			w = r;
		if (w == i)
			break;
		t = h[i];
		h[i] = h[w];
		h[w] = t;
		i = w;
	}
}

/* Whether class j is in the ascending support sup[0..n). */
static int
in_support(const uint32_t *sup, uint32_t n, uint32_t j)
{
	uint32_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (sup[mid] < j)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && sup[lo] == j;
}

/* The value row v shares among the classes outside its support (0 when
 * every class is in it: it is then never used). */
static double
shared_value(const double *v, uint32_t k, const uint32_t *sup, uint32_t ns)
{
	uint32_t c, s = 0;

	for (c = 0; c < k; c++, s++)
		if (s >= ns || sup[s] != c)
			return v[c];
	return 0;
}

/*
 * prune_by_noise_rate for one given class (index = class).  For each
 * other class j with a prune count m, the m rows of the class with the
 * largest margin v(j) - v(cls), ties to the lower row, as the dense
 * filter picks them.  A row whose support holds j has its own margin; a
 * row whose support does not has the same margin for every such j,
 * d = shared - v(cls).  So: one pass over the rows keeps, per j, a heap
 * of the best rows with j in their support; the rows sorted once by d
 * then offer, per j, their first m without j in their support; the
 * heap's final m are the dense filter's on these rows.
 */
static void
noise_rate_class(void *ctx, size_t cls)
{
	struct rows_job *J = ctx;
	const struct cl *c = J->c;
	const struct cl_rows *p = J->p;
	uint32_t k = c->k, j, s, ns, *sup, *len, *cap, row, *ord, u, taken;
	const uint32_t *rows = c->byclass + c->start[cls];
	size_t nc = c->start[cls + 1] - c->start[cls], i, *off, total = 0;
	int64_t m;
	double *v, *buf, *dkey;
	struct hent *h;
	int partial = 0;

	if (nc <= 1)
		return;		/* min_examples_per_class = 1 */
	off = xmalloc(((size_t)k + 1) * sizeof *off);
	cap = xcalloc((size_t)k + 1, sizeof *cap);
	for (j = 0; j < k; j++) {
		m = c->prune[(size_t)j * k + cls];
		off[j] = total;
		if (j == cls || m <= 0)
			continue;
		cap[j] = (uint32_t)((size_t)m < nc ? (size_t)m : nc);
		total += cap[j];
	}
	if (total == 0) {
		free(off);
		free(cap);
		return;
	}
	len = xcalloc((size_t)k + 1, sizeof *len);
	h = xmalloc(total * sizeof *h);
	v = xmalloc(((size_t)k + 1) * sizeof *v);
	buf = xmalloc(((size_t)k + 1) * sizeof *buf);
	sup = xmalloc(((size_t)p->maxsupport + 1) * sizeof *sup);
	dkey = xmalloc(nc * sizeof *dkey);
	for (i = 0; i < nc; i++) {
		row = rows[i];
		p->row(p->ctx, row, v, buf);
		ns = p->support(p->ctx, row, sup);
		partial |= ns < k;
		/* + 0.0: -0 and +0 are one key, as the comparisons see them */
		dkey[i] = -(shared_value(v, k, sup, ns) - v[cls]) + 0.0;
		for (s = 0; s < ns; s++) {
			j = sup[s];
			if (cap[j] == 0)
				continue;
			/* np.argsort(-margin)[:m]: the m largest margins */
			hpush(h + off[j], &len[j], cap[j], -(v[j] - v[cls]),
			    row);
		}
	}
	if (partial) {
		ord = xmalloc(nc * sizeof *ord);
		for (i = 0; i < nc; i++)
			ord[i] = (uint32_t)i;
		sort_idx_by_double(ord, nc, dkey);
		for (j = 0; j < k; j++) {
			if (cap[j] == 0)
				continue;
			taken = 0;
			for (u = 0; u < nc && taken < cap[j]; u++) {
				row = rows[ord[u]];
				ns = p->support(p->ctx, row, sup);
				if (in_support(sup, ns, j))
					continue;
				hpush(h + off[j], &len[j], cap[j], dkey[ord[u]],
				    row);
				taken++;
			}
		}
		free(ord);
	}
	for (j = 0; j < k; j++)
		for (s = 0; s < len[j]; s++)
			J->mask[h[off[j] + s].row] = 1;
	free(off);
	free(cap);
	free(len);
	free(h);
	free(v);
	free(buf);
	free(sup);
	free(dkey);
}

/* prune_by_class from p[i][y[i]] alone (exact). */
static void
prune_by_class_rows(const struct cl *c, const struct cl_rows *p,
    uint8_t *mask)
{
	uint32_t k = c->k, cls;
	const uint32_t *rows;
	size_t nc, i, big = largest_class(c->start, k);
	double *key = xmalloc(big * sizeof *key);
	double *tmp = xmalloc(big * sizeof *tmp);
	int64_t m;

	for (cls = 0; cls < k; cls++) {
		rows = c->byclass + c->start[cls];
		nc = c->start[cls + 1] - c->start[cls];
		if (nc <= 1)
			continue;
		m = (int64_t)nc - c->prune[(size_t)cls * k + cls];
		if (m < 1)
			continue;
		for (i = 0; i < nc; i++)
			key[i] = p->at(p->ctx, rows[i], cls);
		flag_smallest(key, rows, nc, (size_t)m, tmp, mask);
	}
	free(key);
	free(tmp);
}

/* Per row: predicted_neq_given (f) and the final pass. */
static void
final_chunk(void *ctx, size_t ch)
{
	struct rows_job *J = ctx;
	const struct cl_rows *p = J->p;
	size_t i, lo = ch * CL_CHUNK, hi = lo + CL_CHUNK;
	double *row = xmalloc(((size_t)p->k + 1) * sizeof *row);
	double *buf = xmalloc(((size_t)p->k + 1) * sizeof *buf);

	if (hi > p->n)
		hi = p->n;
	for (i = lo; i < hi; i++) {
		if (J->f == CL_PREDICTED_NEQ_GIVEN) {
			if (J->y[i] == LABELS_NONE)
				continue;
			p->row(p->ctx, i, row, buf);
			J->mask[i] = argmax_bonus(row, p->k, p->k, 0) !=
			    J->y[i];
		} else {
			if (!J->mask[i])
				continue;
			p->row(p->ctx, i, row, buf);
		}
		if (J->mask[i] && argmax_bonus(row, p->k, J->y[i],
		    CL_FLOAT_CMP) == J->y[i])
			J->mask[i] = 0;
	}
	free(row);
	free(buf);
}

void
cl_find_issues_rows(const struct cl *c, const struct cl_rows *p,
    const uint32_t *y, enum cl_filter f, uint8_t *mask)
{
	size_t n = c->nrows, i;
	uint8_t *other;
	struct rows_job J;
	struct err pe;

	memset(mask, 0, n * sizeof *mask);
	memset(&J, 0, sizeof J);
	J.p = p;
	J.y = y;
	J.c = c;
	J.f = f;
	J.mask = mask;
	switch (f) {
	case CL_PRUNE_BY_NOISE_RATE:
	case CL_BOTH:
		/* classes own disjoint rows of the mask */
		parfor_run(c->k, p->threads, noise_rate_class, &J, NULL, NULL,
		    &pe);
		if (f == CL_BOTH) {
			other = xcalloc(n ? n : 1, 1);
			prune_by_class_rows(c, p, other);
			for (i = 0; i < n; i++)
				mask[i] &= other[i];
			free(other);
		}
		break;
	case CL_PRUNE_BY_CLASS:
		prune_by_class_rows(c, p, mask);
		break;
	case CL_CONFIDENT_LEARNING:
		memcpy(mask, c->offdiag, n * sizeof *mask);
		break;
	case CL_PREDICTED_NEQ_GIVEN:
		break;
	default:
		return;
	}
	/* the final pass of every filter (and predicted_neq_given itself) */
	parfor_run(nchunks(n), p->threads, final_chunk, &J, NULL, NULL, &pe);
}
