/*
 * decisions.c - the journal replayed into JSON Lines: one jsonw object
 * per effective line, each ended by a newline.
 */
#include "core/review/decisions.h"

#include <errno.h>

void
decisions_kv_str(struct jsonw *w, const struct journal *j, const char *k,
    uint32_t id)
{
	size_t n;
	const char *s = journal_str(j, id, &n);

	jsonw_kv_strn(w, k, s, n);
}

long long
decisions_write_jsonl(const struct journal *j, FILE *f, struct err *e)
{
	struct journal_state st;
	struct jsonw w;
	size_t i, n = journal_count(j), kn;
	long long written = 0;
	char when[32];
	const char *key;

	jsonw_init(&w, f, 0);
	for (i = 0; i < n; i++) {
		const struct journal_entry *en = journal_entry(j, i);
		enum journal_type t = (enum journal_type)en->type;

		if (en->undone || t == JOURNAL_UNDO || t == JOURNAL_BULK ||
		    en->key == JOURNAL_NONE)
			continue;
		journal_key_state(j, en->key, &st);
		key = journal_key(j, en->key, &kn);
		jsonw_obj_begin(&w);
		jsonw_kv_uint(&w, "seq", en->seq);
		jsonw_kv_strn(&w, "key", key, kn);
		jsonw_kv_str(&w, "action", journal_type_name(t));
		decisions_kv_str(&w, j, "old_label", en->given);
		decisions_kv_str(&w, j, "new_label",
		    journal_type_sets_label(t) ? en->label : JOURNAL_NONE);
		if (t == JOURNAL_REJECT)
			decisions_kv_str(&w, j, "refused", en->label);
		decisions_kv_str(&w, j, "reviewer", en->reviewer);
		journal_format_time(en->time_ms, when, sizeof when);
		jsonw_kv_str(&w, "time", when);
		decisions_kv_str(&w, j, "note", en->note);
		jsonw_key(&w, "round");
		if (en->round > 0)
			jsonw_int(&w, en->round);
		else
			jsonw_null(&w);
		jsonw_kv_num(&w, "posterior", en->posterior);
		jsonw_kv_bool(&w, "final", st.verdict == i);
		jsonw_obj_end(&w);
		fputc('\n', f);
		written++;
	}
	if (fflush(f) != 0 || ferror(f))
		return err_sys(e, ERR_IO, errno, "write error");
	return written;
}
