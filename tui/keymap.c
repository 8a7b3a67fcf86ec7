/*
 * keymap.c - the key tables.
 *
 * The keyboard model: arrows and vi keys move (hjkl, gg/G, Ctrl-d/u,
 * PgUp/PgDn), Enter drills in, q or Esc goes back (on the last view it
 * quits), Tab and Shift-Tab cycle the top-level views, ? shows help, :
 * takes a command and / a filter.  Order within a table is the order of
 * the help.
 */
#include "tui/keymap.h"

#include <string.h>

#include "tui/keys.h"

#define C(x) KEYS_CTRL(x)
#define N(t) (sizeof(t) / sizeof *(t))

static const struct keybind global_keys[] = {
	{ KEYS_UP, 0, ACT_UP, 0 },
	{ 'k', 0, ACT_UP, 0 },
	{ KEYS_DOWN, 0, ACT_DOWN, 0 },
	{ 'j', 0, ACT_DOWN, 0 },
	{ KEYS_LEFT, 0, ACT_LEFT, 0 },
	{ 'h', 0, ACT_LEFT, 0 },
	{ KEYS_RIGHT, 0, ACT_RIGHT, 0 },
	{ 'l', 0, ACT_RIGHT, 0 },
	{ KEYS_PGUP, 0, ACT_PAGE_UP, 0 },
	{ C('b'), 0, ACT_PAGE_UP, 0 },
	{ KEYS_PGDN, 0, ACT_PAGE_DOWN, 0 },
	{ C('f'), 0, ACT_PAGE_DOWN, 0 },
	{ ' ', 0, ACT_PAGE_DOWN, 0 },
	{ C('u'), 0, ACT_HALF_UP, 0 },
	{ C('d'), 0, ACT_HALF_DOWN, 0 },
	{ 'g', 'g', ACT_TOP, 0 },
	{ 'g', 0, ACT_TOP, 0 },
	{ KEYS_HOME, 0, ACT_TOP, 0 },
	{ 'G', 0, ACT_BOTTOM, 0 },
	{ KEYS_END, 0, ACT_BOTTOM, 0 },
	{ KEYS_ENTER, 0, ACT_OPEN, KEYMAP_FOOTER },
	{ 'q', 0, ACT_BACK, KEYMAP_FOOTER },
	{ KEYS_ESC, 0, ACT_BACK, 0 },
	{ 'Q', 0, ACT_QUIT, 0 },
	{ KEYS_TAB, 0, ACT_NEXT_VIEW, KEYMAP_FOOTER },
	{ KEYS_BTAB, 0, ACT_PREV_VIEW, 0 },
	{ '1', 0, ACT_VIEW_OVERVIEW, 0 },
	{ '2', 0, ACT_VIEW_TABLE, 0 },
	{ '3', 0, ACT_VIEW_HISTOGRAM, 0 },
	{ '4', 0, ACT_VIEW_CROSSTAB, 0 },
	{ '5', 0, ACT_VIEW_LABELS, 0 },
	{ 'F', 0, ACT_VIEW_FLAGGED, 0 },
	{ 'r', 0, ACT_VIEW_REVIEW, 0 },
	{ 'p', 0, ACT_RUN_PICO, 0 },
	{ 'P', 0, ACT_PICO_FORM, 0 },
	{ 'R', 0, ACT_RERUN, 0 },
	{ '/', 0, ACT_FILTER, KEYMAP_FOOTER },
	{ 'g', '/', ACT_FILTER_ALL, 0 },
	{ 'u', 0, ACT_FILTER_POP, 0 },
	{ KEYS_BS, 0, ACT_FILTER_POP, 0 },
	{ ':', 0, ACT_COMMAND, KEYMAP_FOOTER },
	{ '?', 0, ACT_HELP, KEYMAP_FOOTER },
	{ KEYS_F1, 0, ACT_HELP, 0 },
	{ C('c'), 0, ACT_CANCEL, 0 },
	{ C('l'), 0, ACT_REDRAW, 0 },
};

static const struct keybind table_keys[] = {
	{ 'n', 0, ACT_NEXT_MATCH, KEYMAP_FOOTER },
	{ 'N', 0, ACT_PREV_MATCH, 0 },
	{ '0', 0, ACT_FIRST_COL, 0 },
	{ '$', 0, ACT_LAST_COL, 0 },
};

static const struct keybind record_keys[] = {
	{ 'n', 0, ACT_NEXT_MATCH, 0 },
	{ 'N', 0, ACT_PREV_MATCH, 0 },
};

static const struct keybind overview_keys[] = {
	{ 's', 0, ACT_SORT, KEYMAP_FOOTER },
	{ 'S', 0, ACT_SORT_REVERSE, 0 },
	{ 'f', 0, ACT_FLAGGED_COMPARE, 0 },
};

static const struct keybind flagged_keys[] = {
	{ ' ', 0, ACT_SELECT, KEYMAP_FOOTER },
	{ '*', 0, ACT_SELECT_ALL, 0 },
	{ 'a', 0, ACT_BULK_SELECTED, KEYMAP_FOOTER },
	{ 'A', 0, ACT_BULK_AUTOFIX, KEYMAP_FOOTER },
	{ 'u', 0, ACT_UNDO, 0 },
	{ 'f', 0, ACT_FILTER_GIVEN, 0 },
	{ 's', 0, ACT_FILTER_SUGGESTED, 0 },
	{ 'b', 0, ACT_FILTER_BAND, 0 },
	{ '0', 0, ACT_CLEAR_FILTERS, 0 },
	{ 'c', 0, ACT_GRID, KEYMAP_FOOTER },
};

static const struct keybind review_keys[] = {
	{ 'a', 0, ACT_ACCEPT, KEYMAP_FOOTER },
	{ 'x', 0, ACT_REJECT, KEYMAP_FOOTER },
	{ '1', 0, ACT_PICK_1, 0 },
	{ '2', 0, ACT_PICK_2, 0 },
	{ '3', 0, ACT_PICK_3, 0 },
	{ '4', 0, ACT_PICK_4, 0 },
	{ '5', 0, ACT_PICK_5, 0 },
	{ '6', 0, ACT_PICK_6, 0 },
	{ '7', 0, ACT_PICK_7, 0 },
	{ '8', 0, ACT_PICK_8, 0 },
	{ '9', 0, ACT_PICK_9, 0 },
	{ 'l', 0, ACT_PICK_LABEL, 0 },
	{ 'n', 0, ACT_NEW_LABEL, 0 },
	{ 'd', 0, ACT_DROP, KEYMAP_FOOTER },
	{ ' ', 0, ACT_SKIP, KEYMAP_FOOTER },
	{ 'u', 0, ACT_UNDO, KEYMAP_FOOTER },
	{ 'e', 0, ACT_NOTE, 0 },
	{ 'f', 0, ACT_FLAG_ROW, 0 },
	{ 'm', 0, ACT_TOGGLE_MODE, KEYMAP_FOOTER },
	{ 'o', 0, ACT_ORDER, 0 },
};

static const struct keybind picoform_keys[] = {
	{ 'e', 0, ACT_EDIT, KEYMAP_FOOTER },
};

static const struct keybind histogram_keys[] = {
	{ 'L', 0, ACT_LOG_SCALE, KEYMAP_FOOTER },
	{ 'b', 0, ACT_BREAKDOWN, KEYMAP_FOOTER },
	{ 'c', 0, ACT_COMPARE, KEYMAP_FOOTER },
};

static const struct keybind crosstab_keys[] = {
	{ 'r', 0, ACT_AXIS_ROWS, KEYMAP_FOOTER },
	{ 'c', 0, ACT_AXIS_COLS, KEYMAP_FOOTER },
	{ 'x', 0, ACT_SWAP_AXES, 0 },
	{ 'L', 0, ACT_LOG_SCALE, 0 },
};

static const struct keybind labels_keys[] = {
	{ 's', 0, ACT_SORT, KEYMAP_FOOTER },
	{ 'S', 0, ACT_SORT_REVERSE, 0 },
};

static const struct keybind help_keys[] = {
	{ '?', 0, ACT_HELP, KEYMAP_FOOTER },
	{ 'q', 0, ACT_HELP, 0 },
	{ KEYS_ESC, 0, ACT_HELP, 0 },
};

static const struct keybind prompt_keys[] = {
	{ KEYS_ENTER, 0, ACT_PROMPT_ACCEPT, 0 },
	{ KEYS_ESC, 0, ACT_PROMPT_CANCEL, 0 },
	{ C('c'), 0, ACT_PROMPT_CANCEL, 0 },
	{ C('g'), 0, ACT_PROMPT_CANCEL, 0 },
	{ KEYS_LEFT, 0, ACT_PROMPT_LEFT, 0 },
	{ C('b'), 0, ACT_PROMPT_LEFT, 0 },
	{ KEYS_RIGHT, 0, ACT_PROMPT_RIGHT, 0 },
	{ C('f'), 0, ACT_PROMPT_RIGHT, 0 },
	{ KEYS_HOME, 0, ACT_PROMPT_HOME, 0 },
	{ C('a'), 0, ACT_PROMPT_HOME, 0 },
	{ KEYS_END, 0, ACT_PROMPT_END, 0 },
	{ C('e'), 0, ACT_PROMPT_END, 0 },
	{ KEYS_BS, 0, ACT_PROMPT_BACKSPACE, 0 },
	{ C('h'), 0, ACT_PROMPT_BACKSPACE, 0 },
	{ KEYS_DEL, 0, ACT_PROMPT_DELETE, 0 },
	{ C('d'), 0, ACT_PROMPT_DELETE, 0 },
	{ C('k'), 0, ACT_PROMPT_KILL_END, 0 },
	{ C('u'), 0, ACT_PROMPT_KILL_START, 0 },
	{ C('w'), 0, ACT_PROMPT_KILL_WORD, 0 },
	{ KEYS_UP, 0, ACT_PROMPT_HISTORY_UP, 0 },
	{ C('p'), 0, ACT_PROMPT_HISTORY_UP, 0 },
	{ KEYS_DOWN, 0, ACT_PROMPT_HISTORY_DOWN, 0 },
	{ C('n'), 0, ACT_PROMPT_HISTORY_DOWN, 0 },
	{ KEYS_TAB, 0, ACT_PROMPT_COMPLETE, 0 },
};

const struct keymap_ctx keymap_ctxs[] = {
	{ "global", "Everywhere", global_keys, N(global_keys) },
	{ "table", "Table", table_keys, N(table_keys) },
	{ "record", "Record", record_keys, N(record_keys) },
	{ "overview", "Overview", overview_keys, N(overview_keys) },
	{ "histogram", "Histogram", histogram_keys, N(histogram_keys) },
	{ "crosstab", "Crosstab", crosstab_keys, N(crosstab_keys) },
	{ "labels", "Labels", labels_keys, N(labels_keys) },
	{ "flagged", "Flagged", flagged_keys, N(flagged_keys) },
	{ "review", "Review", review_keys, N(review_keys) },
	{ "picoform", "PICO options", picoform_keys, N(picoform_keys) },
	{ "help", "Help", help_keys, N(help_keys) },
	{ "prompt", "Prompt line", prompt_keys, N(prompt_keys) },
};
const size_t keymap_nctx = N(keymap_ctxs);

const struct keymap_ctx *
keymap_ctx(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; i < keymap_nctx; i++)
		if (strcmp(keymap_ctxs[i].name, name) == 0)
			return &keymap_ctxs[i];
	return NULL;
}

/* The binding (key, key2) in x, or NULL. */
static const struct keybind *
find(const struct keymap_ctx *x, int key, int key2)
{
	size_t i;

	if (!x)
		return NULL;
	for (i = 0; i < x->n; i++)
		if (x->bind[i].key == key && x->bind[i].key2 == key2)
			return &x->bind[i];
	return NULL;
}

static int
starts_sequence(const struct keymap_ctx *x, int key)
{
	size_t i;

	if (!x)
		return 0;
	for (i = 0; i < x->n; i++)
		if (x->bind[i].key == key && x->bind[i].key2 != 0)
			return 1;
	return 0;
}

enum action
keymap_lookup(const char *ctx, int prev, int key, int *pending, int *replay)
{
	const struct keymap_ctx *x = keymap_ctx(ctx), *g = &keymap_ctxs[0];
	const struct keybind *b;

	*pending = 0;
	*replay = 0;
	if (x == g)
		x = NULL;
	if (prev) {
		if ((b = find(x, prev, key)) || (b = find(g, prev, key)))
			return b->act;
		*replay = 1;
		if ((b = find(x, prev, 0)) || (b = find(g, prev, 0)))
			return b->act;
		return ACT_NONE;
	}
	if (starts_sequence(x, key) || (!find(x, key, 0) &&
	    starts_sequence(g, key))) {
		*pending = key;
		return ACT_NONE;
	}
	if ((b = find(x, key, 0)) || (b = find(g, key, 0)))
		return b->act;
	return ACT_NONE;
}

enum action
keymap_lookup_local(const char *ctx, int key)
{
	const struct keybind *b = find(keymap_ctx(ctx), key, 0);

	return b ? b->act : ACT_NONE;
}

int
keymap_keys_for(const struct keymap_ctx *x, enum action a, char *buf,
    size_t size)
{
	char k1[32], k2[32];
	size_t i, o = 0;
	int n = 0;

	if (size)
		buf[0] = '\0';
	for (i = 0; x && i < x->n; i++) {
		const struct keybind *b = &x->bind[i];

		if (b->act != a)
			continue;
		keys_name(b->key, k1, sizeof k1);
		if (b->key2)
			keys_name(b->key2, k2, sizeof k2);
		else
			k2[0] = '\0';
		if (o < size)
			o += (size_t)snprintf(buf + o, size - o, "%s%s%s",
			    n ? " " : "", k1, k2);
		n++;
	}
	return n;
}

static void
footer_add(const struct keymap_ctx *x, char *buf, size_t size, size_t *o)
{
	char k[32];
	size_t i;

	for (i = 0; x && i < x->n; i++) {
		if (!(x->bind[i].flags & KEYMAP_FOOTER) || *o >= size)
			continue;
		keys_name(x->bind[i].key, k, sizeof k);
		*o += (size_t)snprintf(buf + *o, size - *o, "%s%s %s",
		    *o ? "  " : "", k, action_name(x->bind[i].act));
	}
}

void
keymap_footer(const char *ctx, char *buf, size_t size)
{
	const struct keymap_ctx *x = keymap_ctx(ctx);
	size_t o = 0;

	if (size)
		buf[0] = '\0';
	if (x && x != &keymap_ctxs[0])
		footer_add(x, buf, size, &o);
	footer_add(&keymap_ctxs[0], buf, size, &o);
}

/* roff needs backslashes and leading dots escaped */
static void
roff(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else if (*s == '-')
			fputs("\\-", f);
		else
			fputc(*s, f);
	}
}

void
keymap_man(FILE *f)
{
	char keys[256];
	size_t i, j, k;

	for (i = 0; i < keymap_nctx; i++) {
		const struct keymap_ctx *x = &keymap_ctxs[i];

		fprintf(f, ".SS %s\n", x->title);
		for (j = 0; j < x->n; j++) {
			enum action a = x->bind[j].act;

			/* each action once, at its first binding */
			for (k = 0; k < j; k++)
				if (x->bind[k].act == a)
					break;
			if (k < j)
				continue;
			keymap_keys_for(x, a, keys, sizeof keys);
			fputs(".TP\n.B ", f);
			roff(f, keys);
			fputc('\n', f);
			roff(f, action_help(a));
			fputs(".\n", f);
		}
	}
}
