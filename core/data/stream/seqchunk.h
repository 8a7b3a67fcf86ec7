/*
 * seqchunk.h - a file that cannot be read at an offset, or need not be,
 * read from its start as a sequence of tables of consecutive records:
 * a compressed file (CSV or JSON Lines) decompressed as it is read, and
 * a JSON Lines file.  What `winnow stats` folds into its mergeable
 * summary when such a file does not fit in memory (the plain CSV file
 * is read in byte ranges instead: csvchunk.h).
 *
 * A CSV chunk is the header and the records up to the last record
 * boundary in about `chunk` bytes, loaded by the loader exactly as
 * csvchunk.h loads a plain file's (the parity guess checked, blank lines
 * no rows).  A JSON Lines chunk ends at the last line end in its bytes:
 * lines are records of their own.  A JSON Lines chunk's columns are the
 * key paths it holds (table->col[].jpath tells them apart), so two
 * chunks may have different columns; the reader of the chunks matches
 * them by path.  Errors name the original file's line and column; a
 * corrupt or cut stream, the compressed byte where it went wrong.
 */
#ifndef WINNOW_SEQCHUNK_H
#define WINNOW_SEQCHUNK_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/csvchunk.h"
#include "core/data/table.h"
#include "core/util/err.h"
#include "core/util/io/zstream.h"

struct seqchunk {
	struct csvchunk c;	/* the path, the options, the header (CSV),
				 * the position: pos, line, rows; c.buf
				 * holds the header and the bytes read but
				 * not yet loaded (c.fd is not used) */
	enum table_format format;
	enum zkind kind;
	int fd;
	struct zreader *z;
	uint64_t disk;		/* the file's size on disk */
	size_t len;		/* bytes in c.buf */
	int eof;		/* the stream has no more */
};

/*
 * Open path (a regular file) for chunks of about chunk bytes, loaded
 * with o (NULL: the defaults; the id column is ignored).  Its
 * compression and format are told as format_load tells them.  Returns
 * 0, or -1 with e filled (ERR_NOINPUT, ERR_DATA for an empty file, a bad
 * header or a corrupt stream).
 */
int seqchunk_open(struct seqchunk *s, const char *path,
    const struct csvload_opts *o, size_t chunk, struct err *e);

/*
 * The next chunk as a table (the caller frees it), or NULL: at the end
 * with e->code 0, or on error with e filled.  *first_line gets the
 * chunk's first line when not NULL.
 */
struct table *seqchunk_next(struct seqchunk *s, uint64_t *first_line,
    struct err *e);

/* Compressed bytes (for a plain file: bytes) read so far, out of
 * s->disk: the progress. */
uint64_t seqchunk_consumed(const struct seqchunk *s);

void seqchunk_close(struct seqchunk *s);

#endif
