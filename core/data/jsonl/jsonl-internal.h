/*
 * jsonl-internal.h - what the JSON Lines loader's two files share:
 *
 *   jpart.c    one part of the input: its lines scanned, its key paths
 *              (nodes), its columns of cells
 *   jsonl.c    the driver: sources, cut points, threads, and the parts
 *              stitched into a table
 *
 * A part numbers its lines from 1 and knows nothing of the parts before
 * it; the driver adds the lines of the parts before to every line
 * number, so the table never depends on the number of threads.
 */
#ifndef WINNOW_JSONL_INTERNAL_H
#define WINNOW_JSONL_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "core/data/csvload.h"
#include "core/data/fingerprint.h"
#include "core/data/jsonl/jscan.h"
#include "core/util/io/linecarry.h"
#include "core/util/parfor.h"

#define JNONE UINT32_MAX

/* At most this many columns, and a table of at most JDENSITY cells per
 * byte of input (plus JSLACK): lines that share no keys would otherwise
 * make a table of rows times keys from a small file. */
#define JMAX_COLS 4096
#define JDENSITY 16
#define JSLACK (1u << 22)

/* A key path: the key under its parent node (JNONE: the line's object). */
struct jnode {
	uint64_t h;
	uint32_t parent;
	uint32_t col;		/* the part's column of this path, or JNONE
				 * while it has held no value but objects */
	size_t koff;		/* the key in the part's key arena */
	uint32_t klen;
};

/* A column of a part: one NUL-ended cell per row, in row order. */
struct jcol {
	uint32_t node;
	char *b;
	size_t nb, cap;
	uint64_t *end;		/* per row: the offset after its NUL */
	size_t endcap;
	uint64_t rows;		/* rows that have their cell */
};

struct jpart {
	const struct csvload_opts *o;
	const char *name;
	uint64_t begin, end;	/* the part's bytes in the source */
	int first;		/* the part that starts the file */
	struct jscan sc;

	struct jnode *node;
	uint32_t nnode;
	size_t nodecap;
	uint32_t *slot;		/* node hash table: id + 1, 0 = empty */
	uint32_t mask;
	char *keys;
	size_t nkeys, keycap;

	struct jcol *col;
	uint32_t ncol;
	size_t colcap;
	uint32_t *inode;	/* per item of the line: its node */
	size_t inodecap;

	uint64_t nrows;
	uint64_t *line;		/* per row: its line, from 1 in the part */
	size_t linecap;
	uint64_t lineno;	/* lines taken so far */
	uint64_t bytes;		/* bytes taken so far */
	size_t bom;		/* bytes of a BOM before line 1 */

	uint64_t nskipped;	/* bad lines skipped (--ragged skip) */
	uint64_t skip_line;	/* the first of them, and why */
	uint64_t skip_col;
	char skip_why[256];

	int failed;		/* ERR_ code of the first failure, or 0 */
	uint64_t fail_line, fail_col;
	char fail_why[512];
	int stop;		/* no more lines (failure or cancel) */

	struct bytebuf carry;	/* a line cut by the end of a block */

	struct fingerprint_hasher hash;	/* of the bytes read */
	struct parfor_gauge gauge;	/* bytes fed, for progress */
	int report;		/* this part reports progress itself */
	uint64_t report_total;
};

void jpart_init(struct jpart *P, const struct csvload_opts *o,
    const char *name, uint64_t begin, uint64_t end, int first);
void jpart_release(struct jpart *P);

/*
 * Feed the part buf[0..n): its whole lines are taken, the rest waits
 * for the next block; with last, the rest is the last line.  Stops
 * taking lines once P->stop is set.
 */
void jpart_feed(struct jpart *P, const char *buf, size_t n, int last);

/*
 * A column's key path, unambiguous (each key as 4 bytes of length, then
 * its bytes), into a buffer the caller frees; *len gets its length.
 */
char *jpart_path(const struct jpart *P, uint32_t col, size_t *len);

#endif
