/*
 * labels.h - the label column as classes 0 .. k-1.
 *
 * Built from a table column: every distinct non-missing value is a class
 * (in order of first sight, or sorted by name, or by count); rows whose
 * label is missing get LABELS_NONE.  The class dictionary never shrinks:
 * PICO, statistics and the review loop all index the same classes.
 */
#ifndef WINNOW_LABELS_H
#define WINNOW_LABELS_H

#include <stdint.h>

#include "core/util/err.h"
#include "core/data/table.h"

#define LABELS_NONE UINT32_MAX

enum labels_order {
	LABELS_FIRST_SEEN,	/* order of first appearance in the file */
	LABELS_SORTED,		/* byte order of the names */
	LABELS_BY_COUNT		/* most frequent first, ties by first sight */
};

struct labels {
	int col;		/* the table column */
	uint32_t k;		/* number of classes */
	char **name;		/* [k] owned, NUL-terminated */
	uint32_t *y;		/* [nrows] class or LABELS_NONE */
	uint64_t *count;	/* [k] rows per class */
	uint64_t nmissing;	/* rows with no label */
	uint64_t nrows;
};

/*
 * Build the classes of column col of t.  Fails (ERR_DATA) when the column
 * has no non-missing value.
 */
int labels_init(struct labels *L, const struct table *t, int col,
    enum labels_order order, struct err *e);

/* Release what L owns; NULL is fine. */
void labels_release(struct labels *L);

/* The class called name[0..n), or -1. */
int labels_find(const struct labels *L, const char *name, size_t n);

/* Add a class called name (a reviewer's new label); returns its index. */
uint32_t labels_add(struct labels *L, const char *name);

#endif
