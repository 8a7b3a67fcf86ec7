/*
 * xalloc.c - checked allocation.  The only exit() in core: out of memory
 * cannot be reported as a value by every caller, so it ends the process
 * after the front end's hook has restored the terminal.
 */
#define _DEFAULT_SOURCE 1	/* mallopt */
#include "core/util/xalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static void (*fatal_hook)(void);

/*
 * Big blocks always get a mapping of their own, so that growing one is a
 * mremap (no copy) and freeing one gives it back: glibc's default raises
 * that threshold as blocks are freed, and a million-row column would then
 * be copied on every doubling.
 */
__attribute__((constructor)) static void
xalloc_tune(void)
{
#ifdef __GLIBC__
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
}

void
xalloc_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

static _Noreturn void
oom(size_t n)
{
	if (fatal_hook)
		fatal_hook();
	fprintf(stderr, "winnow: out of memory (allocating %zu bytes)\n", n);
	exit(71);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	p = calloc(nmemb, size);
	if (!p)
		oom(nmemb * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	return xrealloc(p, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	p = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void *
xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	*cap = xgrow_cap(*cap, need);
	return xreallocarray(p, *cap, size);
}

size_t
xgrow_cap(size_t cap, size_t need)
{
	if (need <= cap)
		return cap;
	if (cap < 16)
		cap = 16;
	while (cap < need) {
		if (cap > SIZE_MAX / 2)
			oom(SIZE_MAX);
		cap *= 2;
	}
	return cap;
}

void
xfree_all(void *const *p, size_t n)
{
	while (n > 0)
		free(p[--n]);
}

void
xfree_strv(char **v, size_t n)
{
	while (v && n > 0)
		free(v[--n]);
	free(v);
}
