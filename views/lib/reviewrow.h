/*
 * reviewrow.h - what the Flagged and Review views both say about a row:
 * its class names, its verdict so far, and which column gives a snippet.
 */
#ifndef WINNOW_REVIEWROW_H
#define WINNOW_REVIEWROW_H

#include <stddef.h>
#include <stdint.h>

#include "core/review/journal.h"
#include "core/util/err.h"
#include "views/lib/canvas.h"
#include "views/view.h"

struct pico_result;
struct review;

/* The name of class c, or "-" (borrowed). */
const char *reviewrow_class(const struct view_env *env, uint32_t c);

/*
 * Draw row's suggestion in r at (x, y) in role: the suggested class, cw
 * wide, and p(suggested), five wide, each with a space after it.
 * Returns the column after them.
 */
int reviewrow_draw_suggestion(struct canvas *c, const struct view_env *env,
    const struct pico_result *r, uint32_t row, int x, int y, int cw,
    enum canvas_role role);

/* Draw the snippet of row, its cell in column tc (none when tc < 0),
 * from x to right in role. */
void reviewrow_draw_snippet(struct canvas *c, const struct table *t,
    int tc, uint32_t row, int x, int y, int right, enum canvas_role role);

/*
 * The first free-text column that is neither the label nor the key, else
 * the first such column of any type; -1 when there is none.
 */
int reviewrow_text_col(const struct view_env *env);

/*
 * 1 when row passes the workbench's filters (env->all; every row does
 * while none is on): the review loop's views show only such rows, as
 * the status line says.
 */
int reviewrow_in_view(const struct view_env *env, uint32_t row);

/* 1 when a filter is on (some rows do not pass). */
int reviewrow_filtered(const struct view_env *env);

/*
 * The row's verdict in rv (NULL: no session yet) in a few words into buf
 * ("now b", "dropped", "kept a"; "skipped" or "" when undecided);
 * returns 1 when it has one.
 */
int reviewrow_verdict(const struct view_env *env, const struct review *rv,
    uint32_t row, char *buf, size_t size);

/*
 * The text of row's latest note in rv's journal (*len its length; any
 * bytes: draw it as safe text), or NULL when it has none.  Borrowed
 * until the next decision.
 */
const char *reviewrow_note(const struct view_env *env,
    const struct review *rv, uint32_t row, size_t *len);

/*
 * What the reviewer said about row in one line into buf: the verdict,
 * "flagged for later", "skipped", joined by ", "; "" when nothing.
 * Returns 1 when there is something.
 */
int reviewrow_said(const struct view_env *env, const struct review *rv,
    uint32_t row, char *buf, size_t size);

/* A decision's type in a word or two for messages ("accepted",
 * "flagged for later", ...). */
const char *reviewrow_type_word(enum journal_type t);

/*
 * Undo the latest decision or group of rv (review_undo) and say into buf
 * what was undone and how many steps are left to undo ("undone:
 * accepted virginica on row 120; 2 more steps can be undone").  Returns
 * review_undo's result: 1, 0 with buf "nothing to undo", or -1 with e
 * filled (buf empty).
 */
int reviewrow_undo(struct review *rv, char *buf, size_t size,
    struct err *e);

#endif
