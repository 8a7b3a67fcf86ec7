/*
 * tap.h - a small Test Anything Protocol producer for winnow's C tests.
 *
 * Header-only: each test program includes it once.  Every check prints
 * "ok N - name" or "not ok N - name" and, on failure, a diagnostic with
 * the file and line of the check.  done_testing() prints the plan when
 * none was given up front and returns the exit status for main().
 * die() is for what a test cannot go on without (a fixture that does
 * not load, a directory that cannot be made): a failed check saying
 * why, the plan, and exit status 1, never a skip.
 */
#ifndef WINNOW_TAP_H
#define WINNOW_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_run, tap_failed, tap_planned = -1;

static __attribute__((unused)) void
tap_plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

static __attribute__((unused)) void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

static __attribute__((unused)) int
tap_ok(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_run++;
	if (!pass) {
		tap_failed++;
		fputs("not ", stdout);
	}
	printf("ok %d - ", tap_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	if (!pass)
		printf("#   failed at %s:%d\n", file, line);
	fflush(stdout);
	return pass;
}

static __attribute__((unused)) int
tap_is_str(const char *got, const char *want, const char *file, int line,
    const char *name)
{
	int pass;

	if (got == NULL || want == NULL)
		pass = got == want;
	else
		pass = strcmp(got, want) == 0;
	tap_ok(pass, file, line, "%s", name);
	if (!pass) {
		printf("#          got: '%s'\n", got ? got : "(null)");
		printf("#     expected: '%s'\n", want ? want : "(null)");
	}
	return pass;
}

static __attribute__((unused)) int
tap_is_int(long long got, long long want, const char *file, int line,
    const char *name)
{
	int pass = got == want;

	tap_ok(pass, file, line, "%s", name);
	if (!pass)
		printf("#          got: %lld\n#     expected: %lld\n", got, want);
	return pass;
}

static __attribute__((unused)) int
tap_is_num(double got, double want, double tol, const char *file, int line,
    const char *name)
{
	int pass;

	if (isnan(want))
		pass = isnan(got);
	else
		pass = fabs(got - want) <= tol ||
		    (isinf(want) && got == want);
	tap_ok(pass, file, line, "%s", name);
	if (!pass)
		printf("#          got: %.17g\n#     expected: %.17g (+-%g)\n",
		    got, want, tol);
	return pass;
}

static __attribute__((unused)) void
tap_skip(int n, const char *why)
{
	while (n-- > 0) {
		tap_run++;
		printf("ok %d # skip %s\n", tap_run, why);
	}
	fflush(stdout);
}

static __attribute__((unused)) int
tap_done(void)
{
	if (tap_planned < 0)
		printf("1..%d\n", tap_run);
	else if (tap_planned != tap_run)
		printf("# planned %d tests but ran %d\n", tap_planned, tap_run);
	fflush(stdout);
	if (tap_failed)
		return 1;
	return tap_planned >= 0 && tap_planned != tap_run;
}

/* A failed check named by fmt, the plan, and exit(1). */
static __attribute__((unused, noreturn, format(printf, 3, 4))) void
tap_die(const char *file, int line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	tap_ok(0, file, line, "%s", msg);
	tap_done();
	exit(1);
}

#define plan(n)			tap_plan(n)
#define diag(...)		tap_diag(__VA_ARGS__)
#define ok(c, ...)		tap_ok(!!(c), __FILE__, __LINE__, __VA_ARGS__)
#define is(g, w, name)		tap_is_str((g), (w), __FILE__, __LINE__, (name))
#define is_int(g, w, name)	tap_is_int((g), (w), __FILE__, __LINE__, (name))
#define is_num(g, w, tol, name)	tap_is_num((g), (w), (tol), __FILE__, __LINE__, (name))
#define cmp_ok(a, op, b, name)	tap_ok((a) op (b), __FILE__, __LINE__, "%s", (name))
#define skip(n, why)		tap_skip((n), (why))
#define done_testing()		tap_done()
#define die(...)		tap_die(__FILE__, __LINE__, __VA_ARGS__)

#endif
