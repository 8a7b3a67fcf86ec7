/*
 * post.c - dense or top-r storage of per-row beliefs.
 *
 * In top-r form a row's r kept classes are sorted by probability
 * (descending, ties by class index) so post_top is a copy.
 */
#include "post.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void
post_init(struct post *p, uint32_t n, uint32_t k, uint32_t force_r)
{
	memset(p, 0, sizeof *p);
	p->n = n;
	p->k = k;
	if (force_r == 0 && (uint64_t)n * k <= POST_DENSE_MAX) {
		p->dense = xcalloc((size_t)n * k + 1, sizeof *p->dense);
		return;
	}
	p->r = force_r ? force_r : POST_TOPR;
	if (p->r > k)
		p->r = k;
	p->cls = xcalloc((size_t)n * p->r + 1, sizeof *p->cls);
	p->prob = xcalloc((size_t)n * p->r + 1, sizeof *p->prob);
	p->rest = xcalloc(n ? n : 1, sizeof *p->rest);
	p->given = xcalloc(n ? n : 1, sizeof *p->given);
}

void
post_release(struct post *p)
{
	if (!p)
		return;
	free(p->dense);
	free(p->cls);
	free(p->prob);
	free(p->rest);
	free(p->given);
	memset(p, 0, sizeof *p);
}

/* Partial selection of the r largest of b (ties to the lower index),
 * into idx[0..r) sorted. */
static void
select_top(const double *b, uint32_t k, uint32_t r, uint32_t *idx)
{
	uint32_t c, j, m = 0;

	for (c = 0; c < k; c++) {
		if (m == r && !(b[c] > b[idx[m - 1]]))
			continue;
		j = m < r ? m++ : r - 1;
		while (j > 0 && b[c] > b[idx[j - 1]]) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = c;
	}
}

void
post_set(struct post *p, uint32_t i, const double *b, uint32_t given,
    uint32_t *scratch)
{
	uint32_t j, c;
	double kept = 0;

	if (p->r == 0) {
		float *row = p->dense + (size_t)i * p->k;

		for (c = 0; c < p->k; c++)
			row[c] = (float)b[c];
		return;
	}
	select_top(b, p->k, p->r, scratch);
	for (j = 0; j < p->r; j++) {
		p->cls[(size_t)i * p->r + j] = scratch[j];
		p->prob[(size_t)i * p->r + j] = (float)b[scratch[j]];
		kept += b[scratch[j]];
	}
	p->given[i] = given < p->k ? (float)b[given] : 0;
	p->rest[i] = kept < 1 ? (float)(1 - kept) : 0;
}

double
post_get(const struct post *p, uint32_t i, uint32_t c, uint32_t given)
{
	uint32_t j, others;
	double rest;

	if (p->r == 0)
		return p->dense[(size_t)i * p->k + c];
	for (j = 0; j < p->r; j++)
		if (p->cls[(size_t)i * p->r + j] == c)
			return p->prob[(size_t)i * p->r + j];
	if (c == given)
		return p->given[i];
	/* spread what is left over the classes not kept (the given label,
	 * when not kept, has its own share already taken out) */
	rest = p->rest[i];
	others = p->k - p->r;
	if (given < p->k) {
		int kept_given = 0;

		for (j = 0; j < p->r; j++)
			kept_given |= p->cls[(size_t)i * p->r + j] == given;
		if (!kept_given) {
			rest -= p->given[i];
			others--;
		}
	}
	if (others == 0 || rest <= 0)
		return 0;
	return rest / others;
}

uint32_t
post_top(const struct post *p, uint32_t i, uint32_t *cls, double *prob,
    uint32_t max)
{
	uint32_t j, c, m;

	if (p->r > 0) {
		m = max < p->r ? max : p->r;
		for (j = 0; j < m; j++) {
			cls[j] = p->cls[(size_t)i * p->r + j];
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
	if (p->r == 0)
		return (size_t)p->n * p->k * sizeof(float);
	return (size_t)p->n * p->r * (sizeof(uint32_t) + sizeof(float)) +
	    (size_t)p->n * 2 * sizeof(float);
}
