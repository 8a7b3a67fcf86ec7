/*
 * jsample.h - a seeded sample of a JSON Lines file of any size, read
 * from byte ranges spread over it, as csvsample.h samples CSV: the file
 * is cut into n strata and each gives a range of a fixed size at a
 * seeded place inside it.  A line is a record of its own, so a range
 * resynchronises at its first line end (the file's first range starts at
 * the file's start) and stops at its last one; no guess is needed.  The
 * ranges' lines are loaded by the JSON Lines loader like any file, so
 * the same file, seed and sizes give the same sample.
 */
#ifndef WINNOW_JSAMPLE_H
#define WINNOW_JSAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/csvload.h"
#include "core/data/csvsample.h"
#include "core/data/table.h"
#include "core/util/err.h"

/*
 * Sample the plain JSON Lines file path from nranges ranges of
 * range_bytes each, seeded by seed, loaded with o (NULL: the defaults;
 * no progress, no id column).  Returns the sample as a table the caller
 * frees (row keys are row numbers in the sample), or NULL with e filled
 * (ERR_NOINPUT, or the loader's error: the line is the sample's).
 */
struct table *jsample_read(const char *path, const struct csvload_opts *o,
    uint64_t seed, uint32_t nranges, size_t range_bytes,
    struct csvsample_info *info, struct err *e);

#endif
