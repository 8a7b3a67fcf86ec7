/*
 * sumstream.c - sample, plan, then chunks into the summary (see
 * sumstream.h).
 */
#include "core/stats/stream/sumstream.h"

#include <stdlib.h>
#include <string.h>

#include "core/data/csvchunk.h"
#include "core/data/csvsample.h"
#include "core/util/xalloc.h"

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
	struct table *s, *t;
	struct sumplan plan;
	const struct sumplan *pp;
	char **names;
	uint8_t *forced;
	int label = -1, id = -1, rc = -1;
	size_t i;

	memset(m, 0, sizeof *m);
	if (csvchunk_open(&c, path, o->load, o->start, o->end, o->chunk,
	    e) != 0)
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
		sumplan_build(&plan, s, o->seed);
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
	for (;;) {
		t = csvchunk_next(&c, NULL, e);
		if (!t) {
			if (e->code)
				goto out;
			break;
		}
		if (t->ncols != m->ncols) {
			err_set(e, ERR_DATA, "%s: a chunk has %zu columns, the "
			    "sample %zu", path, t->ncols, m->ncols);
			table_free(t);
			goto out;
		}
		msum_fold(m, t, o->threads);
		table_free(t);
		if (progress_step(o->progress, "summarising", c.pos - c.start,
		    c.end - c.start) < 0) {
			err_set(e, ERR_CANCEL, "%s: cancelled", path);
			goto out;
		}
	}
	if (m->rows == 0 && c.start == c.data && c.end == c.size &&
	    !(o->load && o->load->no_header)) {
		err_at(e, ERR_DATA, path, 1, 0, "header only, no data rows");
		goto out;
	}
	rc = 0;
out:
	table_free(s);
	csvchunk_close(&c);
	return rc;
}
