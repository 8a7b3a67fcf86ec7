/*
 * jsonl.h - read JSON Lines into a table.
 *
 * One row per line that holds a JSON object (jscan.h says exactly which
 * lines do); lines of whitespace only are skipped, and a line may end
 * with LF or CRLF, the last one with nothing.  A UTF-8 byte order mark
 * before the first line is skipped.  A UTF-16 or binary file is refused
 * as such.
 *
 * Columns are the key paths, in order of first sight: an object's
 * members are opened up into "outer.inner" columns (nested objects
 * too), an array is one cell holding its JSON text as written, and so
 * is an empty object.  A string's cell is its decoded text; a number,
 * true or false is its text as written; null is an empty (missing)
 * cell, and so is a key a line does not have.  Types are then inferred
 * from the cells exactly as for CSV.  Two paths that read the same
 * ("a.b" as one key, and b inside a) get distinct names ("a.b_2"), with
 * a warning.
 *
 * A line that is not a JSON object is an ERR_DATA error
 * "file:line:col: not a JSON object: REASON", REASON being jansson's;
 * with o->ragged CSVLOAD_RAGGED_SKIP such lines are skipped instead,
 * counted in table->nragged, with a warning naming the first
 * (CSVLOAD_RAGGED_PAD means nothing here and is an ERR_USAGE error).
 * The other options (id_col, na, text_cols, threads, progress) mean
 * what they mean for csvload(); delim and no_header are ignored.
 *
 * A plain file is read by several threads, each from a line boundary;
 * the table is the same for any number of threads.
 */
#ifndef WINNOW_JSONL_H
#define WINNOW_JSONL_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/csvload.h"
#include "core/data/dict.h"
#include "core/data/table.h"
#include "core/util/err.h"
#include "core/util/io/zstream.h"

/*
 * Load the regular file of size bytes open on fd (not compressed; name
 * is used in messages and becomes table->path; fd stays open).  Returns
 * a table the caller frees with table_free(), or NULL with e filled:
 * ERR_IO when the file cannot be read, ERR_DATA for bad content,
 * ERR_USAGE for an unknown --id or --text column or --ragged pad,
 * ERR_CANCEL when the progress cancel flag was set.  format_load() is
 * the way to open a path.
 */
struct table *jsonl_load_fd(int fd, const char *name, uint64_t size,
    const struct csvload_opts *o, struct err *e);

/* Load from memory (name is used in messages); buf is only borrowed. */
struct table *jsonl_load_mem(const char *name, const void *buf, size_t len,
    const struct csvload_opts *o, struct err *e);

/*
 * Load what z reads (a compressed file, a pipe), after head[0..nhead)
 * which was read from it already: one thread, block by block, progress
 * by the compressed bytes z has consumed out of total (0: unknown).
 */
struct table *jsonl_load_stream(const char *name, struct zreader *z,
    const char *head, size_t nhead, uint64_t total,
    const struct csvload_opts *o, struct err *e);

/*
 * The name of column g (from 0) whose key path is jpath[0..len) (the
 * encoding of table->col[].jpath), unique among the names in seen, which
 * it joins: the keys joined by dots; "column_G" for an empty path, and
 * "NAME_2", "NAME_3" ... for a name taken already, each with a warning
 * naming file.  The caller frees it.  How the loader names its columns,
 * and a reader of chunks whose columns come one chunk at a time.
 */
char *jsonl_column_name(struct dict *seen, const char *jpath, size_t len,
    size_t g, const char *file);

#endif
