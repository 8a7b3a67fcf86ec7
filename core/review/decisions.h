/*
 * decisions.h - a journal's decisions as JSON Lines, for the tools
 * downstream that cannot read the journal's own format.
 *
 * One object per effective decision (lines cancelled by an undo, the
 * undo lines themselves and the commit lines of bulk groups are left
 * out), in journal order:
 *
 *   {"seq":12,"key":"55","action":"accept","old_label":"virginica",
 *    "new_label":"versicolor","reviewer":"ann",
 *    "time":"2024-05-01T12:34:56.789Z","note":null,"round":1,
 *    "posterior":0.99,"final":true}
 *
 * key is the row's key (table_key()); action the journal's type name;
 * old_label the row's label when it was decided (null: not recorded);
 * new_label the label the decision sets (accept, pick, relabel, new;
 * null for the others); refused, on a reject, the suggestion refused
 * when it was recorded; round and posterior null when none was shown;
 * final is true on the line that is the row's current verdict.  Strings
 * are UTF-8, a byte that is not becoming U+FFFD (jsonw.h).
 */
#ifndef WINNOW_DECISIONS_H
#define WINNOW_DECISIONS_H

#include <stdio.h>

#include "core/review/journal.h"
#include "core/util/err.h"
#include "core/util/jsonw.h"

/* Write j's decisions to f.  Returns the number written, or -1 with e
 * filled (ERR_IO) when f reports an error. */
long long decisions_write_jsonl(const struct journal *j, FILE *f,
    struct err *e);

/* "k": the journal string id (journal_str()), or null for JOURNAL_NONE;
 * how the decisions, the report and merge's conflicts write a label or
 * a reviewer. */
void decisions_kv_str(struct jsonw *w, const struct journal *j,
    const char *k, uint32_t id);

#endif
