/*
 * export.h - the cleaned dataset: the original bytes with the decided
 * labels put in.
 *
 * The export never re-serialises the table.  It re-reads the original
 * file and copies it byte for byte, replacing only the label field of
 * rows whose journalled decision set a new label (and leaving out rows
 * decided as drop, or appending columns, when asked).  To know where
 * records and fields are, a byte scanner follows exactly the state
 * machine of libcsv as core/data/csvload.c drives it (delimiter as sniffed,
 * quotes, CR, LF and CRLF record ends, blank lines skipped, a UTF-8 BOM,
 * no final newline), so data row i of the table is data record i of the
 * scan; every row's starting line is checked against table->line[], and
 * every replaced field against the table's cell, so a file that changed
 * since it was loaded is caught rather than mangled.
 *
 * The output follows core/util/outfile.h: written to a temporary file
 * in the output's folder, synced, then renamed into place; never the
 * input, the journal, any other journal or what the caller keeps, even
 * with force; an existing unrelated file replaced only with force.
 */
#ifndef WINNOW_EXPORT_H
#define WINNOW_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/csvload.h"
#include "core/util/err.h"
#include "core/review/journal.h"
#include "core/util/outfile.h"
#include "core/util/progress.h"
#include "core/data/table.h"

/* --- the scanner --------------------------------------------------- */

struct export_scan {
	const unsigned char *p;
	size_t len, pos;
	unsigned char delim;
	unsigned char term;	/* the byte that counts lines, as csvload
				 * counts them */
	uint64_t line;		/* 1 + term bytes before line_pos */
	size_t line_pos;
	size_t *fs, *fe;	/* raw field spans of the current record */
	size_t nf, cap;
};

/* One record: its bytes are [start, end), its line ending [end, eol);
 * field i is [fs[i], fe[i]) in the scanner, quotes included. */
struct export_rec {
	size_t start, end, eol;
	size_t nfields;
	uint64_t line;		/* line where it starts, 1-based */
};

/*
 * Scan buf[0..len) (the whole file: a BOM is skipped as csvload skips
 * it) with delimiter delim.  buf is borrowed for the scanner's life.
 */
void export_scan_init(struct export_scan *s, const void *buf, size_t len,
    int delim);

/* The next record: 1, 0 at the end, -1 for a quoted field that never
 * closes (csvload refuses such a file). */
int export_scan_next(struct export_scan *s, struct export_rec *r);

void export_scan_release(struct export_scan *s);

/*
 * The text of a raw field span as libcsv delivers it (quotes removed,
 * doubled quotes halved, a stray quote after a closing one kept).  out
 * must hold n bytes; returns the length.
 */
size_t export_field_decode(const void *raw, size_t n, char *out);

/* 1 when a field value must be quoted to read back as itself in a
 * record of nfields fields. */
int export_needs_quotes(const char *s, size_t n, int delim,
    size_t nfields);

/* --- the writer ---------------------------------------------------- */

enum export_col {
	EXPORT_COL_SOURCE,	/* label_source: given, accepted, picked,
				 * relabelled, rejected, dropped */
	EXPORT_COL_ORIGINAL,	/* original_label: the label in the input */
	EXPORT_NCOLS
};

/* The column called name ("label_source", "original_label"), or -1. */
int export_col_parse(const char *name);
const char *export_col_name(enum export_col c);

struct export_opts {
	int label_col;			/* the table column relabelled */
	int drop_excluded;		/* leave out rows decided as drop */
	enum export_col add[EXPORT_NCOLS];	/* appended, in order */
	int nadd;
	int force;			/* replace an existing output */
	const struct outfile_keep *keep;	/* the command's other files,
					 * never the output (the dataset
					 * and the journal always are) */
	size_t nkeep;
	enum csvload_ragged ragged;	/* as the table was loaded */
	const struct progress *progress;
};

void export_opts_init(struct export_opts *o);

struct export_stats {
	uint64_t rows;		/* data rows in the input */
	uint64_t written;	/* data rows in the output */
	uint64_t relabelled;	/* label fields changed */
	uint64_t dropped;	/* rows left out */
	uint64_t decided;	/* rows with a verdict */
	uint64_t unknown;	/* journal keys that name no row */
	uint64_t mismatched;	/* decided rows whose journalled given
				 * label is not the file's */
};

/*
 * Write the cleaned copy of t's file (t->path, which must be a regular
 * file) to out, applying the current decisions of j.  Errors:
 * ERR_CANTCREAT when out may not be written (the outfile rule) or cannot
 * be created, ERR_IO when a write fails (a full disk, a size limit),
 * ERR_NOINPUT when the input cannot be read,
 * ERR_DATA when the input no longer matches t.  Warnings (keys not in
 * the data, given labels that differ) go through log_warn.  st may be
 * NULL.
 */
int export_write(const struct table *t, const struct journal *j,
    const char *out, const struct export_opts *o, struct export_stats *st,
    struct err *e);

#endif
