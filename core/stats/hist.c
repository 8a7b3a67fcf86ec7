/*
 * hist.c - histogram bins from value counts.
 *
 * A histogram is decided from the set's value counts (stats_counts), then
 * every value id of the column gets its bin once (idbin), so counting a
 * bin, the per-class breakdown and drill-down are all table lookups.
 * Bin edges are exact: bin i of a range histogram is
 * [base + i width, base + (i+1) width), computed the same way by
 * hist_bin_of_num, so drill-down agrees with the counts to the last bit.
 */
#include "core/stats/hist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats/stats.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"

void
hist_opts_init(struct hist_opts *o)
{
	memset(o, 0, sizeof *o);
	o->top = 10;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The unit index of x seconds. */
static int64_t
unit_index(enum hist_unit u, uint32_t step, double x)
{
	int64_t days, y;
	int m, d;

	switch (u) {
	case HIST_SECOND:
		return (int64_t)floor(x);
	case HIST_MINUTE:
		return (int64_t)floor(x / 60);
	case HIST_HOUR:
		return (int64_t)floor(x / 3600);
	case HIST_DAY:
		return (int64_t)floor(x / 86400);
	case HIST_MONTH:
	case HIST_YEAR:
		break;
	}
	days = (int64_t)floor(x / 86400);
	time_civil_from_days(days, &y, &m, &d);
	if (u == HIST_MONTH)
		return y * 12 + (int64_t)m - 1;
	return floor_div(y, step);
}

double
hist_unit_start(enum hist_unit u, uint32_t step, int64_t i)
{
	int64_t y;

	switch (u) {
	case HIST_SECOND:
		return (double)i;
	case HIST_MINUTE:
		return (double)i * 60;
	case HIST_HOUR:
		return (double)i * 3600;
	case HIST_DAY:
		return (double)i * 86400;
	case HIST_MONTH:
		y = floor_div(i, 12);
		return (double)time_days_from_civil(y, (int)(i - y * 12 + 1),
		    1) * 86400;
	case HIST_YEAR:
		break;
	}
	return (double)time_days_from_civil(i * (int64_t)step, 1, 1) * 86400;
}

/* Freedman-Diaconis bin count for n values spanning span with the given
 * IQR; Sturges when the IQR is 0; clamped to HIST_MIN_BINS .. maxb. */
static uint32_t
fd_bins(uint64_t n, double span, double iqr, uint32_t maxb)
{
	double h = 2 * iqr / cbrt((double)n), nb;

	if (h > 0 && isfinite(h))
		nb = ceil(span / h);
	else
		nb = ceil(log2((double)n)) + 1;
	if (!(nb >= HIST_MIN_BINS))
		nb = HIST_MIN_BINS;
	if (nb > maxb)
		nb = maxb;
	return (uint32_t)nb;
}

/* Integers in the last of nb bins of w over n integers, as a share of
 * w (1: full); 0 when w makes fewer than nb bins. */
static double
last_share(double n, uint32_t nb, double w)
{
	if (ceil(n / w) != nb)
		return 0;
	return (n - (nb - 1) * w) / w;
}

uint32_t
hist_int_bins(double min, double max, uint32_t want, uint32_t max_bins,
    double *width)
{
	double n = max - min + 1, share, best = -1;
	uint32_t nb, lo, lo34, got = 0, tier;

	if (want > max_bins)
		want = max_bins;
	if (want < 1)
		want = 1;
	lo = want / 2 > HIST_MIN_BINS ? want / 2 : HIST_MIN_BINS;
	if (lo > want)
		lo = want;
	lo34 = (want * 3 + 3) / 4 > lo ? (want * 3 + 3) / 4 : lo;
	/* the most bins that divide the range, down to half of want; then
	 * the most, down to three quarters, whose last bin is at least
	 * three quarters full; then the fullest last bin */
	for (tier = 0; tier < 3 && !got; tier++)
		for (nb = want; nb >= (tier == 1 ? lo34 : lo) && nb >= 1;
		    nb--) {
			share = last_share(n, nb, ceil(n / nb));
			if ((tier == 0 && share >= 1) ||
			    (tier == 1 && share >= 0.75)) {
				got = nb;
				break;
			}
			if (tier == 2 && share > best) {
				best = share;
				got = nb;
			}
		}
	if (!got)
		got = (uint32_t)ceil(n / ceil(n / want));
	*width = ceil(n / got);
	return got;
}

uint32_t
hist_spark(const struct hist *h, int with_other, double *out, uint32_t w)
{
	uint32_t nb = h->nvalue + (with_other && h->other != HIST_NOBIN),
	    ng, g, i, a, b;

	if (nb == 0 || w == 0)
		return 0;
	ng = nb < w ? nb : w;
	for (g = 0; g < ng; g++) {
		double s = 0;

		a = (uint32_t)((uint64_t)g * nb / ng);
		b = (uint32_t)((uint64_t)(g + 1) * nb / ng);
		for (i = a; i < b; i++)
			s += (double)(i < h->nvalue ? h->bin[i].count :
			    h->bin[h->other].count);
		out[g] = s / (double)(b - a);
	}
	return ng;
}

/* Type-7 quantile p of the values of ranks [off, off + n) under f. */
static double
sub_quantile(const struct column *c, const uint32_t *cnt, uint64_t off,
    uint64_t n, double p, int lg)
{
	uint64_t r[2], j;
	double v[2], h, g;

	h = (double)(n - 1) * p;
	j = (uint64_t)floor(h);
	g = h - (double)j;
	r[0] = off + j;
	r[1] = off + (j + 1 < n ? j + 1 : j);
	stats_order_stats(c, cnt, r, 2, v);
	if (lg) {
		v[0] = log10(v[0]);
		v[1] = log10(v[1]);
	}
	return v[0] + g * (v[1] - v[0]);
}

static uint32_t
add_bin(struct hist *h, enum hist_bin_kind kind)
{
	struct hist_bin *b = &h->bin[h->nbins];

	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->lo = b->hi = NAN;
	b->id = DICT_NONE;
	return h->nbins++;
}

uint32_t
hist_bin_of_num(const struct hist *h, double v)
{
	double x, lo;
	int64_t i;

	if (isnan(v))
		return h->missing;
	switch (h->kind) {
	case HIST_RANGE:
		if (h->log) {
			if (v <= 0)
				return h->nonpos;
			x = log10(v);
		} else {
			x = v;
		}
		if (v < h->vmin || v > h->vmax || h->nvalue == 0)
			return HIST_NOBIN;
		if (h->nvalue == 1 || !(h->width > 0))
			return 0;
		/* clamp before converting: huge spans give inf or NaN */
		x = floor((x - h->base) / h->width);
		i = !(x >= 0) ? 0 : x >= h->nvalue ? h->nvalue - 1 :
		    (int64_t)x;
		/* honour the stored edges exactly: bin i is the last whose
		 * lo is <= v */
		lo = h->bin[i].lo;
		while (v < lo && i > 0)
			lo = h->bin[--i].lo;
		while (i + 1 < (int64_t)h->nvalue && v >= h->bin[i + 1].lo)
			i++;
		return (uint32_t)i;
	case HIST_INT:
		if (v < h->vmin || v > h->vmax)
			return HIST_NOBIN;
		i = (int64_t)floor(v) - h->ibase;
		return i >= 0 && i < (int64_t)h->nvalue ? (uint32_t)i :
		    HIST_NOBIN;
	case HIST_TIME:
		if (v < h->vmin || v > h->vmax)
			return HIST_NOBIN;
		i = unit_index(h->unit, h->step, v) - h->ibase;
		return i >= 0 && i < (int64_t)h->nvalue ? (uint32_t)i :
		    HIST_NOBIN;
	case HIST_EMPTY:
	case HIST_CAT:
		break;
	}
	return HIST_NOBIN;
}

uint32_t
hist_bin_of_id(const struct hist *h, uint32_t id)
{
	return h->idbin && id < h->nid ? h->idbin[id] : HIST_NOBIN;
}

/* Edge j of round bins: j times m 10^e, the decimal rounded once. */
static double
round_edge(double j, double m, int e)
{
	return e >= 0 ? j * m * pow(10, e) : j * m / pow(10, -e);
}

/*
 * Round range bins over [min, max] (min < max): the smallest width m
 * 10^e, m in 1, 2, 5 (a whole number for integers), whose multiples cut
 * [min, max] into at most want bins.  The first bin starts at min and
 * the last ends at max (closed), as range bins do; the edges between
 * are multiples of the width, so labels stay short ("2.5k-3k").
 */
static void
round_bins(struct hist *h, double min, double max, uint32_t want, int isint)
{
	static const double ms[3] = { 1, 2, 5 };
	double w = (max - min) / want, m = 1, k0 = 0, k1 = 0;
	int e = (int)floor(log10(w)) - 1, i, tries;
	uint32_t b, nb = 1;

	if (!isfinite(w) || !(w > 0)) {
		e = 0;
		want = 1;
	}
	for (tries = 0; tries < 12; tries++, e++) {
		for (i = 0; i < 3; i++) {
			m = ms[i];
			w = round_edge(1, m, e);
			if (isint && w < 1)
				continue;
			k0 = floor(min / w);
			while (round_edge(k0, m, e) > min)
				k0--;
			while (round_edge(k0 + 1, m, e) <= min)
				k0++;
			k1 = floor(max / w);
			while (round_edge(k1, m, e) > max)
				k1--;
			while (round_edge(k1 + 1, m, e) <= max)
				k1++;
			/* max on an edge closes the bin before it */
			if (k1 > k0 && round_edge(k1, m, e) == max)
				k1--;
			if (k1 - k0 + 1 <= want)
				goto found;
		}
	}
found:
	nb = (uint32_t)(k1 - k0 + 1);
	h->base = round_edge(k0, m, e);
	h->width = w;
	h->nvalue = nb;
	h->bin = xcalloc(nb + 2, sizeof *h->bin);
	for (b = 0; b < nb; b++) {
		add_bin(h, HIST_BIN_RANGE);
		h->bin[b].lo = b == 0 ? min : round_edge(k0 + b, m, e);
		h->bin[b].hi = b + 1 == nb ? max : round_edge(k0 + b + 1, m,
		    e);
	}
}

/* Numeric column: range, integer or time bins over [min, max]. */
static void
numeric_bins(struct hist *h, const struct column *c,
    const struct stats_counts *sc, const struct hist_opts *o,
    uint64_t n, double min, double max)
{
	uint32_t nb, i, maxb = o->max_bins;
	uint64_t nonpos = 0, npos;
	double q1, q3, lmin, lmax;
	int isint;

	if (maxb == 0 || maxb > HIST_MAX_BINS)
		maxb = HIST_MAX_BINS;
	if (maxb < HIST_MIN_BINS)
		maxb = HIST_MIN_BINS;
	h->vmin = min;
	h->vmax = max;
	if (c->type == COLTYPE_DATE) {
		static const enum hist_unit units[] = { HIST_SECOND,
		    HIST_MINUTE, HIST_HOUR, HIST_DAY, HIST_MONTH, HIST_YEAR };
		static const uint32_t steps[] = { 1, 2, 5, 10, 20, 50, 100,
		    200, 500, 1000, 2000, 5000, 10000, 100000, 1000000 };
		int64_t a = 0, b = 0;
		size_t u, s;

		h->kind = HIST_TIME;
		for (u = 0; u < sizeof units / sizeof *units; u++) {
			h->unit = units[u];
			h->step = 1;
			for (s = 0; s < (h->unit == HIST_YEAR ?
			    sizeof steps / sizeof *steps : 1); s++) {
				h->step = steps[s];
				a = unit_index(h->unit, h->step, min);
				b = unit_index(h->unit, h->step, max);
				if (b - a + 1 <= HIST_MAX_BINS)
					goto found;
			}
		}
found:
		h->ibase = a;
		h->nvalue = (uint32_t)(b - a + 1);
		h->bin = xcalloc(h->nvalue + 2, sizeof *h->bin);
		for (i = 0; i < h->nvalue; i++) {
			add_bin(h, HIST_BIN_RANGE);
			h->bin[i].lo = hist_unit_start(h->unit, h->step,
			    a + i);
			h->bin[i].hi = hist_unit_start(h->unit, h->step,
			    a + i + 1);
		}
		return;
	}
	if (o->log) {
		h->log = 1;
		for (i = 0; i < c->nvorder; i++) {
			uint32_t id = c->vorder[i];

			if (c->vnum[id] > 0)
				break;
			nonpos += sc->n[id];
		}
		npos = n - nonpos;
		h->kind = HIST_RANGE;
		h->bin = xcalloc(HIST_MAX_BINS + 3, sizeof *h->bin);
		if (npos == 0) {
			h->vmin = h->vmax = NAN;
			return;
		}
		stats_order_stats(c, sc->n, &nonpos, 1, &h->vmin);
		lmin = log10(h->vmin);
		lmax = log10(max);
		q1 = sub_quantile(c, sc->n, nonpos, npos, 0.25, 1);
		q3 = sub_quantile(c, sc->n, nonpos, npos, 0.75, 1);
		nb = lmax > lmin ? fd_bins(npos, lmax - lmin, q3 - q1,
		    maxb) : 1;
		h->base = lmin;
		h->width = (lmax - lmin) / nb;
		h->nvalue = nb;
		for (i = 0; i < nb; i++) {
			add_bin(h, HIST_BIN_RANGE);
			h->bin[i].lo = i == 0 ? h->vmin :
			    pow(10, lmin + h->width * i);
			h->bin[i].hi = i + 1 == nb ? max :
			    pow(10, lmin + h->width * (i + 1));
		}
		return;
	}
	isint = (c->type == COLTYPE_INT || c->type == COLTYPE_BOOL) &&
	    fabs(min) < 0x1p53 && fabs(max) < 0x1p53;
	if (isint && max - min + 1 <= maxb) {
		h->kind = HIST_INT;
		h->ibase = (int64_t)floor(min);
		h->nvalue = (uint32_t)((int64_t)floor(max) - h->ibase + 1);
		h->bin = xcalloc(h->nvalue + 2, sizeof *h->bin);
		for (i = 0; i < h->nvalue; i++) {
			add_bin(h, HIST_BIN_RANGE);
			h->bin[i].lo = (double)(h->ibase + i);
			h->bin[i].hi = (double)(h->ibase + i + 1);
		}
		return;
	}
	h->kind = HIST_RANGE;
	if (max > min) {
		double p[2] = { 0.25, 0.75 }, q[2];

		stats_quantiles(c, sc->n, n, p, 2, q);
		q1 = q[0];
		q3 = q[1];
		nb = fd_bins(n, max - min, q3 - q1, maxb);
	} else {
		nb = 1;
	}
	if (o->round && max > min) {
		round_bins(h, min, max, nb, isint);
		return;
	}
	h->base = min;
	if (isint)	/* whole-number widths: integer edges, flat bars */
		nb = hist_int_bins(min, max, nb, maxb, &h->width);
	else
		h->width = (max - min) / nb;
	h->nvalue = nb;
	h->bin = xcalloc(nb + 2, sizeof *h->bin);
	for (i = 0; i < nb; i++) {
		add_bin(h, HIST_BIN_RANGE);
		h->bin[i].lo = i == 0 ? min : min + h->width * i;
		h->bin[i].hi = i + 1 == nb ? max : min + h->width * (i + 1);
	}
}

void
hist_build(struct hist *h, const struct table *t, size_t col,
    const struct rowset *rs, const struct hist_opts *opts)
{
	const struct column *c = &t->col[col];
	struct hist_opts defaults;
	const struct hist_opts *o = opts;
	struct stats_counts sc;
	uint64_t n = 0, missing = 0, other = 0, w;
	uint32_t i, id, b;
	double min = NAN, max = NAN;
	int numeric, map;

	if (!o) {
		hist_opts_init(&defaults);
		o = &defaults;
	}
	memset(h, 0, sizeof *h);
	h->col = (int)col;
	h->other = h->nonpos = h->missing = HIST_NOBIN;
	h->step = 1;
	stats_counts_init(&sc, t, col, rs);
	h->total = sc.rows;
	for (i = 0; i < sc.nseen; i++) {
		id = stats_counts_id(&sc, i);
		if (c->vmiss[id])
			missing += sc.n[id];
	}
	numeric = coltype_numeric(c->type) && c->vnum && c->vorder;
	if (numeric) {
		for (i = 0; i < c->nvorder; i++) {
			id = c->vorder[i];
			w = sc.n[id];
			if (w == 0)
				continue;
			if (n == 0)
				min = c->vnum[id];
			max = c->vnum[id];
			n += w;
		}
	}
	map = !o->nomap || o->labels;
	if (map) {
		h->nid = c->dict.n;
		h->idbin = xmalloc((h->nid ? h->nid : 1) * sizeof *h->idbin);
		for (id = 0; id < h->nid; id++)
			h->idbin[id] = HIST_NOBIN;
	}
	if (numeric && n > 0) {
		uint32_t bb = 0;

		numeric_bins(h, c, &sc, o, n, min, max);
		/* the "<= 0" bar of a log histogram */
		if (h->log) {
			uint64_t np = 0;

			for (i = 0; i < c->nvorder; i++) {
				id = c->vorder[i];
				if (c->vnum[id] > 0)
					break;
				np += sc.n[id];
			}
			if (np > 0)
				h->nonpos = add_bin(h, HIST_BIN_NONPOS);
		}
		if (missing > 0)
			h->missing = add_bin(h, HIST_BIN_MISSING);
		/* values ascending, bins ascending: for range bins a merge,
		 * the same "last bin whose lo <= v" as hist_bin_of_num */
		for (i = 0; i < c->nvorder; i++) {
			double x;

			id = c->vorder[i];
			x = c->vnum[id];
			if (x > h->vmax)
				break;
			if (h->log && x <= 0)
				b = x >= min ? h->nonpos : HIST_NOBIN;
			else if (h->kind != HIST_RANGE)
				b = hist_bin_of_num(h, x);
			else if (x < h->vmin || h->nvalue == 0)
				b = HIST_NOBIN;
			else {
				while (bb + 1 < h->nvalue &&
				    x >= h->bin[bb + 1].lo)
					bb++;
				b = bb;
			}
			if (b == HIST_NOBIN)
				continue;
			h->bin[b].count += sc.n[id];
			if (map)
				h->idbin[id] = b;
		}
	} else if (numeric) {
		h->kind = HIST_EMPTY;
		h->bin = xcalloc(1, sizeof *h->bin);
		if (missing > 0)
			h->missing = add_bin(h, HIST_BIN_MISSING);
	} else {
		struct stats_top *top;
		uint32_t k = o->top, ntop;

		if (k < 1)
			k = 1;
		if (k > HIST_MAX_BINS)
			k = HIST_MAX_BINS;
		top = xmalloc(k * sizeof *top);
		ntop = stats_top_values(c, &sc, k, top);
		h->kind = ntop ? HIST_CAT : HIST_EMPTY;
		h->bin = xcalloc(ntop + 2, sizeof *h->bin);
		for (i = 0; i < ntop; i++) {
			add_bin(h, HIST_BIN_VALUE);
			h->bin[i].id = top[i].id;
			h->bin[i].count = top[i].count;
		}
		h->nvalue = ntop;
		for (i = 0; i < sc.nseen; i++) {
			id = stats_counts_id(&sc, i);
			if (!c->vmiss[id])
				other += sc.n[id];
		}
		for (i = 0; i < ntop; i++)
			other -= top[i].count;
		if (other > 0) {
			h->other = add_bin(h, HIST_BIN_OTHER);
			h->bin[h->other].count = other;
		}
		if (missing > 0)
			h->missing = add_bin(h, HIST_BIN_MISSING);
		if (map) {
			for (id = 0; id < h->nid; id++)
				if (!c->vmiss[id])
					h->idbin[id] = h->other;
			for (i = 0; i < ntop; i++)
				h->idbin[top[i].id] = i;
		}
		free(top);
	}
	if (missing > 0) {
		h->bin[h->missing].count = missing;
		if (map)
			for (id = 0; id < h->nid; id++)
				if (c->vmiss[id])
					h->idbin[id] = h->missing;
	}
	if (o->labels) {
		const struct labels *L = o->labels;
		uint64_t r, nr = rs ? rs->n : t->nrows;
		uint32_t y, ncls = L->k + 1;

		h->ncls = ncls;
		h->cls = xcalloc((size_t)h->nbins * ncls + 1, sizeof *h->cls);
		for (r = 0; r < nr; r++) {
			uint32_t row = rs ? rs->row[r] : (uint32_t)r;

			b = h->idbin[c->code[row]];
			if (b == HIST_NOBIN)
				continue;
			y = L->y[row];
			h->cls[(size_t)b * ncls + (y == LABELS_NONE ||
			    y >= L->k ? L->k : y)]++;
		}
	}
	stats_counts_release(&sc);
}

void
hist_release(struct hist *h)
{
	if (!h)
		return;
	FREE_ALL(h->bin, h->cls, h->idbin);
	memset(h, 0, sizeof *h);
}

void
hist_rows(const struct hist *h, const struct table *t,
    const struct rowset *rs, uint32_t bin, struct rowset *out)
{
	const struct column *c = &t->col[h->col];
	uint64_t r, nr = rs ? rs->n : t->nrows;
	uint32_t row;

	rowset_release(out);
	if (bin >= h->nbins)
		return;
	for (r = 0; r < nr; r++) {
		row = rs ? rs->row[r] : (uint32_t)r;
		if (hist_bin_of_id(h, c->code[row]) == bin)
			rowset_push(out, row);
	}
}
