/*
 * t4140-explain - why a row was flagged, in words: the votes grouped by
 * kind of checker, the numeric value furthest from the given class, a
 * category and a word commoner in the suggested class, a row mostly
 * missing, and the lines a card shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/review/explain.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

#define N 13

/*
 * Rows 1-6 labelled a (x near 0, colour red, "calm quiet" texts), rows
 * 7-12 labelled b (x near 10, blue, "loud noisy"), the notes long
 * enough to be text; row 13 is given a but looks like b; row 1 has x,
 * colour and note missing.
 */
static const char csv[] =
    "id,x,y,colour,note,label\n"
    "1,,1,,,a\n"
    "2,0.5,2,red,calm quiet day as noted in the field book,a\n"
    "3,-0.5,1,red,a calm evening as noted in the field book,a\n"
    "4,0.2,2,red,quiet calm as noted in the field book,a\n"
    "5,-0.2,1,red,calm as noted in the field book,a\n"
    "6,0.1,2,red,so quiet as noted in the field book,a\n"
    "7,10.5,1,blue,loud noisy day as noted in the field book,b\n"
    "8,9.5,2,blue,a noisy evening as noted in the field book,b\n"
    "9,10.2,1,blue,loud as noted in the field book,b\n"
    "10,9.8,2,blue,noisy loud as noted in the field book,b\n"
    "11,10.1,1,blue,so loud as noted in the field book,b\n"
    "12,9.9,2,blue,noisy as noted in the field book,b\n"
    "13,10,1,blue,loud noisy as noted in the field book,a\n";

static const char *const kinds[] = { "logistic regression",
	"logistic regression", "nearest neighbours" };

/* A result by hand: row 13 flagged for b by all but one checker, row 1
 * flagged too, doubtful. */
static void
result(struct pico_result *r, const struct labels *L)
{
	uint32_t i, m;

	memset(r, 0, sizeof *r);
	r->n = N;
	r->k = 2;
	r->checkers = 3;
	r->suggested = xcalloc(N, sizeof *r->suggested);
	r->p_suggested = xcalloc(N, sizeof *r->p_suggested);
	r->quality = xcalloc(N, sizeof *r->quality);
	r->flagged = xcalloc(N, 1);
	r->doubtful = xcalloc(N, 1);
	r->votes = xcalloc(3 * N, sizeof *r->votes);
	r->kind = xcalloc(4, sizeof *r->kind);
	for (m = 0; m < 3; m++)
		r->kind[m] = xstrdup(kinds[m]);
	for (i = 0; i < N; i++) {
		r->suggested[i] = 1 - L->y[i];
		r->quality[i] = 0.9f;
		r->p_suggested[i] = 0.1f;
		for (m = 0; m < 3; m++)
			r->votes[m * N + i] = L->y[i];
	}
	r->quality[12] = 0.05f;
	r->p_suggested[12] = 0.95f;
	r->flagged[12] = 1;
	r->votes[0 * N + 12] = 1;
	r->votes[1 * N + 12] = 1;
	r->quality[0] = 0.5f;
	r->p_suggested[0] = 0.1f;
	r->flagged[0] = r->doubtful[0] = 1;
}

int
main(void)
{
	struct csvload_opts ko = keyed_by("id");
	char *path, lines[3][EXPLAIN_LINE];
	struct table *t;
	struct labels L;
	struct pico_result r;
	struct explain x;
	struct err e;
	uint32_t u;
	int nl, seen[3] = { 0, 0, 0 };

	log_set_sink(quiet, NULL);
	path = tpath("e.csv");
	write_file(path, csv, strlen(csv));
	t = load_file(path, &ko);
	if (labels_init(&L, t, 5, LABELS_FIRST_SEEN, &e) != 0)
		die("%s", e.msg);
	result(&r, &L);

	ok(explain_row(t, &L, &r, NULL, 0, 12, &x) == 0, "row 13 explained");
	is_int(x.given, 0, "given a");
	is_int(x.suggested, 1, "suggested b");
	is_int(x.nvote, 2, "two kinds of checker");
	ok(strcmp(x.vote[0].kind, "logistic regression") == 0 &&
	    x.vote[0].checkers == 2 && x.vote[0].for_sugg == 2 &&
	    x.vote[0].for_given == 0, "both regressions vote b");
	ok(strcmp(x.vote[1].kind, "nearest neighbours") == 0 &&
	    x.vote[1].checkers == 1 && x.vote[1].for_sugg == 0 &&
	    x.vote[1].for_given == 1, "the neighbours vote a");
	is_int(x.nfeat, 4, "four feature columns (not id, not label)");
	is_int(x.nmissing, 0, "nothing missing");
	ok(!x.mostly_missing, "not mostly missing");
	for (u = 0; u < x.nitem; u++) {
		const char *cn = t->col[x.item[u].col].name;

		if (x.item[u].what == EXPLAIN_NUMBER && !strcmp(cn, "x") &&
		    x.item[u].z_given > 10 && x.item[u].z_sugg < 1)
			seen[0] = 1;
		if (x.item[u].what == EXPLAIN_CATEGORY &&
		    !strcmp(cn, "colour") && !strcmp(x.item[u].text, "blue"))
			seen[1] = 1;
		if (x.item[u].what == EXPLAIN_WORD && (!strcmp(x.item[u].text,
		    "loud") || !strcmp(x.item[u].text, "noisy")))
			seen[2] = 1;
		ok(strcmp(cn, "y") != 0, "y, alike in both classes, is not "
		    "named");
	}
	ok(seen[0], "x is named, far from a's mean, near b's");
	ok(seen[1], "colour blue is named");
	ok(seen[2], "a word of b's texts is named");
	nl = explain_lines(&x, t, &L, lines, 3);
	is_int(nl, 2, "two lines: votes and values");
	is(lines[0], "2 of 2 logistic regression checkers put b first; "
	    "0 of 1 nearest neighbours checker put b first, 1 a",
	    "the votes in words");
	ok(strstr(lines[1], "x 10 is ") != NULL, "the values in words");

	ok(explain_row(t, &L, &r, NULL, 0, 0, &x) == 0, "row 1 explained");
	is_int(x.nmissing, 3, "x, colour and note empty");
	ok(x.mostly_missing, "mostly missing");
	ok(x.doubtful, "doubtful");
	nl = explain_lines(&x, t, &L, lines, 3);
	ok(nl >= 2 && strstr(lines[nl - 1], "mostly missing: 3 of 4 "
	    "columns empty") != NULL, "the card says it is mostly missing");

	{
		int cols[] = { 2 };

		ok(explain_row(t, &L, &r, cols, 1, 12, &x) == 0 &&
		    x.nfeat == 1 && x.nitem == 0, "only the run's feature "
		    "columns are read (y tells nothing)");
	}
	ok(explain_row(t, &L, &r, NULL, 0, N, &x) == -1, "no such row: -1");

	pico_result_release(&r);
	labels_release(&L);
	table_free(t);
	free(path);
	return done_testing();
}
