/*
 * review-internal.h - what the parts of the Review view share, and no
 * one else sees (the view itself is view_review, listed in
 * views/registry.c).
 *
 * The view is one screen in four files, each with one idea:
 *
 *   ../review.c   the view: its state, moving in the queue under
 *                 the filters, the key line, the actions
 *   card.c        the card: one row, its classes, why, its fields
 *   list.c        the list: the queue around the current row
 *   decide.c      deciding: verdicts, picked and new classes, notes,
 *                 the questions asked first and their answers
 *
 * The parts use review.c's state and never call into it: what they
 * share is in this header.  Invariant: the row a part decides or draws
 * is rvv_row()'s, so the card, the list and a decision never disagree
 * about it.
 */
#ifndef WINNOW_REVIEW_INTERNAL_H
#define WINNOW_REVIEW_INTERNAL_H

#include <stdint.h>

#include "core/review/review.h"
#include "views/view.h"
#include "views/lib/reviewloop.h"
#include "views/lib/reviewrow.h"

#define NPICK 9				/* classes c and a digit pick from */

struct rvv {
	struct reviewloop *loop;	/* the queue, the result, requests */
	int list;
	uint32_t pinned;		/* VIEW_NOROW: the queue's row */
	int scroll;			/* card: field lines scrolled */
	int nlines, fieldh;		/* card: field lines, lines shown */
	int page;
	uint32_t ltop;			/* list: first queue position shown */
	uint32_t ask_row;
	int picking;			/* the pick mode: a digit picks */
	int held;			/* deciding keys wait for Enter */
	char pending[200];		/* the new label being confirmed */
	char last[200];			/* what the last key did */
};

/*
 * The row shown: the pinned one, else the queue's current row when it
 * passes the workbench's filters (review.c settles the queue there);
 * VIEW_NOROW when there is none.  Here, not in review.c, so that the
 * parts never call back into the file that calls them.
 */
static inline uint32_t
rvv_row(const struct rvv *v, const struct view_env *env)
{
	uint32_t row;

	if (!v->loop->review)
		return VIEW_NOROW;
	if (v->pinned != VIEW_NOROW && v->pinned < v->loop->review->n)
		return v->pinned;
	row = review_current(v->loop->review);
	return row != VIEW_NOROW && reviewrow_in_view(env, row) ? row :
	    VIEW_NOROW;
}

/* card.c: draw the card of row (a row of the table) in the box x, y,
 * w, h; sets v->fieldh and v->nlines and keeps v->scroll in range. */
void card_draw(struct rvv *v, const struct view_env *env, struct canvas *c,
    int x, int y, int w, int h, uint32_t row);

/* list.c: draw the queue as a list in the box x, y, w, h, the current
 * position in sight; sets v->page and v->ltop. */
void list_draw(struct rvv *v, const struct view_env *env, struct canvas *c,
    int x, int y, int w, int h);

/* decide.c: 1 when action a decides something, or asks what to
 * decide (what a held view refuses). */
int decide_deciding(enum action a);

/* decide.c: carry out action a when it is a verdict or a question
 * about row (VIEW_NOROW: no row, nothing asked); 1 when it was one. */
int decide_key(struct rvv *v, struct view_env *env, enum action a,
    uint32_t row);

/* decide.c: decide the n-th most probable class (0-based) for row, or
 * say there is none. */
void decide_nth(struct rvv *v, struct view_env *env, uint32_t row,
    uint32_t n);

/* decide.c: the answer (env->answer, env->answer_tag) to a question
 * decide_key asked. */
void decide_answer(struct rvv *v, struct view_env *env);

#endif
