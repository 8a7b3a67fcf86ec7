/*
 * jstate.c - the journal in memory: its entries, each key's chain of
 * entries, the undo stack, and the accessors that read them.
 *
 * Replay and append both grow the state through the same few steps
 * (a new entry, linked into its key's chain, pushed as an undo step);
 * a row's state is computed when asked, by walking its chain past the
 * undone entries, so nothing here is a cache that an undo could leave
 * stale.
 */
#include "core/review/jinternal.h"

#include <string.h>

#include "core/util/xalloc.h"

static void
grow_keys(struct journal *j)
{
	size_t old = j->kcap;

	if (j->keys.n <= j->kcap)
		return;
	j->klast = xgrow(j->klast, &j->kcap, j->keys.n, sizeof *j->klast);
	memset(j->klast + old, 0xff, (j->kcap - old) * sizeof *j->klast);
}

void
jstate_push_undo(struct journal *j, uint32_t i)
{
	if (i >= j->n || (j->nundo && j->undo[j->nundo - 1] >= i))
		BUG("journal: undo step %u with %zu entries, last step %ld",
		    i, j->n, j->nundo ? (long)j->undo[j->nundo - 1] : -1L);
	j->undo = xgrow(j->undo, &j->capundo, j->nundo + 1, sizeof *j->undo);
	j->undo[j->nundo++] = i;
}

void
jstate_link(struct journal *j, uint32_t i)
{
	struct journal_entry *e = &j->ent[i];

	if (i >= j->n || e->key >= j->keys.n)
		BUG("journal: link entry %u (key %u) of %zu entries, %u keys",
		    i, e->key, j->n, (unsigned)j->keys.n);
	grow_keys(j);
	e->prev = j->klast[e->key];
	j->klast[e->key] = i;
}

size_t
jstate_step_end(const struct journal *j, size_t t)
{
	size_t k = t + 1;
	uint32_t g = j->ent[t].group;

	if (g == 0)
		return k;
	while (k < j->n && j->ent[k].group == g &&
	    jstate_is_decision(j->ent[k].type))
		k++;
	return k;
}

void
jstate_cancel_step(struct journal *j, size_t t)
{
	size_t k, end;

	if (j->nundo == 0 || t >= j->n)
		BUG("journal: cancel step %zu of %zu entries, %zu undoable",
		    t, j->n, j->nundo);
	end = jstate_step_end(j, t);
	for (k = t; k < end; k++)
		j->ent[k].undone = 1;
	j->nundo--;
}

struct journal_entry *
jstate_new_entry(struct journal *j)
{
	if (j->n >= JOURNAL_NONE - 1)
		return NULL;
	j->ent = xgrow(j->ent, &j->cap, j->n + 1, sizeof *j->ent);
	return &j->ent[j->n++];
}

/* --- reading ------------------------------------------------------- */

size_t
journal_count(const struct journal *j)
{
	return j->n;
}

const struct journal_entry *
journal_entry(const struct journal *j, size_t i)
{
	return i < j->n ? &j->ent[i] : NULL;
}

const char *
journal_str(const struct journal *j, uint32_t id, size_t *len)
{
	if (id == JOURNAL_NONE || id >= j->strs.n) {
		if (len)
			*len = 0;
		return NULL;
	}
	return dict_str(&j->strs, id, len);
}

uint32_t
journal_nkeys(const struct journal *j)
{
	return j->keys.n;
}

const char *
journal_key(const struct journal *j, uint32_t key, size_t *len)
{
	if (key >= j->keys.n) {
		if (len)
			*len = 0;
		return NULL;
	}
	return dict_str(&j->keys, key, len);
}

uint32_t
journal_find_key(const struct journal *j, const char *key, size_t n)
{
	uint32_t id = dict_find(&j->keys, key, n);

	return id == DICT_NONE ? JOURNAL_NONE : id;
}

void
journal_key_state(const struct journal *j, uint32_t key,
    struct journal_state *st)
{
	const struct journal_entry *e;
	uint32_t i, given = JOURNAL_NONE;

	memset(st, 0xff, sizeof *st);
	st->dropped = st->relabelled = 0;
	if (key >= j->keys.n || key >= j->kcap)
		return;
	for (i = j->klast[key]; i != JOURNAL_NONE; i = e->prev) {
		e = &j->ent[i];
		/* the given label is a fact about the data, not a
		 * decision: an undone line still tells it */
		if (given == JOURNAL_NONE && e->given != JOURNAL_NONE)
			given = e->given;
		if (e->undone)
			continue;
		if (st->last == JOURNAL_NONE)
			st->last = i;
		if (st->note == JOURNAL_NONE && e->note != JOURNAL_NONE)
			st->note = i;
		if (st->flag == JOURNAL_NONE && e->type == JOURNAL_FLAG)
			st->flag = i;
		if (st->verdict == JOURNAL_NONE && e->type == JOURNAL_SKIP &&
		    st->skip == JOURNAL_NONE)
			st->skip = i;
		if (st->verdict == JOURNAL_NONE &&
		    journal_type_is_verdict(e->type))
			st->verdict = i;
	}
	if (st->verdict != JOURNAL_NONE) {
		e = &j->ent[st->verdict];
		if (e->given != JOURNAL_NONE)
			given = e->given;
		st->dropped = e->type == JOURNAL_DROP;
		if (journal_type_sets_label(e->type)) {
			st->label = e->label;
			st->relabelled = e->label != given;
		}
	}
	st->given = given;
	if (st->label == JOURNAL_NONE)
		st->label = given;
}

int
journal_row_state(const struct journal *j, const char *key, size_t n,
    struct journal_state *st)
{
	uint32_t id = journal_find_key(j, key, n);

	journal_key_state(j, id == JOURNAL_NONE ? UINT32_MAX : id, st);
	return id == JOURNAL_NONE ? -1 : 0;
}

uint32_t
journal_last(const struct journal *j)
{
	size_t i;

	for (i = j->n; i-- > 0;)
		if (!j->ent[i].undone && jstate_is_decision(j->ent[i].type))
			return (uint32_t)i;
	return JOURNAL_NONE;
}

