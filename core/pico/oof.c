/*
 * oof.c - the R x F checker trainings as pool tasks.  Task t is checker
 * t: repeat t / F, fold t % F.  It owns the rows of its fold in its
 * repeat's probability matrix (or top-r store, or, while the mix is
 * being chosen, in each candidate's matrix), its row of rho and its
 * wtrain slot, and nothing else.  Choosing the mix happens between the
 * first repeat's tasks and the others', on the calling thread.
 */
#include "core/pico/oof.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pico/oofmix.h"
#include "core/util/pool.h"
#include "core/util/xalloc.h"

/* LR row orders use streams from here on; streams 0 .. R-1 make folds */
#define LR_STREAM_BASE 0x100000000ull
/* kNN reference samples use streams from here on */
#define KNN_STREAM_BASE 0x200000000ull
/* the trees' row samples use streams from here on */
#define GBT_STREAM_BASE 0x300000000ull

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
	knn_opts_init(&o->knn);
	gbt_opts_init(&o->gbt);
	o->max_bytes = (size_t)4 << 30;
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
oof_auto_model(const struct features *X, uint32_t k,
    const struct oof_opts *o)
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

/*
 * Work estimates, in lane operations per round (all R x F checkers).
 * Converged logistic regression: about LBFGS_PASSES gradient passes a
 * fit, a pass 2 N' (nonzeros + numeric columns) k' (N' the training
 * rows, k' the classes rounded up to 4).  kNN: every row queries the
 * reference rows of its checker; above KNN_BUDGET the reference rows
 * are a sample, never fewer than KNN_MIN_REF.  Gradient-boosted trees
 * (gbt_train_work): auto weighs them while all R x F trainings of a
 * round fit GBT_BUDGET, about 2 CPU seconds (1 s on two cores): a
 * large file, or many classes on many columns, ranks with the linear
 * kinds and kNN alone.  Measured: about 1e9 lane
 * operations a CPU second for each kind.
 */
#define LBFGS_PASSES 60
#define KNN_BUDGET 3e9
#define GBT_BUDGET 2e9
#define KNN_MIN_REF 2048
#define LBFGS_BUDGET 2e10

/* The optimiser's bytes for a converged fit: 18 doubles a weight (the
 * point, gradient, direction, trial and 7 pairs) beside the model. */
static double
lbfgs_bytes(const struct features *X, uint32_t k)
{
	uint64_t nnz = X->ptr ? X->ptr[X->n] : 0;
	double feat = (double)(nnz < X->dim ? nnz : X->dim) + X->nnum;

	return feat * ((k + 3) & ~3u) * 18 * sizeof(double);
}

static double
per_row(const struct features *X)
{
	return (X->n ? (double)X->ptr[X->n] / (double)X->n : 0) + X->nnum;
}

struct job {
	struct oof *out;
	const struct features *X;
	const uint32_t *y;
	const float *w;
	const uint8_t *always;
	const struct oof_opts *o;
	size_t lr_bytes;	/* each logistic model's cap */
	int lr_sgd;		/* lr runs as AdaGrad */
	uint32_t max_ref;	/* kNN reference rows at most (0: all) */
	uint32_t first;		/* task t is checker first + t */
	const struct cfg *cfg;	/* the settings each checker runs */
	uint32_t ncfg;
	const double *weight;	/* [ncfg] pool exponents; NULL: store each
				 * setting's prediction in cand instead */
	float **cand;		/* [ncfg] n x k */
	struct lr *warm;	/* [folds] while choosing: each fold's last
				 * converged model, the next C's start */
	int trees_apart;	/* while choosing: tasks F .. 2F - 1 run
				 * the trees of folds 0 .. F - 1, tasks
				 * 0 .. F - 1 the other kinds */
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

/*
 * Pool the settings' predictions of one row (pred[c] + at, c < ncfg)
 * with exponents weight into out[0..k), then pull it towards rho as far
 * as the row is unmeasured.  Clipped below at OOF_PMIN, summing to 1
 * before the clip.
 */
static void
pool_row(float *const *pred, size_t at, const double *weight, uint32_t ncfg,
    uint32_t k, const double *rho, double present, double *lp, float *out)
{
	uint32_t c, m;
	double mx = -HUGE_VAL, sum = 0, e = 2 * present;

	if (e > 1)
		e = 1;
	for (c = 0; c < k; c++) {
		lp[c] = 0;
		for (m = 0; m < ncfg; m++)
			if (weight[m] > 0)
				lp[c] += weight[m] * log(pred[m][at + c]);
		if (e < 1)
			lp[c] = rho[c] > 0 ? e * lp[c] + (1 - e) * log(rho[c]) :
			    -HUGE_VAL;
		if (lp[c] > mx)
			mx = lp[c];
	}
	for (c = 0; c < k; c++) {
		lp[c] = exp(lp[c] - mx);
		sum += lp[c];
	}
	for (c = 0; c < k; c++) {
		double v = lp[c] / sum;

		out[c] = v < OOF_PMIN ? OOF_PMIN : (float)v;
	}
}

/* Train the logistic settings (C ascending, each warm-started from the
 * last) and predict the fold rows fr[0..nf) into dst[c] (nf x k). */
static int
run_lr(const struct job *J, size_t t, const uint32_t *rows, size_t nrows,
    const uint32_t *fr, size_t nf, const struct cfg *cfg, uint32_t ncfg,
    float **dst, struct err *e)
{
	struct lr prev, M;
	struct lr_opts lo;
	uint32_t c, k = J->out->k;
	size_t i;

	memset(&prev, 0, sizeof prev);
	if (J->warm) {
		prev = J->warm[t];
		memset(&J->warm[t], 0, sizeof J->warm[t]);
	}
	for (c = 0; c < ncfg; c++) {
		if (cfg[c].kind != OOF_KIND_LR && cfg[c].kind != OOF_KIND_SGD)
			continue;
		lo = J->o->lr;
		lo.seed = J->o->seed;
		lo.stream = LR_STREAM_BASE + t;
		lo.max_bytes = J->lr_bytes;
		if (cfg[c].kind == OOF_KIND_SGD || J->lr_sgd) {
			if (lo.solver == LR_LBFGS)
				lo.solver = LR_ADAGRAD;
		} else {
			lo.solver = LR_LBFGS;
			lo.C = cfg[c].C;
			lo.init = prev.w ? &prev : NULL;
		}
		if (lr_train(&M, J->X, rows, nrows, J->y, J->w, k, &lo,
		    J->o->progress, e) < 0) {
			lr_release(&prev);
			return -1;
		}
		for (i = 0; i < nf; i++)
			lr_predict(&M, J->X, fr[i], dst[c] + i * k);
		if (lo.solver == LR_LBFGS) {
			lr_release(&prev);
			prev = M;
		} else {
			lr_release(&M);
		}
	}
	if (J->warm)
		J->warm[t] = prev;
	else
		lr_release(&prev);
	return 0;
}

/* The kNN settings share one neighbour search a row. */
static void
run_knn(const struct job *J, size_t t, const uint32_t *rows, size_t nrows,
    const uint32_t *fr, size_t nf, const struct cfg *cfg, uint32_t ncfg,
    float **dst)
{
	struct knn M;
	struct knn_opts ko = J->o->knn;
	uint32_t c, nb[2][KNN_KMAX], n[2], kmax[2] = { 0, 0 }, k = J->out->k;
	float sim[2][KNN_KMAX], *scratch;
	size_t i;
	int d;

	for (c = 0; c < ncfg; c++)
		if (cfg[c].kind == OOF_KIND_KNN &&
		    cfg[c].knn_k > kmax[cfg[c].knn_metric])
			kmax[cfg[c].knn_metric] = cfg[c].knn_k;
	if (kmax[0] == 0 && kmax[1] == 0)
		return;
	ko.seed = J->o->seed;
	ko.stream = KNN_STREAM_BASE + t;
	ko.max_ref = J->max_ref;
	knn_train(&M, J->X, rows, nrows, J->y, J->w, k, &ko);
	scratch = xmalloc(((size_t)M.nref + 1) * sizeof *scratch);
	/* one search a row for both metrics, shared by their settings */
	for (i = 0; i < nf; i++) {
		knn_search(&M, J->X, fr[i], kmax, nb, sim, n, scratch);
		for (c = 0; c < ncfg; c++) {
			if (cfg[c].kind != OOF_KIND_KNN)
				continue;
			d = cfg[c].knn_metric;
			knn_probs(&M, nb[d], sim[d], n[d], cfg[c].knn_k,
			    cfg[c].knn_metric, ko.alpha, dst[c] + i * k);
		}
	}
	free(scratch);
	knn_release(&M);
}

static void
run_nb(const struct job *J, const uint32_t *rows, size_t nrows,
    const uint32_t *fr, size_t nf, const struct cfg *cfg, uint32_t ncfg,
    float **dst)
{
	struct nb M;
	uint32_t c, k = J->out->k;
	double *scratch;
	size_t i;

	for (c = 0; c < ncfg; c++)
		if (cfg[c].kind == OOF_KIND_NB)
			break;
	if (c == ncfg)
		return;
	nb_train(&M, J->X, rows, nrows, J->y, J->w, k, &J->o->nb);
	scratch = xmalloc(((size_t)k + 1) * sizeof *scratch);
	for (i = 0; i < nf; i++)
		nb_predict(&M, J->X, fr[i], dst[c] + i * k, scratch);
	free(scratch);
	nb_release(&M);
}

static int
run_gbt(const struct job *J, size_t t, const uint32_t *rows, size_t nrows,
    const uint32_t *fr, size_t nf, const struct cfg *cfg, uint32_t ncfg,
    float **dst, struct err *e)
{
	struct gbt M;
	struct gbt_opts go = J->o->gbt;
	uint32_t c;
	int rc;

	for (c = 0; c < ncfg; c++)
		if (cfg[c].kind == OOF_KIND_GBT)
			break;
	if (c == ncfg)
		return 0;
	go.seed = J->o->seed;
	go.stream = GBT_STREAM_BASE + t;
	rc = gbt_train(&M, J->X, rows, nrows, J->y, J->w, J->out->k, &go, e);
	if (rc == 0)
		rc = gbt_predict(&M, J->X, fr, nf, dst[c], e);
	gbt_release(&M);
	return rc;
}

static int
checker(void *ctx, size_t task, struct err *e)
{
	struct job *J = ctx;
	struct oof *out = J->out;
	const struct features *X = J->X;
	/* part -1: every setting; 0: all but the trees; 1: the trees */
	int part = J->trees_apart ? task >= out->folds : -1;
	size_t t = J->first + (J->trees_apart ? task % out->folds : task);
	uint32_t k = out->k, r = (uint32_t)(t / out->folds);
	uint32_t f = (uint32_t)(t % out->folds), *rows, *fr, *fold, c, ns = 0;
	uint64_t i, n = out->n;
	size_t nrows = 0, nf = 0, j;
	double *rho, wt, total = 0, *lp;
	float *prob = out->prob ? out->prob + (size_t)r * n * k : NULL;
	float **dst, *sdst[16];
	struct cfg sub[16];
	struct top_scratch top = { NULL, NULL, NULL };

	/* the trees' part leaves the fold's class shares to the other */
	rho = part == 1 ? xcalloc((size_t)k + 1, sizeof *rho) :
	    out->rho + t * k;
	memset(rho, 0, k * sizeof *rho);
	fold = out->split.fold + (size_t)r * n;
	rows = xmalloc((size_t)(n + 1) * sizeof *rows);
	fr = xmalloc((size_t)(n + 1) * sizeof *fr);
	for (i = 0; i < n; i++) {
		if (fold[i] == f)
			fr[nf++] = (uint32_t)i;
		if (fold[i] == f && !(J->always && J->always[i]))
			continue;
		rows[nrows++] = (uint32_t)i;
		if (J->y[i] < k && (!J->w || J->w[i] > 0)) {
			wt = J->w ? J->w[i] : 1;
			rho[J->y[i]] += wt;
			total += wt;
		}
	}
	if (part != 1)
		out->wtrain[t] = total;
	if (total > 0)
		for (i = 0; i < k; i++)
			rho[i] /= total;

	/* this task's settings (of its part) and their predictions; the
	 * other part's stay NULL */
	dst = xcalloc(J->ncfg, sizeof *dst);
	for (c = 0; c < J->ncfg; c++)
		if (part < 0 ||
		    (part == 1) == (J->cfg[c].kind == OOF_KIND_GBT)) {
			dst[c] = xmalloc((nf * k + 1) * sizeof **dst);
			sub[ns] = J->cfg[c];
			sdst[ns++] = dst[c];
		}
	if (run_lr(J, t, rows, nrows, fr, nf, sub, ns, sdst, e) < 0 ||
	    run_gbt(J, t, rows, nrows, fr, nf, sub, ns, sdst, e) < 0) {
		for (c = 0; c < J->ncfg; c++)
			free(dst[c]);
		free(dst);
		free(rows);
		free(fr);
		if (part == 1)
			free(rho);
		return -1;
	}
	run_knn(J, t, rows, nrows, fr, nf, sub, ns, sdst);
	run_nb(J, rows, nrows, fr, nf, sub, ns, sdst);
	free(rows);
	if (part == 1)
		free(rho);

	if (!J->weight) {
		/* choosing: each setting's predictions, as they are */
		for (c = 0; c < J->ncfg; c++)
			for (j = 0; dst[c] && j < nf; j++)
				memcpy(J->cand[c] + (size_t)fr[j] * k,
				    dst[c] + j * k, k * sizeof **dst);
	} else {
		lp = xmalloc(((size_t)k + 1) * sizeof *lp);
		if (out->top)
			top = top_scratch(k);
		for (j = 0; j < nf; j++) {
			i = fr[j];
			pool_row(dst, j * k, J->weight, J->ncfg, k, rho,
			    X->present ? X->present[i] : 1, lp,
			    out->top ? top.p : prob + i * k);
			if (out->top)
				top_store(J, &out->top[r], i, &top);
		}
		top_free(&top);
		free(lp);
	}
	for (c = 0; c < J->ncfg; c++)
		free(dst[c]);
	free(dst);
	free(fr);
	return 0;
}

/*
 * The choosing pass over the first repeat's folds, each candidate's
 * predictions into cand[c].  The first stage runs every candidate but
 * lr's grid, and the grid's first C; then each stage runs lr's next C,
 * warm-started from each fold's last model, for as long as the last C
 * lowered lr's out-of-fold log loss.  That loss is close to unimodal in
 * C, and the large C are the slow fits (weak regularisation, more
 * iterations): sets that want strong regularisation stop after two or
 * three fits a fold instead of four (dna, sonar, movies and spam: the
 * table above).  *nran: how many oofmix_candidates ran, a prefix of cfg.
 */
static int
choose_run(struct job *J, const struct cfg *cfg, uint32_t ncfg,
    float **cand, uint32_t *nran, struct err *e)
{
	struct oof *out = J->out;
	const struct oof_opts *o = J->o;
	uint32_t first, f, *rows, k = out->k, trees;
	size_t nrows;
	double *lp, one = 1, loss, last = HUGE_VAL;
	int rc;

	for (first = 0; first < ncfg; first++)
		if (cfg[first].kind == OOF_KIND_LR)
			break;
	/* the AdaGrad stand-in has no C to choose */
	if (J->lr_sgd && first < ncfg)
		ncfg = first + 1;
	*nran = first < ncfg ? first + 1 : ncfg;
	J->warm = xcalloc((size_t)out->folds + 1, sizeof *J->warm);
	rows = xmalloc((out->n + 1) * sizeof *rows);
	lp = xmalloc(((size_t)k + 1) * sizeof *lp);
	nrows = oofmix_sample(rows, k, J->y, J->w, out->n);
	J->cfg = cfg;
	J->cand = cand;
	J->ncfg = *nran;
	/* the trees cost as much as the rest of a fold together: as tasks
	 * of their own, the folds share the threads evenly */
	for (f = 0, trees = 0; f < *nran; f++)
		trees += cfg[f].kind == OOF_KIND_GBT;
	J->trees_apart = trees > 0 && trees < *nran;
	rc = pool_run((size_t)out->folds * (J->trees_apart ? 2 : 1),
	    o->threads, checker, J, o->progress, "checkers", e);
	J->trees_apart = 0;
	while (rc == 0 && *nran < ncfg) {
		loss = oofmix_loss(cand + *nran - 1, &one, 1, k, J->y, J->w,
		    rows, nrows, lp);
		if (!(loss < last))
			break;
		last = loss;
		J->cfg = cfg + *nran;
		J->cand = cand + *nran;
		J->ncfg = 1;
		rc = pool_run(out->folds, o->threads, checker, J, o->progress,
		    "checkers", e);
		(*nran)++;
	}
	for (f = 0; f < out->folds; f++)
		lr_release(&J->warm[f]);
	free(J->warm);
	J->warm = NULL;
	J->cand = NULL;
	free(rows);
	free(lp);
	return rc;
}

/*
 * The kinds to consider for X (bits of enum oof_kind): --model's, or
 * for auto those whose estimated work fits the budget.
 */
static unsigned
kinds_of(const struct features *X, uint32_t k, const struct oof_opts *o,
    uint32_t repeats, uint32_t folds)
{
	double ntr = (double)X->n * (folds > 1 ? folds - 1 : 1) / folds;
	double lbfgs, knn;
	unsigned bits;

	if (o->model & OOF_LIST)
		return o->model & ((1u << OOF_NKINDS) - 1);
	if (o->model != OOF_AUTO)
		return 1u << oofmix_model_kind(o->model);
	if (oof_auto_model(X, k, o) == OOF_NB)
		return 1u << OOF_KIND_NB;
	bits = 1u << OOF_KIND_SGD | 1u << OOF_KIND_NB;
	lbfgs = (double)repeats * folds * LBFGS_PASSES * 2 * ntr *
	    per_row(X) * ((k + 3) & ~3u);
	if (lbfgs <= LBFGS_BUDGET)
		bits |= 1u << OOF_KIND_LR;
	knn = (double)repeats * X->n * knn_query_work(X, KNN_MIN_REF);
	if (knn <= KNN_BUDGET)
		bits |= 1u << OOF_KIND_KNN;
	/* trees for tabular rows: on words, linear models are the ones
	 * that rank (PICO.md: trees were worth it on numeric data only) */
	if (X->ntext == 0 && (double)repeats * folds *
	    gbt_train_work(X, (uint64_t)ntr, k, &o->gbt) <= GBT_BUDGET)
		bits |= 1u << OOF_KIND_GBT;
	return bits;
}

int
oof_run(struct oof *out, const struct features *X, const uint32_t *y,
    const float *w, const uint8_t *always, uint32_t k,
    const struct folds *split, const struct oof_opts *o, struct err *e)
{
	struct oof_opts defo;
	struct job J;
	struct cfg cfg[16], run[OOF_NKINDS];
	double weight[OOF_NKINDS], knn_ref;
	size_t nchk, nprob;
	uint64_t n = X->n, i;
	unsigned bits;
	uint32_t ncfg, nrun, c, m;

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

	/* what runs */
	if (o->mix) {
		out->mix = *o->mix;
		bits = 0;
		for (m = 0; m < OOF_NKINDS; m++)
			if (out->mix.weight[m] > 0)
				bits |= 1u << m;
	} else {
		bits = kinds_of(X, k, o, out->repeats, out->folds);
	}
	memset(&J, 0, sizeof J);
	J.lr_bytes = (size_t)lr_cap(o);
	J.lr_sgd = lbfgs_bytes(X, k) > (double)J.lr_bytes;
	if ((bits & (1u << OOF_KIND_LR | 1u << OOF_KIND_SGD)) &&
	    lr_floor_bytes(X, k) > lr_cap(o)) {
		folds_release(&out->split);
		return err_set(e, ERR_USAGE, "logistic regression on %u "
		    "classes needs %.0f MB a checker with its hash space "
		    "folded as far as it goes (%u buckets), more than its "
		    "%.0f MB; use --model nb", k, lr_floor_bytes(X, k) / 1e6,
		    LR_MIN_DIM, lr_cap(o) / 1e6);
	}
	knn_ref = X->n ? KNN_BUDGET / ((double)out->repeats * X->n *
	    knn_query_work(X, 1)) : 0;
	J.max_ref = knn_ref >= (double)X->n ? 0 : knn_ref < KNN_MIN_REF ?
	    KNN_MIN_REF : (uint32_t)knn_ref;
	if (o->knn.max_ref > 0 && (J.max_ref == 0 || o->knn.max_ref <
	    J.max_ref))
		J.max_ref = o->knn.max_ref;

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
	ncfg = oofmix_candidates(bits, X->nnum > 0, cfg);
	if (!o->mix && ncfg > 1 && (double)ncfg * n * k * sizeof(float) >
	    (double)o->max_bytes / 4) {
		/* no room to weigh oofmix_candidates (many classes): auto runs what
		 * it always ran, a forced kind its default setting, a list
		 * its kinds with equal weights */
		if (o->model == OOF_AUTO)
			bits = 1u << (oof_auto_model(X, k, o) == OOF_NB ?
			    OOF_KIND_NB : OOF_KIND_SGD);
		ncfg = 0;
		for (m = 0; m < OOF_NKINDS; m++)
			if (bits & 1u << m) {
				cfg[ncfg].kind = (enum oof_kind)m;
				cfg[ncfg].C = o->lr.C;
				cfg[ncfg].knn_metric = o->knn.metric;
				cfg[ncfg++].knn_k = o->knn.k;
			}
	}
	if (!o->mix && ncfg > 1) {
		/* choose on the first repeat */
		float **cand = xcalloc(ncfg, sizeof *cand);
		uint32_t nran;

		for (c = 0; c < ncfg; c++)
			cand[c] = xmalloc(((size_t)n * k + 1) * sizeof **cand);
		if (choose_run(&J, cfg, ncfg, cand, &nran, e) < 0) {
			for (c = 0; c < ncfg; c++)
				free(cand[c]);
			free(cand);
			oof_release(out);
			return -1;
		}
		oofmix_choose(&out->mix, cand, cfg, nran, k, y, w, n,
		    o->threads);
		out->mix.lr_sgd = J.lr_sgd;
		/* the first repeat's pooled predictions */
		{
			double *lp = xmalloc(((size_t)k + 1) * sizeof *lp);
			double wc[16];
			struct top_scratch top = { NULL, NULL, NULL };

			for (c = 0; c < nran; c++)
				wc[c] = out->mix.weight[cfg[c].kind] > 0 &&
				    (cfg[c].kind != OOF_KIND_LR ||
				    cfg[c].C == out->mix.C) &&
				    (cfg[c].kind != OOF_KIND_KNN ||
				    (cfg[c].knn_k == out->mix.knn_k &&
				    cfg[c].knn_metric ==
				    out->mix.knn_metric)) ?
				    out->mix.weight[cfg[c].kind] : 0;
			if (out->top)
				top = top_scratch(k);
			for (i = 0; i < n; i++) {
				pool_row(cand, (size_t)i * k, wc, nran, k,
				    out->rho + (size_t)oof_checker(out, 0, i) *
				    k, X->present ? X->present[i] : 1, lp,
				    out->top ? top.p : out->prob +
				    (size_t)i * k);
				if (out->top)
					top_store(&J, &out->top[0], i, &top);
			}
			top_free(&top);
			free(lp);
		}
		for (c = 0; c < ncfg; c++)
			free(cand[c]);
		free(cand);
		J.first = out->folds;
	} else if (!o->mix) {
		/* one setting of each kind: equal weights */
		for (m = 0; m < OOF_NKINDS; m++)
			out->mix.logloss[m] = NAN;
		for (c = 0; c < ncfg; c++)
			out->mix.weight[cfg[c].kind] = 1.0 / ncfg;
		out->mix.C = o->lr.C;
		out->mix.knn_k = o->knn.k;
		out->mix.knn_metric = o->knn.metric;
		out->mix.pooled = NAN;
		out->mix.lr_sgd = J.lr_sgd;
	}
	nrun = oofmix_cfgs(&out->mix, run, weight);
	out->model = oofmix_kind_model(run[0].kind);
	if (nrun > 1) {
		bits = 0;
		for (c = 0; c < nrun; c++)
			bits |= 1u << run[c].kind;
		out->model = (enum oof_model)(OOF_LIST | bits);
	}
	J.cfg = run;
	J.ncfg = nrun;
	J.weight = weight;
	if (J.first < nchk && pool_run(nchk - J.first, o->threads, checker,
	    &J, o->progress, "checkers", e) < 0) {
		oof_release(out);
		return -1;
	}
	return 0;
}
