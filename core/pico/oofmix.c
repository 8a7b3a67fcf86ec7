/*
 * oofmix.c - the kinds of checker and the choice of their mix: the
 * names --model takes, the settings --model auto weighs (lr's grid of
 * C, kNN's k), the pooled out-of-fold log loss that measures them and
 * the weights chosen from it.  The checkers themselves run in oof.c.
 */
#include "core/pico/oofmix.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util/parfor.h"
#include "core/util/xalloc.h"

/* in words, for a reviewer: AdaGrad's fit is logistic regression too */
static const char *const kind_words[OOF_NKINDS] = {
	[OOF_KIND_LR] = "logistic regression",
	[OOF_KIND_SGD] = "logistic regression",
	[OOF_KIND_NB] = "naive Bayes",
	[OOF_KIND_KNN] = "nearest-neighbour",
	[OOF_KIND_GBT] = "gradient-boosted trees"
};

static const char *const kind_names[OOF_NKINDS] = { "lr", "sgd", "nb",
	"knn", "gbt" };

/* The kind each single-kind model runs. */
int
oofmix_model_kind(enum oof_model m)
{
	switch (m) {
	case OOF_NB: return OOF_KIND_NB;
	case OOF_LR: return OOF_KIND_LR;
	case OOF_KNN: return OOF_KIND_KNN;
	case OOF_SGD: return OOF_KIND_SGD;
	case OOF_GBT: return OOF_KIND_GBT;
	default: return -1;
	}
}

enum oof_model
oofmix_kind_model(enum oof_kind k)
{
	switch (k) {
	case OOF_KIND_NB: return OOF_NB;
	case OOF_KIND_LR: return OOF_LR;
	case OOF_KIND_KNN: return OOF_KNN;
	case OOF_KIND_SGD: return OOF_SGD;
	case OOF_KIND_GBT: return OOF_GBT;
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
	return oofmix_model_kind(m) >= 0 ? kind_names[oofmix_model_kind(m)] : "?";
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
		*m = oofmix_kind_model((enum oof_kind)k);
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
			    "(k=%u%s)", mix->knn_k, mix->knn_metric ==
			    KNN_EUCLID ? ", euclidean" : "");
		at += (size_t)snprintf(tmp + at, sizeof tmp - at, " %.1f",
		    mix->weight[k]);
	}
	if (size > 0)
		snprintf(buf, size, "%s", tmp);
	return buf;
}

const char *
oof_mix_words(const struct oof_mix *mix, char *buf, size_t size)
{
	size_t at = 0;
	int m;

	buf[0] = '\0';
	for (m = 0; m < OOF_NKINDS; m++) {
		if (!(mix->weight[m] > 0) || (m == OOF_KIND_SGD &&
		    mix->weight[OOF_KIND_LR] > 0) ||
		    at + strlen(kind_words[m]) + 4 > size)
			continue;
		at += (size_t)snprintf(buf + at, size - at, "%s%s",
		    at ? " + " : "", kind_words[m]);
	}
	return buf[0] ? buf : "checker";
}

/*
 * The oofmix_candidates --model auto weighs, and their cost.  Measured on the
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
 * Out-of-fold log loss of the predictions cand[m] pooled with exponents
 * weight, over the sampled labelled rows: the logarithm of cand[m] at
 * row rows[j], class c, from logp[(m * nrows + j) * k + c] when there is
 * such a table (the grid's), else taken here; the same numbers either
 * way.
 */
static double
pooled_loss(float *const *cand, const double *logp, const double *weight,
    uint32_t ncfg, uint32_t k, const uint32_t *y, const float *w,
    const uint32_t *rows, size_t nrows, double *lp)
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
					lp[c] += weight[m] * (logp ?
					    logp[((size_t)m * nrows + j) * k +
					    c] : log(cand[m][at + c]));
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

double
oofmix_loss(float *const *cand, const double *weight, uint32_t ncfg,
    uint32_t k, const uint32_t *y, const float *w, const uint32_t *rows,
    size_t nrows, double *lp)
{
	return pooled_loss(cand, NULL, weight, ncfg, k, y, w, rows, nrows,
	    lp);
}

/*
 * The rows the choice is measured on: at most 4096, every s-th labelled
 * row, into rows (n + 1 slots); returns how many.
 */
size_t
oofmix_sample(uint32_t *rows, uint32_t k, const uint32_t *y, const float *w,
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
 * Kinds pooled at most.  Every point of the 0.1 grid costs a pass over
 * the sample rows: over all five kinds that is 11^4 points, over sets
 * of up to three 450.  No set of four was chosen on the make eval sets
 * (noise seed 1: the 10% and 30% uniform copies and the clean ones).
 */
#define OOF_MIX_KINDS 3

/*
 * What a kind costs, relative: CPU seconds of R x F = 3 x 5 checkers
 * measured on the make eval sets are about 0.03-0.09 for nb, 0.06-0.6
 * for sgd, 0.1-0.15 for knn (sampled references) and 0.5-2.7 for lr.
 */
static const unsigned kind_cost[OOF_NKINDS] = {
	[OOF_KIND_NB] = 1, [OOF_KIND_SGD] = 2, [OOF_KIND_KNN] = 4,
	[OOF_KIND_LR] = 8, [OOF_KIND_GBT] = 16
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
 * The grid's points are many (450 over five kinds) and each a pass over
 * the sample rows: the kinds' log probabilities are taken once (while
 * they fit in GRID_LOG_BYTES; with many classes each point takes them
 * again, the same numbers), and the points' losses are measured on the
 * threads, GRID_CHUNK points a task, each into its own slot; the choice
 * then reads them in grid order, so it does not depend on the thread
 * count.
 */
#define GRID_CHUNK 8
#define GRID_LOG_BYTES ((size_t)64 << 20)

struct grid_job {
	const double *logp;	/* [nk][nrows * k] log of the kinds' best,
				 * or NULL: log of sub */
	float *const *sub;	/* [nk] the kinds' best, n x k each */
	const double *ww;	/* [npt][nk] the points' weights */
	double *loss;		/* [npt] */
	size_t npt, nrows;
	uint32_t nk, k;
	const uint32_t *y, *rows;
	const float *w;
};

static void
grid_chunk(void *ctx, size_t t)
{
	const struct grid_job *G = ctx;
	double *lp = xmalloc(((size_t)G->k + 1) * sizeof *lp);
	size_t p, end = (t + 1) * GRID_CHUNK;

	for (p = t * GRID_CHUNK; p < end && p < G->npt; p++)
		G->loss[p] = pooled_loss(G->sub, G->logp, G->ww + p * G->nk,
		    G->nk, G->k, G->y, G->w, G->rows, G->nrows, lp);
	free(lp);
}

/*
 * Choose the mix from the oofmix_candidates' first-repeat predictions: each
 * kind's best setting, then the weights on a 0.1 grid (the sample rows
 * decide them; ties keep the mix found first, the grid running from the
 * single kinds outwards): the best weights of each set of kinds, and
 * of the sets within OOF_MIX_GAIN of the best the cheapest (kind_cost).
 */
void
oofmix_choose(struct oof_mix *mix, float *const *cand, const struct cfg *cfg,
    uint32_t ncfg, uint32_t k, const uint32_t *y, const float *w,
    uint64_t n, int threads)
{
	uint32_t *rows, c, m, best[OOF_NKINDS], kinds[OOF_NKINDS], nk = 0;
	uint32_t g[OOF_NKINDS], steps = 10;
	size_t nrows, p, npt = 0, cap = 64, j;
	double *lp, one[64], loss, bestloss, wt[OOF_NKINDS];
	double byset[1u << OOF_NKINDS], wset[1u << OOF_NKINDS][OOF_NKINDS];
	uint32_t best1, *ptset = NULL;
	float *sub[OOF_NKINDS];
	struct grid_job G;
	struct err pe;

	memset(wt, 0, sizeof wt);
	memset(wset, 0, sizeof wset);
	lp = xmalloc(((size_t)k + 1) * sizeof *lp);
	rows = xmalloc((n + 1) * sizeof *rows);
	nrows = oofmix_sample(rows, k, y, w, n);
	for (m = 0; m < OOF_NKINDS; m++) {
		mix->logloss[m] = NAN;
		mix->weight[m] = 0;
		best[m] = UINT32_MAX;
	}
	for (c = 0; c < ncfg; c++) {
		memset(one, 0, sizeof one);
		one[c] = 1;
		loss = oofmix_loss(cand, one, ncfg, k, y, w, rows, nrows, lp);
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
			if (m == OOF_KIND_KNN) {
				mix->knn_k = cfg[best[m]].knn_k;
				mix->knn_metric = cfg[best[m]].knn_metric;
			}
		}
	/* the single kinds first */
	for (m = 0; m < 1u << OOF_NKINDS; m++)
		byset[m] = HUGE_VAL;
	for (m = 0; m < nk; m++) {
		byset[1u << m] = mix->logloss[kinds[m]];
		wset[1u << m][m] = 1;
	}
	/* then every point of the grid with two to OOF_MIX_KINDS kinds:
	 * g[] counts tenths, the last kind taking what is left.  The points
	 * are listed first, measured on the threads, then read in order */
	memset(&G, 0, sizeof G);
	if (nk > 1) {
		double *ww = xmalloc(cap * nk * sizeof *ww);

		ptset = xmalloc(cap * sizeof *ptset);
		memset(g, 0, sizeof g);
		for (;;) {
			uint32_t left = steps, used = 0, set = 0;

			for (m = 0; m + 1 < nk; m++) {
				if (g[m] > left)
					break;
				left -= g[m];
			}
			if (m + 1 == nk) {
				double *pt;

				if (npt == cap) {
					cap *= 2;
					ww = xrealloc(ww, cap * nk * sizeof *ww);
					ptset = xrealloc(ptset, cap *
					    sizeof *ptset);
				}
				pt = ww + npt * nk;
				for (m = 0; m < nk; m++) {
					pt[m] = (m + 1 < nk ? g[m] : left) /
					    (double)steps;
					if (pt[m] > 0) {
						used++;
						set |= 1u << m;
					}
				}
				if (used > 1 && used <= OOF_MIX_KINDS)
					ptset[npt++] = set;
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
		G.ww = ww;
	}
	if (npt > 0) {
		double *logp = NULL;

		if ((double)nk * nrows * k * sizeof *logp <=
		    (double)GRID_LOG_BYTES) {
			logp = xmalloc((nk * nrows * k + 1) * sizeof *logp);
			for (m = 0; m < nk; m++)
				for (j = 0; j < nrows; j++)
					for (c = 0; c < k; c++)
						logp[((size_t)m * nrows + j) *
						    k + c] = log(sub[m][(size_t)
						    rows[j] * k + c]);
		}
		G.logp = logp;
		G.sub = sub;
		G.loss = xmalloc(npt * sizeof *G.loss);
		G.npt = npt;
		G.nrows = nrows;
		G.nk = nk;
		G.k = k;
		G.y = y;
		G.w = w;
		G.rows = rows;
		/* no progress, no cancel: every point runs */
		parfor_run((npt + GRID_CHUNK - 1) / GRID_CHUNK, threads,
		    grid_chunk, &G, NULL, NULL, &pe);
		for (p = 0; p < npt; p++)
			if (G.loss[p] < byset[ptset[p]] - 1e-12) {
				byset[ptset[p]] = G.loss[p];
				memcpy(wset[ptset[p]], G.ww + p * nk,
				    nk * sizeof *G.ww);
			}
		free(logp);
		free(G.loss);
	}
	free((void *)G.ww);
	free(ptset);
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

/* The settings a mix runs, with their weights. */
uint32_t
oofmix_cfgs(const struct oof_mix *mix, struct cfg *cfg, double *weight)
{
	uint32_t n = 0, m;

	for (m = 0; m < OOF_NKINDS; m++) {
		if (!(mix->weight[m] > 0))
			continue;
		cfg[n].kind = (enum oof_kind)m;
		cfg[n].C = mix->C;
		cfg[n].knn_k = mix->knn_k;
		cfg[n].knn_metric = mix->knn_metric;
		weight[n++] = mix->weight[m];
	}
	return n;
}

/* The candidate settings of the kinds bits, lr's grid (C ascending)
 * last. */
uint32_t
oofmix_candidates(unsigned bits, int dense, struct cfg *cfg)
{
	uint32_t n = 0, i, d;

	if (bits & 1u << OOF_KIND_SGD)
		cfg[n++].kind = OOF_KIND_SGD;
	if (bits & 1u << OOF_KIND_NB)
		cfg[n++].kind = OOF_KIND_NB;
	if (bits & 1u << OOF_KIND_KNN)
		for (d = 0; d < (dense ? 2u : 1u); d++)
			for (i = 0; i < KNN_GRID; i++) {
				cfg[n].kind = OOF_KIND_KNN;
				cfg[n].knn_metric = d ? KNN_EUCLID :
				    KNN_COSINE;
				cfg[n++].knn_k = knn_grid[i];
			}
	if (bits & 1u << OOF_KIND_GBT)
		cfg[n++].kind = OOF_KIND_GBT;
	/* last: the choosing pass walks lr's grid a stage at a time */
	if (bits & 1u << OOF_KIND_LR)
		for (i = 0; i < LR_GRID; i++) {
			cfg[n].kind = OOF_KIND_LR;
			cfg[n++].C = lr_grid[i];
		}
	for (i = 0; i < n; i++) {
		if (cfg[i].kind != OOF_KIND_LR)
			cfg[i].C = 0;
		if (cfg[i].kind != OOF_KIND_KNN) {
			cfg[i].knn_k = 0;
			cfg[i].knn_metric = KNN_COSINE;
		}
	}
	return n;
}
