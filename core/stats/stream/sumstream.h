/*
 * sumstream.h - summarise a CSV file (or a byte range of one) too big to
 * load, in bounded memory: a seeded sample fixes the plan (sumplan.h),
 * then the records go through in chunks (csvchunk.h), each folded into
 * the mergeable summary (msum.h) and dropped.
 *
 * The sample is always of the whole file, also when only a byte range is
 * summarised: the ranges of one file get one plan and merge.
 *
 * Memory is two chunks (one is read and parsed while the other is folded
 * in; each with its loaded table about 2.7 times the chunk size at the
 * peak) plus the summary: per column at most
 * COLSUM_EXACT_MAX values, or the sketches (tens of KiB), plus the
 * association's tables.
 */
#ifndef WINNOW_SUMSTREAM_H
#define WINNOW_SUMSTREAM_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/csvload.h"
#include "core/stats/stream/msum.h"
#include "core/stats/stream/sumplan.h"
#include "core/util/err.h"
#include "core/util/progress.h"

struct sumstream_opts {
	const struct csvload_opts *load;	/* NULL: the defaults */
	const char *label;		/* the label column, or NULL */
	const char *id;			/* the id column, or NULL */
	uint64_t start, end;		/* byte range; end 0: to the end */
	uint64_t start_line;		/* 0: find the records that start in
					 * the range; else start and end are
					 * record boundaries and start is on
					 * this line (csvchunk_open_at) */
	size_t chunk;			/* bytes per chunk */
	uint64_t seed;			/* the sample's seed */
	const struct sumplan *plan;	/* NULL: from the sample */
	int threads;
	const struct progress *progress;	/* "summarising", bytes */
	struct rowindex **index;	/* when not NULL: gets an index of the
					 * rows (rowindex.h; the caller frees
					 * it), NULL on error */
};

void sumstream_opts_init(struct sumstream_opts *o);

/*
 * Summarise path into m (which the caller releases with msum_release
 * either way).  Returns 0, or -1 with e filled: ERR_NOINPUT, ERR_DATA
 * with the original file's line and column, ERR_USAGE for an unknown
 * --label or --id column, ERR_CANCEL.
 */
int sumstream_run(struct msum *m, const char *path,
    const struct sumstream_opts *o, struct err *e);

#endif
