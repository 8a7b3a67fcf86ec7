/*
 * rowsave.h - rows of a table as CSV text: one record (what the Table's
 * Y copies) or a file of the rows a view shows (the workbench's :save).
 *
 * A record is the row's cells as they were loaded (the file's quoting
 * undone), joined by a delimiter and quoted only where a field needs it
 * (export_needs_quotes()), so it reads back as the same cells.  A saved
 * file is the column names, then the rows in the order given, each line
 * ended by "\n"; it goes through the output rule (core/util/outfile.h):
 * never the input, a journal or a file the caller keeps, an existing
 * file replaced only with force, written to a temporary name and renamed.
 */
#ifndef WINNOW_ROWSAVE_H
#define WINNOW_ROWSAVE_H

#include <stdint.h>

#include "core/data/table.h"
#include "core/util/err.h"
#include "core/util/io/bytebuf.h"
#include "core/util/outfile.h"

/* Append row row of t as one record with delimiter delim, no line
 * ending, to b. */
void rowsave_record(const struct table *t, uint64_t row, int delim,
    struct bytebuf *b);

/*
 * Write t's column names and rows[0..n) of t, comma-separated, to path
 * under rule r.  Errors: ERR_CANTCREAT (the rule refuses path, or it
 * cannot be made), ERR_IO (a write failed; nothing is left behind).
 */
int rowsave_write(const struct table *t, const uint32_t *rows, uint64_t n,
    const char *path, const struct outfile_rule *r, struct err *e);

#endif
