/*
 * jinternal.h - what the parts of the journal share; the public face is
 * core/review/journal.h.
 *
 * The journal is one module in five files, each with one idea:
 *   journal.c  the file: open (create, lock, read, repair), close, the
 *              header's fields
 *   jline.c    the line codec: decision and header lines to bytes and
 *              back, escapes, checksums, time stamps, type names
 *   jreplay.c  replay: the lines of a file checked against each other
 *              and applied, a damaged tail told from damage inside
 *   jstate.c   the state in memory: entries, per-key chains, the undo
 *              stack, and every accessor that reads them
 *   jappend.c  writing: the header of a new journal, decisions and
 *              undos, bytes on disk first and memory after
 *
 * In memory a journal is the array of its entries (one per line after
 * the header, in file order), two string dicts (keys; everything else)
 * and, per key, the index of its latest entry; entries of one key are
 * chained backwards through entry.prev.  A row's state is found by
 * walking its chain and skipping undone entries, so an undo only has to
 * mark entries: nothing cached can go stale.  The undo stack holds the
 * index of each undoable step (a single decision or a group's first
 * line) that is not undone yet.
 *
 * Invariants: entries [0, n) are exactly the good lines of the file
 * [header end, size); the file holds nothing after `size` once a writer
 * has opened it; an append changes memory only after its bytes are
 * written and synced, and a failed append cuts the file back to `size`.
 */
#ifndef WINNOW_JINTERNAL_H
#define WINNOW_JINTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/dict.h"
#include "core/review/journal.h"
#include "core/util/outfile.h"

#define MAGIC OUTFILE_JOURNAL_MAGIC
#define NFIELDS 13		/* fields of a decision line, CRC included */
#define NHEAD 9			/* fields of the header line */

struct journal {
	char *path;
	int fd;				/* -1 when read-only */
	struct fingerprint fp;
	char *label_col, *id_col;
	int64_t created;
	char *reviewer;
	struct dict strs;		/* reviewers, labels, notes */
	struct dict keys;
	uint32_t *klast;		/* per key: latest entry */
	size_t kcap;
	struct journal_entry *ent;
	size_t n, cap;
	uint32_t *undo;			/* the undo stack */
	size_t nundo, capundo;
	uint32_t last_group;
	uint64_t size;			/* good bytes in the file */
	char *buf;			/* lines being built */
	size_t blen, bcap;
};

/* 1 for the types a caller appends (not undo, not a bulk commit). */
static inline int
jstate_is_decision(int t)
{
	return t >= 0 && t < JOURNAL_UNDO;
}

/* --- jline.c: the codec -------------------------------------------- */

/* A line to write: its strings as bytes, NULL for none (\N). */
struct jline_out {
	uint64_t seq;
	int64_t time_ms;
	enum journal_type type;
	uint32_t group;
	uint64_t ref;
	const char *reviewer, *key, *given, *label, *note;
	size_t reviewer_len, key_len, given_len, label_len, note_len;
	double posterior;	/* NAN: none */
	int32_t round;
};

/* Append the header line of j (fingerprint, columns, created) to
 * j->buf. */
void jline_build_header(struct journal *j);

/* Append the decision line l to j->buf. */
void jline_build(struct journal *j, const struct jline_out *l);

/*
 * Parse a decision line (without its newline) into *e, interning its
 * strings into j's dicts; on failure *why says what is wrong.  Only the
 * line's own form is checked; how it fits the lines before it is
 * replay's business.
 */
int jline_parse(struct journal *j, const char *s, size_t n,
    struct journal_entry *e, const char **why);

/* What a line is, for deciding whether damage is only at the tail:
 * -1 damaged, 1 a member of a bulk group (worthless without its commit
 * line), 0 anything else. */
int jline_kind(const char *s, size_t n);

/* Parse the header line into j's fingerprint, columns and creation
 * time.  Returns 0, -1 for a damaged header, -2 for one that is whole
 * but unusable (a newer version); *why says what is wrong. */
int jline_parse_header(struct journal *j, const char *s, size_t n,
    const char **why);

/* --- jstate.c: the entries ----------------------------------------- */

/* A new entry at the end (uninitialised), or NULL when the journal has
 * as many as an id can name. */
struct journal_entry *jstate_new_entry(struct journal *j);

/* Link entry i into its key's chain. */
void jstate_link(struct journal *j, uint32_t i);

/* Push entry i (a single decision or a group's first line) on the undo
 * stack. */
void jstate_push_undo(struct journal *j, uint32_t i);

/* The entries an undo of step t cancels: [t, end). */
size_t jstate_step_end(const struct journal *j, size_t t);

/* Mark step t (the top of the undo stack) undone and pop it. */
void jstate_cancel_step(struct journal *j, size_t t);

/* --- jappend.c ---------------------------------------------------- */

/*
 * Write the header of a new journal made with o (o->fp required) over
 * whatever the file holds, and sync it and its directory.  Errors:
 * ERR_CANTCREAT (the file is then cut back to empty), ERR_SOFTWARE
 * without o->fp.
 */
int jappend_header(struct journal *j, const struct journal_opts *o,
    struct err *e);

/* --- jreplay.c ----------------------------------------------------- */

/* What replay found, for the writer that opened the file. */
struct jreplay {
	const char *data;
	size_t size;
	size_t good_end;	/* bytes up to the last line that counts */
	size_t pend_first;	/* entry index of a pending group's first
				 * line, or SIZE_MAX */
	size_t pend_off;	/* its byte offset */
	uint64_t pend_line;
};

/*
 * Replay data[0..size) into j.  Sets *fresh when there is no usable
 * header (an empty file, or creation was interrupted).  R->good_end
 * tells a writer where to cut.  Errors: ERR_DATA naming the line.
 */
int jreplay_run(struct journal *j, const char *data, size_t size,
    int *fresh, struct jreplay *R, struct err *e);

#endif
