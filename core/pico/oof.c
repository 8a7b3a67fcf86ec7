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

#include "core/util/pool.h"
#include "core/util/xalloc.h"

/* LR row orders use streams from here on; streams 0 .. R-1 make folds */
#define LR_STREAM_BASE 0x100000000ull
/* kNN reference samples use streams from here on */
#define KNN_STREAM_BASE 0x200000000ull

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
	o->max_bytes = (size_t)4 << 30;
}

static const char *const kind_names[OOF_NKINDS] = { "lr", "sgd", "nb",
	"knn" };

/* The kind each single-kind model runs. */
static int
model_kind(enum oof_model m)
{
	switch (m) {
	case OOF_NB: return OOF_KIND_NB;
	case OOF_LR: return OOF_KIND_LR;
	case OOF_KNN: return OOF_KIND_KNN;
	case OOF_SGD: return OOF_KIND_SGD;
	default: return -1;
	}
}

static enum oof_model
kind_model(enum oof_kind k)
{
	switch (k) {
	case OOF_KIND_NB: return OOF_NB;
	case OOF_KIND_LR: return OOF_LR;
	case OOF_KIND_KNN: return OOF_KNN;
	case OOF_KIND_SGD: return OOF_SGD;
	case OOF_NKINDS: break;
	}
	return OOF_AUTO;
}

const char *
oof_kind_name(enum oof_kind k)
{
	return (unsigned)k < OOF_NKINDS ? kind_names[k] : "?";
}

const char *
oof_model_name(enum oof_model m)
{
	if (m & OOF_LIST)
		return "list";
	if (m == OOF_AUTO)
		return "auto";
	return model_kind(m) >= 0 ? kind_names[model_kind(m)] : "?";
}

int
oof_model_parse(const char *s, enum oof_model *m)
{
	unsigned bits = 0, n = 0, k;
	const char *p = s, *q;
	size_t len;

	if (!strcasecmp(s, "auto")) {
		*m = OOF_AUTO;
		return 0;
	}
	for (;;) {
		q = strchr(p, ',');
		len = q ? (size_t)(q - p) : strlen(p);
		for (k = 0; k < OOF_NKINDS; k++)
			if (len == strlen(kind_names[k]) &&
			    !strncasecmp(p, kind_names[k], len))
				break;
		if (k == OOF_NKINDS)
			return -1;
		bits |= 1u << k;
		n++;
		if (!q)
			break;
		p = q + 1;
	}
	if (n == 1) {
		for (k = 0; !(bits & 1u << k); k++)
			;
		*m = kind_model((enum oof_kind)k);
	} else
		*m = (enum oof_model)(OOF_LIST | bits);
	return 0;
}

char *
oof_mix_describe(const struct oof_mix *mix, char *buf, size_t size)
{
	char tmp[256];
	size_t at = 0;
	int k;

	tmp[0] = 0;
	for (k = 0; k < OOF_NKINDS; k++) {
		if (!(mix->weight[k] > 0) || at + 64 > sizeof tmp)
			continue;
		at += (size_t)snprintf(tmp + at, sizeof tmp - at, "%s%s",
		    at ? " + " : "", kind_names[k]);
		if (k == OOF_KIND_LR)
			at += (size_t)snprintf(tmp + at, sizeof tmp - at,
			    "(C=%g%s)", mix->C, mix->lr_sgd ? ", adagrad" :
			    "");
		else if (k == OOF_KIND_KNN)
			at += (size_t)snprintf(tmp + at, sizeof tmp - at,
			    "(k=%u)", mix->knn_k);
		at += (size_t)snprintf(tmp + at, sizeof tmp - at, " %.1f",
		    mix->weight[k]);
	}
	if (size > 0)
		snprintf(buf, size, "%s", tmp);
	return buf;
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
 * The candidates --model auto weighs, and their cost.  Measured on the
 * nine datasets of make eval (R = 3, F = 5; out-of-fold log loss of the
 * converged logistic regression at C = 0.1 / 1 / 10 / 100, and of the
 * AdaGrad fit):
 *
 *   cars       0.478 / 0.198 / 0.068 / 0.036   adagrad 0.050
 *   digits     0.163 / 0.110 / 0.129 / 0.196           0.147
 *   dna        0.153 / 0.266 / 0.497 / 0.660           0.463
 *   fortunes8  1.621 / 1.225 / 0.942 / 0.929           0.875
 *   iris       0.361 / 0.155 / 0.078 / 0.068           0.113
 *   movies     1.414 / 1.330 / 1.570 / 2.246           1.508
 *   sonar      0.484 / 0.686 / 1.340 / 2.037           1.463
 *   spam       0.233 / 0.231 / 0.232 / 0.233           0.251
 *   shuttle    0.120 / 0.113 / 0.110 / 0.109           0.122
 *
 * No one C is best on more than two sets, and the text set prefers the
 * early-stopped AdaGrad fit to any converged one: hence the grid, chosen
 * per dataset on the first repeat.
 */
static const double lr_grid[] = { 0.1, 1, 10, 100 };
#define LR_GRID (sizeof lr_grid / sizeof lr_grid[0])
static const uint32_t knn_grid[] = { 5, 10, 20 };
#define KNN_GRID (sizeof knn_grid / sizeof knn_grid[0])

/*
 * Work estimates, in lane operations per round (all R x F checkers).
 * Converged logistic regression: about LBFGS_PASSES gradient passes a
 * fit, a pass 2 N' (nonzeros + numeric columns) k' (N' the training
 * rows, k' the classes rounded up to 4).  kNN: every row queries the
 * reference rows of its checker; above KNN_BUDGET the reference rows
 * are a sample, never fewer than KNN_MIN_REF.  Measured: about 1e9 lane
 * operations a CPU second for either.
 */
#define LBFGS_PASSES 60
#define KNN_BUDGET 3e9
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

/* One setting of one kind. */
struct cfg {
	enum oof_kind kind;
	double C;		/* lr */
	uint32_t knn_k;		/* knn */
};

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
	uint32_t c, nb[KNN_KMAX], n, kmax = 0, k = J->out->k;
	float sim[KNN_KMAX], *scratch;
	size_t i;

	for (c = 0; c < ncfg; c++)
		if (cfg[c].kind == OOF_KIND_KNN && cfg[c].knn_k > kmax)
			kmax = cfg[c].knn_k;
	if (kmax == 0)
		return;
	ko.seed = J->o->seed;
	ko.stream = KNN_STREAM_BASE + t;
	ko.max_ref = J->max_ref;
	knn_train(&M, J->X, rows, nrows, J->y, J->w, k, &ko);
	scratch = xmalloc(((size_t)M.nref + 1) * sizeof *scratch);
	for (i = 0; i < nf; i++) {
		n = knn_neighbours(&M, J->X, fr[i], kmax, nb, sim, scratch);
		for (c = 0; c < ncfg; c++)
			if (cfg[c].kind == OOF_KIND_KNN)
				knn_probs(&M, nb, sim, n, cfg[c].knn_k,
				    ko.alpha, dst[c] + i * k);
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
checker(void *ctx, size_t task)
{
	struct job *J = ctx;
	struct oof *out = J->out;
	const struct features *X = J->X;
	size_t t = J->first + task;
	uint32_t k = out->k, r = (uint32_t)(t / out->folds);
	uint32_t f = (uint32_t)(t % out->folds), *rows, *fr, *fold, c;
	uint64_t i, n = out->n;
	size_t nrows = 0, nf = 0, j;
	double *rho = out->rho + t * k, wt, total = 0, *lp;
	float *prob = out->prob ? out->prob + (size_t)r * n * k : NULL;
	float **dst;
	struct top_scratch top = { NULL, NULL, NULL };
	struct err e;

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
	out->wtrain[t] = total;
	if (total > 0)
		for (i = 0; i < k; i++)
			rho[i] /= total;

	dst = xcalloc(J->ncfg, sizeof *dst);
	for (c = 0; c < J->ncfg; c++)
		dst[c] = xmalloc((nf * k + 1) * sizeof **dst);
	if (run_lr(J, t, rows, nrows, fr, nf, J->cfg, J->ncfg, dst, &e) < 0) {
		for (c = 0; c < J->ncfg; c++)
			free(dst[c]);
		free(dst);
		free(rows);
		free(fr);
		return -1;
	}
	run_knn(J, t, rows, nrows, fr, nf, J->cfg, J->ncfg, dst);
	run_nb(J, rows, nrows, fr, nf, J->cfg, J->ncfg, dst);
	free(rows);

	if (!J->weight) {
		/* choosing: each setting's predictions, as they are */
		for (c = 0; c < J->ncfg; c++)
			for (j = 0; j < nf; j++)
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
 * Out-of-fold log loss of the candidates' predictions pooled with
 * exponents weight, over the sampled labelled rows.
 */
static double
pooled_loss(float *const *cand, const double *weight, uint32_t ncfg,
    uint32_t k, const uint32_t *y, const float *w, const uint32_t *rows,
    size_t nrows, double *lp)
{
	double loss = 0, tot = 0, mx, sum, v;
	uint32_t c, m;
	size_t j, at;

	for (j = 0; j < nrows; j++) {
		at = (size_t)rows[j] * k;
		mx = -HUGE_VAL;
		for (c = 0; c < k; c++) {
			lp[c] = 0;
			for (m = 0; m < ncfg; m++)
				if (weight[m] > 0)
					lp[c] += weight[m] *
					    log(cand[m][at + c]);
			if (lp[c] > mx)
				mx = lp[c];
		}
		sum = 0;
		for (c = 0; c < k; c++)
			sum += exp(lp[c] - mx);
		v = w ? w[rows[j]] : 1;
		loss += v * (mx + log(sum) - lp[y[rows[j]]]);
		tot += v;
	}
	return tot > 0 ? loss / tot : 0;
}

/*
 * The rows the choice is measured on: at most 4096, every s-th labelled
 * row, into rows (n + 1 slots); returns how many.
 */
static size_t
sample_rows(uint32_t *rows, uint32_t k, const uint32_t *y, const float *w,
    uint64_t n)
{
	size_t nrows = 0, nall = 0, stride, i;

	for (i = 0; i < n; i++)
		if (y[i] < k && (!w || w[i] > 0))
			nall++;
	stride = nall > 4096 ? (nall + 4095) / 4096 : 1;
	for (i = 0, nall = 0; i < n; i++)
		if (y[i] < k && (!w || w[i] > 0) && nall++ % stride == 0)
			rows[nrows++] = (uint32_t)i;
	return nrows;
}

/*
 * A costlier set of kinds is chosen only when it lowers the pooled log
 * loss by more than this share: every kind in the mix runs in every
 * checker of every round, and a small gain is not worth many times the
 * time.  Measured: on fortunes8 AdaGrad alone has 0.8753, with the
 * converged fit at weight 0.1 0.8736 (0.2% less) for 40 times the CPU;
 * on the generated numeric set naive Bayes alone 0.5196, the best mix
 * 0.5147 (0.9% less) for 25 times; on digits the mix of lr, sgd and knn
 * is 22% below lr alone.
 */
#define OOF_MIX_GAIN 0.01

/*
 * What a kind costs, relative: CPU seconds of R x F = 3 x 5 checkers
 * measured on the make eval sets are about 0.03-0.09 for nb, 0.06-0.6
 * for sgd, 0.1-0.15 for knn (sampled references) and 0.5-2.7 for lr.
 */
static const unsigned kind_cost[OOF_NKINDS] = {
	[OOF_KIND_NB] = 1, [OOF_KIND_SGD] = 2, [OOF_KIND_KNN] = 4,
	[OOF_KIND_LR] = 8
};

/* The cost of the kinds kinds[m] for the bits m of set. */
static unsigned
set_cost(uint32_t set, const uint32_t *kinds, uint32_t nk)
{
	unsigned c = 0;
	uint32_t m;

	for (m = 0; m < nk; m++)
		if (set & 1u << m)
			c += kind_cost[kinds[m]];
	return c;
}

/*
 * Choose the mix from the candidates' first-repeat predictions: each
 * kind's best setting, then the weights on a 0.1 grid (the sample rows
 * decide them; ties keep the mix found first, the grid running from the
 * single kinds outwards): the best weights of each set of kinds, and
 * of the sets within OOF_MIX_GAIN of the best the cheapest (kind_cost).
 */
static void
choose_mix(struct oof_mix *mix, float *const *cand, const struct cfg *cfg,
    uint32_t ncfg, uint32_t k, const uint32_t *y, const float *w,
    uint64_t n)
{
	uint32_t *rows, c, m, best[OOF_NKINDS], kinds[OOF_NKINDS], nk = 0;
	uint32_t g[OOF_NKINDS], steps = 10;
	size_t nrows;
	double *lp, one[64], loss, bestloss, wt[OOF_NKINDS];
	double byset[1u << OOF_NKINDS], wset[1u << OOF_NKINDS][OOF_NKINDS];
	uint32_t best1;
	float *sub[OOF_NKINDS];

	memset(wt, 0, sizeof wt);
	memset(wset, 0, sizeof wset);
	lp = xmalloc(((size_t)k + 1) * sizeof *lp);
	rows = xmalloc((n + 1) * sizeof *rows);
	nrows = sample_rows(rows, k, y, w, n);
	for (m = 0; m < OOF_NKINDS; m++) {
		mix->logloss[m] = NAN;
		mix->weight[m] = 0;
		best[m] = UINT32_MAX;
	}
	for (c = 0; c < ncfg; c++) {
		memset(one, 0, sizeof one);
		one[c] = 1;
		loss = pooled_loss(cand, one, ncfg, k, y, w, rows, nrows, lp);
		m = cfg[c].kind;
		if (best[m] == UINT32_MAX || loss < mix->logloss[m]) {
			best[m] = c;
			mix->logloss[m] = loss;
		}
	}
	for (m = 0; m < OOF_NKINDS; m++)
		if (best[m] != UINT32_MAX) {
			kinds[nk] = m;
			sub[nk++] = cand[best[m]];
			if (m == OOF_KIND_LR)
				mix->C = cfg[best[m]].C;
			if (m == OOF_KIND_KNN)
				mix->knn_k = cfg[best[m]].knn_k;
		}
	/* the single kinds first */
	for (m = 0; m < 1u << OOF_NKINDS; m++)
		byset[m] = HUGE_VAL;
	for (m = 0; m < nk; m++) {
		byset[1u << m] = mix->logloss[kinds[m]];
		wset[1u << m][m] = 1;
	}
	/* then every point of the grid with two or more kinds: g[] counts
	 * tenths, the last kind taking what is left */
	if (nk > 1) {
		memset(g, 0, sizeof g);
		for (;;) {
			uint32_t left = steps, used = 0, set = 0;
			double ww[OOF_NKINDS];

			for (m = 0; m + 1 < nk; m++) {
				if (g[m] > left)
					break;
				left -= g[m];
			}
			if (m + 1 == nk) {
				for (m = 0; m < nk; m++) {
					ww[m] = (m + 1 < nk ? g[m] : left) /
					    (double)steps;
					if (ww[m] > 0) {
						used++;
						set |= 1u << m;
					}
				}
				if (used > 1) {
					loss = pooled_loss(sub, ww, nk, k, y, w,
					    rows, nrows, lp);
					if (loss < byset[set] - 1e-12) {
						byset[set] = loss;
						memcpy(wset[set], ww, sizeof ww);
					}
				}
			}
			/* next point */
			for (m = 0; m + 1 < nk; m++) {
				if (++g[m] <= steps)
					break;
				g[m] = 0;
			}
			if (m + 1 >= nk)
				break;
		}
	}
	/* the cheapest set of kinds within OOF_MIX_GAIN of the best mix;
	 * of equal cost, the lower loss */
	bestloss = HUGE_VAL;
	for (m = 1; m < 1u << nk; m++)
		if (byset[m] < bestloss)
			bestloss = byset[m];
	for (m = 1, best1 = 0; m < 1u << nk; m++) {
		if (!(byset[m] <= bestloss + OOF_MIX_GAIN * fabs(bestloss)))
			continue;
		if (!best1 || set_cost(m, kinds, nk) < set_cost(best1, kinds,
		    nk) || (set_cost(m, kinds, nk) == set_cost(best1, kinds,
		    nk) && byset[m] < byset[best1]))
			best1 = m;
	}
	if (best1) {
		bestloss = byset[best1];
		memcpy(wt, wset[best1], sizeof wt);
	}
	for (m = 0; m < nk; m++)
		mix->weight[kinds[m]] = wt[m];
	mix->pooled = nk > 0 ? bestloss : NAN;
	free(lp);
	free(rows);
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
 * table above).  *nran: how many candidates ran, a prefix of cfg.
 */
static int
choose_run(struct job *J, const struct cfg *cfg, uint32_t ncfg,
    float **cand, uint32_t *nran, struct err *e)
{
	struct oof *out = J->out;
	const struct oof_opts *o = J->o;
	uint32_t first, f, *rows, k = out->k;
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
	nrows = sample_rows(rows, k, J->y, J->w, out->n);
	J->cfg = cfg;
	J->cand = cand;
	J->ncfg = *nran;
	rc = pool_run(out->folds, o->threads, checker, J, o->progress,
	    "checkers", e);
	while (rc == 0 && *nran < ncfg) {
		loss = pooled_loss(cand + *nran - 1, &one, 1, k, J->y, J->w,
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

/* The settings a mix runs, with their weights. */
static uint32_t
mix_cfgs(const struct oof_mix *mix, struct cfg *cfg, double *weight)
{
	uint32_t n = 0, m;

	for (m = 0; m < OOF_NKINDS; m++) {
		if (!(mix->weight[m] > 0))
			continue;
		cfg[n].kind = (enum oof_kind)m;
		cfg[n].C = mix->C;
		cfg[n].knn_k = mix->knn_k;
		weight[n++] = mix->weight[m];
	}
	return n;
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
		return 1u << model_kind(o->model);
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
	return bits;
}

/* The candidate settings of the kinds bits, lr's grid (C ascending)
 * last. */
static uint32_t
candidates(unsigned bits, struct cfg *cfg)
{
	uint32_t n = 0, i;

	if (bits & 1u << OOF_KIND_SGD)
		cfg[n++].kind = OOF_KIND_SGD;
	if (bits & 1u << OOF_KIND_NB)
		cfg[n++].kind = OOF_KIND_NB;
	if (bits & 1u << OOF_KIND_KNN)
		for (i = 0; i < KNN_GRID; i++) {
			cfg[n].kind = OOF_KIND_KNN;
			cfg[n++].knn_k = knn_grid[i];
		}
	/* last: the choosing pass walks lr's grid a stage at a time */
	if (bits & 1u << OOF_KIND_LR)
		for (i = 0; i < LR_GRID; i++) {
			cfg[n].kind = OOF_KIND_LR;
			cfg[n++].C = lr_grid[i];
		}
	for (i = 0; i < n; i++) {
		if (cfg[i].kind != OOF_KIND_LR)
			cfg[i].C = 0;
		if (cfg[i].kind != OOF_KIND_KNN)
			cfg[i].knn_k = 0;
	}
	return n;
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
	ncfg = candidates(bits, cfg);
	if (!o->mix && ncfg > 1 && (double)ncfg * n * k * sizeof(float) >
	    (double)o->max_bytes / 4) {
		/* no room to weigh candidates (many classes): auto runs what
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
		choose_mix(&out->mix, cand, cfg, nran, k, y, w, n);
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
				    cfg[c].knn_k == out->mix.knn_k) ?
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
		out->mix.pooled = NAN;
		out->mix.lr_sgd = J.lr_sgd;
	}
	nrun = mix_cfgs(&out->mix, run, weight);
	out->model = kind_model(run[0].kind);
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
