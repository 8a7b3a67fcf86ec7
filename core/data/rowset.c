/*
 * rowset.c - growable arrays of row indices.
 */
#include "core/data/rowset.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/sort.h"
#include "core/util/xalloc.h"

void
rowset_init(struct rowset *rs)
{
	memset(rs, 0, sizeof *rs);
}

void
rowset_all(struct rowset *rs, uint64_t nrows)
{
	uint64_t i;

	rowset_release(rs);
	rs->row = xreallocarray(NULL, nrows ? nrows : 1, sizeof *rs->row);
	rs->cap = nrows;
	for (i = 0; i < nrows; i++)
		rs->row[i] = (uint32_t)i;
	rs->n = nrows;
}

void
rowset_push(struct rowset *rs, uint32_t row)
{
	size_t cap = rs->cap;

	rs->row = xgrow(rs->row, &cap, rs->n + 1, sizeof *rs->row);
	rs->cap = cap;
	rs->row[rs->n++] = row;
}

void
rowset_copy(struct rowset *dst, const struct rowset *src)
{
	if (dst == src)
		return;
	rowset_release(dst);
	dst->row = xreallocarray(NULL, src->n ? src->n : 1, sizeof *dst->row);
	if (src->n)
		memcpy(dst->row, src->row, src->n * sizeof *dst->row);
	dst->n = dst->cap = src->n;
}

void
rowset_release(struct rowset *rs)
{
	if (!rs)
		return;
	free(rs->row);
	rowset_init(rs);
}

int
rowset_has(const struct rowset *rs, uint32_t row)
{
	uint64_t i = rowset_find(rs, row);

	return i < rs->n && rs->row[i] == row;
}

uint64_t
rowset_find(const struct rowset *rs, uint32_t row)
{
	return sort_lower_u32(rs->row, 0, rs->n, row);
}
