/*
 * sumstream.c - sample, plan, then chunks into the summary (see
 * sumstream.h).
 */
#include "core/stats/stream/sumstream.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvchunk.h"
#include "core/data/csvsample.h"
#include "core/data/rowindex.h"
#include "core/util/xalloc.h"

/*
 * The next chunk is read and parsed by a thread of its own while the
 * current one is folded in: a one-slot pipeline, so at most two chunks
 * are in memory.
 */
struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct csvchunk *c;
	struct table *slot;		/* a chunk waiting to be folded */
	uint64_t pos;			/* the reader's position after it */
	int done;			/* the reader has finished */
	int stop;			/* the folder wants no more */
	struct err e;			/* the reader's error */
};

static void *
reader(void *arg)
{
	struct pipe *p = arg;
	struct table *t;
	struct err e;

	for (;;) {
		t = csvchunk_next(p->c, NULL, &e);
		pthread_mutex_lock(&p->mu);
		while (p->slot && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->stop || !t) {
			if (!t)
				p->e = e;
			p->done = 1;
			pthread_cond_broadcast(&p->cv);
			pthread_mutex_unlock(&p->mu);
			table_free(t);
			return NULL;
		}
		p->slot = t;
		p->pos = p->c->pos;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

/* Fold every chunk of c into m; 0, or -1 with e filled. */
static int
fold_all(struct msum *m, struct csvchunk *c, const struct sumstream_opts *o,
    const char *path, struct err *e)
{
	struct pipe p;
	pthread_t tid;
	struct table *t;
	uint64_t pos;
	int rc = 0;

	memset(&p, 0, sizeof p);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	p.c = c;
	err_clear(&p.e);
	if (pthread_create(&tid, NULL, reader, &p) != 0) {
		/* no thread: read in turn */
		p.stop = 1;
		while ((t = csvchunk_next(c, NULL, e)) != NULL) {
			msum_fold(m, t, o->threads);
			table_free(t);
		}
		rc = e->code ? -1 : 0;
		goto out_sync;
	}
	for (;;) {
		pthread_mutex_lock(&p.mu);
		while (!p.slot && !p.done)
			pthread_cond_wait(&p.cv, &p.mu);
		t = p.slot;
		pos = p.pos;
		p.slot = NULL;
		pthread_cond_broadcast(&p.cv);
		pthread_mutex_unlock(&p.mu);
		if (!t)
			break;
		if (t->ncols != m->ncols) {
			err_set(e, ERR_DATA, "%s: a chunk has %zu columns, the "
			    "sample %zu", path, t->ncols, m->ncols);
			table_free(t);
			rc = -1;
			break;
		}
		msum_fold(m, t, o->threads);
		table_free(t);
		if (progress_step(o->progress, "summarising", pos - c->start,
		    c->end - c->start) < 0) {
			err_set(e, ERR_CANCEL, "%s: cancelled", path);
			rc = -1;
			break;
		}
	}
	pthread_mutex_lock(&p.mu);
	p.stop = 1;
	pthread_cond_broadcast(&p.cv);
	pthread_mutex_unlock(&p.mu);
	pthread_join(tid, NULL);
	table_free(p.slot);
	if (rc == 0 && p.e.code) {
		*e = p.e;
		rc = -1;
	}
out_sync:
	pthread_mutex_destroy(&p.mu);
	pthread_cond_destroy(&p.cv);
	return rc;
}

void
sumstream_opts_init(struct sumstream_opts *o)
{
	memset(o, 0, sizeof *o);
	o->chunk = 32u << 20;
	o->seed = 1;
}

int
sumstream_run(struct msum *m, const char *path,
    const struct sumstream_opts *o, struct err *e)
{
	struct csvchunk c;
	struct csvsample_info si;
	struct table *s;
	struct sumplan plan;
	const struct sumplan *pp;
	char **names;
	uint8_t *forced;
	int label = -1, id = -1, rc = -1;
	size_t i;

	memset(m, 0, sizeof *m);
	if (o->index)
		*o->index = NULL;
	if ((o->start_line ? csvchunk_open_at(&c, path, o->load, o->start,
	    o->end, o->start_line, o->chunk, e) : csvchunk_open(&c, path,
	    o->load, o->start, o->end, o->chunk, e)) != 0)
		return -1;
	/* the sample: the plan, and the columns' names as the loader
	 * makes them; of the whole file even for a range, so that every
	 * range of a file gets the same plan */
	{
		uint64_t a = c.start, b = c.end, l = c.start_line;

		c.start = c.data;
		c.end = c.size;
		c.start_line = 1 + c.hdr_lines;
		s = csvsample_read(&c, o->seed, CSVSAMPLE_RANGES,
		    CSVSAMPLE_BYTES, &si, e);
		c.start = a;
		c.end = b;
		c.start_line = l;
	}
	if (!s && !si.whole && e->code == ERR_DATA) {
		/* a bad record in a range: its line is not known here, so
		 * the first chunk stands in for the sample; the stream
		 * reports the record where it is */
		err_clear(e);
		s = csvchunk_next(&c, NULL, e);
		c.pos = c.start;
		c.line = c.start_line;
		c.rows = 0;
	}
	if (!s) {
		csvchunk_close(&c);
		return -1;
	}
	if (o->label && (label = table_col_index(s, o->label)) < 0) {
		table_no_column(s, path, o->label, "--label", e);
		goto out;
	}
	if (o->id && (id = table_col_index(s, o->id)) < 0) {
		table_no_column(s, path, o->id, "--id", e);
		goto out;
	}
	memset(&plan, 0, sizeof plan);
	if (o->plan && o->plan->ncols != s->ncols) {
		err_set(e, ERR_USAGE, "%s: the plan is for %zu columns, the "
		    "file has %zu", path, o->plan->ncols, s->ncols);
		goto out;
	}
	if (!o->plan)
		sumplan_build(&plan, s, o->seed, label);
	pp = o->plan ? o->plan : &plan;
	names = xcalloc(s->ncols + 1, sizeof *names);
	forced = xcalloc(s->ncols + 1, 1);
	for (i = 0; i < s->ncols; i++) {
		names[i] = s->col[i].name;
		forced[i] = (uint8_t)s->col[i].forced;
	}
	msum_init(m, path, names, s->ncols, pp, label, id, forced);
	free(names);
	free(forced);
	sumplan_release(&plan);
	m->file_size = c.size;
	m->byte_start = c.start;
	m->byte_end = c.end;
	if (o->index)
		c.index = *o->index = rowindex_new(&c);
	if (fold_all(m, &c, o, path, e) != 0 || (o->index &&
	    rowindex_finish(*o->index, c.rows, c.end, e) != 0))
		goto out;
	if (m->rows == 0 && c.start == c.data && c.end == c.size &&
	    !(o->load && o->load->no_header)) {
		err_at(e, ERR_DATA, path, 1, 0, "header only, no data rows");
		goto out;
	}
	rc = 0;
out:
	if (rc != 0 && o->index) {
		rowindex_free(*o->index);
		*o->index = NULL;
	}
	table_free(s);
	csvchunk_close(&c);
	return rc;
}
