/*
 * app.h - the workbench: the parts that make it up, and the event loop
 * that drives them.
 *
 * The parts, each its own module, in layers: a file uses (includes,
 * calls) only files of the layers below it or, within its layer, those
 * to its right; nothing calls back up.  What a lower part has to say
 * goes through the message line, or back to its caller as a return
 * value.  tests/t6050 checks that there is no circle.
 *
 *   app.c        the loop and its drawing, over its parts in app/:
 *                input.c (keys, actions, prompts), results.c (finished
 *                jobs) -> reopen.c (where a session stood)
 *   help.c       the help overlay  ->  cmdline/command.c  the : commands
 *   status.c     the lines around the view
 *   viewstack.c  the open views        session.c  the review loop
 *   workset.c    the data
 *   msg.c        the message line      job.c      background jobs
 *   clip.c       the clipboard
 *   keymap.c, cmdline/prompt.c, cmdline/suggest.c, bench.c, backend/:
 *                leaves
 *
 * Nothing but the program's entry (workbench.c) and the loop's parts
 * (app/) see struct app.
 */
#ifndef WINNOW_APP_H
#define WINNOW_APP_H

#include <stddef.h>
#include <stdint.h>

#include "cli/cli.h"
#include "core/review/review.h"
#include "core/util/log.h"
#include "tui/backend/backend.h"
#include "tui/bench.h"
#include "tui/clip.h"
#include "tui/cmdline/command.h"
#include "tui/help.h"
#include "tui/job.h"
#include "tui/msg.h"
#include "tui/cmdline/prompt.h"
#include "tui/session.h"
#include "tui/viewstack.h"
#include "tui/workset.h"
#include "views/lib/canvas.h"
#include "views/lib/collayout.h"
#include "views/view.h"

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
	struct session_opts review;	/* the review loop's options */
	enum clip_mode clipboard;	/* --clipboard */
};

enum app_prompt {
	APP_PROMPT_NONE,
	APP_PROMPT_COMMAND,		/* : */
	APP_PROMPT_FILTER,		/* | on one column */
	APP_PROMPT_FILTER_ALL,		/* g| on every text column */
	APP_PROMPT_ASK,			/* a view's question */
	APP_PROMPT_SEARCH,		/* / on one column */
	APP_PROMPT_SEARCH_ALL,		/* g/ on every text column */
	APP_NPROMPT
};

struct app {
	struct app_opts o;
	struct backend *be;
	struct canvas cv;
	struct view_env env;		/* what every view sees */
	struct view_hint hints[32];	/* env.hints: the top view's */
	struct collayout layout;	/* env.layout: the Table's columns */

	struct msg msg;
	struct jobs jobs;
	struct workset ws;
	struct session sess;
	struct viewstack vs;
	struct command_ctx cmd;		/* what the commands act on */
	struct help help;

	/* input */
	struct prompt prompt;
	enum app_prompt prompting;
	int filter_col;			/* the column of a | or / prompt */
	const char *prompt_init;	/* the next command prompt's text */
	int ask_tag;
	int ask_yn;			/* the question takes y or n alone */
	uint64_t ask_serial;		/* the view that asked */
	struct prompt_list hist[APP_NPROMPT];
	int pending;			/* first key of a sequence */
	double pending_time;		/* when it came */

	int quit;
	int status;			/* exit status */
	char fatal[1024];		/* printed once the terminal is back */

	struct bench bench;		/* --bench-keys */
};

void app_init(struct app *a, const struct app_opts *o);
/* Run until the user quits or the keys run out; returns the exit status. */
int app_run(struct app *a, struct backend *be);
void app_release(struct app *a);
/* A log.h sink (ctx: the app): the message shows in the status line
 * (any thread). */
void app_log_sink(void *ctx, enum log_level level, const char *msg);

#endif
