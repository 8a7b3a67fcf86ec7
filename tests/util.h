/*
 * util.h - small helpers the C tests share: loading a dataset of the
 * source tree, reading a file whole, writing one, a scratch folder,
 * capturing what core logs, and comparing two loaded tables.
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

/*
 * 1 when a and b hold the same rows: column names and types, cells,
 * line numbers, and what the loader counted and hashed.  Dict ids are
 * not compared: a value only in a skipped row may stay in a dict unused
 * or not, depending on when its queue was interned.
 */
static __attribute__((unused)) int
table_same_rows(const struct table *a, const struct table *b)
{
	size_t c, la, lb;
	uint64_t r;
	const char *sa, *sb;

	if (a->nrows != b->nrows || a->ncols != b->ncols || a->nragged !=
	    b->nragged || a->nlax != b->nlax || a->nrepeated !=
	    b->nrepeated || a->ndropped != b->ndropped || a->content_hash !=
	    b->content_hash)
		return 0;
	for (c = 0; c < a->ncols; c++) {
		if (strcmp(a->col[c].name, b->col[c].name) != 0 ||
		    a->col[c].type != b->col[c].type ||
		    a->col[c].ndistinct != b->col[c].ndistinct)
			return 0;
		for (r = 0; r < a->nrows; r++) {
			sa = table_cell(a, c, r, &la);
			sb = table_cell(b, c, r, &lb);
			if (la != lb || memcmp(sa, sb, la) != 0)
				return 0;
		}
	}
	for (r = 0; r < a->nrows; r++)
		if (a->line[r] != b->line[r])
			return 0;
	for (r = 0; r < a->ndropped; r++)
		if (a->dropped[r] != b->dropped[r])
			return 0;
	return 1;
}

#endif
