/*
 * t5020-listview - what the list views share: a model's life (planned,
 * adopted, failed, cancelled), the cursor kept on the lines and in
 * sight, the moves, and the drill into rows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"
#include "views/lib/listview.h"
#include "views/lib/rowfind.h"
#include "tests/tap.h"
#include "tests/util.h"

static int freed, adopted, released;

static void
model_free(void *m)
{
	freed++;
	free(m);
}

static void *
no_run(void *in, const struct progress *p, struct err *e)
{
	(void)in;
	(void)p;
	err_set(e, ERR_SOFTWARE, "never run");
	return NULL;
}

/* A view whose model is an int; want is the input it asks for (0: its
 * model is up to date). */
struct tv {
	struct listview lv;
	int want;
};

static void *
t_input(void *st, const struct view_env *env)
{
	const struct tv *v = st;
	int *in = v->want ? xmalloc(sizeof *in) : NULL;

	if (in)
		*in = v->want;
	return in;
}

static void
t_adopted(void *st, const struct view_env *env)
{
	adopted++;
}

static void
t_where(void *st, const struct view_env *env, char *buf, size_t size)
{
	snprintf(buf, size, "model %d", *(int *)((struct tv *)st)->lv.model);
}

static void
t_release(void *st)
{
	released++;
}

static const struct listview_kind kind = {
	.what = "thing",
	.doing = "computing the thing",
	.run = no_run,
	.in_free = free,
	.model_free = model_free,
	.input = t_input,
	.adopted = t_adopted,
	.where = t_where,
	.release = t_release,
};

static void
test_model(void)
{
	struct tv *v = listview_new(sizeof *v, &kind);
	struct table t;
	struct view_env env;
	struct view_job job;
	struct canvas c;
	struct err e;
	char buf[64];
	int *m;

	memset(&env, 0, sizeof env);
	memset(&job, 0, sizeof job);
	memset(&t, 0, sizeof t);
	canvas_init(&c, 40, 4, 1);
	env.gen = 7;
	is_int(v->lv.page, 10, "a page before the first draw");
	ok(listview_plan(v, &env, &job) == 0, "no table: nothing to plan");
	env.t = &t;
	ok(listview_plan(v, &env, &job) == 0, "a model up to date: no job");
	v->want = 3;
	ok(listview_plan(v, &env, &job) == 1, "else planning fills a job");
	ok(job.run == no_run && job.out_free == model_free &&
	    job.in_free == free && *(int *)job.in == 3 &&
	    strcmp(job.what, "thing") == 0, "with the kind's run, name and "
	    "frees, and the view's input");
	free(job.in);
	ok(v->lv.busy && v->lv.gen == 7, "busy, for the environment's gen");
	listview_where(v, &env, buf, sizeof buf);
	is(buf, "computing", "the status line says it computes");
	ok(listview_waiting(&v->lv, &c, 0, 0, 40),
	    "nothing else to draw while it computes");
	canvas_row_text(&c, 1, buf, sizeof buf);
	ok(strstr(buf, "computing the thing") != NULL, "the area says so");

	err_set(&e, ERR_CANCEL, "thing cancelled");
	listview_adopt(v, &env, NULL, &e);
	ok(v->lv.model == NULL && adopted == 0, "a cancelled job: no model");
	is(v->lv.err, "thing cancelled (Ctrl-L computes it again)",
	    "its message says how to try again");
	ok(!v->lv.busy && v->lv.gen == 0, "not busy, planned again");
	listview_where(v, &env, buf, sizeof buf);
	is(buf, "", "the status line says nothing then");
	err_set(&e, ERR_DATA, "bad data");
	listview_adopt(v, &env, NULL, &e);
	is(v->lv.err, "bad data", "a failure says only what failed");
	canvas_clear(&c);
	listview_waiting(&v->lv, &c, 0, 0, 40);
	canvas_row_text(&c, 1, buf, sizeof buf);
	ok(strstr(buf, "bad data") != NULL, "and shows it instead");

	m = xmalloc(sizeof *m);
	*m = 5;
	listview_adopt(v, &env, m, &e);
	ok(v->lv.model == m && adopted == 1, "a model taken, the view told");
	ok(!listview_waiting(&v->lv, &c, 0, 0, 40), "then the view draws it");
	listview_where(v, &env, buf, sizeof buf);
	is(buf, "model 5", "and says where it is");
	listview_adopt(v, &env, xmalloc(sizeof *m), &e);
	is_int(freed, 1, "a new model frees the old");
	listview_close(v);
	is_int(freed, 2, "closing frees the last");
	is_int(released, 1, "and what the view holds besides");
	listview_close(NULL);
	canvas_release(&c);
}

static void
test_cursor(void)
{
	struct listview lv;

	listview_init(&lv, NULL);
	lv.cur = 30;
	listview_clamp(&lv, 20);
	is_int(lv.cur, 19, "the cursor stays on the lines");
	listview_clamp(&lv, 0);
	is_int(lv.cur, 0, "and at 0 without lines");
	lv.cur = 15;
	listview_scroll(&lv, 20, 5);
	ok(lv.page == 5 && lv.top == 11, "scrolled so the cursor is last");
	lv.cur = 3;
	listview_scroll(&lv, 20, 5);
	is_int(lv.top, 3, "scrolled back so it is first");
	lv.cur = 19;
	listview_scroll(&lv, 20, 5);
	listview_scroll(&lv, 7, 5);
	ok(lv.cur == 6 && lv.top == 2, "a list that shrank (a filter) "
	    "fills the page again: first line %llu", (unsigned long long)lv.top);
	listview_scroll(&lv, 3, 5);
	is_int(lv.top, 0, "shorter than the page: from its first line");
	lv.cur = 3;
	listview_scroll(&lv, 20, -2);
	is_int(lv.page, 1, "a page is one line at least");
	lv.page = 5;
	is_int(listview_move(&lv, ACT_PAGE_DOWN, 20), VIEW_HANDLED |
	    VIEW_REDRAW, "a page down is a move");
	is_int(lv.cur, 8, "by the page last shown");
	listview_move(&lv, ACT_BOTTOM, 20);
	is_int(lv.cur, 19, "bottom");
	listview_move(&lv, ACT_HALF_UP, 20);
	is_int(lv.cur, 17, "half a page up");
	is_int(listview_move(&lv, ACT_SORT, 20), 0, "not every action moves");
	is_int(lv.cur, 17, "and then nothing moves");
}

/* Text that scrolls (the Record, the help) by the same moves. */
static void
test_scroll(void)
{
	int top = 0;

	ok(action_scroll(ACT_UP, &top, 10, 30) && top == 0,
	    "up at the top stays there");
	action_scroll(ACT_PAGE_DOWN, &top, 10, 30);
	is_int(top, 10, "a page down");
	action_scroll(ACT_HALF_DOWN, &top, 10, 30);
	is_int(top, 15, "half a page down");
	action_scroll(ACT_PAGE_DOWN, &top, 10, 12);
	is_int(top, 12, "never past the last first line");
	action_scroll(ACT_BOTTOM, &top, 10, 25);
	is_int(top, 25, "the bottom");
	action_scroll(ACT_TOP, &top, 10, 25);
	is_int(top, 0, "the top");
	top = 4;
	ok(!action_scroll(ACT_OPEN, &top, 10, 25) && top == 4,
	    "any other action scrolls nothing");
}

static void
test_drill(void)
{
	struct view_env env;
	struct rowset rs;

	memset(&env, 0, sizeof env);
	rowset_init(&rs);
	listview_drill(&env, &rs);
	ok(!env.req.drill && !env.req.push && strcmp(env.req.msg,
	    "no rows there") == 0, "no rows: a message, nothing opens");
	memset(&env, 0, sizeof env);
	rowset_push(&rs, 4);
	rowset_push(&rs, 9);
	listview_drill(&env, &rs);
	ok(env.req.drill && env.req.drill_rows.n == 2 &&
	    env.req.drill_rows.row[1] == 9, "the rows go to the application");
	ok(env.req.push && strcmp(env.req.push, "table") == 0,
	    "shown in the Table");
	rowset_release(&env.req.drill_rows);
}

/* Where a view that follows env->row puts its cursor. */
static void
test_row_position(void)
{
	struct rowset rs;

	rowset_init(&rs);
	is_int(rowfind_pos(&rs, 4), 0, "no rows: position 0");
	rowset_push(&rs, 2);
	rowset_push(&rs, 5);
	rowset_push(&rs, 9);
	is_int(rowfind_pos(&rs, 5), 1, "a row shown: its position");
	is_int(rowfind_pos(&rs, 3), 1, "a row not shown: the next one's");
	is_int(rowfind_pos(&rs, 0), 0, "before the first: the first");
	is_int(rowfind_pos(&rs, 10), 2, "after the last: the last");
	ok(rowset_has(&rs, 9) && !rowset_has(&rs, 8) && !rowset_has(&rs, 10),
	    "and rowset_has agrees");
	rowset_release(&rs);
}

/* The cancel check a one-step job makes before it builds its model. */
static void
test_begin(void)
{
	atomic_int cancel = 0;
	struct progress p = { cancel_at_first, &cancel, &cancel };
	struct err e;

	err_clear(&e);
	is_int(listview_begin(NULL, "thing", &e), 0,
	    "no progress: the job goes on");
	is_int(e.code, ERR_OK, "and e stays clear");
	is_int(listview_begin(&p, "thing", &e), -1,
	    "cancelled at its first report: the job stops");
	is_int(e.code, ERR_CANCEL, "as cancelled");
	is(e.msg, "thing cancelled", "named after the job");
}

int
main(void)
{
	test_model();
	test_cursor();
	test_scroll();
	test_drill();
	test_row_position();
	test_begin();
	return done_testing();
}
