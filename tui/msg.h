/*
 * msg.h - the message line: the last thing the workbench has to say
 * (what a command did, an error, a warning from core), shown at the
 * bottom until the next key or for a while.
 *
 * Every part of the front end says things here, and nothing here calls
 * back: this is how a lower module (the data, the review session) tells
 * the user something without knowing who draws it.  Any thread may hand
 * over a message through the log sink (core's warnings come from jobs);
 * the UI thread moves it to the line with msg_take_log().
 */
#ifndef WINNOW_MSG_H
#define WINNOW_MSG_H

#include <pthread.h>

#include "core/util/log.h"
#include "tui/job.h"
#include "views/view.h"

struct msg {
	char text[256];			/* "": nothing to say */
	enum view_msg_level level;
	double time;			/* time_mono() when it was said */

	/* handed over by any thread, under lock */
	pthread_mutex_t lock;
	char log[256];
	enum view_msg_level log_level;
	int log_pending;
};

void msg_init(struct msg *m);
void msg_release(struct msg *m);

/* Say something (it replaces what was said before). */
void msg_set(struct msg *m, enum view_msg_level lv, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A log.h sink (ctx: the struct msg): the message waits, from any
 * thread, for msg_take_log. */
void msg_log_sink(void *ctx, enum log_level level, const char *text);

/* When finished job j has no result, say why ("filter cancelled", or its
 * error) and return 1; else return 0. */
int msg_job_failed(struct msg *m, const struct job *j);

/* Show the message a log sink handed over, if any (UI thread). */
void msg_take_log(struct msg *m);

#endif
