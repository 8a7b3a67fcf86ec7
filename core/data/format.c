/*
 * format.c - the one place a dataset path is opened to be loaded: the
 * compression and the format are told here, and the loader that fits is
 * called.
 *
 * A plain regular file goes to its loader by name (the loaders read it
 * with pread, in parallel).  Anything else - compressed, a pipe,
 * standard input - is read through a zreader; the first block is kept
 * to tell the format, then handed to the loader ahead of the rest, so
 * nothing is read twice and a pipe works as well as a file.
 */
#include "core/data/format.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/fingerprint.h"
#include "core/data/jsonl/jscan.h"
#include "core/data/jsonl/jsonl.h"
#include "core/util/io/fdio.h"
#include "core/util/xalloc.h"
#include "core/util/io/zstream.h"

#define HEAD (64u << 10)	/* bytes looked at to tell the format */

static int
has_suffix(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return n > m && memcmp(s + n - m, suffix, m) == 0;
}

/* The length of name without a compression suffix. */
static size_t
base_len(const char *name)
{
	size_t n = strlen(name);
	enum zkind k = zstream_suffix(name);

	return k == ZSTREAM_NONE ? n : n - strlen(zstream_ext(k));
}

enum table_format
format_by_name(const char *name)
{
	size_t n = base_len(name);

	return has_suffix(name, n, ".jsonl") || has_suffix(name, n,
	    ".ndjson") ? TABLE_JSONL : TABLE_CSV;
}

static size_t
first_nonblank(const char *p, size_t n)
{
	size_t i = n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	return i;
}

int
format_sniff_jsonl(const char *p, size_t n)
{
	size_t i = first_nonblank(p, n);
	const char *nl;
	struct jscan s;
	int r;

	if (i >= n || p[i] != '{')
		return 0;
	nl = memchr(p + i, '\n', n - i);
	if (!nl && n >= HEAD)
		return 1;	/* a first line longer than we look at */
	jscan_init(&s);
	r = jscan_line(&s, p + i, nl ? (size_t)(nl - p) - i : n - i);
	jscan_release(&s);
	return r == 1;
}

/* Signatures of files that are often given for a data file by mistake
 * (compressed ones reach a loader only when it is called directly: the
 * dispatch above decompresses them). */
static const struct magic {
	const char *bytes;
	size_t n;
	const char *what;
} magics[] = {
	{ "\x1f\x8b", 2, "a gzip-compressed file" },
	{ "PK\x03\x04", 4, "a zip archive (a spreadsheet? save it as CSV)" },
	{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8,
	    "an OLE2 document (a spreadsheet? save it as CSV)" },
	{ "\xfd" "7zXZ\0", 6, "an xz-compressed file (decompress it first)" },
	{ "\x28\xb5\x2f\xfd", 4, "a zstd-compressed file" },
	{ "SQLite format 3\0", 16, "an SQLite database" },
	{ "\x89PNG\r\n\x1a\n", 8, "a PNG image" },
	{ "\x7f" "ELF", 4, "an executable (ELF)" },
};

/* Bytes that no text holds, NUL among them. */
static int
is_binary_byte(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
	    c != '\f' && c != '\v' && c != 0x1b) || c == 0x7f;
}

int
format_check_text(const char *name, const void *buf, size_t n,
    const char *what, struct err *e)
{
	const unsigned char *p = buf;
	size_t i, m, zeven = 0, zodd = 0, nul = 0, bad = 0, first = n;

	if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
	    (p[0] == 0xfe && p[1] == 0xff)))
		return err_set(e, ERR_DATA, "%s: byte 0: UTF-%s text (the byte "
		    "order mark %02X %02X), not UTF-8: convert it first (iconv "
		    "-f UTF-16 -t UTF-8)", name, n >= 4 && p[0] == 0xff &&
		    p[2] == 0 && p[3] == 0 ? "32LE" : p[0] == 0xff ? "16LE" :
		    "16BE", p[0], p[1]);
	if (n >= 4 && memcmp(p, "\0\0\xfe\xff", 4) == 0)
		return err_set(e, ERR_DATA, "%s: byte 0: UTF-32BE text (the "
		    "byte order mark 00 00 FE FF), not UTF-8: convert it first "
		    "(iconv -f UTF-32 -t UTF-8)", name);
	for (i = 0; i < sizeof magics / sizeof *magics; i++)
		if (n >= magics[i].n && memcmp(p, magics[i].bytes,
		    magics[i].n) == 0)
			return err_set(e, ERR_DATA, "%s: byte 0: %s, not %s "
			    "text", name, magics[i].what, what);
	/* ASCII in UTF-16 without a byte order mark: NULs every other
	 * byte, in the first 4 KiB */
	m = (n < 4096 ? n : 4096) / 2;
	for (i = 0; i < m; i++) {
		zeven += p[2 * i] == 0;
		zodd += p[2 * i + 1] == 0;
	}
	if (m >= 4 && (zodd * 10 >= m * 9 || zeven * 10 >= m * 9) &&
	    (zodd * 10 <= m || zeven * 10 <= m))
		return err_set(e, ERR_DATA, "%s: byte %d: UTF-16%s text (every "
		    "other byte is NUL), not UTF-8: convert it first (iconv "
		    "-f UTF-16%s -t UTF-8)", name, zodd > zeven ? 1 : 0,
		    zodd > zeven ? "LE" : "BE", zodd > zeven ? "LE" : "BE");
	for (i = 0; i < n; i++) {
		if (!is_binary_byte(p[i]))
			continue;
		bad++;
		if (p[i] == 0 && nul++ == 0)
			first = i;
	}
	/* a NUL in a field is data, and so are control bytes (some files
	 * use \x01 as the delimiter); NULs and control bytes as often as
	 * in compressed data or machine code are not */
	if (nul >= 2 && nul * 1024 >= n && bad * 32 >= n)
		return err_set(e, ERR_DATA, "%s: byte %zu: binary data, not "
		    "%s text (%zu NUL and control bytes in the first %zu)",
		    name, first, what, bad, n);
	return 0;
}

/* A ".json" file holding an array: say how to make JSON Lines of it. */
static int
json_array(const char *name, const char *p, size_t n, struct err *e)
{
	size_t i = first_nonblank(p, n);

	if (!has_suffix(name, base_len(name), ".json") || i >= n ||
	    p[i] != '[')
		return 0;
	return err_set(e, ERR_DATA, "%s: one JSON array, not JSON Lines (one "
	    "object per line): convert it first (jq -c '.[]')", name);
}

/* The format of the plain regular file open on fd, from its name and
 * first bytes. */
static int
plain_format(int fd, const char *path, enum table_format *f, struct err *e)
{
	char *head = xmalloc(HEAD);
	ssize_t h = fdio_pread(fd, head, HEAD, 0);
	int rc = 0;

	*f = TABLE_CSV;
	if (h < 0)
		rc = err_sys(e, ERR_NOINPUT, errno, "%s: read error", path);
	else if (json_array(path, head, (size_t)h, e) != 0)
		rc = -1;
	else if (format_by_name(path) == TABLE_JSONL ||
	    format_sniff_jsonl(head, (size_t)h))
		*f = TABLE_JSONL;
	free(head);
	return rc;
}

/* Up to n bytes from z, as many as it has. */
static long long
read_head(struct zreader *z, char *buf, size_t n, struct err *e)
{
	size_t got = 0;
	long long r;

	while (got < n) {
		r = zreader_read(z, buf + got, n - got, e);
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (long long)got;
}

static void
hash_tap(void *ctx, const void *p, size_t n)
{
	fingerprint_hasher_feed(ctx, p, n);
}

/* A stream (compressed, or not a regular file) through a zreader; disk
 * is the size of a regular file (0: a pipe). */
static struct table *
load_stream(const char *name, int fd, const char *raw, size_t nraw,
    uint64_t disk, const struct csvload_opts *o, struct err *e)
{
	enum zkind k = zstream_magic(raw, nraw);
	struct zreader *z = zreader_open(fd, name, k, raw, nraw, e);
	struct fingerprint_hasher h;
	struct table *t = NULL;
	char *head = NULL, *rest = NULL, *all;
	size_t nrest;
	long long n;

	if (!z)
		return NULL;
	/* the content hash is of the file as it is on disk */
	fingerprint_hasher_init(&h, 0, disk);
	if (disk)
		zreader_tap(z, hash_tap, &h);
	head = xmalloc(HEAD);
	n = read_head(z, head, HEAD, e);
	if (n < 0 || json_array(name, head, (size_t)n, e) != 0)
		goto out;
	if (format_by_name(name) == TABLE_JSONL ||
	    format_sniff_jsonl(head, (size_t)n)) {
		t = jsonl_load_stream(name, z, head, (size_t)n, disk, o, e);
	} else if (disk) {
		t = csvload_zstream(name, z, fd, k, head, (size_t)n, disk, o, e);
	} else {
		/* a pipe is read whole, as a plain one is: the place of an
		 * error is found by reading its bytes again */
		if (zstream_slurp(z, name, disk, "decompressing", NULL, &rest,
		    &nrest, e) != 0)
			goto out;
		all = xmalloc((size_t)n + nrest + 1);
		memcpy(all, head, (size_t)n);
		memcpy(all + n, rest, nrest);
		free(rest);
		t = csvload_mem(name, all, (size_t)n + nrest, o, e);
		free(all);
	}
	if (t) {
		t->compression = k;
		if (disk) {
			t->file_size = disk;
			t->content_hash = fingerprint_content(h.sum, disk);
		}
	}
out:
	zreader_close(z);
	fingerprint_hasher_release(&h);
	free(head);
	return t;
}

/* The first bytes of fd, up to n (fewer only at its end), into raw;
 * -1 on a read error. */
static ssize_t
read_magic(int fd, const char *name, char *raw, size_t n, struct err *e)
{
	ssize_t r = fdio_read(fd, raw, n);

	if (r < 0)
		return err_sys(e, ERR_NOINPUT, errno, "%s: read error", name);
	return r;
}

int
format_plain_csv(const char *path)
{
	struct stat st;
	enum table_format f;
	struct err e;
	char raw[8];
	ssize_t n;
	int fd, csv = 0;

	if (strcmp(path, "-") == 0 || (fd = open(path, O_RDONLY |
	    O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (n = read_magic(fd, path, raw, sizeof raw, &e)) >= 0 &&
	    zstream_magic(raw, (size_t)n) == ZSTREAM_NONE &&
	    plain_format(fd, path, &f, &e) == 0)
		csv = f == TABLE_CSV;
	close(fd);
	return csv;
}

uint64_t
format_content_size(const char *path)
{
	struct stat st;
	struct zreader *z;
	struct err e;
	char raw[8], *buf;
	ssize_t n;
	long long r;
	uint64_t out = 0, disk, in;
	int fd;

	if (strcmp(path, "-") == 0 || (fd = open(path, O_RDONLY |
	    O_CLOEXEC)) < 0)
		return 0;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (n = read_magic(fd, path, raw, sizeof raw, &e)) < 0) {
		close(fd);
		return 0;
	}
	disk = (uint64_t)st.st_size;
	if (zstream_magic(raw, (size_t)n) == ZSTREAM_NONE ||
	    !(z = zreader_open(fd, path, zstream_magic(raw, (size_t)n), raw,
	    (size_t)n, &e))) {
		close(fd);
		return disk;
	}
	/* the ratio of the first MiB or so */
	buf = xmalloc(HEAD);
	while ((r = zreader_read(z, buf, HEAD, &e)) > 0) {
		out += (uint64_t)r;
		if (zreader_consumed(z) >= (1u << 20))
			break;
	}
	in = zreader_consumed(z);
	if (r > 0 && in > 0 && in < disk)
		out = (uint64_t)((double)out / (double)in * (double)disk);
	free(buf);
	zreader_close(z);
	close(fd);
	return out;
}

int
format_open(const char *path, int *fd, struct stat *st, struct err *e)
{
	*fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return err_sys(e, ERR_NOINPUT, errno, "%s: cannot open", path);
	if (fstat(*fd, st) != 0) {
		err_sys(e, ERR_NOINPUT, errno, "%s: cannot stat", path);
		goto fail;
	}
	if (S_ISDIR(st->st_mode)) {
		err_set(e, ERR_NOINPUT, "%s: is a directory, not a data file",
		    path);
		goto fail;
	}
	return 0;
fail:
	if (*fd > 0)
		close(*fd);
	*fd = -1;
	return -1;
}

struct table *
format_load(const char *path, const struct csvload_opts *o, struct err *e)
{
	struct csvload_opts def;
	struct stat st;
	char raw[8];
	ssize_t nraw;
	struct table *t;
	int fd, regular;

	if (!o) {
		csvload_opts_init(&def);
		o = &def;
	}
	if (strcmp(path, "-") == 0) {
		nraw = read_magic(0, "(stdin)", raw, sizeof raw, e);
		return nraw < 0 ? NULL : load_stream("(stdin)", 0, raw,
		    (size_t)nraw, 0, o, e);
	}
	if (format_open(path, &fd, &st, e) != 0)
		return NULL;
	regular = S_ISREG(st.st_mode);
	/* the magic bytes (a pipe gives them back to the reader) */
	if ((nraw = read_magic(fd, path, raw, sizeof raw, e)) < 0) {
		close(fd);
		return NULL;
	}
	if (regular && zstream_magic(raw, (size_t)nraw) == ZSTREAM_NONE) {
		enum table_format f;
		int rc = plain_format(fd, path, &f, e);

		t = NULL;
		if (rc == 0 && f == TABLE_JSONL)
			t = jsonl_load_fd(fd, path, (uint64_t)st.st_size, o, e);
		close(fd);
		/* csvload opens the file itself */
		return rc == 0 && f == TABLE_CSV ? csvload(path, o, e) : t;
	}
	t = load_stream(path, fd, raw, (size_t)nraw, regular ?
	    (uint64_t)st.st_size : 0, o, e);
	close(fd);
	return t;
}
