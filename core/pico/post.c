/*
 * post.c - dense or top-r storage of per-row distributions.
 *
 * In top-r form a row's r kept classes are sorted by probability
 * (descending, ties by class index) so post_top is a copy.  Class ids
 * take 16 bits while k <= POST_K16 (the 1,000-intent case), else 32.
 */
#include "core/pico/post.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/sort.h"
#include "core/util/xalloc.h"

uint32_t
post_form(uint32_t n, uint32_t k, uint32_t force_r)
{
	uint32_t r;

	if (force_r == 0 && (uint64_t)n * k <= POST_DENSE_MAX)
		return 0;
	r = force_r ? force_r : POST_TOPR;
	return r > k ? k : r;
}

void
post_init(struct post *p, uint32_t n, uint32_t k, uint32_t force_r)
{
	size_t cells;

	memset(p, 0, sizeof *p);
	p->n = n;
	p->k = k;
	p->r = post_form(n, k, force_r);
	if (p->r == 0) {
		p->dense = xcalloc((size_t)n * k + 1, sizeof *p->dense);
		return;
	}
	cells = (size_t)n * p->r + 1;
	if (k <= POST_K16)
		p->cls16 = xcalloc(cells, sizeof *p->cls16);
	else
		p->cls = xcalloc(cells, sizeof *p->cls);
	p->prob = xcalloc(cells, sizeof *p->prob);
	p->rest = xcalloc(n ? n : 1, sizeof *p->rest);
	p->given = xcalloc(n ? n : 1, sizeof *p->given);
}

void
post_release(struct post *p)
{
	if (!p)
		return;
	free(p->dense);
	free(p->cls16);
	free(p->cls);
	free(p->prob);
	free(p->rest);
	free(p->given);
	memset(p, 0, sizeof *p);
}

/* Entry a ranks before entry b: higher, or as high and a lower class. */
static int
before(const double *b, uint32_t x, uint32_t y)
{
	return b[x] > b[y] || (b[x] == b[y] && x < y);
}

/* Sift idx[i] down the heap idx[0..m) whose root ranks last. */
static void
sift(const double *b, uint32_t *idx, uint32_t m, uint32_t i)
{
	uint32_t l, w, t;

	for (;;) {
		l = 2 * i + 1;
		w = i;
		if (l < m && before(b, idx[w], idx[l]))
			w = l;
		if (l + 1 < m && before(b, idx[w], idx[l + 1]))
			w = l + 1;
		if (w == i)
			return;
		t = idx[i];
		idx[i] = idx[w];
		idx[w] = t;
		i = w;
	}
}

/*
 * The r largest of b, best first, ties to the lower index, into
 * idx[0..r); returns the sum of all of b.  A heap of the r best so far
 * whose root is the worst of them: a class enters only when it beats the
 * root (classes come in ascending order, so a tie never enters).
 */
static double
select_top(const double *b, uint32_t k, uint32_t r, uint32_t *idx)
{
	uint32_t c, i, t, m;
	double total = 0, thr;

	for (c = 0; c < r; c++)
		idx[c] = c;
	for (c = 0; c < r; c++)
		total += b[c];
	for (i = r / 2; i-- > 0;)
		sift(b, idx, r, i);
	thr = b[idx[0]];
	for (c = r; c < k; c++) {
		total += b[c];
		if (!(b[c] > thr))
			continue;
		idx[0] = c;
		sift(b, idx, r, 0);
		thr = b[idx[0]];
	}
	/* heap sort: the worst to the end */
	for (m = r; m > 1; m--) {
		t = idx[0];
		idx[0] = idx[m - 1];
		idx[m - 1] = t;
		sift(b, idx, m - 1, 0);
	}
	return total;
}

void
post_set(struct post *p, uint32_t i, const double *b, uint32_t given,
    uint32_t *scratch)
{
	uint32_t j, c;
	size_t at = (size_t)i * p->r;
	double kept = 0, total;

	if (p->r == 0) {
		float *row = p->dense + (size_t)i * p->k;

		for (c = 0; c < p->k; c++)
			row[c] = (float)b[c];
		return;
	}
	total = select_top(b, p->k, p->r, scratch);
	for (j = 0; j < p->r; j++) {
		c = scratch[j];
		if (p->cls16)
			p->cls16[at + j] = (uint16_t)c;
		else
			p->cls[at + j] = c;
		p->prob[at + j] = (float)b[c];
		kept += b[c];
	}
	p->given[i] = given < p->k ? (float)b[given] : 0;
	p->rest[i] = total > kept ? (float)(total - kept) : 0;
}

/* A class and its value, ranked as select_top ranks them. */
struct cand {
	double v;
	uint32_t c;
};

static int
cand_cmp(const void *x, const void *y, void *ctx)
{
	const struct cand *a = x, *b = y;

	if (a->v != b->v)
		return a->v > b->v ? -1 : 1;
	return (a->c > b->c) - (a->c < b->c);
}

void
post_set_sparse(struct post *p, uint32_t i, const uint32_t *cls,
    const double *val, uint32_t n, double shared, uint32_t given,
    uint32_t *scratch, double *buf)
{
	struct cand *a;
	uint32_t u, c, s, m = 0, k = p->k;
	size_t at = (size_t)i * p->r;
	double kept = 0, total = 0, g = shared;

	if (n == k || p->r == 0) {
		/* a full support is every class in order: val is the row */
		if (n < k) {
			for (c = 0; c < k; c++)
				buf[c] = shared;
			for (u = 0; u < n; u++)
				buf[cls ? cls[u] : u] = val[u];
			val = buf;
		}
		post_set(p, i, val, given, scratch);
		return;
	}
	/* the support, then the first classes outside it (all valued
	 * shared, so only the lowest r of them can be kept) */
	a = xmalloc(((size_t)n + p->r + 1) * sizeof *a);
	for (u = 0; u < n; u++) {
		c = cls ? cls[u] : u;
		a[m].v = val[u];
		a[m++].c = c;
		total += val[u];
		if (c == given)
			g = val[u];
	}
	for (c = 0, s = 0; c < k && m < n + p->r; c++) {
		while (s < n && (cls ? cls[s] : s) < c)
			s++;
		if (s < n && (cls ? cls[s] : s) == c)
			continue;
		a[m].v = shared;
		a[m++].c = c;
	}
	sort_stable(a, m, sizeof *a, cand_cmp, NULL);
	for (u = 0; u < p->r; u++) {
		if (p->cls16)
			p->cls16[at + u] = (uint16_t)a[u].c;
		else
			p->cls[at + u] = a[u].c;
		p->prob[at + u] = (float)a[u].v;
		kept += a[u].v;
	}
	total += (double)(k - n) * shared;
	p->given[i] = given < k ? (float)g : 0;
	p->rest[i] = total > kept ? (float)(total - kept) : 0;
	free(a);
}

/* Whether class c is among row i's kept entries. */
static int
kept(const struct post *p, uint32_t i, uint32_t c)
{
	size_t at = (size_t)i * p->r, j;

	for (j = 0; j < p->r; j++)
		if (post_cls(p, at + j) == c)
			return 1;
	return 0;
}

double
post_spread(const struct post *p, uint32_t i, uint32_t given)
{
	uint32_t others;
	double rest;

	if (p->r == 0)
		return 0;
	/* the given label, when not kept, has its own share taken out */
	rest = p->rest[i];
	others = p->k - p->r;
	if (given < p->k && !kept(p, i, given)) {
		rest -= p->given[i];
		others--;
	}
	if (others == 0 || rest <= 0)
		return 0;
	return rest / others;
}

double
post_get(const struct post *p, uint32_t i, uint32_t c, uint32_t given)
{
	size_t at, j;

	if (p->r == 0)
		return p->dense[(size_t)i * p->k + c];
	at = (size_t)i * p->r;
	for (j = 0; j < p->r; j++)
		if (post_cls(p, at + j) == c)
			return p->prob[at + j];
	if (c == given)
		return p->given[i];
	return post_spread(p, i, given);
}

void
post_expand(const struct post *p, uint32_t i, uint32_t given, double *out)
{
	size_t at, j;
	double s;
	uint32_t c;

	if (p->r == 0) {
		const float *row = p->dense + (size_t)i * p->k;

		for (c = 0; c < p->k; c++)
			out[c] = row[c];
		return;
	}
	s = post_spread(p, i, given);
	for (c = 0; c < p->k; c++)
		out[c] = s;
	if (given < p->k)
		out[given] = p->given[i];
	at = (size_t)i * p->r;
	for (j = 0; j < p->r; j++)
		out[post_cls(p, at + j)] = p->prob[at + j];
}

uint32_t
post_top(const struct post *p, uint32_t i, uint32_t *cls, double *prob,
    uint32_t max)
{
	uint32_t j, c, m;

	if (p->r > 0) {
		m = max < p->r ? max : p->r;
		for (j = 0; j < m; j++) {
			cls[j] = post_cls(p, (size_t)i * p->r + j);
			prob[j] = p->prob[(size_t)i * p->r + j];
		}
		return m;
	}
	m = 0;
	for (c = 0; c < p->k; c++) {
		double v = p->dense[(size_t)i * p->k + c];

		if (m == max && !(v > prob[m - 1]))
			continue;
		j = m < max ? m++ : max - 1;
		while (j > 0 && v > prob[j - 1]) {
			cls[j] = cls[j - 1];
			prob[j] = prob[j - 1];
			j--;
		}
		cls[j] = c;
		prob[j] = v;
	}
	return m;
}

size_t
post_bytes(const struct post *p)
{
	size_t w;

	if (p->r == 0)
		return (size_t)p->n * p->k * sizeof(float);
	w = p->cls16 ? sizeof(uint16_t) : sizeof(uint32_t);
	return (size_t)p->n * p->r * (w + sizeof(float)) +
	    (size_t)p->n * 2 * sizeof(float);
}
