/*
 * utf8.h - what a valid UTF-8 sequence is (RFC 3629): no overlong forms,
 * no surrogate code points, nothing above U+10FFFF.  The JSON writer
 * needs it to escape, the JSON Lines scanner to check.
 */
#ifndef WINNOW_UTF8_H
#define WINNOW_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s (n >= 1 bytes left), or 0
 * when the bytes there are not one.  *cp (when not NULL) gets its code
 * point. */
size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp);

/* Write code point cp (at most U+10FFFF, no surrogate) as UTF-8 into
 * out (4 bytes of room); returns the length. */
size_t utf8_put(uint32_t cp, char *out);

#endif
