/*
 * clip.c - the clipboard, or its file.
 */
#include "tui/clip.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/xalloc.h"

/* Above this many bytes the text goes to the file: terminals cap what
 * one sequence may carry (xterm, tmux: about 100 kB of base64). */
#define CLIP_OSC52_MAX 65536

int
clip_mode_parse(const char *name)
{
	if (strcmp(name, "auto") == 0)
		return CLIP_AUTO;
	if (strcmp(name, "osc52") == 0)
		return CLIP_OSC52;
	if (strcmp(name, "file") == 0)
		return CLIP_FILE;
	return -1;
}

/* dir exists (made when missing) as a folder of the user's alone. */
static int
private_dir(const char *dir, struct err *e)
{
	struct stat st;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return err_sys(e, ERR_CANTCREAT, errno, "%s: cannot create",
		    dir);
	if (lstat(dir, &st) != 0)
		return err_sys(e, ERR_CANTCREAT, errno, "%s", dir);
	if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0)
		return err_set(e, ERR_CANTCREAT, "%s: not a folder of yours "
		    "alone; the clipboard's file is not written there", dir);
	return 0;
}

char *
clip_file(struct err *e)
{
	const char *run = getenv("XDG_RUNTIME_DIR"), *tmp = getenv("TMPDIR");
	char *dir, *path;

	if (run && *run)
		return xasprintf("%s/winnow-clipboard", run);
	dir = xasprintf("%s/winnow-%lu", tmp && *tmp ? tmp : "/tmp",
	    (unsigned long)geteuid());
	if (private_dir(dir, e) != 0) {
		free(dir);
		return NULL;
	}
	path = xasprintf("%s/clipboard", dir);
	free(dir);
	return path;
}

/* Write text to path, which must be nothing or a file of the user's. */
static int
to_file(const char *path, const char *text, size_t n,
    const struct outfile_keep *keep, size_t nkeep, struct err *e)
{
	struct outfile_rule rule;
	struct outfile of;
	struct stat st;

	if (lstat(path, &st) == 0 && (!S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid()))
		return err_set(e, ERR_CANTCREAT, "%s: not a file of yours; "
		    "not replaced", path);
	memset(&rule, 0, sizeof rule);
	rule.keep = keep;
	rule.nkeep = nkeep;
	rule.force = 1;
	if (outfile_open(&of, path, &rule, e) != 0)
		return -1;
	outfile_write(&of, text, n);
	return outfile_commit(&of, e);
}

void
clip_copy(const struct backend *be, const char *what, const char *text,
    size_t n, const struct outfile_keep *keep, size_t nkeep, struct msg *m)
{
	struct err e;
	char *path;

	if (be->clipboard && n <= CLIP_OSC52_MAX) {
		be->clipboard(be->ctx, text, n);
		msg_set(m, VIEW_INFO, "copied the %s (%zu byte%s) to the "
		    "clipboard", what, n, n == 1 ? "" : "s");
		return;
	}
	err_clear(&e);
	if (!(path = clip_file(&e)) || to_file(path, text, n, keep, nkeep,
	    &e) != 0) {
		msg_set(m, VIEW_ERROR, "copy: %s", e.msg);
		free(path);
		return;
	}
	msg_set(m, VIEW_INFO, "copied the %s (%zu byte%s) to %s", what, n,
	    n == 1 ? "" : "s", path);
	free(path);
}
