/*
 * term.h - the terminal back end (ncursesw), the only code that talks to
 * the terminal.
 *
 * term_open() sets the terminal up (locale-aware, raw keys, keypad, no
 * echo, colours when there are any and NO_COLOR is unset) and fills a
 * struct backend.  term_close() gives the terminal back exactly as it
 * was; it is idempotent and is also what runs on out-of-memory, on
 * SIGTERM, SIGINT and SIGHUP (which then end the program), and on every
 * other way out.
 */
#ifndef WINNOW_TERM_H
#define WINNOW_TERM_H

#include "core/util/err.h"
#include "tui/backend/backend.h"

/*
 * mono: no colours even if the terminal has them (--no-color).  osc52:
 * 1 to set the clipboard with OSC 52 always, 0 when the terminal's
 * terminfo entry says it can (the Ms capability), -1 never.
 */
int term_open(struct backend *be, int mono, int osc52, struct err *e);
void term_close(void);

#endif
