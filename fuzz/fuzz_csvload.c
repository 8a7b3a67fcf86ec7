/*
 * fuzz_csvload - libFuzzer target: any bytes as a CSV file.  Loading must
 * never crash, hang or leak, and the fast line splitter must agree with
 * libcsv exactly (a differential check: a difference aborts).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/util/log.h"

static int
same(const struct table *a, const struct table *b)
{
	size_t c, la, lb;
	uint64_t r;
	const char *sa, *sb;

	if (a->nrows != b->nrows || a->ncols != b->ncols ||
	    a->nragged != b->nragged)
		return 0;
	for (c = 0; c < a->ncols; c++) {
		if (strcmp(a->col[c].name, b->col[c].name) != 0 ||
		    a->col[c].type != b->col[c].type)
			return 0;
		for (r = 0; r < a->nrows; r++) {
			sa = table_cell(a, c, r, &la);
			sb = table_cell(b, c, r, &lb);
			if (la != lb || memcmp(sa, sb, la) != 0)
				return 0;
		}
	}
	for (r = 0; r < a->nrows; r++)
		if (a->line[r] != b->line[r])
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvload_opts o;
	struct err e1, e2;
	struct table *t1, *t2;
	int mode = size ? data[0] % 3 : 0;

	log_set_sink(NULL, NULL);
	csvload_opts_init(&o);
	o.threads = 1;
	o.ragged = (enum csvload_ragged)mode;
	t1 = csvload_mem("fuzz", data, size, &o, &e1);
	o.libcsv_only = 1;
	t2 = csvload_mem("fuzz", data, size, &o, &e2);
	if ((t1 == NULL) != (t2 == NULL) || (t1 && !same(t1, t2)) ||
	    (!t1 && strcmp(e1.msg, e2.msg) != 0))
		abort();
	table_free(t1);
	table_free(t2);
	return 0;
}
