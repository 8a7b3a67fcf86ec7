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
 */
#include "views/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/filter.h"
#include "core/data/rowindex.h"
#include "core/data/order/rowsort.h"
#include "core/review/review.h"
#include "core/util/xalloc.h"
#include "views/lib/collayout.h"
#include "views/lib/listview.h"
#include "views/lib/reviewloop.h"
#include "views/lib/rowfind.h"
#include "views/lib/rowtext.h"

#define TABLE_SAMPLE 200
#define TABLE_MAXW_TEXT 40
#define TABLE_MAXW 24
#define TABLE_MINW 3
#define TABLE_NATURAL 200
#define TABLE_SORT_NOW 50000	/* rows sorted at once; more in a job */

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

static void
sorted_free(void *p)
{
	struct sorted *o = p;

	if (o) {
		free(o->row);
		free(o);
	}
}

/* The layout (an empty one when the application keeps none). */
static const struct collayout *
lay(const struct view_env *env)
{
	static const struct collayout none;

	return env->layout ? env->layout : &none;
}

/* The order o is for env's rows and the layout's sort. */
static int
order_fits(const struct sorted *o, const struct view_env *env)
{
	const struct collayout *l = lay(env);

	return o && o->gen == env->gen && o->nkeys == l->nsort &&
	    memcmp(o->keys, l->sort, l->nsort * sizeof *l->sort) == 0;
}

/* The rows shown, in the order shown: env->rows, or them sorted (tmp
 * lends the order's rows; it owns nothing). */
static const struct rowset *
shown(const struct tv *v, const struct view_env *env, struct rowset *tmp)
{
	if (lay(env)->nsort && order_fits(v->order, env)) {
		tmp->row = v->order->row;
		tmp->n = tmp->cap = v->order->n;
		return tmp;
	}
	return env->rows;
}

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
	sorted_free(v->order);
	rowfind_release(&v->find);
	rx_matcher_free(v->hl);
	free(v);
}

static int
numeric(const struct column *c)
{
	return coltype_numeric(c->type);
}

/* The rows of the file, not of env->t, are shown: how many, else 0.  A
 * sort shows the rows at hand (the sample's) instead. */
static uint64_t
file_rows(const struct view_env *env)
{
	return env->file_rows && lay(env)->nsort == 0 ?
	    rowindex_rows(env->file_rows) : 0;
}

/* The header of column c: its name, and its place in the sort. */
static void
head_text(const struct view_env *env, int c, int utf8, char *buf,
    size_t size)
{
	const struct collayout *l = lay(env);
	int desc = 0, k = collayout_sorted(l, c, &desc);
	char place[8] = "";

	if (k && l->nsort > 1)
		snprintf(place, sizeof place, "%d", k);
	snprintf(buf, size, "%s%s%s", env->t->col[c].name, !k ? "" : desc ?
	    (utf8 ? "\xe2\x86\x93" : "v") : (utf8 ? "\xe2\x86\x91" : "^"),
	    place);
}

/* Lay out for env: display order, widths, cursor position. */
static void
sync(struct tv *v, const struct view_env *env)
{
	const struct table *t = env->t;
	const struct rowset *rows = env->rows;
	const struct collayout *l = lay(env);
	int label = env->labels ? env->labels->col : -1;
	uint64_t i, step;
	size_t c, len;
	int w, cap, pass;
	char buf[24], head[300];

	if (!t || (v->gen == env->gen && v->t == t &&
	    v->lserial == l->serial))
		return;
	v->gen = env->gen;
	v->t = t;
	v->lserial = l->serial;
	free(v->disp);
	free(v->width);
	free(v->natural);
	free(v->base);
	v->disp = xcalloc(t->ncols + 1, sizeof *v->disp);
	v->width = xcalloc(t->ncols + 1, sizeof *v->width);
	v->natural = xcalloc(t->ncols + 1, sizeof *v->natural);
	v->base = xcalloc(t->ncols + 1, sizeof *v->base);
	/* the key, the label and the pinned columns, then the rest; none
	 * that is hidden */
	v->ndisp = 0;
	if (t->id_col >= 0 && !(collayout_flags(l, t->id_col) &
	    COLLAYOUT_HIDDEN))
		v->disp[v->ndisp++] = t->id_col;
	if (label >= 0 && label != t->id_col && !(collayout_flags(l, label) &
	    COLLAYOUT_HIDDEN))
		v->disp[v->ndisp++] = label;
	for (pass = 0; pass < 2; pass++) {
		for (c = 0; c < t->ncols; c++) {
			unsigned f = collayout_flags(l, (int)c);

			if ((int)c == t->id_col || (int)c == label ||
			    (f & COLLAYOUT_HIDDEN) ||
			    (!(f & COLLAYOUT_PINNED)) != pass)
				continue;
			v->disp[v->ndisp++] = (int)c;
		}
		if (pass == 0)
			v->nfrozen = v->ndisp;
	}
	if (v->left < v->nfrozen)
		v->left = v->nfrozen;
	if (v->left >= v->ndisp)
		v->left = v->ndisp > v->nfrozen ? v->ndisp - 1 : v->nfrozen;
	/* widths from the header and a spread of rows */
	step = rows->n / TABLE_SAMPLE + 1;
	for (c = 0; c < t->ncols; c++) {
		const struct column *col = &t->col[c];

		cap = col->type == COLTYPE_TEXT ? TABLE_MAXW_TEXT : TABLE_MAXW;
		head_text(env, (int)c, env->utf8, head, sizeof head);
		w = (int)safetext_width(head, strlen(head), env->utf8);
		for (i = 0; i < rows->n; i += step) {
			const char *s = table_cell(t, c, rows->row[i], &len);
			int cw = (int)safetext_width(s, len > 256 ? 256 : len,
			    env->utf8);

			if (cw > w)
				w = cw;
			if (w >= TABLE_NATURAL)
				break;
		}
		v->natural[c] = w > TABLE_NATURAL ? TABLE_NATURAL : w;
		if (w > cap)
			w = cap;
		if (w < TABLE_MINW)
			w = TABLE_MINW;
		v->width[c] = v->base[c] = w;
	}
	v->keyw = 0;
	if (t->id_col < 0)
		v->keyw = snprintf(buf, sizeof buf, "%llu",
		    (unsigned long long)(file_rows(env) ? file_rows(env) :
		    t->nrows));
	listview_clamp(&v->lv, rows->n);
}

/* Where row is in rows, the rows shown (ascending, or sorted). */
static uint64_t
pos_of(const struct rowset *rows, const struct view_env *env, uint32_t row)
{
	uint64_t i;

	if (rows == env->rows)
		return rowfind_pos(rows, row);
	for (i = 0; i < rows->n; i++)
		if (rows->row[i] == row)
			return i;
	return 0;
}

/* The cursor follows env->row and env->col, which other views and
 * commands (:goto, :col) may have moved. */
static void
track(struct tv *v, const struct view_env *env)
{
	struct rowset tmp;
	const struct rowset *rows = env->rows ? shown(v, env, &tmp) : NULL;
	int k;

	if (!rows)
		return;
	if (env->row != VIEW_NOROW && rows->n > 0 && (v->lv.cur >= rows->n ||
	    rows->row[v->lv.cur] != env->row))
		v->lv.cur = pos_of(rows, env, env->row);
	listview_clamp(&v->lv, rows->n);
	if (env->col >= 0 && (v->ci >= v->ndisp || v->disp[v->ci] !=
	    env->col))
		for (k = 0; k < v->ndisp; k++)
			if (v->disp[k] == env->col)
				v->ci = k;
	if (v->ci >= v->ndisp)
		v->ci = v->ndisp ? v->ndisp - 1 : 0;
}

static void
follow_row(struct tv *v, struct view_env *env)
{
	struct rowset tmp;
	const struct rowset *rows = env->rows ? shown(v, env, &tmp) : NULL;

	if (rows && v->lv.cur < rows->n)
		env->row = rows->row[v->lv.cur];
}

/* Draw one cell of text clipped to w, right-aligned for numbers. */
static void
cell(struct canvas *c, int x, int y, int w, const char *s, size_t len,
    int right, enum canvas_role role, unsigned attr)
{
	int sw;

	if (right) {
		sw = (int)safetext_width(s, len > 256 ? 256 : len, c->utf8);
		if (sw < w)
			x += w - sw;
	}
	canvas_text(c, x, y, w, s, len, role, attr);
}

/* Highlight what the last filter matched in s, drawn at x in w columns. */
static void
highlight(struct tv *v, struct canvas *c, int x, int y, int w,
    const char *s, size_t len, int right)
{
	size_t so, eo;
	int off, mw, sw;

	if (!v->hl || rx_exec(v->hl, s, len, 0, &so, &eo, NULL) != 1 ||
	    eo <= so)
		return;
	off = (int)safetext_width(s, so, c->utf8);
	mw = (int)safetext_width(s + so, eo - so, c->utf8);
	if (right) {
		sw = (int)safetext_width(s, len, c->utf8);
		if (sw < w)
			off += w - sw;
	}
	if (off >= w)
		return;
	if (off + mw > w)
		mw = w - off;
	canvas_style(c, x + off, y, mw, ROLE_MATCH, 0);
}

/* Columns from left that fit in avail columns of width; the index past
 * the last one shown. */
static int
fit_from(const struct tv *v, int left, int avail)
{
	int k, used = 0;

	for (k = left; k < v->ndisp; k++) {
		used += v->width[v->disp[k]] + 1;
		if (used > avail + 1)
			break;
	}
	return k;
}

/*
 * Room left over right of the last column shown goes to the capped
 * columns shown (text first), up to their widest cell, when every
 * column from left on fits.
 */
static void
spare(struct tv *v, int avail, int end)
{
	int k, used = 0, left, grow, pass;

	for (k = 0; k < v->ndisp; k++)
		v->width[v->disp[k]] = v->base[v->disp[k]];
	if (end < v->ndisp)
		return;
	for (k = v->left; k < end; k++)
		used += v->width[v->disp[k]] + 1;
	left = avail - used;
	for (pass = 0; pass < 2 && left > 0; pass++)
		for (k = v->left; k < end && left > 0; k++) {
			int c = v->disp[k];

			if (pass == 0 && v->t->col[c].type != COLTYPE_TEXT)
				continue;
			grow = v->natural[c] - v->width[c];
			if (grow > left)
				grow = left;
			if (grow > 0) {
				v->width[c] += grow;
				left -= grow;
			}
		}
}

static void
table_draw(void *st, const struct view_env *env, struct canvas *c, int x,
    int y, int w, int h)
{
	struct tv *v = st;
	const struct table *t = env->t;
	const struct rowset *rows;
	const struct review *rv = v->loop->review;
	const struct rx *hl_rx = env->find ? env->find : env->rx;
	int hl_col = env->find ? env->find_col : env->rx_col;
	int fx, sx, k, end, ry, label = env->labels ? env->labels->col : -1;
	int decided;
	uint64_t i, r, sr, base, nf = file_rows(env), n;
	struct listview *l = nf ? &v->flv : &v->lv;
	const struct table *src = t;
	struct rowset tmp;
	char key[24], head[300];
	size_t len;
	struct err e;

	if (!t)
		return;
	sync(v, env);
	track(v, env);
	rows = shown(v, env, &tmp);
	n = nf ? nf : rows->n;
	listview_scroll(l, n, h - 1);
	/* the last search's (else filter's) matches light up */
	if (v->hl_rx != hl_rx || v->hl_gen != env->gen + env->find_gen) {
		rx_matcher_free(v->hl);
		v->hl = hl_rx ? rx_matcher_new(hl_rx) : NULL;
		v->hl_rx = hl_rx;
		v->hl_gen = env->gen + env->find_gen;
	}
	/* frozen part */
	fx = x;
	canvas_fill(c, x, y, w, 1, ROLE_HEADER);
	if (v->keyw) {
		canvas_str_right(c, fx, y, v->keyw, "#", ROLE_HEADER,
		    CANVAS_BOLD);
		fx += v->keyw + 1;
	}
	for (k = 0; k < v->nfrozen; k++)
		fx += v->width[v->disp[k]] + 1;
	if (fx > x)
		fx += 2;		/* the separator and a space */
	/* scroll so the cursor column shows */
	if (v->ci >= v->nfrozen) {
		if (v->ci < v->left)
			v->left = v->ci;
		while (v->left < v->ci && fit_from(v, v->left, w - (fx - x)) <=
		    v->ci)
			v->left++;
	}
	end = fit_from(v, v->left, w - (fx - x));
	spare(v, w - (fx - x), end);
	/* header */
	sx = x + (v->keyw ? v->keyw + 1 : 0);
	for (k = 0; k < v->ndisp; k++) {
		int col, cw;

		if (k == v->nfrozen)
			sx = fx;
		if (k >= v->nfrozen && (k < v->left || k >= end))
			continue;
		col = v->disp[k];
		cw = v->width[col];
		if (sx >= x + w)
			break;
		head_text(env, col, c->utf8, head, sizeof head);
		cell(c, sx, y, cw < x + w - sx ? cw : x + w - sx, head,
		    strlen(head), numeric(&t->col[col]), k == v->ci ?
		    ROLE_CURSOR : ROLE_HEADER, CANVAS_BOLD);
		sx += cw + 1;
	}
	/* rows */
	for (ry = 0; ry < l->page; ry++) {
		int yy = y + 1 + ry, sel;

		i = l->top + (uint64_t)ry;
		if (i >= n)
			break;
		if (nf) {
			/* a row of the file, from its block */
			err_clear(&e);
			src = rowindex_block(env->file_rows, i, &base, &e);
			if (!src) {
				canvas_str(c, x + 2, yy, w - 4, e.msg,
				    ROLE_DIM, 0);
				break;
			}
			r = i;
			sr = i - base;
		} else
			r = sr = rows->row[i];
		sel = i == l->cur;
		decided = !nf && rv && r < rv->n && (rv->state[r] &
		    REVIEW_DECIDED);
		if (sel)
			canvas_fill(c, x, yy, w, 1, ROLE_SELECTED);
		if (v->keyw) {
			snprintf(key, sizeof key, "%llu",
			    (unsigned long long)r + 1);
			canvas_str_right(c, x, yy, v->keyw, key, sel ?
			    ROLE_SELECTED : decided ? ROLE_REVIEWED : ROLE_DIM,
			    decided ? CANVAS_BOLD : 0);
		}
		sx = x + (v->keyw ? v->keyw + 1 : 0);
		for (k = 0; k < v->ndisp; k++) {
			const struct column *col;
			const char *s;
			enum canvas_role role;
			int cw, dc, right;

			if (k == v->nfrozen) {
				if (fx > x)
					canvas_str(c, fx - 2, yy, 1,
					    canvas_glyph(c, GLYPH_SEP),
					    ROLE_FRAME, 0);
				sx = fx;
			}
			if (k >= v->nfrozen && (k < v->left || k >= end))
				continue;
			dc = v->disp[k];
			col = &t->col[dc];
			cw = v->width[dc];
			if (sx >= x + w)
				break;
			if (cw > x + w - sx)
				cw = x + w - sx;
			s = table_cell(src, (size_t)dc, sr, &len);
			right = numeric(col);
			role = sel && k == v->ci ? ROLE_CURSOR : sel ?
			    ROLE_SELECTED : decided ? ROLE_REVIEWED :
			    ROLE_NORMAL;
			if (decided && dc == label) {
				/* the reviewer's label, not the file's: an
				 * arrow for a new one, a tick for a kept one */
				uint32_t nc = rv->clamp[r];
				char lb[200];

				if (rv->state[r] & REVIEW_DROPPED)
					snprintf(lb, sizeof lb, "%s dropped",
					    c->utf8 ? "\xe2\x9c\x97" : "x");
				else
					snprintf(lb, sizeof lb, "%s %.180s",
					    (rv->state[r] & REVIEW_RELABELLED) ?
					    canvas_glyph(c, GLYPH_ARROW_R) :
					    c->utf8 ? "\xe2\x9c\x93" : "+",
					    nc < env->labels->k ?
					    env->labels->name[nc] : "?");
				cell(c, sx, yy, cw, lb, strlen(lb), 0, role,
				    CANVAS_BOLD);
			} else if (table_missing(src, (size_t)dc, sr)) {
				if (len == 0)
					cell(c, sx, yy, cw, canvas_glyph(c,
					    GLYPH_MISSING), strlen(canvas_glyph(
					    c, GLYPH_MISSING)), right, sel ?
					    role : ROLE_DIM, 0);
				else
					cell(c, sx, yy, cw, s, len, right,
					    sel ? role : ROLE_DIM, 0);
			} else {
				cell(c, sx, yy, cw, s, len, right, role,
				    dc == label ? CANVAS_BOLD : 0);
				if (v->hl && (hl_col == dc || (hl_col < 0 &&
				    filter_searchable(col))))
					highlight(v, c, sx, yy, cw, s, len,
					    right);
			}
			sx += v->width[dc] + 1;
		}
	}
	if (n == 0)
		canvas_str(c, x + 2, y + 2, w - 4, "no rows (u removes the "
		    "last filter)", ROLE_DIM, 0);
	else if (v->ndisp == 0)
		canvas_str(c, x + 2, y + 2, w - 4, "every column is hidden "
		    "(gv shows them)", ROLE_DIM, 0);
}

/* Say what the sort is now, after a change. */
static void
say_sort(const struct view_env *env, char *buf, size_t size)
{
	const struct collayout *l = lay(env);
	size_t k, o;

	if (l->nsort == 0) {
		snprintf(buf, size, "rows in file order");
		return;
	}
	o = (size_t)snprintf(buf, size, "sorted by");
	for (k = 0; k < l->nsort && o < size; k++)
		o += (size_t)snprintf(buf + o, size - o, "%s %s%s", k ? "," :
		    "", env->t->col[l->sort[k].col].name, l->sort[k].desc ?
		    " (largest first)" : "");
	if (env->file_rows)
		snprintf(buf + (o < size ? o : size - 1), size - (o < size ?
		    o : size - 1), ": the sample's rows");
}

/* [ ] z[ z]: sort by the cursor's column; [ or ] again on the only
 * key, the same way, puts the rows back in file order.  The cursor
 * goes to the first row of the new order. */
static unsigned
sort_by(struct tv *v, struct view_env *env, int col, int desc, int add)
{
	struct collayout *l = env->layout;
	int was = 0;

	if (!l)
		return 0;
	v->lv.cur = v->lv.top = 0;
	env->row = VIEW_NOROW;
	if (!add && l->nsort == 1 && l->sort[0].col == col &&
	    collayout_sorted(l, col, &was) && was == desc)
		collayout_unsort(l);
	else
		collayout_sort(l, col, desc, add);
	say_sort(env, env->req.msg, sizeof env->req.msg);
	return VIEW_HANDLED | VIEW_REDRAW | VIEW_RECOMPUTE;
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
	sync(v, env);
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
	uint64_t n, page, nf = file_rows(env), base;
	struct listview *l = nf ? &v->flv : &v->lv;
	const struct rowset *rows;
	const struct table *src;
	struct rowset tmp;
	int wrapped;
	int64_t p;
	struct err e;

	if (!env->t)
		return 0;
	sync(v, env);
	track(v, env);
	rows = shown(v, env, &tmp);
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
		return sort_by(v, env, v->disp[v->ci], a == ACT_SORT_DESC ||
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
	if (file_rows(env))
		snprintf(buf, size, "file row %s of %s",
		    canvas_fmt_count(v->flv.cur + 1, n1),
		    canvas_fmt_count(file_rows(env), n2));
	else
		snprintf(buf, size, "%srow %s of %s", v->sorting ?
		    "sorting... " : "", canvas_fmt_count(v->lv.cur + 1, n1),
		    canvas_fmt_count(env->rows->n, n2));
}

/* ---- the sort's job ------------------------------------------------ */

struct sort_in {
	const struct table *t;
	struct sorted *o;		/* the rows to sort, and for what */
};

static void
sort_in_free(void *p)
{
	struct sort_in *in = p;

	sorted_free(in->o);
	free(in);
}

static void *
sort_run(void *arg, const struct progress *p, struct err *e)
{
	struct sort_in *in = arg;
	struct sorted *o = in->o;

	if (rowsort(in->t, o->keys, o->nkeys, o->row, o->n, p, e) != 0)
		return NULL;
	in->o = NULL;
	return o;
}

/* The rows of env to sort by the layout's keys. */
static struct sorted *
to_sort(const struct view_env *env)
{
	const struct collayout *l = lay(env);
	struct sorted *o = xcalloc(1, sizeof *o);

	o->gen = env->gen;
	o->nkeys = l->nsort;
	memcpy(o->keys, l->sort, l->nsort * sizeof *l->sort);
	o->n = env->rows->n;
	o->row = xmalloc((o->n + 1) * sizeof *o->row);
	memcpy(o->row, env->rows->row, o->n * sizeof *o->row);
	return o;
}

static int
table_plan(void *st, const struct view_env *env, struct view_job *job)
{
	struct tv *v = st;
	struct sort_in *in;
	struct sorted *o;
	struct err e;

	sync(v, env);
	v->sorting = 0;
	if (!env->t || !env->rows || lay(env)->nsort == 0) {
		sorted_free(v->order);
		v->order = NULL;
		return 0;
	}
	if (order_fits(v->order, env))
		return 0;
	o = to_sort(env);
	if (o->n <= TABLE_SORT_NOW) {
		/* a few rows: at once, so the screen never shows them
		 * unsorted */
		if (rowsort(env->t, o->keys, o->nkeys, o->row, o->n, NULL,
		    &e) != 0) {
			sorted_free(o);
			return 0;
		}
		sorted_free(v->order);
		v->order = o;
		return 0;
	}
	in = xcalloc(1, sizeof *in);
	in->t = env->t;
	in->o = o;
	job->what = "sort";
	job->run = sort_run;
	job->in = in;
	job->in_free = sort_in_free;
	job->out_free = sorted_free;
	v->sorting = 1;
	return 1;
}

static void
table_adopt(void *st, const struct view_env *env, void *model,
    const struct err *e)
{
	struct tv *v = st;
	struct sorted *o = model;

	v->sorting = 0;
	if (!o) {
		/* cancelled: the header must not claim a sort */
		if (e && e->code == ERR_CANCEL && env->layout)
			collayout_unsort(env->layout);
		return;
	}
	if (!order_fits(o, env)) {
		sorted_free(o);
		return;
	}
	sorted_free(v->order);
	v->order = o;
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
	sync(v, env);
	rows = shown(v, env, &tmp);
	*n = rows->n;
	*what = env->file_rows && !lay(env)->nsort ? "rows of the sample "
	    "(:w writes the whole file)" : lay(env)->nsort ? "sorted rows" :
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
	.adopt = table_adopt,
	.draw = table_draw,
	.act = table_act,
	.where = table_where,
	.rows = table_rows,
};
