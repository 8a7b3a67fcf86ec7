/*
 * review.h - a review session: the queue of rows to look at, the
 * reviewer's decisions (journalled before anything moves), undo, and
 * what the next PICO round learns from them.
 *
 * The session joins a table and its label classes, a journal (opened or
 * created beside the dataset) and the latest PICO result.  Replaying the
 * journal gives every row's current verdict; the queue holds the flagged
 * rows without a verdict, ordered by how much a decision is worth: the
 * labels most likely wrong first, the surest suggestion first among
 * equals (suspicion, the default), or smallest margin between the two
 * most probable classes first (uncertainty, for active learning).  Deciding appends
 * to the journal (write + fsync) and then advances; undo goes back to the
 * row it undid.  After a re-run of PICO with the decided rows clamped,
 * the queue is rebuilt with the current row kept in front, so the
 * reviewer never loses their place.
 *
 * Rows are table rows; the journal names them by key (table_key).
 */
#ifndef WINNOW_REVIEW_H
#define WINNOW_REVIEW_H

#include <stdint.h>

#include "core/util/err.h"
#include "core/review/journal.h"
#include "core/data/labels.h"
#include "core/pico/pico.h"
#include "core/data/table.h"

#define REVIEW_NONE UINT32_MAX

enum review_order {
	REVIEW_UNCERTAINTY,	/* smallest top-two margin first */
	REVIEW_SUSPICION	/* lowest quality first, then the surest
				 * suggestion (default) */
};

/* Per-row state bits. */
enum {
	REVIEW_DECIDED = 1,	/* has a verdict */
	REVIEW_DROPPED = 2,	/* the verdict is drop */
	REVIEW_FLAGGED = 4,	/* flagged for a second look */
	REVIEW_NOTED = 8,	/* has a note */
	REVIEW_RELABELLED = 16,	/* the verdict changed the label */
	REVIEW_SKIPPED = 32	/* skipped (and no verdict since) */
};

struct review {
	const struct table *t;
	struct labels *L;	/* borrowed; new labels are added to it */
	struct journal *j;	/* owned */
	uint32_t n;
	uint8_t *state;		/* [n] REVIEW_ bits */
	uint32_t *clamp;	/* [n] the reviewer's class or LABELS_NONE */
	const struct pico_result *res;	/* borrowed; NULL before a run */
	int round;		/* PICO runs so far in this session */
	enum review_order order;
	uint32_t *queue;	/* rows to review, in order */
	uint32_t nqueue, pos;	/* queue[pos] is the current row */
	uint64_t decided;	/* rows with a verdict */
	int64_t session_start;	/* ms */
	uint32_t session_decisions;
	int read_only;		/* the journal is read, never written */
};

struct review_opts {
	const char *journal_path;	/* NULL: beside the dataset */
	const char *reviewer;		/* NULL: the login name */
	int force;			/* accept a journal of another file */
	enum review_order order;
	int read_only;			/* read the journal (it must exist)
					 * without its lock, as another
					 * process may be writing it; every
					 * decision and undo is refused */
};

void review_opts_init(struct review_opts *o);

/*
 * Open (creating when missing) the journal of t and replay it.  L is the
 * label classes of t's label column (labels named in the journal but not
 * among them are added).  Errors: the journal's (ERR_DATA for a foreign
 * or damaged journal, ERR_CANTCREAT, ERR_NOINPUT for a read-only one
 * that does not exist, ...).  Read-only, review_decide(), review_bulk()
 * and review_undo() fail with ERR_USAGE and change nothing.
 */
int review_open(struct review *rv, const struct table *t, struct labels *L,
    const struct review_opts *o, struct err *e);

void review_close(struct review *rv);

/* 0 when decisions may be recorded; -1 with e (ERR_USAGE, saying so)
 * for a read-only session. */
int review_writable(const struct review *rv, struct err *e);

/*
 * Use a (new) PICO result: rebuild the queue from its flagged rows that
 * have no verdict.  The current row, if any and still undecided, stays
 * first.  res is borrowed until the next call or review_close.
 */
void review_set_result(struct review *rv, const struct pico_result *res);

/* Order the queue by o (keeping the current row first). */
void review_set_order(struct review *rv, enum review_order o);

/* The current row, or REVIEW_NONE when the queue is done. */
uint32_t review_current(const struct review *rv);

/* Move within the queue (delta rows, clamped); returns the new row. */
uint32_t review_move(struct review *rv, int delta);

/* Jump to row (it must be in the queue; otherwise nothing happens and
 * -1 is returned). */
int review_goto(struct review *rv, uint32_t row);

/*
 * Decide about row: type is a journal type (accept, reject, pick,
 * relabel, new, drop, skip, flag, note); label is the class name for
 * the label setters (accept: NULL means the suggestion); note may be
 * NULL.  Journalled (fsync) first; then the row's state changes and, for
 * verdicts and skips, the queue advances past it.
 */
int review_decide(struct review *rv, uint32_t row, enum journal_type type,
    const char *label, const char *note, struct err *e);

/*
 * The same decision for many rows as one bulk group (one fsync, one undo
 * step): accept their suggestions (label NULL) or set one label.
 */
int review_bulk(struct review *rv, const uint32_t *rows, uint32_t n,
    enum journal_type type, const char *label, struct err *e);

/* Undo the latest decision or group; the queue goes back to its row.
 * Returns 1 when something was undone, 0 when nothing was left. */
int review_undo(struct review *rv, struct err *e);

/*
 * Labels for the next PICO run: given[] gets the row's given class, or
 * LABELS_NONE for dropped rows (they neither train nor get flagged);
 * clamp[] the reviewer's class or LABELS_NONE.  Both have rv->n entries.
 */
void review_run_inputs(const struct review *rv, uint32_t *given,
    uint32_t *clamp);

/* Expected wrong labels among the rows without a verdict. */
double review_remaining(const struct review *rv);

/* Decisions per minute in this session (idle gaps over 5 minutes do not
 * count); 0 before two decisions. */
double review_rate(const struct review *rv);

/* The top-two margin of row's beliefs (1 when there is no result). */
double review_margin(const struct review *rv, uint32_t row);

/*
 * The suspicion order of rows a and b of r (< 0: a first): q as a card
 * shows it (two decimals) ascending - the rows most likely wrong first -
 * then the suggestion's probability descending, so that among equally
 * doubtful labels the surest fix comes first; then by row.  The default
 * queue and the Flagged view's list both run in it.
 */
int review_suspicion_cmp(const struct pico_result *r, uint32_t a,
    uint32_t b);

/*
 * Put the queue where a review left off (docs/journal.md): at the first
 * row, in queue order after the row of the journal's latest decision
 * (journal_last), that has neither a verdict nor a skip; when there is
 * none after it, the first such row from the start; when every row left
 * was skipped, the first row without a verdict.  Call after the first
 * review_set_result.  Returns the current row (REVIEW_NONE when the
 * queue is done).
 */
uint32_t review_resume(struct review *rv);

/* Why a row stands where it does, from the result's numbers. */
struct review_why {
	uint32_t given, suggested;	/* classes (LABELS_NONE: none) */
	uint32_t other;		/* the class compared with given: the
				 * suggestion, or the runner-up when the
				 * suggestion is the given label */
	double b_given, b_other;	/* posterior beliefs */
	double prior_given, prior_other; /* noise matrix row of given */
	double ratio;		/* evidence ratio: posterior odds of other
				 * against given over their prior odds */
};

/*
 * Fill w for row; returns -1 when there is no result or the row has no
 * given label.
 */
int review_explain(const struct review *rv, uint32_t row,
    struct review_why *w);

#endif
