/*
 * model.c - training the checkers of a saved model, and the model file
 * (docs/model-format.md).
 *
 * Training is one round of Mode B on the rows given: the out-of-fold
 * predictions of the R x F checkers give the confident-joint thresholds
 * (each class's mean predicted probability over its rows, as confident
 * learning computes them), then the same R x F checkers are trained
 * again, with the same rows, seeds and streams as the out-of-fold run,
 * and kept.  The file is written whole from memory and read whole, every
 * count checked against what is left and against the model's own sizes
 * before anything is allocated.
 */
#include "core/pico/shard/model.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/pico/cl/cl.h"
#include "core/pico/pico.h"
#include "core/pico/vote.h"
#include "core/pico/folds.h"
#include "core/pico/oof.h"
#include "core/util/hash.h"
#include "core/util/io/binbuf.h"
#include "core/util/parfor.h"
#include "core/util/xalloc.h"

/* oof.c's row-order streams for logistic regression: the saved checkers
 * are the out-of-fold run's own */
#define LR_STREAM_BASE 0x100000000ull

#define MAX_CLASSES (1u << 16)
#define MAX_STR (1u << 20)
#define MAX_CHECKERS (64u * 100u)

void
model_release(struct model *m)
{
	uint32_t c;

	if (!m)
		return;
	xfree_strv(m->name, m->k);
	dict_release(&m->classes);
	free(m->label);
	features_spec_release(&m->spec);
	for (c = 0; m->chk && c < m->nchk; c++) {
		nb_release(&m->chk[c].nb);
		lr_release(&m->chk[c].lr);
	}
	FREE_ALL(m->chk, m->count, m->thresh, m->rho);
	memset(m, 0, sizeof *m);
}

const char *
model_id(const struct model *m, char *buf)
{
	snprintf(buf, 17, "%016llx", (unsigned long long)m->hash);
	return buf;
}

/* --- training ------------------------------------------------------ */

/* The rows rows[0..n) of X as features of their own. */
static void
subset(const struct features *X, const uint32_t *rows, uint64_t n,
    struct features *S)
{
	uint64_t i, nnz = 0, p, w = 0;

	memset(S, 0, sizeof *S);
	for (i = 0; i < n; i++)
		nnz += X->ptr[rows[i] + 1] - X->ptr[rows[i]];
	S->n = n;
	S->dim = X->dim;
	S->nnum = X->nnum;
	S->ntext = X->ntext;
	S->ncat = X->ncat;
	S->ptr = xmalloc((n + 1) * sizeof *S->ptr);
	S->idx = xmalloc((nnz + 1) * sizeof *S->idx);
	S->val = xmalloc((nnz + 1) * sizeof *S->val);
	if (X->nnum) {
		S->num = xmalloc((n * X->nnum + 1) * sizeof *S->num);
		S->num_col = xmalloc(X->nnum * sizeof *S->num_col);
		memcpy(S->num_col, X->num_col, X->nnum * sizeof *S->num_col);
	}
	for (i = 0; i < n; i++) {
		S->ptr[i] = w;
		for (p = X->ptr[rows[i]]; p < X->ptr[rows[i] + 1]; p++) {
			S->idx[w] = X->idx[p];
			S->val[w++] = X->val[p];
		}
		if (X->nnum)
			memcpy(S->num + i * X->nnum, X->num + (size_t)rows[i] *
			    X->nnum, X->nnum * sizeof *S->num);
	}
	S->ptr[n] = w;
}

struct train_job {
	struct model *m;
	const struct features *X;
	const uint32_t *y;
	const struct folds *split;
	const struct oof_opts *o;
	const struct progress *p;
	int *rc;
	struct err *errs;
};

/* Checker t: trained on the rows outside its fold, as oof.c trains it. */
static void
train_one(void *ctx, size_t t)
{
	struct train_job *J = ctx;
	struct model *m = J->m;
	uint32_t r = (uint32_t)(t / m->folds), f = (uint32_t)(t % m->folds);
	uint32_t *rows = xmalloc((J->X->n + 1) * sizeof *rows);
	uint64_t i;
	size_t nrows = 0;
	struct lr_opts lo;

	for (i = 0; i < J->X->n; i++)
		if (folds_of(J->split, r, i) != f)
			rows[nrows++] = (uint32_t)i;
	if (m->kind == OOF_NB) {
		nb_train(&m->chk[t].nb, J->X, rows, nrows, J->y, NULL, m->k,
		    &J->o->nb);
	} else {
		lo = J->o->lr;
		lo.seed = J->o->seed;
		lo.stream = LR_STREAM_BASE + t;
		J->rc[t] = lr_train(&m->chk[t].lr, J->X, rows, nrows, J->y,
		    NULL, m->k, &lo, J->p, &J->errs[t]);
	}
	free(rows);
}

/* The thresholds: confident learning's, on the mean of the repeats'
 * out-of-fold predictions (added in repeat order, divided by R). */
static int
thresholds(struct model *m, const struct oof *out, const uint32_t *y,
    struct err *e)
{
	uint64_t n = out->n, i;
	uint32_t k = m->k, c, r;
	double *pbar = xmalloc((n * k + 1) * sizeof *pbar), s;
	struct cl cl;

	for (i = 0; i < n; i++)
		for (c = 0; c < k; c++) {
			s = 0;
			for (r = 0; r < out->repeats; r++)
				s += oof_prob(out, r, i)[c];
			pbar[i * k + c] = s / out->repeats;
		}
	if (cl_init(&cl, pbar, y, (size_t)n, k, e) != 0) {
		free(pbar);
		return -1;
	}
	m->thresh = xmalloc(k * sizeof *m->thresh);
	memcpy(m->thresh, cl.thresh, k * sizeof *m->thresh);
	cl_release(&cl);
	free(pbar);
	return 0;
}

/*
 * The skill of the out-of-fold predictions against the labels, as
 * winnow pico measures it in its first round (pico_measure_skill: the
 * gain over the class shares, on the rows of classes of two rows or
 * more), into m->skill: a model whose checkers do not pass the gate
 * flags nothing in any part.
 */
static void
measure(struct model *m, const struct oof *out, const uint32_t *y,
    uint64_t n)
{
	struct vote_set set;
	uint64_t *cnt = xcalloc((size_t)m->k + 1, sizeof *cnt), i;
	uint8_t *want = xcalloc((size_t)n + 1, 1);

	memset(&set, 0, sizeof set);
	vote_set_oof(&set, out, NULL);
	for (i = 0; i < n; i++)
		if (y[i] < m->k)
			cnt[y[i]]++;
	for (i = 0; i < n; i++)
		want[i] = y[i] < m->k && cnt[y[i]] >= 2;
	pico_measure_skill(&m->pico, &set, y, want, &m->skill, NULL);
	vote_set_oof_release(&set);
	free(cnt);
	free(want);
}

static int
refuse(const struct picorun_opts *o, struct err *e)
{
	if (o->probs && o->probs[0])
		return err_set(e, ERR_USAGE, "--save-model saves trained "
		    "checkers: not with --probs");
	if (o->method != PICORUN_PICO)
		return err_set(e, ERR_USAGE, "--save-model saves PICO's "
		    "checkers: not with --method cl");
	if (o->pico.flag != PICO_FLAG_Q && o->pico.flag != PICO_FLAG_ARGMAX)
		return err_set(e, ERR_USAGE, "--save-model: the %s flag "
		    "rule ranks every row of the file against all the others, "
		    "which a part cannot; choose a rule a row meets on its "
		    "own: --flag q or --flag argmax (with --tau)",
		    o->pico.flag == PICO_FLAG_CJ ? "cj" : "budget");
	return 0;
}

int
model_train(struct model *m, const struct table *t, const struct labels *L,
    const uint32_t *rows, uint64_t nrows, const struct picorun_opts *o,
    struct err *e)
{
	struct features X, Xs;
	struct features_opts fo = o->feat;
	struct folds split;
	struct oof out;
	struct oof_opts oo = o->oof;
	struct train_job J;
	uint32_t *y = NULL, c;
	uint64_t i, n;
	size_t nchk;
	int rc = -1;

	memset(m, 0, sizeof *m);
	memset(&X, 0, sizeof X);
	memset(&Xs, 0, sizeof Xs);
	memset(&split, 0, sizeof split);
	memset(&out, 0, sizeof out);
	if (refuse(o, e) != 0)
		return -1;
	if (t->nrows >= UINT32_MAX)
		return err_set(e, ERR_USAGE, "%s: too many rows", t->path);
	m->k = L->k;
	m->name = xcalloc(L->k + 1, sizeof *m->name);
	dict_init(&m->classes);
	for (c = 0; c < L->k; c++) {
		m->name[c] = xstrdup(L->name[c]);
		dict_intern(&m->classes, L->name[c], strlen(L->name[c]));
	}
	m->label = xstrdup(t->col[L->col].name);
	m->repeats = oo.repeats;
	m->folds = oo.folds;
	m->seed = oo.seed;
	m->pico = o->pico;
	m->pico.tau = pico_tau(&o->pico);	/* the rule's default resolved */
	fo.label_col = L->col;
	fo.learn = &m->spec;
	fo.frozen = NULL;
	fo.progress = o->progress;
	if (features_build(&X, t, &fo, e) != 0)
		goto out;
	if (features_check_any(&X, t, fo.cols != NULL, e) != 0)
		goto out;	/* nothing to learn from */
	n = rows ? nrows : t->nrows;
	y = xmalloc((n + 1) * sizeof *y);
	for (i = 0; i < n; i++)
		y[i] = L->y[rows ? rows[i] : i];
	if (rows) {
		subset(&X, rows, nrows, &Xs);
		features_release(&X);
	} else {
		Xs = X;
		memset(&X, 0, sizeof X);
	}
	m->kind = oo.model == OOF_AUTO ? oof_auto_model(&Xs, m->k, &oo) :
	    oo.model;
	if (m->kind != OOF_NB && m->kind != OOF_LR) {
		err_set(e, ERR_USAGE, "--save-model: the %s checker keeps "
		    "its training rows and is not saved; use --model nb or "
		    "--model lr", oof_model_name(m->kind));
		goto out;
	}
	if (folds_make(&split, y, n, m->k, m->repeats, m->folds, m->seed,
	    e) != 0)
		goto out;
	oo.model = m->kind;
	oo.topr = 0;
	oo.keep = NULL;
	oo.progress = o->progress;
	if (oof_run(&out, &Xs, y, NULL, NULL, m->k, &split, &oo, e) != 0)
		goto out;
	/* the saved checkers are fitted as the run fitted its own: its
	 * chosen C, or AdaGrad where the converged fit would not fit */
	oo.lr.C = out.mix.C;
	if (out.mix.lr_sgd && oo.lr.solver == LR_LBFGS)
		oo.lr.solver = LR_ADAGRAD;
	if (thresholds(m, &out, y, e) != 0)
		goto out;
	measure(m, &out, y, n);
	nchk = (size_t)m->repeats * m->folds;
	m->rho = xmalloc((nchk * m->k + 1) * sizeof *m->rho);
	memcpy(m->rho, out.rho, nchk * m->k * sizeof *m->rho);
	oof_release(&out);
	m->rows = n;
	m->count = xcalloc(m->k + 1, sizeof *m->count);
	for (i = 0; i < n; i++)
		if (y[i] < m->k)
			m->count[y[i]]++;
	m->chk = xcalloc(nchk + 1, sizeof *m->chk);
	m->nchk = (uint32_t)nchk;
	memset(&J, 0, sizeof J);
	J.m = m;
	J.X = &Xs;
	J.y = y;
	J.split = &split;
	J.o = &oo;
	J.p = o->progress;
	J.rc = xcalloc(nchk + 1, sizeof *J.rc);
	J.errs = xcalloc(nchk + 1, sizeof *J.errs);
	if (parfor_run(nchk, oo.threads, train_one, &J, o->progress,
	    "saved checkers", e) == 0) {
		rc = 0;
		for (i = 0; i < nchk && rc == 0; i++)
			if (J.rc[i] != 0) {
				*e = J.errs[i];
				rc = -1;
			}
	}
	free(J.rc);
	free(J.errs);
out:
	oof_release(&out);
	folds_release(&split);
	features_release(&X);
	features_release(&Xs);
	free(y);
	if (rc != 0)
		model_release(m);
	return rc;
}

/* --- writing ------------------------------------------------------- */

static void
put_spec(struct binbuf_w *b, const struct features_spec *s)
{
	size_t i;
	uint32_t v;
	const struct features_colspec *c;
	const char *str;
	size_t len;

	binbuf_put_u32(b, s->hash_bits);
	binbuf_put_u32(b, (uint32_t)s->bigrams);
	binbuf_put_u32(b, (uint32_t)s->char_ngrams);
	binbuf_put_u32(b, (uint32_t)s->tfidf);
	binbuf_put_u32(b, (uint32_t)s->sublinear);
	binbuf_put_u32(b, s->min_df);
	binbuf_put_u64(b, s->nrows);
	binbuf_put_u32(b, (uint32_t)s->ncols);
	for (i = 0; i < s->ncols; i++) {
		c = &s->col[i];
		binbuf_put_str(b, c->name, strlen(c->name));
		binbuf_put_u32(b, (uint32_t)c->kind);
		binbuf_put_u32(b, (uint32_t)c->coltype);
		binbuf_put_u32(b, (uint32_t)c->seed);
		switch (c->kind) {
		case FEATURES_TEXT:
			binbuf_put_u32(b, c->ndf);
			for (v = 0; v < c->ndf; v++) {
				binbuf_put_u32(b, c->dfb[v]);
				binbuf_put_f64(b, c->dfv[v]);
			}
			break;
		case FEATURES_CAT:
			binbuf_put_u32(b, c->kept.n);
			for (v = 0; v < c->kept.n; v++) {
				str = dict_str(&c->kept, v, &len);
				binbuf_put_str(b, str, len);
			}
			break;
		default:
			binbuf_put_f64(b, c->mean);
			binbuf_put_f64(b, c->inv);
			break;
		}
	}
}

/* Naive Bayes: sizes, priors, the buckets with entries, the Gaussians. */
static void
put_nb(struct binbuf_w *b, const struct nb *m)
{
	uint32_t j, used = 0;
	uint64_t q, cells = (uint64_t)m->nnum * m->k;

	binbuf_put_u32(b, m->dim);
	binbuf_put_u32(b, m->nnum);
	for (j = 0; j < m->k; j++) {
		binbuf_put_f64(b, m->prior[j]);
		binbuf_put_f64(b, m->base[j]);
	}
	for (j = 0; j < m->dim; j++)
		used += m->fptr[j + 1] > m->fptr[j];
	binbuf_put_u32(b, used);
	for (j = 0; j < m->dim; j++) {
		if (m->fptr[j + 1] == m->fptr[j])
			continue;
		binbuf_put_u32(b, j);
		binbuf_put_u32(b, (uint32_t)(m->fptr[j + 1] - m->fptr[j]));
		for (q = m->fptr[j]; q < m->fptr[j + 1]; q++) {
			binbuf_put_u32(b, m->fcls[q]);
			binbuf_put_f32(b, m->fdelta[q]);
		}
	}
	for (q = 0; q < cells; q++) {
		binbuf_put_f32(b, m->mu[q]);
		binbuf_put_f32(b, m->ivar[q]);
		binbuf_put_f64(b, m->gconst[q]);
	}
}

/* Logistic regression: sizes, the bucket of each weight row, weights. */
static void
put_lr(struct binbuf_w *b, const struct lr *m)
{
	uint32_t j, d;
	uint64_t q, nw = (uint64_t)(m->nloc + m->nnum) * m->kp;

	binbuf_put_u32(b, m->dim);
	binbuf_put_u32(b, m->nloc);
	binbuf_put_u32(b, m->nnum);
	for (j = 0; j < m->dim; j++)
		if (m->map[j] != UINT32_MAX) {
			binbuf_put_u32(b, j);
			binbuf_put_u32(b, m->map[j]);
		}
	for (q = 0; q < nw; q++)
		binbuf_put_f32(b, m->w[q]);
	for (j = 0; j < m->kp; j++)
		binbuf_put_f32(b, m->b[j]);
	for (d = 0; d < m->nnum; d++) {
		binbuf_put_f32(b, m->mean[d]);
		binbuf_put_f32(b, m->istd[d]);
	}
}

int
model_save(struct model *m, const char *dir, const struct outfile_rule *r,
    struct err *e)
{
	struct binbuf_w b = { NULL, 0, 0 };
	struct outfile of;
	struct stat st;
	char *path;
	uint32_t c;
	size_t i, nchk = (size_t)m->repeats * m->folds;
	int rc;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return err_sys(e, ERR_CANTCREAT, errno, "%s: cannot make the "
		    "model folder", dir);
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return err_set(e, ERR_CANTCREAT, "%s: not a folder (a model "
		    "is saved into a folder)", dir);
	binbuf_put(&b, MODEL_MAGIC, 8);
	binbuf_put_u32(&b, MODEL_VERSION);
	binbuf_put_str(&b, m->label, strlen(m->label));
	binbuf_put_u32(&b, m->k);
	for (c = 0; c < m->k; c++)
		binbuf_put_str(&b, m->name[c], strlen(m->name[c]));
	binbuf_put_u64(&b, m->rows);
	for (c = 0; c < m->k; c++) {
		binbuf_put_u64(&b, m->count[c]);
		binbuf_put_f64(&b, m->thresh[c]);
	}
	binbuf_put_u32(&b, (uint32_t)m->kind);
	binbuf_put_u32(&b, m->repeats);
	binbuf_put_u32(&b, m->folds);
	binbuf_put_u64(&b, m->seed);
	binbuf_put_u32(&b, (uint32_t)m->pico.vote.pool);
	binbuf_put_u32(&b, (uint32_t)m->pico.vote.beta);
	binbuf_put_u32(&b, (uint32_t)m->pico.prior);
	binbuf_put_f64(&b, m->pico.eps);
	binbuf_put_f64(&b, m->pico.alpha);
	binbuf_put_u32(&b, (uint32_t)m->pico.flag);
	binbuf_put_f64(&b, m->pico.tau);
	binbuf_put_f64(&b, m->pico.auto_fix);
	binbuf_put_f64(&b, m->pico.ambiguous);
	binbuf_put_f64(&b, m->pico.gate);
	binbuf_put_u64(&b, m->skill.rows);
	binbuf_put_f64(&b, m->skill.accuracy);
	binbuf_put_f64(&b, m->skill.majority);
	binbuf_put_f64(&b, m->skill.gain);
	binbuf_put_u32(&b, (uint32_t)m->skill.predictive);
	put_spec(&b, &m->spec);
	for (i = 0; i < nchk * m->k; i++)
		binbuf_put_f64(&b, m->rho[i]);
	for (i = 0; i < nchk; i++) {
		if (m->kind == OOF_NB)
			put_nb(&b, &m->chk[i].nb);
		else
			put_lr(&b, &m->chk[i].lr);
	}
	m->hash = hash_bytes(b.p, b.n, 0);
	binbuf_put_u64(&b, m->hash);

	path = xmalloc(strlen(dir) + sizeof MODEL_FILE + 2);
	sprintf(path, "%s/%s", dir, MODEL_FILE);
	rc = -1;
	if (outfile_open(&of, path, r, e) == 0) {
		if (outfile_write(&of, b.p, b.n) != 0) {
			err_sys(e, ERR_IO, of.err, "%s: write error", path);
			outfile_abort(&of);
		} else {
			rc = outfile_commit(&of, e) != 0 ? -1 : 0;
		}
	}
	free(path);
	free(b.p);
	return rc;
}

/* --- reading ------------------------------------------------------- */

static void
bad(struct binbuf_r *r, const char *why)
{
	if (!r->bad) {
		r->bad = 1;
		r->why = why;
	}
}

static char *
get_name(struct binbuf_r *r)
{
	size_t len;
	const char *s = binbuf_get_str(r, &len, MAX_STR);

	return xstrndup(s, len);
}

static void
get_spec(struct binbuf_r *r, struct features_spec *s)
{
	size_t i;
	uint32_t v, n, nv, dim;
	struct features_colspec *c;
	const char *str;
	size_t len;

	s->hash_bits = binbuf_get_u32(r);
	s->bigrams = binbuf_get_u32(r) != 0;
	s->char_ngrams = binbuf_get_u32(r) != 0;
	s->tfidf = binbuf_get_u32(r) != 0;
	s->sublinear = binbuf_get_u32(r) != 0;
	s->min_df = binbuf_get_u32(r);
	s->nrows = binbuf_get_u64(r);
	if (s->hash_bits < FEATURES_BITS_MIN || s->hash_bits >
	    FEATURES_BITS_MAX)
		bad(r, "hash bits out of range");
	dim = 1u << (s->hash_bits & 31);
	n = (uint32_t)binbuf_get_count(r, 16, 1u << 20, 0);
	s->col = xcalloc((size_t)n + 1, sizeof *s->col);
	for (i = 0; i < n && !r->bad; i++) {
		c = &s->col[i];
		s->ncols++;
		dict_init(&c->kept);
		c->name = get_name(r);
		c->kind = (int)binbuf_get_u32(r);
		c->coltype = (int)binbuf_get_u32(r);
		c->seed = (int)binbuf_get_u32(r);
		if (c->seed < 0 || c->coltype < 0 || c->coltype >
		    COLTYPE_TEXT)
			bad(r, "a feature column out of range");
		switch (c->kind) {
		case FEATURES_TEXT:
			c->ndf = (uint32_t)binbuf_get_count(r, 12, dim, 0);
			c->dfb = xmalloc(((size_t)c->ndf + 1) * sizeof *c->dfb);
			c->dfv = xmalloc(((size_t)c->ndf + 1) * sizeof *c->dfv);
			for (v = 0; v < c->ndf && !r->bad; v++) {
				c->dfb[v] = binbuf_get_u32(r);
				c->dfv[v] = binbuf_get_f64(r);
				if (c->dfb[v] >= dim)
					bad(r, "a bucket out of range");
			}
			break;
		case FEATURES_CAT:
			nv = (uint32_t)binbuf_get_count(r, 4, UINT32_MAX - 1,
			    0);
			for (v = 0; v < nv && !r->bad; v++) {
				str = binbuf_get_str(r, &len, MAX_STR);
				dict_intern(&c->kept, str, len);
			}
			break;
		case FEATURES_NUM:
			c->mean = binbuf_get_f64(r);
			c->inv = binbuf_get_f64(r);
			break;
		default:
			bad(r, "an unknown feature kind");
		}
	}
}

static void
get_nb(struct binbuf_r *r, struct nb *m, uint32_t k, uint32_t maxdim)
{
	uint32_t j, used, u, prev = 0, cnt;
	uint64_t q, cells, nnz = 0;
	size_t mark;

	m->k = k;
	m->dim = binbuf_get_u32(r);
	m->nnum = (uint32_t)binbuf_get_count(r, 16 * (size_t)k, 1u << 20, 0);
	if (m->dim != maxdim)
		bad(r, "a checker of another hash space");
	if (r->bad)
		return;
	m->prior = xmalloc(k * sizeof *m->prior);
	m->base = xmalloc(k * sizeof *m->base);
	for (j = 0; j < k; j++) {
		m->prior[j] = binbuf_get_f64(r);
		m->base[j] = binbuf_get_f64(r);
	}
	m->fptr = xcalloc((size_t)m->dim + 2, sizeof *m->fptr);
	used = (uint32_t)binbuf_get_count(r, 8, m->dim, 0);
	/* a first walk for the sizes, a second to fill */
	mark = r->at;
	for (u = 0; u < used && !r->bad; u++) {
		j = binbuf_get_u32(r);
		cnt = (uint32_t)binbuf_get_count(r, 8, k, 0);
		if (j >= m->dim || (u > 0 && j <= prev))
			bad(r, "buckets out of order");
		prev = j;
		m->fptr[j + 1] = cnt;
		nnz += cnt;
		r->at += r->bad ? 0 : (size_t)cnt * 8;
	}
	if (r->bad)
		return;
	for (j = 0; j < m->dim; j++)
		m->fptr[j + 1] += m->fptr[j];
	m->fcls = xmalloc((nnz + 1) * sizeof *m->fcls);
	m->fdelta = xmalloc((nnz + 1) * sizeof *m->fdelta);
	r->at = mark;
	q = 0;
	for (u = 0; u < used && !r->bad; u++) {
		(void)binbuf_get_u32(r);
		cnt = binbuf_get_u32(r);
		for (j = 0; j < cnt; j++, q++) {
			m->fcls[q] = binbuf_get_u32(r);
			m->fdelta[q] = binbuf_get_f32(r);
			if (m->fcls[q] >= k)
				bad(r, "a class out of range");
		}
	}
	cells = (uint64_t)m->nnum * k;
	m->mu = xmalloc((cells + 1) * sizeof *m->mu);
	m->ivar = xmalloc((cells + 1) * sizeof *m->ivar);
	m->gconst = xmalloc((cells + 1) * sizeof *m->gconst);
	for (q = 0; q < cells && !r->bad; q++) {
		m->mu[q] = binbuf_get_f32(r);
		m->ivar[q] = binbuf_get_f32(r);
		m->gconst[q] = binbuf_get_f64(r);
	}
}

static void
get_lr(struct binbuf_r *r, struct lr *m, uint32_t k, uint32_t maxdim)
{
	uint32_t j, d, row;
	uint64_t q, nw;

	m->k = k;
	m->kp = (k + 3) & ~3u;
	m->dim = binbuf_get_u32(r);
	if (m->dim == 0 || m->dim > maxdim || (m->dim & (m->dim - 1)))
		bad(r, "a checker of another hash space");
	m->nloc = (uint32_t)binbuf_get_count(r, 8, m->dim, 0);
	m->nnum = (uint32_t)binbuf_get_count(r, 8, 1u << 20, 0);
	if (r->bad)
		return;
	nw = (uint64_t)(m->nloc + m->nnum) * m->kp;
	if (nw > (r->n - r->at) / 4) {
		bad(r, "truncated");
		return;
	}
	m->map = xmalloc((size_t)m->dim * sizeof *m->map);
	for (j = 0; j < m->dim; j++)
		m->map[j] = UINT32_MAX;
	for (d = 0; d < m->nloc && !r->bad; d++) {
		j = binbuf_get_u32(r);
		row = binbuf_get_u32(r);
		if (j >= m->dim || row >= m->nloc || m->map[j] != UINT32_MAX)
			bad(r, "a weight row out of range");
		else
			m->map[j] = row;
	}
	m->w = xmalloc((nw + 1) * sizeof *m->w);
	for (q = 0; q < nw; q++)
		m->w[q] = binbuf_get_f32(r);
	m->b = xmalloc(m->kp * sizeof *m->b);
	for (j = 0; j < m->kp; j++)
		m->b[j] = binbuf_get_f32(r);
	m->mean = xmalloc(((size_t)m->nnum + 1) * sizeof *m->mean);
	m->istd = xmalloc(((size_t)m->nnum + 1) * sizeof *m->istd);
	for (d = 0; d < m->nnum; d++) {
		m->mean[d] = binbuf_get_f32(r);
		m->istd[d] = binbuf_get_f32(r);
	}
}

int
model_load(struct model *m, const char *dir, struct err *e)
{
	struct binbuf_r r, tail;
	struct stat st;
	unsigned char *buf;
	char *path;
	size_t n, i, nchk, nnum;
	uint32_t ver, c;

	memset(m, 0, sizeof *m);
	if (stat(dir, &st) != 0)
		return err_sys(e, ERR_NOINPUT, errno, "%s: no model here",
		    dir);
	if (!S_ISDIR(st.st_mode))
		return err_set(e, ERR_NOINPUT, "%s: not a model folder (winnow "
		    "pico --save-model makes one)", dir);
	path = xmalloc(strlen(dir) + sizeof MODEL_FILE + 2);
	sprintf(path, "%s/%s", dir, MODEL_FILE);
	buf = binbuf_slurp(path, &n, e);
	if (!buf) {
		free(path);
		return -1;
	}
	if (n < 20 || memcmp(buf, MODEL_MAGIC, 8) != 0) {
		err_set(e, ERR_DATA, "%s: not a winnow model", path);
		goto fail;
	}
	/* the header after the magic, up to the trailing hash */
	r = (struct binbuf_r){ .p = buf, .n = n - 8, .at = 8 };
	ver = binbuf_get_u32(&r);
	if (ver != MODEL_VERSION && ver != 1) {
		err_set(e, ERR_DATA, "%s: model format version %u; this winnow "
		    "reads versions 1 to %d", path, ver, MODEL_VERSION);
		goto fail;
	}
	m->hash = hash_bytes(buf, n - 8, 0);
	tail = (struct binbuf_r){ .p = buf, .n = n, .at = n - 8 };
	if (m->hash != binbuf_get_u64(&tail)) {
		err_set(e, ERR_DATA, "%s: damaged model (its hash does not "
		    "match)", path);
		goto fail;
	}
	m->label = get_name(&r);
	m->k = (uint32_t)binbuf_get_count(&r, 4, MAX_CLASSES, 0);
	m->name = xcalloc((size_t)m->k + 1, sizeof *m->name);
	dict_init(&m->classes);
	for (c = 0; c < m->k && !r.bad; c++) {
		m->name[c] = get_name(&r);
		if (dict_intern(&m->classes, m->name[c], strlen(m->name[c]))
		    != c)
			bad(&r, "a class named twice");
	}
	m->rows = binbuf_get_u64(&r);
	m->count = xcalloc((size_t)m->k + 1, sizeof *m->count);
	m->thresh = xcalloc((size_t)m->k + 1, sizeof *m->thresh);
	for (c = 0; c < m->k && !r.bad; c++) {
		m->count[c] = binbuf_get_u64(&r);
		m->thresh[c] = binbuf_get_f64(&r);
	}
	m->kind = (enum oof_model)binbuf_get_u32(&r);
	m->repeats = binbuf_get_u32(&r);
	m->folds = binbuf_get_u32(&r);
	m->seed = binbuf_get_u64(&r);
	pico_opts_init(&m->pico);
	m->pico.vote.pool = (enum vote_pool)binbuf_get_u32(&r);
	m->pico.vote.beta = (enum vote_beta)binbuf_get_u32(&r);
	m->pico.prior = (enum pico_prior)binbuf_get_u32(&r);
	m->pico.eps = binbuf_get_f64(&r);
	m->pico.alpha = binbuf_get_f64(&r);
	m->pico.flag = (enum pico_flag)binbuf_get_u32(&r);
	m->pico.tau = binbuf_get_f64(&r);
	m->pico.auto_fix = binbuf_get_f64(&r);
	m->pico.ambiguous = binbuf_get_f64(&r);
	if (ver >= 2) {
		m->pico.gate = binbuf_get_f64(&r);
		m->skill.rows = binbuf_get_u64(&r);
		m->skill.accuracy = binbuf_get_f64(&r);
		m->skill.majority = binbuf_get_f64(&r);
		m->skill.gain = binbuf_get_f64(&r);
		m->skill.predictive = binbuf_get_u32(&r) != 0;
		if (!r.bad && (!(m->pico.gate >= 0) || !(m->skill.gain >= 0) ||
		    m->skill.predictive != pico_gate_open(m->pico.gate,
		    m->skill.gain, m->skill.rows)))
			bad(&r, "skill out of range");
	} else {
		/* saved before models measured their checkers */
		m->pico.gate = 0;
		m->skill.gain = NAN;
		m->skill.predictive = 1;
	}
	if (!r.bad && ((m->kind != OOF_NB && m->kind != OOF_LR) ||
	    m->repeats < 1 || m->folds < 2 || m->repeats * (uint64_t)m->folds >
	    MAX_CHECKERS || m->pico.vote.pool > VOTE_MEAN ||
	    m->pico.vote.beta > VOTE_BETA_INV || m->pico.prior >
	    PICO_PRIOR_EPS || (m->pico.flag != PICO_FLAG_Q &&
	    m->pico.flag != PICO_FLAG_ARGMAX) || m->k == 0))
		bad(&r, "options out of range");
	m->pico.folds = m->folds;
	if (!r.bad)
		get_spec(&r, &m->spec);
	nchk = r.bad ? 0 : (size_t)m->repeats * m->folds;
	if (nchk * m->k > (r.n - r.at) / 8)
		bad(&r, "truncated");
	nchk = r.bad ? 0 : nchk;
	m->rho = xcalloc(nchk * m->k + 1, sizeof *m->rho);
	for (i = 0; i < nchk * m->k; i++)
		m->rho[i] = binbuf_get_f64(&r);
	m->chk = xcalloc(nchk + 1, sizeof *m->chk);
	m->nchk = (uint32_t)nchk;
	nnum = 0;
	for (i = 0; i < m->spec.ncols; i++)
		nnum += m->spec.col[i].kind == FEATURES_NUM;
	for (i = 0; i < nchk && !r.bad; i++) {
		if (m->kind == OOF_NB)
			get_nb(&r, &m->chk[i].nb, m->k, 1u << m->spec.hash_bits);
		else
			get_lr(&r, &m->chk[i].lr, m->k, 1u << m->spec.hash_bits);
		if (!r.bad && (m->kind == OOF_NB ? m->chk[i].nb.nnum :
		    m->chk[i].lr.nnum) != nnum)
			bad(&r, "a checker of another feature spec");
	}
	if (!r.bad && r.at != r.n)
		bad(&r, "bytes after the checkers");
	if (r.bad) {
		err_set(e, ERR_DATA, "%s: damaged model (%s)", path, r.why);
		goto fail;
	}
	free(buf);
	free(path);
	return 0;
fail:
	free(buf);
	free(path);
	model_release(m);
	return -1;
}
