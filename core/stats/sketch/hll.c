/*
 * hll.c - HyperLogLog registers and Ertl's estimator (see hll.h).
 *
 * O. Ertl, "New cardinality estimation algorithms for HyperLogLog
 * sketches" (2017), algorithm 6: the register histogram C[0 .. q+1]
 * enters through sigma (for the empty registers) and tau (for the
 * saturated ones), and the estimate is alpha_inf m^2 / z.
 */
#include "core/stats/sketch/hll.h"

#include <math.h>
#include <string.h>

#include "core/util/hash.h"

void
hll_init(struct hll *h)
{
	memset(h->reg, 0, sizeof h->reg);
}

uint64_t
hll_hash(const void *s, size_t n)
{
	return hash_bytes(s, n, 0x6a09e667f3bcc908ull);
}

void
hll_merge(struct hll *a, const struct hll *b)
{
	uint32_t i;

	for (i = 0; i < HLL_M; i++)
		if (b->reg[i] > a->reg[i])
			a->reg[i] = b->reg[i];
}

static double
sigma(double x)
{
	double y = 1, z = x, zo;

	if (x == 1)
		return INFINITY;
	do {
		x *= x;
		zo = z;
		z += x * y;
		y += y;
	} while (z != zo);
	return z;
}

static double
tau(double x)
{
	double y = 1, z, zo;

	if (x == 0 || x == 1)
		return 0;
	z = 1 - x;
	do {
		x = sqrt(x);
		zo = z;
		y *= 0.5;
		z -= (1 - x) * (1 - x) * y;
	} while (z != zo);
	return z / 3;
}

double
hll_estimate(const struct hll *h)
{
	enum { Q = 64 - HLL_P };
	double c[Q + 2], m = HLL_M, z;
	uint32_t i;
	int k;

	memset(c, 0, sizeof c);
	for (i = 0; i < HLL_M; i++)
		c[h->reg[i]]++;
	if (c[0] == m)
		return 0;
	z = m * tau(1 - c[Q + 1] / m);
	for (k = Q; k >= 1; k--)
		z = 0.5 * (z + c[k]);
	z += m * sigma(c[0] / m);
	return m * m / (2 * log(2)) / z;
}
