/*
 * sort.h - stable radix sorts for the hot paths (numeric value orders,
 * quantiles, rankings), where qsort's comparator calls dominate.
 */
#ifndef WINNOW_SORT_H
#define WINNOW_SORT_H

#include <stddef.h>
#include <stdint.h>

/* A key that sorts like the double (NaN after +inf, -0 before +0). */
uint64_t sort_key_double(double v);

/*
 * Sort idx[0..n) by key[idx[i]] ascending, stably (equal keys keep their
 * order in idx).  key is indexed by the values in idx, not by position.
 */
void sort_idx_by_u64(uint32_t *idx, size_t n, const uint64_t *key);

/* Sort idx[0..n) by the doubles val[idx[i]], stably. */
void sort_idx_by_double(uint32_t *idx, size_t n, const double *val);

/* Sort v[0..n) ascending (NaN last). */
void sort_doubles(double *v, size_t n);

#endif
