/*
 * jmerge.h - two reviewers' journals of one dataset, side by side.
 *
 * Each row's outcome in a journal is its final category: the current
 * label for a label setter or a reject (the given label), or "drop".
 * Rows with a verdict in both journals are compared: agreement is the
 * share with the same category, and Cohen's kappa corrects it for
 * chance, over the categories that occur (labels and drop alike):
 *
 *	po = agreeing rows / rows in both
 *	pe = sum over categories c of (a's rows in c / n) *
 *	    (b's rows in c / n)
 *	kappa = (po - pe) / (1 - pe), undefined (NAN) when pe = 1
 *
 * A conflict is a row in both with different categories.  The merged
 * journal holds every effective decision of both (undone ones left out,
 * bulk groups as single lines), in time order, so on replay the later
 * verdict of a conflict wins; each conflict then gets a flag line by
 * reviewer "merge" whose note names both outcomes, for a second look.
 */
#ifndef WINNOW_JMERGE_H
#define WINNOW_JMERGE_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/err.h"
#include "core/review/journal.h"

struct jmerge_conflict {
	uint32_t key_a, key_b;	/* the row's key id in each journal */
	uint32_t va, vb;	/* the verdict entry in each */
};

struct jmerge {
	uint64_t decided_a;	/* rows with a verdict in a */
	uint64_t decided_b;
	uint64_t both;		/* rows with a verdict in both */
	uint64_t agree;		/* of those, same category */
	double po, pe, kappa;	/* NAN when undefined */
	size_t ncat;		/* categories seen on rows in both */
	char **cat;		/* [ncat] label text (NUL-terminated copy;
				 * may hold NULs: see cat_len) */
	size_t *cat_len;
	uint8_t *cat_drop;	/* [ncat] 1 for the drop category */
	uint64_t *count_a;	/* [ncat] a's rows (of those in both) */
	uint64_t *count_b;
	struct jmerge_conflict *conf;	/* ordered by a's key order */
	size_t nconf;
};

/*
 * Compare a and b.  Fails with ERR_USAGE when they are one journal (the
 * same file, or copies with the same bytes), with ERR_DATA when they
 * were made on different datasets (size or sample hash differ; the
 * mtime may differ, copies made elsewhere being the point) or name rows
 * by different columns.  m is released with jmerge_release().
 */
int jmerge_compare(const struct journal *a, const struct journal *b,
    struct jmerge *m, struct err *e);

void jmerge_release(struct jmerge *m);

/*
 * Write the merged journal to out, by the rule of core/util/outfile.h:
 * never a or b or any other journal, an unrelated existing file only
 * with force; out may be the place of a dataset's journal
 * (DATA.winnow/journal) when no journal is there.  Errors:
 * ERR_CANTCREAT, ERR_IO when a write fails.
 */
int jmerge_write(const struct journal *a, const struct journal *b,
    const struct jmerge *m, const char *out, int force, struct err *e);

#endif
