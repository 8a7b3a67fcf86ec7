/*
 * report.h - what a review did, from its journal: decisions by type,
 * relabels by (given -> new) pair, noise found per given class,
 * reviewers and the time they spent.
 *
 * Counts are over effective lines (undone ones left out); undo lines
 * and the lines they cancelled are counted apart.  Per class, a row is
 * "reviewed" when it has a verdict and "relabelled" when that verdict
 * set a label other than the given one; noise = relabelled / reviewed.
 *
 * Time spent: per reviewer, the gaps between consecutive lines (all of
 * them, undone or not: the work was done) are summed, leaving out gaps
 * of idle_ms or more, which are breaks; so the first line of a sitting
 * adds nothing.  REPORT_IDLE_MS (5 minutes) is the usual cutoff.
 */
#ifndef WINNOW_REPORT_H
#define WINNOW_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "core/util/err.h"
#include "core/util/outfile.h"
#include "core/review/journal.h"

#define REPORT_IDLE_MS (5 * 60 * 1000)

struct report_pair {
	uint32_t given, label;	/* string ids (given may be NONE) */
	uint64_t rows;
};

struct report_class {
	uint32_t given;		/* string id, or NONE (unknown) */
	uint64_t reviewed, relabelled, dropped;
};

struct report_reviewer {
	uint32_t name;		/* journal string id */
	uint64_t lines;		/* lines written, undone ones included */
	int64_t active_ms;
	int64_t first_ms, last_ms;
};

struct report {
	int64_t idle_ms;
	uint64_t lines;			/* lines in the journal */
	uint64_t by_type[JOURNAL_NTYPES];	/* effective lines; for bulk,
					 * committed groups not undone */
	uint64_t undone;		/* lines cancelled by undos */
	uint64_t rows;			/* rows with an effective line */
	uint64_t reviewed, relabelled, dropped, flagged, noted, skipped;
	struct report_pair *pair;	/* most rows first */
	size_t npair;
	struct report_class *cls;	/* by class name */
	size_t ncls;
	struct report_reviewer *rev;	/* by name */
	size_t nrev;
	int64_t active_ms;		/* sum over reviewers */
	int64_t first_ms, last_ms;	/* 0 when the journal is empty */
};

/* Build the report of j (borrowed: the report names j's strings, so j
 * must outlive it).  Release with report_release(). */
void report_build(const struct journal *j, int64_t idle_ms,
    struct report *r);

void report_release(struct report *r);

/* Write r as Markdown or as JSON onto f; returns 0, or -1 when the
 * stream reports an error. */
int report_write_md(const struct report *r, const struct journal *j,
    FILE *f);
int report_write_json(const struct report *r, const struct journal *j,
    FILE *f);

/*
 * Build and write the report of j to path: JSON when the name ends in
 * ".json", Markdown otherwise.  The output follows core/util/outfile.h
 * under rule (NULL: nothing kept, no force), and is never j's own file.
 * Errors: ERR_CANTCREAT when path may not or cannot be written, ERR_IO
 * when a write fails.
 */
int report_save(const struct journal *j, const char *path, int64_t idle_ms,
    const struct outfile_rule *rule, struct err *e);

#endif
