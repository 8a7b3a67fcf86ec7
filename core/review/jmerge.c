/*
 * jmerge.c - agreement, kappa and the merged journal.
 *
 * Categories are interned in a dict under a one-byte prefix ('L' and the
 * label's bytes, 'D' for drop, 'U' for a verdict whose label is unknown),
 * so any label, even "drop" or one holding NUL bytes, stays apart from
 * the drop category.
 */
#include "core/review/jmerge.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/dict.h"
#include "core/util/outfile.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

/* The category of a row's state, interned into d. */
static uint32_t
category(const struct journal *j, const struct journal_state *st,
    struct dict *d, char **buf, size_t *cap)
{
	const char *s;
	size_t n;

	if (st->dropped)
		return dict_intern(d, "D", 1);
	s = journal_str(j, st->label, &n);
	if (!s)
		return dict_intern(d, "U", 1);
	*buf = xgrow(*buf, cap, n + 1, 1);
	(*buf)[0] = 'L';
	memcpy(*buf + 1, s, n);
	return dict_intern(d, *buf, n + 1);
}

static void
count(uint64_t **c, size_t *cap, uint32_t id)
{
	size_t old = *cap;

	if (id >= *cap) {
		*c = xgrow(*c, cap, (size_t)id + 1, sizeof **c);
		memset(*c + old, 0, (*cap - old) * sizeof **c);
	}
	(*c)[id]++;
}

/* 1 when the files at pa and pb hold the same bytes. */
static int
same_bytes(const char *pa, const char *pb, off_t size)
{
	char x[1 << 14], y[1 << 14];
	FILE *fa = fopen(pa, "rb"), *fb = fopen(pb, "rb");
	size_t na, nb;
	off_t seen = 0;
	int same = fa && fb;

	while (same && seen < size) {
		na = fread(x, 1, sizeof x, fa);
		nb = fread(y, 1, sizeof y, fb);
		same = na == nb && na > 0 && memcmp(x, y, na) == 0;
		seen += (off_t)na;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}

/* A journal merged with itself agrees with itself: kappa 1 that says
 * nothing about two reviewers.  The same file, or a copy. */
static int
check_two(const struct journal *a, const struct journal *b, struct err *e)
{
	const char *pa = journal_path(a), *pb = journal_path(b);
	struct stat sa, sb;

	if (stat(pa, &sa) != 0 || stat(pb, &sb) != 0)
		return 0;
	if (sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
		return err_set(e, ERR_USAGE, "%s and %s are the same journal; "
		    "a merge compares two reviewers' journals", pa, pb);
	if (sa.st_size == sb.st_size && same_bytes(pa, pb, sa.st_size))
		return err_set(e, ERR_USAGE, "%s and %s are copies of one "
		    "journal (the same bytes); a merge compares two "
		    "reviewers' journals", pa, pb);
	return 0;
}

int
jmerge_compare(const struct journal *a, const struct journal *b,
    struct jmerge *m, struct err *e)
{
	const struct fingerprint *fa = journal_fingerprint(a),
	    *fb = journal_fingerprint(b);
	struct journal_state sa, sb;
	struct dict cats;
	uint32_t k, kb, ca, cb;
	const char *key, *s;
	size_t kn, capa = 0, capb = 0, capc = 0, cap = 0, n, i;
	char *buf = NULL, da[160], db[160];

	memset(m, 0, sizeof *m);
	m->po = m->pe = m->kappa = NAN;
	if (check_two(a, b, e) != 0)
		return -1;
	if (fa->size != fb->size || fa->sample != fb->sample) {
		fingerprint_describe(fa, da, sizeof da);
		fingerprint_describe(fb, db, sizeof db);
		return err_set(e, ERR_DATA, "%s and %s were made on different "
		    "datasets (%s; %s)", journal_path(a), journal_path(b), da,
		    db);
	}
	if (!journal_same_col(journal_id_col(a), journal_id_col(b)))
		return err_set(e, ERR_DATA, "%s and %s name rows by different "
		    "columns ('%s' and '%s')", journal_path(a),
		    journal_path(b), journal_id_col(a) ? journal_id_col(a) :
		    "row number", journal_id_col(b) ? journal_id_col(b) :
		    "row number");
	dict_init(&cats);
	for (k = 0; k < journal_nkeys(b); k++) {
		journal_key_state(b, k, &sb);
		m->decided_b += sb.verdict != JOURNAL_NONE;
	}
	for (k = 0; k < journal_nkeys(a); k++) {
		journal_key_state(a, k, &sa);
		if (sa.verdict == JOURNAL_NONE)
			continue;
		m->decided_a++;
		key = journal_key(a, k, &kn);
		kb = journal_find_key(b, key, kn);
		if (kb == JOURNAL_NONE)
			continue;
		journal_key_state(b, kb, &sb);
		if (sb.verdict == JOURNAL_NONE)
			continue;
		m->both++;
		ca = category(a, &sa, &cats, &buf, &cap);
		cb = category(b, &sb, &cats, &buf, &cap);
		count(&m->count_a, &capa, ca);
		count(&m->count_b, &capb, cb);
		if (ca == cb) {
			m->agree++;
			continue;
		}
		m->conf = xgrow(m->conf, &capc, m->nconf + 1,
		    sizeof *m->conf);
		m->conf[m->nconf].key_a = k;
		m->conf[m->nconf].key_b = kb;
		m->conf[m->nconf].va = sa.verdict;
		m->conf[m->nconf].vb = sb.verdict;
		m->nconf++;
	}
	free(buf);
	m->ncat = cats.n;
	m->cat = xcalloc(m->ncat + 1, sizeof *m->cat);
	m->cat_len = xcalloc(m->ncat + 1, sizeof *m->cat_len);
	m->cat_drop = xcalloc(m->ncat + 1, 1);
	/* every category seen by one side has a count slot on both */
	count(&m->count_a, &capa, (uint32_t)m->ncat);
	count(&m->count_b, &capb, (uint32_t)m->ncat);
	for (i = 0; i < m->ncat; i++) {
		s = dict_str(&cats, (uint32_t)i, &n);
		m->cat_drop[i] = s[0] == 'D';
		m->cat[i] = xstrndup(s + 1, n - 1);
		m->cat_len[i] = n - 1;
	}
	dict_release(&cats);
	if (m->both > 0) {
		double nb = (double)m->both;

		m->po = (double)m->agree / nb;
		m->pe = 0;
		for (i = 0; i < m->ncat; i++)
			m->pe += ((double)m->count_a[i] / nb) *
			    ((double)m->count_b[i] / nb);
		m->kappa = m->pe < 1 ? (m->po - m->pe) / (1 - m->pe) : NAN;
	}
	return 0;
}

void
jmerge_release(struct jmerge *m)
{
	if (!m)
		return;
	xfree_strv(m->cat, m->ncat);
	FREE_ALL(m->cat_len, m->cat_drop, m->count_a, m->count_b,
	    m->conf);
	memset(m, 0, sizeof *m);
}

/* --- the merged journal -------------------------------------------- */

static void
from_entry(const struct journal *j, const struct journal_entry *en,
    struct journal_decision *d)
{
	size_t n;
	const char *key = journal_key(j, en->key, &n);

	journal_decision_init(d, (enum journal_type)en->type, key, n);
	d->given = journal_str(j, en->given, &d->given_len);
	d->label = journal_str(j, en->label, &d->label_len);
	d->note = journal_str(j, en->note, &d->note_len);
	d->posterior = en->posterior;
	d->round = en->round;
	d->time_ms = en->time_ms;
	d->reviewer = journal_str(j, en->reviewer, NULL);
}

/* One side of a conflict for its note: "ann: 'dog'" or "ann: drop". */
static void
outcome(const struct journal *j, uint32_t v, char **note, size_t *len,
    size_t *cap)
{
	const struct journal_entry *en = journal_entry(j, v);
	const char *who = journal_str(j, en->reviewer, NULL), *s;
	size_t n, w = strlen(who);

	s = en->type == JOURNAL_DROP ? NULL : journal_str(j,
	    journal_type_sets_label(en->type) ? en->label : en->given, &n);
	*note = xgrow(*note, cap, *len + w + (s ? n : 0) + 16, 1);
	memcpy(*note + *len, who, w);
	*len += w;
	if (en->type == JOURNAL_DROP) {
		memcpy(*note + *len, ": drop", 6);
		*len += 6;
	} else if (!s) {
		memcpy(*note + *len, ": (unknown)", 11);
		*len += 11;
	} else {
		memcpy(*note + *len, ": '", 3);
		memcpy(*note + *len + 3, s, n);
		(*note)[*len + 3 + n] = '\'';
		*len += n + 4;
	}
}

int
jmerge_write(const struct journal *a, const struct journal *b,
    const struct jmerge *m, const char *out, int force, struct err *e)
{
	const struct journal *src[2] = { a, b };
	struct journal_decision *d = NULL;
	struct journal_opts o;
	struct journal *w;
	struct outfile of;
	struct outfile_keep keep[2];
	struct outfile_rule rule;
	uint64_t *key = NULL;
	uint32_t *idx = NULL;
	char **notes = NULL;
	size_t n = 0, cap = 0, i, k, s, len, ncap;
	int64_t last = 0;
	int rc = -1;

	memset(keep, 0, sizeof keep);
	keep[0].path = journal_path(a);
	keep[1].path = journal_path(b);
	keep[0].what = keep[1].what = "a journal being merged";
	memset(&rule, 0, sizeof rule);
	rule.keep = keep;
	rule.nkeep = 2;
	rule.force = force;
	rule.journal = 1;
	if (outfile_open(&of, out, &rule, e) != 0)
		return -1;
	/* every effective decision of both, a's first */
	for (s = 0; s < 2; s++) {
		for (i = 0; i < journal_count(src[s]); i++) {
			const struct journal_entry *en =
			    journal_entry(src[s], i);

			if (en->undone || en->type >= JOURNAL_UNDO)
				continue;
			d = xgrow(d, &cap, n + 1, sizeof *d);
			from_entry(src[s], en, &d[n]);
			if (en->time_ms > last)
				last = en->time_ms;
			n++;
		}
	}
	key = xmalloc((n + 1) * sizeof *key);
	idx = xmalloc((n + 1) * sizeof *idx);
	for (i = 0; i < n; i++) {
		key[i] = (uint64_t)d[i].time_ms ^ (1ull << 63);
		idx[i] = (uint32_t)i;
	}
	sort_idx_by_u64(idx, n, key);
	{
		struct journal_decision *sorted = xmalloc((n + m->nconf + 1) *
		    sizeof *sorted);

		for (i = 0; i < n; i++)
			sorted[i] = d[idx[i]];
		free(d);
		d = sorted;
	}
	/* a flag on each conflict */
	notes = xcalloc(m->nconf + 1, sizeof *notes);
	for (k = 0; k < m->nconf; k++) {
		const struct jmerge_conflict *c = &m->conf[k];
		const struct journal_entry *va = journal_entry(a, c->va);

		len = 0;
		ncap = 0;
		notes[k] = NULL;
		notes[k] = xgrow(notes[k], &ncap, 32, 1);
		memcpy(notes[k], "merge conflict: ", 16);
		len = 16;
		outcome(a, c->va, &notes[k], &len, &ncap);
		notes[k] = xgrow(notes[k], &ncap, len + 3, 1);
		memcpy(notes[k] + len, "; ", 2);
		len += 2;
		outcome(b, c->vb, &notes[k], &len, &ncap);
		from_entry(a, va, &d[n]);
		d[n].type = JOURNAL_FLAG;
		d[n].label = NULL;
		d[n].label_len = 0;
		d[n].posterior = NAN;
		d[n].note = notes[k];
		d[n].note_len = len;
		d[n].time_ms = last;
		d[n].reviewer = "merge";
		n++;
	}
	/* the journal is made in the output's temporary file */
	journal_opts_init(&o);
	o.write = 1;
	o.fp = journal_fingerprint(a);
	o.reviewer = "merge";
	o.label_col = journal_label_col(a);
	o.id_col = journal_id_col(a);
	w = journal_open(of.tmp, &o, e);
	if (!w)
		goto done;
	if (journal_append_many(w, d, n, e) != 0) {
		journal_close(w);
		goto done;
	}
	journal_close(w);
	rc = outfile_commit(&of, e);
done:
	outfile_abort(&of);
	for (k = 0; k < m->nconf; k++)
		free(notes[k]);
	FREE_ALL(notes, d, key, idx);
	return rc;
}
