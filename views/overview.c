/*
 * overview.c - every column on one line: what Facets Overview shows,
 * in a terminal.
 *
 * Per column: name, type, share missing (marked above 2%), distinct
 * values, share of zeros (marked above 10%), the mean and median of a
 * numeric column or the top value of a string one, a sparkline of its
 * histogram, its association with the label (bias-corrected Cramer's V
 * for categories, eta for numbers; marked from 0.5 up) and its
 * non-uniformity.  s cycles the sort key (association and
 * non-uniformity bring the most telling columns to the top), S reverses
 * it, Enter opens the column's histogram.  After a PICO run, f compares
 * the flagged rows with the rest instead of the label: the association
 * column then measures each column against a flagged/unflagged
 * indicator, sorted, so what the noisy rows have in common shows first.
 *
 * The model is the summary `winnow stats` prints (core/stats/summary.h:
 * statistics, histograms, association), built by a job over the rows
 * shown, and the association with flagged-or-not when f asks for it;
 * sorting happens here, over one entry per column.
 */
#include "views/view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/pico.h"
#include "core/stats/summary.h"
#include "core/util/xalloc.h"
#include "views/lib/fmt.h"
#include "views/lib/listview.h"
#include "views/lib/reviewloop.h"

#define OV_SPARK 24		/* a sparkline's values before it is fitted
				 * to its cells */
#define OV_MISS_WARN 0.02
#define OV_ZERO_WARN 0.10
#define OV_ASSOC_WARN 0.5

enum ov_sort {
	OV_FILE, OV_MISSING, OV_DISTINCT, OV_ZEROS, OV_ASSOC, OV_NONUNIF,
	OV_NAME, OV_NSORT
};

static const char *const sort_name[OV_NSORT] = {
	"file order", "missing", "distinct", "zeros", "association",
	"non-uniformity", "name"
};

struct ov_model {
	struct summary sum;		/* against the labels, if any */
	struct assoc_col *af;		/* [ncols] against flagged or not,
					 * NULL unless asked */
	uint64_t pgen;			/* the result af is for */
};

struct ov_in {
	const struct table *t;
	const struct rowset *rows;
	const struct labels *L;
	int threads;
	uint8_t *flag;			/* [nrows] owned copy, or NULL */
	uint64_t pgen;
};

static void
in_free(void *p)
{
	struct ov_in *in = p;

	if (in)
		free(in->flag);
	free(in);
}

/* The list's lines are the columns in display order. */
struct ov {
	struct listview lv;
	struct ov_model *m;		/* lv.model, typed */
	const struct summary *sum;	/* shown: m's, or the full pass's */
	const struct table *vt;		/* the values sum's ids name */
	enum ov_sort sort;
	int rev;
	int flagmode;			/* association against flagged rows */
	size_t *order;			/* columns in display order */
	const struct reviewloop *loop;	/* its flagged rows */
};

static void
model_free(void *p)
{
	struct ov_model *m = p;

	summary_release(&m->sum);
	assoc_free(m->af);
	free(m);
}

static void *
model_run(void *arg, const struct progress *p, struct err *e)
{
	struct ov_in *in = arg;
	const struct table *t = in->t;
	struct ov_model *m = xcalloc(1, sizeof *m);
	struct summary_opts so;

	summary_opts_init(&so);
	so.labels = in->L;
	so.threads = in->threads;
	so.progress = p;
	if (summary_build(&m->sum, t, in->rows, &so, e) < 0)
		goto fail;
	if (in->flag) {
		/* flagged or not, as two classes of a label column that is
		 * none of the table's (so the label column is measured too) */
		static char *names[2] = { "rest", "flagged" };
		struct labels F;
		uint64_t cnt[2] = { 0, 0 }, i;
		uint32_t *y = xmalloc((t->nrows + 1) * sizeof *y);

		for (i = 0; i < t->nrows; i++) {
			y[i] = in->flag[i] ? 1 : 0;
			cnt[y[i]]++;
		}
		memset(&F, 0, sizeof F);
		F.col = -1;
		F.k = 2;
		F.name = names;
		F.y = y;
		F.count = cnt;
		F.nrows = t->nrows;
		m->af = assoc_all(t, in->rows, &F, in->threads, p, e);
		free(y);
		if (!m->af)
			goto fail;
		m->pgen = in->pgen;
	}
	return m;
fail:
	model_free(m);
	return NULL;
}

static void
ov_release(void *st)
{
	struct ov *v = st;

	free(v->order);
}

/* A job's input when the model is not for env (or the flagged rows). */
static void *
ov_input(void *st, const struct view_env *env)
{
	struct ov *v = st;
	const struct pico_result *pr = v->loop->pico;
	struct ov_in *in;

	if (v->m && v->lv.gen == env->gen && (!v->flagmode || !pr ||
	    (v->m->af && v->m->pgen == v->loop->pico_gen)))
		return NULL;
	in = xcalloc(1, sizeof *in);
	in->t = env->t;
	in->rows = env->rows;
	in->L = env->labels;
	in->threads = env->threads;
	if (v->flagmode && pr && pr->n == env->t->nrows) {
		in->flag = xmalloc((size_t)env->t->nrows + 1);
		memcpy(in->flag, pr->flagged, env->t->nrows);
		in->pgen = v->loop->pico_gen;
	}
	return in;
}

/*
 * What to show: the summary of every row when a full pass made one (a
 * file too big to load, env->full_sum) and the rows shown are the whole
 * sample, else the model of the rows shown.  Re-sorts on a change.
 */
static void resort(struct ov *v, const struct view_env *env);

static void
pick(struct ov *v, const struct view_env *env)
{
	const struct summary *was = v->sum;
	int whole = env->full_sum && env->t && env->filtered ==
	    env->t->nrows && !v->flagmode;

	v->sum = whole ? env->full_sum : v->m ? &v->m->sum : NULL;
	v->vt = whole ? env->full_t : env->t;
	if (v->sum && v->sum != was)
		resort(v, env);
}

/* The value column c sorts by under key s (NAN sorts last). */
static double
key(const struct ov *v, size_t c, enum ov_sort s)
{
	const struct stats_col *sc = &v->sum->col[c].st;
	double n = sc->count ? (double)sc->count : 1;

	switch (s) {
	case OV_MISSING:
		return (double)sc->missing / n;
	case OV_DISTINCT:
		return (double)sc->distinct;
	case OV_ZEROS:
		return sc->type == COLTYPE_INT || sc->type == COLTYPE_FLOAT ?
		    (double)sc->zeros / n : NAN;
	case OV_ASSOC:
		if (v->flagmode)
			return v->m->af ? v->m->af[c].value : NAN;
		return v->sum->have_labels ? v->sum->col[c].as.value :
		    NAN;
	case OV_NONUNIF:
		return v->sum->have_labels ?
		    v->sum->col[c].as.nonuniformity : NAN;
	default:
		return (double)c;
	}
}

static const struct table *sort_t;
static const struct ov *sort_v;

static int
cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
	const struct ov *v = sort_v;
	double x, y;
	int r, desc;

	if (v->sort == OV_NAME) {
		r = strcmp(sort_t->col[a].name, sort_t->col[b].name);
		r = v->rev ? -r : r;
	} else if (v->sort == OV_FILE) {
		r = (a > b) - (a < b);
		r = v->rev ? -r : r;
	} else {
		x = key(v, a, v->sort);
		y = key(v, b, v->sort);
		desc = !v->rev;
		if (isnan(x) || isnan(y))
			r = isnan(x) - isnan(y);	/* NAN last either way */
		else
			r = desc ? (x < y) - (x > y) : (x > y) - (x < y);
	}
	return r ? r : (a > b) - (a < b);
}

static void
resort(struct ov *v, const struct view_env *env)
{
	size_t i, col = v->order ? v->order[v->lv.cur] : 0;

	free(v->order);
	v->order = xcalloc(v->sum->ncols + 1, sizeof *v->order);
	for (i = 0; i < v->sum->ncols; i++)
		v->order[i] = i;
	/* qsort's comparator takes no context: the view is the UI
	 * thread's, so a static pointer is safe here */
	sort_t = env->t;
	sort_v = v;
	qsort(v->order, v->sum->ncols, sizeof *v->order, cmp);
	for (i = 0; i < v->sum->ncols; i++)
		if (v->order[i] == col)
			v->lv.cur = i;
}

/* The cursor follows env->col, which other views and :col move. */
static void
follow(struct ov *v, const struct view_env *env)
{
	size_t i;

	if (!v->order || env->col < 0 || (int)v->order[v->lv.cur] == env->col)
		return;
	for (i = 0; i < v->sum->ncols; i++)
		if ((int)v->order[i] == env->col)
			v->lv.cur = i;
}

static void
ov_adopted(void *st, const struct view_env *env)
{
	struct ov *v = st;
	size_t i;

	v->m = v->lv.model;
	v->sum = NULL;
	pick(v, env);
	/* start on the current column */
	for (i = 0; i < v->sum->ncols; i++)
		if ((int)v->order[i] == env->col)
			v->lv.cur = i;
}

static const struct listview_kind ov_kind = {
	.what = "overview",
	.doing = "computing statistics",
	.run = model_run,
	.in_free = in_free,
	.model_free = model_free,
	.input = ov_input,
	.adopted = ov_adopted,
	.release = ov_release,
};

static void *
ov_open(struct view_env *env, void *data)
{
	struct ov *v = listview_new(sizeof *v, &ov_kind);

	(void)env;
	v->loop = data;
	return v;
}

struct layout {
	int name, type, miss, dist, zero, summ, med, spark, assoc, nonu;
};

static void
layout(int w, int namew, struct layout *L)
{
	int used, spare;

	memset(L, 0, sizeof *L);
	if (w >= 120) {
		L->name = 16;
		L->type = 5;
		L->miss = 7;
		L->dist = 10;
		L->zero = 7;
		L->summ = 18;
		L->med = 10;
		L->spark = 20;
		L->assoc = 7;
		L->nonu = 6;
	} else {
		L->name = 12;
		L->type = 4;
		L->miss = 5;
		L->dist = 8;
		L->zero = 5;
		L->summ = 12;
		L->spark = 10;
		L->assoc = 6;
		L->nonu = 4;
	}
	/* a margin, the columns and a space after each */
	used = 1 + L->name + L->type + L->miss + L->dist + L->zero + L->summ +
	    L->med + L->spark + L->assoc + L->nonu + (L->med ? 10 : 9);
	spare = w - used;
	/* what is left goes to the names, then the sparkline */
	while (spare > 0 && L->name < namew && L->name < 32) {
		L->name++;
		spare--;
	}
	while (spare > 0 && L->spark < OV_SPARK) {
		L->spark++;
		spare--;
	}
}

static const char *
type_name(enum coltype t, int shortname)
{
	if (!shortname)
		return coltype_name(t);
	switch (t) {
	case COLTYPE_FLOAT:
		return "flt";
	case COLTYPE_EMPTY:
		return "emp";
	default:
		return coltype_name(t);
	}
}

/* Draw the sparkline of column c in w cells (at most OV_SPARK): the
 * value bins of its histogram, grouped (hist_spark). */
static void
spark(const struct ov *v, size_t c, struct canvas *cv, int x, int y, int w,
    enum canvas_role role)
{
	double vals[OV_SPARK], max = 0;
	int k = (int)hist_spark(&v->sum->col[c].h, 0, vals,
	    w < OV_SPARK ? (uint32_t)w : OV_SPARK), b;

	for (b = 0; b < k; b++)
		max = vals[b] > max ? vals[b] : max;
	if (k > 0)
		canvas_spark(cv, x, y, vals, k, max, role);
}

static void
ov_draw(void *st, const struct view_env *env, struct canvas *c, int x,
    int y, int w, int h)
{
	struct ov *v = st;
	const struct table *t = env->t;
	const struct summary_approx *ax;
	struct layout L;
	size_t i, col, namew = 6;
	int xx, yy, row, sel;
	char buf[160], b2[64];
	const char *arrow;

	if (!t)
		return;
	pick(v, env);
	t = v->vt ? v->vt : env->t;
	if (!v->sum) {
		listview_waiting(&v->lv, c, x, y, w);
		return;
	}
	for (i = 0; i < t->ncols; i++) {
		size_t nw = safetext_width(t->col[i].name,
		    strlen(t->col[i].name), c->utf8);

		if (nw > namew)
			namew = nw;
	}
	layout(w, (int)namew, &L);
	follow(v, env);
	listview_scroll(&v->lv, v->sum->ncols, h - 3);
	arrow = canvas_glyph(c, v->rev ? GLYPH_UP : GLYPH_DOWN);

	/* header */
	canvas_fill(c, x, y, w, 1, ROLE_HEADER);
#define HEAD(width, text, right, key) do { \
	snprintf(buf, sizeof buf, "%s%s", (text), v->sort == (key) ? \
	    arrow : ""); \
	if (right) \
		canvas_str_right(c, xx, y, (width), buf, ROLE_HEADER, \
		    CANVAS_BOLD); \
	else \
		canvas_str(c, xx, y, (width), buf, ROLE_HEADER, CANVAS_BOLD); \
	xx += (width) + 1; \
} while (0)
	xx = x + 1;
	HEAD(L.name, "column", 0, OV_NAME);
	HEAD(L.type, "type", 0, OV_NSORT);
	HEAD(L.miss, "miss", 1, OV_MISSING);
	HEAD(L.dist, "distinct", 1, OV_DISTINCT);
	HEAD(L.zero, "zeros", 1, OV_ZEROS);
	HEAD(L.summ, "mean | top", 0, OV_NSORT);
	if (L.med)
		HEAD(L.med, "median", 1, OV_NSORT);
	HEAD(L.spark, "histogram", 0, OV_NSORT);
	HEAD(L.assoc, v->flagmode && v->m->af ? "flag" : "assoc", 1,
	    OV_ASSOC);
	HEAD(L.nonu, L.nonu >= 6 ? "nonuni" : "nonu", 1, OV_NONUNIF);
#undef HEAD

	for (row = 0; row < v->lv.page; row++) {
		const struct stats_col *s;
		const struct assoc_col *a;
		double n, share;
		enum canvas_role role, r2;

		i = v->lv.top + (size_t)row;
		if (i >= v->sum->ncols)
			break;
		col = v->order[i];
		s = &v->sum->col[col].st;
		a = v->flagmode && v->m->af ? &v->m->af[col] :
		    v->sum->have_labels ? &v->sum->col[col].as : NULL;
		n = s->count ? (double)s->count : 1;
		yy = y + 1 + row;
		sel = i == v->lv.cur;
		role = sel ? ROLE_SELECTED : ROLE_NORMAL;
		if (sel)
			canvas_fill(c, x, yy, w, 1, ROLE_SELECTED);
		xx = x + 1;
		canvas_str(c, xx, yy, L.name, t->col[col].name, sel ?
		    ROLE_CURSOR : ROLE_NORMAL, CANVAS_BOLD);
		xx += L.name + 1;
		canvas_str(c, xx, yy, L.type, type_name(s->type, !L.med),
		    sel ? role : ROLE_DIM, 0);
		xx += L.type + 1;
		share = (double)s->missing / n;
		r2 = share > OV_MISS_WARN ? ROLE_WARN : role;
		canvas_str_right(c, xx, yy, L.miss, fmt_pct(share, buf,
		    sizeof buf), r2, 0);
		xx += L.miss + 1;
		ax = &v->sum->col[col].ax;
		canvas_count(c, xx + (ax->distinct > 0), yy, L.dist -
		    (ax->distinct > 0), s->distinct, role, 0);
		if (ax->distinct > 0)
			canvas_str(c, xx, yy, 1, "~", sel ? role : ROLE_DIM, 0);
		xx += L.dist + 1;
		if (s->type == COLTYPE_INT || s->type == COLTYPE_FLOAT) {
			share = (double)s->zeros / n;
			r2 = share > OV_ZERO_WARN ? ROLE_WARN : role;
			canvas_str_right(c, xx, yy, L.zero, fmt_pct(share, buf,
			    sizeof buf), r2, 0);
		}
		xx += L.zero + 1;
		if (s->numeric && s->nnum > 0) {
			if (s->type == COLTYPE_DATE)
				fmt_date(s->mean, HIST_DAY, b2, sizeof b2);
			else
				fmt_value(&t->col[col], s->mean, b2,
				    sizeof b2);
			canvas_str(c, xx, yy, L.summ, b2, role, 0);
		} else if (s->ntop > 0) {
			const char *tv = dict_str(&t->col[col].dict,
			    s->top[0].id, NULL);
			int tw;

			b2[0] = '~';
			fmt_pct((double)s->top[0].count / n, b2 + ax->top,
			    sizeof b2 - 1);
			tw = (int)strlen(b2) + 1;
			canvas_str(c, xx, yy, L.summ - tw > 1 ? L.summ - tw :
			    1, tv, role, 0);
			canvas_str_right(c, xx, yy, L.summ, b2, sel ? role :
			    ROLE_DIM, 0);
		}
		xx += L.summ + 1;
		if (L.med) {
			if (s->numeric && s->nnum > 0) {
				b2[0] = '~';
				fmt_value(&t->col[col], s->q[3], b2 +
				    (ax->rank > 0), sizeof b2 - 1);
				canvas_str_right(c, xx, yy, L.med, b2, role,
				    0);
			}
			xx += L.med + 1;
		}
		spark(v, col, c, xx, yy, L.spark, ROLE_BAR);
		xx += L.spark + 1;
		if (a && a->measure != ASSOC_NONE) {
			if (isnan(a->value))
				snprintf(buf, sizeof buf, "-");
			else
				snprintf(buf, sizeof buf, "%.2f %s", a->value,
				    a->measure == ASSOC_ETA ? (c->utf8 ?
				    "\xce\xb7" : "e") : a->measure ==
				    ASSOC_TEXT_NB ? "T" : "V");
			r2 = !isnan(a->value) && a->value >= OV_ASSOC_WARN ?
			    ROLE_WARN : role;
			canvas_str_right(c, xx, yy, L.assoc, buf, r2, 0);
		} else {
			canvas_str_right(c, xx, yy, L.assoc,
			    env->labels && (int)col == env->labels->col ?
			    "label" : (int)col == t->id_col ? "key" : "",
			    sel ? role : ROLE_DIM, 0);
		}
		xx += L.assoc + 1;
		if (a && !isnan(a->nonuniformity)) {
			snprintf(buf, sizeof buf, "%.2f", a->nonuniformity);
			canvas_str_right(c, xx, yy, L.nonu, buf, role, 0);
		}
	}
	if (v->flagmode && v->m->af)
		snprintf(buf, sizeof buf, "sorted by %s%s %s flag: how each "
		    "column differs between flagged rows and the rest (V, %s, "
		    "T) %s f: back to the label", sort_name[v->sort], v->rev ?
		    " (reversed)" : "", canvas_glyph(c, GLYPH_SEP), c->utf8 ?
		    "\xce\xb7" : "e", canvas_glyph(c, GLYPH_SEP));
	else if (v->sum == env->full_sum)
		snprintf(buf, sizeof buf, "every row: %s, read in chunks "
		    "(~ estimated) %s sorted by %s%s %s V Cramer's V, %s eta, "
		    "T text", canvas_fmt_count(v->vt->nrows, b2), canvas_glyph(c,
		    GLYPH_SEP), sort_name[v->sort], v->rev ? " (reversed)" :
		    "", canvas_glyph(c, GLYPH_SEP), c->utf8 ? "\xce\xb7" :
		    "e");
	else
		snprintf(buf, sizeof buf, "sorted by %s%s %s assoc: V Cramer's "
		    "V, %s eta, T text (naive Bayes) %s nonu: 1-H/Hmax",
		    sort_name[v->sort], v->rev ? " (reversed)" : "",
		    canvas_glyph(c, GLYPH_SEP), c->utf8 ? "\xce\xb7" : "e",
		    canvas_glyph(c, GLYPH_SEP));
	canvas_str(c, x + 1, y + h - 1, w - 2, buf, ROLE_DIM, 0);
	col = v->lv.cur < v->sum->ncols ? v->order[v->lv.cur] : 0;
	if (v->lv.cur < v->sum->ncols && v->sum->col[col].st.missing > 0) {
		/* which markers made the current column's cells missing */
		char marks[96];

		stats_marks_text(&t->col[col], &v->sum->col[col].st, marks,
		    sizeof marks);
		snprintf(buf, sizeof buf, "%.40s missing: %s (%s)",
		    t->col[col].name, canvas_fmt_count(v->sum->col[col].st.
		    missing, b2), marks);
		canvas_str(c, x + 1, y + h - 2, w - 2, buf, ROLE_DIM, 0);
	} else if (!env->labels)
		canvas_str(c, x + 1, y + h - 2, w - 2, "no label column: "
		    ":label COL measures association with it", ROLE_DIM, 0);
}

static unsigned
ov_act(void *st, struct view_env *env, enum action a)
{
	struct ov *v = st;

	if (env->t)
		pick(v, env);
	if (!v->sum || !env->t)
		return 0;
	listview_clamp(&v->lv, v->sum->ncols);
	follow(v, env);
	switch (a) {
	case ACT_SORT:
		v->sort = (enum ov_sort)((v->sort + 1) % OV_NSORT);
		v->rev = 0;
		resort(v, env);
		snprintf(env->req.msg, sizeof env->req.msg, "sorted by %s",
		    sort_name[v->sort]);
		break;
	case ACT_SORT_REVERSE:
		v->rev = !v->rev;
		resort(v, env);
		break;
	case ACT_OPEN:
		env->col = (int)v->order[v->lv.cur];
		env->req.push = "histogram";
		return VIEW_HANDLED | VIEW_REDRAW;
	case ACT_FLAGGED_COMPARE:
		if (!v->loop->pico && !v->flagmode) {
			snprintf(env->req.msg, sizeof env->req.msg, "no PICO "
			    "result to compare with: p runs it");
			return VIEW_HANDLED;
		}
		v->flagmode = !v->flagmode;
		v->sort = v->flagmode ? OV_ASSOC : OV_FILE;
		v->rev = 0;
		if (v->flagmode && !(v->m->af && v->m->pgen ==
		    v->loop->pico_gen)) {
			snprintf(env->req.msg, sizeof env->req.msg, "comparing "
			    "flagged rows with the rest");
			return VIEW_HANDLED | VIEW_REDRAW | VIEW_RECOMPUTE;
		}
		resort(v, env);
		break;
	default:
		if (!listview_move(&v->lv, a, v->sum->ncols))
			return 0;
	}
	env->col = (int)v->order[v->lv.cur];
	return VIEW_HANDLED | VIEW_REDRAW;
}

/* Where the cursor is, in what pick() shows. */
static void
ov_where(void *st, const struct view_env *env, char *buf, size_t size)
{
	struct ov *v = st;

	if (env->t)
		pick(v, env);
	if (!v->sum || !env->t)
		listview_where(st, env, buf, size);
	else
		snprintf(buf, size, "column %zu of %zu", (size_t)v->lv.cur + 1,
		    v->sum->ncols);
}

const struct view view_overview = {
	.name = "overview",
	.title = "Overview",
	.top = 1,
	.data = VIEW_DATA_REVIEW,
	.help = "One line per column: type, share of missing cells (marked "
	    "above 2%), distinct values, share of zeros (marked above 10%), "
	    "the mean of a number or the most frequent value, a sparkline of "
	    "the distribution, how strongly the column goes with the label "
	    "(Cramer's V for categories, eta for numbers, T for text: naive "
	    "Bayes on its words, accuracy gained over the majority guess; 0 "
	    "to 1, marked from 0.5) and its non-uniformity (0 even, 1 all in "
	    "one value); under the list, which markers made the current "
	    "column's cells missing. s "
	    "cycles the sort key, S reverses it, Enter opens the column's "
	    "histogram. After a PICO run, f measures each column against "
	    "flagged or not instead (sorted, strongest first), to see what "
	    "the flagged rows have in common; f again goes back.",
	.open = ov_open,
	.close = listview_close,
	.plan = listview_plan,
	.adopt = listview_adopt,
	.draw = ov_draw,
	.act = ov_act,
	.where = ov_where,
};
