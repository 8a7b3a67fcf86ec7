/*
 * app.h - the workbench: the event loop, the view stack, the data the
 * views look at, prompts, messages and background jobs.
 *
 * struct app is shared by the files that make up the front end (app.c:
 * the loop and the view stack; workset.c: loading, labels, filters and
 * samples; command.c: the : commands; status.c: the bars around the
 * view; help.c: the help overlay) and by nothing else.
 *
 * One rule keeps jobs safe: before the table, the labels, the filter
 * stack or the sample change, every running job is cancelled and waited
 * for (workset_changed), so a job may read them without locks.
 */
#ifndef WINNOW_APP_H
#define WINNOW_APP_H

#include <stddef.h>
#include <stdint.h>

#include <pthread.h>
#include <stdio.h>

#include "core/data/filter.h"
#include "core/pico/picorun.h"
#include "core/review/review.h"
#include "core/stats/stream/msum.h"
#include "core/util/log.h"
#include "core/data/labels.h"
#include "core/data/rowset.h"
#include "core/data/table.h"
#include "tui/backend.h"
#include "cli/cli.h"
#include "tui/job.h"
#include "tui/prompt.h"
#include "views/lib/canvas.h"
#include "views/view.h"

#define APP_MAXSTACK 32
#define APP_MIN_W 80
#define APP_MIN_H 24
#define APP_SEQ_WAIT 0.8		/* seconds a sequence's first key waits */

struct app_opts {
	struct cli_data data;		/* the file and dataset options */
	int label_set;			/* --label was given */
	int no_color;
	struct cli_sample sample;	/* the sample options */
	int bench;			/* time every key (headless) */
	uint64_t memory;		/* --memory: what to plan for */
	/* the review loop */
	const char *reviewer;		/* NULL: the login name */
	const char *journal;		/* NULL: beside the dataset */
	int force;			/* apply a journal of another file */
	int rerun_every;		/* re-run PICO after this many
					 * decisions (0: never) */
	enum review_order order;
};

/* One entry of the view stack. */
struct app_view {
	const struct view *v;
	void *st;
	uint64_t serial;		/* who this is, for its jobs */
	uint64_t planned;		/* env.gen at the last plan() */
	int replan;			/* the view asked for a new model */
	struct job *job;		/* its model's job, or NULL */
	size_t fdepth;			/* filters below it when it opened */
	int drilled;			/* it came with a drill-down filter,
					 * dropped when it closes */
};

enum app_prompt {
	APP_PROMPT_NONE,
	APP_PROMPT_COMMAND,		/* : */
	APP_PROMPT_FILTER,		/* / on one column */
	APP_PROMPT_FILTER_ALL,		/* g/ on every text column */
	APP_PROMPT_ASK,			/* a view's question */
	APP_NPROMPT
};

enum app_job_kind { APP_JOB_LOAD, APP_JOB_FILTER, APP_JOB_VIEW,
	APP_JOB_PICO, APP_JOB_FULL };

/* Above this size, or when its load would not fit in --memory, a file
 * opens on a sample first (workset.c). */
#define APP_SAMPLE_FIRST (64u << 20)

struct app {
	struct app_opts o;
	struct backend *be;
	struct canvas cv;
	struct view_env env;

	/* the data (workset.c) */
	struct table *t;
	struct labels labels;
	int has_labels;
	char label_note[160];		/* how the label column was found */
	struct filter_stack fs;
	int fs_ready;
	struct rowset sample;
	int full;			/* :sample full */
	int forced;			/* :sample N: sample above N rows */
	uint64_t sample_size;
	int stratified;
	uint64_t seed;

	/* sample first (workset.c): a big file opens on the records of
	 * byte ranges spread over it while the full pass runs */
	int partial;			/* a->t is that sample */
	int head_sample;		/* ... the first rows of a compressed
					 * file, not byte ranges */
	char sample_note[128];		/* what the status line says of it */
	struct job *full_job;		/* the full pass, while it runs */
	struct job *full_parked;	/* it ended during a quiesce */
	struct msum_result *streamed;	/* the summary of a file too big to
					 * load (owned) */
	struct rowindex *file_rows;	/* and its rows on disk (owned) */
	double t_overview;		/* when the Overview first had numbers */

	/* the review loop (session.c) */
	struct review rv;
	int rv_open;
	struct pico_result *res;	/* the latest result, owned */
	struct picorun_opts popts;	/* the next run's options */
	struct job *pico_job;		/* the run under way */
	struct job *pico_parked;	/* a run that ended during a quiesce */
	int pico_show;			/* show Flagged when it ends */
	int pico_resume;		/* restore the queue position then */
	uint32_t rerun_mark;		/* decisions when the last run began */

	/* the views */
	struct app_view stack[APP_MAXSTACK];
	int depth;
	uint64_t serial;

	/* work */
	struct jobs jobs;
	struct job *load_job;
	struct job *filter_job;

	/* input */
	struct prompt prompt;
	enum app_prompt prompting;
	int filter_col;			/* the column of a / prompt */
	int ask_tag;
	uint64_t ask_serial;		/* the view that asked */
	struct prompt_hist hist[APP_NPROMPT];
	int help, help_top, help_lines;
	int pending;			/* first key of a sequence */
	double pending_time;		/* when it came */

	/* warnings from core (log.h), handed over by any thread */
	pthread_mutex_t log_lock;
	char log_msg[256];
	int log_pending;
	enum view_msg_level log_level;

	/* the message line */
	char msg[256];
	enum view_msg_level msg_level;
	double msg_time;

	int quit;
	int status;			/* exit status */
	char fatal[1024];		/* printed once the terminal is back */

	/* --bench-keys: per-key handling and drawing times */
	double *bench_ms;
	size_t nbench, capbench;
	struct {
		const char *what;
		unsigned n;
		double total, max;
	} bench_job[16];		/* per kind of job: runs, seconds */
	int nbench_job;
	double t_start, t_first;	/* start, first screen shown */
};

/* app.c */
void app_init(struct app *a, const struct app_opts *o);
/* Run until the user quits or the keys run out; returns the exit status. */
int app_run(struct app *a, struct backend *be);
void app_release(struct app *a);
/* A log.h sink: the message shows in the status line (any thread). */
void app_log_sink(void *ctx, enum log_level level, const char *msg);
void app_msg(struct app *a, enum view_msg_level lv, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Open the view called name on top of the stack; -1 if there is none. */
int app_push(struct app *a, const char *name);
/* Replace the top view by the view called name. */
int app_switch(struct app *a, const char *name);
/* Show the view called name: go back down to it when it is open, else
 * open it on top. */
void app_show(struct app *a, const char *name);
/* Close the top view (on the last one: quit). */
void app_back(struct app *a);
/* Seconds on a monotonic clock. */
double app_now(void);

/* workset.c */
void workset_start_load(struct app *a);
void workset_loaded(struct app *a, struct job *j);
/* The full pass after a sample: the loaded table replaces the sample, or
 * the streamed summary goes to the Overview. */
void workset_full_done(struct app *a, struct job *j);
/* Cancel and wait for every job: call before changing the data. */
void workset_quiesce(struct app *a);
/* Re-derive the rows views see (after quiescing) and bump env.gen. */
void workset_changed(struct app *a);
int workset_set_label(struct app *a, const char *name);
void workset_start_filter(struct app *a, int col, const char *pat);
void workset_filter_done(struct app *a, struct job *j);
void workset_push_rows(struct app *a, struct rowset *rows, const char *desc);
/* The rows passing the filters (before sampling). */
const struct rowset *workset_filtered(const struct app *a);

/* command.c */
void command_run(struct app *a, const char *line);
void command_complete(void *ctx, const char *line, size_t cursor,
    size_t *start, struct prompt_cands *out);
void command_complete_column(void *ctx, const char *line, size_t cursor,
    size_t *start, struct prompt_cands *out);
void command_complete_label(void *ctx, const char *line, size_t cursor,
    size_t *start, struct prompt_cands *out);
/* The commands, for running, completing, help and the man page. */
enum command_arg { COMMAND_NOARG, COMMAND_COLUMN, COMMAND_WORDS };
struct command_info {
	const char *name, *args, *help;
	void (*run)(struct app *a, const char *arg);
	enum command_arg arg;		/* what completion offers */
	const char *words;		/* COMMAND_WORDS: "full stratified" */
	int need;			/* the argument is required */
};
extern const struct command_info command_list[];
extern const size_t command_count;
/* Print the command list for the man page (roff). */
void command_man(FILE *f);

/* session.c */
void session_init(struct app *a);
void session_release(struct app *a);
/* Open the review session (the journal) if it is not; 0 or -1 (with a
 * message). */
int session_open(struct app *a);
/* Close it (the label column changes). */
void session_close(struct app *a);
/* At start: resume when the dataset has a journal. */
void session_startup(struct app *a);
/* Run PICO in the background; show: open Flagged when it ends. */
void session_run(struct app *a, int show);
void session_done(struct app *a, struct job *j);
/* After decisions: re-run PICO every --rerun-every decisions. */
void session_decided(struct app *a);
/* :w FILE, :w! FILE */
void session_write(struct app *a, const char *path, int force);
/* The review part of the status line, or "" (buf of size bytes). */
void session_status(struct app *a, char *buf, size_t size);

/* status.c */
void status_draw(struct app *a);

/* help.c */
void help_draw(struct app *a, int x, int y, int w, int h);
/* Scroll the help by an action; returns 1 when it was a scroll. */
int help_act(struct app *a, enum action act);

#endif
