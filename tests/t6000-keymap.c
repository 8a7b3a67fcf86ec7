/*
 * t6000-keymap - the key tables: no key bound twice in a context, every
 * action named, explained and reachable, sequences, view contexts over
 * the global one, key names both ways and key scripts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui/keymap.h"
#include "tui/backend/keys.h"
#include "views/lib/action.h"
#include "views/view.h"
#include "tests/tap.h"

static void
test_tables(void)
{
	size_t i, j, k;
	int dup = 0, unnamed = 0, unbound = 0, noview = 0, a;
	char buf[64];

	for (i = 0; i < keymap_nctx; i++) {
		const struct keymap_ctx *x = &keymap_ctxs[i];

		for (j = 0; j < x->n; j++)
			for (k = j + 1; k < x->n; k++)
				if (x->bind[j].key == x->bind[k].key &&
				    x->bind[j].key2 == x->bind[k].key2) {
					dup++;
					diag("%s: %s bound twice", x->name,
					    keys_name(x->bind[j].key, buf,
					    sizeof buf));
				}
	}
	is_int(dup, 0, "no key bound twice in a context");
	for (a = 0; a < ACT_COUNT; a++) {
		if (strcmp(action_name(a), "?") == 0 ||
		    strcmp(action_help(a), "?") == 0) {
			unnamed++;
			diag("action %d has no name or help", a);
		}
		if ((int)action_find(action_name(a)) != a) {
			unnamed++;
			diag("action %s is not found by name", action_name(a));
		}
	}
	is_int(unnamed, 0, "every action has a unique name and help");
	for (a = 1; a < ACT_COUNT; a++) {
		int found = 0;

		if (a == ACT_ANSWER)
			continue;
		for (i = 0; i < keymap_nctx && !found; i++)
			for (j = 0; j < keymap_ctxs[i].n; j++)
				if (keymap_ctxs[i].bind[j].act == (enum action)a)
					found = 1;
		if (!found) {
			unbound++;
			diag("no key does %s", action_name(a));
		}
	}
	is_int(unbound, 0, "every action has a key");
	ok(strcmp(keymap_ctxs[0].name, "global") == 0, "global comes first");
	ok(keymap_ctx("prompt") && keymap_ctx("help"), "prompt and help");
	ok(keymap_ctx("nonesuch") == NULL && keymap_ctx(NULL) == NULL,
	    "unknown context");
	/* every context with keys of its own is a view's, a view's mode,
	 * or the prompt's or the help's */
	for (i = 1; i < keymap_nctx; i++) {
		const char *n = keymap_ctxs[i].name;

		if (strcmp(n, "prompt") && strcmp(n, "help") &&
		    !view_find(n) && !view_find(keymap_mode_of(n))) {
			noview++;
			diag("context %s has no view", n);
		}
	}
	is_int(noview, 0, "every key context belongs to a view");
	is_int(action_find("nonesuch"), ACT_NONE, "unknown action name");
}

/* The keys that go places: bound globally to switching views, going
 * back or quitting. */
static int
goes_places(int key)
{
	enum action a = keymap_lookup_local("global", key);

	return (a >= ACT_VIEW_OVERVIEW && a <= ACT_VIEW_LABELS) ||
	    a == ACT_NEXT_VIEW || a == ACT_PREV_VIEW || a == ACT_BACK ||
	    a == ACT_ESCAPE || a == ACT_QUIT;
}

/*
 * No decision by accident: no view gives a key that goes places (the
 * digits, Tab, q, Esc, Q) a meaning of its own, so that view switching
 * works the same way everywhere; only a view's mode, which shows, may
 * (the pick mode's digits).
 */
static void
test_no_accident(void)
{
	size_t i, j;
	int bad = 0, pending, replay;
	char buf[32];
	const char *view;

	for (i = 1; i < keymap_nctx; i++) {
		const struct keymap_ctx *x = &keymap_ctxs[i];

		if (!view_find(x->name))
			continue;
		for (j = 0; j < x->n; j++)
			if (goes_places(x->bind[j].key)) {
				bad++;
				diag("%s binds %s", x->name, keys_name(
				    x->bind[j].key, buf, sizeof buf));
			}
	}
	is_int(bad, 0, "no view rebinds a key that switches views, goes "
	    "back or quits");
	for (i = 0, bad = 0; i < 5; i++)
		bad += keymap_lookup("review", 0, '1' + (int)i, &pending,
		    &replay) != (enum action)(ACT_VIEW_OVERVIEW + (int)i);
	is_int(bad, 0, "1 to 5 switch views in the Review view");
	is_int(keymap_lookup("flagged", 0, '2', &pending, &replay),
	    ACT_VIEW_TABLE, "and in the Flagged view");
	is_int(keymap_lookup("review", 0, 'c', &pending, &replay),
	    ACT_PICK_MENU, "c opens the pick mode");
	is_int(keymap_lookup("review-pick", 0, '2', &pending, &replay),
	    ACT_PICK_2, "where 2 picks");
	is_int(keymap_lookup("review-pick", 0, KEYS_ESC, &pending, &replay),
	    ACT_PICK_CANCEL, "and Esc leaves the mode");
	is_int(keymap_lookup("review-pick", 0, 'j', &pending, &replay),
	    ACT_DOWN, "other keys as everywhere");
	view = keymap_mode_of("review-pick");
	ok(view && strcmp(view, "review") == 0, "the mode is the Review "
	    "view's");
	ok(keymap_mode_of("review") == NULL, "a view is no mode");
	is_int(keymap_lookup("overview", 0, KEYS_ESC, &pending, &replay),
	    ACT_ESCAPE, "Esc escapes (never quits)");
	is_int(keymap_lookup("overview", 0, 'q', &pending, &replay),
	    ACT_BACK, "q goes back (quits on the first view)");
	is_int(keymap_lookup("overview", 0, 'Q', &pending, &replay),
	    ACT_QUIT, "Q quits");
}

static void
test_lookup(void)
{
	int pending, replay;
	enum action a;

	a = keymap_lookup("table", 0, 'j', &pending, &replay);
	is_int(a, ACT_DOWN, "j is down (from global)");
	a = keymap_lookup("table", 0, KEYS_DOWN, &pending, &replay);
	is_int(a, ACT_DOWN, "<Down> is down");
	a = keymap_lookup("table", 0, 'n', &pending, &replay);
	is_int(a, ACT_NEXT_MATCH, "n in the table");
	a = keymap_lookup("record", 0, 'n', &pending, &replay);
	is_int(a, ACT_NEXT_MATCH, "n in the record too");
	a = keymap_lookup(NULL, 0, 'n', &pending, &replay);
	is_int(a, ACT_NEXT_MATCH, "n searches on everywhere");
	a = keymap_lookup("review", 0, 'n', &pending, &replay);
	is_int(a, ACT_NEW_LABEL, "but a view may give n a meaning of its own");
	a = keymap_lookup("table", 0, '/', &pending, &replay);
	is_int(a, ACT_SEARCH, "/ searches");
	a = keymap_lookup("table", 0, '|', &pending, &replay);
	is_int(a, ACT_FILTER, "| filters");
	a = keymap_lookup("table", 0, 'g', &pending, &replay);
	ok(a == ACT_NONE && pending == 'g', "g waits for a second key");
	a = keymap_lookup("table", 'g', '/', &pending, &replay);
	ok(a == ACT_SEARCH_ALL && !pending && !replay, "g/ is search-all");
	a = keymap_lookup("table", 'g', '|', &pending, &replay);
	ok(a == ACT_FILTER_ALL && !pending && !replay, "g| is filter-all");
	a = keymap_lookup("table", 'g', 'v', &pending, &replay);
	ok(a == ACT_SHOW_COLS && !pending && !replay, "gv shows the columns "
	    "in the table");
	a = keymap_lookup("table", 'z', '[', &pending, &replay);
	ok(a == ACT_SORT_ADD_ASC && !replay, "z[ adds to the sort");
	a = keymap_lookup("table", 'g', 'g', &pending, &replay);
	ok(a == ACT_TOP && !replay, "gg is top");
	a = keymap_lookup("table", 'g', 'j', &pending, &replay);
	ok(a == ACT_TOP && replay, "g then j: top, and j again");
	a = keymap_lookup("prompt", 0, KEYS_CTRL('w'), &pending, &replay);
	is_int(a, ACT_PROMPT_KILL_WORD, "C-w in the prompt");
	a = keymap_lookup("table", 0, 'Z', &pending, &replay);
	ok(a == ACT_NONE && !pending, "unbound key");
}

static void
test_names(void)
{
	static const char *const names[] = {
		"<Enter>", "<Esc>", "<Tab>", "<S-Tab>", "<Up>", "<Down>",
		"<Left>", "<Right>", "<PgDn>", "<PgUp>", "<Home>", "<End>",
		"<C-d>", "<C-u>", "<Space>", "<BS>", "<Del>", "<F1>", "<F12>",
		"<lt>", "<Hash>", "a", "?", "\xc3\xa9", NULL
	};
	char buf[32];
	int i, k, bad = 0, used;

	for (i = 0; names[i]; i++) {
		used = keys_parse(names[i], &k);
		if (used != (int)strlen(names[i]) ||
		    strcmp(keys_name(k, buf, sizeof buf), names[i]) != 0) {
			bad++;
			diag("%s -> %d -> %s", names[i], k, buf);
		}
	}
	is_int(bad, 0, "key names round-trip");
	ok(keys_parse("<pgdn>", &k) == 6 && k == KEYS_PGDN,
	    "names ignore case");
	is_int(keys_parse("<Nope>", &k), -1, "unknown name");
	ok(keys_parse("<", &k) == 1 && k == '<', "a lone < is itself");
	is_int(keys_parse("", &k), 0, "end of string");
	ok(keys_parse("\xff", &k) == 1 && k == 0xff, "invalid byte");
	is(keys_name(KEYS_CTRL('a'), buf, sizeof buf), "<C-a>", "C-a name");
	is(keys_name(KEYS_ENTER, buf, sizeof buf), "<Enter>",
	    "Enter is not C-m");
}

static void
test_script(void)
{
	char err[256];
	size_t n;
	int *k;
	FILE *f = tmpfile();

	fputs("# a comment\n"
	    "j j <Down>   # trailing comment\n"
	    "/foo<Enter>\n"
	    "\n"
	    "<lt><Hash> <Space>\n", f);
	rewind(f);
	k = keys_script(f, "s.keys", &n, err, sizeof err);
	ok(k != NULL, "script parses");
	is_int(n, 11, "eleven keys");
	ok(k && k[0] == 'j' && k[2] == KEYS_DOWN && k[3] == '/' &&
	    k[7] == KEYS_ENTER && k[8] == '<' && k[9] == '#' && k[10] == ' ',
	    "in order");
	free(k);
	fclose(f);
	f = tmpfile();
	fputs("j\n<Bogus>\n", f);
	rewind(f);
	k = keys_script(f, "s.keys", &n, err, sizeof err);
	ok(k == NULL, "unknown key name fails");
	ok(strstr(err, "s.keys:2:") != NULL, "error names the line: %s", err);
	fclose(f);
	f = tmpfile();
	k = keys_script(f, "e.keys", &n, err, sizeof err);
	ok(k != NULL && n == 0, "empty script");
	free(k);
	fclose(f);
}

static void
test_footer_man(void)
{
	char buf[512];
	FILE *f;
	char *text = NULL;
	size_t len = 0;
	int a, missing = 0;

	keymap_footer("table", buf, sizeof buf);
	ok(strstr(buf, "n next-match") == buf, "view keys first: %s", buf);
	ok(strstr(buf, "? help") != NULL, "then global ones");
	{
		struct view_hint h[32];
		size_t n = keymap_hints("review", h, 32), i;

		is_int(n, 12, "the Review view's hint line has 12 keys");
		ok(n > 2 && strcmp(h[0].keys, "a") == 0 &&
		    strcmp(h[0].word, "accept") == 0 && h[0].act == ACT_ACCEPT,
		    "from its table, in order");
		ok(n > 2 && strcmp(h[2].keys, "c") == 0 &&
		    strcmp(h[2].word, "class") == 0, "c opens the pick mode");
		n = keymap_hints("review-pick", h, 32);
		ok(n == 3 && strcmp(h[0].keys, "1-9") == 0 &&
		    strcmp(h[0].word, "pick") == 0, "the digits make one hint "
		    "in the pick mode");
		ok(n == 3 && strcmp(h[1].keys, "Esc") == 0 &&
		    h[1].act == ACT_PICK_CANCEL, "and Esc cancels it");
		n = keymap_hints("review", h, 32);
		for (i = 0; i < n && strcmp(h[i].word, "skip") != 0; i++)
			;
		ok(i < n && strcmp(h[i].keys, "Space") == 0,
		    "named keys without their brackets");
		ok(n == 12 && strcmp(h[11].keys, "R") == 0 &&
		    h[11].act == ACT_RERUN, "a global key last");
		is_int(keymap_hints("review", h, 3), 3, "no more than asked");
		is_int(keymap_hints("table", h, 32), 1, "the Table has only "
		    "the global one");
	}
	f = open_memstream(&text, &len);
	keymap_man(f);
	fclose(f);
	ok(strstr(text, ".SS Everywhere") != NULL, "man sections");
	for (a = 1; a < ACT_COUNT; a++) {
		char want[256];
		const char *h = action_help(a);
		size_t o = 0;

		/* roff spells a hyphen \- */
		for (; *h && o + 3 < sizeof want; h++) {
			if (*h == '-')
				want[o++] = '\\';
			want[o++] = *h;
		}
		want[o] = '\0';
		/* the digits of the pick mode are one entry, 1-9 */
		if (a > ACT_PICK_1 && a <= ACT_PICK_9)
			continue;
		if (a != ACT_ANSWER && !strstr(text, want)) {
			missing++;
			diag("man lacks %s", action_name(a));
		}
	}
	is_int(missing, 0, "every bound action is in the man text");
	ok(strstr(text, ".B 1\\-9\n") != NULL, "the digits as one entry");
	free(text);
}

int
main(void)
{
	test_tables();
	test_lookup();
	test_no_accident();
	test_names();
	test_script();
	test_footer_man();
	return done_testing();
}
