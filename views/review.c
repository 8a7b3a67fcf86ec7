/*
 * review.c - the review queue, one card at a time or as a list.
 *
 * A card shows the current row: its key and place in the queue, the
 * given label with its quality, the suggestion with b(suggested) and the
 * checkers that agree, the most probable classes numbered 1, 2, 3 ...
 * (c, then a digit, picks one), a one-line why (the prior of the given
 * label from the noise matrix, the evidence ratio, the rule that flagged
 * it), the same in words (core/review/explain.h: how the checkers of
 * each kind voted, the values furthest from the given class, a row
 * mostly missing), the label history over PICO's rounds, then every
 * field of the row, wrapped, escaped, scrollable with j and k.  The list
 * shows the queue around the current row, decided rows with their
 * verdict.
 *
 * Every decision goes through core/review/review.h (journalled and synced
 * before it returns) and the next row shows at once; left and right
 * move in the queue without deciding.  A new class is decided by the
 * session (the request new_label of views/lib/reviewloop.h), which first
 * stops every job that may be reading the classes.
 *
 * The current row is the queue's (review_current), unless the view was
 * opened on a row outside the queue (a decided row from the Flagged
 * view): that row is pinned until a decision or a move.
 *
 * No key decides by accident.  The digits switch views here as
 * everywhere; they pick a class only in the pick mode (c), which shows
 * on the card and in the key line and ends with the next key.  A view
 * opened for the reviewer rather than by them (a review resumed on
 * start: review_hold) holds every deciding key until Enter.
 *
 * This file is the view itself: its state, moving in the queue under
 * the filters, the key line and what each action does.  The card, the
 * list and deciding are parts of their own in views/review/
 * (review-internal.h lists them, with the row shown, rvv_row).
 */
#include "views/review/review-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/review/review.h"
#include "core/util/xalloc.h"
#include "views/lib/reviewrow.h"

static void *
rvv_open(struct view_env *env, void *data)
{
	struct rvv *v = xcalloc(1, sizeof *v);

	(void)env;
	v->loop = data;
	v->pinned = VIEW_NOROW;
	v->page = 10;
	if (v->loop->review_row != VIEW_NOROW && v->loop->review) {
		if (review_goto(v->loop->review, v->loop->review_row) < 0 ||
		    review_current(v->loop->review) != v->loop->review_row)
			v->pinned = v->loop->review_row;
	}
	v->loop->review_row = VIEW_NOROW;
	v->held = v->loop->review_hold;
	v->loop->review_hold = 0;
	return v;
}

static void
rvv_close(void *st)
{
	free(st);
}

/* 1 when the queue's position q holds a row to review in view. */
static int
open_in_view(const struct review *rv, const struct view_env *env,
    uint32_t q)
{
	return !(rv->state[rv->queue[q]] & REVIEW_DECIDED) &&
	    reviewrow_in_view(env, rv->queue[q]);
}

/*
 * With a filter on, only the queue's rows that pass it are reviewed:
 * put the queue on the first such row from where it stands, else from
 * its start.  Without one this is review_current's own skipping.
 */
static void
settle(struct rvv *v, const struct view_env *env)
{
	struct review *rv = v->loop->review;
	uint32_t q, row;

	if (!rv || v->pinned != VIEW_NOROW || !reviewrow_filtered(env))
		return;
	row = review_current(rv);
	if (row == VIEW_NOROW || reviewrow_in_view(env, row))
		return;
	for (q = rv->pos; q < rv->nqueue; q++)
		if (open_in_view(rv, env, q))
			break;
	if (q == rv->nqueue)
		for (q = 0; q < rv->pos; q++)
			if (open_in_view(rv, env, q))
				break;
	if (q < rv->nqueue && open_in_view(rv, env, q))
		rv->pos = q;
}

/* 1 when a row of the queue has no verdict yet. */
static int
undecided(const struct review *rv)
{
	uint32_t q;

	for (q = 0; q < rv->nqueue; q++)
		if (!(rv->state[rv->queue[q]] & REVIEW_DECIDED))
			return 1;
	return 0;
}

/* Move delta rows in the queue (review_move), over the rows in view
 * only when a filter is on. */
static void
move(struct rvv *v, const struct view_env *env, int delta)
{
	struct review *rv = v->loop->review;
	int dir = delta < 0 ? -1 : 1;
	int64_t q;

	if (!reviewrow_filtered(env)) {
		review_move(rv, delta);
		return;
	}
	settle(v, env);
	for (; delta != 0; delta -= dir) {
		for (q = (int64_t)rv->pos + dir; q >= 0 && q < rv->nqueue;
		    q += dir)
			if (open_in_view(rv, env, (uint32_t)q))
				break;
		if (q < 0 || q >= rv->nqueue)
			break;
		rv->pos = (uint32_t)q;
	}
}

/*
 * The keys from the key table (the pick mode's while it is on), as many
 * as fit; m says what it goes to.  A held view says how to go on
 * instead.
 */
static void
keys_line(const struct rvv *v, const struct view_env *env, struct canvas *c,
    int x, int y, int w)
{
	const struct view_hint *k;
	const char *word;
	size_t i;
	int xx = x + 1, n;

	if (v->held) {
		canvas_fill(c, x, y, w, 1, ROLE_WARN);
		canvas_str(c, x + 1, y, w - 2, "resumed where the review "
		    "stood: Enter goes on deciding (until then no key "
		    "decides)", ROLE_WARN, CANVAS_BOLD);
		return;
	}
	if (v->picking)
		xx += 1 + canvas_str(c, xx, y, w, "pick a class:", ROLE_WARN,
		    CANVAS_BOLD);
	for (i = 0; i < env->nhints; i++) {
		k = &env->hints[i];
		word = k->act == ACT_TOGGLE_MODE && v->list ? "card" : k->word;
		n = (int)strlen(k->keys) + (int)strlen(word) + 3;
		if (xx + n > x + w)
			break;
		xx += canvas_str(c, xx, y, w, k->keys, ROLE_KEY, CANVAS_BOLD);
		xx += 1;
		xx += canvas_str(c, xx, y, w, word, ROLE_DIM, 0);
		xx += 2;
	}
}

static void
rvv_draw(void *st, const struct view_env *env, struct canvas *c, int x,
    int y, int w, int h)
{
	struct rvv *v = st;
	uint32_t row;
	char buf[300], n1[32];

	if (!env->t)
		return;
	if (!env->labels) {
		canvas_str(c, x + 2, y + 1, w - 4, "No label column: :label COL "
		    "chooses one, then p runs PICO.", ROLE_DIM, 0);
		return;
	}
	if (!v->loop->review || !v->loop->pico) {
		canvas_str(c, x + 2, y + 1, w - 4, v->loop->pico_busy ?
		    "PICO is running on all rows; the queue shows when it is "
		    "done." :
		    "No PICO result yet: p runs it (P sets its options first).",
		    ROLE_DIM, 0);
		return;
	}
	/* the filters may have changed since the last key */
	settle(v, env);
	row = rvv_row(v, env);
	if (v->last[0])
		canvas_str(c, x + 1, y + h - 1, w - 2, v->last, ROLE_GOOD, 0);
	else
		keys_line(v, env, c, x, y + h - 1, w);
	if (v->list) {
		list_draw(v, env, c, x, y, w, h - 1);
		return;
	}
	if (row == VIEW_NOROW && reviewrow_filtered(env) &&
	    undecided(v->loop->review)) {
		canvas_str(c, x + 2, y + 1, w - 4, "No row left in the queue "
		    "passes the filters.", ROLE_GOOD, CANVAS_BOLD);
		canvas_str(c, x + 2, y + 3, w - 4, "u undoes the last "
		    "decision; :filter clear shows the other rows.", ROLE_DIM,
		    0);
		return;
	}
	if (row == VIEW_NOROW) {
		snprintf(buf, sizeof buf, "The queue is done: %s rows have a "
		    "verdict.", canvas_fmt_count(v->loop->review->decided, n1));
		canvas_str(c, x + 2, y + 1, w - 4, buf, ROLE_GOOD, CANVAS_BOLD);
		canvas_str(c, x + 2, y + 3, w - 4, "R runs PICO again with "
		    "them (new rows may be flagged); :w FILE writes the "
		    "cleaned data; u undoes the last decision.", ROLE_DIM, 0);
		return;
	}
	card_draw(v, env, c, x, y, w, h - 1, row);
}


static unsigned
act_key(struct rvv *v, struct view_env *env, enum action a)
{
	struct review *rv = v->loop->review;
	struct err e;
	uint32_t row;

	if (!env->t || !env->labels || !rv || !v->loop->pico)
		return 0;
	row = rvv_row(v, env);
	v->last[0] = '\0';
	/* the pick mode lasts one key */
	if (v->picking && !(a >= ACT_PICK_1 && a <= ACT_PICK_9) &&
	    a != ACT_PICK_CANCEL)
		v->picking = 0;
	if (v->held && decide_deciding(a)) {
		snprintf(env->req.msg, sizeof env->req.msg, "nothing decided: "
		    "this card was opened for you on start; Enter goes on "
		    "deciding");
		env->req.msg_level = VIEW_WARN;
		return VIEW_HANDLED | VIEW_REDRAW;
	}
	if (decide_key(v, env, a, row))
		return VIEW_HANDLED | VIEW_REDRAW;
	switch (a) {
	case ACT_PICK_MENU:
		if (row == VIEW_NOROW) {
			snprintf(env->req.msg, sizeof env->req.msg, "no row to "
			    "decide: the queue is done");
			break;
		}
		v->list = 0;
		v->picking = 1;
		break;
	case ACT_PICK_CANCEL:
		v->picking = 0;
		snprintf(v->last, sizeof v->last, "no class picked");
		break;
	case ACT_PICK_1: case ACT_PICK_2: case ACT_PICK_3:
	case ACT_PICK_4: case ACT_PICK_5: case ACT_PICK_6:
	case ACT_PICK_7: case ACT_PICK_8: case ACT_PICK_9:
		v->picking = 0;
		if (row == VIEW_NOROW)
			break;
		decide_nth(v, env, row, (uint32_t)(a - ACT_PICK_1));
		break;
	case ACT_ANSWER:
		decide_answer(v, env);
		break;
	case ACT_UNDO:
		switch (reviewrow_undo(rv, v->last, sizeof v->last, &e)) {
		case -1:
			snprintf(env->req.msg, sizeof env->req.msg, "%.190s",
			    e.msg);
			env->req.msg_level = VIEW_ERROR;
			break;
		case 0:
			snprintf(env->req.msg, sizeof env->req.msg, "%s",
			    v->last);
			v->last[0] = '\0';
			break;
		default:
			/* back on the row it was about */
			v->pinned = VIEW_NOROW;
			v->scroll = 0;
			v->loop->req.decided = 1;
		}
		break;
	case ACT_TOGGLE_MODE:
		v->list = !v->list;
		break;
	case ACT_ORDER:
		review_set_order(rv, rv->order == REVIEW_SUSPICION ?
		    REVIEW_UNCERTAINTY : REVIEW_SUSPICION);
		v->pinned = VIEW_NOROW;
		snprintf(env->req.msg, sizeof env->req.msg, "queue ordered by "
		    "%s", rv->order == REVIEW_SUSPICION ? "suspicion (lowest "
		    "quality first)" : "uncertainty (smallest margin first)");
		break;
	case ACT_LEFT:
	case ACT_RIGHT:
		v->pinned = VIEW_NOROW;
		v->scroll = 0;
		move(v, env, a == ACT_RIGHT ? 1 : -1);
		break;
	case ACT_UP:
	case ACT_DOWN:
		if (v->list) {
			v->pinned = VIEW_NOROW;
			move(v, env, a == ACT_DOWN ? 1 : -1);
		} else {
			v->scroll += a == ACT_DOWN ? 1 : -1;
			if (v->scroll < 0)
				v->scroll = 0;
		}
		break;
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
	case ACT_HALF_UP:
	case ACT_HALF_DOWN: {
		int d = a == ACT_PAGE_UP || a == ACT_PAGE_DOWN ? 1 : 2;
		int n = (v->list ? v->page : v->fieldh) / d;

		if (n < 1)
			n = 1;
		if (a == ACT_PAGE_UP || a == ACT_HALF_UP)
			n = -n;
		if (v->list) {
			v->pinned = VIEW_NOROW;
			move(v, env, n);
		} else {
			v->scroll += n;
			if (v->scroll < 0)
				v->scroll = 0;
		}
		break;
	}
	case ACT_TOP:
	case ACT_BOTTOM:
		if (v->list) {
			v->pinned = VIEW_NOROW;
			move(v, env, a == ACT_TOP ? -(int)rv->nqueue :
			    (int)rv->nqueue);
		} else {
			v->scroll = a == ACT_TOP ? 0 : v->nlines;
		}
		break;
	case ACT_OPEN:
		if (v->held) {
			v->held = 0;
			snprintf(v->last, sizeof v->last, "reviewing: the keys "
			    "decide again");
		} else if (v->list)
			v->list = 0;
		break;
	default:
		return 0;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static unsigned
rvv_act(void *st, struct view_env *env, enum action a)
{
	struct rvv *v = st;
	unsigned r = act_key(v, env, a);

	/* a decision moved the queue: to a row in view */
	if (r)
		settle(v, env);
	return r;
}

static const char *
rvv_mode(void *st)
{
	const struct rvv *v = st;

	return v->picking ? "review-pick" : NULL;
}

static void
rvv_where(void *st, const struct view_env *env, char *buf, size_t size)
{
	struct rvv *v = st;
	const struct review *rv = v->loop->review;
	uint32_t row;
	char kb[24];
	const char *key;
	size_t klen;

	buf[0] = '\0';
	if (!rv || !v->loop->pico)
		return;
	row = rvv_row(v, env);
	if (row == VIEW_NOROW) {
		snprintf(buf, size, "queue done");
		return;
	}
	key = table_key(env->t, row, kb, &klen);
	if (v->pinned != VIEW_NOROW)
		snprintf(buf, size, "row %.*s", (int)(klen < 40 ? klen : 40),
		    key);
	else
		snprintf(buf, size, "%u of %u: row %.*s", rv->pos + 1,
		    rv->nqueue, (int)(klen < 40 ? klen : 40), key);
}

const struct view view_review = {
	.name = "review",
	.title = "Review",
	.top = 0,
	.data = VIEW_DATA_REVIEW,
	.help = "The review queue, one row at a time (m: as a list), in order "
	    "of suspicion, the labels most likely wrong first (o: of "
	    "uncertainty). The card shows the given label and its quality, "
	    "the suggestion with b(suggested) and how many checkers agree, "
	    "the most probable classes numbered (c, then the number, picks "
	    "one), the label over PICO's rounds, why the row was flagged, in "
	    "words too (the checkers' votes by kind, the values that stand "
	    "out, a row mostly missing), and every field (j and k scroll). Each decision is on disk before "
	    "the next row shows; u undoes it, also after a restart. Left and "
	    "right move in the queue without deciding. A review resumed on start "
	    "waits for Enter before any key decides. PICO runs again in the "
	    "background every --rerun-every decisions (R: now) with the "
	    "decided rows clamped, and the queue re-ranks without losing the "
	    "current row.",
	.open = rvv_open,
	.close = rvv_close,
	.draw = rvv_draw,
	.act = rvv_act,
	.where = rvv_where,
	.mode = rvv_mode,
};
