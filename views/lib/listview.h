/*
 * listview.h - what the views that list lines have in common, as tmux's
 * mode-tree.c serves its modes: the model a background job builds (the
 * job, its adoption, why there is none and how to try again), a cursor
 * over the lines with the scroll that keeps it in sight, the vertical
 * moves, and the drill from a line into its rows.
 *
 * A view embeds a struct listview and keeps the rest of its state
 * itself; a view without a model uses only the cursor part.
 *
 * Invariants: model is NULL or the last model adopted, owned here (freed
 * by model_free); after listview_scroll(), top <= cur < top + page and
 * cur < n (cur is 0 when there are no lines).
 */
#ifndef WINNOW_LISTVIEW_H
#define WINNOW_LISTVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "views/view.h"

struct listview {
	void *model;			/* NULL until a job built one */
	void (*model_free)(void *model);
	uint64_t gen;			/* env->gen of the model asked for
					 * last, 0 after a failure */
	int busy;			/* a job is building a model */
	char err[200];			/* why there is none (shown instead) */
	uint64_t cur, top;		/* the cursor line, the first shown */
	int page;			/* lines shown at the last draw */
};

/* What a cancelled computation adds to its message: Ctrl-L (redraw)
 * plans every model again. */
extern const char listview_again[];

/* An empty list whose models model_free frees (NULL: no model). */
void listview_init(struct listview *lv, void (*model_free)(void *model));
void listview_release(struct listview *lv);

/*
 * A view's state of size bytes that starts with its struct listview:
 * zeroed, the list as listview_init made it.  listview_close (a view's
 * close()) frees the model and the state.
 */
void *listview_new(size_t size, void (*model_free)(void *model));
void listview_close(void *st);

/*
 * Fill job to build a model for env with run(in) (what: shown with the
 * progress; in_free frees in, may be NULL); the list is busy until
 * listview_adopt.  Returns 1, as a view's plan() does for a job.
 */
int listview_plan(struct listview *lv, const struct view_env *env,
    struct view_job *job, const char *what,
    void *(*run)(void *in, const struct progress *p, struct err *e),
    void *in, void (*in_free)(void *in));

/*
 * Take a job's result: the model replaces the old one and is returned;
 * NULL (the job failed, with e) keeps the old model, keeps the message
 * to show instead ("... (Ctrl-L computes it again)" when it was
 * cancelled), and returns NULL.
 */
void *listview_adopt(struct listview *lv, void *model, const struct err *e);

/*
 * Without a model, say why in the view's area (doing: "computing the
 * histogram" while a job runs) and return 1; with one, return 0.
 */
int listview_waiting(const struct listview *lv, struct canvas *c, int x,
    int y, int w, const char *doing);

/* Without a model, the status line's words ("computing" or nothing) into
 * buf and 1; with one, 0. */
int listview_where(const struct listview *lv, char *buf, size_t size);

/* Keep the cursor on one of n lines. */
void listview_clamp(struct listview *lv, uint64_t n);

/* Lay out n lines in h rows of the screen: clamp the cursor, remember
 * the page and scroll so that the cursor shows. */
void listview_scroll(struct listview *lv, uint64_t n, int h);

/* A vertical move over n lines (action_move, a page being the lines
 * shown last): VIEW_HANDLED | VIEW_REDRAW, or 0 when a is no move. */
unsigned listview_move(struct listview *lv, enum action a, uint64_t n);

/*
 * Ask the application to show rows (taken) in the Table under a filter
 * env->req.drill_desc describes; with no rows, release them and say so
 * instead.
 */
void listview_drill(struct view_env *env, struct rowset *rows);

#endif
