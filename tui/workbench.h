/*
 * workbench.h - `winnow FILE [options]`: parse the options and run the
 * workbench on the terminal, or headless for tests and timing.
 */
#ifndef WINNOW_WORKBENCH_H
#define WINNOW_WORKBENCH_H

#include <stdio.h>

/* argv[0] is FILE.  Returns the exit status. */
int workbench_main(int argc, char **argv);

/* The workbench options for `winnow --help`. */
void workbench_usage(FILE *f);

#endif
