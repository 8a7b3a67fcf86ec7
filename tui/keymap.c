/*
 * keymap.c - the key tables.
 *
 * The keyboard model: arrows and vi keys move (hjkl, gg/G, Ctrl-d/u,
 * PgUp/PgDn), Enter drills in, q goes back and on the first view quits
 * (as in less and VisiData), Esc goes back or leaves a mode but never
 * quits, Q and :q quit from anywhere, Tab and Shift-Tab and the digits
 * 1 to 5 switch the top-level views in every view, ? shows help, :
 * takes a command, / searches (n and N go on) and | filters.  No key
 * that decides in the review is also a key that moves or switches: the
 * Review view picks classes by number only in a mode of its own (c,
 * then a digit).  Order within a table is the order of the help.
 */
#include "tui/keymap.h"

#include <stdio.h>
#include <string.h>

#include "tui/backend/keys.h"

#define C(x) KEYS_CTRL(x)
#define N(t) (sizeof(t) / sizeof *(t))
/* a key; a two-key sequence; a key with its word in the hint line */
#define K(key, act, flags) { (key), 0, (act), (flags), NULL }
#define SEQ(key, key2, act, flags) { (key), (key2), (act), (flags), NULL }
#define HINT(key, act, flags, word) { (key), 0, (act), (flags), (word) }

static const struct keybind global_keys[] = {
	K(KEYS_UP, ACT_UP, 0),
	K('k', ACT_UP, 0),
	K(KEYS_DOWN, ACT_DOWN, 0),
	K('j', ACT_DOWN, 0),
	K(KEYS_LEFT, ACT_LEFT, 0),
	K('h', ACT_LEFT, 0),
	K(KEYS_RIGHT, ACT_RIGHT, 0),
	K('l', ACT_RIGHT, 0),
	K(KEYS_PGUP, ACT_PAGE_UP, 0),
	K(C('b'), ACT_PAGE_UP, 0),
	K(KEYS_PGDN, ACT_PAGE_DOWN, 0),
	K(C('f'), ACT_PAGE_DOWN, 0),
	K(' ', ACT_PAGE_DOWN, 0),
	K(C('u'), ACT_HALF_UP, 0),
	K(C('d'), ACT_HALF_DOWN, 0),
	SEQ('g', 'g', ACT_TOP, 0),
	K('g', ACT_TOP, 0),
	K(KEYS_HOME, ACT_TOP, 0),
	K('G', ACT_BOTTOM, 0),
	K(KEYS_END, ACT_BOTTOM, 0),
	K(KEYS_ENTER, ACT_OPEN, KEYMAP_FOOTER),
	K('q', ACT_BACK, KEYMAP_FOOTER),
	K(KEYS_ESC, ACT_ESCAPE, 0),
	K('Q', ACT_QUIT, 0),
	K(KEYS_TAB, ACT_NEXT_VIEW, KEYMAP_FOOTER),
	K(KEYS_BTAB, ACT_PREV_VIEW, 0),
	K('1', ACT_VIEW_OVERVIEW, 0),
	K('2', ACT_VIEW_TABLE, 0),
	K('3', ACT_VIEW_HISTOGRAM, 0),
	K('4', ACT_VIEW_CROSSTAB, 0),
	K('5', ACT_VIEW_LABELS, 0),
	K('F', ACT_VIEW_FLAGGED, 0),
	K('r', ACT_VIEW_REVIEW, 0),
	K('p', ACT_RUN_PICO, 0),
	K('P', ACT_PICO_FORM, 0),
	HINT('R', ACT_RERUN, 0, "re-run"),
	/* searching moves the cursor; filtering keeps its own key, as
	 * VisiData's | */
	K('/', ACT_SEARCH, KEYMAP_FOOTER),
	SEQ('g', '/', ACT_SEARCH_ALL, 0),
	K('n', ACT_NEXT_MATCH, 0),
	K('N', ACT_PREV_MATCH, 0),
	K('|', ACT_FILTER, KEYMAP_FOOTER),
	SEQ('g', '|', ACT_FILTER_ALL, 0),
	K('u', ACT_FILTER_POP, 0),
	K(KEYS_BS, ACT_FILTER_POP, 0),
	K(':', ACT_COMMAND, KEYMAP_FOOTER),
	K(C('s'), ACT_SAVE, 0),
	K('?', ACT_HELP, KEYMAP_FOOTER),
	K(KEYS_F1, ACT_HELP, 0),
	K(C('c'), ACT_CANCEL, 0),
	K(C('l'), ACT_REDRAW, 0),
};

static const struct keybind table_keys[] = {
	K('n', ACT_NEXT_MATCH, KEYMAP_FOOTER),
	K('N', ACT_PREV_MATCH, 0),
	K('0', ACT_FIRST_COL, 0),
	K('$', ACT_LAST_COL, 0),
	/* sorting, columns, copying */
	K('[', ACT_SORT_ASC, 0),
	K(']', ACT_SORT_DESC, 0),
	SEQ('z', '[', ACT_SORT_ADD_ASC, 0),
	SEQ('z', ']', ACT_SORT_ADD_DESC, 0),
	K('-', ACT_HIDE_COL, 0),
	SEQ('g', 'v', ACT_SHOW_COLS, 0),
	K('!', ACT_PIN_COL, 0),
	K('C', ACT_COLUMNS, 0),
	K('y', ACT_COPY_CELL, 0),
	K('Y', ACT_COPY_ROW, 0),
};

static const struct keybind record_keys[] = {
	K('n', ACT_NEXT_MATCH, 0),
	K('N', ACT_PREV_MATCH, 0),
	K('y', ACT_COPY_CELL, 0),
	K('Y', ACT_COPY_ROW, 0),
};

static const struct keybind columns_keys[] = {
	K('-', ACT_HIDE_COL, KEYMAP_FOOTER),
	K('!', ACT_PIN_COL, KEYMAP_FOOTER),
	SEQ('g', 'v', ACT_SHOW_COLS, 0),
};

static const struct keybind overview_keys[] = {
	K('s', ACT_SORT, KEYMAP_FOOTER),
	K('S', ACT_SORT_REVERSE, 0),
	K('f', ACT_FLAGGED_COMPARE, 0),
};

static const struct keybind flagged_keys[] = {
	K(' ', ACT_SELECT, KEYMAP_FOOTER),
	K('*', ACT_SELECT_ALL, 0),
	K('a', ACT_BULK_SELECTED, KEYMAP_FOOTER),
	K('A', ACT_BULK_AUTOFIX, KEYMAP_FOOTER),
	K('u', ACT_UNDO, 0),
	K('f', ACT_FILTER_GIVEN, 0),
	K('s', ACT_FILTER_SUGGESTED, 0),
	K('b', ACT_FILTER_BAND, 0),
	K('0', ACT_CLEAR_FILTERS, 0),
	K('c', ACT_GRID, KEYMAP_FOOTER),
};

static const struct keybind review_keys[] = {
	HINT('a', ACT_ACCEPT, KEYMAP_FOOTER, "accept"),
	HINT('x', ACT_REJECT, KEYMAP_FOOTER, "reject"),
	HINT('c', ACT_PICK_MENU, 0, "class"),
	HINT('l', ACT_PICK_LABEL, 0, "label"),
	HINT('n', ACT_NEW_LABEL, 0, "new"),
	HINT('d', ACT_DROP, KEYMAP_FOOTER, "drop"),
	HINT(' ', ACT_SKIP, KEYMAP_FOOTER, "skip"),
	HINT('u', ACT_UNDO, KEYMAP_FOOTER, "undo"),
	HINT('e', ACT_NOTE, 0, "note"),
	HINT('f', ACT_FLAG_ROW, 0, "flag"),
	HINT('m', ACT_TOGGLE_MODE, KEYMAP_FOOTER, "list"),
	K('o', ACT_ORDER, 0),
};

/*
 * The Review view's pick mode (c): the digits pick a class only here, so
 * that everywhere else they switch views and no digit decides by
 * accident.
 */
static const struct keybind review_pick_keys[] = {
	HINT('1', ACT_PICK_1, 0, "pick"),
	HINT('2', ACT_PICK_2, 0, "pick"),
	HINT('3', ACT_PICK_3, 0, "pick"),
	HINT('4', ACT_PICK_4, 0, "pick"),
	HINT('5', ACT_PICK_5, 0, "pick"),
	HINT('6', ACT_PICK_6, 0, "pick"),
	HINT('7', ACT_PICK_7, 0, "pick"),
	HINT('8', ACT_PICK_8, 0, "pick"),
	HINT('9', ACT_PICK_9, 0, "pick"),
	HINT(KEYS_ESC, ACT_PICK_CANCEL, KEYMAP_FOOTER, "cancel"),
	K('q', ACT_PICK_CANCEL, 0),
	K('c', ACT_PICK_CANCEL, 0),
};

static const struct keybind picoform_keys[] = {
	K('e', ACT_EDIT, KEYMAP_FOOTER),
};

static const struct keybind histogram_keys[] = {
	K('L', ACT_LOG_SCALE, KEYMAP_FOOTER),
	K('b', ACT_BREAKDOWN, KEYMAP_FOOTER),
	K('c', ACT_COMPARE, KEYMAP_FOOTER),
};

static const struct keybind crosstab_keys[] = {
	K('r', ACT_AXIS_ROWS, KEYMAP_FOOTER),
	K('c', ACT_AXIS_COLS, KEYMAP_FOOTER),
	K('x', ACT_SWAP_AXES, 0),
	K('L', ACT_LOG_SCALE, 0),
};

static const struct keybind labels_keys[] = {
	K('s', ACT_SORT, KEYMAP_FOOTER),
	K('S', ACT_SORT_REVERSE, 0),
};

static const struct keybind help_keys[] = {
	K('?', ACT_HELP, KEYMAP_FOOTER),
	K('q', ACT_HELP, 0),
	K(KEYS_ESC, ACT_HELP, 0),
};

static const struct keybind prompt_keys[] = {
	K(KEYS_ENTER, ACT_PROMPT_ACCEPT, 0),
	K(KEYS_ESC, ACT_PROMPT_CANCEL, 0),
	K(C('c'), ACT_PROMPT_CANCEL, 0),
	K(C('g'), ACT_PROMPT_CANCEL, 0),
	K(KEYS_LEFT, ACT_PROMPT_LEFT, 0),
	K(C('b'), ACT_PROMPT_LEFT, 0),
	K(KEYS_RIGHT, ACT_PROMPT_RIGHT, 0),
	K(C('f'), ACT_PROMPT_RIGHT, 0),
	K(KEYS_HOME, ACT_PROMPT_HOME, 0),
	K(C('a'), ACT_PROMPT_HOME, 0),
	K(KEYS_END, ACT_PROMPT_END, 0),
	K(C('e'), ACT_PROMPT_END, 0),
	K(KEYS_BS, ACT_PROMPT_BACKSPACE, 0),
	K(C('h'), ACT_PROMPT_BACKSPACE, 0),
	K(KEYS_DEL, ACT_PROMPT_DELETE, 0),
	K(C('d'), ACT_PROMPT_DELETE, 0),
	K(C('k'), ACT_PROMPT_KILL_END, 0),
	K(C('u'), ACT_PROMPT_KILL_START, 0),
	K(C('w'), ACT_PROMPT_KILL_WORD, 0),
	K(KEYS_UP, ACT_PROMPT_HISTORY_UP, 0),
	K(C('p'), ACT_PROMPT_HISTORY_UP, 0),
	K(KEYS_DOWN, ACT_PROMPT_HISTORY_DOWN, 0),
	K(C('n'), ACT_PROMPT_HISTORY_DOWN, 0),
	K(KEYS_TAB, ACT_PROMPT_COMPLETE, 0),
};

const struct keymap_ctx keymap_ctxs[] = {
	{ "global", "Everywhere", global_keys, N(global_keys) },
	{ "table", "Table", table_keys, N(table_keys) },
	{ "record", "Record", record_keys, N(record_keys) },
	{ "columns", "Columns", columns_keys, N(columns_keys) },
	{ "overview", "Overview", overview_keys, N(overview_keys) },
	{ "histogram", "Histogram", histogram_keys, N(histogram_keys) },
	{ "crosstab", "Crosstab", crosstab_keys, N(crosstab_keys) },
	{ "labels", "Labels", labels_keys, N(labels_keys) },
	{ "flagged", "Flagged", flagged_keys, N(flagged_keys) },
	{ "review", "Review", review_keys, N(review_keys) },
	{ "review-pick", "Review, picking a class (c)", review_pick_keys,
	    N(review_pick_keys) },
	{ "picoform", "PICO options", picoform_keys, N(picoform_keys) },
	{ "help", "Help", help_keys, N(help_keys) },
	{ "prompt", "Prompt line", prompt_keys, N(prompt_keys) },
};
const size_t keymap_nctx = N(keymap_ctxs);

/* The contexts that are a view's modes, and the view. */
static const struct {
	const char *mode, *view;
} modes[] = {
	{ "review-pick", "review" },
};

const char *
keymap_mode_of(const char *name)
{
	size_t i;

	for (i = 0; name && i < N(modes); i++)
		if (strcmp(modes[i].mode, name) == 0)
			return modes[i].view;
	return NULL;
}

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

/* A key's name without the brackets of a named key: "Space". */
static void
hint_key(int key, char *buf, size_t size)
{
	size_t n;

	keys_name(key, buf, size);
	n = strlen(buf);
	if (n > 2 && buf[0] == '<' && buf[n - 1] == '>') {
		memmove(buf, buf + 1, n - 2);
		buf[n - 2] = '\0';
	}
}

static size_t
hints_add(const struct keymap_ctx *x, struct view_hint *out, size_t n,
    size_t max)
{
	const struct keybind *b, *last;
	char k1[16], k2[16];
	size_t i;

	for (i = 0; x && i < x->n && n < max; i++) {
		b = &x->bind[i];
		if (!b->hint)
			continue;
		for (last = b; i + 1 < x->n && x->bind[i + 1].hint &&
		    strcmp(x->bind[i + 1].hint, b->hint) == 0; i++)
			last = &x->bind[i + 1];
		hint_key(b->key, k1, sizeof k1);
		hint_key(last->key, k2, sizeof k2);
		out[n].act = b->act;
		out[n].word = b->hint;
		snprintf(out[n].keys, sizeof out[n].keys, "%s%s%s", k1,
		    last != b ? "-" : "", last != b ? k2 : "");
		n++;
	}
	return n;
}

size_t
keymap_entry(const struct keymap_ctx *x, size_t i, char *buf, size_t size,
    enum action *act)
{
	const struct keybind *b = &x->bind[i];
	char k1[16], k2[16];
	size_t j, end = i + 1;

	*act = b->act;
	if (size)
		buf[0] = '\0';
	for (j = 0; j < i; j++)
		if (x->bind[j].act == b->act)
			return i + 1;
	/* a run of actions under one word: the digits of the pick mode */
	while (b->hint && end < x->n && x->bind[end].hint &&
	    x->bind[end].act != b->act &&
	    strcmp(x->bind[end].hint, b->hint) == 0)
		end++;
	if (end > i + 1) {
		hint_key(b->key, k1, sizeof k1);
		hint_key(x->bind[end - 1].key, k2, sizeof k2);
		snprintf(buf, size, "%s-%s", k1, k2);
		return end;
	}
	keymap_keys_for(x, b->act, buf, size);
	return i + 1;
}

size_t
keymap_hints(const char *ctx, struct view_hint *out, size_t max)
{
	const struct keymap_ctx *x = keymap_ctx(ctx);
	size_t n = 0;

	if (x && x != &keymap_ctxs[0])
		n = hints_add(x, out, n, max);
	return hints_add(&keymap_ctxs[0], out, n, max);
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
	enum action a;
	size_t i, j, next;

	for (i = 0; i < keymap_nctx; i++) {
		const struct keymap_ctx *x = &keymap_ctxs[i];

		fprintf(f, ".SS %s\n", x->title);
		for (j = 0; j < x->n; j = next) {
			next = keymap_entry(x, j, keys, sizeof keys, &a);
			if (!keys[0])
				continue;
			fputs(".TP\n.B ", f);
			roff(f, keys);
			fputc('\n', f);
			roff(f, action_help(a));
			fputs(".\n", f);
		}
	}
}
