/*
 * decide.c - deciding in the Review view: what each deciding key does
 * to the row shown.
 *
 * The verdicts (accept, reject, drop, skip, flag for later) decide at
 * once; a picked class (c, then a digit) decides as a pick, or as an
 * accept or a reject when it is the suggestion or the given class; a
 * label typed at the prompt, a new class and a note are asked first,
 * and the answer decides.  A new class is decided by the session (the
 * request new_label of views/lib/reviewloop.h), after a y at a second
 * question.  Every decision goes through core/review/review.h
 * (journalled and synced before it returns); a verdict moves the queue
 * on and unpins the row.
 */
#include "views/review/review-internal.h"

#include <stdio.h>
#include <string.h>

#include "core/pico/pico.h"
#include "core/review/review.h"
#include "views/lib/reviewrow.h"

enum { ASK_LABEL = 1, ASK_NEW, ASK_NEW_CONFIRM, ASK_NOTE };

static void
decide(struct rvv *v, struct view_env *env, enum journal_type type,
    const char *label, const char *note)
{
	struct review *rv = v->loop->review;
	uint32_t row = rvv_row(v, env);
	struct err e;
	char kb[24], b2[160];
	const char *key;
	size_t klen;

	if (row == VIEW_NOROW) {
		snprintf(env->req.msg, sizeof env->req.msg, "no row to decide: "
		    "the queue is done");
		return;
	}
	if (review_decide(rv, row, type, label, note, &e) != 0) {
		snprintf(env->req.msg, sizeof env->req.msg, "%.190s", e.msg);
		env->req.msg_level = VIEW_ERROR;
		return;
	}
	key = table_key(env->t, row, kb, &klen);
	reviewrow_verdict(env, v->loop->review, row, b2, sizeof b2);
	snprintf(v->last, sizeof v->last, "row %.*s: %s%s%s%s", (int)(klen <
	    40 ? klen : 40), key, reviewrow_type_word(type), b2[0] ? " (" : "", b2,
	    b2[0] ? ")" : "");
	if (journal_type_is_verdict(type) || type == JOURNAL_SKIP) {
		v->loop->req.decided = 1;
		v->pinned = VIEW_NOROW;
		v->scroll = 0;
	}
}

/* The n-th most probable class of the row (0-based), or LABELS_NONE. */
static uint32_t
nth_class(const struct pico_result *r, uint32_t row, uint32_t n)
{
	uint32_t cls[NPICK], m;
	double p[NPICK];

	m = post_top(&r->post, row, cls, p, NPICK);
	return n < m ? cls[n] : LABELS_NONE;
}

static void
pick_class(struct rvv *v, struct view_env *env, uint32_t c,
    enum journal_type how)
{
	uint32_t row = rvv_row(v, env);

	if (row == VIEW_NOROW)
		return;
	if (c == env->labels->y[row])
		decide(v, env, JOURNAL_REJECT, NULL, NULL);
	else if (row < v->loop->pico->n && c == v->loop->pico->suggested[row])
		decide(v, env, JOURNAL_ACCEPT, NULL, NULL);
	else
		decide(v, env, how, env->labels->name[c], NULL);
}

/* The keys that decide at once, and what they decide. */
static const struct {
	enum action act;
	enum journal_type type;
} verdicts[] = {
	{ ACT_ACCEPT, JOURNAL_ACCEPT },
	{ ACT_REJECT, JOURNAL_REJECT },
	{ ACT_DROP, JOURNAL_DROP },
	{ ACT_SKIP, JOURNAL_SKIP },
	{ ACT_FLAG_ROW, JOURNAL_FLAG },
};

/* The keys that first ask something about the row (decide_answer() decides). */
static const struct {
	enum action act;
	int tag;
	int labels;			/* complete with class names */
	const char *title;
} questions[] = {
	{ ACT_PICK_LABEL, ASK_LABEL, 1, "label (Tab completes)" },
	{ ACT_NEW_LABEL, ASK_NEW, 0, "new label" },
	{ ACT_NOTE, ASK_NOTE, 0, "note" },
};

int
decide_deciding(enum action a)
{
	size_t i;

	for (i = 0; i < sizeof verdicts / sizeof *verdicts; i++)
		if (verdicts[i].act == a)
			return 1;
	for (i = 0; i < sizeof questions / sizeof *questions; i++)
		if (questions[i].act == a)
			return 1;
	return a == ACT_UNDO || a == ACT_PICK_MENU || (a >= ACT_PICK_1 &&
	    a <= ACT_PICK_9);
}

int
decide_key(struct rvv *v, struct view_env *env, enum action a, uint32_t row)
{
	size_t i;

	for (i = 0; i < sizeof verdicts / sizeof *verdicts; i++)
		if (verdicts[i].act == a) {
			decide(v, env, verdicts[i].type, NULL, NULL);
			return 1;
		}
	for (i = 0; i < sizeof questions / sizeof *questions; i++)
		if (questions[i].act == a) {
			if (row == VIEW_NOROW)
				return 1;
			env->req.ask = questions[i].tag;
			env->req.ask_labels = questions[i].labels;
			snprintf(env->req.ask_title, sizeof env->req.ask_title,
			    "%s", questions[i].title);
			return 1;
		}
	return 0;
}

void
decide_nth(struct rvv *v, struct view_env *env, uint32_t row, uint32_t n)
{
	uint32_t c = nth_class(v->loop->pico, row, n);

	if (c == LABELS_NONE) {
		snprintf(env->req.msg, sizeof env->req.msg, "there is no class "
		    "%u", n + 1);
		return;
	}
	pick_class(v, env, c, JOURNAL_PICK);
}

void
decide_answer(struct rvv *v, struct view_env *env)
{
	const char *s = env->answer ? env->answer : "";
	int c;

	switch (env->answer_tag) {
	case ASK_LABEL:
		if (!*s)
			return;
		c = labels_find(env->labels, s, strlen(s));
		if (c < 0) {
			snprintf(env->req.msg, sizeof env->req.msg, "no class "
			    "'%.120s' (n makes a new label)", s);
			env->req.msg_level = VIEW_WARN;
			return;
		}
		pick_class(v, env, (uint32_t)c, JOURNAL_RELABEL);
		return;
	case ASK_NEW:
		if (!*s)
			return;
		c = labels_find(env->labels, s, strlen(s));
		if (c >= 0) {
			pick_class(v, env, (uint32_t)c, JOURNAL_RELABEL);
			return;
		}
		snprintf(v->pending, sizeof v->pending, "%s", s);
		v->ask_row = rvv_row(v, env);
		snprintf(env->req.ask_title, sizeof env->req.ask_title,
		    "make '%.30s' a new class? (y/n)", s);
		env->req.ask = ASK_NEW_CONFIRM;
		env->req.ask_yesno = 1;
		return;
	case ASK_NEW_CONFIRM:
		if (strcmp(s, "y") != 0 && strcmp(s, "yes") != 0) {
			snprintf(env->req.msg, sizeof env->req.msg, "no new "
			    "label");
			return;
		}
		if (v->ask_row == VIEW_NOROW || v->ask_row != rvv_row(v, env))
			return;
		v->loop->req.new_label = 1;
		v->loop->req.new_label_row = v->ask_row;
		snprintf(v->loop->req.new_label_text, sizeof
		    v->loop->req.new_label_text, "%s", v->pending);
		snprintf(v->last, sizeof v->last, "new label '%.120s'",
		    v->pending);
		v->pinned = VIEW_NOROW;
		v->scroll = 0;
		return;
	case ASK_NOTE:
		if (*s)
			decide(v, env, JOURNAL_NOTE, NULL, s);
		return;
	}
}
