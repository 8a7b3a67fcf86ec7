/*
 * help.h - the help overlay, generated from the key tables and the
 * command list so that it cannot drift from what the keys do.
 */
#ifndef WINNOW_HELP_H
#define WINNOW_HELP_H

#include "views/lib/action.h"
#include "views/lib/canvas.h"
#include "views/view.h"

struct help {
	int on;				/* shown */
	int top;			/* first line shown */
	int lines;			/* lines at the last draw */
};

/* Show it from its first line. */
void help_open(struct help *h);

/* Draw the help for view v (NULL: none open) in the box x, y, w, hgt. */
void help_draw(struct help *h, struct canvas *c, const struct view *v,
    int x, int y, int w, int hgt);

/* Scroll by an action, page lines a page; returns 1 when it was a
 * scroll. */
int help_act(struct help *h, enum action act, int page);

#endif
