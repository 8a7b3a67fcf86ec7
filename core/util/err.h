/*
 * err.h - errors as values.
 *
 * A core function that can fail returns -1 (or NULL) and fills a
 * caller-owned struct err: the message already carries its location
 * ("iris.csv:12:7: unterminated quoted field") and the exit status the
 * command line should use.  Core never prints or exits; the caller decides
 * what the user sees.
 */
#ifndef WINNOW_ERR_H
#define WINNOW_ERR_H

#include <stdarg.h>

/* Exit statuses, as sysexits.h names them. */
enum {
	ERR_OK = 0,
	ERR_USAGE = 64,		/* bad command line */
	ERR_DATA = 65,		/* bad input data */
	ERR_NOINPUT = 66,	/* cannot open or read an input */
	ERR_SOFTWARE = 70,	/* internal error */
	ERR_CANTCREAT = 73,	/* cannot create an output */
	ERR_IO = 74,		/* input/output error */
	ERR_CANCEL = 130	/* cancelled by the user */
};

struct err {
	int code;		/* one of the ERR_ values; 0 when clear */
	char msg[1024];		/* full message, location first */
};

/* Clear an error record. */
void err_clear(struct err *e);

/*
 * Fill e (which may be NULL) with code and a message prefixed by
 * "file:line:col: ", "file:line: " or "file: " as far as those are known
 * (file NULL, line or col 0 mean unknown).  Always returns -1 so callers can
 * write `return err_at(...)`.
 */
int err_at(struct err *e, int code, const char *file, long long line,
    long long col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* err_at without a location. */
int err_set(struct err *e, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Like err_set, appending ": strerror(errno)" for the given errnum. */
int err_sys(struct err *e, int code, int errnum, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * An invariant broke: report file and line and abort.  The hook (one per
 * process, NULL for none) runs first, so a front end can leave the
 * screen it drew before the report is printed where the user sees it.
 */
void err_set_bug_hook(void (*hook)(void));
#define BUG(...) err_bug(__FILE__, __LINE__, __VA_ARGS__)
_Noreturn void err_bug(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
