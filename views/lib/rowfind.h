/*
 * rowfind.h - find rows in a rowset: where a row stands (for the views
 * that follow env->row), and the next row whose cell matches a pattern,
 * for n and N.  Each distinct value of the column is matched at most
 * once per search state (columns are dicts: text repeats).
 */
#ifndef WINNOW_ROWFIND_H
#define WINNOW_ROWFIND_H

#include <stdint.h>

#include "core/util/err.h"
#include "core/data/rowset.h"
#include "core/data/filter/rx.h"
#include "core/data/table.h"
#include "views/view.h"

struct rowfind {
	const struct rx *rx;		/* what the memo is for */
	int col;
	uint64_t gen;			/* env->gen + env->find_gen then */
	uint8_t *memo;			/* per value id: 0 unknown, 1 no, 2 yes */
	struct rx_matcher *m;
};

/*
 * The position of row in rows (ascending), else of the first row after
 * it, else the last position; 0 when rows is empty.
 */
uint64_t rowfind_pos(const struct rowset *rows, uint32_t row);

void rowfind_init(struct rowfind *f);
void rowfind_release(struct rowfind *f);

/*
 * From position pos of rows, step dir (+1 or -1) until a row whose cell
 * in column col (-1: any text or categorical column) matches rx; wraps
 * around once.  Returns the position, or -1 when no row matches (or on a
 * matching error, with e filled).  *wrapped is set when it wrapped.
 */
int64_t rowfind_next(struct rowfind *f, const struct table *t,
    const struct rowset *rows, uint64_t pos, int dir, int col,
    const struct rx *rx, int *wrapped, struct err *e);

/*
 * n and N (a: ACT_NEXT_MATCH or ACT_PREV_MATCH) in a view at position
 * pos of rows (env->rows, or the same rows in the view's order), for
 * the last search (env->find on env->find_col) or, when there is none,
 * the last filter's pattern (env->rx on env->rx_col): as rowfind_next
 * (e cleared first), or -2 with a message in env->req when there is no
 * pattern yet.
 */
int64_t rowfind_step(struct rowfind *f, struct view_env *env,
    const struct rowset *rows, uint64_t pos, enum action a, int *wrapped,
    struct err *e);

#endif
