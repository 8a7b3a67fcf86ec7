/*
 * record.c - one row, every field in full.
 *
 * Field names down the left, values wrapped into the rest of the width
 * (at spaces when a word fits, else anywhere; line feeds in the data
 * break lines and show as an arrow).  Everything is drawn through the
 * canvas's safe text, so control characters show escaped.  Left and
 * right step through the rows of the rowset; up and down scroll.  Fields
 * longer than RECORD_MAXBYTES show their start and how much is left.
 * What the review said about the row (its verdict, a flag for later, a
 * note) shows above the fields.
 */
#include "views/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"
#include "views/lib/reviewloop.h"
#include "views/lib/reviewrow.h"
#include "views/lib/rowfind.h"

#define RECORD_MAXBYTES 65536
#define RECORD_NAMEW 24

struct rv {
	uint64_t pos;		/* the row: a position in env->rows */
	int top;		/* first line shown */
	int page;
	int nlines;		/* lines at the last layout */
	struct rowfind find;
	const struct reviewloop *loop;	/* the decisions shown */
};

static void *
record_open(struct view_env *env, void *data)
{
	struct rv *v = xcalloc(1, sizeof *v);

	(void)env;
	v->loop = data;
	rowfind_init(&v->find);
	v->page = 10;
	return v;
}

static void
record_close(void *st)
{
	struct rv *v = st;

	rowfind_release(&v->find);
	free(v);
}

/* The position of env->row in env->rows (or the nearest after it). */
static void
track(struct rv *v, const struct view_env *env)
{
	const struct rowset *rows = env->rows;

	if (!rows || rows->n == 0) {
		v->pos = 0;
		return;
	}
	if (v->pos < rows->n && rows->row[v->pos] == env->row)
		return;
	v->pos = rowfind_pos(rows, env->row);
	v->top = 0;
}

/*
 * The end of the line that starts at s[i] in w columns: *end is where
 * its text stops, *next where the next line starts.
 */
static void
wrap(const char *s, size_t n, size_t i, int w, int utf8, size_t *end,
    size_t *next)
{
	struct safetext_unit u;
	size_t j = i, space = 0;
	int used = 0;

	while (j < n) {
		safetext_next(s + j, n - j, utf8, &u);
		if (u.newline) {
			/* the arrow shows, then the line breaks */
			if (used + u.width > w && j > i) {
				*end = *next = j;
				return;
			}
			*end = j + u.len;
			*next = j + u.len;
			return;
		}
		if (used + u.width > w && j > i) {
			if (space > i) {
				*end = space;
				*next = space + 1;
			} else {
				*end = *next = j;
			}
			return;
		}
		if (s[j] == ' ')
			space = j;
		used += u.width;
		j += u.len;
	}
	*end = *next = n;
}

struct layout {
	int namew, valx, valw;
};

static void
layout(const struct view_env *env, int w, struct layout *L)
{
	size_t c;
	int nw;

	L->namew = 4;
	for (c = 0; c < env->t->ncols; c++) {
		nw = (int)safetext_width(env->t->col[c].name,
		    strlen(env->t->col[c].name), env->utf8);
		if (nw > L->namew)
			L->namew = nw;
	}
	if (L->namew > RECORD_NAMEW)
		L->namew = RECORD_NAMEW;
	L->valx = L->namew + 3;
	L->valw = w - L->valx - 1;
	if (L->valw < 10)
		L->valw = 10;
}

/* Walk the lines of the record: draw those in [top, top + h) when c is
 * not NULL; return the number of lines. */
static int
lines(const struct view_env *env, uint32_t r, struct canvas *c, int x,
    int y, int w, int top, int h)
{
	const struct table *t = env->t;
	struct layout L;
	size_t col, n, i, end, next, shown;
	const char *s;
	int line = 0, first;
	char more[64];

	layout(env, w, &L);
	for (col = 0; col < t->ncols; col++) {
		int cur = (int)col == env->col;
		int miss = t->col[col].vmiss[t->col[col].code[r]];
		int lab = env->labels && (int)col == env->labels->col;

		s = table_cell(t, col, r, &n);
		shown = n > RECORD_MAXBYTES ? RECORD_MAXBYTES : n;
		first = 1;
		i = 0;
		do {
			wrap(s, shown, i, L.valw, env->utf8, &end, &next);
			if (c && line >= top && line < top + h) {
				int yy = y + line - top;

				if (first)
					canvas_str_right(c, x, yy, L.namew,
					    t->col[col].name, cur ?
					    ROLE_CURSOR : ROLE_HEADER,
					    CANVAS_BOLD);
				if (shown == 0 && miss)
					canvas_str(c, x + L.valx, yy, L.valw,
					    "(missing)", ROLE_DIM, 0);
				else
					canvas_text(c, x + L.valx, yy, L.valw,
					    s + i, end - i, miss ? ROLE_DIM :
					    ROLE_NORMAL, lab ? CANVAS_BOLD :
					    0);
			}
			line++;
			first = 0;
			i = next;
		} while (i < shown);
		if (shown < n) {
			if (c && line >= top && line < top + h) {
				snprintf(more, sizeof more, "(%zu more bytes)",
				    n - shown);
				canvas_str(c, x + L.valx, y + line - top,
				    L.valw, more, ROLE_DIM, 0);
			}
			line++;
		}
	}
	return line;
}

/* The review's word on row r above the fields, in the fields' layout,
 * at y; returns the lines it took (0 when nothing was said). */
static int
said(const struct rv *v, const struct view_env *env, uint32_t r,
    struct canvas *c, int x, int y, int w)
{
	const struct review *rv = v->loop ? v->loop->review : NULL;
	struct layout L;
	const char *note;
	size_t notelen;
	char buf[200];
	int n = 0;

	if (!rv)
		return 0;
	layout(env, w, &L);
	if (reviewrow_said(env, rv, r, buf, sizeof buf)) {
		canvas_str_right(c, x, y + n, L.namew, "review", ROLE_DIM, 0);
		canvas_str(c, x + L.valx, y + n, L.valw, buf, ROLE_WARN,
		    CANVAS_BOLD);
		n++;
	}
	note = reviewrow_note(env, rv, r, &notelen);
	if (note) {
		canvas_str_right(c, x, y + n, L.namew, "note", ROLE_DIM, 0);
		canvas_text(c, x + L.valx, y + n, L.valw, note, notelen,
		    ROLE_NORMAL, 0);
		n++;
	}
	if (n)
		canvas_hline(c, x, y + n++, w, ROLE_FRAME);
	return n;
}

static void
record_draw(void *st, const struct view_env *env, struct canvas *c, int x,
    int y, int w, int h)
{
	struct rv *v = st;
	const struct rowset *rows = env->rows;
	char key[24], n1[32], n2[32];
	const char *k;
	size_t klen;
	uint32_t r;
	int said_n;

	if (!env->t || !rows)
		return;
	track(v, env);
	if (rows->n == 0) {
		canvas_str(c, x + 2, y + 1, w - 4, "no rows", ROLE_DIM, 0);
		return;
	}
	r = rows->row[v->pos];
	canvas_fill(c, x, y, w, 1, ROLE_HEADER);
	k = table_key(env->t, r, key, &klen);
	canvas_printf(c, x + 1, y, w / 2, ROLE_HEADER, CANVAS_BOLD,
	    "Row %s of %s", canvas_fmt_count(v->pos + 1, n1),
	    canvas_fmt_count(rows->n, n2));
	canvas_str(c, x + w / 2, y, 6, "key ", ROLE_HEADER, 0);
	canvas_text(c, x + w / 2 + 4, y, w / 2 - 5, k, klen, ROLE_HEADER, 0);
	said_n = said(v, env, r, c, x, y + 1, w);
	y += said_n;
	h -= said_n;
	v->page = h - 1 > 1 ? h - 1 : 1;
	v->nlines = lines(env, r, NULL, x, y + 1, w, 0, 0);
	if (v->top > v->nlines - v->page)
		v->top = v->nlines - v->page;
	if (v->top < 0)
		v->top = 0;
	lines(env, r, c, x, y + 1, w, v->top, v->page);
}

static unsigned
record_act(void *st, struct view_env *env, enum action a)
{
	struct rv *v = st;
	uint64_t n = env->rows ? env->rows->n : 0;
	int wrapped;
	int64_t p;
	struct err e;

	if (!env->t || n == 0)
		return 0;
	track(v, env);
	switch (a) {
	case ACT_LEFT:
		if (v->pos > 0) {
			v->pos--;
			v->top = 0;
		}
		break;
	case ACT_RIGHT:
		if (v->pos + 1 < n) {
			v->pos++;
			v->top = 0;
		}
		break;
	case ACT_NEXT_MATCH:
	case ACT_PREV_MATCH:
		p = rowfind_step(&v->find, env, env->rows, v->pos, a,
		    &wrapped, &e);
		if (p == -2)
			return VIEW_HANDLED;
		if (p < 0) {
			snprintf(env->req.msg, sizeof env->req.msg, "%.190s",
			    e.code ? e.msg : "no other row matches");
		} else {
			v->pos = (uint64_t)p;
			v->top = 0;
		}
		break;
	default:
		/* up and down scroll the fields */
		if (!action_scroll(a, &v->top, v->page, v->nlines))
			return 0;
	}
	env->row = env->rows->row[v->pos];
	return VIEW_HANDLED | VIEW_REDRAW;
}

static void
record_where(void *st, const struct view_env *env, char *buf, size_t size)
{
	struct rv *v = st;

	if (!env->t || v->nlines <= v->page)
		buf[0] = '\0';
	else
		snprintf(buf, size, "lines %d-%d of %d", v->top + 1,
		    v->top + v->page < v->nlines ? v->top + v->page :
		    v->nlines, v->nlines);
}

const struct view view_record = {
	.name = "record",
	.title = "Record",
	.data = VIEW_DATA_REVIEW,
	.top = 0,
	.help = "One row with every field in full; long text wraps, and "
	    "control characters show escaped (^H, \\x1b ...). Left and right "
	    "go to the previous and next row, up and down scroll. The "
	    "review's verdict, flag and note on the row show above its "
	    "fields.",
	.open = record_open,
	.close = record_close,
	.draw = record_draw,
	.act = record_act,
	.where = record_where,
};
