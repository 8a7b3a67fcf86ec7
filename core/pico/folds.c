/*
 * folds.c - stratified dealing: one counting sort of the rows by class,
 * then per repeat a shuffle of each class's rows and one round-robin deal.
 */
#include "core/pico/folds.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/rng.h"
#include "core/util/xalloc.h"

void
folds_release(struct folds *fd)
{
	if (!fd)
		return;
	free(fd->fold);
	memset(fd, 0, sizeof *fd);
}

int
folds_make(struct folds *fd, const uint32_t *y, uint64_t n, uint32_t k,
    uint32_t repeats, uint32_t folds, uint64_t seed, struct err *e)
{
	uint64_t *start, i, deal;
	uint32_t *byclass, *tmp, c, r, g;
	struct rng rng;

	memset(fd, 0, sizeof *fd);
	if (folds < 2)
		return err_set(e, ERR_USAGE, "need at least 2 folds, not %u",
		    folds);
	if (repeats < 1)
		return err_set(e, ERR_USAGE, "need at least 1 repeat");
	if (n > UINT32_MAX)
		return err_set(e, ERR_USAGE, "too many rows to split");
	fd->repeats = repeats;
	fd->folds = folds;
	fd->n = n;
	fd->fold = xmalloc((size_t)(repeats * n + 1) * sizeof *fd->fold);

	/* group the rows by class; group k holds the unlabelled ones */
	start = xcalloc((size_t)k + 2, sizeof *start);
	for (i = 0; i < n; i++)
		start[(y[i] < k ? y[i] : k) + 1]++;
	for (g = 0; g <= k; g++)
		start[g + 1] += start[g];
	byclass = xmalloc((size_t)(n + 1) * sizeof *byclass);
	tmp = xmalloc((size_t)(n + 1) * sizeof *tmp);
	{
		uint64_t *pos = xmalloc(((size_t)k + 1) * sizeof *pos);

		memcpy(pos, start, ((size_t)k + 1) * sizeof *pos);
		for (i = 0; i < n; i++)
			byclass[pos[y[i] < k ? y[i] : k]++] = (uint32_t)i;
		free(pos);
	}
	for (r = 0; r < repeats; r++) {
		rng_seed(&rng, seed, r);
		memcpy(tmp, byclass, (size_t)n * sizeof *tmp);
		deal = 0;
		for (c = 0; c <= k; c++) {
			rng_shuffle_u32(&rng, tmp + start[c],
			    start[c + 1] - start[c]);
			for (i = start[c]; i < start[c + 1]; i++)
				fd->fold[r * n + tmp[i]] =
				    (uint32_t)(deal++ % folds);
		}
	}
	FREE_ALL(start, byclass, tmp);
	return 0;
}
