/*
 * jsample.c - byte ranges of a JSON Lines file, cut to whole lines,
 * loaded as one sample (see jsample.h).
 */
#include "core/data/stream/jsample.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/format.h"
#include "core/data/jsonl/jsonl.h"
#include "core/util/io/fdio.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"

/* Append the whole lines of r[0..n) to *buf: from the first line end on
 * (from the start when at_start), to the last line end.  1 when any. */
static int
take_lines(const char *r, size_t n, int at_start, char **buf, size_t *len,
    size_t *cap)
{
	size_t from = 0, to = n;
	const char *nl;

	if (!at_start) {
		if (!(nl = memchr(r, '\n', n)))
			return 0;
		from = (size_t)(nl - r) + 1;
	}
	while (to > from && r[to - 1] != '\n')
		to--;
	if (to <= from)
		return 0;
	*buf = xgrow(*buf, cap, *len + (to - from) + 1, 1);
	memcpy(*buf + *len, r + from, to - from);
	*len += to - from;
	return 1;
}

struct table *
jsample_read(const char *path, const struct csvload_opts *o, uint64_t seed,
    uint32_t nranges, size_t range_bytes, struct csvsample_info *info,
    struct err *e)
{
	struct csvload_opts lo;
	struct stat st;
	struct rng r;
	char *buf = NULL, *rb = NULL;
	size_t len = 0, cap = 0;
	uint64_t size, stride, off;
	struct table *t = NULL;
	ssize_t n;
	uint32_t i;
	int fd;

	memset(info, 0, sizeof *info);
	info->seed = seed;
	if (o)
		lo = *o;
	else
		csvload_opts_init(&lo);
	lo.id_col = NULL;
	lo.progress = NULL;
	if (format_open(path, &fd, &st, e) != 0)
		return NULL;
	size = (uint64_t)st.st_size;
	if (nranges == 0)
		nranges = 1;
	if (size <= (uint64_t)nranges * range_bytes) {
		/* small: all of it */
		info->whole = 1;
		info->bytes = size;
		t = jsonl_load_fd(fd, path, size, &lo, e);
		close(fd);
		return t;
	}
	rb = xmalloc(range_bytes);
	rng_seed(&r, seed, 0x5a3b1e);
	stride = size / nranges;
	for (i = 0; i < nranges; i++) {
		off = stride * i;
		if (i > 0)
			off += rng_below(&r, stride > range_bytes ? stride -
			    range_bytes : 1);
		info->ranges++;
		if ((n = fdio_pread(fd, rb, range_bytes, (off_t)off)) < 0) {
			err_sys(e, ERR_NOINPUT, errno, "%s: read error", path);
			goto out;
		}
		info->kept += (uint32_t)take_lines(rb, (size_t)n, i == 0, &buf,
		    &len, &cap);
	}
	info->bytes = len;
	lo.chunk = 1;
	{
		/* its errors are the sample's, not the file's */
		char *name = xasprintf("%s (sample)", path);

		t = jsonl_load_mem(name, buf ? buf : "", len, &lo, e);
		free(name);
	}
out:
	free(rb);
	free(buf);
	close(fd);
	return t;
}
