/*
 * partexport.h - the cleaned copy of one part of a dataset too big for
 * one machine (docs/cluster.md): a record-aligned byte range of one big
 * CSV file, or one CSV file of a folder of parts, with the decisions of
 * the journal made on the whole applied by row key.
 *
 * It is the export of export.h without a loaded table: the part's bytes
 * are scanned once with the loader's own machine (csvsyntax.h), a
 * window at a time, and copied byte for byte, replacing only the label
 * field of rows whose decision set a new label (and leaving out rows
 * decided as drop, when asked).  A row's key is its id column's text,
 * or its 1-based row number in the whole file (the first row of a
 * range is told: rows are not lines when quoted fields hold line ends).
 * The range that holds the data's first record also gets the bytes
 * before it (the header), so the cleaned ranges of a file, concatenated
 * in order, are byte for byte its export_write() copy.
 */
#ifndef WINNOW_PARTEXPORT_H
#define WINNOW_PARTEXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/csvload.h"
#include "core/review/export.h"
#include "core/review/journal.h"
#include "core/util/err.h"

struct partexport_opts {
	const char *label_col;		/* the column relabelled */
	const char *id_col;		/* the key column; NULL: row numbers */
	int range;			/* [start, end) below; else the whole
					 * file is the part */
	uint64_t start, end;		/* record boundaries (end 0: the end
					 * of the file) */
	uint64_t line;			/* the file's line at start */
	uint64_t row;			/* the 1-based number of the first row
					 * at or after start (keys by row
					 * number) */
	int drop_excluded;		/* leave out rows decided as drop */
	const struct csvload_opts *lo;	/* how the file reads (delimiter,
					 * header, ragged rows, quotes) */
	const struct outfile_rule *rule;	/* the output rule */
};

/*
 * Write the cleaned copy of the part of path described by o to out
 * (through the outfile rule), applying the decisions of j by key; with
 * out NULL write nothing and only count (st->rows: the data rows of the
 * part, what gives the next range its first row number).  Errors:
 * ERR_USAGE (a range that does not start or end a line, a column that
 * is not there, a file that is not plain CSV), ERR_NOINPUT,
 * ERR_DATA (a malformed record, at the file's own line), ERR_CANTCREAT,
 * ERR_IO.  Warnings (decided rows whose given label differs) go through
 * log_warn.  st is filled (rows, written, relabelled, dropped, decided,
 * mismatched; unknown is 0: other parts hold the other keys).
 */
int partexport_write(const char *path, const struct journal *j,
    const char *out, const struct partexport_opts *o,
    struct export_stats *st, struct err *e);

#endif
