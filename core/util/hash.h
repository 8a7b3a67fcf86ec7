/*
 * hash.h - a fast 64-bit hash of byte strings and of integers.
 *
 * Not cryptographic.  Used by the interning dictionaries, the feature
 * hashing of the checkers and duplicate detection; the values are part of
 * no file format, but they are stable across runs and platforms so that
 * seeded results repeat.
 */
#ifndef WINNOW_HASH_H
#define WINNOW_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint64_t
hash_mix(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

static inline uint64_t
hash_rd64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static inline uint64_t
hash_rd32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

#define HASH_K0 0xa0761d6478bd642full
#define HASH_K1 0xe7037ed1a0b428dbull
#define HASH_K2 0x8ebc6af09c88c6e3ull

/* Hash n bytes at s with a seed. */
static inline uint64_t
hash_bytes(const void *s, size_t n, uint64_t seed)
{
	const unsigned char *p = s;
	uint64_t h = seed ^ HASH_K0, a, b;
	size_t left = n;

	while (left > 16) {
		h = hash_mix(hash_rd64(p) ^ HASH_K1, hash_rd64(p + 8) ^ h);
		p += 16;
		left -= 16;
	}
	if (left >= 8) {
		a = hash_rd64(p);
		b = hash_rd64(p + left - 8);
	} else if (left >= 4) {
		a = hash_rd32(p);
		b = hash_rd32(p + left - 4);
	} else if (left > 0) {
		a = ((uint64_t)p[0] << 16) | ((uint64_t)p[left / 2] << 8) |
		    p[left - 1];
		b = 0;
	} else {
		a = b = 0;
	}
	h = hash_mix(a ^ HASH_K1, b ^ h);
	return hash_mix(h ^ (uint64_t)n, HASH_K2);
}

/* Hash one 64-bit integer. */
static inline uint64_t
hash_u64(uint64_t x, uint64_t seed)
{
	return hash_mix(x ^ HASH_K1, seed ^ HASH_K2);
}

#endif
