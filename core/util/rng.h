/*
 * rng.h - the one random number generator: seeded, fast, the same stream
 * on every platform (splitmix64 to seed xoshiro256**).  Every random
 * choice in winnow (samples, folds, SGD order, injected noise) draws from
 * an rng seeded by the user's --seed, so results repeat exactly.
 */
#ifndef WINNOW_RNG_H
#define WINNOW_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

static inline uint64_t
rng_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Seed r from seed and a stream number (independent streams for
 * different purposes, e.g. repeat r of the splits). */
static inline void
rng_seed(struct rng *r, uint64_t seed, uint64_t stream)
{
	uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ull);
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = rng_splitmix(&x);
}

static inline uint64_t
rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* A uniform 64-bit value. */
static inline uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rng_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rng_rotl(s[3], 45);
	return out;
}

/* A uniform double in [0, 1). */
static inline double
rng_double(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* A uniform integer in [0, n), n > 0, without modulo bias (Lemire). */
static inline uint64_t
rng_below(struct rng *r, uint64_t n)
{
	__uint128_t m = (__uint128_t)rng_next(r) * n;
	uint64_t l = (uint64_t)m, t;

	if (l < n) {
		t = -n % n;
		while (l < t) {
			m = (__uint128_t)rng_next(r) * n;
			l = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}

/* Shuffle a[0..n) (Fisher-Yates). */
static inline void
rng_shuffle_u32(struct rng *r, uint32_t *a, uint64_t n)
{
	uint64_t i, j;
	uint32_t t;

	for (i = n; i > 1; i--) {
		j = rng_below(r, i);
		t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

#endif
