/*
 * list.c - the Review view's list: the queue around the current row,
 * one row a line (m switches between it and the card).
 *
 * Each line shows the row's place in the queue, its key, the given and
 * the suggested class, b(suggested), the margin, the verdict so far and
 * the start of the row's text column.  With a filter on, only the rows
 * in view are listed, and the page is kept so that the current one
 * shows.
 */
#include "views/review/review-internal.h"

#include <stdio.h>

#include "core/pico/pico.h"
#include "core/review/review.h"
#include "views/lib/reviewrow.h"

void
list_draw(struct rvv *v, const struct view_env *env, struct canvas *c,
    int x, int y, int w, int h)
{
	const struct review *rv = v->loop->review;
	const struct pico_result *r = v->loop->pico;
	const struct table *t = env->t;
	int tc = reviewrow_text_col(env), yy, i, cw = w >= 120 ? 16 : 10, sx;
	uint32_t q, row;
	char buf[200], kb[24];
	const char *s;
	size_t len;

	v->page = h - 2 > 1 ? h - 2 : 1;
	if (rv->pos < v->ltop)
		v->ltop = rv->pos;
	if (!reviewrow_filtered(env)) {
		if (rv->pos >= v->ltop + (uint32_t)v->page)
			v->ltop = rv->pos - (uint32_t)v->page + 1;
	} else {
		/* the rows in view from ltop to pos fit on the page */
		uint32_t seen = 0;

		for (q = v->ltop; q <= rv->pos && q < rv->nqueue; q++)
			seen += reviewrow_in_view(env, rv->queue[q]);
		for (; seen > (uint32_t)v->page && v->ltop < rv->pos;
		    v->ltop++)
			seen -= reviewrow_in_view(env, rv->queue[v->ltop]);
	}
	canvas_fill(c, x, y, w, 1, ROLE_HEADER);
	sx = canvas_heads(c, x + 1, y, (const struct canvas_head[]){
		{ "#", 5, 1, 1 }, { "row", 8, 0, 1 }, { "given", cw, 0, 1 },
		{ "suggested", cw, 0, 1 }, { "p", 5, 1, 1 },
		{ "margin", 6, 1, 1 }, { "verdict", 14, 0, 1 },
	}, 7);
	if (tc >= 0)
		canvas_str(c, sx, y, x + w - sx, t->col[tc].name, ROLE_HEADER,
		    CANVAS_BOLD);
	for (i = 0, q = v->ltop; i < v->page && q < rv->nqueue; q++) {
		enum canvas_role role;
		int sel, decided;

		row = rv->queue[q];
		if (!reviewrow_in_view(env, row))
			continue;
		yy = y + 1 + i++;
		sel = q == rv->pos && v->pinned == VIEW_NOROW;
		decided = reviewrow_verdict(env, rv, row, buf, sizeof buf);
		role = sel ? ROLE_SELECTED : decided ? ROLE_REVIEWED :
		    ROLE_NORMAL;
		if (sel)
			canvas_fill(c, x, yy, w, 1, ROLE_SELECTED);
		sx = x + 1;
		snprintf(kb, sizeof kb, "%u", q + 1);
		canvas_str_right(c, sx, yy, 5, kb, sel ? role : ROLE_DIM, 0);
		sx += 6;
		s = table_key(t, row, kb, &len);
		canvas_text(c, sx, yy, 8, s, len, role, 0);
		sx += 9;
		canvas_str(c, sx, yy, cw, reviewrow_class(env,
		    env->labels->y[row]), role, CANVAS_BOLD);
		sx += cw + 1;
		sx = reviewrow_draw_suggestion(c, env, r, row, sx, yy, cw,
		    role);
		snprintf(kb, sizeof kb, "%.2f", review_margin(rv, row));
		canvas_str_right(c, sx, yy, 6, kb, role, 0);
		sx += 7;
		canvas_str(c, sx, yy, 14, buf, role, CANVAS_BOLD);
		reviewrow_draw_snippet(c, t, tc, row, sx + 15, yy, x + w,
		    sel ? role : ROLE_DIM);
	}
}
