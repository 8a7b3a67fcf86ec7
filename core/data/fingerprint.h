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
 */
#ifndef WINNOW_FINGERPRINT_H
#define WINNOW_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"

#define FINGERPRINT_WINDOW (64u << 10)

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

/*
 * Describe fp for a message: "4522 bytes, modified
 * 2024-05-01T12:34:56Z, sample 0123456789abcdef" into buf (n >= 96).
 */
void fingerprint_describe(const struct fingerprint *fp, char *buf,
    size_t n);

#endif
