/*
 * linecarry.h - the line a block of input cut short, carried over to
 * the next block.  Readers of line-based input (the JSON Lines loader,
 * its export) take whole lines from each block in place and keep only
 * the unfinished last one, in a bytebuf.
 */
#ifndef WINNOW_LINECARRY_H
#define WINNOW_LINECARRY_H

#include <stddef.h>

#include "core/util/io/bytebuf.h"

/*
 * With a line carried (c->n > 0): add to it the bytes of buf[0..n) up
 * to the first LF.  Returns how many bytes of buf it took, LF included,
 * and sets *whole when the line is complete (an LF was found, or last:
 * buf is the end of the input); *nl tells whether it ended with an LF.
 * The caller then handles c->b[0..c->n) and empties c (c->n = 0).
 */
size_t linecarry_join(struct bytebuf *c, const char *buf, size_t n,
    int last, int *whole, int *nl);

/* Keep p[0..n), the start of a line, for the next block. */
void linecarry_keep(struct bytebuf *c, const char *p, size_t n);

#endif
