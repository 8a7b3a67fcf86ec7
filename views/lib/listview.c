/*
 * listview.c - the model, cursor and drill-down that list views share.
 */
#include "views/lib/listview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

const char listview_again[] = " (Ctrl-L computes it again)";

int
listview_begin(const struct progress *p, const char *what, struct err *e)
{
	if (progress_step(p, what, 0, 1) < 0)
		return err_set(e, ERR_CANCEL, "%s cancelled", what);
	return 0;
}

void
listview_init(struct listview *lv, const struct listview_kind *kind)
{
	memset(lv, 0, sizeof *lv);
	lv->kind = kind;
	lv->page = 10;
}

void *
listview_new(size_t size, const struct listview_kind *kind)
{
	struct listview *lv = xcalloc(1, size);

	listview_init(lv, kind);
	return lv;
}

static void
drop_model(struct listview *lv)
{
	if (lv->model)
		lv->kind->model_free(lv->model);
	lv->model = NULL;
}

void
listview_close(void *st)
{
	struct listview *lv = st;

	if (!lv)
		return;
	if (lv->kind->release)
		lv->kind->release(st);
	drop_model(lv);
	free(st);
}

int
listview_plan(void *st, const struct view_env *env, struct view_job *job)
{
	struct listview *lv = st;
	const struct listview_kind *k = lv->kind;
	void *in;

	if (!env->t || !(in = k->input(st, env)))
		return 0;
	job->what = k->what;
	job->run = k->run;
	job->in = in;
	job->in_free = k->in_free;
	job->out_free = k->model_free;
	lv->gen = env->gen;
	lv->busy = 1;
	lv->err[0] = '\0';
	return 1;
}

void
listview_adopt(void *st, const struct view_env *env, void *model,
    const struct err *e)
{
	struct listview *lv = st;

	lv->busy = 0;
	if (!model) {
		snprintf(lv->err, sizeof lv->err, "%.150s%s", e->msg,
		    e->code == ERR_CANCEL ? listview_again : "");
		lv->gen = 0;
		return;
	}
	drop_model(lv);
	lv->model = model;
	if (lv->kind->adopted)
		lv->kind->adopted(st, env);
}

void
listview_where(void *st, const struct view_env *env, char *buf,
    size_t size)
{
	struct listview *lv = st;

	if (lv->model && lv->kind->where)
		lv->kind->where(st, env, buf, size);
	else
		snprintf(buf, size, "%s", !lv->model && lv->busy ?
		    "computing" : "");
}

int
listview_waiting(const struct listview *lv, struct canvas *c, int x, int y,
    int w)
{
	if (lv->model)
		return 0;
	canvas_str(c, x + 2, y + 1, w - 4, lv->err[0] ? lv->err :
	    lv->kind->doing, lv->err[0] ? ROLE_ERROR : ROLE_DIM, 0);
	return 1;
}

void
listview_clamp(struct listview *lv, uint64_t n)
{
	if (lv->cur >= n)
		lv->cur = n ? n - 1 : 0;
}

void
listview_scroll(struct listview *lv, uint64_t n, int h)
{
	lv->page = h > 1 ? h : 1;
	listview_clamp(lv, n);
	if (lv->cur < lv->top)
		lv->top = lv->cur;
	if (lv->cur >= lv->top + (uint64_t)lv->page)
		lv->top = lv->cur - (uint64_t)lv->page + 1;
	/* a list that shrank under the page (a filter) fills it again
	 * rather than leaving the page blank below its last line */
	if (lv->top + (uint64_t)lv->page > n)
		lv->top = n > (uint64_t)lv->page ? n - (uint64_t)lv->page : 0;
	if ((n && lv->cur >= n) || (!n && lv->cur) || lv->cur < lv->top ||
	    lv->cur >= lv->top + (uint64_t)lv->page)
		BUG("list view: cursor %llu, first %llu, page %d of %llu lines",
		    (unsigned long long)lv->cur, (unsigned long long)lv->top,
		    lv->page, (unsigned long long)n);
}

unsigned
listview_move(struct listview *lv, enum action a, uint64_t n)
{
	if (!action_move(a, &lv->cur, n, (uint64_t)lv->page))
		return 0;
	return VIEW_HANDLED | VIEW_REDRAW;
}

int
listview_stale(struct view_env *env, int stale, const char *what)
{
	if (stale)
		snprintf(env->req.msg, sizeof env->req.msg, "%s", what);
	return stale;
}

void
listview_drill(struct view_env *env, struct rowset *rows)
{
	if (rows->n == 0) {
		rowset_release(rows);
		snprintf(env->req.msg, sizeof env->req.msg, "no rows there");
		return;
	}
	env->req.drill = 1;
	env->req.drill_rows = *rows;
	env->req.push = "table";
}
