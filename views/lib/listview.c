/*
 * listview.c - the model, cursor and drill-down that list views share.
 */
#include "views/lib/listview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

const char listview_again[] = " (Ctrl-L computes it again)";

void
listview_init(struct listview *lv, void (*model_free)(void *model))
{
	memset(lv, 0, sizeof *lv);
	lv->model_free = model_free;
	lv->page = 10;
}

void
listview_release(struct listview *lv)
{
	if (lv->model && lv->model_free)
		lv->model_free(lv->model);
	lv->model = NULL;
}

void *
listview_new(size_t size, void (*model_free)(void *model))
{
	struct listview *lv = xcalloc(1, size);

	listview_init(lv, model_free);
	return lv;
}

void
listview_close(void *st)
{
	if (!st)
		return;
	listview_release(st);
	free(st);
}

int
listview_plan(struct listview *lv, const struct view_env *env,
    struct view_job *job, const char *what,
    void *(*run)(void *in, const struct progress *p, struct err *e),
    void *in, void (*in_free)(void *in))
{
	job->what = what;
	job->run = run;
	job->in = in;
	job->in_free = in_free;
	job->out_free = lv->model_free;
	lv->gen = env->gen;
	lv->busy = 1;
	lv->err[0] = '\0';
	return 1;
}

void *
listview_adopt(struct listview *lv, void *model, const struct err *e)
{
	lv->busy = 0;
	if (!model) {
		snprintf(lv->err, sizeof lv->err, "%.150s%s", e->msg,
		    e->code == ERR_CANCEL ? listview_again : "");
		lv->gen = 0;
		return NULL;
	}
	listview_release(lv);
	lv->model = model;
	return model;
}

int
listview_waiting(const struct listview *lv, struct canvas *c, int x, int y,
    int w, const char *doing)
{
	if (lv->model)
		return 0;
	canvas_str(c, x + 2, y + 1, w - 4, lv->err[0] ? lv->err : doing,
	    lv->err[0] ? ROLE_ERROR : ROLE_DIM, 0);
	return 1;
}

int
listview_where(const struct listview *lv, char *buf, size_t size)
{
	if (lv->model)
		return 0;
	snprintf(buf, size, "%s", lv->busy ? "computing" : "");
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
}

unsigned
listview_move(struct listview *lv, enum action a, uint64_t n)
{
	if (!action_move(a, &lv->cur, n, (uint64_t)lv->page))
		return 0;
	return VIEW_HANDLED | VIEW_REDRAW;
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
