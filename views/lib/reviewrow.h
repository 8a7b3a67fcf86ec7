/*
 * reviewrow.h - what the Flagged and Review views both say about a row:
 * its class names, its verdict so far, and which column gives a snippet.
 */
#ifndef WINNOW_REVIEWROW_H
#define WINNOW_REVIEWROW_H

#include <stddef.h>
#include <stdint.h>

#include "views/view.h"

struct review;

/* The name of class c, or "-" (borrowed). */
const char *reviewrow_class(const struct view_env *env, uint32_t c);

/*
 * The first free-text column that is neither the label nor the key, else
 * the first such column of any type; -1 when there is none.
 */
int reviewrow_text_col(const struct view_env *env);

/*
 * The row's verdict in rv (NULL: no session yet) in a few words into buf
 * ("now b", "dropped", "kept a"; "skipped" or "" when undecided);
 * returns 1 when it has one.
 */
int reviewrow_verdict(const struct view_env *env, const struct review *rv,
    uint32_t row, char *buf, size_t size);

#endif
