/*
 * csvload-internal.h - what the parts of the CSV loader share, and no one
 * else sees (the public face is core/data/csvload.h).
 *
 * The loader is one pipeline cut into files of one idea each:
 *
 *   csvload.c        the driver: open, sniff, cut, parse the parts,
 *                    decide which parts to keep, stitch
 *   ../src.c         reading bytes at an offset (a file or memory),
 *                    shared with the JSON Lines loader
 *   csv/sniff.c      what the first block says (BOM, line end, delimiter)
 *   csv/first.c      the first record: the column names
 *   csv/cut.c        cutting the file into parts at quote parity
 *   csv/part.c       the per-part parser: libcsv's callbacks, rows
 *   csv/fastpath.c   plain lines split without libcsv
 *   csv/cols.c       a part's column buffers (interned or collected)
 *   csv/locate.c     where an error is, for its message
 *   csv/stitch.c     the kept parts' columns into one table
 *   csv/trace.c      timings of the phases (csvload_opts.trace)
 *   csv/zload.c      the driver for a compressed file: parts cut and
 *                    parsed while it is decompressed (../stream/zsrc.h)
 *   csv/csvsyntax.c  libcsv's machine (public: csvsyntax.h, which the
 *                    export and the probability reader use too)
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
#include <string.h>

#include "core/data/csvload.h"
#include "core/data/csv/csvsyntax.h"
#include "core/data/dict.h"
#include "core/data/fingerprint.h"
#include "core/data/src.h"
#include "core/util/err.h"
#include "core/util/io/vbuf.h"
#include "core/util/parfor.h"
#include "core/util/xalloc.h"

#define CHUNK (1u << 20)		/* bytes read at a time */
#define SAMPLE (64u << 10)		/* bytes used to sniff */
#define PART_MIN (4u << 20)		/* smallest part worth a thread */
#define MAX_PARTS PARFOR_PARTS

/* --- the input: struct src and src_read() (core/data/src.h) -------- */

/* --- one load ------------------------------------------------------ */

struct loader {
	struct src src;
	const struct csvload_opts *o;
	unsigned char delim;
	unsigned char term;		/* what ends a physical line */
	uint64_t start;			/* first byte after the BOM */
	size_t ncols;
	const struct first *header;	/* to spot the header repeated, or
					 * NULL (no header, or no names) */
	int no_hash;			/* the content hash is the caller's
					 * (a compressed file's is of its
					 * bytes on disk) */
	uint64_t reserve;		/* the input's size for part_reserve
					 * when src.size is not known yet
					 * (0: src.size) */
};

enum fail {
	FAIL_NONE,
	FAIL_RAGGED,
	FAIL_QUOTE,
	FAIL_JUNK,			/* text after a closing quote */
	FAIL_TOOBIG,
	FAIL_NOMEM,
	FAIL_IO,
	FAIL_CANCEL
};

/* --- a part's column buffers (cols.c) ------------------------------ */

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
struct colbuf {
	char *b;			/* vb.p when the vbuf is in use */
	size_t nb, cap;
	struct vbuf vb;			/* b's mapping, or empty: malloc */
	uint64_t *end;			/* per row: offset after the cell's NUL */
};

struct cols {
	size_t n;			/* columns */
	struct dict *dict;		/* [n] interned values */
	uint32_t **code;		/* [n] per row: dict id */
	struct colq *q;			/* [n] values waiting to be interned */
	struct colbuf *cb;		/* [n] cells of collected columns */
	uint8_t *append;		/* [n] 1: the column's cells are
					 * collected (see colbuf) */
	uint64_t cap;			/* rows the per-row arrays hold */
};

void cols_init(struct cols *C, size_t n);
void cols_release(struct cols *C);

/* Room for ncap rows in every column. */
void cols_grow(struct cols *C, uint64_t ncap);

/* Intern column f's waiting values (all columns': cols_flush).  -1 when
 * a dict is full (2^32 - 1 values). */
int cols_flush_one(struct cols *C, size_t f);
int cols_flush(struct cols *C);

/* Take back the value column f has for row (the last row pushed). */
void cols_unpush(struct cols *C, size_t f, uint64_t row);

/* Room for n more bytes in a collected column's buffer. */
void cols_buf_room(struct colbuf *cb, size_t n);
void cols_buf_free(struct colbuf *cb);

/*
 * Make column f collected: its nrows rows are written out of the dict in
 * order, into a buffer reserving `reserve` bytes of address space (a
 * column's cells take at most twice the bytes they came from).
 */
void cols_collect(struct cols *C, size_t f, uint64_t nrows, size_t reserve);

/* Give back the pages collected columns hold beyond their cells (a
 * part whose buffers will not grow again, but for a rare parse on
 * through a rejected part, which then copies them out). */
void cols_trim(struct cols *C);

/* Collect every interned column whose values are mostly distinct. */
void cols_switch(struct cols *C, uint64_t nrows, size_t reserve);

/*
 * The value of column f for row: collected, or hashed and queued for
 * interning.  -1 when interning the queue failed (see cols_flush_one).
 * Inline: it runs once per cell.
 */
static inline int
cols_push(struct cols *C, size_t f, uint64_t row, const char *s, size_t len)
{
	struct colq *q = &C->q[f];
	struct dict *d = &C->dict[f];
	struct pend *p;
	uint64_t h;

	if (C->append[f]) {
		struct colbuf *cb = &C->cb[f];

		cols_buf_room(cb, len + 1);
		if (len)
			memcpy(cb->b + cb->nb, s, len);
		cb->b[cb->nb + len] = '\0';
		cb->nb += len + 1;
		cb->end[row] = cb->nb;
		return 0;
	}
	h = dict_hash(s, len);
	if (d->slot)
		__builtin_prefetch(&d->slot[h & d->mask]);
	/* + 1: the buffer exists even when every value is empty, so
	 * interning never reads from a NULL pointer */
	q->buf = xgrow(q->buf, &q->bcap, q->blen + len + 1, 1);
	if (len)
		memcpy(q->buf + q->blen, s, len);
	p = &q->p[q->n++];
	p->row = row;
	p->h = h;
	p->off = q->blen;
	p->len = (uint32_t)len;
	q->blen += len;
	if (q->n == QN)
		return cols_flush_one(C, f);
	return 0;
}

/* --- the fast path (fastpath.c) ----------------------------------- */

/* A field of a line on the fast path: in the line, or at offset `at` of
 * the unquoting buffer when s is NULL. */
struct fspan {
	const char *s;
	size_t n, at;
};

struct fastpath {
	struct fspan *fld;		/* the fields of the last line */
	size_t nf, fcap;
	char *fbuf;			/* unquoted copies */
	size_t fbuf_len, fbcap;
};

/*
 * Split s[0..n), a whole physical line (its end included) that starts
 * between records, as libcsv would: returns 1 with the fields in F (none
 * for a blank line, which libcsv skips), or 0 when the line must go to
 * libcsv instead.
 */
int fastpath_split(struct fastpath *F, unsigned char delim, const char *s,
    size_t n);

/* Field i of the line split last (borrowed until the next split). */
static inline const char *
fastpath_field(const struct fastpath *F, size_t i, size_t *len)
{
	*len = F->fld[i].n;
	return F->fld[i].s ? F->fld[i].s : F->fbuf + F->fld[i].at;
}

void fastpath_release(struct fastpath *F);

/* --- one part ------------------------------------------------------ */

/* Where a part's parser is in its bytes. */
struct part_pos {
	uint64_t lineno;		/* relative line being fed, from 1 */
	uint64_t line_off;		/* offset of that line's first byte */
	int at_line_start;
	uint64_t rec_line;		/* relative line where the current
					 * record starts */
	uint64_t rec_off;		/* offset of that line */
	uint64_t rec_skip;		/* records that started on that line
					 * before the current one */
	size_t field;			/* fields seen in the current record */
};

/* The first thing that went wrong in a part, and what locate() needs
 * to point at it. */
struct failure {
	enum fail what;
	uint64_t line, off, skip;	/* the record: as in part_pos */
	uint64_t at;			/* FAIL_JUNK: the text's offset */
	size_t field;			/* the field to point at */
	size_t nfields;			/* FAIL_RAGGED: fields it had */
	struct err io;			/* FAIL_IO: the message */
};

/*
 * Departures from RFC 4180 a part read anyway, for warnings: where the
 * first NOTE_MAX were (each with its relative line, that line's offset,
 * the offending byte's offset) and how many there were.
 */
#define NOTE_MAX 10

enum note_kind {
	NOTE_LAX,			/* text after a closing quote */
	NOTE_HEADER,			/* the header line again */
	NOTE_KINDS
};

struct notes {
	uint64_t n;
	struct spot {
		uint64_t line, off, at;
	} s[NOTE_MAX];
};

struct part {
	struct loader *L;
	uint64_t begin, end;		/* the bytes it parses */
	struct csv_parser cp;
	int cp_ok;
	struct cols cols;		/* [ncols] the values */
	uint64_t *line;			/* per row, relative to begin */
	uint64_t nrows;
	uint64_t nragged;
	struct fastpath fast;
	int no_fast;			/* always use libcsv (tests) */
	struct fingerprint_hasher hash;	/* of the blocks read */
	int in_header;			/* the next record is the header */
	struct part_pos pos;
	int stop;			/* set with fail: parse no further */
	struct failure fail;
	struct notes note[NOTE_KINDS];
	int as_header;			/* the record so far is the header's */
	uint64_t *dropped;		/* relative lines of rows dropped as
					 * repeated headers */
	size_t ndropped, dropcap;
	char *buf;			/* CHUNK bytes when reading a file */

	/* parsing in a thread of its own: bytes parsed so far, finished */
	struct parfor_gauge gauge;
	int report;			/* this one reports progress */
};

/* Set up P to parse [begin, end) of L's input; in_header: its first
 * record is the header.  part_free() releases it. */
void part_setup(struct part *P, struct loader *L, uint64_t begin,
    uint64_t end, int in_header);
void part_free(struct part *P);

/* Parse [from, to) (the bytes after those parsed so far), one physical
 * line at a time; then part_flush() interns what waits.  part_thread()
 * does both for [begin, end) of the i-th of the parts[] array, as
 * parfor_parts runs it in a thread of its own. */
void part_feed(struct part *P, uint64_t from, uint64_t to);
void part_flush(struct part *P);
void part_thread(void *parts, size_t i);

/* 1 when N, the part after C, can be kept: C parsed its bytes to the
 * end, between records, past the header, and N was not cancelled.
 * Otherwise C is to parse on through N's bytes, as one parser would. */
int part_hands_over(const struct part *C, const struct part *N);

/* At the end of the input: the last record, or an open quote. */
void part_finish(struct part *P);

/* Record failure f (the first one counts) and stop. */
void part_fail(struct part *P, enum fail f);

/* The address space a column collected by P may reserve. */
size_t part_reserve(const struct part *P);

/* --- the first block (sniff.c) ----------------------------------- */

/*
 * Read the first SAMPLE bytes: set L->start (after a UTF-8 BOM),
 * L->delim (unless given) and L->term.  -1 with e filled when the input
 * cannot be read.
 */
int sniff_input(struct loader *L, struct err *e);

/* --- the first record (first.c) ------------------------------------ */

struct first {
	char **names;			/* the first record's fields */
	size_t *len;			/* their lengths (a name may hold
					 * NUL) */
	size_t n, cap;
	int done;
};

/* Parse the first record (the header, or the first data row) into F;
 * first_free() it even when this fails. */
int first_read(struct loader *L, struct first *F, struct err *e);
void first_free(struct first *F);

/*
 * The infer.h kind of each of the L->ncols fields of the first record
 * (0: empty, missing or no header); caller frees.  Call it before
 * first_names, which takes the names away.
 */
unsigned *first_kinds(const struct loader *L, const struct first *F);

/*
 * 1 when a header whose fields have kinds k (first_kinds) reads like a
 * row of data of table t (its column types derived): every field is a
 * number or a date, or every bool, int, float and date column's field
 * parses as a value of that type, and there is such a column (not only
 * bools).  *why then says which.
 */
int first_is_data(const unsigned *k, const struct table *t,
    const char **why);

/* The L->ncols column names (caller frees each and the array): F's,
 * blank and repeated ones made unique with a warning each; F gives up
 * the names it hands over. */
char **first_names(const struct loader *L, struct first *F);

/* --- cutting and stitching (cut.c, stitch.c) ---------------------- */

/* Up to want - 1 cut points, in order, into cut[]; how many.  The parts
 * are [start, cut[0]), [cut[0], cut[1]) ... [cut[n-1], size). */
size_t cut_choose(struct loader *L, size_t want, uint64_t *cut);

/* Processors online, at most MAX_PARTS. */
int stitch_cpus(void);

/*
 * The table of the kept parts kp[0..nkept), in file order (F: the first
 * record); NULL with e filled when an --id or --text column does not
 * exist, the ids repeat, or a column has too many distinct values.
 */
struct table *stitch_table(struct loader *L, struct part *const *kp,
    size_t nkept, struct first *F, struct err *e);

/* --- errors and warnings (locate.c) ------------------------------- */

/* The column (in characters, from 1) of the byte at offset at, on the
 * line that starts at offset off. */
uint64_t locate_col(const struct loader *L, uint64_t off, uint64_t at);

/* Fill e with the error for text after a closing quote at offset at,
 * on line `line`, which starts at offset off.  Returns -1. */
int locate_junk(const struct loader *L, uint64_t line, uint64_t off,
    uint64_t at, struct err *e);

/* The warnings for the kept parts' notes (kp[0..nkept), in file
 * order). */
void locate_warn(const struct loader *L, struct part *const *kp,
    size_t nkept);

/*
 * From the line starting at off (line number line), skip `skip` records
 * and find where field `field` of the next record starts, or where that
 * record ends if it is shorter: its line and column (in characters).
 */
void locate_field(const struct loader *L, uint64_t off, uint64_t line,
    uint64_t skip, size_t field, uint64_t *oline, uint64_t *ocol);

/*
 * Fill e with P's failure (nothing when it has none: returns 0), its
 * line made absolute by adding base, the lines of the kept parts before
 * it.  Returns -1 when it filled e.
 */
int locate_error(const struct loader *L, const struct part *P,
    uint64_t base, struct err *e);

/* --- timing (trace.c) ---------------------------------------------- */

/* With o->trace: note how long the phase since *t0 took; *t0 = now. */
void trace_phase(const struct loader *L, double *t0, const char *phase);

#endif
