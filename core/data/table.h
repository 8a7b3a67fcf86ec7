/*
 * table.h - a loaded dataset, column by column.
 *
 * Each column is a dict of its distinct cell texts (interned, counted,
 * in order of first sight) and one 32-bit id per row.  A cell's text is
 * dict_str(&col->dict, col->code[row]), byte-exact as it was in the file
 * after CSV unquoting.  Per distinct value the column also knows whether
 * it is a missing marker and, for numeric types, its number; statistics
 * over all rows therefore need no pass over the rows at all.
 *
 * Rows are numbered 0 .. nrows-1 in file order.  A row's key (what users,
 * journals and probability files call it) is the --id column's text when
 * one was chosen, else its 1-based number.
 *
 * Everything here is owned by the table and freed by table_free().
 */
#ifndef WINNOW_TABLE_H
#define WINNOW_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/dict.h"
#include "core/data/infer.h"
#include "core/util/err.h"

struct column {
	char *name;		/* unique within the table */
	enum coltype type;
	int forced;		/* type chosen by the user (--text) */
	struct dict dict;	/* distinct texts, with counts */
	uint32_t *code;		/* per row: dict id */
	uint8_t *vmiss;		/* per value: 1 = a missing marker */
	double *vnum;		/* numeric types, per value: the number
				 * (dates: seconds since the epoch, bools
				 * 0/1; NAN for missing); NULL otherwise */
	uint32_t *vorder;	/* numeric types: non-missing value ids by
				 * ascending number (ties by id); nvorder of
				 * them; NULL otherwise */
	uint32_t nvorder;
	uint64_t nmissing;	/* rows holding a missing marker */
	uint32_t ndistinct;	/* distinct non-missing values */
	char *jpath;		/* JSON Lines: the key path (each key as 4
				 * bytes of length, then its bytes),
				 * jpathlen bytes; NULL for CSV */
	size_t jpathlen;
};

/* How a table's file is written. */
enum table_format {
	TABLE_CSV,
	TABLE_JSONL		/* JSON Lines (core/data/jsonl/jsonl.h) */
};

struct table {
	char *path;		/* as given, for messages */
	uint64_t nrows;
	size_t ncols;
	struct column *col;
	uint64_t *line;		/* per row: 1-based line where it starts */
	int id_col;		/* key column, or -1 for row numbers */

	/* how the file was read */
	enum table_format format;
	int compression;	/* enum zkind (core/util/io/zstream.h) */
	char delim;
	int header;		/* 1 when the first record named the columns */
	int bom;		/* 1 when a UTF-8 byte order mark was skipped */
	uint64_t file_size;	/* bytes on disk (compressed, when it is) */
	uint64_t content_hash;	/* every byte on disk (fingerprint.h);
				 * export checks it before it writes */
	uint64_t nragged;	/* rows padded or skipped (--ragged) */
	int lax_quotes;		/* text after a closing quote was read as
				 * part of the field (--lax-quotes) */
	uint64_t nlax;		/* fields read that way */
	uint64_t nrepeated;	/* data lines that repeat the header */
	uint64_t *dropped;	/* the lines of those dropped (ascending;
				 * --drop-repeated-header), ndropped */
	uint64_t ndropped;
	uint64_t header_line;	/* lines taken by the header (0 or more) */
};

/* Free t and everything it owns; NULL is fine. */
void table_free(struct table *t);

/*
 * With an id column: fail (ERR_DATA "path:LINE: ...", t->path) when a
 * row's id is missing or an id repeats (naming the line of the first).
 * Returns 0 when the ids are fine or there is no id column.
 */
int table_check_ids(const struct table *t, struct err *e);

/* Index of the column called name, or -1. */
int table_col_index(const struct table *t, const char *name);

/*
 * For an option (opt, e.g. "--id") that names no column of t: fill e
 * with ERR_USAGE and "PATH: no column named 'NAME' (OPT); the columns
 * are: 'a', 'b', ...", as many of them as the message holds, then how
 * many more there are.  Returns -1.
 */
int table_no_column(const struct table *t, const char *path,
    const char *name, const char *opt, struct err *e);

/*
 * 1 when column c is a key that numbers the rows rather than a
 * measurement: every row holds its own whole number (none missing), and
 * the name reads as a key ("id", "index", "row_id", "PassengerId",
 * "customer_id", or no name at all: the column_N a headerless column
 * gets).  Learning from it would learn the file's order.
 */
int table_row_key(const struct table *t, size_t c);

/* The text of a cell (borrowed from the table). */
static inline const char *
table_cell(const struct table *t, size_t col, uint64_t row, size_t *len)
{
	const struct column *c = &t->col[col];

	return dict_str(&c->dict, c->code[row], len);
}

/* 1 when the cell is a missing marker. */
static inline int
table_missing(const struct table *t, size_t col, uint64_t row)
{
	const struct column *c = &t->col[col];

	return c->vmiss[c->code[row]];
}

/* The number in a cell of a numeric column (NAN when missing). */
static inline double
table_num(const struct table *t, size_t col, uint64_t row)
{
	const struct column *c = &t->col[col];

	return c->vnum[c->code[row]];
}

/*
 * The key of a row: the id column's text, or the 1-based row number
 * written into buf (which must hold 24 bytes).  Returns a borrowed string
 * and its length in *len.
 */
const char *table_key(const struct table *t, uint64_t row, char *buf,
    size_t *len);

/* The row whose key is key[0..n), or -1. */
int64_t table_find_key(const struct table *t, const char *key, size_t n);

/*
 * Recompute a column's derived facts (type unless forced, vmiss, vnum,
 * vorder, nmissing, ndistinct) from its dict, with na the missing
 * markers (NULL: infer_default_na).  Used by the loader and when the user
 * changes a column's type.
 */
void table_column_derive(struct column *c, const char *const *na);

/* Approximate bytes held by the table (for memory reports). */
size_t table_bytes(const struct table *t);

#endif
