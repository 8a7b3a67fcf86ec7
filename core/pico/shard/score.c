/*
 * score.c - the two passes over a part with a saved model, the sums
 * between them, and their files.
 *
 * Each row is judged by one checker per repeat: repeat r's checker is
 * that of fold hash(key, r) mod F, a choice that depends on the row
 * alone, so a row gets the same numbers in any part and in the whole.
 * Rows are independent; they run on threads in blocks, each writing
 * only its own rows, and every sum is taken afterwards in row order:
 * the output does not depend on the threads.
 */
#include "core/pico/shard/score.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/cl/cl.h"
#include "core/pico/kmat.h"
#include "core/pico/picorun.h"
#include "core/pico/vote.h"
#include "core/util/hash.h"
#include "core/util/jsonw.h"
#include "core/util/parfor.h"
#include "core/util/xalloc.h"

/* cl.c's FLOATING_POINT_COMPARISON: a class is confident at its
 * threshold minus this */
#define SCORE_FLOAT_CMP 1e-6
#define SCORE_BLOCK 1024
#define SCORE_MAX_K (1u << 12)	/* dense k x k sums */

/* --- sums ---------------------------------------------------------- */

void
score_sum_init(struct score_sum *s, uint64_t model, uint32_t k)
{
	memset(s, 0, sizeof *s);
	s->model = model;
	s->k = k;
	s->count = xcalloc((size_t)k + 1, sizeof *s->count);
	s->joint = xcalloc((size_t)k * k + 1, sizeof *s->joint);
}

void
score_sum_release(struct score_sum *s)
{
	if (!s)
		return;
	free(s->count);
	free(s->joint);
	memset(s, 0, sizeof *s);
}

int
score_sum_add(struct score_sum *a, const struct score_sum *b,
    const char *what, struct err *e)
{
	size_t i;
	char x[17], y[17];

	if (a->model != b->model || a->k != b->k) {
		snprintf(x, sizeof x, "%016llx", (unsigned long long)b->model);
		snprintf(y, sizeof y, "%016llx", (unsigned long long)a->model);
		return err_set(e, ERR_DATA, "%s: scored by model %s (%u "
		    "classes), not by model %s (%u classes) as the others",
		    what, x, b->k, y, a->k);
	}
	a->rows += b->rows;
	a->unlabelled += b->unlabelled;
	a->unknown += b->unknown;
	a->parts += b->parts;
	for (i = 0; i < a->k; i++)
		a->count[i] += b->count[i];
	for (i = 0; i < (size_t)a->k * a->k; i++)
		a->joint[i] += b->joint[i];
	return 0;
}

void
score_rows_release(struct score_rows *r)
{
	if (!r)
		return;
	table_free(r->keys);
	FREE_ALL(r->L.y, r->confident, r->p_given);
	pico_result_release(&r->res);
	memset(r, 0, sizeof *r);
}

/* --- the prior of pass 2 ------------------------------------------- */

static double
log0(double q)
{
	return q > 0 ? log(q) : -INFINITY;
}

/*
 * The log prior rows (k x k, row = given) from the summed joint, as
 * picoprior.c makes PICO's `cj` prior from a joint it counted itself:
 * the diagonal at least 1, calibrated to the class counts, no mass
 * towards a class of fewer than 2F training rows, smoothed by alpha.
 * And the class marginal (the prior of a row with no given label).
 */
static void
prior_rows(const struct model *m, const struct score_sum *s, double *logq,
    double *logmarg)
{
	struct kmat kj, kcal, q;
	uint32_t k = m->k, g, j;
	uint64_t v, tot = 0;
	double *row = xmalloc(((size_t)k + 1) * sizeof *row);
	size_t p;

	if (m->pico.prior == PICO_PRIOR_EPS || k == 1) {
		for (g = 0; g < k; g++)
			for (j = 0; j < k; j++)
				logq[(size_t)g * k + j] = log0(k == 1 ? 1 :
				    g == j ? 1 - m->pico.eps :
				    m->pico.eps / (k - 1));
	} else {
		kmat_begin(&kj, k);
		for (g = 0; g < k; g++) {
			for (j = 0; j < k; j++) {
				v = s->joint[(size_t)g * k + j];
				if (j == g)
					kmat_put(&kj, j, v < 1 ? 1 : (double)v);
				else if (v > 0)
					kmat_put(&kj, j, (double)v);
			}
			kmat_end_row(&kj, 0);
		}
		cl_calibrate(&kj, s->count, &kcal);
		for (g = 0; g < k; g++)
			for (p = kcal.ptr[g]; p < kcal.ptr[g + 1]; p++)
				if (kcal.col[p] != g && m->count[kcal.col[p]] <
				    2 * (uint64_t)m->folds)
					kcal.val[p] = 0;
		cl_prior(&kcal, m->pico.alpha, &q);
		for (g = 0; g < k; g++) {
			kmat_row(&q, g, row);
			for (j = 0; j < k; j++)
				logq[(size_t)g * k + j] = log0(row[j]);
		}
		kmat_release(&kj);
		kmat_release(&kcal);
		kmat_release(&q);
	}
	for (g = 0; g < k; g++)
		tot += s->count[g];
	for (g = 0; g < k; g++)
		logmarg[g] = log(((double)s->count[g] + 0.5) /
		    ((double)tot + 0.5 * k));
	free(row);
}

/* --- the rows ------------------------------------------------------ */

struct block_job {
	const struct model *m;
	const struct score_opts *o;
	const struct features *X;
	const struct table *t;
	int idcol;
	uint64_t line0, tline0;	/* the chunk's first line, and its own */
	uint32_t base;		/* the chunk's first row in the part */
	struct score_rows *R;
	const double *logq, *logmarg, *cut;
	const uint8_t *small;
};

/* Row i of the chunk's key (the id's text, or its line) into buf (24
 * bytes). */
static const char *
row_key(const struct block_job *J, uint64_t i, char *buf, size_t *len)
{
	if (J->idcol >= 0)
		return table_cell(J->t, (size_t)J->idcol, i, len);
	*len = (size_t)snprintf(buf, 24, "%llu", (unsigned long long)
	    (J->line0 + J->t->line[i] - J->tline0));
	return buf;
}

static void
predict(const struct model *m, uint32_t c, const struct features *X,
    uint64_t i, float *out, double *scratch)
{
	if (m->kind == OOF_NB)
		nb_predict(&m->chk[c].nb, X, i, out, scratch);
	else
		lr_predict(&m->chk[c].lr, X, i, out);
}

/* The class a row counts for in the confident joint, from its mean
 * prediction (as cl.c: the only confident class, the argmax of several,
 * none). */
static uint32_t
confident(const double *pbar, uint32_t k, const double *cut)
{
	uint32_t c, guess = LABELS_NONE, n = 0;
	struct cl_row row;

	for (c = 0; c < k; c++)
		if (pbar[c] >= cut[c] && n++ == 0)
			guess = c;
	if (n > 1) {
		row.n = k;
		row.cls = NULL;
		row.val = pbar;
		row.shared = 0;
		guess = cl_row_argmax(&row, k, k, 0);
	}
	return guess;
}

static void
block(void *ctx, size_t blk)
{
	struct block_job *J = ctx;
	const struct model *m = J->m;
	struct score_rows *R = J->R;
	struct pico_result *res = &R->res;
	uint32_t k = m->k, nr = m->repeats, r, c, best, top, g, at;
	uint64_t lo = blk * SCORE_BLOCK, hi = lo + SCORE_BLOCK, i;
	float *p = xmalloc(((size_t)nr * k + 1) * sizeof *p);
	float **pr = xmalloc(((size_t)nr + 1) * sizeof *pr);
	uint32_t *fold = xmalloc(((size_t)nr + 1) * sizeof *fold);
	uint32_t **who = xmalloc(((size_t)nr + 1) * sizeof *who);
	double **rho = xmalloc(((size_t)nr + 1) * sizeof *rho);
	double *scratch = xmalloc(((size_t)k + 1) * sizeof *scratch);
	double *E = xmalloc(((size_t)k + 1) * sizeof *E);
	double *b = xmalloc(((size_t)k + 1) * sizeof *b), s, second;
	struct vote_src src;
	const char *key;
	char buf[24];
	size_t len;

	if (hi > J->t->nrows)
		hi = J->t->nrows;
	/* one row's evidence as a source of one row */
	src.n = 1;
	src.k = k;
	src.m = nr;
	src.p = pr;
	src.who = who;
	src.rho = rho;
	for (r = 0; r < nr; r++) {
		pr[r] = p + (size_t)r * k;
		who[r] = &fold[r];
		rho[r] = m->rho + (size_t)r * m->folds * k;
	}
	for (i = lo; i < hi; i++) {
		at = J->base + (uint32_t)i;
		g = R->L.y[at];
		key = row_key(J, i, buf, &len);
		for (r = 0; r < nr; r++) {
			fold[r] = (uint32_t)(hash_bytes(key, len,
			    hash_u64(r, m->seed)) % m->folds);
			predict(m, r * m->folds + fold[r], J->X, i, pr[r],
			    scratch);
		}
		if (!J->o->prior) {
			/* the mean, added in repeat order */
			for (c = 0; c < k; c++) {
				s = 0;
				for (r = 0; r < nr; r++)
					s += pr[r][c];
				b[c] = s / nr;
			}
			R->confident[at] = g == LABELS_NONE ? LABELS_NONE :
			    confident(b, k, J->cut);
			R->p_given[at] = g == LABELS_NONE ? NAN :
			    (float)b[g];
			continue;
		}
		vote_evidence(&src, &m->pico.vote, 0, E);
		vote_posterior(k, g == LABELS_NONE ? J->logmarg :
		    J->logq + (size_t)g * k, E, b);
		top = 0;
		for (c = 1; c < k; c++)
			if (b[c] > b[top])
				top = c;
		/* as pico.c: the suggestion is always another class */
		best = g != LABELS_NONE && k > 1 ?
		    pico_best_other(b, k, g, J->small) : top;
		res->suggested[at] = best;
		res->p_suggested[at] = (float)b[best];
		res->quality[at] = g != LABELS_NONE ? (float)b[g] : 1;
		res->agree[at] = (uint8_t)vote_agree(&src, 0, best);
		/* the runner-up, as floats, as pico.c compares them */
		second = 0;
		for (c = 0; c < k; c++)
			if (c != top && b[c] > second)
				second = b[c];
		res->ambiguous[at] = k > 1 && (double)(float)b[top] -
		    (double)(float)second < m->pico.ambiguous;
		/* checkers that failed the gate flag nothing, as in
		 * winnow pico */
		if (g != LABELS_NONE && !J->small[g] && m->skill.predictive) {
			if (m->pico.flag == PICO_FLAG_ARGMAX)
				res->flagged[at] = top != g &&
				    (float)b[top] >= m->pico.tau;
			else
				res->flagged[at] = res->quality[at] <
				    m->pico.tau;
		}
		res->auto_fix[at] = res->flagged[at] && best != g &&
		    res->p_suggested[at] >= m->pico.auto_fix;
		res->nflagged_rounds[at] = res->flagged[at];
	}
	FREE_ALL(p, pr, fold, who, rho, scratch, E, b);
}

/* Room for n more rows in R. */
static void
rows_grow(struct score_rows *R, int pass2, uint64_t more)
{
	size_t want = (size_t)R->n + more + 1, cap = R->cap;
	struct pico_result *res = &R->res;
	struct column *kc = &R->keys->col[0];

	if (want <= cap)
		return;
	cap = want > 2 * cap ? want : 2 * cap;
	R->L.y = xreallocarray(R->L.y, cap, sizeof *R->L.y);
	kc->code = xreallocarray(kc->code, cap, sizeof *kc->code);
	if (!pass2) {
		R->confident = xreallocarray(R->confident, cap,
		    sizeof *R->confident);
		R->p_given = xreallocarray(R->p_given, cap,
		    sizeof *R->p_given);
	} else {
		res->suggested = xreallocarray(res->suggested, cap,
		    sizeof *res->suggested);
		res->p_suggested = xreallocarray(res->p_suggested, cap,
		    sizeof *res->p_suggested);
		res->quality = xreallocarray(res->quality, cap,
		    sizeof *res->quality);
		res->flagged = xreallocarray(res->flagged, cap, 1);
		res->auto_fix = xreallocarray(res->auto_fix, cap, 1);
		res->ambiguous = xreallocarray(res->ambiguous, cap, 1);
		res->agree = xreallocarray(res->agree, cap, 1);
		res->nflagged_rounds = xreallocarray(res->nflagged_rounds,
		    cap, 1);
		memset(res->flagged + R->cap, 0, cap - R->cap);
	}
	R->cap = cap;
}

static void
rows_init(struct score_rows *R, const struct model *m)
{
	struct table *t = xcalloc(1, sizeof *t);

	memset(R, 0, sizeof *R);
	t->path = xstrdup("keys");
	t->ncols = 1;
	t->col = xcalloc(1, sizeof *t->col);
	t->col[0].name = xstrdup("id");
	t->col[0].type = COLTYPE_CAT;
	dict_init(&t->col[0].dict);
	t->id_col = 0;
	R->keys = t;
	R->L.col = -1;
	R->L.k = m->k;
	R->L.name = m->name;
	R->res.k = m->k;
	R->res.rounds = 1;
	R->res.checkers = m->repeats;
}

/* A column of t named name, or ERR_DATA naming what it is for. */
static int
need_col(const struct table *t, const char *name, const char *what,
    struct err *e)
{
	int c = table_col_index(t, name);

	if (c < 0) {
		table_no_column(t, t->path, name, what, e);
		e->code = ERR_DATA;
	}
	return c;
}

/* The chunk t's rows appended to R and judged (J set up by the caller). */
static int
chunk(struct block_job *J, struct score_sum *sum, struct err *e)
{
	const struct table *t = J->t;
	const struct model *m = J->m;
	struct score_rows *R = J->R;
	struct features_opts fo;
	struct features X;
	struct column *kc = &R->keys->col[0];
	int lc;
	uint64_t i;
	uint32_t g;
	const char *s, *key;
	size_t len;
	char buf[24];

	if ((lc = need_col(t, m->label, "the model's label column", e)) < 0)
		return -1;
	J->idcol = -1;
	if (J->o->id && (J->idcol = need_col(t, J->o->id, "--id", e)) < 0)
		return -1;
	if ((uint64_t)R->n + t->nrows >= UINT32_MAX)
		return err_set(e, ERR_USAGE, "%s: more than 2^32 - 2 rows in "
		    "one part; cut it smaller", t->path);
	features_opts_init(&fo);
	fo.frozen = &m->spec;
	if (features_build(&X, t, &fo, e) != 0)
		return -1;
	rows_grow(R, J->o->prior != NULL, t->nrows);
	J->base = R->n;
	J->X = &X;
	for (i = 0; i < t->nrows; i++) {
		g = LABELS_NONE;
		if (table_missing(t, (size_t)lc, i)) {
			sum->unlabelled++;
		} else {
			s = table_cell(t, (size_t)lc, i, &len);
			g = dict_find(&m->classes, s, len);
			if (g == DICT_NONE) {
				g = LABELS_NONE;
				sum->unknown++;
			}
		}
		R->L.y[R->n + i] = g;
		key = row_key(J, i, buf, &len);
		kc->code[R->n + i] = dict_intern(&kc->dict, key, len);
	}
	R->n += (uint32_t)t->nrows;
	R->keys->nrows = R->n;
	sum->rows += t->nrows;
	parfor_run((t->nrows + SCORE_BLOCK - 1) / SCORE_BLOCK, J->o->threads,
	    block, J, NULL, NULL, e);
	features_release(&X);
	return 0;
}

int
score_part(struct csvchunk *c, const struct score_opts *o,
    struct score_rows *R, struct score_sum *sum, struct err *e)
{
	const struct model *m = o->m;
	struct block_job J;
	struct table *t;
	uint64_t first = 0, i, g;
	uint32_t k = m->k, j;
	double *logq = NULL, *logmarg = NULL, *cut;
	uint8_t *small;
	int rc = 0;

	score_sum_init(sum, m->hash, k);
	sum->parts = 1;
	rows_init(R, m);
	if (k > SCORE_MAX_K)
		return err_set(e, ERR_USAGE, "a model of %u classes: a part "
		    "is scored with at most %u", k, SCORE_MAX_K);
	if (o->prior && (o->prior->model != m->hash || o->prior->k != k))
		return err_set(e, ERR_DATA, "the prior was summed from "
		    "evidence of another model");
	cut = xmalloc(((size_t)k + 1) * sizeof *cut);
	small = xcalloc((size_t)k + 1, 1);
	for (j = 0; j < k; j++) {
		cut[j] = m->thresh[j] - SCORE_FLOAT_CMP;
		/* a class of one training row: no checker could judge it */
		small[j] = m->count[j] < 2;
	}
	if (o->prior) {
		logq = xmalloc(((size_t)k * k + 1) * sizeof *logq);
		logmarg = xmalloc(((size_t)k + 1) * sizeof *logmarg);
		prior_rows(m, o->prior, logq, logmarg);
	}
	J = (struct block_job){ .m = m, .o = o, .R = R, .logq = logq,
	    .logmarg = logmarg, .cut = cut, .small = small };
	while ((t = csvchunk_next(c, &first, e)) != NULL) {
		J.t = t;
		J.line0 = first;
		J.tline0 = t->nrows ? t->line[0] : 0;
		rc = progress_cancelled(o->progress) ?
		    err_set(e, ERR_CANCEL, "cancelled") : chunk(&J, sum, e);
		table_free(t);
		if (rc != 0)
			break;
		progress_step(o->progress, "scoring", c->pos - c->start,
		    c->end - c->start);
	}
	if (rc == 0 && e->code != 0)
		rc = -1;
	if (rc == 0) {
		R->res.n = R->n;
		for (i = 0; i < R->n; i++) {
			g = R->L.y[i];
			if (g == LABELS_NONE)
				continue;
			sum->count[g]++;
			if (!o->prior) {
				if (R->confident[i] != LABELS_NONE)
					sum->joint[g * k + R->confident[i]]++;
				continue;
			}
			R->res.nflagged += R->res.flagged[i];
			R->res.expected += 1 - R->res.quality[i];
		}
	}
	FREE_ALL(cut, small, logq, logmarg);
	return rc;
}

/* --- files --------------------------------------------------------- */

static void
put_sums(struct jsonw *w, const char *format, const struct score_sum *s)
{
	char id[17];
	uint32_t g, j;

	snprintf(id, sizeof id, "%016llx", (unsigned long long)s->model);
	jsonw_kv_str(w, "format", format);
	jsonw_kv_uint(w, "version", SCORE_VERSION);
	jsonw_kv_str(w, "model", id);
	jsonw_kv_uint(w, "classes", s->k);
	jsonw_kv_uint(w, "parts", s->parts);
	jsonw_kv_uint(w, "rows", s->rows);
	jsonw_kv_uint(w, "unlabelled", s->unlabelled);
	jsonw_kv_uint(w, "unknown", s->unknown);
	jsonw_key(w, "count");
	jsonw_arr_begin(w);
	for (g = 0; g < s->k; g++)
		jsonw_uint(w, s->count[g]);
	jsonw_arr_end(w);
	jsonw_key(w, "joint");
	jsonw_arr_begin(w);
	for (g = 0; g < s->k; g++) {
		jsonw_arr_begin(w);
		for (j = 0; j < s->k; j++)
			jsonw_uint(w, s->joint[(size_t)g * s->k + j]);
		jsonw_arr_end(w);
	}
	jsonw_arr_end(w);
}

static int
flushed(FILE *f, struct err *e)
{
	if (fflush(f) != 0 || ferror(f))
		return err_sys(e, ERR_IO, errno, "write error");
	return 0;
}

/* "k": a class by name, or null for none. */
static void
kv_class(struct jsonw *w, const char *k, const struct model *m, uint32_t c)
{
	jsonw_kv_str(w, k, c != LABELS_NONE ? m->name[c] : NULL);
}

int
score_write_evidence(FILE *f, const char *part, const struct model *m,
    const struct score_rows *R, const struct score_sum *sum,
    struct err *e)
{
	struct jsonw w;
	uint32_t i;

	jsonw_init(&w, f, 0);
	jsonw_obj_begin(&w);
	put_sums(&w, SCORE_EVIDENCE_FORMAT, sum);
	jsonw_kv_str(&w, "part", part);
	jsonw_obj_end(&w);
	fputc('\n', f);
	for (i = 0; i < R->n; i++) {
		jsonw_obj_begin(&w);
		picorun_kv_id(&w, R->keys, i);
		kv_class(&w, "given", m, R->L.y[i]);
		kv_class(&w, "confident", m, R->confident[i]);
		jsonw_key(&w, "p_given");
		if (R->L.y[i] == LABELS_NONE)
			jsonw_null(&w);
		else
			jsonw_numf(&w, R->p_given[i], 6);
		jsonw_obj_end(&w);
		fputc('\n', f);
	}
	return flushed(f, e);
}

int
score_write_prior(FILE *f, const struct score_sum *sum, struct err *e)
{
	struct jsonw w;

	jsonw_init(&w, f, 0);
	jsonw_obj_begin(&w);
	put_sums(&w, SCORE_PRIOR_FORMAT, sum);
	jsonw_obj_end(&w);
	fputc('\n', f);
	return flushed(f, e);
}

/* A whole number of the object, or bad. */
static uint64_t
get_uint(json_t *o, const char *key, int *bad)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		*bad = 1;
		return 0;
	}
	return (uint64_t)json_integer_value(v);
}

/* The first line of path (at most 1 GiB), malloc'd; NULL with e. */
static char *
first_line(const char *path, struct err *e)
{
	FILE *f = fopen(path, "rb");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f) {
		err_sys(e, ERR_NOINPUT, errno, "%s: cannot open", path);
		return NULL;
	}
	n = getline(&line, &cap, f);
	if (n < 0 && ferror(f)) {
		err_sys(e, ERR_NOINPUT, errno, "%s: cannot read", path);
		free(line);
		line = NULL;
	} else if (n < 0) {
		free(line);
		line = xstrdup("");
	}
	fclose(f);
	return line;
}

int
score_read_sum(const char *path, struct score_sum *s, struct err *e)
{
	json_error_t je;
	json_t *o, *count, *joint, *row, *v;
	const char *fmt, *id;
	char *line, *end;
	uint64_t model, sum = 0, k, ver;
	uint32_t g, j;
	int bad = 0;

	memset(s, 0, sizeof *s);
	if (!(line = first_line(path, e)))
		return -1;
	o = json_loads(line, JSON_REJECT_DUPLICATES, &je);
	free(line);
	fmt = o ? json_string_value(json_object_get(o, "format")) : NULL;
	if (!fmt || (strcmp(fmt, SCORE_EVIDENCE_FORMAT) != 0 &&
	    strcmp(fmt, SCORE_PRIOR_FORMAT) != 0)) {
		json_decref(o);
		return err_set(e, ERR_DATA, "%s:1: not the evidence or prior "
		    "of `winnow score`", path);
	}
	/* a name that outlives o */
	fmt = strcmp(fmt, SCORE_PRIOR_FORMAT) == 0 ? SCORE_PRIOR_FORMAT :
	    SCORE_EVIDENCE_FORMAT;
	if ((ver = get_uint(o, "version", &bad)) != SCORE_VERSION || bad) {
		err_set(e, ERR_DATA, "%s:1: %s version %llu; this winnow "
		    "reads version %d", path, fmt, (unsigned long long)ver,
		    SCORE_VERSION);
		json_decref(o);
		return -1;
	}
	id = json_string_value(json_object_get(o, "model"));
	model = id ? strtoull(id, &end, 16) : 0;
	if (!id || strlen(id) != 16 || *end)
		bad = 1;
	k = get_uint(o, "classes", &bad);
	count = json_object_get(o, "count");
	joint = json_object_get(o, "joint");
	if (bad || k == 0 || k > SCORE_MAX_K || json_array_size(count) != k ||
	    json_array_size(joint) != k) {
		json_decref(o);
		return err_set(e, ERR_DATA, "%s:1: damaged %s (its model, "
		    "classes, counts or joint)", path, fmt);
	}
	score_sum_init(s, model, (uint32_t)k);
	s->parts = get_uint(o, "parts", &bad);
	s->rows = get_uint(o, "rows", &bad);
	s->unlabelled = get_uint(o, "unlabelled", &bad);
	s->unknown = get_uint(o, "unknown", &bad);
	for (g = 0; g < k && !bad; g++) {
		v = json_array_get(count, g);
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			bad = 1;
		else
			s->count[g] = (uint64_t)json_integer_value(v);
		sum += s->count[g];
		row = json_array_get(joint, g);
		if (json_array_size(row) != k)
			bad = 1;
		for (j = 0; j < k && !bad; j++) {
			v = json_array_get(row, j);
			if (!json_is_integer(v) || json_integer_value(v) < 0 ||
			    (uint64_t)json_integer_value(v) > s->count[g])
				bad = 1;
			else
				s->joint[g * k + j] =
				    (uint64_t)json_integer_value(v);
		}
	}
	json_decref(o);
	if (!bad && sum + s->unlabelled + s->unknown != s->rows)
		bad = 1;
	if (bad) {
		score_sum_release(s);
		return err_set(e, ERR_DATA, "%s:1: damaged %s (counts that do "
		    "not add up)", path, fmt);
	}
	return 0;
}
