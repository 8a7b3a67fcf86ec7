/*
 * explain.h - why a row was flagged, in terms a reviewer can check
 * against the row: what the checkers voted, by kind, and which of the
 * row's values set it apart from its given class.
 *
 * Everything is computed from the table, the label classes and the
 * PICO result alone (the checkers' models are gone by then): the votes
 * are each checker's most probable class (pico_result.votes); a numeric
 * value is measured in standard deviations from the mean of the rows
 * given each class; a category or a word by how much more often rows
 * given the suggestion hold it than rows given the row's label (the row
 * itself left out).  One call reads the rows of the two classes once:
 * O(rows x columns) for numbers and categories, and each distinct text
 * tokenised once for words.
 */
#ifndef WINNOW_EXPLAIN_H
#define WINNOW_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/labels.h"
#include "core/data/table.h"
#include "core/pico/pico.h"

#define EXPLAIN_KINDS 4		/* kinds of checker told apart */
#define EXPLAIN_ITEMS 3		/* values named */
#define EXPLAIN_LINE 200	/* bytes of a line of explain_lines */

/* The votes of one kind of checker. */
struct explain_vote {
	const char *kind;	/* borrowed from the result */
	uint32_t checkers;
	uint32_t for_sugg;	/* whose top class is the suggestion */
	uint32_t for_given;	/* ... the given label */
};

enum explain_what {
	EXPLAIN_NUMBER,		/* a numeric value far from the given class */
	EXPLAIN_CATEGORY,	/* a value commoner in the suggested class */
	EXPLAIN_WORD		/* a word commoner in the suggested class */
};

struct explain_item {
	enum explain_what what;
	int col;		/* table column */
	char text[48];		/* the value or word (cut to fit) */
	double z_given;		/* number: (value - mean) / sd, given class */
	double z_sugg;		/* ... suggested class */
	double ratio;		/* category, word: how many times commoner */
	double score;		/* what they were ranked by */
};

struct explain {
	uint32_t row, given, suggested;
	double q, p_sugg;
	int flagged, doubtful;
	struct explain_vote vote[EXPLAIN_KINDS];
	uint32_t nvote;
	struct explain_item item[EXPLAIN_ITEMS];
	uint32_t nitem;
	uint32_t nfeat;		/* feature columns */
	uint32_t nmissing;	/* of them, missing in this row */
	int mostly_missing;	/* at least half missing */
};

/*
 * Explain row of t (labels L, result r) into x.  cols[0..ncols) are the
 * feature columns (NULL: every column but the label and the id).
 * Returns -1 when the row has no given label or r has no such row.
 */
int explain_row(const struct table *t, const struct labels *L,
    const struct pico_result *r, const int *cols, size_t ncols,
    uint32_t row, struct explain *x);

/*
 * The explanation as at most max lines of text (each NUL-terminated,
 * cut to EXPLAIN_LINE bytes): the votes; the values, when any stands
 * out; the missing values, when the row is mostly missing.  Returns how
 * many lines.
 */
int explain_lines(const struct explain *x, const struct table *t,
    const struct labels *L, char line[][EXPLAIN_LINE], int max);

#endif
