/*
 * canvas.c - the cell grid and its drawing helpers.
 *
 * Invariant: a cell of width 2 is always followed, on the same row, by a
 * continuation cell of width 0; overwriting either half blanks the
 * other, so a row never holds half a wide character.
 */
#include "views/lib/canvas.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/err.h"
#include "core/util/numfmt.h"
#include "core/util/xalloc.h"

static void
cell_blank(struct canvas_cell *k, enum canvas_role role)
{
	k->s[0] = ' ';
	k->s[1] = '\0';
	k->width = 1;
	k->role = (uint8_t)role;
	k->attr = 0;
}

void
canvas_init(struct canvas *c, int w, int h, int utf8)
{
	memset(c, 0, sizeof *c);
	c->utf8 = utf8;
	canvas_resize(c, w, h);
}

void
canvas_release(struct canvas *c)
{
	if (!c)
		return;
	free(c->cell);
	c->cell = NULL;
	c->w = c->h = 0;
}

void
canvas_resize(struct canvas *c, int w, int h)
{
	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	free(c->cell);
	c->w = w;
	c->h = h;
	c->cell = xreallocarray(NULL, (size_t)w * (size_t)h + 1,
	    sizeof *c->cell);
	canvas_clear(c);
}

void
canvas_clear(struct canvas *c)
{
	size_t i, n = (size_t)c->w * (size_t)c->h;

	c->cx = c->cy = -1;
	for (i = 0; i < n; i++)
		cell_blank(&c->cell[i], ROLE_NORMAL);
}

struct canvas_cell *
canvas_at(struct canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return NULL;
	return &c->cell[(size_t)y * (size_t)c->w + (size_t)x];
}

const struct canvas_cell *
canvas_get(const struct canvas *c, int x, int y)
{
	if (x < 0 || y < 0 || x >= c->w || y >= c->h)
		return NULL;
	return &c->cell[(size_t)y * (size_t)c->w + (size_t)x];
}

/* Before (x, y) is overwritten: blank the other half of a wide char. */
static void
unpair(struct canvas *c, int x, int y)
{
	struct canvas_cell *k = canvas_at(c, x, y), *o;

	if (!k)
		return;
	if (k->width == 0 && (o = canvas_at(c, x - 1, y)) != NULL)
		cell_blank(o, o->role);
	else if (k->width == 2 && (o = canvas_at(c, x + 1, y)) != NULL)
		cell_blank(o, o->role);
}

void
canvas_fill(struct canvas *c, int x, int y, int w, int h,
    enum canvas_role role)
{
	int i, j;

	for (j = y; j < y + h; j++)
		for (i = x; i < x + w; i++)
			if (canvas_at(c, i, j)) {
				unpair(c, i, j);
				cell_blank(canvas_at(c, i, j), role);
			}
}

void
canvas_style(struct canvas *c, int x, int y, int w, enum canvas_role role,
    unsigned attr)
{
	struct canvas_cell *k;
	int i;

	for (i = x; i < x + w; i++)
		if ((k = canvas_at(c, i, y)) != NULL) {
			k->role = (uint8_t)role;
			k->attr = (uint8_t)((k->attr & CANVAS_ESC) | attr);
		}
}

int
canvas_put(struct canvas *c, int x, int y, int clip, const char *s,
    int width, enum canvas_role role, unsigned attr)
{
	struct canvas_cell *k, *k2;
	size_t n;

	if (clip > c->w)
		clip = c->w;
	if (y < 0 || y >= c->h || x >= clip)
		return 0;
	if (width == 2 && x + 1 >= clip) {
		/* half a wide character would show: a blank instead */
		if ((k = canvas_at(c, x, y)) != NULL) {
			unpair(c, x, y);
			cell_blank(k, role);
			k->attr = (uint8_t)attr;
		}
		return 1;
	}
	if (x < 0)
		return width;
	k = canvas_at(c, x, y);
	unpair(c, x, y);
	if (width == 2)
		unpair(c, x + 1, y);
	n = strlen(s);
	if (n >= sizeof k->s)
		n = sizeof k->s - 1;
	memcpy(k->s, s, n);
	k->s[n] = '\0';
	k->width = (uint8_t)(width == 2 ? 2 : 1);
	k->role = (uint8_t)role;
	k->attr = (uint8_t)attr;
	if (width == 2) {
		k2 = canvas_at(c, x + 1, y);
		k2->s[0] = '\0';
		k2->width = 0;
		k2->role = (uint8_t)role;
		k2->attr = (uint8_t)attr;
	}
	return width == 2 ? 2 : 1;
}

/* Draw one unit: escapes go one ASCII cell per byte. */
static int
put_unit(struct canvas *c, int x, int y, int clip,
    const struct safetext_unit *u, enum canvas_role role, unsigned attr)
{
	const char *p;
	char one[2];
	int used = 0;

	if (!u->escaped || u->out[0] == '\0' || (unsigned char)u->out[0] >=
	    0x80)
		return canvas_put(c, x, y, clip, u->out, u->width, role,
		    attr | (u->escaped ? CANVAS_ESC : 0));
	one[1] = '\0';
	for (p = u->out; *p; p++) {
		one[0] = *p;
		used += canvas_put(c, x + used, y, clip, one, 1, role,
		    attr | CANVAS_ESC);
	}
	return used;
}

int
canvas_text(struct canvas *c, int x, int y, int maxw, const char *s,
    size_t n, enum canvas_role role, unsigned attr)
{
	struct safetext_unit u;
	size_t i = 0, fit = 0, fit1 = 0;
	int w = 0, used = 0, over = 0;

	if (maxw <= 0 || y < 0 || y >= c->h)
		return 0;
	/* how much fits in maxw, and in maxw - 1 should we need an
	 * ellipsis */
	while (i < n) {
		safetext_next(s + i, n - i, c->utf8, &u);
		if (w + u.width > maxw) {
			over = 1;
			break;
		}
		w += u.width;
		i += u.len;
		if (w <= maxw - 1)
			fit1 = i;
	}
	fit = over ? fit1 : i;
	for (i = 0; i < fit;) {
		safetext_next(s + i, n - i, c->utf8, &u);
		used += put_unit(c, x + used, y, x + maxw, &u, role, attr);
		i += u.len;
	}
	if (over)
		used += canvas_put(c, x + used, y, x + maxw,
		    canvas_glyph(c, GLYPH_ELLIPSIS), 1, role, attr);
	return used;
}

int
canvas_str(struct canvas *c, int x, int y, int maxw, const char *s,
    enum canvas_role role, unsigned attr)
{
	return canvas_text(c, x, y, maxw, s, strlen(s), role, attr);
}

int
canvas_printf(struct canvas *c, int x, int y, int maxw,
    enum canvas_role role, unsigned attr, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return canvas_str(c, x, y, maxw, buf, role, attr);
}

int
canvas_str_right(struct canvas *c, int x, int y, int w, const char *s,
    enum canvas_role role, unsigned attr)
{
	size_t n = strlen(s);
	int sw = (int)safetext_width(s, n, c->utf8);

	if (sw >= w)
		return canvas_text(c, x, y, w, s, n, role, attr);
	return canvas_text(c, x + w - sw, y, sw, s, n, role, attr);
}

int
canvas_heads(struct canvas *c, int x, int y, const struct canvas_head *h,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (h[i].right)
			canvas_str_right(c, x, y, h[i].w, h[i].name,
			    ROLE_HEADER, CANVAS_BOLD);
		else
			canvas_str(c, x, y, h[i].w, h[i].name, ROLE_HEADER,
			    CANVAS_BOLD);
		x += h[i].w + h[i].gap;
	}
	return x;
}

char *
canvas_fmt_count(uint64_t v, char *buf)
{
	return numfmt_count(v, buf);
}

int
canvas_count(struct canvas *c, int x, int y, int w, uint64_t v,
    enum canvas_role role, unsigned attr)
{
	char buf[32];

	return canvas_str_right(c, x, y, w, canvas_fmt_count(v, buf), role,
	    attr);
}

static const char *const eighths[] = {
	"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d", "\xe2\x96\x8c",
	"\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89", "\xe2\x96\x88"
};

void
canvas_hbar(struct canvas *c, int x, int y, int w, double frac,
    enum canvas_role role, char fill)
{
	char one[2] = { fill ? fill : '#', '\0' };
	long total, i;

	if (w <= 0 || !(frac > 0))
		return;
	if (frac > 1)
		frac = 1;
	if (!c->utf8 || (fill && fill != '#')) {
		total = lround(frac * w);
		if (total < 1)
			total = 1;
		for (i = 0; i < total; i++)
			canvas_put(c, x + (int)i, y, x + w, one, 1, role, 0);
		return;
	}
	total = lround(frac * w * 8);
	if (total < 1)
		total = 1;
	for (i = 0; i < total / 8; i++)
		canvas_put(c, x + (int)i, y, x + w, eighths[8], 1, role, 0);
	if (total % 8)
		canvas_put(c, x + (int)i, y, x + w, eighths[total % 8], 1,
		    role, 0);
}

static const char *const vblocks[] = {
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88"
};

void
canvas_spark(struct canvas *c, int x, int y, const double *v, int n,
    double max, enum canvas_role role)
{
	static const char ascii[] = ".:-=+*#@";
	char one[2] = { 0, 0 };
	int i, lv;

	for (i = 0; i < n; i++) {
		if (!(v[i] > 0) || !(max > 0)) {
			canvas_put(c, x + i, y, x + n, " ", 1, role, 0);
			continue;
		}
		lv = (int)ceil(v[i] / max * 8) - 1;
		if (lv > 7)
			lv = 7;
		if (lv < 0)
			lv = 0;
		one[0] = ascii[lv];
		canvas_put(c, x + i, y, x + n, c->utf8 ? vblocks[lv] : one, 1,
		    role, 0);
	}
}

void
canvas_hline(struct canvas *c, int x, int y, int w, enum canvas_role role)
{
	const char *g = canvas_glyph(c, GLYPH_HBAR);
	int i;

	for (i = 0; i < w; i++)
		canvas_put(c, x + i, y, x + w, g, 1, role, 0);
}

void
canvas_frame(struct canvas *c, int x, int y, int w, int h,
    const char *title, enum canvas_role role)
{
	const char *tl = c->utf8 ? "\xe2\x94\x8c" : "+";
	const char *tr = c->utf8 ? "\xe2\x94\x90" : "+";
	const char *bl = c->utf8 ? "\xe2\x94\x94" : "+";
	const char *br = c->utf8 ? "\xe2\x94\x98" : "+";
	const char *v = canvas_glyph(c, GLYPH_VBAR);
	int j;

	if (w < 2 || h < 2)
		return;
	canvas_hline(c, x + 1, y, w - 2, role);
	canvas_hline(c, x + 1, y + h - 1, w - 2, role);
	canvas_put(c, x, y, c->w, tl, 1, role, 0);
	canvas_put(c, x + w - 1, y, c->w, tr, 1, role, 0);
	canvas_put(c, x, y + h - 1, c->w, bl, 1, role, 0);
	canvas_put(c, x + w - 1, y + h - 1, c->w, br, 1, role, 0);
	for (j = y + 1; j < y + h - 1; j++) {
		canvas_put(c, x, j, c->w, v, 1, role, 0);
		canvas_put(c, x + w - 1, j, c->w, v, 1, role, 0);
	}
	if (title && *title && w > 6) {
		int tw = canvas_str(c, x + 2, y, w - 6 > 0 ? w - 6 : 0,
		    " ", role, 0);

		tw += canvas_str(c, x + 2 + tw, y, w - 6, title, ROLE_TITLE,
		    CANVAS_BOLD);
		canvas_str(c, x + 2 + tw, y, 1, " ", role, 0);
	}
}

const char *
canvas_glyph(const struct canvas *c, enum canvas_glyph g)
{
	static const char *const u[] = {
		"\xe2\x80\xa6", "\xe2\x94\x82", "\xe2\x94\x80",
		"\xe2\x96\xb8", "\xe2\x97\x82", "\xe2\x96\xb2",
		"\xe2\x96\xbc", "\xe2\x80\xa2", "\xe2\x96\x91",
		"\xe2\x96\x92", "\xe2\x96\x93", "\xe2\x96\x88",
		"\xc2\xb7", "\xe2\x94\x82"
	};
	static const char *const a[] = {
		"~", "|", "-", ">", "<", "^", "v", "*", ".", ":", "%", "#",
		".", "|"
	};

	if ((size_t)g >= sizeof u / sizeof *u)
		return "?";
	return c->utf8 ? u[g] : a[g];
}

size_t
canvas_row_text(const struct canvas *c, int y, char *buf, size_t size)
{
	const struct canvas_cell *k;
	size_t o = 0, keep = 0, n;
	int x;

	if (size == 0)
		return 0;
	for (x = 0; x < c->w; x++) {
		k = canvas_get(c, x, y);
		if (!k)
			continue;
		/* the invariant above, checked as the row is read out */
		if ((k->width == 2) != (x + 1 < c->w &&
		    canvas_get(c, x + 1, y)->width == 0))
			BUG("canvas: half a wide character at %d,%d", x, y);
		if (k->width == 0)
			continue;
		n = strlen(k->s);
		if (o + n + 1 > size)
			break;
		memcpy(buf + o, k->s, n);
		o += n;
		if (!(n == 1 && k->s[0] == ' '))
			keep = o;
	}
	buf[keep] = '\0';
	return keep;
}

void
canvas_dump(const struct canvas *c, FILE *f)
{
	size_t size = (size_t)c->w * SAFETEXT_MAX + 1;
	char *buf = xmalloc(size);
	int y;

	for (y = 0; y < c->h; y++) {
		canvas_row_text(c, y, buf, size);
		fputs(buf, f);
		fputc('\n', f);
	}
	free(buf);
}
