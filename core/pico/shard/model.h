/*
 * model.h - PICO's checkers trained once and saved, for scoring data
 * too big for one machine part by part (score.h, docs/model-format.md).
 *
 * `winnow pico --save-model DIR` trains the R x F checkers of one round
 * on the rows loaded (a sample, when the file is big) and writes DIR/
 * model.bin: the classes, the feature spec (features.h: columns by name,
 * their statistics), every checker's parameters and training class
 * shares, the confident-joint thresholds from the sample's out-of-fold
 * predictions, and the options that shape a score (repeats, folds, seed,
 * vote, prior, flag rule) and the checkers' skill against the skill
 * gate (pico.h).  The file ends with the XXH64 of everything
 * before it, which is also the model's identity: evidence, priors and
 * flags name it, so that parts scored by different models never mix.
 *
 * Naive Bayes and logistic regression checkers are saved; a checker
 * that needs its training rows at prediction (nearest neighbours) is
 * refused: a model must not carry a copy of the data.
 */
#ifndef WINNOW_MODEL_H
#define WINNOW_MODEL_H

#include <stdint.h>

#include "core/data/dict.h"
#include "core/data/labels.h"
#include "core/data/table.h"
#include "core/pico/features.h"
#include "core/pico/checkers/lr.h"
#include "core/pico/checkers/nb.h"
#include "core/pico/picorun.h"
#include "core/util/err.h"
#include "core/util/outfile.h"

#define MODEL_MAGIC "WNMODEL\n"
#define MODEL_VERSION 2
#define MODEL_FILE "model.bin"

/* One trained checker: repeat r, fold f is chk[r * folds + f]. */
struct model_checker {
	struct nb nb;		/* model->kind OOF_NB */
	struct lr lr;		/* model->kind OOF_LR */
};

struct model {
	uint64_t hash;		/* XXH64 of the file before the hash */
	uint32_t k;
	char **name;		/* [k] the classes, in class order */
	struct dict classes;	/* the same, for lookups: id = class */
	char *label;		/* the label column's name */
	struct features_spec spec;
	enum oof_model kind;	/* OOF_NB or OOF_LR */
	uint32_t repeats, folds;
	uint64_t seed;
	struct pico_opts pico;	/* vote, prior, alpha, eps, flag rule,
				 * tau, auto_fix, ambiguous, gate */
	struct pico_skill skill;	/* the checkers' skill out of fold
					 * on the training rows, against
					 * the gate: not predictive, a part
					 * flags nothing (a version 1 model
					 * has none: predictive, gain NAN) */
	uint64_t rows;		/* training rows */
	uint64_t *count;	/* [k] training rows per class */
	double *thresh;		/* [k] confident-joint thresholds */
	double *rho;		/* [repeats * folds * k] each checker's
				 * training class shares */
	struct model_checker *chk;	/* [nchk]: repeats * folds */
	uint32_t nchk;
};

/*
 * Train the checkers on table t with classes L, on the rows rows[0..
 * nrows) (NULL: every row), with the options of o (its oof, feat and
 * pico members; Mode B and PICO only).  The feature spec is learnt from
 * every row of t.  Errors: ERR_USAGE for options a saved model cannot
 * have (--probs, --method cl, the budget flag rule, a checker that
 * keeps its rows), ERR_CANCEL, and those of training.
 */
int model_train(struct model *m, const struct table *t,
    const struct labels *L, const uint32_t *rows, uint64_t nrows,
    const struct picorun_opts *o, struct err *e);

/*
 * Write m into the folder dir (made when missing) as dir/MODEL_FILE by
 * the output rule r (temporary file, sync, rename; an existing model is
 * replaced only with r->force).  Sets m->hash.  Errors: ERR_CANTCREAT,
 * ERR_IO.
 */
int model_save(struct model *m, const char *dir,
    const struct outfile_rule *r, struct err *e);

/*
 * Read the model in the folder dir.  Errors: ERR_NOINPUT (no folder, no
 * model file in it, unreadable), ERR_DATA (not a model, another version,
 * damaged: its hash does not match).
 */
int model_load(struct model *m, const char *dir, struct err *e);

/* The model's identity as 16 hex digits into buf (17 bytes). */
const char *model_id(const struct model *m, char *buf);

/* Free what m owns; a zeroed struct is fine. */
void model_release(struct model *m);

#endif
