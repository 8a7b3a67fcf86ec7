/*
 * layout.c - the Table's columns laid out, and its cursor kept on them.
 *
 * The display order is the key (the --id column), the label and the
 * pinned columns, which stay at the left, then the rest; hidden columns
 * are left out.  A column's width comes from its header and a sample of
 * up to TABLE_SAMPLE rows spread over the rowset, capped (TABLE_MAXW,
 * TABLE_MAXW_TEXT for text), so a long text never eats the screen; its
 * widest cell seen (up to TABLE_NATURAL) is kept for the room to spare
 * when every column fits.  The layout is redone only when the rows, the
 * table or the application's column layout changed.
 */
#include "views/table/table-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

#define TABLE_SAMPLE 200
#define TABLE_MAXW_TEXT 40
#define TABLE_MAXW 24
#define TABLE_MINW 3
#define TABLE_NATURAL 200

void
layout_head(const struct view_env *env, int c, int utf8, char *buf,
    size_t size)
{
	const struct collayout *l = tv_lay(env);
	int desc = 0, k = collayout_sorted(l, c, &desc);
	char place[8] = "";

	if (k && l->nsort > 1)
		snprintf(place, sizeof place, "%d", k);
	snprintf(buf, size, "%s%s%s", env->t->col[c].name, !k ? "" : desc ?
	    (utf8 ? "\xe2\x86\x93" : "v") : (utf8 ? "\xe2\x86\x91" : "^"),
	    place);
}

void
layout_sync(struct tv *v, const struct view_env *env)
{
	const struct table *t = env->t;
	const struct rowset *rows = env->rows;
	const struct collayout *l = tv_lay(env);
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
		layout_head(env, (int)c, env->utf8, head, sizeof head);
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
		    (unsigned long long)(tv_file_rows(env) ? tv_file_rows(env) :
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

void
layout_track(struct tv *v, const struct view_env *env)
{
	struct rowset tmp;
	const struct rowset *rows = env->rows ? order_shown(v, env, &tmp) :
	    NULL;
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

int
layout_fit(const struct tv *v, int left, int avail)
{
	int k, used = 0;

	for (k = left; k < v->ndisp; k++) {
		used += v->width[v->disp[k]] + 1;
		if (used > avail + 1)
			break;
	}
	return k;
}

void
layout_spare(struct tv *v, int avail, int end)
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
