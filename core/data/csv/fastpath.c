/*
 * fastpath.c - the loader's fast path: a whole line that starts between
 * records split here instead of handing it to libcsv byte by byte.
 *
 * It reproduces libcsv's behaviour (with no space trimming) for the
 * lines it accepts: unquoted fields taken as they are (a quote inside
 * one is an ordinary byte), quoted fields ending with a quote right
 * before a delimiter or the end of the line, doubled quotes inside them.
 * Anything else - a field that is still open at the end of the line,
 * text after a closing quote, a CR or LF that is not the line's own end -
 * is left to libcsv, before any field of the line has been reported.
 * Most lines of most files take this path.
 */
#include "core/data/csv/csvload-internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

int
fastpath_split(struct fastpath *F, unsigned char delim, const char *s,
    size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e;
	size_t nf = 0;

	/* the line without its end: LF, or CR LF, or a lone CR when CR is
	 * what ends lines */
	e = p + n - 1;
	if (e > p && *e == '\n' && e[-1] == '\r')
		e--;
	F->nf = 0;
	if (e == p)
		return 1;		/* a blank line: libcsv skips it */
	F->fbuf_len = 0;
	for (;;) {
		if (nf == F->fcap) {
			F->fcap = F->fcap ? F->fcap * 2 : 64;
			F->fld = xreallocarray(F->fld, F->fcap, sizeof *F->fld);
		}
		if (p < e && *p == '"') {
			const unsigned char *start = ++p, *q;
			size_t at = F->fbuf_len;
			int doubled = 0;

			for (;;) {
				q = memchr(p, '"', (size_t)(e - p));
				if (!q)
					return 0;	/* open at the end */
				if (q + 1 < e && q[1] == '"') {
					/* a doubled quote: keep one */
					F->fbuf = xgrow(F->fbuf, &F->fbcap,
					    F->fbuf_len + (size_t)(q - p) + 1, 1);
					memcpy(F->fbuf + F->fbuf_len, p,
					    (size_t)(q - p) + 1);
					F->fbuf_len += (size_t)(q - p) + 1;
					p = q + 2;
					doubled = 1;
					continue;
				}
				break;
			}
			if (q + 1 < e && q[1] != delim)
				return 0;	/* text after the closing quote */
			if (doubled) {
				F->fbuf = xgrow(F->fbuf, &F->fbcap,
				    F->fbuf_len + (size_t)(q - p), 1);
				memcpy(F->fbuf + F->fbuf_len, p, (size_t)(q - p));
				F->fbuf_len += (size_t)(q - p);
				/* an offset for now: fbuf may still move */
				F->fld[nf].s = NULL;
				F->fld[nf].n = F->fbuf_len - at;
				F->fld[nf++].at = at;
			} else {
				F->fld[nf].s = (const char *)start;
				F->fld[nf++].n = (size_t)(q - start);
			}
			p = q + 1;
		} else {
			const unsigned char *q = memchr(p, delim,
			    (size_t)(e - p));
			const unsigned char *fe = q ? q : e;

			/* a CR or LF inside the line ends a record there */
			if (memchr(p, '\n', (size_t)(fe - p)) ||
			    memchr(p, '\r', (size_t)(fe - p)))
				return 0;
			F->fld[nf].s = (const char *)p;
			F->fld[nf++].n = (size_t)(fe - p);
			p = fe;
		}
		if (p == e)
			break;
		p++;			/* the delimiter */
		if (p == e) {
			/* a delimiter last: one more, empty field */
			if (nf == F->fcap) {
				F->fcap *= 2;
				F->fld = xreallocarray(F->fld, F->fcap,
				    sizeof *F->fld);
			}
			F->fld[nf].s = "";
			F->fld[nf++].n = 0;
			break;
		}
	}
	F->nf = nf;
	return 1;
}

void
fastpath_release(struct fastpath *F)
{
	free(F->fld);
	free(F->fbuf);
	memset(F, 0, sizeof *F);
}
