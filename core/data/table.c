/*
 * table.c - what a loaded table knows about itself: lookups by name and
 * key, and each column's facts derived from its dict (missing markers,
 * type, numbers, value order).
 */
#include "core/data/table.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util/sort.h"
#include "core/util/xalloc.h"

void
table_free(struct table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->ncols; i++) {
		struct column *c = &t->col[i];

		free(c->name);
		dict_release(&c->dict);
		FREE_ALL(c->code, c->vmiss, c->vnum, c->vorder, c->jpath);
	}
	FREE_ALL(t->col, t->line, t->dropped, t->path, t);
}

int
table_col_index(const struct table *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->col[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
table_no_column(const struct table *t, const char *path, const char *name,
    const char *opt, struct err *e)
{
	/* room kept at the end for ", and 4294967295 more" */
	enum { TAIL = 32 };
	char list[sizeof e->msg];
	size_t n, len, c;
	int w;

	w = snprintf(list, sizeof list, "%s: no column named '%s' (%s); the "
	    "columns are:", path, name, opt);
	len = w < 0 ? 0 : (size_t)w < sizeof list ? (size_t)w :
	    sizeof list - 1;
	for (c = 0; c < t->ncols; c++) {
		n = strlen(t->col[c].name) + 4;
		if (len + n + TAIL >= sizeof list)
			break;
		len += (size_t)snprintf(list + len, sizeof list - len,
		    "%s '%s'", c ? "," : "", t->col[c].name);
	}
	if (c < t->ncols)
		snprintf(list + len, sizeof list - len, c ? ", and %zu more" :
		    " %zu, too long to list", t->ncols - c);
	return err_set(e, ERR_USAGE, "%s", list);
}

int
table_check_ids(const struct table *t, struct err *e)
{
	const struct column *c;
	uint64_t r, first = 0;
	uint32_t id, dup = DICT_NONE;
	size_t n;
	const char *s;

	if (t->id_col < 0)
		return 0;
	c = &t->col[t->id_col];
	for (id = 0; id < c->dict.n; id++) {
		if (c->vmiss[id] && c->dict.count[id] > 0) {
			for (r = 0; r < t->nrows && c->code[r] != id; r++)
				;
			return err_at(e, ERR_DATA, t->path, (long long)
			    t->line[r], 0, "id column '%s' has a missing "
			    "value", c->name);
		}
		if (c->dict.count[id] > 1) {
			dup = id;
			break;
		}
	}
	if (dup == DICT_NONE)
		return 0;
	for (r = 0; r < t->nrows; r++) {
		if (c->code[r] != dup)
			continue;
		if (first == 0) {
			first = t->line[r];
			continue;
		}
		s = dict_str(&c->dict, dup, &n);
		return err_at(e, ERR_DATA, t->path, (long long)t->line[r], 0,
		    "duplicate id '%.*s' in column '%s' (first at line %llu)",
		    (int)(n > 200 ? 200 : n), s, c->name,
		    (unsigned long long)first);
	}
	return 0;
}

const char *
table_key(const struct table *t, uint64_t row, char *buf, size_t *len)
{
	int n;

	if (t->id_col >= 0)
		return table_cell(t, (size_t)t->id_col, row, len);
	n = snprintf(buf, 24, "%llu", (unsigned long long)row + 1);
	*len = (size_t)n;
	return buf;
}

int64_t
table_find_key(const struct table *t, const char *key, size_t n)
{
	uint64_t v = 0;
	size_t i;
	uint32_t id;

	if (t->id_col >= 0) {
		/* the loader checked that keys are unique, so value ids
		 * were given in row order: id == row */
		id = dict_find(&t->col[t->id_col].dict, key, n);
		return id == DICT_NONE ? -1 : (int64_t)id;
	}
	if (n == 0 || n > 19 || key[0] == '0')
		return -1;
	for (i = 0; i < n; i++) {
		if (key[i] < '0' || key[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(key[i] - '0');
	}
	if (v < 1 || v > t->nrows)
		return -1;
	return (int64_t)(v - 1);
}

/* Whether name reads as a key's: one of the usual names, a "_id"-like
 * suffix, a camel-case "Id" ending, or the name of column number pos
 * (from 1) when the header gave it none. */
static int
key_name(const char *name, size_t pos)
{
	static const char *const whole[] = { "id", "_id", "index", "idx",
		"row", "row_id", "rowid", "row_number", "rownum", "row_no",
		"unnamed: 0", "#", "no", "nr", "key" };
	static const char *const tail[] = { "_id", "-id", " id", ".id" };
	char own[32];
	size_t n = strlen(name), i, m;

	for (i = 0; i < sizeof whole / sizeof whole[0]; i++)
		if (strcasecmp(name, whole[i]) == 0)
			return 1;
	for (i = 0; i < sizeof tail / sizeof tail[0]; i++) {
		m = strlen(tail[i]);
		if (n > m && strcasecmp(name + n - m, tail[i]) == 0)
			return 1;
	}
	if (n > 2 && islower((unsigned char)name[n - 3]) && name[n - 2] ==
	    'I' && (name[n - 1] == 'd' || name[n - 1] == 'D'))
		return 1;
	snprintf(own, sizeof own, "column_%zu", pos);
	return strcmp(name, own) == 0;
}

int
table_row_key(const struct table *t, size_t c)
{
	const struct column *col = &t->col[c];

	/* nvorder values, each in at least one row, none missing: with
	 * nrows of them every row has its own */
	return col->type == COLTYPE_INT && col->nmissing == 0 &&
	    t->nrows > 1 && col->nvorder == t->nrows &&
	    key_name(col->name, c + 1);
}

/* 1 when the value ids are already in ascending numeric order (an id
 * column, a sorted file): then there is nothing to sort. */
static int
in_order(const uint32_t *idx, uint32_t n, const double *v)
{
	uint32_t i;

	for (i = 1; i < n; i++)
		if (!(v[idx[i - 1]] <= v[idx[i]]))
			return 0;
	return 1;
}

void
table_column_derive(struct column *c, const char *const *na)
{
	const struct dict *d = &c->dict;
	unsigned all = INFER_ALL, any = 0, bits;
	uint64_t rows = 0, lensum = 0, spaced = 0;
	uint32_t i, distinct = 0, nv = d->n ? d->n : 1;
	size_t n;
	const char *s;
	double v, *num;
	int b, isint;

	FREE_ALL(c->vmiss, c->vnum, c->vorder);
	c->vnum = NULL;
	c->vorder = NULL;
	c->nvorder = 0;
	c->vmiss = xcalloc(nv, 1);
	c->nmissing = 0;
	/* numbers are parsed once, here, while the type is being found */
	num = xmalloc(nv * sizeof *num);
	for (i = 0; i < d->n; i++) {
		num[i] = NAN;
		s = dict_str(d, i, &n);
		if (infer_is_na(s, n, na)) {
			c->vmiss[i] = 1;
			c->nmissing += d->count[i];
			continue;
		}
		if (d->count[i] == 0)
			continue;	/* only in rows that were skipped */
		distinct++;
		rows += d->count[i];
		lensum += (uint64_t)n * d->count[i];
		if (memchr(s, ' ', n))
			spaced += d->count[i];
		if (c->forced || all == 0)
			continue;	/* the type is settled: a string */
		if (infer_number(s, n, &v, &isint)) {
			num[i] = v;
			bits = INFER_FLOAT;
			if (isint && fabs(v) < 9007199254740992.0)
				bits = infer_value(s, n);
		} else if (all & (INFER_DATE | INFER_BOOL)) {
			bits = infer_value(s, n);
		} else {
			bits = 0;	/* a string: the type is settled */
		}
		all &= bits;
		any |= bits;
	}
	c->ndistinct = distinct;
	if (!c->forced)
		c->type = infer_coltype(all, any, rows, distinct,
		    rows ? (double)lensum / (double)rows : 0,
		    rows ? (double)spaced / (double)rows : 0);
	if (!coltype_numeric(c->type)) {
		free(num);
		return;
	}
	c->vnum = num;
	c->vorder = xmalloc(nv * sizeof *c->vorder);
	for (i = 0; i < d->n; i++) {
		if (c->vmiss[i])
			continue;
		if (c->type == COLTYPE_BOOL || c->type == COLTYPE_DATE) {
			s = dict_str(d, i, &n);
			num[i] = NAN;
			if (c->type == COLTYPE_BOOL && infer_bool(s, n, &b))
				num[i] = b;
			else if (c->type == COLTYPE_DATE &&
			    infer_date(s, n, &v))
				num[i] = v;
		}
		if (d->count[i] > 0 && !isnan(num[i]))
			c->vorder[c->nvorder++] = i;
	}
	if (!in_order(c->vorder, c->nvorder, num))
		sort_idx_by_double(c->vorder, c->nvorder, num);
}

size_t
table_bytes(const struct table *t)
{
	size_t i, b = sizeof *t + t->nrows * sizeof *t->line;

	for (i = 0; i < t->ncols; i++) {
		const struct column *c = &t->col[i];

		b += dict_bytes(&c->dict) + t->nrows * sizeof *c->code;
		b += c->dict.n * (1 + (c->vnum ? 12 : 0));
	}
	return b;
}
