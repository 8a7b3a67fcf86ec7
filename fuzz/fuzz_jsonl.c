/*
 * fuzz_jsonl - libFuzzer target: any bytes as a JSON Lines file.
 * Loading must never crash, hang or leak, and three differential checks
 * abort on a difference:
 *
 *   - every line gets the same verdict from the scanner and from
 *     jansson (a number too big for jansson aside), and every value the
 *     scanner lists is what jansson reads at that key path;
 *   - a table that loads has one row per line the scanner accepts;
 *   - the export of that table with nothing decided is the input byte
 *     for byte (fed to it in pieces of a few bytes), and with the added
 *     columns it loads again as the same rows, each with the new
 *     members.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/jsonl/jscan.h"
#include "core/data/jsonl/jsonl.h"
#include "core/review/jsonlexport.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"
#include "tests/util.h"

#define JFLAGS (JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL)

static json_t *
at_path(json_t *root, const struct jscan *s, int32_t i)
{
	const struct jscan_item *it = &s->it[i];
	json_t *p = it->parent < 0 ? root : at_path(root, s, it->parent);
	const char *k;
	size_t kn;

	if (!p)
		return NULL;
	k = jscan_key(s, it, &kn);
	return json_object_getn(p, k, kn);
}

/* The scanner's verdict and values on one line, against jansson's. */
static void
check_line(struct jscan *s, const char *p, size_t n)
{
	json_error_t je;
	json_t *j;
	int r = jscan_line(s, p, n), overflow;
	size_t i, len;

	if (r == 0)
		return;
	j = json_loadb(p, n, JFLAGS | JSON_DECODE_INT_AS_REAL, &je);
	overflow = !j && json_error_code(&je) == json_error_numeric_overflow;
	if (overflow)
		return;
	/* jansson takes a NUL byte after a number for the end of its
	 * look-ahead and reads on past it; JSON (and the scanner) refuse
	 * it */
	if (r < 0 && j && memchr(p, '\0', n)) {
		json_decref(j);
		return;
	}
	if ((r == 1) != (j && json_is_object(j)))
		abort();
	for (i = 0; r == 1 && i < s->nit; i++) {
		const struct jscan_item *it = &s->it[i];
		json_t *v = at_path(j, s, (int32_t)i);
		const char *str;

		if (!v)
			abort();
		if (it->kind == JSCAN_STRING) {
			str = jscan_str(s, it, &len);
			if (!json_is_string(v) || json_string_length(v) != len ||
			    memcmp(json_string_value(v), str, len) != 0)
				abort();
		} else if (it->kind == JSCAN_OBJECT) {
			if (!json_is_object(v) ||
			    json_object_size(v) != it->nmemb)
				abort();
		} else if ((it->kind == JSCAN_NULL && !json_is_null(v)) ||
		    (it->kind == JSCAN_TRUE && !json_is_true(v)) ||
		    (it->kind == JSCAN_FALSE && !json_is_false(v)) ||
		    (it->kind == JSCAN_NUMBER && !json_is_number(v)) ||
		    (it->kind == JSCAN_ARRAY && !json_is_array(v))) {
			abort();
		}
	}
	json_decref(j);
}

/* Export t's input with nothing decided, and with added columns. */
static void
check_export(const struct table *t, const uint8_t *data, size_t size,
    const struct csvload_opts *lo)
{
	static const char *const names[] = { "given" };
	struct export_opts xo;
	struct export_stats st;
	struct jsonlexport x;
	struct jsonlexport_plan P;
	struct sink k = { NULL, 0, 0 };
	struct err e;
	struct table *t2;
	uint32_t *label = xmalloc(t->nrows * sizeof *label);
	uint8_t *src = xcalloc(t->nrows, 1);
	size_t at, piece = size ? data[size - 1] % 13 + 1 : 1;
	int rc;

	memset(label, 0xff, t->nrows * sizeof *label);
	P.label = label;
	P.src = src;
	P.src_names = names;
	P.src_dropped = 99;
	export_opts_init(&xo);
	xo.label_col = 0;
	xo.ragged = lo->ragged;
	memset(&st, 0, sizeof st);
	/* fed in small pieces, so that lines span them */
	jsonlexport_init(&x, t, NULL, &xo, &P, &st, sink_put, &k);
	for (at = 0; at < size; at += piece)
		if (jsonlexport_feed(&x, data + at, at + piece < size ? piece :
		    size - at, at + piece >= size, &e) != 0)
			abort();
	if (k.n != size || memcmp(k.b, data, size) != 0)
		abort();
	jsonlexport_release(&x);
	k.n = 0;
	xo.add[0] = EXPORT_COL_SOURCE;
	xo.add[1] = EXPORT_COL_ORIGINAL;
	xo.nadd = 2;
	jsonlexport_init(&x, t, NULL, &xo, &P, &st, sink_put, &k);
	rc = jsonlexport_feed(&x, data, size, 1, &e);
	jsonlexport_release(&x);
	if (rc == 0) {
		t2 = jsonl_load_mem("fuzz", k.b, k.n, lo, &e);
		if (!t2 || t2->nrows != t->nrows ||
		    table_col_index(t2, "label_source") < 0 ||
		    t2->col[table_col_index(t2, "label_source")].dict.n != 1)
			abort();
		table_free(t2);
	}
	free(k.b);
	free(label);
	free(src);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvload_opts o;
	struct jscan s;
	struct err e;
	struct table *t;
	const char *p = (const char *)data, *nl;
	size_t pos, rows = 0, n;

	log_set_sink(NULL, NULL);
	jscan_init(&s);
	for (pos = 0; pos < size; pos = n + 1) {
		nl = memchr(p + pos, '\n', size - pos);
		n = nl ? (size_t)(nl - p) : size;
		/* the loader skips a byte order mark before line 1 */
		if (pos == 0 && n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			check_line(&s, p + 3, n - 3);
			rows += jscan_line(&s, p + 3, n - 3) == 1;
		} else {
			check_line(&s, p + pos, n - pos);
			rows += jscan_line(&s, p + pos, n - pos) == 1;
		}
	}
	jscan_release(&s);
	csvload_opts_init(&o);
	o.threads = 1;
	o.ragged = size && data[0] % 2 ? CSVLOAD_RAGGED_SKIP :
	    CSVLOAD_RAGGED_ERROR;
	t = jsonl_load_mem("fuzz", data, size, &o, &e);
	if (t && t->nrows != rows)
		abort();
	if (t)
		check_export(t, data, size, &o);
	table_free(t);
	return 0;
}
