/*
 * util.h - small helpers the C tests share: loading a dataset of the
 * source tree, reading a file whole, writing one, a scratch folder, and
 * capturing what core logs.
 */
#ifndef WINNOW_TEST_UTIL_H
#define WINNOW_TEST_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/util/err.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"

/*
 * The bytes of path, NUL-terminated (caller frees), their count in *n
 * when n is not NULL; NULL when the file cannot be opened.
 */
static __attribute__((unused)) char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, len = 0, r;

	if (n)
		*n = 0;
	if (!f)
		return NULL;
	for (;;) {
		buf = xgrow(buf, &cap, len + 65536, 1);
		r = fread(buf + len, 1, cap - len - 1, f);
		len += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[len] = '\0';
	if (n)
		*n = len;
	return buf;
}

/*
 * The CSV file at rel, a path inside the source tree ($SRCDIR, else the
 * current folder), loaded with o (NULL: the defaults); the test stops
 * when it does not load.
 */
static __attribute__((unused)) struct table *
load_src(const char *rel, const struct csvload_opts *o)
{
	const char *src = getenv("SRCDIR");
	char path[4096];
	struct err e;
	struct table *t;

	snprintf(path, sizeof path, "%s/%s", src ? src : ".", rel);
	t = csvload(path, o, &e);
	if (!t)
		BUG("%s", e.msg);
	return t;
}

/* Write n bytes to path, or stop the test. */
static __attribute__((unused)) void
write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
		BUG("cannot write %s", path);
}

/*
 * A new empty folder $TMPDIR/NAME.XXXXXX (/tmp without TMPDIR) in
 * dir[0..cap); 0, or -1 after printing TAP's "Bail out!".
 */
static __attribute__((unused)) int
tmpdir_make(char *dir, size_t cap, const char *name)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, cap, "%s/%s.XXXXXX", t && *t ? t : "/tmp", name);
	if (!mkdtemp(dir)) {
		printf("Bail out! mkdtemp %s: %s\n", dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* Remove dir and everything in it (a TAP comment when it cannot). */
static __attribute__((unused)) void
tmpdir_remove(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
}

/* What core logged since the test last emptied it. */
static char warnings[8192];

/* A log sink that appends every message to warnings[], one a line. */
static __attribute__((unused)) void
capture(void *ctx, enum log_level level, const char *msg)
{
	size_t n = strlen(warnings);

	(void)ctx;
	(void)level;
	snprintf(warnings + n, sizeof warnings - n, "%s\n", msg);
}

#endif
