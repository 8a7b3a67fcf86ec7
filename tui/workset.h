/*
 * workset.h - the data the views look at, and every change to it: the
 * table (loaded by a job), the label column, the filter stack and the
 * sample, and the rows views see, which it keeps in the environment
 * (env->t, labels, rows, gen ...).
 *
 * One rule keeps jobs safe: before the table, the labels, the filter
 * stack or the sample change, every job that may read them is stopped
 * (workset_quiesce); a PICO run reads only its own snapshot and goes on.
 * Every change goes: quiesce, change, workset_changed (derive the rows
 * and bump env->gen so that views compute again).
 *
 * A big file opens on a sample of byte ranges while a full pass runs on:
 * the whole file then replaces the sample, or, when it is too big to
 * load, a summary of every row goes to the Overview (env->full_sum) and
 * an index of its rows on disk to the Table (env->file_rows).
 *
 * It tells the user what happened through the message line and nobody
 * else: what follows a load or a change of labels is for its caller.
 */
#ifndef WINNOW_WORKSET_H
#define WINNOW_WORKSET_H

#include <stdint.h>

#include "cli/cli.h"
#include "core/data/filter/filter.h"
#include "core/data/labels.h"
#include "core/data/rowset.h"
#include "core/data/table.h"
#include "core/stats/stream/msum.h"
#include "tui/job.h"
#include "tui/msg.h"
#include "views/view.h"

/* Above this size, or when its load would not fit in memory, a file
 * opens on a sample first. */
#define WORKSET_SAMPLE_FIRST (64u << 20)

struct workset_opts {
	const struct cli_data *data;	/* the file and how to read it
					 * (borrowed for good) */
	int label_set;			/* --label was given */
	struct cli_sample sample;	/* when and how to sample */
	uint64_t memory;		/* --memory: what to plan for */
};

struct workset {
	struct table *t;		/* NULL while loading */
	struct labels labels;
	int has_labels;
	char label_note[160];		/* how the labels were found */
	struct filter_stack fs;
	int fs_ready;
	struct rowset sample;
	int full;			/* :sample full */
	int forced;			/* :sample N: sample above N rows */
	uint64_t sample_size;
	int stratified;
	uint64_t seed;

	/* sample first: a big file opens on the records of byte ranges
	 * spread over it while the full pass runs */
	int partial;			/* t is that sample */
	int head_sample;		/* ... the first rows of a compressed
					 * file, not byte ranges */
	char sample_note[128];		/* what the status line says of it */
	struct msum_result *streamed;	/* the summary of a file too big to
					 * load (owned) */
	struct rowindex *file_rows;	/* and its rows on disk (owned) */

	struct rx *search;		/* the last search (env->find), or
					 * NULL; owned */

	struct job *load_job;
	struct job *filter_job;
	struct job *full_job;		/* the full pass, while it runs */

	/* set by workset_init, borrowed */
	struct workset_opts o;
	struct jobs *jobs;
	struct msg *msg;
	struct view_env *env;
	int headless;			/* say nothing of timing */
};

void workset_init(struct workset *ws, const struct workset_opts *o,
    struct jobs *jobs, struct msg *msg, struct view_env *env);
void workset_release(struct workset *ws);

/* Start loading the file. */
void workset_start_load(struct workset *ws);
/*
 * Take the loading job j: 0 when the data is there (the rows derived,
 * the cursor on the first column that is neither the key nor the label);
 * -1 when loading failed (e filled) or was cancelled (e->code 0).
 */
int workset_loaded(struct workset *ws, struct job *j, struct err *e);

/*
 * Whether taking the full pass j will replace the sample by the whole
 * file: the caller first closes the views opened on the sample.
 */
int workset_full_loaded(const struct job *j);
/*
 * Take the full pass j: the whole file replaces the sample (1: the
 * caller may resume a review now), or its summary goes to the Overview,
 * or it failed (said; 0 for both).
 */
int workset_full_done(struct workset *ws, struct job *j);

/* Stop every job that reads the data: call before changing it. */
void workset_quiesce(struct workset *ws);
/* Re-derive the rows views see (after quiescing) and bump env->gen. */
void workset_changed(struct workset *ws);

/*
 * :label NAME: the labels of column NAME into *L (the caller passes them
 * to workset_set_labels) and 1; 0 for "none"; -1, said, when there is no
 * such column or it cannot be a label.
 */
int workset_labels_for(struct workset *ws, const char *name,
    struct labels *L);
/* Use L as the labels (taken; NULL: no label column). */
void workset_set_labels(struct workset *ws, struct labels *L);

/* Filter the rows by a regular expression on column col (-1: every text
 * column), in the background. */
void workset_start_filter(struct workset *ws, int col, const char *pat);
/* Take the filter job j: its rows go on the stack. */
void workset_filter_done(struct workset *ws, struct job *j);
/*
 * / and g/: from now on n and N look for pat in column col (-1: every
 * text column), until the next search or filter.  Returns 0, or -1
 * (said) when pat is no regular expression.
 */
int workset_search(struct workset *ws, int col, const char *pat);

/* Push rows (taken) as a filter described by desc. */
void workset_push_rows(struct workset *ws, struct rowset *rows,
    const char *desc);
/* Drop the filters above the first depth ones. */
void workset_truncate(struct workset *ws, size_t depth);

#endif
