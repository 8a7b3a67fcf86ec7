/*
 * outfile.h - the one rule every writer of a file the user names
 * follows: what may be written, and how.
 *
 * What: an output is never one of the command's inputs, never another
 * output of the same command, and never a journal, which holds a
 * reviewer's decisions.  A journal is a file this process writes as a
 * journal (outfile_hold()), a file another process holds a write lock
 * on (journals are locked by their writer), a file that begins with the
 * journal's header (OUTFILE_JOURNAL_MAGIC), or the place of one,
 * DATA.winnow/journal, even while no file is there (only a new journal
 * may be made there).  Files are the same when they have the same
 * device and inode after following links, or, for names with no file
 * yet, the same resolved path.  An existing regular file that is none
 * of these is replaced only with force (--force, :w!).  A refusal is
 * ERR_CANTCREAT with a message naming both paths.
 *
 * How: a regular output is written to a temporary file in its own
 * folder (".NAME.tmp-PID-N"), synced, then renamed over NAME (linked,
 * when NAME must not exist), and the folder is synced: a reader sees
 * the old file or the whole new one.  Temporary files are registered
 * while they live: every error path removes them, and so does the
 * handler that outfile_init() installs for SIGINT, SIGTERM and SIGHUP.
 * One left behind by a process that was killed outright is removed by
 * the next writer of the same output, or named when its process still
 * runs.  SIGXFSZ is ignored, so a file size limit is an EFBIG error like
 * a full disk's ENOSPC: write errors are ERR_IO.  A FIFO, a terminal or
 * another device is written in place, opened without blocking (a FIFO
 * with no reader within OUTFILE_READER_WAIT_MS is an error, never a
 * hang) and with SIGPIPE held back (a reader that goes away is an EPIPE
 * error).
 */
#ifndef WINNOW_OUTFILE_H
#define WINNOW_OUTFILE_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/util/err.h"

/* The first word of a journal's header line (core/review/journal.h),
 * followed there by a tab. */
#define OUTFILE_JOURNAL_MAGIC "winnow-journal"

/* How long a FIFO output waits for a reader before it is an error. */
#define OUTFILE_READER_WAIT_MS 2000

/*
 * At program start, before any other thread: SIGXFSZ ignored; SIGINT,
 * SIGTERM and SIGHUP (unless ignored) remove the live temporary files,
 * then take their course as the handler found in place would have.
 * Calling it again does nothing; outfile_open() calls it.
 */
void outfile_init(void);

/* A file an output must not be. */
struct outfile_keep {
	const char *path;	/* NULL: an empty slot, skipped */
	const char *what;	/* "the dataset", "the --out file" */
	int output;		/* 1: another output of the command;
				 * 0: one of its inputs */
};

struct outfile_rule {
	const struct outfile_keep *keep;
	size_t nkeep;
	int force;		/* replace an unrelated existing file */
	int journal;		/* the output is a new journal: it may be
				 * made at DATA.winnow/journal (the
				 * folder is made when missing) */
	const char *own;	/* with force, NULL, or the bytes a file
				 * winnow keeps for itself begins with
				 * (a cache, a view file): an existing
				 * file is replaced only when it begins
				 * so (or is a cut copy, or empty), so
				 * one never replaces a user's file */
};

/*
 * Whether path may be written under r (NULL: nothing kept, no force),
 * without changing anything on disk.  Sets *special (when not NULL) to
 * 1 for a FIFO or device, written in place.  Errors: ERR_CANTCREAT.
 */
int outfile_check(const char *path, const struct outfile_rule *r,
    int *special, struct err *e);

/* An output being written.  The fields are read-only for callers. */
struct outfile {
	char *path;
	char *tmp;		/* the temporary file; NULL when written in
				 * place */
	int fd;
	int special;		/* a FIFO or device, written in place */
	int force;
	int err;		/* errno of the first failed write */
	FILE *f;		/* outfile_stream()'s, or NULL */
	int slot;		/* in the registry of temporary files; -1 */
	int pipe_held;		/* SIGPIPE blocked by this output */
	sigset_t oldmask;
};

/*
 * Check path under r and open it for writing: a new temporary file, or
 * the FIFO or device itself.  Stale temporary files of path are removed
 * (or named) first.  On success o must be ended with outfile_commit()
 * or outfile_abort().  Errors: ERR_CANTCREAT.
 */
int outfile_open(struct outfile *o, const char *path,
    const struct outfile_rule *r, struct err *e);

/* Write n bytes; returns 0, or -1 once a write has failed (o->err). */
int outfile_write(struct outfile *o, const void *p, size_t n);

/* A stdio stream on the output (made once; owned by o), or NULL when
 * one cannot be made.  Do not mix with outfile_write(). */
FILE *outfile_stream(struct outfile *o);

/*
 * Flush, sync, close, and put the file in place (for a regular output:
 * renamed, or linked when it must not replace an existing file; the
 * folder synced).  Ends o either way.  Errors: ERR_IO for a failed
 * write, flush or sync (EFBIG, ENOSPC, EPIPE ...), ERR_CANTCREAT when
 * the file cannot be put in place (an output of that name appeared
 * meanwhile and force is off).
 */
int outfile_commit(struct outfile *o, struct err *e);

/* Give up: close and remove the temporary file.  Ends o; a no-op on an
 * output already ended. */
void outfile_abort(struct outfile *o);

/*
 * Mark the file open on fd (at path) as a journal this process writes:
 * no output may replace it.  outfile_unhold() before closing fd.
 */
void outfile_hold(const char *path, int fd);
void outfile_unhold(int fd);

/*
 * write(2) all of p[0..n) through outfile_write_hook, retrying on EINTR
 * and short writes; returns 0, or -1 with errno (EIO for a write that
 * makes no progress).
 */
int outfile_write_all(int fd, const void *p, size_t n);

/*
 * The write(2) that outfile_write_all() calls: tests point it at a fault
 * simulator that fails the Nth write (short, ENOSPC, EFBIG), in the
 * manner of SQLite's; NULL or write for the real thing.
 */
extern ssize_t (*outfile_write_hook)(int fd, const void *p, size_t n);

/* fsync the folder that holds path, so a rename or creation in it is on
 * disk (errors ignored: some file systems cannot sync a folder). */
void outfile_sync_dir(const char *path);

#endif
