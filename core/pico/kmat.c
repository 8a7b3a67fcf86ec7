/*
 * kmat.c - row-wise sparse k x k matrices: a CSR layout grown by
 * doubling while rows are appended.
 *
 * Invariants: rows 0 .. rows-1 are closed; ptr[rows] is where the row
 * being built starts and nnz where its next entry goes; columns ascend
 * within every row.
 */
#include "core/pico/kmat.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/err.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

void
kmat_begin(struct kmat *m, uint32_t k)
{
	memset(m, 0, sizeof *m);
	m->k = k;
	m->ptr = xcalloc((size_t)k + 1, sizeof *m->ptr);
	m->dflt = xcalloc((size_t)k + 1, sizeof *m->dflt);
}

void
kmat_put(struct kmat *m, uint32_t c, double v)
{
	if (m->rows >= m->k || c >= m->k)
		BUG("kmat_put: column %u of row %u in a %u x %u matrix", c,
		    m->rows, m->k, m->k);
	if (m->nnz > m->ptr[m->rows] && m->col[m->nnz - 1] >= c)
		BUG("kmat_put: column %u after %u", c, m->col[m->nnz - 1]);
	if (m->nnz == m->cap) {
		m->col = xgrow(m->col, &m->cap, m->nnz + 1, sizeof *m->col);
		m->val = xreallocarray(m->val, m->cap, sizeof *m->val);
	}
	m->col[m->nnz] = c;
	m->val[m->nnz++] = v;
}

void
kmat_end_row(struct kmat *m, double dflt)
{
	if (m->rows >= m->k)
		BUG("kmat_end_row: a %u x %u matrix is complete", m->k, m->k);
	m->dflt[m->rows++] = dflt;
	m->ptr[m->rows] = m->nnz;
}

void
kmat_from_dense(struct kmat *m, uint32_t k, const double *a)
{
	uint32_t i, j;

	kmat_begin(m, k);
	for (i = 0; i < k; i++) {
		for (j = 0; j < k; j++)
			kmat_put(m, j, a[(size_t)i * k + j]);
		kmat_end_row(m, 0);
	}
}

void
kmat_release(struct kmat *m)
{
	if (!m)
		return;
	FREE_ALL(m->ptr, m->col, m->val, m->dflt);
	memset(m, 0, sizeof *m);
}

double
kmat_at(const struct kmat *m, uint32_t i, uint32_t j)
{
	size_t at = sort_lower_u32(m->col, m->ptr[i], m->ptr[i + 1], j);

	return at < m->ptr[i + 1] && m->col[at] == j ? m->val[at] :
	    m->dflt[i];
}

void
kmat_row(const struct kmat *m, uint32_t i, double *out)
{
	size_t p;
	uint32_t c;

	for (c = 0; c < m->k; c++)
		out[c] = m->dflt[i];
	for (p = m->ptr[i]; p < m->ptr[i + 1]; p++)
		out[m->col[p]] = m->val[p];
}

size_t
kmat_bytes(const struct kmat *m)
{
	return ((size_t)m->k + 1) * (sizeof *m->ptr + sizeof *m->dflt) +
	    m->cap * (sizeof *m->col + sizeof *m->val);
}
