/*
 * msumio.c - the summary file format (see msumio.h and
 * docs/summary-format.md).
 *
 * The writer builds the whole file in memory (a summary is small:
 * sketches and capped value lists) and writes it once; the reader reads
 * it whole and walks it with a cursor that fails, and stays failed, at
 * the first field that would run past the end or past a limit.
 */
#include "core/stats/stream/msumio.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/crc32.h"
#include "core/util/io/binbuf.h"
#include "core/util/outfile.h"
#include "core/util/xalloc.h"

#define MAX_COLS (1u << 20)
#define MAX_STR (1u << 30)

/* --- writing -------------------------------------------------------- */

static void
put_moments(struct binbuf_w *b, const struct moments *m)
{
	binbuf_put_u64(b, m->n);
	binbuf_put_f64(b, m->min);
	binbuf_put_f64(b, m->max);
	binbuf_put_f64(b, m->mean);
	binbuf_put_f64(b, m->m2);
}

static void
put_colsum(struct binbuf_w *b, const struct colsum *cs)
{
	uint32_t i, h;
	size_t n;
	const char *s;

	binbuf_put_u64(b, cs->rows);
	binbuf_put_u64(b, cs->missing);
	binbuf_put_u32(b, cs->all);
	binbuf_put_u32(b, cs->any);
	binbuf_put_u64(b, cs->bytes);
	binbuf_put_u64(b, cs->spaced);
	binbuf_put_u64(b, cs->chars);
	binbuf_put_u64(b, cs->chars_min);
	binbuf_put_u64(b, cs->chars_max);
	binbuf_put_u32(b, (uint32_t)cs->fam);
	put_moments(b, &cs->mo);
	binbuf_put_u64(b, cs->zeros);
	binbuf_put_u32(b, (uint32_t)cs->exact);
	if (cs->exact) {
		binbuf_put_u64(b, cs->vals.n);
		for (i = 0; i < cs->vals.n; i++) {
			s = dict_str(&cs->vals, i, &n);
			binbuf_put_str(b, s, n);
			binbuf_put_u64(b, cs->vcount[i]);
		}
	} else {
		binbuf_put(b, cs->hll->reg, HLL_M);
		binbuf_put_u32(b, cs->top.n);
		binbuf_put_u64(b, cs->top.floor);
		for (i = 0; i < cs->top.n; i++) {
			binbuf_put_str(b, cs->top.it[i].s, cs->top.it[i].len);
			binbuf_put_u64(b, cs->top.it[i].count);
			binbuf_put_u64(b, cs->top.it[i].err);
		}
		binbuf_put_u64(b, cs->kll.n);
		binbuf_put_u64(b, cs->kll.ncompact);
		binbuf_put_f64(b, cs->kll.min);
		binbuf_put_f64(b, cs->kll.max);
		binbuf_put_u32(b, cs->kll.nlevels);
		for (h = 0; h < cs->kll.nlevels; h++) {
			binbuf_put_u32(b, cs->kll.len[h]);
			for (i = 0; i < cs->kll.len[h]; i++)
				binbuf_put_f64(b, cs->kll.lv[h][i]);
		}
		binbuf_put_u32(b, cs->fh.nbins);
		binbuf_put_u64(b, cs->fh.under);
		binbuf_put_u64(b, cs->fh.over);
		for (i = 0; i < cs->fh.nbins; i++)
			binbuf_put_u64(b, cs->fh.count[i]);
	}
	binbuf_put_u32(b, cs->as.ncat);
	binbuf_put_u32(b, cs->as.k);
	for (i = 0; i < cs->as.k * cs->as.ncat; i++)
		binbuf_put_u64(b, cs->as.tab[i]);
	for (i = 0; i < cs->as.k; i++)
		put_moments(b, &cs->as.grp[i]);
	binbuf_put_u32(b, cs->marks.n);
	for (i = 0; i < cs->marks.n; i++) {
		s = dict_str(&cs->marks, i, &n);
		binbuf_put_str(b, s, n);
		binbuf_put_u64(b, cs->mcount[i]);
	}
}

int
msumio_write(const struct msum *m, const char *path,
    const struct outfile_rule *r, struct err *e)
{
	struct binbuf_w b = { NULL, 0, 0 };
	struct outfile of;
	size_t c, n;
	uint32_t i, crc;

	binbuf_put(&b, MSUMIO_MAGIC, 8);
	binbuf_put_u32(&b, MSUMIO_VERSION);
	binbuf_put_u32(&b, 0);
	binbuf_put_str(&b, m->source, strlen(m->source));
	binbuf_put_u64(&b, m->file_size);
	binbuf_put_u64(&b, m->byte_start);
	binbuf_put_u64(&b, m->byte_end);
	binbuf_put_u64(&b, m->parts);
	binbuf_put_u64(&b, m->rows);
	binbuf_put_u64(&b, m->nragged);
	binbuf_put_u64(&b, m->unlabelled);
	binbuf_put_u64(&b, m->ncols);
	binbuf_put_u64(&b, (uint64_t)(int64_t)m->label_col);
	binbuf_put_u64(&b, (uint64_t)(int64_t)m->id_col);
	for (c = 0; c < m->ncols; c++) {
		binbuf_put_str(&b, m->name[c], strlen(m->name[c]));
		binbuf_put_u32(&b, m->forced[c]);
	}
	binbuf_put_u64(&b, m->plan.seed);
	binbuf_put_u64(&b, m->plan.sample_rows);
	for (c = 0; c < m->ncols; c++) {
		const struct sumplan_col *pc = &m->plan.col[c];

		binbuf_put_u32(&b, (uint32_t)pc->kind);
		binbuf_put_u32(&b, (uint32_t)pc->unit);
		binbuf_put_u32(&b, pc->step);
		binbuf_put_u32(&b, pc->nedges);
		for (i = 0; i < pc->nedges; i++)
			binbuf_put_f64(&b, pc->edges[i]);
		binbuf_put_u32(&b, pc->ncat);
		for (i = 0; i < pc->ncat; i++)
			binbuf_put_str(&b, pc->cat[i], pc->catlen[i]);
		binbuf_put_u32(&b, (uint32_t)pc->has_text);
		if (pc->has_text) {
			binbuf_put_f64(&b, pc->text.value);
			binbuf_put_f64(&b, pc->text.accuracy);
			binbuf_put_f64(&b, pc->text.baseline);
			binbuf_put_u64(&b, pc->text.n);
			binbuf_put_u64(&b, pc->text.labelled);
		}
	}
	binbuf_put_u64(&b, m->classes.n);
	for (i = 0; i < m->classes.n; i++) {
		const char *s = dict_str(&m->classes, i, &n);

		binbuf_put_str(&b, s, n);
		binbuf_put_u64(&b, m->class_n[i]);
	}
	for (c = 0; c < m->ncols; c++)
		put_colsum(&b, &m->col[c]);
	crc = crc32_update(0, b.p, b.n);
	binbuf_put_u32(&b, crc);

	if (outfile_open(&of, path, r, e) != 0) {
		free(b.p);
		return -1;
	}
	if (outfile_write(&of, b.p, b.n) != 0) {
		err_sys(e, ERR_IO, of.err, "%s: write error", path);
		outfile_abort(&of);
		free(b.p);
		return -1;
	}
	free(b.p);
	return outfile_commit(&of, e) != 0 ? -1 : 0;
}

/* --- reading -------------------------------------------------------- */

static void
get_moments(struct binbuf_r *r, struct moments *m)
{
	m->n = binbuf_get_u64(r);
	m->min = binbuf_get_f64(r);
	m->max = binbuf_get_f64(r);
	m->mean = binbuf_get_f64(r);
	m->m2 = binbuf_get_f64(r);
}

static void
get_colsum(struct binbuf_r *r, struct colsum *cs, const struct sumplan_col *pc)
{
	uint64_t n, i, h, k;
	size_t len;
	const char *s;

	cs->rows = binbuf_get_u64(r);
	cs->missing = binbuf_get_u64(r);
	cs->all = binbuf_get_u32(r);
	cs->any = binbuf_get_u32(r);
	cs->bytes = binbuf_get_u64(r);
	cs->spaced = binbuf_get_u64(r);
	cs->chars = binbuf_get_u64(r);
	cs->chars_min = binbuf_get_u64(r);
	cs->chars_max = binbuf_get_u64(r);
	cs->fam = (enum colsum_fam)binbuf_get_u32(r);
	if (cs->fam > COLSUM_FAM_DEAD || cs->missing > cs->rows) {
		r->bad = 1;
		r->why = "a column's counts do not add up";
		return;
	}
	get_moments(r, &cs->mo);
	cs->zeros = binbuf_get_u64(r);
	cs->exact = binbuf_get_u32(r) != 0;
	if (cs->exact) {
		n = binbuf_get_count(r, 12, COLSUM_EXACT_MAX * 2ull, 1);
		for (i = 0; i < n && !r->bad; i++) {
			uint32_t id;

			s = binbuf_get_str(r, &len, MAX_STR);
			id = dict_intern(&cs->vals, s, len);
			if (id != cs->vals.n - 1) {
				r->bad = 1;
				r->why = "a value listed twice";
				return;
			}
			cs->vcount = xgrow(cs->vcount, &cs->vcap,
			    (size_t)id + 1, sizeof *cs->vcount);
			cs->vcount[id] = binbuf_get_u64(r);
		}
	} else {
		const unsigned char *reg;

		cs->hll = xmalloc(sizeof *cs->hll);
		hll_init(cs->hll);
		if (binbuf_take(r, HLL_M, &reg))
			memcpy(cs->hll->reg, reg, HLL_M);
		n = binbuf_get_count(r, 20, TOPK_M, 0);
		cs->top.floor = binbuf_get_u64(r);
		for (i = 0; i < n && !r->bad; i++) {
			uint64_t cnt, err;

			s = binbuf_get_str(r, &len, MAX_STR);
			cnt = binbuf_get_u64(r);
			err = binbuf_get_u64(r);
			topk_put(&cs->top, s, (uint32_t)len, cnt, err);
		}
		cs->kll.n = binbuf_get_u64(r);
		cs->kll.ncompact = binbuf_get_u64(r);
		cs->kll.min = binbuf_get_f64(r);
		cs->kll.max = binbuf_get_f64(r);
		h = binbuf_get_count(r, 4, KLL_MAXLEVELS, 0);
		for (i = 0; i < h && !r->bad; i++) {
			double *v;

			k = binbuf_get_count(r, 8, 1u << 24, 0);
			v = xmalloc((size_t)(k + 1) * sizeof *v);
			for (n = 0; n < k; n++)
				v[n] = binbuf_get_f64(r);
			kll_set_level(&cs->kll, (uint32_t)i, v, (uint32_t)k);
			free(v);
		}
		if (h > cs->kll.nlevels)
			cs->kll.nlevels = (uint32_t)h;
		n = binbuf_get_count(r, 8, 1u << 20, 0);
		cs->fh.under = binbuf_get_u64(r);
		cs->fh.over = binbuf_get_u64(r);
		if (!r->bad && n != cs->fh.nbins) {
			r->bad = 1;
			r->why = "a histogram that does not match its plan";
			return;
		}
		for (i = 0; i < n && !r->bad; i++)
			cs->fh.count[i] = binbuf_get_u64(r);
	}
	n = binbuf_get_count(r, 0, 1u << 20, 0);
	k = binbuf_get_count(r, 8, 1u << 24, 0);
	if (!r->bad && n != pc->ncat + 2) {
		r->bad = 1;
		r->why = "association counts that do not match the plan";
		return;
	}
	if (r->bad || k * n > (r->n - r->at) / 8) {
		r->bad = 1;
		r->why = r->why ? r->why : "a count out of range";
		return;
	}
	assocacc_classes(&cs->as, (uint32_t)k);
	for (i = 0; i < k * n; i++)
		cs->as.tab[i] = binbuf_get_u64(r);
	for (i = 0; i < k && !r->bad; i++)
		get_moments(r, &cs->as.grp[i]);
	n = binbuf_get_count(r, 12, UINT32_MAX, 0);
	for (i = 0, k = 0; i < n && !r->bad; i++) {
		s = binbuf_get_str(r, &len, MAX_STR);
		colsum_mark(cs, s, len, h = binbuf_get_u64(r));
		k += h;
	}
	if (!r->bad && (cs->marks.n != n || k != cs->missing)) {
		r->bad = 1;
		r->why = "missing cells that do not add up by marker";
	}
}

int
msumio_read(struct msum *m, const char *path, struct err *e)
{
	struct binbuf_r r;
	unsigned char *buf;
	size_t n, c, len;
	uint64_t ncols, k, i;
	uint32_t ver, crc, want, j;
	const char *s;
	char **names = NULL;
	uint8_t *forced = NULL;
	struct sumplan plan;
	char *source = NULL;
	uint64_t hdr[7];
	int64_t label, id;

	memset(m, 0, sizeof *m);
	memset(&plan, 0, sizeof plan);
	buf = binbuf_slurp(path, &n, e);
	if (!buf)
		return -1;
	if (n < 20 || memcmp(buf, MSUMIO_MAGIC, 8) != 0) {
		free(buf);
		return err_set(e, ERR_DATA, "%s: not a winnow summary (no "
		    "summary header)", path);
	}
	/* after the magic, up to the trailing checksum */
	r = (struct binbuf_r){ .p = buf, .n = n - 4, .at = 8 };
	ver = binbuf_get_u32(&r);
	if (ver != MSUMIO_VERSION) {
		free(buf);
		return err_set(e, ERR_DATA, "%s: summary format version %u; "
		    "this winnow reads version %d", path, ver,
		    MSUMIO_VERSION);
	}
	want = (uint32_t)buf[n - 4] | (uint32_t)buf[n - 3] << 8 |
	    (uint32_t)buf[n - 2] << 16 | (uint32_t)buf[n - 1] << 24;
	crc = crc32_update(0, buf, n - 4);
	if (crc != want) {
		free(buf);
		return err_set(e, ERR_DATA, "%s: damaged summary (checksum "
		    "mismatch)", path);
	}
	(void)binbuf_get_u32(&r);
	s = binbuf_get_str(&r, &len, MAX_STR);
	source = xstrndup(s, len);
	for (j = 0; j < 7; j++)
		hdr[j] = binbuf_get_u64(&r);
	ncols = binbuf_get_count(&r, 5, MAX_COLS, 1);
	label = (int64_t)binbuf_get_u64(&r);
	id = (int64_t)binbuf_get_u64(&r);
	if (!r.bad && (label < -1 || label >= (int64_t)ncols || id < -1 ||
	    id >= (int64_t)ncols)) {
		r.bad = 1;
		r.why = "a label or id column out of range";
	}
	names = xcalloc(ncols + 1, sizeof *names);
	forced = xcalloc(ncols + 1, 1);
	for (c = 0; c < ncols && !r.bad; c++) {
		s = binbuf_get_str(&r, &len, MAX_STR);
		names[c] = xstrndup(s, len);
		forced[c] = binbuf_get_u32(&r) != 0;
	}
	plan.ncols = ncols;
	plan.col = xcalloc(ncols + 1, sizeof *plan.col);
	plan.seed = binbuf_get_u64(&r);
	plan.sample_rows = binbuf_get_u64(&r);
	for (c = 0; c < ncols && !r.bad; c++) {
		struct sumplan_col *pc = &plan.col[c];

		pc->kind = (enum hist_kind)binbuf_get_u32(&r);
		pc->unit = (enum hist_unit)binbuf_get_u32(&r);
		pc->step = binbuf_get_u32(&r);
		if (pc->kind > HIST_CAT || pc->unit > HIST_YEAR) {
			r.bad = 1;
			r.why = "an unknown histogram kind";
			break;
		}
		pc->nedges = (uint32_t)binbuf_get_count(&r, 8, 1u << 20, 0);
		if (pc->nedges == 1) {
			r.bad = 1;
			r.why = "a histogram with one edge";
		}
		pc->edges = xmalloc(((size_t)pc->nedges + 1) *
		    sizeof *pc->edges);
		for (j = 0; j < pc->nedges; j++)
			pc->edges[j] = binbuf_get_f64(&r);
		pc->ncat = (uint32_t)binbuf_get_count(&r, 4, 1u << 16, 0);
		pc->cat = xcalloc((size_t)pc->ncat + 1, sizeof *pc->cat);
		pc->catlen = xcalloc((size_t)pc->ncat + 1, sizeof *pc->catlen);
		for (j = 0; j < pc->ncat && !r.bad; j++) {
			s = binbuf_get_str(&r, &len, MAX_STR);
			pc->cat[j] = xstrndup(s, len);
			pc->catlen[j] = (uint32_t)len;
		}
		pc->has_text = binbuf_get_u32(&r) != 0;
		if (pc->has_text) {
			pc->text.value = binbuf_get_f64(&r);
			pc->text.accuracy = binbuf_get_f64(&r);
			pc->text.baseline = binbuf_get_f64(&r);
			pc->text.n = binbuf_get_u64(&r);
			pc->text.labelled = binbuf_get_u64(&r);
		}
	}
	if (r.bad)
		goto bad;
	msum_init(m, source, names, (size_t)ncols, &plan, (int)label,
	    (int)id, forced);
	m->file_size = hdr[0];
	m->byte_start = hdr[1];
	m->byte_end = hdr[2];
	m->parts = hdr[3];
	m->rows = hdr[4];
	m->nragged = hdr[5];
	m->unlabelled = hdr[6];
	k = binbuf_get_count(&r, 12, 1u << 24, 1);
	for (i = 0; i < k && !r.bad; i++) {
		uint64_t cnt;

		s = binbuf_get_str(&r, &len, MAX_STR);
		cnt = binbuf_get_u64(&r);
		if (dict_intern(&m->classes, s, len) != m->classes.n - 1) {
			r.bad = 1;
			r.why = "a class listed twice";
			break;
		}
		if (m->classes.n > m->class_cap) {
			size_t cap = m->class_cap;

			m->class_n = xgrow(m->class_n, &cap, m->classes.n,
			    sizeof *m->class_n);
			m->class_cap = cap;
		}
		m->class_n[m->classes.n - 1] = cnt;
	}
	for (c = 0; c < ncols && !r.bad; c++)
		get_colsum(&r, &m->col[c], &m->plan.col[c]);
	if (!r.bad && r.at != r.n) {
		r.bad = 1;
		r.why = "bytes after the last column";
	}
	if (!r.bad)
		for (c = 0; c < ncols; c++)
			if (m->col[c].rows != m->rows) {
				r.bad = 1;
				r.why = "columns with different row counts";
				break;
			}
bad:
	xfree_strv(names, ncols);
	FREE_ALL(forced, source);
	sumplan_release(&plan);
	free(buf);
	if (r.bad)
		return err_set(e, ERR_DATA, "%s: damaged summary (%s)", path,
		    r.why ? r.why : "bad field");
	return 0;
}
