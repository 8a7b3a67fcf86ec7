/*
 * keys.c - key names, both ways, and key scripts.
 */
#include "tui/backend/keys.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util/xalloc.h"
#include "views/lib/safetext.h"

static const struct {
	int key;
	const char *name;
} names[] = {
	{ KEYS_ENTER, "Enter" }, { KEYS_ESC, "Esc" }, { KEYS_TAB, "Tab" },
	{ KEYS_BTAB, "S-Tab" }, { KEYS_BS, "BS" }, { ' ', "Space" },
	{ KEYS_UP, "Up" }, { KEYS_DOWN, "Down" }, { KEYS_LEFT, "Left" },
	{ KEYS_RIGHT, "Right" }, { KEYS_PGUP, "PgUp" }, { KEYS_PGDN, "PgDn" },
	{ KEYS_HOME, "Home" }, { KEYS_END, "End" }, { KEYS_DEL, "Del" },
	{ KEYS_INS, "Ins" }, { '<', "lt" }, { '#', "Hash" },
	{ KEYS_RESIZE, "Resize" }, { KEYS_WAIT, "Wait" },
};

char *
keys_name(int key, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < sizeof names / sizeof *names; i++)
		if (names[i].key == key) {
			snprintf(buf, size, "<%s>", names[i].name);
			return buf;
		}
	if (key >= 1 && key < 32)
		snprintf(buf, size, "<C-%c>", key + 'a' - 1);
	else if (key >= KEYS_F1 && key <= KEYS_F12)
		snprintf(buf, size, "<F%d>", key - KEYS_F1 + 1);
	else if (key > 32 && key < 127)
		snprintf(buf, size, "%c", key);
	else if (key >= 0xa0 && key < 0x110000) {
		/* encode as UTF-8 */
		unsigned char u[5] = { 0 };

		if (key < 0x800) {
			u[0] = (unsigned char)(0xc0 | key >> 6);
			u[1] = (unsigned char)(0x80 | (key & 0x3f));
		} else if (key < 0x10000) {
			u[0] = (unsigned char)(0xe0 | key >> 12);
			u[1] = (unsigned char)(0x80 | (key >> 6 & 0x3f));
			u[2] = (unsigned char)(0x80 | (key & 0x3f));
		} else {
			u[0] = (unsigned char)(0xf0 | key >> 18);
			u[1] = (unsigned char)(0x80 | (key >> 12 & 0x3f));
			u[2] = (unsigned char)(0x80 | (key >> 6 & 0x3f));
			u[3] = (unsigned char)(0x80 | (key & 0x3f));
		}
		snprintf(buf, size, "%s", (char *)u);
	} else
		snprintf(buf, size, "<0x%x>", (unsigned)key);
	return buf;
}

int
keys_parse(const char *s, int *key)
{
	const char *end;
	size_t i, n;
	uint32_t cp;

	if (!*s)
		return 0;
	if (*s == '<' && (end = strchr(s + 1, '>')) != NULL && end > s + 1) {
		n = (size_t)(end - s - 1);
		for (i = 0; i < sizeof names / sizeof *names; i++)
			if (strlen(names[i].name) == n &&
			    strncasecmp(names[i].name, s + 1, n) == 0) {
				*key = names[i].key;
				return (int)(n + 2);
			}
		if (n == 3 && (s[1] == 'C' || s[1] == 'c') && s[2] == '-' &&
		    ((s[3] >= 'a' && s[3] <= 'z') ||
		    (s[3] >= 'A' && s[3] <= 'Z'))) {
			*key = KEYS_CTRL(s[3]);
			return 5;
		}
		if ((n == 2 || n == 3) && (s[1] == 'F' || s[1] == 'f')) {
			int f = atoi(s + 2);

			if (f >= 1 && f <= 12) {
				*key = KEYS_F1 + f - 1;
				return (int)(n + 2);
			}
		}
		return -1;
	}
	n = safetext_decode(s, strlen(s), &cp);
	if (n == 0) {
		*key = (unsigned char)*s;
		return 1;
	}
	*key = (int)cp;
	return (int)n;
}

int *
keys_script(FILE *f, const char *name, size_t *n, char *err, size_t size)
{
	char line[4096], *p;
	int *keys = NULL, k, used;
	size_t cap = 0, lineno = 0;

	*n = 0;
	while (fgets(line, sizeof line, f)) {
		lineno++;
		p = line;
		for (;;) {
			while (*p == ' ' || *p == '\t' || *p == '\n' ||
			    *p == '\r')
				p++;
			if (!*p || *p == '#')
				break;
			while (*p && *p != ' ' && *p != '\t' && *p != '\n' &&
			    *p != '\r') {
				used = keys_parse(p, &k);
				if (used < 0) {
					snprintf(err, size, "%s:%zu: unknown key "
					    "name %.*s", name, lineno,
					    (int)strcspn(p, ">") + 1, p);
					free(keys);
					return NULL;
				}
				keys = xgrow(keys, &cap, *n + 1, sizeof *keys);
				keys[(*n)++] = k;
				p += used;
			}
		}
	}
	if (!keys)
		keys = xmalloc(sizeof *keys);
	return keys;
}
