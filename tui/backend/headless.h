/*
 * headless.h - the back end without a terminal: keys from a script,
 * screens printed as plain text.  It is what the golden-screen tests and
 * the key-timing benchmark run on.
 */
#ifndef WINNOW_HEADLESS_H
#define WINNOW_HEADLESS_H

#include <stddef.h>
#include <stdio.h>

#include "tui/backend/backend.h"

struct headless;

/*
 * A headless screen of w x h cells fed keys[0..nkeys) (copied).  Screens
 * go to out: each one after every key when dump_each is set (separated
 * by a line "--- N: KEY ---").
 */
struct headless *headless_new(int w, int h, const int *keys, size_t nkeys,
    int utf8, int dump_each, FILE *out);
void headless_backend(struct headless *hl, struct backend *be);
/* Print the last screen. */
void headless_dump(struct headless *hl);
void headless_free(struct headless *hl);

#endif
