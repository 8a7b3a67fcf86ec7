/*
 * t2030-folds - stratified repeated splits: proportions, coverage,
 * small classes, determinism.
 */
#include <stdlib.h>
#include <string.h>

#include "core/pico/folds.h"
#include "core/data/labels.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"

#define N 1003
#define K 5
#define F 5
#define R 3

/* class sizes 500, 300, 150, 47, 3 and 3 unlabelled rows, interleaved */
static void
make_labels(uint32_t *y)
{
	static const int size[K] = { 500, 300, 150, 47, 3 };
	int left[K], c, i = 0;

	memcpy(left, size, sizeof left);
	while (i < N - 3) {
		for (c = 0; c < K && i < N - 3; c++)
			if (left[c] > 0) {
				y[i++] = (uint32_t)c;
				left[c]--;
			}
	}
	y[N - 3] = y[N - 2] = y[N - 1] = LABELS_NONE;
}

static void
test_split(void)
{
	static const int size[K + 1] = { 500, 300, 150, 47, 3, 3 };
	uint32_t y[N], r, f, c;
	struct folds fd, fd2, fd3;
	struct err e;
	int cnt[K + 1][F], tot[F], bad_range = 0, bad_strat = 0, bad_size = 0;
	int distinct3 = 1;
	size_t i;

	make_labels(y);
	is_int(folds_make(&fd, y, N, K, R, F, 42, &e), 0, "split made");
	is_int(fd.repeats, R, "repeats");
	is_int(fd.folds, F, "folds");
	for (r = 0; r < R; r++) {
		memset(cnt, 0, sizeof cnt);
		memset(tot, 0, sizeof tot);
		for (i = 0; i < N; i++) {
			f = folds_of(&fd, r, i);
			if (f >= F) {
				bad_range++;
				continue;
			}
			c = y[i] < K ? y[i] : K;
			cnt[c][f]++;
			tot[f]++;
		}
		for (c = 0; c <= K; c++)
			for (f = 0; f < F; f++)
				if (cnt[c][f] != size[c] / F &&
				    cnt[c][f] != (size[c] + F - 1) / F)
					bad_strat++;
		for (f = 0; f < F; f++)
			if (tot[f] != N / F && tot[f] != (N + F - 1) / F)
				bad_size++;
		for (f = 0; f < F; f++)
			if (cnt[4][f] > 1)
				distinct3 = 0;
	}
	is_int(bad_range, 0, "every row in exactly one fold per repeat");
	is_int(bad_strat, 0, "each class spread floor/ceil over the folds");
	is_int(bad_size, 0, "fold sizes differ by at most one");
	ok(distinct3, "a class of 3 lands in 3 different folds");

	folds_make(&fd2, y, N, K, R, F, 42, &e);
	ok(memcmp(fd.fold, fd2.fold, (size_t)R * N * sizeof *fd.fold) == 0,
	    "same seed, same split");
	folds_release(&fd2);
	folds_make(&fd2, y, N, K, R, F, 43, &e);
	ok(memcmp(fd.fold, fd2.fold, (size_t)N * sizeof *fd.fold) != 0,
	    "another seed, another split");
	folds_release(&fd2);
	ok(memcmp(fd.fold, fd.fold + N, N * sizeof *fd.fold) != 0,
	    "repeats differ from each other");
	folds_make(&fd3, y, N, K, 2, F, 42, &e);
	ok(memcmp(fd.fold + N, fd3.fold + N, N * sizeof *fd.fold) == 0,
	    "repeat r depends only on the seed and r");
	folds_release(&fd3);
	folds_release(&fd);
}

static void
test_small(void)
{
	uint32_t y[7] = { 0, 0, 1, 1, 1, 2, LABELS_NONE };
	struct folds fd;
	struct err e;
	int seen[10] = { 0 }, c;
	size_t i;

	is_int(folds_make(&fd, y, 7, 3, 1, 10, 1, &e), 0,
	    "more folds than rows: allowed");
	for (i = 0; i < 7; i++)
		seen[folds_of(&fd, 0, i)]++;
	c = 0;
	for (i = 0; i < 10; i++)
		c += seen[i] == 1;
	is_int(c, 7, "seven rows in seven different folds");
	folds_release(&fd);

	is_int(folds_make(&fd, y, 0, 3, 2, 5, 1, &e), 0, "no rows: fine");
	folds_release(&fd);
	is_int(folds_make(&fd, y, 7, 3, 1, 1, 1, &e), -1, "one fold refused");
	is_int(e.code, ERR_USAGE, "as a usage error");
	is_int(folds_make(&fd, y, 7, 3, 0, 5, 1, &e), -1, "no repeat refused");
	ok(fd.fold == NULL, "nothing allocated on failure");
	folds_release(NULL);
}

int
main(void)
{
	test_split();
	test_small();
	return done_testing();
}
