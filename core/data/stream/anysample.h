/*
 * anysample.h - the first look at a file of any size and kind: a
 * seeded sample of byte ranges spread over a plain file (CSV:
 * csvsample.h; JSON Lines: jsample.h), or, for a compressed file, which
 * cannot seek, its first rows up to a budget of bytes (honestly a head,
 * not a sample: info->head says so).
 */
#ifndef WINNOW_ANYSAMPLE_H
#define WINNOW_ANYSAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "core/data/csvload.h"
#include "core/data/csvsample.h"
#include "core/data/table.h"
#include "core/util/err.h"

/*
 * The sample of path loaded with o: nranges ranges of range_bytes
 * each, seeded by seed; a compressed file's first records within
 * nranges * range_bytes bytes.  Returns a table the caller frees, or
 * NULL with e filled (as the loaders fill it).
 */
struct table *anysample_read(const char *path, const struct csvload_opts *o,
    uint64_t seed, uint32_t nranges, size_t range_bytes,
    struct csvsample_info *info, struct err *e);

#endif
