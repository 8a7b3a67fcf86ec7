/*
 * features.h - the checkers' view of a table: one sparse row per table
 * row (hashed text n-grams, hashed one-hot categories, missing-value
 * indicators) plus a dense block of numeric columns.
 *
 * Layout, chosen so that text-heavy and numeric-heavy data are both fast:
 *
 *   - Sparse part, CSR: row i holds entries ptr[i] .. ptr[i+1]-1, each a
 *     hashed bucket idx (< dim, strictly ascending within a row) and a
 *     float value.  Buckets come from signed feature hashing (hash.h): the
 *     hash picks the bucket and a sign, so colliding features cancel on
 *     average instead of adding up.  Values may therefore be negative;
 *     naive Bayes uses their magnitude.
 *   - Dense part: nnum numeric columns (int, float, date), row-major
 *     float num[i * nnum + j], standardised over all rows with a value
 *     (z-score); NAN marks a missing value.  The trainers re-standardise
 *     with the mean and deviation of their own training rows (an affine
 *     map of an affine map: exact up to rounding), which is what "the
 *     training fold's mean/std" asks for without a copy per fold.  A
 *     missing numeric value contributes 0 to the dense part and an
 *     indicator entry (value +-1, one bucket per column) to the sparse
 *     part.
 *
 * Text columns (COLTYPE_TEXT, which --text forces): tokens are runs of
 * ASCII letters and digits and of bytes >= 0x80 (so multibyte UTF-8
 * characters stay inside tokens); ASCII is lower-cased.  Features are the
 * unigrams, the bigrams of adjacent tokens and optionally the character
 * 3-, 4- and 5-grams of each token padded with a space on both sides
 * (counted in UTF-8 characters).  Each distinct value of a column is
 * tokenised once and its vector shared by every row holding it; the
 * vector is raw counts, then optionally sublinear (1 + ln tf), then
 * optionally times the smoothed idf ln((1 + N) / (1 + df)) + 1 (df
 * counted over all rows of the table: no label is involved, so using
 * every row leaks nothing), then L2-normalised.  Buckets found in fewer
 * than min_df rows are dropped first (default 2): a feature of a single
 * row links it to no other row, so it cannot help any out-of-fold
 * prediction, yet in short texts most bigrams are such singletons and
 * they would double the model's work.  Normalisation is per
 * text column block: each text column contributes a unit vector to the
 * row (an empty or missing text contributes nothing).
 *
 * Categorical and boolean columns: one entry per row, the bucket of
 * (column, value), value +-1; every missing marker of a column maps to
 * the same "missing" value; values held by fewer than min_df rows get
 * no entry (a column of unique names adds nothing).  Empty columns are
 * skipped.
 *
 * Defaults, by out-of-fold accuracy / log loss of the logistic checker
 * (R = 3, F = 5) on fortunes8, the one real free-text set bundled:
 *   unigrams, tf-idf, sublinear, min_df 2   0.701 / 0.875  (default)
 *   ... plus bigrams                         0.666 / 0.971
 *   ... min_df 1                             0.696 / 0.896
 *   ... no tf-idf                            0.690 / 0.920
 *   ... no sublinear tf                      0.698 / 0.885
 *   ... plus character n-grams               0.729 / 0.792, 9x the time
 * Bigrams lose on every text set we have (naive Bayes too: 0.644 without,
 * 0.620 with), so they are an option; character n-grams win on fortunes
 * but multiply the nonzeros by 12, too slow for the 100,000-text budget.
 *
 * Missing values: present[i] is the share of the row's informative
 * columns that hold a value in row i - a numeric value, a categorical
 * value that has a feature (not a missing marker, not too rare), a text
 * with at least one kept token - over the columns where some row has
 * one (1 when there are none).  The checkers' evidence on a row is
 * scaled by it (oof.h): a missing-value indicator or a "missing"
 * category is a feature like any other, but a row with nothing measured
 * is not evidence of its label.
 *
 * Every hash is seeded by the column's position in the table, so equal
 * words in different columns are different features.  Results depend
 * only on the table and the options.
 */
#ifndef WINNOW_FEATURES_H
#define WINNOW_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/dict.h"
#include "core/util/err.h"
#include "core/util/progress.h"
#include "core/data/table.h"

#define FEATURES_BITS_MIN 8
#define FEATURES_BITS_MAX 20
#define FEATURES_BITS_DEFAULT 18

struct features_spec;

struct features_opts {
	const int *cols;	/* table columns to use; NULL: every column
				 * but label_col, the table's id column and
				 * a column that numbers the rows
				 * (table_row_key) */
	size_t ncols;
	int label_col;		/* left out of the default set; -1: none */
	unsigned hash_bits;	/* dim = 2^hash_bits, FEATURES_BITS_MIN ..
				 * FEATURES_BITS_MAX */
	int bigrams;		/* word bigrams (default 0, see below) */
	int char_ngrams;	/* character 3-5-grams (default 0) */
	int tfidf;		/* times idf (default 1) */
	int sublinear;		/* 1 + ln tf (default 1) */
	uint32_t min_df;	/* text buckets and categorical values in
				 * fewer rows get no feature (default 2) */
	struct features_spec *learn;	/* when set, filled with what the
					 * build learnt (below) */
	const struct features_spec *frozen;	/* when set, the features
					 * of that spec: its columns (by
					 * name), options and statistics;
					 * cols, label_col and the options
					 * above are ignored */
	const struct progress *progress;
};

struct features {
	uint64_t n;		/* rows */
	uint32_t dim;		/* sparse buckets: 2^hash_bits */
	uint64_t *ptr;		/* [n + 1] */
	uint32_t *idx;		/* [nnz] bucket, ascending within a row */
	float *val;		/* [nnz] */
	uint32_t nnum;		/* dense numeric columns */
	float *num;		/* [n * nnum]; NAN = missing; NULL if nnum 0 */
	int *num_col;		/* [nnum] table column of each; may be NULL */
	uint32_t ntext, ncat;	/* text and categorical/bool columns used */
	float *present;		/* [n] share of the informative columns
				 * that have a value in the row (below) */
};

/*
 * What a build learnt from its table, so that other rows (a part of a
 * bigger file, scored by a saved model) get the features the same
 * table would have given them: per column used, its name, kind, type,
 * the position that seeds its hashes, and its statistics - a text
 * column's document frequencies (only of the buckets kept: those in at
 * least max(min_df, 1) rows), a categorical column's values that have
 * a feature, a numeric column's mean and 1 / deviation.  Built from
 * the spec, the rows of the table it was learnt on get the very same
 * features, bit for bit.  A bucket or value the table did not have
 * gets no feature; a column must be found by name (ERR_DATA).
 */
enum features_kind { FEATURES_TEXT = 1, FEATURES_CAT, FEATURES_NUM };

struct features_colspec {
	char *name;
	int kind;		/* enum features_kind */
	int coltype;		/* enum coltype (infer.h): how numbers read */
	int seed;		/* the column's position where learnt */
	uint32_t ndf;		/* text: buckets kept, ascending */
	uint32_t *dfb;		/* [ndf] bucket */
	double *dfv;		/* [ndf] its document frequency */
	struct dict kept;	/* categorical: the values with a feature */
	double mean, inv;	/* numeric: z = (x - mean) * inv */
};

struct features_spec {
	unsigned hash_bits;
	int bigrams, char_ngrams, tfidf, sublinear;
	uint32_t min_df;
	uint64_t nrows;		/* N of the idf */
	size_t ncols;
	struct features_colspec *col;
};

/* Free what s owns; NULL is fine. */
void features_spec_release(struct features_spec *s);

/* Defaults as documented above. */
void features_opts_init(struct features_opts *o);

/*
 * Build the features of every row of t into f (caller releases it with
 * features_release).  Fails with ERR_USAGE for a bad option or column
 * index, ERR_CANCEL when cancelled; f is then empty.
 */
int features_build(struct features *f, const struct table *t,
    const struct features_opts *o, struct err *e);

/* Free what f owns (the arrays above, allocated with malloc); f is empty
 * afterwards.  NULL is fine. */
void features_release(struct features *f);

/* 1 when column c of t is one of the default feature columns: not
 * label_col, not t's id column, not a key that numbers the rows
 * (table_row_key). */
int features_default_col(const struct table *t, int label_col, size_t c);

/*
 * When f, built from t, has no column to learn from, fill e (ERR_DATA,
 * "PATH: no column to learn from: ...", saying why for the columns
 * chosen by name or the default ones) and return -1; else 0.
 */
int features_check_any(const struct features *f, const struct table *t,
    int chosen, struct err *e);

/* Bytes held by f. */
size_t features_bytes(const struct features *f);

/*
 * The tokens of s[0..n) as the text features see them, for tests and for
 * explaining a row: calls fn(ctx, token, len) for each token in order
 * (token is lower-cased, not NUL-terminated, borrowed for the call).
 * Returns the number of tokens.
 */
size_t features_tokens(const char *s, size_t n,
    void (*fn)(void *ctx, const char *tok, size_t len), void *ctx);

/*
 * The bucket and sign (+1 or -1) of a text unigram tok[0..n) (already
 * lower-cased) of table column col, for dim = 2^bits.  Bigrams and the
 * other kinds use further seeds; exposed so that tests and explanations
 * can find a word's bucket.
 */
uint32_t features_word_bucket(int col, const char *tok, size_t n,
    unsigned bits, int *sign);

#endif
