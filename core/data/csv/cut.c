/*
 * cut.c - where to cut the file into parts.
 *
 * A cut goes just after a line end at or past its target where the
 * count of quotes since the start is even: with RFC 4180 quoting that is
 * a record boundary.  It is only a guess (a stray quote in an unquoted
 * field throws the count off); the driver checks each guess against the
 * parse of the part before it and parses on through a wrong one.
 */
#include "core/data/csv/csvload-internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

size_t
cut_choose(struct loader *L, size_t want, uint64_t *cut)
{
	char *buf = L->src.fd >= 0 ? xmalloc(CHUNK) : NULL;
	const char *data;
	uint64_t off = L->start, span = L->src.size - L->start, target;
	long long n, i;
	size_t ncut = 0;
	unsigned parity = 0;
	struct err e;

	target = L->start + span / want;
	while (ncut + 1 < want && (n = src_read(&L->src, off, buf, CHUNK,
	    &data, &e)) > 0) {
		i = 0;
		/* far from the target only the parity matters: count the
		 * quotes eight bytes at a time */
		while (off + (uint64_t)i + 8 <= target && i + 8 <= n) {
			uint64_t w, v, z;

			memcpy(&w, data + i, 8);
			v = w ^ 0x2222222222222222ull;	/* '"' bytes -> 0 */
			z = ~(((v & 0x7f7f7f7f7f7f7f7full) +
			    0x7f7f7f7f7f7f7f7full) | v | 0x7f7f7f7f7f7f7f7full);
			parity ^= (unsigned)__builtin_popcountll(z) & 1;
			i += 8;
		}
		for (; i < n; i++) {
			if (data[i] == '"')
				parity ^= 1;
			else if (data[i] == (char)L->term && !parity &&
			    off + (uint64_t)i >= target) {
				cut[ncut++] = off + (uint64_t)i + 1;
				target = L->start + span * (ncut + 1) / want;
				if (ncut + 1 >= want)
					break;
			}
		}
		off += (uint64_t)n;
	}
	free(buf);
	/* a cut at the very end leaves an empty part: drop it */
	while (ncut && cut[ncut - 1] >= L->src.size)
		ncut--;
	return ncut;
}
