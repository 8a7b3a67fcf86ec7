/*
 * infer.h - what a single cell looks like: missing, boolean, integer,
 * float, ISO 8601 date, or just a string; and the column type that follows
 * from all of a column's distinct values.
 */
#ifndef WINNOW_INFER_H
#define WINNOW_INFER_H

#include <stddef.h>
#include <stdint.h>

enum coltype {
	COLTYPE_EMPTY,		/* every value missing */
	COLTYPE_BOOL,		/* true/false, yes/no, t/f, y/n */
	COLTYPE_INT,		/* integers */
	COLTYPE_FLOAT,		/* decimal numbers */
	COLTYPE_DATE,		/* ISO 8601 dates or date-times */
	COLTYPE_CAT,		/* strings from a modest set */
	COLTYPE_TEXT		/* free text */
};

/* "int", "float", ... */
const char *coltype_name(enum coltype t);
/* 1 for BOOL, INT, FLOAT and DATE: the column has numeric values */
int coltype_numeric(enum coltype t);

/* Kinds a value can be, as a bit set. */
enum {
	INFER_BOOL = 1,
	INFER_INT = 2,
	INFER_FLOAT = 4,	/* also set for every INT */
	INFER_DATE = 8,
	INFER_CODE = 16		/* an integer with a leading zero: "007" */
};

/*
 * The default missing-value markers, NULL-terminated: pandas' default
 * na_values (read_csv), so a file reads the same here and in pandas:
 * -1.#IND 1.#QNAN 1.#IND -1.#QNAN "#N/A N/A" #N/A N/A n/a NA <NA> #NA
 * NULL null NaN -NaN nan -nan None, and the empty field.
 */
extern const char *const infer_default_na[];

/*
 * 1 when s[0..n) is one of the markers na (NULL: infer_default_na),
 * byte for byte as written (case counts, as in pandas: "none" and "Na"
 * are values), spaces and tabs around it ignored; the empty string (or
 * only spaces) is always missing.
 */
int infer_is_na(const char *s, size_t n, const char *const *na);

/* Step *s and *n past the spaces and tabs around a cell's text (how
 * infer_is_na and the parsers below see it). */
void infer_trim(const char **s, size_t *n);

/*
 * Parse a decimal number (optional spaces, sign, digits, point, exponent;
 * "inf", "infinity" and "nan" are not numbers here).  Exact: correctly
 * rounded like strtod.  Returns 1 and sets *v, or 0.  *is_int is set when
 * the text had no point or exponent.
 */
int infer_number(const char *s, size_t n, double *v, int *is_int);

/* Parse an ISO 8601 date "YYYY-MM-DD" with optional "THH:MM[:SS[.f]]"
 * (or a space for T) and zone "Z" / "+HH[:MM]".  *secs gets seconds since
 * 1970-01-01 UTC. */
int infer_date(const char *s, size_t n, double *secs);

/* Parse a boolean word; *v gets 0 or 1. */
int infer_bool(const char *s, size_t n, int *v);

/* Classify a non-missing value; returns INFER_ bits. */
unsigned infer_value(const char *s, size_t n);

/*
 * The column type for a column whose distinct non-missing values had the
 * INFER_ bits and-ed together into all_bits (INFER_ALL when there were
 * none) and or-ed into any_bits, with rows non-missing rows, distinct
 * values, mean length meanlen (bytes per row) and share of rows whose
 * value holds a space.
 */
#define INFER_ALL 0xffu
enum coltype infer_coltype(unsigned all_bits, unsigned any_bits,
    uint64_t rows, uint64_t distinct, double meanlen, double spaced);

#endif
