/*
 * columns.c - the column list: every column of the table with its type,
 * where the Table shows it (the key, the label, pinned at the left, or
 * hidden) and its place in the sort.  - hides a column or shows it
 * again, ! pins or unpins it, Enter goes back with the cursor on it.
 *
 * It changes the application's layout (views/lib/collayout.h), which
 * the Table follows; its own state is the cursor, a line per column in
 * the table's order.
 */
#include "views/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"
#include "views/lib/collayout.h"
#include "views/lib/listview.h"

#define COLUMNS_NAMEW 40

struct cv {
	struct listview lv;	/* lines: the table's columns */
	int placed;		/* the cursor went to env->col */
};

static void *
columns_open(struct view_env *env, void *data)
{
	struct cv *v = xcalloc(1, sizeof *v);

	(void)env;
	(void)data;
	listview_init(&v->lv, NULL);
	return v;
}

static void
columns_close(void *st)
{
	free(st);
}

/* What the Table does with column c: "key", "label", "pinned",
 * "hidden" or "". */
static const char *
place(const struct view_env *env, int c)
{
	unsigned f = env->layout ? collayout_flags(env->layout, c) : 0;

	if (f & COLLAYOUT_HIDDEN)
		return "hidden";
	if (c == env->t->id_col)
		return "key";
	if (env->labels && c == env->labels->col)
		return "label";
	return f & COLLAYOUT_PINNED ? "pinned" : "";
}

static void
columns_draw(void *st, const struct view_env *env, struct canvas *c, int x,
    int y, int w, int h)
{
	struct cv *v = st;
	const struct table *t = env->t;
	int namew = 6, i, xx, desc, k, nw;
	uint64_t row;
	char buf[32];

	if (!t)
		return;
	if (env->layout)
		collayout_fit(env->layout, t);
	if (!v->placed && env->col >= 0) {
		v->lv.cur = (uint64_t)env->col;
		v->placed = 1;
	}
	for (i = 0; i < (int)t->ncols; i++) {
		nw = (int)safetext_width(t->col[i].name,
		    strlen(t->col[i].name), c->utf8);
		if (nw > namew)
			namew = nw;
	}
	if (namew > COLUMNS_NAMEW)
		namew = COLUMNS_NAMEW;
	listview_scroll(&v->lv, t->ncols, h - 1);
	canvas_fill(c, x, y, w, 1, ROLE_HEADER);
	canvas_heads(c, x + 1, y, (const struct canvas_head[]){
		{ "#", 4, 1, 2 }, { "column", namew, 0, 2 },
		{ "type", 6, 0, 2 }, { "shown", 7, 0, 2 }, { "sort", 6, 0, 0 },
	}, 5);
	for (i = 0; i < v->lv.page; i++) {
		int yy = y + 1 + i, sel;
		const char *p;
		enum canvas_role role;

		row = v->lv.top + (uint64_t)i;
		if (row >= t->ncols)
			break;
		sel = row == v->lv.cur;
		p = place(env, (int)row);
		role = sel ? ROLE_SELECTED : strcmp(p, "hidden") == 0 ?
		    ROLE_DIM : ROLE_NORMAL;
		if (sel)
			canvas_fill(c, x, yy, w, 1, ROLE_SELECTED);
		xx = x + 1;
		snprintf(buf, sizeof buf, "%llu", (unsigned long long)row + 1);
		canvas_str_right(c, xx, yy, 4, buf, sel ? role : ROLE_DIM, 0);
		xx += 6;
		canvas_str(c, xx, yy, namew, t->col[row].name, role,
		    sel ? CANVAS_BOLD : 0);
		xx += namew + 2;
		canvas_str(c, xx, yy, 6, coltype_name(t->col[row].type), role,
		    0);
		xx += 8;
		canvas_str(c, xx, yy, 7, p, role, 0);
		xx += 9;
		k = env->layout ? collayout_sorted(env->layout, (int)row,
		    &desc) : 0;
		if (k) {
			/* the arrows of the Table's header */
			snprintf(buf, sizeof buf, "%s%d", desc ? (c->utf8 ?
			    "\xe2\x86\x93" : "v") : (c->utf8 ?
			    "\xe2\x86\x91" : "^"), k);
			canvas_str(c, xx, yy, 6, buf, role, 0);
		}
	}
}

static unsigned
columns_act(void *st, struct view_env *env, enum action a)
{
	struct cv *v = st;
	struct collayout *l = env->layout;
	const struct table *t = env->t;
	int col, label;
	unsigned f;

	if (!t || !l)
		return 0;
	collayout_fit(l, t);
	if (!v->placed && env->col >= 0) {
		v->lv.cur = (uint64_t)env->col;
		v->placed = 1;
	}
	if (listview_move(&v->lv, a, t->ncols))
		return VIEW_HANDLED | VIEW_REDRAW;
	col = (int)v->lv.cur;
	if (col >= (int)t->ncols)
		return 0;
	f = collayout_flags(l, col);
	label = env->labels ? env->labels->col : -1;
	switch (a) {
	case ACT_OPEN:
		/* back to the view below, on this column */
		if (f & COLLAYOUT_HIDDEN)
			collayout_set(l, col, COLLAYOUT_HIDDEN, 0);
		env->col = col;
		return VIEW_HANDLED | VIEW_CLOSE;
	case ACT_HIDE_COL:
		collayout_set(l, col, COLLAYOUT_HIDDEN,
		    !(f & COLLAYOUT_HIDDEN));
		snprintf(env->req.msg, sizeof env->req.msg, "%s %s",
		    t->col[col].name, f & COLLAYOUT_HIDDEN ? "shown" :
		    "hidden");
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_PIN_COL:
		return collayout_toggle_pin(l, t, label, col, env->req.msg,
		    sizeof env->req.msg) ? VIEW_HANDLED | VIEW_REDRAW :
		    VIEW_HANDLED;
	case ACT_SHOW_COLS:
		snprintf(env->req.msg, sizeof env->req.msg, "%zu hidden "
		    "column%s shown", collayout_nhidden(l),
		    collayout_nhidden(l) == 1 ? "" : "s");
		collayout_show_all(l);
		return VIEW_HANDLED | VIEW_REDRAW;
	default:
		return 0;
	}
}

static void
columns_where(void *st, const struct view_env *env, char *buf, size_t size)
{
	struct cv *v = st;
	size_t hidden = env->layout ? collayout_nhidden(env->layout) : 0;

	if (!env->t) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, size, "column %llu of %zu%s%.0zu%s",
	    (unsigned long long)v->lv.cur + 1, env->t->ncols,
	    hidden ? ", " : "", hidden, hidden ? " hidden" : "");
}

const struct view view_columns = {
	.name = "columns",
	.title = "Columns",
	.top = 0,
	.help = "Every column with its type, where the Table shows it (the "
	    "key, the label, pinned at the left, or hidden) and its place in "
	    "the sort. - hides the column or shows it again, ! pins it, gv "
	    "shows every column, Enter goes back with the cursor on it.",
	.open = columns_open,
	.close = columns_close,
	.draw = columns_draw,
	.act = columns_act,
	.where = columns_where,
};
