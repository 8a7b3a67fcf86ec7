/*
 * grid.c - the Table drawn: the header, then a line per row.
 *
 * The frozen columns (key, label, pinned) come first, then a separator
 * and the columns that scroll sideways so that the cursor column is
 * always in sight.  Numbers are right-aligned; missing cells are dim; a
 * decided row shows the reviewer's label, not the file's (an arrow for
 * a new one, a tick for a kept one); text the last search (else filter)
 * matched is lit.  Over a file too big to load, each row is read from
 * its block of the file (core rowindex.h).
 */
#include "views/table/table-internal.h"

#include <stdio.h>
#include <string.h>

#include "core/data/filter/filter.h"
#include "core/review/review.h"

static int
numeric(const struct column *c)
{
	return coltype_numeric(c->type);
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

void
grid_draw(void *st, const struct view_env *env, struct canvas *c, int x,
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
	uint64_t i, r, sr, base, nf = tv_file_rows(env), n;
	struct listview *l = nf ? &v->flv : &v->lv;
	const struct table *src = t;
	struct rowset tmp;
	char key[24], head[300];
	size_t len;
	struct err e;

	if (!t)
		return;
	layout_sync(v, env);
	layout_track(v, env);
	rows = order_shown(v, env, &tmp);
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
		while (v->left < v->ci && layout_fit(v, v->left,
		    w - (fx - x)) <= v->ci)
			v->left++;
	}
	end = layout_fit(v, v->left, w - (fx - x));
	layout_spare(v, w - (fx - x), end);
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
		layout_head(env, col, c->utf8, head, sizeof head);
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
