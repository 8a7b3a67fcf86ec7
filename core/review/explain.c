/*
 * explain.c - the reasons behind a flag, from the data.
 *
 * A value is evidence against the given label when rows given that
 * label rarely hold it and rows given the suggestion often do; that is
 * what a reviewer can see for themselves, so it is what is reported:
 * numbers by their distance from each class's mean in that class's
 * standard deviations, categories and words by the ratio of their
 * smoothed shares in the two classes.  The row under review never
 * counts towards its own classes.
 */
#include "core/review/explain.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/features.h"
#include "core/util/xalloc.h"

/* Words of the row told apart (a uint64_t mask per distinct text). */
#define MAXWORDS 64

static int
is_feature(const struct table *t, const struct labels *L, const int *cols,
    size_t ncols, size_t c)
{
	size_t j;

	if (cols) {
		for (j = 0; j < ncols; j++)
			if ((size_t)cols[j] == c)
				return 1;
		return 0;
	}
	return features_default_col(t, L->col, c) &&
	    t->col[c].type != COLTYPE_EMPTY;
}

/* Keep item it among the EXPLAIN_ITEMS best by score. */
static void
offer(struct explain *x, const struct explain_item *it)
{
	uint32_t u;

	if (x->nitem == EXPLAIN_ITEMS && !(it->score >
	    x->item[EXPLAIN_ITEMS - 1].score))
		return;
	u = x->nitem < EXPLAIN_ITEMS ? x->nitem++ : EXPLAIN_ITEMS - 1;
	while (u > 0 && it->score > x->item[u - 1].score) {
		x->item[u] = x->item[u - 1];
		u--;
	}
	x->item[u] = *it;
}

static void
set_text(struct explain_item *it, const char *s, size_t n)
{
	if (n >= sizeof it->text)
		n = sizeof it->text - 1;
	memcpy(it->text, s, n);
	it->text[n] = '\0';
}

/* *it as a new item of kind what about column c, its text the row's
 * cell there. */
static void
cell_item(struct explain_item *it, enum explain_what what,
    const struct explain *x, const struct table *t, size_t c)
{
	const char *txt;
	size_t len;

	memset(it, 0, sizeof *it);
	it->what = what;
	it->col = (int)c;
	txt = table_cell(t, c, x->row, &len);
	set_text(it, txt, len);
}

/* A numeric column: how far the row's value is from each class. */
static void
numeric(struct explain *x, const struct table *t, const uint32_t *y,
    size_t c)
{
	struct explain_item it;
	double s[2] = { 0, 0 }, ss[2] = { 0, 0 }, n[2] = { 0, 0 }, v, m, sd;
	double z[2];
	uint32_t cls[2] = { x->given, x->suggested };
	uint64_t i;
	int j;

	v = table_num(t, c, x->row);
	for (i = 0; i < t->nrows; i++) {
		if (i == x->row || table_missing(t, c, i))
			continue;
		for (j = 0; j < 2; j++)
			if (y[i] == cls[j]) {
				double w = table_num(t, c, i);

				s[j] += w;
				ss[j] += w * w;
				n[j]++;
			}
	}
	for (j = 0; j < 2; j++) {
		if (n[j] < 2)
			return;
		m = s[j] / n[j];
		sd = sqrt(fmax(ss[j] / n[j] - m * m, 0));
		if (!(sd > 0))
			sd = 1e-9 + fabs(m) * 1e-6;
		z[j] = (v - m) / sd;
	}
	if (!(fabs(z[0]) > 1.5 && fabs(z[0]) > fabs(z[1])))
		return;
	cell_item(&it, EXPLAIN_NUMBER, x, t, c);
	it.z_given = z[0];
	it.z_sugg = z[1];
	it.score = fabs(z[0]) - fabs(z[1]);
	offer(x, &it);
}

/* Smoothed ratio of a value's share among the suggestion's rows to its
 * share among the given label's. */
static double
share_ratio(double in_s, double n_s, double in_g, double n_g)
{
	return ((in_s + 0.5) / (n_s + 1)) / ((in_g + 0.5) / (n_g + 1));
}

/* A categorical column: is the row's value commoner in the suggestion? */
static void
category(struct explain *x, const struct table *t, const uint32_t *y,
    size_t c)
{
	struct explain_item it;
	const struct column *col = &t->col[c];
	uint32_t v = col->code[x->row];
	double in[2] = { 0, 0 }, n[2] = { 0, 0 }, r;
	uint64_t i;

	for (i = 0; i < t->nrows; i++) {
		if (i == x->row)
			continue;
		if (y[i] == x->given) {
			n[0]++;
			in[0] += col->code[i] == v;
		} else if (y[i] == x->suggested) {
			n[1]++;
			in[1] += col->code[i] == v;
		}
	}
	r = share_ratio(in[1], n[1], in[0], n[0]);
	if (!(r >= 2))
		return;
	cell_item(&it, EXPLAIN_CATEGORY, x, t, c);
	it.ratio = r;
	it.score = log(r);
	offer(x, &it);
}

struct words {
	char *w[MAXWORDS];
	size_t len[MAXWORDS];
	uint32_t n;
	uint64_t mask;		/* of the text being read */
};

/* Which of W's words tok is, or W->n. */
static uint32_t
word_at(const struct words *W, const char *tok, size_t len)
{
	uint32_t u;

	for (u = 0; u < W->n; u++)
		if (W->len[u] == len && memcmp(W->w[u], tok, len) == 0)
			break;
	return u;
}

static void
row_word(void *ctx, const char *tok, size_t len)
{
	struct words *W = ctx;

	if (word_at(W, tok, len) < W->n || W->n == MAXWORDS || len < 2)
		return;
	W->w[W->n] = xstrndup(tok, len);
	W->len[W->n++] = len;
}

static void
seen_word(void *ctx, const char *tok, size_t len)
{
	struct words *W = ctx;
	uint32_t u = word_at(W, tok, len);

	if (u < W->n)
		W->mask |= (uint64_t)1 << u;
}

/* A text column: the row's words that rows given the suggestion use
 * more than rows given its label. */
static void
text(struct explain *x, const struct table *t, const uint32_t *y, size_t c)
{
	struct explain_item it;
	const struct column *col = &t->col[c];
	struct words W;
	uint64_t *mask, i;
	double in[2][MAXWORDS], n[2] = { 0, 0 }, r;
	uint32_t v, u;
	const char *s;
	size_t len;

	memset(&W, 0, sizeof W);
	s = table_cell(t, c, x->row, &len);
	features_tokens(s, len, row_word, &W);
	if (W.n == 0)
		return;
	/* each distinct text read once: which of the row's words it has */
	mask = xcalloc((size_t)col->dict.n + 1, sizeof *mask);
	for (v = 0; v < col->dict.n; v++) {
		W.mask = 0;
		s = dict_str(&col->dict, v, &len);
		features_tokens(s, len, seen_word, &W);
		mask[v] = W.mask;
	}
	memset(in, 0, sizeof in);
	for (i = 0; i < t->nrows; i++) {
		int j = y[i] == x->given ? 0 : y[i] == x->suggested ? 1 : -1;

		if (i == x->row || j < 0)
			continue;
		n[j]++;
		for (u = 0; u < W.n; u++)
			in[j][u] += (mask[col->code[i]] >> u) & 1;
	}
	for (u = 0; u < W.n; u++) {
		r = share_ratio(in[1][u], n[1], in[0][u], n[0]);
		if (r >= 2) {
			memset(&it, 0, sizeof it);
			it.what = EXPLAIN_WORD;
			it.col = (int)c;
			set_text(&it, W.w[u], W.len[u]);
			it.ratio = r;
			it.score = log(r);
			offer(x, &it);
		}
		free(W.w[u]);
	}
	free(mask);
}

/* The checkers' votes grouped by kind, in the order kinds first vote. */
static void
votes(struct explain *x, const struct pico_result *r)
{
	uint32_t m, u, top;
	const char *kind;

	for (m = 0; r->votes && m < r->checkers; m++) {
		kind = r->kind && r->kind[m] ? r->kind[m] : "checker";
		for (u = 0; u < x->nvote; u++)
			if (strcmp(x->vote[u].kind, kind) == 0)
				break;
		if (u == x->nvote) {
			if (x->nvote == EXPLAIN_KINDS)
				continue;
			x->vote[x->nvote++].kind = kind;
		}
		top = r->votes[(size_t)m * r->n + x->row];
		x->vote[u].checkers++;
		x->vote[u].for_sugg += top == x->suggested;
		x->vote[u].for_given += top == x->given;
	}
}

int
explain_row(const struct table *t, const struct labels *L,
    const struct pico_result *r, const int *cols, size_t ncols,
    uint32_t row, struct explain *x)
{
	size_t c;
	uint32_t g;

	memset(x, 0, sizeof *x);
	if (!r || row >= r->n || row >= t->nrows)
		return -1;
	g = L->y[row];
	if (g == LABELS_NONE || g >= r->k)
		return -1;
	x->row = row;
	x->given = g;
	x->suggested = r->suggested[row];
	x->q = r->quality[row];
	x->p_sugg = r->p_suggested[row];
	x->flagged = r->flagged[row];
	x->doubtful = r->doubtful && r->doubtful[row];
	votes(x, r);
	for (c = 0; c < t->ncols; c++) {
		const struct column *col = &t->col[c];

		if (!is_feature(t, L, cols, ncols, c))
			continue;
		x->nfeat++;
		if (table_missing(t, c, row)) {
			x->nmissing++;
			continue;
		}
		if (x->suggested == g)
			continue;
		if (col->type == COLTYPE_TEXT)
			text(x, t, L->y, c);
		else if (col->vnum && col->type != COLTYPE_BOOL)
			numeric(x, t, L->y, c);
		else
			category(x, t, L->y, c);
	}
	x->mostly_missing = x->nfeat > 0 && 2 * x->nmissing >= x->nfeat;
	return 0;
}

/* Append to a line, cut at EXPLAIN_LINE. */
static void
add(char *line, const char *fmt, ...)
{
	size_t n = strlen(line);
	va_list ap;

	if (n + 1 >= EXPLAIN_LINE)
		return;
	va_start(ap, fmt);
	vsnprintf(line + n, EXPLAIN_LINE - n, fmt, ap);
	va_end(ap);
}

int
explain_lines(const struct explain *x, const struct table *t,
    const struct labels *L, char line[][EXPLAIN_LINE], int max)
{
	const char *sg = L->name[x->suggested], *gv = L->name[x->given];
	int nl = 0;
	uint32_t u;

	if (max <= 0)
		return 0;
	line[nl][0] = '\0';
	for (u = 0; u < x->nvote; u++) {
		const struct explain_vote *v = &x->vote[u];

		add(line[nl], "%s%u of %u %s checker%s put %s first",
		    u ? "; " : "", v->for_sugg, v->checkers, v->kind,
		    v->checkers == 1 ? "" : "s", sg);
		if (v->for_given)
			add(line[nl], ", %u %s", v->for_given, gv);
	}
	if (x->nvote == 0)
		add(line[nl], "no checker votes recorded");
	nl++;
	if (nl < max && x->nitem > 0) {
		line[nl][0] = '\0';
		for (u = 0; u < x->nitem; u++) {
			const struct explain_item *it = &x->item[u];
			const char *cn = t->col[it->col].name;

			if (u)
				add(line[nl], "; ");
			if (it->what == EXPLAIN_NUMBER)
				add(line[nl], "%s %s is %.1f sd from %s's "
				    "mean (%.1f from %s's)", cn, it->text,
				    fabs(it->z_given), gv, fabs(it->z_sugg),
				    sg);
			else if (it->what == EXPLAIN_CATEGORY)
				add(line[nl], "%s '%s' %.0fx as common in %s",
				    cn, it->text, it->ratio, sg);
			else
				add(line[nl], "'%s' %.0fx as common in %s",
				    it->text, it->ratio, sg);
		}
		nl++;
	}
	if (nl < max && x->mostly_missing) {
		line[nl][0] = '\0';
		add(line[nl], "mostly missing: %u of %u columns empty; the "
		    "checkers had little to go on", x->nmissing, x->nfeat);
		nl++;
	}
	return nl;
}
