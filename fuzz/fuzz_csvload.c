/*
 * fuzz_csvload - libFuzzer target: any bytes as a CSV file.  Loading must
 * never crash, hang or leak, and four ways of loading must agree exactly
 * (a differential check: a difference aborts): one thread with the fast
 * line splitter, one thread with libcsv alone, and 2 and 4 threads with
 * parts small enough that every input is cut (quote parity guesses, the
 * check of each guess, the stitch).  The same table, line numbers,
 * warnings and content hash, or the same error message.
 *
 * The first byte also picks the options: --ragged mode, --lax-quotes,
 * --drop-repeated-header.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/util/log.h"
#include "tests/util.h"

/* Load with o; the table, or NULL with the message in msg; the
 * warnings in warn. */
static struct table *
load(const uint8_t *data, size_t size, const struct csvload_opts *o,
    char *msg, char *warn)
{
	struct err e;
	struct table *t;

	warnings[0] = '\0';
	err_clear(&e);
	t = csvload_mem("fuzz", data, size, o, &e);
	strcpy(msg, t ? "" : e.msg);
	strcpy(warn, warnings);
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char msg[4][1024], warn[4][sizeof warnings];
	struct csvload_opts o;
	struct table *t[4];
	int k, bad = 0, first = size ? data[0] : 0;

	log_set_sink(capture, NULL);
	csvload_opts_init(&o);
	o.ragged = (enum csvload_ragged)(first % 3);
	o.lax_quotes = (first >> 2) & 1;
	o.drop_repeated_header = (first >> 3) & 1;
	o.threads = 1;
	t[0] = load(data, size, &o, msg[0], warn[0]);
	o.libcsv_only = 1;
	t[1] = load(data, size, &o, msg[1], warn[1]);
	o.libcsv_only = 0;
	o.part_min = 8;
	o.threads = 2;
	t[2] = load(data, size, &o, msg[2], warn[2]);
	o.threads = 4;
	t[3] = load(data, size, &o, msg[3], warn[3]);
	for (k = 1; k < 4; k++) {
		if ((t[0] == NULL) != (t[k] == NULL) ||
		    (t[0] && !table_same_rows(t[0], t[k])) ||
		    strcmp(msg[0], msg[k]) != 0 ||
		    strcmp(warn[0], warn[k]) != 0) {
			fprintf(stderr, "way %d differs from one thread:\n"
			    "  1: %s%s\n  %d: %s%s\n", k, t[0] ? "(loaded) " :
			    msg[0], warn[0], k, t[k] ? "(loaded) " : msg[k],
			    warn[k]);
			bad = 1;
		}
	}
	for (k = 0; k < 4; k++)
		table_free(t[k]);
	if (bad)
		abort();
	return 0;
}
