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

/* v to digits significant digits (all of its whole part), thousands
 * as k, M, G, T: "2.7k", "95", "0.25". */
static char *
num_short(double v, int digits, char *buf, size_t size)
{
	static const char suf[] = " kMGT";
	double a = fabs(v);
	int i = 0, whole = 0, dec;
	size_t n;

	while (i < 4 && a >= 999.5) {
		a /= 1000;
		v /= 1000;
		i++;
	}
	if (a < 1) {
		snprintf(buf, size, "%.*g", digits, v);
	} else {
		for (; a >= 1; a /= 10)
			whole++;
		dec = digits > whole ? digits - whole : 0;
		snprintf(buf, size, "%.*f", dec, v);
		n = strlen(buf);
		if (strchr(buf, '.')) {
			while (n > 0 && buf[n - 1] == '0')
				buf[--n] = '\0';
			if (n > 0 && buf[n - 1] == '.')
				buf[--n] = '\0';
		}
		if (i > 0 && n + 1 < size) {
			buf[n] = suf[i];
			buf[n + 1] = '\0';
		}
	}
	return buf;
}

char *
fmt_bin_fit(const struct hist *h, const struct table *t, uint32_t b, int w,
    char *buf, size_t size)
{
	const struct hist_bin *k = &h->bin[b];
	const char *dash;
	char lo[48], hi[48];
	double top;
	int d;

	fmt_bin(h, t, b, buf, size);
	if (k->kind != HIST_BIN_RANGE || h->kind != HIST_RANGE)
		return buf;
	/* integers read inclusively: [100, 200) is 100-199 */
	top = k->hi;
	if (t->col[h->col].type == COLTYPE_INT && b + 1 < h->nvalue &&
	    k->lo == floor(k->lo) && k->hi == floor(k->hi) && k->hi > k->lo)
		top = k->hi - 1;
	dash = k->lo < 0 || top < 0 ? ".." : "-";
	if (top == k->lo)
		snprintf(buf, size, "%s", fmt_num(k->lo, lo, sizeof lo));
	else
		snprintf(buf, size, "%s%s%s", fmt_num(k->lo, lo, sizeof lo),
		    dash, fmt_num(top, hi, sizeof hi));
	for (d = 3; d >= 1 && (int)strlen(buf) > w; d--)
		snprintf(buf, size, "%s%s%s", num_short(k->lo, d, lo,
		    sizeof lo), dash, num_short(top, d, hi, sizeof hi));
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
