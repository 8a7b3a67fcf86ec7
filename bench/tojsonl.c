/*
 * tojsonl.c - write a CSV file as JSON Lines: `make bench` makes its
 * JSON Lines file from the benchmark CSV with it, and
 * datasets/fortunes8.jsonl was made with it.
 *
 *   tojsonl IN.csv OUT.jsonl [--nest NAME=COL,COL...]...
 *
 * One object per row, the columns as keys in their order; the columns
 * named by --nest go into one object NAME, placed where the first of
 * them was.  A missing cell is null, a cell of a numeric column that
 * JSON can write as a number is one, true and false of a boolean
 * column are themselves, everything else is a string.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/data/jsonl/jscan.h"
#include "core/util/jsonw.h"
#include "core/util/xalloc.h"

#define MAX_NEST 8

struct nest {
	char *name;
	int *in;		/* per column: 1 when it is in this group */
	int first;		/* the group's first column */
};

static void
put_key(FILE *f, const char *k, char **esc, size_t *cap)
{
	size_t n = strlen(k);

	*esc = xgrow(*esc, cap, 6 * n + 2, 1);
	fwrite(*esc, 1, jsonw_quote(k, n, *esc), f);
	fputc(':', f);
}

static void
put_cell(FILE *f, const struct table *t, size_t c, uint64_t r, char **esc,
    size_t *cap)
{
	size_t n;
	const char *s = table_cell(t, c, r, &n);
	enum coltype ty = t->col[c].type;

	if (table_missing(t, c, r)) {
		fputs("null", f);
	} else if ((ty == COLTYPE_INT || ty == COLTYPE_FLOAT) &&
	    jscan_is_number(s, n)) {
		fwrite(s, 1, n, f);
	} else if (ty == COLTYPE_BOOL && ((n == 4 && memcmp(s, "true",
	    4) == 0) || (n == 5 && memcmp(s, "false", 5) == 0))) {
		fwrite(s, 1, n, f);
	} else {
		*esc = xgrow(*esc, cap, 6 * n + 2, 1);
		fwrite(*esc, 1, jsonw_quote(s, n, *esc), f);
	}
}

int
main(int argc, char **argv)
{
	struct nest nest[MAX_NEST];
	int nn = 0, i, g, first;
	struct csvload_opts o;
	struct err e;
	struct table *t;
	FILE *f;
	char *esc = NULL;
	size_t cap = 0, c;
	uint64_t r;

	if (argc < 3 || (argc - 3) % 2 != 0) {
		fprintf(stderr, "usage: tojsonl IN.csv OUT.jsonl "
		    "[--nest NAME=COL,COL...]...\n");
		return 64;
	}
	csvload_opts_init(&o);
	t = csvload(argv[1], &o, &e);
	if (!t) {
		fprintf(stderr, "tojsonl: %s\n", e.msg);
		return e.code;
	}
	for (i = 3; i < argc && nn < MAX_NEST; i += 2) {
		char *spec = xstrdup(argv[i + 1]), *eq = strchr(spec, '='),
		    *p, *q;

		if (strcmp(argv[i], "--nest") != 0 || !eq) {
			fprintf(stderr, "tojsonl: --nest NAME=COL,... "
			    "expected\n");
			return 64;
		}
		*eq = '\0';
		nest[nn].name = spec;
		nest[nn].in = xcalloc(t->ncols, sizeof *nest[nn].in);
		nest[nn].first = -1;
		for (p = eq + 1; p; p = q) {
			int ci;

			q = strchr(p, ',');
			if (q)
				*q++ = '\0';
			ci = table_col_index(t, p);
			if (ci < 0) {
				fprintf(stderr, "tojsonl: no column '%s'\n", p);
				return 64;
			}
			nest[nn].in[ci] = 1;
			if (nest[nn].first < 0 || ci < nest[nn].first)
				nest[nn].first = ci;
		}
		nn++;
	}
	f = fopen(argv[2], "w");
	if (!f) {
		perror(argv[2]);
		return 73;
	}
	for (r = 0; r < t->nrows; r++) {
		fputc('{', f);
		first = 1;
		for (c = 0; c < t->ncols; c++) {
			for (g = 0; g < nn && !nest[g].in[c]; g++)
				;
			if (g < nn && nest[g].first != (int)c)
				continue;	/* written with its group */
			if (!first)
				fputc(',', f);
			first = 0;
			if (g == nn) {
				put_key(f, t->col[c].name, &esc, &cap);
				put_cell(f, t, c, r, &esc, &cap);
				continue;
			}
			put_key(f, nest[g].name, &esc, &cap);
			fputc('{', f);
			for (i = (int)c; i < (int)t->ncols; i++) {
				if (!nest[g].in[i])
					continue;
				if (i != (int)c)
					fputc(',', f);
				put_key(f, t->col[i].name, &esc, &cap);
				put_cell(f, t, (size_t)i, r, &esc, &cap);
			}
			fputc('}', f);
		}
		fputs("}\n", f);
	}
	if (fclose(f) != 0) {
		perror(argv[2]);
		return 74;
	}
	for (g = 0; g < nn; g++) {
		free(nest[g].name);
		free(nest[g].in);
	}
	free(esc);
	table_free(t);
	return 0;
}
