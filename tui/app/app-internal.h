/*
 * app-internal.h - what the event loop's parts give it, and no one else
 * sees (the public face is tui/app.h, which holds struct app).
 *
 * The loop is one module in four files, each with one idea:
 *
 *   ../app.c    the loop: each turn takes results, draws, waits for a
 *               key; start and end
 *   input.c     a key to an action, an action to the top view or to
 *               the workbench, the prompts and what their lines do
 *   results.c   finished jobs handed to whoever asked (the data, a
 *               filter, PICO, a view), a review resumed once the whole
 *               file is there, the top view's next model planned
 *   reopen.c    where a review session stood: kept beside its journal
 *               at the end, gone back to on the next open
 *
 * app.c calls the parts, results.c calls reopen.c, and no part calls
 * back (tests/t6050 checks that the calls among tui/ make no circle).
 */
#ifndef WINNOW_APP_INTERNAL_H
#define WINNOW_APP_INTERNAL_H

#include "tui/app.h"

/* input.c: key k from the back end, as the prompt, a yes/no question,
 * the help overlay or the top view's key table takes it. */
void input_key(struct app *a, int k);

/* input.c: carry out action act (ACT_NONE does nothing). */
void input_action(struct app *a, enum action act);

/* results.c: hand every finished job's result over, take the log's
 * messages, and let the top view plan a new model when the data or
 * the view asked for one (a job of its own, started here). */
void results_pump(struct app *a);

/* reopen.c: at the end of a review session, keep where it stood (view,
 * row, column, the queue's order) beside its journal for the next
 * reopen; a read-only session leaves the file alone. */
void reopen_remember(struct app *a);

/* reopen.c: a reopen: back to the view, row and column of the last
 * session and its queue's order; 1 when a view was shown, 0 when
 * nothing was remembered. */
int reopen_recall(struct app *a);

#endif
