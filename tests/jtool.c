/*
 * jtool - makes review journals for the shell tests, through the same
 * API the review screen uses (it is not a test itself).
 *
 *   jtool create DATA JOURNAL [LABEL_COL [ID_COL]]
 *   jtool add JOURNAL REVIEWER TYPE KEY [LABEL [GIVEN]]
 *   jtool bulk JOURNAL REVIEWER TYPE LABEL GIVEN KEY...
 *   jtool undo JOURNAL
 *   jtool decided JOURNAL   prints the number of rows with a verdict
 *   jtool hold JOURNAL      holds it open for writing (locked), as a
 *                           running workbench does, until standard
 *                           input ends; prints "held" once it holds it
 *
 * LABEL and GIVEN may be "-" for none.  Exit status 0, or 1 with the
 * error on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/fingerprint.h"
#include "core/review/journal.h"
#include "core/util/xalloc.h"

static int
fail(const struct err *e)
{
	fprintf(stderr, "jtool: %s\n", e->msg);
	return 1;
}

static struct journal *
open_w(const char *path, const char *reviewer, struct err *e)
{
	struct journal_opts o;

	journal_opts_init(&o);
	o.write = 1;
	o.reviewer = reviewer;
	o.force = 1;
	return journal_open(path, &o, e);
}

static void
fill(struct journal_decision *d, const char *type, const char *key,
    const char *label, const char *given)
{
	int t = journal_type_parse(type);

	journal_decision_init(d, t < 0 ? JOURNAL_NTYPES : (enum journal_type)t,
	    key, strlen(key));
	if (label && strcmp(label, "-") != 0) {
		d->label = label;
		d->label_len = strlen(label);
	}
	if (given && strcmp(given, "-") != 0) {
		d->given = given;
		d->given_len = strlen(given);
	}
}

int
main(int argc, char **argv)
{
	struct journal *j;
	struct journal_decision d, *b;
	struct err e;
	int i, rc;

	if (argc >= 4 && strcmp(argv[1], "create") == 0) {
		struct fingerprint fp;
		struct journal_opts o;

		if (fingerprint_file(argv[2], &fp, &e) != 0)
			return fail(&e);
		journal_opts_init(&o);
		o.write = 1;
		o.fp = &fp;
		o.label_col = argc > 4 ? argv[4] : NULL;
		o.id_col = argc > 5 ? argv[5] : NULL;
		if (!(j = journal_open(argv[3], &o, &e)))
			return fail(&e);
		journal_close(j);
		return 0;
	}
	if (argc >= 6 && strcmp(argv[1], "add") == 0) {
		if (!(j = open_w(argv[2], argv[3], &e)))
			return fail(&e);
		fill(&d, argv[4], argv[5], argc > 6 ? argv[6] : NULL,
		    argc > 7 ? argv[7] : NULL);
		rc = journal_append(j, &d, &e);
		journal_close(j);
		return rc ? fail(&e) : 0;
	}
	if (argc >= 8 && strcmp(argv[1], "bulk") == 0) {
		if (!(j = open_w(argv[2], argv[3], &e)))
			return fail(&e);
		b = xcalloc((size_t)argc, sizeof *b);
		for (i = 7; i < argc; i++)
			fill(&b[i - 7], argv[4], argv[i], argv[5], argv[6]);
		rc = journal_append_bulk(j, b, (size_t)argc - 7, &e);
		free(b);
		journal_close(j);
		return rc ? fail(&e) : 0;
	}
	if (argc == 3 && strcmp(argv[1], "undo") == 0) {
		if (!(j = open_w(argv[2], NULL, &e)))
			return fail(&e);
		rc = journal_undo(j, NULL, &e) < 0;
		journal_close(j);
		return rc ? fail(&e) : 0;
	}
	if (argc == 3 && strcmp(argv[1], "decided") == 0) {
		struct journal_state st;
		uint32_t k, n = 0;

		if (!(j = journal_open(argv[2], NULL, &e)))
			return fail(&e);
		for (k = 0; k < journal_nkeys(j); k++) {
			journal_key_state(j, k, &st);
			n += st.verdict != JOURNAL_NONE;
		}
		printf("%u\n", (unsigned)n);
		journal_close(j);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "hold") == 0) {
		char buf[64];

		if (!(j = open_w(argv[2], NULL, &e)))
			return fail(&e);
		puts("held");
		fflush(stdout);
		while (fread(buf, 1, sizeof buf, stdin) > 0)
			;
		journal_close(j);
		return 0;
	}
	fputs("usage: jtool create DATA JOURNAL [LABEL_COL [ID_COL]]\n"
	    "       jtool add JOURNAL REVIEWER TYPE KEY [LABEL [GIVEN]]\n"
	    "       jtool bulk JOURNAL REVIEWER TYPE LABEL GIVEN KEY...\n"
	    "       jtool undo JOURNAL\n"
	    "       jtool decided JOURNAL\n"
	    "       jtool hold JOURNAL\n", stderr);
	return 64;
}
