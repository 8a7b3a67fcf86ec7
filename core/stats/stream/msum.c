/*
 * msum.c - a dataset's mergeable summary: folding chunks, merging
 * parts, finishing into what the outputs print (see msum.h).
 *
 * Classes get ids in order of first sight, per summary; merging maps the
 * later part's ids onto the earlier's by name, so the merged ids are the
 * ones one pass would give.  Finishing orders them by count (most first,
 * ties by first sight), as `winnow stats` orders the classes of a loaded
 * table.
 */
#include "core/stats/stream/msum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats/assoc.h"
#include "core/stats/stats.h"
#include "core/util/parfor.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

void
msum_init(struct msum *m, const char *source, char *const *names,
    size_t ncols, const struct sumplan *p, int label_col, int id_col,
    const uint8_t *forced)
{
	size_t c;

	memset(m, 0, sizeof *m);
	m->ncols = ncols;
	m->name = xcalloc(ncols ? ncols : 1, sizeof *m->name);
	m->forced = xcalloc(ncols ? ncols : 1, 1);
	for (c = 0; c < ncols; c++) {
		m->name[c] = xstrdup(names[c]);
		if (forced)
			m->forced[c] = forced[c];
	}
	m->label_col = label_col;
	m->id_col = id_col;
	sumplan_copy(&m->plan, p);
	m->col = xcalloc(ncols ? ncols : 1, sizeof *m->col);
	for (c = 0; c < ncols; c++)
		colsum_init(&m->col[c], &m->plan.col[c]);
	dict_init(&m->classes);
	m->source = xstrdup(source ? source : "");
	m->parts = 1;
}

size_t
msum_add_col(struct msum *m, const char *name, const struct sumplan_col *pc,
    int forced)
{
	static const struct sumplan_col none;
	size_t c = m->ncols;

	m->name = xreallocarray(m->name, c + 1, sizeof *m->name);
	m->forced = xreallocarray(m->forced, c + 1, 1);
	m->col = xreallocarray(m->col, c + 1, sizeof *m->col);
	m->plan.col = xreallocarray(m->plan.col, c + 1, sizeof *m->plan.col);
	m->name[c] = xstrdup(name);
	m->forced[c] = (uint8_t)forced;
	sumplan_col_copy(&m->plan.col[c], pc ? pc : &none);
	m->plan.ncols = c + 1;
	m->ncols = c + 1;
	colsum_init(&m->col[c], &m->plan.col[c]);
	/* the rows before it had no such cell */
	colsum_missing(&m->col[c], m->rows, m->class_n, m->label_col >= 0 ?
	    m->classes.n : 0);
	return c;
}

void
msum_release(struct msum *m)
{
	size_t c;

	if (!m)
		return;
	for (c = 0; c < m->ncols; c++) {
		free(m->name ? m->name[c] : NULL);
		if (m->col)
			colsum_release(&m->col[c]);
	}
	FREE_ALL(m->name, m->forced, m->col);
	sumplan_release(&m->plan);
	dict_release(&m->classes);
	free(m->class_n);
	free(m->source);
	memset(m, 0, sizeof *m);
}

/* The class of value s[0 .. n) (added when new), with w more rows. */
static uint32_t
class_of(struct msum *m, const char *s, size_t n, uint32_t h32, uint64_t w)
{
	return colsum_count(&m->classes, &m->class_n, &m->class_cap, s, n, h32,
	    w);
}

struct fold_job {
	struct msum *m;
	const struct table *t;
	const uint32_t *y;
	uint32_t *order;
};

static void
fold_one(void *ctx, size_t i)
{
	struct fold_job *j = ctx;
	struct msum *m = j->m;
	size_t c = j->order[i];
	int plain = (int)c == m->label_col || (int)c == m->id_col;

	colsum_fold(&m->col[c], &m->plan.col[c], &j->t->col[c],
	    j->t->nrows, plain ? NULL : j->y);
}

void
msum_fold(struct msum *m, const struct table *t, int threads)
{
	struct fold_job j;
	uint32_t *y = NULL, *map, id;
	uint64_t *cost, r;
	size_t c, n;
	const char *s;

	m->rows += t->nrows;
	m->nragged += t->nragged;
	if (m->label_col >= 0) {
		const struct column *lc = &t->col[m->label_col];

		map = xmalloc(((size_t)lc->dict.n + 1) * sizeof *map);
		for (id = 0; id < lc->dict.n; id++) {
			map[id] = UINT32_MAX;
			if (lc->dict.count[id] == 0)
				continue;
			if (lc->vmiss[id]) {
				m->unlabelled += lc->dict.count[id];
				continue;
			}
			s = dict_str(&lc->dict, id, &n);
			map[id] = class_of(m, s, n, lc->dict.hash[id],
			    lc->dict.count[id]);
		}
		y = xmalloc(((size_t)t->nrows + 1) * sizeof *y);
		for (r = 0; r < t->nrows; r++)
			y[r] = map[lc->code[r]];
		free(map);
		for (c = 0; c < m->ncols; c++)
			assocacc_classes(&m->col[c].as, m->classes.n);
	}
	/* the columns with the most values first: they take longest */
	j.order = xmalloc((m->ncols ? m->ncols : 1) * sizeof *j.order);
	cost = xmalloc((m->ncols ? m->ncols : 1) * sizeof *cost);
	for (c = 0; c < m->ncols; c++) {
		j.order[c] = (uint32_t)c;
		cost[c] = UINT32_MAX - (uint64_t)t->col[c].dict.n;
	}
	sort_idx_by_u64(j.order, m->ncols, cost);
	free(cost);
	j.m = m;
	j.t = t;
	j.y = y;
	parfor_run(m->ncols, threads, fold_one, &j, NULL, NULL, NULL);
	free(j.order);
	free(y);
}

int
msum_merge(struct msum *a, struct msum *b, struct err *e)
{
	uint32_t *remap, id;
	size_t c, n;
	const char *s;

	if (a->ncols != b->ncols)
		return err_set(e, ERR_DATA, "summaries of different data: "
		    "%zu and %zu columns", a->ncols, b->ncols);
	for (c = 0; c < a->ncols; c++)
		if (strcmp(a->name[c], b->name[c]) != 0)
			return err_set(e, ERR_DATA, "summaries of different "
			    "data: column %zu is '%s' in one, '%s' in the "
			    "other", c + 1, a->name[c], b->name[c]);
	if (a->label_col != b->label_col || a->id_col != b->id_col)
		return err_set(e, ERR_DATA, "summaries made with different "
		    "--label or --id columns");
	if (sumplan_fingerprint(&a->plan) != sumplan_fingerprint(&b->plan))
		return err_set(e, ERR_DATA, "summaries made with different "
		    "plans (bin edges and categories from different samples: "
		    "make every part with the same --plan)");
	remap = xmalloc(((size_t)b->classes.n + 1) * sizeof *remap);
	for (id = 0; id < b->classes.n; id++) {
		s = dict_str(&b->classes, id, &n);
		remap[id] = class_of(a, s, n, b->classes.hash[id],
		    b->class_n[id]);
	}
	for (c = 0; c < a->ncols; c++) {
		if (a->label_col >= 0)
			assocacc_classes(&a->col[c].as, a->classes.n);
		colsum_merge(&a->col[c], &b->col[c], &a->plan.col[c],
		    a->label_col >= 0 ? remap : NULL);
	}
	free(remap);
	a->unlabelled += b->unlabelled;
	a->rows += b->rows;
	a->nragged += b->nragged;
	if (b->byte_end > a->byte_end)
		a->byte_end = b->byte_end;
	if (b->byte_start < a->byte_start)
		a->byte_start = b->byte_start;
	a->parts += b->parts;
	return 0;
}

/* --- finishing ----------------------------------------------------- */

/* Can column c's exact values become a dict (counts below 2^32)? */
static int
fits_dict(const struct colsum *cs)
{
	uint32_t id;

	if (!cs->exact || cs->missing > UINT32_MAX - 1)
		return 0;
	for (id = 0; id < cs->vals.n; id++)
		if (cs->vcount[id] > UINT32_MAX - 1)
			return 0;
	return 1;
}

/* Column c of r->t from an exact part: its values become the column's
 * dict, derived as a loaded column is. */
static void
exact_column(struct column *col, struct colsum *cs, const char *const *na)
{
	uint32_t id;

	col->dict = cs->vals;
	dict_init(&cs->vals);
	for (id = 0; id < col->dict.n; id++)
		col->dict.count[id] = (uint32_t)cs->vcount[id];
	/* each missing marker met, with its cells: no value's text is a
	 * marker's (that would have made it missing) */
	for (id = 0; id < cs->marks.n; id++) {
		size_t n;
		const char *s = dict_str(&cs->marks, id, &n);
		uint32_t before = col->dict.n, k = dict_intern(&col->dict, s,
		    n);

		if (k >= before)
			col->dict.count[k] = (uint32_t)cs->mcount[id];
		else	/* cannot happen; counted right if it did */
			col->dict.count[k] += (uint32_t)cs->mcount[id] - 1;
	}
	table_column_derive(col, na);
}

static uint64_t
clamp_u64(double x, uint64_t lo, uint64_t hi)
{
	if (!(x >= (double)lo))
		return lo;
	if (x >= (double)hi)
		return hi;
	return (uint64_t)llround(x);
}

/* Column c of r->t from a sketched part: its top values become the
 * dict; the type is decided from the merged evidence. */
static void
sketch_column(struct column *col, const struct colsum *cs, double distinct)
{
	uint64_t nonmiss = cs->rows - cs->missing;
	uint32_t i, first;

	dict_init(&col->dict);
	for (i = 0; i < cs->top.n; i++) {
		uint32_t id = dict_intern(&col->dict, cs->top.it[i].s,
		    cs->top.it[i].len);

		col->dict.count[id] = cs->top.it[i].count > UINT32_MAX ?
		    UINT32_MAX : (uint32_t)cs->top.it[i].count;
	}
	/* then the missing markers (after the top values: top i is id i) */
	first = col->dict.n;
	for (i = 0; i < cs->marks.n; i++) {
		size_t n;
		const char *s = dict_str(&cs->marks, i, &n);
		uint32_t id = dict_intern(&col->dict, s, n);

		col->dict.count[id] = cs->mcount[i] > UINT32_MAX ?
		    UINT32_MAX : (uint32_t)cs->mcount[i];
	}
	col->vmiss = xcalloc(col->dict.n ? col->dict.n : 1, 1);
	for (i = first; i < col->dict.n; i++)
		col->vmiss[i] = 1;
	col->ndistinct = (uint32_t)(distinct > UINT32_MAX ? UINT32_MAX :
	    distinct);
	col->nmissing = cs->missing;
	if (!col->forced)
		col->type = infer_coltype(cs->all, cs->any, nonmiss,
		    (uint64_t)distinct, nonmiss ? (double)cs->bytes /
		    (double)nonmiss : 0, nonmiss ? (double)cs->spaced /
		    (double)nonmiss : 0);
	/* the evidence and the family agree (a numeric type needs every
	 * chunk numeric alike); keep the numbers only when they do */
	if (coltype_numeric(col->type) && (cs->fam == COLSUM_FAM_DEAD ||
	    cs->fam == COLSUM_FAM_NONE))
		col->type = COLTYPE_CAT;
}

/* Quantiles at stats_qprob from the KLL sketch, interpolated between
 * the order statistics as stats_quantiles does between exact ones. */
static void
kll_quantiles(const struct kll *k, double *q)
{
	uint64_t m = k->n ? k->n - 1 : 0, rank[2 * STATS_NQ], j;
	double v[2 * STATS_NQ], g[STATS_NQ];
	size_t i;

	for (i = 0; i < STATS_NQ; i++) {
		uint64_t pi = (uint64_t)llround(stats_qprob[i] * 100);

		j = m * pi / 100;
		g[i] = (double)(m * pi % 100) / 100.0;
		rank[2 * i] = j;
		rank[2 * i + 1] = j < m ? j + 1 : m;
	}
	/* kll_ranks wants them ascending: they are, pairwise */
	kll_ranks(k, rank, 2 * STATS_NQ, v);
	for (i = 0; i < STATS_NQ; i++)
		q[i] = g[i] == 0 || v[2 * i] == v[2 * i + 1] ? v[2 * i] :
		    v[2 * i] + g[i] * (v[2 * i + 1] - v[2 * i]);
}

/* Equal-width bins between min and max counted from the KLL sketch
 * (when the plan has no edges for the column); for integers, bins of a
 * whole number of integers (hist_int_bins), one per integer when they
 * are few. */
static void
kll_hist(const struct colsum *cs, int col, int isint, struct hist *h,
    struct summary_approx *ax)
{
	enum { NB = 10 };
	double e[NB + 1], lo = cs->mo.min, hi = cs->mo.max, w;
	struct fixhist f;
	uint64_t prev = 0, at;
	uint32_t i, nb = NB;

	isint = isint && lo < hi && fabs(lo) < 0x1p53 && fabs(hi) < 0x1p53;
	if (isint && hi - lo + 1 <= NB) {
		nb = (uint32_t)(hi - lo + 1);
		for (i = 0; i < nb; i++)
			e[i] = lo + i;
		e[nb] = hi;	/* the last bin holds hi alone (closed) */
	} else if (isint) {
		nb = hist_int_bins(lo, hi, NB, NB, &w);
		for (i = 0; i < nb; i++)
			e[i] = lo + w * i;
		e[nb] = hi;
	} else {
		for (i = 0; i <= NB; i++)
			e[i] = lo + (hi - lo) * i / NB;
		e[NB] = hi;
	}
	fixhist_init(&f, lo < hi ? nb + 1 : 2);
	if (lo < hi) {
		for (i = 0; i < nb; i++) {
			at = i + 1 == nb ? cs->kll.n : kll_rank_of(&cs->kll,
			    nextafter(e[i + 1], -INFINITY));
			f.count[i] = at > prev ? at - prev : 0;
			if (at > prev)
				prev = at;
		}
		ax->hist_err = (uint64_t)ceil(2 * KLL_EPS *
		    (double)cs->kll.n);
	} else {
		e[1] = hi;
		f.count[0] = cs->mo.n;
	}
	fixhist_to_hist(&f, e, HIST_RANGE, HIST_DAY, 1, lo, hi, cs->missing,
	    col, h);
	fixhist_release(&f);
}

static void
sketch_summary(const struct msum *m, size_t c, const struct column *col,
    double distinct, struct summary_col *sc)
{
	const struct colsum *cs = &m->col[c];
	const struct sumplan_col *pc = &m->plan.col[c];
	struct stats_col *st = &sc->st;
	struct summary_approx *ax = &sc->ax;
	uint64_t nonmiss = cs->rows - cs->missing, shown = 0;
	uint32_t i;

	memset(st, 0, sizeof *st);
	st->col = (int)c;
	st->type = col->type;
	st->count = cs->rows;
	st->missing = cs->missing;
	if (cs->missing)
		stats_marks(col, col->dict.count, NULL, col->dict.n, st);
	st->distinct = clamp_u64(distinct, cs->top.n < STATS_TOP ?
	    cs->top.n : STATS_TOP, nonmiss);
	ax->distinct = HLL_BOUND;
	st->min = st->max = st->mean = st->sd = st->len_avg = NAN;
	for (i = 0; i < STATS_NQ; i++)
		st->q[i] = NAN;
	st->ntop = cs->top.n < STATS_TOP ? cs->top.n : STATS_TOP;
	for (i = 0; i < st->ntop; i++) {
		st->top[i].id = i;
		st->top[i].count = cs->top.it[i].count;
		if (cs->top.it[i].err > ax->top_err)
			ax->top_err = cs->top.it[i].err;
	}
	ax->top = ax->top_err > 0;
	if (coltype_numeric(col->type)) {
		st->numeric = 1;
		st->nnum = cs->mo.n;
		st->min = cs->mo.min;
		st->max = cs->mo.max;
		st->mean = cs->mo.mean;
		st->sd = sqrt(moments_var(&cs->mo));
		st->zeros = cs->zeros;
		kll_quantiles(&cs->kll, st->q);
		ax->rank = KLL_EPS;
		if (pc->nedges >= 2 && col->type != COLTYPE_BOOL) {
			fixhist_to_hist(&cs->fh, pc->edges, pc->kind, pc->unit,
			    pc->step, cs->mo.min, cs->mo.max, cs->missing,
			    (int)c, &sc->h);
			ax->hist_edges = 1;
		} else {
			kll_hist(cs, (int)c, col->type == COLTYPE_INT ||
			    col->type == COLTYPE_BOOL, &sc->h,
			    ax);
		}
	} else {
		struct hist *h = &sc->h;
		uint32_t nb = cs->top.n < 10 ? cs->top.n : 10;

		if (col->type == COLTYPE_CAT || col->type == COLTYPE_TEXT) {
			st->strings = 1;
			st->len_min = cs->chars_min;
			st->len_max = cs->chars_max;
			if (nonmiss)
				st->len_avg = (double)cs->chars /
				    (double)nonmiss;
		}
		memset(h, 0, sizeof *h);
		h->col = (int)c;
		h->kind = nb ? HIST_CAT : HIST_EMPTY;
		h->other = h->nonpos = h->missing = HIST_NOBIN;
		h->bin = xcalloc(nb + 3, sizeof *h->bin);
		for (i = 0; i < nb; i++) {
			struct hist_bin *b = &h->bin[h->nbins++];

			b->kind = HIST_BIN_VALUE;
			b->id = i;
			b->lo = b->hi = NAN;
			b->count = cs->top.it[i].count;
			shown += b->count;
		}
		h->nvalue = h->nbins;
		if (nonmiss > shown || cs->top.n > nb) {
			struct hist_bin *b = &h->bin[h->nbins];

			b->kind = HIST_BIN_OTHER;
			b->id = DICT_NONE;
			b->lo = b->hi = NAN;
			b->count = nonmiss > shown ? nonmiss - shown : 0;
			h->other = h->nbins++;
		}
		if (cs->missing) {
			struct hist_bin *b = &h->bin[h->nbins];

			b->kind = HIST_BIN_MISSING;
			b->id = DICT_NONE;
			b->lo = b->hi = NAN;
			b->count = cs->missing;
			h->missing = h->nbins++;
		}
		h->total = cs->rows;
		if (ax->top)
			ax->hist_err = ax->top_err;
	}
}

/* Cramer's V or eta from the part's association counts; a text
 * column's measure from the plan. */
static void
finish_assoc(const struct msum *m, const struct msum_result *r, size_t c,
    struct summary_col *sc)
{
	const struct colsum *cs = &m->col[c];
	const struct column *col = &r->t->col[c];
	const struct sumplan_col *pc = &m->plan.col[c];

	if (!r->have_labels || (int)c == m->label_col || (int)c == m->id_col)
		return;
	if (coltype_numeric(col->type) && col->type != COLTYPE_BOOL) {
		sc->as.measure = ASSOC_ETA;
		sc->as.value = assocacc_eta(&cs->as, &sc->as.n);
		return;
	}
	if (col->type == COLTYPE_TEXT && pc->has_text) {
		/* measured on the plan's sample: exact when that held every
		 * row of the data */
		sc->as.measure = ASSOC_TEXT_NB;
		sc->as.value = pc->text.value;
		sc->as.accuracy = pc->text.accuracy;
		sc->as.baseline = pc->text.baseline;
		sc->as.n = pc->text.n;
		sc->as.labelled = pc->text.labelled;
		sc->ax.assoc_text_sample = m->plan.sample_rows != m->rows;
		return;
	}
	sc->as.measure = ASSOC_CRAMERS_V;
	sc->as.value = assocacc_cramers_v(&cs->as, &sc->as.n, &sc->as.ncat);
	sc->ax.assoc_sample = 1;
	/* exact values: the measure is the loaded table's when the data's
	 * ASSOC_TOP most frequent values are the plan's categories */
	if (sc->ax.distinct == 0) {
		struct stats_counts cnt;
		struct stats_top top[ASSOC_TOP];
		uint32_t n, i, j, hit = 0;
		size_t len;
		const char *s;

		stats_counts_init(&cnt, r->t, c, NULL);
		n = stats_top_values(col, &cnt, ASSOC_TOP, top);
		stats_counts_release(&cnt);
		for (i = 0; i < n; i++) {
			s = dict_str(&col->dict, top[i].id, &len);
			for (j = 0; j < pc->ncat; j++)
				if (pc->catlen[j] == len && memcmp(pc->cat[j],
				    s, len) == 0) {
					hit++;
					break;
				}
		}
		if (hit == n && n == pc->ncat)
			sc->ax.assoc_sample = 0;
	}
}

int
msum_finish(struct msum *m, const char *const *na, struct msum_result *r,
    struct err *e)
{
	struct table *t;
	double *dist;
	uint32_t *order, i;
	uint64_t *cnt;
	size_t c;

	memset(r, 0, sizeof *r);
	t = xcalloc(1, sizeof *t);
	t->path = xstrdup(m->source);
	t->nrows = m->rows;
	t->ncols = m->ncols;
	t->id_col = m->id_col;
	t->header = 1;
	t->file_size = m->file_size;
	t->nragged = m->nragged;
	t->col = xcalloc(m->ncols ? m->ncols : 1, sizeof *t->col);
	r->t = t;
	if (m->label_col >= 0) {
		if (m->classes.n == 0) {
			err_set(e, ERR_DATA, "%s: label column '%s' has no "
			    "value", m->source, m->name[m->label_col]);
			msum_result_release(r);
			return -1;
		}
		/* classes by count, ties by first sight (sort is stable) */
		order = xmalloc(m->classes.n * sizeof *order);
		cnt = xmalloc(m->classes.n * sizeof *cnt);
		for (i = 0; i < m->classes.n; i++) {
			order[i] = i;
			cnt[i] = UINT64_MAX - m->class_n[i];
		}
		sort_idx_by_u64(order, m->classes.n, cnt);
		r->L.col = m->label_col;
		r->L.k = m->classes.n;
		r->L.name = xcalloc(m->classes.n, sizeof *r->L.name);
		r->L.count = xcalloc(m->classes.n, sizeof *r->L.count);
		for (i = 0; i < m->classes.n; i++) {
			size_t n;
			const char *s = dict_str(&m->classes, order[i], &n);

			r->L.name[i] = xstrndup(s, n);
			r->L.count[i] = m->class_n[order[i]];
		}
		r->L.nmissing = m->unlabelled;
		r->L.nrows = m->rows;
		r->have_labels = 1;
		free(order);
		free(cnt);
	}
	dist = xcalloc(m->ncols ? m->ncols : 1, sizeof *dist);
	for (c = 0; c < m->ncols; c++) {
		struct column *col = &t->col[c];
		struct colsum *cs = &m->col[c];

		col->name = xstrdup(m->name[c]);
		col->forced = m->forced[c];
		if (col->forced)
			col->type = COLTYPE_TEXT;
		if (cs->exact && !fits_dict(cs))
			colsum_sketch(cs, &m->plan.col[c]);
		if (cs->exact) {
			exact_column(col, cs, na);
			dist[c] = -1;
		} else {
			dist[c] = hll_estimate(cs->hll);
			sketch_column(col, cs, dist[c]);
		}
	}
	r->sum.ncols = m->ncols;
	r->sum.col = xcalloc(m->ncols ? m->ncols : 1, sizeof *r->sum.col);
	r->sum.have_labels = r->have_labels;
	r->sum.streamed = 1;
	for (c = 0; c < m->ncols; c++) {
		struct summary_col *sc = &r->sum.col[c];

		if (dist[c] < 0) {
			struct hist_opts ho;

			stats_column(t, c, NULL, &sc->st);
			hist_opts_init(&ho);
			ho.nomap = 1;
			hist_build(&sc->h, t, c, NULL, &ho);
			assoc_column(t, c, NULL, NULL, &sc->h, &sc->as);
		} else {
			sketch_summary(m, c, &t->col[c], dist[c], sc);
			memset(&sc->as, 0, sizeof sc->as);
			sc->as.col = (int)c;
			sc->as.value = NAN;
			if (coltype_numeric(t->col[c].type) &&
			    t->col[c].type != COLTYPE_BOOL) {
				uint64_t *bc = xmalloc((sc->h.nvalue + 1) *
				    sizeof *bc);

				for (i = 0; i < sc->h.nvalue; i++)
					bc[i] = sc->h.bin[i].count;
				sc->as.nonuniformity = assoc_nonuniformity(bc,
				    sc->h.nvalue);
				free(bc);
			} else {
				/* needs every value's count */
				sc->as.nonuniformity = NAN;
			}
		}
		finish_assoc(m, r, c, sc);
	}
	free(dist);
	if (r->have_labels) {
		uint64_t *rows = xmalloc(r->L.k * sizeof *rows);

		for (i = 0; i < r->L.k; i++)
			rows[i] = r->L.count[i];
		labelhealth_counts(&r->sum.health, &r->L, rows, m->unlabelled,
		    NULL);
		r->sum.have_health = 1;
		free(rows);
	}
	return 0;
}

void
msum_result_release(struct msum_result *r)
{
	if (!r)
		return;
	summary_release(&r->sum);
	if (r->have_labels || r->L.name)
		labels_release(&r->L);
	table_free(r->t);
	memset(r, 0, sizeof *r);
}
