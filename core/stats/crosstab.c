/*
 * crosstab.c - two histograms and one pass over the rows: each row's
 * cell is (bin of its a value, bin of its b value), looked up through the
 * histograms' per-value-id maps.
 */
#include "core/stats/crosstab.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

void
crosstab_opts_init(struct crosstab_opts *o)
{
	memset(o, 0, sizeof *o);
	o->top = 10;
	o->bins = CROSSTAB_BINS;
}

void
crosstab_build(struct crosstab *ct, const struct table *t, size_t a,
    size_t b, const struct rowset *rs, const struct crosstab_opts *o)
{
	struct hist_opts ho;
	uint64_t r, nr = rs ? rs->n : t->nrows;
	uint32_t row, i, j;
	const uint32_t *ca = t->col[a].code, *cb = t->col[b].code;

	memset(ct, 0, sizeof *ct);
	hist_opts_init(&ho);
	ho.max_bins = CROSSTAB_BINS;
	ho.round = 1;	/* a table is read by its labels */
	if (o) {
		ho.top = o->top;
		ho.max_bins = o->bins;
	}
	hist_build(&ct->ax[0], t, a, rs, &ho);
	hist_build(&ct->ax[1], t, b, rs, &ho);
	ct->nr = ct->ax[0].nbins;
	ct->nc = ct->ax[1].nbins;
	ct->cell = xcalloc((size_t)ct->nr * ct->nc + 1, sizeof *ct->cell);
	ct->rowtot = xcalloc(ct->nr + 1, sizeof *ct->rowtot);
	ct->coltot = xcalloc(ct->nc + 1, sizeof *ct->coltot);
	for (r = 0; r < nr; r++) {
		row = rs ? rs->row[r] : (uint32_t)r;
		i = hist_bin_of_id(&ct->ax[0], ca[row]);
		j = hist_bin_of_id(&ct->ax[1], cb[row]);
		if (i == HIST_NOBIN || j == HIST_NOBIN)
			continue;	/* cannot happen for the set's rows */
		ct->cell[(size_t)i * ct->nc + j]++;
		ct->rowtot[i]++;
		ct->coltot[j]++;
		ct->total++;
	}
}

void
crosstab_release(struct crosstab *ct)
{
	if (!ct)
		return;
	hist_release(&ct->ax[0]);
	hist_release(&ct->ax[1]);
	FREE_ALL(ct->cell, ct->rowtot, ct->coltot);
	memset(ct, 0, sizeof *ct);
}

uint64_t
crosstab_count(const struct crosstab *ct, uint32_t i, uint32_t j)
{
	if (i >= ct->nr || j >= ct->nc)
		return 0;
	return ct->cell[(size_t)i * ct->nc + j];
}

void
crosstab_cell_rows(const struct crosstab *ct, const struct table *t,
    const struct rowset *rs, uint32_t i, uint32_t j, struct rowset *out)
{
	uint64_t r, nr = rs ? rs->n : t->nrows;
	uint32_t row;
	const uint32_t *ca = t->col[ct->ax[0].col].code;
	const uint32_t *cb = t->col[ct->ax[1].col].code;

	rowset_release(out);
	if (i >= ct->nr || j >= ct->nc)
		return;
	for (r = 0; r < nr; r++) {
		row = rs ? rs->row[r] : (uint32_t)r;
		if (hist_bin_of_id(&ct->ax[0], ca[row]) == i &&
		    hist_bin_of_id(&ct->ax[1], cb[row]) == j)
			rowset_push(out, row);
	}
}
