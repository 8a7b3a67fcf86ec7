/*
 * picocache.h - the latest PICO result of a review session, kept beside
 * its journal (DATA.csv.winnow/pico.cache) so that a session resumes with
 * its queue at once instead of after a run.
 *
 * The file is a cache, never the truth: it is written to a temporary name
 * and renamed, it carries the dataset's fingerprint, the label column, the
 * row count, the class names in order and a CRC-32 of everything before
 * it, and a reader refuses anything that does not match the table and
 * classes at hand (the caller then recomputes).  It also carries the key
 * of the run's inputs (picocache_key(): the options, the labels given and
 * the reviewers' clamps), so that a caller whose inputs have the same
 * key may take the result as what a run would give now, and not run.  The layout is the
 * machine's own (byte order, float format), marked in the header; a file
 * from another kind of machine is refused like any other mismatch.
 */
#ifndef WINNOW_PICOCACHE_H
#define WINNOW_PICOCACHE_H

#include "core/util/err.h"
#include "core/data/fingerprint.h"
#include "core/data/labels.h"
#include "core/pico/pico.h"
#include "core/pico/picorun.h"
#include "core/data/table.h"

/* The cache path of a journal: DATA.winnow/pico.cache beside the
 * default journal DATA.winnow/journal; JOURNAL.pico-cache beside any
 * other, whose folder may hold files of the user's.  Caller frees. */
char *picocache_path_for(const char *journal_path);

/*
 * The key of a run with options o on labels given[0..n) (LABELS_NONE for
 * none, or a dropped row) and clamps clamp[0..n): every option a result
 * depends on (not the progress hook, nor pico.threads, which it never
 * depends on), and every label and clamp.  Equal inputs give equal keys;
 * another option, label or decision gives another (but for a 2^-64
 * chance).  A frozen feature spec (feat.frozen, a saved model's) counts
 * only by being there: runs with two different ones get one key, so
 * the workbench, which never sets one, is the key's only user.
 */
uint64_t picocache_key(const struct picorun_opts *o, const uint32_t *given,
    const uint32_t *clamp, uint32_t n);

/*
 * Write r (computed on the file with fingerprint fp, from inputs with
 * key key, label column label_col, class names names[0..r->k)) to path
 * atomically, by the
 * rule of core/util/outfile.h (an existing cache is replaced; a journal
 * never is).  Errors: ERR_CANTCREAT when the file may not or cannot be
 * made or renamed, ERR_IO when writing fails; the temporary file is
 * removed either way.
 */
int picocache_write(const char *path, const struct fingerprint *fp,
    uint64_t key, const char *label_col, const char *const *names,
    const struct pico_result *r, struct err *e);

/*
 * Read the cache at path into res (release with pico_result_release) when
 * it was made on this file (fp: the same sample hash), for t's label
 * column of L (same name), with t->nrows rows and L's classes in the same
 * order; *key (when key is not NULL) gets the key of its inputs.
 * Returns 0; or -1 with ERR_NOINPUT when there is no file, and ERR_DATA
 * when it is damaged or does not match (e says which).
 */
int picocache_read(const char *path, const struct fingerprint *fp,
    const struct table *t, const struct labels *L, struct pico_result *res,
    uint64_t *key, struct err *e);

#endif
