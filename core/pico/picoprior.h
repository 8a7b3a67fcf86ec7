/*
 * picoprior.h - the class-by-class matrices around PICO's vote: the
 * prior it starts a row from (p(true | given), as logs) and the noise
 * matrix it reports.  All are sparse by row (kmat.h): with K classes they cost the
 * pairs that occur, not K^2 cells.
 */
#ifndef WINNOW_PICOPRIOR_H
#define WINNOW_PICOPRIOR_H

#include <stdint.h>

#include "core/pico/kmat.h"
#include "core/pico/pico.h"
#include "core/pico/post.h"
#include "core/pico/vote.h"
#include "core/util/err.h"

/*
 * The log prior into logq (built here): row g is log p(true = c | given
 * = g).  cj: the calibrated confident joint of the checkers' mean
 * probabilities against the given labels (rows streamed from set on
 * o->threads threads), a class of fewer than 2F rows getting no mass
 * from the others, rows smoothed with o->alpha.  eps: 1 - eps on the
 * diagonal, eps spread over the rest.  A probability of 0 is -inf.
 * *wrong (may be NULL) gets how many rows confident learning flags on
 * the same rows (prune_by_noise_rate: the rows the calibrated joint
 * counts wrong, less those whose most probable class is the given one;
 * NAN with eps); wrong_class (may be NULL, [k]) the same count by
 * given class.  Fails only as cl_init_rows fails.
 */
int picoprior_init(const struct pico_opts *o, uint32_t n, uint32_t k,
    const uint32_t *given, const struct vote_set *set, struct kmat *logq,
    double *wrong, double *wrong_class, struct err *e);

/*
 * The estimated noise matrix into noise (built here): row g the mean
 * belief of the rows given g (all 0 when none is); class_noise[g] =
 * 1 - noise[g][g] (0 for a class nobody was given).
 */
void picoprior_noise(uint32_t n, uint32_t k, const uint32_t *given,
    const struct post *bp, struct kmat *noise, double *class_noise);

#endif
