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

/*
 * The capacity xgrow would give an array of cap elements to hold need:
 * cap itself when it is enough, else cap doubled (from 16) until it is.
 * For parallel arrays that grow together: each is reallocated to it
 * (xreallocarray) and the one capacity kept.
 */
size_t xgrow_cap(size_t cap, size_t need);

/*
 * free() each of the n pointers p[] (any may be NULL).  FREE_ALL(a, b,
 * ...) frees its arguments: the many buffers of a release function in
 * one call.
 */
void xfree_all(void *const *p, size_t n);

/* free() each of the n strings v[] (any may be NULL), then v: a list of
 * strings it owns (v may be NULL, then there is nothing to free). */
void xfree_strv(char **v, size_t n);
#define FREE_ALL(...) xfree_all((void *const []){ __VA_ARGS__ }, \
	sizeof (void *const []){ __VA_ARGS__ } / sizeof (void *))

/* Called once before exiting on out-of-memory (e.g. endwin). */
void xalloc_set_fatal_hook(void (*hook)(void));

#endif
