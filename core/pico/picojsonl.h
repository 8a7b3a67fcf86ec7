/*
 * picojsonl.h - PICO's per-row results as JSON Lines: the columns of
 * picorun_write_csv(), one object a row, for tools that read JSON.
 */
#ifndef WINNOW_PICOJSONL_H
#define WINNOW_PICOJSONL_H

#include <stdio.h>

#include "core/data/labels.h"
#include "core/data/table.h"
#include "core/pico/pico.h"
#include "core/util/err.h"

/*
 * One line per table row:
 *   {"id":"55","given":"virginica","suggested":"versicolor",
 *    "p_suggested":0.991,"quality":0.012,"suspicion":0.988,
 *    "flagged":true,"auto_fix":true,"ambiguous":false,"agree":3,
 *    "rounds":2}
 * id is the row's key; given and suggested are null for a row without
 * one; probabilities have six decimals, as in the CSV.  Returns -1
 * (ERR_IO) when writing fails.
 */
int picojsonl_write(FILE *f, const struct table *t, const struct labels *L,
    const struct pico_result *r, struct err *e);

#endif
