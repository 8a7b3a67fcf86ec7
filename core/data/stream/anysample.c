/*
 * anysample.c - the sample that fits the file (see anysample.h).
 */
#include "core/data/stream/anysample.h"

#include <string.h>

#include "core/data/csvchunk.h"
#include "core/data/format.h"
#include "core/data/stream/jsample.h"
#include "core/data/stream/seqchunk.h"

struct table *
anysample_read(const char *path, const struct csvload_opts *o,
    uint64_t seed, uint32_t nranges, size_t range_bytes,
    struct csvsample_info *info, struct err *e)
{
	struct csvchunk c;
	struct seqchunk s;
	struct table *t;

	if (format_plain_csv(path)) {
		if (csvchunk_open(&c, path, o, 0, 0, 1u << 20, e) != 0)
			return NULL;
		t = csvsample_read(&c, seed, nranges, range_bytes, info, e);
		csvchunk_close(&c);
		return t;
	}
	if (seqchunk_open(&s, path, o, (size_t)nranges * range_bytes,
	    e) != 0)
		return NULL;
	if (s.kind == ZSTREAM_NONE) {
		seqchunk_close(&s);
		return jsample_read(path, o, seed, nranges, range_bytes, info,
		    e);
	}
	memset(info, 0, sizeof *info);
	info->seed = seed;
	info->head = 1;
	t = seqchunk_next(&s, NULL, e);
	if (t) {
		info->bytes = s.c.pos;
		/* all of it when the stream is at its end */
		info->whole = s.eof && s.len == s.c.hdrlen;
	} else if (!e->code) {
		err_set(e, ERR_DATA, "%s: %s", path, s.format == TABLE_JSONL ?
		    "no JSON objects" : "header only, no data rows");
	}
	seqchunk_close(&s);
	return t;
}
