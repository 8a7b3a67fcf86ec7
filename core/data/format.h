/*
 * format.h - what a dataset file is, and loading it whatever it is.
 *
 * Compression is told by the first bytes (gzip 1F 8B, zstd 28 B5 2F FD),
 * whatever the name; the bytes are then decompressed as they are read,
 * never into a file.  The format is told by the name, without a .gz or
 * .zst suffix (.jsonl and .ndjson are JSON Lines), else by the first
 * bytes of the (decompressed) content: JSON Lines when the first byte
 * that is not blank is '{' and the first line is a JSON object (or is
 * longer than the first 64 KiB), CSV otherwise.  A ".json" file that
 * holds one JSON array is refused with the way to convert it.
 *
 * A compressed CSV file is decompressed into memory (progress by
 * compressed bytes), then parsed as csvload_mem() parses; a compressed
 * JSON Lines file is parsed block by block as it is decompressed.  The
 * table remembers its format and compression (table->format,
 * table->compression) and the file's size on disk, so an export can
 * write the same kind of file.
 */
#ifndef WINNOW_FORMAT_H
#define WINNOW_FORMAT_H

#include <stddef.h>
#include <sys/stat.h>

#include "core/data/csvload.h"
#include "core/data/table.h"
#include "core/util/err.h"

/*
 * Open path to load it: *fd (standard input, fd 0, for "-"; the caller
 * closes any other) and what fstat says of it in *st.  ERR_NOINPUT
 * "path: cannot open" (or stat), or "path: is a directory, not a data
 * file".
 */
int format_open(const char *path, int *fd, struct stat *st, struct err *e);

/*
 * Load path ("-" reads standard input) as whatever it is.  Errors as
 * csvload() and jsonl_load(), and ERR_DATA "path: byte N: ..." for a
 * compressed stream that is corrupt or cut short.
 */
struct table *format_load(const char *path, const struct csvload_opts *o,
    struct err *e);

/*
 * 1 when path is a regular file of plain (not compressed) CSV, by the
 * rules above: what reading a file in chunks or byte ranges
 * (csvchunk.h, sumstream.h) can read.  0 for anything else, a file that
 * cannot be read included (the loader then says what is wrong).
 */
int format_plain_csv(const char *path);

/*
 * The bytes a regular file's content takes decompressed: its size for
 * a plain file; for a compressed one the ratio of its first MiB or so
 * times its size (exact when that is all of it), which is what deciding
 * whether it fits in memory needs.  0 for anything else.
 */
uint64_t format_content_size(const char *path);

/* TABLE_JSONL when name (less a .gz or .zst suffix) ends in .jsonl or
 * .ndjson, else TABLE_CSV. */
enum table_format format_by_name(const char *name);

/* 1 when the first bytes p[0..n) of a file (decompressed) look like
 * JSON Lines; all of the file when n is below 64 KiB. */
int format_sniff_jsonl(const char *p, size_t n);

/*
 * Refuse a first block p[0..n) of a file that is not text: UTF-16 or
 * UTF-32 (a byte order mark, or every other byte NUL), or binary (the
 * signature of a common binary format, or NUL and control bytes as often
 * as in compressed data or machine code; a NUL or a control byte now
 * and then is data).  ERR_DATA "name: byte N: ..., not <what> text",
 * naming the offset that gives it away; returns 0 for text.  Both
 * loaders check their first block with it.
 */
int format_check_text(const char *name, const void *p, size_t n,
    const char *what, struct err *e);

#endif
