/*
 * term.c - ncursesw: set up, draw a canvas, read keys, tear down.
 *
 * This is the one file that includes curses (a test checks it).  Drawing
 * compares the canvas with the one drawn last and sends only the cells
 * that changed, each as a cchar_t made with setcchar (wide characters
 * and combining marks included); curses then works out the least output.
 *
 * Keys are read in raw mode rather than cbreak: Ctrl-C then arrives as a
 * key that cancels the running job instead of killing the program (a
 * SIGINT from elsewhere still restores the terminal and ends it).
 *
 * Roles become colour pairs and attributes from one of three palettes:
 * 256 colours, 8 colours, or none (bold, reverse, underline and dim keep
 * the roles apart).  Escapes standing for unsafe data are underlined and,
 * with colours, red.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include "tui/backend/term.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "core/util/io/base64.h"
#include "core/util/xalloc.h"
#include "tui/backend/keys.h"

static volatile sig_atomic_t term_active;
static SCREEN *term_screen;
static struct canvas term_last;		/* what the screen shows */
static int term_full;			/* repaint everything next time */
static attr_t role_attr[ROLE_COUNT];
static short role_pair[ROLE_COUNT];
static attr_t esc_attr;
static short esc_pair;
static int term_colors;			/* 0, 8 or 256 */

/* Give the terminal back; safe to call twice, and from the fatal hook. */
static void
restore(void)
{
	if (!term_active)
		return;
	term_active = 0;
	curs_set(1);
	endwin();
}

void
term_close(void)
{
	restore();
	canvas_release(&term_last);
	if (term_screen) {
		delscreen(term_screen);
		term_screen = NULL;
	}
}

/* The signals after which the terminal is given back: every one whose
 * default ends the program and that can be caught, except SIGXFSZ,
 * which is ignored (a size limit is an error the caller reports).  Each
 * is then passed on to whoever handled it before: the outputs' handler
 * that removes temporary files (core/util/outfile.h), a sanitizer, or
 * the default.  Signals found ignored stay ignored. */
static const int term_sigs[] = {
	SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGFPE,
	SIGILL, SIGTRAP, SIGSYS, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2, SIGXCPU,
	SIGVTALRM, SIGPROF
};
#define NSIGS (sizeof term_sigs / sizeof *term_sigs)
static struct sigaction term_old[NSIGS];

static void
on_signal(int sig)
{
	size_t i;

	restore();
	for (i = 0; i < NSIGS; i++)
		if (term_sigs[i] == sig)
			sigaction(sig, &term_old[i], NULL);
	raise(sig);
}

struct pal {
	short fg, bg;
	attr_t attr;
};

/* fg/bg -1: the terminal's default */
static const struct pal pal256[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, 0 },
	[ROLE_DIM] = { 245, -1, 0 },
	[ROLE_HEADER] = { 117, 236, A_BOLD },
	[ROLE_TITLE] = { 231, 24, 0 },
	[ROLE_TAB] = { 252, 24, 0 },
	[ROLE_TAB_ACTIVE] = { 16, 114, A_BOLD },
	[ROLE_SELECTED] = { -1, 237, 0 },
	[ROLE_CURSOR] = { 16, 180, A_BOLD },
	[ROLE_WARN] = { 214, -1, A_BOLD },
	[ROLE_ERROR] = { 231, 124, A_BOLD },
	[ROLE_GOOD] = { 114, -1, 0 },
	[ROLE_KEY] = { 229, 235, A_BOLD },
	[ROLE_STATUS] = { 252, 238, 0 },
	[ROLE_FOOTER] = { 250, 235, 0 },
	[ROLE_MATCH] = { 16, 220, 0 },
	[ROLE_REVIEWED] = { 244, -1, 0 },
	[ROLE_FRAME] = { 242, -1, 0 },
	[ROLE_PROMPT] = { 231, 235, 0 },
	[ROLE_HEAT1] = { 252, 23, 0 },
	[ROLE_HEAT2] = { 231, 30, 0 },
	[ROLE_HEAT3] = { 16, 37, 0 },
	[ROLE_HEAT4] = { 16, 51, A_BOLD },
	[ROLE_BAR] = { 75, -1, 0 },
	[ROLE_BAR2] = { 214, -1, 0 },
	[ROLE_BAR3] = { 114, -1, 0 },
	[ROLE_BAR4] = { 204, -1, 0 },
	[ROLE_BAR5] = { 141, -1, 0 },
	[ROLE_BAR6] = { 180, -1, 0 },
	[ROLE_BAR7] = { 80, -1, 0 },
	[ROLE_BAR8] = { 250, -1, 0 },
};

static const struct pal pal8[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, 0 },
	[ROLE_DIM] = { -1, -1, A_DIM },
	[ROLE_HEADER] = { COLOR_CYAN, -1, A_BOLD | A_UNDERLINE },
	[ROLE_TITLE] = { COLOR_WHITE, COLOR_BLUE, 0 },
	[ROLE_TAB] = { COLOR_WHITE, COLOR_BLUE, 0 },
	[ROLE_TAB_ACTIVE] = { COLOR_BLACK, COLOR_GREEN, A_BOLD },
	[ROLE_SELECTED] = { -1, -1, A_REVERSE },
	[ROLE_CURSOR] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[ROLE_WARN] = { COLOR_YELLOW, -1, A_BOLD },
	[ROLE_ERROR] = { COLOR_WHITE, COLOR_RED, A_BOLD },
	[ROLE_GOOD] = { COLOR_GREEN, -1, 0 },
	[ROLE_KEY] = { COLOR_YELLOW, COLOR_BLUE, A_BOLD },
	[ROLE_STATUS] = { COLOR_BLACK, COLOR_WHITE, 0 },
	[ROLE_FOOTER] = { COLOR_WHITE, COLOR_BLUE, 0 },
	[ROLE_MATCH] = { COLOR_BLACK, COLOR_YELLOW, 0 },
	[ROLE_REVIEWED] = { -1, -1, A_DIM },
	[ROLE_FRAME] = { COLOR_BLUE, -1, 0 },
	[ROLE_PROMPT] = { -1, -1, A_BOLD },
	[ROLE_HEAT1] = { COLOR_WHITE, COLOR_BLUE, 0 },
	[ROLE_HEAT2] = { COLOR_BLACK, COLOR_CYAN, 0 },
	[ROLE_HEAT3] = { COLOR_BLACK, COLOR_GREEN, 0 },
	[ROLE_HEAT4] = { COLOR_BLACK, COLOR_YELLOW, A_BOLD },
	[ROLE_BAR] = { COLOR_BLUE, -1, 0 },
	[ROLE_BAR2] = { COLOR_YELLOW, -1, 0 },
	[ROLE_BAR3] = { COLOR_GREEN, -1, 0 },
	[ROLE_BAR4] = { COLOR_MAGENTA, -1, 0 },
	[ROLE_BAR5] = { COLOR_CYAN, -1, 0 },
	[ROLE_BAR6] = { COLOR_RED, -1, 0 },
	[ROLE_BAR7] = { COLOR_WHITE, -1, 0 },
	[ROLE_BAR8] = { COLOR_BLUE, -1, A_BOLD },
};

/* Without colours: attributes alone keep the roles apart. */
static const attr_t mono[ROLE_COUNT] = {
	[ROLE_DIM] = A_DIM,
	[ROLE_HEADER] = A_BOLD | A_UNDERLINE,
	[ROLE_TITLE] = A_REVERSE,
	[ROLE_TAB] = A_REVERSE,
	[ROLE_TAB_ACTIVE] = A_BOLD,
	[ROLE_SELECTED] = A_REVERSE,
	[ROLE_CURSOR] = A_BOLD | A_UNDERLINE,
	[ROLE_WARN] = A_BOLD,
	[ROLE_ERROR] = A_BOLD | A_REVERSE,
	[ROLE_KEY] = A_BOLD,
	[ROLE_STATUS] = A_REVERSE,
	[ROLE_MATCH] = A_UNDERLINE | A_BOLD,
	[ROLE_REVIEWED] = A_DIM,
	[ROLE_PROMPT] = A_BOLD,
	[ROLE_HEAT1] = A_DIM,
	[ROLE_HEAT3] = A_BOLD,
	[ROLE_HEAT4] = A_REVERSE,
};

static void
setup_colors(int want_mono)
{
	const struct pal *p;
	int i;

	term_colors = 0;
	if (!want_mono && has_colors() && start_color() == OK) {
		use_default_colors();
		term_colors = COLORS >= 256 && COLOR_PAIRS > ROLE_COUNT + 1 ?
		    256 : COLORS >= 8 ? 8 : 0;
	}
	if (term_colors == 0) {
		for (i = 0; i < ROLE_COUNT; i++) {
			role_attr[i] = mono[i];
			role_pair[i] = 0;
		}
		esc_attr = A_UNDERLINE;
		esc_pair = 0;
		return;
	}
	p = term_colors == 256 ? pal256 : pal8;
	for (i = 0; i < ROLE_COUNT; i++) {
		init_pair((short)(i + 1), p[i].fg, p[i].bg);
		role_pair[i] = (short)(i + 1);
		role_attr[i] = p[i].attr;
	}
	esc_pair = ROLE_COUNT + 1;
	init_pair(esc_pair, term_colors == 256 ? 203 : COLOR_RED, -1);
	esc_attr = A_UNDERLINE;
}

static void
t_size(void *ctx, int *w, int *h)
{
	(void)ctx;
	getmaxyx(stdscr, *h, *w);
}

static int
t_key(void *ctx, int timeout_ms)
{
	wint_t ch;
	int r;

	(void)ctx;
	wtimeout(stdscr, timeout_ms);
	r = wget_wch(stdscr, &ch);
	if (r == ERR)
		return KEYS_NONE;
	if (r == KEY_CODE_YES) {
		switch (ch) {
		case KEY_UP: return KEYS_UP;
		case KEY_DOWN: return KEYS_DOWN;
		case KEY_LEFT: return KEYS_LEFT;
		case KEY_RIGHT: return KEYS_RIGHT;
		case KEY_PPAGE: return KEYS_PGUP;
		case KEY_NPAGE: return KEYS_PGDN;
		case KEY_HOME: return KEYS_HOME;
		case KEY_END: return KEYS_END;
		case KEY_DC: return KEYS_DEL;
		case KEY_IC: return KEYS_INS;
		case KEY_BTAB: return KEYS_BTAB;
		case KEY_BACKSPACE: return KEYS_BS;
		case KEY_ENTER: return KEYS_ENTER;
		case KEY_RESIZE: return KEYS_RESIZE;
		default:
			if (ch >= KEY_F(1) && ch <= KEY_F(12))
				return KEYS_F1 + (int)(ch - KEY_F(1));
			return KEYS_NONE;
		}
	}
	if (ch == '\n' || ch == '\r')
		return KEYS_ENTER;
	if (ch == 8)
		return KEYS_BS;
	return (int)ch;
}

static void
t_repaint(void *ctx)
{
	(void)ctx;
	term_full = 1;
	clearok(curscr, TRUE);
}

static int
same(const struct canvas_cell *a, const struct canvas_cell *b)
{
	return a->width == b->width && a->role == b->role &&
	    a->attr == b->attr && strcmp(a->s, b->s) == 0;
}

static void
put_cell(int x, int y, const struct canvas_cell *k)
{
	wchar_t w[SAFETEXT_MAX + 1];
	mbstate_t ms;
	const char *s = k->s;
	size_t n = 0, len = strlen(s), r;
	attr_t at;
	short pair;
	cchar_t cc;

	memset(&ms, 0, sizeof ms);
	while (len > 0 && n < SAFETEXT_MAX) {
		r = mbrtowc(&w[n], s, len, &ms);
		if (r == 0 || r == (size_t)-1 || r == (size_t)-2)
			break;
		s += r;
		len -= r;
		n++;
	}
	if (n == 0)
		w[n++] = L' ';
	w[n] = L'\0';
	at = role_attr[k->role < ROLE_COUNT ? k->role : 0];
	pair = role_pair[k->role < ROLE_COUNT ? k->role : 0];
	if (k->attr & CANVAS_BOLD)
		at |= A_BOLD;
	if (k->attr & CANVAS_REVERSE)
		at |= A_REVERSE;
	if (k->attr & CANVAS_UNDERLINE)
		at |= A_UNDERLINE;
	if (k->attr & CANVAS_ESC) {
		at |= esc_attr;
		if (term_colors && (k->role == ROLE_NORMAL ||
		    k->role == ROLE_DIM))
			pair = esc_pair;
	}
	if (setcchar(&cc, w, at, pair, NULL) == OK)
		mvadd_wch(y, x, &cc);
}

static void
t_flush(void *ctx, const struct canvas *c)
{
	const struct canvas_cell *k, *o;
	int x, y;

	(void)ctx;
	if (term_last.w != c->w || term_last.h != c->h) {
		canvas_resize(&term_last, c->w, c->h);
		term_full = 1;
	}
	if (term_full)
		werase(stdscr);
	for (y = 0; y < c->h; y++)
		for (x = 0; x < c->w; x++) {
			k = canvas_get(c, x, y);
			o = canvas_get(&term_last, x, y);
			if (k->width == 0 || (!term_full && same(k, o)))
				continue;
			put_cell(x, y, k);
		}
	memcpy(term_last.cell, c->cell, (size_t)c->w * (size_t)c->h *
	    sizeof *c->cell);
	term_full = 0;
	if (c->cx >= 0 && c->cy >= 0) {
		curs_set(1);
		move(c->cy, c->cx);
	} else {
		curs_set(0);
	}
	refresh();
}

/* OSC 52: "c" (the clipboard), the text in base64, BEL.  Sent after
 * curses has written what it had, so nothing comes between. */
static void
t_clipboard(void *ctx, const char *text, size_t n)
{
	char *b = xmalloc(base64_len(n) + 1);

	(void)ctx;
	base64_encode(text, n, b);
	fflush(stdout);
	fputs("\033]52;c;", stdout);
	fputs(b, stdout);
	fputs("\a", stdout);
	fflush(stdout);
	free(b);
}

/* Whether the terminal says it takes OSC 52 (terminfo's Ms). */
static int
has_ms(void)
{
	char *ms = tigetstr("Ms");

	return ms != NULL && ms != (char *)-1;
}

int
term_open(struct backend *be, int want_mono, int osc52, struct err *e)
{
	const char *nc = getenv("NO_COLOR");
	struct sigaction sa;
	const char *cs;
	size_t i;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return err_set(e, ERR_USAGE, "the workbench needs a terminal "
		    "(or --headless WxH)");
	term_screen = newterm(NULL, stdout, stdin);
	if (!term_screen)
		return err_set(e, ERR_USAGE, "cannot set up the terminal "
		    "(TERM=%s)", getenv("TERM") ? getenv("TERM") : "");
	set_term(term_screen);
	term_active = 1;
	xalloc_set_fatal_hook(restore);
	err_set_bug_hook(restore);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NSIGS; i++)
		if (sigaction(term_sigs[i], NULL, &term_old[i]) == 0 &&
		    term_old[i].sa_handler != SIG_IGN)
			sigaction(term_sigs[i], &sa, NULL);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(0);
	if (nc && *nc)
		want_mono = 1;
	setup_colors(want_mono);
	canvas_init(&term_last, 0, 0, 1);
	term_full = 1;
	cs = nl_langinfo(CODESET);
	memset(be, 0, sizeof *be);
	be->utf8 = cs && strcmp(cs, "UTF-8") == 0;
	be->mono = term_colors == 0;
	be->size = t_size;
	be->key = t_key;
	be->flush = t_flush;
	be->repaint = t_repaint;
	if (osc52 > 0 || (osc52 == 0 && has_ms()))
		be->clipboard = t_clipboard;
	return 0;
}
