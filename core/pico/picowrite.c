/*
 * picowrite.c - PICO's result written out: a CSV or JSON Lines row per
 * row (the row's key, given label, suggestion, posterior, flags), and
 * the JSON summary (options, the mix that ran, the noise matrix, the
 * classes most confused).  Formats: docs/outputs.md.
 */
#include "core/pico/picorun.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

/* One CSV field, quoted when it must be (RFC 4180). */
static void
put_field(FILE *f, const char *s, size_t n)
{
	size_t i;
	int q = 0;

	for (i = 0; i < n && !q; i++)
		q = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
	if (n > 0 && (s[0] == ' ' || s[n - 1] == ' '))
		q = 1;
	if (!q) {
		fwrite(s, 1, n, f);
		return;
	}
	fputc('"', f);
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			fputc('"', f);
		fputc(s[i], f);
	}
	fputc('"', f);
}

static void
put_class(FILE *f, const struct labels *L, uint32_t c)
{
	if (c == LABELS_NONE || c >= L->k)
		return;
	put_field(f, L->name[c], strlen(L->name[c]));
}

int
picorun_write_csv(FILE *f, const struct table *t, const struct labels *L,
    const struct pico_result *r, struct err *e)
{
	uint32_t i;
	char buf[24];
	size_t n;
	const char *key;

	fputs("id,given,suggested,p_suggested,quality,suspicion,flagged,"
	    "auto_fix,ambiguous,agree,rounds,doubtful\n", f);
	for (i = 0; i < r->n; i++) {
		key = table_key(t, i, buf, &n);
		put_field(f, key, n);
		fputc(',', f);
		put_class(f, L, L->y[i]);
		fputc(',', f);
		put_class(f, L, r->suggested[i]);
		fprintf(f, ",%.6f,%.6f,%.6f,%d,%d,%d,%u,%u,%d\n",
		    r->p_suggested[i], r->quality[i], 1.0 - r->quality[i],
		    r->flagged[i], r->auto_fix[i], r->ambiguous[i],
		    r->agree[i], r->nflagged_rounds[i],
		    r->doubtful ? r->doubtful[i] : 0);
	}
	if (fflush(f) != 0 || ferror(f))
		return err_sys(e, ERR_IO, errno, "write error");
	return 0;
}

static void
kv_class(struct jsonw *w, const char *k, const struct labels *L,
    uint32_t c)
{
	jsonw_kv_str(w, k, c == LABELS_NONE || c >= L->k ? NULL : L->name[c]);
}

void
picorun_kv_id(struct jsonw *w, const struct table *t, uint64_t row)
{
	char buf[24];
	size_t n;
	const char *key = table_key(t, row, buf, &n);

	jsonw_kv_strn(w, "id", key, n);
}

int
picorun_write_jsonl(FILE *f, const struct table *t, const struct labels *L,
    const struct pico_result *r, struct err *e)
{
	struct jsonw w;
	uint32_t i;

	jsonw_init(&w, f, 0);
	for (i = 0; i < r->n; i++) {
		jsonw_obj_begin(&w);
		picorun_kv_id(&w, t, i);
		kv_class(&w, "given", L, L->y[i]);
		kv_class(&w, "suggested", L, r->suggested[i]);
		jsonw_kv_numf(&w, "p_suggested", r->p_suggested[i], 6);
		jsonw_kv_numf(&w, "quality", r->quality[i], 6);
		jsonw_kv_numf(&w, "suspicion", 1.0 - r->quality[i], 6);
		jsonw_kv_bool(&w, "flagged", r->flagged[i]);
		jsonw_kv_bool(&w, "auto_fix", r->auto_fix[i]);
		jsonw_kv_bool(&w, "ambiguous", r->ambiguous[i]);
		jsonw_kv_uint(&w, "agree", r->agree[i]);
		jsonw_kv_uint(&w, "rounds", r->nflagged_rounds[i]);
		jsonw_obj_end(&w);
		fputc('\n', f);
	}
	if (fflush(f) != 0 || ferror(f))
		return err_sys(e, ERR_IO, errno, "write error");
	return 0;
}

/* The noise matrix in full, row = given, column = true. */
static void
write_matrix(struct jsonw *w, const struct kmat *noise)
{
	double *row = xmalloc(((size_t)noise->k + 1) * sizeof *row);
	uint32_t g, c;

	jsonw_key(w, "noise_matrix");
	jsonw_arr_begin(w);
	for (g = 0; g < noise->k; g++) {
		kmat_row(noise, g, row);
		jsonw_arr_begin(w);
		for (c = 0; c < noise->k; c++)
			jsonw_numf(w, row[c], 6);
		jsonw_arr_end(w);
	}
	jsonw_arr_end(w);
	free(row);
}

/*
 * Too many classes for the matrix: per given class, its (at most)
 * PICORUN_JSON_CONFUSIONS most probable other classes, of those whose
 * cell stands above the rest of the row.
 */
static void
write_confusions(struct jsonw *w, const struct labels *L,
    const struct kmat *noise)
{
	uint32_t g, best[PICORUN_JSON_CONFUSIONS], nb, u, v;
	double p[PICORUN_JSON_CONFUSIONS];
	size_t q;

	jsonw_key(w, "confusions");
	jsonw_arr_begin(w);
	for (g = 0; g < noise->k; g++) {
		nb = 0;
		for (q = noise->ptr[g]; q < noise->ptr[g + 1]; q++) {
			if (noise->col[q] == g ||
			    !(noise->val[q] > noise->dflt[g]))
				continue;
			/* insertion into the best few, ties to the lower
			 * class (columns ascend) */
			for (u = nb; u > 0 && noise->val[q] > p[u - 1]; u--)
				;
			if (u == PICORUN_JSON_CONFUSIONS)
				continue;
			if (nb < PICORUN_JSON_CONFUSIONS)
				nb++;
			for (v = nb - 1; v > u; v--) {
				best[v] = best[v - 1];
				p[v] = p[v - 1];
			}
			best[u] = noise->col[q];
			p[u] = noise->val[q];
		}
		for (u = 0; u < nb; u++) {
			jsonw_obj_begin(w);
			jsonw_kv_str(w, "given", L->name[g]);
			jsonw_kv_str(w, "true", L->name[best[u]]);
			jsonw_kv_numf(w, "p", p[u], 6);
			jsonw_obj_end(w);
		}
	}
	jsonw_arr_end(w);
}

void
picorun_write_json(struct jsonw *w, const struct table *t,
    const struct labels *L, const struct pico_result *r,
    const struct picorun_opts *o)
{
	uint32_t g, i;
	uint64_t *flag = xcalloc(L->k + 1, sizeof *flag);

	for (i = 0; i < r->n; i++)
		if (r->flagged[i] && L->y[i] != LABELS_NONE)
			flag[L->y[i]]++;
	jsonw_obj_begin(w);
	jsonw_kv_str(w, "file", t->path);
	jsonw_kv_uint(w, "rows", r->n);
	jsonw_kv_uint(w, "classes", r->k);
	jsonw_kv_str(w, "method", o->method == PICORUN_CL ? "cl" : "pico");
	jsonw_kv_str(w, "mode", o->probs && o->probs[0] ? "probs" : "train");
	jsonw_kv_uint(w, "checkers_per_row", r->checkers);
	jsonw_kv_uint(w, "rounds", r->rounds);
	jsonw_key(w, "round_summaries");
	jsonw_arr_begin(w);
	for (i = 0; i < r->rounds && i < 16; i++) {
		jsonw_obj_begin(w);
		jsonw_kv_numf(w, "expected_errors", r->round[i].expected, 3);
		jsonw_kv_uint(w, "flagged", r->round[i].flagged);
		jsonw_kv_uint(w, "relabelled", r->round[i].relabelled);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_kv_uint(w, "flagged", r->nflagged);
	jsonw_kv_numf(w, "expected_errors", r->expected, 3);
	/* the budget's own count, and its other where it flagged by it */
	jsonw_kv_numf(w, "expected_corrections", r->corrections, 3);
	jsonw_kv_numf(w, "joint_errors", r->joint_over > 0 ? r->joint_over :
	    NAN, 1);
	jsonw_key(w, "checkers");
	jsonw_obj_begin(w);
	if (r->skill.mix[0])
		jsonw_kv_str(w, "mix", r->skill.mix);
	jsonw_kv_uint(w, "rows_measured", r->skill.rows);
	jsonw_kv_numf(w, "accuracy", r->skill.accuracy, 4);
	jsonw_kv_numf(w, "majority", r->skill.majority, 4);
	jsonw_kv_numf(w, "gain_nats", r->skill.gain, 3);
	jsonw_kv_numf(w, "gate_nats", o->pico.gate, 3);
	jsonw_kv_numf(w, "gate_nats_per_row", o->pico.gate > 0 ?
	    PICO_GATE_PER_ROW : 0, 4);
	jsonw_kv_numf(w, "temperature", r->skill.gamma > 0 ?
	    1 / r->skill.gamma : INFINITY, 4);
	/* whether the beliefs took it (--calibrate; confident learning
	 * reads the probabilities as they are) */
	jsonw_kv_bool(w, "temperature_applied", o->method != PICORUN_CL &&
	    r->skill.rows > 0 && pico_calib_applied(&o->pico, o->probs &&
	    o->probs[0], r->skill.gamma));
	jsonw_kv_bool(w, "predictive", r->skill.predictive);
	/* the columns left out as keys that number the rows */
	jsonw_key(w, "row_keys");
	jsonw_arr_begin(w);
	for (i = 0; i < t->ncols; i++)
		if (picorun_row_key(t, L, o, i))
			jsonw_str(w, t->col[i].name);
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	if (!r->skill.predictive)
		jsonw_kv_str(w, "warning", picorun_warning(r));
	jsonw_key(w, "per_class");
	jsonw_arr_begin(w);
	for (g = 0; g < L->k; g++) {
		jsonw_obj_begin(w);
		jsonw_kv_str(w, "label", L->name[g]);
		jsonw_kv_uint(w, "rows", L->count[g]);
		jsonw_kv_uint(w, "flagged", flag[g]);
		jsonw_kv_numf(w, "noise_rate", r->skill.predictive ||
		    o->method == PICORUN_CL ? r->class_noise[g] : NAN, 6);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	if (L->k <= PICORUN_JSON_MATRIX_K)
		write_matrix(w, &r->noise);
	else
		write_confusions(w, L, &r->noise);
	jsonw_obj_end(w);
	free(flag);
}
