/*
 * picojsonl.c - the per-row results through jsonw, one object a line.
 */
#include "core/pico/picojsonl.h"

#include <errno.h>

#include "core/util/jsonw.h"

static void
kv_class(struct jsonw *w, const char *k, const struct labels *L,
    uint32_t c)
{
	jsonw_key(w, k);
	if (c == LABELS_NONE || c >= L->k)
		jsonw_null(w);
	else
		jsonw_str(w, L->name[c]);
}

int
picojsonl_write(FILE *f, const struct table *t, const struct labels *L,
    const struct pico_result *r, struct err *e)
{
	struct jsonw w;
	uint32_t i;
	char buf[24];
	const char *key;
	size_t n;

	jsonw_init(&w, f, 0);
	for (i = 0; i < r->n; i++) {
		key = table_key(t, i, buf, &n);
		jsonw_obj_begin(&w);
		jsonw_key(&w, "id");
		jsonw_strn(&w, key, n);
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
