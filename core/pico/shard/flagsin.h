/*
 * flagsin.h - the result of a sharded PICO run read back for review: the
 * per-row flags that `winnow score` (pass 2) or cluster/winnow_dask.py
 * --pico wrote, as `winnow pico --out` writes them (CSV, or JSON Lines),
 * matched to the rows of the loaded data by key and turned into the
 * pico_result the review loop ranks and shows.
 *
 * A flags row names its data row by key: the text of the data's id
 * column when the data has one, else the line of the data file on which
 * the row starts (what `winnow score` writes without --id).  The file
 * carries each row's given label, suggestion, its probability and the
 * given label's (quality); the posterior is rebuilt from those two, the
 * rest of the mass spread over the other classes.  Rows the file does
 * not name (a file of the flagged rows only) are taken as not flagged:
 * quality 1, another class suggested with no belief in it.  The
 * doubtful column is read when the file has it.  The checkers' skill is
 * taken as predictive: the run that wrote the flags judged it.  The
 * review card's noise prior is the mean posterior of the rows given
 * each class (there is no round history but the one round on the given
 * labels).
 */
#ifndef WINNOW_FLAGSIN_H
#define WINNOW_FLAGSIN_H

#include "core/data/labels.h"
#include "core/data/table.h"
#include "core/pico/pico.h"
#include "core/util/err.h"

/*
 * Read the flags file path for table t (its id column, if any, keys its
 * rows; else t->line does) with the classes L, into res (release with
 * pico_result_release; rounds 1, no round history, no noise matrix).
 * Errors: ERR_NOINPUT (cannot read it), ERR_DATA "path:line: ..." for a
 * file that is not such a flags file (a missing column, a number that is
 * not one), or that does not belong to the data: a key that names no row
 * or one row twice, a given label that is not the data's (flags of
 * another label column or file), a suggestion that is not a class of L.
 */
int flagsin_read(const char *path, const struct table *t,
    const struct labels *L, struct pico_result *res, struct err *e);

#endif
