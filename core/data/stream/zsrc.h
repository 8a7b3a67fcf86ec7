/*
 * zsrc.h - a compressed file read ahead by a thread of its own: the
 * decompressed bytes wait in a window of fixed-size blocks for a loader
 * that reads them by offset, as it reads a plain file (src.h).
 *
 * The window is bounded: the thread stops decompressing once `cap`
 * bytes wait beyond the oldest block still held, until the reader lets
 * blocks go (zsrc_release) or asks for bytes further on (zsrc_want, for
 * a record longer than the window).  So a file of any size is read in
 * the memory of a few parts of it, and the reader's threads parse while
 * the next blocks are decompressed.
 *
 * Bytes let go can still be read, slowly: the file is decompressed
 * again from its start (it must be a regular file), which only the
 * paths that point at an error or a warning do, once the thread is
 * done.  Progress is the compressed bytes taken, as zreader_consumed()
 * counts them.
 */
#ifndef WINNOW_ZSRC_H
#define WINNOW_ZSRC_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/src.h"
#include "core/util/err.h"
#include "core/util/io/zstream.h"

#define ZSRC_BLOCK (1u << 20)	/* decompressed bytes per block */

struct zsrc;

/*
 * Start the thread reading z (borrowed: the caller closes it after
 * zsrc_free) of kind k from fd (borrowed; a regular file, rewound to
 * decompress again: see above), name for messages; head[0..nhead) are
 * the first decompressed bytes, read from z already (copied).  At most
 * cap bytes wait ahead of the oldest block held.  notify(ctx), when not
 * NULL, is called (without the window's lock) after each block, so that
 * a reader waiting on something else of its own wakes up too.  NULL
 * with e filled (ERR_SOFTWARE) when no thread can be started.
 */
struct zsrc *zsrc_start(struct zreader *z, int fd, enum zkind k,
    const char *name, const char *head, size_t nhead, size_t cap,
    void (*notify)(void *ctx), void *ctx, struct err *e);

/* Point s at the window: src_read(s, ...) waits for the bytes it asks
 * for, and gives at most the rest of one block. */
void zsrc_as_src(struct zsrc *w, struct src *s);

/*
 * What has been decompressed so far: the bytes [0, return value) are
 * in; *ended is set when that is all there will be (the stream's end,
 * or a failure: zsrc_failed tells).  Does not wait.
 */
uint64_t zsrc_frontier(struct zsrc *w, int *ended);

/* Wait until the bytes up to need are in or the stream has ended; then
 * as zsrc_frontier. */
uint64_t zsrc_wait(struct zsrc *w, uint64_t need, int *ended);

/* The byte at off (below the frontier, not let go): a pointer to it and
 * in *avail how many bytes follow it contiguously (to its block's end or
 * the frontier). */
const char *zsrc_at(struct zsrc *w, uint64_t off, size_t *avail);

/* The reader needs bytes up to need: decompress past the cap if that is
 * what it takes. */
void zsrc_want(struct zsrc *w, uint64_t need);

/* Let go of the blocks wholly before off (their memory is reused). */
void zsrc_release(struct zsrc *w, uint64_t off);

/* Compressed bytes taken so far. */
uint64_t zsrc_consumed(struct zsrc *w);

/* -1 with the decompressor's error in e (the byte offset of a corrupt
 * or cut stream) when it failed; 0 otherwise. */
int zsrc_failed(struct zsrc *w, struct err *e);

/* Stop the thread, wait for it and free the window: further reads
 * decompress the file again.  zsrc_free does it too. */
void zsrc_stop(struct zsrc *w);

void zsrc_free(struct zsrc *w);

#endif
