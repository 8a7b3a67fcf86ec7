/*
 * keys.h - key codes and their names.
 *
 * A key is an int: a Unicode code point for a character (Ctrl-A is 1,
 * Tab 9, Enter 13, Esc 27, Backspace 127), or one of the KEYS_ values
 * above the Unicode range for the keys that have no character.  The
 * terminal back end turns curses' codes into these; key scripts name them
 * like <Enter>, <C-d>, <PgDn> (keys_parse); help and the man page print
 * them with keys_name.
 */
#ifndef WINNOW_KEYS_H
#define WINNOW_KEYS_H

#include <stddef.h>
#include <stdio.h>

enum {
	KEYS_TAB = 9,
	KEYS_ENTER = 13,
	KEYS_ESC = 27,
	KEYS_BS = 127,
	KEYS_BASE = 0x200000,
	KEYS_UP,
	KEYS_DOWN,
	KEYS_LEFT,
	KEYS_RIGHT,
	KEYS_PGUP,
	KEYS_PGDN,
	KEYS_HOME,
	KEYS_END,
	KEYS_DEL,
	KEYS_INS,
	KEYS_BTAB,		/* Shift-Tab */
	KEYS_F1,
	KEYS_F12 = KEYS_F1 + 11,
	KEYS_RESIZE,		/* the terminal changed size */
	KEYS_NONE,		/* no key before the timeout */
	KEYS_EOF,		/* no more input (end of a key script) */
	KEYS_WAIT		/* key scripts: wait until every background
				 * job has ended, the full pass too */
};

/* Ctrl + a letter. */
#define KEYS_CTRL(c) ((c) & 0x1f)

/*
 * The name of key into buf (at least 16 bytes): "a", "<Enter>", "<C-d>",
 * "<Space>", "<lt>" for '<'.  Returns buf.
 */
char *keys_name(int key, char *buf, size_t size);

/*
 * Parse one key from s: a <Name> or one UTF-8 character.  Returns the
 * bytes used (0 at the end of s, -1 for an unknown <Name>) and sets *key.
 */
int keys_parse(const char *s, int *key);

/*
 * A key script: keys separated by white space, each word read left to
 * right as <Name>s and literal characters ("/foo<Enter>" is five keys), a
 * word starting with # is a comment to the end of the line.  Returns an
 * array of keys the caller frees and its length in *n, or NULL with a
 * message in err (size bytes) naming the line.
 */
int *keys_script(FILE *f, const char *name, size_t *n, char *err,
    size_t size);

#endif
