/*
 * command.c - the : commands.
 *
 * A command line is a name (or an unambiguous prefix of one) and the
 * rest of the line as its argument, so column names with spaces need no
 * quoting.  The table below is also what completion, the help overlay
 * and the man page list.
 */
#include "tui/cmdline/command.h"

#include <ctype.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/review/journal.h"
#include "core/review/rowsave.h"
#include "core/util/xalloc.h"
#include "tui/cmdline/suggest.h"

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

static unsigned
cmd_label(const struct command_ctx *c, const char *arg)
{
	struct labels L;
	int r;

	if (!*arg) {
		msg_set(c->msg, VIEW_INFO, "%s", c->ws->label_note);
		return 0;
	}
	if ((r = workset_labels_for(c->ws, arg, &L)) < 0)
		return 0;
	/* the session was about the old labels */
	session_close(c->s);
	workset_set_labels(c->ws, r ? &L : NULL);
	return 0;
}

static void
describe_sample(const struct command_ctx *c)
{
	const struct view_env *env = c->vs->env;
	char n1[32], n2[32];

	if (env->sampled)
		msg_set(c->msg, VIEW_INFO, "sample of %s rows (seed %llu%s) "
		    "from %s", canvas_fmt_count(env->rows->n, n1),
		    (unsigned long long)c->ws->seed, c->ws->stratified ?
		    ", stratified" : "", canvas_fmt_count(env->filtered, n2));
	else
		msg_set(c->msg, VIEW_INFO, "no sample: all %s rows",
		    canvas_fmt_count(env->rows->n, n1));
}

static unsigned
cmd_sample(const struct command_ctx *c, const char *arg)
{
	struct workset *ws = c->ws;
	uint64_t n;

	if (!*arg) {
		describe_sample(c);
		return 0;
	}
	if (strcmp(arg, "full") == 0) {
		ws->full = 1;
	} else if (strcmp(arg, "stratified") == 0) {
		if (!ws->has_labels) {
			msg_set(c->msg, VIEW_WARN, "stratified sampling needs "
			    "a label column (:label COL)");
			return 0;
		}
		ws->stratified = 1;
		ws->full = 0;
	} else if (strcmp(arg, "uniform") == 0) {
		ws->stratified = 0;
		ws->full = 0;
	} else if (number(arg, &n) == 0 && n > 0) {
		ws->sample_size = n;
		ws->forced = 1;
		ws->full = 0;
	} else {
		msg_set(c->msg, VIEW_ERROR, ":sample takes a number of rows, "
		    "full, stratified or uniform, not '%s'", arg);
		return 0;
	}
	workset_changed(ws);
	describe_sample(c);
	return 0;
}

static unsigned
cmd_seed(const struct command_ctx *c, const char *arg)
{
	uint64_t n;

	if (number(arg, &n) < 0) {
		msg_set(c->msg, VIEW_ERROR, ":seed takes a number, not '%s'",
		    arg);
		return 0;
	}
	c->ws->seed = n;
	workset_changed(c->ws);
	describe_sample(c);
	return 0;
}

static unsigned
cmd_goto(const struct command_ctx *c, const char *arg)
{
	const struct table *t = c->ws->t;
	struct view_env *env = c->vs->env;
	int64_t r = table_find_key(t, arg, strlen(arg));
	const char *name = viewstack_name(c->vs);
	uint64_t n;

	if (r < 0 && t->id_col >= 0 && number(arg, &n) == 0 && n >= 1 &&
	    n <= t->nrows)
		r = (int64_t)(n - 1);
	if (r < 0) {
		msg_set(c->msg, VIEW_ERROR, "no row '%s'", arg);
		return 0;
	}
	if (!rowset_has(env->rows, (uint32_t)r)) {
		msg_set(c->msg, VIEW_WARN, "row '%s' is not among the rows "
		    "shown (filtered out%s)", arg, env->sampled ?
		    " or not in the sample" : "");
		return 0;
	}
	env->row = (uint32_t)r;
	if (strcmp(name, "table") != 0 && strcmp(name, "record") != 0)
		viewstack_switch(c->vs, "table");
	return 0;
}

/* Close the views a drill-down opened into filters from depth on. */
static void
close_drilled(const struct command_ctx *c, size_t depth)
{
	struct viewstack_entry *top;

	while ((top = viewstack_top(c->vs)) && c->vs->depth > 1 &&
	    top->drilled && top->fdepth >= depth)
		viewstack_back(c->vs);
}

static unsigned
cmd_filter(const struct command_ctx *c, const char *arg)
{
	struct workset *ws = c->ws;

	if (strcmp(arg, "pop") == 0) {
		if (ws->fs.n == 0) {
			msg_set(c->msg, VIEW_INFO, "no filter to remove");
			return 0;
		}
		workset_truncate(ws, ws->fs.n - 1);
		/* views opened by a drill-down into that filter go too */
		close_drilled(c, ws->fs.n);
		msg_set(c->msg, VIEW_INFO, "filter removed: %llu rows",
		    (unsigned long long)c->vs->env->filtered);
	} else if (strcmp(arg, "clear") == 0) {
		workset_truncate(ws, 0);
		close_drilled(c, 0);
		msg_set(c->msg, VIEW_INFO, "filters cleared");
	} else {
		msg_set(c->msg, VIEW_ERROR, ":filter takes pop or clear (type "
		    "/ to filter)");
	}
	return 0;
}

static unsigned
cmd_col(const struct command_ctx *c, const char *arg)
{
	int col = table_col_index(c->ws->t, arg);

	if (col < 0)
		msg_set(c->msg, VIEW_ERROR, "no column named '%s'", arg);
	else
		c->vs->env->col = col;
	return 0;
}

static unsigned
cmd_quit(const struct command_ctx *c, const char *arg)
{
	(void)c;
	(void)arg;
	return COMMAND_QUIT;
}

static unsigned
cmd_help(const struct command_ctx *c, const char *arg)
{
	(void)c;
	(void)arg;
	return COMMAND_HELP;
}

/*
 * path with a leading ~ or ~user expanded as the shell would ($HOME,
 * else the password file), caller frees; NULL (said on the message
 * line) when the user is unknown.  No shell reads a : command line, so
 * this is the one expansion done for it.
 */
static char *
home_path(const struct command_ctx *c, const char *path)
{
	const char *rest, *home = NULL;
	struct passwd *pw;
	char *user, *out;
	size_t n;

	if (path[0] != '~')
		return xstrdup(path);
	rest = path + 1 + strcspn(path + 1, "/");
	n = (size_t)(rest - path) - 1;
	if (n == 0) {
		home = getenv("HOME");
		if (!home || !*home) {
			pw = getpwuid(getuid());
			home = pw ? pw->pw_dir : NULL;
		}
	} else {
		user = xstrndup(path + 1, n);
		pw = getpwnam(user);
		free(user);
		home = pw ? pw->pw_dir : NULL;
	}
	if (!home) {
		msg_set(c->msg, VIEW_ERROR, "cannot expand '%.*s': no such "
		    "user", (int)n + 1, path);
		return NULL;
	}
	out = xmalloc(strlen(home) + strlen(rest) + 1);
	strcpy(out, home);
	strcat(out, rest);
	return out;
}

/* An output of :w or :save: the file arg, ~ expanded, to write (c->force:
 * replacing it). */
static unsigned
to_file(const struct command_ctx *c, const char *arg,
    void (*out)(const struct command_ctx *, const char *))
{
	char *path = home_path(c, arg);

	if (path)
		out(c, path);
	free(path);
	return 0;
}

/* :w and :w!: the cleaned dataset. */
static void
write_clean(const struct command_ctx *c, const char *path)
{
	session_write(c->s, path, c->force);
}

static unsigned
cmd_write(const struct command_ctx *c, const char *arg)
{
	return to_file(c, arg, write_clean);
}

/* :save and :save!: the rows the top view shows, to a CSV file. */
static void
save_rows(const struct command_ctx *c, const char *path)
{
	struct viewstack_entry *top = viewstack_top(c->vs);
	const struct view_env *env = c->vs->env;
	const char *what = "rows";
	const uint32_t *rows = NULL;
	struct outfile_keep keep[2];
	struct outfile_rule rule;
	uint64_t n = 0;
	struct err e;
	char n1[32], *jpath;
	int rc;

	if (top && top->v->rows)
		rows = top->v->rows(top->st, env, &n, &what);
	else if (env->rows) {
		rows = env->rows->row;
		n = env->rows->n;
	}
	if (!rows) {
		msg_set(c->msg, VIEW_WARN, "no rows here to save");
		return;
	}
	memset(keep, 0, sizeof keep);
	keep[0].path = c->ws->o.data->path;
	keep[0].what = "the dataset";
	/* the journal, open or not yet made */
	jpath = c->s->rv_open ? xstrdup(journal_path(c->s->rv.j)) :
	    c->s->o.journal ? xstrdup(c->s->o.journal) :
	    journal_path_for(c->ws->o.data->path);
	keep[1].path = jpath;
	keep[1].what = "the journal";
	memset(&rule, 0, sizeof rule);
	rule.keep = keep;
	rule.nkeep = 2;
	rule.force = c->force;
	err_clear(&e);
	rc = rowsave_write(c->ws->t, rows, n, path, &rule, &e);
	free(jpath);
	if (rc != 0) {
		char *hint = strstr(e.msg, " (use --force to replace it)");

		if (hint)
			*hint = '\0';
		msg_set(c->msg, VIEW_ERROR, "%s%s", e.msg, hint ?
		    " (:save! replaces it)" : "");
		return;
	}
	msg_set(c->msg, VIEW_INFO, "saved %s %s to %s",
	    canvas_fmt_count(n, n1), what, path);
}

static unsigned
cmd_save(const struct command_ctx *c, const char *arg)
{
	return to_file(c, arg, save_rows);
}

static unsigned
cmd_review(const struct command_ctx *c, const char *arg)
{
	(void)arg;
	viewstack_show(c->vs, "review");
	return 0;
}

static unsigned
cmd_flagged(const struct command_ctx *c, const char *arg)
{
	(void)arg;
	viewstack_show(c->vs, "flagged");
	return 0;
}

static unsigned
cmd_pico(const struct command_ctx *c, const char *arg)
{
	if (strcmp(arg, "options") == 0) {
		if (c->ws->has_labels)
			viewstack_show(c->vs, "picoform");
		else
			msg_set(c->msg, VIEW_WARN, "PICO needs a label column "
			    "(:label COL sets one)");
	} else if (!*arg) {
		session_run(c->s, 1);
	} else {
		msg_set(c->msg, VIEW_ERROR, ":pico takes nothing or options, "
		    "not '%s'", arg);
	}
	return 0;
}

static unsigned
cmd_order(const struct command_ctx *c, const char *arg)
{
	enum review_order o;

	if (strcmp(arg, "uncertainty") == 0)
		o = REVIEW_UNCERTAINTY;
	else if (strcmp(arg, "suspicion") == 0)
		o = REVIEW_SUSPICION;
	else {
		msg_set(c->msg, VIEW_ERROR, ":order takes uncertainty or "
		    "suspicion, not '%s'", arg);
		return 0;
	}
	session_set_order(c->s, o);
	msg_set(c->msg, VIEW_INFO, "queue ordered by %s", arg);
	return 0;
}

const struct command_info command_list[] = {
	{ "label", "COL", "Use column COL as the label (none: no label)",
	    cmd_label, COMMAND_COLUMN, NULL, 0, 0 },
	{ "sample", "N|full|stratified|uniform",
	    "Sample N rows; use all rows; stratify by label; or not",
	    cmd_sample, COMMAND_WORDS, "full stratified uniform", 0, 0 },
	{ "seed", "N", "Seed the sample with N", cmd_seed, COMMAND_NOARG,
	    NULL, 1, 0 },
	{ "goto", "KEY", "Show the row with this key (or number)", cmd_goto,
	    COMMAND_NOARG, NULL, 1, 0 },
	{ "filter", "pop|clear", "Remove the last filter, or all of them",
	    cmd_filter, COMMAND_WORDS, "pop clear", 1, 0 },
	{ "col", "NAME", "Make NAME the current column", cmd_col,
	    COMMAND_COLUMN, NULL, 1, 0 },
	{ "w", "FILE", "Write the cleaned dataset to FILE (as winnow export: "
	    "the input's bytes, decided labels put in; an existing FILE is "
	    "refused)", cmd_write, COMMAND_NOARG, NULL, 1, 0 },
	{ "w!", "FILE", "The same, replacing FILE if it exists (never the "
	    "input)", cmd_write, COMMAND_NOARG, NULL, 1, 1 },
	{ "save", "FILE", "Save the rows in view (filtered, sorted, flagged, "
	    "a grid cell's) to a CSV file FILE, every column as loaded (an "
	    "existing FILE is refused)", cmd_save, COMMAND_NOARG, NULL, 1, 0 },
	{ "save!", "FILE", "The same, replacing FILE if it exists (never the "
	    "input or a journal)", cmd_save, COMMAND_NOARG, NULL, 1, 1 },
	{ "pico", "[options]", "Run PICO on all rows (options: set its "
	    "parameters first)", cmd_pico, COMMAND_WORDS, "options", 0, 0 },
	{ "flagged", "", "Show the flagged rows", cmd_flagged, COMMAND_NOARG,
	    NULL, 0, 0 },
	{ "review", "", "Review the flagged rows", cmd_review, COMMAND_NOARG,
	    NULL, 0, 0 },
	{ "order", "uncertainty|suspicion", "Order the review queue",
	    cmd_order, COMMAND_WORDS, "uncertainty suspicion", 1, 0 },
	{ "help", "", "Show the help", cmd_help, COMMAND_NOARG, NULL, 0, 0 },
	{ "quit", "", "Quit winnow", cmd_quit, COMMAND_NOARG, NULL, 0, 0 },
	{ "q", "", "Quit winnow", cmd_quit, COMMAND_NOARG, NULL, 0, 0 },
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

/* The command whose name s[0..n) is a typo of, or NULL. */
static const char *
near_command(const char *s, size_t n)
{
	const char *names[sizeof command_list / sizeof *command_list];
	char word[40];
	size_t i;

	if (n >= sizeof word)
		return NULL;
	memcpy(word, s, n);
	word[n] = '\0';
	for (i = 0; i < command_count; i++)
		names[i] = command_list[i].name;
	return suggest_word(word, names, command_count);
}

unsigned
command_run(const struct command_ctx *ctx, const char *line)
{
	const struct command_info *c;
	unsigned r = 0;
	size_t n, m;
	int amb;
	char *arg;

	while (*line == ' ')
		line++;
	n = strcspn(line, " ");
	if (n == 0)
		return 0;
	c = lookup(line, n, &amb);
	if (!c) {
		const char *near = amb ? NULL : near_command(line, n);

		if (near)
			msg_set(ctx->msg, VIEW_ERROR, "unknown command '%.*s': "
			    "did you mean :%s?", (int)n, line, near);
		else
			msg_set(ctx->msg, VIEW_ERROR, "%s command '%.*s' (? "
			    "lists the commands)", amb ? "ambiguous" :
			    "unknown", (int)n, line);
		return 0;
	}
	line += n;
	while (*line == ' ')
		line++;
	arg = xstrdup(line);
	m = strlen(arg);
	while (m > 0 && arg[m - 1] == ' ')
		arg[--m] = '\0';
	if (!ctx->ws->t && c->run != cmd_quit)
		msg_set(ctx->msg, VIEW_WARN, "still loading");
	else if (c->need && !*arg)
		msg_set(ctx->msg, VIEW_ERROR, ":%s needs %s", c->name,
		    c->args);
	else {
		struct command_ctx here = *ctx;

		here.force = c->force;
		r = c->run(&here, arg);
	}
	free(arg);
	return r;
}

/* Every column name of t (NULL: none) as a candidate. */
static void
columns(const struct table *t, struct prompt_list *out)
{
	size_t i;

	for (i = 0; t && i < t->ncols; i++)
		prompt_list_add(out, t->col[i].name, strlen(t->col[i].name));
}

void
command_complete_column(void *ctx, const char *line, size_t cursor,
    size_t *start, struct prompt_list *out)
{
	const struct command_ctx *c = ctx;

	(void)line;
	(void)cursor;
	*start = 0;
	columns(c->ws->t, out);
}

void
command_complete_label(void *ctx, const char *line, size_t cursor,
    size_t *start, struct prompt_list *out)
{
	const struct command_ctx *c = ctx;
	const struct workset *ws = c->ws;
	uint32_t i;

	(void)line;
	(void)cursor;
	*start = 0;
	for (i = 0; ws->has_labels && i < ws->labels.k; i++)
		prompt_list_add(out, ws->labels.name[i],
		    strlen(ws->labels.name[i]));
}

void
command_complete(void *ctx, const char *line, size_t cursor, size_t *start,
    struct prompt_list *out)
{
	const struct command_ctx *cc = ctx;
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
			prompt_list_add(out, command_list[i].name,
			    strlen(command_list[i].name));
		return;
	}
	c = lookup(line + b, n, &amb);
	*start = b + n;
	while (*start < cursor && line[*start] == ' ')
		(*start)++;
	if (!c)
		return;
	if (c->arg == COMMAND_COLUMN) {
		columns(cc->ws->t, out);
	} else if (c->arg == COMMAND_WORDS) {
		const char *w = c->words;

		while (*w) {
			size_t k = strcspn(w, " ");

			prompt_list_add(out, w, k);
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
