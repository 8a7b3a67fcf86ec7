/*
 * util.h - the fixtures the C tests share: files of the source tree
 * ($SRCDIR), tables loaded from a file or a string, a temporary
 * directory of the test's own, the review tests' dataset and hand-made
 * PICO result, journals and their decisions, reading and writing whole
 * files, log sinks, a progress callback that cancels, the checkers'
 * numeric features (and the quadrants they learn), and comparing two
 * loaded tables.  (A test
 * times what it runs with core's time_mono(), core/util/time.h.)
 *
 * A fixture the test cannot do without fails the test at once through
 * die() (a "not ok" line that says why, then exit 1): a missing dataset
 * or a directory that cannot be made is a failure, never a skip.
 */
#ifndef WINNOW_TEST_UTIL_H
#define WINNOW_TEST_UTIL_H

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data/csvload.h"
#include "core/data/fingerprint.h"
#include "core/data/labels.h"
#include "core/pico/features.h"
#include "core/pico/pico.h"
#include "core/pico/picorun.h"
#include "core/review/journal.h"
#include "core/util/err.h"
#include "core/util/log.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"

/*
 * The bytes of path, NUL-terminated (caller frees), their count in *n
 * when n is not NULL; NULL when the file cannot be opened.
 */
static __attribute__((unused)) char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, len = 0, r;

	if (n)
		*n = 0;
	if (!f)
		return NULL;
	for (;;) {
		buf = xgrow(buf, &cap, len + 65536, 1);
		r = fread(buf + len, 1, cap - len - 1, f);
		len += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[len] = '\0';
	if (n)
		*n = len;
	return buf;
}

/* Write n bytes to path, or stop the test. */
static __attribute__((unused)) void
write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
		die("cannot write %s", path);
}

/* --- the source tree ------------------------------------------------ */

/* $SRCDIR/rel ("./rel" when SRCDIR is unset); caller frees. */
static __attribute__((unused)) char *
src_path(const char *rel)
{
	const char *src = getenv("SRCDIR");

	return xasprintf("%s/%s", src && *src ? src : ".", rel);
}

/* The bytes of $SRCDIR/rel as slurp() gives them, or the test dies. */
static __attribute__((unused)) char *
src_slurp(const char *rel, size_t *n)
{
	char *path = src_path(rel), *buf = slurp(path, n);

	if (!buf)
		die("cannot read %s", path);
	free(path);
	return buf;
}

/* The CSV file at path loaded with o (NULL: the defaults), or the test
 * dies; table_free() it. */
static __attribute__((unused)) struct table *
load_file(const char *path, const struct csvload_opts *o)
{
	struct err e;
	struct table *t = csvload(path, o, &e);

	if (!t)
		die("%s", e.msg);
	return t;
}

/* The CSV file at rel, a path inside the source tree, as load_file()
 * loads it. */
static __attribute__((unused)) struct table *
load_src(const char *rel, const struct csvload_opts *o)
{
	char *path = src_path(rel);
	struct table *t = load_file(path, o);

	free(path);
	return t;
}

/* Loader options: the defaults, but keys from the column id. */
static __attribute__((unused)) struct csvload_opts
keyed_by(const char *id)
{
	struct csvload_opts o;

	csvload_opts_init(&o);
	o.id_col = id;
	return o;
}

/* The CSV text s loaded as "t.csv" with the NULL-ended text columns
 * text and the key column id (NULL: the loader's defaults), or the test
 * dies; table_free() it. */
static __attribute__((unused)) struct table *
load_str_with(const char *s, const char *const *text, const char *id)
{
	struct csvload_opts o = keyed_by(id);
	struct err e;
	struct table *t;

	o.text_cols = text;
	t = csvload_mem("t.csv", s, strlen(s), &o, &e);
	if (!t)
		die("load a string: %s", e.msg);
	return t;
}

/* load_str_with(s, NULL, NULL): s with default options. */
static __attribute__((unused)) struct table *
load_str(const char *s)
{
	return load_str_with(s, NULL, NULL);
}

/* The index of t's column called name, or the test dies. */
static __attribute__((unused)) size_t
col_of(const struct table *t, const char *name)
{
	int c = table_col_index(t, name);

	if (c < 0)
		die("%s has no column %s", t->path, name);
	return (size_t)c;
}

/* A table with its labels (column "label") and the checkers' features. */
struct tdata {
	struct table *t;
	struct labels L;
	struct features X;
};

/* Labels and features of t (which d then owns), or the test dies. */
static __attribute__((unused)) void
tdata_of(struct tdata *d, struct table *t)
{
	struct features_opts fo;
	struct err e;
	int lc = (int)col_of(t, "label");

	d->t = t;
	if (labels_init(&d->L, t, lc, LABELS_FIRST_SEEN, &e) < 0)
		die("%s: labels: %s", t->path, e.msg);
	features_opts_init(&fo);
	fo.label_col = lc;
	if (features_build(&d->X, t, &fo, &e) < 0)
		die("%s: features: %s", t->path, e.msg);
}

static __attribute__((unused)) void
tdata_free(struct tdata *d)
{
	features_release(&d->X);
	labels_release(&d->L);
	table_free(d->t);
}

/* --- a temporary directory ------------------------------------------ */

static char test_dir_path[512];
static pid_t test_dir_owner;

static __attribute__((unused)) void
test_dir_remove(void)
{
	char *cmd;

	/* a forked child that exits must not take the parent's files */
	if (getpid() != test_dir_owner)
		return;
	cmd = xasprintf("rm -rf '%s'", test_dir_path);
	if (system(cmd) != 0)
		diag("could not remove %s", test_dir_path);
	free(cmd);
}

/*
 * A directory under $TMPDIR (else /tmp) that belongs to this run of the
 * test alone, made on the first call and removed at exit with all it
 * holds; the test dies if it cannot be made.  Tests run in parallel: a
 * file of a fixed name anywhere else would be shared.
 */
static __attribute__((unused)) const char *
test_dir(void)
{
	const char *t = getenv("TMPDIR");

	if (test_dir_path[0])
		return test_dir_path;
	snprintf(test_dir_path, sizeof test_dir_path, "%s/winnow-test.XXXXXX",
	    t && *t ? t : "/tmp");
	if (!mkdtemp(test_dir_path))
		die("cannot make a directory %s", test_dir_path);
	test_dir_owner = getpid();
	atexit(test_dir_remove);
	return test_dir_path;
}

/* test_dir()/name; caller frees. */
static __attribute__((unused)) char *
tpath(const char *name)
{
	return xasprintf("%s/%s", test_dir(), name);
}

/*
 * The review tests' dataset, written to path: a header "id,text,label"
 * and twelve rows r1..r12 labelled a (rows 1-4), b (5-8) and c (9-12),
 * then the text extra when it is not NULL.
 */
static __attribute__((unused)) void
write_twelve(const char *path, const char *extra)
{
	char buf[1024];
	size_t n = 0;
	int i;

	n += (size_t)snprintf(buf, sizeof buf, "id,text,label\n");
	for (i = 1; i <= 12; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
		    "r%d,text %d,%s\n", i, i, i <= 4 ? "a" : i <= 8 ? "b" :
		    "c");
	if (extra)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", extra);
	if (n >= sizeof buf)
		die("write_twelve: extra rows too long");
	write_file(path, buf, n);
}

/*
 * A PICO result by hand for write_twelve()'s rows, whose labels L holds
 * (pico_result_release() it).  Rows 2, 5, 9 and 11 are flagged; their
 * beliefs (a, b, c) are row 2 (.1, .9, 0), given a, really b; row 5 (.1,
 * .4, .5), given b; row 9 (.6, .3, .1), given c; row 11 (.11, .45, .44),
 * given c; every other row .9 on its given class and .05 on the others.
 * Margins (top - second) .8, .1, .3 and .01: the uncertainty order is
 * 11, 5, 9, 2; by suspicion (the given class's belief, ascending) 2 and
 * 9 (.1 each, in row order), 5 (.4), 11 (.44).  Two rounds of history (row 2 relabelled b for the
 * second), a noise matrix with .8 on the diagonal, row 2 auto-fixable,
 * row 11 ambiguous.  force_r > 0: top-r beliefs.
 */
static __attribute__((unused)) void
hand_result(struct pico_result *r, const struct labels *L, uint32_t force_r)
{
	uint32_t n = 12, i, c, scratch[3];
	double b[3];

	picorun_result_alloc(r, n, 3, 2, force_r);
	r->checkers = 6;
	r->expected = 2.5;
	r->round[0].expected = 3;
	r->round[0].flagged = 5;
	r->round[1].expected = 2.5;
	r->round[1].flagged = 4;
	r->round[1].relabelled = 1;
	r->class_noise = xcalloc(3, sizeof *r->class_noise);
	kmat_begin(&r->noise, 3);
	for (c = 0; c < 3; c++) {
		kmat_put(&r->noise, c, 0.8);
		kmat_end_row(&r->noise, 0.1);
	}
	for (c = 0; c < 3; c++)
		r->class_noise[c] = 0.2;
	for (i = 0; i < n; i++) {
		uint32_t g = L->y[i];

		b[0] = b[1] = b[2] = 0.05;
		b[g] = 0.9;
		switch (i) {
		case 2:
			b[0] = 0.1; b[1] = 0.9; b[2] = 0; break;
		case 5:
			b[0] = 0.1; b[1] = 0.4; b[2] = 0.5; break;
		case 9:
			b[0] = 0.6; b[1] = 0.3; b[2] = 0.1; break;
		case 11:
			b[0] = 0.11; b[1] = 0.45; b[2] = 0.44; break;
		}
		post_set(&r->post, i, b, g, scratch);
		r->suggested[i] = b[0] >= b[1] && b[0] >= b[2] ? 0 :
		    b[1] >= b[2] ? 1 : 2;
		r->p_suggested[i] = (float)b[r->suggested[i]];
		r->quality[i] = (float)b[g];
		r->flagged[i] = i == 2 || i == 5 || i == 9 || i == 11;
		r->auto_fix[i] = i == 2;
		r->ambiguous[i] = i == 11;
		r->agree[i] = (uint8_t)(i % 7);
		r->nflagged_rounds[i] = r->flagged[i] ? 2 : 0;
		r->nflagged += r->flagged[i];
		r->history[i] = g;
		r->history[n + i] = i == 2 ? 1 : g;
		r->qhist[i] = 0.5f;
		r->qhist[n + i] = r->quality[i];
	}
}

/* --- log sinks ------------------------------------------------------ */

/* What core logged since the test last emptied it. */
static char warnings[8192];

/* A log sink that appends every message to warnings[], one a line. */
static __attribute__((unused)) void
capture(void *ctx, enum log_level level, const char *msg)
{
	size_t n = strlen(warnings);

	(void)ctx;
	(void)level;
	snprintf(warnings + n, sizeof warnings - n, "%s\n", msg);
}

/* A log sink that drops every message. */
static __attribute__((unused)) void
quiet(void *ctx, enum log_level level, const char *msg)
{
	(void)ctx;
	(void)level;
	(void)msg;
}

/* --- progress ------------------------------------------------------ */

/* A progress callback (struct progress, core/util/progress.h) that asks
 * to cancel at its first report: ctx and cancel point at one atomic_int,
 * set here. */
static __attribute__((unused)) void
cancel_at_first(void *ctx, const char *what, uint64_t done, uint64_t total)
{
	(void)what;
	(void)done;
	(void)total;
	atomic_store((atomic_int *)ctx, 1);
}

/* 1 when cell (c, r) of t holds want[0..wlen), byte for byte. */
static __attribute__((unused)) int
cell_eq(const struct table *t, size_t c, uint64_t r, const char *want,
    size_t wlen)
{
	size_t n;
	const char *s = table_cell(t, c, r, &n);

	return n == wlen && memcmp(s, want, n) == 0;
}

/* A growing buffer that output callbacks write into (sink_put). */
struct sink {
	char *b;
	size_t n, cap;
};

static __attribute__((unused)) void
sink_put(void *ctx, const void *p, size_t n)
{
	struct sink *k = ctx;

	k->b = xgrow(k->b, &k->cap, k->n + n + 1, 1);
	memcpy(k->b + k->n, p, n);
	k->n += n;
}

/*
 * 1 when a and b hold the same rows: column names and types, cells,
 * line numbers, and what the loader counted and hashed.  Dict ids are
 * not compared: a value only in a skipped row may stay in a dict unused
 * or not, depending on when its queue was interned.
 */
static __attribute__((unused)) int
table_same_rows(const struct table *a, const struct table *b)
{
	size_t c, la, lb;
	uint64_t r;
	const char *sa, *sb;

	if (a->nrows != b->nrows || a->ncols != b->ncols || a->nragged !=
	    b->nragged || a->nlax != b->nlax || a->nrepeated !=
	    b->nrepeated || a->ndropped != b->ndropped || a->content_hash !=
	    b->content_hash)
		return 0;
	for (c = 0; c < a->ncols; c++) {
		if (strcmp(a->col[c].name, b->col[c].name) != 0 ||
		    a->col[c].type != b->col[c].type ||
		    a->col[c].ndistinct != b->col[c].ndistinct)
			return 0;
		for (r = 0; r < a->nrows; r++) {
			sa = table_cell(a, c, r, &la);
			sb = table_cell(b, c, r, &lb);
			if (la != lb || memcmp(sa, sb, la) != 0)
				return 0;
		}
	}
	for (r = 0; r < a->nrows; r++)
		if (a->line[r] != b->line[r])
			return 0;
	for (r = 0; r < a->ndropped; r++)
		if (a->dropped[r] != b->dropped[r])
			return 0;
	return 1;
}

/* A decision of type t on key (given and label NULL: not recorded). */
static __attribute__((unused)) struct journal_decision
test_decision(enum journal_type t, const char *key, const char *given,
    const char *label)
{
	struct journal_decision d;

	journal_decision_init(&d, t, key, strlen(key));
	d.given = given;
	d.given_len = given ? strlen(given) : 0;
	d.label = label;
	d.label_len = label ? strlen(label) : 0;
	return d;
}

/*
 * f as n rows of nnum numbers each (f->num, uninitialised, for the
 * test to fill) and no hashed entries, in 1024 dimensions;
 * features_release() it.
 */
static __attribute__((unused)) void
numeric_features(struct features *f, size_t n, uint32_t nnum)
{
	memset(f, 0, sizeof *f);
	f->n = n;
	f->dim = 1024;
	f->ptr = xcalloc(n + 1, sizeof *f->ptr);
	f->idx = xmalloc(sizeof *f->idx);
	f->val = xmalloc(sizeof *f->val);
	f->nnum = nnum;
	f->num = xmalloc((n * nnum + 1) * sizeof *f->num);
}

/*
 * n rows of two numbers (a, b) in [-1, 1) drawn from seed, row i of
 * class cls(a, b, arg).
 */
static __attribute__((unused)) void
plane(struct features *f, size_t n, uint32_t *y, uint64_t seed,
    uint32_t (*cls)(double, double, int), int arg)
{
	struct rng r;
	size_t i;
	double a, b;

	rng_seed(&r, seed, 0);
	numeric_features(f, n, 2);
	for (i = 0; i < n; i++) {
		a = rng_double(&r) * 2 - 1;
		b = rng_double(&r) * 2 - 1;
		y[i] = cls(a, b, arg);
		f->num[i * 2] = (float)a;
		f->num[i * 2 + 1] = (float)b;
	}
}

static __attribute__((unused)) uint32_t
quadrant_of(double a, double b, int k2)
{
	return !k2 && fabs(a) < 0.15 ? 2 : (a > 0) == (b > 0) ? 0 : 1;
}

/*
 * Quadrants (plane): class 0 where x and y have the same sign, 1 where
 * they differ, 2 near the y axis (|x| < 0.15) unless k2 (then only 0
 * and 1).  No line separates them; the cosine (the angle from the
 * origin) tells them apart.
 */
static __attribute__((unused)) void
quadrants(struct features *f, size_t n, uint32_t *y, uint64_t seed, int k2)
{
	plane(f, n, y, seed, quadrant_of, k2);
}

/*
 * The most probable of the k classes of p (the first of a tie); their
 * sum in *sum, and *bad counts each probability outside [pmin, 1].
 */
static __attribute__((unused)) uint32_t
argmax_checked(const float *p, uint32_t k, float pmin, float *sum, int *bad)
{
	uint32_t c, best = 0;

	*sum = 0;
	for (c = 0; c < k; c++) {
		*sum += p[c];
		*bad += p[c] < pmin || p[c] > 1;
		best = p[c] > p[best] ? c : best;
	}
	return best;
}

/*
 * Options that open a journal for writing on the dataset fp (as it is
 * now), by reviewer (NULL: the login name), recording label_col in a new
 * journal; the rest as journal_opts_init() leaves it.
 */
static __attribute__((unused)) struct journal_opts
journal_writing(const struct fingerprint *fp, const char *reviewer,
    const char *label_col)
{
	struct journal_opts o;

	journal_opts_init(&o);
	o.write = 1;
	o.fp = fp;
	o.reviewer = reviewer;
	o.label_col = label_col;
	return o;
}

/*
 * The journal jp opened for writing on the data file data as it is now
 * (its fingerprint), by reviewer (NULL: the login name), with force as
 * journal_opts.force; NULL with e filled when either fails.
 */
static __attribute__((unused)) struct journal *
test_journal(const char *jp, const char *data, const char *reviewer,
    int force, struct err *e)
{
	struct journal_opts o;
	struct fingerprint fp;

	if (fingerprint_file(data, &fp, e) != 0)
		return NULL;
	o = journal_writing(&fp, reviewer, NULL);
	o.force = force;
	return journal_open(jp, &o, e);
}

#endif
