/*
 * oofmix.h - private to oof.c and oofmix.c: the settings the checkers
 * can run and the choice of a mix of them by out-of-fold log loss.
 * oof.c runs the checkers; oofmix.c names the kinds, lists the
 * candidates and weighs their predictions.
 */
#ifndef WINNOW_OOFMIX_H
#define WINNOW_OOFMIX_H

#include <stddef.h>
#include <stdint.h>

#include "core/pico/oof.h"

/* One setting of one kind. */
struct cfg {
	enum oof_kind kind;
	double C;		/* lr */
	uint32_t knn_k;		/* knn */
	enum knn_metric knn_metric;
};

/* The kind a single-kind model runs (-1: not a single kind), and back. */
int oofmix_model_kind(enum oof_model m);
enum oof_model oofmix_kind_model(enum oof_kind k);

/* The candidate settings of the kinds bits (of enum oof_kind) into cfg
 * (room for 16), lr's grid (C ascending) last; knn's Euclidean settings
 * only when dense (the rows have numeric columns: on word counts alone
 * the cosine serves); returns how many. */
uint32_t oofmix_candidates(unsigned bits, int dense, struct cfg *cfg);

/* The settings a mix runs into cfg, their pool exponents into weight
 * (room for OOF_NKINDS each); returns how many. */
uint32_t oofmix_cfgs(const struct oof_mix *mix, struct cfg *cfg,
    double *weight);

/* The rows a choice is measured on: at most 4096 labelled rows (y < k,
 * weight > 0), evenly spaced, into rows (room for n + 1); returns how
 * many. */
size_t oofmix_sample(uint32_t *rows, uint32_t k, const uint32_t *y,
    const float *w, uint64_t n);

/* Weighted mean out-of-fold log loss over rows[0..nrows) of the
 * predictions cand[m] (n x k each) pooled with exponents weight[m];
 * lp is scratch of k doubles. */
double oofmix_loss(float *const *cand, const double *weight, uint32_t ncfg,
    uint32_t k, const uint32_t *y, const float *w, const uint32_t *rows,
    size_t nrows, double *lp);

/* Choose *mix from the candidates' first-repeat predictions cand[c] of
 * the settings cfg[c], c < ncfg: each kind's best setting and the pool
 * exponents, the cheapest set of kinds near the best loss.  The grid
 * runs on up to threads threads (0: the processors); the choice does
 * not depend on how many. */
void oofmix_choose(struct oof_mix *mix, float *const *cand,
    const struct cfg *cfg, uint32_t ncfg, uint32_t k, const uint32_t *y,
    const float *w, uint64_t n, int threads);

#endif
