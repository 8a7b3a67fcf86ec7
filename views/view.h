/*
 * view.h - what a screen is.
 *
 * Every view is one file in views/ exporting one const struct view.  A
 * view keeps its own state (cursor, scroll, sort order) behind a void
 * pointer made by open() and freed by close().  It reads the data through
 * a struct view_env the application owns (what every view sees) and,
 * when it takes part in something bigger than a screen (the review
 * loop), through the data open() hands it (what only such views see),
 * draws into a canvas, and
 * handles actions (never keys: tui/keymap.c maps keys to actions in the
 * context named after the view).  Views never call each other or the
 * terminal; they ask the application for things through env->req: open
 * another view (by name), drill down into a set of rows, show a message,
 * ask the user for a value.
 *
 * Anything expensive is a model built off the UI thread: after open()
 * and whenever the environment changes (env->gen) or act() returns
 * VIEW_RECOMPUTE, the application calls plan(); when it fills a job, the
 * job runs in the background with progress and cancellation, and its
 * result comes back through adopt().  draw() only draws what is there.
 *
 * The job's input may point into the environment (the table, labels,
 * rows): the application cancels and waits for every job before it
 * changes any of them.
 */
#ifndef WINNOW_VIEW_H
#define WINNOW_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"
#include "core/data/labels.h"
#include "core/util/progress.h"
#include "core/data/rowset.h"
#include "core/data/filter/rx.h"
#include "core/data/table.h"
#include "views/lib/action.h"
#include "views/lib/canvas.h"

struct summary;
struct rowindex;
struct collayout;

#define VIEW_NOROW UINT32_MAX

enum view_msg_level { VIEW_INFO, VIEW_WARN, VIEW_ERROR };

/* Requests from a view to the application, cleared before each call. */
struct view_req {
	const char *push;		/* open the view of that name on top */
	int drill;			/* first push drill_rows as a filter */
	struct rowset drill_rows;	/* the app takes these rows */
	char drill_desc[200];		/* "label = setosa" */
	char msg[200];			/* a message for the status line */
	enum view_msg_level msg_level;
	int ask;			/* >0: prompt the user; the answer
					 * comes back as ACT_ANSWER with this
					 * tag in env->answer_tag */
	char ask_title[64];		/* "rows axis" */
	int ask_columns;		/* complete with column names */
	int ask_labels;			/* complete with class names */
	char *copy;			/* text for the clipboard (malloc'd;
					 * the app takes it), copy_len bytes */
	size_t copy_len;
	const char *copy_what;		/* "cell", "row" */
	int ask_yesno;			/* a yes/no question: y or n answers
					 * at once ("y" or "n"; Esc: "n") */
};

/*
 * A key of the view, for a hint line the view draws itself: the keys
 * and words come from the key table (tui/keymap.c), in its order.
 */
struct view_hint {
	enum action act;		/* what the key does */
	char keys[40];			/* "a", "Space", "1-9" */
	const char *word;		/* "accept" */
};

/* What every view sees; owned by the application. */
struct view_env {
	const char *path;		/* the dataset as named by the user */
	const struct table *t;		/* NULL while loading */
	const struct labels *labels;	/* NULL when there is no label */
	const struct rowset *rows;	/* the rows views show (filtered and
					 * maybe sampled), ascending */
	const struct rowset *all;	/* the rows passing the filters, before
					 * sampling (== rows when not sampled) */
	uint64_t filtered;		/* all->n */
	int sampled;			/* rows is a sample of them */
	uint64_t gen;			/* changes with t, labels or rows */
	const struct rx *rx;		/* the last filter pattern, or NULL */
	int rx_col;			/* its column, -1 for every text one */
	/* the last search (/ and g/), NULL when none or when a filter came
	 * after it: n and N look for it, else for rx; find_gen changes with
	 * it */
	const struct rx *find;
	int find_col;			/* its column, -1 for every text one */
	uint64_t find_gen;
	/* the Table's columns: hidden, pinned, the sort (owned by the
	 * application; views change it) */
	struct collayout *layout;
	int utf8, mono;			/* how the terminal shows things */
	int threads;			/* for jobs: 0 = online cores */
	int view_w, view_h;		/* size of the view's area */

	/* the focus, shared by the views: they read and write it */
	int col;			/* current column, or -1 */
	uint32_t row;			/* current row, or VIEW_NOROW */

	/* the view's keys for a hint line, nhints of them */
	const struct view_hint *hints;
	size_t nhints;

	/*
	 * A big file opens on a sample of byte ranges (sample_note says so,
	 * NULL otherwise) while a full pass runs; when the file is too big
	 * to load, the pass ends in a summary of every row: full_sum, whose
	 * value ids are full_t's (names, types and the values it names; no
	 * rows).  NULL until then.
	 */
	const char *sample_note;
	const struct summary *full_sum;
	const struct table *full_t;
	/* and every row of that file, read from it on demand through a
	 * sparse offset index (core rowindex.h), which the Table scrolls
	 * while no filter is on: NULL otherwise.  The UI thread's only. */
	struct rowindex *file_rows;

	/* a running job, for views that show progress (loading) */
	const char *job_what;
	uint64_t job_done, job_total;
	double job_secs;

	/* ACT_ANSWER: what the user typed at the view's prompt */
	const char *answer;
	int answer_tag;

	struct view_req req;
};

/* Bits returned by act(). */
enum {
	VIEW_HANDLED = 1,	/* the action meant something here */
	VIEW_REDRAW = 2,	/* the screen changed */
	VIEW_RECOMPUTE = 4,	/* call plan() again: the model is stale */
	VIEW_CLOSE = 8		/* close this view (like ACT_BACK) */
};

/* A background computation that builds a view's model. */
struct view_job {
	const char *what;		/* shown with the progress */
	/* runs off the UI thread; returns the model or NULL with e */
	void *(*run)(void *in, const struct progress *p, struct err *e);
	void *in;
	void (*in_free)(void *in);	/* may be NULL */
	void (*out_free)(void *out);	/* frees a model nobody adopted
					 * (never given NULL) */
};

/* What open() gets as its data besides the environment. */
enum view_data {
	VIEW_DATA_NONE,		/* NULL */
	VIEW_DATA_REVIEW	/* the review loop: struct reviewloop
				 * (views/lib/reviewloop.h) */
};

struct view {
	const char *name;	/* "table": also its key context */
	const char *title;	/* "Table" */
	int top;		/* > 0: a top-level view, in Tab order */
	const char *help;	/* a paragraph for the help overlay */
	enum view_data data;	/* what open() gets as data */

	/*
	 * open() makes the view's state (NULL: it keeps none; open may be
	 * NULL too), with data as .data says, valid until close().  close()
	 * frees a state open() made, never NULL; it may be NULL when there
	 * is nothing to free.
	 */
	void *(*open)(struct view_env *env, void *data);
	void (*close)(void *st);
	/* may be NULL: the view has no model */
	int (*plan)(void *st, const struct view_env *env,
	    struct view_job *job);
	void (*adopt)(void *st, const struct view_env *env, void *model,
	    const struct err *e);
	void (*draw)(void *st, const struct view_env *env, struct canvas *c,
	    int x, int y, int w, int h);
	/* may be NULL: no action means anything here */
	unsigned (*act)(void *st, struct view_env *env, enum action a);
	/*
	 * may be NULL: the view shows env->rows.  The rows the view shows,
	 * in its order, for :save: *n of them (borrowed until the next
	 * draw or act), *what a few words for them ("flagged rows").
	 */
	const uint32_t *(*rows)(void *st, const struct view_env *env,
	    uint64_t *n, const char **what);
	/* may be NULL: a few words for the status line ("row 3 of 150") */
	void (*where)(void *st, const struct view_env *env, char *buf,
	    size_t size);
	/*
	 * may be NULL: the key context of a mode the view is in (its keys
	 * in tui/keymap.c, "review-pick"), or NULL for the view's own.  A
	 * mode's keys are looked up before the global ones, in place of the
	 * view's, and show in the hint line and the footer: the mode is
	 * visible.
	 */
	const char *(*mode)(void *st);
};

/* Every view, for the application's registry (views/registry.c). */
extern const struct view *const view_all[];

/* The view called name, or NULL. */
const struct view *view_find(const char *name);

#endif
