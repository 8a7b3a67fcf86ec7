/*
 * safetext.h - untrusted bytes made safe to show on a terminal.
 *
 * Cell values come from files nobody vetted: they may hold escape
 * sequences that retitle the window or clear the screen, bells,
 * backspaces, invalid UTF-8, bidirectional overrides.  Every byte of data
 * that reaches the screen goes through safetext_next(), which cuts the
 * input into display units: a printable character (with up to three
 * combining marks), or an escape that spells out what was there:
 *
 *   C0 controls        ^@ ^A ... ^_   (caret notation)
 *   TAB, LF            a visible arrow (UTF-8) or ^I, ^J (ASCII)
 *   ESC                \x1b
 *   DEL and C1         \x7f, \x80 ... \x9f
 *   invalid UTF-8      \xNN, one per byte
 *   invisible, format, bidi and unassigned characters, stray combining
 *   marks, and any non-ASCII character when the terminal is not UTF-8:
 *                      \uXXXX or \UXXXXXXXX
 *
 * Widths come from wcwidth(3) in the current locale (LC_CTYPE must be
 * set).  Nothing here allocates.
 */
#ifndef WINNOW_SAFETEXT_H
#define WINNOW_SAFETEXT_H

#include <stddef.h>
#include <stdint.h>

/* Bytes a printable unit can take: a character and three combining marks. */
#define SAFETEXT_MAX 20

struct safetext_unit {
	size_t len;		/* input bytes consumed (>= 1) */
	char out[SAFETEXT_MAX];	/* what to show, NUL-terminated */
	int width;		/* display columns of out (0 never happens) */
	int escaped;		/* 1: out is an escape, ASCII, one column per
				 * byte; draw it distinctly */
	int newline;		/* 1: the unit was a LF (for wrapping views) */
};

/*
 * Cut the next display unit from s[0..n) (n > 0) into *u.  utf8 says
 * whether the terminal shows UTF-8; when 0 every non-ASCII character is
 * escaped.
 */
void safetext_next(const char *s, size_t n, int utf8,
    struct safetext_unit *u);

/*
 * Decode one UTF-8 character strictly (no overlongs, surrogates or values
 * above U+10FFFF).  Returns its length and sets *cp, or returns 0 when
 * s[0..n) does not start with a valid character.
 */
size_t safetext_decode(const char *s, size_t n, uint32_t *cp);

/* Display columns of s[0..n) once made safe. */
size_t safetext_width(const char *s, size_t n, int utf8);

/*
 * Write the safe form of s[0..n) into buf (size bytes, NUL-terminated,
 * cut at a unit boundary when too long).  Returns the display width of
 * what was written.  For tests and for plain-text output.
 */
size_t safetext_str(const char *s, size_t n, int utf8, char *buf,
    size_t size);

#endif
