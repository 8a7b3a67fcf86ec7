/*
 * fingerprint.h - what a dataset file looked like, cheaply.
 *
 * A journal records the fingerprint of the file its decisions were made
 * on and refuses to apply to another.  A fingerprint is the file's size,
 * its modification time and a 64-bit FNV-1a hash of a sample of its
 * bytes: the size (8 bytes, little-endian), then the first 64 KiB (which
 * holds the header line), the 64 KiB around the middle and the last
 * 64 KiB, each window clipped to the file (a file of 192 KiB or less is
 * hashed whole).  Reading 192 KiB makes it fast on any size of file; the
 * price is that an edit outside the three windows that keeps the size
 * goes unnoticed here (export checks each decided row's label instead).
 *
 * Matching: the sample hash decides.  Same hash, same mtime: the same
 * file.  Same hash, other mtime: "touched" (copied, touch(1), checked
 * out again); callers accept it with a warning.  Another hash (which
 * covers the size): a different file.
 *
 * The content hash is the other kind: every byte, computed by the loader
 * as it reads (so at no extra cost) and kept with the table, so that
 * whatever writes from the file again (the export) can check that the
 * bytes it copies are the ones that were loaded.  The file is cut into
 * blocks of FINGERPRINT_BLOCK bytes at fixed offsets; each block is
 * hashed (XXH64) and the hashes are summed, each weighted by a power
 * that depends on its block's place, modulo 2^61 - 1.  A sum needs no
 * order, so parts of the file read by different threads hash their
 * blocks on their own, and the value does not depend on how the file
 * was cut; the blocks that straddle two parts are hashed when the parts
 * are put together.  The content hash is in no file format.
 */
#ifndef WINNOW_FINGERPRINT_H
#define WINNOW_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/src.h"
#include "core/util/err.h"

#define FINGERPRINT_WINDOW (64u << 10)
#define FINGERPRINT_BLOCK (64u << 10)

struct fingerprint {
	uint64_t size;		/* bytes */
	int64_t mtime_sec;	/* modified: seconds since the epoch */
	long mtime_nsec;	/* and nanoseconds */
	uint64_t sample;	/* FNV-1a 64 of the sample (see above) */
};

enum fingerprint_match {
	FINGERPRINT_SAME,	/* hash and mtime agree */
	FINGERPRINT_TOUCHED,	/* hash agrees, mtime differs */
	FINGERPRINT_OTHER	/* hash differs: another file */
};

/*
 * Fingerprint the regular file at path.  Fails with ERR_NOINPUT when it
 * cannot be opened, is not a regular file or cannot be read.
 */
int fingerprint_file(const char *path, struct fingerprint *fp,
    struct err *e);

/* Fingerprint an open regular file (name is used in messages). */
int fingerprint_fd(int fd, const char *name, struct fingerprint *fp,
    struct err *e);

/* Fingerprint bytes in memory, with the given mtime (for tests). */
void fingerprint_mem(const void *buf, uint64_t size, int64_t mtime_sec,
    long mtime_nsec, struct fingerprint *fp);

/* How a (recorded) and b (found) relate. */
enum fingerprint_match fingerprint_compare(const struct fingerprint *a,
    const struct fingerprint *b);

/* --- the content hash ------------------------------------------------ */

/*
 * Hashes the blocks of [from, ...) of an input of size bytes that are
 * fed to it in order: every block that lies wholly in what it is fed
 * (one that starts before from, or ends after the last byte fed, is
 * left to the caller: fingerprint_block()).
 */
struct fingerprint_hasher {
	uint64_t pos;		/* offset of the next byte fed */
	uint64_t size;		/* the input's size */
	uint64_t sum;		/* the blocks hashed so far */
	int whole;		/* the current block is fed from its start */
	unsigned char *buf;	/* a block that came in pieces */
	size_t have;		/* its bytes so far */
};

void fingerprint_hasher_init(struct fingerprint_hasher *h, uint64_t from,
    uint64_t size);

/* The next n bytes of the input. */
void fingerprint_hasher_feed(struct fingerprint_hasher *h, const void *p,
    size_t n);

void fingerprint_hasher_release(struct fingerprint_hasher *h);

/* The share of block number index (its bytes: p[0..n)) in a sum. */
uint64_t fingerprint_block(const void *p, size_t n, uint64_t index);

/* Two sums of blocks as one (blocks of either, none in both). */
uint64_t fingerprint_add(uint64_t a, uint64_t b);

/* The content hash of an input of size bytes whose blocks sum to sum. */
uint64_t fingerprint_content(uint64_t sum, uint64_t size);

/*
 * The content hash of the input of s, read by n parts in file order,
 * part k from starts[k] to where part k + 1 starts (the last to the
 * end), each having hashed what it read with a hasher from its start
 * (sums[k]: its hasher's sum).  The blocks in which a part starts are
 * the ones no hasher saw whole: they are read again from s.  0, or -1
 * with e filled when a read fails or the input is shorter now.
 */
int fingerprint_parts(const struct src *s, const uint64_t *starts,
    const uint64_t *sums, size_t n, uint64_t *hash, struct err *e);

/*
 * Hash every byte of the regular file open on fd, which must be size
 * bytes long, into *hash.  ERR_DATA when it is not that long (name says
 * which file), ERR_NOINPUT when it cannot be read.
 */
int fingerprint_content_fd(int fd, const char *name, uint64_t size,
    uint64_t *hash, struct err *e);

/*
 * Check that the file open on fd (name says which, in messages) is
 * still size bytes with content hash hash.  0 when it is; otherwise -1
 * with ERR_DATA ("name: the file changed since it was loaded ...") or
 * ERR_NOINPUT.
 */
int fingerprint_content_check(int fd, const char *name, uint64_t size,
    uint64_t hash, struct err *e);

/*
 * Describe fp for a message: "4522 bytes, modified
 * 2024-05-01T12:34:56Z, sample 0123456789abcdef" into buf (n >= 96).
 */
void fingerprint_describe(const struct fingerprint *fp, char *buf,
    size_t n);

#endif
