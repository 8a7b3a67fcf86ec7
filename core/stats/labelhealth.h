/*
 * labelhealth.h - a quick look at the labels before any model runs.
 *
 * Over a rowset it finds:
 *  - rows without a label;
 *  - label variants: classes whose names are equal once surrounding
 *    white space is trimmed and ASCII letters are lower-cased
 *    ("Refund" and "refund ");
 *  - tiny classes: present in the set with fewer than opts.tiny rows;
 *  - conflicting duplicates: groups of rows equal in every compared
 *    column but carrying two or more different labels.  Compared are
 *    all columns except the label, the --id column and integer columns
 *    whose every value is distinct (row numbers: they would make every
 *    row unique).  Texts are compared after trimming surrounding white
 *    space (space, tab, CR, LF, VT, FF); all missing markers compare
 *    equal; rows without a label do not count as a different label.
 * and the majority class's share of the labelled rows.
 *
 * Findings carry counts and up to LABELHEALTH_EXAMPLES example rows
 * (row indices, ascending; show them with table_key()).
 */
#ifndef WINNOW_LABELHEALTH_H
#define WINNOW_LABELHEALTH_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"
#include "core/data/labels.h"
#include "core/util/progress.h"
#include "core/data/rowset.h"
#include "core/data/table.h"

#define LABELHEALTH_EXAMPLES 5

enum labelhealth_kind {
	LABELHEALTH_MISSING,	/* rows without a label */
	LABELHEALTH_VARIANT,	/* classes differing in case or spaces */
	LABELHEALTH_TINY,	/* a class with few rows */
	LABELHEALTH_CONFLICT	/* duplicate rows, different labels */
};

struct labelhealth_finding {
	enum labelhealth_kind kind;
	uint64_t rows;		/* rows concerned (MISSING: unlabelled rows;
				 * VARIANT: rows of all the variants; TINY:
				 * the class's rows; CONFLICT: the group's
				 * rows, labelled or not) */
	uint32_t ncls;		/* classes involved (0 for MISSING) */
	uint32_t *cls;		/* [ncls] owned: class indices, ascending */
	uint64_t *cls_rows;	/* [ncls] owned: rows of each (in the set;
				 * CONFLICT: in the group) */
	uint32_t nex;		/* example rows in ex */
	uint32_t ex[LABELHEALTH_EXAMPLES];	/* ascending (VARIANT: the
				 * first row of each variant) */
};

struct labelhealth_opts {
	uint64_t tiny;		/* tiny below this many rows (default 10) */
	uint32_t max_groups;	/* conflict groups listed (default 20);
				 * all are counted */
};

struct labelhealth {
	uint64_t rows;		/* rows in the set */
	uint64_t labelled;	/* of them, with a label */
	uint32_t k;		/* classes of L */
	uint64_t *class_rows;	/* [k] owned: rows per class in the set */
	uint32_t present;	/* classes with rows in the set */
	uint32_t majority;	/* most rows (ties: lower index), or
				 * LABELS_NONE without labelled rows */
	double majority_share;	/* of the labelled rows; NAN if none */
	size_t ncompared;	/* columns compared for duplicates */
	uint64_t dup_groups;	/* groups of 2+ equal rows */
	uint64_t conflict_groups;	/* of them, with different labels */
	uint64_t conflict_rows;	/* rows in those groups */
	size_t nfind;
	struct labelhealth_finding *find;	/* [nfind] owned: MISSING,
				 * then VARIANTs, TINYs (by class), then
				 * CONFLICTs (largest group first) */
};

/* Defaults: tiny below 10 rows, 20 conflict groups listed. */
void labelhealth_opts_init(struct labelhealth_opts *o);

/*
 * Check the labels L of t over rs (NULL: all rows); o may be NULL.
 * Returns 0, or -1 with ERR_CANCEL in e when p's cancel flag was set
 * (h is then empty).  Release h with labelhealth_release().
 */
int labelhealth_check(struct labelhealth *h, const struct table *t,
    const struct labels *L, const struct rowset *rs,
    const struct labelhealth_opts *o, const struct progress *p,
    struct err *e);

/*
 * The findings that need only the class counts (missing, variants, tiny
 * classes; no example rows, no duplicate check: ncompared is 0), for
 * labels known only by their counts (a summary of a stream):
 * class_rows[c] rows of class c of L, unlabelled rows without a label.
 * L->y is not read.  Returns 0.
 */
int labelhealth_counts(struct labelhealth *h, const struct labels *L,
    const uint64_t *class_rows, uint64_t unlabelled,
    const struct labelhealth_opts *o);

/* Release what h owns; NULL is fine. */
void labelhealth_release(struct labelhealth *h);

/* "missing", "variant", "tiny" or "conflict". */
const char *labelhealth_kind_name(enum labelhealth_kind k);

/* 1 when column col takes part in duplicate detection for labels L. */
int labelhealth_compares(const struct table *t, const struct labels *L,
    size_t col);

#endif
