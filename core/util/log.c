/*
 * log.c - one global sink behind a mutex.
 */
#include "core/util/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static log_sink_fn *log_sink;
static void *log_ctx;

void
log_set_sink(log_sink_fn *sink, void *ctx)
{
	pthread_mutex_lock(&log_lock);
	log_sink = sink;
	log_ctx = ctx;
	pthread_mutex_unlock(&log_lock);
}

static void
log_emit(enum log_level level, const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof buf, fmt, ap);
	pthread_mutex_lock(&log_lock);
	if (log_sink)
		log_sink(log_ctx, level, buf);
	pthread_mutex_unlock(&log_lock);
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_WARN, fmt, ap);
	va_end(ap);
}

void
log_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_NOTE, fmt, ap);
	va_end(ap);
}
