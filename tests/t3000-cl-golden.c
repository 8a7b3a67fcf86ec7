/*
 * t3000-cl-golden - confident learning against cleanlab 2.9's own
 * outputs (tests/data/golden/cleanlab, see its README.md): thresholds,
 * joints, prune counts, the five filters, both quality scores and the
 * ranking, every one compared exactly.  Where an output depends on how
 * np.argsort breaks ties in arrays longer than 16 (case 08), the
 * `.stable.csv` twin - cleanlab re-run with a stable argsort - is the
 * reference.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/cl/cl.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"
#include "tests/grid.h"
#include "tests/tap.h"

static const char *cases[] = {
	"01_tiny3", "02_digits_noise10", "03_digits_noise30", "04_binary",
	"05_imbalanced5", "06_absent_class", "07_ties", "08_k50"
};

/* The stable twin when the case has one, else the plain file. */
static int
read_ref(const char *dir, const char *stem, struct grid *g)
{
	char name[256];

	snprintf(name, sizeof name, "%s.stable.csv", stem);
	if (read_grid(dir, name, g) == 0)
		return 0;
	snprintf(name, sizeof name, "%s.csv", stem);
	return read_grid(dir, name, g);
}

/* got against the reference dir/stem, exactly (bit for bit, as
 * doubles), reporting the first difference; a reference that cannot be
 * read fails too. */
static void
same(const char *cs, const char *dir, const char *stem, const double *got,
    size_t n)
{
	struct grid ref;
	size_t i;

	if (read_ref(dir, stem, &ref) != 0) {
		ok(0, "%s: %s reference readable", cs, stem);
	} else if (ref.rows * ref.cols != n) {
		ok(0, "%s: %s has %zu values, expected %zu", cs, stem, n,
		    ref.rows * ref.cols);
	} else {
		for (i = 0; i < n; i++)
			if (memcmp(&got[i], &ref.v[i], sizeof got[i]) != 0 &&
			    !(got[i] == 0 && ref.v[i] == 0))
				break;
		if (!ok(i == n, "%s: %s exact (%zu values)", cs, stem, n))
			diag("first difference at %zu: got %.17g, expected "
			    "%.17g", i, got[i], ref.v[i]);
	}
	grid_free(&ref);
}

static double *
to_double_i64(const int64_t *a, size_t n)
{
	double *d = xmalloc((n ? n : 1) * sizeof *d);
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = (double)a[i];
	return d;
}

static double *
to_double_u8(const uint8_t *a, size_t n)
{
	double *d = xmalloc((n ? n : 1) * sizeof *d);
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = a[i];
	return d;
}

static void
check_matrix(const char *cs, const char *dir, const char *stem,
    const int64_t *m, uint32_t k)
{
	double *d = to_double_i64(m, (size_t)k * k);

	same(cs, dir, stem, d, (size_t)k * k);
	free(d);
}

static double t_cl;

static void
run_case(const char *cs)
{
	char *dir, stem[128];
	struct grid lab, pp;
	struct cl c;
	struct err e;
	uint32_t *y, k, *rank;
	uint8_t *mask;
	double *score, *d;
	size_t n, i, m;
	int f;
	double t0;

	snprintf(stem, sizeof stem, "tests/data/golden/cleanlab/%s", cs);
	dir = src_path(stem);
	if (read_grid(dir, "labels.csv", &lab) != 0 ||
	    read_grid(dir, "pred_probs.csv", &pp) != 0 ||
	    lab.rows != pp.rows) {
		ok(0, "%s: inputs readable", cs);
		free(dir);
		return;
	}
	n = pp.rows;
	k = (uint32_t)pp.cols;
	y = xmalloc(n * sizeof *y);
	for (i = 0; i < n; i++)
		y[i] = (uint32_t)lab.v[i];

	t0 = time_mono();
	if (!ok(cl_init(&c, pp.v, y, n, k, &e) == 0, "%s: cl_init (%zu x %u)",
	    cs, n, k))
		diag("%s", e.msg);
	t_cl += time_mono() - t0;

	same(cs, dir, "thresholds", c.thresh, k);
	check_matrix(cs, dir, "confident_joint", c.cj, k);
	check_matrix(cs, dir, "calibrated_joint", c.cal, k);
	check_matrix(cs, dir, "prune_counts", c.prune, k);

	mask = xmalloc(n);
	for (f = 0; f < CL_NFILTERS; f++) {
		cl_find_issues(&c, pp.v, y, (enum cl_filter)f, mask);
		snprintf(stem, sizeof stem, "issues_%s",
		    cl_filter_name((enum cl_filter)f));
		d = to_double_u8(mask, n);
		same(cs, dir, stem, d, n);
		free(d);
	}

	score = xmalloc(n * sizeof *score);
	cl_quality(pp.v, y, n, k, CL_NORMALIZED_MARGIN, score);
	same(cs, dir, "quality_normalized_margin", score, n);
	cl_quality(pp.v, y, n, k, CL_SELF_CONFIDENCE, score);
	same(cs, dir, "quality_self_confidence", score, n);

	cl_find_issues(&c, pp.v, y, CL_PRUNE_BY_NOISE_RATE, mask);
	rank = xmalloc(n * sizeof *rank);
	m = cl_rank(mask, score, n, rank);
	d = xmalloc((m ? m : 1) * sizeof *d);
	for (i = 0; i < m; i++)
		d[i] = rank[i];
	same(cs, dir, "ranked_self_confidence", d, m);

	FREE_ALL(d, rank, score, mask);
	cl_release(&c);
	free(y);
	grid_free(&lab);
	grid_free(&pp);
	free(dir);
}

int
main(void)
{
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_case(cases[i]);
	diag("cl_init over all cases: %.1f ms", t_cl * 1e3);
	return done_testing();
}
