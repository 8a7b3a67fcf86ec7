/*
 * collayout.c - the Table's column layout, kept by the application.
 */
#include "views/lib/collayout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

void
collayout_init(struct collayout *l)
{
	memset(l, 0, sizeof *l);
}

void
collayout_release(struct collayout *l)
{
	free(l->flags);
	collayout_init(l);
}

void
collayout_fit(struct collayout *l, const struct table *t)
{
	if (!t || t->ncols == l->ncols)
		return;
	free(l->flags);
	l->ncols = t->ncols;
	l->flags = xcalloc(t->ncols + 1, 1);
	l->nsort = 0;
	l->serial++;
}

unsigned
collayout_flags(const struct collayout *l, int col)
{
	if (col < 0 || (size_t)col >= l->ncols)
		return 0;
	return l->flags[col];
}

void
collayout_set(struct collayout *l, int col, unsigned flag, int on)
{
	if (col < 0 || (size_t)col >= l->ncols)
		return;
	if (on)
		l->flags[col] |= (uint8_t)flag;
	else
		l->flags[col] &= (uint8_t)~flag;
	l->serial++;
}

int
collayout_toggle_pin(struct collayout *l, const struct table *t, int label,
    int col, char *msg, size_t size)
{
	unsigned f = collayout_flags(l, col);

	if (col == t->id_col || col == label) {
		snprintf(msg, size, "the key and the label always stay at the "
		    "left");
		return 0;
	}
	collayout_set(l, col, COLLAYOUT_PINNED, !(f & COLLAYOUT_PINNED));
	snprintf(msg, size, "%s %s", t->col[col].name, f & COLLAYOUT_PINNED ?
	    "unpinned" : "pinned at the left");
	return 1;
}

size_t
collayout_show_all(struct collayout *l)
{
	size_t c, n = 0;

	for (c = 0; c < l->ncols; c++)
		if (l->flags[c] & COLLAYOUT_HIDDEN) {
			l->flags[c] &= (uint8_t)~COLLAYOUT_HIDDEN;
			n++;
		}
	l->serial++;
	return n;
}

size_t
collayout_nhidden(const struct collayout *l)
{
	size_t c, n = 0;

	for (c = 0; c < l->ncols; c++)
		n += (l->flags[c] & COLLAYOUT_HIDDEN) != 0;
	return n;
}

void
collayout_sort(struct collayout *l, int col, int desc, int add)
{
	size_t i;

	if (col < 0 || (size_t)col >= l->ncols)
		return;
	l->serial++;
	if (!add)
		l->nsort = 0;
	for (i = 0; i < l->nsort; i++)
		if (l->sort[i].col == col) {
			l->sort[i].desc = desc;
			return;
		}
	if (l->nsort == COLLAYOUT_MAXSORT)
		l->nsort--;
	l->sort[l->nsort].col = col;
	l->sort[l->nsort].desc = desc;
	l->nsort++;
}

void
collayout_unsort(struct collayout *l)
{
	l->nsort = 0;
	l->serial++;
}

int
collayout_sorted(const struct collayout *l, int col, int *desc)
{
	size_t i;

	for (i = 0; i < l->nsort; i++)
		if (l->sort[i].col == col) {
			if (desc)
				*desc = l->sort[i].desc;
			return (int)i + 1;
		}
	return 0;
}
