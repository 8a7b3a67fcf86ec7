/*
 * sniff.c - what the first block of the input says: that it is CSV text
 * at all (not UTF-16, not a binary file), a UTF-8 byte order mark, what
 * ends its lines, and its delimiter when none was given.
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

/* Signatures of files that are often given for a CSV file by mistake. */
static const struct magic {
	const char *bytes;
	size_t n;
	const char *what;
} magics[] = {
	{ "\x1f\x8b", 2, "a gzip-compressed file (decompress it first)" },
	{ "PK\x03\x04", 4, "a zip archive (a spreadsheet? save it as CSV)" },
	{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8,
	    "an OLE2 document (a spreadsheet? save it as CSV)" },
	{ "\xfd" "7zXZ\0", 6, "an xz-compressed file (decompress it first)" },
	{ "\x28\xb5\x2f\xfd", 4,
	    "a zstd-compressed file (decompress it first)" },
	{ "SQLite format 3\0", 16, "an SQLite database" },
	{ "\x89PNG\r\n\x1a\n", 8, "a PNG image" },
	{ "\x7f" "ELF", 4, "an executable (ELF)" },
};

/* Bytes that no text holds, NUL among them. */
static int
is_binary_byte(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
	    c != '\f' && c != '\v' && c != 0x1b) || c == 0x7f;
}

/*
 * Refuse a first block p[0..n) that is not CSV text: UTF-16 (or UTF-32)
 * or binary.  The message names the offset that gives it away.
 */
static int
sniff_text(const struct loader *L, const unsigned char *p, size_t n,
    struct err *e)
{
	const char *name = L->src.name;
	size_t i, m, zeven = 0, zodd = 0, nul = 0, bad = 0, first = n;

	if (n >= 2 && ((p[0] == 0xff && p[1] == 0xfe) ||
	    (p[0] == 0xfe && p[1] == 0xff)))
		return err_set(e, ERR_DATA, "%s: byte 0: UTF-%s text (the byte "
		    "order mark %02X %02X), not UTF-8: convert it first (iconv "
		    "-f UTF-16 -t UTF-8)", name, n >= 4 && p[0] == 0xff &&
		    p[2] == 0 && p[3] == 0 ? "32LE" : p[0] == 0xff ? "16LE" :
		    "16BE", p[0], p[1]);
	if (n >= 4 && memcmp(p, "\0\0\xfe\xff", 4) == 0)
		return err_set(e, ERR_DATA, "%s: byte 0: UTF-32BE text (the "
		    "byte order mark 00 00 FE FF), not UTF-8: convert it first "
		    "(iconv -f UTF-32 -t UTF-8)", name);
	for (i = 0; i < sizeof magics / sizeof *magics; i++)
		if (n >= magics[i].n && memcmp(p, magics[i].bytes,
		    magics[i].n) == 0)
			return err_set(e, ERR_DATA, "%s: byte 0: %s, not CSV "
			    "text", name, magics[i].what);
	/* ASCII in UTF-16 without a byte order mark: NULs every other
	 * byte, in the first 4 KiB */
	m = (n < 4096 ? n : 4096) / 2;
	for (i = 0; i < m; i++) {
		zeven += p[2 * i] == 0;
		zodd += p[2 * i + 1] == 0;
	}
	if (m >= 4 && (zodd * 10 >= m * 9 || zeven * 10 >= m * 9) &&
	    (zodd * 10 <= m || zeven * 10 <= m))
		return err_set(e, ERR_DATA, "%s: byte %d: UTF-16%s text (every "
		    "other byte is NUL), not UTF-8: convert it first (iconv "
		    "-f UTF-16%s -t UTF-8)", name, zodd > zeven ? 1 : 0,
		    zodd > zeven ? "LE" : "BE", zodd > zeven ? "LE" : "BE");
	for (i = 0; i < n; i++) {
		if (!is_binary_byte(p[i]))
			continue;
		bad++;
		if (p[i] == 0 && nul++ == 0)
			first = i;
	}
	/* a NUL in a field is data, and so are control bytes (some files
	 * use \x01 as the delimiter); NULs and control bytes as often as
	 * in compressed data or machine code are not */
	if (nul >= 2 && nul * 1024 >= n && bad * 32 >= n)
		return err_set(e, ERR_DATA, "%s: byte %zu: binary data, not "
		    "CSV text (%zu NUL and control bytes in the first %zu)",
		    name, first, bad, n);
	return 0;
}

int
sniff_input(struct loader *L, struct err *e)
{
	char *sample = L->src.fd >= 0 ? xmalloc(SAMPLE) : NULL;
	const char *data = "";
	long long n;

	n = src_read(&L->src, 0, sample, SAMPLE, &data, e);
	if (n < 0 || sniff_text(L, (const unsigned char *)data, (size_t)n,
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
