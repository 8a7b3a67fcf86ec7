/*
 * tokens.c - the words of a text cell (see tokens.h).
 */
#include "core/util/tokens.h"

void
tokens_lower(char *dst, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') :
		    s[i];
}

int
tokens_next(const char *s, size_t n, size_t *at, size_t *start,
    size_t *len)
{
	size_t i = *at, j;

	while (i < n && !tokens_byte((unsigned char)s[i]))
		i++;
	if (i >= n) {
		*at = n;
		return 0;
	}
	for (j = i; j < n && tokens_byte((unsigned char)s[j]); j++)
		;
	*start = i;
	*len = j - i;
	*at = j;
	return 1;
}
