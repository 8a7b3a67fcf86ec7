/*
 * rowindex.h - the rows of a CSV file too big to load, read on demand
 * through a sparse offset index.
 *
 * A pass over the file in chunks (csvchunk.h) hands each chunk to
 * rowindex_add, which marks about every ROWINDEX_STEP-th row: its row
 * number, byte offset and line.  Only a row that starts its line after
 * an even count of quotes is marked (a line end outside quotes ends the
 * record before it), so a mark is a record boundary; the marks are
 * sparse (24 bytes per ROWINDEX_STEP rows: 2.4 MB for 100M rows).
 *
 * Reading a row reads its block, the rows from the mark at or before it
 * to the next mark, with pread, and loads them with the loader (the
 * header in front, the pass's options), so that each cell is exactly
 * what loading the whole file would give; a block that does not hold
 * the rows the marks promise (the file changed) is an error.  The last
 * ROWINDEX_CACHE blocks read are kept.
 *
 * One thread builds the index (the pass's), then, once rowindex_finish
 * has returned, one thread at a time reads it: there are no locks.
 */
#ifndef WINNOW_ROWINDEX_H
#define WINNOW_ROWINDEX_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/csvchunk.h"
#include "core/data/table.h"
#include "core/util/err.h"

#define ROWINDEX_STEP 1024
#define ROWINDEX_CACHE 8

struct rowindex_mark {
	uint64_t row;		/* 0-based row of the file */
	uint64_t off;		/* byte offset of its record */
	uint64_t line;		/* its line in the file (1-based) */
};

struct rowindex {
	char *path;
	int fd;
	struct csvload_opts lo;		/* the pass's, borrowing */
	char *hdr;			/* the header record, put in front of
					 * every block */
	size_t hdrlen;
	uint64_t hdr_lines;
	unsigned char term;
	uint64_t step;
	struct rowindex_mark *mark;
	size_t nmark, capmark;
	uint64_t next;			/* no mark before this row */
	uint64_t nrows;			/* every row, once finished */
	uint64_t end;			/* the byte after the last row */
	int done;
	struct {
		size_t mark;		/* the block from this mark */
		struct table *t;
		uint64_t used;		/* clock of the last use */
	} cache[ROWINDEX_CACHE];
	uint64_t clock;
};

/* An empty index for the pass that opens c (its header and options are
 * copied; c's loader options must outlive the index). */
struct rowindex *rowindex_new(const struct csvchunk *c);

/*
 * Mark the rows of a chunk: t was loaded from bytes[0 .. n), which start
 * at byte off of the file on line `line` and hold its rows row0, row0+1,
 * ... (t's lines count the header put in front, as csvchunk loads it).
 */
void rowindex_add(struct rowindex *ix, const struct table *t,
    const char *bytes, size_t n, uint64_t off, uint64_t line, uint64_t row0);

/*
 * The pass is over: nrows rows, the last ending before byte end.
 * Opens the file for reading; 0, or -1 with e filled.
 */
int rowindex_finish(struct rowindex *ix, uint64_t nrows, uint64_t end,
    struct err *e);

/* Rows of the file (0 before rowindex_finish). */
uint64_t rowindex_rows(const struct rowindex *ix);

/*
 * The block that holds row (< rowindex_rows), as a table owned by the
 * index (valid until the next call), its first row's number in *base:
 * the row is t's row (row - *base).  NULL with e filled when the block
 * cannot be read or does not hold the rows it should.
 */
const struct table *rowindex_block(struct rowindex *ix, uint64_t row,
    uint64_t *base, struct err *e);

void rowindex_free(struct rowindex *ix);

#endif
