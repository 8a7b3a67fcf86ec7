/*
 * help.c - the help overlay.
 *
 * It lists, in order: the current view's description and keys, the keys
 * that work everywhere, the prompt line's keys and the : commands.
 */
#include "tui/help.h"

#include <stdio.h>
#include <string.h>

#include "tui/command.h"
#include "tui/keymap.h"

#define HELP_KEYW 22

enum line_kind { L_HEAD, L_KEY, L_TEXT, L_BLANK };

struct line {
	enum line_kind kind;
	char keys[96];
	const char *text;
	size_t tlen;
};

/* Call fn for each line; returns the number of lines. */
static int
lines(const struct view *v, int w, void (*fn)(void *ctx, int i,
    const struct line *l), void *ctx)
{
	const struct keymap_ctx *ks[3];
	struct line l;
	size_t c, i, j;
	int n = 0;

#define EMIT() do { if (fn) fn(ctx, n, &l); n++; } while (0)
	ks[0] = v ? keymap_ctx(v->name) : NULL;
	ks[1] = &keymap_ctxs[0];
	ks[2] = keymap_ctx("prompt");
	if (v) {
		memset(&l, 0, sizeof l);
		l.kind = L_HEAD;
		l.text = v->title;
		l.tlen = strlen(v->title);
		EMIT();
		if (v->help) {
			/* wrap the paragraph at spaces */
			const char *p = v->help;
			size_t left = strlen(p), cut;

			while (left > 0) {
				cut = left;
				if ((int)cut > w) {
					cut = (size_t)w;
					while (cut > 0 && p[cut] != ' ')
						cut--;
					if (cut == 0)
						cut = (size_t)w;
				}
				l.kind = L_TEXT;
				l.text = p;
				l.tlen = cut;
				EMIT();
				p += cut;
				left -= cut;
				while (left > 0 && *p == ' ') {
					p++;
					left--;
				}
			}
		}
	}
	for (c = 0; c < 3; c++) {
		const struct keymap_ctx *x = ks[c];

		if (!x || (c == 0 && x == &keymap_ctxs[0]))
			continue;
		memset(&l, 0, sizeof l);
		if (c > 0 || !v) {
			l.kind = L_BLANK;
			EMIT();
			l.kind = L_HEAD;
			l.text = x->title;
			l.tlen = strlen(x->title);
			EMIT();
		}
		for (i = 0; i < x->n; i++) {
			for (j = 0; j < i; j++)
				if (x->bind[j].act == x->bind[i].act)
					break;
			if (j < i)
				continue;
			l.kind = L_KEY;
			keymap_keys_for(x, x->bind[i].act, l.keys,
			    sizeof l.keys);
			l.text = action_help(x->bind[i].act);
			l.tlen = strlen(l.text);
			EMIT();
		}
		if (c == 2) {
			l.kind = L_KEY;
			snprintf(l.keys, sizeof l.keys, "other keys");
			l.text = "Insert the character";
			l.tlen = strlen(l.text);
			EMIT();
		}
	}
	memset(&l, 0, sizeof l);
	l.kind = L_BLANK;
	EMIT();
	l.kind = L_HEAD;
	l.text = "Commands (type : first)";
	l.tlen = strlen(l.text);
	EMIT();
	for (i = 0; i < command_count; i++) {
		l.kind = L_KEY;
		snprintf(l.keys, sizeof l.keys, ":%s %s", command_list[i].name,
		    command_list[i].args);
		l.text = command_list[i].help;
		l.tlen = strlen(l.text);
		EMIT();
	}
#undef EMIT
	return n;
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
		canvas_str(d->c, d->x + 1, y, HELP_KEYW - 2, l->keys, ROLE_KEY,
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
