/*
 * cli.c - shared command-line plumbing: the dataset and sample options,
 * checked numbers, the progress line, loading, and errors on stderr.
 * Whatever the subcommands and the workbench both parse is parsed here,
 * once.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/data/csvsample.h"
#include "core/data/format.h"
#include "core/data/stream/anysample.h"
#include "core/util/log.h"
#include "core/util/outfile.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"
#include "core/util/numfmt.h"
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

int
cli_is_help(const char *arg)
{
	return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
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

int
cli_switch(const char *arg, const struct cli_switch *sw, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (strcmp(arg, sw[k].name) == 0) {
			*sw[k].to = 1;
			return 1;
		}
	return 0;
}

int
cli_strings(const struct cli_string *opt, size_t n, int argc, char **argv,
    int *i, int *bad)
{
	const char *v;
	size_t k;

	for (k = 0; k < n && !*bad; k++)
		if ((v = cli_value(opt[k].name, argc, argv, i, bad))) {
			*opt[k].to = v;
			return 1;
		}
	return 0;
}

/* The usage error of a bad number: what is wrong, and what is accepted. */
static int
number_error(const char *opt, const char *v, const char *why,
    const char *range)
{
	char *ev = textout_esc(v, strlen(v));

	cli_usage_error("%s: '%s' %s (%s)", opt, ev, why, range);
	free(ev);
	return -1;
}

int
cli_uint(const char *opt, const char *v, uint64_t lo, uint64_t hi,
    uint64_t *out)
{
	char range[96];
	const char *p;
	uint64_t n = 0;

	snprintf(range, sizeof range, "a whole number from %llu to %llu",
	    (unsigned long long)lo, (unsigned long long)hi);
	if (!v || !*v)
		return number_error(opt, v ? v : "", "is empty", range);
	if (v[0] == '-' && v[1] >= '0' && v[1] <= '9')
		return number_error(opt, v, "is negative", range);
	for (p = v; *p; p++) {
		if (*p < '0' || *p > '9')
			return number_error(opt, v, "is not a whole number",
			    range);
		if (n > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return number_error(opt, v, "is too large", range);
		n = n * 10 + (uint64_t)(*p - '0');
	}
	if (n < lo || n > hi)
		return number_error(opt, v, "is out of range", range);
	*out = n;
	return 0;
}

uint64_t
cli_default_memory(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), psz = sysconf(_SC_PAGESIZE);
	uint64_t ram = pages > 0 && psz > 0 ? (uint64_t)pages *
	    (uint64_t)psz : 0, m = 1ull << 30;

	if (ram && ram / 4 < m)
		m = ram / 4;
	return m;
}

long
cli_peak_rss_kb(void)
{
	char line[128];
	long kb = 0;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = atol(line + 6);
	fclose(f);
	return kb;
}

int
cli_fits(const char *path, uint64_t memory)
{
	struct stat st;

	if (strcmp(path, "-") == 0 || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode))
		return 1;	/* a stream, or an error the loader reports */
	if ((double)st.st_size * 1.7 > (double)memory)
		return 0;
	/* a compressed file takes what its content takes */
	return (double)format_content_size(path) * 1.7 <= (double)memory;
}

size_t
cli_chunk_size(uint64_t memory)
{
	uint64_t c = memory / 8;

	/* a chunk and its loaded table take about 2.7 times its size, and
	 * two are in flight (one read while the other is folded in) */
	if (c < (64u << 10))
		c = 64u << 10;
	if (c > (48u << 20))
		c = 48u << 20;
	return (size_t)c;
}

int
cli_size(const char *opt, const char *v, uint64_t lo, uint64_t hi,
    uint64_t *out)
{
	static const char suf[] = "KMGT";
	char num[32];
	const char *k;
	size_t n = v ? strlen(v) : 0;
	uint64_t x, mul = 1;
	int i;

	if (n > 0 && n < sizeof num && (k = strchr(suf, v[n - 1] & ~0x20)) &&
	    v[n - 1] != '\0') {
		for (i = 0; i <= k - suf; i++)
			mul *= 1024;
		memcpy(num, v, n - 1);
		num[n - 1] = '\0';
		if (cli_uint(opt, num, 0, UINT64_MAX / mul, &x) != 0)
			return -1;
		x *= mul;
	} else if (cli_uint(opt, v, 0, UINT64_MAX, &x) != 0) {
		return -1;
	}
	if (x < lo || x > hi) {
		char range[96];

		snprintf(range, sizeof range, "a size from %lluM to %lluG "
		    "(K, M, G, T: binary units)", (unsigned long long)(lo >>
		    20), (unsigned long long)(hi >> 30));
		return number_error(opt, v, "is out of range", range);
	}
	*out = x;
	return 0;
}

int
cli_real(const char *opt, const char *v, double lo, double hi, double *out)
{
	char range[96], *end;
	double x;

	snprintf(range, sizeof range, "a number from %g to %g", lo, hi);
	if (!v || !*v)
		return number_error(opt, v ? v : "", "is empty", range);
	/* strtod would also take spaces, hexadecimal, "inf" and "nan" */
	if (strspn(v, "+-0123456789.eE") != strlen(v))
		return number_error(opt, v, "is not a number", range);
	x = strtod(v, &end);
	if (*end || end == v)
		return number_error(opt, v, "is not a number", range);
	/* an overflow is infinite, an underflow next to 0: both are
	 * judged by the range */
	if (!(x >= lo && x <= hi))
		return number_error(opt, v, "is out of range", range);
	*out = x;
	return 0;
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
		uint64_t n;

		if (cli_uint("--threads", v, 0, CLI_MAX_THREADS, &n) < 0)
			return -1;
		d->threads = (int)n;
		return 1;
	}
	if (bad)
		return -1;
	return cli_switch(argv[*i], (const struct cli_switch[]){
		{ "--no-header", &d->no_header },
		{ "--lax-quotes", &d->lax_quotes },
		{ "--drop-repeated-header", &d->drop_repeated_header },
		{ "--quiet", &d->quiet }, { "-q", &d->quiet },
	}, 5);
}

void
cli_sample_init(struct cli_sample *s, uint64_t threshold)
{
	memset(s, 0, sizeof *s);
	s->threshold = threshold;
	s->seed = 1;
}

int
cli_sample_opt(struct cli_sample *s, int single, int argc, char **argv,
    int *i)
{
	/* for_single: 1 for stats, 0 for the workbench, -1 for both */
	const struct {
		const char *name;
		int for_single;
		uint64_t lo;
		uint64_t *to, *also;
	} opt[] = {
		{ "--sample", 1, 1, &s->threshold, &s->size },
		{ "--sample-threshold", 0, 0, &s->threshold, NULL },
		{ "--sample-size", 0, 1, &s->size, NULL },
		{ "--seed", -1, 0, &s->seed, NULL },
	};
	const char *v;
	uint64_t n;
	size_t k;
	int bad = 0;

	for (k = 0; k < sizeof opt / sizeof *opt && !bad; k++) {
		if (opt[k].for_single >= 0 && opt[k].for_single != !!single)
			continue;
		if (!(v = cli_value(opt[k].name, argc, argv, i, &bad)))
			continue;
		if (cli_uint(opt[k].name, v, opt[k].lo, UINT64_MAX, &n) < 0)
			return -1;
		*opt[k].to = n;
		if (opt[k].also)
			*opt[k].also = n;
		return 1;
	}
	if (bad)
		return -1;
	return cli_switch(argv[*i], &(struct cli_switch){ "--stratify",
	    &s->stratified }, 1);
}


static void
bar_fn(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	struct cli_bar *b = ctx;
	double now = time_mono(), el = now - b->start, rate;
	int fresh = what && strcmp(what, b->what) != 0;

	if (done < total && (el < 0.5 || (!fresh && now - b->last < 0.2)))
		return;
	b->last = now;
	if (what)
		snprintf(b->what, sizeof b->what, "%s", what);
	if (b->bytes) {
		rate = el > 0 ? (double)done / el : 0;
		fprintf(stderr, "\r%s %5.1f%%  %.1f MB/s  ", b->what, total ?
		    100.0 * (double)done / (double)total : 100.0, rate / 1e6);
		if (rate > 0 && done < total)
			fprintf(stderr, "ETA %.0fs ", (double)(total - done) /
			    rate);
	} else {
		char n1[NUMFMT_COUNT], n2[NUMFMT_COUNT];

		fprintf(stderr, "\r%s %s/%s  %.1fs", b->what,
		    numfmt_count(done, n1), numfmt_count(total, n2), el);
	}
	fputs("\033[K", stderr);
	b->shown = 1;
}

const struct progress *
cli_bar_start(struct cli_bar *b, int bytes, int quiet)
{
	memset(b, 0, sizeof *b);
	b->bytes = bytes;
	b->start = b->last = time_mono();
	b->pr.fn = bar_fn;
	b->pr.ctx = b;
	return quiet || !isatty(2) ? NULL : &b->pr;
}

void
cli_bar_end(struct cli_bar *b)
{
	if (b->shown)
		fputs("\r\033[K", stderr);
	b->shown = 0;
}

void
cli_data_load_opts(const struct cli_data *d, struct csvload_opts *o)
{
	csvload_opts_init(o);
	o->delim = d->delim;
	o->no_header = d->no_header;
	o->ragged = d->ragged;
	o->lax_quotes = d->lax_quotes;
	o->drop_repeated_header = d->drop_repeated_header;
	o->id_col = d->id;
	o->na = d->na_set ? d->na : NULL;
	o->text_cols = d->text[0] ? d->text : NULL;
	o->threads = d->threads;
}

struct table *
cli_load(const struct cli_data *d, struct err *e)
{
	struct csvload_opts o;
	struct cli_bar b;
	struct table *t;

	cli_data_load_opts(d, &o);
	o.trace = getenv("WINNOW_TRACE") != NULL;
	o.progress = cli_bar_start(&b, 1, d->quiet);
	t = format_load(d->path, &o, e);
	cli_bar_end(&b);
	return t;
}

int
cli_label_col(const struct table *t, const char *label)
{
	struct err e;
	int c = table_col_index(t, label);

	if (c >= 0)
		return c;
	table_no_column(t, t->path, label, "--label", &e);
	cli_fail(&e);
	return -1;
}

int
cli_labels(const struct table *t, const char *label,
    enum labels_order order, struct labels *L)
{
	struct err e;
	int lc = cli_label_col(t, label);

	if (lc < 0)
		return ERR_USAGE;
	err_clear(&e);
	if (labels_init(L, t, lc, order, &e) != 0)
		return cli_fail(&e);
	return 0;
}

struct table *
cli_load_sample(const struct cli_data *d, uint64_t size, uint64_t seed,
    int *head, struct err *e)
{
	struct csvload_opts lo;
	struct csvsample_info si;
	struct table *t;
	uint32_t nr;

	cli_data_load_opts(d, &lo);
	nr = CSVSAMPLE_RANGES;
	if (size > 100000 && size / 400 > nr)
		nr = (uint32_t)(size / 400 > 65536 ? 65536 : size / 400);
	memset(&si, 0, sizeof si);
	t = anysample_read(d->path, &lo, seed, nr, CSVSAMPLE_BYTES, &si, e);
	if (head)
		*head = si.head;
	return t;
}

int
cli_range(const char *cmd, const char *opt, const char *v, uint64_t *a,
    uint64_t *b)
{
	const char *colon = v ? strchr(v, ':') : NULL;
	char first[32];

	if (!colon || (size_t)(colon - v) >= sizeof first) {
		cli_usage_error("%s: %s '%s' is not START:END (byte offsets)",
		    cmd, opt, v ? v : "");
		return -1;
	}
	memcpy(first, v, (size_t)(colon - v));
	first[colon - v] = '\0';
	if (cli_uint(opt, first, 0, UINT64_MAX, a) != 0 ||
	    cli_uint(opt, colon + 1, 1, UINT64_MAX, b) != 0)
		return -1;
	if (*b <= *a) {
		cli_usage_error("%s: %s %s: END must be after START", cmd, opt,
		    v);
		return -1;
	}
	return 0;
}

int
cli_write_out(const char *path, const struct outfile_rule *rule,
    int (*fn)(FILE *f, void *ctx, struct err *e), void *ctx)
{
	struct outfile of;
	struct err e;
	FILE *f;

	if (strcmp(path, "-") == 0)
		return fn(stdout, ctx, &e) != 0 ? cli_fail(&e) : 0;
	if (outfile_open(&of, path, rule, &e) != 0)
		return cli_fail(&e);
	if (!(f = outfile_stream(&of))) {
		err_sys(&e, ERR_CANTCREAT, errno, "%s: cannot create", path);
		outfile_abort(&of);
		return cli_fail(&e);
	}
	if (fn(f, ctx, &e) != 0) {
		struct err named;

		outfile_abort(&of);
		err_set(&named, e.code, "%s: %s", path, e.msg);
		return cli_fail(&named);
	}
	return outfile_commit(&of, &e) != 0 ? cli_fail(&e) : 0;
}
