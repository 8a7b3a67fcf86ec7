/*
 * picoopt.h - the options that choose PICO's method and its settings,
 * parsed once for `winnow pico` and for the evaluation (bench/eval), so
 * that both take the same names, values and ranges.
 */
#ifndef WINNOW_PICOOPT_H
#define WINNOW_PICOOPT_H

#include <stddef.h>

#include "core/pico/picorun.h"

/*
 * If argv[*i] is one of the method's options (--method, --probs,
 * --model, --folds, --repeats, --rounds, --seed, --top-r, --prior,
 * --eps, --alpha, --beta, --pool, --carry, --stay, --flag, --tau,
 * --calibrate, --gate, --doubt, --relabel-threshold, --filter, --score,
 * --bigrams, --char-ngrams, --hash-bits), consume it and its value into
 * o, advance *i to the last argument used and return 1.  A --probs file
 * is appended to probs[*nprobs] (probs has room for one per argument;
 * the strings are borrowed from argv).  Return 0 when argv[*i] is not
 * one, -1 after printing a usage error.
 */
int picoopt_parse(struct picorun_opts *o, const char **probs, size_t *nprobs,
    int argc, char **argv, int *i);

#endif
