/*
 * picocache.c - writing and checking the cached PICO result.
 *
 * Layout (all integers and floats in the machine's own form):
 *
 *   "WNPICO01"  u32 0x01020304 (byte order)  u32 version
 *   fingerprint: u64 size, i64 mtime_sec, i64 mtime_nsec, u64 sample
 *   u64 key of the run's inputs (picocache_key)
 *   u32 n, k, rounds, checkers, post_r
 *   str label column; k x str class name      (str: u32 length, bytes)
 *   f64 expected, f64 corrections, f64 joint_over, u64 nflagged,
 *   16 x (f64, u64, u64) round summaries
 *   u32 suggested[n], f32 p_suggested[n], f32 quality[n],
 *   u8 flagged[n], auto_fix[n], ambiguous[n], agree[n], nflagged_rounds[n],
 *   doubtful[n]
 *   u32 history[rounds*n], f32 qhist[rounds*n]
 *   checkers x str kind, u32 votes[checkers*n]
 *   skill: u64 rows, f64 accuracy, majority, gain, gamma, u32 predictive,
 *          str mix (the checkers' mix; "" in Mode A)
 *   noise matrix: u64 nnz, u32 row length[k], u32 column[nnz],
 *     f64 value[nnz], f64 row default[k] (kmat.h); f64 class_noise[k]
 *   post: dense f32[n*k] when post_r == 0, else u32 cls[n*r],
 *         f32 prob[n*r], f32 rest[n], f32 given[n]
 *   u32 CRC-32 of every byte before it
 *
 * The reader checks sizes before it allocates, so a damaged length
 * cannot ask for more memory than the table it is checked against needs.
 */
#include "core/pico/picocache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/crc32.h"
#include "core/util/hash.h"
#include "core/util/io/binbuf.h"
#include "core/util/outfile.h"
#include "core/util/xalloc.h"

#define MAGIC "WNPICO01"
#define ORDER 0x01020304u
#define VERSION 10u

char *
picocache_path_for(const char *journal_path)
{
	const char *s = strrchr(journal_path, '/');
	size_t dir = s ? (size_t)(s - journal_path) : 0;

	/* DATA.winnow/journal: the folder is winnow's own */
	if (s && strcmp(s + 1, "journal") == 0 && dir > 7 &&
	    memcmp(s - 7, ".winnow", 7) == 0)
		return xasprintf("%.*s/pico.cache", (int)dir, journal_path);
	/* a journal the user named: a folder that may hold anything */
	return xasprintf("%s.pico-cache", journal_path);
}

/* ---- the key of a run ---------------------------------------------- */

/* h and one more number (integers and floats by their bits). */
static uint64_t
key_u(uint64_t h, uint64_t v)
{
	return hash_u64(v, h);
}

static uint64_t
key_d(uint64_t h, double d)
{
	uint64_t v;

	memcpy(&v, &d, sizeof v);
	return hash_u64(v, h);
}

uint64_t
picocache_key(const struct picorun_opts *o, const uint32_t *given,
    const uint32_t *clamp, uint32_t n)
{
	const struct pico_opts *p = &o->pico;
	const struct oof_opts *f = &o->oof;
	const struct features_opts *ft = &o->feat;
	uint64_t h = VERSION;
	const char *const *pf;
	size_t i;

	h = key_u(h, (uint64_t)o->method);
	h = key_u(h, (uint64_t)o->filter);
	h = key_u(h, (uint64_t)o->score);
	for (pf = o->probs; pf && *pf; pf++)
		h = hash_bytes(*pf, strlen(*pf) + 1, h);
	h = key_u(h, (uint64_t)p->prior);
	h = key_d(h, p->eps);
	h = key_d(h, p->alpha);
	h = key_u(h, (uint64_t)p->carry);
	h = key_d(h, p->stay);
	h = key_u(h, (uint64_t)p->vote.pool);
	h = key_u(h, (uint64_t)p->vote.beta);
	h = key_d(h, p->tau_relabel);
	h = key_u(h, (uint64_t)p->calibrate);
	h = key_d(h, p->gate);
	h = key_d(h, p->doubt);
	h = key_u(h, (uint64_t)p->flag);
	h = key_d(h, p->tau);
	h = key_d(h, p->auto_fix);
	h = key_d(h, p->ambiguous);
	h = key_u(h, p->rounds);
	h = key_u(h, p->folds);
	h = key_d(h, p->clamp_weight);
	h = key_u(h, p->force_topr);
	h = key_u(h, (uint64_t)f->model);
	h = key_u(h, f->repeats);
	h = key_u(h, f->folds);
	h = key_u(h, f->seed);
	/* the checkers' results may depend on their thread count */
	h = key_u(h, (uint64_t)(int64_t)f->threads);
	h = key_d(h, f->nb.alpha);
	h = key_d(h, f->nb.var_floor);
	h = key_u(h, (uint64_t)f->lr.solver);
	h = key_d(h, f->lr.eta);
	h = key_d(h, f->lr.l2);
	h = key_u(h, f->lr.epochs);
	h = key_u(h, f->lr.seed);
	h = key_u(h, f->lr.stream);
	h = key_u(h, f->lr.max_bytes);
	h = key_u(h, f->max_bytes);
	h = key_u(h, f->topr);
	h = key_u(h, ft->cols ? ft->ncols : (uint64_t)-1);
	for (i = 0; ft->cols && i < ft->ncols; i++)
		h = key_u(h, (uint64_t)(int64_t)ft->cols[i]);
	h = key_u(h, (uint64_t)(int64_t)ft->label_col);
	h = key_u(h, ft->hash_bits);
	h = key_u(h, (uint64_t)ft->bigrams);
	h = key_u(h, (uint64_t)ft->char_ngrams);
	h = key_u(h, (uint64_t)ft->tfidf);
	h = key_u(h, (uint64_t)ft->sublinear);
	h = key_u(h, ft->min_df);
	/* a frozen spec's statistics are not keyed: see the header */
	h = key_u(h, ft->frozen != NULL);
	h = key_u(h, n);
	h = hash_bytes(given, (size_t)n * sizeof *given, h);
	return hash_bytes(clamp, (size_t)n * sizeof *clamp, h);
}

/* ---- writing ------------------------------------------------------ */

struct wbuf {
	FILE *f;
	uint32_t crc;
	int bad;
};

static void
put(struct wbuf *w, const void *p, size_t n)
{
	if (n == 0 || w->bad)
		return;
	w->crc = crc32_update(w->crc, p, n);
	if (fwrite(p, 1, n, w->f) != n)
		w->bad = 1;
}

/* n bytes of p, or n zero bytes when p is NULL (a result made by hand
 * may lack the newer arrays). */
static void
put_or_zero(struct wbuf *w, const void *p, size_t n)
{
	static const unsigned char zero[4096];
	size_t m;

	if (p) {
		put(w, p, n);
		return;
	}
	for (; n > 0; n -= m) {
		m = n < sizeof zero ? n : sizeof zero;
		put(w, zero, m);
	}
}

static void
put_u32(struct wbuf *w, uint32_t v)
{
	put(w, &v, sizeof v);
}

static void
put_str(struct wbuf *w, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : 0;

	put_u32(w, n);
	put(w, s, n);
}

/* A sparse k x k matrix (its k is the result's). */
static void
put_kmat(struct wbuf *w, const struct kmat *m)
{
	uint64_t nnz = m->nnz;
	uint32_t i;

	put(w, &nnz, sizeof nnz);
	for (i = 0; i < m->k; i++)
		put_u32(w, (uint32_t)(m->ptr[i + 1] - m->ptr[i]));
	put(w, m->col, m->nnz * sizeof *m->col);
	put(w, m->val, m->nnz * sizeof *m->val);
	put(w, m->dflt, (size_t)m->k * sizeof *m->dflt);
}

int
picocache_write(const char *path, const struct fingerprint *fp,
    uint64_t key, const char *label_col, const char *const *names,
    const struct pico_result *r, struct err *e)
{
	/* a cache: replaced whenever it is written, but never a journal,
	 * nor a file of the user's that has a cache's name */
	static const struct outfile_rule rule = { NULL, 0, 1, 0, "WNPICO" };
	struct outfile of;
	struct wbuf w;
	size_t n = r->n, k = r->k, hr = (size_t)r->rounds * n, pr;
	uint64_t u64;
	int64_t i64;
	uint32_t c, i;
	double d;

	if (outfile_open(&of, path, &rule, e) != 0)
		return -1;
	memset(&w, 0, sizeof w);
	w.f = outfile_stream(&of);
	if (!w.f) {
		err_sys(e, ERR_CANTCREAT, errno, "%s: cannot create", path);
		outfile_abort(&of);
		return -1;
	}
	put(&w, MAGIC, 8);
	put_u32(&w, ORDER);
	put_u32(&w, VERSION);
	put(&w, &fp->size, sizeof fp->size);
	put(&w, &fp->mtime_sec, sizeof fp->mtime_sec);
	i64 = fp->mtime_nsec;
	put(&w, &i64, sizeof i64);
	put(&w, &fp->sample, sizeof fp->sample);
	put(&w, &key, sizeof key);
	put_u32(&w, r->n);
	put_u32(&w, r->k);
	put_u32(&w, r->rounds);
	put_u32(&w, r->checkers);
	put_u32(&w, r->post.r);
	put_str(&w, label_col);
	for (c = 0; c < r->k; c++)
		put_str(&w, names[c]);
	put(&w, &r->expected, sizeof r->expected);
	put(&w, &r->corrections, sizeof r->corrections);
	put(&w, &r->joint_over, sizeof r->joint_over);
	put(&w, &r->nflagged, sizeof r->nflagged);
	for (i = 0; i < 16; i++) {
		d = r->round[i].expected;
		put(&w, &d, sizeof d);
		u64 = r->round[i].flagged;
		put(&w, &u64, sizeof u64);
		u64 = r->round[i].relabelled;
		put(&w, &u64, sizeof u64);
	}
	put(&w, r->suggested, n * sizeof *r->suggested);
	put(&w, r->p_suggested, n * sizeof *r->p_suggested);
	put(&w, r->quality, n * sizeof *r->quality);
	put(&w, r->flagged, n);
	put(&w, r->auto_fix, n);
	put(&w, r->ambiguous, n);
	put(&w, r->agree, n);
	put(&w, r->nflagged_rounds, n);
	put_or_zero(&w, r->doubtful, n);
	put(&w, r->history, hr * sizeof *r->history);
	put(&w, r->qhist, hr * sizeof *r->qhist);
	for (c = 0; c < r->checkers; c++)
		put_str(&w, r->kind ? r->kind[c] : "checker");
	put_or_zero(&w, r->votes, (size_t)r->checkers * n * sizeof *r->votes);
	put(&w, &r->skill.rows, sizeof r->skill.rows);
	put(&w, &r->skill.accuracy, sizeof r->skill.accuracy);
	put(&w, &r->skill.majority, sizeof r->skill.majority);
	put(&w, &r->skill.gain, sizeof r->skill.gain);
	put(&w, &r->skill.gamma, sizeof r->skill.gamma);
	put_u32(&w, (uint32_t)r->skill.predictive);
	put_str(&w, r->skill.mix);
	put_kmat(&w, &r->noise);
	put(&w, r->class_noise, k * sizeof *r->class_noise);
	if (r->post.r == 0) {
		put(&w, r->post.dense, n * k * sizeof *r->post.dense);
	} else {
		pr = n * r->post.r;
		/* classes as 32 bits, whatever width the beliefs use */
		for (i = 0; i < pr; i += 4096) {
			uint32_t chunk[4096];
			size_t j, m = pr - i < 4096 ? pr - i : 4096;

			for (j = 0; j < m; j++)
				chunk[j] = post_cls(&r->post, i + j);
			put(&w, chunk, m * sizeof *chunk);
		}
		put(&w, r->post.prob, pr * sizeof *r->post.prob);
		put(&w, r->post.rest, n * sizeof *r->post.rest);
		put(&w, r->post.given, n * sizeof *r->post.given);
	}
	c = w.crc;
	put(&w, &c, sizeof c);
	/* a failed put shows in the stream, which the commit checks */
	return outfile_commit(&of, e);
}

/* ---- reading ------------------------------------------------------ */

struct rbuf {
	const unsigned char *p;
	size_t len, pos;
	int bad;
};

static void
get(struct rbuf *b, void *out, size_t n)
{
	if (b->bad || n > b->len - b->pos) {
		b->bad = 1;
		memset(out, 0, n);
		return;
	}
	memcpy(out, b->p + b->pos, n);
	b->pos += n;
}

static uint32_t
get_u32(struct rbuf *b)
{
	uint32_t v;

	get(b, &v, sizeof v);
	return v;
}

/* A string compared with want; 1 when equal. */
static int
get_same(struct rbuf *b, const char *want)
{
	uint32_t n = get_u32(b);
	size_t wl = want ? strlen(want) : 0;
	int same;

	if (b->bad || n > b->len - b->pos) {
		b->bad = 1;
		return 0;
	}
	same = n == wl && memcmp(b->p + b->pos, want, n) == 0;
	b->pos += n;
	return same;
}

/* A string, allocated ("" when the bytes are not there). */
static char *
get_str(struct rbuf *b)
{
	uint32_t n = get_u32(b);
	char *s;

	if (b->bad || n > b->len - b->pos) {
		b->bad = 1;
		return xstrdup("");
	}
	s = xstrndup((const char *)b->p + b->pos, n);
	b->pos += n;
	return s;
}

/* An array of n items of size sz, allocated, when the bytes are there. */
static void *
get_arr(struct rbuf *b, size_t n, size_t sz)
{
	void *p;

	if (b->bad || (sz && n > (b->len - b->pos) / sz)) {
		b->bad = 1;
		return xcalloc(n + 1, sz ? sz : 1);
	}
	p = xmalloc(n * sz + 1);
	get(b, p, n * sz);
	return p;
}

/*
 * The matrix put_kmat wrote, for k classes: lengths that add up, at
 * most k cells a row, columns ascending and below k; else b goes bad
 * (and m is an empty matrix).
 */
static void
get_kmat(struct rbuf *b, uint32_t k, struct kmat *m)
{
	uint64_t nnz = 0;
	uint32_t i, len, *col;
	double *val;
	size_t p;

	kmat_begin(m, k);
	get(b, &nnz, sizeof nnz);
	if (b->bad || nnz > (uint64_t)k * k ||
	    nnz > (b->len - b->pos) / (sizeof *col + sizeof *val)) {
		b->bad = 1;
		return;
	}
	for (i = 0, p = 0; i < k && !b->bad; i++) {
		len = get_u32(b);
		if (len > k || p + len > nnz)
			b->bad = 1;
		p += len;
		m->ptr[i + 1] = p;
	}
	if (b->bad || p != nnz) {
		b->bad = 1;
		return;
	}
	col = get_arr(b, (size_t)nnz, sizeof *col);
	val = get_arr(b, (size_t)nnz, sizeof *val);
	get(b, m->dflt, (size_t)k * sizeof *m->dflt);
	for (i = 0; i < k && !b->bad; i++)
		for (p = m->ptr[i]; p < m->ptr[i + 1]; p++)
			if (col[p] >= k || (p > m->ptr[i] &&
			    col[p] <= col[p - 1]))
				b->bad = 1;
	m->col = col;
	m->val = val;
	m->nnz = m->cap = (size_t)nnz;
	m->rows = k;
}

int
picocache_read(const char *path, const struct fingerprint *fp,
    const struct table *t, const struct labels *L, struct pico_result *res,
    uint64_t *key, struct err *e)
{
	struct pico_result *r = res;
	struct fingerprint got;
	struct rbuf b;
	unsigned char *buf = NULL;
	char magic[8];
	uint32_t c, i, crc, pr;
	int64_t i64;
	uint64_t u64, got_key;
	size_t len = 0, n, k, hr;

	memset(r, 0, sizeof *r);
	if (!(buf = binbuf_slurp(path, &len, e)))
		return -1;
	memset(&b, 0, sizeof b);
	b.p = buf;
	b.len = len;
	if (len < 8 + 4 + 4) {
		free(buf);
		return err_set(e, ERR_DATA, "%s: too short", path);
	}
	memcpy(&crc, buf + len - 4, 4);
	b.len = len - 4;
	if (crc32_update(0, buf, len - 4) != crc) {
		free(buf);
		return err_set(e, ERR_DATA, "%s: checksum mismatch", path);
	}
	get(&b, magic, 8);
	if (memcmp(magic, MAGIC, 8) != 0 || get_u32(&b) != ORDER ||
	    get_u32(&b) != VERSION) {
		free(buf);
		return err_set(e, ERR_DATA, "%s: not a cache of this version "
		    "and machine", path);
	}
	get(&b, &got.size, sizeof got.size);
	get(&b, &got.mtime_sec, sizeof got.mtime_sec);
	get(&b, &i64, sizeof i64);
	got.mtime_nsec = (long)i64;
	get(&b, &got.sample, sizeof got.sample);
	if (fingerprint_compare(&got, fp) == FINGERPRINT_OTHER) {
		free(buf);
		return err_set(e, ERR_DATA, "%s: made on another file", path);
	}
	get(&b, &got_key, sizeof got_key);
	r->n = get_u32(&b);
	r->k = get_u32(&b);
	r->rounds = get_u32(&b);
	r->checkers = get_u32(&b);
	pr = get_u32(&b);
	if (b.bad || r->n != t->nrows || r->k != L->k || r->rounds < 1 ||
	    r->rounds > 16 || pr > r->k) {
		free(buf);
		memset(r, 0, sizeof *r);
		return err_set(e, ERR_DATA, "%s: made for other rows or "
		    "classes", path);
	}
	if (!get_same(&b, t->col[L->col].name)) {
		free(buf);
		memset(r, 0, sizeof *r);
		return err_set(e, ERR_DATA, "%s: made for another label "
		    "column", path);
	}
	for (c = 0; c < L->k; c++)
		if (!get_same(&b, L->name[c])) {
			free(buf);
			memset(r, 0, sizeof *r);
			return err_set(e, ERR_DATA, "%s: made for other "
			    "classes", path);
		}
	n = r->n;
	k = r->k;
	hr = (size_t)r->rounds * n;
	get(&b, &r->expected, sizeof r->expected);
	get(&b, &r->corrections, sizeof r->corrections);
	get(&b, &r->joint_over, sizeof r->joint_over);
	get(&b, &r->nflagged, sizeof r->nflagged);
	for (i = 0; i < 16; i++) {
		get(&b, &r->round[i].expected, sizeof r->round[i].expected);
		get(&b, &u64, sizeof u64);
		r->round[i].flagged = u64;
		get(&b, &u64, sizeof u64);
		r->round[i].relabelled = u64;
	}
	r->suggested = get_arr(&b, n, sizeof *r->suggested);
	r->p_suggested = get_arr(&b, n, sizeof *r->p_suggested);
	r->quality = get_arr(&b, n, sizeof *r->quality);
	r->flagged = get_arr(&b, n, 1);
	r->auto_fix = get_arr(&b, n, 1);
	r->ambiguous = get_arr(&b, n, 1);
	r->agree = get_arr(&b, n, 1);
	r->nflagged_rounds = get_arr(&b, n, 1);
	r->doubtful = get_arr(&b, n, 1);
	r->history = get_arr(&b, hr, sizeof *r->history);
	r->qhist = get_arr(&b, hr, sizeof *r->qhist);
	if (r->checkers > 64 || b.bad) {
		b.bad = 1;
		r->checkers = 0;
	}
	r->kind = xcalloc((size_t)r->checkers + 1, sizeof *r->kind);
	for (c = 0; c < r->checkers; c++)
		r->kind[c] = get_str(&b);
	r->votes = get_arr(&b, (size_t)r->checkers * n, sizeof *r->votes);
	get(&b, &r->skill.rows, sizeof r->skill.rows);
	get(&b, &r->skill.accuracy, sizeof r->skill.accuracy);
	get(&b, &r->skill.majority, sizeof r->skill.majority);
	get(&b, &r->skill.gain, sizeof r->skill.gain);
	get(&b, &r->skill.gamma, sizeof r->skill.gamma);
	r->skill.predictive = get_u32(&b) != 0;
	{
		char *mix = get_str(&b);

		snprintf(r->skill.mix, sizeof r->skill.mix, "%s", mix);
		free(mix);
	}
	get_kmat(&b, r->k, &r->noise);
	r->class_noise = get_arr(&b, k, sizeof *r->class_noise);
	memset(&r->post, 0, sizeof r->post);
	r->post.n = r->n;
	r->post.k = r->k;
	r->post.r = pr;
	if (pr == 0) {
		r->post.dense = get_arr(&b, n * k, sizeof *r->post.dense);
	} else {
		r->post.cls = get_arr(&b, n * pr, sizeof *r->post.cls);
		r->post.prob = get_arr(&b, n * pr, sizeof *r->post.prob);
		r->post.rest = get_arr(&b, n, sizeof *r->post.rest);
		r->post.given = get_arr(&b, n, sizeof *r->post.given);
	}
	if (!b.bad && b.pos != b.len)
		b.bad = 1;
	for (i = 0; !b.bad && i < n; i++)
		if (r->suggested[i] >= r->k)
			b.bad = 1;
	for (u64 = 0; !b.bad && u64 < (uint64_t)r->checkers * n; u64++)
		if (r->votes[u64] >= r->k)
			b.bad = 1;
	for (i = 0; !b.bad && pr && i < n * pr; i++)
		if (r->post.cls[i] >= r->k)
			b.bad = 1;
	free(buf);
	if (b.bad) {
		pico_result_release(r);
		memset(r, 0, sizeof *r);
		return err_set(e, ERR_DATA, "%s: damaged (sizes do not add "
		    "up)", path);
	}
	if (key)
		*key = got_key;
	return 0;
}
