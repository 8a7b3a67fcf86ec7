/*
 * hist.h - histograms of one column over a rowset.
 *
 * The bins depend on the column:
 *  - numbers (float): equal-width bins between the set's min and max,
 *    as many as Freedman-Diaconis asks (width 2 IQR / n^(1/3)), clamped
 *    to HIST_MIN_BINS .. the most bins (HIST_MAX_BINS unless the options
 *    say fewer); when the IQR is 0 the count follows Sturges
 *    (ceil(log2 n) + 1), clamped the same way; a constant column has one
 *    bin.
 *  - integers (int, bool) whose range max - min + 1 is at most the most
 *    bins: one bin per integer value, empty ones included.
 *  - wider integer ranges: bins of a whole number of integers each, from
 *    min, so every edge is an integer and every bin but the last holds
 *    the same count of integers (a flat column shows flat bars).  The
 *    count is near Freedman-Diaconis' (clamped as above), chosen to
 *    leave the last bin least short (hist_int_bins).
 *  - with the round option (int, float ranges, for tables such as the
 *    crosstab): at most as many bins as Freedman-Diaconis asks, their
 *    inner edges multiples of a width of 1, 2 or 5 times a power of ten
 *    (whole for integers), so that labels stay short; the first starts
 *    at min and the last ends at max as above.
 *  - with the log option (int, float): equal-width bins of log10 value
 *    over the positive values (Freedman-Diaconis on the logs); zeros and
 *    negatives have no logarithm and go to one "<= 0" bar instead.
 *  - dates: calendar bins, the finest of second, minute, hour, day,
 *    month and year that needs at most HIST_MAX_BINS bins (years grouped
 *    by 2, 5, 10 ... when even that is too many), aligned to UTC unit
 *    starts.  There is no minimum: three days give three day bins.
 *  - strings (cat, text) and anything else: one bar per value for the
 *    most frequent values (ties by first sight), then "other" for the
 *    rest.
 * After the value bins come, when they hold rows: "other", "<= 0" and
 * "missing" (every kind has a missing bar when the set has missing
 * cells).  Every row of the set is in exactly one bin.
 */
#ifndef WINNOW_HIST_H
#define WINNOW_HIST_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/labels.h"
#include "core/data/rowset.h"
#include "core/data/table.h"

#define HIST_MIN_BINS 5
#define HIST_MAX_BINS 60
#define HIST_NOBIN UINT32_MAX

enum hist_kind {
	HIST_EMPTY,	/* no non-missing value in the set */
	HIST_RANGE,	/* equal-width numeric bins (log10 when log) */
	HIST_INT,	/* one bin per integer */
	HIST_TIME,	/* calendar bins */
	HIST_CAT	/* most frequent values, then other */
};

enum hist_bin_kind {
	HIST_BIN_RANGE,		/* numbers in [lo, hi) (last bin: [lo, hi]) */
	HIST_BIN_VALUE,		/* one value: id */
	HIST_BIN_OTHER,		/* values not shown on their own */
	HIST_BIN_NONPOS,	/* log scale: values <= 0 */
	HIST_BIN_MISSING	/* missing markers */
};

enum hist_unit {
	HIST_SECOND, HIST_MINUTE, HIST_HOUR, HIST_DAY, HIST_MONTH, HIST_YEAR
};

struct hist_bin {
	enum hist_bin_kind kind;
	double lo, hi;		/* RANGE: bounds in the column's units (log
				 * bins too; dates in epoch seconds); INT:
				 * [v, v + 1) */
	uint32_t id;		/* VALUE: the value id in the column's dict */
	uint64_t count;		/* rows of the set in the bin */
};

struct hist_opts {
	int log;			/* log10 bins for int and float */
	uint32_t top;			/* HIST_CAT: bars for the most
					 * frequent values (1 .. HIST_MAX_BINS;
					 * default 10) */
	const struct labels *labels;	/* per-class breakdown, or NULL */
	int nomap;			/* keep no per-value map: saves an
					 * array as long as the column's dict,
					 * but hist_bin_of_id and hist_rows
					 * then find nothing (counts only) */
	int round;			/* range bins on round edges:
					 * multiples of 1, 2 or 5 times a
					 * power of ten, at most as many as
					 * Freedman-Diaconis asks (short
					 * labels, for tables) */
	uint32_t max_bins;		/* value bins of numbers at most
					 * (HIST_MIN_BINS .. HIST_MAX_BINS;
					 * 0: HIST_MAX_BINS); dates keep
					 * HIST_MAX_BINS */
};

struct hist {
	int col;
	enum hist_kind kind;
	int log;			/* log10 bins were made */
	enum hist_unit unit;		/* HIST_TIME: the bin unit ... */
	uint32_t step;			/* ... and units per bin (years) */
	uint32_t nbins;
	uint32_t nvalue;		/* bins [0, nvalue): ranges or values */
	struct hist_bin *bin;		/* [nbins] owned */
	uint32_t other, nonpos, missing;	/* those bins, or HIST_NOBIN */
	uint64_t total;			/* rows in the set */
	uint32_t ncls;			/* labels->k + 1 with a breakdown,
					 * else 0 */
	uint64_t *cls;			/* [nbins * ncls] owned: rows per bin
					 * and class; class labels->k counts
					 * rows without a label */
	/* how values map to bins (for hist_bin_of_*) */
	double base, width;		/* RANGE: (x - base) / width */
	int64_t ibase;			/* INT, TIME: index of bin 0 */
	double vmin, vmax;		/* the binned range */
	uint32_t *idbin;		/* [nid] owned: bin of each value id
					 * (NULL, nid 0 with nomap) */
	uint32_t nid;
};

/* Defaults: linear bins, 10 top values, no breakdown, a per-value map. */
void hist_opts_init(struct hist_opts *o);

/*
 * Build the histogram of column col of t over rs (NULL: all rows, from
 * the dict's counts alone unless a breakdown is asked, which needs one
 * pass over the rows).  o may be NULL for the defaults.  Release with
 * hist_release().
 */
void hist_build(struct hist *h, const struct table *t, size_t col,
    const struct rowset *rs, const struct hist_opts *o);

/* Release what h owns; NULL is fine. */
void hist_release(struct hist *h);

/*
 * The bin of value id of the column (any id of its dict, in the set or
 * not), or HIST_NOBIN: a number outside the binned range, a value that
 * would belong in "other" or "missing" when the set had no such rows.
 */
uint32_t hist_bin_of_id(const struct hist *h, uint32_t id);

/* The bin of a number (RANGE, INT, TIME; NAN: the missing bin), or
 * HIST_NOBIN. */
uint32_t hist_bin_of_num(const struct hist *h, double v);

/*
 * The rows of rs (NULL: all rows) whose value falls in bin, in rs's
 * order, into out (its old rows are released).  For drill-down: rs is
 * the set the histogram was built on.
 */
void hist_rows(const struct hist *h, const struct table *t,
    const struct rowset *rs, uint32_t bin, struct rowset *out);

/*
 * Integer bins over the integers min .. max (both integers, max - min
 * + 1 of them, more than max_bins): how many bins, each *width integers
 * wide (a whole number) starting at min, the last one possibly short.
 * want is the count asked for (Freedman-Diaconis, clamped to
 * HIST_MIN_BINS .. max_bins).  The most bins, down to want / 2 (and
 * HIST_MIN_BINS), that divide the range evenly; failing that the most,
 * down to 3/4 want, whose last bin holds at least 3/4 of its width;
 * failing that the one whose last bin is fullest.
 */
uint32_t hist_int_bins(double min, double max, uint32_t want,
    uint32_t max_bins, double *width);

/*
 * A sparkline of h: its value bins, then "other" when with_other is set
 * and h has it, in at most w groups of consecutive bins (as many as
 * there are bins when they fit; group sizes differ by at most one).
 * out[g] is the mean count per bin of group g, not the sum, so a flat
 * histogram stays flat however its bins are grouped.  Returns the
 * number of groups (0 without value bins or when w is 0).
 */
uint32_t hist_spark(const struct hist *h, int with_other, double *out,
    uint32_t w);

/* Seconds since the epoch at the start of date unit index i (months
 * count from year 0: index y * 12 + m - 1; years by step). */
double hist_unit_start(enum hist_unit u, uint32_t step, int64_t i);

#endif
