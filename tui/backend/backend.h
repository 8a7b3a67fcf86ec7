/*
 * backend.h - where the screen goes and the keys come from.
 *
 * Two back ends implement this: the terminal (term.c, ncursesw) and the
 * headless one (headless.c, a key script in, plain text out); keys.c
 * names the keys both deliver.  The application never knows which it
 * talks to, except that a headless back end wants every background job
 * finished before the next key, so that what it prints does not depend
 * on timing.
 */
#ifndef WINNOW_BACKEND_H
#define WINNOW_BACKEND_H

#include <stddef.h>

#include "views/lib/canvas.h"

struct backend {
	void *ctx;
	int headless;		/* wait for jobs before reading a key */
	int utf8;		/* the terminal shows UTF-8 */
	int mono;		/* no colours */
	/* the screen size in cells */
	void (*size)(void *ctx, int *w, int *h);
	/* the next key, KEYS_NONE after timeout_ms (-1: wait), KEYS_EOF */
	int (*key)(void *ctx, int timeout_ms);
	/* show the canvas */
	void (*flush)(void *ctx, const struct canvas *c);
	/* forget what is on the screen: the next flush repaints it all */
	void (*repaint)(void *ctx);
	/* put n bytes of text on the terminal's clipboard (OSC 52);
	 * NULL when the terminal cannot (or is not to be asked) */
	void (*clipboard)(void *ctx, const char *text, size_t n);
};

#endif
