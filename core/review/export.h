/*
 * export.h - the cleaned dataset: the original bytes with the decided
 * labels put in.
 *
 * The export never re-serialises the table.  It re-reads the original
 * file and copies it byte for byte, replacing only the label field of
 * rows whose journalled decision set a new label (and leaving out rows
 * decided as drop, or appending columns, when asked).  To know where
 * records and fields are, it scans the file with the loader's own
 * machine (core/data/csv/csvsyntax.h), so data row i of the table is data
 * record i of the scan; every row's starting line is checked against
 * table->line[], and every replaced field against the table's cell, so a
 * file that changed since it was loaded is caught rather than mangled.
 *
 * A JSON Lines table is copied by core/review/jsonlexport.h instead,
 * line for line.  A compressed input (table->compression) is read
 * through its decompressor and the output written through a compressor
 * of the same kind, so its name must carry the same suffix (.gz, .zst).
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
#include "core/data/csv/csvsyntax.h"
#include "core/util/err.h"
#include "core/review/journal.h"
#include "core/util/outfile.h"
#include "core/util/progress.h"
#include "core/data/table.h"

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
 * ERR_USAGE when out is named for another compression than the input's,
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
