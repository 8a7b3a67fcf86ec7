/*
 * numfmt.c - counts with thousands separators, and their nouns.
 */
#include "core/util/numfmt.h"

#include <stdio.h>

char *
numfmt_count(uint64_t v, char *buf)
{
	char tmp[NUMFMT_COUNT];
	int n, i, o = 0;

	n = snprintf(tmp, sizeof tmp, "%llu", (unsigned long long)v);
	for (i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
	return buf;
}

const char *
numfmt_noun(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}
