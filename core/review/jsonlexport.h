/*
 * jsonlexport.h - the cleaned copy of a JSON Lines file: the input's
 * lines with only the decided labels rewritten.
 *
 * The input is fed as it is read (from memory, a window, or a
 * decompressor) and comes out through a callback, so the copier knows
 * nothing of files.  Line i of the input is table row r when
 * table->line[r] == i; every other line (blank, or skipped as not an
 * object with --ragged skip) is copied as it is.  A row whose label
 * does not change is copied as it is, every byte; a relabelled row has
 * exactly the bytes of its label's value replaced, key order, spacing,
 * escapes elsewhere and the line ending kept:
 *
 *   - the new label is written in the JSON type of the old value when it
 *     is one of that type (a number as a number, true or false as
 *     themselves), else as a JSON string;
 *   - a row whose line lacks the label key gets it: ,"key":VALUE is put
 *     after the last member of the innermost object of the key path the
 *     line has (with the objects that are missing, for a nested path),
 *     the colon spaced as in the line's first member, the comma as
 *     between two members of the line (", " when it has no two members
 *     and puts a space after its colons); a label that was null is
 *     replaced like any value;
 *   - a row left out (--drop-excluded) loses its whole line, line ending
 *     included;
 *   - added columns (--add-columns) become members appended to each
 *     row's object, after its last member.
 *
 * Every rewritten row's label value is checked against the table's cell
 * and every row's line against table->line[], so a file that changed
 * since it was loaded is an error, not a mangled copy.
 */
#ifndef WINNOW_JSONLEXPORT_H
#define WINNOW_JSONLEXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/jsonl/jscan.h"
#include "core/data/table.h"
#include "core/review/export.h"
#include "core/review/journal.h"
#include "core/util/err.h"
#include "core/util/io/linecarry.h"

/* What happens to each row, decided from the journal (export.c). */
struct jsonlexport_plan {
	const uint32_t *label;		/* per row: the journal's string id
					 * of the new label, or JOURNAL_NONE */
	const uint8_t *src;		/* per row: index into src_names */
	const char *const *src_names;	/* label_source values */
	uint8_t src_dropped;		/* the src of a row decided as drop
					 * (left out with drop_excluded) */
};

struct jsonlexport {
	const struct table *t;
	const struct journal *j;
	const struct export_opts *o;
	const struct jsonlexport_plan *P;
	struct export_stats *st;
	void (*put)(void *ctx, const void *p, size_t n);
	void *ctx;
	struct jscan sc;
	uint64_t lineno, row;
	struct bytebuf carry;		/* a line cut by the end of a block */
	struct bytebuf buf;		/* a rewritten line */
	char *esc;			/* a quoted string */
	size_t esccap;
	int failed;
	struct err err;
};

/* Start copying t's file (a JSON Lines table) by plan P through
 * put(ctx, bytes, n). */
void jsonlexport_init(struct jsonlexport *x, const struct table *t,
    const struct journal *j, const struct export_opts *o,
    const struct jsonlexport_plan *P, struct export_stats *st,
    void (*put)(void *ctx, const void *p, size_t n), void *ctx);

/* The next n bytes of the input (last: the end of it).  Returns 0, or
 * -1 with e filled (ERR_DATA: the file changed since it was loaded, or
 * a label that cannot be put into its line). */
int jsonlexport_feed(struct jsonlexport *x, const void *p, size_t n,
    int last, struct err *e);

void jsonlexport_release(struct jsonlexport *x);

#endif
