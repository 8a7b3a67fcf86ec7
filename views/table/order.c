/*
 * order.c - a sort of the Table: the rows in the order of the layout's
 * sort keys (views/lib/collayout.h).
 *
 * The order is computed from env->rows by core rowsort.h: at once for
 * up to TABLE_SORT_NOW rows, so the screen never shows them unsorted,
 * and in a background job for more; until it comes, the rows show in
 * file order.  An order is kept only while it is for the rows and the
 * keys at hand (order_fits); a cancelled job takes the sort off the
 * header too.
 */
#include "views/table/table-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

#define TABLE_SORT_NOW 50000	/* rows sorted at once; more in a job */

void
order_free(void *p)
{
	struct sorted *o = p;

	if (o) {
		free(o->row);
		free(o);
	}
}

int
order_fits(const struct sorted *o, const struct view_env *env)
{
	const struct collayout *l = tv_lay(env);

	return o && o->gen == env->gen && o->nkeys == l->nsort &&
	    memcmp(o->keys, l->sort, l->nsort * sizeof *l->sort) == 0;
}

const struct rowset *
order_shown(const struct tv *v, const struct view_env *env, struct rowset *tmp)
{
	if (tv_lay(env)->nsort && order_fits(v->order, env)) {
		tmp->row = v->order->row;
		tmp->n = tmp->cap = v->order->n;
		return tmp;
	}
	return env->rows;
}

/* Say what the sort is now, after a change. */
static void
say_sort(const struct view_env *env, char *buf, size_t size)
{
	const struct collayout *l = tv_lay(env);
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

unsigned
order_by(struct tv *v, struct view_env *env, int col, int desc, int add)
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

struct sort_in {
	const struct table *t;
	struct sorted *o;		/* the rows to sort, and for what */
};

static void
sort_in_free(void *p)
{
	struct sort_in *in = p;

	order_free(in->o);
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
	const struct collayout *l = tv_lay(env);
	struct sorted *o = xcalloc(1, sizeof *o);

	o->gen = env->gen;
	o->nkeys = l->nsort;
	memcpy(o->keys, l->sort, l->nsort * sizeof *l->sort);
	o->n = env->rows->n;
	o->row = xmalloc((o->n + 1) * sizeof *o->row);
	memcpy(o->row, env->rows->row, o->n * sizeof *o->row);
	return o;
}

int
order_plan(struct tv *v, const struct view_env *env, struct view_job *job)
{
	struct sort_in *in;
	struct sorted *o;
	struct err e;

	v->sorting = 0;
	if (!env->t || !env->rows || tv_lay(env)->nsort == 0) {
		order_free(v->order);
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
			order_free(o);
			return 0;
		}
		order_free(v->order);
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
	job->out_free = order_free;
	v->sorting = 1;
	return 1;
}

void
order_adopt(void *st, const struct view_env *env, void *model,
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
		order_free(o);
		return;
	}
	order_free(v->order);
	v->order = o;
}
