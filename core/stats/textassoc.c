/*
 * textassoc.c - leave-one-out naive Bayes on a text column's tokens (see
 * textassoc.h).
 *
 * With add-one smoothing a token absent from a class contributes
 * log(0 + 1) = 0 to that class's score, so a row's score needs only the
 * (class, count) pairs of the buckets its tokens fall in: the counts are
 * kept per bucket as such pairs (a counting sort of the rows' tokens),
 * never as a classes x buckets table, and scoring a row costs its
 * tokens' pairs plus one term per class.  Leaving the row out changes
 * only its own class's counts, each by its own contribution: one per
 * token, one document, its token total.
 */
#include "core/stats/textassoc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/tokens.h"
#include "core/util/hash.h"
#include "core/util/xalloc.h"

#define TA_SEED 0x7e47a55c1a55ull
#define TA_LOGS 4096		/* log(i) for i below this, from a table */

struct ta {
	uint32_t nrows;		/* rows that entered */
	uint32_t *ptr;		/* [nrows + 1]: row r's tokens are
				 * tok[ptr[r] .. ptr[r + 1]) */
	uint32_t *tok;		/* bucket of each token */
	size_t ntok, cap;
	uint32_t *y;		/* [nrows] class, dense 0 .. kp-1 */
	uint32_t kp;		/* classes present */
	uint32_t *stamp;	/* [TEXTASSOC_BUCKETS] last row + 1 that
				 * used the bucket */
	char *low;		/* a cell lower-cased */
	size_t caplow;
};

static void
push_tok(struct ta *a, uint32_t b)
{
	if (a->ntok == a->cap)
		a->tok = xgrow(a->tok, &a->cap, a->ntok + 1, sizeof *a->tok);
	a->tok[a->ntok++] = b;
}

/* Row r (the a->nrows-th to enter) holds value id of column c. */
static void
add_row(struct ta *a, const struct column *c, uint32_t id, uint32_t y)
{
	const uint32_t mask = TEXTASSOC_BUCKETS - 1, r = a->nrows;
	size_t n, at = 0, i, len, k = 0;
	const char *s;
	uint32_t b;

	a->ptr[r] = (uint32_t)a->ntok;
	a->y[r] = y;
	if (c->vmiss[id]) {
		/* missing is a token of its own */
		push_tok(a, (uint32_t)hash_u64(1, TA_SEED) & mask);
	} else {
		s = dict_str(&c->dict, id, &n);
		if (a->caplow < n + 1)
			a->low = xgrow(a->low, &a->caplow, n + 1, 1);
		tokens_lower(a->low, s, n);
		while (k < TEXTASSOC_TOKENS && tokens_next(a->low, n, &at, &i,
		    &len)) {
			b = (uint32_t)hash_bytes(a->low + i, len, TA_SEED) &
			    mask;
			if (a->stamp[b] == r + 1)
				continue;
			a->stamp[b] = r + 1;
			push_tok(a, b);
			k++;
		}
	}
	a->nrows++;
	a->ptr[a->nrows] = (uint32_t)a->ntok;
}

static double
lg(const double *tab, uint64_t x)
{
	return x < TA_LOGS ? tab[x] : log((double)x);
}

/*
 * Score every row against all the others; returns the rows predicted
 * right.  nd[c] documents and tt[c] tokens of class c.
 */
static uint64_t
loo_correct(const struct ta *a, const uint64_t *nd, const uint64_t *tt)
{
	const uint32_t nb = TEXTASSOC_BUCKETS;
	uint32_t *bptr, *fill, *ent, *pc, *pn, *touch, *scr;
	uint32_t b, e, r, c, y, best, ntouch, vocab = 0;
	size_t np = 0;
	double *tab, *score, *ltt, s, top;
	uint64_t right = 0, t;

	/* tokens by bucket (a counting sort), then each bucket's classes
	 * as (class, count) pairs */
	bptr = xcalloc((size_t)nb + 1, sizeof *bptr);
	for (t = 0; t < a->ntok; t++)
		bptr[a->tok[t] + 1]++;
	for (b = 0; b < nb; b++) {
		vocab += bptr[b + 1] > 0;
		bptr[b + 1] += bptr[b];
	}
	fill = xmalloc((size_t)nb * sizeof *fill);
	memcpy(fill, bptr, (size_t)nb * sizeof *fill);
	ent = xmalloc((a->ntok + 1) * sizeof *ent);
	for (r = 0; r < a->nrows; r++)
		for (e = a->ptr[r]; e < a->ptr[r + 1]; e++)
			ent[fill[a->tok[e]]++] = a->y[r];
	free(fill);
	pc = xmalloc((a->ntok + 1) * sizeof *pc);
	pn = xmalloc((a->ntok + 1) * sizeof *pn);
	scr = xcalloc(a->kp, sizeof *scr);
	touch = xmalloc(a->kp * sizeof *touch);
	for (b = 0; b < nb; b++) {
		uint32_t from = bptr[b], to = bptr[b + 1];

		bptr[b] = (uint32_t)np;
		ntouch = 0;
		for (e = from; e < to; e++)
			if (scr[ent[e]]++ == 0)
				touch[ntouch++] = ent[e];
		for (e = 0; e < ntouch; e++) {
			pc[np] = touch[e];
			pn[np++] = scr[touch[e]];
			scr[touch[e]] = 0;
		}
	}
	bptr[nb] = (uint32_t)np;
	FREE_ALL(ent, scr, touch);

	tab = xmalloc(TA_LOGS * sizeof *tab);
	tab[0] = -INFINITY;
	for (e = 1; e < TA_LOGS; e++)
		tab[e] = log((double)e);
	ltt = xmalloc(a->kp * sizeof *ltt);
	for (c = 0; c < a->kp; c++)
		ltt[c] = log((double)(tt[c] + vocab));
	score = xmalloc(a->kp * sizeof *score);
	for (r = 0; r < a->nrows; r++) {
		uint32_t ntk = a->ptr[r + 1] - a->ptr[r];

		y = a->y[r];
		memset(score, 0, a->kp * sizeof *score);
		for (e = a->ptr[r]; e < a->ptr[r + 1]; e++) {
			b = a->tok[e];
			for (t = bptr[b]; t < bptr[b + 1]; t++) {
				c = pc[t];
				/* the row itself is one of its class's
				 * counts: log((n - 1) + 1) */
				score[c] += lg(tab, c == y ? pn[t] :
				    (uint64_t)pn[t] + 1);
			}
		}
		best = UINT32_MAX;
		top = -INFINITY;
		for (c = 0; c < a->kp; c++) {
			uint64_t docs = nd[c] - (c == y);

			if (docs == 0)
				continue;
			s = lg(tab, docs) + score[c] - (double)ntk * (c == y ?
			    log((double)(tt[c] - ntk + vocab)) : ltt[c]);
			if (best == UINT32_MAX || s > top) {
				best = c;
				top = s;
			}
		}
		right += best == y;
	}
	FREE_ALL(score, ltt, tab, pc, pn, bptr);
	return right;
}

void
textassoc_column(const struct table *t, size_t col,
    const struct rowset *rs, const struct labels *L, struct textassoc *out)
{
	const struct column *c = &t->col[col];
	uint64_t r, nr = rs ? rs->n : t->nrows, m = 0, i = 0, want, most = 0;
	uint64_t *nd, *tt, right;
	uint32_t row, y, *dense, k;
	struct ta a;

	memset(out, 0, sizeof *out);
	out->value = out->accuracy = out->baseline = NAN;
	if (!L || L->k == 0)
		return;
	for (r = 0; r < nr; r++) {
		row = rs ? rs->row[r] : (uint32_t)r;
		m += L->y[row] < L->k;
	}
	out->labelled = m;
	if (m < 2)
		return;
	want = TEXTASSOC_WORK / L->k;
	want = want < 1000 ? 1000 : want;
	want = want < TEXTASSOC_ROWS ? want : TEXTASSOC_ROWS;
	want = want < m ? want : m;

	memset(&a, 0, sizeof a);
	a.ptr = xmalloc((want + 1) * sizeof *a.ptr);
	a.ptr[0] = 0;
	a.y = xmalloc(want * sizeof *a.y);
	a.stamp = xcalloc(TEXTASSOC_BUCKETS, sizeof *a.stamp);
	dense = xmalloc(L->k * sizeof *dense);
	for (k = 0; k < L->k; k++)
		dense[k] = UINT32_MAX;
	/* labelled row i enters when it starts a new share of want: want
	 * rows spread evenly over the m */
	for (r = 0; r < nr && a.nrows < want; r++) {
		row = rs ? rs->row[r] : (uint32_t)r;
		y = L->y[row];
		if (y >= L->k)
			continue;
		if (i * want / m != (i + 1) * want / m) {
			if (dense[y] == UINT32_MAX)
				dense[y] = a.kp++;
			add_row(&a, c, c->code[row], dense[y]);
		}
		i++;
	}
	FREE_ALL(dense, a.stamp, a.low);
	out->n = a.nrows;
	nd = xcalloc(a.kp ? a.kp : 1, sizeof *nd);
	tt = xcalloc(a.kp ? a.kp : 1, sizeof *tt);
	for (r = 0; r < a.nrows; r++) {
		nd[a.y[r]]++;
		tt[a.y[r]] += a.ptr[r + 1] - a.ptr[r];
	}
	for (k = 0; k < a.kp; k++)
		most = nd[k] > most ? nd[k] : most;
	if (a.kp >= 2 && a.nrows >= 2) {
		right = loo_correct(&a, nd, tt);
		out->accuracy = (double)right / (double)a.nrows;
		out->baseline = (double)most / (double)a.nrows;
		out->value = (out->accuracy - out->baseline) /
		    (1 - out->baseline);
		if (out->value < 0)
			out->value = 0;
		if (out->value > 1)
			out->value = 1;
	}
	FREE_ALL(nd, tt, a.ptr, a.tok, a.y);
}
