/*
 * kmat.h - class-by-class (k x k) matrices kept by row, each row as the
 * columns whose value it stores and one default value for all the
 * others.
 *
 * The confident joint, its calibration, the prune counts, PICO's prior
 * and the estimated noise matrix are k x k.  With many classes almost
 * every cell of a row holds the same value (0 for counts, the smoothing
 * mass for a prior, the spread belief for a noise row), so a row stores
 * only the pairs that occur: 100,000 classes cost what their pairs cost,
 * not 10^10 cells.  A stored value may equal its row's default.
 *
 * A matrix is built row after row (kmat_begin, kmat_put for each stored
 * column in ascending order, kmat_end_row), then read.
 */
#ifndef WINNOW_KMAT_H
#define WINNOW_KMAT_H

#include <stddef.h>
#include <stdint.h>

struct kmat {
	uint32_t k;
	uint32_t rows;		/* rows built so far (k once complete) */
	size_t *ptr;		/* [k + 1]: row i is ptr[i] .. ptr[i+1) */
	uint32_t *col;		/* columns, ascending within a row */
	double *val;		/* their values */
	double *dflt;		/* [k] the value of the columns not stored */
	size_t nnz, cap;	/* entries stored, room in col and val */
};

/* Start an empty k x k matrix (no row yet); release with kmat_release. */
void kmat_begin(struct kmat *m, uint32_t k);

/* Store column c (above every column stored in this row so far) with
 * value v in the row being built. */
void kmat_put(struct kmat *m, uint32_t c, double v);

/* Close the row being built with default dflt; the next row starts. */
void kmat_end_row(struct kmat *m, double dflt);

/* The k x k matrix of a[k*k] (row-major), every cell stored. */
void kmat_from_dense(struct kmat *m, uint32_t k, const double *a);

/* Free what m owns; NULL and a zeroed struct are fine. */
void kmat_release(struct kmat *m);

/* Cell (i, j) (binary search in row i). */
double kmat_at(const struct kmat *m, uint32_t i, uint32_t j);

/* Row i as k values out[0..k). */
void kmat_row(const struct kmat *m, uint32_t i, double *out);

/* The stored entries of row i: *col and *val point into m (borrowed);
 * returns how many. */
static inline size_t
kmat_stored(const struct kmat *m, uint32_t i, const uint32_t **col,
    const double **val)
{
	*col = m->col + m->ptr[i];
	*val = m->val + m->ptr[i];
	return m->ptr[i + 1] - m->ptr[i];
}

/* Bytes held. */
size_t kmat_bytes(const struct kmat *m);

#endif
