/*
 * err.c - filling error records.  Messages are truncated, never overflowed.
 */
#include "core/util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
err_clear(struct err *e)
{
	if (e) {
		e->code = 0;
		e->msg[0] = '\0';
	}
}

static void
err_vfill(struct err *e, int code, const char *file, long long line,
    long long col, int errnum, const char *fmt, va_list ap)
{
	size_t n = 0, cap = sizeof e->msg;
	int w;

	e->code = code;
	if (file && line > 0 && col > 0)
		w = snprintf(e->msg, cap, "%s:%lld:%lld: ", file, line, col);
	else if (file && line > 0)
		w = snprintf(e->msg, cap, "%s:%lld: ", file, line);
	else if (file)
		w = snprintf(e->msg, cap, "%s: ", file);
	else
		w = 0;
	if (w > 0)
		n = (size_t)w < cap ? (size_t)w : cap - 1;
	vsnprintf(e->msg + n, cap - n, fmt, ap);
	if (errnum) {
		n = strlen(e->msg);
		snprintf(e->msg + n, cap - n, ": %s", strerror(errnum));
	}
}

int
err_at(struct err *e, int code, const char *file, long long line,
    long long col, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	err_vfill(e, code, file, line, col, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_set(struct err *e, int code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	err_vfill(e, code, NULL, 0, 0, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_sys(struct err *e, int code, int errnum, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	err_vfill(e, code, NULL, 0, 0, errnum, fmt, ap);
	va_end(ap);
	return -1;
}

static void (*bug_hook)(void);

void
err_set_bug_hook(void (*hook)(void))
{
	bug_hook = hook;
}

void
err_bug(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	if (bug_hook) {
		void (*hook)(void) = bug_hook;

		bug_hook = NULL;	/* a BUG inside the hook must not loop */
		hook();
	}
	fprintf(stderr, "winnow: BUG at %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}
