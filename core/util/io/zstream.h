/*
 * zstream.h - gzip and zstd streams: told by their magic bytes, read
 * decompressed, written compressed.
 *
 * A reader pulls compressed bytes from a file descriptor in blocks and
 * hands out the decompressed bytes, so a loader can parse a compressed
 * file without a decompressed copy on disk; it counts the compressed
 * bytes consumed, which is what progress can be measured by (the
 * decompressed size is not known up front).  Concatenated gzip members
 * and zstd frames are read as one stream, as zcat and zstdcat read them.
 * A stream that ends early (a truncated file), corrupt data and bytes
 * after the last member are errors naming the compressed byte offset.
 *
 * A writer compresses onto an output of core/util/outfile.h (which
 * stays the one way files are written): gzip with zlib's defaults and
 * no name or time in the header, zstd at level 3 with a checksum, so
 * the same input always gives the same bytes.
 */
#ifndef WINNOW_ZSTREAM_H
#define WINNOW_ZSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"
#include "core/util/outfile.h"
#include "core/util/progress.h"

enum zkind {
	ZSTREAM_NONE,		/* plain bytes */
	ZSTREAM_GZIP,		/* 1F 8B */
	ZSTREAM_ZSTD		/* 28 B5 2F FD */
};

/* The compression whose magic bytes p[0..n) begin with (NONE when n is
 * too short to tell). */
enum zkind zstream_magic(const void *p, size_t n);

/* The compression a file name's suffix (".gz", ".zst") says. */
enum zkind zstream_suffix(const char *name);

/* "gzip", "zstd" or "plain". */
const char *zstream_name(enum zkind k);

/* The suffix of k's files: ".gz", ".zst" or "". */
const char *zstream_ext(enum zkind k);

/* --- reading ------------------------------------------------------- */

struct zreader;

/*
 * A reader of fd (borrowed: not closed) holding a stream of kind k
 * (NONE: the bytes are passed through, for pipes and standard input),
 * whose first nhead bytes were read from fd already into head (copied;
 * how a caller that looked at the magic bytes of a pipe gives them
 * back).  name is used in messages.  NULL on failure (ERR_SOFTWARE: no
 * memory for the decompressor).
 */
struct zreader *zreader_open(int fd, const char *name, enum zkind k,
    const void *head, size_t nhead, struct err *e);

/*
 * Up to n decompressed bytes into buf.  Returns how many (fewer than n
 * only near the end), 0 at the end of the stream, -1 with e filled:
 * ERR_IO for a read error, ERR_DATA "NAME: byte N: ..." for corrupt
 * data, a stream that ends early or bytes after its end.
 */
long long zreader_read(struct zreader *z, void *buf, size_t n,
    struct err *e);

/* Compressed bytes taken from the file so far. */
uint64_t zreader_consumed(const struct zreader *z);

/*
 * Have fn(ctx, bytes, n) see every compressed byte the reader takes
 * from the file, in order from the first (those given back at open
 * included), as it takes them: how a loader hashes the file as it is on
 * disk while it reads it.  Call it before the first read.
 */
void zreader_tap(struct zreader *z, void (*fn)(void *ctx, const void *p,
    size_t n), void *ctx);

/* Free the reader; NULL is fine. */
void zreader_close(struct zreader *z);

/*
 * Read all that z has left into memory: *buf (caller frees) of *len
 * bytes, plus a NUL after them.  Progress is reported as
 * "what" by compressed bytes out of total (0 when unknown).  Errors as
 * zreader_read, ERR_CANCEL when progress was cancelled.
 */
int zstream_slurp(struct zreader *z, const char *name, uint64_t total,
    const char *what, const struct progress *p, char **buf, size_t *len,
    struct err *e);

/*
 * Read what z has left to the end of its stream, keeping none of it:
 * whether the stream is whole.  Damage that decompresses to wrong bytes
 * shows only at a member's or frame's end (gzip's CRC, zstd's checksum),
 * after a loader may have met those bytes as bad data: a loader that
 * failed on bad data asks this, and reports the damage instead when
 * there is some.  Returns 0 at a clean end (at once for a plain
 * stream: it has nothing to check, and a pipe may not end), -1 with e
 * filled as zreader_read fills it.
 */
int zstream_check_rest(struct zreader *z, struct err *e);

/* The same for the whole stream of kind k in the regular file fd, read
 * again from its start (the offset of fd moves). */
int zstream_check_file(int fd, const char *name, enum zkind k,
    struct err *e);

/* --- writing ------------------------------------------------------- */

struct zwriter {
	enum zkind kind;
	struct outfile *of;	/* borrowed: where the bytes go */
	void *state;		/* the compressor */
	unsigned char *buf;	/* compressed bytes waiting to be written */
	size_t cap;
	int failed;		/* the compressor failed (no memory) */
};

/* Start compressing with k onto of (NONE: bytes go through as they
 * are).  Returns 0, or -1 with e filled (ERR_SOFTWARE). */
int zwriter_init(struct zwriter *w, enum zkind k, struct outfile *of,
    struct err *e);

/* Compress and write p[0..n); -1 once anything has failed. */
int zwriter_write(struct zwriter *w, const void *p, size_t n);

/* End the stream (its last block and trailer).  Returns 0, or -1 with e
 * filled (ERR_SOFTWARE) when the compressor failed; a failed write is
 * left in w->of for outfile_commit() to report. */
int zwriter_finish(struct zwriter *w, struct err *e);

/* Free the compressor (after zwriter_finish, or to give up). */
void zwriter_release(struct zwriter *w);

#endif
