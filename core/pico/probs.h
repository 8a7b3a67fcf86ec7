/*
 * probs.h - out-of-fold probability files (PICO's Mode A: --probs FILE).
 *
 * A probability file is a CSV with a header: one key column and one
 * column per class, named exactly like the classes of the label column
 * (struct labels), in any order.  The key column is the column named
 * like the table's --id column when the table has one and the header
 * holds that name; otherwise it is the first column.  Keys are what
 * table_find_key() accepts: --id values, or 1-based row numbers when the
 * table has no --id.  Every row of the table appears exactly once, in
 * any order; each value is a number in [0, 1 + 1e-6], and each row sums
 * to 1 within 1e-3.  Values are kept exactly as written (correctly
 * rounded), never renormalised, so confident learning sees the numbers
 * the user's model wrote.
 *
 * The file is streamed through libcsv (delimiter sniffed among , ; TAB
 * |, a UTF-8 BOM skipped, quoted fields allowed); memory is the matrix
 * plus one line.  Every problem is an ERR_DATA error pointing at the
 * cell: "file:line:col: what", with untrusted text shown escaped.
 */
#ifndef WINNOW_PROBS_H
#define WINNOW_PROBS_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"
#include "core/data/labels.h"
#include "core/data/table.h"

struct probs {
	char *path;		/* as given (owned), for messages */
	uint64_t n;		/* rows: the table's rows */
	uint32_t k;		/* classes: the labels' classes */
	double *p;		/* [n * k] owned; p[row * k + class], rows in
				 * table order, classes in labels order */
};

/*
 * Read path ("-": standard input) for table t and classes L (both only
 * borrowed during the call).  On success P owns its matrix (release with
 * probs_release).  Fails with ERR_NOINPUT when the file cannot be read,
 * ERR_DATA for bad content; P is then empty.
 */
int probs_read(struct probs *P, const char *path, const struct table *t,
    const struct labels *L, struct err *e);

/* The same from memory (name is used in messages; buf is borrowed). */
int probs_read_mem(struct probs *P, const char *name, const void *buf,
    size_t len, const struct table *t, const struct labels *L,
    struct err *e);

/* Release what P owns; NULL is fine. */
void probs_release(struct probs *P);

/*
 * Read npaths files, one matrix each (each file is one checker).
 * Returns an array of npaths that the caller frees with probs_free_all,
 * or NULL with e filled by the first file that failed.
 */
struct probs *probs_read_all(const char *const *paths, size_t npaths,
    const struct table *t, const struct labels *L, struct err *e);

/* Release every matrix of an array from probs_read_all, and the array. */
void probs_free_all(struct probs *P, size_t npaths);

#endif
