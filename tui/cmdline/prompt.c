/*
 * prompt.c - the line editor.
 *
 * Invariants: buf is NUL-terminated with len bytes before the NUL, cur
 * <= len and never inside a UTF-8 sequence of valid text; hpos ==
 * hist->n unless the user is browsing the history, and then saved holds
 * the line typed before browsing.
 */
#include "tui/cmdline/prompt.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util/err.h"
#include "core/util/xalloc.h"
#include "views/lib/safetext.h"

/* The invariants above that no text can break (the text itself may
 * hold bytes that are no UTF-8: the cursor then steps over them). */
static void
check(const struct prompt *p)
{
	if (!p->buf || p->cur > p->len || p->buf[p->len] != '\0' ||
	    (p->hist && p->hpos > p->hist->n))
		BUG("prompt: cursor %zu in %zu bytes, history at %zu",
		    p->cur, p->len, p->hpos);
}

void
prompt_list_add(struct prompt_list *l, const char *s, size_t n)
{
	l->v = xgrow(l->v, &l->cap, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrndup(s, n);
}

void
prompt_list_release(struct prompt_list *l)
{
	if (!l)
		return;
	xfree_strv(l->v, l->n);
	memset(l, 0, sizeof *l);
}

void
prompt_hist_add(struct prompt_list *h, const char *line)
{
	if (line[0] && !(h->n && strcmp(h->v[h->n - 1], line) == 0))
		prompt_list_add(h, line, strlen(line));
}

static void
set_text(struct prompt *p, const char *s)
{
	size_t n = strlen(s);

	p->buf = xgrow(p->buf, &p->cap, n + 1, 1);
	memcpy(p->buf, s, n + 1);
	p->len = p->cur = n;
}

void
prompt_open(struct prompt *p, const char *title, const char *init,
    struct prompt_list *hist, prompt_complete_fn *complete, void *ctx)
{
	prompt_release(p);
	snprintf(p->title, sizeof p->title, "%s", title ? title : "");
	set_text(p, init ? init : "");
	p->hist = hist;
	p->hpos = hist ? hist->n : 0;
	p->complete = complete;
	p->complete_ctx = ctx;
}

void
prompt_release(struct prompt *p)
{
	free(p->buf);
	free(p->saved);
	prompt_list_release(&p->cands);
	memset(p, 0, sizeof *p);
}

void
prompt_insert_str(struct prompt *p, const char *s, size_t n)
{
	if (!p->buf)
		set_text(p, "");
	p->buf = xgrow(p->buf, &p->cap, p->len + n + 1, 1);
	memmove(p->buf + p->cur + n, p->buf + p->cur, p->len - p->cur + 1);
	memcpy(p->buf + p->cur, s, n);
	p->len += n;
	p->cur += n;
	check(p);
}

void
prompt_insert(struct prompt *p, int cp)
{
	char u[4];
	size_t n;

	if (cp < 0x20 || cp == 0x7f || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12);
		u[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | cp >> 18);
		u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	p->cycling = 0;
	prompt_insert_str(p, u, n);
}

static size_t
prev_char(const struct prompt *p, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && ((unsigned char)p->buf[i] & 0xc0) == 0x80)
		i--;
	return i;
}

static size_t
next_char(const struct prompt *p, size_t i)
{
	if (i >= p->len)
		return p->len;
	i++;
	while (i < p->len && ((unsigned char)p->buf[i] & 0xc0) == 0x80)
		i++;
	return i;
}

static void
delete_range(struct prompt *p, size_t a, size_t b)
{
	if (b <= a)
		return;
	memmove(p->buf + a, p->buf + b, p->len - b + 1);
	p->len -= b - a;
	if (p->cur > b)
		p->cur -= b - a;
	else if (p->cur > a)
		p->cur = a;
}

static void
history(struct prompt *p, int dir)
{
	struct prompt_list *h = p->hist;

	if (!h || h->n == 0)
		return;
	if (dir < 0) {
		if (p->hpos == 0)
			return;
		if (p->hpos == h->n) {
			free(p->saved);
			p->saved = xstrdup(prompt_text(p));
		}
		p->hpos--;
		set_text(p, h->v[p->hpos]);
	} else {
		if (p->hpos >= h->n)
			return;
		p->hpos++;
		set_text(p, p->hpos == h->n ? (p->saved ? p->saved : "") :
		    h->v[p->hpos]);
	}
}

/* Replace buf[start .. cur) by s. */
static void
replace_word(struct prompt *p, size_t start, const char *s)
{
	delete_range(p, start, p->cur);
	p->cur = start;
	prompt_insert_str(p, s, strlen(s));
}

static void
complete(struct prompt *p)
{
	struct prompt_list all, keep;
	size_t start = p->cur, wlen, i, lcp;
	int pass;

	if (!p->complete)
		return;
	if (p->cycling && p->cands.n > 1) {
		p->cyc = (p->cyc + 1) % p->cands.n;
		replace_word(p, p->cstart, p->cands.v[p->cyc]);
		snprintf(p->hint, sizeof p->hint, "%zu of %zu matches",
		    p->cyc + 1, p->cands.n);
		return;
	}
	memset(&all, 0, sizeof all);
	memset(&keep, 0, sizeof keep);
	p->complete(p->complete_ctx, prompt_text(p), p->cur, &start, &all);
	if (start > p->cur)
		start = p->cur;
	wlen = p->cur - start;
	for (pass = 0; pass < 2 && keep.n == 0; pass++)
		for (i = 0; i < all.n; i++)
			if (pass == 0 ? strncmp(all.v[i], p->buf + start,
			    wlen) == 0 : strncasecmp(all.v[i], p->buf + start,
			    wlen) == 0)
				prompt_list_add(&keep, all.v[i],
				    strlen(all.v[i]));
	prompt_list_release(&all);
	prompt_list_release(&p->cands);
	p->cands = keep;
	p->cstart = start;
	p->cycling = 0;
	if (keep.n == 0) {
		snprintf(p->hint, sizeof p->hint, "no match");
		return;
	}
	if (keep.n == 1) {
		replace_word(p, start, keep.v[0]);
		p->hint[0] = '\0';
		return;
	}
	lcp = strlen(keep.v[0]);
	for (i = 1; i < keep.n; i++) {
		size_t k = 0;

		while (k < lcp && keep.v[i][k] == keep.v[0][k])
			k++;
		lcp = k;
	}
	/* never cut inside a UTF-8 sequence */
	while (lcp > 0 && ((unsigned char)keep.v[0][lcp] & 0xc0) == 0x80)
		lcp--;
	if (lcp > wlen || strncmp(keep.v[0], p->buf + start, wlen) != 0) {
		char *pre = xstrndup(keep.v[0], lcp);

		/* progress: the common prefix; the next Tab shows the
		 * first candidate */
		replace_word(p, start, pre);
		free(pre);
		p->cyc = keep.n - 1;
	} else {
		/* no progress: show the first candidate */
		replace_word(p, start, keep.v[0]);
		p->cyc = 0;
	}
	p->cycling = 1;
	{
		size_t o = (size_t)snprintf(p->hint, sizeof p->hint,
		    "%zu matches:", keep.n);

		for (i = 0; i < keep.n && o < sizeof p->hint; i++)
			o += (size_t)snprintf(p->hint + o, sizeof p->hint - o,
			    " %s", keep.v[i]);
	}
}

enum prompt_result
prompt_act(struct prompt *p, enum action a)
{
	size_t i;

	if (!p->buf)
		set_text(p, "");
	if (a != ACT_PROMPT_COMPLETE) {
		p->cycling = 0;
		p->hint[0] = '\0';
	}
	switch (a) {
	case ACT_PROMPT_ACCEPT:
		if (p->hist)
			prompt_hist_add(p->hist, prompt_text(p));
		return PROMPT_ACCEPT;
	case ACT_PROMPT_CANCEL:
		return PROMPT_CANCEL;
	case ACT_PROMPT_LEFT:
		p->cur = prev_char(p, p->cur);
		break;
	case ACT_PROMPT_RIGHT:
		p->cur = next_char(p, p->cur);
		break;
	case ACT_PROMPT_HOME:
		p->cur = 0;
		break;
	case ACT_PROMPT_END:
		p->cur = p->len;
		break;
	case ACT_PROMPT_BACKSPACE:
		delete_range(p, prev_char(p, p->cur), p->cur);
		break;
	case ACT_PROMPT_DELETE:
		delete_range(p, p->cur, next_char(p, p->cur));
		break;
	case ACT_PROMPT_KILL_END:
		delete_range(p, p->cur, p->len);
		break;
	case ACT_PROMPT_KILL_START:
		delete_range(p, 0, p->cur);
		break;
	case ACT_PROMPT_KILL_WORD:
		i = p->cur;
		while (i > 0 && p->buf[i - 1] == ' ')
			i--;
		while (i > 0 && p->buf[i - 1] != ' ')
			i--;
		delete_range(p, i, p->cur);
		break;
	case ACT_PROMPT_HISTORY_UP:
		history(p, -1);
		break;
	case ACT_PROMPT_HISTORY_DOWN:
		history(p, 1);
		break;
	case ACT_PROMPT_COMPLETE:
		complete(p);
		break;
	default:
		break;
	}
	check(p);
	return PROMPT_EDITING;
}

void
prompt_draw(const struct prompt *p, struct canvas *c, int x, int y, int w)
{
	const char *s = prompt_text(p);
	int tw, avail;
	size_t start = 0;

	canvas_fill(c, x, y, w, 1, ROLE_PROMPT);
	tw = canvas_str(c, x, y, w, p->title, ROLE_PROMPT, CANVAS_BOLD);
	avail = w - tw - 1;
	if (avail < 1)
		return;
	/* scroll so the cursor shows */
	while (start < p->cur &&
	    (int)safetext_width(s + start, p->cur - start, c->utf8) > avail) {
		struct safetext_unit u;

		safetext_next(s + start, p->len - start, c->utf8, &u);
		start += u.len;
	}
	canvas_text(c, x + tw, y, avail + 1, s + start, p->len - start,
	    ROLE_PROMPT, 0);
	c->cx = x + tw + (int)safetext_width(s + start, p->cur - start,
	    c->utf8);
	c->cy = y;
}
