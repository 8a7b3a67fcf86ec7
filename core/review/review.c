/*
 * review.c - the review session.
 *
 * Invariants: state[] and clamp[] always equal what replaying the
 * journal gives (every change goes through the journal first, then
 * refresh_row re-reads the row's state from it); the queue only ever
 * holds rows that were flagged when it was built; review_current skips
 * rows decided since, so the current row is always one without a
 * verdict.
 */
#include "core/review/review.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/log.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"
#include "core/util/numfmt.h"

void
review_opts_init(struct review_opts *o)
{
	memset(o, 0, sizeof *o);
	o->order = REVIEW_SUSPICION;
}

int
review_writable(const struct review *rv, struct err *e)
{
	if (!rv->read_only)
		return 0;
	return err_set(e, ERR_USAGE, "read-only: nothing is recorded (%s "
	    "stays as it is)", journal_path(rv->j));
}

/* A class for a label text from the journal, adding it when new. */
static uint32_t
class_of(struct labels *L, const char *s, size_t n)
{
	int c = labels_find(L, s, n);
	char *copy;
	uint32_t k;

	if (c >= 0)
		return (uint32_t)c;
	copy = xstrndup(s, n);
	k = labels_add(L, copy);
	free(copy);
	return k;
}

/* Read row's state back from the journal. */
static void
refresh_row(struct review *rv, uint32_t row)
{
	struct journal_state st;
	char buf[24];
	size_t n, ln;
	const char *key = table_key(rv->t, row, buf, &n), *s;
	uint8_t was = rv->state[row];

	rv->state[row] = 0;
	rv->clamp[row] = LABELS_NONE;
	if (journal_row_state(rv->j, key, n, &st) == 0) {
		if (st.verdict != JOURNAL_NONE) {
			rv->state[row] |= REVIEW_DECIDED;
			if (st.dropped) {
				rv->state[row] |= REVIEW_DROPPED;
			} else if ((s = journal_str(rv->j, st.label, &ln))) {
				rv->clamp[row] = class_of(rv->L, s, ln);
			} else if (rv->L->y[row] != LABELS_NONE) {
				rv->clamp[row] = rv->L->y[row];
			}
			if (st.relabelled)
				rv->state[row] |= REVIEW_RELABELLED;
		}
		if (st.flag != JOURNAL_NONE)
			rv->state[row] |= REVIEW_FLAGGED;
		if (st.note != JOURNAL_NONE)
			rv->state[row] |= REVIEW_NOTED;
		if (st.skip != JOURNAL_NONE && st.verdict == JOURNAL_NONE)
			rv->state[row] |= REVIEW_SKIPPED;
	}
	if ((was & REVIEW_DECIDED) && !(rv->state[row] & REVIEW_DECIDED))
		rv->decided--;
	else if (!(was & REVIEW_DECIDED) && (rv->state[row] & REVIEW_DECIDED))
		rv->decided++;
}

int
review_open(struct review *rv, const struct table *t, struct labels *L,
    const struct review_opts *o, struct err *e)
{
	struct journal_opts jo;
	struct fingerprint fp;
	char *path;
	uint32_t k, nk, unknown = 0;
	int64_t row;
	size_t n, i;
	const char *key;

	memset(rv, 0, sizeof *rv);
	if (t->nrows >= UINT32_MAX)
		return err_set(e, ERR_USAGE, "%s: too many rows to review",
		    t->path);
	if (fingerprint_file(t->path, &fp, e) != 0)
		return -1;
	path = o->journal_path ? xstrdup(o->journal_path) :
	    journal_path_for(t->path);
	journal_opts_init(&jo);
	jo.write = !o->read_only;
	jo.fp = &fp;
	jo.force = o->force;
	jo.reviewer = o->reviewer;
	jo.label_col = t->col[L->col].name;
	jo.id_col = t->id_col >= 0 ? t->col[t->id_col].name : NULL;
	rv->j = journal_open(path, &jo, e);
	free(path);
	if (!rv->j)
		return -1;
	rv->t = t;
	rv->L = L;
	rv->n = (uint32_t)t->nrows;
	rv->order = o->order;
	rv->read_only = o->read_only;
	rv->state = xcalloc((size_t)rv->n + 1, 1);
	rv->clamp = xmalloc(((size_t)rv->n + 1) * sizeof *rv->clamp);
	for (k = 0; k < rv->n; k++)
		rv->clamp[k] = LABELS_NONE;
	nk = journal_nkeys(rv->j);
	for (k = 0; k < nk; k++) {
		key = journal_key(rv->j, k, &n);
		row = table_find_key(t, key, n);
		if (row < 0) {
			unknown++;
			continue;
		}
		refresh_row(rv, (uint32_t)row);
	}
	if (unknown)
	{
		char num[NUMFMT_COUNT];

		log_warn("%s: %s row %s in the journal %s not in the dataset "
		    "(ignored)", journal_path(rv->j), numfmt_count(unknown,
		    num), numfmt_noun(unknown, "key", "keys"),
		    numfmt_noun(unknown, "is", "are"));
	}
	/* the session starts after every line the journal holds: a reopen
	 * within the millisecond of the last decision must not count that
	 * decision as this session's */
	rv->session_start = journal_now_ms();
	for (i = 0; i < journal_count(rv->j); i++) {
		const struct journal_entry *en = journal_entry(rv->j, i);

		if (en->time_ms >= rv->session_start)
			rv->session_start = en->time_ms + 1;
	}
	return 0;
}

void
review_close(struct review *rv)
{
	if (!rv)
		return;
	journal_close(rv->j);
	FREE_ALL(rv->state, rv->clamp, rv->queue);
	memset(rv, 0, sizeof *rv);
}

double
review_margin(const struct review *rv, uint32_t row)
{
	uint32_t cls[2];
	double p[2];

	if (!rv->res || post_top(&rv->res->post, row, cls, p, 2) < 2)
		return 1;
	return p[0] - p[1];
}

uint32_t
review_current(const struct review *rv)
{
	struct review *w = (struct review *)rv;	/* skipping is a cache */

	while (w->pos < w->nqueue &&
	    (w->state[w->queue[w->pos]] & REVIEW_DECIDED))
		w->pos++;
	return w->pos < w->nqueue ? w->queue[w->pos] : REVIEW_NONE;
}

int
review_suspicion_cmp(const struct pico_result *r, uint32_t a, uint32_t b)
{
	double ka = floor(100.0 * r->quality[a] + 0.5);
	double kb = floor(100.0 * r->quality[b] + 0.5);

	if (ka == kb) {
		ka = -r->p_suggested[a];
		kb = -r->p_suggested[b];
	}
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return a < b ? -1 : a > b;
}

/*
 * Queue order.  Suspicion: review_suspicion_cmp.  Uncertainty: the
 * top-two margin ascending, ties by row.
 */
static int
queue_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct review *rv = ctx;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	double ka, kb;

	if (rv->order == REVIEW_SUSPICION)
		return review_suspicion_cmp(rv->res, a, b);
	ka = review_margin(rv, a);
	kb = review_margin(rv, b);
	if (ka != kb)
		return ka < kb ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Fill the queue with the flagged rows without a verdict, best first,
 * with keep (if any) in front. */
static void
build_queue(struct review *rv, uint32_t keep)
{
	const struct pico_result *r = rv->res;
	uint32_t i, m = 0;

	free(rv->queue);
	rv->queue = xmalloc(((size_t)rv->n + 1) * sizeof *rv->queue);
	rv->nqueue = 0;
	rv->pos = 0;
	if (!r)
		return;
	for (i = 0; i < rv->n && i < r->n; i++) {
		if (!r->flagged[i] || (rv->state[i] & REVIEW_DECIDED) ||
		    i == keep)
			continue;
		rv->queue[m++] = i;
	}
	sort_stable(rv->queue, m, sizeof *rv->queue, queue_cmp, rv);
	if (keep != REVIEW_NONE) {
		memmove(rv->queue + 1, rv->queue, m * sizeof *rv->queue);
		rv->queue[0] = keep;
		m++;
	}
	rv->nqueue = m;
}

void
review_set_result(struct review *rv, const struct pico_result *res)
{
	uint32_t cur = rv->res ? review_current(rv) : REVIEW_NONE;

	rv->res = res;
	rv->round++;
	build_queue(rv, cur);
}

void
review_set_order(struct review *rv, enum review_order o)
{
	uint32_t cur = review_current(rv);

	rv->order = o;
	build_queue(rv, cur);
}

uint32_t
review_move(struct review *rv, int delta)
{
	int64_t p = (int64_t)rv->pos + delta;

	if (p < 0)
		p = 0;
	if (p >= rv->nqueue)
		p = rv->nqueue ? rv->nqueue - 1 : 0;
	/* moving backwards may land on decided rows: step over them in
	 * the direction of travel */
	while (delta < 0 && p > 0 && (rv->state[rv->queue[p]] &
	    REVIEW_DECIDED))
		p--;
	rv->pos = (uint32_t)p;
	return review_current(rv);
}

int
review_goto(struct review *rv, uint32_t row)
{
	uint32_t i;

	for (i = 0; i < rv->nqueue; i++)
		if (rv->queue[i] == row) {
			rv->pos = i;
			return 0;
		}
	return -1;
}

/* The class name of c, or NULL. */
static const char *
cname(const struct review *rv, uint32_t c)
{
	return c < rv->L->k ? rv->L->name[c] : NULL;
}

static void
fill_decision(const struct review *rv, uint32_t row, enum journal_type type,
    const char *label, const char *note, struct journal_decision *d,
    char *keybuf)
{
	size_t n;
	const char *key = table_key(rv->t, row, keybuf, &n);
	const char *given = cname(rv, rv->L->y[row]);
	const char *sugg = rv->res && row < rv->res->n ?
	    cname(rv, rv->res->suggested[row]) : NULL;

	journal_decision_init(d, type, key, n);
	if (given) {
		d->given = given;
		d->given_len = strlen(given);
	}
	if (!label && (type == JOURNAL_ACCEPT || type == JOURNAL_REJECT))
		label = sugg;
	if (label) {
		d->label = label;
		d->label_len = strlen(label);
	}
	if (note) {
		d->note = note;
		d->note_len = strlen(note);
	}
	if (rv->res && row < rv->res->n)
		d->posterior = rv->res->p_suggested[row];
	d->round = rv->round;
}

static void
counted(struct review *rv, enum journal_type type, uint32_t n)
{
	if (journal_type_is_verdict(type))
		rv->session_decisions += n;
}

int
review_decide(struct review *rv, uint32_t row, enum journal_type type,
    const char *label, const char *note, struct err *e)
{
	struct journal_decision d;
	char buf[24];

	if (review_writable(rv, e) != 0)
		return -1;
	if (row >= rv->n)
		return err_set(e, ERR_SOFTWARE, "no row %u", row);
	if (journal_type_sets_label(type) && !label && type != JOURNAL_ACCEPT)
		return err_set(e, ERR_USAGE, "a label is needed");
	if (type == JOURNAL_ACCEPT && !label && !(rv->res && row <
	    rv->res->n))
		return err_set(e, ERR_USAGE, "nothing suggested for this row");
	if (type == JOURNAL_ACCEPT && !label && rv->res->doubtful &&
	    rv->res->doubtful[row])
		return err_set(e, ERR_USAGE, "doubtful, no suggestion: pick "
		    "a class or reject");
	fill_decision(rv, row, type, label, note, &d, buf);
	if (journal_append(rv->j, &d, e) != 0)
		return -1;
	refresh_row(rv, row);
	counted(rv, type, 1);
	if ((journal_type_is_verdict(type) || type == JOURNAL_SKIP) &&
	    rv->pos < rv->nqueue && rv->queue[rv->pos] == row)
		rv->pos++;
	return 0;
}

int
review_bulk(struct review *rv, const uint32_t *rows, uint32_t n,
    enum journal_type type, const char *label, struct err *e)
{
	struct journal_decision *d;
	char (*bufs)[24];
	uint32_t i;
	int rc;

	if (review_writable(rv, e) != 0)
		return -1;
	if (n == 0)
		return 0;
	d = xcalloc(n, sizeof *d);
	bufs = xcalloc(n, sizeof *bufs);
	for (i = 0; i < n; i++) {
		if (rows[i] >= rv->n) {
			free(d);
			free(bufs);
			return err_set(e, ERR_SOFTWARE, "no row %u", rows[i]);
		}
		fill_decision(rv, rows[i], type, label, NULL, &d[i], bufs[i]);
		if (journal_type_sets_label(type) && !d[i].label) {
			free(d);
			free(bufs);
			return err_set(e, ERR_USAGE, "nothing suggested for "
			    "row %u", rows[i]);
		}
	}
	rc = journal_append_bulk(rv->j, d, n, e);
	free(d);
	free(bufs);
	if (rc != 0)
		return -1;
	for (i = 0; i < n; i++)
		refresh_row(rv, rows[i]);
	counted(rv, type, n);
	return 0;
}

int
review_undo(struct review *rv, struct err *e)
{
	size_t first, i, cnt;
	long undone;
	const struct journal_entry *en;
	const char *key;
	size_t n;
	int64_t row, back = -1;

	if (review_writable(rv, e) != 0)
		return -1;
	undone = journal_undo(rv->j, &first, e);
	if (undone < 0)
		return -1;
	if (undone == 0)
		return 0;
	cnt = journal_count(rv->j);
	for (i = first; i < cnt; i++) {
		en = journal_entry(rv->j, i);
		if (!en->undone || en->key == JOURNAL_NONE)
			continue;
		key = journal_key(rv->j, en->key, &n);
		row = table_find_key(rv->t, key, n);
		if (row < 0)
			continue;
		if (back < 0)
			back = row;
		refresh_row(rv, (uint32_t)row);
		if (journal_type_is_verdict((enum journal_type)en->type) &&
		    rv->session_decisions > 0)
			rv->session_decisions--;
	}
	if (back >= 0)
		review_goto(rv, (uint32_t)back);
	return 1;
}

void
review_run_inputs(const struct review *rv, uint32_t *given, uint32_t *clamp)
{
	uint32_t i;

	for (i = 0; i < rv->n; i++) {
		given[i] = (rv->state[i] & REVIEW_DROPPED) ? LABELS_NONE :
		    rv->L->y[i];
		clamp[i] = rv->clamp[i];
	}
}

double
review_remaining(const struct review *rv)
{
	double s = 0;
	uint32_t i;

	if (!rv->res)
		return 0;
	for (i = 0; i < rv->n && i < rv->res->n; i++)
		if (!(rv->state[i] & REVIEW_DECIDED) &&
		    rv->L->y[i] != LABELS_NONE)
			s += 1 - rv->res->quality[i];
	return s;
}

double
review_rate(const struct review *rv)
{
	size_t i, cnt = journal_count(rv->j);
	const struct journal_entry *en;
	int64_t prev = -1, active = 0;
	uint32_t k = 0;

	for (i = 0; i < cnt; i++) {
		en = journal_entry(rv->j, i);
		if (en->undone || en->time_ms < rv->session_start ||
		    !journal_type_is_verdict((enum journal_type)en->type))
			continue;
		if (prev >= 0 && en->time_ms - prev < 5 * 60 * 1000)
			active += en->time_ms - prev;
		prev = en->time_ms;
		k++;
	}
	if (k < 2 || active <= 0)
		return 0;
	return (double)(k - 1) / ((double)active / 60000.0);
}

uint32_t
review_resume(struct review *rv)
{
	uint32_t last = journal_last(rv->j), i, start = 0, row = REVIEW_NONE;
	const struct journal_entry *en;
	const char *key;
	size_t n;
	int64_t r;

	if (!rv->res || rv->nqueue == 0)
		return review_current(rv);
	if (last != JOURNAL_NONE) {
		en = journal_entry(rv->j, last);
		key = journal_key(rv->j, en->key, &n);
		r = table_find_key(rv->t, key, n);
		if (r >= 0 && (uint32_t)r < rv->res->n)
			row = (uint32_t)r;
	}
	if (row != REVIEW_NONE) {
		/* the queue is sorted by queue_cmp: find the first entry
		 * past the last decided row */
		for (start = 0; start < rv->nqueue; start++) {
			uint32_t q = rv->queue[start];

			if (q == row) {
				start++;
				break;
			}
			if (queue_cmp(&q, &row, rv) > 0)
				break;
		}
	}
	for (i = 0; i < rv->nqueue; i++) {
		uint32_t p = (start + i) % rv->nqueue;

		if (!(rv->state[rv->queue[p]] & (REVIEW_DECIDED |
		    REVIEW_SKIPPED))) {
			rv->pos = p;
			return review_current(rv);
		}
	}
	rv->pos = 0;
	return review_current(rv);
}

int
review_explain(const struct review *rv, uint32_t row, struct review_why *w)
{
	const struct pico_result *r = rv->res;
	uint32_t cls[2], g;
	double p[2], tiny = 1e-6, num, den;

	memset(w, 0, sizeof *w);
	w->given = w->suggested = w->other = LABELS_NONE;
	if (!r || row >= r->n || row >= rv->n)
		return -1;
	g = rv->L->y[row];
	if (g == LABELS_NONE || g >= r->k)
		return -1;
	w->given = g;
	w->suggested = r->suggested[row];
	w->other = w->suggested;
	if (w->other == g) {
		uint32_t m = post_top(&r->post, row, cls, p, 2);

		w->other = m > 1 ? (cls[0] == g ? cls[1] : cls[0]) :
		    LABELS_NONE;
	}
	w->b_given = post_get(&r->post, row, g, g);
	w->prior_given = g < r->noise.rows ? kmat_at(&r->noise, g, g) : 0;
	if (w->other == LABELS_NONE)
		return 0;
	w->b_other = post_get(&r->post, row, w->other, g);
	w->prior_other = g < r->noise.rows ? kmat_at(&r->noise, g, w->other) :
	    0;
	num = (w->b_other + tiny) / (w->b_given + tiny);
	den = (w->prior_other + tiny) / (w->prior_given + tiny);
	w->ratio = num / den;
	return 0;
}
