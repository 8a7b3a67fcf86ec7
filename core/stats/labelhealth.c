/*
 * labelhealth.c - label checks in a few passes over the rows.
 *
 * Duplicates: every compared column maps its value ids to a hash of
 * their trimmed text (all missing markers alike), each row's tuple of
 * those is hashed, rows whose hash is seen once only are dropped (two
 * bitmaps), the rest are sorted by hash (stable radix sort, so rows keep
 * the set's order within a hash), and each run of equal hashes is split
 * into groups of exactly equal rows, comparing the trimmed texts.  A
 * hash collision therefore costs time, never a wrong group.
 */
#include "core/stats/labelhealth.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/dict.h"
#include "core/util/hash.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

void
labelhealth_opts_init(struct labelhealth_opts *o)
{
	memset(o, 0, sizeof *o);
	o->tiny = 10;
	o->max_groups = 20;
}

const char *
labelhealth_kind_name(enum labelhealth_kind k)
{
	switch (k) {
	case LABELHEALTH_MISSING: return "missing";
	case LABELHEALTH_VARIANT: return "variant";
	case LABELHEALTH_TINY: return "tiny";
	case LABELHEALTH_CONFLICT: return "conflict";
	}
	return "?";
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f';
}

/* Trim s[0 .. *n) in place of pointers: returns the start, sets *n. */
static const char *
trim(const char *s, size_t *n)
{
	size_t a = 0, b = *n;

	while (a < b && is_space((unsigned char)s[a]))
		a++;
	while (b > a && is_space((unsigned char)s[b - 1]))
		b--;
	*n = b - a;
	return s + a;
}

int
labelhealth_compares(const struct table *t, const struct labels *L,
    size_t col)
{
	const struct column *c = &t->col[col];

	if ((int)col == t->id_col || (L && (int)col == L->col))
		return 0;
	if (c->type == COLTYPE_INT && t->nrows > 1 && c->nmissing == 0 &&
	    c->ndistinct == t->nrows)
		return 0;
	return 1;
}

static struct labelhealth_finding *
add_finding(struct labelhealth *h, enum labelhealth_kind kind)
{
	struct labelhealth_finding *f;

	h->find = xreallocarray(h->find, h->nfind + 1, sizeof *h->find);
	f = &h->find[h->nfind++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	return f;
}

static void
add_example(struct labelhealth_finding *f, uint32_t row)
{
	if (f->nex < LABELHEALTH_EXAMPLES)
		f->ex[f->nex++] = row;
}

/*
 * A 32-bit hash of each value's trimmed text (all missing markers
 * hash alike).  For values without surrounding white space this is the
 * dict's own stored hash (the low bits of dict_hash), so only the
 * untrimmed values are hashed again, and when a column has none (and at
 * most one missing marker) canon_map returns NULL: the dict's hash array
 * is used as it is, with no copy.  Equal trimmed texts get equal hashes;
 * groups are verified exactly afterwards by same_cell().
 */
static int
untrimmed(const char *s, size_t n)
{
	return n > 0 && (is_space((unsigned char)s[0]) ||
	    is_space((unsigned char)s[n - 1]));
}

static uint32_t *
canon_map(const struct column *c)
{
	uint32_t *m, id, nmiss = 0;
	const char *s, *ts;
	size_t n, tn;
	int need = 0;

	for (id = 0; id < c->dict.n && !need; id++) {
		if (c->vmiss[id])
			need = ++nmiss > 1;
		else {
			s = dict_str(&c->dict, id, &n);
			need = untrimmed(s, n);
		}
	}
	if (!need)
		return NULL;	/* the dict's hashes will do */
	m = xmalloc((c->dict.n ? c->dict.n : 1) * sizeof *m);
	for (id = 0; id < c->dict.n; id++) {
		if (c->vmiss[id]) {
			m[id] = 0;
			continue;
		}
		s = dict_str(&c->dict, id, &n);
		if (!untrimmed(s, n)) {
			m[id] = c->dict.hash[id];
			continue;
		}
		tn = n;
		ts = trim(s, &tn);
		m[id] = (uint32_t)dict_hash(ts, tn);
	}
	return m;
}

/* 1 when value ids a and b of column c are equal for duplicates. */
static int
same_cell(const struct column *c, uint32_t a, uint32_t b)
{
	const char *sa, *sb;
	size_t na, nb;

	if (a == b)
		return 1;
	if (c->vmiss[a] || c->vmiss[b])
		return c->vmiss[a] && c->vmiss[b];
	sa = dict_str(&c->dict, a, &na);
	sb = dict_str(&c->dict, b, &nb);
	sa = trim(sa, &na);
	sb = trim(sb, &nb);
	return na == nb && memcmp(sa, sb, na) == 0;
}

/* The i-th row of the set: rows[i], or i when rows is NULL (all rows). */
#define RW(rows, i)	((rows) ? (rows)[i] : (uint32_t)(i))

#define BLOCK 2048

/*
 * The hashes of rows [base, base + m) of the set over the compared
 * columns: a multiply-add per cell, column by column within the block
 * (tight loops, independent rows), then one full mix per row.
 */
static void
block_keys(const uint32_t *const *canon, const uint32_t *const *codes,
    size_t ncols, const uint32_t *rows, uint64_t base, size_t m,
    uint64_t *k)
{
	size_t c, j;

	for (j = 0; j < m; j++)
		k[j] = HASH_K2;
	for (c = 0; c < ncols; c++) {
		const uint32_t *cn = canon[c], *cd = codes[c];

		if (rows)
			for (j = 0; j < m; j++)
				k[j] = (k[j] + cn[cd[rows[base + j]]]) *
				    HASH_K1;
		else
			for (j = 0; j < m; j++)
				k[j] = (k[j] + cn[cd[base + j]]) * HASH_K1;
	}
	for (j = 0; j < m; j++)
		k[j] = hash_u64(k[j], HASH_K0);
}

struct group {
	uint64_t start, n;	/* in the grouped order */
	uint32_t first;		/* first row (set order) */
};

static int
cmp_group(const void *a, const void *b, void *ctx)
{
	const struct group *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return (x->first > y->first) - (x->first < y->first);
}

static int
duplicates(struct labelhealth *h, const struct table *t,
    const struct labels *L, const uint32_t *rows, uint64_t nr,
    const struct labelhealth_opts *o, const struct progress *p,
    struct err *e)
{
	size_t *cols, ncols = 0, ci;
	const uint32_t **canon, **codes;
	uint32_t **owned, *idx, row, cls;
	uint64_t *key, i, j, g, run, ngroups = 0;
	size_t capgroups = 0;
	struct group *groups = NULL;
	uint64_t *ccount = xcalloc(L->k + 1, sizeof *ccount);

	cols = xmalloc((t->ncols ? t->ncols : 1) * sizeof *cols);
	for (ci = 0; ci < t->ncols; ci++)
		if (labelhealth_compares(t, L, ci))
			cols[ncols++] = ci;
	h->ncompared = ncols;
	if (ncols == 0 || nr < 2) {
		free(cols);
		free(ccount);
		return 0;
	}
	canon = xmalloc(ncols * sizeof *canon);
	owned = xcalloc(ncols, sizeof *owned);
	codes = xmalloc(ncols * sizeof *codes);
	for (ci = 0; ci < ncols; ci++) {
		if (progress_step(p, "label check", ci, ncols) < 0) {
			for (i = 0; i < ci; i++)
				free(owned[i]);
			FREE_ALL(owned, canon, codes, cols, ccount);
			return err_set(e, ERR_CANCEL, "label check: "
			    "cancelled");
		}
		owned[ci] = canon_map(&t->col[cols[ci]]);
		canon[ci] = owned[ci] ? owned[ci] : t->col[cols[ci]].dict.hash;
		codes[ci] = t->col[cols[ci]].code;
	}
	/*
	 * Most rows are unique.  Pass 1 hashes the rows (block by block,
	 * so no array of every row's hash is needed) into two bitmaps of
	 * about 8 bits a row, "seen" and "seen twice"; pass 2 hashes again
	 * and keeps only the rows whose bit was seen twice, which are then
	 * sorted by hash.
	 */
	{
		uint64_t bits = 1, *seen, *twice, b, ncand = 0, capc = 0;
		uint32_t *pos = NULL, *ord;
		uint64_t *ckey = NULL, *kb = xmalloc(BLOCK * sizeof *kb);

		while (bits < 8 * nr && bits < (1ull << 32))
			bits <<= 1;
		seen = xcalloc(bits / 64 + 1, sizeof *seen);
		twice = xcalloc(bits / 64 + 1, sizeof *twice);
		for (i = 0; i < nr; i += BLOCK) {
			size_t m = nr - i < BLOCK ? (size_t)(nr - i) : BLOCK, q;

			block_keys(canon, codes, ncols, rows, i, m, kb);
			for (q = 0; q < m; q++) {
				b = kb[q] & (bits - 1);
				if (seen[b >> 6] >> (b & 63) & 1)
					twice[b >> 6] |= 1ull << (b & 63);
				else
					seen[b >> 6] |= 1ull << (b & 63);
			}
		}
		free(seen);
		for (i = 0; i < nr; i += BLOCK) {
			size_t m = nr - i < BLOCK ? (size_t)(nr - i) : BLOCK, q;

			block_keys(canon, codes, ncols, rows, i, m, kb);
			for (q = 0; q < m; q++) {
				b = kb[q] & (bits - 1);
				if (!(twice[b >> 6] >> (b & 63) & 1))
					continue;
				if (ncand == capc) {
					size_t c1 = (size_t)capc;
					size_t c2 = (size_t)capc;

					pos = xgrow(pos, &c1, ncand + 1,
					    sizeof *pos);
					ckey = xgrow(ckey, &c2, ncand + 1,
					    sizeof *ckey);
					capc = c1;
				}
				pos[ncand] = (uint32_t)(i + q);
				ckey[ncand++] = kb[q];
			}
		}
		free(twice);
		free(kb);
		ord = xmalloc((ncand ? ncand : 1) * sizeof *ord);
		for (i = 0; i < ncand; i++)
			ord[i] = (uint32_t)i;
		sort_idx_by_u64(ord, ncand, ckey);
		idx = xmalloc((ncand ? ncand : 1) * sizeof *idx);
		key = xmalloc((ncand ? ncand : 1) * sizeof *key);
		for (i = 0; i < ncand; i++) {
			idx[i] = pos[ord[i]];
			key[i] = ckey[ord[i]];
		}
		FREE_ALL(ord, pos, ckey);
		nr = ncand;
	}
	/* split runs of equal hashes into groups of equal tuples, in
	 * place: a group's positions end up contiguous in idx */
	for (i = 0; i < nr; i = j) {
		for (j = i + 1; j < nr && key[j] == key[i]; j++)
			;
		run = j - i;
		if (run < 2)
			continue;
		{
			uint64_t left = run, base = i, a, w;
			uint32_t *tmp = idx + i;

			/* repeatedly take the first left position's tuple
			 * and gather its equals to the front */
			while (left >= 2) {
				uint32_t rep = RW(rows, tmp[0]);

				w = 1;
				for (a = 1; a < left; a++) {
					uint32_t r2 = RW(rows, tmp[a]), x;
					size_t c2;

					for (c2 = 0; c2 < ncols; c2++) {
						const struct column *cc =
						    &t->col[cols[c2]];

						if (!same_cell(cc,
						    cc->code[rep],
						    cc->code[r2]))
							break;
					}
					if (c2 == ncols) {
						x = tmp[w];
						tmp[w] = tmp[a];
						tmp[a] = x;
						w++;
					}
				}
				if (w >= 2) {
					/* keep set order within the group */
					sort_u32(tmp, w, NULL);
					groups = xgrow(groups,
					    &capgroups, ngroups + 1,
					    sizeof *groups);
					groups[ngroups].start = base;
					groups[ngroups].n = w;
					groups[ngroups].first =
					    RW(rows, tmp[0]);
					ngroups++;
				}
				tmp += w;
				base += w;
				left -= w;
			}
		}
	}
	h->dup_groups = ngroups;
	/* which groups conflict */
	{
		uint64_t nconf = 0;
		struct group *conf = xmalloc((ngroups ? ngroups : 1) *
		    sizeof *conf);

		for (g = 0; g < ngroups; g++) {
			uint32_t distinct = 0;

			for (i = 0; i < groups[g].n; i++) {
				cls = L->y[RW(rows, idx[groups[g].start + i])];
				if (cls < L->k && ccount[cls]++ == 0)
					distinct++;
			}
			for (i = 0; i < groups[g].n; i++) {
				cls = L->y[RW(rows, idx[groups[g].start + i])];
				if (cls < L->k)
					ccount[cls] = 0;
			}
			if (distinct >= 2) {
				conf[nconf++] = groups[g];
				h->conflict_rows += groups[g].n;
			}
		}
		h->conflict_groups = nconf;
		sort_stable(conf, nconf, sizeof *conf, cmp_group, NULL);
		for (g = 0; g < nconf && g < o->max_groups; g++) {
			struct labelhealth_finding *f =
			    add_finding(h, LABELHEALTH_CONFLICT);
			uint32_t c;

			f->rows = conf[g].n;
			for (i = 0; i < conf[g].n; i++) {
				row = RW(rows, idx[conf[g].start + i]);
				add_example(f, row);
				cls = L->y[row];
				if (cls < L->k)
					ccount[cls]++;
			}
			f->cls = xmalloc(L->k * sizeof *f->cls);
			f->cls_rows = xmalloc(L->k * sizeof *f->cls_rows);
			for (c = 0; c < L->k; c++)
				if (ccount[c]) {
					f->cls[f->ncls] = c;
					f->cls_rows[f->ncls++] = ccount[c];
					ccount[c] = 0;
				}
		}
		free(conf);
	}
	for (ci = 0; ci < ncols; ci++)
		free(owned[ci]);
	FREE_ALL(owned, canon, codes, groups, idx, key, cols, ccount);
	return 0;
}

/* Variants: classes present in the set, grouped by normalised name
 * through a scratch dict; first[c] is class c's first row (NULL: no
 * examples). */
static void
variants(struct labelhealth *h, const struct labels *L,
    const uint32_t *first)
{
	struct labelhealth_finding *f;
	uint32_t c;

	{
		struct dict norm;
		uint32_t *gid = xmalloc((L->k + 1) * sizeof *gid), gn, gi;
		char *buf = NULL;
		size_t cap = 0, n, j;
		const char *s;

		dict_init(&norm);
		for (c = 0; c < L->k; c++) {
			gid[c] = DICT_NONE;
			if (!h->class_rows[c])
				continue;
			n = strlen(L->name[c]);
			s = trim(L->name[c], &n);
			buf = xgrow(buf, &cap, n + 1, 1);
			for (j = 0; j < n; j++)
				buf[j] = s[j] >= 'A' && s[j] <= 'Z' ?
				    (char)(s[j] + 32) : s[j];
			gid[c] = dict_intern(&norm, buf, n);
		}
		gn = norm.n;
		for (gi = 0; gi < gn; gi++) {
			if (norm.count[gi] < 2)
				continue;
			f = add_finding(h, LABELHEALTH_VARIANT);
			f->cls = xmalloc(norm.count[gi] * sizeof *f->cls);
			f->cls_rows = xmalloc(norm.count[gi] *
			    sizeof *f->cls_rows);
			for (c = 0; c < L->k; c++) {
				if (gid[c] != gi)
					continue;
				f->cls[f->ncls] = c;
				f->cls_rows[f->ncls++] = h->class_rows[c];
				f->rows += h->class_rows[c];
				if (first)
					add_example(f, first[c]);
			}
			sort_u32(f->ex, f->nex, NULL);
		}
		free(buf);
		free(gid);
		dict_release(&norm);
	}

}

/* Tiny classes, with example rows from rows[0 .. nr) (RW) when
 * L->y is there. */
static void
tiny(struct labelhealth *h, const struct labels *L,
    const struct labelhealth_opts *o, const uint32_t *rows, uint64_t nr)
{
	struct labelhealth_finding *f;
	uint32_t c, y;
	uint64_t i;

	{
		size_t t0 = h->nfind;
		uint32_t *which = xmalloc((L->k + 1) * sizeof *which);

		for (c = 0; c < L->k; c++) {
			which[c] = UINT32_MAX;
			if (!h->class_rows[c] || h->class_rows[c] >= o->tiny)
				continue;
			f = add_finding(h, LABELHEALTH_TINY);
			f->rows = h->class_rows[c];
			f->ncls = 1;
			f->cls = xmalloc(sizeof *f->cls);
			f->cls_rows = xmalloc(sizeof *f->cls_rows);
			f->cls[0] = c;
			f->cls_rows[0] = h->class_rows[c];
			which[c] = (uint32_t)(h->nfind - 1);
		}
		if (h->nfind > t0 && L->y)
			for (i = 0; i < nr; i++) {
				y = L->y[RW(rows, i)];
				if (y < L->k && which[y] != UINT32_MAX)
					add_example(&h->find[which[y]],
					    RW(rows, i));
			}
		free(which);
	}
}

int
labelhealth_check(struct labelhealth *h, const struct table *t,
    const struct labels *L, const struct rowset *rs,
    const struct labelhealth_opts *opts, const struct progress *p,
    struct err *e)
{
	struct labelhealth_opts defaults;
	const struct labelhealth_opts *o = opts;
	uint64_t i, nr = rs ? rs->n : t->nrows;
	const uint32_t *rows;
	uint32_t *first, c, y, row;
	struct labelhealth_finding *f;

	if (!o) {
		labelhealth_opts_init(&defaults);
		o = &defaults;
	}
	memset(h, 0, sizeof *h);
	h->rows = nr;
	h->k = L->k;
	h->majority = LABELS_NONE;
	h->majority_share = NAN;
	h->class_rows = xcalloc(L->k + 1, sizeof *h->class_rows);
	rows = rs ? rs->row : NULL;
	first = xmalloc((L->k + 1) * sizeof *first);
	for (c = 0; c < L->k; c++)
		first[c] = UINT32_MAX;
	f = NULL;
	for (i = 0; i < nr; i++) {
		row = RW(rows, i);
		y = L->y[row];
		if (y >= L->k) {
			if (!f) {
				f = add_finding(h, LABELHEALTH_MISSING);
			}
			f->rows++;
			add_example(f, row);
			continue;
		}
		h->labelled++;
		if (h->class_rows[y]++ == 0)
			first[y] = row;
	}
	for (c = 0; c < L->k; c++) {
		if (!h->class_rows[c])
			continue;
		h->present++;
		if (h->majority == LABELS_NONE ||
		    h->class_rows[c] > h->class_rows[h->majority])
			h->majority = c;
	}
	if (h->labelled)
		h->majority_share = (double)h->class_rows[h->majority] /
		    (double)h->labelled;

	variants(h, L, first);
	tiny(h, L, o, rows, nr);
	free(first);

	if (duplicates(h, t, L, rows, nr, o, p, e) < 0) {
		labelhealth_release(h);
		return -1;
	}
	return 0;
}

void
labelhealth_release(struct labelhealth *h)
{
	size_t i;

	if (!h)
		return;
	for (i = 0; i < h->nfind; i++) {
		free(h->find[i].cls);
		free(h->find[i].cls_rows);
	}
	free(h->find);
	free(h->class_rows);
	memset(h, 0, sizeof *h);
}

int
labelhealth_counts(struct labelhealth *h, const struct labels *L,
    const uint64_t *class_rows, uint64_t unlabelled,
    const struct labelhealth_opts *opts)
{
	struct labelhealth_opts defaults;
	struct labelhealth_finding *f;
	uint32_t c;

	if (!opts) {
		labelhealth_opts_init(&defaults);
		opts = &defaults;
	}
	memset(h, 0, sizeof *h);
	h->k = L->k;
	h->majority = LABELS_NONE;
	h->majority_share = NAN;
	h->class_rows = xcalloc(L->k + 1, sizeof *h->class_rows);
	if (unlabelled) {
		f = add_finding(h, LABELHEALTH_MISSING);
		f->rows = unlabelled;
	}
	for (c = 0; c < L->k; c++) {
		h->class_rows[c] = class_rows[c];
		h->labelled += class_rows[c];
		if (!class_rows[c])
			continue;
		h->present++;
		if (h->majority == LABELS_NONE ||
		    class_rows[c] > class_rows[h->majority])
			h->majority = c;
	}
	h->rows = h->labelled + unlabelled;
	if (h->labelled)
		h->majority_share = (double)h->class_rows[h->majority] /
		    (double)h->labelled;
	variants(h, L, NULL);
	tiny(h, L, opts, NULL, 0);
	return 0;
}
