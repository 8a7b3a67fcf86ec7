/*
 * stats.c - column summaries from value counts.
 *
 * Every statistic here is a function of (value id -> rows) counts: the
 * dict's own counts for all rows, a counted array for a subset.  Numeric
 * statistics walk the column's value order (ascending numbers, missing
 * values excluded by construction), so min and max are its ends and
 * quantiles fall out of a cumulative count.  Sums are compensated
 * (Neumaier) and the variance is a second pass around the mean, so the
 * figures match a textbook two-pass computation over the rows.
 */
#include "core/stats/stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/infer.h"
#include "core/util/numfmt.h"
#include "core/util/parfor.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"

const double stats_qprob[STATS_NQ] = {
	0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99
};

int
stats_rowset_is_all(const struct table *t, const struct rowset *rs)
{
	uint64_t i;

	if (!rs)
		return 1;
	if (rs->n != t->nrows)
		return 0;
	for (i = 0; i < rs->n; i++)
		if (rs->row[i] != i)
			return 0;
	return 1;
}

void
stats_counts_init(struct stats_counts *sc, const struct table *t,
    size_t col, const struct rowset *rs)
{
	const struct column *c = &t->col[col];
	uint32_t *n, *seen, id, nseen = 0;
	uint64_t i;

	memset(sc, 0, sizeof *sc);
	if (stats_rowset_is_all(t, rs)) {
		sc->n = c->dict.count;
		sc->nseen = c->dict.n;
		sc->rows = t->nrows;
		return;
	}
	n = xcalloc(c->dict.n ? c->dict.n : 1, sizeof *n);
	seen = xmalloc((c->dict.n ? c->dict.n : 1) * sizeof *seen);
	for (i = 0; i < rs->n; i++) {
		id = c->code[rs->row[i]];
		if (n[id]++ == 0)
			seen[nseen++] = id;
	}
	sc->n = sc->own_n = n;
	sc->seen = sc->own_seen = seen;
	sc->nseen = nseen;
	sc->rows = rs->n;
}

void
stats_counts_release(struct stats_counts *sc)
{
	if (!sc)
		return;
	free(sc->own_n);
	free(sc->own_seen);
	memset(sc, 0, sizeof *sc);
}

uint32_t
stats_top_values(const struct column *c, const struct stats_counts *sc,
    uint32_t k, struct stats_top *out)
{
	uint32_t i, id, m = 0, pos;
	uint64_t w;

	if (k == 0)
		return 0;
	for (i = 0; i < sc->nseen; i++) {
		id = stats_counts_id(sc, i);
		w = sc->n[id];
		if (w == 0 || c->vmiss[id])
			continue;
		if (m == k && w <= out[k - 1].count)
			continue;
		/* insert, dropping the last when full; equal counts stay
		 * behind earlier ones, so ties keep first sight */
		pos = m < k ? m++ : k - 1;
		while (pos > 0 && out[pos - 1].count < w) {
			out[pos] = out[pos - 1];
			pos--;
		}
		out[pos].id = id;
		out[pos].count = w;
	}
	return m;
}

void
stats_order_stats(const struct column *c, const uint32_t *cnt,
    const uint64_t *rank, size_t nr, double *out)
{
	uint64_t cum = 0, w;
	uint32_t i, id;
	size_t k = 0;

	for (i = 0; i < c->nvorder && k < nr; i++) {
		id = c->vorder[i];
		w = cnt[id];
		if (w == 0)
			continue;
		while (k < nr && rank[k] < cum + w)
			out[k++] = c->vnum[id];
		cum += w;
	}
	while (k < nr)
		out[k++] = NAN;
}

struct qslot {
	uint64_t rank;
	size_t slot;
};

void
stats_quantiles(const struct column *c, const uint32_t *cnt, uint64_t n,
    const double *p, size_t np, double *out)
{
	struct qslot *q;
	uint64_t *rank, j, m = n ? n - 1 : 0;
	double *g, *val, pct, h;
	size_t i, k, nq = 0;

	if (np == 0)
		return;
	if (n == 0) {
		for (i = 0; i < np; i++)
			out[i] = NAN;
		return;
	}
	q = xmalloc(2 * np * sizeof *q);
	rank = xmalloc(2 * np * sizeof *rank);
	val = xmalloc(2 * np * sizeof *val);
	g = xmalloc(np * sizeof *g);
	for (i = 0; i < np; i++) {
		pct = p[i] * 100;
		if (p[i] >= 0 && p[i] <= 1 &&
		    fabs(pct - nearbyint(pct)) < 1e-9) {
			/* whole percent: split (n-1) p in integers */
			uint64_t pi = (uint64_t)nearbyint(pct);

			j = m * pi / 100;
			g[i] = (double)(m * pi % 100) / 100.0;
		} else {
			h = (double)m * (p[i] < 0 ? 0 : p[i] > 1 ? 1 : p[i]);
			j = (uint64_t)floor(h);
			if (j > m)
				j = m;
			g[i] = h - (double)j;
		}
		q[nq].rank = j;
		q[nq++].slot = 2 * i;
		q[nq].rank = j < m ? j + 1 : m;
		q[nq++].slot = 2 * i + 1;
	}
	/* insertion sort: a handful of ranks */
	for (i = 1; i < nq; i++) {
		struct qslot x = q[i];

		for (k = i; k > 0 && q[k - 1].rank > x.rank; k--)
			q[k] = q[k - 1];
		q[k] = x;
	}
	for (i = 0; i < nq; i++)
		rank[i] = q[i].rank;
	stats_order_stats(c, cnt, rank, nq, val);
	{
		double *byslot = xmalloc(2 * np * sizeof *byslot);

		for (i = 0; i < nq; i++)
			byslot[q[i].slot] = val[i];
		for (i = 0; i < np; i++) {
			double lo = byslot[2 * i], hi = byslot[2 * i + 1];

			out[i] = g[i] == 0 || lo == hi ? lo :
			    lo + g[i] * (hi - lo);
		}
		free(byslot);
	}
	FREE_ALL(q, rank, val, g);
}

uint64_t
stats_utf8_chars(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	uint64_t chars = 0, w;
	size_t i = 0, len;

	while (i < n) {
		if (i + 32 <= n) {
			uint64_t x[4];

			memcpy(x, s + i, 32);
			if (((x[0] | x[1] | x[2] | x[3]) &
			    0x8080808080808080ull) == 0) {
				chars += 32;
				i += 32;
				continue;
			}
		}
		if (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ull) == 0) {
				chars += 8;
				i += 8;
				continue;
			}
		}
		if (s[i] < 0x80) {
			i++;
		} else {
			len = utf8_seq(s + i, n - i, NULL);
			i += len ? len : 1;
		}
		chars++;
	}
	return chars;
}

/* Neumaier's compensated sum. */
struct ksum {
	double s, c;
};

static void
ksum_add(struct ksum *k, double x)
{
	double t = k->s + x;

	if (fabs(k->s) >= fabs(x))
		k->c += (k->s - t) + x;
	else
		k->c += (x - t) + k->s;
	k->s = t;
}

static double
ksum_get(const struct ksum *k)
{
	return k->s + k->c;
}

static void
numeric(const struct column *c, const struct stats_counts *sc,
    struct stats_col *o)
{
	struct ksum sum = { 0, 0 }, ss = { 0, 0 };
	uint64_t n = 0, w;
	uint32_t i, id;
	double x, d;
	int first = 1;

	o->numeric = 1;
	o->min = o->max = o->mean = o->sd = NAN;
	for (i = 0; i < STATS_NQ; i++)
		o->q[i] = NAN;
	for (i = 0; i < c->nvorder; i++) {
		id = c->vorder[i];
		w = sc->n[id];
		if (w == 0)
			continue;
		x = c->vnum[id];
		if (first) {
			o->min = x;
			first = 0;
		}
		o->max = x;
		n += w;
		ksum_add(&sum, (double)w * x);
		if (x == 0)
			o->zeros += w;
	}
	o->nnum = n;
	if (n == 0)
		return;
	o->mean = ksum_get(&sum) / (double)n;
	/* clamp: rounding may put the mean a hair outside [min, max] */
	if (o->mean < o->min)
		o->mean = o->min;
	if (o->mean > o->max)
		o->mean = o->max;
	if (n >= 2) {
		for (i = 0; i < c->nvorder; i++) {
			id = c->vorder[i];
			w = sc->n[id];
			if (w == 0)
				continue;
			d = c->vnum[id] - o->mean;
			ksum_add(&ss, (double)w * d * d);
		}
		o->sd = sqrt(ksum_get(&ss) / (double)(n - 1));
	}
	stats_quantiles(c, sc->n, n, stats_qprob, STATS_NQ, o->q);
}

static void
strings(const struct column *c, const struct stats_counts *sc,
    struct stats_col *o)
{
	uint64_t n = 0, total = 0, len, w;
	uint32_t i, id;
	size_t bytes;
	const char *s;

	o->strings = 1;
	o->len_avg = NAN;
	for (i = 0; i < sc->nseen; i++) {
		id = stats_counts_id(sc, i);
		w = sc->n[id];
		if (w == 0 || c->vmiss[id])
			continue;
		s = dict_str(&c->dict, id, &bytes);
		len = stats_utf8_chars(s, bytes);
		if (n == 0 || len < o->len_min)
			o->len_min = len;
		if (n == 0 || len > o->len_max)
			o->len_max = len;
		n += w;
		total += w * len;
	}
	if (n > 0)
		o->len_avg = (double)total / (double)n;
}

const char *
stats_mark_text(const struct column *c, uint32_t id, size_t *n)
{
	size_t len;
	const char *s = dict_str(&c->dict, id, &len);

	infer_trim(&s, &len);
	if (n)
		*n = len;
	return s;
}

void
stats_marks(const struct column *c, const uint32_t *cnt,
    const uint32_t *ids, uint32_t nids, struct stats_col *o)
{
	struct stats_top *g = NULL;
	size_t cap = 0, ng = 0, k, n, m;
	uint32_t i, id, j;
	const char *s, *t;

	o->nmark = o->marks = 0;
	for (i = 0; i < nids; i++) {
		id = ids ? ids[i] : i;
		if (!c->vmiss[id] || cnt[id] == 0)
			continue;
		/* few markers: a linear search by text is enough */
		s = stats_mark_text(c, id, &n);
		for (k = 0; k < ng; k++) {
			t = stats_mark_text(c, g[k].id, &m);
			if (m == n && memcmp(s, t, n) == 0)
				break;
		}
		if (k == ng) {
			g = xgrow(g, &cap, ng + 1, sizeof *g);
			memset(&g[ng], 0, sizeof *g);	/* padding too: the
							 * summaries compare
							 * whole */
			g[ng++].id = id;
		}
		g[k].count += cnt[id];
	}
	/* most rows first, stable: insertion into the kept few */
	for (k = 0; k < ng; k++) {
		j = o->nmark < STATS_NMARK ? o->nmark : STATS_NMARK - 1;
		if (o->nmark == STATS_NMARK && g[k].count <=
		    o->mark[j].count)
			continue;
		while (j > 0 && o->mark[j - 1].count < g[k].count) {
			memcpy(&o->mark[j], &o->mark[j - 1], sizeof *g);
			j--;
		}
		memcpy(&o->mark[j], &g[k], sizeof *g);
		if (o->nmark < STATS_NMARK)
			o->nmark++;
	}
	o->marks = (uint32_t)ng;
	free(g);
}

char *
stats_marks_text(const struct column *c, const struct stats_col *s,
    char *buf, size_t size)
{
	char num[NUMFMT_COUNT];
	size_t o = 0, n;
	uint32_t i;
	const char *m;
	int k;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < s->nmark && o < size; i++) {
		m = stats_mark_text(c, s->mark[i].id, &n);
		numfmt_count(s->mark[i].count, num);
		if (n == 0)
			k = snprintf(buf + o, size - o, "%sempty %s",
			    i ? ", " : "", num);
		else
			k = snprintf(buf + o, size - o, "%s'%.*s' %s",
			    i ? ", " : "", (int)(n < 64 ? n : 64), m, num);
		if (k < 0)
			break;
		o += (size_t)k;
	}
	if (s->marks > s->nmark && o < size)
		snprintf(buf + o, size - o, ", and %u more",
		    s->marks - s->nmark);
	return buf;
}

static void
column_counts(const struct table *t, size_t col,
    const struct stats_counts *sc, struct stats_col *o)
{
	const struct column *c = &t->col[col];
	uint32_t i, id;

	memset(o, 0, sizeof *o);
	o->col = (int)col;
	o->type = c->type;
	o->count = sc->rows;
	o->min = o->max = o->mean = o->sd = o->len_avg = NAN;
	for (i = 0; i < STATS_NQ; i++)
		o->q[i] = NAN;
	if (!sc->seen) {
		o->missing = c->nmissing;
		o->distinct = c->ndistinct;
	} else {
		for (i = 0; i < sc->nseen; i++) {
			id = sc->seen[i];
			if (c->vmiss[id])
				o->missing += sc->n[id];
			else
				o->distinct++;
		}
	}
	if (o->missing > 0)
		stats_marks(c, sc->n, sc->seen, sc->nseen, o);
	o->ntop = stats_top_values(c, sc, STATS_TOP, o->top);
	if (coltype_numeric(c->type) && c->vnum && c->vorder)
		numeric(c, sc, o);
	else if (c->type == COLTYPE_CAT || c->type == COLTYPE_TEXT)
		strings(c, sc, o);
}

void
stats_column(const struct table *t, size_t col, const struct rowset *rs,
    struct stats_col *out)
{
	struct stats_counts sc;

	stats_counts_init(&sc, t, col, rs);
	column_counts(t, col, &sc, out);
	stats_counts_release(&sc);
}

struct each_job {
	void (*fn)(void *ctx, size_t col, void *out);
	void *ctx;
	char *out;
	size_t size;
};

static void
each_one(void *ctx, size_t i)
{
	struct each_job *j = ctx;

	j->fn(j->ctx, i, j->out + i * j->size);
}

void *
stats_each_column(const struct table *t, size_t size, int threads,
    void (*fn)(void *ctx, size_t col, void *out), void *ctx,
    const struct progress *p, const char *what, struct err *e)
{
	struct each_job j = { fn, ctx, xcalloc(t->ncols ? t->ncols : 1, size),
	    size };

	if (parfor_run(t->ncols, threads, each_one, &j, p, what, e) < 0) {
		free(j.out);
		return NULL;
	}
	return j.out;
}

struct all_job {
	const struct table *t;
	const struct rowset *rs;
};

static void
all_one(void *ctx, size_t col, void *out)
{
	const struct all_job *j = ctx;

	stats_column(j->t, col, j->rs, out);
}

struct stats_col *
stats_all(const struct table *t, const struct rowset *rs, int threads,
    const struct progress *p, struct err *e)
{
	struct all_job j = { t, stats_rowset_is_all(t, rs) ? NULL : rs };

	return stats_each_column(t, sizeof (struct stats_col), threads,
	    all_one, &j, p, "statistics", e);
}

void
stats_free(struct stats_col *s)
{
	free(s);
}
