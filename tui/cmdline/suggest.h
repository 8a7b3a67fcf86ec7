/*
 * suggest.h - "did you mean": the known word nearest to a mistyped one,
 * for the : commands and the subcommands.
 */
#ifndef WINNOW_SUGGEST_H
#define WINNOW_SUGGEST_H

#include <stddef.h>

/*
 * The word of words[0..n) nearest to typed by edit distance (a letter
 * inserted, deleted, changed, or two neighbours swapped), when it is
 * near enough to be a typo: none for one or two letters, at most 1 edit
 * for three or four, 2 for longer; the first such word on a tie.  NULL
 * when none is (an exact match is not a suggestion).
 * The result is one of words (borrowed).
 */
const char *suggest_word(const char *typed, const char *const *words,
    size_t n);

#endif
