/*
 * fmt.h - numbers, shares, dates and histogram bins as short text for
 * the views.  Every function writes into a caller's buffer and returns
 * it.  Texts taken from the data (a bin that is one value) are returned
 * raw: draw them with the canvas, which makes them safe.
 */
#ifndef WINNOW_FMT_H
#define WINNOW_FMT_H

#include <stddef.h>

#include "core/stats/hist.h"
#include "core/data/table.h"

/* A number in at most about 8 characters: integers as such, others with
 * 4 significant digits, exponents only for the very large or small. */
char *fmt_num(double v, char *buf, size_t size);

/* A share as a percentage: "12.3%", "<0.1%", "100%", "0%". */
char *fmt_pct(double share, char *buf, size_t size);

/* A date-time (seconds since the epoch, UTC) at the precision of unit. */
char *fmt_date(double secs, enum hist_unit unit, char *buf, size_t size);

/* A value of a numeric column in its own terms (dates as dates). */
char *fmt_value(const struct column *c, double v, char *buf, size_t size);

/*
 * The label of bin b of h (built on column c of t): "[5, 5.5)", "7",
 * "1970-03", the value's text (raw), "(other)", "<= 0", "(missing)".
 */
char *fmt_bin(const struct hist *h, const struct table *t, uint32_t b,
    char *buf, size_t size);

/*
 * fmt_bin in at most w columns where it can be: a range that does not
 * fit loses its brackets ("2700-3000"), then its numbers shorten to
 * three, two, one significant digits with k, M, G, T ("2.7k-3k"; ".."
 * between them when one is negative).  Other labels are fmt_bin's.
 */
char *fmt_bin_fit(const struct hist *h, const struct table *t, uint32_t b,
    int w, char *buf, size_t size);

/* A description of the rows in bin b, for a drill-down filter:
 * "sepal_length in [5, 5.5)", "label = setosa". */
char *fmt_bin_desc(const struct hist *h, const struct table *t, uint32_t b,
    char *buf, size_t size);

#endif
