/*
 * sniff.c - what the first block of the input says: that it is CSV text
 * at all (not UTF-16, not a binary file: format_check_text()), a UTF-8
 * byte order mark, what ends its lines, and its delimiter when none was
 * given.
 *
 * A CSV file may hold a NUL or a control byte in a field, and those are
 * kept; what gives a binary file away is many of them, or a signature
 * (compressed files and spreadsheets are the usual mistake).  UTF-16 is
 * told by its byte order mark, or, without one, by every other byte
 * being NUL, as ASCII text in UTF-16 is.
 */
#include "core/data/csv/csvload-internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/data/format.h"
#include "core/util/xalloc.h"

/* Field counts of the first records of a sample under delimiter d. */
static int
sniff_score(const char *buf, size_t len, char d, size_t *fields)
{
	size_t counts[32], nrec = 0, f = 1, i, mode = 0, best = 0, j, k, c;
	int quoted = 0;

	*fields = 0;
	for (i = 0; i < len && nrec < 32; i++) {
		char ch = buf[i];

		if (quoted) {
			if (ch == '"') {
				if (i + 1 < len && buf[i + 1] == '"')
					i++;
				else
					quoted = 0;
			}
			continue;
		}
		if (ch == '"')
			quoted = 1;
		else if (ch == d)
			f++;
		else if (ch == '\n' || ch == '\r') {
			if (ch == '\r' && i + 1 < len && buf[i + 1] == '\n')
				i++;
			counts[nrec++] = f;
			f = 1;
		}
	}
	if (nrec == 0) {
		if (len == 0)
			return 0;
		counts[nrec++] = f;
	}
	for (j = 0; j < nrec; j++) {
		for (c = 0, k = 0; k < nrec; k++)
			c += counts[k] == counts[j];
		if (c > best || (c == best && counts[j] > mode)) {
			best = c;
			mode = counts[j];
		}
	}
	*fields = mode;
	/* consistency first, then width */
	return (int)(best * 1000 / nrec);
}

int
csvload_sniff(const char *buf, size_t len)
{
	static const char cand[] = { ',', ';', '\t', '|' };
	int best = ',', bestscore = -1, s;
	size_t i, fields, bestfields = 0;

	for (i = 0; i < sizeof cand; i++) {
		s = sniff_score(buf, len, cand[i], &fields);
		if (fields < 2)
			continue;
		if (s > bestscore || (s == bestscore && fields > bestfields)) {
			best = cand[i];
			bestscore = s;
			bestfields = fields;
		}
	}
	return best;
}

int
sniff_input(struct loader *L, struct err *e)
{
	char *sample = L->src.fd >= 0 ? xmalloc(SAMPLE) : NULL;
	const char *data = "";
	long long n;

	n = src_read(&L->src, 0, sample, SAMPLE, &data, e);
	if (n < 0 || format_check_text(L->src.name, data, (size_t)n, "CSV",
	    e) != 0) {
		free(sample);
		return -1;
	}
	L->start = csvsyntax_bom(data, (size_t)n);
	L->delim = (unsigned char)(L->o->delim ? L->o->delim :
	    csvload_sniff(data + L->start, (size_t)n - L->start));
	L->term = (unsigned char)csvsyntax_term(data, (size_t)n);
	free(sample);
	return 0;
}
