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

/*
 * What a list view with a model tells the helper, once (a const per
 * view).  The hooks get the view's state; all but input may be NULL.
 */
struct listview_kind {
	const char *what;		/* the job, named with its progress */
	const char *doing;		/* shown while there is no model yet:
					 * "computing the histogram" */
	void *(*run)(void *in, const struct progress *p, struct err *e);
	void (*in_free)(void *in);	/* NULL: the input needs no freeing */
	void (*model_free)(void *model);	/* never given NULL */
	/* The job's input for env, or NULL when the model is up to date
	 * (or cannot be built). */
	void *(*input)(void *st, const struct view_env *env);
	/* A new model came (lv.model). */
	void (*adopted)(void *st, const struct view_env *env);
	/* The status line's words once there is a model. */
	void (*where)(void *st, const struct view_env *env, char *buf,
	    size_t size);
	/* Free what the state holds besides the model (never NULL). */
	void (*release)(void *st);
};

struct listview {
	const struct listview_kind *kind;	/* NULL: a cursor only */
	void *model;			/* NULL until a job built one */
	uint64_t gen;			/* env->gen of the model asked for
					 * last, 0 after a failure */
	int busy;			/* a job is building a model */
	char err[200];			/* why there is none */
	uint64_t cur, top;		/* the cursor line, the first shown */
	int page;			/* lines shown at the last draw */
};

/* What a cancelled computation adds to its message: Ctrl-L (redraw)
 * plans every model again. */
extern const char listview_again[];

/*
 * The cancel check of a job (a kind's run) that builds its model in one
 * step: report that step as starting (0 of 1, named what) and return 0,
 * or, when the job is cancelled, set e to "<what> cancelled" and return
 * -1.  The job reports the step done (1 of 1) when the model is built.
 */
int listview_begin(const struct progress *p, const char *what,
    struct err *e);

/* An empty list of that kind (NULL: a cursor only, no model). */
void listview_init(struct listview *lv, const struct listview_kind *kind);

/*
 * A view's state of size bytes that starts with its struct listview:
 * zeroed, the list as listview_init made it.
 */
void *listview_new(size_t size, const struct listview_kind *kind);

/*
 * The functions of struct view for such a state: close() frees what the
 * kind's release frees, the model and the state; plan() asks the kind
 * for the input of a job (none without a table); adopt() takes the
 * job's model (then the kind's adopted) or keeps why there is none
 * ("... (Ctrl-L computes it again)" when it was cancelled); where()
 * says "computing" until there is a model, then what the kind says.
 */
void listview_close(void *st);
int listview_plan(void *st, const struct view_env *env,
    struct view_job *job);
void listview_adopt(void *st, const struct view_env *env, void *model,
    const struct err *e);
void listview_where(void *st, const struct view_env *env, char *buf,
    size_t size);

/*
 * Without a model, say why in the view's area (the kind's doing while a
 * job runs) and return 1; with one, return 0.
 */
int listview_waiting(const struct listview *lv, struct canvas *c, int x,
    int y, int w);

/* Keep the cursor on one of n lines. */
void listview_clamp(struct listview *lv, uint64_t n);

/* Lay out n lines in h rows of the screen: clamp the cursor, remember
 * the page and scroll so that the cursor shows and the page holds as
 * many lines as it can (no blank rows below the last line while lines
 * above the first are hidden). */
void listview_scroll(struct listview *lv, uint64_t n, int h);

/* A vertical move over n lines (action_move, a page being the lines
 * shown last): VIEW_HANDLED | VIEW_REDRAW, or 0 when a is no move. */
unsigned listview_move(struct listview *lv, enum action a, uint64_t n);

/*
 * Enter on a line of a model built for other data than env's (stale):
 * say so (what: "the histogram is being recomputed") and return 1; else
 * return 0.
 */
int listview_stale(struct view_env *env, int stale, const char *what);

/*
 * Ask the application to show rows (taken) in the Table under a filter
 * env->req.drill_desc describes; with no rows, release them and say so
 * instead.
 */
void listview_drill(struct view_env *env, struct rowset *rows);

#endif
