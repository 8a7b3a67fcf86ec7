/*
 * fingerprint.c - size, mtime and a sampled hash of a file; the hash of
 * its whole content.
 *
 * The sample hash is FNV-1a 64 because it is the simplest function
 * anybody can re-implement from the documentation (docs/journal.md) and
 * 192 KiB of it costs well under a millisecond.  The content hash must
 * keep up with the loader instead: XXH64 over 64 KiB blocks (several
 * GB/s, on bytes the loader has just read), the blocks summed modulo the
 * Mersenne prime 2^61 - 1.  Files are read with pread so the file
 * position of a shared descriptor is left alone.
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

/* --- the content hash ------------------------------------------------ */

#define P1 0x9e3779b185ebca87ull
#define P2 0xc2b2ae3d27d4eb4full
#define P3 0x165667b19e3779f9ull
#define P4 0x85ebca77c2b2ae63ull
#define P5 0x27d4eb2f165667c5ull
#define M61 ((1ull << 61) - 1)
#define WEIGHT 0x1d8e4e27c47d124full	/* of the first block; < M61 */

static uint64_t
rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t
rd64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;		/* little-endian machines: XXH64's order */
}

static uint64_t
rd32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint64_t
xxh_round(uint64_t acc, uint64_t in)
{
	acc += in * P2;
	return rotl(acc, 31) * P1;
}

static uint64_t
xxh_merge(uint64_t acc, uint64_t v)
{
	acc ^= xxh_round(0, v);
	return acc * P1 + P4;
}

/* XXH64 with seed 0 (the published algorithm, four lanes of 8 bytes). */
static uint64_t
xxh64(const unsigned char *p, size_t n)
{
	const unsigned char *end = p + n;
	uint64_t h, v1 = P1 + P2, v2 = P2, v3 = 0, v4 = 0 - P1;

	if (n >= 32) {
		do {
			v1 = xxh_round(v1, rd64(p));
			v2 = xxh_round(v2, rd64(p + 8));
			v3 = xxh_round(v3, rd64(p + 16));
			v4 = xxh_round(v4, rd64(p + 24));
			p += 32;
		} while (end - p >= 32);
		h = rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18);
		h = xxh_merge(h, v1);
		h = xxh_merge(h, v2);
		h = xxh_merge(h, v3);
		h = xxh_merge(h, v4);
	} else {
		h = P5;
	}
	h += (uint64_t)n;
	for (; end - p >= 8; p += 8)
		h = rotl(h ^ xxh_round(0, rd64(p)), 27) * P1 + P4;
	if (end - p >= 4) {
		h = rotl(h ^ (rd32(p) * P1), 23) * P2 + P3;
		p += 4;
	}
	for (; p < end; p++)
		h = rotl(h ^ (*p * P5), 11) * P1;
	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	return h ^ (h >> 32);
}

/* a * b mod 2^61 - 1, for a, b < 2^61. */
static uint64_t
mulmod(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;
	uint64_t s = ((uint64_t)r & M61) + (uint64_t)(r >> 61);

	s = (s & M61) + (s >> 61);
	return s == M61 ? 0 : s;
}

static uint64_t
reduce(uint64_t a)
{
	a = (a & M61) + (a >> 61);
	return a >= M61 ? a - M61 : a;
}

/* WEIGHT^(index + 1): a block's weight. */
static uint64_t
weight(uint64_t index)
{
	uint64_t r = 1, b = WEIGHT, e = index + 1;

	for (; e; e >>= 1, b = mulmod(b, b))
		if (e & 1)
			r = mulmod(r, b);
	return r;
}

uint64_t
fingerprint_block(const void *p, size_t n, uint64_t index)
{
	return mulmod(reduce(xxh64(p, n)), weight(index));
}

uint64_t
fingerprint_add(uint64_t a, uint64_t b)
{
	return reduce(a + b);
}

uint64_t
fingerprint_content(uint64_t sum, uint64_t size)
{
	unsigned char b[16];

	memcpy(b, &sum, 8);
	memcpy(b + 8, &size, 8);
	return xxh64(b, 16);
}

int
fingerprint_parts(const struct src *s, const uint64_t *starts,
    const uint64_t *sums, size_t n, uint64_t *hash, struct err *e)
{
	char *buf = s->fd >= 0 ? xmalloc(FINGERPRINT_BLOCK) : NULL;
	const char *data;
	uint64_t sum = 0, index, last = UINT64_MAX;
	long long got;
	size_t k;
	int rc = 0;

	for (k = 0; k < n; k++)
		sum = fingerprint_add(sum, sums[k]);
	for (k = 0; k < n && rc == 0; k++) {
		index = starts[k] / FINGERPRINT_BLOCK;
		if (starts[k] % FINGERPRINT_BLOCK == 0 || index == last)
			continue;
		last = index;
		got = src_read(s, index * FINGERPRINT_BLOCK, buf,
		    FINGERPRINT_BLOCK, &data, e);
		if (got <= 0) {
			if (got == 0)
				err_set(e, ERR_IO, "%s: file shrank while "
				    "reading", s->name);
			rc = -1;
			break;
		}
		sum = fingerprint_add(sum, fingerprint_block(data, (size_t)got,
		    index));
	}
	free(buf);
	*hash = fingerprint_content(sum, s->size);
	return rc;
}

void
fingerprint_hasher_init(struct fingerprint_hasher *h, uint64_t from,
    uint64_t size)
{
	memset(h, 0, sizeof *h);
	h->pos = from;
	h->size = size;
	h->whole = from % FINGERPRINT_BLOCK == 0;
}

void
fingerprint_hasher_feed(struct fingerprint_hasher *h, const void *p,
    size_t n)
{
	const unsigned char *s = p;
	uint64_t start, len;
	size_t k;

	while (n > 0 && h->pos < h->size) {
		start = h->pos - h->pos % FINGERPRINT_BLOCK;
		len = h->size - start < FINGERPRINT_BLOCK ? h->size - start :
		    FINGERPRINT_BLOCK;
		k = start + len - h->pos < n ? (size_t)(start + len - h->pos) :
		    n;
		if (!h->whole) {
			/* the rest of a block fed only in part */
		} else if (h->have == 0 && k == len) {
			h->sum = fingerprint_add(h->sum, fingerprint_block(s,
			    k, start / FINGERPRINT_BLOCK));
		} else {
			if (!h->buf)
				h->buf = xmalloc(FINGERPRINT_BLOCK);
			memcpy(h->buf + h->have, s, k);
			h->have += k;
			if (h->have == len) {
				h->sum = fingerprint_add(h->sum,
				    fingerprint_block(h->buf, len,
				    start / FINGERPRINT_BLOCK));
				h->have = 0;
			}
		}
		h->pos += k;
		s += k;
		n -= k;
		if (h->pos == start + len)
			h->whole = 1;
	}
}

void
fingerprint_hasher_release(struct fingerprint_hasher *h)
{
	free(h->buf);
	h->buf = NULL;
}

#define READ (1u << 20)

int
fingerprint_content_fd(int fd, const char *name, uint64_t size,
    uint64_t *hash, struct err *e)
{
	struct fingerprint_hasher h;
	unsigned char *buf = xmalloc(READ);
	uint64_t off = 0;
	ssize_t r;
	int rc = 0;

	fingerprint_hasher_init(&h, 0, size);
	while (off < size) {
		r = pread(fd, buf, size - off < READ ? (size_t)(size - off) :
		    READ, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = err_sys(e, ERR_NOINPUT, errno, "%s: read error",
			    name);
			break;
		}
		if (r == 0) {
			rc = err_set(e, ERR_DATA, "%s: the file changed since "
			    "it was loaded (it is shorter now)", name);
			break;
		}
		fingerprint_hasher_feed(&h, buf, (size_t)r);
		off += (uint64_t)r;
	}
	if (rc == 0)
		*hash = fingerprint_content(h.sum, size);
	fingerprint_hasher_release(&h);
	free(buf);
	return rc;
}

int
fingerprint_content_check(int fd, const char *name, uint64_t size,
    uint64_t hash, struct err *e)
{
	struct stat st;
	uint64_t got;

	if (fstat(fd, &st) != 0)
		return err_sys(e, ERR_NOINPUT, errno, "%s: cannot stat", name);
	if ((uint64_t)st.st_size != size)
		return err_set(e, ERR_DATA, "%s: the file changed since it was "
		    "loaded (%llu bytes then, %llu now)", name,
		    (unsigned long long)size, (unsigned long long)st.st_size);
	if (fingerprint_content_fd(fd, name, size, &got, e) != 0)
		return -1;
	if (got != hash)
		return err_set(e, ERR_DATA, "%s: the file changed since it "
		    "was loaded (the same size, other bytes)", name);
	return 0;
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
