/*
 * csvsample.h - a seeded sample of a CSV file of any size, read from
 * byte ranges spread over the whole file, in about the time it takes to
 * read a few megabytes.
 *
 * The file is cut into n strata; each gives one range of a fixed size
 * at a seeded random place inside it.  A range starts anywhere, maybe
 * inside a quoted field, so it is resynchronised: both guesses (outside
 * or inside quotes at its first byte) are followed to the first line end
 * that would end a record, and from there the exact scanner (csvscan.h)
 * reads records to the range's last boundary; the guess whose records
 * all have the header's field count wins, and a range where neither
 * does is left out.  The ranges' records, behind the header, are loaded
 * by the loader like any file.  Records are thus sampled in clusters
 * (whole ranges), uniformly over the bytes of the file; the same file,
 * seed and sizes give the same sample.
 */
#ifndef WINNOW_CSVSAMPLE_H
#define WINNOW_CSVSAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/csvchunk.h"
#include "core/data/table.h"
#include "core/util/err.h"

#define CSVSAMPLE_RANGES 256
#define CSVSAMPLE_BYTES (64u << 10)

struct csvsample_info {
	uint64_t seed;
	uint32_t ranges;	/* ranges read */
	uint32_t kept;		/* of them, resynchronised and used */
	uint64_t bytes;		/* bytes of the records taken */
	int whole;		/* the data was small: all of it is there */
	int head;		/* the first rows of a file that cannot
				 * seek (compressed): no ranges */
};

/*
 * Sample the records of c's range (csvchunk_open; c's position is not
 * used) from nranges ranges of range_bytes each, seeded by seed.
 * Returns the sample as a table the caller frees (row keys are row
 * numbers in the sample), or NULL with e filled.
 */
struct table *csvsample_read(struct csvchunk *c, uint64_t seed,
    uint32_t nranges, size_t range_bytes, struct csvsample_info *info,
    struct err *e);

#endif
