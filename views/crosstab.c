/*
 * crosstab.c - two columns against each other: Facets Dive as a grid.
 *
 * Down the side the categories of one column, across those of another
 * (the label and the current column to begin with); numbers are binned,
 * rare values folded into "other", missing is a category of its own.
 * Each cell shows its count behind a shade glyph ( .:#) that, with
 * colours, is also the cell's background; totals close each row and
 * column.  r and c choose the columns (a prompt with completion), x
 * swaps them, L shades by the logarithm of the count.  Enter opens the
 * rows of the cell under the cursor, or of a whole row or column on the
 * totals.
 */
#include "views/view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats/crosstab.h"
#include "core/util/xalloc.h"
#include "views/lib/fmt.h"
#include "views/lib/listview.h"

#define CT_SIDEW 16
#define CT_CELLW 8		/* 10 on wide screens */
#define CT_TOP 12		/* string values per axis before "other" */

enum { ASK_ROWS = 1, ASK_COLS };

struct ct_in {
	const struct table *t;
	const struct rowset *rows;
	int a, b;
	uint64_t gen;
};

struct ct_model {
	struct crosstab ct;
	int a, b;
	uint64_t gen;
	const struct rowset *set;
};

/*
 * The list's lines are the grid's rows, lv.cur the cursor's: the cursor
 * is on cell (lv.cur, cj); row nr is the totals row, column nc the
 * totals column.
 */
struct cv {
	struct listview lv;
	struct ct_model *m;		/* lv.model, typed */
	int a, b;			/* the axes wanted (columns) */
	uint32_t cj, left;
	int cols;
	int cellw;
	int log;
};

static void
model_free(void *p)
{
	struct ct_model *m = p;

	crosstab_release(&m->ct);
	free(m);
}

static void *
model_run(void *arg, const struct progress *p, struct err *e)
{
	struct ct_in *in = arg;
	struct ct_model *m;
	struct crosstab_opts o;

	if (listview_begin(p, "crosstab", e) < 0)
		return NULL;
	m = xcalloc(1, sizeof *m);
	crosstab_opts_init(&o);
	o.top = CT_TOP;
	crosstab_build(&m->ct, in->t, (size_t)in->a, (size_t)in->b, in->rows,
	    &o);
	m->a = in->a;
	m->b = in->b;
	m->gen = in->gen;
	m->set = in->rows;
	progress_step(p, "crosstab", 1, 1);
	return m;
}

/* The axes by default: the label down the side and the current column
 * across (without a label: the current column and the next). */
static void
defaults(struct cv *v, const struct view_env *env)
{
	int n = (int)env->t->ncols;

	if (v->a >= n)
		v->a = -1;
	if (v->b >= n)
		v->b = -1;
	if (v->a < 0)
		v->a = env->labels ? env->labels->col : env->col >= 0 ?
		    env->col : 0;
	if (v->b < 0) {
		v->b = env->col >= 0 ? env->col : 0;
		if (v->b == v->a)
			v->b = (v->a + 1) % n;
	}
}

/* A job's input when the model is not for env or the axes. */
static void *
cv_input(void *st, const struct view_env *env)
{
	struct cv *v = st;
	struct ct_in *in;

	if (env->t->ncols == 0)
		return NULL;
	defaults(v, env);
	if (v->m && v->m->gen == env->gen && v->m->a == v->a &&
	    v->m->b == v->b)
		return NULL;
	in = xcalloc(1, sizeof *in);
	in->t = env->t;
	in->rows = env->rows;
	in->a = v->a;
	in->b = v->b;
	in->gen = env->gen;
	return in;
}

static void
cv_adopted(void *st, const struct view_env *env)
{
	struct cv *v = st;

	(void)env;
	v->m = v->lv.model;
	listview_clamp(&v->lv, (uint64_t)v->m->ct.nr + 1);
	if (v->cj > v->m->ct.nc)
		v->cj = v->m->ct.nc;
}

static void
cv_where(void *st, const struct view_env *env, char *buf, size_t size)
{
	struct cv *v = st;

	(void)env;
	snprintf(buf, size, "cell %u, %u of %u x %u", (uint32_t)v->lv.cur + 1,
	    v->cj + 1, v->m->ct.nr + 1, v->m->ct.nc + 1);
}

static const struct listview_kind cv_kind = {
	.what = "crosstab",
	.doing = "computing the crosstab",
	.run = model_run,
	.in_free = free,
	.model_free = model_free,
	.input = cv_input,
	.adopted = cv_adopted,
	.where = cv_where,
};

static void *
cv_open(struct view_env *env, void *data)
{
	struct cv *v = listview_new(sizeof *v, &cv_kind);

	(void)env;
	(void)data;
	v->a = v->b = -1;
	return v;
}

/* Shade level 0 .. 4 of a count against the largest cell. */
static int
shade(const struct cv *v, uint64_t n, uint64_t max)
{
	double f;

	if (n == 0 || max == 0)
		return 0;
	f = v->log ? log1p((double)n) / log1p((double)max) :
	    (double)n / (double)max;
	return f > 0.75 ? 4 : f > 0.5 ? 3 : f > 0.25 ? 2 : 1;
}

static void
cell(const struct cv *v, struct canvas *c, int x, int y, int w, uint64_t n,
    uint64_t max, int sel, int total)
{
	static const enum canvas_role heat[5] = {
		ROLE_NORMAL, ROLE_HEAT1, ROLE_HEAT2, ROLE_HEAT3, ROLE_HEAT4
	};
	static const enum canvas_glyph g[5] = {
		GLYPH_SHADE1, GLYPH_SHADE1, GLYPH_SHADE2, GLYPH_SHADE3,
		GLYPH_FULL
	};
	int s = total ? 0 : shade(v, n, max);
	enum canvas_role r = sel ? ROLE_CURSOR : total ? ROLE_HEADER :
	    heat[s];

	canvas_fill(c, x, y, w, 1, r);
	if (!total && s > 0)
		canvas_str(c, x, y, 1, canvas_glyph(c, g[s]), r, 0);
	if (n == 0 && !total)
		canvas_str_right(c, x, y, w - 1, canvas_glyph(c,
		    GLYPH_MISSING), sel ? r : ROLE_DIM, 0);
	else
		canvas_count(c, x, y, w - 1, n, r, total ? CANVAS_BOLD : 0);
}

static void
cv_draw(void *st, const struct view_env *env, struct canvas *c, int x,
    int y, int w, int h)
{
	struct cv *v = st;
	const struct table *t = env->t;
	const struct crosstab *ct;
	uint32_t i, j, ii, jj;
	uint64_t max = 0;
	int xx, yy, sidew, ncols;
	char buf[200], n1[32];

	if (!t || listview_waiting(&v->lv, c, x, y, w))
		return;
	ct = &v->m->ct;
	for (i = 0; i < ct->nr * ct->nc; i++)
		max = ct->cell[i] > max ? ct->cell[i] : max;
	/* title: which column goes where */
	canvas_fill(c, x, y, w, 1, ROLE_HEADER);
	snprintf(buf, sizeof buf, "%s (down) by %s (across), %s rows%s",
	    t->col[v->m->a].name, t->col[v->m->b].name,
	    canvas_fmt_count(ct->total, n1), v->log ? ", log shading" : "");
	canvas_str(c, x + 1, y, w - 2, buf, ROLE_HEADER, CANVAS_BOLD);
	sidew = CT_SIDEW;
	v->cellw = w >= 120 ? CT_CELLW + 2 : CT_CELLW;
	ncols = (w - sidew - 2) / v->cellw;
	if (ncols < 1)
		ncols = 1;
	v->cols = ncols;
	/* keep the cursor in sight (after x it may be past this model's
	 * rows until the swapped one comes: adopt() clamps it then) */
	listview_scroll(&v->lv, v->lv.cur > ct->nr ? v->lv.cur + 1 :
	    (uint64_t)ct->nr + 1, h - 4);
	if (v->cj < v->left)
		v->left = v->cj;
	if (v->cj >= v->left + (uint32_t)ncols)
		v->left = v->cj - (uint32_t)ncols + 1;
	/* column heads: categories of b, then total */
	yy = y + 1;
	snprintf(buf, sizeof buf, "%s %s", t->col[v->m->a].name,
	    canvas_glyph(c, GLYPH_DOWN));
	canvas_str(c, x + 1, yy + 1, sidew - 2, buf, ROLE_DIM, 0);
	for (jj = 0; jj < (uint32_t)ncols; jj++) {
		j = v->left + jj;
		if (j > ct->nc)
			break;
		xx = x + sidew + (int)jj * v->cellw;
		if (j == ct->nc)
			snprintf(buf, sizeof buf, "total");
		else
			fmt_bin_fit(&ct->ax[1], t, j, v->cellw - 1, buf,
			    sizeof buf);
		canvas_str_right(c, xx, yy + 1, v->cellw - 1, buf, j == v->cj ?
		    ROLE_CURSOR : ROLE_HEADER, CANVAS_BOLD);
	}
	snprintf(buf, sizeof buf, "%s %s", t->col[v->m->b].name,
	    canvas_glyph(c, GLYPH_ARROW_R));
	canvas_str(c, x + sidew, yy, w - sidew - 1, buf, ROLE_DIM, 0);
	/* rows */
	for (ii = 0; ii < (uint32_t)v->lv.page; ii++) {
		i = (uint32_t)v->lv.top + ii;
		if (i > ct->nr)
			break;
		yy = y + 3 + (int)ii;
		if (i == ct->nr)
			snprintf(buf, sizeof buf, "total");
		else
			fmt_bin_fit(&ct->ax[0], t, i, sidew - 2, buf,
			    sizeof buf);
		canvas_str_right(c, x + 1, yy, sidew - 2, buf, i == v->lv.cur ?
		    ROLE_CURSOR : ROLE_HEADER, CANVAS_BOLD);
		for (jj = 0; jj < (uint32_t)ncols; jj++) {
			uint64_t n;
			int total;

			j = v->left + jj;
			if (j > ct->nc)
				break;
			xx = x + sidew + (int)jj * v->cellw;
			total = i == ct->nr || j == ct->nc;
			n = i == ct->nr && j == ct->nc ? ct->total :
			    i == ct->nr ? ct->coltot[j] : j == ct->nc ?
			    ct->rowtot[i] : crosstab_count(ct, i, j);
			cell(v, c, xx, yy, v->cellw, n, max, i == v->lv.cur &&
			    j == v->cj, total);
		}
	}
	snprintf(buf, sizeof buf, "r rows axis  c columns axis  x swap  "
	    "Enter the cell's rows%s", ct->nc + 1 > (uint32_t)ncols ?
	    "  (more columns: left, right)" : "");
	canvas_str(c, x + 1, y + h - 1, w - 2, buf, ROLE_DIM, 0);
}

static void
drill(struct cv *v, struct view_env *env)
{
	const struct crosstab *ct = &v->m->ct;
	uint32_t ci = (uint32_t)v->lv.cur;
	struct rowset rs;
	char a[120], b[120];

	rowset_init(&rs);
	if (ci < ct->nr && v->cj < ct->nc) {
		crosstab_cell_rows(ct, env->t, v->m->set, ci, v->cj, &rs);
		fmt_bin_desc(&ct->ax[0], env->t, ci, a, sizeof a);
		fmt_bin_desc(&ct->ax[1], env->t, v->cj, b, sizeof b);
		snprintf(env->req.drill_desc, sizeof env->req.drill_desc,
		    "%.95s, %.95s", a, b);
	} else if (ci < ct->nr) {
		hist_rows(&ct->ax[0], env->t, v->m->set, ci, &rs);
		fmt_bin_desc(&ct->ax[0], env->t, ci, a, sizeof a);
		snprintf(env->req.drill_desc, sizeof env->req.drill_desc, "%s",
		    a);
	} else if (v->cj < ct->nc) {
		hist_rows(&ct->ax[1], env->t, v->m->set, v->cj, &rs);
		fmt_bin_desc(&ct->ax[1], env->t, v->cj, b, sizeof b);
		snprintf(env->req.drill_desc, sizeof env->req.drill_desc, "%s",
		    b);
	} else {
		/* the grand total: every row shown */
		env->req.push = "table";
		return;
	}
	listview_drill(env, &rs);
}

static unsigned
cv_act(void *st, struct view_env *env, enum action a)
{
	struct cv *v = st;
	int col, tmp;

	if (!env->t)
		return 0;
	if (a == ACT_AXIS_ROWS || a == ACT_AXIS_COLS) {
		env->req.ask = a == ACT_AXIS_ROWS ? ASK_ROWS : ASK_COLS;
		env->req.ask_columns = 1;
		snprintf(env->req.ask_title, sizeof env->req.ask_title,
		    "column %s", a == ACT_AXIS_ROWS ? "down the side" :
		    "across");
		return VIEW_HANDLED;
	}
	if (a == ACT_ANSWER) {
		col = table_col_index(env->t, env->answer ? env->answer : "");
		if (col < 0) {
			snprintf(env->req.msg, sizeof env->req.msg,
			    "no column named '%.150s'", env->answer ?
			    env->answer : "");
			env->req.msg_level = VIEW_ERROR;
			return VIEW_HANDLED;
		}
		if (env->answer_tag == ASK_ROWS)
			v->a = col;
		else
			v->b = col;
		v->lv.cur = v->lv.top = v->cj = v->left = 0;
		return VIEW_HANDLED | VIEW_REDRAW | VIEW_RECOMPUTE;
	}
	if (a == ACT_SWAP_AXES) {
		tmp = v->a;
		v->a = v->b;
		v->b = tmp;
		tmp = (int)v->lv.cur;
		v->lv.cur = v->cj;
		v->cj = (uint32_t)tmp;
		return VIEW_HANDLED | VIEW_REDRAW | VIEW_RECOMPUTE;
	}
	if (a == ACT_LOG_SCALE) {
		v->log = !v->log;
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	if (!v->m)
		return 0;
	switch (a) {
	case ACT_LEFT:
		if (v->cj > 0)
			v->cj--;
		break;
	case ACT_RIGHT:
		if (v->cj < v->m->ct.nc)
			v->cj++;
		break;
	case ACT_OPEN:
		if (listview_stale(env, v->m->gen != env->gen,
		    "the crosstab is being recomputed"))
			return VIEW_HANDLED;
		drill(v, env);
		return VIEW_HANDLED | VIEW_REDRAW;
	default:
		/* rows 0 .. nr, nr being the totals row */
		return listview_move(&v->lv, a, (uint64_t)v->m->ct.nr + 1);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

const struct view view_crosstab = {
	.name = "crosstab",
	.title = "Crosstab",
	.top = 4,
	.help = "Rows counted by the values of two columns: down the side the "
	    "label (or the current column), across the current column. "
	    "Numbers are binned, rare values folded into other. Shades "
	    "( .:# and colour) rise with the count. r and c choose the two "
	    "columns, x swaps them, L shades by log count, Enter opens the "
	    "rows of a cell, or of a whole row or column on the totals.",
	.open = cv_open,
	.close = listview_close,
	.plan = listview_plan,
	.adopt = listview_adopt,
	.draw = cv_draw,
	.act = cv_act,
	.where = listview_where,
};
