/*
 * xalloc.h - allocation that never returns NULL.
 *
 * Out of memory is fatal: the hook (the terminal front end installs one
 * that restores the terminal) runs, a message goes to stderr and the
 * process exits with status 71.  Sizes are checked for overflow.
 */
#ifndef WINNOW_XALLOC_H
#define WINNOW_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Reallocate p to nmemb * size bytes, failing on overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Grow an array so that it holds at least need elements: *cap doubles
 * (starting at 16).  Returns the possibly moved array.
 */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);

/* Called once before exiting on out-of-memory (e.g. endwin). */
void xalloc_set_fatal_hook(void (*hook)(void));

#endif
