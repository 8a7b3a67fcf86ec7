/*
 * status.c - the lines around the view.
 */
#include "tui/status.h"

#include <stdio.h>
#include <string.h>

#include "tui/keymap.h"
#include "tui/backend/keys.h"

static const char *
base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s && s[1] ? s + 1 : path;
}

static void
top_bar(struct canvas *c, const struct status_src *src)
{
	const struct viewstack_entry *av = viewstack_top(src->vs);
	const struct view *cur = av ? av->v : NULL;
	const char *path = src->ws->o.data->path;
	const struct view *tv[32];
	size_t n = viewstack_tops(tv, 32), i;
	int x = 0, is_top = 0;
	char buf[64];

	canvas_fill(c, 0, 0, c->w, 1, ROLE_TITLE);
	x += canvas_str(c, x, 0, c->w, " winnow ", ROLE_TITLE, CANVAS_BOLD);
	x += canvas_str(c, x, 0, 30, base(path ? path : "-"), ROLE_TITLE, 0);
	x += 2;
	for (i = 0; i < n && src->ws->t; i++) {
		int on = tv[i] == cur;

		is_top |= on;
		snprintf(buf, sizeof buf, " %d %s ", tv[i]->top,
		    tv[i]->title);
		x += canvas_str(c, x, 0, c->w - x, buf, on ? ROLE_TAB_ACTIVE :
		    ROLE_TAB, on ? CANVAS_BOLD : 0);
	}
	if (cur && !is_top) {
		x += canvas_str(c, x, 0, c->w - x, " ", ROLE_TITLE, 0);
		x += canvas_str(c, x, 0, c->w - x, canvas_glyph(c,
		    GLYPH_ARROW_R), ROLE_TITLE, 0);
		snprintf(buf, sizeof buf, " %s ", cur->title);
		canvas_str(c, x, 0, c->w - x, buf, ROLE_TAB_ACTIVE,
		    CANVAS_BOLD);
	}
	if (x + 9 <= c->w)
		canvas_str_right(c, c->w - 8, 0, 7, "? help", ROLE_TITLE, 0);
}

static void
status_line(struct canvas *c, const struct status_src *src)
{
	const struct workset *ws = src->ws;
	const struct view_env *env = src->vs->env;
	const struct viewstack_entry *av = viewstack_top(src->vs);
	int y = c->h - 2, x = 1, rw;
	char buf[512], n1[32], n2[32], where[128];
	const char *sep = c->utf8 ? " \xe2\x94\x82 " : " | ";
	size_t i, o;

	canvas_fill(c, 0, y, c->w, 1, ROLE_STATUS);
	if (!ws->t) {
		canvas_str(c, x, y, c->w - 2, "loading", ROLE_STATUS, 0);
		return;
	}
	where[0] = '\0';
	if (src->prompt && src->prompt->hint[0])
		snprintf(where, sizeof where, "%.120s", src->prompt->hint);
	else if (av && av->v->where)
		av->v->where(av->st, env, where, sizeof where);
	rw = where[0] ? (int)safetext_width(where, strlen(where), c->utf8) :
	    0;
	if (rw > c->w / 2)
		rw = c->w / 2;
	if (ws->partial && ws->fs.n == 0) {
		/* a big file's sample while the full pass runs */
		if (ws->full_job)
			snprintf(buf, sizeof buf, "%s %s full pass %.0f%%",
			    ws->sample_note, sep, atomic_load(
			    &ws->full_job->total) ? 100.0 * (double)atomic_load(
			    &ws->full_job->done) / (double)atomic_load(
			    &ws->full_job->total) : 0.0);
		else
			snprintf(buf, sizeof buf, "%s", ws->sample_note);
	} else if (env->sampled)
		snprintf(buf, sizeof buf, "sample %s of %s%s",
		    canvas_fmt_count(env->rows->n, n1),
		    canvas_fmt_count(env->filtered, n2), ws->stratified ?
		    " (stratified)" : "");
	else if (ws->fs.n > 0)
		snprintf(buf, sizeof buf, "filter: %s of %s rows",
		    canvas_fmt_count(env->rows->n, n1),
		    canvas_fmt_count(ws->t->nrows, n2));
	else
		snprintf(buf, sizeof buf, "all %s rows",
		    canvas_fmt_count(env->rows->n, n1));
	x += canvas_str(c, x, y, c->w - x - rw - 2, buf, ROLE_STATUS,
	    CANVAS_BOLD);
	x += canvas_str(c, x, y, c->w - x - rw - 2, sep, ROLE_STATUS, 0);
	session_status(src->s, buf, sizeof buf);
	x += canvas_str(c, x, y, c->w - x - rw - 2, buf[0] ? buf :
	    ws->label_note, ROLE_STATUS, 0);
	if (ws->fs.n > 0) {
		o = 0;
		for (i = 0; i < ws->fs.n && o < sizeof buf; i++)
			o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s",
			    i ? " > " : "", ws->fs.f[i].desc);
		x += canvas_str(c, x, y, c->w - x - rw - 2, sep, ROLE_STATUS,
		    0);
		canvas_str(c, x, y, c->w - x - rw - 2, buf, ROLE_STATUS, 0);
	}
	if (rw)
		canvas_text(c, c->w - rw - 1, y, rw, where, strlen(where),
		    ROLE_STATUS, 0);
}

static void
footer(struct canvas *c, const struct status_src *src)
{
	const char *ctxs[2];
	int y = c->h - 1, x = 1, n, k;
	size_t i;
	char name[32];

	canvas_fill(c, 0, y, c->w, 1, ROLE_FOOTER);
	ctxs[0] = src->help ? "help" : viewstack_keys(src->vs);
	ctxs[1] = src->help ? NULL : "global";
	for (k = 0; k < 2; k++) {
		const struct keymap_ctx *x0 = keymap_ctx(ctxs[k]);

		if (!x0 || (k == 0 && x0 == &keymap_ctxs[0]))
			continue;
		for (i = 0; i < x0->n; i++) {
			enum action act = x0->bind[i].act;
			/* q on the first view quits, and says so */
			const char *what = act == ACT_BACK &&
			    src->vs->depth <= 1 ? action_name(ACT_QUIT) :
			    action_name(act);

			if (!(x0->bind[i].flags & KEYMAP_FOOTER))
				continue;
			/* a global key the view (or its mode) rebinds */
			if (k == 1 && keymap_lookup_local(ctxs[0],
			    x0->bind[i].key) != ACT_NONE)
				continue;
			keys_name(x0->bind[i].key, name, sizeof name);
			n = (int)strlen(name) + 1 + (int)strlen(what) + 2;
			if (x + n > c->w)
				return;
			x += canvas_str(c, x, y, c->w - x, name, ROLE_KEY,
			    CANVAS_BOLD);
			x += canvas_str(c, x, y, c->w - x, " ", ROLE_FOOTER, 0);
			x += canvas_str(c, x, y, c->w - x, what, ROLE_FOOTER,
			    0);
			x += 2;
		}
	}
}

static void
progress_line(struct canvas *c, struct job *j)
{
	int y = c->h - 1, x = 1, bw = 20;
	uint64_t done = atomic_load(&j->done), total = atomic_load(&j->total);
	const char *what = atomic_load(&j->phase);
	char buf[128];

	canvas_fill(c, 0, y, c->w, 1, ROLE_FOOTER);
	x += canvas_str(c, x, y, 24, what ? what : j->what, ROLE_FOOTER,
	    CANVAS_BOLD);
	x += 1;
	if (total > 0) {
		double f = (double)done / (double)total;

		canvas_fill(c, x, y, bw, 1, ROLE_FRAME);
		canvas_hbar(c, x, y, bw, f, ROLE_BAR, 0);
		x += bw + 1;
		snprintf(buf, sizeof buf, "%3.0f%%", f * 100);
		x += canvas_str(c, x, y, 6, buf, ROLE_FOOTER, 0);
		if (j->kind == JOB_PICO) {
			snprintf(buf, sizeof buf, " %llu/%llu",
			    (unsigned long long)done,
			    (unsigned long long)total);
			x += canvas_str(c, x, y, 16, buf, ROLE_FOOTER, 0);
		}
	}
	snprintf(buf, sizeof buf, "  %.1f s   ", jobs_elapsed(j));
	x += canvas_str(c, x, y, 16, buf, ROLE_FOOTER, 0);
	x += canvas_str(c, x, y, c->w - x, "<C-c>", ROLE_KEY, CANVAS_BOLD);
	canvas_str(c, x, y, c->w - x, " or q cancels", ROLE_FOOTER, 0);
}

/* The message on the last line; j: a running job, whose name and share
 * done go at the right. */
static void
message_line(struct canvas *c, const struct msg *m, struct job *j)
{
	enum canvas_role r = m->level == VIEW_ERROR ? ROLE_ERROR :
	    m->level == VIEW_WARN ? ROLE_WARN : ROLE_FOOTER;
	int y = c->h - 1, rw = 0;
	char buf[64];

	canvas_fill(c, 0, y, c->w, 1, r);
	if (j) {
		const char *what = atomic_load(&j->phase);
		uint64_t done = atomic_load(&j->done);
		uint64_t total = atomic_load(&j->total);

		if (total > 0)
			snprintf(buf, sizeof buf, " %.24s %.0f%% ", j->what,
			    100.0 * (double)done / (double)total);
		else
			snprintf(buf, sizeof buf, " %.24s ", what ? what :
			    j->what);
		rw = (int)strlen(buf);
		canvas_str_right(c, c->w - rw - 1, y, rw, buf, ROLE_FOOTER,
		    CANVAS_BOLD);
	}
	canvas_str(c, 1, y, c->w - 2 - rw - (rw ? 1 : 0), m->text, r,
	    m->level == VIEW_INFO ? 0 : CANVAS_BOLD);
}

void
status_draw(struct canvas *c, const struct status_src *src)
{
	const struct msg *m = src->msg;
	struct job *j;

	top_bar(c, src);
	status_line(c, src);
	if (src->prompt) {
		prompt_draw(src->prompt, c, 0, c->h - 1, c->w);
		return;
	}
	if (src->ws->t && (j = jobs_first(src->jobs)) != NULL) {
		/* a message while a job runs (p while PICO runs) shows,
		 * with the job's progress in short beside it */
		if (m->text[0])
			message_line(c, m, j);
		else
			progress_line(c, j);
		return;
	}
	if (!src->ws->t) {
		canvas_fill(c, 0, c->h - 1, c->w, 1, ROLE_FOOTER);
		canvas_str(c, 1, c->h - 1, 6, "q", ROLE_KEY, CANVAS_BOLD);
		canvas_str(c, 3, c->h - 1, c->w - 4, "or Ctrl-C stops loading "
		    "and quits", ROLE_FOOTER, 0);
		return;
	}
	if (m->text[0]) {
		message_line(c, m, NULL);
		return;
	}
	footer(c, src);
}
