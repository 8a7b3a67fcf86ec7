/*
 * folds.h - R repeats of a stratified F-fold split of the rows.
 *
 * Repeat r draws from rng stream r of the seed, so repeats are
 * independent and each is reproducible on its own.  Within a repeat the
 * rows of each class (in class order, then the unlabelled rows as one
 * more group) are shuffled and dealt to the folds round-robin, the deal
 * running on from class to class: every class is spread over the folds
 * as evenly as possible (a class smaller than F lands in distinct folds)
 * and the fold sizes differ by at most one.  Every row, labelled or not,
 * is in exactly one fold per repeat: unlabelled rows never train, but
 * they are scored by the checker of their fold.
 */
#ifndef WINNOW_FOLDS_H
#define WINNOW_FOLDS_H

#include <stdint.h>

#include "core/util/err.h"

struct folds {
	uint32_t repeats, folds;
	uint64_t n;
	uint32_t *fold;		/* [repeats * n]: fold of row i in repeat r
				 * at fold[r * n + i], < folds */
};

/*
 * Split n rows with classes y[i] < k (LABELS_NONE, or any value >= k:
 * unlabelled) into repeats x folds.  Fails with ERR_USAGE unless
 * folds >= 2 and repeats >= 1.  Release with folds_release.
 */
int folds_make(struct folds *fd, const uint32_t *y, uint64_t n, uint32_t k,
    uint32_t repeats, uint32_t folds, uint64_t seed, struct err *e);

/* The fold of row i in repeat r. */
static inline uint32_t
folds_of(const struct folds *fd, uint32_t r, uint64_t i)
{
	return fd->fold[r * fd->n + i];
}

/* Free what fd owns; NULL is fine. */
void folds_release(struct folds *fd);

#endif
