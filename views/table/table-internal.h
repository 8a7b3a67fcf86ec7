/*
 * table-internal.h - what the parts of the Table view share, and no one
 * else sees (the view itself is view_table, listed in views/registry.c).
 *
 * The view is one screen in four files, each with one idea:
 *
 *   ../table.c   the view: open and close, what each action does, where
 *                the cursor is, the rows it hands to :save
 *   layout.c     the columns laid out: display order (the key, the
 *                label and pinned columns first, none hidden), widths
 *                from a sample of rows, which fit, the room to spare;
 *                the cursor kept on a row and a column that exist
 *   grid.c       the grid drawn: header, rows, the reviewer's labels,
 *                missing cells, the last search's matches lit
 *   order.c      a sort: the rows in its order, computed at once for a
 *                few rows and in a job for many; the keys that set it
 *
 * The parts call down that list's reverse (grid.c uses layout.c and
 * order.c, layout.c uses order.c) and never into table.c: what they
 * all need is in this header.
 */
#ifndef WINNOW_TABLE_INTERNAL_H
#define WINNOW_TABLE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/rowindex.h"
#include "core/data/order/rowsort.h"
#include "views/view.h"
#include "views/lib/collayout.h"
#include "views/lib/listview.h"
#include "views/lib/reviewloop.h"
#include "views/lib/rowfind.h"

/* The order of a sort: the rows of env->rows for those keys. */
struct sorted {
	uint64_t gen;		/* env->gen of the rows */
	struct rowsort_key keys[COLLAYOUT_MAXSORT];
	size_t nkeys;
	uint32_t *row;
	uint64_t n;
};

struct tv {
	uint64_t gen;		/* env->gen the layout is for */
	const struct table *t;
	struct listview lv;	/* lines: positions in env->rows (no
				 * model) */
	struct listview flv;	/* lines: the file's rows (env->file_rows) */
	int *disp;		/* columns in display order: key, label,
				 * the rest */
	int ndisp, nfrozen;
	int ci;			/* cursor: index into disp */
	int left;		/* first scrolled column shown (index into
				 * disp, >= nfrozen) */
	int *width;		/* per table column: the width drawn */
	int *natural;		/* per table column: the widest cell seen
				 * (up to TABLE_NATURAL), for spare room */
	int *base;		/* per table column: width before spare room
				 * was shared out */
	int keyw;		/* row-number column, 0 with an id column */
	uint64_t lserial;	/* the layout's serial the layout is for */
	struct sorted *order;	/* the sort's order, or NULL */
	int sorting;		/* a job is sorting */
	struct rowfind find;
	const struct reviewloop *loop;	/* the decisions shown */
	const struct rx *hl_rx;	/* matcher for highlighting */
	uint64_t hl_gen;	/* env->gen + env->find_gen then */
	struct rx_matcher *hl;
};

/* The layout (an empty one when the application keeps none). */
static inline const struct collayout *
tv_lay(const struct view_env *env)
{
	static const struct collayout none;

	return env->layout ? env->layout : &none;
}

/* The rows of the file, not of env->t, are shown: how many, else 0.  A
 * sort shows the rows at hand (the sample's) instead. */
static inline uint64_t
tv_file_rows(const struct view_env *env)
{
	return env->file_rows && tv_lay(env)->nsort == 0 ?
	    rowindex_rows(env->file_rows) : 0;
}

/* layout.c: the header of column c (its name, and its place in the
 * sort) into buf of size bytes. */
void layout_head(const struct view_env *env, int c, int utf8, char *buf,
    size_t size);

/* layout.c: lay out for env (display order, widths, cursor position),
 * when the rows, the table or the layout changed since the last time. */
void layout_sync(struct tv *v, const struct view_env *env);

/* layout.c: the cursor follows env->row and env->col, which other views
 * and commands (:goto, :col) may have moved. */
void layout_track(struct tv *v, const struct view_env *env);

/* layout.c: the columns from left on that fit in avail columns of
 * width; the index (into v->disp) past the last one shown. */
int layout_fit(const struct tv *v, int left, int avail);

/* layout.c: the room right of the last column shown (end, from
 * layout_fit) goes to the capped columns shown, text first, up to their
 * widest cell, when every column from v->left on fits. */
void layout_spare(struct tv *v, int avail, int end);

/* grid.c: the view's draw (st: its struct tv). */
void grid_draw(void *st, const struct view_env *env, struct canvas *c,
    int x, int y, int w, int h);

/* order.c: free an order (NULL is fine); a job's out_free. */
void order_free(void *p);

/* order.c: 1 when o is for env's rows and the layout's sort. */
int order_fits(const struct sorted *o, const struct view_env *env);

/* order.c: the rows shown, in the order shown: env->rows, or them
 * sorted (tmp lends the order's rows; it owns nothing). */
const struct rowset *order_shown(const struct tv *v,
    const struct view_env *env, struct rowset *tmp);

/* order.c: [ ] z[ z]: sort by column col (desc: largest first; add:
 * as one more key); [ or ] again on the only key, the same way, puts
 * the rows back in file order.  The cursor goes to the first row of the
 * new order.  Returns the view's bits. */
unsigned order_by(struct tv *v, struct view_env *env, int col, int desc,
    int add);

/* order.c: the view's plan, once laid out: the order the layout's sort
 * asks for, at once for a few rows (0), else a job in *job (1). */
int order_plan(struct tv *v, const struct view_env *env,
    struct view_job *job);

/* order.c: the view's adopt (st: its struct tv): a sort's job done. */
void order_adopt(void *st, const struct view_env *env, void *model,
    const struct err *e);

#endif
