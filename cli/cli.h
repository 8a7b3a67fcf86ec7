/*
 * cli.h - what every subcommand and the workbench's command line share:
 * the dataset options (--label, --id, --text, --delim, --no-header,
 * --ragged, --na, --threads, --lax-quotes, --drop-repeated-header) and
 * what they mean to the loader, the sample options, numbers checked
 * against their range, loading with a progress line on stderr, and
 * reporting errors with their exit status.
 */
#ifndef WINNOW_CLI_H
#define WINNOW_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "core/data/csvload.h"
#include "core/data/labels.h"
#include "core/util/err.h"
#include "core/util/outfile.h"
#include "core/util/progress.h"
#include "core/data/table.h"

#define CLI_MAX_THREADS 256	/* --threads: 0 (all processors) .. this */

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
	int lax_quotes;			/* --lax-quotes */
	int drop_repeated_header;	/* --drop-repeated-header */
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

/* 1 when arg asks for a command's help: --help or -h. */
int cli_is_help(const char *arg);

/*
 * The value of option name at argv[*i] ("--name V" or "--name=V"), or
 * NULL when argv[*i] is not that option.  Prints a usage error and sets
 * *bad when the value is missing.
 */
const char *cli_value(const char *name, int argc, char **argv, int *i,
    int *bad);

/* An option without a value, and the flag it sets to 1. */
struct cli_switch {
	const char *name;
	int *to;
};

/* When arg is one of the n switches sw, set its flag and return 1;
 * else return 0. */
int cli_switch(const char *arg, const struct cli_switch *sw, size_t n);

/* An option with a value, and where the value goes (borrowed). */
struct cli_string {
	const char *name;
	const char **to;
};

/*
 * When argv[*i] is one of the n options opt (as cli_value reads it),
 * keep its value and return 1; else return 0 (and *bad set when the
 * value is missing).
 */
int cli_strings(const struct cli_string *opt, size_t n, int argc,
    char **argv, int *i, int *bad);

/* The loader's options that d asks for (no progress, no trace). */
void cli_data_load_opts(const struct cli_data *d, struct csvload_opts *o);

/* Load d->path with a progress line on stderr when it is a terminal. */
struct table *cli_load(const struct cli_data *d, struct err *e);

/*
 * A seeded sample of about size records of d->path from spread-out byte
 * ranges (anysample.h), for a file too big to load: ranges of 64 KiB,
 * as many as the sample wants rows at the sampled density (at least
 * CSVSAMPLE_RANGES); a compressed file's first records within as many
 * bytes, *head set (head may be NULL).  NULL with e filled on error.
 */
struct table *cli_load_sample(const struct cli_data *d, uint64_t size,
    uint64_t seed, int *head, struct err *e);

/*
 * Option opt's value v as byte offsets START:END with END > START, for
 * command cmd's messages; 0, or -1 after a usage error.
 */
int cli_range(const char *cmd, const char *opt, const char *v, uint64_t *a,
    uint64_t *b);

/*
 * Write the output path by the output rule (core/util/outfile.h): fn
 * writes to the stream of a temporary file that is put in place when
 * fn succeeds, or to standard output for "-".  A failure of fn is
 * reported with path in front.  Returns the exit status.
 */
int cli_write_out(const char *path, const struct outfile_rule *rule,
    int (*fn)(FILE *f, void *ctx, struct err *e), void *ctx);

/* How `winnow stats` and the workbench sample big data. */
struct cli_sample {
	uint64_t threshold;	/* sample when there are more rows (0:
				 * never) */
	uint64_t size;		/* rows in the sample (0: the threshold) */
	uint64_t seed;		/* --seed S (default 1) */
	int stratified;		/* --stratify: within the label's classes */
};

/* No sampling above threshold rows (0: never), seed 1. */
void cli_sample_init(struct cli_sample *s, uint64_t threshold);

/*
 * If argv[*i] is a sample option, consume it (and its value), advance *i
 * to the last argument used and return 1; return 0 when it is not one,
 * -1 after printing a usage error.  The options are --seed S and
 * --stratify, with --sample N (a sample of N rows above N rows) when
 * single is set, else --sample-threshold N and --sample-size N.
 */
int cli_sample_opt(struct cli_sample *s, int single, int argc, char **argv,
    int *i);

/*
 * A progress line on standard error: "what 42.0%  31.2 MB/s  ETA 3s" for
 * work counted in bytes, "what 7/15  2.5s" for work counted in items.
 * It appears after half a second (or when a phase ends sooner) and is
 * redrawn at most five times a second, and at once for a new phase.
 */
struct cli_bar {
	struct progress pr;
	double start, last;
	int bytes;		/* done and total count bytes */
	int shown;		/* the line is on the screen */
	char what[64];		/* the phase last drawn */
};

/*
 * Set up b and return the progress to hand to core work, or NULL when
 * quiet is set or standard error is not a terminal.
 */
const struct progress *cli_bar_start(struct cli_bar *b, int bytes,
    int quiet);

/* Erase the line when it was drawn. */
void cli_bar_end(struct cli_bar *b);

/* The --label column's index; prints an error and returns -1 when the
 * column does not exist (listing the columns). */
int cli_label_col(const struct table *t, const char *label);

/*
 * The classes of t's --label column label into L, in the order order:
 * 0, or the exit status after printing what is wrong (a column that
 * does not exist, as cli_label_col; a column with no label at all).
 * L is labels_release()d by the caller after 0 only.
 */
int cli_labels(const struct table *t, const char *label,
    enum labels_order order, struct labels *L);

/* Print "winnow: MESSAGE" on stderr and return e->code (70 if unset). */
int cli_fail(const struct err *e);

/* Print "winnow: ..." and return ERR_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Install the stderr log sink and the outputs' signal dispositions
 * (outfile_init()); first thing in main. */
void cli_init(void);

/*
 * Option opt's value v as a whole number in [lo, hi], into *out.  Only
 * decimal digits are taken: a sign, spaces, a fraction, a suffix, a
 * value that overflows or one outside [lo, hi] prints a usage error
 * naming opt, v and the range, and returns -1.  Returns 0 otherwise.
 */
int cli_uint(const char *opt, const char *v, uint64_t lo, uint64_t hi,
    uint64_t *out);

/* The memory to plan for by default: the smaller of 1 GiB and a quarter
 * of the RAM. */
uint64_t cli_default_memory(void);
/* This process's peak resident memory in KiB, the kernel's VmHWM (0
 * where /proc has none): its own, where the rusage of a process forked
 * from a big one counts that one's pages too. */
long cli_peak_rss_kb(void);
/* 1 when loading path whole fits in memory bytes (the loader holds about
 * 1.7 times the content: a compressed file's decompressed, as
 * format_content_size estimates it), or when path is a stream or cannot
 * be looked at (the loader then says what is wrong). */
int cli_fits(const char *path, uint64_t memory);
/* The chunk size for reading a file in memory bytes: an eighth of it, at
 * most 48 MiB (core/stats/stream/sumstream.h). */
size_t cli_chunk_size(uint64_t memory);
/*
 * A size in bytes: a whole number with an optional suffix K, M, G or T
 * (binary units, either case), in [lo, hi] bytes; otherwise as cli_uint.
 */
int cli_size(const char *opt, const char *v, uint64_t lo, uint64_t hi,
    uint64_t *out);
/* cli_uint for a real number in [lo, hi] (decimal, NaN refused). */
int cli_real(const char *opt, const char *v, double lo, double hi,
    double *out);

#endif
