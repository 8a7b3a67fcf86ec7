/*
 * features.c - table columns to hashed sparse rows and a dense numeric
 * block.
 *
 * Work is done per distinct value wherever possible: a text column's
 * dict holds each distinct text once, so each is tokenised, hashed,
 * weighted and normalised once into a value-level vector, and the row
 * pass only copies vectors.  Document frequencies come from the dict's
 * counts (a value's buckets count once per row holding it), numeric
 * means and deviations from the distinct numbers weighted by their
 * counts: no pass over the rows is needed before assembly.
 *
 * Invariant of the result: within a row, buckets strictly ascend and no
 * stored value is 0.
 *
 * A build can also record what it learnt (features_spec: document
 * frequencies, kept values, means and deviations) or take it from a
 * spec instead of from its own table: the same code then gives other
 * rows the features the learning table would have given them.
 */
#include "core/pico/features.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/infer.h"
#include "core/util/tokens.h"
#include "core/util/hash.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

enum { KIND_WORD = 1, KIND_BIGRAM, KIND_CHAR, KIND_CAT, KIND_MISSING };

/* a categorical value that gets no feature (too rare) */
#define NO_KEY UINT32_MAX

/* The value-level vectors of one text column, while rows are built. */
struct textcol {
	uint64_t *vptr;		/* [nvalues + 1] into idx/val */
	uint32_t *idx;
	float *val;
	size_t n, cap;
};

void
features_opts_init(struct features_opts *o)
{
	*o = (struct features_opts){ .label_col = -1,
	    .hash_bits = FEATURES_BITS_DEFAULT, .bigrams = 0, .char_ngrams = 0,
	    .tfidf = 1, .sublinear = 1, .min_df = 2 };
}

void
features_spec_release(struct features_spec *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->ncols; i++) {
		FREE_ALL(s->col[i].name, s->col[i].dfb, s->col[i].dfv);
		dict_release(&s->col[i].kept);
	}
	free(s->col);
	memset(s, 0, sizeof *s);
}

void
features_release(struct features *f)
{
	if (!f)
		return;
	FREE_ALL(f->ptr, f->idx, f->val, f->num, f->num_col, f->present);
	memset(f, 0, sizeof *f);
}

size_t
features_bytes(const struct features *f)
{
	uint64_t nnz = f->ptr ? f->ptr[f->n] : 0;

	return (size_t)((f->n + 1) * sizeof *f->ptr +
	    nnz * (sizeof *f->idx + sizeof *f->val) +
	    f->n * f->nnum * sizeof *f->num + f->n * sizeof *f->present);
}

static uint64_t
kind_seed(int col, int kind)
{
	return hash_u64(((uint64_t)(uint32_t)col << 8) | (uint64_t)kind,
	    0x5eedfea7u);
}

/* Bucket key: bucket << 1 | (1 for a negative sign). */
static uint32_t
bucket_key(uint64_t h, uint32_t mask)
{
	return ((uint32_t)h & mask) << 1 | (uint32_t)(h >> 63);
}

size_t
features_tokens(const char *s, size_t n,
    void (*fn)(void *ctx, const char *tok, size_t len), void *ctx)
{
	char buf[256];
	size_t at = 0, i, m, ntok = 0;
	char *tmp;

	while (tokens_next(s, n, &at, &i, &m)) {
		tmp = m <= sizeof buf ? buf : xmalloc(m);
		tokens_lower(tmp, s + i, m);
		if (fn)
			fn(ctx, tmp, m);
		if (tmp != buf)
			free(tmp);
		ntok++;
	}
	return ntok;
}

uint32_t
features_word_bucket(int col, const char *tok, size_t n, unsigned bits,
    int *sign)
{
	uint64_t h = hash_bytes(tok, n, kind_seed(col, KIND_WORD));
	uint32_t key = bucket_key(h, (1u << bits) - 1);

	if (sign)
		*sign = key & 1 ? -1 : 1;
	return key >> 1;
}

/* The feature keys of one text value. */
struct keys {
	uint32_t *k, *tmp;
	size_t n, cap;
	char *low;		/* lower-cased copy of the text */
	size_t caplow;
	uint32_t *start;	/* character starts of a padded token */
	size_t capstart;
};

static void
keys_push(struct keys *K, uint32_t key)
{
	if (K->n == K->cap) {
		K->k = xgrow(K->k, &K->cap, K->n + 1, sizeof *K->k);
		K->tmp = xreallocarray(K->tmp, K->cap, sizeof *K->tmp);
	}
	K->k[K->n++] = key;
}

/* Character 3-5-grams of " tok " (UTF-8 characters). */
static void
char_ngrams(struct keys *K, const char *tok, size_t len, uint64_t seed,
    uint32_t mask)
{
	char small[128], *pad;
	size_t plen = len + 2, nch = 0, i, g, s, end;

	pad = plen <= sizeof small ? small : xmalloc(plen);
	pad[0] = ' ';
	memcpy(pad + 1, tok, len);
	pad[plen - 1] = ' ';
	if (K->capstart < plen + 1)
		K->start = xgrow(K->start, &K->capstart, plen + 1,
		    sizeof *K->start);
	for (i = 0; i < plen; i++)
		if (((unsigned char)pad[i] & 0xc0) != 0x80)
			K->start[nch++] = (uint32_t)i;
	K->start[nch] = (uint32_t)plen;
	for (g = 3; g <= 5; g++)
		for (s = 0; s + g <= nch; s++) {
			end = K->start[s + g];
			keys_push(K, bucket_key(hash_bytes(pad + K->start[s],
			    end - K->start[s], seed), mask));
		}
	if (pad != small)
		free(pad);
}

/* Fill K with the feature keys of text s[0..n) of column col. */
static void
text_keys(struct keys *K, const char *s, size_t n, int col,
    const struct features_opts *o, uint32_t mask)
{
	uint64_t sw = kind_seed(col, KIND_WORD), sb = kind_seed(col,
	    KIND_BIGRAM), sc = kind_seed(col, KIND_CHAR), h, prev = 0;
	size_t at = 0, i, j, len;
	int have_prev = 0;

	K->n = 0;
	if (K->caplow < n + 1)
		K->low = xgrow(K->low, &K->caplow, n + 1, 1);
	tokens_lower(K->low, s, n);
	while (tokens_next(K->low, n, &at, &i, &len)) {
		j = i + len;
		h = hash_bytes(K->low + i, j - i, sw);
		keys_push(K, bucket_key(h, mask));
		if (o->bigrams && have_prev)
			keys_push(K, bucket_key(hash_u64(prev * HASH_K2 + h,
			    sb), mask));
		if (o->char_ngrams)
			char_ngrams(K, K->low + i, j - i, sc, mask);
		prev = h;
		have_prev = 1;
	}
}

static void
textcol_push(struct textcol *T, uint32_t idx, float v)
{
	if (T->n == T->cap) {
		T->idx = xgrow(T->idx, &T->cap, T->n + 1, sizeof *T->idx);
		T->val = xreallocarray(T->val, T->cap, sizeof *T->val);
	}
	T->idx[T->n] = idx;
	T->val[T->n++] = v;
}

/*
 * Build the value-level vectors of text column col, whose hashes are
 * seeded by position seed.  learn: count the document frequencies into
 * df (dim of them) over the table's N rows; else df holds those of the
 * table learnt on, of N rows.  Returns -1 when cancelled.
 */
static int
text_column(struct textcol *T, const struct table *t, int col, int seed,
    const struct features_opts *o, uint32_t dim, double *df, int learn,
    double N)
{
	const struct column *c = &t->col[col];
	uint32_t nv = c->dict.n, v, mask = dim - 1, key, b;
	double minkeep = o->min_df > 1 ? o->min_df : 1;
	struct keys K;
	size_t i, j, len;
	uint64_t p, q, w, start;
	const char *s;
	double tf, norm;
	float x;
	int tfc;

	memset(&K, 0, sizeof K);
	memset(T, 0, sizeof *T);
	T->vptr = xmalloc(((size_t)nv + 1) * sizeof *T->vptr);
	T->vptr[0] = 0;
	if (learn)
		memset(df, 0, (size_t)dim * sizeof *df);
	for (v = 0; v < nv; v++) {
		if ((v & 4095) == 4095 && progress_cancelled(o->progress)) {
			FREE_ALL(K.k, K.tmp, K.low, K.start);
			return -1;
		}
		if (!c->vmiss[v] && c->dict.count[v] > 0) {
			s = dict_str(&c->dict, v, &len);
			text_keys(&K, s, len, seed, o, mask);
			sort_u32(K.k, K.n, K.tmp);
			/* merge equal buckets, summing signs */
			for (i = 0; i < K.n; i = j) {
				b = K.k[i] >> 1;
				tfc = 0;
				for (j = i; j < K.n && K.k[j] >> 1 == b; j++) {
					key = K.k[j];
					tfc += key & 1 ? -1 : 1;
				}
				if (tfc == 0)
					continue;
				textcol_push(T, b, (float)tfc);
				if (learn)
					df[b] += c->dict.count[v];
			}
		}
		T->vptr[v + 1] = T->n;
	}
	FREE_ALL(K.k, K.tmp, K.low, K.start);

	/* rare buckets out; weights: sublinear tf, idf, unit length */
	w = 0;
	for (v = 0; v < nv; v++) {
		p = T->vptr[v];
		q = T->vptr[v + 1];
		T->vptr[v] = w;
		norm = 0;
		for (start = w; p < q; p++) {
			if (df[T->idx[p]] < minkeep)
				continue;
			tf = T->val[p];
			if (o->sublinear)
				tf = tf > 0 ? 1 + log(tf) : -(1 + log(-tf));
			if (o->tfidf)
				tf *= log((1 + N) / (1 + df[T->idx[p]])) + 1;
			T->idx[w] = T->idx[p];
			T->val[w++] = (float)tf;
			norm += tf * tf;
		}
		if (norm > 0) {
			norm = 1 / sqrt(norm);
			for (p = start; p < w; p++) {
				x = (float)(T->val[p] * norm);
				T->val[p] = x;
			}
		}
	}
	T->vptr[nv] = w;
	return 0;
}

/*
 * The numbers of a column's distinct values as a column of type `type`
 * reads them (NAN: missing or not such a number): the loader's own when
 * it typed the column so, else parsed here (a part of a file may type a
 * column otherwise than the whole did).
 */
static double *
numbers_as(const struct column *c, int type)
{
	uint32_t nv = c->dict.n, v;
	double *x = xmalloc(((size_t)nv + 1) * sizeof *x);
	const char *s;
	size_t n;
	int isint;

	for (v = 0; v < nv; v++) {
		x[v] = NAN;
		if (c->vmiss[v])
			continue;
		if (c->vnum && (int)c->type == type) {
			x[v] = c->vnum[v];
			continue;
		}
		s = dict_str(&c->dict, v, &n);
		if (type == COLTYPE_DATE ? !infer_date(s, n, &x[v]) :
		    !infer_number(s, n, &x[v], &isint))
			x[v] = NAN;
	}
	return x;
}

/* z-scores are kept within this many deviations: a value near the
 * largest double would otherwise become an infinite feature */
#define Z_MAX 1e4

static float
zscore(double x, double mean, double inv)
{
	double z = (x - mean) * inv;

	if (isnan(z))
		return 0;
	return (float)(z > Z_MAX ? Z_MAX : z < -Z_MAX ? -Z_MAX : z);
}

/*
 * The centre and 1 / scale of a column whose mean or variance overflows
 * (values near the largest double): the weighted median of the finite
 * values and the median of their distances from it, each taken a
 * quarter at a time so that no difference overflows.  Extreme values
 * then sit at the Z_MAX bound and the others keep their spread.
 */
static void
robust_centre(const struct column *c, double *meanp, double *invp)
{
	uint32_t nv = c->dict.n, v, *idx = xmalloc(((size_t)nv + 1) *
	    sizeof *idx), n = 0, j;
	double *val = xmalloc(((size_t)nv + 1) * sizeof *val), tot = 0, at,
	    med = 0, mad = 0;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		n = 0;
		tot = 0;
		for (v = 0; v < nv; v++)
			if (!c->vmiss[v] && isfinite(c->vnum[v])) {
				val[v] = pass == 0 ? c->vnum[v] :
				    fabs(c->vnum[v] / 4 - med / 4);
				idx[n++] = v;
				tot += c->dict.count[v];
			}
		sort_idx_by_double(idx, n, val);
		for (j = 0, at = 0; j < n; j++) {
			at += c->dict.count[idx[j]];
			if (at >= tot / 2)
				break;
		}
		if (pass == 0)
			med = n ? val[idx[j < n ? j : n - 1]] : 0;
		else
			mad = n ? val[idx[j < n ? j : n - 1]] : 0;
	}
	*meanp = med;
	/* mad is a quarter of the distances; 1.4826 makes it a deviation
	 * for normal data */
	*invp = mad > 0 && isfinite(1 / (4 * 1.4826 * mad)) ?
	    1 / (4 * 1.4826 * mad) : 0;
	free(idx);
	free(val);
}

/*
 * z-scores of a numeric column's distinct values (NAN: missing): with
 * the column's own mean and deviation (learn: *mean and *inv get them;
 * the median and median deviation when those overflow), or with *mean
 * and *inv as given; each within Z_MAX.
 */
static float *
numeric_values(const struct column *c, int type, int learn, double *meanp,
    double *invp)
{
	uint32_t nv = c->dict.n, v;
	float *z = xmalloc(((size_t)nv + 1) * sizeof *z);
	double sum = 0, cnt = 0, mean, ss = 0, d, inv;
	double *x;

	if (!learn) {
		x = numbers_as(c, type);
		for (v = 0; v < nv; v++)
			z[v] = isfinite(x[v]) ? zscore(x[v], *meanp, *invp) :
			    NAN;
		free(x);
		return z;
	}
	for (v = 0; v < nv; v++)
		if (!c->vmiss[v] && isfinite(c->vnum[v])) {
			sum += c->dict.count[v] * c->vnum[v];
			cnt += c->dict.count[v];
		}
	mean = cnt > 0 ? sum / cnt : 0;
	for (v = 0; v < nv; v++)
		if (!c->vmiss[v] && isfinite(c->vnum[v])) {
			d = c->vnum[v] - mean;
			ss += c->dict.count[v] * d * d;
		}
	inv = cnt > 0 && ss > 0 ? 1 / sqrt(ss / cnt) : 0;
	if (!isfinite(mean) || !isfinite(ss))
		robust_centre(c, &mean, &inv);
	for (v = 0; v < nv; v++)
		z[v] = !c->vmiss[v] && isfinite(c->vnum[v]) ?
		    zscore(c->vnum[v], mean, inv) : NAN;
	*meanp = mean;
	*invp = inv;
	return z;
}

struct pair {
	uint32_t idx;
	float val;
};

static int
cmp_pair(const void *a, const void *b, void *ctx)
{
	uint32_t x = ((const struct pair *)a)->idx;
	uint32_t y = ((const struct pair *)b)->idx;

	return (x > y) - (x < y);
}

/*
 * Sort the entries [p, q) by bucket, summing duplicates and dropping
 * zeros; returns the new end.
 */
static uint64_t
row_normalise(uint32_t *idx, float *val, uint64_t p, uint64_t q,
    struct pair **scratch, size_t *cap)
{
	size_t n = (size_t)(q - p), i;
	uint64_t w;
	struct pair *a;

	*scratch = xgrow(*scratch, cap, n, sizeof **scratch);
	a = *scratch;
	for (i = 0; i < n; i++) {
		a[i].idx = idx[p + i];
		a[i].val = val[p + i];
	}
	sort_stable(a, n, sizeof *a, cmp_pair, NULL);
	w = p;
	for (i = 0; i < n; i++) {
		if (w > p && idx[w - 1] == a[i].idx) {
			val[w - 1] += a[i].val;
			continue;
		}
		if (w > p && val[w - 1] == 0)
			w--;	/* a sum that cancelled out */
		idx[w] = a[i].idx;
		val[w] = a[i].val;
		w++;
	}
	if (w > p && val[w - 1] == 0)
		w--;
	return w;
}

enum usekind { USE_NONE, USE_TEXT = FEATURES_TEXT, USE_CAT = FEATURES_CAT,
	USE_NUM = FEATURES_NUM };

/* A text column's kept buckets and their frequencies into cs. */
static void
spec_df(struct features_colspec *cs, const double *df, uint32_t dim,
    uint32_t min_df)
{
	double minkeep = min_df > 1 ? min_df : 1;
	uint32_t b;

	for (b = 0; b < dim; b++)
		cs->ndf += df[b] >= minkeep;
	cs->dfb = xmalloc(((size_t)cs->ndf + 1) * sizeof *cs->dfb);
	cs->dfv = xmalloc(((size_t)cs->ndf + 1) * sizeof *cs->dfv);
	cs->ndf = 0;
	for (b = 0; b < dim; b++)
		if (df[b] >= minkeep) {
			cs->dfb[cs->ndf] = b;
			cs->dfv[cs->ndf++] = df[b];
		}
}

static enum usekind
use_kind(const struct column *c)
{
	switch (c->type) {
	case COLTYPE_TEXT:
		return USE_TEXT;
	case COLTYPE_CAT:
	case COLTYPE_BOOL:
		return USE_CAT;
	case COLTYPE_INT:
	case COLTYPE_FLOAT:
	case COLTYPE_DATE:
		return c->vnum ? USE_NUM : USE_CAT;
	case COLTYPE_EMPTY:
		break;
	}
	return USE_NONE;
}

/* Whether column i (of kind kind) gives row r a measured value. */
static int
has_value(const struct table *t, const int *cols, const int *kind,
    size_t i, const struct textcol *tc, uint32_t *const *catkey,
    const uint32_t *misskey, float *const *numz, uint64_t r)
{
	uint32_t code = t->col[cols[i]].code[r];

	switch (kind[i]) {
	case USE_TEXT:
		return tc[i].vptr[code + 1] > tc[i].vptr[code];
	case USE_CAT:
		return catkey[i][code] != NO_KEY &&
		    catkey[i][code] != misskey[i];
	case USE_NUM:
		return !isnan(numz[i][code]);
	}
	return 0;
}

/* f->present: per row, the share of the columns that have a value in
 * some row which have one in this row. */
static void
present_shares(struct features *f, const struct table *t, const int *cols,
    const int *kind, size_t ncols, const struct textcol *tc,
    uint32_t *const *catkey, const uint32_t *misskey, float *const *numz)
{
	uint8_t *live = xcalloc(ncols + 1, 1);
	uint32_t *cnt = xcalloc(f->n + 1, sizeof *cnt), nlive = 0;
	uint64_t r;
	size_t i;

	for (i = 0; i < ncols; i++) {
		if (kind[i] == USE_NONE)
			continue;
		for (r = 0; r < f->n; r++)
			if (has_value(t, cols, kind, i, tc, catkey, misskey,
			    numz, r)) {
				cnt[r]++;
				live[i] = 1;
			}
		nlive += live[i];
	}
	f->present = xmalloc((f->n + 1) * sizeof *f->present);
	for (r = 0; r < f->n; r++)
		f->present[r] = nlive ? (float)cnt[r] / (float)nlive : 1.0f;
	free(live);
	free(cnt);
}

int
features_build(struct features *f, const struct table *t,
    const struct features_opts *o, struct err *e)
{
	struct features_opts defo;
	const struct features_spec *fz = o ? o->frozen : NULL;
	struct features_spec *ls = o && !fz ? o->learn : NULL;
	int *cols = NULL, *kind = NULL, *seed = NULL, rc = -1;
	size_t ncols = 0, i, j, nt = 0, nc = 0, nn = 0;
	struct textcol *tc = NULL;
	uint32_t **catkey = NULL, *misskey = NULL, dim, mask, code, key;
	float **numz = NULL;
	double *df = NULL;
	uint64_t r, n = t->nrows, q, w, total;
	struct pair *scratch = NULL;
	size_t capscratch = 0;
	const struct column *c;
	double mean, inv;
	int sorted;

	memset(f, 0, sizeof *f);
	if (!o) {
		features_opts_init(&defo);
		o = &defo;
	} else if (fz) {
		defo = *o;
		defo.hash_bits = fz->hash_bits;
		defo.bigrams = fz->bigrams;
		defo.char_ngrams = fz->char_ngrams;
		defo.tfidf = fz->tfidf;
		defo.sublinear = fz->sublinear;
		defo.min_df = fz->min_df;
		o = &defo;
	}
	if (o->hash_bits < FEATURES_BITS_MIN || o->hash_bits >
	    FEATURES_BITS_MAX)
		return err_set(e, ERR_USAGE, "hash bits must be %d to %d, "
		    "not %u", FEATURES_BITS_MIN, FEATURES_BITS_MAX,
		    o->hash_bits);
	if (n > UINT32_MAX)
		return err_set(e, ERR_DATA, "%s: too many rows for the "
		    "checkers", t->path);
	dim = 1u << o->hash_bits;
	mask = dim - 1;

	/* the columns */
	cols = xmalloc((t->ncols + o->ncols + (fz ? fz->ncols : 0) + 1) *
	    sizeof *cols);
	if (fz) {
		for (i = 0; i < fz->ncols; i++) {
			cols[ncols] = table_col_index(t, fz->col[i].name);
			if (cols[ncols] < 0) {
				table_no_column(t, t->path, fz->col[i].name,
				    "a feature of the model", e);
				e->code = ERR_DATA;
				goto out;
			}
			ncols++;
		}
	} else if (o->cols) {
		for (i = 0; i < o->ncols; i++) {
			if (o->cols[i] < 0 || (size_t)o->cols[i] >= t->ncols) {
				err_set(e, ERR_USAGE, "no feature column %d",
				    o->cols[i]);
				goto out;
			}
			if (o->cols[i] == o->label_col) {
				err_set(e, ERR_USAGE, "the label column '%s' "
				    "cannot be a feature",
				    t->col[o->cols[i]].name);
				goto out;
			}
			for (j = 0; j < ncols; j++)
				if (cols[j] == o->cols[i])
					break;
			if (j == ncols)
				cols[ncols++] = o->cols[i];
		}
	} else {
		for (i = 0; i < t->ncols; i++)
			if (features_default_col(t, o->label_col, i))
				cols[ncols++] = (int)i;
	}
	kind = xcalloc(ncols + 1, sizeof *kind);
	seed = xcalloc(ncols + 1, sizeof *seed);
	if (ls) {
		*ls = (struct features_spec){ .hash_bits = o->hash_bits,
		    .bigrams = o->bigrams, .char_ngrams = o->char_ngrams,
		    .tfidf = o->tfidf, .sublinear = o->sublinear,
		    .min_df = o->min_df, .nrows = n,
		    .col = xcalloc(ncols + 1, sizeof *ls->col) };
	}
	tc = xcalloc(ncols + 1, sizeof *tc);
	catkey = xcalloc(ncols + 1, sizeof *catkey);
	numz = xcalloc(ncols + 1, sizeof *numz);
	misskey = xcalloc(ncols + 1, sizeof *misskey);
	f->num_col = xmalloc((ncols + 1) * sizeof *f->num_col);

	/* value-level work, column by column */
	for (i = 0; i < ncols; i++) {
		struct features_colspec *cs = NULL;
		uint32_t v;
		int type;

		if (progress_step(o->progress, "features", i, ncols) < 0)
			goto cancel;
		c = &t->col[cols[i]];
		kind[i] = fz ? fz->col[i].kind : (int)use_kind(c);
		seed[i] = fz ? fz->col[i].seed : cols[i];
		type = fz ? fz->col[i].coltype : (int)c->type;
		if (ls && kind[i] != USE_NONE) {
			cs = &ls->col[ls->ncols++];
			cs->name = xstrdup(c->name);
			cs->kind = kind[i];
			cs->coltype = type;
			cs->seed = seed[i];
			dict_init(&cs->kept);
		}
		misskey[i] = bucket_key(hash_u64(0, kind_seed(seed[i],
		    KIND_MISSING)), mask);
		switch (kind[i]) {
		case USE_TEXT:
			if (!df)
				df = xmalloc((size_t)dim * sizeof *df);
			if (fz) {
				memset(df, 0, (size_t)dim * sizeof *df);
				for (v = 0; v < fz->col[i].ndf; v++)
					df[fz->col[i].dfb[v]] =
					    fz->col[i].dfv[v];
			}
			if (text_column(&tc[i], t, cols[i], seed[i], o, dim,
			    df, !fz, fz ? (double)fz->nrows :
			    (double)t->nrows) < 0)
				goto cancel;
			if (cs)
				spec_df(cs, df, dim, o->min_df);
			nt++;
			break;
		case USE_CAT:
			catkey[i] = xmalloc(((size_t)c->dict.n + 1) *
			    sizeof **catkey);
			for (v = 0; v < c->dict.n; v++) {
				size_t len;
				const char *s = dict_str(&c->dict, v, &len);

				if (c->vmiss[v])
					catkey[i][v] = misskey[i];
				else if (fz ? dict_find(&fz->col[i].kept, s,
				    len) == DICT_NONE : c->dict.count[v] <
				    o->min_df)
					catkey[i][v] = NO_KEY;
				else
					catkey[i][v] = bucket_key(hash_bytes(s,
					    len, kind_seed(seed[i], KIND_CAT)),
					    mask);
				if (cs && catkey[i][v] != NO_KEY &&
				    !c->vmiss[v])
					dict_intern(&cs->kept, s, len);
			}
			nc++;
			break;
		case USE_NUM:
			if (fz) {
				mean = fz->col[i].mean;
				inv = fz->col[i].inv;
			}
			numz[i] = numeric_values(c, type, !fz, &mean, &inv);
			if (cs) {
				cs->mean = mean;
				cs->inv = inv;
			}
			f->num_col[nn++] = cols[i];
			break;
		case USE_NONE:
			break;
		}
	}

	if (progress_cancelled(o->progress))
		goto cancel;
	/* rows: count, then fill */
	f->n = n;
	f->dim = dim;
	f->ntext = (uint32_t)nt;
	f->ncat = (uint32_t)nc;
	f->nnum = (uint32_t)nn;
	f->ptr = xmalloc((n + 1) * sizeof *f->ptr);
	total = 0;
	for (r = 0; r < n; r++) {
		f->ptr[r] = total;
		for (i = 0; i < ncols; i++) {
			c = &t->col[cols[i]];
			code = c->code[r];
			if (kind[i] == USE_TEXT)
				total += tc[i].vptr[code + 1] -
				    tc[i].vptr[code];
			else if (kind[i] == USE_CAT)
				total += catkey[i][code] != NO_KEY;
			else if (kind[i] == USE_NUM && isnan(numz[i][code]))
				total++;
		}
	}
	f->ptr[n] = total;
	f->idx = xmalloc((total + 1) * sizeof *f->idx);
	f->val = xmalloc((total + 1) * sizeof *f->val);
	if (nn)
		f->num = xmalloc(n * nn * sizeof *f->num);
	w = 0;
	for (r = 0; r < n; r++) {
		uint64_t start = w;
		size_t jn = 0;

		if ((r & 65535) == 65535 && progress_cancelled(o->progress))
			goto cancel;
		sorted = 1;
		for (i = 0; i < ncols; i++) {
			c = &t->col[cols[i]];
			code = c->code[r];
			switch (kind[i]) {
			case USE_TEXT:
				for (q = tc[i].vptr[code];
				    q < tc[i].vptr[code + 1]; q++) {
					f->idx[w] = tc[i].idx[q];
					f->val[w++] = tc[i].val[q];
				}
				break;
			case USE_CAT:
				key = catkey[i][code];
				if (key == NO_KEY)
					break;
				f->idx[w] = key >> 1;
				f->val[w++] = key & 1 ? -1.0f : 1.0f;
				break;
			case USE_NUM:
				f->num[r * nn + jn] = numz[i][code];
				jn++;
				if (isnan(numz[i][code])) {
					key = misskey[i];
					f->idx[w] = key >> 1;
					f->val[w++] = key & 1 ? -1.0f : 1.0f;
				}
				break;
			case USE_NONE:
				break;
			}
		}
		/* w never passes the counted position, so rows that
		 * shrink compact the array as they go */
		for (q = start + 1; q < w; q++)
			if (f->idx[q] <= f->idx[q - 1])
				sorted = 0;
		if (!sorted)
			w = row_normalise(f->idx, f->val, start, w, &scratch,
			    &capscratch);
		f->ptr[r] = start;
	}
	f->ptr[n] = w;
	present_shares(f, t, cols, kind, ncols, tc, catkey, misskey, numz);
	if (nn == 0) {
		free(f->num_col);
		f->num_col = NULL;
	}
	progress_step(o->progress, "features", ncols, ncols);
	rc = 0;
	goto out;
cancel:
	err_set(e, ERR_CANCEL, "cancelled");
	features_release(f);
out:
	if (rc < 0)
		features_spec_release(ls);
	for (i = 0; i < ncols && tc; i++) {
		FREE_ALL(tc[i].vptr, tc[i].idx, tc[i].val, catkey[i], numz[i]);
	}
	if (rc < 0 && f->ptr == NULL)
		features_release(f);
	FREE_ALL(tc, catkey, numz, misskey, kind, seed, cols, df, scratch);
	return rc;
}

int
features_default_col(const struct table *t, int label_col, size_t c)
{
	/* the keys: the id column, and one that numbers the rows */
	return (int)c != label_col && (int)c != t->id_col &&
	    !table_row_key(t, c);
}

int
features_check_any(const struct features *f, const struct table *t,
    int chosen, struct err *e)
{
	if (f->ntext + f->ncat + f->nnum > 0)
		return 0;
	return err_set(e, ERR_DATA, "%s: no column to learn from: %s",
	    t->path, chosen ? "the columns of --features hold no value" :
	    "every column but the label is empty, the id, or a key that "
	    "numbers the rows (--features NAME learns from it)");
}
