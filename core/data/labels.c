/*
 * labels.c - classes from a column's dict: one pass over the distinct
 * values, one over the rows.
 */
#include "core/data/labels.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/sort.h"
#include "core/util/xalloc.h"

/* Comparators of dict value ids; ctx is the label column. */
static int
cmp_name(const void *a, const void *b, void *ctx)
{
	const struct column *col = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	size_t lx, ly;
	const char *sx = dict_str(&col->dict, x, &lx);
	const char *sy = dict_str(&col->dict, y, &ly);
	int c = memcmp(sx, sy, lx < ly ? lx : ly);

	if (c)
		return c;
	return (lx > ly) - (lx < ly);
}

static int
cmp_count(const void *a, const void *b, void *ctx)
{
	const struct column *col = ctx;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	uint32_t cx = col->dict.count[x], cy = col->dict.count[y];

	if (cx != cy)
		return cx > cy ? -1 : 1;
	return (x > y) - (x < y);
}

int
labels_init(struct labels *L, const struct table *t, int col,
    enum labels_order order, struct err *e)
{
	const struct column *c = &t->col[col];
	uint32_t *vals, *cls, i, k = 0;
	uint64_t r;
	size_t n;

	memset(L, 0, sizeof *L);
	L->col = col;
	L->nrows = t->nrows;
	vals = xmalloc((c->dict.n ? c->dict.n : 1) * sizeof *vals);
	for (i = 0; i < c->dict.n; i++)
		if (!c->vmiss[i] && c->dict.count[i] > 0)
			vals[k++] = i;
	if (k == 0) {
		free(vals);
		return err_set(e, ERR_DATA, "%s: label column '%s' has no "
		    "values", t->path, c->name);
	}
	if (order == LABELS_SORTED)
		sort_stable(vals, k, sizeof *vals, cmp_name, (void *)c);
	else if (order == LABELS_BY_COUNT)
		sort_stable(vals, k, sizeof *vals, cmp_count, (void *)c);
	cls = xmalloc((c->dict.n ? c->dict.n : 1) * sizeof *cls);
	for (i = 0; i < c->dict.n; i++)
		cls[i] = LABELS_NONE;
	L->k = k;
	L->name = xcalloc(k, sizeof *L->name);
	L->count = xcalloc(k, sizeof *L->count);
	for (i = 0; i < k; i++) {
		const char *s = dict_str(&c->dict, vals[i], &n);

		cls[vals[i]] = i;
		L->name[i] = xstrndup(s, n);
		L->count[i] = c->dict.count[vals[i]];
	}
	L->y = xmalloc((t->nrows ? t->nrows : 1) * sizeof *L->y);
	for (r = 0; r < t->nrows; r++) {
		L->y[r] = cls[c->code[r]];
		if (L->y[r] == LABELS_NONE)
			L->nmissing++;
	}
	free(cls);
	free(vals);
	return 0;
}

void
labels_release(struct labels *L)
{
	if (!L)
		return;
	xfree_strv(L->name, L->k);
	FREE_ALL(L->y, L->count);
	memset(L, 0, sizeof *L);
}

int
labels_find(const struct labels *L, const char *name, size_t n)
{
	uint32_t i;

	for (i = 0; i < L->k; i++)
		if (strlen(L->name[i]) == n && memcmp(L->name[i], name, n) == 0)
			return (int)i;
	return -1;
}

uint32_t
labels_add(struct labels *L, const char *name)
{
	int i = labels_find(L, name, strlen(name));

	if (i >= 0)
		return (uint32_t)i;
	L->name = xreallocarray(L->name, L->k + 1, sizeof *L->name);
	L->count = xreallocarray(L->count, L->k + 1, sizeof *L->count);
	L->name[L->k] = xstrdup(name);
	L->count[L->k] = 0;
	return L->k++;
}
