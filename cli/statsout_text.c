/*
 * statsout_text.c - the text report of `winnow stats`: a line per
 * column (Facets Overview's table, with a sparkline of the histogram),
 * then the numbers' quantiles, the strings' lengths and top values, and
 * with --label the classes and the label check.
 *
 * The report is as wide as the caller says (80 columns unless standard
 * output is a wider terminal), so that it is the same on every run when
 * redirected.  Everything taken from the data (column names, values, the
 * file name) goes through textout_esc(): control characters, C1
 * controls, invalid UTF-8 and bidirectional-override characters are
 * shown as \xNN or \uNNNN and never reach the terminal; without a UTF-8
 * locale every non-ASCII byte is shown as \xNN and the histograms use
 * ASCII.
 */
#include "cli/statsout.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util/numfmt.h"
#include "core/util/xalloc.h"
#include "cli/textout.h"

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

	char sep[NUMFMT_COUNT];

	snprintf(buf, cap, "%s", numfmt_count(n, sep));
	if ((int)strlen(buf) <= w)
		return;
	for (i = 0; i < 5; i++) {
		v /= 1000;
		if (v >= 999.95 && i < 4)
			continue;	/* 1.0M, not 1000.0k */
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
	double *v, max = 0;
	uint32_t g, ng;
	int k, lv;

	if (w <= 0)
		return;
	v = xcalloc((size_t)w, sizeof *v);
	ng = hist_spark(h, 1, v, (uint32_t)w);
	for (g = 0; g < ng; g++)
		if (v[g] > max)
			max = v[g];
	for (g = 0; g < ng; g++) {
		if (v[g] == 0 || max == 0) {
			textout_puts(b, " ");
			continue;
		}
		lv = (int)ceil(8.0 * v[g] / max);
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
make_layout(struct layout *l, int have_label, int width)
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
	/* "0.97 V": the value and which measure it is */
	l->assoc = have_label ? 6 : 0;
	if (have_label)
		l->name--;
	else
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

/* The mark after an association value: which measure it is. */
static const char *
measure_mark(enum assoc_measure m)
{
	switch (m) {
	case ASSOC_CRAMERS_V: return "V";
	case ASSOC_ETA: return textout_utf8 ? "\xce\xb7" : "e";
	case ASSOC_TEXT_NB: return "T";
	case ASSOC_NONE: break;
	}
	return "";
}

static const char *
cname(const struct statsout *r, int col)
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
print_header(FILE *f, const struct statsout *r)
{
	char *p = textout_esc(r->path, strlen(r->path));
	const struct table *t = r->t;
	char n1[NUMFMT_COUNT], n2[NUMFMT_COUNT];

	fprintf(f, "%s: ", p);
	if (r->sampled && r->head_sample)
		fprintf(f, "first ~%s %s of a compressed file (it cannot "
		    "be sampled at random)", numfmt_count(r->sample_rows, n1),
		    numfmt_noun(r->sample_rows, "row", "rows"));
	else if (r->sampled && r->range_sample)
		fprintf(f, "sample of ~%s %s from byte ranges, seed %llu",
		    numfmt_count(r->sample_rows, n1),
		    numfmt_noun(r->sample_rows, "row", "rows"),
		    (unsigned long long)r->seed);
	else if (r->sum->streamed)
		fprintf(f, "full data, streamed: %s %s",
		    numfmt_count(t->nrows, n1),
		    numfmt_noun(t->nrows, "row", "rows"));
	else if (r->sampled)
		fprintf(f, "%ssample %s of %s %s (seed %llu)",
		    r->stratified ? "stratified " : "",
		    numfmt_count(r->sample_rows, n1),
		    numfmt_count(t->nrows, n2),
		    numfmt_noun(t->nrows, "row", "rows"),
		    (unsigned long long)r->seed);
	else
		fprintf(f, "full data: %s %s", numfmt_count(t->nrows, n1),
		    numfmt_noun(t->nrows, "row", "rows"));
	fprintf(f, ", %s %s\n", numfmt_count(t->ncols, n1),
	    numfmt_noun(t->ncols, "column", "columns"));
	free(p);
}

static void
print_overview(FILE *f, const struct statsout *r, int width)
{
	struct layout l;
	struct textout b = { NULL, 0, 0 };
	char num[64], num2[64], pair[160];
	size_t c;

	make_layout(&l, r->L != NULL, width);
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
		const struct stats_col *s = &r->sum->col[c].st;
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
		{
			const struct summary_approx *ax = &r->sum->col[c].ax;

			fmt_count(num + 1, sizeof num - 1, s->distinct,
			    l.dist - (ax->distinct > 0));
			num[0] = '~';
			textout_put_fit(f, ax->distinct > 0 ? num : num + 1,
			    l.dist, 1);
		}
		fputc(' ', f);
		b.n = 0;
		if (s->numeric && s->nnum > 0 && s->type == COLTYPE_DATE) {
			fmt_date(num, sizeof num, s->q[3], 0);
			textout_puts(&b, "median ");
			textout_puts(&b, num);
		} else if (s->numeric && s->nnum > 0) {
			int half = (l.center - 1) / 2;

			fmt_num(num, sizeof num, s->mean, half);
			if (r->sum->col[c].ax.rank > 0) {
				num2[0] = '~';
				fmt_num(num2 + 1, sizeof num2 - 1, s->q[3],
				    half - 1);
			} else {
				fmt_num(num2, sizeof num2, s->q[3], half);
			}
			snprintf(pair, sizeof pair, "%*s %*s", half, num,
			    half, num2);
			textout_puts(&b, pair);
		} else if (s->ntop > 0) {
			/* the value, cut to leave room for its share */
			struct textout v = { NULL, 0, 0 };

			if (r->sum->col[c].ax.top) {
				num[0] = '~';
				fmt_pct(num + 1, sizeof num - 1,
				    s->top[0].count, s->count);
			} else {
				fmt_pct(num, sizeof num, s->top[0].count,
				    s->count);
			}
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
		spark(&b, &r->sum->col[c].h, l.hist);
		textout_put_fit(f, b.s ? b.s : "", l.hist, 0);
		if (l.assoc) {
			const struct assoc_col *a = &r->sum->col[c].as;

			fputc(' ', f);
			if (r->L && (int)c == r->L->col)
				snprintf(num, sizeof num, "label");
			else if ((int)c == r->t->id_col)
				snprintf(num, sizeof num, "id");
			else if (a->measure == ASSOC_NONE || isnan(a->value))
				snprintf(num, sizeof num, "-");
			else
				snprintf(num, sizeof num, "%.2f %s", a->value,
				    measure_mark(a->measure));
			textout_put_fit(f, num, l.assoc, 1);
		}
		fputc('\n', f);
	}
	free(b.s);
}

static void
print_numeric(FILE *f, const struct statsout *r, int width)
{
	static const char *const head[] = { "min", "p25", "median", "p75",
	    "max", "sd" };
	int nw = 12 + (width > 80 ? (width - 80 < 18 ? width - 80 : 18) : 0);
	struct textout b = { NULL, 0, 0 };
	char num[64];
	size_t c;
	int i, any = 0;

	for (c = 0; c < r->t->ncols; c++) {
		const struct stats_col *s = &r->sum->col[c].st;
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
			} else if ((i >= 1 && i <= 3) &&
			    r->sum->col[c].ax.rank > 0) {
				num[0] = '~';
				fmt_val(num + 1, sizeof num - 1, s, v[i], 9);
			} else {
				fmt_val(num, sizeof num, s, v[i], 10);
			}
			textout_put_fit(f, num, 10, 1);
		}
		fputc('\n', f);
	}
	free(b.s);
}

/*
 * One line of a section's table (the strings, the missing cells): name
 * (data: escaped here) in nw columns, mid right-aligned in mw, then text
 * (escaped already) in the rest of the width.
 */
static void
section_line(FILE *f, const char *name, int nw, const char *mid, int mw,
    const char *text, int width)
{
	struct textout b = { NULL, 0, 0 };

	textout_esc_to(&b, name, strlen(name));
	textout_put_fit(f, b.s, nw, 0);
	fputc(' ', f);
	textout_put_fit(f, mid, mw, 1);
	fputc(' ', f);
	textout_put_fit(f, text ? text : "", width - nw - mw - 3, 0);
	fputc('\n', f);
	free(b.s);
}

/* The width of a section's name column. */
static int
section_namew(int width)
{
	return 12 + (width > 80 ? (width - 80 < 18 ? width - 80 : 18) : 0);
}

static void
print_strings(FILE *f, const struct statsout *r, int width)
{
	int nw = section_namew(width);
	struct textout b = { NULL, 0, 0 };
	char num[96];
	size_t c;
	uint32_t i;
	int any = 0;

	for (c = 0; c < r->t->ncols; c++) {
		const struct stats_col *s = &r->sum->col[c].st;

		if (!s->strings || s->ntop == 0)
			continue;
		if (!any++) {
			fputc('\n', f);
			section_line(f, "strings", nw, "len min/avg/max", 16,
			    "top values", width);
		}
		snprintf(num, sizeof num, "%llu/%.1f/%llu",
		    (unsigned long long)s->len_min, s->len_avg,
		    (unsigned long long)s->len_max);
		b.n = 0;
		for (i = 0; i < s->ntop && i < 5; i++) {
			char cnt[NUMFMT_COUNT + 2];

			if (i)
				textout_puts(&b, ", ");
			value_to(&b, r->t, (int)c, s->top[i].id);
			snprintf(cnt, sizeof cnt, " %s",
			    r->sum->col[c].ax.top ? "~" : "");
			numfmt_count(s->top[i].count, cnt + strlen(cnt));
			textout_puts(&b, cnt);
		}
		section_line(f, cname(r, (int)c), nw, num, 16, b.s, width);
	}
	free(b.s);
}

/* The columns with missing cells, and which markers made them so. */
static void
print_missing(FILE *f, const struct statsout *r, int width)
{
	int nw = section_namew(width);
	struct textout b = { NULL, 0, 0 };
	char num[NUMFMT_COUNT], marks[512];
	size_t c;
	int any = 0;

	for (c = 0; c < r->t->ncols; c++) {
		const struct stats_col *s = &r->sum->col[c].st;

		if (s->missing == 0)
			continue;
		if (!any++) {
			fputc('\n', f);
			section_line(f, "missing", nw, "cells", 10,
			    "by marker", width);
		}
		stats_marks_text(&r->t->col[c], s, marks, sizeof marks);
		b.n = 0;
		textout_esc_to(&b, marks, strlen(marks));
		section_line(f, cname(r, (int)c), nw, numfmt_count(s->missing,
		    num), 10, b.s, width);
	}
	free(b.s);
}

/* Print prefix and text, wrapped at spaces to the output width, with
 * continuation lines indented under the text. */
static void
put_wrapped(FILE *f, int width, const char *prefix, const char *text)
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

/* "12 rows", "1 row". */
static void
rows_to(struct textout *b, uint64_t rows)
{
	char n1[NUMFMT_COUNT];

	textout_puts(b, numfmt_count(rows, n1));
	textout_puts(b, numfmt_noun(rows, " row", " rows"));
}

static void
class_to(struct textout *b, const struct labels *L, uint32_t c)
{
	textout_puts(b, "'");
	textout_esc_to(b, L->name[c], strlen(L->name[c]));
	textout_puts(b, "'");
}

/* " 'a' 12, 'b' 3": a finding's classes and their rows. */
static void
classes_to(struct textout *b, const struct labels *L,
    const struct labelhealth_finding *x)
{
	char num[NUMFMT_COUNT + 1];
	uint32_t i;

	for (i = 0; i < x->ncls; i++) {
		textout_puts(b, i ? ", " : " ");
		class_to(b, L, x->cls[i]);
		num[0] = ' ';
		numfmt_count(x->cls_rows[i], num + 1);
		textout_puts(b, num);
	}
}

static void
print_labels(FILE *f, const struct statsout *r, int width)
{
	const struct labelhealth *h = &r->sum->health;
	const struct labels *L = r->L;
	struct textout b = { NULL, 0, 0 };
	char num[64], n1[NUMFMT_COUNT], n2[NUMFMT_COUNT];
	uint32_t c;
	size_t k;
	int warned = 0;

	fputc('\n', f);
	b.n = 0;
	textout_puts(&b, "label column '");
	textout_esc_to(&b, cname(r, L->col), strlen(cname(r, L->col)));
	textout_puts(&b, "'");
	fprintf(f, "%s: %s %s, %s labelled %s", b.s,
	    numfmt_count(h->present, n1), numfmt_noun(h->present, "class",
	    "classes"), numfmt_count(h->labelled, n2),
	    numfmt_noun(h->labelled, "row", "rows"));
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
		fprintf(f, " %8s %6s\n", numfmt_count(h->class_rows[c], n1),
		    num);
	}
	fputc('\n', f);
	fprintf(f, "label health:\n");
	for (k = 0; k < h->nfind; k++) {
		const struct labelhealth_finding *x = &h->find[k];

		b.n = 0;
		switch (x->kind) {
		case LABELHEALTH_MISSING:
			rows_to(&b, x->rows);
			textout_puts(&b, " without a label");
			break;
		case LABELHEALTH_VARIANT:
			textout_puts(&b, "labels differing only in case or "
			    "spaces:");
			classes_to(&b, L, x);
			break;
		case LABELHEALTH_TINY:
			textout_puts(&b, "class ");
			class_to(&b, L, x->cls[0]);
			textout_puts(&b, " has only ");
			rows_to(&b, x->rows);
			break;
		case LABELHEALTH_CONFLICT:
			snprintf(num, sizeof num, "%s identical rows with "
			    "different labels:", numfmt_count(x->rows, n1));
			textout_puts(&b, num);
			classes_to(&b, L, x);
			break;
		}
		examples_to(&b, r->t, x->ex, x->nex);
		put_wrapped(f, width, "  warning: ", b.s);
		warned = 1;
	}
	if (h->conflict_groups > 0) {
		char line[256];
		int m;

		m = snprintf(line, sizeof line, "%s %s of identical rows (%s "
		    "rows) %s different labels",
		    numfmt_count(h->conflict_groups, n1),
		    numfmt_noun(h->conflict_groups, "group", "groups"),
		    numfmt_count(h->conflict_rows, n2),
		    numfmt_noun(h->conflict_groups, "carries", "carry"));
		if (h->ncompared < r->t->ncols && m > 0 &&
		    (size_t)m < sizeof line)
			snprintf(line + m, sizeof line - (size_t)m,
			    " (compared %zu of %zu columns)", h->ncompared,
			    r->t->ncols);
		put_wrapped(f, width, "  warning: ", line);
	}
	if (r->sum->streamed)
		fprintf(f, "  %sduplicate rows not checked (the file was "
		    "read in chunks)\n", warned ? "" : "no problems found; ");
	else if (!warned)
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

/* What the association's marks mean, and a text measure's sample. */
static void
print_assoc_legend(FILE *f, const struct statsout *r, int width)
{
	char line[512], n1[NUMFMT_COUNT], n2[NUMFMT_COUNT];
	uint64_t n = 0, of = 0;
	size_t c;

	for (c = 0; c < r->t->ncols; c++) {
		const struct assoc_col *a = &r->sum->col[c].as;

		if (a->measure == ASSOC_TEXT_NB && a->n < a->labelled &&
		    a->labelled > of) {
			n = a->n;
			of = a->labelled;
		}
	}
	snprintf(line, sizeof line, "V %s V (bias-corrected), %s eta, "
	    "T text: naive Bayes accuracy on its words over the majority "
	    "guess, leave-one-out%s%s%s%s%s",
	    textout_utf8 ? "Cram\xc3\xa9r's" : "Cramer's",
	    measure_mark(ASSOC_ETA), of ? " (an even sample of " : "",
	    of ? numfmt_count(n, n1) : "", of ? " of " : "",
	    of ? numfmt_count(of, n2) : "", of ? " rows)" : "");
	put_wrapped(f, width, "assoc: ", line);
}

/* What the ~ marks of a streamed summary mean, with their bounds. */
static void
print_approx(FILE *f, const struct statsout *r, int width)
{
	double dist = 0, rank = 0;
	uint64_t top = 0, herr = 0;
	int edges = 0, vs = 0, ts = 0, any = 0;
	size_t c;
	char line[512], n1[NUMFMT_COUNT];

	for (c = 0; c < r->t->ncols; c++) {
		const struct summary_approx *ax = &r->sum->col[c].ax;

		if (ax->distinct > dist)
			dist = ax->distinct;
		if (ax->rank > rank)
			rank = ax->rank;
		if (ax->top && ax->top_err > top)
			top = ax->top_err;
		if (ax->hist_err > herr)
			herr = ax->hist_err;
		edges |= ax->hist_edges;
		vs |= ax->assoc_sample && r->sum->col[c].as.measure ==
		    ASSOC_CRAMERS_V;
		ts |= ax->assoc_text_sample;
	}
	if (dist > 0) {
		snprintf(line, sizeof line, "distinct counts within "
		    "%.1f%% (HyperLogLog, 99.7%%)", 100 * dist);
		put_wrapped(f, width, any++ ? "  " : "~ estimates: ", line);
	}
	if (rank > 0) {
		snprintf(line, sizeof line, "medians and quantiles within "
		    "%.2f%% of the rows in rank (KLL, 99%%)", 100 * rank);
		put_wrapped(f, width, any++ ? "  " : "~ estimates: ", line);
	}
	if (top > 0) {
		snprintf(line, sizeof line, "top counts are upper bounds, "
		    "at most %s too high (SpaceSaving)", numfmt_count(top, n1));
		put_wrapped(f, width, any++ ? "  " : "~ estimates: ", line);
	}
	if (herr > 0) {
		snprintf(line, sizeof line, "some histogram bars within "
		    "%s %s", numfmt_count(herr, n1), numfmt_noun(herr, "row",
		    "rows"));
		put_wrapped(f, width, any++ ? "  " : "~ estimates: ", line);
	}
	if (edges)
		put_wrapped(f, width, "", "histograms of numbers: bins from "
		    "a sample, the end bins stretched to the min and max "
		    "(counts exact)");
	if (vs)
		put_wrapped(f, width, "", "Cramer's V over the sample's 30 "
		    "most frequent values of each column");
	if (ts)
		put_wrapped(f, width, "", "text association (T) measured on "
		    "the sample's rows");
}

void
statsout_text(FILE *out, const struct statsout *r, int width)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&text, &n);

	if (!f) {
		f = out;	/* no memory stream: print as it comes */
	}
	print_header(f, r);
	print_overview(f, r, width);
	fprintf(f, "count: cells not missing; miss: missing share; strings "
	    "show their top value\n");
	if (r->L)
		print_assoc_legend(f, r, width);
	if (r->sum->streamed)
		print_approx(f, r, width);
	print_numeric(f, r, width);
	print_strings(f, r, width);
	print_missing(f, r, width);
	if (r->L && r->sum->have_health)
		print_labels(f, r, width);
	if (f != out) {
		fclose(f);
		put_trimmed(out, text, n);
		free(text);
	}
}