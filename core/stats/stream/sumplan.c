/*
 * sumplan.c - bins and categories from a sample (see sumplan.h).
 */
#include "core/stats/stream/sumplan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/labels.h"
#include "core/stats/assoc.h"
#include "core/stats/stats.h"
#include "core/util/hash.h"
#include "core/util/xalloc.h"

static void
plan_edges(struct sumplan_col *pc, const struct table *s, size_t c)
{
	struct hist h;
	struct hist_opts o;
	uint32_t i;

	hist_opts_init(&o);
	o.nomap = 1;
	hist_build(&h, s, c, NULL, &o);
	if (h.nvalue > 0 && (h.kind == HIST_RANGE || h.kind == HIST_INT ||
	    h.kind == HIST_TIME)) {
		pc->kind = h.kind == HIST_TIME ? HIST_TIME : HIST_RANGE;
		pc->unit = h.unit;
		pc->step = h.step;
		pc->nedges = h.nvalue + 1;
		pc->edges = xmalloc(pc->nedges * sizeof *pc->edges);
		for (i = 0; i < h.nvalue; i++)
			pc->edges[i] = h.bin[i].lo;
		pc->edges[h.nvalue] = h.bin[h.nvalue - 1].hi;
		/* a constant sample: one bin [v, v]; widen nothing, the
		 * end bins stretch to the data's min and max */
	}
	hist_release(&h);
}

void
sumplan_build(struct sumplan *p, const struct table *s, uint64_t seed,
    int label)
{
	size_t c;
	uint32_t i, n;
	struct stats_counts sc;
	struct stats_top top[ASSOC_TOP];
	struct labels L;
	struct err e;
	int have_labels = label >= 0 && (size_t)label < s->ncols &&
	    labels_init(&L, s, label, LABELS_BY_COUNT, &e) == 0;

	memset(p, 0, sizeof *p);
	p->ncols = s->ncols;
	p->seed = seed;
	p->sample_rows = s->nrows;
	p->col = xcalloc(s->ncols ? s->ncols : 1, sizeof *p->col);
	for (c = 0; c < s->ncols; c++) {
		struct sumplan_col *pc = &p->col[c];
		const struct column *col = &s->col[c];

		pc->kind = HIST_EMPTY;
		if (coltype_numeric(col->type) && col->type != COLTYPE_BOOL &&
		    col->vnum)
			plan_edges(pc, s, c);
		stats_counts_init(&sc, s, c, NULL);
		n = stats_top_values(col, &sc, ASSOC_TOP, top);
		stats_counts_release(&sc);
		pc->ncat = n;
		pc->cat = xcalloc(n ? n : 1, sizeof *pc->cat);
		pc->catlen = xcalloc(n ? n : 1, sizeof *pc->catlen);
		for (i = 0; i < n; i++) {
			size_t len;
			const char *v = dict_str(&col->dict, top[i].id, &len);

			pc->cat[i] = xmalloc(len + 1);
			memcpy(pc->cat[i], v, len + 1);
			pc->catlen[i] = (uint32_t)len;
		}
		if (have_labels && col->type == COLTYPE_TEXT &&
		    (int)c != label && (int)c != s->id_col) {
			pc->has_text = 1;
			textassoc_column(s, c, NULL, &L, &pc->text);
		}
	}
	if (have_labels)
		labels_release(&L);
}

void
sumplan_release(struct sumplan *p)
{
	size_t c;

	if (!p)
		return;
	for (c = 0; c < p->ncols && p->col; c++) {
		free(p->col[c].edges);
		xfree_strv(p->col[c].cat, p->col[c].ncat);
		free(p->col[c].catlen);
	}
	free(p->col);
	memset(p, 0, sizeof *p);
}

uint64_t
sumplan_fingerprint(const struct sumplan *p)
{
	uint64_t h = hash_u64(p->ncols, 0x5eedull);
	size_t c;
	uint32_t i;

	for (c = 0; c < p->ncols; c++) {
		const struct sumplan_col *pc = &p->col[c];

		h = hash_u64(h ^ ((uint64_t)pc->kind << 8 | pc->unit),
		    pc->step);
		h = hash_u64(h, pc->nedges);
		if (pc->nedges)
			h ^= hash_bytes(pc->edges, pc->nedges *
			    sizeof *pc->edges, h);
		h = hash_u64(h, pc->ncat);
		for (i = 0; i < pc->ncat; i++)
			h = hash_u64(h, hash_bytes(pc->cat[i], pc->catlen[i],
			    h));
		h = hash_u64(h, (uint64_t)pc->has_text);
		if (pc->has_text)
			h ^= hash_bytes(&pc->text, sizeof pc->text, h);
	}
	return h;
}

void
sumplan_col_copy(struct sumplan_col *d, const struct sumplan_col *s)
{
	uint32_t i;

	*d = *s;
	d->edges = NULL;
	if (s->nedges) {
		d->edges = xmalloc(s->nedges * sizeof *d->edges);
		memcpy(d->edges, s->edges, s->nedges * sizeof *d->edges);
	}
	d->cat = xcalloc(s->ncat ? s->ncat : 1, sizeof *d->cat);
	d->catlen = xcalloc(s->ncat ? s->ncat : 1, sizeof *d->catlen);
	for (i = 0; i < s->ncat; i++) {
		d->cat[i] = xmalloc(s->catlen[i] + 1);
		memcpy(d->cat[i], s->cat[i], s->catlen[i] + 1);
		d->catlen[i] = s->catlen[i];
	}
}

void
sumplan_copy(struct sumplan *dst, const struct sumplan *src)
{
	size_t c;

	*dst = *src;
	dst->col = xcalloc(src->ncols ? src->ncols : 1, sizeof *dst->col);
	for (c = 0; c < src->ncols; c++)
		sumplan_col_copy(&dst->col[c], &src->col[c]);
}
