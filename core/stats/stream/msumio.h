/*
 * msumio.h - a mergeable summary (msum.h) in a file: what
 * `winnow stats --partial` writes and `--merge` reads.
 *
 * The format is binary, little-endian, versioned and checksummed; it is
 * described field by field in docs/summary-format.md.  A reader trusts
 * nothing: every count is checked against what is left of the file and
 * against sane limits before anything is allocated, and the CRC-32 at
 * the end must match.
 */
#ifndef WINNOW_MSUMIO_H
#define WINNOW_MSUMIO_H

#include "core/stats/stream/msum.h"
#include "core/util/err.h"
#include "core/util/outfile.h"

#define MSUMIO_MAGIC "WNSUM\r\n\032"
#define MSUMIO_VERSION 2

/* Write m to path under the output rule r (core/util/outfile.h: never
 * over an input, an existing file only with force; written whole or not
 * at all).  Returns 0, or -1 with ERR_CANTCREAT or ERR_IO in e. */
int msumio_write(const struct msum *m, const char *path,
    const struct outfile_rule *r, struct err *e);

/* Read path into m (release it with msum_release either way).  Returns
 * 0, or -1 with ERR_NOINPUT (unreadable) or ERR_DATA (not a summary,
 * another version, damaged) in e. */
int msumio_read(struct msum *m, const char *path, struct err *e);

#endif
