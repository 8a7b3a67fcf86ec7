/*
 * rx.h - regular expressions for filters and searches (PCRE2, 8-bit).
 *
 * Patterns are compiled in UTF mode with PCRE2_MATCH_INVALID_UTF, so
 * subjects holding invalid UTF-8 (which data does) simply match or not;
 * they are never an error.  JIT is used when the library has it.  Every
 * match runs under a match limit, a depth limit, a heap limit and (JIT)
 * a bounded stack, so a pathological pattern on a long field ends with
 * "pattern too expensive" instead of hanging the program.
 *
 * Smart case (RX_SMARTCASE): the match ignores case unless the pattern
 * holds an upper-case ASCII letter of its own.  Letters that are part of
 * an escape (\S, \W, \D, \B, \p{Lu}, \x{1F}) do not count.
 *
 * WINNOW_NO_JIT set in the environment turns JIT off (valgrind cannot
 * follow JIT-compiled code; make valgrind sets it).
 *
 * A compiled struct rx is immutable and may be shared by threads; each
 * thread matches through its own struct rx_matcher.
 */
#ifndef WINNOW_RX_H
#define WINNOW_RX_H

#include <stddef.h>

#include "core/util/err.h"

enum {
	RX_ICASE = 1,		/* ignore case */
	RX_SMARTCASE = 2,	/* ignore case unless the pattern has capitals */
	RX_LITERAL = 4		/* the pattern is a plain string */
};

struct rx;
struct rx_matcher;

/*
 * Compile pat[0..n).  Returns a pattern the caller frees with rx_free(),
 * or NULL with e filled (ERR_USAGE): "bad pattern at offset 4: missing
 * closing parenthesis"; *erroff (when not NULL) gets the offset.
 */
struct rx *rx_compile(const char *pat, size_t n, unsigned flags,
    size_t *erroff, struct err *e);

/* Free a pattern; NULL is fine. */
void rx_free(struct rx *rx);

/* The pattern text as given (owned by rx). */
const char *rx_pattern(const struct rx *rx);

/* 1 when the match ignores case (after smart case was decided). */
int rx_icase(const struct rx *rx);

/* 1 when the pattern was JIT-compiled. */
int rx_jit(const struct rx *rx);

/* A per-thread matcher for rx (which must outlive it); caller frees. */
struct rx_matcher *rx_matcher_new(const struct rx *rx);
void rx_matcher_free(struct rx_matcher *m);

/*
 * Search s[start..n).  Returns 1 and sets *so, *eo (either may be NULL)
 * to the match's byte offsets; 0 when there is no match; -1 with e
 * filled (ERR_DATA, "pattern too expensive") when a limit was hit, or
 * another matching error.
 */
int rx_exec(struct rx_matcher *m, const char *s, size_t n, size_t start,
    size_t *so, size_t *eo, struct err *e);

/* 1 when s[0..n) matches, 0 when not, -1 as rx_exec. */
int rx_test(struct rx_matcher *m, const char *s, size_t n, struct err *e);

/* 1 when pat[0..n) holds an upper-case letter outside escapes. */
int rx_has_upper(const char *pat, size_t n);

#endif
