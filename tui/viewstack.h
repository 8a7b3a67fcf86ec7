/*
 * viewstack.h - the views open on the screen, the current one on top:
 * opening (with the data each view asks for), switching, going back,
 * and the filters a drill-down pushed, which go when the view that came
 * with them closes.
 *
 * A view's model job is its entry's (job); a job that comes back for an
 * entry that no longer has it is dropped by whoever takes it.
 */
#ifndef WINNOW_VIEWSTACK_H
#define WINNOW_VIEWSTACK_H

#include <stddef.h>
#include <stdint.h>

#include "tui/job.h"
#include "tui/msg.h"
#include "tui/workset.h"
#include "views/view.h"

#define VIEWSTACK_MAX 32

/* One entry of the stack. */
struct viewstack_entry {
	const struct view *v;
	void *st;
	uint64_t serial;		/* who this is, for its jobs */
	uint64_t planned;		/* env.gen at the last plan() */
	int replan;			/* the view asked for a new model */
	struct job *job;		/* its model's job, or NULL */
	size_t fdepth;			/* filters when it opened */
	int drilled;			/* it came with a drill-down filter,
					 * dropped when it closes */
};

struct viewstack {
	struct viewstack_entry e[VIEWSTACK_MAX];
	int depth;
	uint64_t serial;

	/* set by viewstack_init, borrowed */
	struct view_env *env;
	struct workset *ws;
	struct msg *msg;
	void *review;			/* VIEW_DATA_REVIEW's data */
};

void viewstack_init(struct viewstack *vs, struct view_env *env,
    struct workset *ws, struct msg *msg, void *review);
/* Close every view. */
void viewstack_release(struct viewstack *vs);

/* The top entry, or NULL when none is open. */
struct viewstack_entry *viewstack_top(struct viewstack *vs);
/* The top view's name, or NULL. */
const char *viewstack_name(const struct viewstack *vs);
/* The key context of the top view: its mode's (view.h) or its name;
 * NULL when no view is open. */
const char *viewstack_keys(const struct viewstack *vs);

/* Open the view called name on top; -1 if there is none (or no room,
 * said). */
int viewstack_push(struct viewstack *vs, const char *name);
/* Replace the top view by the view called name; -1 if there is none. */
int viewstack_switch(struct viewstack *vs, const char *name);
/* Show the view called name: go back down to it when it is open above
 * the first, else open it on top. */
void viewstack_show(struct viewstack *vs, const char *name);
/* Close the top view, and the filters it came with; -1 (nothing closed)
 * on the last one. */
int viewstack_back(struct viewstack *vs);
/*
 * Show the top-level view called name (the digits 1 to 5) in place of
 * the current one, the same way from every view: views opened on top
 * without a filter of their own (a record, the review, the flagged
 * rows) close first, so that the stack does not grow; a view that came
 * with a drill-down filter is replaced with the filter kept.  -1 if
 * there is no such view.
 */
int viewstack_switch_top(struct viewstack *vs, const char *name);
/* Switch to the next (dir 1) or previous (-1) top-level view, as
 * viewstack_switch_top does. */
void viewstack_cycle(struct viewstack *vs, int dir);

/* The top-level views in Tab order, at most max into out; returns how
 * many. */
size_t viewstack_tops(const struct view **out, size_t max);

#endif
