/*
 * status.h - the lines around the view: the top bar (dataset, views),
 * the status line (which rows, which label, which filters, where the
 * cursor is) and the bottom line (prompt, job progress, message, or the
 * view's main keys).
 */
#ifndef WINNOW_STATUS_H
#define WINNOW_STATUS_H

#include "tui/job.h"
#include "tui/msg.h"
#include "tui/cmdline/prompt.h"
#include "tui/session.h"
#include "tui/viewstack.h"
#include "tui/workset.h"
#include "views/lib/canvas.h"

/* What the lines show; borrowed for the call. */
struct status_src {
	struct viewstack *vs;
	const struct workset *ws;
	const struct session *s;
	const struct prompt *prompt;	/* the open prompt, or NULL */
	struct jobs *jobs;
	const struct msg *msg;
	int help;			/* the help overlay is shown */
};

/* Draw the top bar and the two bottom lines of c. */
void status_draw(struct canvas *c, const struct status_src *src);

#endif
