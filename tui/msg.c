/*
 * msg.c - the message line.
 */
#include "tui/msg.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/util/time.h"

void
msg_init(struct msg *m)
{
	memset(m, 0, sizeof *m);
	pthread_mutex_init(&m->lock, NULL);
}

void
msg_release(struct msg *m)
{
	pthread_mutex_destroy(&m->lock);
}

void
msg_set(struct msg *m, enum view_msg_level lv, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->text, sizeof m->text, fmt, ap);
	va_end(ap);
	m->level = lv;
	m->time = time_mono();
}

int
msg_job_failed(struct msg *m, const struct job *j)
{
	if (j->out)
		return 0;
	if (j->err.code == ERR_CANCEL)
		msg_set(m, VIEW_INFO, "%s cancelled", j->what);
	else
		msg_set(m, VIEW_ERROR, "%s", j->err.msg);
	return 1;
}

void
msg_log_sink(void *ctx, enum log_level level, const char *text)
{
	struct msg *m = ctx;

	pthread_mutex_lock(&m->lock);
	snprintf(m->log, sizeof m->log, "%s", text);
	m->log_level = level == LOG_WARN ? VIEW_WARN : VIEW_INFO;
	m->log_pending = 1;
	pthread_mutex_unlock(&m->lock);
}

void
msg_take_log(struct msg *m)
{
	pthread_mutex_lock(&m->lock);
	if (m->log_pending) {
		msg_set(m, m->log_level, "%s", m->log);
		m->log_pending = 0;
	}
	pthread_mutex_unlock(&m->lock);
}
