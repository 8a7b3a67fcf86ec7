/*
 * src.c - bytes at an offset, from a file or memory.
 */
#include "core/data/src.h"

#include <errno.h>

#include "core/util/io/fdio.h"

long long
src_read(const struct src *s, uint64_t off, char *buf, size_t n,
    const char **out, struct err *e)
{
	ssize_t r;

	if (s->read)
		return s->read(s->ctx, off, n, out, e);
	if (off >= s->size)
		return 0;
	if (n > s->size - off)
		n = (size_t)(s->size - off);
	if (s->fd < 0) {
		*out = s->mem + off;
		return (long long)n;
	}
	if ((r = fdio_pread(s->fd, buf, n, (off_t)off)) < 0)
		return err_sys(e, ERR_IO, errno, "%s: read error", s->name);
	*out = buf;
	return (long long)r;
}
