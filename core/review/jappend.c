/*
 * jappend.c - writing a journal: the header of a new one, decisions,
 * bulk groups and undos.
 *
 * Every write is whole lines in one write(2) followed by fdatasync(2);
 * only when both succeed does the state in memory change (strings
 * interned, entries added), so a failed append leaves memory as it was,
 * and the file is cut back to its last good line.
 */
#include "core/review/jinternal.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util/xalloc.h"

int
jappend_header(struct journal *j, const struct journal_opts *o,
    struct err *e)
{
	if (!o->fp)
		return err_set(e, ERR_SOFTWARE, "%s: a new journal needs the "
		    "dataset's fingerprint", j->path);
	j->fp = *o->fp;
	free(j->label_col);
	free(j->id_col);
	j->label_col = o->label_col ? xstrdup(o->label_col) : NULL;
	j->id_col = o->id_col ? xstrdup(o->id_col) : NULL;
	j->created = journal_now_ms();
	j->blen = 0;
	jline_build_header(j);
	if (ftruncate(j->fd, 0) != 0 ||
	    outfile_write_all(j->fd, j->buf, j->blen) != 0 ||
	    fdatasync(j->fd) != 0) {
		int err = errno;

		if (ftruncate(j->fd, 0) == 0)
			fdatasync(j->fd);
		return err_sys(e, ERR_CANTCREAT, err, "%s: cannot write the "
		    "journal header", j->path);
	}
	j->size = j->blen;
	outfile_sync_dir(j->path);
	return 0;
}

/* Write j->buf and sync; on failure cut the file back. */
static int
commit(struct journal *j, struct err *e)
{
	int err;

	if (j->fd < 0)
		return err_set(e, ERR_SOFTWARE, "%s: the journal was opened "
		    "read-only", j->path);
	if (outfile_write_all(j->fd, j->buf, j->blen) != 0 ||
	    fdatasync(j->fd) != 0) {
		err = errno;
		if (ftruncate(j->fd, (off_t)j->size) == 0)
			fdatasync(j->fd);
		return err_sys(e, ERR_IO, err, "%s: cannot write the journal",
		    j->path);
	}
	j->size += j->blen;
	return 0;
}

static uint32_t
intern_opt(struct dict *d, const char *s, size_t n)
{
	return s ? dict_intern(d, s, n) : JOURNAL_NONE;
}

static int
check_decision(const struct journal *j, const struct journal_decision *d,
    struct err *e)
{
	if (!jstate_is_decision((int)d->type))
		return err_set(e, ERR_SOFTWARE, "%s: '%s' is not a decision "
		    "one can append", j->path, journal_type_name(d->type));
	if (!d->key || d->key_len == 0)
		return err_set(e, ERR_SOFTWARE, "%s: a decision needs a row "
		    "key", j->path);
	if (journal_type_sets_label(d->type) && !d->label)
		return err_set(e, ERR_SOFTWARE, "%s: '%s' needs the new label",
		    j->path, journal_type_name(d->type));
	if (!isnan(d->posterior) && !isfinite(d->posterior))
		return err_set(e, ERR_SOFTWARE, "%s: posterior is not a "
		    "number", j->path);
	if (d->round < 0)
		return err_set(e, ERR_SOFTWARE, "%s: negative round",
		    j->path);
	return 0;
}

/* A decision as the line that records it. */
static void
line_of(const struct journal *j, const struct journal_decision *d,
    uint64_t seq, int64_t now, uint32_t group, struct jline_out *l)
{
	const char *who = d->reviewer ? d->reviewer : j->reviewer;

	*l = (struct jline_out){ .seq = seq,
	    .time_ms = d->time_ms ? d->time_ms : now, .type = d->type,
	    .group = group, .reviewer = who, .reviewer_len = strlen(who),
	    .key = d->key, .key_len = d->key_len, .given = d->given,
	    .given_len = d->given_len, .label = d->label,
	    .label_len = d->label_len, .posterior = d->posterior,
	    .round = d->round, .note = d->note, .note_len = d->note_len };
}

/* Append n decisions; group is 0 (independent lines) or a new group id
 * (then a commit line follows).  The lines are built from the callers'
 * strings, written and synced; only then are the strings interned and
 * the entries made. */
static int
append(struct journal *j, const struct journal_decision *d, size_t n,
    uint32_t group, struct err *e)
{
	struct jline_out l;
	struct journal_entry *t;
	size_t i, base = j->n;
	int64_t now = journal_now_ms();
	uint32_t jrev, rev = JOURNAL_NONE;

	if (n == 0)
		return 0;
	if (j->fd < 0)
		return err_set(e, ERR_SOFTWARE, "%s: the journal was opened "
		    "read-only", j->path);
	for (i = 0; i < n; i++)
		if (check_decision(j, &d[i], e) != 0)
			return -1;
	if (base + n + 1 >= JOURNAL_NONE - 1)
		return err_set(e, ERR_SOFTWARE, "%s: journal full", j->path);
	j->blen = 0;
	for (i = 0; i < n; i++) {
		line_of(j, &d[i], base + i + 1, now, group, &l);
		jline_build(j, &l);
	}
	if (group) {
		/* the commit line: the group's last time and reviewer */
		line_of(j, &d[n - 1], base + n + 1, now, group, &l);
		l.type = JOURNAL_BULK;
		l.ref = n;
		l.key = l.given = l.label = l.note = NULL;
		l.key_len = l.given_len = l.label_len = l.note_len = 0;
		l.posterior = NAN;
		l.round = 0;
		jline_build(j, &l);
	}
	if (commit(j, e) != 0)
		return -1;
	jrev = dict_intern(&j->strs, j->reviewer, strlen(j->reviewer));
	for (i = 0; i < n; i++) {
		t = jstate_new_entry(j);
		memset(t, 0, sizeof *t);
		t->seq = base + i + 1;
		t->time_ms = d[i].time_ms ? d[i].time_ms : now;
		t->type = (uint8_t)d[i].type;
		t->group = group;
		t->reviewer = d[i].reviewer ? dict_intern(&j->strs,
		    d[i].reviewer, strlen(d[i].reviewer)) : jrev;
		t->key = dict_intern(&j->keys, d[i].key, d[i].key_len);
		t->given = intern_opt(&j->strs, d[i].given, d[i].given_len);
		t->label = intern_opt(&j->strs, d[i].label, d[i].label_len);
		t->note = intern_opt(&j->strs, d[i].note, d[i].note_len);
		t->posterior = d[i].posterior;
		t->round = d[i].round;
		t->prev = JOURNAL_NONE;
		t->line = (uint32_t)(j->n + 1 > UINT32_MAX ? UINT32_MAX :
		    j->n + 1);
		rev = t->reviewer;
		jstate_link(j, (uint32_t)(j->n - 1));
		if (!group)
			jstate_push_undo(j, (uint32_t)(j->n - 1));
	}
	if (group) {
		t = jstate_new_entry(j);
		memset(t, 0, sizeof *t);
		t->seq = base + n + 1;
		t->time_ms = j->ent[j->n - 2].time_ms;
		t->type = JOURNAL_BULK;
		t->group = group;
		t->ref = n;
		t->reviewer = rev;
		t->key = t->given = t->label = t->note = JOURNAL_NONE;
		t->posterior = NAN;
		t->prev = JOURNAL_NONE;
		t->line = (uint32_t)(j->n + 1 > UINT32_MAX ? UINT32_MAX :
		    j->n + 1);
		jstate_push_undo(j, (uint32_t)base);
		j->last_group = group;
	}
	return 0;
}

int
journal_append(struct journal *j, const struct journal_decision *d,
    struct err *e)
{
	return append(j, d, 1, 0, e);
}

int
journal_append_many(struct journal *j, const struct journal_decision *d,
    size_t n, struct err *e)
{
	return append(j, d, n, 0, e);
}

int
journal_append_bulk(struct journal *j, const struct journal_decision *d,
    size_t n, struct err *e)
{
	if (j->last_group >= UINT32_MAX - 1)
		return err_set(e, ERR_SOFTWARE, "%s: out of group ids",
		    j->path);
	return append(j, d, n, j->last_group + 1, e);
}

long
journal_undo(struct journal *j, size_t *first, struct err *e)
{
	struct journal_entry u, *t;
	struct jline_out l;
	size_t top, end;

	if (j->fd < 0)
		return err_set(e, ERR_SOFTWARE, "%s: the journal was opened "
		    "read-only", j->path);
	if (j->nundo == 0)
		return 0;
	top = j->undo[j->nundo - 1];
	t = &j->ent[top];
	memset(&u, 0, sizeof u);
	u.seq = j->n + 1;
	u.time_ms = journal_now_ms();
	u.type = JOURNAL_UNDO;
	u.group = t->group;
	u.ref = t->seq;
	u.key = t->key;
	u.given = u.label = u.note = JOURNAL_NONE;
	u.posterior = NAN;
	u.prev = JOURNAL_NONE;
	memset(&l, 0, sizeof l);
	l.seq = u.seq;
	l.time_ms = u.time_ms;
	l.type = JOURNAL_UNDO;
	l.group = u.group;
	l.ref = u.ref;
	l.reviewer = j->reviewer;
	l.reviewer_len = strlen(j->reviewer);
	l.key = journal_key(j, u.key, &l.key_len);
	l.posterior = NAN;
	j->blen = 0;
	jline_build(j, &l);
	if (commit(j, e) != 0)
		return -1;
	u.reviewer = dict_intern(&j->strs, j->reviewer, strlen(j->reviewer));
	end = jstate_step_end(j, top);
	jstate_cancel_step(j, top);
	u.line = (uint32_t)(j->n + 2 > UINT32_MAX ? UINT32_MAX : j->n + 2);
	*jstate_new_entry(j) = u;
	if (first)
		*first = top;
	return (long)(end - top);
}

size_t
journal_undo_depth(const struct journal *j)
{
	return j->nundo;
}
