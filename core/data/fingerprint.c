/*
 * fingerprint.c - size, mtime and a sampled hash of a file.
 *
 * The hash is FNV-1a 64 because it is the simplest function anybody can
 * re-implement from the documentation (docs/journal.md) and 192 KiB of
 * it costs well under a millisecond.  The sampled windows are read with
 * pread so the file position of a shared descriptor is left alone.
 */
#include "core/data/fingerprint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util/xalloc.h"

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static uint64_t
fnv(uint64_t h, const unsigned char *p, size_t n)
{
	while (n--) {
		h ^= *p++;
		h *= FNV_PRIME;
	}
	return h;
}

static uint64_t
hash_size(uint64_t size)
{
	unsigned char b[8];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (unsigned char)(size >> (8 * i));
	return fnv(FNV_OFFSET, b, 8);
}

/*
 * The windows as [off, off + len) ranges, in order, merged when they
 * overlap so that no byte is hashed twice.  Returns how many.
 */
static int
windows(uint64_t size, uint64_t off[3], uint64_t len[3])
{
	uint64_t w = FINGERPRINT_WINDOW, s[3], e[3];
	int n = 0, i;

	if (size <= 3 * w) {
		off[0] = 0;
		len[0] = size;
		return size ? 1 : 0;
	}
	s[0] = 0;
	e[0] = w;
	s[1] = size / 2 - w / 2;
	e[1] = s[1] + w;
	s[2] = size - w;
	e[2] = size;
	for (i = 0; i < 3; i++) {
		if (n > 0 && s[i] <= off[n - 1] + len[n - 1]) {
			len[n - 1] = e[i] - off[n - 1];
			continue;
		}
		off[n] = s[i];
		len[n] = e[i] - s[i];
		n++;
	}
	return n;
}

void
fingerprint_mem(const void *buf, uint64_t size, int64_t mtime_sec,
    long mtime_nsec, struct fingerprint *fp)
{
	uint64_t off[3], len[3], h = hash_size(size);
	int n = windows(size, off, len), i;

	for (i = 0; i < n; i++)
		h = fnv(h, (const unsigned char *)buf + off[i], (size_t)len[i]);
	fp->size = size;
	fp->mtime_sec = mtime_sec;
	fp->mtime_nsec = mtime_nsec;
	fp->sample = h;
}

int
fingerprint_fd(int fd, const char *name, struct fingerprint *fp,
    struct err *e)
{
	struct stat st;
	uint64_t off[3], len[3], h, got;
	unsigned char *buf;
	ssize_t r;
	int n, i;

	if (fstat(fd, &st) != 0)
		return err_sys(e, ERR_NOINPUT, errno, "%s: cannot stat", name);
	if (!S_ISREG(st.st_mode))
		return err_set(e, ERR_NOINPUT, "%s: not a regular file (a "
		    "journal needs a file it can find again)", name);
	fp->size = (uint64_t)st.st_size;
	fp->mtime_sec = (int64_t)st.st_mtim.tv_sec;
	fp->mtime_nsec = st.st_mtim.tv_nsec;
	h = hash_size(fp->size);
	n = windows(fp->size, off, len);
	buf = xmalloc(3 * FINGERPRINT_WINDOW);
	for (i = 0; i < n; i++) {
		for (got = 0; got < len[i]; got += (uint64_t)r) {
			r = pread(fd, buf + got, (size_t)(len[i] - got),
			    (off_t)(off[i] + got));
			if (r < 0 && errno == EINTR) {
				r = 0;
				continue;
			}
			if (r <= 0) {
				free(buf);
				if (r == 0)
					return err_set(e, ERR_NOINPUT, "%s: "
					    "file shrank while reading", name);
				return err_sys(e, ERR_NOINPUT, errno,
				    "%s: read error", name);
			}
		}
		h = fnv(h, buf, (size_t)len[i]);
	}
	free(buf);
	fp->sample = h;
	return 0;
}

int
fingerprint_file(const char *path, struct fingerprint *fp, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return err_sys(e, ERR_NOINPUT, errno, "%s: cannot open", path);
	rc = fingerprint_fd(fd, path, fp, e);
	close(fd);
	return rc;
}

enum fingerprint_match
fingerprint_compare(const struct fingerprint *a, const struct fingerprint *b)
{
	if (a->sample != b->sample || a->size != b->size)
		return FINGERPRINT_OTHER;
	if (a->mtime_sec != b->mtime_sec || a->mtime_nsec != b->mtime_nsec)
		return FINGERPRINT_TOUCHED;
	return FINGERPRINT_SAME;
}

void
fingerprint_describe(const struct fingerprint *fp, char *buf, size_t n)
{
	struct tm tm;
	time_t t = (time_t)fp->mtime_sec;
	char when[32];

	if (gmtime_r(&t, &tm))
		strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		snprintf(when, sizeof when, "%lld s",
		    (long long)fp->mtime_sec);
	snprintf(buf, n, "%llu bytes, modified %s, sample %016llx",
	    (unsigned long long)fp->size, when,
	    (unsigned long long)fp->sample);
}
