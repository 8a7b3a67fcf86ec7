/*
 * textassoc.h - how well a text column alone predicts the label.
 *
 * Cramer's V sees a text column as a few dozen most frequent values and
 * "other", and free text has no frequent values: it scores near 0 even
 * when its words give the label away.  Text is read by its words here:
 * a naive Bayes classifier on the column's tokens (tokens.h; each
 * distinct token of a cell counted once, multinomial with Laplace
 * smoothing over the vocabulary seen, the tokens hashed into
 * TEXTASSOC_BUCKETS), scored leave-one-out: each row is predicted from
 * every other row, which for naive Bayes costs no more than training
 * once.  A missing cell is one token of its own.  The measure is the
 * accuracy gained over always guessing the majority class, as a share of
 * what was there to gain:
 *
 *     value = (accuracy - baseline) / (1 - baseline), clamped to [0, 1]
 *
 * 0: the words predict the label no better than the majority guess; 1:
 * every row's label follows from its words.  NAN when it is undefined
 * (fewer than two rows or two classes among the rows that entered).
 *
 * The cost is bounded: at most TEXTASSOC_ROWS labelled rows enter,
 * spread evenly over the set when it has more (fewer when there are
 * many classes: rows times classes stays under TEXTASSOC_WORK), and each
 * cell's first TEXTASSOC_TOKENS distinct tokens.  Deterministic: no
 * random choice.
 */
#ifndef WINNOW_TEXTASSOC_H
#define WINNOW_TEXTASSOC_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/labels.h"
#include "core/data/rowset.h"
#include "core/data/table.h"

#define TEXTASSOC_ROWS 20000		/* rows entering, at most */
#define TEXTASSOC_WORK (1u << 25)	/* rows times classes, at most */
#define TEXTASSOC_TOKENS 200		/* distinct tokens per cell */
#define TEXTASSOC_BUCKETS (1u << 18)	/* hashed vocabulary */

struct textassoc {
	double value;		/* see above; NAN when undefined */
	double accuracy;	/* leave-one-out accuracy */
	double baseline;	/* the majority class's share */
	uint64_t n;		/* rows that entered */
	uint64_t labelled;	/* rows of the set with a label (n below it:
				 * an even sample of them) */
};

/*
 * The text association of column col of t with the classes L over rs
 * (NULL: all rows); rows whose label is missing are left out.
 */
void textassoc_column(const struct table *t, size_t col,
    const struct rowset *rs, const struct labels *L, struct textassoc *out);

#endif
