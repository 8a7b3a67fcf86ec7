/*
 * csvsample.c - records from spread-out byte ranges (see csvsample.h).
 */
#include "core/data/csvsample.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvscan.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"

/*
 * The records of buf[0 .. n), a range starting at an unknown state:
 * [*from, *to) under the better guess, or 0 when neither holds only
 * records of ncols fields.
 */
static int
resync(const struct csvchunk *c, const char *buf, size_t n, size_t *from,
    size_t *to)
{
	int guess, best = -1;
	size_t s, i, r = 0, last;
	uint64_t q = 0, nf, good, bestgood = 0;
	struct csvscan sc;

	for (guess = 0; guess < 2; guess++) {
		/* the first line end after an even count of quotes, counting
		 * the guessed open quote */
		q = (uint64_t)guess;
		s = SIZE_MAX;
		for (i = 0; i < n; i++) {
			if (buf[i] == '"')
				q++;
			else if ((unsigned char)buf[i] == c->term && !(q & 1)) {
				s = i + 1;
				break;
			}
		}
		if (s == SIZE_MAX)
			continue;
		csvscan_init(&sc, c->delim, c->term);
		good = 0;
		last = s;
		for (i = s; i < n; i += r) {
			r = csvscan_record(&sc, buf + i, n - i, &nf);
			if (r == 0)
				break;
			if (nf && nf != c->ncols)
				break;
			good += nf > 0;
			last = i + r;
		}
		if (i < n && r != 0)
			continue;	/* a record of the wrong width */
		if (good > bestgood) {
			bestgood = good;
			best = guess;
			*from = s;
			*to = last;
		}
	}
	return best >= 0;
}

struct table *
csvsample_read(struct csvchunk *c, uint64_t seed, uint32_t nranges,
    size_t range_bytes, struct csvsample_info *info, struct err *e)
{
	uint64_t span = c->end - c->start, off, stride;
	char *buf = NULL, *rb;
	size_t len = 0, cap = 0, from, to;
	struct rng r;
	struct table *t;
	long long n;
	uint32_t i;
	char name[4200];

	memset(info, 0, sizeof *info);
	info->seed = seed;
	buf = xgrow(buf, &cap, c->hdrlen + 1, 1);
	memcpy(buf, c->hdr ? c->hdr : "", c->hdrlen);
	len = c->hdrlen;
	if (nranges == 0)
		nranges = 1;
	if (span <= (uint64_t)nranges * range_bytes) {
		/* small: take it all */
		info->whole = 1;
		buf = xgrow(buf, &cap, len + span + 1, 1);
		n = csvchunk_pread(c, c->start, buf + len, (size_t)span, e);
		if (n < 0) {
			free(buf);
			return NULL;
		}
		len += (size_t)n;
		info->bytes = (uint64_t)n;
	} else {
		rb = xmalloc(range_bytes);
		rng_seed(&r, seed, 0x5a3b1e);
		stride = span / nranges;
		for (i = 0; i < nranges; i++) {
			off = c->start + stride * i;
			if (i > 0)
				off += rng_below(&r, stride > range_bytes ?
				    stride - range_bytes : 1);
			info->ranges++;
			n = csvchunk_pread(c, off, rb, range_bytes, e);
			if (n < 0) {
				free(rb);
				free(buf);
				return NULL;
			}
			if (i == 0) {
				/* the data's start is a boundary */
				from = 0;
				to = csvscan_last(rb, (size_t)n, c->delim,
				    c->term, 1, NULL);
				if (to == SIZE_MAX)
					continue;
			} else if (!resync(c, rb, (size_t)n, &from, &to))
				continue;
			if (off + to > c->end)
				continue;
			info->kept++;
			buf = xgrow(buf, &cap, len + (to - from) + 1, 1);
			memcpy(buf + len, rb + from, to - from);
			len += to - from;
			info->bytes += to - from;
		}
		free(rb);
	}
	/* the whole data is the file itself, and its errors the file's */
	snprintf(name, sizeof name, info->whole ? "%s" : "%s (sample)",
	    c->path);
	t = csvload_mem(name, buf, len, &c->lo, e);
	c->lo.quiet_header = 1;	/* the sample said it: not every chunk */
	if (!t && info->whole)
		csvchunk_rebase(c, c->start_line, e);
	free(buf);
	return t;
}
