/*
 * t1090-msum - a dataset summarised as a stream of chunks (sumstream,
 * msum) against the same dataset loaded: on the bundled datasets every
 * column stays within the exact cap, so statistics and histograms must
 * be the loaded table's, bit for bit; the summaries of byte ranges
 * merged in order must equal the summary of one pass over the whole
 * file (and survive a trip through the summary file format); on a
 * generated file with columns past the cap, the exact figures must be
 * the loaded table's and the sketched ones within their bounds.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data/csvchunk.h"
#include "core/data/csvload.h"
#include "core/data/labels.h"
#include "core/stats/stream/msumio.h"
#include "core/stats/stream/sumstream.h"
#include "core/stats/summary.h"
#include "core/util/rng.h"
#include "tests/tap.h"
#include "tests/util.h"

static char dir[64];

static int
same_hist(const struct hist *a, const struct hist *b)
{
	uint32_t i;

	if (a->kind != b->kind || a->nbins != b->nbins || a->total != b->total)
		return 0;
	for (i = 0; i < a->nbins; i++)
		if (a->bin[i].kind != b->bin[i].kind ||
		    a->bin[i].count != b->bin[i].count ||
		    memcmp(&a->bin[i].lo, &b->bin[i].lo, sizeof(double)) ||
		    memcmp(&a->bin[i].hi, &b->bin[i].hi, sizeof(double)))
			return 0;
	return 1;
}

/* Columns whose streamed figures differ from the loaded table's. */
static int
compare(const struct table *t, const struct summary *ls,
    const struct msum_result *r, int label)
{
	size_t c;
	int bad = 0;
	uint32_t i;

	for (c = 0; c < t->ncols; c++) {
		const struct stats_col *a = &ls->col[c].st, *b = &r->sum.col[c].st;
		int same = a->type == b->type && a->count == b->count &&
		    a->missing == b->missing && a->distinct == b->distinct &&
		    a->ntop == b->ntop && a->nnum == b->nnum &&
		    a->zeros == b->zeros && a->len_min == b->len_min &&
		    a->len_max == b->len_max &&
		    !memcmp(&a->min, &b->min, sizeof a->min) &&
		    !memcmp(&a->max, &b->max, sizeof a->max) &&
		    !memcmp(&a->mean, &b->mean, sizeof a->mean) &&
		    !memcmp(&a->sd, &b->sd, sizeof a->sd) &&
		    !memcmp(a->q, b->q, sizeof a->q) &&
		    same_hist(&ls->col[c].h, &r->sum.col[c].h);

		for (i = 0; same && i < a->ntop; i++) {
			size_t n1, n2;
			const char *s1 = dict_str(&t->col[c].dict, a->top[i].id,
			    &n1);
			const char *s2 = dict_str(&r->t->col[c].dict,
			    b->top[i].id, &n2);

			same = a->top[i].count == b->top[i].count && n1 == n2 &&
			    memcmp(s1, s2, n1) == 0;
		}
		if (label && (int)c != label - 1 && (int)c != t->id_col) {
			const struct assoc_col *x = &ls->col[c].as,
			    *y = &r->sum.col[c].as;

			same = same && x->measure == y->measure &&
			    x->n == y->n && (r->sum.col[c].ax.assoc_sample ||
			    fabs(x->value - y->value) < 1e-9 ||
			    (isnan(x->value) && isnan(y->value)));
		}
		if (!same) {
			diag("column %zu (%s) differs", c, t->col[c].name);
			bad++;
		}
	}
	return bad;
}

static void
stream(const char *path, const char *label, uint64_t a, uint64_t b,
    size_t chunk, const struct sumplan *plan, struct msum *m)
{
	struct sumstream_opts o;
	struct err e;

	sumstream_opts_init(&o);
	o.label = label;
	o.start = a;
	o.end = b;
	o.chunk = chunk;
	o.plan = plan;
	if (sumstream_run(m, path, &o, &e) != 0)
		BUG("%s", e.msg);
}

static void
dataset(const char *rel, const char *label)
{
	char path[4096];
	const char *src = getenv("SRCDIR");
	struct table *t = load_src(rel, NULL);
	struct labels L;
	struct summary ls;
	struct summary_opts so;
	struct msum m, whole, part, back;
	struct msum_result r, rw;
	struct err e;
	uint64_t cuts[4];
	size_t c;
	int i, li = -1;
	char sp[4200];

	snprintf(path, sizeof path, "%s/%s", src ? src : ".", rel);
	summary_opts_init(&so);
	if (label) {
		li = table_col_index(t, label);
		labels_init(&L, t, li, LABELS_BY_COUNT, &e);
		so.labels = &L;
	}
	summary_build(&ls, t, NULL, &so, &e);
	/* small chunks: many of them */
	stream(path, label, 0, 0, 64u << 10, NULL, &m);
	ok(m.rows == t->nrows, "%s: every row streamed (%llu)", rel,
	    (unsigned long long)m.rows);
	for (c = 0; c < m.ncols; c++)
		if (!m.col[c].exact)
			diag("%s: column %zu past the cap", rel, c);
	msum_finish(&m, NULL, &r, &e);
	msum_release(&m);
	ok(compare(t, &ls, &r, li + 1) == 0, "%s: streamed figures are the "
	    "loaded table's", rel);
	if (label) {
		uint32_t k;
		int same = r.L.k == L.k;

		for (k = 0; same && k < L.k; k++)
			same = strcmp(r.L.name[k], L.name[k]) == 0 &&
			    r.L.count[k] == L.count[k];
		ok(same, "%s: the classes and their counts in the same order",
		    rel);
	}
	msum_result_release(&r);

	/* three ranges, each from the plan of the first, merged */
	stream(path, label, 0, 0, 1u << 20, NULL, &whole);
	cuts[0] = 0;
	cuts[1] = whole.file_size / 3;
	cuts[2] = whole.file_size / 3 * 2 + 1;
	cuts[3] = whole.file_size;
	memset(&m, 0, sizeof m);
	for (i = 0; i < 3; i++) {
		stream(path, label, cuts[i], cuts[i + 1], 1u << 20, &whole.plan,
		    &part);
		snprintf(sp, sizeof sp, "%s/part%d", dir, i);
		if (msumio_write(&part, sp, NULL, &e) != 0)
			BUG("%s", e.msg);
		msum_release(&part);
		if (msumio_read(&back, sp, &e) != 0)
			BUG("%s", e.msg);
		if (i == 0)
			m = back;
		else if (msum_merge(&m, &back, &e) != 0)
			BUG("%s", e.msg);
		if (i)
			msum_release(&back);
	}
	ok(m.rows == whole.rows && m.unlabelled == whole.unlabelled &&
	    m.parts == 3, "%s: 3 ranges merged hold every row once", rel);
	{
		int same = 1;

		for (c = 0; c < m.ncols; c++) {
			struct colsum *x = &m.col[c], *y = &whole.col[c];

			same = same && x->rows == y->rows && x->missing ==
			    y->missing && x->exact == y->exact &&
			    x->vals.n == y->vals.n && x->chars == y->chars &&
			    x->mo.n == y->mo.n && (x->mo.n == 0 ||
			    (x->mo.min == y->mo.min && x->mo.max == y->mo.max)) &&
			    x->as.k == y->as.k &&
			    (x->as.k == 0 || memcmp(x->as.tab, y->as.tab,
			    x->as.k * x->as.ncat * sizeof *x->as.tab) == 0) &&
			    (x->mo.n == 0 || fabs(x->mo.mean - y->mo.mean) <=
			    1e-9 * fabs(y->mo.mean) + 1e-300);
		}
		ok(same, "%s: merged exact measures equal one pass", rel);
	}
	msum_finish(&m, NULL, &r, &e);
	msum_finish(&whole, NULL, &rw, &e);
	ok(compare(t, &ls, &r, li + 1) == 0, "%s: the merged summary's "
	    "figures are the loaded table's", rel);
	msum_result_release(&r);
	msum_result_release(&rw);
	msum_release(&m);
	msum_release(&whole);
	summary_release(&ls);
	if (label)
		labels_release(&L);
	table_free(t);
	for (i = 0; i < 3; i++) {
		snprintf(sp, sizeof sp, "%s/part%d", dir, i);
		unlink(sp);
	}
}

/* A file with columns past the exact cap. */
static void
big(void)
{
	char path[128];
	FILE *f;
	struct rng r;
	int i;
	struct table *t;
	struct summary ls;
	struct summary_opts so;
	struct labels L;
	struct msum m;
	struct msum_result res;
	struct err e;
	const struct stats_col *a, *b;

	snprintf(path, sizeof path, "%s/big.csv", dir);
	f = fopen(path, "w");
	rng_seed(&r, 3, 9);
	fputs("id,x,word,label\n", f);
	for (i = 0; i < 150000; i++)
		fprintf(f, "%d,%.4f,w%llu,%c\n", i + 1, rng_double(&r) * 100 -
		    (i % 7 == 0 ? 50 : 0), (unsigned long long)rng_below(&r,
		    90000), "abc"[rng_below(&r, 3)]);
	fclose(f);
	t = csvload(path, NULL, &e);
	summary_opts_init(&so);
	labels_init(&L, t, 3, LABELS_BY_COUNT, &e);
	so.labels = &L;
	summary_build(&ls, t, NULL, &so, &e);
	stream(path, "label", 0, 0, 1u << 20, NULL, &m);
	ok(!m.col[0].exact && !m.col[1].exact && m.col[3].exact,
	    "big: id and x past the cap, the label within it");
	msum_finish(&m, NULL, &res, &e);
	a = &ls.col[1].st;
	b = &res.sum.col[1].st;
	ok(a->count == b->count && a->min == b->min && a->max == b->max &&
	    a->nnum == b->nnum && a->type == b->type, "big: count, min, max "
	    "and type exact past the cap");
	is_num(b->mean, a->mean, 1e-9 * fabs(a->mean), "big: the mean");
	is_num(b->sd, a->sd, 1e-9 * a->sd, "big: the sd");
	ok(fabs((double)b->distinct - (double)a->distinct) <= HLL_BOUND *
	    (double)a->distinct && res.sum.col[1].ax.distinct == HLL_BOUND,
	    "big: distinct %llu estimated %llu, within %.1f%% and marked",
	    (unsigned long long)a->distinct, (unsigned long long)b->distinct,
	    100 * HLL_BOUND);
	{
		/* the median's rank in the data */
		uint64_t below = 0, rr;

		for (rr = 0; rr < t->nrows; rr++)
			below += table_num(t, 1, rr) < b->q[3];
		ok(fabs((double)below / (double)a->nnum - 0.5) <= KLL_EPS,
		    "big: the median %.4f has rank %.4f, within %.4f", b->q[3],
		    (double)below / (double)a->nnum, KLL_EPS);
	}
	ok(res.sum.col[1].ax.hist_edges && res.sum.col[1].h.total == t->nrows,
	    "big: x's histogram on the sample's edges holds every row");
	ok(fabs(res.sum.col[1].as.value - ls.col[1].as.value) < 1e-9,
	    "big: eta past the cap is the loaded table's");
	ok(res.sum.col[2].st.type == ls.col[2].st.type,
	    "big: word's type is the loaded table's");
	msum_result_release(&res);
	msum_release(&m);
	summary_release(&ls);
	labels_release(&L);
	table_free(t);
	unlink(path);
}

static void
bad_input(void)
{
	char path[128], msg1[1024], msg2[1024];
	FILE *f;
	int i;
	struct err e;
	struct table *t;
	struct msum m;

	snprintf(path, sizeof path, "%s/bad.csv", dir);
	f = fopen(path, "w");
	fputs("a,b,\"c\nc\"\n", f);
	for (i = 0; i < 20000; i++)
		fprintf(f, "%d,\"x\ny\",%d\n", i, i);
	fputs("1,2\n", f);
	for (i = 0; i < 100; i++)
		fprintf(f, "%d,z,%d\n", i, i);
	fclose(f);
	t = csvload(path, NULL, &e);
	ok(!t && e.code == ERR_DATA, "bad: the loader refuses it");
	snprintf(msg1, sizeof msg1, "%s", e.msg);
	{
		struct sumstream_opts o;

		sumstream_opts_init(&o);
		o.chunk = 64u << 10;
		ok(sumstream_run(&m, path, &o, &e) != 0 && e.code == ERR_DATA,
		    "bad: the stream refuses it");
		snprintf(msg2, sizeof msg2, "%s", e.msg);
		msum_release(&m);
		is(msg2, msg1, "bad: with the same line and column");
		o.start = 100000;
		ok(sumstream_run(&m, path, &o, &e) != 0, "bad: so does a range "
		    "that starts after the header");
		is(e.msg, msg1, "bad: with the file's line and column");
		msum_release(&m);
	}
	unlink(path);
}

int
main(void)
{
	snprintf(dir, sizeof dir, "/tmp/winnow-t1090-XXXXXX");
	if (!mkdtemp(dir))
		BUG("mkdtemp");
	dataset("datasets/iris.csv", "label");
	dataset("datasets/cars.csv", "label");
	dataset("datasets/movies.csv", "label");
	dataset("datasets/fortunes8.csv", "label");
	dataset("datasets/digits.csv", NULL);
	big();
	bad_input();
	rmdir(dir);
	return done_testing();
}
