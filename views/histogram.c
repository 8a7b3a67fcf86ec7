/*
 * histogram.c - one column in detail: a bar per bin with its count and
 * share, numbers binned and strings as their most frequent values.
 *
 * b cycles a per-label breakdown: none, stacked (each bar split by class)
 * and side by side (a line per class under each bin); classes differ by
 * colour and, so that monochrome terminals and text dumps keep them
 * apart, by fill character.  L toggles a log scale (log10 bins for
 * numbers, log bar lengths for the rest).  c cycles a comparison: two
 * classes (their shares of each bin), or the sample against all the
 * filtered rows.  Every count opens its rows with Enter; left and right
 * step to the neighbouring column.
 *
 * The model is built by a job: the histogram of the rows shown with the
 * per-class counts (or, comparing with all rows, the histogram of all
 * the filtered rows and the sample's counts in its bins).
 */
#include "views/view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats/hist.h"
#include "core/util/xalloc.h"
#include "views/lib/fmt.h"
#include "views/lib/listview.h"

#define HV_LABELW_MAX 28
#define HV_TOP 40		/* string values shown before "other" */

enum hv_break { HV_NONE, HV_STACKED, HV_SIDE, HV_NBREAK };
enum hv_cmp { CMP_NONE, CMP_CLASSES, CMP_ALL, CMP_N };

/* Fill characters per class, for monochrome and text dumps. */
static const char fills[] = "#=+*%@o:";

struct hv_in {
	const struct table *t;
	const struct rowset *rows;	/* the histogram's set */
	const struct rowset *other;	/* CMP_ALL: counted into its bins */
	const struct labels *L;
	int col, log;
	uint64_t gen;
};

struct hv_model {
	struct hist h;
	int col, log, all;		/* what it was built for */
	uint64_t gen;			/* env->gen it was built for */
	const struct rowset *set;	/* the rows the bins count */
	uint64_t *other;		/* CMP_ALL: sample rows per bin */
	uint64_t other_total;
};

/* The list's lines: see nlines(). */
struct hv {
	struct listview lv;
	struct hv_model *m;		/* lv.model, typed */
	int col, log, all;		/* what the model should be */
	enum hv_break brk;
	enum hv_cmp cmp;
	uint32_t ca, cb;		/* classes compared */
	int nolabel;			/* the model has rows without a label */
};

enum { ASK_CLASSES = 1 };

static void
model_free(void *p)
{
	struct hv_model *m = p;

	hist_release(&m->h);
	free(m->other);
	free(m);
}

static void *
model_run(void *arg, const struct progress *p, struct err *e)
{
	struct hv_in *in = arg;
	struct hv_model *m;
	struct hist_opts o;
	uint64_t i;
	uint32_t b;

	if (listview_begin(p, "histogram", e) < 0)
		return NULL;
	m = xcalloc(1, sizeof *m);
	hist_opts_init(&o);
	o.log = in->log;
	o.top = HV_TOP;
	o.labels = in->L;
	hist_build(&m->h, in->t, (size_t)in->col, in->rows, &o);
	m->col = in->col;
	m->log = in->log;
	m->gen = in->gen;
	m->set = in->rows;
	if (in->other) {
		const struct column *c = &in->t->col[in->col];

		m->all = 1;
		m->other = xcalloc(m->h.nbins + 1, sizeof *m->other);
		for (i = 0; i < in->other->n; i++) {
			b = hist_bin_of_id(&m->h, c->code[in->other->row[i]]);
			if (b != HIST_NOBIN) {
				m->other[b]++;
				m->other_total++;
			}
		}
	}
	progress_step(p, "histogram", 1, 1);
	return m;
}

/* A job's input when the model is not for env, the column, the scale or
 * the comparison. */
static void *
hv_input(void *st, const struct view_env *env)
{
	struct hv *v = st;
	struct hv_in *in;
	int all;

	if (env->t->ncols == 0)
		return NULL;
	if (env->col >= 0 && (size_t)env->col < env->t->ncols)
		v->col = env->col;
	if (v->col < 0)
		v->col = 0;
	all = v->cmp == CMP_ALL && env->sampled;
	if (v->m && v->lv.gen == env->gen && v->m->col == v->col &&
	    v->m->log == v->log && v->m->all == all)
		return NULL;
	in = xcalloc(1, sizeof *in);
	in->t = env->t;
	in->rows = all ? env->all : env->rows;
	in->other = all ? env->rows : NULL;
	in->L = env->labels;
	in->col = v->col;
	in->log = v->log;
	in->gen = env->gen;
	return in;
}

/* The two biggest classes in the model. */
static void
biggest(const struct hv_model *m, uint32_t *a, uint32_t *b)
{
	uint32_t k, n = m->h.cls ? m->h.ncls - 1 : 0, j;
	uint64_t best = 0, second = 0, tot;

	*a = 0;
	*b = n > 1 ? 1 : 0;
	for (k = 0; k < n; k++) {
		for (tot = 0, j = 0; j < m->h.nbins; j++)
			tot += m->h.cls[j * m->h.ncls + k];
		if (tot > best) {
			second = best;
			*b = *a;
			best = tot;
			*a = k;
		} else if (tot > second) {
			second = tot;
			*b = k;
		}
	}
}

static void
hv_adopted(void *st, const struct view_env *env)
{
	struct hv *v = st;

	(void)env;
	v->m = v->lv.model;
	v->nolabel = 0;
	if (v->m->h.cls) {
		uint32_t b, last = v->m->h.ncls - 1;

		for (b = 0; b < v->m->h.nbins; b++)
			if (v->m->h.cls[b * v->m->h.ncls + last])
				v->nolabel = 1;
	}
	if (v->ca == v->cb)
		biggest(v->m, &v->ca, &v->cb);
}

/* Classes in the breakdown: the label's, and a last one for rows
 * without a label when the set has any. */
static uint32_t
nclasses(const struct hv *v)
{
	return v->m && v->m->h.cls ? v->m->h.ncls - (v->nolabel ? 0 : 1) : 0;
}

/* Lines of the listing: one per bin, or 1 + classes per bin side by
 * side. */
static uint32_t
per_bin(const struct hv *v)
{
	return v->brk == HV_SIDE && nclasses(v) ? 1 + nclasses(v) : 1;
}

static uint32_t
nlines(const struct hv *v)
{
	return v->m ? v->m->h.nbins * per_bin(v) : 0;
}

static void
hv_where(void *st, const struct view_env *env, char *buf, size_t size)
{
	struct hv *v = st;

	(void)env;
	snprintf(buf, size, "bar %u of %u", (uint32_t)v->lv.cur / per_bin(v) +
	    1, v->m->h.nbins);
}

static const struct listview_kind hv_kind = {
	.what = "histogram",
	.doing = "computing the histogram",
	.run = model_run,
	.in_free = free,
	.model_free = model_free,
	.input = hv_input,
	.adopted = hv_adopted,
	.where = hv_where,
};

static void *
hv_open(struct view_env *env, void *data)
{
	struct hv *v = listview_new(sizeof *v, &hv_kind);

	(void)data;
	v->col = env->col;
	return v;
}

static const char *
class_name(const struct view_env *env, uint32_t k)
{
	return env->labels && k < env->labels->k ? env->labels->name[k] :
	    "(no label)";
}

static double
scale(const struct hv *v, const struct view_env *env, double x, double max)
{
	int logbars = v->log && !coltype_numeric(env->t->col[v->col].type);

	if (max <= 0)
		return 0;
	if (logbars)
		return log10(1 + x) / log10(1 + max);
	return x / max;
}

/*
 * What a class's bars are drawn with: solid blocks in its colour, or
 * in monochrome and plain ASCII its fill character (so that classes
 * stay apart).  The legend shows the same.
 */
static const char *
class_fill(const struct canvas *c, uint32_t k, char *one)
{
	if (!c->mono && c->utf8)
		return canvas_glyph(c, GLYPH_FULL);
	one[0] = fills[k % (sizeof fills - 1)];
	one[1] = '\0';
	return one;
}

/* The fill for canvas_hbar of class k's own bar (0: blocks). */
static char
bar_char(const struct canvas *c, uint32_t k)
{
	return c->mono ? fills[k % (sizeof fills - 1)] : 0;
}

/* What canvas_hbar draws with bar_char(c, k), for the legend. */
static const char *
side_fill(const struct canvas *c, uint32_t k, char *one)
{
	char f = bar_char(c, k);

	if (c->utf8 && (!f || f == '#'))
		return canvas_glyph(c, GLYPH_FULL);
	one[0] = f ? f : '#';
	one[1] = '\0';
	return one;
}

/* One bar split by class, each part in its role and fill. */
static void
stacked(const struct hv *v, const struct view_env *env, struct canvas *c,
    int x, int y, int w, uint32_t b, double max)
{
	const struct hist *h = &v->m->h;
	double total = scale(v, env, (double)h->bin[b].count, max) * w;
	double acc = 0, start;
	uint32_t k;
	int from, to, i;
	char one[2] = { 0, 0 };

	if (h->bin[b].count == 0)
		return;
	for (k = 0; k < h->ncls; k++) {
		uint64_t n = h->cls[b * h->ncls + k];

		if (!n)
			continue;
		start = acc;
		acc += total * (double)n / (double)h->bin[b].count;
		from = (int)lround(start);
		to = (int)lround(acc);
		if (to <= from)
			to = from + 1;
		for (i = from; i < to && i < w; i++)
			canvas_put(c, x + i, y, x + w, class_fill(c, k, one),
			    1, (enum canvas_role)(ROLE_BAR + k % CANVAS_NBAR),
			    0);
	}
}

static void
hv_draw(void *st, const struct view_env *env, struct canvas *c, int x,
    int y, int w, int h)
{
	struct hv *v = st;
	const struct table *t = env->t;
	const struct hist *hi;
	uint32_t i, b, k, ln, pb, ncl;
	int labw = 8, barw, yy, xx, sel;
	double max = 0, maxa = 0, maxb = 0;
	uint64_t tota = 0, totb = 0;
	char buf[200], n1[32], n2[32];

	if (!t || listview_waiting(&v->lv, c, x, y, w))
		return;
	hi = &v->m->h;
	ncl = nclasses(v);
	pb = per_bin(v);
	/* title */
	canvas_fill(c, x, y, w, 1, ROLE_HEADER);
	snprintf(buf, sizeof buf, "%s", t->col[v->m->col].name);
	xx = x + 1 + canvas_str(c, x + 1, y, w / 2, buf, ROLE_HEADER,
	    CANVAS_BOLD);
	snprintf(buf, sizeof buf, "  %s, %s rows%s%s%s%s",
	    coltype_name(t->col[v->m->col].type),
	    canvas_fmt_count(hi->total, n1), v->m->all ? " (all filtered)" :
	    "", v->log ? ", log scale" : "",
	    v->brk == HV_STACKED ? ", stacked by label" : v->brk == HV_SIDE ?
	    ", by label" : "", v->cmp == CMP_CLASSES && ncl ?
	    ", each class's share per bar" : "");
	canvas_str(c, xx, y, x + w - xx, buf, ROLE_HEADER, 0);
	/* legend or comparison line */
	yy = y + 1;
	if ((v->brk != HV_NONE && ncl) || v->cmp == CMP_CLASSES) {
		xx = x + 1;
		for (k = 0; k < ncl && xx < x + w - 4; k++) {
			char f[2];

			if (v->cmp == CMP_CLASSES && v->brk == HV_NONE &&
			    k != v->ca && k != v->cb)
				continue;
			/* the legend shows what the stacked bars draw */
			xx += canvas_str(c, xx, yy, 2, v->brk == HV_STACKED ?
			    class_fill(c, k, f) : side_fill(c, k, f),
			    (enum canvas_role)(ROLE_BAR + k % CANVAS_NBAR), 0);
			xx += 1 + canvas_str(c, xx + 1, yy, x + w - xx - 1,
			    class_name(env, k), ROLE_NORMAL, 0);
			xx += 2;
		}
	} else if (v->cmp == CMP_ALL) {
		canvas_str(c, x + 1, yy, w - 2, v->m->all ? "share of the "
		    "sample (first bar) and of all filtered rows (second)" :
		    "not sampled: every row is shown", ROLE_DIM, 0);
	}
	/* widths */
	for (b = 0; b < hi->nbins; b++) {
		int lw;

		fmt_bin(hi, t, b, buf, sizeof buf);
		lw = (int)safetext_width(buf, strlen(buf), c->utf8);
		if (lw > labw)
			labw = lw;
		if (hi->bin[b].count > max)
			max = (double)hi->bin[b].count;
	}
	if (labw > HV_LABELW_MAX)
		labw = HV_LABELW_MAX;
	if (labw > w / 3)
		labw = w / 3;
	barw = w - labw - 20;
	if (v->cmp == CMP_CLASSES && ncl) {
		for (b = 0; b < hi->nbins; b++) {
			tota += hi->cls[b * hi->ncls + v->ca];
			totb += hi->cls[b * hi->ncls + v->cb];
		}
		for (b = 0; b < hi->nbins; b++) {
			double sa = tota ? (double)hi->cls[b * hi->ncls +
			    v->ca] / (double)tota : 0;
			double sb = totb ? (double)hi->cls[b * hi->ncls +
			    v->cb] / (double)totb : 0;

			maxa = sa > maxa ? sa : maxa;
			maxb = sb > maxb ? sb : maxb;
		}
	}
	/* the lines */
	listview_scroll(&v->lv, nlines(v), h - 3);
	for (i = 0; i < (uint32_t)v->lv.page; i++) {
		ln = (uint32_t)v->lv.top + i;
		if (ln >= nlines(v))
			break;
		b = ln / pb;
		k = ln % pb;
		yy = y + 2 + (int)i;
		sel = ln == v->lv.cur;
		if (sel)
			canvas_fill(c, x, yy, w, 1, ROLE_SELECTED);
		if (k == 0) {
			uint64_t n = hi->bin[b].count;

			fmt_bin(hi, t, b, buf, sizeof buf);
			canvas_str_right(c, x + 1, yy, labw, buf, sel ?
			    ROLE_CURSOR : hi->bin[b].kind == HIST_BIN_VALUE ||
			    hi->bin[b].kind == HIST_BIN_RANGE ? ROLE_NORMAL :
			    ROLE_DIM, 0);
			canvas_count(c, x + labw + 2, yy, 9, n, sel ?
			    ROLE_SELECTED : ROLE_NORMAL, CANVAS_BOLD);
			canvas_str_right(c, x + labw + 12, yy, 6, fmt_pct(
			    hi->total ? (double)n / (double)hi->total : 0, n2,
			    sizeof n2), sel ? ROLE_SELECTED : ROLE_DIM, 0);
			xx = x + labw + 20;
			if (v->cmp == CMP_CLASSES && ncl) {
				double sa = tota ? (double)hi->cls[b * hi->ncls +
				    v->ca] / (double)tota : 0;
				double sb = totb ? (double)hi->cls[b * hi->ncls +
				    v->cb] / (double)totb : 0;
				double m2 = maxa > maxb ? maxa : maxb;
				int half = (barw - 2) / 2;

				canvas_hbar(c, xx, yy, half, m2 > 0 ? sa / m2 :
				    0, (enum canvas_role)(ROLE_BAR + v->ca %
				    CANVAS_NBAR), bar_char(c, v->ca));
				canvas_hbar(c, xx + half + 2, yy, half, m2 > 0 ?
				    sb / m2 : 0, (enum canvas_role)(ROLE_BAR +
				    v->cb % CANVAS_NBAR), bar_char(c, v->cb));
			} else if (v->cmp == CMP_ALL && v->m->all) {
				double sa = v->m->other_total ?
				    (double)v->m->other[b] /
				    (double)v->m->other_total : 0;
				double sb = hi->total ? (double)n /
				    (double)hi->total : 0;
				int half = (barw - 2) / 2;
				double m2 = 0;
				uint32_t j;

				for (j = 0; j < hi->nbins; j++) {
					double q = hi->total ?
					    (double)hi->bin[j].count /
					    (double)hi->total : 0;
					double q2 = v->m->other_total ?
					    (double)v->m->other[j] /
					    (double)v->m->other_total : 0;

					m2 = q > m2 ? q : m2;
					m2 = q2 > m2 ? q2 : m2;
				}
				canvas_hbar(c, xx, yy, half, m2 > 0 ? sa / m2 :
				    0, ROLE_BAR2, '=');
				canvas_hbar(c, xx + half + 2, yy, half, m2 > 0 ?
				    sb / m2 : 0, ROLE_BAR, '#');
			} else if (v->brk == HV_STACKED && ncl) {
				stacked(v, env, c, xx, yy, barw, b, max);
			} else {
				canvas_hbar(c, xx, yy, barw, scale(v, env,
				    (double)n, max), ROLE_BAR, 0);
			}
		} else {
			/* side by side: class k - 1 of bin b */
			uint32_t cl = k - 1;
			uint64_t n = hi->cls[b * hi->ncls + cl];

			canvas_str_right(c, x + 1, yy, labw, class_name(env,
			    cl), sel ? ROLE_CURSOR : ROLE_DIM, 0);
			canvas_count(c, x + labw + 2, yy, 9, n, sel ?
			    ROLE_SELECTED : ROLE_NORMAL, 0);
			canvas_str_right(c, x + labw + 12, yy, 6, fmt_pct(
			    hi->bin[b].count ? (double)n /
			    (double)hi->bin[b].count : 0, n2, sizeof n2), sel ?
			    ROLE_SELECTED : ROLE_DIM, 0);
			canvas_hbar(c, x + labw + 20, yy, barw, scale(v, env,
			    (double)n, max), (enum canvas_role)(ROLE_BAR + cl %
			    CANVAS_NBAR), bar_char(c, cl));
		}
	}
}

/* The rows behind the cursor's line: a bin, or a bin and a class. */
static void
drill(struct hv *v, struct view_env *env)
{
	const struct hist *hi = &v->m->h;
	uint32_t pb = per_bin(v), b = (uint32_t)v->lv.cur / pb;
	uint32_t k = (uint32_t)v->lv.cur % pb;
	struct rowset rs;
	char d[160];
	uint64_t i;

	rowset_init(&rs);
	hist_rows(hi, env->t, v->m->set, b, &rs);
	fmt_bin_desc(hi, env->t, b, d, sizeof d);
	if (k > 0 && env->labels) {
		uint32_t cl = k - 1, o = 0;

		for (i = 0; i < rs.n; i++) {
			uint32_t y = env->labels->y[rs.row[i]];

			if (y == cl || (y == LABELS_NONE && cl ==
			    env->labels->k))
				rs.row[o++] = rs.row[i];
		}
		rs.n = o;
		snprintf(env->req.drill_desc, sizeof env->req.drill_desc,
		    "%.140s, label = %.40s", d, class_name(env, cl));
	} else {
		snprintf(env->req.drill_desc, sizeof env->req.drill_desc, "%s",
		    d);
	}
	listview_drill(env, &rs);
}

/* "a,b": two class names. */
static void
answer(struct hv *v, struct view_env *env)
{
	const char *s = env->answer ? env->answer : "";
	const char *comma = strchr(s, ',');
	int a, b;

	if (!*s || !env->labels) {
		if (v->m)
			biggest(v->m, &v->ca, &v->cb);
		return;
	}
	if (!comma) {
		snprintf(env->req.msg, sizeof env->req.msg, "give two classes "
		    "as A,B");
		env->req.msg_level = VIEW_ERROR;
		return;
	}
	a = labels_find(env->labels, s, (size_t)(comma - s));
	b = labels_find(env->labels, comma + 1, strlen(comma + 1));
	if (a < 0 || b < 0) {
		snprintf(env->req.msg, sizeof env->req.msg, "no class %.100s",
		    a < 0 ? s : comma + 1);
		env->req.msg_level = VIEW_ERROR;
		return;
	}
	v->ca = (uint32_t)a;
	v->cb = (uint32_t)b;
}

static unsigned
hv_act(void *st, struct view_env *env, enum action a)
{
	struct hv *v = st;
	uint32_t n = nlines(v);

	if (!env->t)
		return 0;
	/* the model may have changed since the last draw (or nothing was
	 * drawn: the terminal may be too small) */
	listview_clamp(&v->lv, n);
	switch (a) {
	case ACT_LEFT:
	case ACT_RIGHT:
		if (a == ACT_LEFT && v->col > 0)
			v->col--;
		else if (a == ACT_RIGHT && (size_t)v->col + 1 < env->t->ncols)
			v->col++;
		else
			return VIEW_HANDLED;
		env->col = v->col;
		v->lv.cur = v->lv.top = 0;
		return VIEW_HANDLED | VIEW_REDRAW | VIEW_RECOMPUTE;
	case ACT_LOG_SCALE:
		v->log = !v->log;
		return VIEW_HANDLED | VIEW_REDRAW | VIEW_RECOMPUTE;
	case ACT_BREAKDOWN:
		if (!env->labels) {
			snprintf(env->req.msg, sizeof env->req.msg, "no label "
			    "column to break down by (:label COL)");
			return VIEW_HANDLED;
		}
		{
			uint32_t bin = (uint32_t)v->lv.cur / per_bin(v);

			v->brk = (enum hv_break)((v->brk + 1) % HV_NBREAK);
			v->lv.cur = bin * per_bin(v);
		}
		break;
	case ACT_COMPARE:
		v->cmp = (enum hv_cmp)((v->cmp + 1) % CMP_N);
		if (v->cmp == CMP_CLASSES && (!env->labels ||
		    env->labels->k < 2))
			v->cmp = CMP_ALL;
		if (v->cmp == CMP_ALL && !env->sampled)
			v->cmp = CMP_NONE;
		if (v->cmp == CMP_CLASSES && env->labels->k > 2) {
			env->req.ask = ASK_CLASSES;
			snprintf(env->req.ask_title, sizeof env->req.ask_title,
			    "compare classes A,B (Enter: the two largest)");
		}
		return VIEW_HANDLED | VIEW_REDRAW | VIEW_RECOMPUTE;
	case ACT_ANSWER:
		if (env->answer_tag == ASK_CLASSES)
			answer(v, env);
		break;
	case ACT_OPEN:
		if (!v->m || n == 0 || listview_stale(env, v->m->gen !=
		    env->gen, "the histogram is being recomputed"))
			return VIEW_HANDLED;
		drill(v, env);
		return VIEW_HANDLED | VIEW_REDRAW;
	default:
		return listview_move(&v->lv, a, n);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

const struct view view_histogram = {
	.name = "histogram",
	.title = "Histogram",
	.top = 3,
	.help = "The current column's distribution: numbers in bins, strings "
	    "as their most frequent values, then other and missing; each "
	    "bar with its rows and share. Enter on a bar shows its rows. b "
	    "breaks the bars down by label (stacked, then side by side), L "
	    "toggles a log scale, c compares two classes or the sample with "
	    "all rows, left and right go to the neighbouring column.",
	.open = hv_open,
	.close = listview_close,
	.plan = listview_plan,
	.adopt = listview_adopt,
	.draw = hv_draw,
	.act = hv_act,
	.where = listview_where,
};
