/*
 * msum.h - the mergeable summary of a whole dataset read as a stream of
 * chunks: one colsum per column (colsum.h), the label's classes with
 * their counts, and the plan every part counted by (sumplan.h).
 *
 * This is what `winnow stats` computes when a file is too big to load,
 * what `winnow stats --partial` saves for one partition and `--merge`
 * adds up (msumio.h writes and reads it).  Summaries of consecutive
 * parts of a dataset, merged in file order, give exactly what one pass
 * gives for every exact figure (counts, missing cells, min and max,
 * distinct values up to the cap, the histograms' counts, the class
 * counts, the association's tables), the mean and variance up to
 * rounding, and the sketched figures within their stated bounds.
 * msum_finish turns it into what the outputs print: a summary
 * (summary.h, with its approximation marks), a table that holds only
 * the column names, types and the values the summary names, and the
 * classes.
 */
#ifndef WINNOW_MSUM_H
#define WINNOW_MSUM_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/dict.h"
#include "core/data/labels.h"
#include "core/data/table.h"
#include "core/stats/stream/colsum.h"
#include "core/stats/summary.h"
#include "core/stats/stream/sumplan.h"
#include "core/util/err.h"

struct msum {
	size_t ncols;
	char **name;		/* [ncols] owned */
	uint8_t *forced;	/* [ncols] 1: --text */
	int label_col;		/* -1: none */
	int id_col;		/* -1: none */
	struct sumplan plan;
	struct colsum *col;	/* [ncols] */
	struct dict classes;	/* label values, by first sight */
	uint64_t *class_n;	/* [classes.n] rows of each */
	size_t class_cap;
	uint64_t unlabelled;	/* rows whose label is missing */
	uint64_t rows;
	uint64_t nragged;	/* rows padded or skipped (--ragged) */
	/* where the rows came from */
	char *source;		/* the file as named, owned */
	uint64_t file_size;
	uint64_t byte_start, byte_end;	/* the records summarised */
	uint64_t parts;		/* parts merged into this (1: one) */
};

/*
 * An empty summary of a file with columns names[0 .. ncols) (copied),
 * plan p (copied; p->ncols == ncols), label and id columns (-1: none),
 * forced[c] set for --text columns (NULL: none).
 */
void msum_init(struct msum *m, const char *source, char *const *names,
    size_t ncols, const struct sumplan *p, int label_col, int id_col,
    const uint8_t *forced);

void msum_release(struct msum *m);

/*
 * Add a column named name (copied) after the others, with plan pc
 * (copied; NULL: no edges, no categories), forced for --text: a key of
 * JSON Lines first seen after m->rows rows, all of which count as
 * missing cells of it (class by class, for the association).  Returns
 * its index.
 */
size_t msum_add_col(struct msum *m, const char *name,
    const struct sumplan_col *pc, int forced);

/*
 * Fold a chunk in: t is the chunk loaded as a table with the dataset's
 * columns (same count, same order); threads as parfor_run.
 */
void msum_fold(struct msum *m, const struct table *t, int threads);

/*
 * a takes in b, which comes after a in the data (b is emptied).
 * Returns -1 with ERR_DATA in e when they do not belong together:
 * other columns, another label or id column, another plan.
 */
int msum_merge(struct msum *a, struct msum *b, struct err *e);

/* What msum_finish makes; release with msum_result_release. */
struct msum_result {
	struct table *t;	/* names, types, the values named below;
				 * nrows = the rows summarised; no rows */
	struct labels L;	/* classes by count (L.y is NULL) */
	int have_labels;
	struct summary sum;	/* streamed; health from the counts */
};

/*
 * Finish m into r with na the missing markers (NULL: the defaults).
 * m is spent (release it afterwards).  Returns 0, or -1 with ERR_DATA
 * when the label column has no value.
 */
int msum_finish(struct msum *m, const char *const *na,
    struct msum_result *r, struct err *e);

void msum_result_release(struct msum_result *r);

#endif
