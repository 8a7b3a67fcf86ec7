/*
 * src.c - the loader's input: bytes at an offset, from a file or memory.
 *
 * Files are read with pread, never mapped: a file that shrinks while it
 * is read gives a short read (an error the loader reports), not a
 * SIGBUS.  Several parts read the same descriptor at once; pread leaves
 * the shared file position alone.
 */
#include "core/data/csv/csvload-internal.h"

#include <errno.h>
#include <unistd.h>

long long
src_read(const struct src *s, uint64_t off, char *buf, size_t n,
    const char **out, struct err *e)
{
	ssize_t r;
	size_t got = 0;

	if (off >= s->size)
		return 0;
	if (n > s->size - off)
		n = (size_t)(s->size - off);
	if (s->fd < 0) {
		*out = s->mem + off;
		return (long long)n;
	}
	while (got < n) {
		r = pread(s->fd, buf + got, n - got, (off_t)(off + got));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return err_sys(e, ERR_IO, errno, "%s: read error",
			    s->name);
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	*out = buf;
	return (long long)got;
}
