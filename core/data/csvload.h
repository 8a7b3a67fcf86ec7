/*
 * csvload.h - read a CSV file into a table.
 *
 * RFC 4180 and the usual departures from it: quoted fields with commas,
 * quotes and newlines; CRLF, LF or lone CR line ends; a UTF-8 byte order
 * mark; the delimiter sniffed among , ; TAB | unless forced; blank or
 * duplicate header names made unique (with a warning through log.h).
 * Bytes are kept exactly as they were (after unquoting): invalid UTF-8,
 * NUL and control characters included.
 *
 * Text after the quote that closes a field ("abc"def) is an error unless
 * lax_quotes is set; then it is read as Python's csv module reads it
 * (abcdef), with a warning that names the line.  A data line that repeats
 * the header (files concatenated with their headers) is a warning naming
 * its line, and with drop_repeated_header no row.
 *
 * A file that is UTF-16 or binary is refused as such (not parsed as CSV).
 *
 * Large files are parsed by several threads, each from a record boundary
 * found by quote parity and checked afterwards; the result is identical
 * to a single-threaded parse.
 */
#ifndef WINNOW_CSVLOAD_H
#define WINNOW_CSVLOAD_H

#include <stddef.h>

#include "core/util/err.h"
#include "core/util/io/zstream.h"
#include "core/util/progress.h"
#include "core/data/table.h"

enum csvload_ragged {
	CSVLOAD_RAGGED_ERROR,	/* a row with the wrong field count fails */
	CSVLOAD_RAGGED_PAD,	/* short rows padded with empty fields, long
				 * rows cut to the header's width */
	CSVLOAD_RAGGED_SKIP	/* such rows dropped */
};

struct csvload_opts {
	int delim;			/* 0: sniff */
	int no_header;			/* the first record is data */
	enum csvload_ragged ragged;
	const char *id_col;		/* key column, or NULL for row numbers */
	const char *const *na;		/* missing markers, NULL-terminated;
					 * NULL: infer_default_na */
	const char *const *text_cols;	/* columns to treat as free text */
	int threads;			/* 0: online processors */
	int trace;			/* log_note the time of each phase */
	int lax_quotes;			/* text after a closing quote goes on
					 * the field (a warning), not an error */
	int drop_repeated_header;	/* data lines equal to the header are
					 * dropped (a warning either way) */
	int libcsv_only;		/* feed every line to libcsv, none
					 * through the fast path (tests) */
	size_t part_min;		/* bytes a thread's part needs at
					 * least (0: 4 MiB; tests and the
					 * fuzzer cut small inputs) */
	int chunk;			/* JSON Lines: the input is a chunk
					 * of a file, which may hold no
					 * object (a table of no rows and no
					 * columns, nragged its bad lines) */
	int quiet_header;		/* no warning that the header line
					 * reads like data (said once already:
					 * the chunks of one file) */
	const struct progress *progress;
};

/* Defaults: sniffed delimiter, a header, ragged rows are errors. */
void csvload_opts_init(struct csvload_opts *o);

/*
 * Load path ("-" reads standard input).  Returns a table the caller frees
 * with table_free(), or NULL with e filled: ERR_NOINPUT when the file
 * cannot be read, ERR_DATA for malformed content ("path:line:col: what"),
 * ERR_USAGE for an unknown --id or --text column, ERR_CANCEL when the
 * progress cancel flag was set.
 */
struct table *csvload(const char *path, const struct csvload_opts *o,
    struct err *e);

/* Load from memory (name is used in messages).  buf is only borrowed. */
struct table *csvload_mem(const char *name, const void *buf, size_t len,
    const struct csvload_opts *o, struct err *e);

/*
 * Load a compressed file while it is decompressed: z reads it (kind k)
 * from fd, a regular file of total bytes on disk, and has given
 * head[0..nhead) (at most ZSRC_BLOCK bytes) already.  A thread
 * decompresses into a window of a few parts' bytes while parts are
 * parsed by o->threads others, so memory is the table's and the
 * window's whatever the file's size; progress is by compressed bytes
 * out of total.  The file is read again (decompressed from its start)
 * only to point at an error or a warning.  The table, its errors and its
 * warnings are csvload_mem()'s of the decompressed bytes, but for the
 * content hash, which is left to the caller (a compressed file's is of
 * its bytes on disk), and ERR_DATA "name: byte N: ..." for a corrupt or
 * cut stream.
 */
struct table *csvload_zstream(const char *name, struct zreader *z, int fd,
    enum zkind k, const char *head, size_t nhead, uint64_t total,
    const struct csvload_opts *o, struct err *e);

/* Sniff the delimiter of a sample: one of , ; TAB |, ',' when unsure. */
int csvload_sniff(const char *buf, size_t len);

#endif
