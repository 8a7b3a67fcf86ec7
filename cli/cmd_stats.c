/*
 * cmd_stats.c - `winnow stats FILE`: a Facets-Overview-style summary of
 * every column on the command line, as a text table or as JSON
 * (docs/stats-json.md).
 *
 * The text output is 80 columns wide unless standard output is a
 * terminal wider than that, so that it is the same on every run when
 * redirected.  Everything taken from the data (column names, values, the
 * file name) goes through textout_esc(): control characters, C1 controls,
 * invalid UTF-8 and bidirectional-override characters are shown as
 * \xNN or \uNNNN and never reach the terminal; without a UTF-8 locale
 * every non-ASCII byte is shown as \xNN and the histograms use ASCII.
 */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "core/stats/assoc.h"
#include "core/stats/hist.h"
#include "core/util/jsonw.h"
#include "core/stats/labelhealth.h"
#include "core/data/labels.h"
#include "core/util/parfor.h"
#include "core/data/sample.h"
#include "core/stats/stats.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"
#include "cli/cli.h"
#include "cli/cmds.h"
#include "cli/textout.h"

/* Output width, fixed once per run. */
static int width = 80;		/* columns of text output */

struct run {
	struct table *t;
	struct labels L;
	int have_label;
	struct rowset rs;
	int sampled, stratified;
	uint64_t seed;
	struct stats_col *st;
	struct assoc_col *as;
	struct hist *h;
	struct labelhealth lh;
	int have_lh;
};

/* --- number formatting --------------------------------------------- */

/* v in at most w characters, as precise as fits. */
static void
fmt_num(char *buf, size_t cap, double v, int w)
{
	int prec;

	if (isnan(v)) {
		snprintf(buf, cap, "-");
		return;
	}
	if (v == 0)
		v = 0;	/* no "-0" */
	if (fabs(v) < 1e15 && (v == floor(v) || fabs(v) >= 1e5)) {
		/* whole numbers, and big ones rounded, in full when they
		 * fit: 500000.5 reads better as 500000 than as 5e+05 */
		snprintf(buf, cap, "%.0f", v);
		if ((int)strlen(buf) <= w)
			return;
	}
	for (prec = 5; prec >= 1; prec--) {
		snprintf(buf, cap, "%.*g", prec, v);
		if ((int)strlen(buf) <= w)
			return;
	}
	snprintf(buf, cap, "%.0e", v);
}

static void
fmt_count(char *buf, size_t cap, uint64_t n, int w)
{
	static const char suf[] = "kMGTP";
	double v = (double)n;
	int i;

	snprintf(buf, cap, "%llu", (unsigned long long)n);
	if ((int)strlen(buf) <= w)
		return;
	for (i = 0; i < 5; i++) {
		v /= 1000;
		snprintf(buf, cap, "%.1f%c", v, suf[i]);
		if ((int)strlen(buf) <= w)
			return;
		snprintf(buf, cap, "%.0f%c", v, suf[i]);
		if ((int)strlen(buf) <= w)
			return;
	}
}

static void
fmt_pct(char *buf, size_t cap, uint64_t part, uint64_t whole)
{
	double p = whole ? 100.0 * (double)part / (double)whole : 0;

	if (part == 0)
		snprintf(buf, cap, "0%%");
	else if (p < 0.1)
		snprintf(buf, cap, "<0.1%%");
	else if (p < 10)
		snprintf(buf, cap, "%.1f%%", p);
	else
		snprintf(buf, cap, "%.0f%%", p);
}

/* A date (epoch seconds) as YYYY-MM-DD, with the time when not
 * midnight and long is set. */
static void
fmt_date(char *buf, size_t cap, double secs, int with_time)
{
	time_t tt;
	struct tm tm;

	if (isnan(secs) || secs < -6e13 || secs > 6e13) {
		snprintf(buf, cap, "-");
		return;
	}
	tt = (time_t)floor(secs);
	if (!gmtime_r(&tt, &tm)) {
		snprintf(buf, cap, "-");
		return;
	}
	if (with_time && (tm.tm_hour || tm.tm_min || tm.tm_sec))
		strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		strftime(buf, cap, "%Y-%m-%d", &tm);
}

/* A column value (number or date) for the tables. */
static void
fmt_val(char *buf, size_t cap, const struct stats_col *s, double v, int w)
{
	if (s->type == COLTYPE_DATE)
		fmt_date(buf, cap, v, 0);
	else
		fmt_num(buf, cap, v, w);
}

/* --- sparklines ---------------------------------------------------- */

/* Append a w-column sparkline of h's value bins (and "other"). */
static void
spark(struct textout *b, const struct hist *h, int w)
{
	static const char *const blocks[] = { "\xe2\x96\x81",
	    "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84", "\xe2\x96\x85",
	    "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88" };
	static const char ascii[] = "._:-=+*#";
	uint64_t *v, max = 0;
	uint32_t nb = h->nvalue + (h->other != HIST_NOBIN), i, g, ng;
	int k, lv;

	if (nb == 0 || w <= 0)
		return;
	ng = nb < (uint32_t)w ? nb : (uint32_t)w;
	v = xcalloc(ng, sizeof *v);
	for (i = 0; i < nb; i++) {
		uint64_t c = i < h->nvalue ? h->bin[i].count :
		    h->bin[h->other].count;

		g = (uint32_t)((uint64_t)i * ng / nb);
		v[g] += c;
	}
	for (g = 0; g < ng; g++)
		if (v[g] > max)
			max = v[g];
	for (g = 0; g < ng; g++) {
		if (v[g] == 0 || max == 0) {
			textout_puts(b, " ");
			continue;
		}
		lv = (int)ceil(8.0 * (double)v[g] / (double)max);
		k = lv < 1 ? 0 : lv > 8 ? 7 : lv - 1;
		if (textout_utf8)
			textout_puts(b, blocks[k]);
		else
			textout_putn(b, &ascii[k], 1);
	}
	free(v);
}

/* --- the text report ----------------------------------------------- */

struct layout {
	int name, type, count, miss, dist, center, zero, hist, assoc;
};

static void
make_layout(struct layout *l, int have_label)
{
	int extra = width - 80;

	l->name = 12;
	l->type = 5;
	l->count = 7;
	l->miss = 5;
	l->dist = 7;
	l->center = 17;
	l->zero = 5;
	l->hist = 8;
	l->assoc = have_label ? 5 : 0;
	if (!have_label)
		l->center += 6;
	if (extra > 0) {
		int add = extra < 18 ? extra : 18;

		l->name += add;
		extra -= add;
		add = extra < 16 ? extra : 16;
		l->hist += add;
		extra -= add;
		add = extra < 12 ? extra : 12;
		l->center += add;
	}
}

static const char *
cname(const struct run *r, int col)
{
	return r->t->col[col].name;
}

/* Print the escaped text of value id of column col, quoted, into b. */
static void
value_to(struct textout *b, const struct table *t, int col, uint32_t id)
{
	size_t n;
	const char *s = dict_str(&t->col[col].dict, id, &n);

	textout_puts(b, "'");
	textout_esc_to(b, s, n);
	textout_puts(b, "'");
}

static void
print_header(FILE *f, const struct run *r, const char *path)
{
	char *p = textout_esc(path, strlen(path));
	struct table *t = r->t;

	fprintf(f, "%s: ", p);
	if (r->sampled)
		fprintf(f, "%ssample %llu of %llu rows (seed %llu)",
		    r->stratified ? "stratified " : "",
		    (unsigned long long)r->rs.n,
		    (unsigned long long)t->nrows,
		    (unsigned long long)r->seed);
	else
		fprintf(f, "full data: %llu rows",
		    (unsigned long long)t->nrows);
	fprintf(f, ", %zu column%s\n", t->ncols, t->ncols == 1 ? "" : "s");
	free(p);
}

static void
print_overview(FILE *f, const struct run *r)
{
	struct layout l;
	struct textout b = { NULL, 0, 0 };
	char num[64], num2[64], pair[160];
	size_t c;

	make_layout(&l, r->have_label);
	textout_put_fit(f, "column", l.name, 0);
	fputc(' ', f);
	textout_put_fit(f, "type", l.type, 0);
	fputc(' ', f);
	textout_put_fit(f, "count", l.count, 1);
	fputc(' ', f);
	textout_put_fit(f, "miss", l.miss, 1);
	fputc(' ', f);
	textout_put_fit(f, "dist", l.dist, 1);
	fputc(' ', f);
	{
		int half = (l.center - 1) / 2;

		snprintf(pair, sizeof pair, "%*s %*s", half, "mean", half,
		    "median");
		textout_put_fit(f, pair, l.center, 0);
	}
	fputc(' ', f);
	textout_put_fit(f, "zero", l.zero, 1);
	fputc(' ', f);
	textout_put_fit(f, "hist", l.hist, 0);
	if (l.assoc) {
		fputc(' ', f);
		textout_put_fit(f, "assoc", l.assoc, 1);
	}
	fputc('\n', f);
	for (c = 0; c < r->t->ncols; c++) {
		const struct stats_col *s = &r->st[c];
		const char *nm = cname(r, (int)c);

		b.n = 0;
		textout_esc_to(&b, nm, strlen(nm));
		textout_put_fit(f, b.s, l.name, 0);
		fputc(' ', f);
		textout_put_fit(f, coltype_name(s->type), l.type, 0);
		fputc(' ', f);
		fmt_count(num, sizeof num, s->count - s->missing, l.count);
		textout_put_fit(f, num, l.count, 1);
		fputc(' ', f);
		fmt_pct(num, sizeof num, s->missing, s->count);
		textout_put_fit(f, num, l.miss, 1);
		fputc(' ', f);
		fmt_count(num, sizeof num, s->distinct, l.dist);
		textout_put_fit(f, num, l.dist, 1);
		fputc(' ', f);
		b.n = 0;
		if (s->numeric && s->nnum > 0 && s->type == COLTYPE_DATE) {
			fmt_date(num, sizeof num, s->q[3], 0);
			textout_puts(&b, "median ");
			textout_puts(&b, num);
		} else if (s->numeric && s->nnum > 0) {
			int half = (l.center - 1) / 2;

			fmt_num(num, sizeof num, s->mean, half);
			fmt_num(num2, sizeof num2, s->q[3], half);
			snprintf(pair, sizeof pair, "%*s %*s", half, num,
			    half, num2);
			textout_puts(&b, pair);
		} else if (s->ntop > 0) {
			/* the value, cut to leave room for its share */
			struct textout v = { NULL, 0, 0 };

			fmt_pct(num, sizeof num, s->top[0].count, s->count);
			value_to(&v, r->t, (int)c, s->top[0].id);
			textout_fit_to(&b, v.s, l.center -
			    (int)strlen(num) - 1);
			textout_puts(&b, " ");
			textout_puts(&b, num);
			free(v.s);
		} else {
			textout_puts(&b, "-");
		}
		textout_put_fit(f, b.s, l.center, 0);
		fputc(' ', f);
		if (s->numeric && s->type != COLTYPE_DATE && s->nnum > 0)
			fmt_pct(num, sizeof num, s->zeros, s->count);
		else
			num[0] = '\0';
		textout_put_fit(f, num, l.zero, 1);
		fputc(' ', f);
		b.n = 0;
		spark(&b, &r->h[c], l.hist);
		textout_put_fit(f, b.s ? b.s : "", l.hist, 0);
		if (l.assoc) {
			const struct assoc_col *a = &r->as[c];

			fputc(' ', f);
			if (r->have_label && (int)c == r->L.col)
				snprintf(num, sizeof num, "label");
			else if ((int)c == r->t->id_col)
				snprintf(num, sizeof num, "id");
			else if (a->measure == ASSOC_NONE || isnan(a->value))
				snprintf(num, sizeof num, "-");
			else
				snprintf(num, sizeof num, "%.2f", a->value);
			textout_put_fit(f, num, l.assoc, 1);
		}
		fputc('\n', f);
	}
	free(b.s);
}

static void
print_numeric(FILE *f, const struct run *r)
{
	static const char *const head[] = { "min", "p25", "median", "p75",
	    "max", "sd" };
	int nw = 12 + (width > 80 ? (width - 80 < 18 ? width - 80 : 18) : 0);
	struct textout b = { NULL, 0, 0 };
	char num[64];
	size_t c;
	int i, any = 0;

	for (c = 0; c < r->t->ncols; c++) {
		const struct stats_col *s = &r->st[c];
		double v[6];

		if (!s->numeric || s->nnum == 0)
			continue;
		if (!any) {
			fputc('\n', f);
			textout_put_fit(f, "numbers", nw, 0);
			for (i = 0; i < 6; i++) {
				fputc(' ', f);
				textout_put_fit(f, head[i], 10, 1);
			}
			fputc('\n', f);
			any = 1;
		}
		b.n = 0;
		textout_esc_to(&b, cname(r, (int)c), strlen(cname(r, (int)c)));
		textout_put_fit(f, b.s, nw, 0);
		v[0] = s->min;
		v[1] = s->q[2];
		v[2] = s->q[3];
		v[3] = s->q[4];
		v[4] = s->max;
		v[5] = s->sd;
		for (i = 0; i < 6; i++) {
			fputc(' ', f);
			if (i == 5 && s->type == COLTYPE_DATE) {
				fmt_num(num, sizeof num, v[i] / 86400, 8);
				if (!isnan(v[i]))
					strcat(num, "d");
			} else {
				fmt_val(num, sizeof num, s, v[i], 10);
			}
			textout_put_fit(f, num, 10, 1);
		}
		fputc('\n', f);
	}
	free(b.s);
}

static void
print_strings(FILE *f, const struct run *r)
{
	int nw = 12 + (width > 80 ? (width - 80 < 18 ? width - 80 : 18) : 0);
	int rest = width - nw - 1 - 16 - 1 - 1;
	struct textout b = { NULL, 0, 0 };
	char num[96];
	size_t c;
	uint32_t i;
	int any = 0;

	for (c = 0; c < r->t->ncols; c++) {
		const struct stats_col *s = &r->st[c];

		if (!s->strings || s->ntop == 0)
			continue;
		if (!any) {
			fputc('\n', f);
			textout_put_fit(f, "strings", nw, 0);
			fputc(' ', f);
			textout_put_fit(f, "len min/avg/max", 16, 1);
			fputc(' ', f);
			textout_put_fit(f, "top values", rest, 0);
			fputc('\n', f);
			any = 1;
		}
		b.n = 0;
		textout_esc_to(&b, cname(r, (int)c), strlen(cname(r, (int)c)));
		textout_put_fit(f, b.s, nw, 0);
		fputc(' ', f);
		snprintf(num, sizeof num, "%llu/%.1f/%llu",
		    (unsigned long long)s->len_min, s->len_avg,
		    (unsigned long long)s->len_max);
		textout_put_fit(f, num, 16, 1);
		fputc(' ', f);
		b.n = 0;
		for (i = 0; i < s->ntop && i < 5; i++) {
			if (i)
				textout_puts(&b, ", ");
			value_to(&b, r->t, (int)c, s->top[i].id);
			snprintf(num, sizeof num, " %llu",
			    (unsigned long long)s->top[i].count);
			textout_puts(&b, num);
		}
		textout_put_fit(f, b.s, rest, 0);
		fputc('\n', f);
	}
	free(b.s);
}

/* Print prefix and text, wrapped at spaces to the output width, with
 * continuation lines indented under the text. */
static void
put_wrapped(FILE *f, const char *prefix, const char *text)
{
	int ind = textout_width(prefix), col = ind, ww;
	const char *p = text, *sp;
	size_t n;

	fputs(prefix, f);
	while (*p) {
		sp = strchr(p, ' ');
		n = sp ? (size_t)(sp - p) : strlen(p);
		{
			char *word = xstrndup(p, n);

			ww = textout_width(word);
			if (col > ind && col + 1 + ww > width) {
				fprintf(f, "\n%*s", ind + 2, "");
				col = ind + 2;
			} else if (col > ind) {
				fputc(' ', f);
				col++;
			}
			fputs(word, f);
			col += ww;
			free(word);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

/* ", e.g. rows 4, 17, 20" for a finding's examples. */
static void
examples_to(struct textout *b, const struct table *t, const uint32_t *ex,
    uint32_t nex)
{
	char kb[24];
	size_t n;
	const char *k;
	uint32_t i;

	if (nex == 0)
		return;
	textout_puts(b, nex == 1 ? " (row " : " (rows ");
	for (i = 0; i < nex; i++) {
		if (i)
			textout_puts(b, ", ");
		k = table_key(t, ex[i], kb, &n);
		textout_esc_to(b, k, n);
	}
	textout_puts(b, ")");
}

static void
class_to(struct textout *b, const struct labels *L, uint32_t c)
{
	textout_puts(b, "'");
	textout_esc_to(b, L->name[c], strlen(L->name[c]));
	textout_puts(b, "'");
}

static void
print_labels(FILE *f, const struct run *r)
{
	const struct labelhealth *h = &r->lh;
	const struct labels *L = &r->L;
	struct textout b = { NULL, 0, 0 };
	char num[64];
	uint32_t c, i;
	size_t k;
	int warned = 0;

	fputc('\n', f);
	b.n = 0;
	textout_puts(&b, "label column '");
	textout_esc_to(&b, cname(r, L->col), strlen(cname(r, L->col)));
	textout_puts(&b, "'");
	fprintf(f, "%s: %u classes, %llu labelled rows", b.s, h->present,
	    (unsigned long long)h->labelled);
	if (h->majority != LABELS_NONE) {
		b.n = 0;
		class_to(&b, L, h->majority);
		fprintf(f, ", majority %s %.1f%%", b.s,
		    100 * h->majority_share);
	}
	fputc('\n', f);
	for (c = 0; c < L->k; c++) {
		if (!h->class_rows[c])
			continue;
		b.n = 0;
		textout_esc_to(&b, L->name[c], strlen(L->name[c]));
		fputs("  ", f);
		textout_put_fit(f, b.s, 24, 0);
		fmt_pct(num, sizeof num, h->class_rows[c], h->labelled);
		fprintf(f, " %8llu %6s\n",
		    (unsigned long long)h->class_rows[c], num);
	}
	fputc('\n', f);
	fprintf(f, "label health:\n");
	for (k = 0; k < h->nfind; k++) {
		const struct labelhealth_finding *x = &h->find[k];

		b.n = 0;
		switch (x->kind) {
		case LABELHEALTH_MISSING:
			snprintf(num, sizeof num, "%llu row%s without a label",
			    (unsigned long long)x->rows,
			    x->rows == 1 ? "" : "s");
			textout_puts(&b, num);
			break;
		case LABELHEALTH_VARIANT:
			textout_puts(&b, "labels differing only in case or "
			    "spaces:");
			for (i = 0; i < x->ncls; i++) {
				textout_puts(&b, i ? ", " : " ");
				class_to(&b, L, x->cls[i]);
				snprintf(num, sizeof num, " %llu",
				    (unsigned long long)x->cls_rows[i]);
				textout_puts(&b, num);
			}
			break;
		case LABELHEALTH_TINY:
			textout_puts(&b, "class ");
			class_to(&b, L, x->cls[0]);
			snprintf(num, sizeof num, " has only %llu row%s",
			    (unsigned long long)x->rows,
			    x->rows == 1 ? "" : "s");
			textout_puts(&b, num);
			break;
		case LABELHEALTH_CONFLICT:
			snprintf(num, sizeof num, "%llu identical rows with "
			    "different labels:", (unsigned long long)x->rows);
			textout_puts(&b, num);
			for (i = 0; i < x->ncls; i++) {
				textout_puts(&b, i ? ", " : " ");
				class_to(&b, L, x->cls[i]);
				snprintf(num, sizeof num, " %llu",
				    (unsigned long long)x->cls_rows[i]);
				textout_puts(&b, num);
			}
			break;
		}
		examples_to(&b, r->t, x->ex, x->nex);
		put_wrapped(f, "  warning: ", b.s);
		warned = 1;
	}
	if (h->conflict_groups > 0) {
		char line[256];
		int m;

		m = snprintf(line, sizeof line, "%llu group%s of identical "
		    "rows (%llu rows) carry different labels",
		    (unsigned long long)h->conflict_groups,
		    h->conflict_groups == 1 ? "" : "s",
		    (unsigned long long)h->conflict_rows);
		if (h->ncompared < r->t->ncols && m > 0 &&
		    (size_t)m < sizeof line)
			snprintf(line + m, sizeof line - (size_t)m,
			    " (compared %zu of %zu columns)", h->ncompared,
			    r->t->ncols);
		put_wrapped(f, "  warning: ", line);
	}
	if (!warned)
		fprintf(f, "  no problems found (%zu columns compared for "
		    "duplicates)\n", h->ncompared);
	free(b.s);
}

/* Copy text to f without trailing spaces on its lines. */
static void
put_trimmed(FILE *f, const char *text, size_t n)
{
	size_t i = 0, j, e;

	while (i < n) {
		for (j = i; j < n && text[j] != '\n'; j++)
			;
		for (e = j; e > i && text[e - 1] == ' '; e--)
			;
		fwrite(text + i, 1, e - i, f);
		if (j < n)
			fputc('\n', f);
		i = j + 1;
	}
}

static void
print_text(FILE *out, const struct run *r, const char *path)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);

	if (!f) {
		f = out;	/* no memory stream: print as it comes */
	}
	print_header(f, r, path);
	print_overview(f, r);
	fprintf(f, "count: cells not missing; miss: missing share; strings "
	    "show their top value\n");
	if (r->have_label)
		fprintf(f, "assoc: %s V (bias-corrected) for strings and "
		    "bools, eta for numbers\n",
		    textout_utf8 ? "Cram\xc3\xa9r's" :
		    "Cramer's");
	print_numeric(f, r);
	print_strings(f, r);
	if (r->have_label && r->have_lh)
		print_labels(f, r);
	if (f != out) {
		fclose(f);
		put_trimmed(out, text, n);
		free(text);
	}
}

/* --- JSON ---------------------------------------------------------- */

static void
json_value(struct jsonw *w, const struct table *t, int col, uint32_t id)
{
	size_t n;
	const char *s = dict_str(&t->col[col].dict, id, &n);

	jsonw_strn(w, s, n);
}

static const char *
hist_kind_name(enum hist_kind k)
{
	switch (k) {
	case HIST_EMPTY: return "empty";
	case HIST_RANGE: return "range";
	case HIST_INT: return "int";
	case HIST_TIME: return "time";
	case HIST_CAT: return "cat";
	}
	return "?";
}

static const char *
bin_kind_name(enum hist_bin_kind k)
{
	switch (k) {
	case HIST_BIN_RANGE: return "range";
	case HIST_BIN_VALUE: return "value";
	case HIST_BIN_OTHER: return "other";
	case HIST_BIN_NONPOS: return "nonpositive";
	case HIST_BIN_MISSING: return "missing";
	}
	return "?";
}

static void
json_examples(struct jsonw *w, const struct table *t, const uint32_t *ex,
    uint32_t nex)
{
	char kb[24];
	size_t n;
	const char *k;
	uint32_t i;

	jsonw_key(w, "examples");
	jsonw_arr_begin(w);
	for (i = 0; i < nex; i++) {
		k = table_key(t, ex[i], kb, &n);
		jsonw_strn(w, k, n);
	}
	jsonw_arr_end(w);
}

static void
json_column(struct jsonw *w, const struct run *r, size_t c)
{
	const struct stats_col *s = &r->st[c];
	const struct hist *h = &r->h[c];
	const struct assoc_col *a = &r->as[c];
	static const char *const qn[STATS_NQ] = { "p1", "p5", "p25", "p50",
	    "p75", "p95", "p99" };
	uint32_t i;

	jsonw_obj_begin(w);
	jsonw_kv_str(w, "name", cname(r, (int)c));
	jsonw_kv_uint(w, "index", c);
	jsonw_kv_str(w, "type", coltype_name(s->type));
	jsonw_kv_uint(w, "rows", s->count);
	jsonw_kv_uint(w, "missing", s->missing);
	jsonw_kv_uint(w, "count", s->count - s->missing);
	jsonw_kv_uint(w, "distinct", s->distinct);
	jsonw_key(w, "top");
	jsonw_arr_begin(w);
	for (i = 0; i < s->ntop; i++) {
		jsonw_obj_begin(w);
		jsonw_key(w, "value");
		json_value(w, r->t, (int)c, s->top[i].id);
		jsonw_kv_uint(w, "count", s->top[i].count);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "numeric");
	if (s->numeric) {
		jsonw_obj_begin(w);
		jsonw_kv_uint(w, "count", s->nnum);
		jsonw_kv_num(w, "min", s->min);
		jsonw_kv_num(w, "max", s->max);
		jsonw_kv_num(w, "mean", s->mean);
		jsonw_kv_num(w, "sd", s->sd);
		jsonw_kv_uint(w, "zeros", s->zeros);
		jsonw_key(w, "quantiles");
		jsonw_obj_begin(w);
		for (i = 0; i < STATS_NQ; i++) {
			jsonw_kv_num(w, qn[i], s->q[i]);
		}
		jsonw_obj_end(w);
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_key(w, "length");
	if (s->strings) {
		jsonw_obj_begin(w);
		jsonw_kv_uint(w, "min", s->len_min);
		jsonw_kv_num(w, "avg", s->len_avg);
		jsonw_kv_uint(w, "max", s->len_max);
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_key(w, "histogram");
	jsonw_obj_begin(w);
	jsonw_kv_str(w, "kind", hist_kind_name(h->kind));
	jsonw_kv_bool(w, "log", h->log);
	jsonw_key(w, "bins");
	jsonw_arr_begin(w);
	for (i = 0; i < h->nbins; i++) {
		const struct hist_bin *bn = &h->bin[i];

		jsonw_obj_begin(w);
		jsonw_kv_str(w, "kind", bin_kind_name(bn->kind));
		if (bn->kind == HIST_BIN_RANGE) {
			jsonw_kv_num(w, "lo", bn->lo);
			jsonw_kv_num(w, "hi", bn->hi);
		} else if (bn->kind == HIST_BIN_VALUE) {
			jsonw_key(w, "value");
			json_value(w, r->t, (int)c, bn->id);
		}
		jsonw_kv_uint(w, "count", bn->count);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	jsonw_kv_num(w, "nonuniformity", a->nonuniformity);
	jsonw_key(w, "association");
	if (a->measure != ASSOC_NONE) {
		jsonw_obj_begin(w);
		jsonw_kv_str(w, "measure", assoc_measure_name(a->measure));
		jsonw_kv_num(w, "value", a->value);
		jsonw_kv_uint(w, "rows", a->n);
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_obj_end(w);
}

static void
json_health(struct jsonw *w, const struct run *r)
{
	const struct labelhealth *h = &r->lh;
	const struct labels *L = &r->L;
	size_t k;
	uint32_t c, i;

	jsonw_key(w, "classes");
	jsonw_arr_begin(w);
	for (c = 0; c < L->k; c++) {
		if (!h->class_rows[c])
			continue;
		jsonw_obj_begin(w);
		jsonw_kv_str(w, "name", L->name[c]);
		jsonw_kv_uint(w, "count", h->class_rows[c]);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "label_health");
	jsonw_obj_begin(w);
	jsonw_kv_uint(w, "labelled", h->labelled);
	jsonw_kv_uint(w, "missing", h->rows - h->labelled);
	jsonw_key(w, "majority");
	if (h->majority != LABELS_NONE) {
		jsonw_obj_begin(w);
		jsonw_kv_str(w, "name", L->name[h->majority]);
		jsonw_kv_uint(w, "count", h->class_rows[h->majority]);
		jsonw_kv_num(w, "share", h->majority_share);
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_kv_uint(w, "compared_columns", h->ncompared);
	jsonw_kv_uint(w, "duplicate_groups", h->dup_groups);
	jsonw_kv_uint(w, "conflict_groups", h->conflict_groups);
	jsonw_kv_uint(w, "conflict_rows", h->conflict_rows);
	jsonw_key(w, "findings");
	jsonw_arr_begin(w);
	for (k = 0; k < h->nfind; k++) {
		const struct labelhealth_finding *x = &h->find[k];

		jsonw_obj_begin(w);
		jsonw_kv_str(w, "kind", labelhealth_kind_name(x->kind));
		jsonw_kv_uint(w, "rows", x->rows);
		jsonw_key(w, "classes");
		jsonw_arr_begin(w);
		for (i = 0; i < x->ncls; i++) {
			jsonw_obj_begin(w);
			jsonw_kv_str(w, "name", L->name[x->cls[i]]);
			jsonw_kv_uint(w, "rows", x->cls_rows[i]);
			jsonw_obj_end(w);
		}
		jsonw_arr_end(w);
		json_examples(w, r->t, x->ex, x->nex);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

static void
print_json(FILE *f, const struct run *r, const char *path)
{
	struct jsonw w;
	size_t c;

	jsonw_init(&w, f, 1);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "file");
	jsonw_str(&w, path);
	jsonw_key(&w, "rows");
	jsonw_uint(&w, r->t->nrows);
	jsonw_key(&w, "columns");
	jsonw_uint(&w, r->t->ncols);
	jsonw_key(&w, "sample");
	if (r->sampled) {
		jsonw_obj_begin(&w);
		jsonw_key(&w, "rows");
		jsonw_uint(&w, r->rs.n);
		jsonw_key(&w, "of");
		jsonw_uint(&w, r->t->nrows);
		jsonw_key(&w, "seed");
		jsonw_uint(&w, r->seed);
		jsonw_key(&w, "stratified");
		jsonw_bool(&w, r->stratified);
		jsonw_obj_end(&w);
	} else {
		jsonw_null(&w);
	}
	jsonw_key(&w, "label");
	if (r->have_label)
		jsonw_str(&w, cname(r, r->L.col));
	else
		jsonw_null(&w);
	jsonw_key(&w, "stats");
	jsonw_arr_begin(&w);
	for (c = 0; c < r->t->ncols; c++)
		json_column(&w, r, c);
	jsonw_arr_end(&w);
	if (r->have_label && r->have_lh)
		json_health(&w, r);
	jsonw_obj_end(&w);
	jsonw_finish(&w);
}

/* --- the command ---------------------------------------------------- */

static void
usage(FILE *f)
{
	fputs("usage: winnow stats FILE [--label COL] [--sample N] "
	    "[--seed S] [--stratify]\n"
	    "                    [--json] [dataset options]\n"
	    "  --label COL   association with COL, label health, class "
	    "counts\n"
	    "  --sample N    summarise a seeded sample of N rows (default: "
	    "all rows)\n"
	    "  --seed S      the sample's seed (default 1)\n"
	    "  --stratify    sample proportionally within each label class\n"
	    "  --json        JSON output (docs/stats-json.md)\n"
	    "  --timing      how long each step took, on stderr\n"
	    "dataset options: --id COL --text COL,.. --delim C --no-header "
	    "--ragged error|pad|skip\n"
	    "                 --na LIST --threads N --quiet\n", f);
}

/*
 * All the work after loading, as one fan-out: item 0 is the label check
 * (the biggest single piece, so it starts first), then the columns,
 * those with the most distinct values first; each column gets its
 * summary, its histogram and its association (which reuses the
 * histogram).  Every item writes only its own slots, so the output does
 * not depend on the number of threads.
 */
struct work {
	struct run *r;
	const struct rowset *rs;
	size_t *order;		/* columns, most distinct values first */
	int health;		/* item 0 is the label check */
	int health_rc;
	struct err health_err;
};

static void
work_one(void *ctx, size_t i)
{
	struct work *w = ctx;
	struct run *r = w->r;
	struct hist_opts ho;
	size_t c;

	if (w->health && i == 0) {
		w->health_rc = labelhealth_check(&r->lh, r->t, &r->L, w->rs,
		    NULL, NULL, &w->health_err);
		return;
	}
	c = w->order[i - (size_t)w->health];
	stats_column(r->t, c, w->rs, &r->st[c]);
	hist_opts_init(&ho);
	ho.nomap = 1;	/* counts are all the report needs */
	hist_build(&r->h[c], r->t, c, w->rs, &ho);
	assoc_column(r->t, c, w->rs, r->have_label ? &r->L : NULL, &r->h[c],
	    &r->as[c]);
}

static const struct table *order_table;

static int
cmp_cost(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	uint32_t nx = order_table->col[x].dict.n;
	uint32_t ny = order_table->col[y].dict.n;

	if (nx != ny)
		return nx > ny ? -1 : 1;
	return (x > y) - (x < y);
}

static int
compute(struct run *r, const struct rowset *rs, int threads, struct err *e)
{
	struct work w;
	size_t c, n = r->t->ncols;
	int rc;

	memset(&w, 0, sizeof w);
	w.r = r;
	w.rs = stats_rowset_is_all(r->t, rs) ? NULL : rs;
	w.health = r->have_label;
	w.order = xmalloc((n ? n : 1) * sizeof *w.order);
	for (c = 0; c < n; c++)
		w.order[c] = c;
	order_table = r->t;	/* qsort has no context; one thread here */
	qsort(w.order, n, sizeof *w.order, cmp_cost);
	r->st = xcalloc(n ? n : 1, sizeof *r->st);
	r->as = xcalloc(n ? n : 1, sizeof *r->as);
	r->h = xcalloc(n ? n : 1, sizeof *r->h);
	rc = parfor_run(n + (size_t)w.health, threads, work_one, &w, NULL,
	    "statistics", e);
	free(w.order);
	if (rc == 0 && w.health) {
		if (w.health_rc < 0) {
			*e = w.health_err;
			return -1;
		}
		r->have_lh = 1;
	}
	return rc;
}

static int
term_width(void)
{
	struct winsize ws;

	if (!isatty(1) || ioctl(1, TIOCGWINSZ, &ws) != 0 || ws.ws_col <= 80)
		return 80;
	return ws.ws_col > 240 ? 240 : ws.ws_col;
}

int
cmd_stats(int argc, char **argv)
{
	struct cli_data d;
	struct run r;
	struct err e;
	const struct rowset *rs = NULL;
	long long sample = -1, seed = 1;
	int json = 0, timing = 0, i, rc = 0, lc, k, bad = 0;
	double t0, t1, t2, t3;
	const char *v;
	size_t c;

	textout_init();
	width = term_width();
	cli_data_init(&d);
	memset(&r, 0, sizeof r);
	err_clear(&e);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			cli_data_release(&d);
			return 0;
		}
		if ((v = cli_value("--sample", argc, argv, &i, &bad))) {
			if ((sample = cli_number("--sample", v)) < 0)
				goto usage_fail;
			continue;
		}
		if ((v = cli_value("--seed", argc, argv, &i, &bad))) {
			if ((seed = cli_number("--seed", v)) < 0)
				goto usage_fail;
			continue;
		}
		if (bad)
			goto usage_fail;
		if (strcmp(argv[i], "--stratify") == 0) {
			r.stratified = 1;
			continue;
		}
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
			continue;
		}
		if (strcmp(argv[i], "--timing") == 0) {
			timing = 1;
			continue;
		}
		k = cli_data_opt(&d, argc, argv, &i);
		if (k < 0)
			goto usage_fail;
		if (k > 0)
			continue;
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			cli_usage_error("stats: unknown option '%s'",
			    argv[i]);
			goto usage_fail;
		}
		if (d.path) {
			cli_usage_error("stats: one FILE only ('%s' and "
			    "'%s')", d.path, argv[i]);
			goto usage_fail;
		}
		d.path = argv[i];
	}
	if (!d.path) {
		cli_usage_error("stats: no FILE given");
		goto usage_fail;
	}
	if (r.stratified && !d.label) {
		cli_usage_error("stats: --stratify needs --label");
		goto usage_fail;
	}
	if (sample == 0) {
		cli_usage_error("stats: --sample must be at least 1");
		goto usage_fail;
	}
	t0 = time_mono();
	r.t = cli_load(&d, &e);
	t1 = time_mono();
	if (!r.t) {
		rc = cli_fail(&e);
		goto out;
	}
	if (d.label) {
		if ((lc = cli_label_col(r.t, d.label)) < 0) {
			rc = ERR_USAGE;
			goto out;
		}
		if (labels_init(&r.L, r.t, lc, LABELS_BY_COUNT, &e) < 0) {
			rc = cli_fail(&e);
			goto out;
		}
		r.have_label = 1;
	}
	r.seed = (uint64_t)seed;
	rowset_init(&r.rs);
	if (sample > 0 && (uint64_t)sample < r.t->nrows) {
		if (r.stratified)
			sample_stratified(NULL, r.t->nrows, &r.L,
			    (uint64_t)sample, r.seed, &r.rs);
		else
			sample_reservoir(NULL, r.t->nrows, (uint64_t)sample,
			    r.seed, &r.rs);
		r.sampled = 1;
		rs = &r.rs;
	}
	t2 = time_mono();
	if (compute(&r, rs, d.threads, &e) < 0) {
		rc = cli_fail(&e);
		goto out;
	}
	t3 = time_mono();
	if (json)
		print_json(stdout, &r, d.path);
	else
		print_text(stdout, &r, d.path);
	if (timing)
		fprintf(stderr, "winnow: timing: load %.3f s, labels and "
		    "sample %.3f s, statistics %.3f s, output %.3f s\n",
		    t1 - t0, t2 - t1, t3 - t2, time_mono() - t3);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		err_sys(&e, ERR_IO, errno, "standard output");
		rc = cli_fail(&e);
	}
out:
	if (r.h)
		for (c = 0; c < r.t->ncols; c++)
			hist_release(&r.h[c]);
	free(r.h);
	labelhealth_release(&r.lh);
	assoc_free(r.as);
	stats_free(r.st);
	rowset_release(&r.rs);
	if (r.have_label)
		labels_release(&r.L);
	table_free(r.t);
	cli_data_release(&d);
	return rc;
usage_fail:
	fputs("usage: winnow stats FILE [options]   (winnow stats --help "
	    "lists them)\n", stderr);
	cli_data_release(&d);
	return ERR_USAGE;
}
