/*
 * textout.h - escaping untrusted text for the terminal and fitting it to
 * a width (the command-line subcommands' output).
 */
#ifndef WINNOW_TEXTOUT_H
#define WINNOW_TEXTOUT_H

#include <stddef.h>
#include <stdio.h>

/* A growing string; start as { NULL, 0, 0 }, free s when done. */
struct textout {
	char *s;
	size_t n, cap;
};

/* 1 when the locale's character set is UTF-8 (set by textout_init). */
extern int textout_utf8;

/* setlocale(LC_CTYPE, "") and find the character set. */
void textout_init(void);

void textout_putn(struct textout *b, const char *s, size_t n);
void textout_puts(struct textout *b, const char *s);

/* Append s[0 .. n) to b, escaped for the terminal. */
void textout_esc_to(struct textout *b, const char *s, size_t n);

/* A new escaped copy of s[0 .. n); caller frees. */
char *textout_esc(const char *s, size_t n);

/* Display columns of an (escaped) string. */
int textout_width(const char *s);

/* Append escaped s to b cut to at most w columns (an ellipsis when cut);
 * returns the columns used. */
int textout_fit_to(struct textout *b, const char *s, int w);

/* Print escaped s in exactly w columns, padded on the right (or on the
 * left when right is set). */
void textout_put_fit(FILE *f, const char *s, int w, int right);

#endif
