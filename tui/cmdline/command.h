/*
 * command.h - the : commands.
 *
 * A command acts on the parts of the workbench a struct command_ctx
 * hands it (the data, the review session, the view stack, the message
 * line); what only the application can do (quit, show the help) it asks
 * for in its return value.  The list is also what completion, the help
 * overlay and the man page show.
 */
#ifndef WINNOW_COMMAND_H
#define WINNOW_COMMAND_H

#include <stddef.h>
#include <stdio.h>

#include "tui/msg.h"
#include "tui/cmdline/prompt.h"
#include "tui/session.h"
#include "tui/viewstack.h"
#include "tui/workset.h"

struct command_ctx {
	struct workset *ws;
	struct session *s;
	struct viewstack *vs;
	struct msg *msg;
	int force;		/* set by command_run from the command's
				 * force (:w!, :save!) */
};

/* What a command asks of the application. */
enum { COMMAND_QUIT = 1, COMMAND_HELP = 2 };

/* Run a command line; returns COMMAND_ bits. */
unsigned command_run(const struct command_ctx *c, const char *line);

/* Completers (prompt.h) over a struct command_ctx: a command line, a
 * column name, a class name. */
void command_complete(void *ctx, const char *line, size_t cursor,
    size_t *start, struct prompt_list *out);
void command_complete_column(void *ctx, const char *line, size_t cursor,
    size_t *start, struct prompt_list *out);
void command_complete_label(void *ctx, const char *line, size_t cursor,
    size_t *start, struct prompt_list *out);

/* The commands, for running, completing, help and the man page. */
enum command_arg { COMMAND_NOARG, COMMAND_COLUMN, COMMAND_WORDS };
struct command_info {
	const char *name, *args, *help;
	unsigned (*run)(const struct command_ctx *c, const char *arg);
	enum command_arg arg;		/* what completion offers */
	const char *words;		/* COMMAND_WORDS: "full stratified" */
	int need;			/* the argument is required */
	int force;			/* an existing file is replaced */
};
extern const struct command_info command_list[];
extern const size_t command_count;
/* Print the command list for the man page (roff). */
void command_man(FILE *f);

#endif
