/*
 * reviewrow.c - a row of the review loop in words, for the views.
 */
#include "views/lib/reviewrow.h"

#include <stdio.h>

#include "core/review/review.h"

const char *
reviewrow_class(const struct view_env *env, uint32_t c)
{
	if (!env->labels || c >= env->labels->k)
		return "-";
	return env->labels->name[c];
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
