/*
 * statsout_json.c - `winnow stats --json`: the summary as one JSON
 * document (docs/stats-json.md), every number in full.
 */
#include "cli/statsout.h"

#include "core/util/jsonw.h"

/* --- JSON ---------------------------------------------------------- */

static void
json_value(struct jsonw *w, const struct table *t, int col, uint32_t id)
{
	size_t n;
	const char *s = dict_str(&t->col[col].dict, id, &n);

	jsonw_strn(w, s, n);
}

static const char *
hist_kind_name(enum hist_kind k)
{
	switch (k) {
	case HIST_EMPTY: return "empty";
	case HIST_RANGE: return "range";
	case HIST_INT: return "int";
	case HIST_TIME: return "time";
	case HIST_CAT: return "cat";
	}
	return "?";
}

static const char *
bin_kind_name(enum hist_bin_kind k)
{
	switch (k) {
	case HIST_BIN_RANGE: return "range";
	case HIST_BIN_VALUE: return "value";
	case HIST_BIN_OTHER: return "other";
	case HIST_BIN_NONPOS: return "nonpositive";
	case HIST_BIN_MISSING: return "missing";
	}
	return "?";
}

static void
json_examples(struct jsonw *w, const struct table *t, const uint32_t *ex,
    uint32_t nex)
{
	char kb[24];
	size_t n;
	const char *k;
	uint32_t i;

	jsonw_key(w, "examples");
	jsonw_arr_begin(w);
	for (i = 0; i < nex; i++) {
		k = table_key(t, ex[i], kb, &n);
		jsonw_strn(w, k, n);
	}
	jsonw_arr_end(w);
}

/* One estimate of "approx": "key": { "what": "how" and, added by the
 * caller before it closes the object, the error's bound }. */
static void
approx_begin(struct jsonw *w, const char *key, const char *what,
    const char *how)
{
	jsonw_key(w, key);
	jsonw_obj_begin(w);
	jsonw_kv_str(w, what, how);
}

/* "approx": what is estimated in a streamed summary (docs/stats-json.md);
 * null when nothing is. */
static void
json_approx(struct jsonw *w, const struct summary_approx *ax)
{
	jsonw_key(w, "approx");
	if (!ax->distinct && !ax->top && !ax->rank && !ax->hist_edges &&
	    !ax->hist_err && !ax->assoc_sample && !ax->assoc_text_sample) {
		jsonw_null(w);
		return;
	}
	jsonw_obj_begin(w);
	if (ax->distinct) {
		approx_begin(w, "distinct", "method", "hyperloglog");
		jsonw_kv_num(w, "relative_error", ax->distinct);
		jsonw_obj_end(w);
	}
	if (ax->top) {
		approx_begin(w, "top", "method", "spacesaving");
		jsonw_kv_uint(w, "max_overcount", ax->top_err);
		jsonw_obj_end(w);
	}
	if (ax->rank) {
		approx_begin(w, "quantiles", "method", "kll");
		jsonw_kv_num(w, "rank_error", ax->rank);
		jsonw_obj_end(w);
	}
	if (ax->hist_edges || ax->hist_err) {
		approx_begin(w, "histogram", "edges", ax->hist_edges ?
		    "sample" : "sketch");
		jsonw_kv_uint(w, "count_error", ax->hist_err);
		jsonw_obj_end(w);
	}
	if (ax->assoc_sample || ax->assoc_text_sample) {
		approx_begin(w, "association", ax->assoc_sample ?
		    "categories" : "rows", "sample");
		jsonw_obj_end(w);
	}
	jsonw_obj_end(w);
}

static void
json_column(struct jsonw *w, const struct statsout *r, size_t c)
{
	const struct stats_col *s = &r->sum->col[c].st;
	const struct hist *h = &r->sum->col[c].h;
	const struct assoc_col *a = &r->sum->col[c].as;
	static const char *const qn[STATS_NQ] = { "p1", "p5", "p25", "p50",
	    "p75", "p95", "p99" };
	uint32_t i;

	jsonw_obj_begin(w);
	jsonw_kv_str(w, "name", r->t->col[c].name);
	jsonw_kv_uint(w, "index", c);
	jsonw_kv_str(w, "type", coltype_name(s->type));
	jsonw_kv_uint(w, "rows", s->count);
	jsonw_kv_uint(w, "missing", s->missing);
	jsonw_key(w, "missing_markers");
	jsonw_arr_begin(w);
	for (i = 0; i < s->nmark; i++) {
		size_t n;
		const char *m = stats_mark_text(&r->t->col[c], s->mark[i].id,
		    &n);

		jsonw_obj_begin(w);
		jsonw_key(w, "marker");
		jsonw_strn(w, m, n);
		jsonw_kv_uint(w, "count", s->mark[i].count);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_kv_uint(w, "count", s->count - s->missing);
	jsonw_kv_uint(w, "distinct", s->distinct);
	jsonw_key(w, "top");
	jsonw_arr_begin(w);
	for (i = 0; i < s->ntop; i++) {
		jsonw_obj_begin(w);
		jsonw_key(w, "value");
		json_value(w, r->t, (int)c, s->top[i].id);
		jsonw_kv_uint(w, "count", s->top[i].count);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "numeric");
	if (s->numeric) {
		jsonw_obj_begin(w);
		jsonw_kv_uint(w, "count", s->nnum);
		jsonw_kv_num(w, "min", s->min);
		jsonw_kv_num(w, "max", s->max);
		jsonw_kv_num(w, "mean", s->mean);
		jsonw_kv_num(w, "sd", s->sd);
		jsonw_kv_uint(w, "zeros", s->zeros);
		jsonw_key(w, "quantiles");
		jsonw_obj_begin(w);
		for (i = 0; i < STATS_NQ; i++) {
			jsonw_kv_num(w, qn[i], s->q[i]);
		}
		jsonw_obj_end(w);
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_key(w, "length");
	if (s->strings) {
		jsonw_obj_begin(w);
		jsonw_kv_uint(w, "min", s->len_min);
		jsonw_kv_num(w, "avg", s->len_avg);
		jsonw_kv_uint(w, "max", s->len_max);
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_key(w, "histogram");
	jsonw_obj_begin(w);
	jsonw_kv_str(w, "kind", hist_kind_name(h->kind));
	jsonw_kv_bool(w, "log", h->log);
	jsonw_key(w, "bins");
	jsonw_arr_begin(w);
	for (i = 0; i < h->nbins; i++) {
		const struct hist_bin *bn = &h->bin[i];

		jsonw_obj_begin(w);
		jsonw_kv_str(w, "kind", bin_kind_name(bn->kind));
		if (bn->kind == HIST_BIN_RANGE) {
			jsonw_kv_num(w, "lo", bn->lo);
			jsonw_kv_num(w, "hi", bn->hi);
		} else if (bn->kind == HIST_BIN_VALUE) {
			jsonw_key(w, "value");
			json_value(w, r->t, (int)c, bn->id);
		}
		jsonw_kv_uint(w, "count", bn->count);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	jsonw_kv_num(w, "nonuniformity", a->nonuniformity);
	jsonw_key(w, "association");
	if (a->measure != ASSOC_NONE) {
		jsonw_obj_begin(w);
		jsonw_kv_str(w, "measure", assoc_measure_name(a->measure));
		jsonw_kv_num(w, "value", a->value);
		jsonw_kv_uint(w, "rows", a->n);
		if (a->measure == ASSOC_TEXT_NB) {
			jsonw_kv_num(w, "accuracy", a->accuracy);
			jsonw_kv_num(w, "baseline", a->baseline);
			jsonw_kv_uint(w, "labelled", a->labelled);
		}
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	if (r->sum->streamed)
		json_approx(w, &r->sum->col[c].ax);
	jsonw_obj_end(w);
}

static void
json_health(struct jsonw *w, const struct statsout *r)
{
	const struct labelhealth *h = &r->sum->health;
	const struct labels *L = r->L;
	size_t k;
	uint32_t c, i;

	jsonw_key(w, "classes");
	jsonw_arr_begin(w);
	for (c = 0; c < L->k; c++) {
		if (!h->class_rows[c])
			continue;
		jsonw_obj_begin(w);
		jsonw_kv_str(w, "name", L->name[c]);
		jsonw_kv_uint(w, "count", h->class_rows[c]);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "label_health");
	jsonw_obj_begin(w);
	jsonw_kv_uint(w, "labelled", h->labelled);
	jsonw_kv_uint(w, "missing", h->rows - h->labelled);
	jsonw_key(w, "majority");
	if (h->majority != LABELS_NONE) {
		jsonw_obj_begin(w);
		jsonw_kv_str(w, "name", L->name[h->majority]);
		jsonw_kv_uint(w, "count", h->class_rows[h->majority]);
		jsonw_kv_num(w, "share", h->majority_share);
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_kv_uint(w, "compared_columns", h->ncompared);
	jsonw_kv_uint(w, "duplicate_groups", h->dup_groups);
	jsonw_kv_uint(w, "conflict_groups", h->conflict_groups);
	jsonw_kv_uint(w, "conflict_rows", h->conflict_rows);
	jsonw_key(w, "findings");
	jsonw_arr_begin(w);
	for (k = 0; k < h->nfind; k++) {
		const struct labelhealth_finding *x = &h->find[k];

		jsonw_obj_begin(w);
		jsonw_kv_str(w, "kind", labelhealth_kind_name(x->kind));
		jsonw_kv_uint(w, "rows", x->rows);
		jsonw_key(w, "classes");
		jsonw_arr_begin(w);
		for (i = 0; i < x->ncls; i++) {
			jsonw_obj_begin(w);
			jsonw_kv_str(w, "name", L->name[x->cls[i]]);
			jsonw_kv_uint(w, "rows", x->cls_rows[i]);
			jsonw_obj_end(w);
		}
		jsonw_arr_end(w);
		json_examples(w, r->t, x->ex, x->nex);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
}

/* "key": the file's rows, or null when the sample is of byte ranges
 * (the rows of the whole file were never counted). */
static void
json_file_rows(struct jsonw *w, const struct statsout *r, const char *key)
{
	jsonw_key(w, key);
	if (r->range_sample)
		jsonw_null(w);
	else
		jsonw_uint(w, r->t->nrows);
}

void
statsout_json(FILE *f, const struct statsout *r)
{
	struct jsonw w;
	size_t c;

	jsonw_init(&w, f, 1);
	jsonw_obj_begin(&w);
	jsonw_kv_str(&w, "file", r->path);
	json_file_rows(&w, r, "rows");
	jsonw_kv_uint(&w, "columns", r->t->ncols);
	if (r->sum->streamed)
		jsonw_kv_bool(&w, "streamed", 1);
	jsonw_key(&w, "sample");
	if (r->sampled) {
		jsonw_obj_begin(&w);
		jsonw_kv_uint(&w, "rows", r->sample_rows);
		json_file_rows(&w, r, "of");
		jsonw_kv_uint(&w, "seed", r->seed);
		jsonw_kv_bool(&w, "stratified", r->stratified);
		if (r->range_sample)
			jsonw_kv_bool(&w, "byte_ranges", !r->head_sample);
		if (r->head_sample)
			jsonw_kv_bool(&w, "first_rows", 1);
		jsonw_obj_end(&w);
	} else {
		jsonw_null(&w);
	}
	jsonw_key(&w, "label");
	if (r->L)
		jsonw_str(&w, r->t->col[r->L->col].name);
	else
		jsonw_null(&w);
	jsonw_key(&w, "stats");
	jsonw_arr_begin(&w);
	for (c = 0; c < r->t->ncols; c++)
		json_column(&w, r, c);
	jsonw_arr_end(&w);
	if (r->L && r->sum->have_health)
		json_health(&w, r);
	jsonw_obj_end(&w);
	jsonw_finish(&w);
}
