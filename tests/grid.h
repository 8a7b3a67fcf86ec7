/*
 * grid.h - test helper: read a numeric CSV (one header line, then
 * numbers separated by commas) into a grid of doubles.
 * strtod rounds correctly, so Python's repr() values come back exactly.
 */
#ifndef WINNOW_TEST_GRID_H
#define WINNOW_TEST_GRID_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"
#include "tests/util.h"

struct grid {
	size_t rows, cols;
	double *v;
	char *header;
};

/* Read dir/name into g; 0 on success. */
static __attribute__((unused)) int
read_grid(const char *dir, const char *name, struct grid *g)
{
	char path[1024], *buf, *s, *end;
	size_t cap = 0, n = 0, cols = 1;
	double v;

	memset(g, 0, sizeof *g);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	buf = slurp(path, NULL);
	if (!buf)
		return -1;
	s = strchr(buf, '\n');
	if (!s) {
		free(buf);
		return -1;
	}
	*s++ = '\0';
	g->header = xstrdup(buf);
	for (end = buf; *end; end++)
		cols += *end == ',';
	while (*s) {
		errno = 0;
		v = strtod(s, &end);
		if (end == s || errno) {
			free(buf);
			return -1;
		}
		g->v = xgrow(g->v, &cap, n + 1, sizeof *g->v);
		g->v[n++] = v;
		s = end;
		if (*s == ',' || *s == '\n')
			s++;
	}
	free(buf);
	g->cols = cols;
	g->rows = n / cols;
	return n % cols == 0 ? 0 : -1;
}

static __attribute__((unused)) void
grid_free(struct grid *g)
{
	free(g->v);
	free(g->header);
}

#endif
