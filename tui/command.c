/*
 * command.c - the : commands.
 *
 * A command line is a name (or an unambiguous prefix of one) and the
 * rest of the line as its argument, so column names with spaces need no
 * quoting.  The table below is also what completion, the help overlay
 * and the man page list.
 */
#include "tui/app.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

static int
number(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long n;

	if (!*s || !isdigit((unsigned char)*s))
		return -1;
	n = strtoull(s, &end, 10);
	if (*end)
		return -1;
	*v = n;
	return 0;
}

static void
cmd_label(struct app *a, const char *arg)
{
	if (!*arg) {
		app_msg(a, VIEW_INFO, "%s", a->label_note);
		return;
	}
	workset_set_label(a, arg);
}

static void
describe_sample(struct app *a)
{
	char n1[32], n2[32];

	if (a->env.sampled)
		app_msg(a, VIEW_INFO, "sample of %s rows (seed %llu%s) from %s",
		    canvas_fmt_count(a->env.rows->n, n1),
		    (unsigned long long)a->seed, a->stratified ?
		    ", stratified" : "", canvas_fmt_count(a->env.filtered,
		    n2));
	else
		app_msg(a, VIEW_INFO, "no sample: all %s rows",
		    canvas_fmt_count(a->env.rows->n, n1));
}

static void
cmd_sample(struct app *a, const char *arg)
{
	uint64_t n;

	if (!*arg) {
		describe_sample(a);
		return;
	}
	if (strcmp(arg, "full") == 0) {
		a->full = 1;
	} else if (strcmp(arg, "stratified") == 0) {
		if (!a->has_labels) {
			app_msg(a, VIEW_WARN, "stratified sampling needs a "
			    "label column (:label COL)");
			return;
		}
		a->stratified = 1;
		a->full = 0;
	} else if (strcmp(arg, "uniform") == 0) {
		a->stratified = 0;
		a->full = 0;
	} else if (number(arg, &n) == 0 && n > 0) {
		a->sample_size = n;
		a->forced = 1;
		a->full = 0;
	} else {
		app_msg(a, VIEW_ERROR, ":sample takes a number of rows, full, "
		    "stratified or uniform, not '%s'", arg);
		return;
	}
	workset_changed(a);
	describe_sample(a);
}

static void
cmd_seed(struct app *a, const char *arg)
{
	uint64_t n;

	if (number(arg, &n) < 0) {
		app_msg(a, VIEW_ERROR, ":seed takes a number, not '%s'", arg);
		return;
	}
	a->seed = n;
	workset_changed(a);
	describe_sample(a);
}

static void
cmd_goto(struct app *a, const char *arg)
{
	int64_t r = table_find_key(a->t, arg, strlen(arg));
	uint64_t n;

	if (r < 0 && a->t->id_col >= 0 && number(arg, &n) == 0 && n >= 1 &&
	    n <= a->t->nrows)
		r = (int64_t)(n - 1);
	if (r < 0) {
		app_msg(a, VIEW_ERROR, "no row '%s'", arg);
		return;
	}
	if (!rowset_has(a->env.rows, (uint32_t)r)) {
		app_msg(a, VIEW_WARN, "row '%s' is not among the rows shown "
		    "(filtered out%s)", arg, a->env.sampled ?
		    " or not in the sample" : "");
		return;
	}
	a->env.row = (uint32_t)r;
	if (strcmp(a->stack[a->depth - 1].v->name, "table") != 0 &&
	    strcmp(a->stack[a->depth - 1].v->name, "record") != 0)
		app_switch(a, "table");
}

static void
cmd_filter(struct app *a, const char *arg)
{
	if (strcmp(arg, "pop") == 0) {
		if (a->fs.n == 0) {
			app_msg(a, VIEW_INFO, "no filter to remove");
			return;
		}
		workset_quiesce(a);
		filter_stack_pop(&a->fs);
		/* views opened by a drill-down into that filter go too */
		while (a->depth > 1 && a->stack[a->depth - 1].drilled &&
		    a->stack[a->depth - 1].fdepth >= a->fs.n)
			app_back(a);
		workset_changed(a);
		app_msg(a, VIEW_INFO, "filter removed: %llu rows",
		    (unsigned long long)a->env.filtered);
	} else if (strcmp(arg, "clear") == 0) {
		workset_quiesce(a);
		filter_stack_truncate(&a->fs, 0);
		while (a->depth > 1 && a->stack[a->depth - 1].drilled)
			app_back(a);
		workset_changed(a);
		app_msg(a, VIEW_INFO, "filters cleared");
	} else {
		app_msg(a, VIEW_ERROR, ":filter takes pop or clear (type / to "
		    "filter)");
	}
}

static void
cmd_col(struct app *a, const char *arg)
{
	int c = table_col_index(a->t, arg);

	if (c < 0) {
		app_msg(a, VIEW_ERROR, "no column named '%s'", arg);
		return;
	}
	a->env.col = c;
}

static void
cmd_quit(struct app *a, const char *arg)
{
	(void)arg;
	a->quit = 1;
}

static void
cmd_write(struct app *a, const char *arg)
{
	session_write(a, arg, 0);
}

static void
cmd_write_force(struct app *a, const char *arg)
{
	session_write(a, arg, 1);
}

static void
cmd_review(struct app *a, const char *arg)
{
	(void)arg;
	app_show(a, "review");
}

static void
cmd_flagged(struct app *a, const char *arg)
{
	(void)arg;
	app_show(a, "flagged");
}

static void
cmd_pico(struct app *a, const char *arg)
{
	if (strcmp(arg, "options") == 0) {
		if (a->has_labels)
			app_show(a, "picoform");
		else
			app_msg(a, VIEW_WARN, "PICO needs a label column "
			    "(:label COL sets one)");
	} else if (!*arg) {
		session_run(a, 1);
	} else {
		app_msg(a, VIEW_ERROR, ":pico takes nothing or options, not "
		    "'%s'", arg);
	}
}

static void
cmd_order(struct app *a, const char *arg)
{
	enum review_order o;

	if (strcmp(arg, "uncertainty") == 0)
		o = REVIEW_UNCERTAINTY;
	else if (strcmp(arg, "suspicion") == 0)
		o = REVIEW_SUSPICION;
	else {
		app_msg(a, VIEW_ERROR, ":order takes uncertainty or "
		    "suspicion, not '%s'", arg);
		return;
	}
	a->o.order = o;
	if (a->rv_open)
		review_set_order(&a->rv, o);
	app_msg(a, VIEW_INFO, "queue ordered by %s", arg);
}

static void
cmd_help(struct app *a, const char *arg)
{
	(void)arg;
	a->help = 1;
	a->help_top = 0;
}

const struct command_info command_list[] = {
	{ "label", "COL", "Use column COL as the label (none: no label)",
	    cmd_label, COMMAND_COLUMN, NULL, 0 },
	{ "sample", "N|full|stratified|uniform",
	    "Sample N rows; use all rows; stratify by label; or not",
	    cmd_sample, COMMAND_WORDS, "full stratified uniform", 0 },
	{ "seed", "N", "Seed the sample with N", cmd_seed, COMMAND_NOARG,
	    NULL, 1 },
	{ "goto", "KEY", "Show the row with this key (or number)", cmd_goto,
	    COMMAND_NOARG, NULL, 1 },
	{ "filter", "pop|clear", "Remove the last filter, or all of them",
	    cmd_filter, COMMAND_WORDS, "pop clear", 1 },
	{ "col", "NAME", "Make NAME the current column", cmd_col,
	    COMMAND_COLUMN, NULL, 1 },
	{ "w", "FILE", "Write the cleaned dataset to FILE (as winnow export: "
	    "the input's bytes, decided labels put in; an existing FILE is "
	    "refused)", cmd_write, COMMAND_NOARG, NULL, 1 },
	{ "w!", "FILE", "The same, replacing FILE if it exists (never the "
	    "input)", cmd_write_force, COMMAND_NOARG, NULL, 1 },
	{ "pico", "[options]", "Run PICO on all rows (options: set its "
	    "parameters first)", cmd_pico, COMMAND_WORDS, "options", 0 },
	{ "flagged", "", "Show the flagged rows", cmd_flagged, COMMAND_NOARG,
	    NULL, 0 },
	{ "review", "", "Review the flagged rows", cmd_review, COMMAND_NOARG,
	    NULL, 0 },
	{ "order", "uncertainty|suspicion", "Order the review queue",
	    cmd_order, COMMAND_WORDS, "uncertainty suspicion", 1 },
	{ "help", "", "Show the help", cmd_help, COMMAND_NOARG, NULL, 0 },
	{ "quit", "", "Quit winnow", cmd_quit, COMMAND_NOARG, NULL, 0 },
	{ "q", "", "Quit winnow", cmd_quit, COMMAND_NOARG, NULL, 0 },
};
const size_t command_count = sizeof command_list / sizeof *command_list;

/* The command named by s[0..n): exact, else an unambiguous prefix. */
static const struct command_info *
lookup(const char *s, size_t n, int *ambiguous)
{
	const struct command_info *hit = NULL;
	size_t i;
	int hits = 0;

	*ambiguous = 0;
	for (i = 0; i < command_count; i++)
		if (strlen(command_list[i].name) == n &&
		    strncmp(command_list[i].name, s, n) == 0)
			return &command_list[i];
	for (i = 0; i < command_count; i++)
		if (strncmp(command_list[i].name, s, n) == 0) {
			hit = &command_list[i];
			hits++;
		}
	if (hits > 1)
		*ambiguous = 1;
	return hits == 1 ? hit : NULL;
}

void
command_run(struct app *a, const char *line)
{
	const struct command_info *c;
	size_t n, m;
	int amb;
	char *arg;

	while (*line == ' ')
		line++;
	n = strcspn(line, " ");
	if (n == 0)
		return;
	c = lookup(line, n, &amb);
	if (!c) {
		app_msg(a, VIEW_ERROR, "%s command '%.*s' (? lists the "
		    "commands)", amb ? "ambiguous" : "unknown", (int)n, line);
		return;
	}
	line += n;
	while (*line == ' ')
		line++;
	arg = xstrdup(line);
	m = strlen(arg);
	while (m > 0 && arg[m - 1] == ' ')
		arg[--m] = '\0';
	if (!a->t && c->run != cmd_quit)
		app_msg(a, VIEW_WARN, "still loading");
	else if (c->need && !*arg)
		app_msg(a, VIEW_ERROR, ":%s needs %s", c->name, c->args);
	else
		c->run(a, arg);
	free(arg);
}

void
command_complete_column(void *ctx, const char *line, size_t cursor,
    size_t *start, struct prompt_cands *out)
{
	struct app *a = ctx;
	size_t i;

	(void)line;
	(void)cursor;
	*start = 0;
	if (!a->t)
		return;
	for (i = 0; i < a->t->ncols; i++)
		prompt_cands_add(out, a->t->col[i].name,
		    strlen(a->t->col[i].name));
}

void
command_complete_label(void *ctx, const char *line, size_t cursor,
    size_t *start, struct prompt_cands *out)
{
	struct app *a = ctx;
	uint32_t i;

	(void)line;
	(void)cursor;
	*start = 0;
	if (!a->has_labels)
		return;
	for (i = 0; i < a->labels.k; i++)
		prompt_cands_add(out, a->labels.name[i],
		    strlen(a->labels.name[i]));
}

void
command_complete(void *ctx, const char *line, size_t cursor, size_t *start,
    struct prompt_cands *out)
{
	struct app *a = ctx;
	const struct command_info *c;
	size_t i, b = 0, n;
	int amb;

	while (b < cursor && line[b] == ' ')
		b++;
	n = strcspn(line + b, " ");
	if (b + n >= cursor) {
		/* completing the command name */
		*start = b;
		for (i = 0; i < command_count; i++)
			prompt_cands_add(out, command_list[i].name,
			    strlen(command_list[i].name));
		return;
	}
	c = lookup(line + b, n, &amb);
	*start = b + n;
	while (*start < cursor && line[*start] == ' ')
		(*start)++;
	if (!c)
		return;
	if (c->arg == COMMAND_COLUMN && a->t) {
		for (i = 0; i < a->t->ncols; i++)
			prompt_cands_add(out, a->t->col[i].name,
			    strlen(a->t->col[i].name));
	} else if (c->arg == COMMAND_WORDS) {
		const char *w = c->words;

		while (*w) {
			size_t k = strcspn(w, " ");

			prompt_cands_add(out, w, k);
			w += k;
			while (*w == ' ')
				w++;
		}
	}
}

void
command_man(FILE *f)
{
	const char *p;
	size_t i;

	fputs(".SS Commands\n", f);
	for (i = 0; i < command_count; i++) {
		fprintf(f, ".TP\n.B :%s", command_list[i].name);
		if (command_list[i].args[0])
			fprintf(f, " \\fI%s\\fR", command_list[i].args);
		fputc('\n', f);
		for (p = command_list[i].help; *p; p++)
			if (*p == '-')
				fputs("\\-", f);
			else
				fputc(*p, f);
		fputs(".\n", f);
	}
}
