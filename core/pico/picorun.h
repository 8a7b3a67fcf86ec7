/*
 * picorun.h - label-noise detection on a loaded table, end to end.
 *
 * Features from the chosen columns, R x F checkers trained round after
 * round (Mode B) or the user's own out-of-fold probability files (Mode
 * A), then PICO's vote and rounds - or confident learning on the same
 * probabilities (--method cl).  `winnow pico` and the workbench's
 * background job both run this; the result is a pico_result either way,
 * so the writers and the review loop need not know which method ran.
 */
#ifndef WINNOW_PICORUN_H
#define WINNOW_PICORUN_H

#include <stdio.h>

#include "core/pico/cl/cl.h"
#include "core/util/err.h"
#include "core/pico/features.h"
#include "core/util/jsonw.h"
#include "core/data/labels.h"
#include "core/pico/oof.h"
#include "core/pico/pico.h"
#include "core/util/progress.h"
#include "core/data/table.h"

enum picorun_method { PICORUN_PICO, PICORUN_CL };

struct picorun_opts {
	enum picorun_method method;
	struct pico_opts pico;
	struct oof_opts oof;		/* model, repeats, folds, seed, threads */
	struct features_opts feat;	/* columns and hashing */
	enum cl_filter filter;		/* --method cl: which filter */
	enum cl_score score;		/* --method cl: quality score */
	const char *const *probs;	/* Mode A files, NULL-terminated */
	const struct progress *progress;
};

/* Defaults: PICO, Mode B, the module defaults of each part. */
void picorun_opts_init(struct picorun_opts *o);

/*
 * Run on table t whose label classes are L.  clamp (may be NULL): per
 * row, a reviewer's class or LABELS_NONE.  Fills res (release with
 * pico_result_release).  Errors: those of the parts (ERR_DATA for bad
 * probability files, ERR_USAGE for impossible options, ERR_CANCEL).
 */
int picorun(const struct table *t, const struct labels *L,
    const uint32_t *clamp, const struct picorun_opts *o,
    struct pico_result *res, struct err *e);

/* What the outputs say when the checkers do not beat the class shares
 * (pico_skill): nothing is flagged then. */
#define PICORUN_UNPREDICTABLE "the other columns do not predict the " \
	"label; flags would be guesses"

/* With one class (or none) there is no other label to suggest. */
#define PICORUN_ONE_CLASS "every labelled row has the same label; there " \
	"is no other class to check it against"

/* With no class of two labelled rows, no row's class is in its own
 * checkers' training. */
#define PICORUN_SINGLE_ROWS "every class has a single labelled row; " \
	"none can be learnt"

/* Why r flagged nothing when its checkers were not predictive (one of
 * the three above); NULL when they were. */
const char *picorun_warning(const struct pico_result *r);

/* 1 when the skill gate closed r for the checkers' skill (not for one
 * class, nor for classes of one row): a lower --gate would flag. */
int picorun_gated(const struct pico_result *r);

/* 1 when the checkers o trains left column c of t out because it
 * numbers the rows (table_row_key): trained checkers on the default
 * columns (no --features, no --probs). */
int picorun_row_key(const struct table *t, const struct labels *L,
    const struct picorun_opts *o, size_t c);

/*
 * r emptied, then laid out for n rows of k classes: the suggestion, its
 * probability, the quality, the flags, agreement and rounds flagged, all
 * zero (a spare element each, so n may be 0), rounds rounds of history,
 * and the posterior (top-r when force_r > 0, as post_init).  The layout
 * of a result made outside pico_run: confident learning alone, a flags
 * file read back.  Freed by pico_result_release.
 */
void picorun_result_alloc(struct pico_result *r, uint32_t n, uint32_t k,
    uint32_t rounds, uint32_t force_r);

/*
 * The per-row CSV: header id,given,suggested,p_suggested,quality,
 * suspicion,flagged,auto_fix,ambiguous,agree,rounds,doubtful and one line
 * per table row (see docs/pico.md).  Returns -1 (ERR_IO) when writing fails.
 */
int picorun_write_csv(FILE *f, const struct table *t,
    const struct labels *L, const struct pico_result *r, struct err *e);

/*
 * The same rows as JSON Lines, one object a row:
 *   {"id":"55","given":"virginica","suggested":"versicolor",
 *    "p_suggested":0.991000,"quality":0.012000,"suspicion":0.988000,
 *    "flagged":true,"auto_fix":true,"ambiguous":false,"agree":3,
 *    "rounds":2}
 * given and suggested are null for a row without one.  Returns -1
 * (ERR_IO) when writing fails.
 */
int picorun_write_jsonl(FILE *f, const struct table *t,
    const struct labels *L, const struct pico_result *r, struct err *e);

/* "id": the key of t's row (table_key()), the first member of each line
 * picorun_write_jsonl and score's evidence write. */
void picorun_kv_id(struct jsonw *w, const struct table *t, uint64_t row);

/*
 * The dataset-level summary as one JSON object (see docs/pico.md).  The
 * noise matrix is written in full while there are at most
 * PICORUN_JSON_MATRIX_K classes; with more, "confusions" lists each
 * class's PICORUN_JSON_CONFUSIONS most probable other classes instead.
 */
#define PICORUN_JSON_MATRIX_K 1024
#define PICORUN_JSON_CONFUSIONS 3

void picorun_write_json(struct jsonw *w, const struct table *t,
    const struct labels *L, const struct pico_result *r,
    const struct picorun_opts *o);

#endif
