/*
 * moments.c - two-pass parts and Chan's merge (see moments.h).
 *
 * The first pass sums with Neumaier compensation so that a part of a
 * million equal-ish values has the mean a textbook two-pass computation
 * gives; the mean is clamped into [min, max], which rounding may leave.
 */
#include "core/stats/sketch/moments.h"

#include <math.h>

void
moments_init(struct moments *m)
{
	m->n = 0;
	m->min = m->max = m->mean = NAN;
	m->m2 = 0;
}

/* Add x to the sum *s with Neumaier's compensation kept in *c (the
 * sum is *s + *c). */
static void
neumaier_add(double *s, double *c, double x)
{
	double t = *s + x;

	if (fabs(*s) >= fabs(x))
		*c += (*s - t) + x;
	else
		*c += (x - t) + *s;
	*s = t;
}

void
moments_of(struct moments *m, const double *v, const uint64_t *w, size_t n)
{
	double s = 0, c = 0, x, d, mean, ss = 0, cs = 0;
	uint64_t cnt = 0, wi;
	size_t i;

	moments_init(m);
	for (i = 0; i < n; i++) {
		wi = w ? w[i] : 1;
		if (wi == 0)
			continue;
		x = v[i] * (double)wi;
		neumaier_add(&s, &c, x);
		if (cnt == 0 || v[i] < m->min)
			m->min = v[i];
		if (cnt == 0 || v[i] > m->max)
			m->max = v[i];
		cnt += wi;
	}
	if (cnt == 0)
		return;
	mean = (s + c) / (double)cnt;
	if (mean < m->min)
		mean = m->min;
	if (mean > m->max)
		mean = m->max;
	for (i = 0; i < n; i++) {
		wi = w ? w[i] : 1;
		if (wi == 0)
			continue;
		d = v[i] - mean;
		x = (double)wi * d * d;
		neumaier_add(&ss, &cs, x);
	}
	m->n = cnt;
	m->mean = mean;
	m->m2 = ss + cs;
}

void
moments_merge(struct moments *a, const struct moments *b)
{
	double d, n;

	if (b->n == 0)
		return;
	if (a->n == 0) {
		*a = *b;
		return;
	}
	n = (double)a->n + (double)b->n;
	d = b->mean - a->mean;
	a->m2 += b->m2 + d * d * ((double)a->n * (double)b->n / n);
	a->mean += d * ((double)b->n / n);
	if (b->min < a->min)
		a->min = b->min;
	if (b->max > a->max)
		a->max = b->max;
	if (a->mean < a->min)
		a->mean = a->min;
	if (a->mean > a->max)
		a->mean = a->max;
	a->n += b->n;
}

double
moments_var(const struct moments *m)
{
	if (m->n < 2)
		return NAN;
	return (m->m2 > 0 ? m->m2 : 0) / (double)(m->n - 1);
}
