/*
 * flagsin.c - a sharded run's flags file read back into a pico_result
 * for the rows of the loaded data (flagsin.h).
 *
 * The file is loaded by the loader itself (format.h), CSV or JSON Lines
 * alike, with no missing markers but the empty cell (a class may be
 * called "NA"), so malformed records get the loader's file:line:col and
 * every later message names the flags file's own line.  Nothing is
 * taken on trust: each key must name one data row, once, and its given
 * label must be the one the data has, which is what catches flags of
 * another file, another label column or another id column.
 */
#include "core/pico/shard/flagsin.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/format.h"
#include "core/pico/picorun.h"
#include "core/pico/post.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

enum {
	F_ID, F_GIVEN, F_SUGGESTED, F_P, F_QUALITY, F_FLAGGED, F_AUTO,
	F_AMBIGUOUS, F_AGREE, F_ROUNDS, F_DOUBTFUL, NF
};

/* doubtful is the last: files written before it have none */
static const char *const fname[NF] = {
	"id", "given", "suggested", "p_suggested", "quality", "flagged",
	"auto_fix", "ambiguous", "agree", "rounds", "doubtful"
};

struct in {
	const char *path;
	const struct table *f;		/* the flags file */
	const struct table *t;		/* the data */
	const struct labels *L;
	int col[NF];
	uint64_t row;			/* the flags row being read */
	char shown[64];
};

/* Untrusted text, short and printable, for a message. */
static const char *
show(struct in *I, const char *s, size_t n)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 4 < sizeof I->shown; i++) {
		unsigned char c = (unsigned char)s[i];

		I->shown[o++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	if (i < n)
		memcpy(I->shown + o, "...", 3), o += 3;
	I->shown[o] = '\0';
	return I->shown;
}

static int
bad(struct in *I, struct err *e, const char *fmt, const char *a,
    const char *b)
{
	char msg[300];

	snprintf(msg, sizeof msg, fmt, a, b);
	return err_at(e, ERR_DATA, I->path, (long long)I->f->line[I->row], 0,
	    "%s", msg);
}

static const char *
cell(const struct in *I, int f, size_t *n)
{
	return table_cell(I->f, (size_t)I->col[f], I->row, n);
}

/* The data row that line starts, or -1 (t->line ascends). */
static int64_t
row_at_line(const struct table *t, uint64_t line)
{
	size_t at = sort_lower_u64(t->line, 0, t->nrows, line);

	return at < t->nrows && t->line[at] == line ? (int64_t)at : -1;
}

/* The data row the flags row names, or -1 with e filled. */
static int64_t
data_row(struct in *I, struct err *e)
{
	const char *k;
	size_t n, i;
	uint64_t v = 0;
	int64_t r = -1;

	k = cell(I, F_ID, &n);
	if (I->t->id_col >= 0) {
		r = table_find_key(I->t, k, n);
	} else if (n > 0 && n < 20 && k[0] != '0') {
		for (i = 0; i < n && k[i] >= '0' && k[i] <= '9'; i++)
			v = v * 10 + (uint64_t)(k[i] - '0');
		if (i == n)
			r = row_at_line(I->t, v);
	}
	if (r < 0) {
		char data[200];

		snprintf(data, sizeof data, "%s", I->t->path);
		bad(I, e, "row key '%s' names no row of %s (flags of "
		    "another file, or keyed by another column: --id)",
		    show(I, k, n), data);
	}
	return r;
}

/* A class cell: its class, LABELS_NONE when empty, or -1 with e. */
static int64_t
class_of(struct in *I, int f, struct err *e)
{
	size_t n;
	const char *s = cell(I, f, &n);
	int c;

	if (n == 0)
		return LABELS_NONE;
	c = labels_find(I->L, s, n);
	if (c < 0) {
		bad(I, e, "%s '%s' is not a class of the data's label column "
		    "(flags of another label column?)", fname[f],
		    show(I, s, n));
		return -1;
	}
	return c;
}

static int
number(struct in *I, int f, double lo, double hi, double *out,
    struct err *e)
{
	size_t n;
	const char *s = cell(I, f, &n);
	char buf[64], *end;

	if (n == 0 || n >= sizeof buf)
		goto no;
	memcpy(buf, s, n);
	buf[n] = '\0';
	*out = strtod(buf, &end);
	if (*end == '\0' && *out >= lo && *out <= hi)
		return 0;
no:
	return bad(I, e, "%s '%s' is not a number in its range", fname[f],
	    show(I, s, n));
}

static int
flag(struct in *I, int f, uint8_t *out, struct err *e)
{
	size_t n;
	const char *s = cell(I, f, &n);

	if ((n == 1 && s[0] == '1') || (n == 4 && memcmp(s, "true", 4) == 0))
		*out = 1;
	else if ((n == 1 && s[0] == '0') ||
	    (n == 5 && memcmp(s, "false", 5) == 0))
		*out = 0;
	else
		return bad(I, e, "%s '%s' is not 0, 1, true or false",
		    fname[f], show(I, s, n));
	return 0;
}

/* Row i's posterior from its suggestion s (probability p) and its given
 * class g (probability q). */
static void
set_post(struct pico_result *r, uint32_t i, uint32_t g, uint32_t s,
    double p, double q, uint32_t *scratch, double *buf)
{
	uint32_t cls[2], m = 0;
	double val[2], rest;

	if (g != LABELS_NONE && g != s && g < s) {
		cls[m] = g;
		val[m++] = q;
	}
	cls[m] = s;
	val[m++] = p;
	if (g != LABELS_NONE && g != s && g > s) {
		cls[m] = g;
		val[m++] = q;
	}
	rest = 1 - val[0] - (m > 1 ? val[1] : 0);
	rest = r->k > m && rest > 0 ? rest / (r->k - m) : 0;
	post_set_sparse(&r->post, i, cls, val, m, rest, g, scratch, buf);
}

/* One flags row into res; -1 with e. */
static int
one_row(struct in *I, struct pico_result *res, uint8_t *seen,
    uint32_t *scratch, double *buf, struct err *e)
{
	const struct labels *L = I->L;
	int64_t row, g, s;
	double p, q, agree, rounds;
	size_t n, dn, kn;
	const char *gs, *key;
	uint32_t dg;

	if ((row = data_row(I, e)) < 0)
		return -1;
	key = cell(I, F_ID, &kn);
	if (seen[row])
		return bad(I, e, "row key '%s' comes twice%s", show(I, key,
		    kn), "");
	seen[row] = 1;
	gs = cell(I, F_GIVEN, &n);
	dg = L->y[row];
	dn = dg == LABELS_NONE ? 0 : strlen(L->name[dg]);
	if (n != dn || (n && memcmp(gs, L->name[dg], n) != 0)) {
		char data[120];

		snprintf(data, sizeof data, "'%s'", dg == LABELS_NONE ? "" :
		    L->name[dg]);
		return bad(I, e, "given label '%s' is not the data's (%s): "
		    "flags of another label column or file?", show(I, gs, n),
		    data);
	}
	if ((g = class_of(I, F_GIVEN, e)) < 0 ||
	    (s = class_of(I, F_SUGGESTED, e)) < 0)
		return -1;
	if (s == LABELS_NONE)
		s = g == LABELS_NONE ? 0 : g;	/* no other class */
	if (I->col[F_DOUBTFUL] >= 0 &&
	    flag(I, F_DOUBTFUL, &res->doubtful[row], e))
		return -1;
	if (number(I, F_P, 0, 1, &p, e) || number(I, F_QUALITY, 0, 1, &q, e) ||
	    number(I, F_AGREE, 0, 255, &agree, e) ||
	    number(I, F_ROUNDS, 0, 255, &rounds, e) ||
	    flag(I, F_FLAGGED, &res->flagged[row], e) ||
	    flag(I, F_AUTO, &res->auto_fix[row], e) ||
	    flag(I, F_AMBIGUOUS, &res->ambiguous[row], e))
		return -1;
	res->suggested[row] = (uint32_t)s;
	res->p_suggested[row] = (float)p;
	res->quality[row] = (float)q;
	res->agree[row] = (uint8_t)agree;
	res->nflagged_rounds[row] = (uint8_t)rounds;
	set_post(res, (uint32_t)row, (uint32_t)g, (uint32_t)s, p,
	    g == LABELS_NONE ? 0 : s == g ? p : q, scratch, buf);
	return 0;
}

/*
 * What the review card shows besides the row: the round's history (one
 * round, trained on the given labels) and the noise matrix, estimated
 * as the mean posterior of the rows given each class (classes up to
 * NOISE_K; beyond, none, which the card leaves out).
 */
#define NOISE_K 1024

static void
finish(struct pico_result *r, const struct labels *L)
{
	uint32_t i, c, g, s, n = r->n, k = r->k;
	double *acc, *spread, *cnt, v, rest;

	for (i = 0; i < n; i++) {
		r->history[i] = L->y[i];
		r->qhist[i] = r->quality[i];
		if (r->agree[i] > r->checkers)
			r->checkers = r->agree[i];
	}
	/* the run that wrote the flags judged its checkers */
	r->skill.predictive = 1;
	for (i = 0; i < n; i++)
		r->skill.rows += L->y[i] != LABELS_NONE;
	if (k == 0 || k > NOISE_K)
		return;
	acc = xcalloc((size_t)k * k, sizeof *acc);
	spread = xcalloc(k, sizeof *spread);
	cnt = xcalloc(k, sizeof *cnt);
	for (i = 0; i < n; i++) {
		if ((g = L->y[i]) >= k)
			continue;
		s = r->suggested[i];
		cnt[g]++;
		rest = 1 - r->quality[i] - (s != g ? r->p_suggested[i] : 0);
		v = rest > 0 && k > (s != g ? 2u : 1u) ? rest / (k - (s != g ?
		    2u : 1u)) : 0;
		spread[g] += v;
		acc[(size_t)g * k + g] += r->quality[i] - v;
		if (s != g)
			acc[(size_t)g * k + s] += r->p_suggested[i] - v;
	}
	for (g = 0; g < k; g++)
		for (c = 0; c < k; c++)
			acc[(size_t)g * k + c] = cnt[g] ? (acc[(size_t)g * k +
			    c] + spread[g]) / cnt[g] : g == c;
	kmat_from_dense(&r->noise, k, acc);
	r->class_noise = xmalloc(k * sizeof *r->class_noise);
	for (g = 0; g < k; g++)
		r->class_noise[g] = 1 - acc[(size_t)g * k + g];
	FREE_ALL(acc, spread, cnt);
}

int
flagsin_read(const char *path, const struct table *t,
    const struct labels *L, struct pico_result *res, struct err *e)
{
	static const char *const no_na[] = { NULL };
	struct csvload_opts lo;
	struct in I;
	struct table *f;
	uint8_t *seen;
	uint32_t *scratch, i, n = (uint32_t)t->nrows;
	double *buf;
	int c, rc = 0;

	memset(res, 0, sizeof *res);
	csvload_opts_init(&lo);
	lo.na = no_na;
	lo.threads = 1;
	if (!(f = format_load(path, &lo, e)))
		return -1;
	memset(&I, 0, sizeof I);
	I.path = path;
	I.f = f;
	I.t = t;
	I.L = L;
	for (c = 0; c < NF; c++)
		if ((I.col[c] = table_col_index(f, fname[c])) < 0 &&
		    c != F_DOUBTFUL) {
			table_no_column(f, path, fname[c], "a flags file's "
			    "column", e);
			e->code = ERR_DATA;
			table_free(f);
			return -1;
		}
	picorun_result_alloc(res, n, L->k, 1, 0);
	seen = xcalloc((size_t)n + 1, 1);
	scratch = xmalloc(((size_t)L->k + 1) * sizeof *scratch);
	buf = xmalloc(((size_t)L->k + 1) * sizeof *buf);
	for (I.row = 0; I.row < f->nrows; I.row++)
		if (one_row(&I, res, seen, scratch, buf, e) != 0) {
			rc = -1;
			break;
		}
	for (i = 0; rc == 0 && i < n; i++) {
		uint32_t g = L->y[i];

		if (!seen[i]) {
			/* not named: not suspected; the suggestion is some
			 * other class, with no belief in it */
			uint32_t s = g == LABELS_NONE ? 0 : L->k > 1 ?
			    (g + 1) % L->k : g;

			res->suggested[i] = s;
			res->p_suggested[i] = g == LABELS_NONE ? 1 : 0;
			res->quality[i] = 1;
			set_post(res, i, g, s, res->p_suggested[i],
			    g == LABELS_NONE ? 0 : 1, scratch, buf);
		}
		if (g != LABELS_NONE)
			res->expected += 1 - res->quality[i];
		res->nflagged += res->flagged[i];
	}
	FREE_ALL(seen, scratch, buf);
	table_free(f);
	if (rc == 0)
		finish(res, L);
	if (rc != 0)
		pico_result_release(res);
	return rc;
}
