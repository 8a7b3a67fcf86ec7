/*
 * picorun.c - wiring: the checker sources PICO draws its evidence from,
 * and confident learning as the other method (the result writers are in
 * picowrite.c).
 *
 * Mode B trains R x F checkers each round on a split made once from the
 * given labels, so that a row keeps its fold from round to round and
 * only the training labels change.  Mode A turns each probability file
 * into one checker; its training frequencies are taken to be those of
 * the given labels, the only ones winnow knows.
 */
#include "core/pico/picorun.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/probs.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

void
picorun_opts_init(struct picorun_opts *o)
{
	memset(o, 0, sizeof *o);
	o->method = PICORUN_PICO;
	pico_opts_init(&o->pico);
	oof_opts_init(&o->oof);
	features_opts_init(&o->feat);
	o->filter = CL_PRUNE_BY_NOISE_RATE;
	o->score = CL_SELF_CONFIDENCE;
}

/* --- Mode B: trained checkers -------------------------------------- */

struct modeb {
	const struct features *X;
	uint32_t k;
	const uint8_t *always;
	const struct folds *split;
	struct oof_opts oof;
	struct oof out;
	struct oof_mix mix;	/* the first round's choice, kept after */
	const struct progress *user;
	struct progress fwd;
	uint32_t round;
	char what[64];
	const char **kind;	/* [repeats] */
	char words[96];		/* what each of them is, oof_mix_words */
};

/* The pool's progress, told which round it belongs to. */
static void
modeb_progress(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	struct modeb *B = ctx;

	(void)what;
	if (B->user && B->user->fn)
		B->user->fn(B->user->ctx, B->what, done, total);
}

static int
modeb_round(void *ctx, uint32_t t, const uint32_t *ytrain, const float *w,
    struct vote_src *src, const struct progress *p, struct err *e)
{
	struct modeb *B = ctx;
	struct vote_set *S = vote_set_of(src);
	struct oof_opts o = B->oof;
	uint32_t m;

	(void)p;
	B->round = t;
	snprintf(B->what, sizeof B->what, "round %u: checkers", t + 1);
	oof_release(&B->out);
	o.progress = &B->fwd;
	if (oof_run(&B->out, B->X, ytrain, w, B->always, B->k, B->split, &o,
	    e) != 0)
		return -1;
	if (!B->oof.mix) {
		/* the checkers chosen on the given labels judge every round */
		B->mix = B->out.mix;
		B->oof.mix = &B->mix;
	}
	vote_set_oof(S, &B->out, B->oof.keep);
	B->kind = xreallocarray(B->kind, (size_t)src->m + 1, sizeof *B->kind);
	for (m = 0; m < src->m; m++)
		B->kind[m] = oof_mix_words(&B->out.mix, B->words,
		    sizeof B->words);
	src->kind = B->kind;
	return 0;
}

static void
src_done(void *ctx, struct vote_src *src)
{
	(void)ctx;
	vote_set_oof_release(vote_set_of(src));
}

/* Mode B's predictions are not needed once the round's vote is done:
 * free them before the next round trains, or before the summary. */
static void
modeb_done(void *ctx, struct vote_src *src)
{
	struct modeb *B = ctx;

	src_done(ctx, src);
	oof_release(&B->out);
}

/* --- Mode A: the user's probabilities ------------------------------ */

struct modea {
	uint32_t n, k, m;
	float **p;		/* [m] n*k */
	double *rho;		/* [k] given-label shares */
	const char *const *kind;	/* [m] the files' names */
};

static int
modea_round(void *ctx, uint32_t t, const uint32_t *ytrain, const float *w,
    struct vote_src *src, const struct progress *p, struct err *e)
{
	struct modea *A = ctx;
	uint32_t m;

	(void)t;
	(void)ytrain;
	(void)w;
	(void)p;
	(void)e;
	src->n = A->n;
	src->k = A->k;
	src->m = A->m;
	src->p = xcalloc(A->m, sizeof *src->p);
	src->who = NULL;
	src->rho = xcalloc(A->m, sizeof *src->rho);
	for (m = 0; m < A->m; m++) {
		src->p[m] = A->p[m];
		src->rho[m] = A->rho;
	}
	src->kind = A->kind;
	return 0;
}

/*
 * Read the probability files.  They are held whole, as doubles while
 * read and as floats after: refused before any is read when that would
 * pass max_bytes.
 */
static int
modea_load(struct modea *A, const struct table *t, const struct labels *L,
    const char *const *paths, size_t max_bytes, struct err *e)
{
	struct probs *P;
	size_t np = 0, i;
	uint32_t m, c;
	uint64_t tot = 0;
	double need;

	while (paths[np])
		np++;
	memset(A, 0, sizeof *A);
	need = (double)np * (double)t->nrows * L->k * (sizeof(double) +
	    sizeof(float));
	if (need > (double)max_bytes)
		return err_set(e, ERR_USAGE, "%zu probability file%s of %llu "
		    "rows x %u classes would need %.1f GB in memory, more "
		    "than %.1f GB; %s", np, np == 1 ? "" : "s",
		    (unsigned long long)t->nrows, L->k, need / 1e9,
		    (double)max_bytes / 1e9, np > 1 ? "give fewer --probs "
		    "files" : "without --probs winnow trains its own checkers, "
		    "which keep each row's top classes only");
	P = probs_read_all(paths, np, t, L, e);
	if (!P)
		return -1;
	A->n = (uint32_t)t->nrows;
	A->k = L->k;
	A->m = (uint32_t)np;
	A->kind = paths;
	A->p = xcalloc(np, sizeof *A->p);
	for (m = 0; m < A->m; m++) {
		A->p[m] = xmalloc(((size_t)A->n * A->k + 1) * sizeof **A->p);
		for (i = 0; i < (size_t)A->n * A->k; i++)
			A->p[m][i] = (float)P[m].p[i];
	}
	probs_free_all(P, np);
	A->rho = xcalloc(A->k, sizeof *A->rho);
	for (c = 0; c < A->k; c++)
		tot += L->count[c];
	for (c = 0; c < A->k; c++)
		A->rho[c] = tot ? (double)L->count[c] / (double)tot : 0;
	return 0;
}

static void
modea_free(struct modea *A)
{
	uint32_t m;

	for (m = 0; m < A->m; m++)
		free(A->p[m]);
	free(A->p);
	free(A->rho);
	memset(A, 0, sizeof *A);
}

/* --- confident learning as a method -------------------------------- */

void
picorun_result_alloc(struct pico_result *r, uint32_t n, uint32_t k,
    uint32_t rounds, uint32_t force_r)
{
	size_t m = (size_t)n + 1, h = (size_t)rounds * n + 1;

	memset(r, 0, sizeof *r);
	r->n = n;
	r->k = k;
	r->rounds = rounds;
	r->corrections = NAN;	/* no budget made it */
	post_init(&r->post, n, k, force_r);
	r->suggested = xcalloc(m, sizeof *r->suggested);
	r->p_suggested = xcalloc(m, sizeof *r->p_suggested);
	r->quality = xcalloc(m, sizeof *r->quality);
	r->flagged = xcalloc(m, 1);
	r->auto_fix = xcalloc(m, 1);
	r->doubtful = xcalloc(m, 1);
	r->ambiguous = xcalloc(m, 1);
	r->agree = xcalloc(m, 1);
	r->nflagged_rounds = xcalloc(m, 1);
	r->history = xcalloc(h, sizeof *r->history);
	r->qhist = xcalloc(h, sizeof *r->qhist);
}

/* The per-row outputs of a confident-learning result. */
static void
cl_result_alloc(struct pico_result *r, uint32_t n, uint32_t k,
    uint32_t checkers, uint32_t force_topr)
{
	picorun_result_alloc(r, n, k, 1, force_topr);
	r->checkers = checkers;
	r->votes = xmalloc(((size_t)checkers * n + 1) * sizeof *r->votes);
}

/* The most probable class of r other than g (ties to the lower class). */
static uint32_t
best_other(const struct cl_row *r, uint32_t k, uint32_t g)
{
	uint32_t c, u, best = UINT32_MAX;
	double bv = -INFINITY, v;

	if (!r->cls) {
		for (c = 0; c < r->n; c++)
			if (c != g && r->val[c] > bv) {
				bv = r->val[c];
				best = c;
			}
		return best == UINT32_MAX ? 0 : best;
	}
	for (u = 0; u < r->n; u++) {
		c = r->cls[u];
		v = r->val[u];
		if (c != g && (v > bv || (v == bv && c < best))) {
			bv = v;
			best = c;
		}
	}
	if (r->n < k) {
		/* the first class outside the support (and not g) stands
		 * for every class holding the shared value */
		for (c = 0; c < k && (c == g || cl_row_index(r, c) !=
		    UINT32_MAX); c++)
			;
		if (c < k && (r->shared > bv || (r->shared == bv &&
		    c < best)))
			best = c;
	}
	return best == UINT32_MAX ? 0 : best;
}

/* Row i of a confident-learning result from its mean row. */
static void
cl_result_row(const struct picorun_opts *o, struct pico_result *r,
    const struct vote_set *set, uint32_t i, const struct cl_row *row,
    uint32_t g, uint32_t *scratch, double *buf)
{
	uint32_t best, cls2[2], m;
	double top2[2];

	best = cl_row_argmax(row, r->k, r->k, 0);
	if (g != LABELS_NONE && best == g && r->k > 1)
		best = best_other(row, r->k, g);
	r->suggested[i] = best;
	r->p_suggested[i] = (float)cl_row_at(row, best);
	r->quality[i] = g == LABELS_NONE ? 1 :
	    (float)cl_quality_row(row, r->k, g, o->score);
	r->agree[i] = (uint8_t)vote_set_agree(set, i, best);
	for (m = 0; m < set->src.m; m++)
		r->votes[(size_t)m * r->n + i] = vote_set_top(set, m, i);
	post_set_sparse(&r->post, i, row->cls, row->val, row->n, row->shared,
	    g, scratch, buf);
	post_top(&r->post, i, cls2, top2, 2);
	r->ambiguous[i] = r->k > 1 && top2[0] - top2[1] < o->pico.ambiguous;
	r->auto_fix[i] = r->flagged[i] && best != g &&
	    r->p_suggested[i] >= o->pico.auto_fix;
	r->nflagged_rounds[i] = r->flagged[i];
	r->nflagged += r->flagged[i];
	r->history[i] = g;
	r->qhist[i] = r->quality[i];
}

/*
 * Confident learning on the mean of the sources' probabilities, dressed
 * as a one-round result: suggestion = argmax, quality = the chosen score,
 * flags = the chosen filter.  The mean rows are rebuilt one at a time
 * (vote_mean_rows), never as an n x k matrix: from dense predictions
 * they hold every class, from top-r ones the classes some checker kept
 * (prune_by_noise_rate can then flag a row of class g as really j only
 * when some checker kept j for it, cl_find_issues_rows).
 */
static int
run_cl(const struct picorun_opts *o, uint32_t n, uint32_t k,
    const uint32_t *given, struct pico_checkers *ck, struct pico_result *r,
    struct err *e)
{
	struct vote_set set;
	struct cl_rows rows;
	struct cl_row row;
	struct cl cl;
	uint32_t i, *ytrain, *scratch, *cls;
	double *val, *buf;
	float *w;

	memset(r, 0, sizeof *r);
	memset(&set, 0, sizeof set);
	ytrain = xmalloc(((size_t)n + 1) * sizeof *ytrain);
	w = xmalloc(((size_t)n + 1) * sizeof *w);
	for (i = 0; i < n; i++) {
		ytrain[i] = given[i];
		w[i] = 1;
	}
	if (ck->round(ck->ctx, 0, ytrain, w, &set.src, o->progress, e) != 0) {
		free(ytrain);
		free(w);
		return -1;
	}
	free(ytrain);
	free(w);
	vote_mean_rows(&set, o->oof.threads, &rows);
	if (cl_init_rows(&cl, &rows, given, e) != 0) {
		ck->done(ck->ctx, &set.src);
		return -1;
	}
	cl_result_alloc(r, n, k, set.src.m, o->pico.force_topr);
	r->kind = xcalloc((size_t)set.src.m + 1, sizeof *r->kind);
	for (i = 0; i < set.src.m; i++)
		r->kind[i] = xstrdup(set.src.kind && set.src.kind[i] ?
		    set.src.kind[i] : "checker");
	{
		struct pico_opts po = o->pico;

		po.threads = o->oof.threads;
		pico_measure_skill(&po, &set, given, NULL, &r->skill, NULL);
	}
	cl_find_issues_rows(&cl, &rows, given, o->filter, r->flagged);
	cls = xmalloc(((size_t)rows.maxsupport + 1) * sizeof *cls);
	val = xmalloc(((size_t)rows.maxsupport + 1) * sizeof *val);
	buf = xmalloc(((size_t)k + 1) * sizeof *buf);
	scratch = xmalloc(((size_t)k + 1) * sizeof *scratch);
	for (i = 0; i < n; i++) {
		rows.row(&rows, i, &row, cls, val);
		cl_result_row(o, r, &set, i, &row, given[i], scratch, buf);
	}
	r->round[0].flagged = r->nflagged;
	r->expected = (double)cl_expected_errors(&cl.kcal);
	r->round[0].expected = r->expected;
	r->class_noise = xcalloc(k, sizeof *r->class_noise);
	cl_noise_matrix(&cl.kcal, &r->noise);
	cl_noise_rates(&cl.kcal, r->class_noise);
	cl_release(&cl);
	ck->done(ck->ctx, &set.src);
	free(cls);
	free(val);
	free(buf);
	free(scratch);
	return 0;
}

/* --- confident learning's class numbering ------------------------- */

/*
 * cleanlab numbers the classes in sorted order (numpy's unique of the
 * labels), and its ties follow that order: which class an argmax picks,
 * the order of the pairwise sums in the calibration.  --method cl runs
 * on the classes renumbered so (byte order of the names, as
 * LABELS_SORTED), and the result is numbered back.
 */
static int
name_cmp(const void *a, const void *b, void *ctx)
{
	const struct labels *L = ctx;

	return strcmp(L->name[*(const uint32_t *)a],
	    L->name[*(const uint32_t *)b]);
}

/* S: L's classes in sorted order (names borrowed from L); s2o[c] is the
 * class of L that S's class c is. */
static void
labels_sorted(const struct labels *L, struct labels *S, uint32_t *s2o)
{
	uint32_t *o2s = xmalloc(((size_t)L->k + 1) * sizeof *o2s), c;
	uint64_t i;

	for (c = 0; c < L->k; c++)
		s2o[c] = c;
	sort_stable(s2o, L->k, sizeof *s2o, name_cmp, (void *)L);
	for (c = 0; c < L->k; c++)
		o2s[s2o[c]] = c;
	*S = *L;
	S->name = xmalloc(((size_t)L->k + 1) * sizeof *S->name);
	S->count = xmalloc(((size_t)L->k + 1) * sizeof *S->count);
	S->y = xmalloc(((size_t)L->nrows + 1) * sizeof *S->y);
	for (c = 0; c < L->k; c++) {
		S->name[c] = L->name[s2o[c]];
		S->count[c] = L->count[s2o[c]];
	}
	for (i = 0; i < L->nrows; i++)
		S->y[i] = L->y[i] == LABELS_NONE ? LABELS_NONE : o2s[L->y[i]];
	free(o2s);
}

static void
labels_sorted_free(struct labels *S)
{
	free(S->name);
	free(S->count);
	free(S->y);
}

static int
col_cmp(const void *a, const void *b, void *ctx)
{
	const uint32_t *col = ctx;
	uint32_t x = col[*(const size_t *)a], y = col[*(const size_t *)b];

	return x < y ? -1 : x > y;
}

/* m with its rows and columns renumbered by s2o, in place. */
static void
kmat_renumber(struct kmat *m, const uint32_t *s2o)
{
	struct kmat out;
	uint32_t *o2s = xmalloc(((size_t)m->k + 1) * sizeof *o2s), g, c;
	uint32_t *col = xmalloc((m->nnz + 1) * sizeof *col);
	size_t *ord = xmalloc((m->nnz + 1) * sizeof *ord), p, n, j;

	for (c = 0; c < m->k; c++)
		o2s[s2o[c]] = c;
	for (p = 0; p < m->nnz; p++)
		col[p] = s2o[m->col[p]];
	kmat_begin(&out, m->k);
	for (g = 0; g < m->k; g++) {
		size_t at = m->ptr[o2s[g]];

		n = m->ptr[o2s[g] + 1] - at;
		for (j = 0; j < n; j++)
			ord[j] = at + j;
		sort_stable(ord, n, sizeof *ord, col_cmp, col);
		for (j = 0; j < n; j++)
			kmat_put(&out, col[ord[j]], m->val[ord[j]]);
		kmat_end_row(&out, m->dflt[o2s[g]]);
	}
	kmat_release(m);
	*m = out;
	free(o2s);
	free(col);
	free(ord);
}

/* A result computed on classes numbered S back in L's numbering. */
static void
result_renumber(struct pico_result *r, const uint32_t *s2o)
{
	uint32_t k = r->k, c, i, j;
	size_t at, m;
	double *tmp;
	float *row;

	for (i = 0; i < r->n; i++)
		r->suggested[i] = s2o[r->suggested[i]];
	for (m = 0; m < (size_t)r->checkers * r->n; m++)
		r->votes[m] = s2o[r->votes[m]];
	for (m = 0; m < (size_t)r->rounds * r->n; m++)
		if (r->history[m] != LABELS_NONE)
			r->history[m] = s2o[r->history[m]];
	tmp = xmalloc(((size_t)k + 1) * sizeof *tmp);
	for (c = 0; c < k; c++)
		tmp[s2o[c]] = r->class_noise[c];
	memcpy(r->class_noise, tmp, k * sizeof *tmp);
	kmat_renumber(&r->noise, s2o);
	if (r->post.r == 0) {
		row = r->post.dense;
		for (i = 0; i < r->n; i++, row += k) {
			for (c = 0; c < k; c++)
				tmp[s2o[c]] = row[c];
			for (c = 0; c < k; c++)
				row[c] = (float)tmp[c];	/* exact: floats */
		}
	} else {
		for (i = 0; i < r->n; i++) {
			at = (size_t)i * r->post.r;
			for (j = 0; j < r->post.r; j++) {
				c = s2o[post_cls(&r->post, at + j)];
				if (r->post.cls16)
					r->post.cls16[at + j] = (uint16_t)c;
				else
					r->post.cls[at + j] = c;
			}
		}
	}
	free(tmp);
}

/* --- the driver ---------------------------------------------------- */

static int
picorun_on(const struct table *t, const struct labels *L,
    const uint32_t *fold_y, const uint32_t *clamp,
    const struct picorun_opts *o, struct pico_result *res, struct err *e);

const char *
picorun_warning(const struct pico_result *r)
{
	if (r->skill.predictive)
		return NULL;
	if (r->k < 2)
		return PICORUN_ONE_CLASS;
	return picorun_gated(r) ? PICORUN_UNPREDICTABLE : PICORUN_SINGLE_ROWS;
}

int
picorun_gated(const struct pico_result *r)
{
	return !r->skill.predictive && r->k > 1 && r->skill.rows > 0;
}

int
picorun_row_key(const struct table *t, const struct labels *L,
    const struct picorun_opts *o, size_t c)
{
	return !o->feat.cols && !(o->probs && o->probs[0]) &&
	    (int)c != L->col && (int)c != t->id_col && table_row_key(t, c);
}

int
picorun(const struct table *t, const struct labels *L,
    const uint32_t *clamp, const struct picorun_opts *o,
    struct pico_result *res, struct err *e)
{
	struct labels S;
	uint32_t *s2o;
	int rc;

	uint32_t *o2s, *cs = NULL, c;
	uint64_t i;

	if (o->method != PICORUN_CL)
		return picorun_on(t, L, L->y, clamp, o, res, e);
	s2o = xmalloc(((size_t)L->k + 1) * sizeof *s2o);
	o2s = xmalloc(((size_t)L->k + 1) * sizeof *o2s);
	labels_sorted(L, &S, s2o);
	for (c = 0; c < L->k; c++)
		o2s[s2o[c]] = c;
	if (clamp) {
		cs = xmalloc(((size_t)L->nrows + 1) * sizeof *cs);
		for (i = 0; i < L->nrows; i++)
			cs[i] = clamp[i] < L->k ? o2s[clamp[i]] : clamp[i];
	}
	/* the folds from the labels as numbered, so that the checkers
	 * split the rows as PICO's do */
	rc = picorun_on(t, &S, L->y, cs, o, res, e);
	if (rc == 0)
		result_renumber(res, s2o);
	labels_sorted_free(&S);
	free(cs);
	free(o2s);
	free(s2o);
	return rc;
}

static int
picorun_on(const struct table *t, const struct labels *L,
    const uint32_t *fold_y, const uint32_t *clamp,
    const struct picorun_opts *o, struct pico_result *res, struct err *e)
{
	struct pico_checkers ck;
	struct modeb B;
	struct modea A;
	struct features X;
	struct folds split;
	struct features_opts fo = o->feat;
	uint8_t *always = NULL;
	uint32_t n = (uint32_t)t->nrows, i;
	int rc;

	memset(res, 0, sizeof *res);
	memset(&B, 0, sizeof B);
	memset(&A, 0, sizeof A);
	memset(&X, 0, sizeof X);
	memset(&split, 0, sizeof split);
	if (t->nrows >= UINT32_MAX)
		return err_set(e, ERR_USAGE, "%s: too many rows", t->path);
	if (o->probs && o->probs[0]) {
		if (modea_load(&A, t, L, o->probs, o->oof.max_bytes, e) != 0)
			return -1;
		ck.round = modea_round;
		ck.done = src_done;
		ck.ctx = &A;
		ck.fixed = 1;
	} else {
		fo.label_col = L->col;
		fo.progress = o->progress;
		if (features_build(&X, t, &fo, e) != 0)
			return -1;
		/* nothing to learn from: say so before any checker runs */
		if (features_check_any(&X, t, fo.cols != NULL, e) != 0) {
			features_release(&X);
			return -1;
		}
		if (folds_make(&split, fold_y, n, L->k, o->oof.repeats,
		    o->oof.folds, o->oof.seed, e) != 0) {
			features_release(&X);
			return -1;
		}
		if (clamp) {
			always = xcalloc((size_t)n + 1, 1);
			for (i = 0; i < n; i++)
				always[i] = clamp[i] != LABELS_NONE;
		}
		B.X = &X;
		B.k = L->k;
		B.always = always;
		B.split = &split;
		B.oof = o->oof;
		/* many classes: top-r predictions, the given label kept */
		B.oof.topr = post_form(n, L->k, o->pico.force_topr);
		B.oof.keep = L->y;
		B.user = o->progress;
		B.fwd.fn = modeb_progress;
		B.fwd.ctx = &B;
		B.fwd.cancel = o->progress ? o->progress->cancel : NULL;
		ck.round = modeb_round;
		ck.done = modeb_done;
		ck.ctx = &B;
		ck.fixed = 0;
	}
	if (o->method == PICORUN_CL) {
		rc = run_cl(o, n, L->k, L->y, &ck, res, e);
	} else {
		struct pico_opts po = o->pico;

		po.folds = o->oof.folds;
		po.threads = o->oof.threads;
		rc = pico_run(&po, n, L->k, L->y, clamp, &ck, o->progress, res,
		    e);
	}
	/* the mix that judged every round (chosen in the first, or the
	 * caller's), for either method */
	if (rc == 0 && ck.round == modeb_round && B.oof.mix)
		oof_mix_describe(B.oof.mix, res->skill.mix,
		    sizeof res->skill.mix);
	oof_release(&B.out);
	free(B.kind);
	folds_release(&split);
	features_release(&X);
	modea_free(&A);
	free(always);
	return rc;
}
