/*
 * help.c - the help overlay.
 *
 * It lists, in order: the current view's description and keys, the keys
 * of its modes, the keys that work everywhere, the prompt line's keys
 * and the : commands.  Every line is wrapped to the box, never cut: a
 * key's text goes on under it, and keys too wide for their column get a
 * line of their own.
 */
#include "tui/help.h"

#include <stdio.h>
#include <string.h>

#include "tui/cmdline/command.h"
#include "tui/keymap.h"

#define HELP_KEYW 22

enum line_kind { L_HEAD, L_KEY, L_TEXT, L_BLANK };

struct line {
	enum line_kind kind;
	char keys[96];
	const char *text;
	size_t tlen;
};

struct emit {
	void (*fn)(void *ctx, int i, const struct line *l);
	void *ctx;
	int n;
};

static void
emit(struct emit *e, const struct line *l)
{
	if (e->fn)
		e->fn(e->ctx, e->n, l);
	e->n++;
}

/* The length of the first line of p[0..left) wrapped at spaces in w
 * columns (help texts are ASCII). */
static size_t
cut_at(const char *p, size_t left, int w)
{
	size_t cut = left;

	if (w < 1)
		w = 1;
	if ((int)cut > w) {
		cut = (size_t)w;
		while (cut > 0 && p[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = (size_t)w;
	}
	return cut;
}

/*
 * Lines of kind (L_TEXT across w columns, or L_KEY beside keys in the
 * w - HELP_KEYW columns after them), wrapped at spaces: nothing is cut.
 * Keys too wide for their column get a line of their own.
 */
static void
wrapped(struct emit *e, enum line_kind kind, const char *keys,
    const char *text, int w)
{
	struct line l;
	size_t left = strlen(text), cut;
	int tw = kind == L_KEY ? w - HELP_KEYW : w;

	memset(&l, 0, sizeof l);
	l.kind = kind;
	if (keys) {
		snprintf(l.keys, sizeof l.keys, "%s", keys);
		if ((int)strlen(keys) > HELP_KEYW - 2) {
			emit(e, &l);
			l.keys[0] = '\0';
		}
	}
	while (left > 0) {
		cut = cut_at(text, left, tw);
		l.text = text;
		l.tlen = cut;
		emit(e, &l);
		l.keys[0] = '\0';
		text += cut;
		left -= cut;
		while (left > 0 && *text == ' ') {
			text++;
			left--;
		}
	}
}

static void
heading(struct emit *e, const char *title, int blank)
{
	struct line l;

	memset(&l, 0, sizeof l);
	if (blank) {
		l.kind = L_BLANK;
		emit(e, &l);
	}
	l.kind = L_HEAD;
	l.text = title;
	l.tlen = strlen(title);
	emit(e, &l);
}

/* The entries of one key context. */
static void
context_keys(struct emit *e, const struct keymap_ctx *x, int w)
{
	char keys[96];
	enum action a;
	size_t i, next;

	for (i = 0; i < x->n; i = next) {
		next = keymap_entry(x, i, keys, sizeof keys, &a);
		if (keys[0])
			wrapped(e, L_KEY, keys, action_help(a), w);
	}
}

/* Call fn for each line; returns the number of lines. */
static int
lines(const struct view *v, int w, void (*fn)(void *ctx, int i,
    const struct line *l), void *ctx)
{
	const struct keymap_ctx *x;
	struct emit e;
	char keys[96];
	size_t i;

	e.fn = fn;
	e.ctx = ctx;
	e.n = 0;
	if (v) {
		heading(&e, v->title, 0);
		if (v->help)
			wrapped(&e, L_TEXT, NULL, v->help, w);
		if ((x = keymap_ctx(v->name)) != NULL && x != &keymap_ctxs[0])
			context_keys(&e, x, w);
		/* the view's modes, each under its own heading */
		for (i = 0; i < keymap_nctx; i++) {
			x = &keymap_ctxs[i];
			if (!keymap_mode_of(x->name) || strcmp(keymap_mode_of(
			    x->name), v->name) != 0)
				continue;
			heading(&e, x->title, 1);
			context_keys(&e, x, w);
		}
	}
	heading(&e, keymap_ctxs[0].title, 1);
	context_keys(&e, &keymap_ctxs[0], w);
	if ((x = keymap_ctx("prompt")) != NULL) {
		heading(&e, x->title, 1);
		context_keys(&e, x, w);
		wrapped(&e, L_KEY, "other keys", "Insert the character", w);
	}
	heading(&e, "Commands (type : first)", 1);
	for (i = 0; i < command_count; i++) {
		snprintf(keys, sizeof keys, ":%s%s%s", command_list[i].name,
		    command_list[i].args[0] ? " " : "", command_list[i].args);
		wrapped(&e, L_KEY, keys, command_list[i].help, w);
	}
	return e.n;
}

struct draw_ctx {
	struct canvas *c;
	int x, y, w, h, top;
};

static void
draw_line(void *ctx, int i, const struct line *l)
{
	struct draw_ctx *d = ctx;
	int y = d->y + i - d->top;

	if (y < d->y || y >= d->y + d->h)
		return;
	switch (l->kind) {
	case L_HEAD:
		canvas_text(d->c, d->x, y, d->w, l->text, l->tlen, ROLE_HEADER,
		    CANVAS_BOLD);
		break;
	case L_TEXT:
		canvas_text(d->c, d->x, y, d->w, l->text, l->tlen, ROLE_NORMAL,
		    0);
		break;
	case L_KEY:
		canvas_str(d->c, d->x + 1, y, d->w - 1, l->keys, ROLE_KEY,
		    CANVAS_BOLD);
		canvas_text(d->c, d->x + HELP_KEYW, y, d->w - HELP_KEYW,
		    l->text, l->tlen, ROLE_NORMAL, 0);
		break;
	case L_BLANK:
		break;
	}
}

void
help_open(struct help *h)
{
	h->on = 1;
	h->top = 0;
}

void
help_draw(struct help *h, struct canvas *c, const struct view *v, int x,
    int y, int w, int hgt)
{
	struct draw_ctx d;
	int n;

	canvas_fill(c, x, y, w, hgt, ROLE_NORMAL);
	canvas_frame(c, x, y, w, hgt, "Help: ? or q closes", ROLE_FRAME);
	d.c = c;
	d.x = x + 2;
	d.y = y + 1;
	d.w = w - 4;
	d.h = hgt - 2;
	n = lines(v, d.w, NULL, NULL);
	h->lines = n;
	if (h->top > n - d.h)
		h->top = n - d.h;
	if (h->top < 0)
		h->top = 0;
	d.top = h->top;
	lines(v, d.w, draw_line, &d);
	if (n > d.h) {
		char buf[48];

		snprintf(buf, sizeof buf, " %d-%d of %d ", d.top + 1,
		    d.top + d.h < n ? d.top + d.h : n, n);
		canvas_str_right(c, x + 1, y + hgt - 1, w - 3, buf,
		    ROLE_FRAME, 0);
	}
}

int
help_act(struct help *h, enum action act, int page)
{
	return action_scroll(act, &h->top, page, h->lines);
}
