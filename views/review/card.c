/*
 * card.c - the Review view's card: one row of the queue on one screen.
 *
 * From the top: the row's key and place in the queue with its marks
 * (flagged for later, a note, the verdict so far); the given label with
 * its quality; the suggestion with b(suggested) and the checkers that
 * agree, or a doubt when no other class is credible; the most probable
 * classes numbered 1, 2, 3 ... (the pick mode lights them); a one-line
 * why (the noise prior of the given label, the evidence ratio, the rule
 * that flagged the row); the same in words (core/review/explain.h); the
 * label over PICO's rounds; the reviewer's note; then every field of
 * the row, names wrapped at a word break, values wrapped, escaped and
 * scrolled with j and k.
 */
#include "views/review/review-internal.h"

#include <stdio.h>
#include <string.h>

#include "core/pico/pico.h"
#include "core/pico/picorun.h"
#include "core/review/explain.h"
#include "core/review/review.h"
#include "views/lib/reviewrow.h"

/*
 * Part k (0, 1, ...) of a field's name cut into lines of namew columns,
 * after a '_', '-', '.' or space when the line has one: *off and *len
 * into name (*len 0 past its end).
 */
static void
name_part(const char *name, int namew, int k, int utf8, size_t *off,
    size_t *len)
{
	size_t n = strlen(name), i = 0, start = 0, brk;
	struct safetext_unit u;
	int width;

	for (;;) {
		width = 0;
		brk = 0;
		for (i = start; i < n; i += u.len) {
			safetext_next(name + i, n - i, utf8, &u);
			if (width + u.width > namew)
				break;
			width += u.width;
			if (strchr("_-. ", name[i]) && i + u.len < n)
				brk = i + u.len;
		}
		if (i < n && brk > start)
			i = brk;
		if (i == start && i < n)
			i += u.len;	/* one unit wider than the column */
		if (k-- == 0 || i >= n)
			break;
		start = i;
	}
	*off = k < 0 ? start : n;
	*len = k < 0 ? i - start : 0;
}

/* Lines the name of column c takes in namew columns. */
static int
name_lines(const struct view_env *env, size_t c, int namew)
{
	size_t off, len;
	int k = 1;

	for (;; k++) {
		name_part(env->t->col[c].name, namew, k, env->utf8, &off,
		    &len);
		if (len == 0)
			return k;
	}
}

/*
 * Lay out the fields of row in width w, the names in namew: call
 * line(ctx, col, s, n, k) for each display line (k: the line's place in
 * the field, 0 first; s, n: the value's part on it, n 0 below the value
 * while a long name goes on).  Returns the number of lines.
 */
static int
layout(const struct view_env *env, uint32_t row, int w, int namew,
    void (*line)(void *, int, const char *, size_t, int), void *ctx)
{
	const struct table *t = env->t;
	int label = env->labels ? env->labels->col : -1, nl = 0;
	size_t c, len, i, start, brk;
	struct safetext_unit u;
	const char *s;
	int width, first, bw, k, names;

	if (w < 8)
		w = 8;
	for (c = 0; c < t->ncols; c++) {
		if ((int)c == label)
			continue;
		s = table_cell(t, c, row, &len);
		names = name_lines(env, c, namew);
		k = 0;
		first = 1;
		i = start = 0;
		width = 0;
		brk = 0;
		bw = 0;
		if (len == 0) {
			for (; k < names; k++, nl++)
				if (line)
					line(ctx, (int)c, s, 0, k);
			continue;
		}
		while (i < len) {
			safetext_next(s + i, len - i, env->utf8, &u);
			if (u.newline) {
				if (line)
					line(ctx, (int)c, s + start, i - start,
					    k);
				nl++;
				k++;
				first = 0;
				i += u.len;
				start = i;
				width = 0;
				brk = 0;
				continue;
			}
			if (width + u.width > w) {
				/* wrap after the last space when there is
				 * one in the line */
				size_t end = brk > start ? brk : i;

				if (line)
					line(ctx, (int)c, s + start,
					    end - start, k);
				nl++;
				k++;
				first = 0;
				start = end;
				width = brk > 0 && end == brk ? width - bw : 0;
				brk = 0;
				if (end == i)
					width = 0;
				continue;
			}
			width += u.width;
			i += u.len;
			if (s[i - 1] == ' ') {
				brk = i;
				bw = width;
			}
		}
		if (start < len || first) {
			if (line)
				line(ctx, (int)c, s + start, len - start, k);
			nl++;
			k++;
		}
		for (; k < names; k++, nl++)
			if (line)
				line(ctx, (int)c, s, 0, k);
	}
	return nl;
}

struct draw_ctx {
	const struct view_env *env;
	struct canvas *c;
	uint32_t row;
	int x, y, w, namew, n, skip, max;
};

/* A line of the fields: the name's part k, the value's part; a missing
 * cell dim, an empty one as the Record view says it. */
static void
draw_line(void *p, int col, const char *s, size_t n, int k)
{
	struct draw_ctx *d = p;
	const struct table *t = d->env->t;
	int yy = d->n - d->skip, miss;
	size_t off, len;

	d->n++;
	if (yy < 0 || yy >= d->max)
		return;
	name_part(t->col[col].name, d->namew, k, d->env->utf8, &off, &len);
	canvas_text(d->c, d->x, d->y + yy, d->namew, t->col[col].name + off,
	    len, ROLE_HEADER, 0);
	miss = table_missing(t, (size_t)col, d->row);
	if (k == 0 && n == 0 && miss)
		canvas_str(d->c, d->x + d->namew + 1, d->y + yy,
		    d->w - d->namew - 1, "(missing)", ROLE_DIM, 0);
	else
		canvas_text(d->c, d->x + d->namew + 1, d->y + yy,
		    d->w - d->namew - 1, s, n, miss ? ROLE_DIM : ROLE_NORMAL,
		    0);
}

static const char *
flag_rule(const struct picorun_opts *o, const struct pico_result *r,
    char *buf, size_t size)
{
	if (!o)
		buf[0] = '\0';
	else if (o->method == PICORUN_CL)
		snprintf(buf, size, "confident learning's filter");
	else if (pico_flag_rule(&o->pico, o->probs && o->probs[0]) ==
	    PICO_FLAG_BUDGET)
		snprintf(buf, size, "budget: q among the lowest %.0f",
		    r->expected);
	else if (pico_flag_rule(&o->pico, o->probs && o->probs[0]) ==
	    PICO_FLAG_CJ)
		snprintf(buf, size, "cj: q among the lowest %llu",
		    (unsigned long long)r->nflagged);
	else if (o->pico.flag == PICO_FLAG_ARGMAX)
		snprintf(buf, size, "argmax: suggestion differs, b >= %.2f",
		    pico_tau(&o->pico));
	else
		snprintf(buf, size, "q < %.2f", pico_tau(&o->pico));
	return buf;
}

void
card_draw(struct rvv *v, const struct view_env *env, struct canvas *c,
    int x, int y, int w, int h, uint32_t row)
{
	const struct review *rv = v->loop->review;
	const struct pico_result *r = v->loop->pico;
	const struct table *t = env->t;
	struct review_why why;
	struct explain ex;
	char lines[3][EXPLAIN_LINE];
	struct draw_ctx d;
	uint32_t cls[NPICK], m, i, g = env->labels->y[row], tr;
	double p[NPICK];
	char buf[400], b2[160], kb[24];
	const char *key, *note;
	size_t klen, notelen;
	int yy = y, xx, namew = 6;
	size_t col;

	key = table_key(t, row, kb, &klen);
	canvas_fill(c, x, yy, w, 1, ROLE_HEADER);
	xx = x + 1;
	xx += canvas_str(c, xx, yy, w - 2, "row ", ROLE_HEADER, CANVAS_BOLD);
	xx += canvas_text(c, xx, yy, 24, key, klen, ROLE_HEADER, CANVAS_BOLD);
	if (v->pinned != VIEW_NOROW)
		snprintf(buf, sizeof buf, "  (line %llu; not in the queue)",
		    (unsigned long long)t->line[row]);
	else
		snprintf(buf, sizeof buf, "  (line %llu)   %u of %u in the "
		    "queue, by %s", (unsigned long long)t->line[row],
		    rv->pos + 1, rv->nqueue, rv->order == REVIEW_SUSPICION ?
		    "suspicion" : "uncertainty");
	xx += canvas_str(c, xx, yy, x + w - xx - 1, buf, ROLE_HEADER, 0);
	buf[0] = '\0';
	if (rv->state[row] & REVIEW_FLAGGED)
		strcat(buf, " [flagged for later]");
	if (rv->state[row] & REVIEW_NOTED)
		strcat(buf, " [note]");
	if (reviewrow_verdict(env, rv, row, b2, sizeof b2) || b2[0])
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " [%s]",
		    b2);
	if (buf[0])
		canvas_str_right(c, xx, yy, x + w - xx - 1, buf, ROLE_WARN,
		    CANVAS_BOLD);
	yy++;
	/* given and suggested */
	canvas_str(c, x + 1, yy, 10, "given", ROLE_DIM, 0);
	canvas_str(c, x + 12, yy, 24, reviewrow_class(env, g), ROLE_NORMAL,
	    CANVAS_BOLD);
	snprintf(buf, sizeof buf, "q %.2f", r->quality[row]);
	canvas_str(c, x + 38, yy, 12, buf, r->quality[row] < 0.2 ? ROLE_WARN :
	    ROLE_NORMAL, 0);
	yy++;
	canvas_str(c, x + 1, yy, 10, "suggested", ROLE_DIM, 0);
	if (r->doubtful && r->doubtful[row]) {
		/* no other class is credible: a doubt, not a relabel */
		canvas_str(c, x + 12, yy, 24, "doubtful, no suggestion",
		    ROLE_WARN, CANVAS_BOLD);
		snprintf(buf, sizeof buf, "best other %s b %.2f",
		    reviewrow_class(env, r->suggested[row]),
		    r->p_suggested[row]);
	} else {
		canvas_str(c, x + 12, yy, 24, reviewrow_class(env,
		    r->suggested[row]), r->suggested[row] != g ? ROLE_GOOD :
		    ROLE_NORMAL, CANVAS_BOLD);
		snprintf(buf, sizeof buf, "b %.2f   %u of %u checkers agree"
		    "%s%s", r->p_suggested[row], r->agree[row], r->checkers,
		    r->auto_fix[row] ? "   auto-fix" : "", r->ambiguous[row] ?
		    "   ambiguous" : "");
	}
	canvas_str(c, x + 38, yy, w - 39, buf, ROLE_NORMAL, 0);
	yy++;
	/* the classes to pick from */
	m = post_top(&r->post, row, cls, p, w >= 120 ? 6 : 3);
	xx = x + 1;
	for (i = 0; i < m && xx < x + w - 4; i++) {
		snprintf(buf, sizeof buf, "%u", i + 1);
		xx += canvas_str(c, xx, yy, 2, buf, ROLE_KEY, CANVAS_BOLD);
		xx += 1;
		xx += canvas_str(c, xx, yy, 20, reviewrow_class(env, cls[i]),
		    cls[i] == g ? ROLE_DIM : ROLE_NORMAL, CANVAS_BOLD);
		snprintf(buf, sizeof buf, " %.2f", p[i]);
		xx += canvas_str(c, xx, yy, 6, buf, ROLE_DIM, 0);
		xx += 3;
	}
	if (v->picking)
		canvas_style(c, x, yy, w, ROLE_SELECTED, CANVAS_BOLD);
	yy++;
	/* why: on one line when it fits, else two */
	canvas_str(c, x + 1, yy, 10, "why", ROLE_DIM, 0);
	if (review_explain(rv, row, &why) == 0 && why.other != LABELS_NONE) {
		int n;

		snprintf(buf, sizeof buf, "noise prior p(%s) %.2f, "
		    "evidence %.2g:1 for %s; ", reviewrow_class(env, g),
		    why.prior_given, why.ratio, reviewrow_class(env,
		    why.other));
		n = (int)strlen(buf);
		if (r->flagged[row])
			snprintf(b2, sizeof b2, "flagged by %s",
			    flag_rule(v->loop->opts, r, buf + n + 1,
			    sizeof buf - n - 1));
		else
			snprintf(b2, sizeof b2, "not flagged");
		if (n + (int)strlen(b2) + 12 <= w) {
			snprintf(buf + n, sizeof buf - (size_t)n, "%s", b2);
		} else {
			buf[n - 2] = '\0';
			yy++;
			canvas_str(c, x + 12, yy, w - 13, b2, ROLE_DIM, 0);
		}
		canvas_str(c, x + 12, yy - (n + (int)strlen(b2) + 12 > w), w - 13,
		    buf, ROLE_DIM, 0);
	}
	yy++;
	/* why in words: the votes by kind, the values that stand out, a
	 * row mostly missing */
	if (explain_row(t, env->labels, r, v->loop->opts ?
	    v->loop->opts->feat.cols : NULL, v->loop->opts ?
	    v->loop->opts->feat.ncols : 0, row, &ex) == 0) {
		static const char *const head[] = { "checkers", "values",
			"missing" };
		int nl = explain_lines(&ex, t, env->labels, lines, 3), li;

		for (li = 0; li < nl; li++, yy++) {
			int hi = li == 0 ? 0 : (ex.nitem > 0 && li == 1) ? 1 : 2;

			canvas_str(c, x + 1, yy, 10, head[hi], ROLE_DIM, 0);
			canvas_str(c, x + 12, yy, w - 13, lines[li],
			    hi == 2 ? ROLE_WARN : ROLE_NORMAL, 0);
		}
	}
	/* the label over the rounds */
	xx = x + 1;
	xx += canvas_str(c, xx, yy, 10, "history", ROLE_DIM, 0);
	xx = x + 12;
	for (tr = 0; tr < r->rounds && xx < x + w - 4; tr++) {
		uint32_t hl = r->history ? r->history[(size_t)tr * r->n + row] :
		    g;
		float q = r->qhist ? r->qhist[(size_t)tr * r->n + row] : 0;

		snprintf(buf, sizeof buf, "%s%u: %s q %.2f", tr ? "  " : "",
		    tr + 1, reviewrow_class(env, hl), q);
		xx += canvas_str(c, xx, yy, x + w - xx - 1, buf, hl != g ?
		    ROLE_WARN : ROLE_NORMAL, 0);
	}
	yy++;
	/* the reviewer's note, when there is one */
	note = reviewrow_note(env, rv, row, &notelen);
	if (note) {
		canvas_str(c, x + 1, yy, 10, "note", ROLE_DIM, 0);
		canvas_text(c, x + 12, yy, w - 13, note, notelen, ROLE_NORMAL,
		    0);
		yy++;
	}
	canvas_hline(c, x, yy, w, ROLE_FRAME);
	yy++;
	/* the fields */
	for (col = 0; col < t->ncols; col++) {
		int nw = (int)safetext_width(t->col[col].name,
		    strlen(t->col[col].name), c->utf8);

		if ((int)col != env->labels->col && nw > namew)
			namew = nw;
	}
	/* names wider than a third of the card wrap */
	if (namew > (w / 3 > 16 ? w / 3 : 16))
		namew = w / 3 > 16 ? w / 3 : 16;
	v->fieldh = y + h - 2 - yy;
	if (v->fieldh < 1)
		v->fieldh = 1;
	v->nlines = layout(env, row, w - namew - 3, namew, NULL, NULL);
	if (v->scroll > v->nlines - v->fieldh)
		v->scroll = v->nlines - v->fieldh;
	if (v->scroll < 0)
		v->scroll = 0;
	d.env = env;
	d.c = c;
	d.row = row;
	d.x = x + 1;
	d.y = yy;
	d.w = w - 2;
	d.namew = namew;
	d.n = 0;
	d.skip = v->scroll;
	d.max = v->fieldh;
	layout(env, row, w - namew - 3, namew, draw_line, &d);
	if (v->nlines > v->fieldh) {
		snprintf(buf, sizeof buf, " lines %d-%d of %d (j/k) ",
		    v->scroll + 1, v->scroll + v->fieldh < v->nlines ?
		    v->scroll + v->fieldh : v->nlines, v->nlines);
		canvas_str_right(c, x, y + h - 2, w - 1, buf, ROLE_DIM, 0);
	}
}
