/*
 * tokens.h - the words of a text cell, one way for every part of winnow
 * that reads text as words (the checkers' features, the text
 * association): a token is a run of ASCII letters and digits and of
 * bytes >= 0x80 (so multibyte UTF-8 characters stay inside tokens),
 * compared with ASCII lower-cased.
 */
#ifndef WINNOW_TOKENS_H
#define WINNOW_TOKENS_H

#include <stddef.h>

/* 1 when byte c belongs in a token. */
static inline int
tokens_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Copy s[0 .. n) to dst[0 .. n), ASCII letters lower-cased. */
void tokens_lower(char *dst, const char *s, size_t n);

/*
 * The next token of s[0 .. n) at or after *at: returns 1 with the token
 * at s[*start .. *start + *len) and *at past it, or 0 when there is none.
 */
int tokens_next(const char *s, size_t n, size_t *at, size_t *start,
    size_t *len);

#endif
