/*
 * t5020-listview - what the list views share: a model's life (planned,
 * adopted, failed, cancelled), the cursor kept on the lines and in
 * sight, the moves, and the drill into rows.
 */
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"
#include "views/lib/listview.h"
#include "tests/tap.h"

static int freed;

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

static void
test_model(void)
{
	struct listview *lv = listview_new(sizeof *lv, model_free);
	struct view_env env;
	struct view_job job;
	struct canvas c;
	struct err e;
	char buf[64];
	int *m;

	memset(&env, 0, sizeof env);
	memset(&job, 0, sizeof job);
	canvas_init(&c, 40, 4, 1);
	env.gen = 7;
	is_int(lv->page, 10, "a page before the first draw");
	ok(listview_plan(lv, &env, &job, "thing", no_run, NULL, NULL) == 1,
	    "planning fills a job");
	ok(job.run == no_run && job.out_free == model_free &&
	    strcmp(job.what, "thing") == 0, "with the run, the name and the "
	    "model's free");
	ok(lv->busy && lv->gen == 7, "busy, for the environment's gen");
	ok(listview_where(lv, buf, sizeof buf) && strcmp(buf, "computing") ==
	    0, "the status line says it computes");
	ok(listview_waiting(lv, &c, 0, 0, 40, "computing the thing"),
	    "nothing else to draw while it computes");
	canvas_row_text(&c, 1, buf, sizeof buf);
	ok(strstr(buf, "computing the thing") != NULL, "the area says so");

	err_set(&e, ERR_CANCEL, "thing cancelled");
	ok(listview_adopt(lv, NULL, &e) == NULL, "a cancelled job: no model");
	is(lv->err, "thing cancelled (Ctrl-L computes it again)",
	    "its message says how to try again");
	ok(!lv->busy && lv->gen == 0, "not busy, planned again next time");
	err_set(&e, ERR_DATA, "bad data");
	listview_adopt(lv, NULL, &e);
	is(lv->err, "bad data", "a failure says only what failed");
	canvas_clear(&c);
	listview_waiting(lv, &c, 0, 0, 40, "computing the thing");
	canvas_row_text(&c, 1, buf, sizeof buf);
	ok(strstr(buf, "bad data") != NULL, "and shows it instead");

	m = xmalloc(sizeof *m);
	ok(listview_adopt(lv, m, &e) == m && lv->model == m, "a model taken");
	ok(!listview_waiting(lv, &c, 0, 0, 40, "x") &&
	    !listview_where(lv, buf, sizeof buf), "then the view draws it");
	listview_adopt(lv, xmalloc(sizeof *m), &e);
	is_int(freed, 1, "a new model frees the old");
	listview_close(lv);
	is_int(freed, 2, "closing frees the last");
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

int
main(void)
{
	test_model();
	test_cursor();
	test_drill();
	return done_testing();
}
