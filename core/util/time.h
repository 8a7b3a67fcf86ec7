/*
 * time.h - calendar dates as day numbers, and the monotonic clock.
 *
 * Dates are proleptic Gregorian (the calendar extended backwards), days
 * counted from 1970-01-01 (day 0), negative before it; Howard Hinnant's
 * civil-calendar algorithms, exact for every year an int64_t of days
 * can reach.  The journal's time stamps, the loader's date type and the
 * histogram's month and year bins all count days this one way.
 *
 * Intervals (progress rates, job and benchmark timings) are measured on
 * the monotonic clock, which no change of the wall clock moves.
 */
#ifndef WINNOW_TIME_H
#define WINNOW_TIME_H

#include <stdint.h>

/* Days since 1970-01-01 of the date y-m-d (m 1..12, d 1..31; the day is
 * not checked against the month's length). */
int64_t time_days_from_civil(int64_t y, int m, int d);

/* The date of day number days: year, month 1..12, day 1..31. */
void time_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* Seconds on the monotonic clock; only differences mean anything. */
double time_mono(void);

#endif
