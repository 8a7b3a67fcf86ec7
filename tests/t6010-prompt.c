/*
 * t6010-prompt - the line editor: insertion, UTF-8 aware deletion and
 * movement, kill commands, history and completion.
 */
#include <locale.h>
#include <string.h>

#include "tui/cmdline/prompt.h"
#include "tests/tap.h"

static void
type(struct prompt *p, const char *s)
{
	prompt_insert_str(p, s, strlen(s));
}

static void
cols(void *ctx, const char *line, size_t cursor, size_t *start,
    struct prompt_list *out)
{
	static const char *const names[] = {
		"sepal_length", "sepal_width", "petal_length", "Species",
		"label", NULL
	};
	int i;

	(void)ctx;
	(void)cursor;
	/* after "col ", complete a column name */
	*start = strncmp(line, "col ", 4) == 0 ? 4 : 0;
	for (i = 0; names[i]; i++)
		prompt_list_add(out, names[i], strlen(names[i]));
}

/* Act on p, then check its text. */
static void
act_is(struct prompt *p, enum action a, const char *want, const char *name)
{
	prompt_act(p, a);
	is(prompt_text(p), want, name);
}

/* Open p on init with the column completer and press Tab. */
static void
complete(struct prompt *p, const char *init)
{
	prompt_open(p, ":", init, NULL, cols, NULL);
	prompt_act(p, ACT_PROMPT_COMPLETE);
}

static void
test_edit(void)
{
	struct prompt p;

	memset(&p, 0, sizeof p);
	prompt_open(&p, ":", NULL, NULL, NULL, NULL);
	is(prompt_text(&p), "", "starts empty");
	prompt_insert(&p, 'a');
	prompt_insert(&p, 0xe9);	/* e acute: two bytes */
	prompt_insert(&p, 0x4e2d);	/* three bytes */
	prompt_insert(&p, 'b');
	is(prompt_text(&p), "a\xc3\xa9\xe4\xb8\xad" "b", "inserted UTF-8");
	prompt_insert(&p, 7);
	prompt_insert(&p, 0xd800);
	is(prompt_text(&p), "a\xc3\xa9\xe4\xb8\xad" "b",
	    "controls and surrogates are not inserted");
	prompt_act(&p, ACT_PROMPT_LEFT);
	act_is(&p, ACT_PROMPT_BACKSPACE, "a\xc3\xa9" "b", "backspace takes a "
	    "whole character");
	prompt_act(&p, ACT_PROMPT_LEFT);
	is_int(p.cur, 1, "left steps over two bytes");
	act_is(&p, ACT_PROMPT_DELETE, "ab", "delete under the cursor");
	prompt_act(&p, ACT_PROMPT_HOME);
	prompt_insert(&p, 'x');
	is(prompt_text(&p), "xab", "home then insert");
	prompt_act(&p, ACT_PROMPT_END);
	type(&p, " foo bar  ");
	act_is(&p, ACT_PROMPT_KILL_WORD, "xab foo ", "C-w kills the last word "
	    "and the spaces after it");
	prompt_act(&p, ACT_PROMPT_HOME);
	prompt_act(&p, ACT_PROMPT_RIGHT);
	act_is(&p, ACT_PROMPT_KILL_END, "x", "C-k kills to the end");
	type(&p, "yz");
	prompt_act(&p, ACT_PROMPT_LEFT);
	act_is(&p, ACT_PROMPT_KILL_START, "z", "C-u kills to the start");
	is_int(p.cur, 0, "cursor at the start");
	prompt_act(&p, ACT_PROMPT_BACKSPACE);
	act_is(&p, ACT_PROMPT_LEFT, "z", "backspace at the start does "
	    "nothing");
	prompt_act(&p, ACT_PROMPT_END);
	prompt_act(&p, ACT_PROMPT_RIGHT);
	act_is(&p, ACT_PROMPT_DELETE, "z", "delete at the end does nothing");
	is_int(prompt_act(&p, ACT_PROMPT_ACCEPT), PROMPT_ACCEPT, "accept");
	is_int(prompt_act(&p, ACT_PROMPT_CANCEL), PROMPT_CANCEL, "cancel");
	prompt_release(&p);
	prompt_open(&p, ":", "init", NULL, NULL, NULL);
	ok(strcmp(prompt_text(&p), "init") == 0 && p.cur == 4,
	    "initial text, cursor at its end");
	prompt_release(&p);
}

static void
test_history(void)
{
	struct prompt_list h;
	struct prompt p;

	memset(&h, 0, sizeof h);
	memset(&p, 0, sizeof p);
	prompt_open(&p, "/", NULL, &h, NULL, NULL);
	type(&p, "one");
	prompt_act(&p, ACT_PROMPT_ACCEPT);
	prompt_open(&p, "/", NULL, &h, NULL, NULL);
	type(&p, "two");
	prompt_act(&p, ACT_PROMPT_ACCEPT);
	prompt_open(&p, "/", NULL, &h, NULL, NULL);
	type(&p, "two");
	prompt_act(&p, ACT_PROMPT_ACCEPT);
	is_int(h.n, 2, "a repeated line is kept once");
	prompt_open(&p, "/", NULL, &h, NULL, NULL);
	prompt_act(&p, ACT_PROMPT_ACCEPT);
	is_int(h.n, 2, "empty lines are not kept");
	prompt_open(&p, "/", NULL, &h, NULL, NULL);
	type(&p, "draft");
	act_is(&p, ACT_PROMPT_HISTORY_UP, "two", "up: newest");
	act_is(&p, ACT_PROMPT_HISTORY_UP, "one", "up: older");
	act_is(&p, ACT_PROMPT_HISTORY_UP, "one", "up at the oldest stays");
	act_is(&p, ACT_PROMPT_HISTORY_DOWN, "two", "down: newer");
	act_is(&p, ACT_PROMPT_HISTORY_DOWN, "draft", "down past the newest: "
	    "the draft");
	act_is(&p, ACT_PROMPT_HISTORY_DOWN, "draft", "and it stays");
	prompt_release(&p);
	prompt_list_release(&h);
	prompt_list_release(NULL);
}

static void
test_complete(void)
{
	struct prompt p;

	memset(&p, 0, sizeof p);
	complete(&p, "col pe");
	is(prompt_text(&p), "col petal_length", "unique match taken");
	complete(&p, "col se");
	is(prompt_text(&p), "col sepal_", "longest common prefix");
	ok(strstr(p.hint, "2 matches") != NULL, "hint lists the matches: %s",
	    p.hint);
	act_is(&p, ACT_PROMPT_COMPLETE, "col sepal_length", "tab again: first");
	act_is(&p, ACT_PROMPT_COMPLETE, "col sepal_width", "tab again: second");
	act_is(&p, ACT_PROMPT_COMPLETE, "col sepal_length", "and round");
	complete(&p, "col spe");
	is(prompt_text(&p), "col Species", "case-insensitive fallback");
	complete(&p, "col zz");
	is(prompt_text(&p), "col zz", "no match leaves the text");
	is(p.hint, "no match", "and says so");
	complete(&p, "la");
	is(prompt_text(&p), "label", "completing the first word");
	prompt_open(&p, ":", "x", NULL, NULL, NULL);
	act_is(&p, ACT_PROMPT_COMPLETE, "x", "no completer: nothing happens");
	prompt_release(&p);
}

/* p opened with title and init, drawn on the 20 columns of c's row 0;
 * the row's text in buf. */
static void
draw(struct prompt *p, struct canvas *c, const char *title,
    const char *init, char *buf, size_t size)
{
	prompt_open(p, title, init, NULL, NULL, NULL);
	prompt_draw(p, c, 0, 0, 20);
	canvas_row_text(c, 0, buf, size);
}

static void
test_draw(void)
{
	struct prompt p;
	struct canvas c;
	char buf[256];

	memset(&p, 0, sizeof p);
	canvas_init(&c, 20, 1, 1);
	draw(&p, &c, ":", "goto 12", buf, sizeof buf);
	is(buf, ":goto 12", "drawn");
	is_int(c.cx, 8, "cursor after the text");
	draw(&p, &c, "/", "a\x1b[2Jb", buf, sizeof buf);
	is(buf, "/a\\x1b[2Jb", "escapes typed into a prompt show escaped");
	draw(&p, &c, "/", "abcdefghijklmnopqrstuvwxyz", buf, sizeof buf);
	ok(strstr(buf, "xyz") != NULL, "long text scrolls to the cursor: %s",
	    buf);
	ok(c.cx < 20, "cursor inside");
	prompt_release(&p);
	canvas_release(&c);
}

int
main(void)
{
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
	test_edit();
	test_history();
	test_complete();
	test_draw();
	return done_testing();
}
