/*
 * fmt.c - short text for numbers, shares, dates and bins.
 */
#include "views/lib/fmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

char *
fmt_num(double v, char *buf, size_t size)
{
	double a = fabs(v);

	if (isnan(v))
		snprintf(buf, size, "-");
	else if (isinf(v))
		snprintf(buf, size, v > 0 ? "inf" : "-inf");
	else if ((v == floor(v) || a >= 1e4) && a < 1e12)
		snprintf(buf, size, "%.0f", v);
	else if (a >= 1e12 || a < 1e-3)
		snprintf(buf, size, "%.3g", v);
	else
		snprintf(buf, size, "%.4g", v);
	return buf;
}

char *
fmt_pct(double share, char *buf, size_t size)
{
	double p = share * 100;

	if (isnan(share))
		snprintf(buf, size, "-");
	else if (p <= 0)
		snprintf(buf, size, "0%%");
	else if (p < 0.1)
		snprintf(buf, size, "<0.1%%");
	else if (p >= 99.95 && p < 100)
		snprintf(buf, size, ">99.9%%");
	else if (p >= 100)
		snprintf(buf, size, "100%%");
	else
		snprintf(buf, size, "%.1f%%", p);
	return buf;
}

char *
fmt_date(double secs, enum hist_unit unit, char *buf, size_t size)
{
	/* a date at each unit's precision */
	static const char *const form[] = {
		[HIST_SECOND] = "%Y-%m-%d %H:%M:%S",
		[HIST_MINUTE] = "%Y-%m-%d %H:%M",
		[HIST_HOUR] = "%Y-%m-%d %Hh",
		[HIST_DAY] = "%Y-%m-%d",
		[HIST_MONTH] = "%Y-%m",
		[HIST_YEAR] = "%Y",
	};
	time_t t = (time_t)floor(secs);
	struct tm tm;

	if (isnan(secs) || !gmtime_r(&t, &tm)) {
		snprintf(buf, size, "-");
		return buf;
	}
	if ((unsigned)unit >= sizeof form / sizeof *form)
		unit = HIST_SECOND;
	strftime(buf, size, form[unit], &tm);
	return buf;
}

char *
fmt_value(const struct column *c, double v, char *buf, size_t size)
{
	if (c->type == COLTYPE_DATE) {
		/* whole days print as dates, the rest with the time */
		double d = v / 86400;

		return fmt_date(v, d == floor(d) ? HIST_DAY : HIST_SECOND, buf,
		    size);
	}
	return fmt_num(v, buf, size);
}

char *
fmt_bin(const struct hist *h, const struct table *t, uint32_t b,
    char *buf, size_t size)
{
	const struct hist_bin *k = &h->bin[b];
	const struct column *c = &t->col[h->col];
	char lo[48], hi[48];

	switch (k->kind) {
	case HIST_BIN_VALUE:
		snprintf(buf, size, "%s", dict_str(&c->dict, k->id, NULL));
		break;
	case HIST_BIN_OTHER:
		snprintf(buf, size, "(other)");
		break;
	case HIST_BIN_NONPOS:
		snprintf(buf, size, "<= 0");
		break;
	case HIST_BIN_MISSING:
		snprintf(buf, size, "(missing)");
		break;
	case HIST_BIN_RANGE:
		if (h->kind == HIST_INT) {
			snprintf(buf, size, "%s", c->type == COLTYPE_BOOL ?
			    (k->lo ? "true" : "false") : fmt_num(k->lo, lo,
			    sizeof lo));
		} else if (h->kind == HIST_TIME) {
			fmt_date(k->lo, h->unit, lo, sizeof lo);
			if (h->unit == HIST_YEAR && h->step > 1)
				snprintf(buf, size, "%s-%s", lo, fmt_date(
				    k->hi - 1, HIST_YEAR, hi, sizeof hi));
			else
				snprintf(buf, size, "%s", lo);
		} else {
			snprintf(buf, size, "[%s, %s%c", fmt_num(k->lo, lo,
			    sizeof lo), fmt_num(k->hi, hi, sizeof hi),
			    b + 1 == h->nvalue ? ']' : ')');
		}
		break;
	}
	return buf;
}

char *
fmt_bin_desc(const struct hist *h, const struct table *t, uint32_t b,
    char *buf, size_t size)
{
	const char *name = t->col[h->col].name;
	char v[160];

	fmt_bin(h, t, b, v, sizeof v);
	switch (h->bin[b].kind) {
	case HIST_BIN_VALUE:
		snprintf(buf, size, "%s = %s", name, v);
		break;
	case HIST_BIN_OTHER:
		snprintf(buf, size, "%s: other values", name);
		break;
	case HIST_BIN_NONPOS:
		snprintf(buf, size, "%s <= 0", name);
		break;
	case HIST_BIN_MISSING:
		snprintf(buf, size, "%s missing", name);
		break;
	case HIST_BIN_RANGE:
		snprintf(buf, size, "%s %s %s", name, h->kind == HIST_RANGE ?
		    "in" : "=", v);
		break;
	}
	return buf;
}
