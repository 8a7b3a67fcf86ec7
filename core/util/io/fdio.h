/*
 * fdio.h - reading a file descriptor without the short reads: read(2)
 * and pread(2) retried on EINTR and on short counts until the count or
 * the end of the file.
 */
#ifndef WINNOW_FDIO_H
#define WINNOW_FDIO_H

#include <stddef.h>
#include <sys/types.h>

/* Up to n bytes from fd into buf: fewer only at the end of the file.
 * Returns the count, or -1 with errno. */
ssize_t fdio_read(int fd, void *buf, size_t n);

/* The same at offset off, with pread(2). */
ssize_t fdio_pread(int fd, void *buf, size_t n, off_t off);

#endif
