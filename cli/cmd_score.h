/*
 * cmd_score.h - what `winnow pico --save-model DIR` hands to
 * cli/cmd_score.c: loading the rows to train on, and training and
 * saving the model (core/pico/shard/model.h).
 */
#ifndef WINNOW_CMD_SCORE_H
#define WINNOW_CMD_SCORE_H

#include <stdint.h>

#include "cli/cli.h"
#include "core/data/labels.h"
#include "core/data/table.h"
#include "core/pico/picorun.h"
#include "core/util/outfile.h"

/*
 * The table to train on: d's file, or (sample > 0 and the file too big
 * to load) a seeded sample of about sample records from byte ranges.
 */
struct table *cmd_score_load(const struct cli_data *d, uint64_t sample,
    uint64_t seed, struct err *e);

/*
 * Train the model on t's rows (a sample of sample rows when there are
 * more, stratified by L's classes with stratify, seeded by the checkers'
 * seed), save it in the folder dir by rule and say so on stderr unless
 * quiet.  Returns the exit status.
 */
int cmd_score_save(const struct table *t, const struct labels *L,
    const struct picorun_opts *o, const char *dir, uint64_t sample,
    int stratify, const struct outfile_rule *rule, int quiet);

#endif
