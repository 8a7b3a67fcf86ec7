/*
 * log.h - a replaceable sink for warnings and notes from core.
 *
 * Core never prints.  Warnings that are not errors (a duplicate header
 * made unique, rows padded) go through the installed sink: the CLI prints
 * them on stderr, the TUI shows them in its status line, tests capture
 * them.  Sinks may be called from any thread; log serialises the calls.
 */
#ifndef WINNOW_LOG_H
#define WINNOW_LOG_H

enum log_level { LOG_NOTE, LOG_WARN };

typedef void log_sink_fn(void *ctx, enum log_level level, const char *msg);

/* Install a sink (NULL: discard everything).  Returns nothing. */
void log_set_sink(log_sink_fn *sink, void *ctx);

void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
