/*
 * colsum.h - one column's summary of a stream of chunks, in parts that
 * merge: what `winnow stats` shows about a column when the file does not
 * fit in memory.
 *
 * Always exact: cells, missing cells (and by marker), the type evidence
 * (which kinds of value every cell and some cell parsed as, bytes and
 * spaced cells: the facts infer_coltype decides on), string lengths, and
 * the moments,
 * zeros, min and max of the numbers (moments.h).  The association's
 * counts (assocacc.h) are exact on the plan's categories.
 *
 * Distinct values are kept exactly, with their counts, as long as there
 * are at most COLSUM_EXACT_MAX of them in at most COLSUM_EXACT_BYTES:
 * then the column's statistics and histogram are computed at the end by
 * the very code that summarises a loaded table, and equal it.  Past the
 * cap the values go into sketches: HyperLogLog for the distinct count
 * (hll.h), mergeable SpaceSaving for the top values (topk.h), KLL for
 * the quantiles (kll.h) and a histogram on the plan's edges
 * (fixhist.h).  A part past the cap and a part within it merge by
 * sketching the exact one first; two exact parts stay exact while the
 * union fits.
 */
#ifndef WINNOW_COLSUM_H
#define WINNOW_COLSUM_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/dict.h"
#include "core/data/table.h"
#include "core/stats/sketch/assocacc.h"
#include "core/stats/sketch/fixhist.h"
#include "core/stats/sketch/hll.h"
#include "core/stats/sketch/kll.h"
#include "core/stats/sketch/moments.h"
#include "core/stats/stream/sumplan.h"
#include "core/stats/sketch/topk.h"

#define COLSUM_EXACT_MAX 65536u
#define COLSUM_EXACT_BYTES (4u << 20)

/* What the numbers of a column are, as far as the chunks agree. */
enum colsum_fam {
	COLSUM_FAM_NONE,	/* no value yet */
	COLSUM_FAM_NUM,		/* int and float */
	COLSUM_FAM_DATE,
	COLSUM_FAM_BOOL,
	COLSUM_FAM_DEAD		/* some chunk was text: not a number */
};

struct colsum {
	uint64_t rows;		/* cells */
	uint64_t missing;	/* of them, missing markers */
	struct dict marks;	/* the markers met (cell text without the
				 * spaces around it) ... */
	uint64_t *mcount;	/* ... [marks.n] and their cells */
	size_t mcap;
	unsigned all, any;	/* infer.h bits over the non-missing cells */
	uint64_t bytes;		/* bytes of the non-missing cells */
	uint64_t spaced;	/* non-missing cells holding a space */
	uint64_t chars, chars_min, chars_max;	/* their lengths */
	enum colsum_fam fam;
	struct moments mo;	/* the numbers, while fam is alive */
	uint64_t zeros;		/* numbers equal to 0 */
	int exact;		/* vals holds every value */
	struct dict vals;	/* exact: the values (missing ones too) */
	uint64_t *vcount;	/* [vals.n] rows of each */
	size_t vcap;
	/* past the cap */
	struct hll *hll;	/* owned */
	struct topk top;
	struct kll kll;
	struct fixhist fh;	/* on the plan's edges, if it has them */
	struct assocacc as;	/* always */
};

/* An empty part for a column with plan pc. */
void colsum_init(struct colsum *cs, const struct sumplan_col *pc);
void colsum_release(struct colsum *cs);

/* Count n more rows whose cell is missing, per[j] of them in class j
 * (j < k; k 0: no labels): what colsum_fold counts of a column of
 * missing cells, for rows already folded before the column was known. */
void colsum_missing(struct colsum *cs, uint64_t n, const uint64_t *per,
    uint32_t k);

/*
 * Fold a chunk's column in: col is a loaded column (its dict, codes,
 * derived facts; the chunk's own type decides nothing but which numbers
 * it has), nrows its rows, y[r] the class of row r (UINT32_MAX: none;
 * NULL: no labels).  Classes must already be known to cs->as
 * (assocacc_classes).
 */
void colsum_fold(struct colsum *cs, const struct sumplan_col *pc,
    const struct column *col, uint64_t nrows, const uint32_t *y);

/* a takes in b; b's class j is a's remap[j]. */
void colsum_merge(struct colsum *a, struct colsum *b,
    const struct sumplan_col *pc, const uint32_t *remap);

/* Count w more cells of missing marker s[0 .. n) (already trimmed). */
void colsum_mark(struct colsum *cs, const char *s, size_t n, uint64_t w);

/*
 * Intern s[0 .. n) (its hash h32, as dict_intern_h) into d and add w to
 * its count in *count, an array of *cap that grows with d (a new
 * string's count starts at 0); its id.  A column's values and the
 * label's classes are counted this one way.
 */
uint32_t colsum_count(struct dict *d, uint64_t **count, size_t *cap,
    const char *s, size_t n, uint32_t h32, uint64_t w);

/* Leave exact mode: put the values into the sketches.  The value counts
 * kept so far are gone afterwards. */
void colsum_sketch(struct colsum *cs, const struct sumplan_col *pc);

/* The number that value s[0 .. n) stands for under family fam (NAN when
 * it is none). */
double colsum_number(enum colsum_fam fam, const char *s, size_t n);

#endif
