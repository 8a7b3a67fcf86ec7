/*
 * filter.c - the filter stack and the regex scan behind it.
 *
 * A scan has three passes.  Mark: one byte per distinct value of each
 * searched column says whether some row of the input uses it (skipped
 * when the input is every row).  Match: the needed values are matched
 * once each, the id range of every column cut into one slice per thread,
 * each thread with its own matcher writing only its own slice of the
 * state bytes.  Select: one pass over the input rows keeps those whose
 * value matched.  Memory: one byte per distinct value per column.
 */
#include "core/data/filter/filter.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

enum { ST_SKIP, ST_NEED, ST_NO, ST_YES };

#define FILTER_MAX_THREADS 8
#define FILTER_PAR_MIN 20000		/* values before a second thread helps */
#define FILTER_CHECK 1024		/* values between cancel checks */

void
filter_stack_init(struct filter_stack *fs, const struct table *t)
{
	memset(fs, 0, sizeof *fs);
	fs->t = t;
	rowset_init(&fs->all);
	rowset_all(&fs->all, t ? t->nrows : 0);
}

void
filter_release(struct filter *f)
{
	if (!f)
		return;
	free(f->desc);
	rx_free(f->rx);
	rowset_release(&f->rows);
	memset(f, 0, sizeof *f);
}

void
filter_stack_release(struct filter_stack *fs)
{
	if (!fs)
		return;
	filter_stack_truncate(fs, 0);
	free(fs->f);
	rowset_release(&fs->all);
	memset(fs, 0, sizeof *fs);
}

const struct rowset *
filter_stack_rows(const struct filter_stack *fs)
{
	return fs->n ? &fs->f[fs->n - 1].rows : &fs->all;
}

const struct filter *
filter_stack_top(const struct filter_stack *fs)
{
	return fs->n ? &fs->f[fs->n - 1] : NULL;
}

void
filter_stack_push(struct filter_stack *fs, struct filter *f)
{
	fs->f = xgrow(fs->f, &fs->cap, fs->n + 1, sizeof *fs->f);
	fs->f[fs->n++] = *f;
	memset(f, 0, sizeof *f);
}

int
filter_stack_pop(struct filter_stack *fs)
{
	if (fs->n == 0)
		return -1;
	filter_release(&fs->f[--fs->n]);
	return 0;
}

void
filter_stack_truncate(struct filter_stack *fs, size_t depth)
{
	while (fs->n > depth)
		filter_stack_pop(fs);
}

int
filter_searchable(const struct column *c)
{
	return c->type == COLTYPE_TEXT || c->type == COLTYPE_CAT;
}

struct scan {
	const struct column *col;
	uint8_t *st;
};

struct scan_job {
	const struct rx *rx;
	struct scan *sc;
	size_t nsc;
	int k, nthreads;
	atomic_uint_fast64_t *done;
	atomic_int *stop;
	uint64_t total;
	const struct progress *p;
	int fail;
	struct err err;
};

static void *
scan_thread(void *arg)
{
	struct scan_job *J = arg;
	struct rx_matcher *m = rx_matcher_new(J->rx);
	size_t s, len;
	uint64_t lo, hi, id, since = 0;
	const char *str;
	int r;

	for (s = 0; s < J->nsc && !J->fail; s++) {
		const struct dict *d = &J->sc[s].col->dict;
		uint8_t *st = J->sc[s].st;

		lo = (uint64_t)d->n * (uint64_t)J->k / (uint64_t)J->nthreads;
		hi = (uint64_t)d->n * (uint64_t)(J->k + 1) /
		    (uint64_t)J->nthreads;
		for (id = lo; id < hi; id++) {
			if (st[id] != ST_NEED)
				continue;
			str = dict_str(d, (uint32_t)id, &len);
			r = rx_test(m, str, len, &J->err);
			if (r < 0) {
				J->fail = 1;
				atomic_store(J->stop, 1);
				break;
			}
			st[id] = r ? ST_YES : ST_NO;
			if (++since < FILTER_CHECK)
				continue;
			atomic_fetch_add(J->done, since);
			since = 0;
			if (atomic_load(J->stop))
				break;
			if (progress_cancelled(J->p)) {
				atomic_store(J->stop, 1);
				break;
			}
			if (J->k == 0)
				progress_step(J->p, "matching",
				    atomic_load(J->done), J->total);
		}
		if (atomic_load(J->stop))
			break;
	}
	atomic_fetch_add(J->done, since);
	rx_matcher_free(m);
	return NULL;
}

int
filter_rx_rows(const struct table *t, const struct rowset *in, int col,
    const struct rx *rx, int threads, struct rowset *out,
    const struct progress *p, struct err *e)
{
	struct scan *sc;
	struct scan_job J[FILTER_MAX_THREADS];
	pthread_t tid[FILTER_MAX_THREADS];
	int spawned[FILTER_MAX_THREADS];
	atomic_uint_fast64_t done = 0;
	atomic_int stop = 0;
	size_t nsc = 0, s;
	uint64_t i, need = 0;
	int k, nthreads, rc = 0, every = in->n == t->nrows;

	rowset_release(out);
	sc = xcalloc(t->ncols ? t->ncols : 1, sizeof *sc);
	for (s = 0; s < t->ncols; s++) {
		if (col >= 0 ? (int)s != col : !filter_searchable(&t->col[s]))
			continue;
		sc[nsc].col = &t->col[s];
		sc[nsc].st = xcalloc(t->col[s].dict.n + 1, 1);
		nsc++;
	}
	/* mark the values the input uses */
	for (s = 0; s < nsc; s++) {
		const struct column *c = sc[s].col;
		uint8_t *st = sc[s].st;

		if (every) {
			memset(st, ST_NEED, c->dict.n);
			need += c->dict.n;
			continue;
		}
		for (i = 0; i < in->n; i++)
			st[c->code[in->row[i]]] = ST_NEED;
		for (i = 0; i < c->dict.n; i++)
			need += st[i] == ST_NEED;
	}
	/* match them */
	nthreads = threads > 0 ? threads : 2;
	if (nthreads > FILTER_MAX_THREADS)
		nthreads = FILTER_MAX_THREADS;
	if (need < FILTER_PAR_MIN)
		nthreads = 1;
	for (k = 0; k < nthreads; k++) {
		memset(&J[k], 0, sizeof J[k]);
		J[k].rx = rx;
		J[k].sc = sc;
		J[k].nsc = nsc;
		J[k].k = k;
		J[k].nthreads = nthreads;
		J[k].done = &done;
		J[k].stop = &stop;
		J[k].total = need;
		J[k].p = p;
		err_clear(&J[k].err);
	}
	for (k = 1; k < nthreads; k++)
		spawned[k] = pthread_create(&tid[k], NULL, scan_thread,
		    &J[k]) == 0;
	scan_thread(&J[0]);
	for (k = 1; k < nthreads; k++) {
		if (spawned[k])
			pthread_join(tid[k], NULL);
		else if (!atomic_load(&stop))
			scan_thread(&J[k]);
	}
	for (k = 0; k < nthreads; k++)
		if (J[k].fail) {
			if (e)
				*e = J[k].err;
			rc = -1;
			break;
		}
	if (rc == 0 && progress_cancelled(p))
		rc = err_set(e, ERR_CANCEL, "filter cancelled");
	if (rc == 0) {
		progress_step(p, "matching", need, need);
		for (i = 0; i < in->n; i++) {
			uint32_t r = in->row[i];

			for (s = 0; s < nsc; s++)
				if (sc[s].st[sc[s].col->code[r]] == ST_YES) {
					rowset_push(out, r);
					break;
				}
		}
	}
	for (s = 0; s < nsc; s++)
		free(sc[s].st);
	free(sc);
	return rc;
}

int
filter_make_rx(struct filter *f, const struct table *t,
    const struct rowset *in, int col, struct rx *rx, int threads,
    const struct progress *p, struct err *e)
{
	memset(f, 0, sizeof *f);
	f->kind = FILTER_RX;
	f->col = col;
	f->rx = rx;
	rowset_init(&f->rows);
	if (filter_rx_rows(t, in, col, rx, threads, &f->rows, p, e) < 0) {
		filter_release(f);
		return -1;
	}
	f->desc = xasprintf("%s ~ /%s/%s", col >= 0 ? t->col[col].name :
	    "any", rx_pattern(rx), rx_icase(rx) ? "i" : "");
	return 0;
}

void
filter_make_rows(struct filter *f, struct rowset *rows, const char *desc)
{
	memset(f, 0, sizeof *f);
	f->kind = FILTER_ROWS;
	f->col = -1;
	f->rows = *rows;
	rowset_init(rows);
	f->desc = xstrdup(desc ? desc : "rows");
}
