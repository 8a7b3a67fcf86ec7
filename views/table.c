/*
 * table.c - the rows, as a grid.
 *
 * The key (the --id column, or the row number) and the label stay at the
 * left; the other columns scroll sideways so that the cursor column is
 * always in sight.  Column widths come from the header and a sample of
 * up to TABLE_SAMPLE rows spread over the rowset, capped, so a long text
 * never eats the screen (Enter shows the whole row).  Numbers are
 * right-aligned; missing cells are dim; text the last filter matched is
 * highlighted in the filtered column.
 *
 * State: the cursor is a position in the rows shown; env->row and
 * env->col carry it to other views (the Record shows env->row).
 *
 * The columns follow the application's layout (views/lib/collayout.h):
 * hidden ones are left out, pinned ones join the key and the label at
 * the left, and a sort shows the rows in the order of its keys, each
 * marked in the header (an arrow, and its place when there are
 * several).  The order is computed from env->rows by core rowsort.h,
 * here for a few rows and in a background job for many; until it
 * comes, the rows show in file order.
 *
 * A file too big to load is shown on a sample; once the full pass has
 * indexed it (env->file_rows), the Table scrolls every row of the file
 * instead while no filter is on, each page read from the file (core
 * rowindex.h keeps the last blocks read).  Its cursor is then a row of
 * the file, kept apart from the sample's; widths and types stay the
 * sample's, the other views stay on the sample.
 *
 * This file is the view itself: open and close, what each action does,
 * where the cursor is.  The layout, the grid and the sort are parts of
 * their own in views/table/ (table-internal.h lists them).
 */
#include "views/table/table-internal.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/util/xalloc.h"
#include "views/lib/rowtext.h"

static void *
table_open(struct view_env *env, void *data)
{
	struct tv *v = xcalloc(1, sizeof *v);

	(void)env;
	v->loop = data;
	rowfind_init(&v->find);
	listview_init(&v->lv, NULL);
	listview_init(&v->flv, NULL);
	return v;
}

static void
table_close(void *st)
{
	struct tv *v = st;

	free(v->disp);
	free(v->width);
	free(v->natural);
	free(v->base);
	order_free(v->order);
	rowfind_release(&v->find);
	rx_matcher_free(v->hl);
	free(v);
}

static void
follow_row(struct tv *v, struct view_env *env)
{
	struct rowset tmp;
	const struct rowset *rows = env->rows ? order_shown(v, env, &tmp) :
	    NULL;

	if (rows && v->lv.cur < rows->n)
		env->row = rows->row[v->lv.cur];
}

/* - and !: hide or pin the cursor's column. */
static unsigned
hide_pin(struct tv *v, struct view_env *env, enum action a)
{
	struct collayout *l = env->layout;
	int col, label = env->labels ? env->labels->col : -1;

	if (!l || v->ci >= v->ndisp)
		return VIEW_HANDLED;
	col = v->disp[v->ci];
	if (a == ACT_PIN_COL) {
		if (!collayout_toggle_pin(l, env->t, label, col,
		    env->req.msg, sizeof env->req.msg))
			return VIEW_HANDLED;
	} else {
		collayout_set(l, col, COLLAYOUT_HIDDEN, 1);
		snprintf(env->req.msg, sizeof env->req.msg, "%s hidden (gv "
		    "shows every column, C lists them)",
		    env->t->col[col].name);
	}
	/* the cursor stays on the same place: the next column */
	layout_sync(v, env);
	if (v->ci >= v->ndisp)
		v->ci = v->ndisp ? v->ndisp - 1 : 0;
	if (a == ACT_PIN_COL)
		for (v->ci = 0; v->ci + 1 < v->ndisp && v->disp[v->ci] != col;
		    v->ci++)
			;
	env->col = v->ndisp ? v->disp[v->ci] : -1;
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* y and Y: the cell under the cursor, or the row as a CSV record, of
 * row sr of src. */
static unsigned
copy(struct tv *v, struct view_env *env, enum action a,
    const struct table *src, uint64_t sr)
{
	if (v->ci >= v->ndisp)
		return VIEW_HANDLED;
	if (a == ACT_COPY_CELL) {
		env->req.copy = rowtext_cell(src, (size_t)v->disp[v->ci], sr,
		    &env->req.copy_len);
		env->req.copy_what = "cell";
	} else {
		env->req.copy = rowtext_record(src, sr, &env->req.copy_len);
		env->req.copy_what = "row";
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static unsigned
table_act(void *st, struct view_env *env, enum action a)
{
	struct tv *v = st;
	uint64_t n, page, nf = tv_file_rows(env), base;
	struct listview *l = nf ? &v->flv : &v->lv;
	const struct rowset *rows;
	const struct table *src;
	struct rowset tmp;
	int wrapped;
	int64_t p;
	struct err e;

	if (!env->t)
		return 0;
	layout_sync(v, env);
	layout_track(v, env);
	rows = order_shown(v, env, &tmp);
	n = nf ? nf : rows->n;
	page = (uint64_t)(l->page > 1 ? l->page : 1);
	if (a == ACT_HALF_UP || a == ACT_HALF_DOWN)
		page = page / 2 ? page / 2 : 1;
	switch (a) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_TOP:
	case ACT_BOTTOM:
		listview_move(l, a, n);
		break;
	case ACT_PAGE_UP:
	case ACT_HALF_UP:
		/* the rows shown move by a page with the cursor */
		listview_move(l, a, n);
		l->top = l->top > page ? l->top - page : 0;
		break;
	case ACT_PAGE_DOWN:
	case ACT_HALF_DOWN:
		listview_move(l, a, n);
		l->top += page;
		if (l->top > l->cur)
			l->top = l->cur;
		break;
	case ACT_LEFT:
		if (v->ci > 0)
			v->ci--;
		break;
	case ACT_RIGHT:
		if (v->ci + 1 < v->ndisp)
			v->ci++;
		break;
	case ACT_FIRST_COL:
		v->ci = 0;
		v->left = v->nfrozen;
		break;
	case ACT_LAST_COL:
		v->ci = v->ndisp ? v->ndisp - 1 : 0;
		break;
	case ACT_OPEN:
		if (n == 0)
			return VIEW_HANDLED;
		if (nf) {
			snprintf(env->req.msg, sizeof env->req.msg, "the "
			    "Record shows the sample's rows: the file's show "
			    "here");
			return VIEW_HANDLED | VIEW_REDRAW;
		}
		follow_row(v, env);
		env->req.push = "record";
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		if (nf && (env->find || env->rx)) {
			snprintf(env->req.msg, sizeof env->req.msg, "n and N "
			    "search the sample: | filters it");
			return VIEW_HANDLED;
		}
		p = rowfind_step(&v->find, env, rows, v->lv.cur, a, &wrapped,
		    &e);
		if (p == -2)
			return VIEW_HANDLED;
		if (p < 0) {
			snprintf(env->req.msg, sizeof env->req.msg, "%.190s",
			    e.code ? e.msg : "no match");
			env->req.msg_level = e.code ? VIEW_ERROR : VIEW_INFO;
		} else {
			v->lv.cur = (uint64_t)p;
			if (wrapped)
				snprintf(env->req.msg, sizeof env->req.msg,
				    "search wrapped");
		}
		break;
	case ACT_SORT_ASC:
	case ACT_SORT_DESC:
	case ACT_SORT_ADD_ASC:
	case ACT_SORT_ADD_DESC:
		if (v->ci >= v->ndisp)
			return VIEW_HANDLED;
		return order_by(v, env, v->disp[v->ci], a == ACT_SORT_DESC ||
		    a == ACT_SORT_ADD_DESC, a == ACT_SORT_ADD_ASC ||
		    a == ACT_SORT_ADD_DESC);
	case ACT_HIDE_COL:
	case ACT_PIN_COL:
		return hide_pin(v, env, a);
	case ACT_SHOW_COLS:
		if (env->layout) {
			size_t k = collayout_show_all(env->layout);

			snprintf(env->req.msg, sizeof env->req.msg, "%zu "
			    "hidden column%s shown", k, k == 1 ? "" : "s");
		}
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_COLUMNS:
		env->req.push = "columns";
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_COPY_CELL:
	case ACT_COPY_ROW:
		if (n == 0)
			return VIEW_HANDLED;
		if (!nf)
			return copy(v, env, a, env->t, rows->row[l->cur]);
		err_clear(&e);
		src = rowindex_block(env->file_rows, l->cur, &base, &e);
		if (!src) {
			snprintf(env->req.msg, sizeof env->req.msg, "%.190s",
			    e.msg);
			env->req.msg_level = VIEW_ERROR;
			return VIEW_HANDLED;
		}
		return copy(v, env, a, src, l->cur - base);
	default:
		return 0;
	}
	if (v->ci < v->ndisp)
		env->col = v->disp[v->ci];
	if (!nf)
		follow_row(v, env);
	return VIEW_HANDLED | VIEW_REDRAW;
}

static void
table_where(void *st, const struct view_env *env, char *buf, size_t size)
{
	struct tv *v = st;
	char n1[32], n2[32];

	if (!env->t || !env->rows || env->rows->n == 0) {
		buf[0] = '\0';
		return;
	}
	if (tv_file_rows(env))
		snprintf(buf, size, "file row %s of %s",
		    canvas_fmt_count(v->flv.cur + 1, n1),
		    canvas_fmt_count(tv_file_rows(env), n2));
	else
		snprintf(buf, size, "%srow %s of %s", v->sorting ?
		    "sorting... " : "", canvas_fmt_count(v->lv.cur + 1, n1),
		    canvas_fmt_count(env->rows->n, n2));
}

static int
table_plan(void *st, const struct view_env *env, struct view_job *job)
{
	struct tv *v = st;

	layout_sync(v, env);
	return order_plan(v, env, job);
}

static const uint32_t *
table_rows(void *st, const struct view_env *env, uint64_t *n,
    const char **what)
{
	struct tv *v = st;
	struct rowset tmp;
	const struct rowset *rows;

	if (!env->t || !env->rows)
		return NULL;
	layout_sync(v, env);
	rows = order_shown(v, env, &tmp);
	*n = rows->n;
	*what = env->file_rows && !tv_lay(env)->nsort ? "rows of the sample "
	    "(:w writes the whole file)" : tv_lay(env)->nsort ? "sorted rows" :
	    "rows";
	return rows->row;
}

const struct view view_table = {
	.name = "table",
	.title = "Table",
	.top = 2,
	.data = VIEW_DATA_REVIEW,
	.help = "The rows, one per line. The key, the label and pinned "
	    "columns stay at the left; the other columns scroll sideways "
	    "with the cursor. Enter shows the whole row. [ and ] sort by the "
	    "cursor's column (z[ and z] add it to the sort; missing cells "
	    "come last), - hides it and ! pins it, C lists the columns. / "
	    "searches the cursor's column and n and N jump between matches; "
	    "| filters the rows instead. y copies the cell, Y the row.",
	.open = table_open,
	.close = table_close,
	.plan = table_plan,
	.adopt = order_adopt,
	.draw = grid_draw,
	.act = table_act,
	.where = table_where,
	.rows = table_rows,
};
