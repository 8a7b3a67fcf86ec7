/*
 * journal.c - the journal file: opening (creating it, or its directory,
 * taking the lock, reading and replaying it, cutting off a damaged
 * tail), closing, and the header's fields.
 *
 * jinternal.h says how the module is split and what it keeps in memory.
 * A writer holds a POSIX record lock on the whole file from open to
 * close, and registers the file as held (outfile_hold()), so that no
 * output of this process replaces it either; a reader takes no lock (it
 * reads whole lines only, and a line being appended is a damaged tail
 * it drops).  A writer never goes through a dangling link: that would
 * create a journal at a place the user did not name.
 */
#include "core/review/jinternal.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/log.h"
#include "core/util/xalloc.h"


void
journal_decision_init(struct journal_decision *d, enum journal_type type,
    const char *key, size_t key_len)
{
	memset(d, 0, sizeof *d);
	d->type = type;
	d->key = key;
	d->key_len = key_len;
	d->posterior = NAN;
}

void
journal_opts_init(struct journal_opts *o)
{
	memset(o, 0, sizeof *o);
}

char *
journal_path_for(const char *data_path)
{
	return xasprintf("%s.winnow/journal", data_path);
}

char *
journal_default_reviewer(void)
{
	const char *s = getlogin();
	struct passwd *pw;

	if (s && *s)
		return xstrdup(s);
	pw = getpwuid(geteuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return xstrdup(pw->pw_name);
	return xstrdup("unknown");
}

/* --- opening ------------------------------------------------------- */

static int
read_all(int fd, const char *path, char **out, size_t *len, struct err *e)
{
	struct stat st;
	char *buf;
	size_t got = 0, cap;
	ssize_t r;

	if (fstat(fd, &st) != 0)
		return err_sys(e, ERR_NOINPUT, errno, "%s: cannot stat", path);
	if (!S_ISREG(st.st_mode))
		return err_set(e, ERR_NOINPUT, "%s: not a regular file", path);
	cap = (size_t)st.st_size + 1;
	buf = xmalloc(cap);
	for (;;) {
		if (got == cap)
			buf = xgrow(buf, &cap, cap + 1, 1);
		r = pread(fd, buf + got, cap - got, (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return err_sys(e, ERR_NOINPUT, errno, "%s: read error",
			    path);
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	*out = buf;
	*len = got;
	return 0;
}

static int
make_dir_of(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0777) != 0 && errno != EEXIST)
			rc = -1;
	}
	free(dir);
	return rc;
}

int
journal_check_path(const char *path, struct err *e)
{
	struct stat st;
	char to[PATH_MAX];
	ssize_t n;

	if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode) ||
	    stat(path, &st) == 0 || errno != ENOENT)
		return 0;
	n = readlink(path, to, sizeof to - 1);
	to[n < 0 ? 0 : n] = '\0';
	return err_set(e, ERR_CANTCREAT, "%s: is a link to %s, which does "
	    "not exist; a journal is never created through a dangling link",
	    path, to);
}

static int
lock_file(struct journal *j, struct err *e)
{
	struct flock fl;

	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(j->fd, F_SETLK, &fl) == 0)
		return 0;
	if (errno == EACCES || errno == EAGAIN) {
		memset(&fl, 0, sizeof fl);
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fcntl(j->fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
			return err_set(e, ERR_CANTCREAT, "%s: in use by "
			    "another winnow (process %ld)", j->path,
			    (long)fl.l_pid);
		return err_set(e, ERR_CANTCREAT, "%s: in use by another "
		    "winnow", j->path);
	}
	return err_sys(e, ERR_CANTCREAT, errno, "%s: cannot lock", j->path);
}

int
journal_same_col(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
check_fp(struct journal *j, const struct journal_opts *o, struct err *e)
{
	char want[160], got[160];

	if (!o->fp)
		return 0;
	switch (fingerprint_compare(&j->fp, o->fp)) {
	case FINGERPRINT_SAME:
		return 0;
	case FINGERPRINT_TOUCHED:
		log_warn("%s: the dataset's modification time changed since "
		    "the journal was started, but its sampled content is the "
		    "same; using the journal", j->path);
		return 0;
	case FINGERPRINT_OTHER:
		break;
	}
	fingerprint_describe(&j->fp, want, sizeof want);
	fingerprint_describe(o->fp, got, sizeof got);
	if (o->force) {
		log_warn("%s: applied to a different file (forced): the "
		    "journal was made on %s; the file is %s", j->path, want,
		    got);
		return 0;
	}
	return err_set(e, ERR_DATA, "%s: the journal belongs to a different "
	    "file: it was made on %s, but the file is %s (use --force to "
	    "apply it anyway)", j->path, want, got);
}

struct journal *
journal_open(const char *path, const struct journal_opts *o, struct err *e)
{
	struct journal *j = xcalloc(1, sizeof *j);
	struct journal_opts def;
	struct jreplay R;
	char *data = NULL;
	size_t size = 0;
	int fresh = 0;

	if (!o) {
		journal_opts_init(&def);
		o = &def;
	}
	j->path = xstrdup(path);
	j->fd = -1;
	dict_init(&j->strs);
	dict_init(&j->keys);
	j->reviewer = o->reviewer ? xstrdup(o->reviewer) :
	    journal_default_reviewer();
	if (o->write) {
		if (journal_check_path(path, e) != 0)
			goto fail;
		if (make_dir_of(path) != 0) {
			err_sys(e, ERR_CANTCREAT, errno, "%s: cannot create "
			    "the journal's directory", path);
			goto fail;
		}
		j->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC,
		    0666);
		if (j->fd < 0) {
			err_sys(e, ERR_CANTCREAT, errno, "%s: cannot open the "
			    "journal for writing", path);
			goto fail;
		}
		if (lock_file(j, e) != 0)
			goto fail;
		outfile_hold(path, j->fd);
		if (read_all(j->fd, path, &data, &size, e) != 0)
			goto fail;
	} else {
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			err_sys(e, ERR_NOINPUT, errno, "%s: cannot open the "
			    "journal", path);
			goto fail;
		}
		if (read_all(fd, path, &data, &size, e) != 0) {
			close(fd);
			goto fail;
		}
		close(fd);
	}
	if (jreplay_run(j, data, size, &fresh, &R, e) != 0)
		goto fail;
	if (fresh) {
		if (!o->write) {
			err_at(e, ERR_DATA, path, 1, 0, "the journal has no "
			    "header line (empty or cut short)");
			goto fail;
		}
		if (jappend_header(j, o, e) != 0)
			goto fail;
	} else {
		if (check_fp(j, o, e) != 0)
			goto fail;
		/* a writer opening against a dataset must use the
		 * journal's columns, or keys would name other rows */
		if (o->write && o->fp && !journal_same_col(o->id_col, j->id_col)) {
			err_set(e, ERR_USAGE, "%s: the journal names rows by "
			    "%s%s%s, but the data was opened with %s%s%s",
			    path, j->id_col ? "column '" : "row number",
			    j->id_col ? j->id_col : "", j->id_col ? "'" : "",
			    o->id_col ? "--id '" : "row numbers",
			    o->id_col ? o->id_col : "", o->id_col ? "'" : "");
			goto fail;
		}
		if (o->write && o->fp && o->label_col && j->label_col &&
		    strcmp(o->label_col, j->label_col) != 0) {
			err_set(e, ERR_USAGE, "%s: the journal relabels column "
			    "'%s', but the data was opened with --label '%s'",
			    path, j->label_col, o->label_col);
			goto fail;
		}
		j->size = R.good_end;
		if (o->write && R.good_end < size) {
			if (ftruncate(j->fd, (off_t)R.good_end) != 0 ||
			    fdatasync(j->fd) != 0) {
				err_sys(e, ERR_CANTCREAT, errno, "%s: cannot "
				    "cut off the damaged end", path);
				goto fail;
			}
			log_warn("%s: cut %zu damaged byte%s off the end",
			    path, size - R.good_end, size - R.good_end == 1 ?
			    "" : "s");
		}
	}
	free(data);
	return j;
fail:
	free(data);
	journal_close(j);
	return NULL;
}

void
journal_close(struct journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0) {
		outfile_unhold(j->fd);
		close(j->fd);
	}
	FREE_ALL(j->path, j->label_col, j->id_col, j->reviewer);
	dict_release(&j->strs);
	dict_release(&j->keys);
	FREE_ALL(j->klast, j->ent, j->undo, j->buf, j);
}

/* --- the header ---------------------------------------------------- */

const char *
journal_path(const struct journal *j)
{
	return j->path;
}

const struct fingerprint *
journal_fingerprint(const struct journal *j)
{
	return &j->fp;
}

const char *
journal_label_col(const struct journal *j)
{
	return j->label_col;
}

const char *
journal_id_col(const struct journal *j)
{
	return j->id_col;
}

int64_t
journal_created(const struct journal *j)
{
	return j->created;
}

const char *
journal_reviewer(const struct journal *j)
{
	return j->reviewer;
}
