/*
 * keymap.h - which key does what, per context.
 *
 * A context is "global", "prompt", "help" or the name of a view; a view's
 * context is searched before the global one, so a view can give a key a
 * meaning of its own.  A binding may be a two-key sequence (g then /):
 * after the first key the application waits for the second; when the
 * second completes no sequence, the first key's own binding (if any)
 * runs and the second key is handled afresh.
 *
 * These tables are the single source of the help overlay, the footer
 * hints, the hint lines views draw and the key section of the man page.
 */
#ifndef WINNOW_KEYMAP_H
#define WINNOW_KEYMAP_H

#include <stddef.h>
#include <stdio.h>

#include "views/lib/action.h"
#include "views/view.h"

enum {
	KEYMAP_FOOTER = 1	/* show in the footer */
};

struct keybind {
	int key;		/* first key */
	int key2;		/* second key of a sequence, or 0 */
	enum action act;
	unsigned flags;
	const char *hint;	/* its word in the view's hint line, or NULL */
};

struct keymap_ctx {
	const char *name;	/* "global", "prompt", "help", a view name,
				 * or a view's mode ("review-pick") */
	const char *title;	/* heading in the help */
	const struct keybind *bind;
	size_t n;
};

/* Every context, global first; keymap_nctx of them. */
extern const struct keymap_ctx keymap_ctxs[];
extern const size_t keymap_nctx;

/* The context called name, or NULL. */
const struct keymap_ctx *keymap_ctx(const char *name);

/* The view whose mode (views/view.h) context name is, or NULL when it is
 * no mode: the help lists a view's modes after its own keys. */
const char *keymap_mode_of(const char *name);

/*
 * Look up a key in context ctx (NULL: global only), then global.  prev is
 * the pending first key of a sequence, or 0.  Returns the action, with
 * *pending set to key when key starts a sequence (the caller waits for
 * the next key) and 0 otherwise.  When prev is set and (prev, key) is no
 * sequence, returns prev's own action with *replay set: the caller then
 * handles key again.
 */
enum action keymap_lookup(const char *ctx, int prev, int key, int *pending,
    int *replay);

/* Look up a single key in context ctx alone (no global fallback, no
 * sequences): for the prompt line, where every other key is text. */
enum action keymap_lookup_local(const char *ctx, int key);

/*
 * The entry of a key list (the help, the man page) that starts at
 * binding i of x: the keys into buf (the keys bound to its action, or a
 * run of bindings sharing a hint word as "1-9"), its action in *act.
 * Returns the index of the next entry's binding; buf is "" when binding
 * i's action was listed at an earlier binding (no entry).
 */
size_t keymap_entry(const struct keymap_ctx *x, size_t i, char *buf,
    size_t size, enum action *act);

/*
 * The keys bound to action a in context ctx (only that context), as
 * names separated by spaces, into buf.  Returns the number of keys.
 */
int keymap_keys_for(const struct keymap_ctx *ctx, enum action a, char *buf,
    size_t size);

/*
 * The footer hints of view context ctx then global: "Enter open  / filter
 * ..." into buf.
 */
void keymap_footer(const char *ctx, char *buf, size_t size);

/*
 * The hint line of view context ctx: its bindings with a hint word, then
 * the global ones, at most max into out; consecutive bindings with the
 * same word make one hint ("1-9 pick").  Returns the number of hints.
 */
size_t keymap_hints(const char *ctx, struct view_hint *out, size_t max);

/* Print the key sections of the man page (roff) for every context. */
void keymap_man(FILE *f);

#endif
