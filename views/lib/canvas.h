/*
 * canvas.h - the off-screen grid every view draws into.
 *
 * A canvas is w x h cells.  Each cell holds one display unit (a character
 * with its combining marks, in UTF-8), its width, a style role and a few
 * attribute flags.  A wide character takes two cells: the left one holds
 * it (width 2), the right one is a continuation (width 0, empty text).
 * Views draw here and nowhere else; the terminal back end (tui/backend/term.c)
 * turns roles into colours, the headless back end prints the text.
 *
 * All text drawing goes through safetext, so data can be drawn as is:
 * control characters and escape sequences come out spelt out and marked
 * CANVAS_ESC.  Drawing outside the grid is clipped silently.
 *
 * Glyphs: when the canvas is not UTF-8 (utf8 == 0) bars, sparklines,
 * frames and the ellipsis use ASCII (# = . : - + | ~); views that draw
 * their own symbols ask canvas_glyph().
 */
#ifndef WINNOW_CANVAS_H
#define WINNOW_CANVAS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "views/lib/safetext.h"

/* What a cell means; the back end decides how it looks. */
enum canvas_role {
	ROLE_NORMAL,
	ROLE_DIM,		/* secondary text: units, hints */
	ROLE_HEADER,		/* column headers */
	ROLE_TITLE,		/* the top bar */
	ROLE_TAB,		/* a view name in the top bar */
	ROLE_TAB_ACTIVE,	/* the current view's name */
	ROLE_SELECTED,		/* the cursor row */
	ROLE_CURSOR,		/* the cursor cell */
	ROLE_WARN,		/* worth a look: high missing share ... */
	ROLE_ERROR,		/* error messages */
	ROLE_GOOD,		/* success */
	ROLE_KEY,		/* key names in the footer and help */
	ROLE_STATUS,		/* the status line */
	ROLE_FOOTER,		/* the footer line */
	ROLE_MATCH,		/* text matched by the filter */
	ROLE_REVIEWED,		/* rows already decided */
	ROLE_FRAME,		/* boxes and rules */
	ROLE_PROMPT,		/* the prompt line */
	ROLE_HEAT1,		/* shade scale, light to strong */
	ROLE_HEAT2,
	ROLE_HEAT3,
	ROLE_HEAT4,
	ROLE_BAR,		/* bars: series 1 */
	ROLE_BAR2,		/* series 2 .. 8, e.g. one per class */
	ROLE_BAR3,
	ROLE_BAR4,
	ROLE_BAR5,
	ROLE_BAR6,
	ROLE_BAR7,
	ROLE_BAR8,
	ROLE_COUNT
};

#define CANVAS_NBAR 8

/* Attribute flags, added to what the role gives. */
enum {
	CANVAS_BOLD = 1,
	CANVAS_REVERSE = 2,
	CANVAS_UNDERLINE = 4,
	CANVAS_ESC = 8		/* an escape standing for unsafe data */
};

struct canvas_cell {
	char s[SAFETEXT_MAX];	/* UTF-8, NUL-terminated */
	uint8_t width;		/* 1 or 2; 0 for a wide character's right
				 * half */
	uint8_t role;
	uint8_t attr;
};

struct canvas {
	int w, h;
	int utf8;		/* the terminal shows UTF-8 */
	int mono;		/* no colours: roles show only as attributes */
	int cx, cy;		/* where the terminal cursor shows; -1: hidden */
	struct canvas_cell *cell;	/* [h][w], owned */
};

/* An empty canvas of w x h blank cells. */
void canvas_init(struct canvas *c, int w, int h, int utf8);
/* Free the cells; c may be reused after canvas_init. */
void canvas_release(struct canvas *c);
/* Change the size; the content is cleared. */
void canvas_resize(struct canvas *c, int w, int h);
/* Blank every cell (role NORMAL) and hide the cursor. */
void canvas_clear(struct canvas *c);

/* The cell at (x, y), or NULL outside the grid. */
struct canvas_cell *canvas_at(struct canvas *c, int x, int y);
const struct canvas_cell *canvas_get(const struct canvas *c, int x, int y);

/* Blank the rectangle with role. */
void canvas_fill(struct canvas *c, int x, int y, int w, int h,
    enum canvas_role role);
/* Restyle w cells of row y from x, keeping their text. */
void canvas_style(struct canvas *c, int x, int y, int w,
    enum canvas_role role, unsigned attr);

/*
 * Put one unit (text s of the given display width, 1 or 2) at (x, y).
 * A wide unit that would not fit before column clip shows as a blank.
 * Returns the columns taken.
 */
int canvas_put(struct canvas *c, int x, int y, int clip, const char *s,
    int width, enum canvas_role role, unsigned attr);

/*
 * Draw s[0..n) (any bytes: made safe) at (x, y) in at most maxw columns;
 * when it does not fit, the last column shows an ellipsis.  Returns the
 * columns used.
 */
int canvas_text(struct canvas *c, int x, int y, int maxw, const char *s,
    size_t n, enum canvas_role role, unsigned attr);
/* The same for a NUL-terminated string. */
int canvas_str(struct canvas *c, int x, int y, int maxw, const char *s,
    enum canvas_role role, unsigned attr);
/* printf, then canvas_str. */
int canvas_printf(struct canvas *c, int x, int y, int maxw,
    enum canvas_role role, unsigned attr, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* s right-aligned in the field [x, x + w). */
int canvas_str_right(struct canvas *c, int x, int y, int w, const char *s,
    enum canvas_role role, unsigned attr);

/* One column head of a list: its name, the width of its field, 1 to
 * right-align the name in it, and the columns between the field and the
 * next head's. */
struct canvas_head {
	const char *name;
	int w;
	int right;
	int gap;
};

/*
 * Draw the n heads h[] left to right from (x, y), bold in the header
 * role, each name in its field.  Returns the x past the last field and
 * its gap: where what follows the heads starts.
 */
int canvas_heads(struct canvas *c, int x, int y, const struct canvas_head *h,
    size_t n);

/* Format v with thousands separators ("1,204,551") into buf (32 bytes). */
char *canvas_fmt_count(uint64_t v, char *buf);
/* v right-aligned with thousands separators in [x, x + w). */
int canvas_count(struct canvas *c, int x, int y, int w, uint64_t v,
    enum canvas_role role, unsigned attr);

/*
 * A horizontal bar of frac * w columns (frac clamped to [0, 1]) drawn with
 * eighth blocks, or fill characters of the given ASCII glyph (0 for the
 * default '#') when not UTF-8.  fill overrides the glyph in UTF-8 too when
 * non-zero and not '#' (so series stay apart in monochrome).
 */
void canvas_hbar(struct canvas *c, int x, int y, int w, double frac,
    enum canvas_role role, char fill);

/* One sparkline column per value, scaled to max (> 0), with the vertical
 * eighth blocks (ASCII: " .:-=+*#"). */
void canvas_spark(struct canvas *c, int x, int y, const double *v, int n,
    double max, enum canvas_role role);

/* A box with an optional title on its top edge. */
void canvas_frame(struct canvas *c, int x, int y, int w, int h,
    const char *title, enum canvas_role role);
/* A horizontal rule. */
void canvas_hline(struct canvas *c, int x, int y, int w,
    enum canvas_role role);

/* Named glyphs with an ASCII stand-in. */
enum canvas_glyph {
	GLYPH_ELLIPSIS, GLYPH_VBAR, GLYPH_HBAR, GLYPH_ARROW_R, GLYPH_ARROW_L,
	GLYPH_UP, GLYPH_DOWN, GLYPH_BULLET, GLYPH_SHADE1, GLYPH_SHADE2,
	GLYPH_SHADE3, GLYPH_FULL, GLYPH_MISSING, GLYPH_SEP
};
const char *canvas_glyph(const struct canvas *c, enum canvas_glyph g);

/*
 * The text of row y, trailing blanks removed, into buf (size bytes,
 * NUL-terminated).  Returns the length.  What the headless back end
 * prints.
 */
size_t canvas_row_text(const struct canvas *c, int y, char *buf,
    size_t size);
/* Every row, one line each. */
void canvas_dump(const struct canvas *c, FILE *f);

#endif
