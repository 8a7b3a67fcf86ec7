/*
 * reopen.c - where a review session stood, kept at its end and gone
 * back to on the next open (core/review/viewstate.h: the file beside
 * the journal).
 *
 * Only the views a reopen may land on count: the top-level ones and
 * the review loop's lists, not those a drill-down or a form opened.
 * The place is a convenience: a file that cannot be written or read
 * costs the next reopen its place, nothing more.
 */
#include "tui/app/app-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/review/viewstate.h"
#include "core/util/xalloc.h"

/* The views a reopen may land on: the top-level ones and the review
 * loop's lists (not those a drill-down or a form opened). */
static int
landing(const struct view *v)
{
	return v->top > 0 || strcmp(v->name, "flagged") == 0 ||
	    strcmp(v->name, "review") == 0;
}

void
reopen_remember(struct app *a)
{
	const struct table *t = a->ws.t;
	struct viewstate st;
	struct err e;
	char kb[24], *path;
	const char *key;
	size_t klen;
	int i;

	if (!a->sess.rv_open || a->sess.o.read_only || a->fatal[0] || !t)
		return;
	viewstate_init(&st);
	for (i = a->vs.depth - 1; i >= 0; i--)
		if (landing(a->vs.e[i].v)) {
			snprintf(st.view, sizeof st.view, "%s",
			    a->vs.e[i].v->name);
			break;
		}
	st.order = (int)a->sess.o.order;
	if (a->env.row != VIEW_NOROW && a->env.row < t->nrows) {
		key = table_key(t, a->env.row, kb, &klen);
		st.row = xstrndup(key, klen);
	}
	if (a->env.col >= 0 && (size_t)a->env.col < t->ncols)
		st.col = xstrdup(t->col[a->env.col].name);
	path = viewstate_path_for(journal_path(a->sess.rv.j));
	err_clear(&e);
	/* a convenience: failing to keep it costs the next reopen its
	 * place, nothing more */
	if (st.view[0])
		viewstate_write(path, &st, &e);
	free(path);
	viewstate_release(&st);
}

int
reopen_recall(struct app *a)
{
	const struct table *t = a->ws.t;
	const struct view *v;
	struct viewstate st;
	struct err e;
	char *path;
	int64_t row;
	int col, shown = 0;

	path = viewstate_path_for(journal_path(a->sess.rv.j));
	if (viewstate_read(path, &st, &e) != 0) {
		free(path);
		return 0;
	}
	free(path);
	if (st.order >= 0 && !a->sess.o.order_set)
		session_set_order(&a->sess, (enum review_order)st.order);
	if (st.row && (row = table_find_key(t, st.row, strlen(st.row))) >= 0)
		a->env.row = (uint32_t)row;
	if (st.col && (col = table_col_index(t, st.col)) >= 0)
		a->env.col = col;
	if ((v = view_find(st.view)) != NULL && landing(v)) {
		if (v->top > 0)
			viewstack_switch(&a->vs, v->name);
		else
			viewstack_push(&a->vs, v->name);
		shown = 1;
	}
	viewstate_release(&st);
	return shown;
}
