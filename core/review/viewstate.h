/*
 * viewstate.h - where a review session stood when the workbench quit:
 * the view shown, the review queue's order, the current row (by key) and
 * column (by name), kept beside the journal (DATA.winnow/journal.view)
 * so that a reopen lands where the user left.
 *
 * Like PICO's cache it is a convenience, never the truth: a missing or
 * damaged file, a row or column that is gone, mean only that the reopen
 * starts as for a new session.  The file is text, one "name value" line
 * each after a "winnow-view 1" header; a value never holds a line break
 * (a key or name with one is left out).  It is written by the output
 * rule (core/util/outfile.h): to a temporary name, then renamed.
 */
#ifndef WINNOW_VIEWSTATE_H
#define WINNOW_VIEWSTATE_H

#include "core/review/review.h"
#include "core/util/err.h"

struct viewstate {
	char view[32];		/* a view's name ("table"); "" unknown */
	int order;		/* an enum review_order, or -1 unknown */
	char *row;		/* the current row's key, or NULL; owned */
	char *col;		/* the current column's name, or NULL; owned */
};

void viewstate_init(struct viewstate *s);
void viewstate_release(struct viewstate *s);

/* The state's path beside a journal: its path + ".view" (a name of its
 * own even for a --journal in a shared folder).  Caller frees. */
char *viewstate_path_for(const char *journal_path);

/* Write s to path (replacing it).  Errors: ERR_CANTCREAT, ERR_IO. */
int viewstate_write(const char *path, const struct viewstate *s,
    struct err *e);

/*
 * Read path into s (initialised here; release it either way).  Unknown
 * lines are skipped (a later version may add some).  Errors:
 * ERR_NOINPUT when there is no file, ERR_DATA "path:LINE: ..." when it is
 * not such a file.
 */
int viewstate_read(const char *path, struct viewstate *s, struct err *e);

#endif
