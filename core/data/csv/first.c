/*
 * first.c - the first record: the column names (or, with no header, the
 * number of columns).
 *
 * It is parsed on its own, before the file is cut into parts, because
 * every part needs the number of columns.  Names are taken as they are,
 * except that blank and repeated ones are made unique (with a warning).
 */
#include "core/data/csv/csvload-internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/data/infer.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"

static void
first_field(void *s, size_t len, void *data)
{
	struct first *F = data;

	size_t cap = F->cap;
	char *name;

	if (F->done)
		return;
	F->names = xgrow(F->names, &cap, F->n + 1, sizeof *F->names);
	cap = F->cap;
	F->len = xgrow(F->len, &cap, F->n + 1, sizeof *F->len);
	F->cap = cap;
	/* all the bytes, for comparing rows with the header */
	name = xmalloc(len + 1);
	if (len)
		memcpy(name, s, len);
	name[len] = '\0';
	F->names[F->n] = name;
	F->len[F->n++] = len;
}

static void
first_record(int c, void *data)
{
	struct first *F = data;

	(void)c;
	F->done = 1;
}

void
first_free(struct first *F)
{
	xfree_strv(F->names, F->n);
	free(F->len);
}

int
first_read(struct loader *L, struct first *F, struct err *e)
{
	struct csv_parser cp;
	char *buf = L->src.fd >= 0 ? xmalloc(CHUNK) : NULL;
	const char *data;
	uint64_t off = L->start, line = 1, line_off = L->start;
	long long n = 0;
	size_t i, used, done;
	int rc = 0;

	memset(F, 0, sizeof *F);
	if (csvsyntax_parser_init(&cp, L->delim) != 0) {
		free(buf);
		return err_set(e, ERR_SOFTWARE, "out of memory");
	}
	while (!F->done && (n = src_read(&L->src, off, buf, CHUNK, &data,
	    e)) > 0) {
		/* feed line by line to stop right after the record */
		for (i = 0; i < (size_t)n && !F->done; i += used) {
			const char *q = memchr(data + i, L->term,
			    (size_t)n - i);

			used = q ? (size_t)(q - (data + i)) + 1 : (size_t)n - i;
			for (done = 0;;) {
				done += csvsyntax_parse(&cp, data + i + done,
				    used - done, first_field, first_record, F);
				if (done == used || F->done)
					break;
				if (csv_error(&cp) != 0) {
					rc = err_set(e, ERR_SOFTWARE, "%s: out "
					    "of memory reading the header",
					    L->src.name);
					goto out;
				}
				if (!L->o->lax_quotes) {
					rc = locate_junk(L, line, line_off,
					    off + i + done, e);
					goto out;
				}
				/* the part that parses it again warns */
				csvsyntax_unquote(&cp);
			}
			if (q) {
				line++;
				line_off = off + i + used;
			}
		}
		off += (uint64_t)n;
	}
	if (n < 0) {
		rc = -1;
		goto out;
	}
	if (!F->done) {
		if (csvsyntax_state(&cp) == CSVSYNTAX_QUOTED) {
			uint64_t col;

			locate_field(L, L->start, 1, 0, F->n, &line, &col);
			rc = err_at(e, ERR_DATA, L->src.name, (long long)line,
			    (long long)col, "unterminated quoted field (the "
			    "quote opened here is never closed)");
			goto out;
		}
		csv_fini(&cp, first_field, first_record, F);
	}
	if (!F->done || F->n == 0)
		rc = err_set(e, ERR_DATA, "%s: empty file (no header, no "
		    "rows)", L->src.name);
out:
	csv_free(&cp);
	free(buf);
	return rc;
}

unsigned *
first_kinds(const struct loader *L, const struct first *F)
{
	unsigned *k = xcalloc(L->ncols + 1, sizeof *k);
	size_t i;

	for (i = 0; i < L->ncols && i < F->n && !L->o->no_header; i++)
		if (F->names[i] && F->len[i] > 0 && !infer_is_na(F->names[i],
		    F->len[i], L->o->na))
			k[i] = infer_value(F->names[i], F->len[i]);
	return k;
}

int
first_is_data(const unsigned *k, const struct table *t, const char **why)
{
	unsigned need;
	size_t c, all = 0, typed = 0;

	if (t->ncols == 0)
		return 0;
	for (c = 0; c < t->ncols; c++)
		all += (k[c] & (INFER_FLOAT | INFER_DATE)) != 0;
	if (all == t->ncols) {
		*why = t->ncols == 1 ? "its name is a number" :
		    "every name is a number";
		return 1;
	}
	/* names are words; values of a numeric column are not: a name that
	 * reads as its column's values is a value */
	for (c = 0; c < t->ncols; c++) {
		switch (t->col[c].type) {
		case COLTYPE_BOOL: need = INFER_BOOL; break;
		case COLTYPE_INT: need = INFER_INT; break;
		case COLTYPE_FLOAT: need = INFER_FLOAT; break;
		case COLTYPE_DATE: need = INFER_DATE; break;
		default: need = 0; break;
		}
		if (!need)
			continue;
		if (!(k[c] & need))
			return 0;
		typed += need != INFER_BOOL;
	}
	if (typed == 0)
		return 0;
	*why = "each numeric column's name reads as one of its values";
	return 1;
}

char **
first_names(const struct loader *L, struct first *F)
{
	char **names = xcalloc(L->ncols, sizeof *names);
	size_t i, j, k;
	int clash;

	for (i = 0; i < L->ncols; i++) {
		if (L->o->no_header) {
			names[i] = xasprintf("column_%zu", i + 1);
			continue;
		}
		if (F->names[i][0] == '\0') {
			names[i] = xasprintf("column_%zu", i + 1);
			log_warn("%s:1: column %zu has no name; calling it %s",
			    L->src.name, i + 1, names[i]);
		} else {
			names[i] = F->names[i];
			F->names[i] = NULL;
		}
	}
	for (i = 1; i < L->ncols; i++) {
		for (k = 2;; k++) {
			clash = 0;
			for (j = 0; j < i && !clash; j++)
				clash = strcmp(names[i], names[j]) == 0;
			if (!clash)
				break;
			{
				char *base = names[i], *p;

				/* strip a suffix we added ourselves */
				if (k > 2 && (p = strrchr(base, '_')) != NULL)
					*p = '\0';
				names[i] = xasprintf("%s_%zu", base, k);
				if (k == 2)
					log_warn("%s:1: column %zu repeats the "
					    "name '%s'; calling it %s",
					    L->src.name, i + 1, base,
					    names[i]);
				free(base);
			}
		}
	}
	return names;
}
