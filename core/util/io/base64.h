/*
 * base64.h - the base64 of RFC 4648 (with padding), for the terminal's
 * clipboard sequence (OSC 52), which carries its text that way.
 */
#ifndef WINNOW_BASE64_H
#define WINNOW_BASE64_H

#include <stddef.h>

/* The characters base64_encode() makes of n bytes, NUL aside. */
size_t base64_len(size_t n);

/* p[0..n) in base64 into out (base64_len(n) + 1 bytes, NUL-terminated);
 * returns base64_len(n). */
size_t base64_encode(const void *p, size_t n, char *out);

#endif
