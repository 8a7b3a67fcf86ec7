/*
 * summary.c - every column's statistics, histogram and association in
 * one fan-out (see summary.h).
 *
 * The association reuses the column's histogram (assoc_column() takes
 * it), so each column's values are counted for the histogram once.  The
 * fan-out's order only balances the threads: the biggest items start
 * first so that no thread is left with a long one at the end.
 */
#include "core/stats/summary.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/parfor.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

void
summary_opts_init(struct summary_opts *o)
{
	memset(o, 0, sizeof *o);
}

struct work {
	const struct table *t;
	const struct rowset *rs;	/* NULL: all rows */
	const struct labels *L;
	struct summary *s;
	uint32_t *order;		/* columns, most distinct values first */
	int health;			/* item 0 is the label check */
	int health_rc;
	struct err health_err;
};

static void
work_one(void *ctx, size_t i)
{
	struct work *w = ctx;
	struct summary_col *sc;
	struct hist_opts ho;
	size_t c;

	if (w->health && i == 0) {
		w->health_rc = labelhealth_check(&w->s->health, w->t, w->L,
		    w->rs, NULL, NULL, &w->health_err);
		return;
	}
	c = w->order[i - (size_t)w->health];
	sc = &w->s->col[c];
	stats_column(w->t, c, w->rs, &sc->st);
	hist_opts_init(&ho);
	ho.nomap = 1;	/* counts are all a summary needs */
	hist_build(&sc->h, w->t, c, w->rs, &ho);
	assoc_column(w->t, c, w->rs, w->L, &sc->h, &sc->as);
}

int
summary_build(struct summary *s, const struct table *t,
    const struct rowset *rs, const struct summary_opts *o, struct err *e)
{
	struct summary_opts def;
	struct work w;
	uint64_t *cost;
	size_t c, n = t->ncols;
	int rc;

	if (!o) {
		summary_opts_init(&def);
		o = &def;
	}
	memset(s, 0, sizeof *s);
	memset(&w, 0, sizeof w);
	w.t = t;
	w.rs = stats_rowset_is_all(t, rs) ? NULL : rs;
	w.L = o->labels;
	w.s = s;
	w.health = o->health && o->labels;
	err_clear(&w.health_err);
	/* most distinct values first, ties in column order (the sort is
	 * stable) */
	w.order = xmalloc((n ? n : 1) * sizeof *w.order);
	cost = xmalloc((n ? n : 1) * sizeof *cost);
	for (c = 0; c < n; c++) {
		w.order[c] = (uint32_t)c;
		cost[c] = UINT32_MAX - (uint64_t)t->col[c].dict.n;
	}
	sort_idx_by_u64(w.order, n, cost);
	free(cost);
	s->ncols = n;
	s->col = xcalloc(n ? n : 1, sizeof *s->col);
	s->have_labels = o->labels != NULL;
	rc = parfor_run(n + (size_t)w.health, o->threads, work_one, &w,
	    o->progress, "statistics", e);
	free(w.order);
	if (rc == 0 && w.health) {
		if (w.health_rc < 0) {
			*e = w.health_err;
			rc = -1;
		} else {
			s->have_health = 1;
		}
	}
	if (rc < 0)
		summary_release(s);
	return rc;
}

void
summary_release(struct summary *s)
{
	size_t c;

	if (!s)
		return;
	if (s->col)
		for (c = 0; c < s->ncols; c++)
			hist_release(&s->col[c].h);
	free(s->col);
	labelhealth_release(&s->health);
	memset(s, 0, sizeof *s);
}
