/*
 * statsout.h - the two outputs of `winnow stats`: the text report
 * (cli/statsout_text.c) and JSON (cli/statsout_json.c, described in
 * docs/stats-json.md).  Both print a summary that core built
 * (core/stats/summary.h); they compute nothing of their own.
 */
#ifndef WINNOW_STATSOUT_H
#define WINNOW_STATSOUT_H

#include <stdint.h>
#include <stdio.h>

#include "core/data/labels.h"
#include "core/data/table.h"
#include "core/stats/summary.h"

/* What one run of `winnow stats` has to show; everything borrowed. */
struct statsout {
	const char *path;		/* FILE as given */
	const struct table *t;
	const struct labels *L;		/* --label's classes, or NULL */
	const struct summary *sum;	/* of t's rows or of the sample */
	int sampled;			/* sum covers a sample ... */
	int stratified;			/* ... drawn within label classes */
	uint64_t sample_rows;		/* rows in the sample */
	uint64_t seed;			/* the sample's seed */
	int range_sample;		/* the sample is the records of byte
					 * ranges spread over the file, whose
					 * rows were not counted (t->nrows is
					 * the sample's) */
	int head_sample;		/* with range_sample: the first rows
					 * of a compressed file instead */
};

/*
 * The text report, width columns wide (80 and up), without trailing
 * spaces.  Everything taken from the data goes through textout_esc();
 * textout_init() must have run.
 */
void statsout_text(FILE *f, const struct statsout *r, int width);

/* The JSON document (docs/stats-json.md). */
void statsout_json(FILE *f, const struct statsout *r);

#endif
