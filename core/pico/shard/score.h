/*
 * score.h - a part of a big file scored by a saved model (model.h), in
 * two passes with one small sum between them (docs/cluster.md):
 *
 *   1. evidence: every row of the part judged by the saved checkers, one
 *      per repeat (the fold a row falls in is a hash of its key, so a row
 *      meets the same checkers in whichever part it is); the mean of
 *      their predictions against the model's thresholds gives the row's
 *      confident class, tallied per given class: the part's confident
 *      joint, with its class counts.
 *   2. the reduce: the parts' joints and counts summed (score_sum_add).
 *   3. flags: the rows judged again, each posterior taken from the prior
 *      that the summed joint gives (calibrated and smoothed as PICO's
 *      `cj` prior) and the checkers' Bayesian vote: suggestion, quality,
 *      flag by the model's rule (one a row meets on its own: `q` or
 *      `argmax`), exactly as one machine computes them for the whole
 *      file, row by row.
 *
 * Rows are keyed by their --id column's text, or else by their line in
 * the original file (a byte range knows its first line: csvchunk.h), so
 * that a part's rows carry the keys of the whole.  A part is read in
 * chunks: memory holds one chunk's table and features, plus the part's
 * per-row results.
 */
#ifndef WINNOW_SCORE_H
#define WINNOW_SCORE_H

#include <stdint.h>
#include <stdio.h>

#include "core/data/csvchunk.h"
#include "core/data/labels.h"
#include "core/data/table.h"
#include "core/pico/pico.h"
#include "core/pico/shard/model.h"
#include "core/util/err.h"
#include "core/util/progress.h"

#define SCORE_EVIDENCE_FORMAT "winnow-evidence"
#define SCORE_PRIOR_FORMAT "winnow-prior"
#define SCORE_VERSION 1

/* Class counts and the confident joint of some rows (one part, or the
 * sum of several). */
struct score_sum {
	uint64_t model;		/* the model's hash */
	uint32_t k;
	uint64_t rows;		/* rows read */
	uint64_t unlabelled;	/* rows with no label */
	uint64_t unknown;	/* rows whose label is no class of the model */
	uint64_t parts;
	uint64_t *count;	/* [k] rows given each class */
	uint64_t *joint;	/* [k * k] row given g counted as class j at
				 * joint[g * k + j] (rows with no confident
				 * class are not counted) */
};

void score_sum_init(struct score_sum *s, uint64_t model, uint32_t k);
void score_sum_release(struct score_sum *s);

/*
 * Add b into a.  Fails (ERR_DATA, naming what) when they come from
 * different models.
 */
int score_sum_add(struct score_sum *a, const struct score_sum *b,
    const char *what, struct err *e);

/* A part's rows and what the pass made of them. */
struct score_rows {
	uint32_t n;
	struct table *keys;	/* n rows, one column: each row's key (its
				 * table_key); the key is its id when an id
				 * column was given, else its line */
	struct labels L;	/* the model's classes; y: each row's given
				 * class or LABELS_NONE (no y when k is 0) */
	uint32_t *confident;	/* pass 1: [n] confident class or
				 * LABELS_NONE */
	float *p_given;		/* pass 1: [n] mean probability of the given
				 * class (NAN without one) */
	struct pico_result res;	/* pass 2: the per-row outputs (n, k,
				 * suggested ... nflagged_rounds, nflagged,
				 * expected; rounds 1) */
	size_t cap;
};

void score_rows_release(struct score_rows *r);

struct score_opts {
	const struct model *m;
	const char *id;		/* the key column's name, or NULL: lines */
	const struct score_sum *prior;	/* NULL: pass 1; else pass 2 with
					 * the summed joint */
	int threads;
	const struct progress *progress;
};

/*
 * Score the records of the open chunked reader c (a whole file, or a
 * record-aligned byte range of one) into rows, and in pass 1 their
 * counts into sum (initialised here; release it either way).  Errors:
 * the reader's (file:line:col of the original file), ERR_DATA when the
 * part lacks a column of the model (its label, a feature, the id) or
 * the prior comes from another model, ERR_CANCEL.
 */
int score_part(struct csvchunk *c, const struct score_opts *o,
    struct score_rows *rows, struct score_sum *sum, struct err *e);

/*
 * Write pass 1's result as JSON Lines: a header object (format, version,
 * model, part, rows, counts, joint) then one object per row (id, given,
 * confident, p_given).  Returns -1 (ERR_IO) on a write error.
 */
int score_write_evidence(FILE *f, const char *part, const struct model *m,
    const struct score_rows *rows, const struct score_sum *sum,
    struct err *e);

/* Write summed counts and joint as the prior file: one JSON object (the
 * prior itself is made from them by pass 2, with the model's options). */
int score_write_prior(FILE *f, const struct score_sum *sum, struct err *e);

/*
 * Read the sums from an evidence file (its first line) or a prior file
 * (its object), into s (initialised here).  Errors: ERR_NOINPUT,
 * ERR_DATA (not such a file, another version, counts that do not add
 * up).
 */
int score_read_sum(const char *path, struct score_sum *s, struct err *e);

#endif
