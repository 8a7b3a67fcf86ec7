/*
 * outfile.c - checking, writing and installing outputs; the registries
 * of live temporary files and of the journals this process writes.
 *
 * The registry of temporary files is read by a signal handler, so it is
 * a fixed array of slots, each a path and an atomic "in use" flag: a
 * slot's path is written only while the flag is clear (under a mutex,
 * since jobs write outputs too), and the handler reads only the paths
 * of slots in use, calling nothing but unlink(2), sigaction(2) and
 * raise(3).  A temporary file is registered before it is created and
 * unregistered after it is renamed or removed, so at every instant a
 * file of that name either is registered or does not exist.
 *
 * Checking an existing file opens it to read its first bytes and ask
 * for its lock.  Closing any descriptor of a file drops the locks this
 * process holds on it, so the journals this process holds are matched
 * by device and inode first and never opened here.
 */
#define _XOPEN_SOURCE 700	/* realpath */
#include "core/util/outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util/log.h"
#include "core/util/xalloc.h"

#define NSLOTS 32
#define JOURNAL_DIR ".winnow"	/* DATA.winnow/journal */
#define JOURNAL_NAME "journal"

ssize_t (*outfile_write_hook)(int fd, const void *p, size_t n);

/* --- temporary files and signals ----------------------------------- */

struct slot {
	atomic_int used;
	char path[PATH_MAX];
};

static struct slot slots[NSLOTS];
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;

static const int clean_sigs[] = { SIGINT, SIGTERM, SIGHUP };
#define NCLEAN (sizeof clean_sigs / sizeof *clean_sigs)
static struct sigaction clean_old[NCLEAN];
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

/* A slot holding path, or -1 when none is free (the file then cannot
 * be removed by a signal, only by the next run's sweep). */
static int
reg(const char *path)
{
	size_t n = strlen(path);
	int i;

	if (n >= PATH_MAX)
		return -1;
	pthread_mutex_lock(&slot_lock);
	for (i = 0; i < NSLOTS; i++)
		if (!atomic_load_explicit(&slots[i].used,
		    memory_order_relaxed))
			break;
	if (i < NSLOTS) {
		memcpy(slots[i].path, path, n + 1);
		atomic_store_explicit(&slots[i].used, 1,
		    memory_order_release);
	}
	pthread_mutex_unlock(&slot_lock);
	return i < NSLOTS ? i : -1;
}

static void
unreg(int i)
{
	if (i < 0)
		return;
	pthread_mutex_lock(&slot_lock);
	atomic_store_explicit(&slots[i].used, 0, memory_order_release);
	pthread_mutex_unlock(&slot_lock);
}

/* Async-signal-safe: remove every live temporary file, then let the
 * signal do what it did before. */
static void
on_signal(int sig)
{
	int saved = errno;
	size_t i;

	for (i = 0; i < NSLOTS; i++)
		if (atomic_load_explicit(&slots[i].used,
		    memory_order_acquire))
			unlink(slots[i].path);
	for (i = 0; i < NCLEAN; i++)
		if (clean_sigs[i] == sig)
			sigaction(sig, &clean_old[i], NULL);
	raise(sig);
	errno = saved;
}

static void
init(void)
{
	struct sigaction sa, cur;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGXFSZ, &sa, NULL);
	sa.sa_handler = on_signal;
	for (i = 0; i < NCLEAN; i++) {
		/* nohup's SIGHUP, or a shell's SIGINT for a background
		 * job, stay ignored */
		if (sigaction(clean_sigs[i], NULL, &cur) == 0 &&
		    cur.sa_handler == SIG_IGN)
			continue;
		sigaction(clean_sigs[i], &sa, &clean_old[i]);
	}
}

void
outfile_init(void)
{
	pthread_once(&init_once, init);
}

/* --- the journals this process writes ------------------------------ */

struct held {
	dev_t dev;
	ino_t ino;
	int fd;
	char *path;
};

static struct held *held;
static size_t nheld, capheld;
static pthread_mutex_t held_lock = PTHREAD_MUTEX_INITIALIZER;

void
outfile_hold(const char *path, int fd)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return;
	pthread_mutex_lock(&held_lock);
	held = xgrow(held, &capheld, nheld + 1, sizeof *held);
	held[nheld].dev = st.st_dev;
	held[nheld].ino = st.st_ino;
	held[nheld].fd = fd;
	held[nheld].path = xstrdup(path);
	nheld++;
	pthread_mutex_unlock(&held_lock);
}

void
outfile_unhold(int fd)
{
	size_t i;

	pthread_mutex_lock(&held_lock);
	for (i = 0; i < nheld; i++)
		if (held[i].fd == fd) {
			free(held[i].path);
			held[i] = held[--nheld];
			break;
		}
	if (nheld == 0) {
		free(held);
		held = NULL;
		capheld = 0;
	}
	pthread_mutex_unlock(&held_lock);
}

/* The path of a held journal that is st, or NULL (caller frees). */
static char *
held_path(const struct stat *st)
{
	char *p = NULL;
	size_t i;

	pthread_mutex_lock(&held_lock);
	for (i = 0; i < nheld && !p; i++)
		if (held[i].dev == st->st_dev && held[i].ino == st->st_ino)
			p = xstrdup(held[i].path);
	pthread_mutex_unlock(&held_lock);
	return p;
}

/* --- names --------------------------------------------------------- */

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static const char *
base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* path with links and dots resolved as far as its folder exists
 * (caller frees). */
static char *
canon(const char *path)
{
	char *r = realpath(path, NULL), *dir, *rd;

	if (r)
		return r;
	dir = dir_of(path);
	rd = realpath(dir, NULL);
	free(dir);
	if (!rd)
		return xstrdup(path);
	r = xasprintf("%s/%s", strcmp(rd, "/") == 0 ? "" : rd,
	    base_of(path));
	free(rd);
	return r;
}

/* 1 when path names DATA.winnow/journal. */
static int
journal_place(const char *path)
{
	char *dir;
	size_t n, k = strlen(JOURNAL_DIR);
	int r;

	if (strcmp(base_of(path), JOURNAL_NAME) != 0)
		return 0;
	dir = canon(path);
	if (strrchr(dir, '/'))
		*strrchr(dir, '/') = '\0';
	else
		dir[0] = '\0';		/* in a folder that cannot be named */
	n = strlen(dir);
	r = n > k && strcmp(dir + n - k, JOURNAL_DIR) == 0 &&
	    dir[n - k - 1] != '/';
	free(dir);
	return r;
}

/* --- the rule ------------------------------------------------------ */

/* 1 when the output (st when it exists, else its resolved name cpath)
 * is the file k. */
static int
same_as(const char *cpath, int exists, const struct stat *st,
    const char *k)
{
	struct stat sk;
	char *ck;
	int r;

	if (stat(k, &sk) == 0 && exists)
		return sk.st_dev == st->st_dev && sk.st_ino == st->st_ino;
	ck = canon(k);
	r = strcmp(ck, cpath) == 0;
	free(ck);
	return r;
}

/* An existing regular file: a journal by its lock or its header?
 * Returns 0 or -1 with e filled. */
/* 1 when path is in a DATA.winnow folder: winnow's own, where what does
 * not begin as it should is a damaged copy of winnow's, not the user's. */
static int
in_own_folder(const char *path)
{
	const char *s = strrchr(path, '/');
	size_t n = s ? (size_t)(s - path) : 0;

	return n >= 7 && memcmp(s - 7, ".winnow", 7) == 0;
}

/* 1 when path's first bytes are magic, or a prefix of it (a cut copy,
 * an empty file), or it cannot be read (the rename does not care). */
static int
begins_as(const char *path, const char *magic)
{
	char head[64];
	size_t n = strlen(magic) < sizeof head ? strlen(magic) : sizeof head;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return 1;
	got = pread(fd, head, n, 0);
	close(fd);
	return got < 0 || memcmp(head, magic, (size_t)got) == 0;
}

static int
check_journal(const char *path, struct err *e)
{
	char head[sizeof OUTFILE_JOURNAL_MAGIC];
	struct flock fl;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return 0;	/* unreadable: the rename does not care */
	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK) {
		close(fd);
		return err_set(e, ERR_CANTCREAT, "%s: is locked by process "
		    "%ld (a journal that a running winnow is writing); an "
		    "output never replaces a journal", path, (long)fl.l_pid);
	}
	got = pread(fd, head, sizeof head, 0);
	close(fd);
	if (got == (ssize_t)sizeof head &&
	    memcmp(head, OUTFILE_JOURNAL_MAGIC, sizeof head - 1) == 0 &&
	    head[sizeof head - 1] == '\t')
		return err_set(e, ERR_CANTCREAT, "%s: is a winnow journal (it "
		    "begins with the journal's header); an output never "
		    "replaces a journal", path);
	return 0;
}

int
outfile_check(const char *path, const struct outfile_rule *r,
    int *special, struct err *e)
{
	static const struct outfile_rule none;
	struct stat st;
	char *cpath, *h;
	size_t i;
	int exists, same, rc = -1;

	if (!r)
		r = &none;
	if (special)
		*special = 0;
	if (!*path)
		return err_set(e, ERR_CANTCREAT, "an output needs a name");
	/* "-" reads as standard output everywhere a command takes it
	 * (pico --out -); a writer that reaches here does not, and a
	 * file named "-" in the working folder is never what was meant */
	if (strcmp(path, "-") == 0)
		return err_set(e, ERR_CANTCREAT, "-: this output is written to "
		    "a new file and renamed into place, not to standard "
		    "output; name a file (a pipe: /dev/stdout)");
	exists = stat(path, &st) == 0;
	cpath = canon(path);
	for (i = 0; i < r->nkeep; i++) {
		const struct outfile_keep *k = &r->keep[i];

		if (!k->path || strcmp(k->path, "-") == 0 ||
		    !same_as(cpath, exists, &st, k->path))
			continue;
		/* both names, unless they are one string */
		same = strcmp(path, k->path) == 0;
		if (k->output)
			err_set(e, ERR_CANTCREAT, "%s: is also %s%s%s; each "
			    "output needs a file of its own", path, k->what,
			    same ? "" : " ", same ? "" : k->path);
		else
			err_set(e, ERR_CANTCREAT, "%s: is the input file%s%s "
			    "(%s); an output never replaces an input", path,
			    same ? "" : " ", same ? "" : k->path, k->what);
		goto out;
	}
	if (exists && (h = held_path(&st))) {
		err_set(e, ERR_CANTCREAT, "%s: is the journal %s, which this "
		    "session is writing; an output never replaces a journal",
		    path, h);
		free(h);
		goto out;
	}
	if (!r->journal && journal_place(path)) {
		err_set(e, ERR_CANTCREAT, "%s: is where the journal of a "
		    "dataset goes (DATA.winnow/journal); an output never "
		    "goes there", path);
		goto out;
	}
	if (exists && S_ISDIR(st.st_mode)) {
		err_set(e, ERR_CANTCREAT, "%s: is a directory", path);
		goto out;
	}
	if (exists && S_ISREG(st.st_mode)) {
		if (check_journal(path, e) != 0)
			goto out;
		if (!r->force) {
			err_set(e, ERR_CANTCREAT, "%s: already exists (use "
			    "--force to replace it)", path);
			goto out;
		}
		if (r->own && !in_own_folder(path) &&
		    !begins_as(path, r->own)) {
			err_set(e, ERR_CANTCREAT, "%s: exists and is not a file "
			    "winnow keeps (it does not begin \"%s\"); left as "
			    "it is", path, r->own);
			goto out;
		}
	}
	if (exists && !S_ISREG(st.st_mode) && special)
		*special = 1;
	rc = 0;
out:
	free(cpath);
	return rc;
}

/* --- stale temporary files ----------------------------------------- */

/* Remove the temporary files of path left by processes that are gone;
 * name those of processes still running. */
static void
sweep(const char *path)
{
	char *dir = dir_of(path), *prefix, *full, *end;
	size_t plen;
	struct dirent *de;
	struct stat st;
	DIR *d;
	long pid;

	prefix = xasprintf(".%s.tmp-", base_of(path));
	plen = strlen(prefix);
	d = opendir(dir);
	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, prefix, plen) != 0)
			continue;
		errno = 0;
		pid = strtol(de->d_name + plen, &end, 10);
		if (errno || pid <= 0 || *end != '-' ||
		    end[1] < '0' || end[1] > '9' ||
		    end[1 + strspn(end + 1, "0123456789")] != '\0' ||
		    pid == (long)getpid())
			continue;
		full = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(full, &st) == 0 && S_ISREG(st.st_mode)) {
			if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
				log_warn("%s: a temporary file of process %ld, "
				    "which is still running (another winnow "
				    "writing %s?)", full, pid, path);
			else if (unlink(full) == 0)
				log_warn("%s: removed, a temporary file left "
				    "by process %ld, which has ended", full,
				    pid);
		}
		free(full);
	}
	if (d)
		closedir(d);
	free(prefix);
	free(dir);
}

/* --- writing ------------------------------------------------------- */

static void
hold_pipe(struct outfile *o)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	o->pipe_held = pthread_sigmask(SIG_BLOCK, &set, &o->oldmask) == 0;
}

/* Take back a SIGPIPE our writes raised, then unblock it. */
static void
release_pipe(struct outfile *o)
{
	static const struct timespec zero = { 0, 0 };
	sigset_t set, pend;

	if (!o->pipe_held)
		return;
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	if (!sigismember(&o->oldmask, SIGPIPE) && sigpending(&pend) == 0 &&
	    sigismember(&pend, SIGPIPE))
		sigtimedwait(&set, NULL, &zero);
	pthread_sigmask(SIG_SETMASK, &o->oldmask, NULL);
	o->pipe_held = 0;
}

/*
 * A FIFO opened for writing blocks until a reader comes, which in the
 * workbench (where Ctrl-C is a key, not a signal) would be a freeze.
 * Opened without blocking, no reader is ENXIO: a reader being started
 * beside winnow (`cat fifo & winnow ... --out fifo`) gets a moment to
 * come, then it is an error.
 */
static int
open_special(struct outfile *o, const struct outfile_rule *r, struct err *e)
{
	static const struct timespec step = { 0, 20 * 1000 * 1000 };
	int fl, tries;

	if (r && r->journal)
		return err_set(e, ERR_CANTCREAT, "%s: not a regular file (a "
		    "journal must be one)", o->path);
	for (tries = 0; tries < OUTFILE_READER_WAIT_MS / 20; tries++) {
		o->fd = open(o->path, O_WRONLY | O_NONBLOCK | O_NOCTTY |
		    O_CLOEXEC);
		if (o->fd >= 0 || errno != ENXIO)
			break;
		nanosleep(&step, NULL);
	}
	if (o->fd < 0) {
		if (errno == ENXIO)
			return err_set(e, ERR_CANTCREAT, "%s: no reader on the "
			    "FIFO (start the reader first)", o->path);
		return err_sys(e, ERR_CANTCREAT, errno, "%s: cannot open",
		    o->path);
	}
	/* the writes themselves may wait for the reader */
	fl = fcntl(o->fd, F_GETFL);
	if (fl != -1)
		fcntl(o->fd, F_SETFL, fl & ~O_NONBLOCK);
	hold_pipe(o);
	return 0;
}

static int
open_temp(struct outfile *o, struct err *e)
{
	static atomic_uint counter;
	char *dir = dir_of(o->path);
	int tries, err = 0;

	for (tries = 0; tries < 100; tries++) {
		o->tmp = xasprintf("%s/.%s.tmp-%ld-%u", dir, base_of(o->path),
		    (long)getpid(), atomic_fetch_add(&counter, 1));
		o->slot = reg(o->tmp);
		o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0666);
		if (o->fd >= 0) {
			free(dir);
			return 0;
		}
		err = errno;
		unreg(o->slot);
		o->slot = -1;
		free(o->tmp);
		o->tmp = NULL;
		if (err != EEXIST)
			break;
	}
	err_sys(e, ERR_CANTCREAT, err, "%s: cannot create the output (in %s)",
	    o->path, dir);
	free(dir);
	return -1;
}

/* Free what o holds and mark it ended. */
static void
end(struct outfile *o)
{
	release_pipe(o);
	unreg(o->slot);
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
	o->fd = -1;
	o->slot = -1;
}

int
outfile_open(struct outfile *o, const char *path,
    const struct outfile_rule *r, struct err *e)
{
	int special;

	memset(o, 0, sizeof *o);
	o->fd = -1;
	o->slot = -1;
	outfile_init();
	if (outfile_check(path, r, &special, e) != 0)
		return -1;
	o->path = xstrdup(path);
	o->force = r ? r->force : 0;
	o->special = special;
	if (r && r->journal && journal_place(path)) {
		/* DATA.winnow/, as journal_open() makes it */
		char *dir = dir_of(path);

		if (mkdir(dir, 0777) != 0 && errno != EEXIST)
			log_warn("%s: cannot make the folder: %s", dir,
			    strerror(errno));
		free(dir);
	}
	if (special ? open_special(o, r, e) : (sweep(path),
	    open_temp(o, e))) {
		end(o);
		return -1;
	}
	return 0;
}

int
outfile_write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	ssize_t w;

	while (n > 0) {
		w = outfile_write_hook ? outfile_write_hook(fd, s, n) :
		    write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int
outfile_write(struct outfile *o, const void *p, size_t n)
{
	if (o->err)
		return -1;
	if (outfile_write_all(o->fd, p, n) != 0) {
		o->err = errno;
		return -1;
	}
	return 0;
}

FILE *
outfile_stream(struct outfile *o)
{
	if (!o->f && o->fd >= 0)
		o->f = fdopen(o->fd, "w");
	return o->f;
}

void
outfile_sync_dir(const char *path)
{
	char *dir = dir_of(path);
	int fd = open(dir, O_RDONLY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

/* Close o's file; returns the first error (errno value) or 0. */
static int
close_out(struct outfile *o)
{
	int err = o->err;

	if (o->f) {
		errno = 0;
		if ((fflush(o->f) != 0 || ferror(o->f)) && !err)
			err = errno ? errno : EIO;
	}
	if (!err && !o->special && fsync(o->fd) != 0)
		err = errno;
	if ((o->f ? fclose(o->f) : close(o->fd)) != 0 && !err)
		err = errno;
	o->f = NULL;
	o->fd = -1;
	return err;
}

int
outfile_commit(struct outfile *o, struct err *e)
{
	int err, rc = 0;

	if (!o->path)
		return err_set(e, ERR_SOFTWARE, "an output committed twice");
	if ((err = close_out(o)) != 0) {
		rc = err_sys(e, ERR_IO, err, "%s: cannot write", o->path);
		if (o->tmp)
			unlink(o->tmp);
		end(o);
		return rc;
	}
	if (o->special) {
		end(o);
		return 0;
	}
	if (!o->force && link(o->tmp, o->path) == 0) {
		unlink(o->tmp);
	} else if (!o->force && errno == EEXIST) {
		rc = err_set(e, ERR_CANTCREAT, "%s: already exists (use "
		    "--force to replace it)", o->path);
		unlink(o->tmp);
	} else if (rename(o->tmp, o->path) != 0) {
		/* (no hard links on this file system: renamed) */
		rc = err_sys(e, ERR_CANTCREAT, errno, "%s: cannot create",
		    o->path);
		unlink(o->tmp);
	}
	if (rc == 0)
		outfile_sync_dir(o->path);
	end(o);
	return rc;
}

void
outfile_abort(struct outfile *o)
{
	if (!o->path)
		return;
	if (o->fd >= 0) {
		if (o->f)
			fclose(o->f);
		else
			close(o->fd);
	}
	if (o->tmp)
		unlink(o->tmp);
	end(o);
}
