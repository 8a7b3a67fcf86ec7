/*
 * t2050-oof - the R x F checker driver: every row scored once per repeat
 * by a checker that never saw it, the same bytes on any thread count,
 * honest class shares, accuracy on real data, and the edges.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/pico/features.h"
#include "core/data/labels.h"
#include "core/pico/oof.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

/* datasets/name with its id column, or the test dies. */
static void
data_load(struct tdata *d, const char *name)
{
	char *rel = xasprintf("datasets/%s", name);
	struct csvload_opts keyed = keyed_by("id");

	memset(d, 0, sizeof *d);
	tdata_of(d, load_src(rel, &keyed));
	free(rel);
}

/* The CSV text csv (its column "text" as text), or the test dies. */
static void
data_mem(struct tdata *d, const char *csv, size_t n)
{
	struct csvload_opts co;
	struct err e;
	struct table *t;
	static const char *const text[] = { "text", NULL };

	csvload_opts_init(&co);
	co.text_cols = text;
	memset(d, 0, sizeof *d);
	t = csvload_mem("mem.csv", csv, n, &co, &e);
	if (!t)
		die("load mem.csv: %s", e.msg);
	tdata_of(d, t);
}

/* Mean out-of-fold accuracy over the repeats, on labelled rows. */
static double
accuracy(const struct oof *o, const uint32_t *y)
{
	double hit = 0, n = 0;
	uint32_t r, c, best;
	uint64_t i;

	for (r = 0; r < o->repeats; r++)
		for (i = 0; i < o->n; i++) {
			const float *p = oof_prob(o, r, i);

			if (y[i] >= o->k)
				continue;
			best = 0;
			for (c = 1; c < o->k; c++)
				if (p[c] > p[best])
					best = c;
			hit += best == y[i];
			n++;
		}
	return n ? hit / n : 0;
}

/* Structural checks: probabilities clipped and summing to 1, each row's
 * checker consistent with the split, rho the training shares. */
static void
check_structure(const struct oof *o, const uint32_t *y, const float *w,
    const uint8_t *always, const char *what)
{
	uint32_t r, c, t, k = o->k;
	uint64_t i;
	int bad_p = 0, bad_chk = 0, bad_rho = 0;
	double *share = xcalloc((size_t)k + 1, sizeof *share), tot, s;

	for (r = 0; r < o->repeats; r++)
		for (i = 0; i < o->n; i++) {
			const float *p = oof_prob(o, r, i);

			s = 0;
			for (c = 0; c < k; c++) {
				if (!(p[c] >= OOF_PMIN && p[c] <= 1))
					bad_p++;
				s += p[c];
			}
			if (fabs(s - 1) > k * OOF_PMIN + 1e-5)
				bad_p++;
			t = oof_checker(o, r, i);
			if (t / o->folds != r || t % o->folds !=
			    folds_of(&o->split, r, i))
				bad_chk++;
		}
	for (t = 0; t < o->repeats * o->folds; t++) {
		memset(share, 0, k * sizeof *share);
		tot = 0;
		r = t / o->folds;
		for (i = 0; i < o->n; i++) {
			double wt = w ? w[i] : 1;

			if (y[i] >= k || wt <= 0)
				continue;
			if (folds_of(&o->split, r, i) == t % o->folds &&
			    !(always && always[i]))
				continue;
			share[y[i]] += wt;
			tot += wt;
		}
		if (fabs(tot - o->wtrain[t]) > 1e-6 * (tot + 1))
			bad_rho++;
		for (c = 0; c < k; c++)
			if (fabs((tot ? share[c] / tot : 0) -
			    o->rho[(size_t)t * k + c]) > 1e-9)
				bad_rho++;
	}
	diag("structure of %s", what);
	is_int(bad_p, 0, "probabilities in [1e-6, 1], rows sum to 1");
	is_int(bad_chk, 0, "each row's checker is its fold's");
	is_int(bad_rho, 0, "rho and wtrain are the training shares");
	free(share);
}

/* a's mean accuracy on d (what: "digits LR"), said, and above floor. */
static void
accuracy_above(const struct oof *a, const struct tdata *d, const char *what,
    double floor, const char *name)
{
	double acc = accuracy(a, d->L.y);

	diag("%s out-of-fold accuracy %.4f", what, acc);
	cmp_ok(acc, >, floor, name);
}

/* Run o on d once more: the first nrep repeats have a's bytes. */
static void
same_bytes(const struct oof *a, const struct tdata *d,
    const struct oof_opts *o, uint32_t nrep, const char *name)
{
	struct oof b;
	struct err e;

	oof_run(&b, &d->X, d->L.y, NULL, NULL, d->L.k, NULL, o, &e);
	ok(memcmp(a->prob, b.prob, (size_t)nrep * a->n * a->k *
	    sizeof *a->prob) == 0, name);
	oof_release(&b);
}

static void
test_digits(void)
{
	struct tdata d;
	struct oof a;
	struct oof_opts o;
	struct err e;

	data_load(&d, "digits.csv");
	is_int(d.X.nnum, 64, "64 numeric pixels");
	oof_opts_init(&o);
	o.threads = 1;
	if (!ok(oof_run(&a, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o,
	    &e) == 0, "digits: out-of-fold run"))
		diag("%s", e.msg);
	{
		char buf[160];

		diag("digits: auto's mix %s", oof_mix_describe(&a.mix, buf,
		    sizeof buf));
	}
	ok(a.mix.weight[OOF_KIND_LR] + a.mix.weight[OOF_KIND_SGD] > 0,
	    "auto's mix has a logistic regression");
	ok(a.mix.pooled < a.mix.logloss[OOF_KIND_LR] + 1e-12 &&
	    a.mix.pooled < a.mix.logloss[OOF_KIND_NB] &&
	    a.mix.pooled < a.mix.logloss[OOF_KIND_GBT] + 1e-12,
	    "the pooled log loss is no worse than any kind's alone");
	accuracy_above(&a, &d, "digits LR", 0.95, "digits: LR accuracy above "
	    "0.95");
	check_structure(&a, d.L.y, NULL, NULL, "digits");
	o.threads = 2;
	same_bytes(&a, &d, &o, a.repeats, "digits: threads 1 and 2 give the "
	    "same bytes");
	oof_release(&a);

	o.model = OOF_NB;
	oof_run(&a, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e);
	accuracy_above(&a, &d, "digits NB", 0.85, "digits: NB accuracy above "
	    "0.85");
	o.threads = 1;
	same_bytes(&a, &d, &o, a.repeats, "NB: threads 1 and 2 give the same "
	    "bytes");
	oof_release(&a);
	tdata_free(&d);
}

static void
test_fortunes(void)
{
	struct tdata d;
	struct oof a, b;
	struct oof_opts o;
	struct err e;

	data_load(&d, "fortunes8.csv");
	is_int(d.X.ntext, 1, "fortunes: one text column");
	oof_opts_init(&o);
	oof_run(&a, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e);
	accuracy_above(&a, &d, "fortunes8 LR", 0.67, "fortunes8: LR accuracy "
	    "above 0.67");
	o.threads = 1;
	o.repeats = 1;
	same_bytes(&a, &d, &o, 1, "text LR: one thread gives the bytes of two "
	    "(repeat 0)");
	o.threads = 2;
	o.model = OOF_NB;
	oof_run(&b, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e);
	accuracy_above(&b, &d, "fortunes8 NB", 0.60, "fortunes8: NB accuracy "
	    "above 0.60");
	is_int(b.repeats, 1, "one repeat");
	check_structure(&b, d.L.y, NULL, NULL, "fortunes NB");
	oof_release(&a);
	oof_release(&b);
	tdata_free(&d);
}

/* Unlabelled rows, weights, rows that always train, a given split. */
static void
test_inputs(void)
{
	struct tdata d;
	struct oof a, b;
	struct oof_opts o;
	struct folds fd;
	struct err e;
	uint32_t *y;
	float *w;
	uint8_t *always;
	uint64_t i;
	int none_scored = 1;

	data_load(&d, "iris.csv");
	y = xmalloc(d.X.n * sizeof *y);
	w = xmalloc(d.X.n * sizeof *w);
	always = xcalloc(d.X.n, 1);
	for (i = 0; i < d.X.n; i++) {
		y[i] = i % 15 == 0 ? LABELS_NONE : d.L.y[i];
		w[i] = i % 10 == 3 ? 0 : i % 10 == 4 ? 2.5f : 1;
		always[i] = i % 25 == 7;
	}
	oof_opts_init(&o);
	o.seed = 99;
	is_int(oof_run(&a, &d.X, y, w, always, d.L.k, NULL, &o, &e), 0,
	    "iris with gaps, weights and clamped rows");
	check_structure(&a, y, w, always, "iris, all inputs");
	for (i = 0; i < d.X.n; i += 15)
		none_scored &= oof_prob(&a, 0, i)[0] >= OOF_PMIN &&
		    oof_prob(&a, 2, i)[2] >= OOF_PMIN;
	ok(none_scored, "unlabelled rows are scored");
	cmp_ok(accuracy(&a, d.L.y), >, 0.85, "still a good checker");

	folds_make(&fd, y, d.X.n, d.L.k, 3, 5, 99, &e);
	oof_run(&b, &d.X, y, w, always, d.L.k, &fd, &o, &e);
	ok(memcmp(a.prob, b.prob, (size_t)3 * a.n * a.k *
	    sizeof *a.prob) == 0, "the same split given explicitly: the "
	    "same result");
	ok(b.split.fold != fd.fold, "the result owns a copy of the split");
	oof_release(&b);
	folds_release(&fd);

	folds_make(&fd, y, d.X.n, d.L.k, 2, 4, 5, &e);
	oof_run(&b, &d.X, y, w, always, d.L.k, &fd, &o, &e);
	ok(b.repeats == 2 && b.folds == 4, "a given split's shape wins");
	folds_release(&fd);
	oof_release(&b);

	fd.n = 3;
	fd.repeats = 1;
	fd.folds = 2;
	fd.fold = xcalloc(3, sizeof *fd.fold);
	is_int(oof_run(&b, &d.X, y, w, always, d.L.k, &fd, &o, &e), -1,
	    "a split of the wrong size");
	is_int(e.code, ERR_USAGE, "is refused");
	folds_release(&fd);
	oof_release(&a);
	FREE_ALL(y, w, always);
	tdata_free(&d);
}

static void
test_edges(void)
{
	struct tdata d;
	struct oof a;
	struct oof_opts o;
	struct err e;
	uint32_t *y;
	uint64_t i;
	atomic_int cancel = 1;
	struct progress pr = { NULL, NULL, &cancel };
	int all1 = 1;
	static const char csv[] =
	    "text,label\n"
	    "red apple,fruit\nred cherry,fruit\ngreen apple,fruit\n"
	    "yellow banana,fruit\nred apple pie,fruit\napple juice,fruit\n"
	    "fast car,vehicle\nred car,vehicle\nslow car,vehicle\n"
	    "blue truck,vehicle\ncar wheel,vehicle\nbig truck,vehicle\n"
	    ",vehicle\n,fruit\nzebra,animal\n";

	data_mem(&d, csv, sizeof csv - 1);
	oof_opts_init(&o);
	is_int(oof_run(&a, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e), 0,
	    "tiny table with empty texts and a one-row class");
	check_structure(&a, d.L.y, NULL, NULL, "toy");
	{
		int absent = 0;
		uint32_t t;

		for (t = 0; t < 15; t++)
			absent += a.rho[(size_t)t * 3 + 2] == 0;
		is_int(absent, 3, "the one-row class is absent from one "
		    "checker per repeat");
	}
	oof_release(&a);

	/* one class: every probability is 1 */
	y = xmalloc(d.X.n * sizeof *y);
	for (i = 0; i < d.X.n; i++)
		y[i] = 0;
	oof_run(&a, &d.X, y, NULL, NULL, 1, NULL, &o, &e);
	for (i = 0; i < d.X.n; i++)
		all1 &= oof_prob(&a, 1, i)[0] == 1;
	ok(all1, "one class: probability 1 everywhere");
	oof_release(&a);
	o.model = OOF_NB;
	oof_run(&a, &d.X, y, NULL, NULL, 1, NULL, &o, &e);
	all1 = 1;
	for (i = 0; i < d.X.n; i++)
		all1 &= oof_prob(&a, 2, i)[0] == 1;
	ok(all1, "one class, NB: probability 1 everywhere");
	oof_release(&a);

	/* nothing labelled: uniform */
	for (i = 0; i < d.X.n; i++)
		y[i] = LABELS_NONE;
	o.model = OOF_LR;
	is_int(oof_run(&a, &d.X, y, NULL, NULL, 3, NULL, &o, &e), 0,
	    "no labelled row at all");
	is_num(oof_prob(&a, 0, 4)[1], 1.0 / 3, 1e-6, "uniform predictions");
	oof_release(&a);
	free(y);

	is_int(oof_run(&a, &d.X, d.L.y, NULL, NULL, 0, NULL, &o, &e), -1,
	    "no classes");
	is_int(e.code, ERR_USAGE, "usage error");
	o.max_bytes = 100;
	is_int(oof_run(&a, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e), -1,
	    "probabilities over the memory cap");
	is_int(e.code, ERR_USAGE, "refused with a usage error");
	o.max_bytes = (size_t)1 << 30;
	o.progress = &pr;
	is_int(oof_run(&a, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e), -1,
	    "cancelled");
	is_int(e.code, ERR_CANCEL, "ERR_CANCEL");
	ok(a.prob == NULL && a.split.fold == NULL, "nothing left behind");
	oof_release(NULL);
	tdata_free(&d);

	/* no rows at all */
	{
		struct features z;
		uint64_t zp = 0;
		uint32_t zy = 0;

		memset(&z, 0, sizeof z);
		z.dim = 1024;
		z.ptr = &zp;
		oof_opts_init(&o);
		is_int(oof_run(&a, &z, &zy, NULL, NULL, 2, NULL, &o, &e), 0,
		    "no rows: an empty result");
		is_int(a.n, 0, "zero rows scored");
		oof_release(&a);
	}
}

/* 1,000 classes of 3 rows each: a class word, shared noise words. */
static void
test_many_classes(void)
{
	struct tdata d;
	struct oof a;
	struct oof_opts o;
	struct err e;
	char *csv = xmalloc(200000);
	size_t n = 0;
	int i, j;

	n += (size_t)sprintf(csv + n, "text,label\n");
	for (j = 0; j < 3; j++)
		for (i = 0; i < 1000; i++)
			n += (size_t)sprintf(csv + n, "w%d noise%d x%d,c%d\n",
			    i, (i * 7 + j) % 13, j, i);
	data_mem(&d, csv, n);
	is_int(d.L.k, 1000, "1,000 classes");
	oof_opts_init(&o);
	o.repeats = 1;
	o.model = OOF_LR;
	is_int(oof_run(&a, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e), 0,
	    "LR with 1,000 classes");
	accuracy_above(&a, &d, "1,000 classes LR", 0.9, "the class word is "
	    "learnt from two rows");
	oof_release(&a);
	o.model = OOF_NB;
	oof_run(&a, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e);
	accuracy_above(&a, &d, "1,000 classes NB", 0.9, "NB too");
	is_int(oof_auto_model(&d.X, 1000, NULL), OOF_LR,
	    "auto: LR while the work is small");
	o.lr.epochs = 5000;
	is_int(oof_auto_model(&d.X, 1000, &o), OOF_NB,
	    "auto: NB when LR would take too long");
	oof_release(&a);
	tdata_free(&d);
	free(csv);
}

int
main(void)
{
	test_digits();
	test_fortunes();
	test_inputs();
	test_edges();
	test_many_classes();
	return done_testing();
}
