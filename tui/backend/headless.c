/*
 * headless.c - key script in, plain text out.
 *
 * The canvas is kept after every flush; with dump_each every screen is
 * printed as it comes, each after a marker line naming the key that led
 * to it (the first screen is "--- 0: start ---").  Time does not pass
 * for the application here: the loop waits for jobs before each key.
 */
#include "tui/backend/headless.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"
#include "tui/backend/keys.h"

struct headless {
	int w, h;
	int *keys;
	size_t nkeys, next;
	int dump_each;
	FILE *out;
	struct canvas last;
	size_t nscreens;
	int last_key;
};

struct headless *
headless_new(int w, int h, const int *keys, size_t nkeys, int utf8,
    int dump_each, FILE *out)
{
	struct headless *hl = xcalloc(1, sizeof *hl);

	hl->w = w;
	hl->h = h;
	hl->keys = xreallocarray(NULL, nkeys ? nkeys : 1, sizeof *keys);
	if (nkeys)
		memcpy(hl->keys, keys, nkeys * sizeof *keys);
	hl->nkeys = nkeys;
	hl->dump_each = dump_each;
	hl->out = out;
	canvas_init(&hl->last, w, h, utf8);
	return hl;
}

static void
h_size(void *ctx, int *w, int *h)
{
	struct headless *hl = ctx;

	*w = hl->w;
	*h = hl->h;
}

static int
h_key(void *ctx, int timeout_ms)
{
	struct headless *hl = ctx;

	(void)timeout_ms;
	if (hl->next >= hl->nkeys)
		return KEYS_EOF;
	hl->last_key = hl->keys[hl->next];
	return hl->keys[hl->next++];
}

static void
h_flush(void *ctx, const struct canvas *c)
{
	struct headless *hl = ctx;
	char name[32];

	if (hl->last.w != c->w || hl->last.h != c->h)
		canvas_resize(&hl->last, c->w, c->h);
	memcpy(hl->last.cell, c->cell, (size_t)c->w * (size_t)c->h *
	    sizeof *c->cell);
	if (hl->dump_each) {
		if (hl->nscreens == 0)
			fprintf(hl->out, "--- 0: start ---\n");
		else
			fprintf(hl->out, "--- %zu: %s ---\n", hl->nscreens,
			    keys_name(hl->last_key, name, sizeof name));
		canvas_dump(&hl->last, hl->out);
	}
	hl->nscreens++;
}

void
headless_backend(struct headless *hl, struct backend *be)
{
	memset(be, 0, sizeof *be);
	be->ctx = hl;
	be->headless = 1;
	be->utf8 = hl->last.utf8;
	be->mono = 1;
	be->size = h_size;
	be->key = h_key;
	be->flush = h_flush;
}

void
headless_dump(struct headless *hl)
{
	canvas_dump(&hl->last, hl->out);
}

void
headless_free(struct headless *hl)
{
	if (!hl)
		return;
	canvas_release(&hl->last);
	free(hl->keys);
	free(hl);
}
