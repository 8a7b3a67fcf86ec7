/*
 * clip.h - y and Y: text to the clipboard.
 *
 * The terminal's clipboard (OSC 52) where the back end can set it (the
 * terminfo entry says Ms, or --clipboard osc52); else, and always with
 * --clipboard file, a file of the user's own: $XDG_RUNTIME_DIR/
 * winnow-clipboard, or ${TMPDIR:-/tmp}/winnow-UID/clipboard (a folder
 * made for it, readable by the user alone).  The file is written by the
 * output rule (core/util/outfile.h), replaced by each copy, and never
 * through a link or over a file of someone else.  The message line says
 * which it was, naming the file.
 */
#ifndef WINNOW_CLIP_H
#define WINNOW_CLIP_H

#include <stddef.h>

#include "core/util/err.h"
#include "core/util/outfile.h"
#include "tui/backend/backend.h"
#include "tui/msg.h"

enum clip_mode {
	CLIP_AUTO,		/* OSC 52 when the terminal says it can */
	CLIP_OSC52,		/* OSC 52 always (tmux with set-clipboard on) */
	CLIP_FILE		/* the file always */
};

/* The mode called name ("auto", "osc52", "file"), or -1. */
int clip_mode_parse(const char *name);

/*
 * The file copies go to, its folder made when missing (ERR_CANTCREAT
 * when it cannot be, or is not the user's alone).  Caller frees; NULL
 * with e filled.
 */
char *clip_file(struct err *e);

/*
 * Copy text[0..n), what was copied being called what ("cell", "row"),
 * to the clipboard of be or else to clip_file(); keep: files never
 * written (the dataset, the journal).  Says what happened in m.
 */
void clip_copy(const struct backend *be, const char *what, const char *text,
    size_t n, const struct outfile_keep *keep, size_t nkeep, struct msg *m);

#endif
