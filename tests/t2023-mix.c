/*
 * t2023-mix - checkers of several kinds judging together: --model
 * names and lists, the mix auto chooses (on digits, and on synthetic
 * sets where the classes are and are not linearly separable) and its
 * determinism, a mix handed back reproducing the run, and rows with
 * nothing measured falling back to the prior instead of passing for
 * evidence.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/data/labels.h"
#include "core/pico/features.h"
#include "core/pico/oof.h"
#include "core/pico/picorun.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static void
test_names(void)
{
	enum oof_model m;
	char buf[160];
	struct oof_mix mix;

	is_int(oof_model_parse("auto", &m), 0, "auto parses");
	is_int(m, OOF_AUTO, "auto");
	oof_model_parse("KNN", &m);
	is_int(m, OOF_KNN, "knn, any case");
	oof_model_parse("sgd", &m);
	is_int(m, OOF_SGD, "sgd");
	is_int(oof_model_parse("lr,knn", &m), 0, "a list parses");
	is_int(m, OOF_LIST | 1 << OOF_KIND_LR | 1 << OOF_KIND_KNN,
	    "a list is its kinds' bits");
	is(oof_model_name(m), "list", "named list");
	is_int(oof_model_parse("lr,tree", &m), -1, "an unknown kind in a list");
	is_int(oof_model_parse("", &m), -1, "empty");
	is_int(oof_model_parse("lr,", &m), -1, "a trailing comma");
	memset(&mix, 0, sizeof mix);
	mix.weight[OOF_KIND_LR] = 0.7;
	mix.weight[OOF_KIND_KNN] = 0.3;
	mix.C = 10;
	mix.knn_k = 5;
	is(oof_mix_describe(&mix, buf, sizeof buf), "lr(C=10) 0.7 + knn(k=5) "
	    "0.3", "a mix in words");
	is(oof_mix_describe(&mix, buf, 8), "lr(C=10", "cut to the buffer");
	mix.knn_metric = KNN_EUCLID;
	is(oof_mix_describe(&mix, buf, sizeof buf), "lr(C=10) 0.7 + "
	    "knn(k=5, euclidean) 0.3", "the Euclidean metric named");
}

static double
weight_sum(const struct oof_mix *m)
{
	double s = 0;
	int k;

	for (k = 0; k < OOF_NKINDS; k++)
		s += m->weight[k];
	return s;
}

static void
test_auto(void)
{
	struct csvload_opts keyed = keyed_by("id");
	struct tdata d;
	struct oof a, b;
	struct oof_opts o;
	struct err e;
	char buf[160];
	size_t bytes;
	int k;

	tdata_of(&d, load_src("datasets/digits.csv", &keyed));
	oof_opts_init(&o);
	o.threads = 1;
	if (!ok(oof_run(&a, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e) ==
	    0, "digits: auto"))
		diag("%s", e.msg);
	diag("digits: %s; log loss lr %.4f sgd %.4f nb %.4f knn %.4f, "
	    "pooled %.4f", oof_mix_describe(&a.mix, buf, sizeof buf),
	    a.mix.logloss[OOF_KIND_LR], a.mix.logloss[OOF_KIND_SGD],
	    a.mix.logloss[OOF_KIND_NB], a.mix.logloss[OOF_KIND_KNN],
	    a.mix.pooled);
	is_num(weight_sum(&a.mix), 1, 1e-9, "weights sum to 1");
	for (k = 0; k < OOF_NKINDS; k++)
		ok(!isnan(a.mix.logloss[k]), "%s measured",
		    oof_kind_name((enum oof_kind)k));
	ok(a.mix.weight[OOF_KIND_KNN] > 0, "digits (not linear): knn is in "
	    "the mix");
	ok(a.mix.pooled <= a.mix.logloss[OOF_KIND_LR] &&
	    a.mix.pooled <= a.mix.logloss[OOF_KIND_KNN], "the pool beats "
	    "each kind alone");
	bytes = (size_t)a.repeats * a.n * a.k * sizeof *a.prob;
	o.threads = 2;
	oof_run(&b, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e);
	ok(!memcmp(a.prob, b.prob, bytes) && !memcmp(&a.mix, &b.mix,
	    sizeof a.mix), "threads 1 and 2: the same mix and bytes");
	oof_release(&b);

	/* the mix handed back: nothing re-chosen; the later repeats are
	 * the same bytes, the first within the fits' tolerance (there the
	 * chosen C was warm-started from the grid's smaller ones; the
	 * default tolerance, a largest gradient entry of 3e-4 a training
	 * row, leaves a few hundredths on the least certain rows) */
	o.mix = &a.mix;
	oof_run(&b, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e);
	ok(!memcmp(a.prob + a.n * a.k, b.prob + a.n * a.k, bytes - a.n * a.k *
	    sizeof *a.prob), "a given mix: the same later repeats");
	{
		double worst = 0;
		size_t i;

		for (i = 0; i < a.n * a.k; i++)
			worst = fmax(worst, fabs(a.prob[i] - b.prob[i]));
		diag("first repeat: largest difference %.2e", worst);
		cmp_ok(worst, <, 0.05, "and nearly the same first one");
	}
	oof_release(&b);
	o.mix = NULL;

	/* a list weighs only its kinds */
	oof_model_parse("nb,sgd", &o.model);
	oof_run(&b, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e);
	is_num(b.mix.weight[OOF_KIND_NB] + b.mix.weight[OOF_KIND_SGD], 1,
	    1e-9, "nb,sgd: all the weight on nb and sgd");
	ok(isnan(b.mix.logloss[OOF_KIND_LR]) &&
	    isnan(b.mix.logloss[OOF_KIND_KNN]), "the others never ran");
	oof_release(&b);
	/* one kind: its setting chosen, all the weight */
	o.model = OOF_KNN;
	oof_run(&b, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e);
	is_num(b.mix.weight[OOF_KIND_KNN], 1, 0, "knn alone");
	ok(b.mix.knn_k == 5 || b.mix.knn_k == 10 || b.mix.knn_k == 20,
	    "its k from the grid");
	oof_release(&b);
	o.model = OOF_NB;
	oof_run(&b, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e);
	is_int(b.model, OOF_NB, "nb alone: nothing to choose");
	ok(isnan(b.mix.pooled), "and nothing measured");
	oof_release(&b);
	oof_release(&a);
	tdata_free(&d);
}

/*
 * 600 rows of numeric columns uniform on [-1, 1].  Linear: eight
 * columns, the class drawn with the logistic model's own probability
 * P(yes) = 1 / (1 + exp(-2 (x1 + ... + x8))).  Not linear: two
 * columns, the class whether x1 and x2 have the same sign (XOR; 5% of
 * the rows flipped), which no linear function of them predicts better
 * than the prior, while the nearest neighbours do.
 */
static struct table *
synthetic(int linear)
{
	static char csv[65536];
	struct rng r;
	size_t at = 0;
	double x[8], s;
	int c, i, j, nx = linear ? 8 : 2;

	rng_seed(&r, linear ? 11 : 12, 0);
	for (j = 0; j < nx; j++)
		at += (size_t)snprintf(csv + at, sizeof csv - at, "x%d,", j);
	at += (size_t)snprintf(csv + at, sizeof csv - at, "label\n");
	for (i = 0; i < 600; i++) {
		for (j = 0, s = 0; j < nx; j++) {
			x[j] = 2 * rng_double(&r) - 1;
			s += x[j];
			at += (size_t)snprintf(csv + at, sizeof csv - at,
			    "%.4f,", x[j]);
		}
		if (linear)
			c = rng_double(&r) < 1 / (1 + exp(-2 * s));
		else
			c = ((x[0] > 0) == (x[1] > 0)) ^
			    (rng_below(&r, 20) == 0);
		at += (size_t)snprintf(csv + at, sizeof csv - at, "%s\n",
		    c ? "yes" : "no");
	}
	return load_str(csv);
}

/* auto weighs the kinds by their out-of-fold log loss on the data at
 * hand: the nearest neighbours on XOR, the linear model on a line */
static void
test_auto_synthetic(void)
{
	struct tdata d;
	struct oof a;
	struct oof_opts o;
	struct err e;
	char buf[160];
	int linear;

	for (linear = 1; linear >= 0; linear--) {
		const char *nm = linear ? "linear" : "XOR";

		tdata_of(&d, synthetic(linear));
		oof_opts_init(&o);
		o.threads = 2;
		if (!ok(oof_run(&a, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o,
		    &e) == 0, "%s: auto", nm))
			diag("%s", e.msg);
		diag("%s: %s; log loss lr %.4f sgd %.4f nb %.4f knn %.4f, "
		    "pooled %.4f", nm, oof_mix_describe(&a.mix, buf,
		    sizeof buf), a.mix.logloss[OOF_KIND_LR],
		    a.mix.logloss[OOF_KIND_SGD], a.mix.logloss[OOF_KIND_NB],
		    a.mix.logloss[OOF_KIND_KNN], a.mix.pooled);
		if (linear) {
			cmp_ok(a.mix.logloss[OOF_KIND_LR], <,
			    a.mix.logloss[OOF_KIND_KNN], "linear: lr's log "
			    "loss below knn's");
			cmp_ok(a.mix.weight[OOF_KIND_LR], >,
			    a.mix.weight[OOF_KIND_KNN], "linear: lr weighs "
			    "more than knn");
		} else {
			cmp_ok(a.mix.logloss[OOF_KIND_KNN], <,
			    a.mix.logloss[OOF_KIND_LR] - 0.2, "XOR: knn's log "
			    "loss well below lr's");
			cmp_ok(a.mix.weight[OOF_KIND_KNN], >=, 0.5, "XOR: knn "
			    "takes most of the weight");
			cmp_ok(a.mix.weight[OOF_KIND_LR] +
			    a.mix.weight[OOF_KIND_SGD], <,
			    a.mix.weight[OOF_KIND_KNN], "XOR: more than the "
			    "linear models together");
		}
		oof_release(&a);
		tdata_free(&d);
	}
}

/*
 * Three numeric columns that predict the label, and rows with some or
 * all of them missing.
 */
static void
test_missing(void)
{
	static char csv[16384];
	size_t at = 0;
	struct tdata d;
	struct oof a;
	struct oof_opts o;
	struct err e;
	struct picorun_opts po;
	struct pico_result res;
	const float *p;
	const double *rho;
	double worst = 0, lone = 0;
	uint32_t r, c, i;
	int flags_bad = 0;

	at += (size_t)snprintf(csv + at, sizeof csv - at, "x,y,z,label\n");
	for (i = 0; i < 300; i++) {
		int cl = (int)(i % 3);

		if (i == 7) {
			/* nothing measured; the rarest label */
			at += (size_t)snprintf(csv + at, sizeof csv - at,
			    ",,,c\n");
			continue;
		}
		if (i == 8) {
			at += (size_t)snprintf(csv + at, sizeof csv - at,
			    "NA,,5,c\n");
			continue;
		}
		at += (size_t)snprintf(csv + at, sizeof csv - at,
		    "%d.%u,%d.%u,%s,%c\n", cl * 3, i % 10,
		    (cl == 1) * 4, (i * 7) % 10, i % 5 ? "1" : "",
		    cl == 2 && i % 2 ? 'c' : "aab"[cl]);
	}
	tdata_of(&d, load_str(csv));
	is_num(d.X.present[7], 0, 0, "nothing measured: present 0");
	is_num(d.X.present[8], 1.0 / 3, 1e-6, "one of three: present 1/3");
	is_num(d.X.present[1], 1, 0, "all measured: present 1");
	is_num(d.X.present[5], 2.0 / 3, 1e-6, "z missing: present 2/3");
	oof_opts_init(&o);
	o.threads = 2;
	if (!ok(oof_run(&a, &d.X, d.L.y, NULL, NULL, d.L.k, NULL, &o, &e) ==
	    0, "out of fold"))
		diag("%s", e.msg);
	for (r = 0; r < a.repeats; r++) {
		p = oof_prob(&a, r, 7);
		rho = a.rho + (size_t)oof_checker(&a, r, 7) * a.k;
		for (c = 0; c < a.k; c++)
			worst = fmax(worst, fabs(p[c] - rho[c]));
		/* one third measured: e = 2/3, part way */
		p = oof_prob(&a, r, 8);
		lone += p[d.L.y[8]];
	}
	cmp_ok(worst, <, 1e-6, "nothing measured: every checker says the "
	    "class shares it trained on (no evidence)");
	diag("row 8 (one value of three): mean p(given) %.3f", lone / 3);
	oof_release(&a);

	picorun_opts_init(&po);
	po.oof.threads = 2;
	if (!ok(picorun(d.t, &d.L, NULL, &po, &res, &e) == 0, "pico runs"))
		diag("%s", e.msg);
	flags_bad = res.flagged[7];
	ok(!flags_bad, "the row with nothing measured is not flagged");
	cmp_ok(res.agree[7], <=, res.checkers, "agreement in range");
	pico_result_release(&res);
	tdata_free(&d);
}

int
main(void)
{
	test_names();
	test_auto();
	test_auto_synthetic();
	test_missing();
	return done_testing();
}
