/*
 * t0160-changed-input - an input that changes underneath is caught: the
 * loader hashes every byte (the same value whatever the thread count),
 * and export refuses to write when the bytes it copies are not the ones
 * loaded: a same-size edit of an undecided row, two rows swapped far
 * apart in a file bigger than the fingerprint's sampled windows, a file
 * cut short while it is copied (a clean error, no temp file left, never
 * SIGBUS).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/csvload.h"
#include "core/data/fingerprint.h"
#include "core/review/export.h"
#include "core/review/journal.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

/* Rows "i,f(i),label": every row the same length; label a or b. */
static char *
rows(size_t n, size_t *len)
{
	char *b = xmalloc(n * 32 + 32);
	size_t o = 0, i;

	o += (size_t)sprintf(b, "id,feature,label\n");
	for (i = 1; i <= n; i++)
		o += (size_t)sprintf(b + o, "%07zu,%04zu,%c\n", i,
		    (i * 7919) % 10000, i % 3 ? 'a' : 'b');
	*len = o;
	return b;
}

static uint64_t
file_hash(const char *path, uint64_t size)
{
	int fd = open(path, O_RDONLY);
	uint64_t h = 0;
	struct err e;

	if (fd < 0 || fingerprint_content_fd(fd, path, size, &h, &e) != 0)
		BUG("cannot hash %s", path);
	close(fd);
	return h;
}

static void
test_hash(void)
{
	char *path = tpath("big.csv"), *buf, *bom;
	struct csvload_opts o;
	struct err e;
	struct table *t;
	uint64_t h[3];
	size_t len, i;
	int k, threads[3] = { 1, 2, 4 };

	buf = rows(1200000, &len);
	write_file(path, buf, len);
	csvload_opts_init(&o);
	for (k = 0; k < 3; k++) {
		o.threads = threads[k];
		t = csvload(path, &o, &e);
		h[k] = t ? t->content_hash : 0;
		table_free(t);
	}
	ok(len > (16u << 20) && h[0] && h[0] == h[1] && h[0] == h[2],
	    "%zu MB: the same content hash with 1, 2 and 4 threads",
	    len >> 20);
	ok(h[0] == file_hash(path, len), "= the file's hash, read whole");
	t = csvload_mem("big.csv", buf, len, NULL, &e);
	ok(t && t->content_hash == h[0], "= the hash of it in memory");
	table_free(t);
	buf[len / 2] ^= 1;
	write_file(path, buf, len);
	ok(file_hash(path, len) != h[0], "one bit more: another hash");
	{
		int fd = open(path, O_RDONLY);

		err_clear(&e);
		ok(fd >= 0 && fingerprint_content_check(fd, path, len, h[0],
		    &e) != 0 && e.code == ERR_DATA && strstr(e.msg, "changed "
		    "since it was loaded (the same size, other bytes)"),
		    "fingerprint_content_check says so");
		err_clear(&e);
		ok(fd >= 0 && fingerprint_content_check(fd, path, len + 1,
		    h[0], &e) != 0 && strstr(e.msg, "bytes then"),
		    "and names the sizes when they differ");
		if (fd >= 0)
			close(fd);
	}
	free(buf);

	/* a byte order mark: the first block starts before the first part */
	bom = xmalloc(3 + 100);
	memcpy(bom, "\xef\xbb\xbf" "a,b\n", 7);
	for (i = 0; i < 10; i++)
		memcpy(bom + 7 + 4 * i, "1,2\n", 4);
	write_file(path, bom, 47);
	t = csvload(path, NULL, &e);
	ok(t && t->content_hash == file_hash(path, 47), "with a BOM too");
	table_free(t);
	free(bom);
	free(path);
}

/*
 * Load path, journal a relabel of row key, call edit() on the file, then
 * export to out (NULL: PATH.out).  Returns export_write's status (e
 * filled).
 */
static int
export_after(const char *path, const char *out, const char *key,
    const char *label, void (*edit)(const char *),
    const struct progress *pr, struct err *e)
{
	char *jp = journal_path_for(path);
	char *op = out ? xstrdup(out) : xasprintf("%s.out", path);
	struct table *t;
	struct journal *j;
	struct journal_decision jd;
	struct export_opts xo;
	int rc;

	if (!out)
		unlink(op);	/* only the test's own output */
	t = csvload(path, NULL, e);
	if (!t)
		BUG("%s", e->msg);
	if (!(j = test_journal(jp, path, "t", 1, e)))
		BUG("%s", e->msg);
	jd = test_decision(JOURNAL_RELABEL, key, NULL, label);
	if (journal_append(j, &jd, e) != 0)
		BUG("%s", e->msg);
	if (edit)
		edit(path);
	export_opts_init(&xo);
	xo.label_col = 2;
	xo.progress = pr;
	err_clear(e);
	rc = export_write(t, j, op, &xo, NULL, e);
	journal_close(j);
	table_free(t);
	free(jp);
	free(op);
	return rc;
}

/* Replace n bytes at off of path, in place. */
static void
poke(const char *path, long off, const char *s, size_t n)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0 || pwrite(fd, s, n, off) != (ssize_t)n)
		BUG("cannot write %s", path);
	close(fd);
}

/* Row 10's feature, an undecided row: same length, another value. */
static void
edit_row10(const char *path)
{
	poke(path, 17 + 9 * 15 + 8, "9999", 4);
}

/*
 * Rows 4372 and 9187 swapped: both labelled a, the same length, and
 * outside the journal fingerprint's sampled windows of a 14,000-row file.
 */
static void
swap_rows(const char *path)
{
	char a[15], b[15];
	off_t oa = 17 + 4371 * 15, ob = 17 + 9186 * 15;
	int fd = open(path, O_RDWR);

	if (fd < 0 || pread(fd, a, 15, oa) != 15 ||
	    pread(fd, b, 15, ob) != 15 || pwrite(fd, b, 15, oa) != 15 ||
	    pwrite(fd, a, 15, ob) != 15)
		BUG("cannot swap rows in %s", path);
	close(fd);
}

/* The directory holds no temporary file (".NAME.tmp-..."). */
static int
no_temp(void)
{
	DIR *d = opendir(test_dir());
	struct dirent *de;
	int none = 1;

	while (d && (de = readdir(d)) != NULL)
		if (strstr(de->d_name, ".tmp-"))
			none = 0;
	if (d)
		closedir(d);
	return none;
}

static void
test_edits(void)
{
	char *path = tpath("e.csv"), *op, *buf, *out, *fifo;
	struct err e;
	size_t len, olen;
	int rc;

	op = xasprintf("%s.out", path);
	buf = rows(100, &len);
	write_file(path, buf, len);
	rc = export_after(path, NULL, "2", "b", NULL, NULL, &e);
	out = slurp(op, &olen);
	ok(rc == 0 && out && olen == len && memcmp(out, buf, 17 + 15) == 0 &&
	    memcmp(out + 17 + 15, "0000002,5838,b\n", 15) == 0,
	    "unchanged: exported, row 2 relabelled");
	if (rc != 0)
		diag("%s", e.msg);
	free(out);

	write_file(path, buf, len);
	rc = export_after(path, NULL, "2", "b", edit_row10, NULL, &e);
	ok(rc != 0 && e.code == ERR_DATA && strncmp(e.msg, path,
	    strlen(path)) == 0 && strstr(e.msg, "changed since it was "
	    "loaded"), "a same-size edit of an undecided row: refused, "
	    "naming the file");
	diag("%s", e.msg);
	ok(access(op, F_OK) != 0 && no_temp(), "no output, no temp file");
	write_file(path, buf, len);
	fifo = tpath("fifo");
	if (mkfifo(fifo, 0600) != 0)
		BUG("cannot make %s", fifo);
	rc = export_after(path, fifo, "2", "b", edit_row10, NULL, &e);
	ok(rc != 0 && e.code == ERR_DATA && strstr(e.msg, "changed since it "
	    "was loaded"), "to a FIFO (written in place): refused before it "
	    "is opened");
	free(fifo);
	free(buf);

	buf = rows(14000, &len);
	ok(len > 3 * FINGERPRINT_WINDOW, "a file of %zu KiB", len >> 10);
	write_file(path, buf, len);
	rc = export_after(path, NULL, "4372", "b", swap_rows, NULL,
	    &e);
	ok(rc != 0 && e.code == ERR_DATA && strstr(e.msg, "changed since "
	    "it was loaded"), "rows swapped far apart: refused");
	diag("%s", e.msg);
	ok(access(op, F_OK) != 0 && no_temp(), "no output, no temp file");
	FREE_ALL(buf, path, op);
}

/* The export's progress hook: the first report cuts the input short. */
static const char *cut_path;
static int cut_calls;

static void
cut_short(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	(void)ctx;
	(void)what;
	(void)done;
	(void)total;
	if (cut_calls++ == 0 && truncate(cut_path, 100) != 0)
		BUG("cannot truncate %s", cut_path);
}

static void
test_truncate(void)
{
	char *path = tpath("cut.csv"), *buf;
	char *op = xasprintf("%s.out", path);
	struct progress pr = { cut_short, NULL, NULL };
	struct err e;
	size_t len;
	int rc;

	buf = rows(400000, &len);
	write_file(path, buf, len);
	free(buf);
	cut_path = path;
	rc = export_after(path, NULL, "2", "b", NULL, &pr, &e);
	ok(cut_calls > 0, "the file was cut short during the copy (%zu "
	    "MB, after %d reports)", len >> 20, cut_calls);
	ok(rc != 0 && e.code == ERR_DATA && strncmp(e.msg, path,
	    strlen(path)) == 0 && strstr(e.msg, "changed since it was "
	    "loaded (it is shorter now)"), "a clean error naming the file");
	diag("%s", e.msg);
	ok(access(op, F_OK) != 0 && no_temp(), "no output, no temp file");
	free(path);
	free(op);
}

int
main(void)
{
	log_set_sink(capture, NULL);
	test_hash();
	test_edits();
	test_truncate();
	return done_testing();
}
