/*
 * journal.h - the review journal: every decision on disk before the
 * reviewer moves on.
 *
 * A journal is a text file beside the dataset (DATA.csv.winnow/journal),
 * one line per decision, appended with write(2) and fdatasync(2) before
 * journal_append() returns.  Lines are tab-separated with escapes, so a
 * label, key or note may hold any byte; each ends with the CRC-32 of the
 * line, so damage is found.  The first line records the format version
 * and the dataset's fingerprint.  docs/journal.md is the full
 * description of the format.
 *
 * Replaying a journal rebuilds everything a review session needs: the
 * current decision of every row (the last one not undone), the undo
 * stack (an undo is a line too, so undo works across restarts) and the
 * last decided row (where the review resumes; the queue position is
 * derived, not journalled: see journal_last()).  A damaged last line
 * (power lost mid-write) is dropped with a warning; damage anywhere else
 * is an error naming the line.
 *
 * Bulk decisions (one key, many rows) are journalled one line per row,
 * all with one group id, then a "bulk" line that commits the group; the
 * whole group is written with a single write and fsync, and undone as
 * one step.  A group whose commit line never made it to the disk is
 * dropped on replay like a damaged last line.
 *
 * Rows are named by key (table_key(): the --id column's text or the
 * 1-based row number), so a journal can be read without its dataset
 * (merging, reports).  Strings returned by the accessors are borrowed
 * from the journal: valid until the next append, undo or close.
 *
 * One writer at a time: opening for writing takes a POSIX record lock on
 * the file (another process gets an error naming it; within one process
 * the lock is not exclusive, and closing any descriptor of the file
 * releases it, as POSIX locks do).
 */
#ifndef WINNOW_JOURNAL_H
#define WINNOW_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"
#include "core/data/fingerprint.h"

#define JOURNAL_VERSION 1
#define JOURNAL_NONE UINT32_MAX

enum journal_type {
	JOURNAL_ACCEPT,		/* the suggested label taken */
	JOURNAL_REJECT,		/* the suggestion refused; the given
				 * label stays (label: the refused
				 * suggestion, when known) */
	JOURNAL_PICK,		/* another suggested class picked */
	JOURNAL_RELABEL,	/* a label chosen from the classes */
	JOURNAL_NEW,		/* a label that was not a class before */
	JOURNAL_DROP,		/* the row should leave the dataset */
	JOURNAL_SKIP,		/* seen and left for later */
	JOURNAL_FLAG,		/* marked for a second look */
	JOURNAL_NOTE,		/* a note only */
	JOURNAL_UNDO,		/* cancels the latest decision or group */
	JOURNAL_BULK,		/* commits the group of lines before it */
	JOURNAL_NTYPES
};

/* 1 for the types that set a new label (accept, pick, relabel, new). */
int journal_type_sets_label(enum journal_type t);

/* 1 for the verdicts: the types that settle a row (the label setters,
 * reject and drop). */
int journal_type_is_verdict(enum journal_type t);

/* The type's name in the file ("accept", ...), or "?" */
const char *journal_type_name(enum journal_type t);

/* The type called name, or -1. */
int journal_type_parse(const char *name);

/* One line of the journal, as replayed. */
struct journal_entry {
	uint64_t seq;		/* 1, 2, ... in file order (header: 0) */
	int64_t time_ms;	/* UTC, milliseconds since the epoch */
	uint64_t ref;		/* undo: seq cancelled (a group's first
				 * line); bulk: lines in the group; else 0 */
	uint32_t group;		/* bulk group id; 0: a single decision */
	uint32_t reviewer;	/* string id */
	uint32_t key;		/* key id; JOURNAL_NONE on bulk lines */
	uint32_t given;		/* string id or JOURNAL_NONE */
	uint32_t label;		/* string id or JOURNAL_NONE */
	uint32_t note;		/* string id or JOURNAL_NONE */
	uint32_t prev;		/* the entry before on the same key, or
				 * JOURNAL_NONE */
	uint32_t line;		/* line number in the file */
	int32_t round;		/* PICO round, 0 for none */
	double posterior;	/* b(y^) shown to the reviewer; NAN: none */
	uint8_t type;		/* enum journal_type */
	uint8_t undone;		/* cancelled by a later undo */
};

/* What a caller appends.  Strings are (pointer, length): any bytes. */
struct journal_decision {
	enum journal_type type;
	const char *key;
	size_t key_len;
	const char *given;	/* the row's label as it was; NULL: unknown */
	size_t given_len;
	const char *label;	/* the new label (required by the label
				 * setters); NULL: none */
	size_t label_len;
	double posterior;	/* NAN: none */
	int round;		/* PICO round; 0: none */
	const char *note;	/* NULL: none */
	size_t note_len;
	int64_t time_ms;	/* 0: now */
	const char *reviewer;	/* NULL: the journal's reviewer */
};

/* A decision of type on key[0..key_len) with every optional part
 * empty. */
void journal_decision_init(struct journal_decision *d,
    enum journal_type type, const char *key, size_t key_len);

struct journal_opts {
	int write;			/* open for appending, creating the
					 * file (and its directory) when
					 * missing */
	const struct fingerprint *fp;	/* the dataset as it is now; NULL:
					 * do not check (merge, reports) */
	int force;			/* apply to a dataset with another
					 * fingerprint (warns) */
	const char *reviewer;		/* NULL: the login name */
	const char *label_col;		/* recorded in a new journal */
	const char *id_col;		/* recorded in a new journal (NULL:
					 * keys are row numbers) */
};

struct journal;

/* Options with everything off. */
void journal_opts_init(struct journal_opts *o);

/*
 * The journal path of a dataset: "DATA.winnow/journal".  Caller frees.
 */
char *journal_path_for(const char *data_path);

/*
 * The login name (getlogin(), else the password entry of the effective
 * user, else "unknown").  Caller frees.
 */
char *journal_default_reviewer(void);

/*
 * Open and replay the journal at path.  For writing, a missing file (and
 * its directory) is created with a header naming o->fp (which is then
 * required), the file is locked, and a damaged tail found by the replay
 * is cut off (with a warning) so the next line starts clean.  Reading a
 * missing journal fails with ERR_NOINPUT.
 *
 * With o->fp, the recorded fingerprint must match: another file fails
 * with ERR_DATA unless o->force (then a warning); a touched file (same
 * sample hash, other mtime) is accepted with a warning.  A writer with
 * o->fp must also name the journal's id column (o->id_col; NULL for
 * row numbers) and, when both are known, its label column: ERR_USAGE
 * otherwise, since keys would name other rows.
 *
 * Errors: ERR_DATA "path:LINE: what" for a damaged or inconsistent line
 * (other than the last), ERR_NOINPUT when the file cannot be read,
 * ERR_CANTCREAT when it cannot be created, locked or repaired, or when
 * path is a link to a file that does not exist (for writing).  Returns
 * a journal the caller closes with journal_close(), or NULL.
 */
struct journal *journal_open(const char *path, const struct journal_opts *o,
    struct err *e);

/*
 * Whether a journal may be opened for writing at path, before anything
 * is made: not through a link whose target does not exist (that would
 * create a journal at a place the user never named).  journal_open()
 * checks it too.  Errors: ERR_CANTCREAT naming the link and its target.
 */
int journal_check_path(const char *path, struct err *e);

/* Close (releasing the lock) and free; NULL is fine. */
void journal_close(struct journal *j);

/*
 * Append one decision; returns only once it is on disk (write + fsync).
 * On failure (ERR_IO, or ERR_SOFTWARE for a malformed decision: a
 * label setter without a label, an undo or bulk type, an empty key) the
 * file is cut back to where it was and nothing changes.
 */
int journal_append(struct journal *j, const struct journal_decision *d,
    struct err *e);

/*
 * Append n decisions as one bulk group (one id, one commit line, one
 * write and fsync, one undo step).  n == 0 is a no-op.
 */
int journal_append_bulk(struct journal *j, const struct journal_decision *d,
    size_t n, struct err *e);

/*
 * Append n independent decisions with a single write and fsync (imports
 * and merges; each is its own undo step).
 */
int journal_append_many(struct journal *j, const struct journal_decision *d,
    size_t n, struct err *e);

/*
 * Undo the latest decision or bulk group not yet undone: an undo line is
 * appended (write + fsync) and the rows it covered go back to their state
 * before.  Returns the number of lines cancelled (0 when there is
 * nothing to undo) and sets *first (when not NULL) to the index of the
 * first entry cancelled, so the UI can go back to that row; -1 on error.
 */
long journal_undo(struct journal *j, size_t *first, struct err *e);

/* How many steps can be undone. */
size_t journal_undo_depth(const struct journal *j);

/* --- reading the state --------------------------------------------- */

/* Lines replayed or appended (header excluded), entries 0 .. n-1. */
size_t journal_count(const struct journal *j);

/* Entry i (borrowed until the next append or undo). */
const struct journal_entry *journal_entry(const struct journal *j,
    size_t i);

/* The string of id (reviewer, given, label, note), or NULL for
 * JOURNAL_NONE; *len gets the length. */
const char *journal_str(const struct journal *j, uint32_t id, size_t *len);

/* Distinct keys named by the journal: ids 0 .. n-1. */
uint32_t journal_nkeys(const struct journal *j);

/* The text of key id. */
const char *journal_key(const struct journal *j, uint32_t key, size_t *len);

/* The id of key[0..n), or JOURNAL_NONE when the journal never named it. */
uint32_t journal_find_key(const struct journal *j, const char *key,
    size_t n);

/* The state of one row, from its effective (not undone) lines. */
struct journal_state {
	uint32_t verdict;	/* entry of the last verdict, or NONE */
	uint32_t last;		/* entry of the last line of any type */
	uint32_t note;		/* entry of the last line with a note */
	uint32_t flag;		/* entry of the last flag line */
	uint32_t skip;		/* the last skip after the verdict */
	uint32_t given;		/* string id of the given label (from the
				 * verdict, else the latest line naming
				 * it), or NONE */
	uint32_t label;		/* string id of the current label: the
				 * verdict's new label for label setters,
				 * else given; NONE when unknown */
	int dropped;		/* the verdict is drop */
	int relabelled;		/* a label setter whose label
				 * differs from given */
};

/* The state of key id (every field NONE / 0 when it has no effective
 * line). */
void journal_key_state(const struct journal *j, uint32_t key,
    struct journal_state *st);

/* The same by key text; returns 0, or -1 when the key is unknown (st is
 * then the empty state). */
int journal_row_state(const struct journal *j, const char *key, size_t n,
    struct journal_state *st);

/*
 * The latest effective decision (not an undo or commit line), or
 * JOURNAL_NONE: the review resumes after its row.
 */
uint32_t journal_last(const struct journal *j);

/* --- the header ---------------------------------------------------- */

const char *journal_path(const struct journal *j);
const struct fingerprint *journal_fingerprint(const struct journal *j);
/* Recorded label and id columns (NULL when none was recorded). */
const char *journal_label_col(const struct journal *j);
const char *journal_id_col(const struct journal *j);
/* 1 when two recorded column names are the same column: equal names,
 * or both NULL (none recorded; for the id column, row numbers). */
int journal_same_col(const char *a, const char *b);
/* When the journal was created (ms since the epoch, UTC). */
int64_t journal_created(const struct journal *j);
/* The reviewer appends are made in the name of. */
const char *journal_reviewer(const struct journal *j);

/* --- time ---------------------------------------------------------- */

/* Now, in ms since the epoch. */
int64_t journal_now_ms(void);

/* Format ms as "2024-05-01T12:34:56.789Z" into buf (n >= 25). */
void journal_format_time(int64_t ms, char *buf, size_t n);

/* Parse that form; returns 0, or -1 when s[0..n) is not one. */
int journal_parse_time(const char *s, size_t n, int64_t *ms);

#endif
