/*
 * sample.c - reservoir and stratified samples.
 *
 * Algorithm R keeps the first n rows, then replaces a uniformly chosen
 * kept row with row i (0-based) with probability n / (i + 1); it draws
 * one number per row past the first n, so the stream, and therefore the
 * sample, depends only on the seed and the input.  Samples are sorted
 * ascending with a two-pass radix sort before they are handed out.
 */
#include "core/data/sample.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/rng.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

/* Algorithm R over rows[0 .. N) (NULL: 0 .. N-1) into res[0 .. n). */
static void
reservoir(const uint32_t *rows, uint64_t N, uint64_t n, struct rng *r,
    uint32_t *res)
{
	uint64_t i, j;

	for (i = 0; i < n && i < N; i++)
		res[i] = rows ? rows[i] : (uint32_t)i;
	for (; i < N; i++) {
		j = rng_below(r, i + 1);
		if (j < n)
			res[j] = rows ? rows[i] : (uint32_t)i;
	}
}

static void
set_rows(struct rowset *out, uint32_t *rows, uint64_t n, uint64_t cap)
{
	rowset_release(out);
	out->row = rows;
	out->n = n;
	out->cap = cap;
}

void
sample_reservoir(const struct rowset *from, uint64_t nrows, uint64_t n,
    uint64_t seed, struct rowset *out)
{
	uint64_t N = from ? from->n : nrows, m = n < N ? n : N;
	uint32_t *res = xmalloc((m ? m : 1) * sizeof *res);
	struct rng r;

	rng_seed(&r, seed, 0);
	reservoir(from ? from->row : NULL, N, m, &r, res);
	sort_u32(res, m, NULL);
	set_rows(out, res, m, m ? m : 1);
}

void
sample_allocate(const uint64_t *size, uint32_t k, uint64_t n,
    uint64_t *quota)
{
	uint64_t total = 0, given = 0, *frac, best;
	uint32_t i, j, nonempty = 0, pick;

	for (i = 0; i < k; i++) {
		total += size[i];
		nonempty += size[i] > 0;
		quota[i] = 0;
	}
	if (n >= total) {
		for (i = 0; i < k; i++)
			quota[i] = size[i];
		return;
	}
	if (n < nonempty) {
		/* one row each for the n largest strata */
		for (given = 0; given < n; given++) {
			pick = UINT32_MAX;
			for (i = 0; i < k; i++)
				if (size[i] > 0 && quota[i] == 0 &&
				    (pick == UINT32_MAX ||
				    size[i] > size[pick]))
					pick = i;
			quota[pick] = 1;
		}
		return;
	}
	frac = xmalloc((k ? k : 1) * sizeof *frac);
	for (i = 0; i < k; i++) {
		__uint128_t p = (__uint128_t)n * size[i];

		quota[i] = (uint64_t)(p / total);
		frac[i] = (uint64_t)(p % total);
		given += quota[i];
	}
	/* largest remainders; each stratum gains at most one */
	while (given < n) {
		pick = UINT32_MAX;
		for (i = 0; i < k; i++)
			if (frac[i] > 0 && (pick == UINT32_MAX ||
			    frac[i] > frac[pick]))
				pick = i;
		quota[pick]++;
		frac[pick] = 0;
		given++;
	}
	free(frac);
	/* every non-empty stratum at least one row */
	for (i = 0; i < k; i++) {
		if (size[i] == 0 || quota[i] > 0)
			continue;
		pick = UINT32_MAX;
		best = 1;
		for (j = 0; j < k; j++)
			if (quota[j] > best) {
				best = quota[j];
				pick = j;
			}
		if (pick == UINT32_MAX)
			break;
		quota[pick]--;
		quota[i] = 1;
	}
}

void
sample_stratified(const struct rowset *from, uint64_t nrows,
    const struct labels *L, uint64_t n, uint64_t seed, struct rowset *out)
{
	uint64_t N = from ? from->n : nrows, i, *size, *quota, *start, m = 0;
	uint32_t k = L->k + 1, s, row, *byst, *res;
	struct rng r;

	size = xcalloc(k, sizeof *size);
	quota = xcalloc(k, sizeof *quota);
	start = xcalloc(k + 1, sizeof *start);
	for (i = 0; i < N; i++) {
		row = from ? from->row[i] : (uint32_t)i;
		s = L->y[row] < L->k ? L->y[row] : L->k;
		size[s]++;
	}
	for (s = 0; s < k; s++)
		start[s + 1] = start[s] + size[s];
	byst = xmalloc((N ? N : 1) * sizeof *byst);
	{
		uint64_t *fill = xmalloc(k * sizeof *fill);

		memcpy(fill, start, k * sizeof *fill);
		for (i = 0; i < N; i++) {
			row = from ? from->row[i] : (uint32_t)i;
			s = L->y[row] < L->k ? L->y[row] : L->k;
			byst[fill[s]++] = row;
		}
		free(fill);
	}
	sample_allocate(size, k, n, quota);
	for (s = 0; s < k; s++)
		m += quota[s];
	res = xmalloc((m ? m : 1) * sizeof *res);
	m = 0;
	for (s = 0; s < k; s++) {
		rng_seed(&r, seed, 1 + (uint64_t)s);
		reservoir(byst + start[s], size[s], quota[s], &r, res + m);
		m += quota[s];
	}
	sort_u32(res, m, NULL);
	set_rows(out, res, m, m ? m : 1);
	FREE_ALL(byst, size, quota, start);
}
