/*
 * oof.h - MultiSplit - Train - Check: out-of-fold probabilities from
 * R x F checkers.
 *
 * For each repeat r of a stratified split (folds.h) and each fold f, one
 * checker trains on the rows outside fold f (rows with a training label
 * and a positive weight) and scores every row of fold f, labelled or
 * not.  Every row is therefore scored exactly once per repeat, by a model
 * that never saw it; rows marked "always" (reviewed, clamped rows) train
 * every checker of every repeat, their own fold's included.
 *
 * The R x F trainings run on the thread pool; each writes only its own
 * rows of the output and draws its row order from its own random stream,
 * so the output is byte-identical whatever the thread count.
 *
 * Checkers of several kinds can judge together (PICO's MultiSplit
 * with mixed checkers): each (repeat, fold) then trains every kind of
 * the mix on the same rows, and their predictions of a held-out row are
 * pooled into one by a weighted geometric mean,
 *     P(c) proportional to prod_m P_m(c)^weight_m   (weights sum to 1),
 * so the vote still sees one calibrated checker per repeat, whatever
 * the number of kinds.  The kinds:
 *   lr   multinomial logistic regression, converged (L-BFGS, lr.h);
 *        when its optimiser's memory would pass the model cap, the
 *        fixed-epoch AdaGrad fit stands in for it
 *   sgd  the same model by 5 epochs of AdaGrad (lr.h)
 *   nb   naive Bayes (nb.h)
 *   knn  nearest neighbours (knn.h)
 *   gbt  gradient-boosted trees (gbt.h); auto weighs them only on
 *        tabular rows (no text column) whose training fits the budget
 * --model auto (dense predictions) chooses the mix from the data: on
 * the first repeat's folds it fits every candidate (lr at C = 0.1, 1,
 * 10 and 100, each warm-started from the last and the grid left once a
 * larger C no longer lowers lr's log loss; sgd; nb; knn at k = 5, 10
 * and 20) whose estimated work fits the budget (oof.c), keeps each
 * kind's setting of lowest out-of-fold log loss against the training
 * labels, then for each set of kinds the weights (a 0.1 grid) of
 * lowest log loss of the pooled prediction, and of the sets within 1%
 * of the best the cheapest (oof.c: a small gain is not worth running a
 * costly kind in every checker).  Those predictions are the first
 * repeat's; the
 * other repeats train only the kinds of non-zero weight.  A forced
 * kind (--model lr, knn) still picks its own setting that way; a list
 * (--model lr,knn) picks weights among its kinds.  The chosen mix is
 * returned (oof.mix) and can be handed to later runs (oof_opts.mix) so
 * that the rounds of one PICO run keep it.
 *
 * Missing values: each pooled prediction is pulled towards the
 * checker's training class shares rho in proportion to how little of
 * the row is measured (features.h, present):
 *     P'(c) proportional to P(c)^e rho(c)^(1 - e),  e = min(1, 2 present)
 * so a row with at least half its columns measured is untouched, and
 * one with nothing measured gets P' = rho: a likelihood of 1 for every
 * class, no evidence either way.
 *
 * Memory: the result holds R x N x K floats of probabilities (4 R N K
 * bytes: 1,000 classes x 100,000 rows x 3 repeats is 1.2 GB), plus
 * R x N fold numbers and R x F x K class shares.  With many classes ask
 * for the top-r form instead (topr = r > 0): per repeat and row the r
 * most probable classes and their probabilities, the probability of the
 * row's keep class (its given label) wherever it ranks, and the mass of
 * the rest - one struct post per repeat (post.h), R N (6 r + 8) bytes
 * with 16-bit class ids (K <= 65536): 312 MB for 1,000,000 rows, r = 16,
 * R = 3, whatever K.  The class shares stay dense.  While running, each
 * thread holds one model (naive Bayes: O(dim + training nonzeros);
 * logistic regression: about 4 (dim + nnum) (K + 1) bytes, capped by
 * lr.max_bytes - in top-r form by lr.max_bytes / threads, since the
 * threads' models are alive at once) and a row list; in top-r form also
 * k floats, doubles and uint32 of scratch.  oof_run refuses (ERR_USAGE)
 * when the predictions alone would exceed max_bytes.
 */
#ifndef WINNOW_OOF_H
#define WINNOW_OOF_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"
#include "core/pico/features.h"
#include "core/pico/folds.h"
#include "core/pico/checkers/gbt.h"
#include "core/pico/checkers/knn.h"
#include "core/pico/checkers/lr.h"
#include "core/pico/checkers/nb.h"
#include "core/pico/post.h"
#include "core/util/progress.h"

#define OOF_PMIN 1e-6f

/*
 * What --model asks for: auto, one kind, or (OOF_LIST | kind bits) a
 * list of kinds.
 */
enum oof_model {
	OOF_AUTO, OOF_NB, OOF_LR, OOF_KNN, OOF_SGD, OOF_GBT,
	OOF_LIST = 0x100
};

enum oof_kind { OOF_KIND_LR, OOF_KIND_SGD, OOF_KIND_NB, OOF_KIND_KNN,
	OOF_KIND_GBT, OOF_NKINDS };

/* A mix of checker kinds and the figures it was chosen by. */
struct oof_mix {
	double weight[OOF_NKINDS];	/* exponent in the pool; 0: the
					 * kind does not run; they sum to 1 */
	double C;			/* lr's C */
	uint32_t knn_k;			/* knn's k */
	enum knn_metric knn_metric;	/* ... and metric */
	int lr_sgd;			/* 1: lr ran as AdaGrad (memory) */
	double logloss[OOF_NKINDS];	/* out-of-fold log loss of each
					 * kind's best setting on the first
					 * repeat; NAN: not measured */
	double pooled;			/* ... of the pooled prediction */
};

struct oof_opts {
	enum oof_model model;	/* default OOF_AUTO */
	uint32_t repeats;	/* R, default 3 */
	uint32_t folds;		/* F, default 5 */
	uint64_t seed;		/* default 1 */
	int threads;		/* 0: online cores */
	struct nb_opts nb;
	struct lr_opts lr;	/* its seed and stream are set per checker */
	size_t max_bytes;	/* cap on the probabilities (default 4 GiB) */
	uint32_t topr;		/* 0: dense (default); r: top-r form */
	const uint32_t *keep;	/* top-r: per row, the class whose
				 * probability is always kept (NULL: the
				 * training label); borrowed for the call */
	const struct oof_mix *mix;	/* use this mix as it is (NULL:
					 * choose one, see above);
					 * borrowed for the call */
	struct knn_opts knn;
	struct gbt_opts gbt;	/* its seed and stream are set per checker */
	const struct progress *progress;
};

struct oof {
	uint64_t n;
	uint32_t k, repeats, folds;
	enum oof_model model;	/* what ran: one kind's model, or
				 * OOF_LIST | kind bits */
	struct oof_mix mix;	/* the mix that ran */
	float *prob;		/* [repeats][n][k], each >= OOF_PMIN;
				 * NULL in top-r form */
	uint32_t topr;		/* 0: dense; else entries kept per row */
	struct post *top;	/* [repeats] top-r predictions (keep class
				 * in the post's given slot) */
	double *rho;		/* [repeats * folds][k]: weighted share of
				 * each class among the checker's training
				 * rows; 0 for a class it never saw */
	double *wtrain;		/* [repeats * folds]: total training weight */
	struct folds split;	/* the split used (a copy when given) */
};

void oof_opts_init(struct oof_opts *o);

/* "auto", "nb", "lr", "knn", "sgd", "gbt", or "list" for a list. */
const char *oof_model_name(enum oof_model m);
/* Parse a model name or a comma-separated list of kinds ("lr,knn");
 * -1 when unknown. */
int oof_model_parse(const char *s, enum oof_model *m);
/* "lr", "sgd", "nb", "knn", "gbt". */
const char *oof_kind_name(enum oof_kind k);

/*
 * The mix in words into buf (size bytes, NUL-terminated): each kind
 * that ran with its weight and setting, e.g. "lr(C=1) 0.7 + knn(k=10)
 * 0.3".  Returns buf.
 */
char *oof_mix_describe(const struct oof_mix *mix, char *buf, size_t size);

/*
 * What a reviewer is told a checker of the mix is: the kinds it pools in
 * words ("logistic regression + nearest-neighbour"; AdaGrad is logistic
 * regression too) into buf.  Returns buf, or "checker" for an empty mix.
 */
const char *oof_mix_words(const struct oof_mix *mix, char *buf,
    size_t size);

/*
 * The model --model auto picks for X, k classes and options o (NULL:
 * defaults): logistic regression, unless its estimated work is too large
 * (many classes and rows) or its smallest model (lr_floor_bytes) would
 * not fit its memory cap, then naive Bayes.  oof.c has the rule and the
 * measurements behind it.
 */
enum oof_model oof_auto_model(const struct features *X, uint32_t k,
    const struct oof_opts *o);

/*
 * Run the R x F checkers on X with training labels y[i] (< k, or
 * LABELS_NONE: not trained on, still scored), weights w[i] (NULL: all 1;
 * <= 0: not trained on), always[i] != 0 for rows that train every checker
 * (NULL: none), and k >= 1 classes.  split NULL: a stratified split of y
 * made with o->repeats, o->folds and o->seed; otherwise that split
 * (its repeats and folds override o's; it must cover X->n rows).  o NULL:
 * defaults.  Fills out (release with oof_release) and returns 0, or -1
 * with e set: ERR_USAGE for bad options, for predictions above max_bytes
 * and for logistic regression whose models could pass their cap (so
 * many classes that even the folded hash space does not fit: naive
 * Bayes then), ERR_CANCEL when cancelled (out is then empty).
 */
int oof_run(struct oof *out, const struct features *X, const uint32_t *y,
    const float *w, const uint8_t *always, uint32_t k,
    const struct folds *split, const struct oof_opts *o, struct err *e);

/* Free what out owns; NULL is fine. */
void oof_release(struct oof *out);

/* Bytes held by the predictions, folds and class shares of o. */
size_t oof_bytes(const struct oof *o);

/* Row i's probabilities in repeat r (k floats, borrowed; dense form
 * only). */
static inline const float *
oof_prob(const struct oof *o, uint32_t r, uint64_t i)
{
	return o->prob + ((size_t)r * o->n + i) * o->k;
}

/* The checker (r * folds + fold) that scored row i in repeat r; its class
 * shares are o->rho + checker * k. */
static inline uint32_t
oof_checker(const struct oof *o, uint32_t r, uint64_t i)
{
	return r * o->folds + o->split.fold[(size_t)r * o->n + i];
}

#endif
