/*
 * stats.h - per-column summaries of a set of rows.
 *
 * Everything works on a rowset (NULL = all rows of the table).  For all
 * rows nothing passes over the rows: counts come from the column's dict
 * and order statistics from its value order (col->vorder), weighted by
 * the counts.  For a proper subset the rows' value ids are counted into
 * an array sized by the column's dict (O(rows + distinct values)) and
 * the same walks run over those counts, so quantiles are exact without
 * sorting any rows.
 *
 * Missing values (cells that are missing markers) are counted in
 * `missing`, and by marker in `mark`, and never enter anything else: not
 * the distinct count, the top values, min/max, mean, quantiles, zeros or
 * lengths.
 */
#ifndef WINNOW_STATS_H
#define WINNOW_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"
#include "core/util/progress.h"
#include "core/data/rowset.h"
#include "core/data/table.h"

#define STATS_TOP 10	/* top values kept per column */
#define STATS_NMARK 6	/* missing markers kept per column */
#define STATS_NQ 7	/* quantiles kept per numeric column */

/* The quantile probabilities, ascending: 0.01 0.05 0.25 0.5 0.75 0.95
 * 0.99 (so q[3] is the median). */
extern const double stats_qprob[STATS_NQ];

/*
 * Rows per value id of one column over a rowset.  For all rows, n is the
 * dict's own count array (borrowed) and seen is NULL: ids 0 .. nseen-1
 * are visited in id order, which is the order of first sight in the
 * file.  For a subset, n is a fresh array and seen lists the ids that
 * occur, in order of first sight within the rowset.
 */
struct stats_counts {
	const uint32_t *n;	/* [dict.n] rows per value id */
	const uint32_t *seen;	/* [nseen] ids by first sight, or NULL */
	uint32_t nseen;
	uint64_t rows;		/* rows in the set */
	uint32_t *own_n, *own_seen;	/* what release frees */
};

/* Count column col of t over rs (NULL or a rowset holding every row
 * once: the dict's counts, no pass over rows). */
void stats_counts_init(struct stats_counts *sc, const struct table *t,
    size_t col, const struct rowset *rs);
/* Release what sc owns; NULL is fine. */
void stats_counts_release(struct stats_counts *sc);

/* The i-th visited value id (0 <= i < sc->nseen). */
static inline uint32_t
stats_counts_id(const struct stats_counts *sc, uint32_t i)
{
	return sc->seen ? sc->seen[i] : i;
}

/*
 * 1 when rs is NULL or holds exactly the rows 0 .. nrows-1 in order (the
 * all-rows fast paths then apply).  O(rows) when rs->n == nrows, O(1)
 * otherwise.
 */
int stats_rowset_is_all(const struct table *t, const struct rowset *rs);

struct stats_top {
	uint32_t id;		/* value id in the column's dict */
	uint64_t count;		/* rows holding it */
};

/*
 * The k most frequent non-missing values of column c under the counts sc,
 * most frequent first, ties in order of first sight (sc's visiting
 * order).  Fills out[0 .. returned) (at most k entries).
 */
uint32_t stats_top_values(const struct column *c,
    const struct stats_counts *sc, uint32_t k, struct stats_top *out);

/*
 * Order statistics of a numeric column under counts cnt (per value id):
 * out[i] = the value of 0-based rank rank[i] among the non-missing
 * values, ranks ascending and below the number of such values.
 */
void stats_order_stats(const struct column *c, const uint32_t *cnt,
    const uint64_t *rank, size_t nr, double *out);

/*
 * Quantiles of a numeric column under counts cnt, with n the number of
 * non-missing values counted (n > 0), for probabilities p[0 .. np)
 * ascending in [0, 1].  Linear interpolation between order statistics:
 * with h = (n - 1) p, j = floor(h), the quantile is x[j] + (h - j)
 * (x[j+1] - x[j]) over the sorted values x[0 .. n) -- numpy's default
 * "linear" method, R's type 7, Python's statistics.quantiles(...,
 * method='inclusive').  Whole-percent probabilities split h exactly in
 * integers, as Python does.
 */
void stats_quantiles(const struct column *c, const uint32_t *cnt,
    uint64_t n, const double *p, size_t np, double *out);

struct stats_col {
	int col;		/* column index in the table */
	enum coltype type;
	uint64_t count;		/* rows in the set */
	uint64_t missing;	/* of them, missing markers */
	uint32_t nmark;		/* entries in mark ... */
	uint32_t marks;		/* ... of this many markers met */
	struct stats_top mark[STATS_NMARK];	/* the missing cells by
				 * marker, most rows first (ties by first
				 * sight); id is a value holding the marker
				 * (stats_mark_text); cells that differ only
				 * in spaces around it count together */
	uint64_t distinct;	/* distinct non-missing values (exact) */
	uint32_t ntop;		/* entries in top */
	struct stats_top top[STATS_TOP];

	/* numeric types (bool, int, float, date), else numeric == 0.
	 * Dates are seconds since 1970-01-01 UTC, bools 0/1. */
	int numeric;
	uint64_t nnum;		/* non-missing numbers */
	double min, max;	/* NAN when nnum == 0 */
	double mean;		/* NAN when nnum == 0 */
	double sd;		/* sample standard deviation (divisor n - 1);
				 * NAN when nnum < 2 */
	uint64_t zeros;		/* values equal to 0 */
	double q[STATS_NQ];	/* at stats_qprob; NAN when nnum == 0 */

	/* string types (cat, text), else strings == 0.  Lengths are in
	 * characters: UTF-8 code points, each invalid byte counting one. */
	int strings;
	uint64_t len_min, len_max;	/* 0 when there is no value */
	double len_avg;			/* per non-missing row; NAN if none */
};

/* The marker of missing value id of c: its text without the spaces
 * around it ("" for an empty cell), borrowed from the dict; *n gets its
 * length. */
const char *stats_mark_text(const struct column *c, uint32_t id,
    size_t *n);

/*
 * Fill s->mark, s->nmark and s->marks from the rows per value id cnt
 * over the ids ids[0 .. nids) (NULL: 0 .. nids-1), in that order.
 */
void stats_marks(const struct column *c, const uint32_t *cnt,
    const uint32_t *ids, uint32_t nids, struct stats_col *s);

/*
 * The missing cells of s (a summary of column c) by marker, as text into
 * buf: "'NA' 10, empty 2" ("empty" for the empty cell), counts with
 * thousands separators, then "and N more" when more markers were met
 * than kept; "" without missing cells.  The markers are the data's own
 * text: escape it for a terminal.  Returns buf.
 */
char *stats_marks_text(const struct column *c, const struct stats_col *s,
    char *buf, size_t size);

/* Summarise column col of t over rs (NULL: all rows). */
void stats_column(const struct table *t, size_t col, const struct rowset *rs,
    struct stats_col *out);

/*
 * Summarise every column of t over rs (NULL: all rows), on up to threads
 * threads (0: online processors; the result does not depend on it),
 * reporting columns done through p ("statistics").  Returns an array of
 * t->ncols summaries that the caller frees with stats_free(), or NULL
 * with ERR_CANCEL in e when p's cancel flag was set.
 */
struct stats_col *stats_all(const struct table *t, const struct rowset *rs,
    int threads, const struct progress *p, struct err *e);

/* Free what stats_all returned; NULL is fine. */
void stats_free(struct stats_col *s);

/*
 * One result of size bytes for each column of t, zeroed and then filled
 * by fn(ctx, col, result) on up to threads threads, reporting columns
 * done through p as what: the work of stats_all and assoc_all.  Returns
 * the t->ncols results for the caller to free, or NULL with ERR_CANCEL in
 * e when p's cancel flag was set.
 */
void *stats_each_column(const struct table *t, size_t size, int threads,
    void (*fn)(void *ctx, size_t col, void *out), void *ctx,
    const struct progress *p, const char *what, struct err *e);

/* Characters in s[0 .. n): UTF-8 code points, invalid bytes one each. */
uint64_t stats_utf8_chars(const char *s, size_t n);

#endif
