/*
 * moments.h - count, mean and spread of a stream of numbers, in parts
 * that merge.
 *
 * A part keeps its count, min, max, mean and M2 (the sum of squared
 * deviations from its own mean).  Two parts combine as Chan, Golub and
 * LeVeque (1979) showed: the merged M2 is M2a + M2b + d^2 na nb / n with
 * d the difference of the means, which stays accurate where summing
 * x and x^2 would cancel.  A part is made from weighted values in two
 * passes (the mean first, then the deviations), so a part is as exact as
 * the textbook two-pass figures over its rows; merging adds only the
 * rounding of the formula above.  Count, min and max merge exactly.
 */
#ifndef WINNOW_MOMENTS_H
#define WINNOW_MOMENTS_H

#include <stddef.h>
#include <stdint.h>

struct moments {
	uint64_t n;		/* values counted */
	double min, max;	/* NAN when n == 0 */
	double mean;		/* NAN when n == 0 */
	double m2;		/* sum of (x - mean)^2 */
};

/* The empty part. */
void moments_init(struct moments *m);

/*
 * The part of values v[0 .. n) with weights w[0 .. n) (NULL: every
 * weight 1; zero weights are skipped), two passes over them.  NaNs must
 * not be among the values.
 */
void moments_of(struct moments *m, const double *v, const uint64_t *w,
    size_t n);

/* Add the part b to a (Chan et al.). */
void moments_merge(struct moments *a, const struct moments *b);

/* Sample variance (divisor n - 1); NAN below two values. */
double moments_var(const struct moments *m);

#endif
