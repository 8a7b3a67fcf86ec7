/*
 * clfilter.c - confident learning's filters, quality scores and ranking
 * on rows in compressed form (cl.h).
 *
 * Where cleanlab sorts with np.argsort, the order here is the stable one
 * (ties by ascending index); a cut needs only the first m of that order,
 * so it is found by selection: a quickselect for the cut value, then a
 * scan in index order for the rows tied at the cut, which gives exactly
 * the stable sort's first m.
 */
#include "core/pico/cl/cl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/labels.h"
#include "core/util/parfor.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

#define CL_FLOAT_CMP 1e-6		/* FLOATING_POINT_COMPARISON */

/* --- one row -------------------------------------------------------- */

/* The first class outside r's support other than skip (k: none). */
static uint32_t
first_outside(const struct cl_row *r, uint32_t k, uint32_t skip)
{
	uint32_t c = 0, s = 0;

	if (!r->cls)
		return r->n < k && r->n == skip ? r->n + 1 : r->n;
	for (; c < k; c++) {
		while (s < r->n && r->cls[s] < c)
			s++;
		if ((s < r->n && r->cls[s] == c) || c == skip)
			continue;
		return c;
	}
	return k;
}

/* Take (c, v) as the best so far when it is larger, or as large and a
 * lower class. */
static void
consider(uint32_t c, double v, uint32_t *best, double *top)
{
	if (*best == UINT32_MAX || v > *top || (v == *top && c < *best)) {
		*best = c;
		*top = v;
	}
}

uint32_t
cl_row_argmax(const struct cl_row *r, uint32_t k, uint32_t y, double bonus)
{
	uint32_t s, best = UINT32_MAX, f;
	double top = 0, v;

	/* the support ascends: its first maximum is the lowest class */
	for (s = 0; s < r->n; s++) {
		v = r->val[s];
		if ((r->cls ? r->cls[s] : s) == y)
			v += bonus;
		if (s == 0 || v > top) {
			top = v;
			best = s;
		}
	}
	if (best != UINT32_MAX && r->cls)
		best = r->cls[best];
	if (r->n < k) {
		/* outside the support only y and the first other class
		 * can be the first maximum */
		if (y < k && cl_row_index(r, y) == UINT32_MAX) {
			consider(y, r->shared + bonus, &best, &top);
			f = first_outside(r, k, y);
		} else {
			f = first_outside(r, k, k);
		}
		if (f < k)
			consider(f, r->shared, &best, &top);
	}
	return best == UINT32_MAX ? 0 : best;
}

double
cl_quality_row(const struct cl_row *r, uint32_t k, uint32_t y,
    enum cl_score sc)
{
	double other = 0, py;
	uint32_t s, j, sy;
	int any = 0;

	if (y == LABELS_NONE || y >= k)
		return NAN;
	sy = cl_row_index(r, y);
	py = sy == UINT32_MAX ? r->shared : r->val[sy];
	if (sc == CL_SELF_CONFIDENCE)
		return py;
	for (s = 0; s < r->n; s++) {
		j = r->cls ? r->cls[s] : s;
		if (j == y)
			continue;
		if (!any || r->val[s] > other)
			other = r->val[s];
		any = 1;
	}
	/* a class outside the support other than y */
	if ((uint64_t)r->n + (sy == UINT32_MAX) < k &&
	    (!any || r->shared > other))
		other = r->shared;
	return (py - other + 1) / 2;
}

void
cl_quality(const double *p, const uint32_t *y, size_t n, uint32_t k,
    enum cl_score s, double *score)
{
	struct cl_row r;
	size_t i;

	for (i = 0; i < n; i++) {
		r.n = k;
		r.cls = NULL;
		r.val = p + i * k;
		r.shared = 0;
		score[i] = cl_quality_row(&r, k, y[i], s);
	}
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

struct issues_job {
	const struct cl *c;
	const struct cl_rows *p;
	const uint32_t *y;
	enum cl_filter f;
	uint8_t *mask;
};

/* Margins kept at once per given class, at most (doubles). */
#define CL_KEYS (1u << 21)
/* Rows read before their values are: their loads then overlap. */
#define CL_BLOCK 16
/* Given classes per task (each task has its own scratch). */
#define CL_CLASSES 64

/* A noise-rate task's scratch, grown as classes need. */
struct nr_scratch {
	uint32_t *cls;		/* CL_BLOCK rows' supports ... */
	double *val;		/* ... and values (maxsupport each) */
	uint32_t *cut;		/* the pruned classes j of a class */
	double *key, *tmp;	/* margins, per j; selection scratch */
	size_t capcut, capkey, captmp;
};

/*
 * prune_by_noise_rate for one given class: for each other class j with
 * a prune count m, the m rows of the class with the largest margin
 * p(j) - p(cls), ties to the lower row.  A row whose support lacks j has
 * the margin shared - p(cls), as its expansion would.  The rows are
 * read once for as many j as CL_KEYS margins hold (once in all but for
 * huge classes pruned many ways), each j's cut then found by selection.
 * Only the classes the prune row stores are visited: no O(k) work per
 * class.
 */
static void
noise_rate_class(struct issues_job *J, uint32_t cls, struct nr_scratch *S)
{
	const struct cl *c = J->c;
	const struct cl_rows *p = J->p;
	const uint32_t *rows = c->byclass + c->start[cls], *pc;
	const double *pv;
	size_t nc = c->start[cls + 1] - c->start[cls], i, np, u, t, nj, per;
	size_t b, nb, ms = (size_t)p->maxsupport + 1;
	uint32_t ncut = 0, s, *js;
	double own[CL_BLOCK], *key;
	struct cl_row r[CL_BLOCK];

	if (nc <= 1)
		return;		/* min_examples_per_class = 1 */
	np = kmat_stored(&c->kprune, cls, &pc, &pv);
	S->cut = xgrow(S->cut, &S->capcut, np + 1, sizeof *S->cut);
	for (u = 0; u < np; u++)
		if (pc[u] != cls && pv[u] >= 1)
			S->cut[ncut++] = (uint32_t)u;
	if (ncut == 0)
		return;
	per = CL_KEYS / nc > 0 ? CL_KEYS / nc : 1;
	if (per > ncut)
		per = ncut;
	S->key = xgrow(S->key, &S->capkey, per * nc, sizeof *S->key);
	S->tmp = xgrow(S->tmp, &S->captmp, nc, sizeof *S->tmp);
	key = S->key;
	js = xmalloc(per * sizeof *js);
	for (u = 0; u < ncut; u += nj) {
		nj = ncut - u < per ? ncut - u : per;
		for (t = 0; t < nj; t++)
			js[t] = pc[S->cut[u + t]];
		for (i = 0; i < nc; i += nb) {
			nb = nc - i < CL_BLOCK ? nc - i : CL_BLOCK;
			for (b = 0; b < nb; b++)
				p->row(p, rows[i + b], &r[b], S->cls + b * ms,
				    S->val + b * ms);
			for (b = 0; b < nb; b++)
				own[b] = cl_row_at(&r[b], cls);
			for (b = 0; b < nb; b++)
				for (t = 0; t < nj; t++) {
					s = cl_row_index(&r[b], js[t]);
					/* np.argsort(-margin)[:m] */
					key[t * nc + i + b] = -((s ==
					    UINT32_MAX ? r[b].shared :
					    r[b].val[s]) - own[b]);
				}
		}
		for (t = 0; t < nj; t++)
			flag_smallest(key + t * nc, rows, nc,
			    (size_t)pv[S->cut[u + t]], S->tmp, J->mask);
	}
	free(js);
}

/* Classes ch * CL_CLASSES ... on one task: they own disjoint rows of
 * the mask. */
static void
noise_rate_chunk(void *ctx, size_t ch)
{
	struct issues_job *J = ctx;
	size_t ms = (size_t)J->p->maxsupport + 1, cls = ch * CL_CLASSES;
	size_t end = cls + CL_CLASSES < J->c->k ? cls + CL_CLASSES : J->c->k;
	struct nr_scratch S;

	memset(&S, 0, sizeof S);
	S.cls = xmalloc(CL_BLOCK * ms * sizeof *S.cls);
	S.val = xmalloc(CL_BLOCK * ms * sizeof *S.val);
	for (; cls < end; cls++)
		noise_rate_class(J, (uint32_t)cls, &S);
	free(S.cls);
	free(S.val);
	free(S.cut);
	free(S.key);
	free(S.tmp);
}

/* prune_by_class: the n_c - keep rows of each class with the smallest
 * p(own class), from p[i][y[i]] alone. */
static void
prune_by_class(const struct cl *c, const struct cl_rows *p, uint8_t *mask)
{
	uint32_t k = c->k, cls;
	const uint32_t *rows;
	size_t nc, i, big = 1;
	double *key, *tmp;
	int64_t m;

	for (cls = 0; cls < k; cls++)
		if (c->start[cls + 1] - c->start[cls] > big)
			big = c->start[cls + 1] - c->start[cls];
	key = xmalloc(big * sizeof *key);
	tmp = xmalloc(big * sizeof *tmp);
	for (cls = 0; cls < k; cls++) {
		rows = c->byclass + c->start[cls];
		nc = c->start[cls + 1] - c->start[cls];
		if (nc <= 1)
			continue;
		m = (int64_t)nc - (int64_t)kmat_at(&c->kprune, cls, cls);
		if (m < 1)
			continue;
		for (i = 0; i < nc; i++)
			key[i] = p->at(p, rows[i], cls);
		flag_smallest(key, rows, nc, (size_t)m, tmp, mask);
	}
	free(key);
	free(tmp);
}

/* The rows the final pass reads: flagged ones, or for
 * predicted_neq_given every labelled one. */
static int
final_wants(void *ctx, size_t i)
{
	const struct issues_job *J = ctx;

	return J->f == CL_PREDICTED_NEQ_GIVEN ? J->y[i] != LABELS_NONE :
	    J->mask[i];
}

/* Per row: predicted_neq_given (f) and the final pass. */
static void
final_row(void *ctx, size_t i, const struct cl_row *r)
{
	struct issues_job *J = ctx;
	uint32_t k = J->p->k;

	if (J->f == CL_PREDICTED_NEQ_GIVEN)
		J->mask[i] = cl_row_argmax(r, k, k, 0) != J->y[i];
	if (J->mask[i] && cl_row_argmax(r, k, J->y[i], CL_FLOAT_CMP) ==
	    J->y[i])
		J->mask[i] = 0;
}

void
cl_find_issues_rows(const struct cl *c, const struct cl_rows *p,
    const uint32_t *y, enum cl_filter f, uint8_t *mask)
{
	size_t n = c->nrows, i;
	uint8_t *other;
	struct issues_job J;
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
		parfor_run((c->k + CL_CLASSES - 1) / CL_CLASSES, p->threads,
		    noise_rate_chunk, &J, NULL, NULL, &pe);
		if (f == CL_BOTH) {
			other = xcalloc(n ? n : 1, 1);
			prune_by_class(c, p, other);
			for (i = 0; i < n; i++)
				mask[i] &= other[i];
			free(other);
		}
		break;
	case CL_PRUNE_BY_CLASS:
		prune_by_class(c, p, mask);
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
	cl_rows_each(p, final_wants, final_row, &J);
}

void
cl_find_issues(const struct cl *c, const double *p, const uint32_t *y,
    enum cl_filter f, uint8_t *mask)
{
	struct cl_rows rows;

	cl_rows_matrix(&rows, p, c->nrows, c->k, 1);
	cl_find_issues_rows(c, &rows, y, f, mask);
}
