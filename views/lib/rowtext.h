/*
 * rowtext.h - a row as text to copy: one cell as it was loaded, or the
 * whole row as one CSV record.
 *
 * The cell is its text byte for byte (after the file's quoting is
 * undone, as every view shows it), control characters and all: the
 * clipboard, unlike the screen, gets the data itself.  The record joins
 * the row's cells with the file's delimiter (a comma for JSON Lines),
 * quoting only the fields that need it (a delimiter, a quote or a line
 * break inside, doubled quotes), with no line ending: it reads back as
 * the same cells, pasted into the file or a spreadsheet.
 */
#ifndef WINNOW_ROWTEXT_H
#define WINNOW_ROWTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/table.h"

/* Cell (col, row) of t; *len gets its length.  NUL-terminated; caller
 * frees. */
char *rowtext_cell(const struct table *t, size_t col, uint64_t row,
    size_t *len);

/* Row row of t as one CSV record; *len gets its length.
 * NUL-terminated; caller frees. */
char *rowtext_record(const struct table *t, uint64_t row, size_t *len);

#endif
