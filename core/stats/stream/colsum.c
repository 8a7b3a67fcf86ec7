/*
 * colsum.c - one column's mergeable summary (see colsum.h).
 *
 * A chunk arrives as a loaded table column: its dict already holds each
 * distinct value once with its count, and its derived facts say which
 * values are missing and, when the chunk's type is numeric, their
 * numbers.  So nearly all the work here is per distinct value of the
 * chunk; only the association's counts need a pass over the rows.
 * Which numbers a column has is settled per chunk (its family: numbers,
 * dates or booleans); chunks that disagree, or that hold text, make the
 * column's type a string type in the end, as one load of the whole file
 * would, and its numbers are then not shown.
 */
#include "core/stats/stream/colsum.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/infer.h"
#include "core/stats/stats.h"
#include "core/util/xalloc.h"

void
colsum_init(struct colsum *cs, const struct sumplan_col *pc)
{
	memset(cs, 0, sizeof *cs);
	cs->all = INFER_ALL;
	cs->exact = 1;
	dict_init(&cs->vals);
	dict_init(&cs->marks);
	moments_init(&cs->mo);
	topk_init(&cs->top);
	kll_init(&cs->kll);
	if (pc->nedges >= 2)
		fixhist_init(&cs->fh, pc->nedges);
	assocacc_init(&cs->as, pc->ncat + 2);
}

void
colsum_missing(struct colsum *cs, uint64_t n, const uint64_t *per,
    uint32_t k)
{
	uint32_t j;

	cs->rows += n;
	cs->missing += n;
	if (n)
		colsum_mark(cs, "", 0, n);	/* no cell: empty, as loaded */
	if (k == 0)
		return;
	assocacc_classes(&cs->as, k);
	for (j = 0; j < k; j++)
		cs->as.tab[(size_t)j * cs->as.ncat + cs->as.ncat - 1] +=
		    per[j];
}

void
colsum_release(struct colsum *cs)
{
	if (!cs)
		return;
	dict_release(&cs->vals);
	free(cs->vcount);
	dict_release(&cs->marks);
	free(cs->mcount);
	free(cs->hll);
	topk_release(&cs->top);
	kll_release(&cs->kll);
	fixhist_release(&cs->fh);
	assocacc_release(&cs->as);
	memset(cs, 0, sizeof *cs);
}

double
colsum_number(enum colsum_fam fam, const char *s, size_t n)
{
	double v;
	int b, isint;

	switch (fam) {
	case COLSUM_FAM_NUM:
		if (infer_number(s, n, &v, &isint))
			return v;
		break;
	case COLSUM_FAM_DATE:
		if (infer_date(s, n, &v))
			return v;
		break;
	case COLSUM_FAM_BOOL:
		if (infer_bool(s, n, &b))
			return b;
		break;
	default:
		break;
	}
	return NAN;
}

static enum colsum_fam
type_fam(enum coltype t)
{
	switch (t) {
	case COLTYPE_EMPTY:
		return COLSUM_FAM_NONE;
	case COLTYPE_INT:
	case COLTYPE_FLOAT:
		return COLSUM_FAM_NUM;
	case COLTYPE_DATE:
		return COLSUM_FAM_DATE;
	case COLTYPE_BOOL:
		return COLSUM_FAM_BOOL;
	default:
		return COLSUM_FAM_DEAD;
	}
}

static enum colsum_fam
fam_join(enum colsum_fam a, enum colsum_fam b)
{
	if (a == COLSUM_FAM_NONE)
		return b;
	if (b == COLSUM_FAM_NONE || a == b)
		return a;
	return COLSUM_FAM_DEAD;
}

/*
 * The infer.h bits of a chunk column, as table_column_derive found them:
 * a numeric type says them outright; for strings they are recomputed
 * (usually the first value settles them at 0).
 */
static void
chunk_bits(const struct column *col, unsigned *all, unsigned *any)
{
	const struct dict *d = &col->dict;
	unsigned bits;
	uint32_t id;
	size_t n;
	const char *s;
	double v;
	int isint;

	*all = INFER_ALL;
	*any = 0;
	switch (col->type) {
	case COLTYPE_EMPTY:
		return;
	case COLTYPE_BOOL:
		*all = *any = INFER_BOOL;
		return;
	case COLTYPE_INT:
		*all = *any = INFER_INT | INFER_FLOAT;
		return;
	case COLTYPE_FLOAT:
		*all = *any = INFER_FLOAT;
		return;
	case COLTYPE_DATE:
		*all = *any = INFER_DATE;
		return;
	default:
		break;
	}
	if (col->forced) {
		*all = 0;
		return;
	}
	for (id = 0; id < d->n && *all; id++) {
		if (col->vmiss[id] || d->count[id] == 0)
			continue;
		s = dict_str(d, id, &n);
		if (infer_number(s, n, &v, &isint)) {
			bits = INFER_FLOAT;
			if (isint && fabs(v) < 9007199254740992.0)
				bits = infer_value(s, n);
		} else if (*all & (INFER_DATE | INFER_BOOL)) {
			bits = infer_value(s, n);
		} else {
			bits = 0;
		}
		*all &= bits;
		*any |= bits;
	}
}

uint32_t
colsum_count(struct dict *d, uint64_t **count, size_t *cap,
    const char *s, size_t n, uint32_t h32, uint64_t w)
{
	uint32_t before = d->n, id = dict_intern_h(d, s, n, h32);

	if (id >= *cap)
		*count = xgrow(*count, cap, (size_t)id + 1, sizeof **count);
	if (d->n > before)
		(*count)[id] = 0;	/* a new string */
	(*count)[id] += w;
	return id;
}

static void
vals_intern(struct colsum *cs, const char *s, size_t n, uint32_t h32,
    uint64_t w)
{
	colsum_count(&cs->vals, &cs->vcount, &cs->vcap, s, n, h32, w);
}

void
colsum_mark(struct colsum *cs, const char *s, size_t n, uint64_t w)
{
	uint32_t before = cs->marks.n, id = dict_intern(&cs->marks, s, n);

	if (id >= cs->mcap || !cs->mcount)
		cs->mcount = xgrow(cs->mcount, &cs->mcap, (size_t)id + 1,
		    sizeof *cs->mcount);
	if (cs->marks.n > before)
		cs->mcount[id] = 0;
	cs->mcount[id] += w;
}

static int
over_cap(const struct colsum *cs)
{
	return cs->vals.n > COLSUM_EXACT_MAX ||
	    cs->vals.nbytes > COLSUM_EXACT_BYTES;
}

static int
fam_alive(enum colsum_fam f)
{
	return f != COLSUM_FAM_NONE && f != COLSUM_FAM_DEAD;
}

/* Sketch values [from, to) of a dict whose missing markers are miss[]
 * (NULL: none) with counts cnt[] and numbers num[] (NULL: parse them
 * under cs->fam). */
static void
sketch_values(struct colsum *cs, const struct sumplan_col *pc,
    const struct dict *d, const uint8_t *miss, const uint64_t *cnt64,
    const uint32_t *cnt32, const double *num, uint32_t from, uint32_t to)
{
	const char **sv;
	uint32_t *lv, id, m = 0;
	uint64_t *cv, w;
	size_t n;
	const char *s;
	struct topk part;
	int alive = fam_alive(cs->fam);
	double x;

	if (to <= from)
		return;
	sv = xmalloc((size_t)(to - from) * sizeof *sv);
	lv = xmalloc((size_t)(to - from) * sizeof *lv);
	cv = xmalloc((size_t)(to - from) * sizeof *cv);
	for (id = from; id < to; id++) {
		w = cnt64 ? cnt64[id] : cnt32[id];
		if (w == 0 || (miss && miss[id]))
			continue;
		s = dict_str(d, id, &n);
		hll_add(cs->hll, hll_hash(s, n));
		sv[m] = s;
		lv[m] = (uint32_t)n;
		cv[m++] = w;
		if (alive) {
			x = num ? num[id] : colsum_number(cs->fam, s, n);
			kll_add(&cs->kll, x, w);
			if (pc->nedges >= 2)
				fixhist_add(&cs->fh, pc->edges, x, w);
		}
	}
	topk_init(&part);
	topk_of(&part, sv, lv, cv, m);
	topk_merge(&cs->top, &part);
	topk_release(&part);
	FREE_ALL(sv, lv, cv);
}

void
colsum_sketch(struct colsum *cs, const struct sumplan_col *pc)
{
	if (!cs->exact)
		return;
	cs->exact = 0;
	cs->hll = xmalloc(sizeof *cs->hll);
	hll_init(cs->hll);
	/* the map holds no missing marker (colsum_fold counts them apart) */
	sketch_values(cs, pc, &cs->vals, NULL, cs->vcount, NULL, NULL, 0,
	    cs->vals.n);
	dict_release(&cs->vals);
	free(cs->vcount);
	cs->vcount = NULL;
	cs->vcap = 0;
}

/* The plan's category of each value of a chunk dict: its index among
 * the plan's values, pc->ncat for "other", pc->ncat + 1 for missing. */
static uint32_t *
chunk_cats(const struct sumplan_col *pc, const struct column *col)
{
	const struct dict *d = &col->dict;
	uint32_t *cat = xmalloc(((size_t)d->n + 1) * sizeof *cat), id, i;
	uint32_t h[64];
	int slot[64];
	size_t n;
	const char *s;

	/* the plan's values by the low bits of their dict hash */
	for (i = 0; i < 64; i++)
		slot[i] = -1;
	for (i = 0; i < pc->ncat; i++) {
		uint32_t x = (uint32_t)dict_hash(pc->cat[i], pc->catlen[i]);
		uint32_t j = x & 63;

		while (slot[j] >= 0)
			j = (j + 1) & 63;
		slot[j] = (int)i;
		h[j] = x;
	}
	for (id = 0; id < d->n; id++) {
		uint32_t x = d->hash[id], j = x & 63;

		cat[id] = pc->ncat;
		if (col->vmiss[id]) {
			cat[id] = pc->ncat + 1;
			continue;
		}
		if (pc->ncat == 0)
			continue;
		for (; slot[j] >= 0; j = (j + 1) & 63) {
			if (h[j] != x)
				continue;
			s = dict_str(d, id, &n);
			i = (uint32_t)slot[j];
			if (n == pc->catlen[i] && memcmp(s, pc->cat[i], n) == 0) {
				cat[id] = i;
				break;
			}
		}
	}
	return cat;
}

void
colsum_fold(struct colsum *cs, const struct sumplan_col *pc,
    const struct column *col, uint64_t nrows, const uint32_t *y)
{
	const struct dict *d = &col->dict;
	enum colsum_fam cf = col->forced ? COLSUM_FAM_DEAD : type_fam(col->type);
	unsigned all, any;
	uint32_t id, from;
	uint64_t w, len, nn = 0;
	size_t n;
	const char *s;
	int alive;

	cs->fam = fam_join(cs->fam, cf);
	alive = fam_alive(cs->fam) && cf == cs->fam && col->vnum;
	chunk_bits(col, &all, &any);
	cs->all &= all;
	cs->any |= any;
	from = cs->exact ? d->n : 0;
	for (id = 0; id < d->n; id++) {
		w = d->count[id];
		if (w == 0)
			continue;
		cs->rows += w;
		s = dict_str(d, id, &n);
		if (col->vmiss[id]) {
			cs->missing += w;
			infer_trim(&s, &n);
			colsum_mark(cs, s, n, w);
			continue;
		}
		cs->bytes += (uint64_t)n * w;
		if (memchr(s, ' ', n))
			cs->spaced += w;
		len = stats_utf8_chars(s, n);
		if (cs->rows - cs->missing == w || len < cs->chars_min)
			cs->chars_min = len;
		if (len > cs->chars_max)
			cs->chars_max = len;
		cs->chars += len * w;
		if (id < from) {
			vals_intern(cs, s, n, d->hash[id], w);
			if (over_cap(cs)) {
				colsum_sketch(cs, pc);
				from = id + 1;
			}
		}
	}
	if (!cs->exact)
		sketch_values(cs, pc, d, col->vmiss, NULL, d->count,
		    alive ? col->vnum : NULL, from, d->n);
	if (alive) {
		double *v = xmalloc(((size_t)d->n + 1) * sizeof *v);
		uint64_t *wt = xmalloc(((size_t)d->n + 1) * sizeof *wt);
		struct moments m;

		for (id = 0; id < d->n; id++) {
			if (col->vmiss[id] || d->count[id] == 0 ||
			    isnan(col->vnum[id]))
				continue;
			v[nn] = col->vnum[id];
			wt[nn++] = d->count[id];
			if (col->vnum[id] == 0)
				cs->zeros += d->count[id];
		}
		moments_of(&m, v, wt, nn);
		moments_merge(&cs->mo, &m);
		free(v);
		free(wt);
	}
	if (y && cs->as.k > 0) {
		uint32_t *cat = chunk_cats(pc, col);

		assocacc_fold(&cs->as, col->code, y, nrows, cat, alive ?
		    col->vnum : NULL);
		free(cat);
	}
}

void
colsum_merge(struct colsum *a, struct colsum *b,
    const struct sumplan_col *pc, const uint32_t *remap)
{
	uint32_t id;
	size_t n;
	const char *s;

	if (b->rows - b->missing > 0) {
		if (a->rows - a->missing == 0 || b->chars_min < a->chars_min)
			a->chars_min = b->chars_min;
		if (b->chars_max > a->chars_max)
			a->chars_max = b->chars_max;
	}
	a->rows += b->rows;
	a->missing += b->missing;
	for (id = 0; id < b->marks.n; id++) {
		s = dict_str(&b->marks, id, &n);
		colsum_mark(a, s, n, b->mcount[id]);
	}
	a->all &= b->all;
	a->any |= b->any;
	a->bytes += b->bytes;
	a->spaced += b->spaced;
	a->chars += b->chars;
	{
		enum colsum_fam f = fam_join(a->fam, b->fam);

		if (fam_alive(f)) {
			moments_merge(&a->mo, &b->mo);
			a->zeros += b->zeros;
		}
		a->fam = f;
	}
	if (a->exact && b->exact) {
		for (id = 0; id < b->vals.n; id++) {
			s = dict_str(&b->vals, id, &n);
			vals_intern(a, s, n, b->vals.hash[id], b->vcount[id]);
		}
		if (over_cap(a))
			colsum_sketch(a, pc);
	} else {
		colsum_sketch(a, pc);
		colsum_sketch(b, pc);
		hll_merge(a->hll, b->hll);
		topk_merge(&a->top, &b->top);
		kll_merge(&a->kll, &b->kll);
		if (pc->nedges >= 2)
			fixhist_merge(&a->fh, &b->fh);
	}
	if (remap)
		assocacc_merge(&a->as, &b->as, remap);
}
