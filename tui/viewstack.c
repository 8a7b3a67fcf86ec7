/*
 * viewstack.c - the stack of open views.
 *
 * Invariants: 0 <= depth <= VIEWSTACK_MAX; e[0 .. depth) each hold an
 * open view (v set; st is what its open() made) under a serial no other
 * entry had; an entry's fdepth never exceeds the filters there were when
 * it opened, so closing from the top drops filters in the order they
 * were pushed.
 */
#include "tui/viewstack.h"

#include <string.h>

#include "core/util/err.h"

void
viewstack_init(struct viewstack *vs, struct view_env *env,
    struct workset *ws, struct msg *msg, void *review)
{
	memset(vs, 0, sizeof *vs);
	vs->env = env;
	vs->ws = ws;
	vs->msg = msg;
	vs->review = review;
}

struct viewstack_entry *
viewstack_top(struct viewstack *vs)
{
	if (vs->depth < 0 || vs->depth > VIEWSTACK_MAX ||
	    (vs->depth && !vs->e[vs->depth - 1].v))
		BUG("view stack: depth %d", vs->depth);
	return vs->depth ? &vs->e[vs->depth - 1] : NULL;
}

const char *
viewstack_name(const struct viewstack *vs)
{
	return vs->depth ? vs->e[vs->depth - 1].v->name : NULL;
}

const char *
viewstack_keys(const struct viewstack *vs)
{
	const struct viewstack_entry *av;
	const char *m;

	if (!vs->depth)
		return NULL;
	av = &vs->e[vs->depth - 1];
	if (av->v->mode && (m = av->v->mode(av->st)) != NULL)
		return m;
	return av->v->name;
}

static void
close_entry(struct viewstack_entry *av)
{
	/* a job running on comes back and, no longer its entry's, is
	 * dropped */
	jobs_cancel(av->job);
	if (av->st && av->v->close)
		av->v->close(av->st);
	memset(av, 0, sizeof *av);
}

static void
open_entry(struct viewstack *vs, struct viewstack_entry *av,
    const struct view *v)
{
	memset(&vs->env->req, 0, sizeof vs->env->req);
	av->v = v;
	av->serial = ++vs->serial;
	av->planned = 0;
	av->replan = 1;
	av->job = NULL;
	av->st = v->open ? v->open(vs->env, v->data == VIEW_DATA_REVIEW ?
	    vs->review : NULL) : NULL;
}

void
viewstack_release(struct viewstack *vs)
{
	while (vs->depth > 0)
		close_entry(&vs->e[--vs->depth]);
}

int
viewstack_push(struct viewstack *vs, const char *name)
{
	const struct view *v = view_find(name);
	struct viewstack_entry *av;

	if (!v)
		return -1;
	if (vs->depth == VIEWSTACK_MAX) {
		msg_set(vs->msg, VIEW_WARN, "too many views open: press q to "
		    "go back");
		return -1;
	}
	av = &vs->e[vs->depth++];
	memset(av, 0, sizeof *av);
	av->fdepth = vs->ws->fs.n;
	open_entry(vs, av, v);
	return 0;
}

int
viewstack_switch(struct viewstack *vs, const char *name)
{
	const struct view *v = view_find(name);
	struct viewstack_entry *av = viewstack_top(vs);
	size_t fdepth;
	int drilled;

	if (!v)
		return -1;
	if (!av)
		return viewstack_push(vs, name);
	if (av->v == v)
		return 0;
	fdepth = av->fdepth;
	drilled = av->drilled;
	close_entry(av);
	open_entry(vs, av, v);
	av->fdepth = fdepth;
	av->drilled = drilled;
	return 0;
}

int
viewstack_back(struct viewstack *vs)
{
	struct viewstack_entry *av = viewstack_top(vs);
	int drilled;
	size_t fdepth;

	if (vs->depth <= 1)
		return -1;
	drilled = av->drilled;
	fdepth = av->fdepth;
	close_entry(av);
	vs->depth--;
	if (drilled && vs->ws->fs.n > fdepth)
		workset_truncate(vs->ws, fdepth);
	return 0;
}

void
viewstack_show(struct viewstack *vs, const char *name)
{
	int i;

	/* already open: go back down to it */
	for (i = vs->depth - 1; i > 0; i--)
		if (strcmp(vs->e[i].v->name, name) == 0)
			break;
	if (i > 0) {
		while (vs->depth - 1 > i)
			viewstack_back(vs);
		return;
	}
	viewstack_push(vs, name);
}

int
viewstack_switch_top(struct viewstack *vs, const char *name)
{
	struct viewstack_entry *av;

	if (!view_find(name))
		return -1;
	while (vs->depth > 1 && (av = viewstack_top(vs)) != NULL &&
	    !av->drilled && av->v->top == 0)
		viewstack_back(vs);
	return viewstack_switch(vs, name);
}

size_t
viewstack_tops(const struct view **out, size_t max)
{
	size_t n = 0, i, j;
	const struct view *t;

	for (i = 0; view_all[i] && n < max; i++)
		if (view_all[i]->top > 0)
			out[n++] = view_all[i];
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && out[j - 1]->top > out[j]->top; j--) {
			t = out[j];
			out[j] = out[j - 1];
			out[j - 1] = t;
		}
	return n;
}

void
viewstack_cycle(struct viewstack *vs, int dir)
{
	const struct view *tv[32];
	size_t n = viewstack_tops(tv, 32), i;
	struct viewstack_entry *av = viewstack_top(vs);
	long k = -1;

	if (n == 0 || !av)
		return;
	for (i = 0; i < n; i++)
		if (tv[i] == av->v)
			k = (long)i;
	if (k < 0)
		k = dir > 0 ? -1 : 0;
	k = (k + dir + (long)n) % (long)n;
	viewstack_switch_top(vs, tv[k]->name);
}
