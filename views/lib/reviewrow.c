/*
 * reviewrow.c - a row of the review loop in words, for the views.
 */
#include "views/lib/reviewrow.h"

#include <stdio.h>
#include <string.h>

#include "core/pico/pico.h"
#include "core/review/review.h"

const char *
reviewrow_class(const struct view_env *env, uint32_t c)
{
	if (!env->labels || c >= env->labels->k)
		return "-";
	return env->labels->name[c];
}

int
reviewrow_draw_suggestion(struct canvas *c, const struct view_env *env,
    const struct pico_result *r, uint32_t row, int x, int y, int cw,
    enum canvas_role role)
{
	char p[16];

	canvas_str(c, x, y, cw, reviewrow_class(env, r->suggested[row]), role,
	    CANVAS_BOLD);
	x += cw + 1;
	snprintf(p, sizeof p, "%.2f", r->p_suggested[row]);
	canvas_str_right(c, x, y, 5, p, role, 0);
	return x + 6;
}

void
reviewrow_draw_snippet(struct canvas *c, const struct table *t, int tc,
    uint32_t row, int x, int y, int right, enum canvas_role role)
{
	const char *s;
	size_t len;

	if (tc < 0)
		return;
	s = table_cell(t, (size_t)tc, row, &len);
	canvas_text(c, x, y, right - x, s, len, role, 0);
}

int
reviewrow_text_col(const struct view_env *env)
{
	const struct table *t = env->t;
	int label = env->labels ? env->labels->col : -1, any = -1;
	size_t c;

	if (!t)
		return -1;
	for (c = 0; c < t->ncols; c++) {
		if ((int)c == label || (int)c == t->id_col)
			continue;
		if (t->col[c].type == COLTYPE_TEXT)
			return (int)c;
		if (any < 0)
			any = (int)c;
	}
	return any;
}

int
reviewrow_filtered(const struct view_env *env)
{
	return env->t && env->all && env->all->n < env->t->nrows;
}

int
reviewrow_in_view(const struct view_env *env, uint32_t row)
{
	return !reviewrow_filtered(env) || rowset_has(env->all, row);
}

int
reviewrow_verdict(const struct view_env *env, const struct review *rv,
    uint32_t row, char *buf, size_t size)
{
	uint8_t s;

	buf[0] = '\0';
	if (!rv || row >= rv->n)
		return 0;
	s = rv->state[row];
	if (!(s & REVIEW_DECIDED)) {
		if (s & REVIEW_SKIPPED)
			snprintf(buf, size, "skipped");
		return 0;
	}
	if (s & REVIEW_DROPPED)
		snprintf(buf, size, "dropped");
	else if (s & REVIEW_RELABELLED)
		snprintf(buf, size, "now %s", reviewrow_class(env,
		    rv->clamp[row]));
	else
		snprintf(buf, size, "kept %s", reviewrow_class(env,
		    rv->clamp[row]));
	return 1;
}

const char *
reviewrow_note(const struct view_env *env, const struct review *rv,
    uint32_t row, size_t *len)
{
	struct journal_state st;
	const struct journal_entry *e;
	const char *key;
	char kb[24];
	size_t n;

	*len = 0;
	if (!rv || !rv->j || row >= rv->n || !(rv->state[row] & REVIEW_NOTED))
		return NULL;
	key = table_key(env->t, row, kb, &n);
	if (journal_row_state(rv->j, key, n, &st) != 0 ||
	    st.note == JOURNAL_NONE)
		return NULL;
	e = journal_entry(rv->j, st.note);
	return e ? journal_str(rv->j, e->note, len) : NULL;
}

int
reviewrow_said(const struct view_env *env, const struct review *rv,
    uint32_t row, char *buf, size_t size)
{
	size_t o;

	reviewrow_verdict(env, rv, row, buf, size);
	if (rv && row < rv->n && (rv->state[row] & REVIEW_FLAGGED)) {
		o = strlen(buf);
		snprintf(buf + o, size - o, "%sflagged for later", o ? ", " :
		    "");
	}
	return buf[0] != '\0';
}

const char *
reviewrow_type_word(enum journal_type t)
{
	switch (t) {
	case JOURNAL_ACCEPT: return "accepted";
	case JOURNAL_REJECT: return "rejected";
	case JOURNAL_PICK: return "picked";
	case JOURNAL_RELABEL: return "relabelled";
	case JOURNAL_NEW: return "new label";
	case JOURNAL_DROP: return "dropped";
	case JOURNAL_SKIP: return "skipped";
	case JOURNAL_FLAG: return "flagged for later";
	case JOURNAL_NOTE: return "noted";
	default: return "done";
	}
}

int
reviewrow_undo(struct review *rv, char *buf, size_t size, struct err *e)
{
	const struct journal_entry *u, *en, *first = NULL;
	size_t cnt, i, top, n, o, left;
	uint32_t rows = 0;
	const char *s;
	int r;

	buf[0] = '\0';
	r = review_undo(rv, e);
	if (r <= 0) {
		if (r == 0)
			snprintf(buf, size, "nothing to undo");
		return r;
	}
	/* the undo line names the first line it cancelled */
	cnt = journal_count(rv->j);
	u = journal_entry(rv->j, cnt - 1);
	for (top = cnt - 1; top > 0 && journal_entry(rv->j, top - 1)->seq >=
	    u->ref; top--)
		;
	/* the step's lines: the one it names, or its bulk group's (lines
	 * undone before lie between them and are not counted) */
	for (i = top; i + 1 < cnt; i++) {
		en = journal_entry(rv->j, i);
		if (!en->undone || en->key == JOURNAL_NONE ||
		    en->type == JOURNAL_BULK || en->type == JOURNAL_UNDO ||
		    !(en->seq == u->ref || (u->group && en->group == u->group)))
			continue;
		if (!first)
			first = en;
		rows++;
	}
	if (!first)
		o = (size_t)snprintf(buf, size, "undone");
	else if (rows > 1)
		o = (size_t)snprintf(buf, size, "undone: %s %u rows in one "
		    "step", reviewrow_type_word((enum journal_type)
		    first->type), rows);
	else {
		o = (size_t)snprintf(buf, size, "undone: %s",
		    reviewrow_type_word((enum journal_type)first->type));
		s = journal_type_sets_label((enum journal_type)first->type) ?
		    journal_str(rv->j, first->label, &n) : NULL;
		if (s && o < size)
			o += (size_t)snprintf(buf + o, size - o, " %.*s",
			    (int)(n > 40 ? 40 : n), s);
		s = journal_key(rv->j, first->key, &n);
		if (o < size)
			o += (size_t)snprintf(buf + o, size - o, " on row %.*s",
			    (int)(n > 24 ? 24 : n), s);
	}
	left = journal_undo_depth(rv->j);
	if (o < size) {
		if (left == 0)
			snprintf(buf + o, size - o, "; nothing more to undo");
		else
			snprintf(buf + o, size - o, "; %zu more step%s can be "
			    "undone", left, left == 1 ? "" : "s");
	}
	return 1;
}
