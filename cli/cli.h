/*
 * cli.h - what every subcommand shares: the dataset options (--label,
 * --id, --text, --delim, --no-header, --ragged, --na, --threads), loading
 * with a progress line on stderr, and reporting errors with their exit
 * status.
 */
#ifndef WINNOW_CLI_H
#define WINNOW_CLI_H

#include "core/data/csvload.h"
#include "core/util/err.h"
#include "core/data/table.h"

struct cli_data {
	const char *path;
	const char *label;		/* --label COL */
	const char *id;			/* --id COL */
	const char *text[64];		/* --text COL[,COL...], NULL-ended */
	const char *na[64];		/* --na LIST, NULL-ended; na_set */
	int na_set;
	int delim;			/* --delim C, 0 = sniff */
	int no_header;
	enum csvload_ragged ragged;
	int threads;			/* --threads N, 0 = online cores */
	int quiet;			/* --quiet: no progress line */
	char *owned[16];		/* copies of split lists */
	int nowned;
};

void cli_data_init(struct cli_data *d);
void cli_data_release(struct cli_data *d);

/*
 * If argv[*i] is a dataset option, consume it (and its value: "--opt V"
 * or "--opt=V"), advance *i to the last argument used and return 1.
 * Return 0 when it is not one; -1 after printing a usage error.
 */
int cli_data_opt(struct cli_data *d, int argc, char **argv, int *i);

/*
 * The value of option name at argv[*i] ("--name V" or "--name=V"), or
 * NULL when argv[*i] is not that option.  Prints a usage error and sets
 * *bad when the value is missing.
 */
const char *cli_value(const char *name, int argc, char **argv, int *i,
    int *bad);

/* Load d->path with a progress line on stderr when it is a terminal. */
struct table *cli_load(const struct cli_data *d, struct err *e);

/* The --label column's index; prints an error and returns -1 when the
 * column does not exist (listing the columns). */
int cli_label_col(const struct table *t, const char *label);

/* Print "winnow: MESSAGE" on stderr and return e->code (70 if unset). */
int cli_fail(const struct err *e);

/* Print "winnow: ..." and return ERR_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Install the stderr log sink and the outputs' signal dispositions
 * (outfile_init()); first thing in main. */
void cli_init(void);

/* Parse a non-negative integer option value; -1 on error (printed). */
long long cli_number(const char *opt, const char *v);

#endif
