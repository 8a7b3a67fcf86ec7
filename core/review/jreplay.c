/*
 * jreplay.c - reading a journal back: each line checked against the
 * lines before it (sequence numbers, bulk groups committed whole, undos
 * naming the latest step) and applied to the state.
 *
 * Damage is judged by where it is.  A damaged last line, or lines after
 * the last good one that are all members of an uncommitted bulk group,
 * are what an interrupted write leaves: they are dropped with a warning
 * and the writer cuts them off.  Damage followed by a good line is not
 * an interrupted write: it is an error naming the line, and nothing is
 * dropped.
 */
#include "core/review/jinternal.h"

#include <string.h>

#include "core/util/log.h"
#include "core/util/numfmt.h"

/* 1 when nothing after offset off (line by line) is a valid line other
 * than a group member: damage there is only the interrupted tail. */
static int
tail_only(const struct jreplay *R, size_t off)
{
	const char *p, *nl;

	while (off < R->size) {
		p = R->data + off;
		nl = memchr(p, '\n', R->size - off);
		if (!nl)
			return 1;
		if (jline_kind(p, (size_t)(nl - p)) == 0)
			return 0;
		off = (size_t)(nl - R->data) + 1;
	}
	return 1;
}

/* Check that entry e (just parsed from line) follows the lines before it
 * and apply it.  Returns 0 or -1 with e filled. */
static int
apply(struct journal *j, struct jreplay *R, uint64_t line, size_t off,
    struct err *ev)
{
	size_t i = j->n - 1, t;
	struct journal_entry *e = &j->ent[i];

	if (e->seq != i + 1)
		return err_at(ev, ERR_DATA, j->path, (long long)line, 0,
		    "sequence number %llu where %zu was expected (a line "
		    "is missing or repeated)", (unsigned long long)e->seq,
		    i + 1);
	if (R->pend_first != SIZE_MAX) {
		uint32_t g = j->ent[R->pend_first].group;

		if (jstate_is_decision(e->type) && e->group == g)
			return 0;
		if (e->type != JOURNAL_BULK || e->group != g)
			return err_at(ev, ERR_DATA, j->path, (long long)line,
			    0, "bulk group %u (from line %llu) is not "
			    "committed before this line", (unsigned)g,
			    (unsigned long long)R->pend_line);
		if (e->ref != i - R->pend_first)
			return err_at(ev, ERR_DATA, j->path, (long long)line,
			    0, "bulk group %u commits %llu lines but has "
			    "%zu", (unsigned)g, (unsigned long long)e->ref,
			    i - R->pend_first);
		for (t = R->pend_first; t < i; t++)
			jstate_link(j, (uint32_t)t);
		jstate_push_undo(j, (uint32_t)R->pend_first);
		R->pend_first = SIZE_MAX;
		return 0;
	}
	switch (e->type) {
	case JOURNAL_BULK:
		return err_at(ev, ERR_DATA, j->path, (long long)line, 0,
		    "bulk commit line without a group before it");
	case JOURNAL_UNDO:
		if (j->nundo == 0)
			return err_at(ev, ERR_DATA, j->path, (long long)line,
			    0, "undo with nothing left to undo");
		t = j->undo[j->nundo - 1];
		if (e->ref != j->ent[t].seq || e->group != j->ent[t].group ||
		    e->key != j->ent[t].key)
			return err_at(ev, ERR_DATA, j->path, (long long)line,
			    0, "undo names decision %llu but the latest one "
			    "not undone is %llu", (unsigned long long)e->ref,
			    (unsigned long long)j->ent[t].seq);
		jstate_cancel_step(j, t);
		return 0;
	default:
		break;
	}
	if (e->group != 0) {
		if (e->group <= j->last_group)
			return err_at(ev, ERR_DATA, j->path, (long long)line,
			    0, "bulk group %u reused", (unsigned)e->group);
		j->last_group = e->group;
		R->pend_first = i;
		R->pend_off = off;
		R->pend_line = line;
		return 0;
	}
	jstate_link(j, (uint32_t)i);
	jstate_push_undo(j, (uint32_t)i);
	return 0;
}

/* A journal cut off at its very start (creation interrupted): nothing
 * but a prefix of the magic word, or a lone damaged header line. */
static int
torn_header(const char *s, size_t n)
{
	size_t m = strlen(MAGIC);

	return memcmp(s, MAGIC, n < m ? n : m) == 0;
}

static void
warn_tail(const struct journal *j, uint64_t line, const char *why)
{
	log_warn("%s:%llu: %s; the last line was cut short or damaged "
	    "(interrupted write?) and is ignored", j->path,
	    (unsigned long long)line, why);
}

int
jreplay_run(struct journal *j, const char *data, size_t size, int *fresh,
    struct jreplay *R, struct err *e)
{
	const char *p, *nl, *why;
	size_t off, len;
	uint64_t line = 1;
	struct journal_entry *en;
	int r;

	memset(R, 0, sizeof *R);
	R->data = data;
	R->size = size;
	R->pend_first = SIZE_MAX;
	*fresh = 0;
	if (size == 0) {
		*fresh = 1;
		return 0;
	}
	nl = memchr(data, '\n', size);
	len = nl ? (size_t)(nl - data) : size;
	if ((r = jline_parse_header(j, data, len, &why)) != 0) {
		if (r == -1 && torn_header(data, len) &&
		    (!nl || nl == data + size - 1)) {
			warn_tail(j, 1, why);
			*fresh = 1;
			return 0;
		}
		return err_at(e, ERR_DATA, j->path, 1, 0, "%s", why);
	}
	if (!nl) {
		/* a whole header, its newline lost: keep it */
		warn_tail(j, 1, "the header line has no newline");
		*fresh = 1;
		return 0;
	}
	off = len + 1;
	R->good_end = off;
	for (line = 2; off < size; line++) {
		p = data + off;
		nl = memchr(p, '\n', size - off);
		len = nl ? (size_t)(nl - p) : size - off;
		if (!(en = jstate_new_entry(j)))
			return err_at(e, ERR_DATA, j->path, (long long)line, 0,
			    "too many lines");
		if (!nl || jline_parse(j, p, len, en, &why) != 0) {
			j->n--;
			if (!nl)
				why = "no newline at the end";
			if (!nl || tail_only(R, off + len + 1)) {
				warn_tail(j, line, why);
				break;
			}
			return err_at(e, ERR_DATA, j->path, (long long)line, 0,
			    "%s", why);
		}
		en->line = (uint32_t)(line > UINT32_MAX ? UINT32_MAX : line);
		if (apply(j, R, line, off, e) != 0)
			return -1;
		off += len + 1;
		if (R->pend_first == SIZE_MAX)
			R->good_end = off;
	}
	if (R->pend_first != SIZE_MAX) {
		char num[NUMFMT_COUNT];

		log_warn("%s:%llu: bulk group %u was never committed (the "
		    "write was interrupted); its %s %s ignored", j->path,
		    (unsigned long long)R->pend_line,
		    (unsigned)j->ent[R->pend_first].group,
		    numfmt_count(j->n - R->pend_first, num),
		    numfmt_noun(j->n - R->pend_first, "line is", "lines are"));
		j->n = R->pend_first;
		R->good_end = R->pend_off;
	}
	return 0;
}
