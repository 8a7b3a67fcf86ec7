/*
 * prompt.h - a one-line editor for commands, filters and questions.
 *
 * Editing is UTF-8 aware (the cursor moves and deletes by character):
 * Left/Right, Home/End, Ctrl-A/E/K/U/W, Backspace and Delete; Up/Down
 * walk the prompt's own history (the line being typed is kept and comes
 * back past the newest entry); Tab completes the word before the cursor
 * from candidates a completer supplies: a single match is taken, several
 * are cut to their longest common prefix, and further Tabs cycle through
 * them.  The text is drawn safely like any other text.
 */
#ifndef WINNOW_PROMPT_H
#define WINNOW_PROMPT_H

#include <stddef.h>

#include "views/lib/action.h"
#include "views/lib/canvas.h"

/*
 * Strings, owned: the lines entered at one kind of prompt (its history,
 * oldest first), or the candidates a completer offers.
 */
struct prompt_list {
	char **v;
	size_t n, cap;
};

/* Add a copy of s[0..n). */
void prompt_list_add(struct prompt_list *l, const char *s, size_t n);
/* Free the strings; l may be used again.  NULL is fine. */
void prompt_list_release(struct prompt_list *l);
/* Add line to a history, unless it is empty or the same as the last. */
void prompt_hist_add(struct prompt_list *h, const char *line);

/*
 * A completer: given the line and the cursor offset, set *start to where
 * the word being completed begins and add every candidate that could
 * replace line[*start .. cursor) (the prompt keeps those that start with
 * it, falling back to a case-insensitive match).
 */
typedef void prompt_complete_fn(void *ctx, const char *line, size_t cursor,
    size_t *start, struct prompt_list *out);

struct prompt {
	char title[80];		/* shown before the text: ":", "/text " */
	char *buf;		/* the text, NUL-terminated, owned */
	size_t len, cap;
	size_t cur;		/* cursor: byte offset, on a character
				 * boundary */
	struct prompt_list *hist;	/* borrowed, may be NULL */
	size_t hpos;		/* position in hist while browsing */
	char *saved;		/* the line typed before browsing */
	prompt_complete_fn *complete;	/* may be NULL */
	void *complete_ctx;
	/* completion cycling */
	struct prompt_list cands;
	size_t cyc, cstart;
	int cycling;
	char hint[256];		/* "3 matches: a b c", shown by the caller */
};

enum prompt_result { PROMPT_EDITING, PROMPT_ACCEPT, PROMPT_CANCEL };

/* Start editing: title, initial text (may be NULL), history, completer. */
void prompt_open(struct prompt *p, const char *title, const char *init,
    struct prompt_list *hist, prompt_complete_fn *complete, void *ctx);
/* Free what p owns; p may be opened again. */
void prompt_release(struct prompt *p);

/* Insert a character (a code point) at the cursor. */
void prompt_insert(struct prompt *p, int cp);
/* Insert bytes at the cursor. */
void prompt_insert_str(struct prompt *p, const char *s, size_t n);

/* Do an editing action; ACCEPT adds the line to the history. */
enum prompt_result prompt_act(struct prompt *p, enum action a);

/* The text (owned by p). */
static inline const char *
prompt_text(const struct prompt *p)
{
	return p->buf ? p->buf : "";
}

/*
 * Draw title and text on row y from x in w columns, scrolled so that the
 * cursor shows; sets the canvas cursor.
 */
void prompt_draw(const struct prompt *p, struct canvas *c, int x, int y,
    int w);

#endif
