/*
 * assoc.c - label association and non-uniformity per column.
 *
 * Text columns go to textassoc.c.  Cramer's V folds a column's values
 * into at most ASSOC_TOP + 2
 * categories (a bitmap of the top ids and a small table), then counts a
 * category x class table in one pass over the rows.  Eta takes two
 * passes over the rows (class sums, then the total sum of squares around
 * the grand mean), so it is exact to rounding for any data.
 */
#include "core/stats/assoc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats/stats.h"
#include "core/util/xalloc.h"

const char *
assoc_measure_name(enum assoc_measure m)
{
	switch (m) {
	case ASSOC_CRAMERS_V: return "cramers_v";
	case ASSOC_ETA: return "eta";
	case ASSOC_TEXT_NB: return "text_nb";
	case ASSOC_NONE: break;
	}
	return "none";
}

double
assoc_cramers_v(const uint64_t *tab, uint32_t r, uint32_t k)
{
	uint64_t *rs, *cs, n = 0;
	uint32_t i, j, rr = 0, kk = 0;
	double s = 0, chi2, phi2, phi2c, rc, kc, d, nm1;

	if (r == 0 || k == 0)
		return NAN;
	rs = xcalloc(r, sizeof *rs);
	cs = xcalloc(k, sizeof *cs);
	for (i = 0; i < r; i++)
		for (j = 0; j < k; j++) {
			rs[i] += tab[(size_t)i * k + j];
			cs[j] += tab[(size_t)i * k + j];
		}
	for (i = 0; i < r; i++) {
		n += rs[i];
		rr += rs[i] > 0;
	}
	for (j = 0; j < k; j++)
		kk += cs[j] > 0;
	if (rr < 2 || kk < 2 || n < 2) {
		free(rs);
		free(cs);
		return NAN;
	}
	/* chi2 = n (sum O^2 / (R C) - 1) */
	for (i = 0; i < r; i++) {
		if (!rs[i])
			continue;
		for (j = 0; j < k; j++) {
			double o = (double)tab[(size_t)i * k + j];

			if (o > 0)
				s += o * o / ((double)rs[i] * (double)cs[j]);
		}
	}
	free(rs);
	free(cs);
	chi2 = (double)n * (s - 1);
	phi2 = chi2 / (double)n;
	nm1 = (double)(n - 1);
	phi2c = phi2 - (double)(kk - 1) * (double)(rr - 1) / nm1;
	if (phi2c < 0)
		phi2c = 0;
	rc = rr - (double)(rr - 1) * (double)(rr - 1) / nm1;
	kc = kk - (double)(kk - 1) * (double)(kk - 1) / nm1;
	d = (rc < kc ? rc : kc) - 1;
	if (!(d > 0))
		return NAN;
	phi2c /= d;
	return phi2c >= 1 ? 1 : sqrt(phi2c);
}

double
assoc_nonuniformity(const uint64_t *counts, size_t m)
{
	uint64_t total = 0;
	double h = 0, p, u;
	size_t i;

	for (i = 0; i < m; i++)
		total += counts[i];
	if (total == 0)
		return NAN;
	if (m < 2)
		return 1;
	for (i = 0; i < m; i++) {
		if (!counts[i])
			continue;
		p = (double)counts[i] / (double)total;
		h -= p * log(p);
	}
	u = 1 - h / log((double)m);
	return u < 0 ? 0 : u > 1 ? 1 : u;
}

/*
 * The category of each value id: one of the ntop top values, "other" or
 * "missing".  A map as long as the dict would cost a fresh array per
 * column (and page faults for a million-value text column), so the top
 * ids sit in a bitmap and a 64-slot table instead.
 */
struct catmap {
	uint64_t *bits;			/* [dict.n / 64 + 1] top ids */
	uint32_t slot_id[64], slot_cat[64];	/* id + 1 (0: empty) */
};

static void
catmap_init(struct catmap *m, const struct column *c,
    const struct stats_top *top, uint32_t ntop)
{
	uint32_t i, j;

	m->bits = xcalloc(c->dict.n / 64 + 1, sizeof *m->bits);
	memset(m->slot_id, 0, sizeof m->slot_id);
	for (i = 0; i < ntop; i++) {
		m->bits[top[i].id >> 6] |= 1ull << (top[i].id & 63);
		for (j = top[i].id & 63; m->slot_id[j]; j = (j + 1) & 63)
			;
		m->slot_id[j] = top[i].id + 1;
		m->slot_cat[j] = i;
	}
}

static inline uint32_t
catmap_get(const struct catmap *m, const struct column *c, uint32_t id,
    uint32_t other, uint32_t missing)
{
	uint32_t j;

	if (c->vmiss[id])
		return missing;
	if (!(m->bits[id >> 6] >> (id & 63) & 1))
		return other;
	for (j = id & 63; m->slot_id[j] != id + 1; j = (j + 1) & 63)
		;
	return m->slot_cat[j];
}

static double
cramers(const struct table *t, size_t col, const struct rowset *rs,
    const struct labels *L, struct assoc_col *out)
{
	const struct column *c = &t->col[col];
	struct stats_counts sc;
	struct stats_top top[ASSOC_TOP];
	struct catmap cm;
	uint32_t ntop, i, ncat, other, missing, k = L->k, y, row;
	uint64_t *tab, r, nr = rs ? rs->n : t->nrows, used = 0;
	double v;

	stats_counts_init(&sc, t, col, rs);
	ntop = stats_top_values(c, &sc, ASSOC_TOP, top);
	stats_counts_release(&sc);
	other = ntop;
	missing = ntop + 1;
	ncat = ntop + 2;
	catmap_init(&cm, c, top, ntop);
	tab = xcalloc((size_t)ncat * k + 1, sizeof *tab);
	for (r = 0; r < nr; r++) {
		row = rs ? rs->row[r] : (uint32_t)r;
		y = L->y[row];
		if (y >= k)
			continue;
		tab[(size_t)catmap_get(&cm, c, c->code[row], other, missing) *
		    k + y]++;
		used++;
	}
	v = assoc_cramers_v(tab, ncat, k);
	out->n = used;
	out->ncat = 0;
	for (i = 0; i < ncat; i++) {
		uint64_t s = 0;

		for (y = 0; y < k; y++)
			s += tab[(size_t)i * k + y];
		out->ncat += s > 0;
	}
	free(tab);
	free(cm.bits);
	return v;
}

/* The r-th row of rs (of the table when rs is NULL) as its class *y and
 * its value *x in column c; 0 when it has no class or no number. */
static int
eta_row(const struct column *c, const struct rowset *rs,
    const struct labels *L, uint64_t r, uint32_t *y, double *x)
{
	uint32_t row = rs ? rs->row[r] : (uint32_t)r;

	*y = L->y[row];
	*x = c->vnum[c->code[row]];
	return *y < L->k && !isnan(*x);
}

static double
eta(const struct table *t, size_t col, const struct rowset *rs,
    const struct labels *L, struct assoc_col *out)
{
	const struct column *c = &t->col[col];
	uint64_t r, nr = rs ? rs->n : t->nrows, n = 0, *cn;
	uint32_t k = L->k, y, j, present = 0;
	double *sum, grand = 0, ssb = 0, sst = 0, x, d, e2;

	cn = xcalloc(k, sizeof *cn);
	sum = xcalloc(k, sizeof *sum);
	for (r = 0; r < nr; r++) {
		if (!eta_row(c, rs, L, r, &y, &x))
			continue;
		cn[y]++;
		sum[y] += x;
		grand += x;
		n++;
	}
	out->n = n;
	if (n < 2) {
		free(cn);
		free(sum);
		return NAN;
	}
	grand /= (double)n;
	for (r = 0; r < nr; r++) {
		if (!eta_row(c, rs, L, r, &y, &x))
			continue;
		d = x - grand;
		sst += d * d;
	}
	for (j = 0; j < k; j++) {
		if (!cn[j])
			continue;
		present++;
		d = sum[j] / (double)cn[j] - grand;
		ssb += (double)cn[j] * d * d;
	}
	free(cn);
	free(sum);
	if (present < 2 || !(sst > 0))
		return NAN;
	e2 = ssb / sst;
	return e2 >= 1 ? 1 : e2 <= 0 ? 0 : sqrt(e2);
}

static double
nonuniformity(const struct table *t, size_t col, const struct rowset *rs,
    const struct hist *given)
{
	const struct column *c = &t->col[col];
	uint64_t *cnt;
	double u;
	uint32_t i, m = 0;

	if (coltype_numeric(c->type) && c->type != COLTYPE_BOOL && c->vnum) {
		struct hist mine;
		const struct hist *h = given;

		if (!h) {
			struct hist_opts o;

			hist_opts_init(&o);
			o.nomap = 1;
			hist_build(&mine, t, col, rs, &o);
			h = &mine;
		}
		cnt = xmalloc((h->nvalue ? h->nvalue : 1) * sizeof *cnt);
		for (i = 0; i < h->nvalue; i++)
			cnt[i] = h->bin[i].count;
		u = assoc_nonuniformity(cnt, h->nvalue);
		free(cnt);
		if (!given)
			hist_release(&mine);
		return u;
	} else {
		/* streaming, without copying the counts: with T rows over
		 * m values, H = ln T - (1/T) sum c ln c */
		struct stats_counts sc;
		uint64_t total = 0;
		double sclc = 0, h;
		uint32_t id;

		stats_counts_init(&sc, t, col, rs);
		for (i = 0; i < sc.nseen; i++) {
			id = stats_counts_id(&sc, i);
			if (!sc.n[id] || c->vmiss[id])
				continue;
			m++;
			total += sc.n[id];
			sclc += (double)sc.n[id] * log((double)sc.n[id]);
		}
		stats_counts_release(&sc);
		if (total == 0)
			return NAN;
		if (m < 2)
			return 1;
		h = log((double)total) - sclc / (double)total;
		u = 1 - h / log((double)m);
		return u < 0 ? 0 : u > 1 ? 1 : u;
	}
}

void
assoc_column(const struct table *t, size_t col, const struct rowset *rs,
    const struct labels *L, const struct hist *h, struct assoc_col *out)
{
	const struct column *c = &t->col[col];

	memset(out, 0, sizeof *out);
	out->col = (int)col;
	out->value = out->accuracy = out->baseline = NAN;
	if (stats_rowset_is_all(t, rs))
		rs = NULL;
	out->nonuniformity = nonuniformity(t, col, rs, h);
	if (!L || L->k == 0 || (int)col == L->col || (int)col == t->id_col)
		return;
	if (coltype_numeric(c->type) && c->type != COLTYPE_BOOL &&
	    c->vnum) {
		out->measure = ASSOC_ETA;
		out->value = eta(t, col, rs, L, out);
	} else if (c->type == COLTYPE_TEXT) {
		struct textassoc ta;

		textassoc_column(t, col, rs, L, &ta);
		out->measure = ASSOC_TEXT_NB;
		out->value = ta.value;
		out->n = ta.n;
		out->accuracy = ta.accuracy;
		out->baseline = ta.baseline;
		out->labelled = ta.labelled;
	} else {
		out->measure = ASSOC_CRAMERS_V;
		out->value = cramers(t, col, rs, L, out);
	}
}

struct all_job {
	const struct table *t;
	const struct rowset *rs;
	const struct labels *L;
};

static void
all_one(void *ctx, size_t col, void *out)
{
	const struct all_job *j = ctx;

	assoc_column(j->t, col, j->rs, j->L, NULL, out);
}

struct assoc_col *
assoc_all(const struct table *t, const struct rowset *rs,
    const struct labels *L, int threads, const struct progress *p,
    struct err *e)
{
	struct all_job j = { t, stats_rowset_is_all(t, rs) ? NULL : rs, L };

	return stats_each_column(t, sizeof (struct assoc_col), threads,
	    all_one, &j, p, "association", e);
}

void
assoc_free(struct assoc_col *a)
{
	free(a);
}
