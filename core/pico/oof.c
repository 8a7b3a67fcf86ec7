/*
 * oof.c - the R x F checker trainings as pool tasks.  Task t is checker
 * t: repeat t / F, fold t % F.  It owns the rows of its fold in its
 * repeat's probability matrix (or top-r store), its row of rho and its
 * wtrain slot, and nothing else.
 */
#include "core/pico/oof.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util/pool.h"
#include "core/util/xalloc.h"

/* LR row orders use streams from here on; streams 0 .. R-1 make folds */
#define LR_STREAM_BASE 0x100000000ull

void
oof_opts_init(struct oof_opts *o)
{
	memset(o, 0, sizeof *o);
	o->model = OOF_AUTO;
	o->repeats = 3;
	o->folds = 5;
	o->seed = 1;
	o->threads = 0;
	nb_opts_init(&o->nb);
	lr_opts_init(&o->lr);
	o->max_bytes = (size_t)4 << 30;
}

const char *
oof_model_name(enum oof_model m)
{
	switch (m) {
	case OOF_AUTO: return "auto";
	case OOF_NB: return "nb";
	case OOF_LR: return "lr";
	}
	return "?";
}

int
oof_model_parse(const char *s, enum oof_model *m)
{
	if (!strcasecmp(s, "auto"))
		*m = OOF_AUTO;
	else if (!strcasecmp(s, "nb"))
		*m = OOF_NB;
	else if (!strcasecmp(s, "lr"))
		*m = OOF_LR;
	else
		return -1;
	return 0;
}

/*
 * Which checker --model auto runs.  Measured out-of-fold (R = 3, F = 5,
 * default options; accuracy / log loss):
 *
 *                    LR              NB
 *   fortunes8 (text)  0.701 / 0.875   0.644 / 1.067
 *   text12k (gen.)    0.838 / 0.792   0.841 / 0.857
 *   text100k (gen.)   0.895 / 0.310   0.890 / 0.391
 *   movies (mixed)    0.512 / 1.508   0.474 / 2.213
 *   cars (mixed)      0.992 / 0.050   0.842 / 0.540
 *   digits (numeric)  0.961 / 0.147   0.905 / 0.790
 *   iris (numeric)    0.967 / 0.113   0.936 / 0.152
 *   numeric (gen.)    0.818 / 0.529   0.821 / 0.520
 *
 * Logistic regression wins on every real set and ties on the generated
 * ones (drawn from the very models naive Bayes assumes), with better log
 * loss everywhere, at 2 to 10 times the time.  Its time grows with the
 * classes, naive Bayes' hardly: auto takes LR unless its work (lane
 * operations: R (F-1) epochs N (nonzeros per row + numeric columns) k
 * rounded up to 4) passes OOF_AUTO_BUDGET, about 35 CPU seconds here
 * (text100k, 20 classes, is 1.2e9 and takes 4 CPU seconds), then naive
 * Bayes.
 */
#define OOF_AUTO_BUDGET 1e10

/*
 * Each logistic model's memory cap: all of lr.max_bytes, but in top-r
 * form (many classes) the threads' models share it.
 */
static double
lr_cap(const struct oof_opts *o)
{
	return (double)o->lr.max_bytes / (o->topr ? pool_threads(o->threads) :
	    1);
}

enum oof_model
oof_auto_model(const struct features *X, uint32_t k, const struct oof_opts *o)
{
	struct oof_opts defo;
	double work, per_row;

	if (!o) {
		oof_opts_init(&defo);
		o = &defo;
	}
	per_row = X->n ? (double)X->ptr[X->n] / (double)X->n : 0;
	per_row += X->nnum;
	work = (double)o->repeats * (o->folds > 1 ? o->folds - 1 : 1) *
	    o->lr.epochs * (double)X->n * per_row * ((k + 3) & ~3u);
	if (work > OOF_AUTO_BUDGET || lr_floor_bytes(X, k) > lr_cap(o))
		return OOF_NB;
	return OOF_LR;
}

void
oof_release(struct oof *out)
{
	uint32_t r;

	if (!out)
		return;
	if (out->top)
		for (r = 0; r < out->repeats; r++)
			post_release(&out->top[r]);
	free(out->top);
	free(out->prob);
	free(out->rho);
	free(out->wtrain);
	folds_release(&out->split);
	memset(out, 0, sizeof *out);
}

size_t
oof_bytes(const struct oof *o)
{
	size_t b = 0, nchk = (size_t)o->repeats * o->folds;
	uint32_t r;

	if (o->prob)
		b += (size_t)o->repeats * o->n * o->k * sizeof *o->prob;
	if (o->top)
		for (r = 0; r < o->repeats; r++)
			b += post_bytes(&o->top[r]);
	b += (size_t)o->repeats * o->n * sizeof *o->split.fold;
	b += nchk * o->k * sizeof *o->rho + nchk * sizeof *o->wtrain;
	return b;
}

/* Bytes of top-r predictions for n rows (post_bytes before the fact). */
static double
topr_bytes(uint64_t n, uint32_t k, uint32_t r)
{
	if (r > k)
		r = k;
	return (double)n * ((double)r * ((k <= POST_K16 ? 2 : 4) + 4) + 8);
}

struct job {
	struct oof *out;
	const struct features *X;
	const uint32_t *y;
	const float *w;
	const uint8_t *always;
	const struct oof_opts *o;
	size_t lr_bytes;	/* top-r: each logistic model's cap */
};

/* A checker's scratch for top-r rows: the prediction, in floats and
 * doubles, and the selection. */
struct top_scratch {
	float *p;
	double *d;
	uint32_t *sel;
};

static struct top_scratch
top_scratch(uint32_t k)
{
	struct top_scratch s;

	s.p = xmalloc(((size_t)k + 1) * sizeof *s.p);
	s.d = xmalloc(((size_t)k + 1) * sizeof *s.d);
	s.sel = xmalloc(((size_t)k + 1) * sizeof *s.sel);
	return s;
}

static void
top_free(struct top_scratch *s)
{
	free(s->p);
	free(s->d);
	free(s->sel);
	memset(s, 0, sizeof *s);
}

/* Row i's prediction s->p into the repeat's top-r store. */
static void
top_store(const struct job *J, struct post *P, uint64_t i,
    struct top_scratch *s)
{
	uint32_t c, k = P->k;
	uint32_t keep = J->o->keep ? J->o->keep[i] : J->y[i];

	for (c = 0; c < k; c++)
		s->d[c] = s->p[c];
	post_set(P, (uint32_t)i, s->d, keep, s->sel);
}

/* A trained checker of either kind. */
struct model {
	enum oof_model kind;
	struct nb nb;
	struct lr lr;
	double *scratch;	/* naive Bayes: k doubles */
};

static void
model_predict(const struct model *M, const struct features *X, uint64_t i,
    float *out)
{
	if (M->kind == OOF_NB)
		nb_predict(&M->nb, X, i, out, M->scratch);
	else
		lr_predict(&M->lr, X, i, out);
}

static void
model_release(struct model *M)
{
	if (M->kind == OOF_NB)
		nb_release(&M->nb);
	else
		lr_release(&M->lr);
	free(M->scratch);
}

static int
checker(void *ctx, size_t t)
{
	struct job *J = ctx;
	struct oof *out = J->out;
	const struct features *X = J->X;
	uint32_t k = out->k, r = (uint32_t)(t / out->folds);
	uint32_t f = (uint32_t)(t % out->folds), *rows, *fold;
	uint64_t i, n = out->n;
	size_t nrows = 0;
	double *rho = out->rho + t * k, wt, total = 0;
	float *prob = out->prob ? out->prob + (size_t)r * n * k : NULL;
	struct top_scratch top = { NULL, NULL, NULL };
	struct lr_opts lo;
	struct model M;
	struct err e;

	fold = out->split.fold + (size_t)r * n;
	rows = xmalloc((size_t)(n + 1) * sizeof *rows);
	for (i = 0; i < n; i++) {
		if (fold[i] == f && !(J->always && J->always[i]))
			continue;
		rows[nrows++] = (uint32_t)i;
		if (J->y[i] < k && (!J->w || J->w[i] > 0)) {
			wt = J->w ? J->w[i] : 1;
			rho[J->y[i]] += wt;
			total += wt;
		}
	}
	out->wtrain[t] = total;
	if (total > 0)
		for (i = 0; i < k; i++)
			rho[i] /= total;

	memset(&M, 0, sizeof M);
	M.kind = out->model;
	if (M.kind == OOF_NB) {
		nb_train(&M.nb, X, rows, nrows, J->y, J->w, k, &J->o->nb);
		M.scratch = xmalloc(((size_t)k + 1) * sizeof *M.scratch);
	} else {
		lo = J->o->lr;
		lo.seed = J->o->seed;
		lo.stream = LR_STREAM_BASE + t;
		if (out->top)
			lo.max_bytes = J->lr_bytes;
		if (lr_train(&M.lr, X, rows, nrows, J->y, J->w, k, &lo,
		    J->o->progress, &e) < 0) {
			free(rows);
			return -1;
		}
	}
	free(rows);
	if (out->top)
		top = top_scratch(k);
	for (i = 0; i < n; i++) {
		if (fold[i] != f)
			continue;
		if (!out->top) {
			model_predict(&M, X, i, prob + i * k);
			continue;
		}
		model_predict(&M, X, i, top.p);
		top_store(J, &out->top[r], i, &top);
	}
	top_free(&top);
	model_release(&M);
	return 0;
}

int
oof_run(struct oof *out, const struct features *X, const uint32_t *y,
    const float *w, const uint8_t *always, uint32_t k,
    const struct folds *split, const struct oof_opts *o, struct err *e)
{
	struct oof_opts defo;
	struct job J;
	size_t nchk, nprob;
	uint64_t n = X->n;

	memset(out, 0, sizeof *out);
	if (!o) {
		oof_opts_init(&defo);
		o = &defo;
	}
	if (k == 0)
		return err_set(e, ERR_USAGE, "no classes to check");
	if (split && split->n != n)
		return err_set(e, ERR_USAGE, "the split covers %llu rows, the "
		    "features %llu", (unsigned long long)split->n,
		    (unsigned long long)n);
	if (split) {
		out->split = *split;
		out->split.fold = xmalloc(((size_t)split->repeats * n + 1) *
		    sizeof *out->split.fold);
		memcpy(out->split.fold, split->fold, (size_t)split->repeats *
		    n * sizeof *out->split.fold);
	} else if (folds_make(&out->split, y, n, k, o->repeats, o->folds,
	    o->seed, e) < 0) {
		return -1;
	}
	out->n = n;
	out->k = k;
	out->repeats = out->split.repeats;
	out->folds = out->split.folds;
	out->model = o->model == OOF_AUTO ? oof_auto_model(X, k, o) :
	    o->model;
	nprob = (size_t)out->repeats * n;
	if (o->topr > 0 && n > UINT32_MAX - 1) {
		folds_release(&out->split);
		return err_set(e, ERR_USAGE, "top-r predictions: %llu rows is "
		    "more than 2^32 - 1", (unsigned long long)n);
	}
	if (o->topr > 0 && nprob && (double)out->repeats *
	    topr_bytes(n, k, o->topr) > (double)o->max_bytes) {
		folds_release(&out->split);
		return err_set(e, ERR_USAGE, "top-%u out-of-fold predictions "
		    "would need %.1f GB (%u repeats x %llu rows); use fewer "
		    "repeats", o->topr, (double)out->repeats *
		    topr_bytes(n, k, o->topr) / 1e9, out->repeats,
		    (unsigned long long)n);
	}
	if (o->topr == 0 && nprob && (double)nprob * k * sizeof(float) >
	    (double)o->max_bytes) {
		folds_release(&out->split);
		return err_set(e, ERR_USAGE, "out-of-fold probabilities would "
		    "need %.1f GB (%u repeats x %llu rows x %u classes); "
		    "use fewer repeats", (double)nprob * k * 4 / 1e9,
		    out->repeats, (unsigned long long)n, k);
	}
	if (out->model == OOF_LR && lr_floor_bytes(X, k) > lr_cap(o)) {
		folds_release(&out->split);
		return err_set(e, ERR_USAGE, "logistic regression on %u "
		    "classes needs %.0f MB a checker with its hash space "
		    "folded as far as it goes (%u buckets), more than its "
		    "%.0f MB; use --model nb", k, lr_floor_bytes(X, k) / 1e6,
		    LR_MIN_DIM, lr_cap(o) / 1e6);
	}
	nchk = (size_t)out->repeats * out->folds;
	if (o->topr > 0) {
		uint32_t r;

		out->top = xcalloc(out->repeats + 1, sizeof *out->top);
		for (r = 0; r < out->repeats; r++)
			post_init(&out->top[r], (uint32_t)n, k, o->topr);
		out->topr = post_form((uint32_t)n, k, o->topr);
	} else {
		out->prob = xmalloc((nprob * k + 1) * sizeof *out->prob);
	}
	out->rho = xcalloc(nchk * k + 1, sizeof *out->rho);
	out->wtrain = xcalloc(nchk + 1, sizeof *out->wtrain);

	J.out = out;
	J.X = X;
	J.y = y;
	J.w = w;
	J.always = always;
	J.o = o;
	J.lr_bytes = (size_t)lr_cap(o);
	if (pool_run(nchk, o->threads, checker, &J, o->progress, "checkers",
	    e) < 0) {
		oof_release(out);
		return -1;
	}
	return 0;
}
