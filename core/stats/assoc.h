/*
 * assoc.h - how strongly each column goes with the label, and how
 * unevenly each column's values are spread.
 *
 * Association with the label, over the rows of a rowset that have a
 * label (rows whose label is missing are left out):
 *  - text: how much better than the majority guess a naive Bayes
 *    classifier on the column's words predicts the label, leave-one-out
 *    (textassoc.h; a sample of TEXTASSOC_ROWS rows when there are more).
 *    Free text has no frequent values, so Cramer's V, which sees a
 *    column as its most frequent values, scores it near 0 whatever its
 *    words say.
 *  - categories (cat), bools and anything else not numeric: Cramer's V
 *    with Bergsma's bias correction (Bergsma 2013, J. Korean Stat. Soc.
 *    42: 323-328), so that a column unrelated to the label scores near 0
 *    even when it has many values and few rows, while a column that
 *    determines the label one-to-one still scores exactly 1.  The
 *    column's categories are its ASSOC_TOP most frequent values in the
 *    set, "other" for the rest (this is what keeps free text and keys
 *    from looking associated by sheer number of values) and "missing"
 *    as a category of its own.
 *  - numbers (int, float, date): the correlation ratio eta (not eta^2):
 *    sqrt(between-class sum of squares / total sum of squares), over
 *    the rows whose value is not missing.
 * Both lie in [0, 1]; NAN when undefined (fewer than two classes or two
 * categories present, a constant numeric column, fewer than two rows).
 * The label column and the --id column get ASSOC_NONE.
 *
 * Non-uniformity, as Facets Overview sorts by it: 1 - H / ln m, where
 * H = -sum p_i ln p_i is the entropy of the column's distribution over
 * m buckets and p_i the share of non-missing rows in bucket i.  The
 * buckets are the distinct non-missing values for strings and bools,
 * and the value bins of the column's default histogram (hist.h, empty
 * bins included) for int, float and date.  0 means perfectly even, 1
 * all rows in one bucket (so m = 1 gives 1); NAN when the set has no
 * non-missing value.
 */
#ifndef WINNOW_ASSOC_H
#define WINNOW_ASSOC_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"
#include "core/stats/hist.h"
#include "core/stats/textassoc.h"
#include "core/data/labels.h"
#include "core/util/progress.h"
#include "core/data/rowset.h"
#include "core/data/table.h"

#define ASSOC_TOP 30	/* values kept before folding into "other" */

enum assoc_measure {
	ASSOC_NONE,		/* the label or id column, or no label */
	ASSOC_CRAMERS_V,	/* bias-corrected Cramer's V */
	ASSOC_ETA,		/* correlation ratio eta */
	ASSOC_TEXT_NB		/* text: naive Bayes accuracy gained over
				 * the majority (textassoc.h) */
};

struct assoc_col {
	int col;
	enum assoc_measure measure;
	double value;		/* in [0, 1], NAN when undefined */
	uint64_t n;		/* rows that entered the measure */
	uint32_t ncat;		/* Cramer's V: categories present */
	double nonuniformity;	/* see above; NAN without values */
	double accuracy;	/* ASSOC_TEXT_NB: leave-one-out accuracy ... */
	double baseline;	/* ... and the majority class's share */
	uint64_t labelled;	/* ASSOC_TEXT_NB: labelled rows of the set;
				 * n below it: n of them entered, spread
				 * evenly */
};

/* "cramers_v", "eta", "text_nb" or "none". */
const char *assoc_measure_name(enum assoc_measure m);

/*
 * Bias-corrected Cramer's V of an r x k contingency table tab[i * k + j]
 * (rows and columns that are all zero are ignored).  NAN when fewer than
 * two non-empty rows or columns remain or the total is below 2.
 */
double assoc_cramers_v(const uint64_t *tab, uint32_t r, uint32_t k);

/* Non-uniformity of counts[0 .. m) (see above). */
double assoc_nonuniformity(const uint64_t *counts, size_t m);

/*
 * Association of column col with the classes L (NULL: measure NONE)
 * over rs (NULL: all rows), and the column's non-uniformity.  h may be
 * the column's default histogram (hist_build with no options) over the
 * same rows, which saves building it again; NULL builds what is needed.
 */
void assoc_column(const struct table *t, size_t col,
    const struct rowset *rs, const struct labels *L, const struct hist *h,
    struct assoc_col *out);

/*
 * assoc_column for every column, on up to threads threads (results do
 * not depend on it), reporting through p ("association").  Returns
 * t->ncols entries the caller frees with assoc_free(), or NULL with
 * ERR_CANCEL in e.
 */
struct assoc_col *assoc_all(const struct table *t, const struct rowset *rs,
    const struct labels *L, int threads, const struct progress *p,
    struct err *e);

/* Free what assoc_all returned; NULL is fine. */
void assoc_free(struct assoc_col *a);

#endif
