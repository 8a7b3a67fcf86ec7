/*
 * fdio.c - the retry loop of read(2) and pread(2).
 */
#include "core/util/io/fdio.h"

#include <errno.h>
#include <unistd.h>

/* off < 0: read(2) at the file's position; else pread(2) at off. */
static ssize_t
loop(int fd, char *buf, size_t n, off_t off)
{
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = off < 0 ? read(fd, buf + got, n - got) :
		    pread(fd, buf + got, n - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

ssize_t
fdio_read(int fd, void *buf, size_t n)
{
	return loop(fd, buf, n, -1);
}

ssize_t
fdio_pread(int fd, void *buf, size_t n, off_t off)
{
	return loop(fd, buf, n, off);
}
