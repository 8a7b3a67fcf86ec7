/*
 * src.h - a loader's input: bytes at an offset, from a file or memory.
 *
 * Files are read with pread, never mapped: a file that shrinks while it
 * is read gives a short read (an error the loader reports), not a
 * SIGBUS.  Several parts of a loader read the same descriptor at once;
 * pread leaves the shared file position alone.  The CSV and the JSON
 * Lines loaders read through it, and the content hash reads again the
 * blocks their parts share (fingerprint.h).
 *
 * A third kind of input is read through a function: a compressed file
 * decompressed by a thread of its own into a window of blocks
 * (core/data/stream/zsrc.h), whose size is known only at its end.
 */
#ifndef WINNOW_SRC_H
#define WINNOW_SRC_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"

struct src {
	const char *name;
	int fd;				/* -1: memory */
	const char *mem;
	uint64_t size;
	/* when set, src_read() asks it (size is not looked at) */
	long long (*read)(void *ctx, uint64_t off, size_t n,
	    const char **out, struct err *e);
	void *ctx;
};

/*
 * Up to n bytes at off: read into buf from a file, or pointed at in
 * memory, or from the read function; *out is where they are.  Returns
 * how many (0 at or past the end), or -1 with e filled (ERR_IO).
 */
long long src_read(const struct src *s, uint64_t off, char *buf, size_t n,
    const char **out, struct err *e);

#endif
