/*
 * suggest.c - the nearest known word to a mistyped one.
 *
 * The distance is the optimal string alignment form of Damerau's: a
 * swap of two neighbouring letters counts one edit, as typing makes
 * them.  Words are short (command names), so the three rows of the
 * table live on the stack and longer input is never a typo of them.
 */
#include "tui/cmdline/suggest.h"

#include <string.h>

#define SUGGEST_MAX 32

/* Edits from a to b, or SUGGEST_MAX when either is too long to be one
 * of our words. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d[3][SUGGEST_MAX + 1];
	size_t *pp, *p, *cur, best;

	if (la >= SUGGEST_MAX || lb >= SUGGEST_MAX)
		return SUGGEST_MAX;
	for (j = 0; j <= lb; j++)
		d[1][j] = j;
	pp = d[0];
	p = d[1];
	cur = d[2];
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];

			best = p[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (p[j - 1] + cost < best)
				best = p[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && pp[j - 2] + 1 < best)
				best = pp[j - 2] + 1;
			cur[j] = best;
		}
		/* rotate: the row before last, the last, the next */
		{
			size_t *t = pp;

			pp = p;
			p = cur;
			cur = t;
		}
	}
	return p[lb];
}

const char *
suggest_word(const char *typed, const char *const *words, size_t n)
{
	const char *hit = NULL;
	size_t i, d, best = SUGGEST_MAX, most;

	/* one or two letters are too few to guess from */
	most = strlen(typed) <= 2 ? 0 : strlen(typed) <= 4 ? 1 : 2;
	for (i = 0; i < n; i++) {
		d = distance(typed, words[i]);
		if (d > 0 && d <= most && d < best) {
			best = d;
			hit = words[i];
		}
	}
	return hit;
}
