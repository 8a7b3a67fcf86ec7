/*
 * csvscan.h - finding record boundaries in CSV bytes without parsing
 * the fields: what a reader of byte ranges needs to start and stop
 * exactly where the loader's records start and stop.
 *
 * Two scanners.  The fast one counts quotes: a line end after an even
 * number of quotes (counted from a known record boundary) ends a record
 * in any RFC 4180 file; it goes eight bytes at a time.  The exact one
 * runs the loader's own machine (csvsyntax_field(), csv/csvsyntax.h,
 * as --lax-quotes reads text after a closing quote: without it such a
 * file does not load at all), so that a stray quote inside an unquoted
 * field (12" pizza), which libcsv keeps as a byte, does not throw it
 * off; it is the fallback when the fast one's guess is refuted by the
 * parser.
 */
#ifndef WINNOW_CSVSCAN_H
#define WINNOW_CSVSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/csv/csvsyntax.h"

/* Quotes and line ends (bytes equal to term) in buf[0 .. n). */
void csvscan_count(const char *buf, size_t n, unsigned char term,
    uint64_t *quotes, uint64_t *terms);

/* The exact scanner's state: where in a record it is. */
struct csvscan {
	enum csvsyntax_state st;
	unsigned char delim, term;
	int in_rec;		/* the current record has a byte */
	uint64_t fields;	/* fields of the current record so far */
};

/* A scanner at a record boundary. */
void csvscan_init(struct csvscan *s, unsigned char delim, unsigned char term);

/*
 * Scan buf[0 .. n) from s's state; stop after the first line end (term)
 * outside quotes: a record boundary.  Returns the offset just after it,
 * or 0 when there was none (s keeps the state for the next bytes).
 * With nf not NULL, *nf gets the fields of the record that ended there
 * (0 for a blank line).
 */
size_t csvscan_record(struct csvscan *s, const char *buf, size_t n,
    uint64_t *nf);

/*
 * The offset just after the first line end at or after buf[from] that
 * ends a record, scanning buf[0 ..) from a record boundary at 0, or
 * SIZE_MAX when there is none in buf[0 .. n).  exact selects the exact
 * scanner; *terms (when not NULL) gets the line ends before the
 * result's line end.
 */
size_t csvscan_boundary(const char *buf, size_t n, size_t from,
    unsigned char delim, unsigned char term, int exact, uint64_t *terms);

/* The offset just after the last record-ending line end in buf[0 .. n)
 * (scanned from a boundary at 0), or SIZE_MAX when there is none;
 * *terms (when not NULL) gets the line ends in buf[0 .. result). */
size_t csvscan_last(const char *buf, size_t n, unsigned char delim,
    unsigned char term, int exact, uint64_t *terms);

/*
 * The facts of a byte range whose first byte's state is not known: the
 * range is scanned once by four exact scanners side by side, one
 * starting in each state, as one automaton of their four states (two
 * bits each) that moves once per quote, delimiter or line end and once
 * per run of other bytes.  Its moves are the loader's machine's
 * (csvsyntax_field, lax as the exact scanner is), taken once per byte
 * class when the span starts.  Chained from a known boundary (the
 * data's start, state CSVSCAN_START), each range's true starting state
 * is the state the range before it ends in, so ranges scanned in
 * parallel give the same record boundaries and line numbers as one scan
 * from the start (csvchunk_scan, `winnow stats --scan`).
 */

/* The states between two bytes, as far as record boundaries go: those
 * of csvsyntax.h, with "between records" and "at a field's first byte"
 * as one. */
enum csvscan_st {
	CSVSCAN_START,		/* at a field's first byte */
	CSVSCAN_UNQ,		/* in an unquoted field */
	CSVSCAN_Q,		/* in a quoted field */
	CSVSCAN_QQ		/* just after a quote inside one */
};

struct csvscan_span {
	unsigned char delim, term;
	uint8_t st;			/* the four scanners' states */
	uint8_t pending;		/* scanners without a boundary yet */
	uint64_t fed;			/* bytes fed */
	uint64_t terms;			/* line ends fed */
	uint64_t boundary[4];		/* per starting state: the offset
					 * just after its first record-ending
					 * line end, or UINT64_MAX */
	uint64_t lines[4];		/* line ends up to it, its own too */
	uint8_t next[4][256];		/* the automaton: class, states */
	uint8_t ends[256];		/* the scanners a line end finds at a
					 * record's end, one bit each */
	uint8_t cls[256];		/* byte -> class */
};

/* A span at its first byte, one scanner per state. */
void csvscan_span_init(struct csvscan_span *s, unsigned char delim,
    unsigned char term);

/* Feed the range's next n bytes. */
void csvscan_span_feed(struct csvscan_span *s, const char *buf, size_t n);

/* The state after the bytes fed of the scanner that started in `from`. */
enum csvscan_st csvscan_span_state(const struct csvscan_span *s,
    enum csvscan_st from);

#endif
