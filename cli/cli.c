/*
 * cli.c - shared command-line plumbing.
 */
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/util/log.h"
#include "core/util/outfile.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"
#include "cli/textout.h"

void
cli_data_init(struct cli_data *d)
{
	memset(d, 0, sizeof *d);
}

void
cli_data_release(struct cli_data *d)
{
	while (d->nowned > 0)
		free(d->owned[--d->nowned]);
}

static void
stderr_sink(void *ctx, enum log_level level, const char *msg)
{
	char *m = textout_esc(msg, strlen(msg));

	(void)ctx;
	fprintf(stderr, "winnow: %s%s\n", level == LOG_WARN ? "warning: " :
	    "", m);
	free(m);
}

void
cli_init(void)
{
	textout_init();
	log_set_sink(stderr_sink, NULL);
	/* before any thread or output: a size limit becomes an error,
	 * and a signal removes the temporary files */
	outfile_init();
}

int
cli_fail(const struct err *e)
{
	/* messages quote the data: escape them like everything else */
	char *m = textout_esc(e->msg, strlen(e->msg));

	fprintf(stderr, "winnow: %s\n", m[0] ? m : "failed");
	free(m);
	return e->code ? e->code : ERR_SOFTWARE;
}

int
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("winnow: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return ERR_USAGE;
}

const char *
cli_value(const char *name, int argc, char **argv, int *i, int *bad)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) != 0)
		return NULL;
	if (a[n] == '=')
		return a + n + 1;
	if (a[n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		cli_usage_error("%s needs a value", name);
		*bad = 1;
		return NULL;
	}
	return argv[++*i];
}

long long
cli_number(const char *opt, const char *v)
{
	char *end;
	long long n;

	if (!v || !*v)
		return cli_usage_error("%s needs a number", opt), -1;
	n = strtoll(v, &end, 10);
	if (*end || n < 0)
		return cli_usage_error("%s: '%s' is not a non-negative integer",
		    opt, v), -1;
	return n;
}

/* Split a comma list into out[] (NULL-ended, at most max-1 items). */
static void
split_list(struct cli_data *d, const char *v, const char **out, size_t max)
{
	size_t i = 0;
	char *p, *q;

	while (out[i])
		i++;
	if (d->nowned == sizeof d->owned / sizeof *d->owned)
		return;
	p = d->owned[d->nowned++] = xstrdup(v);
	for (; p && i + 1 < max; p = q) {
		q = strchr(p, ',');
		if (q)
			*q++ = '\0';
		if (*p)
			out[i++] = p;
	}
	out[i] = NULL;
}

int
cli_data_opt(struct cli_data *d, int argc, char **argv, int *i)
{
	const char *v;
	int bad = 0;

	if ((v = cli_value("--label", argc, argv, i, &bad)) != NULL) {
		d->label = v;
		return 1;
	}
	if ((v = cli_value("--id", argc, argv, i, &bad)) != NULL) {
		d->id = v;
		return 1;
	}
	if ((v = cli_value("--text", argc, argv, i, &bad)) != NULL) {
		split_list(d, v, d->text, sizeof d->text / sizeof *d->text);
		return 1;
	}
	if ((v = cli_value("--na", argc, argv, i, &bad)) != NULL) {
		d->na_set = 1;
		d->na[0] = NULL;
		split_list(d, v, d->na, sizeof d->na / sizeof *d->na);
		return 1;
	}
	if ((v = cli_value("--delim", argc, argv, i, &bad)) != NULL) {
		if (strcmp(v, "tab") == 0 || strcmp(v, "\\t") == 0)
			d->delim = '\t';
		else if (strlen(v) == 1 && v[0] != '"' && v[0] != '\n' &&
		    v[0] != '\r')
			d->delim = (unsigned char)v[0];
		else
			return cli_usage_error("--delim takes one character "
			    "(or 'tab'), not '%s'", v), -1;
		return 1;
	}
	if ((v = cli_value("--ragged", argc, argv, i, &bad)) != NULL) {
		if (strcmp(v, "error") == 0)
			d->ragged = CSVLOAD_RAGGED_ERROR;
		else if (strcmp(v, "pad") == 0)
			d->ragged = CSVLOAD_RAGGED_PAD;
		else if (strcmp(v, "skip") == 0)
			d->ragged = CSVLOAD_RAGGED_SKIP;
		else
			return cli_usage_error("--ragged takes error, pad or "
			    "skip, not '%s'", v), -1;
		return 1;
	}
	if ((v = cli_value("--threads", argc, argv, i, &bad)) != NULL) {
		long long n = cli_number("--threads", v);

		if (n < 0)
			return -1;
		d->threads = (int)(n > 256 ? 256 : n);
		return 1;
	}
	if (bad)
		return -1;
	if (strcmp(argv[*i], "--no-header") == 0) {
		d->no_header = 1;
		return 1;
	}
	if (strcmp(argv[*i], "--quiet") == 0 || strcmp(argv[*i], "-q") == 0) {
		d->quiet = 1;
		return 1;
	}
	return 0;
}

struct bar {
	double start, last;	/* time_mono() */
	int shown;
};

static void
bar_fn(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	struct bar *b = ctx;
	double now = time_mono();
	double el, rate;

	if (now - b->last < 0.2 && done < total)
		return;
	el = now - b->start;
	if (el < 0.5 && done < total)
		return;
	b->last = now;
	rate = el > 0 ? (double)done / el : 0;
	fprintf(stderr, "\r%s %5.1f%%  %.1f MB/s  ", what ? what : "",
	    total ? 100.0 * (double)done / (double)total : 100.0, rate / 1e6);
	if (rate > 0 && done < total)
		fprintf(stderr, "ETA %.0fs ", (double)(total - done) / rate);
	fputs("\033[K", stderr);
	b->shown = 1;
}

struct table *
cli_load(const struct cli_data *d, struct err *e)
{
	struct csvload_opts o;
	struct bar b;
	struct progress pr = { bar_fn, &b, NULL };
	struct table *t;

	csvload_opts_init(&o);
	o.delim = d->delim;
	o.no_header = d->no_header;
	o.ragged = d->ragged;
	o.id_col = d->id;
	o.na = d->na_set ? d->na : NULL;
	o.text_cols = d->text[0] ? d->text : NULL;
	o.threads = d->threads;
	o.trace = getenv("WINNOW_TRACE") != NULL;
	memset(&b, 0, sizeof b);
	b.start = time_mono();
	b.last = b.start;
	if (!d->quiet && isatty(2))
		o.progress = &pr;
	t = csvload(d->path, &o, e);
	if (b.shown)
		fputs("\r\033[K", stderr);
	return t;
}

int
cli_label_col(const struct table *t, const char *label)
{
	int c = table_col_index(t, label);
	size_t i;

	if (c >= 0)
		return c;
	{
		char *p = textout_esc(t->path, strlen(t->path));
		char *l = textout_esc(label, strlen(label));

		fprintf(stderr, "winnow: %s: no column named '%s' (--label); "
		    "the columns are:", p, l);
		free(p);
		free(l);
	}
	for (i = 0; i < t->ncols; i++) {
		char *n = textout_esc(t->col[i].name, strlen(t->col[i].name));

		fprintf(stderr, "%s '%s'", i ? "," : "", n);
		free(n);
	}
	fputc('\n', stderr);
	return -1;
}
