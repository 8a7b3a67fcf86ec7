/*
 * rowfind.c - n and N.  The memo is rebuilt when the pattern or the
 * column changes; a search is one pass at most over the rows.
 */
#include "views/lib/rowfind.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/filter/filter.h"
#include "core/util/xalloc.h"

uint64_t
rowfind_pos(const struct rowset *rows, uint32_t row)
{
	uint64_t i = rowset_find(rows, row);

	return i < rows->n ? i : rows->n ? rows->n - 1 : 0;
}

int64_t
rowfind_step(struct rowfind *f, struct view_env *env,
    const struct rowset *rows, uint64_t pos, enum action a, int *wrapped,
    struct err *e)
{
	const struct rx *rx = env->find ? env->find : env->rx;
	int col = env->find ? env->find_col : env->rx_col;
	uint64_t gen = env->gen + env->find_gen;

	if (!rx) {
		snprintf(env->req.msg, sizeof env->req.msg,
		    "no search yet: / searches the current column");
		return -2;
	}
	/* a pattern freed and another made at its address, or another
	 * table: the memo is not for them */
	if (f->gen != gen)
		rowfind_release(f);
	f->gen = gen;
	err_clear(e);
	return rowfind_next(f, env->t, rows, pos, a == ACT_NEXT_MATCH ? 1 : -1,
	    col, rx, wrapped, e);
}

void
rowfind_init(struct rowfind *f)
{
	memset(f, 0, sizeof *f);
	f->col = -2;
}

void
rowfind_release(struct rowfind *f)
{
	if (!f)
		return;
	free(f->memo);
	rx_matcher_free(f->m);
	f->memo = NULL;
	f->m = NULL;
	f->rx = NULL;
	f->col = -2;
}

static int
cell_matches(struct rowfind *f, const struct table *t, size_t c, uint32_t r,
    uint8_t *memo, struct err *e)
{
	const struct column *col = &t->col[c];
	uint32_t id = col->code[r];
	size_t len;
	const char *s;
	int m;

	if (memo && memo[id])
		return memo[id] == 2;
	s = dict_str(&col->dict, id, &len);
	m = rx_test(f->m, s, len, e);
	if (m < 0)
		return -1;
	if (memo)
		memo[id] = (uint8_t)(m ? 2 : 1);
	return m;
}

int64_t
rowfind_next(struct rowfind *f, const struct table *t,
    const struct rowset *rows, uint64_t pos, int dir, int col,
    const struct rx *rx, int *wrapped, struct err *e)
{
	uint64_t step, n = rows->n, p;
	size_t c;
	int m;

	*wrapped = 0;
	if (!rx || n == 0)
		return -1;
	if (f->rx != rx || f->col != col) {
		rowfind_release(f);
		f->rx = rx;
		f->col = col;
		f->m = rx_matcher_new(rx);
		if (col >= 0)
			f->memo = xcalloc(t->col[col].dict.n + 1, 1);
	}
	for (step = 1; step <= n; step++) {
		if (dir > 0)
			p = (pos + step) % n;
		else
			p = (pos + n - step) % n;
		if ((dir > 0 && p <= pos) || (dir < 0 && p >= pos))
			*wrapped = 1;
		if (col >= 0) {
			m = cell_matches(f, t, (size_t)col, rows->row[p],
			    f->memo, e);
		} else {
			m = 0;
			for (c = 0; c < t->ncols && !m; c++)
				if (filter_searchable(&t->col[c]))
					m = cell_matches(f, t, c, rows->row[p],
					    NULL, e);
		}
		if (m < 0)
			return -1;
		if (m)
			return (int64_t)p;
	}
	return -1;
}
