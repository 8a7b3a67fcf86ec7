/*
 * numfmt.h - counts as people read them, one way everywhere: digits in
 * groups of three ("1,204,551"), and the noun that goes with a count
 * ("1 row", "2 rows").  The workbench, the subcommands and core's
 * messages all write counts through here, so no screen says "12936"
 * beside "464,954".
 */
#ifndef WINNOW_NUMFMT_H
#define WINNOW_NUMFMT_H

#include <stdint.h>

#define NUMFMT_COUNT 32		/* bytes numfmt_count needs */

/* v with thousands separators ("1,204,551") into buf (NUMFMT_COUNT
 * bytes); returns buf. */
char *numfmt_count(uint64_t v, char *buf);

/* one when n is 1, else many: "row" or "rows". */
const char *numfmt_noun(uint64_t n, const char *one, const char *many);

#endif
