/*
 * labels.c - the label column at a glance: every class with its rows,
 * share and a bar, largest first, so imbalance shows; the majority share
 * and the ratio of the largest class to the smallest; tiny classes
 * marked; then what a quick check finds before any model runs: rows
 * without a label, classes that differ only in case or spaces, and
 * duplicate rows that carry different labels.
 *
 * s cycles the order (rows, name, first seen), S reverses it; Enter
 * opens the rows of the class or finding under the cursor.  The list
 * holds every group of conflicting duplicates up to LABELS_GROUPS (the
 * largest first) and says how many there are in all.
 */
#include "views/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats/labelhealth.h"
#include "core/util/xalloc.h"
#include "views/lib/fmt.h"
#include "views/lib/listview.h"

enum lv_sort { LV_COUNT, LV_NAME, LV_FIRST, LV_NSORT };

/* Conflict groups listed: enough to walk any real file's, few enough
 * that a file of nothing but conflicts stays cheap to hold. */
#define LABELS_GROUPS 1000

static const char *const sort_name[LV_NSORT] = {
	"rows", "name", "first seen"
};

struct lv_in {
	const struct table *t;
	const struct labels *L;
	const struct rowset *rows;
	uint64_t gen;
};

struct lv_model {
	struct labelhealth h;
	uint64_t gen;
	const struct labels *L;
	const struct rowset *set;
};

/* The list's lines are the classes in display order, then the
 * findings. */
struct lv {
	struct listview lv;
	struct lv_model *m;		/* lv.model, typed */
	enum lv_sort sort;
	int rev;
	uint32_t *order;		/* classes in display order */
	uint32_t norder;
};

static void
model_free(void *p)
{
	struct lv_model *m = p;

	labelhealth_release(&m->h);
	free(m);
}

static void *
model_run(void *arg, const struct progress *p, struct err *e)
{
	struct lv_in *in = arg;
	struct lv_model *m = xcalloc(1, sizeof *m);
	struct labelhealth_opts o;

	labelhealth_opts_init(&o);
	o.max_groups = LABELS_GROUPS;
	if (labelhealth_check(&m->h, in->t, in->L, in->rows, &o, p, e) < 0) {
		free(m);
		return NULL;
	}
	m->gen = in->gen;
	m->L = in->L;
	m->set = in->rows;
	return m;
}

static void
lv_release(void *st)
{
	struct lv *v = st;

	free(v->order);
}

/* A job's input when there are labels the model is not for. */
static void *
lv_input(void *st, const struct view_env *env)
{
	struct lv *v = st;
	struct lv_in *in;

	if (!env->labels || (v->m && v->m->gen == env->gen &&
	    v->m->L == env->labels))
		return NULL;
	in = xcalloc(1, sizeof *in);
	in->t = env->t;
	in->L = env->labels;
	in->rows = env->rows;
	in->gen = env->gen;
	return in;
}

static const struct lv *sort_v;
static const struct labels *sort_L;

static int
cmp(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	const uint64_t *n = sort_v->m->h.class_rows;
	int r;

	switch (sort_v->sort) {
	case LV_COUNT:
		r = (n[a] < n[b]) - (n[a] > n[b]);
		break;
	case LV_NAME:
		r = strcmp(sort_L->name[a], sort_L->name[b]);
		break;
	default:
		r = 0;
		break;
	}
	if (sort_v->rev)
		r = -r;
	return r ? r : (a > b) - (a < b);
}

static void
resort(struct lv *v, const struct labels *L)
{
	uint32_t k, n = 0;

	free(v->order);
	v->order = xcalloc(v->m->h.k + 1, sizeof *v->order);
	for (k = 0; k < v->m->h.k; k++)
		if (v->m->h.class_rows[k] > 0)
			v->order[n++] = k;
	v->norder = n;
	/* the UI thread's only: a static context for qsort is safe */
	sort_v = v;
	sort_L = L;
	qsort(v->order, n, sizeof *v->order, cmp);
}

static void
lv_adopted(void *st, const struct view_env *env)
{
	struct lv *v = st;

	(void)env;
	v->m = v->lv.model;
	resort(v, v->m->L);
}

static void
lv_where(void *st, const struct view_env *env, char *buf, size_t size)
{
	struct lv *v = st;

	(void)env;
	if (v->lv.cur < v->norder)
		snprintf(buf, size, "class %u of %u", (unsigned)v->lv.cur + 1,
		    v->norder);
	else
		snprintf(buf, size, "finding %u of %zu", (unsigned)(v->lv.cur -
		    v->norder + 1), v->m->h.nfind);
}

static const struct listview_kind lv_kind = {
	.what = "label check",
	.doing = "checking the labels",
	.run = model_run,
	.in_free = free,
	.model_free = model_free,
	.input = lv_input,
	.adopted = lv_adopted,
	.where = lv_where,
	.release = lv_release,
};

static void *
lv_open(struct view_env *env, void *data)
{
	(void)env;
	(void)data;
	return listview_new(sizeof(struct lv), &lv_kind);
}

static uint32_t
nlines(const struct lv *v)
{
	return v->m ? v->norder + (uint32_t)v->m->h.nfind : 0;
}

/* One line about a finding. */
static void
finding(const struct labelhealth_finding *f, const struct labels *L,
    char *buf, size_t size)
{
	char n1[32];
	size_t o;
	uint32_t i;

	canvas_fmt_count(f->rows, n1);
	switch (f->kind) {
	case LABELHEALTH_MISSING:
		snprintf(buf, size, "%s rows have no label", n1);
		break;
	case LABELHEALTH_TINY:
		snprintf(buf, size, "tiny class '%s': %s rows",
		    f->ncls ? L->name[f->cls[0]] : "?", n1);
		break;
	case LABELHEALTH_VARIANT:
	case LABELHEALTH_CONFLICT:
		o = (size_t)snprintf(buf, size, "%s: %s rows, ",
		    f->kind == LABELHEALTH_VARIANT ? "variants" :
		    "duplicates with different labels", n1);
		for (i = 0; i < f->ncls && o < size; i++)
			o += (size_t)snprintf(buf + o, size - o, "%s'%s'",
			    i ? " / " : "", L->name[f->cls[i]]);
		/* the rows tell one group from the next */
		for (i = 0; f->kind == LABELHEALTH_CONFLICT && i < f->nex &&
		    o < size; i++)
			o += (size_t)snprintf(buf + o, size - o, "%s%u",
			    i ? ", " : " (rows ", f->ex[i] + 1);
		if (f->kind == LABELHEALTH_CONFLICT && f->nex && o < size)
			snprintf(buf + o, size - o, "%s)", f->rows > f->nex ?
			    ", …" : "");
		break;
	}
}

static void
lv_draw(void *st, const struct view_env *env, struct canvas *c, int x,
    int y, int w, int h)
{
	struct lv *v = st;
	const struct labels *L;
	const struct labelhealth *lh;
	uint32_t i, ln, k, smallest = 0;
	uint64_t most = 0, least = UINT64_MAX;
	int namew = 8, barw, yy, sel;
	char buf[300], n1[32], n2[32];

	if (!env->t)
		return;
	if (!env->labels) {
		canvas_str(c, x + 2, y + 1, w - 4, "No label column. :label "
		    "COL chooses one (a column named label, class, target or "
		    "y is taken by itself).", ROLE_DIM, 0);
		return;
	}
	if (listview_waiting(&v->lv, c, x, y, w))
		return;
	L = v->m->L;
	lh = &v->m->h;
	for (i = 0; i < v->norder; i++) {
		uint64_t n = lh->class_rows[v->order[i]];
		int nw = (int)safetext_width(L->name[v->order[i]],
		    strlen(L->name[v->order[i]]), c->utf8);

		namew = nw > namew ? nw : namew;
		most = n > most ? n : most;
		if (n < least) {
			least = n;
			smallest = v->order[i];
		}
	}
	if (namew > 28)
		namew = 28;
	/* summary */
	canvas_fill(c, x, y, w, 1, ROLE_HEADER);
	snprintf(buf, sizeof buf, "%s: %u classes in %s labelled rows",
	    env->t->col[L->col].name, (unsigned)lh->present,
	    canvas_fmt_count(lh->labelled, n1));
	canvas_str(c, x + 1, y, w - 2, buf, ROLE_HEADER, CANVAS_BOLD);
	if (lh->majority != LABELS_NONE) {
		snprintf(buf, sizeof buf, "majority '%s' %s", L->name[
		    lh->majority], fmt_pct(lh->majority_share, n2,
		    sizeof n2));
		if (least > 0 && least != UINT64_MAX)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
			    ", largest/smallest %.1fx", (double)most /
			    (double)least);
		canvas_str(c, x + 1, y + 1, w - 2, buf, lh->majority_share >
		    0.9 ? ROLE_WARN : ROLE_NORMAL, 0);
	}
	if (lh->conflict_groups) {
		snprintf(buf, sizeof buf, "%s groups of identical rows (%s "
		    "rows) carry different labels",
		    canvas_fmt_count(lh->conflict_groups, n1),
		    canvas_fmt_count(lh->conflict_rows, n2));
		canvas_str(c, x + 1, y + 2, w - 2, buf, ROLE_WARN, 0);
	}
	barw = w - namew - 24;
	listview_scroll(&v->lv, nlines(v), h - 4);
	for (i = 0; i < (uint32_t)v->lv.page; i++) {
		ln = (uint32_t)v->lv.top + i;
		if (ln >= nlines(v))
			break;
		yy = y + 3 + (int)i;
		sel = ln == v->lv.cur;
		if (sel)
			canvas_fill(c, x, yy, w, 1, ROLE_SELECTED);
		if (ln < v->norder) {
			uint64_t n;
			int tiny, low;

			k = v->order[ln];
			n = lh->class_rows[k];
			tiny = n < 10;
			low = k == smallest && v->norder > 1;
			canvas_str(c, x + 1, yy, namew, L->name[k], sel ?
			    ROLE_CURSOR : tiny || low ? ROLE_WARN :
			    ROLE_NORMAL, CANVAS_BOLD);
			canvas_count(c, x + namew + 2, yy, 10, n, sel ?
			    ROLE_SELECTED : ROLE_NORMAL, 0);
			canvas_str_right(c, x + namew + 13, yy, 7, fmt_pct(
			    lh->labelled ? (double)n / (double)lh->labelled :
			    0, n1, sizeof n1), sel ? ROLE_SELECTED : ROLE_DIM,
			    0);
			canvas_hbar(c, x + namew + 22, yy, barw, most ?
			    (double)n / (double)most : 0, (enum canvas_role)(
			    ROLE_BAR + k % CANVAS_NBAR), 0);
		} else {
			const struct labelhealth_finding *f =
			    &lh->find[ln - v->norder];

			if (ln == v->norder && i > 0 && !sel)
				canvas_hline(c, x + 1, yy - 1 >= y + 3 ? yy - 1 :
				    yy, 0, ROLE_FRAME);
			finding(f, L, buf, sizeof buf);
			canvas_str(c, x + 1, yy, 2, canvas_glyph(c,
			    GLYPH_BULLET), ROLE_WARN, 0);
			canvas_str(c, x + 3, yy, w - 4, buf, sel ?
			    ROLE_CURSOR : ROLE_NORMAL, 0);
		}
	}
	if (lh->nfind == 0 && v->norder + 4 < (uint32_t)h)
		canvas_str(c, x + 1, y + 4 + (int)v->norder, w - 2,
		    "no rows without a label, no variants, no conflicting "
		    "duplicates", ROLE_GOOD, 0);
	snprintf(buf, sizeof buf, "sorted by %s%s; Enter opens the rows of "
	    "a class or finding", sort_name[v->sort], v->rev ?
	    " (reversed)" : "");
	if (lh->conflict_groups > LABELS_GROUPS)
		snprintf(buf, sizeof buf, "the largest %d of %s conflicting "
		    "groups listed; Enter opens the rows of a line",
		    LABELS_GROUPS, canvas_fmt_count(lh->conflict_groups, n1));
	canvas_str(c, x + 1, y + h - 1, w - 2, buf, ROLE_DIM, 0);
}

static void
drill(struct lv *v, struct view_env *env)
{
	const struct labels *L = v->m->L;
	const struct rowset *set = v->m->set;
	struct rowset rs;
	uint64_t i;
	uint32_t k, j;
	char buf[200];

	rowset_init(&rs);
	if (v->lv.cur < v->norder) {
		k = v->order[v->lv.cur];
		for (i = 0; i < set->n; i++)
			if (L->y[set->row[i]] == k)
				rowset_push(&rs, set->row[i]);
		snprintf(env->req.drill_desc, sizeof env->req.drill_desc,
		    "%.60s = %.120s", env->t->col[L->col].name, L->name[k]);
	} else {
		const struct labelhealth_finding *f =
		    &v->m->h.find[v->lv.cur - v->norder];

		if (f->kind == LABELHEALTH_CONFLICT) {
			/* the group's example rows */
			for (j = 0; j < f->nex; j++)
				rowset_push(&rs, f->ex[j]);
		} else {
			for (i = 0; i < set->n; i++) {
				uint32_t y = L->y[set->row[i]];
				int in = f->kind == LABELHEALTH_MISSING ?
				    y == LABELS_NONE : 0;

				for (j = 0; !in && j < f->ncls; j++)
					in = y == f->cls[j];
				if (in)
					rowset_push(&rs, set->row[i]);
			}
		}
		finding(f, L, buf, sizeof buf);
		snprintf(env->req.drill_desc, sizeof env->req.drill_desc,
		    "%.190s", buf);
	}
	listview_drill(env, &rs);
}

static unsigned
lv_act(void *st, struct view_env *env, enum action a)
{
	struct lv *v = st;
	uint32_t n = nlines(v);

	if (!env->t || !v->m)
		return 0;
	/* the model may have changed since the last draw (or nothing was
	 * drawn: the terminal may be too small) */
	listview_clamp(&v->lv, n);
	switch (a) {
	case ACT_SORT:
		v->sort = (enum lv_sort)((v->sort + 1) % LV_NSORT);
		v->rev = 0;
		resort(v, v->m->L);
		break;
	case ACT_SORT_REVERSE:
		v->rev = !v->rev;
		resort(v, v->m->L);
		break;
	case ACT_OPEN:
		if (listview_stale(env, v->m->gen != env->gen || v->m->L !=
		    env->labels, "the labels are being checked again"))
			return VIEW_HANDLED;
		if (n)
			drill(v, env);
		return VIEW_HANDLED | VIEW_REDRAW;
	default:
		return listview_move(&v->lv, a, n);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

const struct view view_labels = {
	.name = "labels",
	.title = "Labels",
	.top = 5,
	.help = "The classes of the label column, largest first, with their "
	    "rows, share and a bar; the majority share and the ratio of the "
	    "largest class to the smallest; tiny classes marked; then rows "
	    "without a label, classes differing only in case or spaces, and "
	    "duplicate rows with different labels. s cycles the order, S "
	    "reverses it, Enter opens the rows of a class or finding.",
	.open = lv_open,
	.close = listview_close,
	.plan = listview_plan,
	.adopt = listview_adopt,
	.draw = lv_draw,
	.act = lv_act,
	.where = listview_where,
};
