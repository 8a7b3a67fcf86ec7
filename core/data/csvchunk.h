/*
 * csvchunk.h - a CSV file (or a byte range of one) as a sequence of
 * tables of consecutive records, each loaded by the loader (csvload.h)
 * from a record-aligned byte range: what lets a file of any size be
 * summarised in bounded memory.
 *
 * The header record is read once and put in front of every chunk, so
 * each chunk is loaded, checked (field counts against the header) and
 * typed exactly as the whole file would be, by the same parser, in
 * parallel where the loader is.  A chunk ends at a record boundary
 * found by quote parity (csvscan.h) from the chunk's start, a known
 * boundary; if the parser refutes the guess (a stray quote in an
 * unquoted field), the chunk is cut again by the exact scanner.
 *
 * A range [start, end) of the file holds the records that start in it:
 * from the first record boundary at or after start to the first at or
 * after end, so that the ranges of a partition of the file hold every
 * record once.  Finding the boundary and the line number at start means
 * counting quotes and line ends from the header on (several GB/s).
 *
 * Errors name the original file and its own line and column: a chunk's
 * messages are rebased by the lines before it.
 */
#ifndef WINNOW_CSVCHUNK_H
#define WINNOW_CSVCHUNK_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/csvload.h"
#include "core/data/table.h"
#include "core/util/err.h"

struct rowindex;

struct csvchunk {
	char *path;
	int fd;
	uint64_t size;			/* of the file */
	struct csvload_opts lo;		/* the loader's options, delim set */
	unsigned char delim, term;
	uint64_t data;			/* first byte after the BOM and header */
	char *hdr;			/* the header record's bytes */
	size_t hdrlen;
	uint64_t hdr_lines;		/* line ends in it */
	size_t ncols;			/* fields of the header (or of the
					 * first chunk's rows) */
	uint64_t start, end;		/* the range's record boundaries */
	uint64_t start_line;		/* the line at start */
	uint64_t pos;			/* next chunk's first byte */
	uint64_t line;			/* its line in the file (1-based) */
	uint64_t rows;			/* rows read so far */
	size_t chunk;			/* bytes per chunk */
	char *buf;
	size_t cap;
	struct rowindex *index;		/* when set, each chunk's rows
					 * are marked in it (rowindex.h) */
};

/*
 * Open path for chunks of about chunk bytes of the records starting in
 * [start, end) (end 0: the end of the file), loaded with o (NULL: the
 * defaults; its delimiter is sniffed once here when 0, and its id
 * column is ignored: ids are not checked across chunks).  Returns 0, or
 * -1 with e filled (ERR_NOINPUT, ERR_DATA for an empty file or a bad
 * header).
 */
int csvchunk_open(struct csvchunk *c, const char *path,
    const struct csvload_opts *o, uint64_t start, uint64_t end,
    size_t chunk, struct err *e);

/*
 * csvchunk_open for a range whose ends are known record boundaries (as
 * the facts of `winnow stats --scan` give them, docs/cluster.md): start
 * is on line `line` of the file, and nothing before it is read.  Each
 * end must start a line (the data's start and the file's end do), else
 * ERR_USAGE.
 */
int csvchunk_open_at(struct csvchunk *c, const char *path,
    const struct csvload_opts *o, uint64_t start, uint64_t end,
    uint64_t line, size_t chunk, struct err *e);

/*
 * The facts of the bytes [start, end) of c's file (end 0: to the end)
 * that let a driver cut the file at records by prefix sums instead of
 * reading the whole prefix before each range: the line ends in it, and
 * for each state it may start in (enum csvscan_st, in[state]) the first
 * record boundary in (start, end] (UINT64_MAX: none), the line ends
 * from start to it (its own included) and the state at end.  A range
 * that holds the data's first byte starts in state START there, whatever
 * came before: its boundary is the data's start for every state.
 */
struct csvchunk_facts {
	uint64_t start, end;
	uint64_t lines;
	struct {
		uint64_t boundary, lines;
		int exit;
	} in[4];
};

/* Fill f for [start, end) in one read of those bytes; 0, or -1 with e. */
int csvchunk_scan(struct csvchunk *c, uint64_t start, uint64_t end,
    struct csvchunk_facts *f, struct err *e);

/*
 * The next chunk as a table (the caller frees it), or NULL: at the end
 * with e->code 0, or on error with e filled (line and column of the
 * original file).  *first_line gets the chunk's first line when not
 * NULL.
 */
struct table *csvchunk_next(struct csvchunk *c, uint64_t *first_line,
    struct err *e);

void csvchunk_close(struct csvchunk *c);

/*
 * Sniff the first n bytes p of a file (all of it when eof; c->path and
 * c->lo set) as csvchunk_open does: its BOM, delimiter, line end and
 * header record, into c.  Returns 0; 1 when the header record goes on
 * past p[n) (call again with more); -1 with e filled (ERR_DATA: an
 * empty file, a header only).  How a reader of a stream (seqchunk.h)
 * starts.
 */
int csvchunk_head(struct csvchunk *c, const char *p, size_t n, int eof,
    struct err *e);

/*
 * Start c for path: zeroed, no file open, o's options (NULL: the
 * defaults) without an id column.  What csvchunk_open and a reader of
 * chunks from elsewhere (seqchunk.h) both begin with.
 */
void csvchunk_begin(struct csvchunk *c, const char *path,
    const struct csvload_opts *o);

/*
 * Load the records in c->buf[hdrlen .. hdrlen + body) (behind the
 * header c->buf[0 .. hdrlen)) up to the last record boundary in them,
 * or all of them when last: the table into *t (NULL for blank lines
 * only), the bytes taken into *cut and their line ends into *terms.
 * Returns 0; 1 when no record ends in the bytes (read more); -1 with e
 * filled, at the file's own line (c->line is the first byte's).
 */
int csvchunk_take(struct csvchunk *c, size_t body, int last,
    struct table **t, size_t *cut, uint64_t *terms, struct err *e);

/*
 * A loader message about c's header followed by records that start at
 * line line0 of the file ("PATH:L:C: ..." counting the header's lines
 * first), rewritten with the file's line.  Other messages are left.
 */
void csvchunk_rebase(const struct csvchunk *c, uint64_t line0,
    struct err *e);

/* Read n bytes at off (fewer at the end of the file); -1 on error. */
long long csvchunk_pread(const struct csvchunk *c, uint64_t off, char *buf,
    size_t n, struct err *e);

#endif
