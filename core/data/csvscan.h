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

#endif
