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
#include "core/data/format.h"
#include "core/data/jsonl/jsonl.h"
#include "core/data/rowindex.h"
#include "core/data/stream/jsample.h"
#include "core/data/stream/seqchunk.h"
#include "core/util/xalloc.h"

/* Where the chunks come from: a plain CSV file's range, or a file read
 * from its start (seqchunk.h); progress is done out of total. */
struct source {
	struct csvchunk *c;
	struct seqchunk *s;
	uint64_t total;
};

static struct table *
source_next(struct source *S, struct err *e)
{
	return S->c ? csvchunk_next(S->c, NULL, e) : seqchunk_next(S->s, NULL,
	    e);
}

static uint64_t
source_done(const struct source *S)
{
	return S->c ? S->c->pos - S->c->start : seqchunk_consumed(S->s);
}

/*
 * JSON Lines: a chunk's columns are the key paths it holds.  The
 * summary's columns are the paths in order of first sight (as the
 * loader orders a whole file's), added as chunks bring them, with the
 * sample's plan for each path it has; a chunk is folded through a view
 * in the summary's order, a path it lacks being a column of missing
 * cells, as the loader fills it.
 */
struct jmap {
	struct dict paths;		/* summary column c: path id c */
	struct dict names;		/* the names given */
	const struct table *s;		/* the sample */
	const struct sumplan *plan;	/* its plan */
	const struct sumstream_opts *o;
	const char *path;
};

/*
 * The next chunk is read and parsed by a thread of its own while the
 * current one is folded in: a one-slot pipeline, so at most two chunks
 * are in memory.
 */
struct pipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct source *src;
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
		t = source_next(p->src, &e);
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
		p->pos = source_done(p->src);
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
	}
}

static const char *const *
o_na(const struct sumstream_opts *o)
{
	return o->load ? o->load->na : NULL;
}

/* A column of n missing cells (named name, borrowed). */
static void
missing_column(struct column *col, const char *name, uint64_t n,
    const char *const *na)
{
	memset(col, 0, sizeof *col);
	col->name = (char *)name;
	dict_init(&col->dict);
	dict_intern(&col->dict, "", 0);
	col->dict.count[0] = (uint32_t)n;
	col->code = xcalloc((size_t)n + 1, sizeof *col->code);
	table_column_derive(col, na);
}

/* The summary's columns for the paths of t it has not seen yet. */
static void
jmap_add(struct jmap *J, struct msum *m, const struct table *t)
{
	const struct sumstream_opts *o = J->o;
	const char *const *tc;
	size_t c, k, g;
	char *name;
	int forced;

	for (c = 0; c < t->ncols; c++) {
		const struct column *tcol = &t->col[c];
		const struct sumplan_col *pc = NULL;

		if (dict_find(&J->paths, tcol->jpath, tcol->jpathlen) !=
		    DICT_NONE)
			continue;
		name = jsonl_column_name(&J->names, tcol->jpath,
		    tcol->jpathlen, m->ncols, J->path);
		for (k = 0; J->s && k < J->s->ncols; k++)
			if (J->s->col[k].jpathlen == tcol->jpathlen &&
			    memcmp(J->s->col[k].jpath, tcol->jpath,
			    tcol->jpathlen) == 0)
				pc = &J->plan->col[k];
		forced = 0;
		for (tc = o->load ? o->load->text_cols : NULL; tc && *tc;
		    tc++)
			forced |= strcmp(*tc, name) == 0;
		g = msum_add_col(m, name, pc, forced);
		dict_intern(&J->paths, tcol->jpath, tcol->jpathlen);
		/* the rows before the label column had no label */
		if (o->label && m->label_col < 0 && strcmp(name,
		    o->label) == 0) {
			m->label_col = (int)g;
			m->unlabelled += m->rows;
		}
		if (o->id && m->id_col < 0 && strcmp(name, o->id) == 0)
			m->id_col = (int)g;
		free(name);
	}
}

/* Fold JSON Lines chunk t into m through a view in m's columns. */
static void
jmap_fold(struct jmap *J, struct msum *m, const struct table *t,
    int threads)
{
	struct table v;
	uint8_t *own;
	size_t c, g;
	uint32_t id;

	jmap_add(J, m, t);
	v = *t;
	v.ncols = m->ncols;
	v.col = xcalloc(m->ncols ? m->ncols : 1, sizeof *v.col);
	own = xcalloc(m->ncols ? m->ncols : 1, 1);
	for (g = 0; g < m->ncols; g++)
		own[g] = 1;
	for (c = 0; c < t->ncols; c++) {
		id = dict_find(&J->paths, t->col[c].jpath, t->col[c].jpathlen);
		v.col[id] = t->col[c];
		own[id] = 0;
	}
	for (g = 0; g < m->ncols; g++)
		if (own[g])
			missing_column(&v.col[g], m->name[g], t->nrows,
			    o_na(J->o));
	msum_fold(m, &v, threads);
	for (g = 0; g < m->ncols; g++)
		if (own[g]) {
			dict_release(&v.col[g].dict);
			FREE_ALL(v.col[g].code, v.col[g].vmiss, v.col[g].vnum,
			    v.col[g].vorder);
		}
	free(own);
	free(v.col);
}

/* Fold chunk t in: JSON Lines through the map, CSV as it is. */
static int
fold_one_chunk(struct msum *m, struct jmap *J, struct table *t,
    const struct sumstream_opts *o, const char *path, struct err *e)
{
	if (J) {
		jmap_fold(J, m, t, o->threads);
		return 0;
	}
	if (t->ncols != m->ncols)
		return err_set(e, ERR_DATA, "%s: a chunk has %zu columns, the "
		    "sample %zu", path, t->ncols, m->ncols);
	msum_fold(m, t, o->threads);
	return 0;
}

/* Fold every chunk of S into m; 0, or -1 with e filled. */
static int
fold_all(struct msum *m, struct source *S, struct jmap *J,
    const struct sumstream_opts *o, const char *path, struct err *e)
{
	struct pipe p;
	pthread_t tid;
	struct table *t;
	uint64_t pos;
	int rc = 0;

	memset(&p, 0, sizeof p);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cv, NULL);
	p.src = S;
	err_clear(&p.e);
	if (pthread_create(&tid, NULL, reader, &p) != 0) {
		/* no thread: read in turn */
		p.stop = 1;
		while (rc == 0 && (t = source_next(S, e)) != NULL) {
			rc = fold_one_chunk(m, J, t, o, path, e);
			table_free(t);
		}
		rc = rc || e->code ? -1 : 0;
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
		rc = fold_one_chunk(m, J, t, o, path, e);
		table_free(t);
		if (rc != 0)
			break;
		if (progress_step(o->progress, "summarising", pos,
		    S->total) < 0) {
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

/*
 * A JSON Lines or compressed file, read from its start: the plan from a
 * sample spread over a plain JSON Lines file, or from a compressed
 * file's first chunk (it cannot seek), which is then folded first.
 */
/* The label and id columns o names, found in sample s (-1: none named),
 * and whether o's plan is for as many columns; -1 with e filled. */
static int
sample_cols(const struct table *s, const char *path,
    const struct sumstream_opts *o, int *label, int *id, struct err *e)
{
	if (o->label && (*label = table_col_index(s, o->label)) < 0) {
		table_no_column(s, path, o->label, "--label", e);
		return -1;
	}
	if (o->id && (*id = table_col_index(s, o->id)) < 0) {
		table_no_column(s, path, o->id, "--id", e);
		return -1;
	}
	if (o->plan && o->plan->ncols != s->ncols) {
		err_set(e, ERR_USAGE, "%s: the plan is for %zu columns, the "
		    "file has %zu", path, o->plan->ncols, s->ncols);
		return -1;
	}
	return 0;
}

static int
run_seq(struct msum *m, const char *path, const struct sumstream_opts *o,
    struct err *e)
{
	struct seqchunk sc;
	struct csvsample_info si;
	struct table *s = NULL, *first = NULL;
	struct sumplan plan, none;
	struct jmap J, *jm = NULL;
	struct source S;
	char **names;
	uint8_t *forced;
	int label = -1, id = -1, rc = -1;
	size_t i;

	memset(&plan, 0, sizeof plan);
	memset(&none, 0, sizeof none);
	memset(&J, 0, sizeof J);
	if (o->start || o->end || o->start_line)
		return err_set(e, ERR_USAGE, "%s: byte ranges are read of a "
		    "plain CSV file only", path);
	if (seqchunk_open(&sc, path, o->load, o->chunk, e) != 0)
		return -1;
	if (sc.format == TABLE_JSONL && o->plan)
		goto plan_refused;
	if (sc.format == TABLE_JSONL && sc.kind == ZSTREAM_NONE) {
		s = jsample_read(path, o->load, o->seed, CSVSAMPLE_RANGES,
		    CSVSAMPLE_BYTES, &si, e);
		/* a bad line in the sample: the first chunk stands in, and
		 * the stream reports the line where it is */
		if (!s && e->code != ERR_DATA)
			goto out;
		err_clear(e);
	}
	if (!s) {
		if (!(first = seqchunk_next(&sc, NULL, e))) {
			if (!e->code)
				err_set(e, ERR_DATA, "%s: %s", path,
				    sc.format == TABLE_JSONL ? "no JSON "
				    "objects" : "header only, no data rows");
			goto out;
		}
		s = first;
	}
	if (sample_cols(s, path, o, &label, &id, e) != 0)
		goto out;
	if (!o->plan)
		sumplan_build(&plan, s, o->seed, label);
	if (sc.format == TABLE_JSONL) {
		/* columns come as the chunks bring them */
		msum_init(m, path, NULL, 0, &none, -1, -1, NULL);
		dict_init(&J.paths);
		dict_init(&J.names);
		J.s = s;
		J.plan = &plan;
		J.o = o;
		J.path = path;
		jm = &J;
	} else {
		names = xcalloc(s->ncols + 1, sizeof *names);
		forced = xcalloc(s->ncols + 1, 1);
		for (i = 0; i < s->ncols; i++) {
			names[i] = s->col[i].name;
			forced[i] = (uint8_t)s->col[i].forced;
		}
		msum_init(m, path, names, s->ncols, o->plan ? o->plan : &plan,
		    label, id, forced);
		free(names);
		free(forced);
	}
	m->file_size = sc.disk;
	if (first && fold_one_chunk(m, jm, first, o, path, e) != 0)
		goto out;
	S.c = NULL;
	S.s = &sc;
	S.total = sc.disk;
	if (fold_all(m, &S, jm, o, path, e) != 0)
		goto out;
	m->byte_start = 0;
	m->byte_end = sc.c.pos;
	if (m->rows == 0 && !(o->load && o->load->no_header)) {
		err_set(e, ERR_DATA, "%s: %s", path, sc.format == TABLE_JSONL ?
		    "no JSON objects" : "header only, no data rows");
		goto out;
	}
	rc = 0;
	goto out;
plan_refused:
	err_set(e, ERR_USAGE, "%s: --plan is for CSV (JSON Lines columns come "
	    "as the lines bring them)", path);
out:
	if (jm) {
		dict_release(&J.paths);
		dict_release(&J.names);
	}
	sumplan_release(&plan);
	table_free(s);
	seqchunk_close(&sc);
	return rc;
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
	if (!format_plain_csv(path))
		return run_seq(m, path, o, e);
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
	memset(&plan, 0, sizeof plan);
	if (sample_cols(s, path, o, &label, &id, e) != 0)
		goto out;
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
	{
		struct source S = { &c, NULL, c.end - c.start };

		rc = fold_all(m, &S, NULL, o, path, e);
	}
	if (rc != 0 || (o->index &&
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
