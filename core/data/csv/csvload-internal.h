/*
 * csvload-internal.h - what the parts of the CSV loader share, and no one
 * else sees (the public face is core/data/csvload.h).
 *
 * The loader is one pipeline cut into files of one idea each:
 *
 *   csvload.c        the driver: open, sniff, cut, parse the parts,
 *                    decide which parts to keep, stitch
 *   csv/src.c        reading bytes at an offset (a file or memory)
 *
 * Offsets are absolute in the file; line numbers kept by a part count
 * from 1 at its first byte and are made absolute when parts are stitched.
 */
#ifndef WINNOW_CSVLOAD_INTERNAL_H
#define WINNOW_CSVLOAD_INTERNAL_H

#include <csv.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/data/csvload.h"
#include "core/data/dict.h"
#include "core/util/err.h"
#include "core/util/vbuf.h"

#define CHUNK (1u << 20)		/* bytes read at a time */
#define SAMPLE (64u << 10)		/* bytes used to sniff */
#define PART_MIN (4u << 20)		/* smallest part worth a thread */
#define MAX_PARTS 16

/* libcsv's parser states (csv.c): between records, inside a field. */
#define PSTATE_ROW_NOT_BEGUN 0
#define PSTATE_FIELD_BEGUN 2

/* The parser is inside a quoted field that never closed (libcsv reports
 * this itself only in strict mode, which also rejects stray quotes). */
#define OPEN_QUOTE(cp) ((cp)->pstate == PSTATE_FIELD_BEGUN && (cp)->quoted)

/* --- the input (src.c) --------------------------------------------- */

struct src {
	const char *name;
	int fd;				/* -1: memory */
	const char *mem;
	uint64_t size;
};

/*
 * Up to n bytes at off: read into buf (CHUNK bytes or more) from a file,
 * or pointed at in memory; *out is where they are.  Returns how many (0
 * at or past the end), or -1 with e filled (ERR_IO).
 */
long long src_read(const struct src *s, uint64_t off, char *buf, size_t n,
    const char **out, struct err *e);

/* --- one load ------------------------------------------------------ */

struct loader {
	struct src src;
	const struct csvload_opts *o;
	unsigned char delim;
	unsigned char term;		/* what ends a physical line */
	uint64_t start;			/* first byte after the BOM */
	size_t ncols;
};

enum fail {
	FAIL_NONE,
	FAIL_RAGGED,
	FAIL_QUOTE,
	FAIL_TOOBIG,
	FAIL_NOMEM,
	FAIL_IO,
	FAIL_CANCEL
};

/*
 * Values wait in a short queue per column before they are interned: the
 * hash is computed and the dict slot prefetched when a value arrives, so
 * that by the time the queue is flushed the memory is there.  On a large
 * file most values miss every cache; the queues turn one miss per value
 * into many misses in flight.
 */
#define QN 16

struct pend {
	uint64_t row;
	uint64_t h;
	size_t off;			/* in the queue's byte buffer */
	uint32_t len;
};

struct colq {
	struct pend p[QN];
	int n;
	char *buf;
	size_t blen, bcap;
};

/*
 * A column whose values are mostly distinct (ids, free text, measured
 * numbers) is not interned while parsing: probing a hash table bigger
 * than the caches costs a memory round trip per value.  Its cells are
 * collected in file order instead (bytes, each followed by a NUL, their
 * end offsets and hashes) and deduplicated afterwards by dict_build, in
 * cache-sized partitions.
 */
/* A field of a line on the fast path: in the line, or at offset `at` of
 * the part's unquoting buffer when s is NULL. */
struct fspan {
	const char *s;
	size_t n, at;
};

struct colbuf {
	char *b;			/* vb.p when the vbuf is in use */
	size_t nb, cap;
	struct vbuf vb;			/* b's mapping, or empty: malloc */
	uint64_t *end;			/* per row: offset after the cell's NUL */
};

struct part {
	struct loader *L;
	uint64_t begin, end;
	struct csv_parser cp;
	int cp_ok;
	struct dict *dict;		/* [ncols] */
	uint32_t **code;		/* [ncols] */
	uint64_t *line;			/* per row, relative to begin */
	uint64_t nrows, cap;
	struct colq *q;			/* [ncols] values waiting to be interned */
	struct colbuf *cb;		/* [ncols] values of append columns */
	uint8_t *append;		/* [ncols] 1: this part collects the
					 * column's cells (see colbuf) */
	struct fspan *fld;		/* fast path: the fields of a line */
	size_t fcap;
	char *fbuf;			/* fast path: unquoted copies */
	size_t fbuf_len, fbcap;
	int no_fast;			/* always use libcsv (tests) */
	size_t field;			/* fields seen in the current record */
	int in_header;			/* the next record is the header */
	int stop;
	int at_line_start;
	uint64_t lineno;		/* relative line being fed, from 1 */
	uint64_t line_off;		/* offset of that line's first byte */
	uint64_t rec_line, rec_off, rec_skip;
	uint64_t nragged;
	enum fail fail;
	uint64_t fail_line, fail_off, fail_skip;
	size_t fail_field, fail_nfields;
	struct err ioerr;
	atomic_uint_least64_t done;
	atomic_int finished;
	int report;
	char *buf;
	pthread_t tid;
};

#endif
