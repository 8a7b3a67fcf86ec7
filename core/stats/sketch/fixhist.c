/*
 * fixhist.c - counting into fixed edges (see fixhist.h).
 */
#include "core/stats/sketch/fixhist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

void
fixhist_init(struct fixhist *f, uint32_t nedges)
{
	memset(f, 0, sizeof *f);
	f->nbins = nedges > 1 ? nedges - 1 : 0;
	f->count = xcalloc(f->nbins ? f->nbins : 1, sizeof *f->count);
}

void
fixhist_release(struct fixhist *f)
{
	if (!f)
		return;
	free(f->count);
	memset(f, 0, sizeof *f);
}

void
fixhist_add(struct fixhist *f, const double *edges, double x, uint64_t w)
{
	uint32_t lo = 0, hi, mid;

	if (f->nbins == 0 || isnan(x))
		return;
	if (x < edges[0]) {
		f->under += w;
		return;
	}
	if (x > edges[f->nbins]) {
		f->over += w;
		return;
	}
	/* the last edge whose value is <= x, at most the last bin */
	hi = f->nbins;
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (edges[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	f->count[lo] += w;
}

void
fixhist_merge(struct fixhist *a, const struct fixhist *b)
{
	uint32_t i;

	for (i = 0; i < a->nbins && i < b->nbins; i++)
		a->count[i] += b->count[i];
	a->under += b->under;
	a->over += b->over;
}

void
fixhist_to_hist(const struct fixhist *f, const double *edges,
    enum hist_kind kind, enum hist_unit unit, uint32_t step, double min,
    double max, uint64_t missing, int col, struct hist *h)
{
	uint32_t i, nb = f->nbins;
	struct hist_bin *b;

	hist_release(h);
	memset(h, 0, sizeof *h);
	h->col = col;
	h->kind = nb ? kind : HIST_EMPTY;
	h->unit = unit;
	h->step = step;
	h->other = h->nonpos = h->missing = HIST_NOBIN;
	h->bin = xcalloc((size_t)nb + 1, sizeof *h->bin);
	for (i = 0; i < nb; i++) {
		b = &h->bin[h->nbins++];
		b->kind = HIST_BIN_RANGE;
		b->id = DICT_NONE;
		b->lo = edges[i];
		b->hi = edges[i + 1];
		b->count = f->count[i];
		h->total += b->count;
	}
	if (nb) {
		h->bin[0].count += f->under;
		h->bin[nb - 1].count += f->over;
		h->total += f->under + f->over;
		if (!isnan(min) && min < h->bin[0].lo)
			h->bin[0].lo = min;
		if (!isnan(max) && max > h->bin[nb - 1].hi)
			h->bin[nb - 1].hi = max;
		h->vmin = h->bin[0].lo;
		h->vmax = h->bin[nb - 1].hi;
	}
	h->nvalue = h->nbins;
	if (missing) {
		b = &h->bin[h->nbins];
		b->kind = HIST_BIN_MISSING;
		b->id = DICT_NONE;
		b->lo = b->hi = NAN;
		b->count = missing;
		h->missing = h->nbins++;
		h->total += missing;
	}
}
