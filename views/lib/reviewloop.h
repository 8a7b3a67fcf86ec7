/*
 * reviewloop.h - what the review loop shares with the views that take
 * part in it, and with no other: the Review view and the Flagged view
 * decide through it, the PICO form edits the next run's options, the
 * Overview compares with the flagged rows and the Table shows the
 * decisions.  Such a view says .data = VIEW_DATA_REVIEW and open() hands
 * it this struct as its data (as tmux hands a mode its own data); it
 * keeps the pointer, valid until close().
 *
 * The application's session (tui/session.c) owns it and writes the
 * first part; the views write review_row and the requests, which the
 * session carries out after each act() and then clears.
 */
#ifndef WINNOW_REVIEWLOOP_H
#define WINNOW_REVIEWLOOP_H

#include <stdint.h>

struct picorun_opts;
struct pico_result;
struct review;

/* Requests from a view to the session, cleared before each act(). */
struct reviewloop_req {
	int run_pico;			/* 1: run PICO now, 2: and show the
					 * Flagged view when it is done */
	int decided;			/* decisions were journalled */
	int new_label;			/* decide new_label_text for
					 * new_label_row (the session adds
					 * the class while no job reads the
					 * classes) */
	uint32_t new_label_row;
	char new_label_text[200];
};

struct reviewloop {
	/*
	 * review: the session, once its journal is open (NULL before);
	 * views decide through it (core review.h) on the UI thread.  pico:
	 * the latest PICO result (NULL before a run), replaced whole when a
	 * run ends; pico_gen changes with it.  pico_busy: a run is under
	 * way.  opts: the options of the next run (the PICO form edits
	 * them in place).
	 */
	struct review *review;
	const struct pico_result *pico;
	uint64_t pico_gen;
	int pico_busy;
	struct picorun_opts *opts;

	/* the row the Review view shows when it opens (VIEW_NOROW: the
	 * queue's current row); the Review view clears it */
	uint32_t review_row;
	/* the Review view opens for the reviewer, not at their asking (a
	 * review resumed on start): it holds its deciding keys until Enter,
	 * so that no first key decides.  The Review view clears it. */
	int review_hold;
	struct reviewloop_req req;
};

#endif
