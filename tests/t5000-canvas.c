/*
 * t5000-canvas - the cell grid and safe text: widths, clipping, wide
 * characters, every control byte, invalid UTF-8.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "views/lib/canvas.h"
#include "views/lib/safetext.h"
#include "tests/tap.h"

static const char *
safe(const char *s, size_t n, int utf8)
{
	static char buf[1024];

	safetext_str(s, n, utf8, buf, sizeof buf);
	return buf;
}

#define SAFE(s) safe((s), sizeof(s) - 1, 1)

static const char *
row(const struct canvas *c, int y)
{
	static char buf[4096];

	canvas_row_text(c, y, buf, sizeof buf);
	return buf;
}

static void
test_controls(void)
{
	char in[2], want[8], name[64];
	int b, bad = 0;
	struct safetext_unit u;

	/* every C0 byte but TAB, LF and ESC in caret notation */
	for (b = 0; b < 0x20; b++) {
		if (b == '\t' || b == '\n' || b == 0x1b)
			continue;
		in[0] = (char)b;
		snprintf(want, sizeof want, "^%c", b + 0x40);
		if (strcmp(safe(in, 1, 1), want) != 0) {
			bad++;
			diag("byte 0x%02x shows as '%s'", b, safe(in, 1, 1));
		}
	}
	is_int(bad, 0, "C0 controls in caret notation");
	is(SAFE("\x1b"), "\\x1b", "ESC as \\x1b");
	is(SAFE("\x7f"), "\\x7f", "DEL as \\x7f");
	is(SAFE("\t"), "\xe2\x86\x92", "TAB as an arrow in UTF-8");
	is(SAFE("\n"), "\xe2\x86\xb5", "LF as a return arrow in UTF-8");
	is(safe("\t\n", 2, 0), "^I^J", "TAB and LF in ASCII");
	is(SAFE("a\x08" "b\x07"), "a^Hb^G", "backspace and bell");
	is(SAFE("\x1b]0;pwned\x07"), "\\x1b]0;pwned^G", "OSC title escape");
	is(SAFE("\x1b[2J"), "\\x1b[2J", "clear-screen escape");
	/* C1 controls, encoded in UTF-8 */
	bad = 0;
	for (b = 0x80; b < 0xa0; b++) {
		in[0] = (char)(0xc0 | b >> 6);
		in[1] = (char)(0x80 | (b & 0x3f));
		snprintf(want, sizeof want, "\\x%02x", b);
		if (strcmp(safe(in, 2, 1), want) != 0)
			bad++;
	}
	is_int(bad, 0, "C1 controls as \\xNN");
	safetext_next("\x1b", 1, 1, &u);
	ok(u.escaped && u.width == 4 && u.len == 1, "ESC unit is escaped");
	safetext_next("\n", 1, 1, &u);
	ok(u.newline, "LF unit is marked as a newline");
	(void)name;
}

static void
test_utf8(void)
{
	struct safetext_unit u;
	uint32_t cp;

	is(SAFE("caf\xc3\xa9"), "caf\xc3\xa9", "valid UTF-8 kept");
	is(SAFE("\xff"), "\\xff", "invalid byte");
	is(SAFE("a\xc3"), "a\\xc3", "truncated sequence at the end");
	is(SAFE("\xc3(x"), "\\xc3(x", "bad continuation");
	is(SAFE("\xc0\xaf"), "\\xc0\\xaf", "overlong slash");
	is(SAFE("\xed\xa0\x80"), "\\xed\\xa0\\x80", "surrogate");
	is(SAFE("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80", "above U+10FFFF");
	is(SAFE("\xe2\x80\xae" "evil"), "\\u202eevil", "bidi override");
	is(SAFE("a\xe2\x80\x8b" "b"), "a\\u200bb", "zero-width space");
	is(SAFE("\xcc\x81"), "\\u0301", "stray combining mark");
	is(SAFE("\xf3\xa0\x80\x81"), "\\U000e0001", "tag character");
	is(safe("\xc3\xa9", 2, 0), "\\u00e9", "non-ASCII escaped in ASCII mode");
	is_int(safetext_decode("\xe4\xb8\xad", 3, &cp), 3, "decode length");
	is_int(cp, 0x4e2d, "decode value");
	is_int(safetext_decode("\xe4\xb8", 2, &cp), 0, "short input");
	safetext_next("e\xcc\x81x", 4, 1, &u);
	ok(u.len == 3 && u.width == 1 && !u.escaped,
	    "combining mark joins its base");
	safetext_next("\xe4\xb8\xad", 3, 1, &u);
	is_int(u.width, 2, "CJK is wide");
	is_int(safetext_width("a\xe4\xb8\xad" "b", 5, 1), 4, "width of mix");
	is_int(safetext_width("\x1b[", 2, 1), 5, "width of an escape");
	is_int(safetext_width("", 0, 1), 0, "empty width");
}

static void
test_canvas(void)
{
	struct canvas c;
	char buf[32];

	canvas_init(&c, 20, 3, 1);
	is(row(&c, 0), "", "blank row is empty text");
	canvas_str(&c, 0, 0, 20, "hello", ROLE_NORMAL, 0);
	is(row(&c, 0), "hello", "text drawn");
	canvas_str(&c, 0, 1, 5, "abcdefgh", ROLE_NORMAL, 0);
	is(row(&c, 1), "abcd\xe2\x80\xa6", "clipped with an ellipsis");
	canvas_clear(&c);
	canvas_str(&c, 0, 0, 5, "abcde", ROLE_NORMAL, 0);
	is(row(&c, 0), "abcde", "exact fit has no ellipsis");
	canvas_str(&c, 0, 1, 4, "\xe4\xb8\xad\xe6\x96\x87\xe5\xad\x97", ROLE_NORMAL, 0);
	is(row(&c, 1), "\xe4\xb8\xad\xe2\x80\xa6", "wide text clipped on a "
	    "character boundary");
	canvas_clear(&c);
	is_int(canvas_str(&c, 0, 0, 3, "a\xe4\xb8\xad", ROLE_NORMAL, 0), 3,
	    "wide char exactly fits");
	is_int(canvas_at(&c, 2, 0)->width, 0, "continuation cell");
	canvas_str(&c, 2, 0, 1, "x", ROLE_NORMAL, 0);
	is(row(&c, 0), "a x", "overwriting the right half blanks the left");
	canvas_clear(&c);
	canvas_str(&c, 0, 0, 20, "a\x1b[2Jb", ROLE_NORMAL, 0);
	is(row(&c, 0), "a\\x1b[2Jb", "escape drawn spelt out");
	ok(canvas_at(&c, 1, 0)->attr & CANVAS_ESC, "escape cells are marked");
	ok(!(canvas_at(&c, 0, 0)->attr & CANVAS_ESC), "plain cell unmarked");
	canvas_clear(&c);
	canvas_count(&c, 0, 0, 12, 1204551, ROLE_NORMAL, 0);
	is(row(&c, 0), "   1,204,551", "right-aligned count");
	is(canvas_fmt_count(0, buf), "0", "zero");
	is(canvas_fmt_count(999, buf), "999", "three digits");
	is(canvas_fmt_count(1000, buf), "1,000", "four digits");
	canvas_clear(&c);
	canvas_hbar(&c, 0, 0, 4, 0.5, ROLE_BAR, 0);
	is(row(&c, 0), "\xe2\x96\x88\xe2\x96\x88", "half bar is two blocks");
	canvas_hbar(&c, 0, 1, 4, 0.3, ROLE_BAR, 0);
	is(row(&c, 1), "\xe2\x96\x88\xe2\x96\x8e", "eighths: 1.2 cells");
	canvas_hbar(&c, 0, 2, 4, 0.0001, ROLE_BAR, 0);
	is(row(&c, 2), "\xe2\x96\x8f", "tiny non-zero shows a sliver");
	canvas_clear(&c);
	{
		double v[4] = { 0, 1, 4, 8 };

		canvas_spark(&c, 0, 0, v, 4, 8, ROLE_BAR);
		is(row(&c, 0), " \xe2\x96\x81\xe2\x96\x84\xe2\x96\x88",
		    "sparkline");
	}
	canvas_str(&c, 18, 2, 5, "xyz", ROLE_NORMAL, 0);
	is(row(&c, 2), "                  xy", "clipped at the right edge");
	canvas_str(&c, 0, 5, 5, "x", ROLE_NORMAL, 0);
	canvas_str(&c, -3, 1, 5, "abcdef", ROLE_NORMAL, 0);
	is(row(&c, 1), "d\xe2\x80\xa6", "negative x clips on the left");
	canvas_release(&c);

	canvas_init(&c, 10, 4, 0);
	canvas_frame(&c, 0, 0, 10, 4, NULL, ROLE_FRAME);
	is(row(&c, 0), "+--------+", "ASCII frame top");
	is(row(&c, 1), "|        |", "ASCII frame side");
	canvas_hbar(&c, 1, 1, 8, 0.5, ROLE_BAR, 0);
	is(row(&c, 1), "|####    |", "ASCII bar");
	canvas_str(&c, 1, 2, 4, "abcdef", ROLE_NORMAL, 0);
	is(row(&c, 2), "|abc~    |", "ASCII ellipsis");
	canvas_resize(&c, 0, 0);
	is_int(canvas_str(&c, 0, 0, 5, "x", ROLE_NORMAL, 0), 0,
	    "drawing on an empty canvas is harmless");
	canvas_release(&c);
	canvas_release(NULL);
}

int
main(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
	test_controls();
	test_utf8();
	test_canvas();
	return done_testing();
}
