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
 */
#include "views/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/pico.h"
#include "core/pico/picorun.h"
#include "core/review/explain.h"
#include "core/review/review.h"
#include "core/util/xalloc.h"
#include "views/lib/reviewloop.h"
#include "views/lib/reviewrow.h"

enum { ASK_LABEL = 1, ASK_NEW, ASK_NEW_CONFIRM, ASK_NOTE };

#define NPICK 9

struct rvv {
	struct reviewloop *loop;	/* the queue, the result, requests */
	int list;
	uint32_t pinned;		/* VIEW_NOROW: the queue's row */
	int scroll;			/* card: field lines scrolled */
	int nlines, fieldh;		/* card: field lines, lines shown */
	int page;
	uint32_t ltop;			/* list: first queue position shown */
	uint32_t ask_row;
	int picking;			/* the pick mode: a digit picks */
	int held;			/* deciding keys wait for Enter */
	char pending[200];		/* the new label being confirmed */
	char last[200];			/* what the last key did */
};

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

/* The row shown: the pinned one, else the queue's current row when it
 * passes the workbench's filters (settle() puts it there). */
static uint32_t
cur_row(const struct rvv *v, const struct view_env *env)
{
	uint32_t row;

	if (!v->loop->review)
		return VIEW_NOROW;
	if (v->pinned != VIEW_NOROW && v->pinned < v->loop->review->n)
		return v->pinned;
	row = review_current(v->loop->review);
	return row != VIEW_NOROW && reviewrow_in_view(env, row) ? row :
	    VIEW_NOROW;
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

/* ---- the card ----------------------------------------------------- */

/*
 * Part k (0, 1, ...) of a field's name cut into lines of namew columns,
 * after a '_', '-', '.' or space when the line has one: *off and *len
 * into name (*len 0 past its end).
 */
static void
name_part(const char *name, int namew, int k, int utf8, size_t *off,
    size_t *len)
{
	size_t n = strlen(name), i = 0, start = 0, brk;
	struct safetext_unit u;
	int width;

	for (;;) {
		width = 0;
		brk = 0;
		for (i = start; i < n; i += u.len) {
			safetext_next(name + i, n - i, utf8, &u);
			if (width + u.width > namew)
				break;
			width += u.width;
			if (strchr("_-. ", name[i]) && i + u.len < n)
				brk = i + u.len;
		}
		if (i < n && brk > start)
			i = brk;
		if (i == start && i < n)
			i += u.len;	/* one unit wider than the column */
		if (k-- == 0 || i >= n)
			break;
		start = i;
	}
	*off = k < 0 ? start : n;
	*len = k < 0 ? i - start : 0;
}

/* Lines the name of column c takes in namew columns. */
static int
name_lines(const struct view_env *env, size_t c, int namew)
{
	size_t off, len;
	int k = 1;

	for (;; k++) {
		name_part(env->t->col[c].name, namew, k, env->utf8, &off,
		    &len);
		if (len == 0)
			return k;
	}
}

/*
 * Lay out the fields of row in width w, the names in namew: call
 * line(ctx, col, s, n, k) for each display line (k: the line's place in
 * the field, 0 first; s, n: the value's part on it, n 0 below the value
 * while a long name goes on).  Returns the number of lines.
 */
static int
layout(const struct view_env *env, uint32_t row, int w, int namew,
    void (*line)(void *, int, const char *, size_t, int), void *ctx)
{
	const struct table *t = env->t;
	int label = env->labels ? env->labels->col : -1, nl = 0;
	size_t c, len, i, start, brk;
	struct safetext_unit u;
	const char *s;
	int width, first, bw, k, names;

	if (w < 8)
		w = 8;
	for (c = 0; c < t->ncols; c++) {
		if ((int)c == label)
			continue;
		s = table_cell(t, c, row, &len);
		names = name_lines(env, c, namew);
		k = 0;
		first = 1;
		i = start = 0;
		width = 0;
		brk = 0;
		bw = 0;
		if (len == 0) {
			for (; k < names; k++, nl++)
				if (line)
					line(ctx, (int)c, s, 0, k);
			continue;
		}
		while (i < len) {
			safetext_next(s + i, len - i, env->utf8, &u);
			if (u.newline) {
				if (line)
					line(ctx, (int)c, s + start, i - start,
					    k);
				nl++;
				k++;
				first = 0;
				i += u.len;
				start = i;
				width = 0;
				brk = 0;
				continue;
			}
			if (width + u.width > w) {
				/* wrap after the last space when there is
				 * one in the line */
				size_t end = brk > start ? brk : i;

				if (line)
					line(ctx, (int)c, s + start,
					    end - start, k);
				nl++;
				k++;
				first = 0;
				start = end;
				width = brk > 0 && end == brk ? width - bw : 0;
				brk = 0;
				if (end == i)
					width = 0;
				continue;
			}
			width += u.width;
			i += u.len;
			if (s[i - 1] == ' ') {
				brk = i;
				bw = width;
			}
		}
		if (start < len || first) {
			if (line)
				line(ctx, (int)c, s + start, len - start, k);
			nl++;
			k++;
		}
		for (; k < names; k++, nl++)
			if (line)
				line(ctx, (int)c, s, 0, k);
	}
	return nl;
}

struct draw_ctx {
	const struct view_env *env;
	struct canvas *c;
	uint32_t row;
	int x, y, w, namew, n, skip, max;
};

/* A line of the fields: the name's part k, the value's part; a missing
 * cell dim, an empty one as the Record view says it. */
static void
draw_line(void *p, int col, const char *s, size_t n, int k)
{
	struct draw_ctx *d = p;
	const struct table *t = d->env->t;
	int yy = d->n - d->skip, miss;
	size_t off, len;

	d->n++;
	if (yy < 0 || yy >= d->max)
		return;
	name_part(t->col[col].name, d->namew, k, d->env->utf8, &off, &len);
	canvas_text(d->c, d->x, d->y + yy, d->namew, t->col[col].name + off,
	    len, ROLE_HEADER, 0);
	miss = table_missing(t, (size_t)col, d->row);
	if (k == 0 && n == 0 && miss)
		canvas_str(d->c, d->x + d->namew + 1, d->y + yy,
		    d->w - d->namew - 1, "(missing)", ROLE_DIM, 0);
	else
		canvas_text(d->c, d->x + d->namew + 1, d->y + yy,
		    d->w - d->namew - 1, s, n, miss ? ROLE_DIM : ROLE_NORMAL,
		    0);
}

static const char *
flag_rule(const struct picorun_opts *o, const struct pico_result *r,
    char *buf, size_t size)
{
	if (!o)
		buf[0] = '\0';
	else if (o->method == PICORUN_CL)
		snprintf(buf, size, "confident learning's filter");
	else if (pico_flag_rule(&o->pico, o->probs && o->probs[0]) ==
	    PICO_FLAG_BUDGET)
		snprintf(buf, size, "budget: q among the lowest %.0f",
		    r->expected);
	else if (pico_flag_rule(&o->pico, o->probs && o->probs[0]) ==
	    PICO_FLAG_CJ)
		snprintf(buf, size, "cj: q among the lowest %llu",
		    (unsigned long long)r->nflagged);
	else if (o->pico.flag == PICO_FLAG_ARGMAX)
		snprintf(buf, size, "argmax: suggestion differs, b >= %.2f",
		    pico_tau(&o->pico));
	else
		snprintf(buf, size, "q < %.2f", pico_tau(&o->pico));
	return buf;
}

static void
draw_card(struct rvv *v, const struct view_env *env, struct canvas *c,
    int x, int y, int w, int h, uint32_t row)
{
	const struct review *rv = v->loop->review;
	const struct pico_result *r = v->loop->pico;
	const struct table *t = env->t;
	struct review_why why;
	struct explain ex;
	char lines[3][EXPLAIN_LINE];
	struct draw_ctx d;
	uint32_t cls[NPICK], m, i, g = env->labels->y[row], tr;
	double p[NPICK];
	char buf[400], b2[160], kb[24];
	const char *key, *note;
	size_t klen, notelen;
	int yy = y, xx, namew = 6;
	size_t col;

	key = table_key(t, row, kb, &klen);
	canvas_fill(c, x, yy, w, 1, ROLE_HEADER);
	xx = x + 1;
	xx += canvas_str(c, xx, yy, w - 2, "row ", ROLE_HEADER, CANVAS_BOLD);
	xx += canvas_text(c, xx, yy, 24, key, klen, ROLE_HEADER, CANVAS_BOLD);
	if (v->pinned != VIEW_NOROW)
		snprintf(buf, sizeof buf, "  (line %llu; not in the queue)",
		    (unsigned long long)t->line[row]);
	else
		snprintf(buf, sizeof buf, "  (line %llu)   %u of %u in the "
		    "queue, by %s", (unsigned long long)t->line[row],
		    rv->pos + 1, rv->nqueue, rv->order == REVIEW_SUSPICION ?
		    "suspicion" : "uncertainty");
	xx += canvas_str(c, xx, yy, x + w - xx - 1, buf, ROLE_HEADER, 0);
	buf[0] = '\0';
	if (rv->state[row] & REVIEW_FLAGGED)
		strcat(buf, " [flagged for later]");
	if (rv->state[row] & REVIEW_NOTED)
		strcat(buf, " [note]");
	if (reviewrow_verdict(env, rv, row, b2, sizeof b2) || b2[0])
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " [%s]",
		    b2);
	if (buf[0])
		canvas_str_right(c, xx, yy, x + w - xx - 1, buf, ROLE_WARN,
		    CANVAS_BOLD);
	yy++;
	/* given and suggested */
	canvas_str(c, x + 1, yy, 10, "given", ROLE_DIM, 0);
	canvas_str(c, x + 12, yy, 24, reviewrow_class(env, g), ROLE_NORMAL,
	    CANVAS_BOLD);
	snprintf(buf, sizeof buf, "q %.2f", r->quality[row]);
	canvas_str(c, x + 38, yy, 12, buf, r->quality[row] < 0.2 ? ROLE_WARN :
	    ROLE_NORMAL, 0);
	yy++;
	canvas_str(c, x + 1, yy, 10, "suggested", ROLE_DIM, 0);
	if (r->doubtful && r->doubtful[row]) {
		/* no other class is credible: a doubt, not a relabel */
		canvas_str(c, x + 12, yy, 24, "doubtful, no suggestion",
		    ROLE_WARN, CANVAS_BOLD);
		snprintf(buf, sizeof buf, "best other %s b %.2f",
		    reviewrow_class(env, r->suggested[row]),
		    r->p_suggested[row]);
	} else {
		canvas_str(c, x + 12, yy, 24, reviewrow_class(env,
		    r->suggested[row]), r->suggested[row] != g ? ROLE_GOOD :
		    ROLE_NORMAL, CANVAS_BOLD);
		snprintf(buf, sizeof buf, "b %.2f   %u of %u checkers agree"
		    "%s%s", r->p_suggested[row], r->agree[row], r->checkers,
		    r->auto_fix[row] ? "   auto-fix" : "", r->ambiguous[row] ?
		    "   ambiguous" : "");
	}
	canvas_str(c, x + 38, yy, w - 39, buf, ROLE_NORMAL, 0);
	yy++;
	/* the classes to pick from */
	m = post_top(&r->post, row, cls, p, w >= 120 ? 6 : 3);
	xx = x + 1;
	for (i = 0; i < m && xx < x + w - 4; i++) {
		snprintf(buf, sizeof buf, "%u", i + 1);
		xx += canvas_str(c, xx, yy, 2, buf, ROLE_KEY, CANVAS_BOLD);
		xx += 1;
		xx += canvas_str(c, xx, yy, 20, reviewrow_class(env, cls[i]),
		    cls[i] == g ? ROLE_DIM : ROLE_NORMAL, CANVAS_BOLD);
		snprintf(buf, sizeof buf, " %.2f", p[i]);
		xx += canvas_str(c, xx, yy, 6, buf, ROLE_DIM, 0);
		xx += 3;
	}
	if (v->picking)
		canvas_style(c, x, yy, w, ROLE_SELECTED, CANVAS_BOLD);
	yy++;
	/* why: on one line when it fits, else two */
	canvas_str(c, x + 1, yy, 10, "why", ROLE_DIM, 0);
	if (review_explain(rv, row, &why) == 0 && why.other != LABELS_NONE) {
		int n;

		snprintf(buf, sizeof buf, "noise prior p(%s) %.2f, "
		    "evidence %.2g:1 for %s; ", reviewrow_class(env, g),
		    why.prior_given, why.ratio, reviewrow_class(env,
		    why.other));
		n = (int)strlen(buf);
		if (r->flagged[row])
			snprintf(b2, sizeof b2, "flagged by %s",
			    flag_rule(v->loop->opts, r, buf + n + 1,
			    sizeof buf - n - 1));
		else
			snprintf(b2, sizeof b2, "not flagged");
		if (n + (int)strlen(b2) + 12 <= w) {
			snprintf(buf + n, sizeof buf - (size_t)n, "%s", b2);
		} else {
			buf[n - 2] = '\0';
			yy++;
			canvas_str(c, x + 12, yy, w - 13, b2, ROLE_DIM, 0);
		}
		canvas_str(c, x + 12, yy - (n + (int)strlen(b2) + 12 > w), w - 13,
		    buf, ROLE_DIM, 0);
	}
	yy++;
	/* why in words: the votes by kind, the values that stand out, a
	 * row mostly missing */
	if (explain_row(t, env->labels, r, v->loop->opts ?
	    v->loop->opts->feat.cols : NULL, v->loop->opts ?
	    v->loop->opts->feat.ncols : 0, row, &ex) == 0) {
		static const char *const head[] = { "checkers", "values",
			"missing" };
		int nl = explain_lines(&ex, t, env->labels, lines, 3), li;

		for (li = 0; li < nl; li++, yy++) {
			int hi = li == 0 ? 0 : (ex.nitem > 0 && li == 1) ? 1 : 2;

			canvas_str(c, x + 1, yy, 10, head[hi], ROLE_DIM, 0);
			canvas_str(c, x + 12, yy, w - 13, lines[li],
			    hi == 2 ? ROLE_WARN : ROLE_NORMAL, 0);
		}
	}
	/* the label over the rounds */
	xx = x + 1;
	xx += canvas_str(c, xx, yy, 10, "history", ROLE_DIM, 0);
	xx = x + 12;
	for (tr = 0; tr < r->rounds && xx < x + w - 4; tr++) {
		uint32_t hl = r->history ? r->history[(size_t)tr * r->n + row] :
		    g;
		float q = r->qhist ? r->qhist[(size_t)tr * r->n + row] : 0;

		snprintf(buf, sizeof buf, "%s%u: %s q %.2f", tr ? "  " : "",
		    tr + 1, reviewrow_class(env, hl), q);
		xx += canvas_str(c, xx, yy, x + w - xx - 1, buf, hl != g ?
		    ROLE_WARN : ROLE_NORMAL, 0);
	}
	yy++;
	/* the reviewer's note, when there is one */
	note = reviewrow_note(env, rv, row, &notelen);
	if (note) {
		canvas_str(c, x + 1, yy, 10, "note", ROLE_DIM, 0);
		canvas_text(c, x + 12, yy, w - 13, note, notelen, ROLE_NORMAL,
		    0);
		yy++;
	}
	canvas_hline(c, x, yy, w, ROLE_FRAME);
	yy++;
	/* the fields */
	for (col = 0; col < t->ncols; col++) {
		int nw = (int)safetext_width(t->col[col].name,
		    strlen(t->col[col].name), c->utf8);

		if ((int)col != env->labels->col && nw > namew)
			namew = nw;
	}
	/* names wider than a third of the card wrap */
	if (namew > (w / 3 > 16 ? w / 3 : 16))
		namew = w / 3 > 16 ? w / 3 : 16;
	v->fieldh = y + h - 2 - yy;
	if (v->fieldh < 1)
		v->fieldh = 1;
	v->nlines = layout(env, row, w - namew - 3, namew, NULL, NULL);
	if (v->scroll > v->nlines - v->fieldh)
		v->scroll = v->nlines - v->fieldh;
	if (v->scroll < 0)
		v->scroll = 0;
	d.env = env;
	d.c = c;
	d.row = row;
	d.x = x + 1;
	d.y = yy;
	d.w = w - 2;
	d.namew = namew;
	d.n = 0;
	d.skip = v->scroll;
	d.max = v->fieldh;
	layout(env, row, w - namew - 3, namew, draw_line, &d);
	if (v->nlines > v->fieldh) {
		snprintf(buf, sizeof buf, " lines %d-%d of %d (j/k) ",
		    v->scroll + 1, v->scroll + v->fieldh < v->nlines ?
		    v->scroll + v->fieldh : v->nlines, v->nlines);
		canvas_str_right(c, x, y + h - 2, w - 1, buf, ROLE_DIM, 0);
	}
}

/* ---- the list ----------------------------------------------------- */

static void
draw_list(struct rvv *v, const struct view_env *env, struct canvas *c,
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
	sx = x + 1;
	canvas_str_right(c, sx, y, 5, "#", ROLE_HEADER, CANVAS_BOLD);
	sx += 6;
	canvas_str(c, sx, y, 8, "row", ROLE_HEADER, CANVAS_BOLD);
	sx += 9;
	canvas_str(c, sx, y, cw, "given", ROLE_HEADER, CANVAS_BOLD);
	sx += cw + 1;
	canvas_str(c, sx, y, cw, "suggested", ROLE_HEADER, CANVAS_BOLD);
	sx += cw + 1;
	canvas_str_right(c, sx, y, 5, "p", ROLE_HEADER, CANVAS_BOLD);
	sx += 6;
	canvas_str_right(c, sx, y, 6, "margin", ROLE_HEADER, CANVAS_BOLD);
	sx += 7;
	canvas_str(c, sx, y, 14, "verdict", ROLE_HEADER, CANVAS_BOLD);
	sx += 15;
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
		canvas_str(c, sx, yy, cw, reviewrow_class(env,
		    r->suggested[row]), role, CANVAS_BOLD);
		sx += cw + 1;
		snprintf(kb, sizeof kb, "%.2f", r->p_suggested[row]);
		canvas_str_right(c, sx, yy, 5, kb, role, 0);
		sx += 6;
		snprintf(kb, sizeof kb, "%.2f", review_margin(rv, row));
		canvas_str_right(c, sx, yy, 6, kb, role, 0);
		sx += 7;
		canvas_str(c, sx, yy, 14, buf, role, CANVAS_BOLD);
		sx += 15;
		if (tc >= 0) {
			s = table_cell(t, (size_t)tc, row, &len);
			canvas_text(c, sx, yy, x + w - sx, s, len, sel ? role :
			    ROLE_DIM, 0);
		}
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
	row = cur_row(v, env);
	if (v->last[0])
		canvas_str(c, x + 1, y + h - 1, w - 2, v->last, ROLE_GOOD, 0);
	else
		keys_line(v, env, c, x, y + h - 1, w);
	if (v->list) {
		draw_list(v, env, c, x, y, w, h - 1);
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
	draw_card(v, env, c, x, y, w, h - 1, row);
}

/* ---- deciding ----------------------------------------------------- */

static void
decide(struct rvv *v, struct view_env *env, enum journal_type type,
    const char *label, const char *note)
{
	struct review *rv = v->loop->review;
	uint32_t row = cur_row(v, env);
	struct err e;
	char kb[24], b2[160];
	const char *key;
	size_t klen;

	if (row == VIEW_NOROW) {
		snprintf(env->req.msg, sizeof env->req.msg, "no row to decide: "
		    "the queue is done");
		return;
	}
	if (review_decide(rv, row, type, label, note, &e) != 0) {
		snprintf(env->req.msg, sizeof env->req.msg, "%.190s", e.msg);
		env->req.msg_level = VIEW_ERROR;
		return;
	}
	key = table_key(env->t, row, kb, &klen);
	reviewrow_verdict(env, v->loop->review, row, b2, sizeof b2);
	snprintf(v->last, sizeof v->last, "row %.*s: %s%s%s%s", (int)(klen <
	    40 ? klen : 40), key, reviewrow_type_word(type), b2[0] ? " (" : "", b2,
	    b2[0] ? ")" : "");
	if (journal_type_is_verdict(type) || type == JOURNAL_SKIP) {
		v->loop->req.decided = 1;
		v->pinned = VIEW_NOROW;
		v->scroll = 0;
	}
}

/* The n-th most probable class of the row (0-based), or LABELS_NONE. */
static uint32_t
nth_class(const struct pico_result *r, uint32_t row, uint32_t n)
{
	uint32_t cls[NPICK], m;
	double p[NPICK];

	m = post_top(&r->post, row, cls, p, NPICK);
	return n < m ? cls[n] : LABELS_NONE;
}

static void
pick_class(struct rvv *v, struct view_env *env, uint32_t c,
    enum journal_type how)
{
	uint32_t row = cur_row(v, env);

	if (row == VIEW_NOROW)
		return;
	if (c == env->labels->y[row])
		decide(v, env, JOURNAL_REJECT, NULL, NULL);
	else if (row < v->loop->pico->n && c == v->loop->pico->suggested[row])
		decide(v, env, JOURNAL_ACCEPT, NULL, NULL);
	else
		decide(v, env, how, env->labels->name[c], NULL);
}

/* The keys that decide at once, and what they decide. */
static const struct {
	enum action act;
	enum journal_type type;
} verdicts[] = {
	{ ACT_ACCEPT, JOURNAL_ACCEPT },
	{ ACT_REJECT, JOURNAL_REJECT },
	{ ACT_DROP, JOURNAL_DROP },
	{ ACT_SKIP, JOURNAL_SKIP },
	{ ACT_FLAG_ROW, JOURNAL_FLAG },
};

/* The keys that first ask something about the row (answer() decides). */
static const struct {
	enum action act;
	int tag;
	int labels;			/* complete with class names */
	const char *title;
} questions[] = {
	{ ACT_PICK_LABEL, ASK_LABEL, 1, "label (Tab completes)" },
	{ ACT_NEW_LABEL, ASK_NEW, 0, "new label" },
	{ ACT_NOTE, ASK_NOTE, 0, "note" },
};

/* 1 when action a decides something, or asks what to decide. */
static int
deciding(enum action a)
{
	size_t i;

	for (i = 0; i < sizeof verdicts / sizeof *verdicts; i++)
		if (verdicts[i].act == a)
			return 1;
	for (i = 0; i < sizeof questions / sizeof *questions; i++)
		if (questions[i].act == a)
			return 1;
	return a == ACT_UNDO || a == ACT_PICK_MENU || (a >= ACT_PICK_1 &&
	    a <= ACT_PICK_9);
}

/* A verdict or a question for action a: 1 when it was one. */
static int
decide_key(struct rvv *v, struct view_env *env, enum action a, uint32_t row)
{
	size_t i;

	for (i = 0; i < sizeof verdicts / sizeof *verdicts; i++)
		if (verdicts[i].act == a) {
			decide(v, env, verdicts[i].type, NULL, NULL);
			return 1;
		}
	for (i = 0; i < sizeof questions / sizeof *questions; i++)
		if (questions[i].act == a) {
			if (row == VIEW_NOROW)
				return 1;
			env->req.ask = questions[i].tag;
			env->req.ask_labels = questions[i].labels;
			snprintf(env->req.ask_title, sizeof env->req.ask_title,
			    "%s", questions[i].title);
			return 1;
		}
	return 0;
}

static void
answer(struct rvv *v, struct view_env *env)
{
	const char *s = env->answer ? env->answer : "";
	int c;

	switch (env->answer_tag) {
	case ASK_LABEL:
		if (!*s)
			return;
		c = labels_find(env->labels, s, strlen(s));
		if (c < 0) {
			snprintf(env->req.msg, sizeof env->req.msg, "no class "
			    "'%.120s' (n makes a new label)", s);
			env->req.msg_level = VIEW_WARN;
			return;
		}
		pick_class(v, env, (uint32_t)c, JOURNAL_RELABEL);
		return;
	case ASK_NEW:
		if (!*s)
			return;
		c = labels_find(env->labels, s, strlen(s));
		if (c >= 0) {
			pick_class(v, env, (uint32_t)c, JOURNAL_RELABEL);
			return;
		}
		snprintf(v->pending, sizeof v->pending, "%s", s);
		v->ask_row = cur_row(v, env);
		snprintf(env->req.ask_title, sizeof env->req.ask_title,
		    "make '%.30s' a new class? (y/n)", s);
		env->req.ask = ASK_NEW_CONFIRM;
		env->req.ask_yesno = 1;
		return;
	case ASK_NEW_CONFIRM:
		if (strcmp(s, "y") != 0 && strcmp(s, "yes") != 0) {
			snprintf(env->req.msg, sizeof env->req.msg, "no new "
			    "label");
			return;
		}
		if (v->ask_row == VIEW_NOROW || v->ask_row != cur_row(v, env))
			return;
		v->loop->req.new_label = 1;
		v->loop->req.new_label_row = v->ask_row;
		snprintf(v->loop->req.new_label_text, sizeof
		    v->loop->req.new_label_text, "%s", v->pending);
		snprintf(v->last, sizeof v->last, "new label '%.120s'",
		    v->pending);
		v->pinned = VIEW_NOROW;
		v->scroll = 0;
		return;
	case ASK_NOTE:
		if (*s)
			decide(v, env, JOURNAL_NOTE, NULL, s);
		return;
	}
}

static unsigned
act_key(struct rvv *v, struct view_env *env, enum action a)
{
	struct review *rv = v->loop->review;
	struct err e;
	uint32_t row, c;

	if (!env->t || !env->labels || !rv || !v->loop->pico)
		return 0;
	row = cur_row(v, env);
	v->last[0] = '\0';
	/* the pick mode lasts one key */
	if (v->picking && !(a >= ACT_PICK_1 && a <= ACT_PICK_9) &&
	    a != ACT_PICK_CANCEL)
		v->picking = 0;
	if (v->held && deciding(a)) {
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
		c = nth_class(v->loop->pico, row, (uint32_t)(a - ACT_PICK_1));
		if (c == LABELS_NONE) {
			snprintf(env->req.msg, sizeof env->req.msg, "there is "
			    "no class %d", a - ACT_PICK_1 + 1);
			break;
		}
		pick_class(v, env, c, JOURNAL_PICK);
		break;
	case ACT_ANSWER:
		answer(v, env);
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
	row = cur_row(v, env);
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
