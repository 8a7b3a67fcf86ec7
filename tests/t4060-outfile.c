/*
 * t4060-outfile - the output rule (core/util/outfile.h): which files an
 * output may never be, and how one is written: through a temporary file
 * that no error path, signal or size limit leaves behind, and into a
 * FIFO without hanging or dying of SIGPIPE.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/data/fingerprint.h"
#include "core/review/journal.h"
#include "core/util/outfile.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

/* Temporary files of outputs in test_dir(); -1 when it cannot be read,
 * so that "none" is never the answer of a search that did not happen. */
static int
temps(void)
{
	DIR *d = opendir(test_dir());
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)))
		n += strstr(de->d_name, ".tmp-") != NULL;
	closedir(d);
	return n;
}

static int
refused(const char *path, const struct outfile_rule *r, const char *what,
    struct err *e)
{
	err_clear(e);
	if (outfile_check(path, r, NULL, e) == 0)
		return 0;
	if (e->code != ERR_CANTCREAT || !strstr(e->msg, what)) {
		diag("%s", e->msg);
		return 0;
	}
	return 1;
}

static void
test_rule(void)
{
	char *data = tpath("d.csv"), *link_ = tpath("link.csv"),
	    *hard = tpath("hard.csv"), *out = tpath("out.csv"),
	    *out2 = tpath("./out.csv"), *x = tpath("x.txt"),
	    *dir = tpath("sub"), *jlike = tpath("j.txt"),
	    *place = tpath("d.csv.winnow/journal");
	struct outfile_keep keep[2] = {
		{ NULL, "the dataset", 0 }, { NULL, "the --out file", 1 }
	};
	struct outfile_rule r = { keep, 2, 0, 0, NULL };
	static const char header[] = OUTFILE_JOURNAL_MAGIC "\t1\tsize=0\n",
	    lookalike[] = OUTFILE_JOURNAL_MAGIC "s\n";
	struct err e;

	keep[0].path = data;
	keep[1].path = out;
	write_file(data, "id,label\n1,a\n", 13);
	ok(refused(data, &r, "is the input file (the dataset)", &e),
	    "the dataset: refused");
	r.force = 1;
	ok(refused(data, &r, "an output never replaces an input", &e),
	    "even with force");
	symlink(data, link_);
	ok(refused(link_, &r, data, &e) && strstr(e.msg, link_),
	    "through a link: refused, naming both paths");
	link(data, hard);
	ok(refused(hard, &r, "the dataset", &e), "a hard link: refused");
	ok(refused(out2, &r, "is also the --out file", &e) &&
	    strstr(e.msg, out), "another output of the command, before "
	    "either exists: refused, naming both");
	r.force = 0;
	write_file(x, "mine", 4);
	ok(refused(x, &r, "already exists (use --force", &e),
	    "an unrelated existing file: kept without force");
	r.force = 1;
	ok(outfile_check(x, &r, NULL, &e) == 0, "replaced with force");
	mkdir(dir, 0777);
	ok(refused(dir, &r, "is a directory", &e), "a directory: refused");
	write_file(jlike, header, sizeof header - 1);
	ok(refused(jlike, &r, "is a winnow journal", &e),
	    "a file that begins with the journal's header: refused, even "
	    "with force");
	write_file(jlike, lookalike, sizeof lookalike - 1);
	ok(outfile_check(jlike, &r, NULL, &e) == 0, "but not one that only "
	    "looks like it");
	ok(refused(place, &r, "DATA.winnow/journal", &e),
	    "the place of a dataset's journal: refused while empty");
	r.journal = 1;
	ok(outfile_check(place, &r, NULL, &e) == 0, "except for a new "
	    "journal");
	FREE_ALL(data, link_, hard, out, out2, x, dir, jlike, place);
}

/* A write lock on the whole file, to take or to ask about. */
static void
whole_file(struct flock *fl)
{
	memset(fl, 0, sizeof *fl);
	fl->l_type = F_WRLCK;
	fl->l_whence = SEEK_SET;
}

/* A file winnow keeps for itself (rule.own) never replaces a user's
 * file of the same name; in a DATA.winnow folder a damaged one does. */
static void
test_own(void)
{
	struct outfile_rule own = { NULL, 0, 1, 0, "WNTEST" };
	char *user = tpath("j.pico-cache"), *cut = tpath("cut.cache"),
	    *mine = tpath("mine.cache"), *dir = tpath("d.csv.winnow"),
	    *bad = tpath("d.csv.winnow/pico.cache");
	struct err e;

	write_file(user, "my notes\n", 9);
	ok(refused(user, &own, "not a file winnow keeps", &e),
	    "a user's file with the name: refused, even with force");
	write_file(mine, "WNTEST and more", 15);
	ok(outfile_check(mine, &own, NULL, &e) == 0, "one of its own: "
	    "replaced");
	write_file(cut, "WNT", 3);
	ok(outfile_check(cut, &own, NULL, &e) == 0, "a cut one: replaced");
	if (mkdir(dir, 0777) != 0)
		die("mkdir %s", dir);
	write_file(bad, "garbage", 7);
	ok(outfile_check(bad, &own, NULL, &e) == 0, "a damaged one in a "
	    "DATA.winnow folder: replaced");
	FREE_ALL(user, cut, mine, dir, bad);
}

/* The journals this process writes, and those other processes lock. */
static void
test_journals(void)
{
	char *data = tpath("j.csv"), *jp = tpath("held.j"),
	    *alias = tpath("alias.j"), *plain = tpath("locked.txt");
	struct outfile_rule force = { NULL, 0, 1, 0, NULL };
	struct journal *j;
	struct flock fl;
	struct err e;
	int st, fd, sync[2];
	pid_t pid;
	char c;

	write_file(data, "id,label\n1,a\n", 13);
	if (!(j = test_journal(jp, data, NULL, 0, &e)))
		die("%s", e.msg);
	symlink(jp, alias);
	ok(j && refused(alias, &force, "which this session is writing", &e)
	    && strstr(e.msg, jp), "a journal this process writes, through a "
	    "link: refused, naming it");
	/* the check must not have dropped the lock: ask from outside */
	pid = fork();
	if (pid == 0) {
		fd = open(jp, O_RDONLY);
		whole_file(&fl);
		_exit(fd >= 0 && fcntl(fd, F_GETLK, &fl) == 0 &&
		    fl.l_type != F_UNLCK ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "and its lock still holds");
	journal_close(j);
	ok(refused(jp, &force, "is a winnow journal", &e), "closed, it is "
	    "still a journal by its header");

	/* a file another process locks, as a running winnow its journal */
	write_file(plain, "x\n", 2);
	if (pipe(sync) != 0)
		BUG("pipe");
	pid = fork();
	if (pid == 0) {
		fd = open(plain, O_RDWR);
		whole_file(&fl);
		c = fcntl(fd, F_SETLK, &fl) == 0 ? 'y' : 'n';
		if (write(sync[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	c = 0;
	if (read(sync[0], &c, 1) != 1)
		c = 0;
	ok(c == 'y' && refused(plain, &force, "is locked by process", &e),
	    "a file another process holds locked: refused");
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	close(sync[0]);
	close(sync[1]);
	FREE_ALL(data, jp, alias, plain);
}

static void
test_write(void)
{
	char *out = tpath("w.csv"), *tmp;
	struct outfile_rule none = { NULL, 0, 0, 0, NULL };
	struct outfile of;
	struct err e;
	char *b;
	size_t n;
	FILE *f;

	if (!ok(outfile_open(&of, out, &none, &e) == 0 && of.tmp &&
	    access(of.tmp, F_OK) == 0 && access(out, F_OK) != 0,
	    "open: a temporary file beside the output, no output yet")) {
		free(out);
		return;
	}
	tmp = xstrdup(of.tmp);
	ok(strncmp(tmp, test_dir(), strlen(test_dir())) == 0 &&
	    strncmp(tmp + strlen(test_dir()), "/.w.csv.tmp-", 12) == 0,
	    "named .NAME.tmp-PID-N");
	outfile_write(&of, "hello\n", 6);
	ok(outfile_commit(&of, &e) == 0, "commit");
	b = slurp(out, &n);
	ok(n == 6 && memcmp(b, "hello\n", 6) == 0 && access(tmp, F_OK) != 0,
	    "the output in place, the temporary file gone");
	free(b);
	free(tmp);

	ok(outfile_open(&of, out, &none, &e) < 0, "now it exists: refused "
	    "without force");
	unlink(out);
	ok(outfile_open(&of, out, &none, &e) == 0, "gone again: opened");
	write_file(out, "theirs", 6);
	outfile_write(&of, "mine", 4);
	ok(outfile_commit(&of, &e) < 0 && e.code == ERR_CANTCREAT &&
	    strstr(e.msg, "already exists"), "a file that appeared meanwhile "
	    "is not replaced without force");
	b = slurp(out, &n);
	ok(n == 6 && memcmp(b, "theirs", 6) == 0 && temps() == 0,
	    "it is left as it was, and no temporary file");
	free(b);

	none.force = 1;
	ok(outfile_open(&of, out, &none, &e) == 0, "with force");
	outfile_abort(&of);
	b = slurp(out, &n);
	ok(n == 6 && temps() == 0, "abort: the output untouched, no "
	    "temporary file");
	free(b);

	ok(outfile_open(&of, out, &none, &e) == 0 &&
	    (f = outfile_stream(&of)) && fprintf(f, "%d\n", 42) == 3 &&
	    outfile_commit(&of, &e) == 0, "a stdio stream on the output");
	b = slurp(out, &n);
	ok(n == 3 && memcmp(b, "42\n", 3) == 0, "written through it");
	free(b);

	ok(outfile_open(&of, test_dir(), &none, &e) < 0 &&
	    e.code == ERR_CANTCREAT, "a directory cannot be an output");
	free(out);
}

static ssize_t
enospc(int fd, const void *p, size_t n)
{
	(void)fd;
	(void)p;
	(void)n;
	errno = ENOSPC;
	return -1;
}

/* Write n bytes to out in a child with the given file size limit (0:
 * none) and write hook; exits 0 when the commit fails with ERR_IO
 * naming want, 1 otherwise. */
static int
child_write(const char *out, rlim_t limit, int hook, const char *want)
{
	struct outfile_rule force = { NULL, 0, 1, 0, NULL };
	struct outfile of;
	struct rlimit rl;
	struct err e;
	char buf[4096];
	int st, i;
	pid_t pid = fork();

	if (pid == 0) {
		outfile_init();
		if (limit) {
			rl.rlim_cur = rl.rlim_max = limit;
			setrlimit(RLIMIT_FSIZE, &rl);
		}
		if (hook)
			outfile_write_hook = enospc;
		memset(buf, 'x', sizeof buf);
		if (outfile_open(&of, out, &force, &e) != 0)
			_exit(2);
		for (i = 0; i < 4; i++)
			outfile_write(&of, buf, sizeof buf);
		_exit(outfile_commit(&of, &e) < 0 && e.code == ERR_IO &&
		    strstr(e.msg, want) ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	return st;
}

static void
test_faults(void)
{
	char *out = tpath("big.csv");
	int st;

	st = child_write(out, 1000, 0, "File too large");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a file size limit is "
	    "EFBIG, an I/O error, not SIGXFSZ");
	ok(temps() == 0 && access(out, F_OK) != 0, "no temporary file, no "
	    "output");
	st = child_write(out, 0, 1, "No space left");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a full disk is ENOSPC, "
	    "an I/O error");
	ok(temps() == 0 && access(out, F_OK) != 0, "no temporary file, no "
	    "output");
	free(out);
}

static void
test_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct outfile_rule none = { NULL, 0, 0, 0, NULL };
	char *out = tpath("sig.csv");
	struct outfile of;
	struct err e;
	size_t i;
	int st, had;
	pid_t pid;

	for (i = 0; i < 3; i++) {
		pid = fork();
		if (pid == 0) {
			outfile_init();
			if (outfile_open(&of, out, &none, &e) != 0)
				_exit(2);
			outfile_write(&of, "part", 4);
			raise(sigs[i]);
			_exit(3);
		}
		waitpid(pid, &st, 0);
		had = temps();
		ok(WIFSIGNALED(st) && WTERMSIG(st) == sigs[i] && had == 0 &&
		    access(out, F_OK) != 0, "%s mid-write: the process ends by "
		    "it, leaving no temporary file and no output",
		    strsignal(sigs[i]));
	}
	free(out);
}

static void
test_stale(void)
{
	struct outfile_rule none = { NULL, 0, 0, 0, NULL };
	char *out = tpath("st.csv"), *dead, *live;
	struct outfile of;
	struct err e;
	pid_t pid;
	int st;

	/* a process that has ended: its pid is free */
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, &st, 0);
	dead = xasprintf("%s/.st.csv.tmp-%ld-0", test_dir(), (long)pid);
	live = xasprintf("%s/.st.csv.tmp-%ld-7", test_dir(), (long)getppid());
	write_file(dead, "left", 4);
	write_file(live, "busy", 4);
	warnings[0] = '\0';
	ok(outfile_open(&of, out, &none, &e) == 0, "an output with "
	    "temporary files beside it");
	outfile_abort(&of);
	ok(access(dead, F_OK) != 0 && strstr(warnings, "removed") &&
	    strstr(warnings, dead), "one of a process that ended: removed, "
	    "and said so");
	ok(access(live, F_OK) == 0 && strstr(warnings, "still running") &&
	    strstr(warnings, live), "one of a running process: named, and "
	    "left");
	unlink(live);
	FREE_ALL(dead, live, out);
}

static void
test_fifo(void)
{
	struct outfile_rule none = { NULL, 0, 0, 0, NULL };
	char *ff = tpath("ff"), buf[1 << 16];
	struct outfile of;
	struct err e;
	int go[2], ready[2], st, i;
	sigset_t pend;
	pid_t pid;
	char c = 0;

	mkfifo(ff, 0666);
	ok(outfile_open(&of, ff, &none, &e) < 0 && e.code == ERR_CANTCREAT &&
	    strstr(e.msg, "no reader on the FIFO"), "a FIFO without a "
	    "reader: an error after a moment, not a hang");
	/* a reader that opens, then goes away */
	if (pipe(go) != 0 || pipe(ready) != 0)
		BUG("pipe");
	pid = fork();
	if (pid == 0) {
		int fd = open(ff, O_RDONLY | O_NONBLOCK);

		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(1);
		close(fd);
		_exit(0);
	}
	if (read(ready[0], &c, 1) != 1)
		BUG("sync");
	ok(outfile_open(&of, ff, &none, &e) == 0 && of.special && !of.tmp,
	    "with a reader: written in place");
	if (write(go[1], "g", 1) != 1)
		BUG("sync");
	waitpid(pid, &st, 0);
	memset(buf, 'y', sizeof buf);
	for (i = 0; i < 4; i++)
		outfile_write(&of, buf, sizeof buf);
	ok(outfile_commit(&of, &e) < 0 && e.code == ERR_IO &&
	    strstr(e.msg, "Broken pipe"), "the reader gone: EPIPE, an I/O "
	    "error, and this process lives");
	sigpending(&pend);
	ok(!sigismember(&pend, SIGPIPE), "no SIGPIPE left pending");
	ok(access(ff, F_OK) == 0, "the FIFO is still there");
	close(go[0]);
	close(go[1]);
	close(ready[0]);
	close(ready[1]);
	free(ff);
}

int
main(void)
{
	log_set_sink(capture, NULL);
	test_rule();
	test_own();
	test_journals();
	test_write();
	test_faults();
	test_signals();
	test_stale();
	test_fifo();
	return done_testing();
}
