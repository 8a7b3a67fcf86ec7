/*
 * sort.h - stable sorts: radix sorts for the hot paths (numeric value
 * orders, quantiles, rankings), where qsort's comparator calls dominate,
 * and a comparison sort whose comparator takes a context; and the
 * lower-bound search of what is sorted.
 *
 * Every sort that needs more than the two elements to compare (a
 * dictionary, a journal, a column) uses sort_stable and passes that
 * through ctx: no file-scope variable, no lock, and the same order on
 * every platform (qsort is neither stable nor the same everywhere).
 */
#ifndef WINNOW_SORT_H
#define WINNOW_SORT_H

#include <stddef.h>
#include <stdint.h>

/*
 * SORT_LOWER(name, T) defines name(a, lo, hi, x): the first index in
 * [lo, hi) of the ascending a[] whose value is not below x, or hi when
 * there is none: a binary search (lower bound), for the sorted keys and
 * columns searched in inner loops.  T is an unsigned integer type.
 */
#define SORT_LOWER(name, T)						\
static inline size_t							\
name(const T *a, size_t lo, size_t hi, T x)				\
{									\
	size_t mid;							\
									\
	while (lo < hi) {						\
		mid = lo + (hi - lo) / 2;				\
		if (a[mid] < x)						\
			lo = mid + 1;					\
		else							\
			hi = mid;					\
	}								\
	return lo;							\
}

/* sort_lower_u32(a, lo, hi, x) and sort_lower_u64: SORT_LOWER's search
 * over 32-bit and 64-bit values. */
SORT_LOWER(sort_lower_u32, uint32_t)
SORT_LOWER(sort_lower_u64, uint64_t)

/* A key that sorts like the double (NaN after +inf, -0 before +0). */
uint64_t sort_key_double(double v);

/*
 * Sort idx[0..n) by key[idx[i]] ascending, stably (equal keys keep their
 * order in idx).  key is indexed by the values in idx, not by position.
 */
void sort_idx_by_u64(uint32_t *idx, size_t n, const uint64_t *key);

/*
 * Sort idx[0..n) by key[i] ascending, stably, where key[i] goes with
 * idx[i] (by position, so no array as large as the values in idx is
 * needed); key is scratch, left in no particular order.
 */
void sort_idx_by_pos(uint32_t *idx, size_t n, uint64_t *key);

/* Sort idx[0..n) by the doubles val[idx[i]], stably. */
void sort_idx_by_double(uint32_t *idx, size_t n, const double *val);

/* Sort v[0..n) ascending (NaN last). */
void sort_doubles(double *v, size_t n);

/* Sort v[0..n) ascending; tmp is n values of scratch (NULL: allocated
 * for the call when needed). */
void sort_u32(uint32_t *v, size_t n, uint32_t *tmp);

/*
 * Sort the n elements of size bytes at base into the order of cmp, as
 * qsort_r does, but stably: elements cmp calls equal keep their order.
 * cmp(a, b, ctx) returns < 0, 0 or > 0; ctx is passed through untouched.
 * A merge sort: O(n log n) comparisons at worst, n / 2 elements of
 * scratch (none below 16 elements).
 */
void sort_stable(void *base, size_t n, size_t size,
    int (*cmp)(const void *a, const void *b, void *ctx), void *ctx);

#endif
