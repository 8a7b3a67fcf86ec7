/*
 * infer.c - cell classification.
 *
 * Numbers take a fast exact path (Clinger: at most 15 significant digits
 * and a power of ten within 10^22 are exact in a double, so one multiply
 * or divide rounds correctly) and fall back to strtod for the rest.
 * Dates are validated (month lengths, leap years) before they count.
 */
#include "core/data/infer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/time.h"

/* pandas' default na_values (pandas/_libs/parsers.pyx STR_NA_VALUES,
 * pandas 2), the empty string apart, in that order */
const char *const infer_default_na[] = {
	"-1.#IND", "1.#QNAN", "1.#IND", "-1.#QNAN", "#N/A N/A", "#N/A", "N/A",
	"n/a", "NA", "<NA>", "#NA", "NULL", "null", "NaN", "-NaN", "nan",
	"-nan", "None", NULL
};

const char *
coltype_name(enum coltype t)
{
	switch (t) {
	case COLTYPE_EMPTY: return "empty";
	case COLTYPE_BOOL: return "bool";
	case COLTYPE_INT: return "int";
	case COLTYPE_FLOAT: return "float";
	case COLTYPE_DATE: return "date";
	case COLTYPE_CAT: return "cat";
	case COLTYPE_TEXT: return "text";
	}
	return "?";
}

int
coltype_numeric(enum coltype t)
{
	return t == COLTYPE_BOOL || t == COLTYPE_INT || t == COLTYPE_FLOAT ||
	    t == COLTYPE_DATE;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

void
infer_trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

static int
eq_nocase(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] == '\0' || lower((unsigned char)s[i]) !=
		    lower((unsigned char)w[i]))
			return 0;
	return w[n] == '\0';
}

static int
eq_exact(const char *s, size_t n, const char *w)
{
	/* the first byte settles most: values rarely start like a marker */
	return w[0] == s[0] && strlen(w) == n && memcmp(s, w, n) == 0;
}

int
infer_is_na(const char *s, size_t n, const char *const *na)
{
	/* the default markers are short (8 bytes at most): most values
	 * are out at a glance */
	if (!na && n > 8 && s[0] != ' ' && s[0] != '\t' &&
	    s[n - 1] != ' ' && s[n - 1] != '\t')
		return 0;
	infer_trim(&s, &n);
	if (n == 0)
		return 1;
	if (!na)
		na = infer_default_na;
	for (; *na; na++)
		if (eq_exact(s, n, *na))
			return 1;
	return 0;
}

static const double pow10tab[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

int
infer_number(const char *s, size_t n, double *v, int *is_int)
{
	const char *p, *end;
	uint64_t m = 0;
	int neg = 0, sig = 0, digits = 0, exp10 = 0, e = 0, eneg = 0;
	int integral = 1, edigits = 0;
	char buf[64], *ep;
	double r;

	infer_trim(&s, &n);
	if (n == 0)
		return 0;
	p = s;
	end = s + n;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		digits++;
		if (sig || *p != '0') {
			if (sig < 19)
				m = m * 10 + (uint64_t)(*p - '0');
			else
				exp10++;
			sig++;
		}
	}
	if (p < end && *p == '.') {
		integral = 0;
		for (p++; p < end && *p >= '0' && *p <= '9'; p++) {
			digits++;
			if (sig || *p != '0') {
				if (sig < 19) {
					m = m * 10 + (uint64_t)(*p - '0');
					exp10--;
				}
				sig++;
			} else {
				exp10--;
			}
		}
	}
	if (digits == 0)
		return 0;
	if (p < end && (*p == 'e' || *p == 'E')) {
		integral = 0;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		for (; p < end && *p >= '0' && *p <= '9'; p++) {
			edigits++;
			if (e < 100000)
				e = e * 10 + (*p - '0');
		}
		if (edigits == 0)
			return 0;
		exp10 += eneg ? -e : e;
	}
	if (p != end)
		return 0;
	if (is_int)
		*is_int = integral;
	if (sig <= 15 && exp10 >= -22 && exp10 <= 22) {
		r = (double)m;
		if (exp10 < 0)
			r /= pow10tab[-exp10];
		else
			r *= pow10tab[exp10];
		*v = neg ? -r : r;
		return 1;
	}
	if (sig == 0) {
		*v = neg ? -0.0 : 0.0;
		return 1;
	}
	if (n >= sizeof buf)
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	r = strtod(buf, &ep);
	if (*ep != '\0')
		return 0;
	*v = r;
	return 1;
}

static int
num2(const char *p, int *v)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return 0;
	*v = (p[0] - '0') * 10 + (p[1] - '0');
	return 1;
}

int
infer_date(const char *s, size_t n, double *secs)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, y2, mo, d, h = 0, mi = 0, sec = 0, zh = 0, zm = 0, leap, dim;
	double frac = 0, scale = 0.1;
	size_t i;

	infer_trim(&s, &n);
	if (n < 10 || s[4] != '-' || s[7] != '-')
		return 0;
	if (!num2(s, &y) || !num2(s + 2, &y2) || !num2(s + 5, &mo) ||
	    !num2(s + 8, &d))
		return 0;
	y = y * 100 + y2;
	if (mo < 1 || mo > 12 || d < 1)
		return 0;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	dim = mdays[mo - 1] + (mo == 2 && leap);
	if (d > dim)
		return 0;
	i = 10;
	if (i < n) {
		if ((s[i] != 'T' && s[i] != ' ') || n < i + 6)
			return 0;
		if (!num2(s + i + 1, &h) || s[i + 3] != ':' ||
		    !num2(s + i + 4, &mi) || h > 23 || mi > 59)
			return 0;
		i += 6;
		if (i < n && s[i] == ':') {
			if (n < i + 3 || !num2(s + i + 1, &sec) || sec > 60)
				return 0;
			i += 3;
			if (i < n && (s[i] == '.' || s[i] == ',')) {
				i++;
				if (i >= n || s[i] < '0' || s[i] > '9')
					return 0;
				for (; i < n && s[i] >= '0' && s[i] <= '9';
				    i++) {
					frac += (s[i] - '0') * scale;
					scale /= 10;
				}
			}
		}
		if (i < n && s[i] == 'Z') {
			i++;
		} else if (i < n && (s[i] == '+' || s[i] == '-')) {
			int sign = s[i] == '-' ? -1 : 1;

			if (n < i + 3 || !num2(s + i + 1, &zh) || zh > 23)
				return 0;
			i += 3;
			if (i < n && s[i] == ':')
				i++;
			if (i + 2 <= n && num2(s + i, &zm)) {
				if (zm > 59)
					return 0;
				i += 2;
			}
			zh *= sign;
			zm *= sign;
		}
		if (i != n)
			return 0;
	}
	*secs = (double)time_days_from_civil(y, mo, d) * 86400.0 +
	    h * 3600.0 + mi * 60.0 + sec + frac - zh * 3600.0 - zm * 60.0;
	return 1;
}

int
infer_bool(const char *s, size_t n, int *v)
{
	static const char *const t[] = { "true", "yes", "t", "y", NULL };
	static const char *const f[] = { "false", "no", "f", "n", NULL };
	int i;

	infer_trim(&s, &n);
	for (i = 0; t[i]; i++) {
		if (eq_nocase(s, n, t[i])) {
			*v = 1;
			return 1;
		}
		if (eq_nocase(s, n, f[i])) {
			*v = 0;
			return 1;
		}
	}
	return 0;
}

unsigned
infer_value(const char *s, size_t n)
{
	unsigned bits = 0;
	double v;
	int isint, b;
	const char *p = s;
	size_t m = n;

	if (infer_number(s, n, &v, &isint)) {
		bits |= INFER_FLOAT;
		if (isint && fabs(v) < 9007199254740992.0) {
			bits |= INFER_INT;
			infer_trim(&p, &m);
			if (m && (*p == '-' || *p == '+')) {
				p++;
				m--;
			}
			if (m > 1 && p[0] == '0')
				bits |= INFER_CODE;
		}
		return bits;
	}
	if (n >= 10 && infer_date(s, n, &v))
		return INFER_DATE;
	if (n <= 5 && infer_bool(s, n, &b))
		return INFER_BOOL;
	return 0;
}

enum coltype
infer_coltype(unsigned all, unsigned any, uint64_t rows, uint64_t distinct,
    double meanlen, double spaced)
{
	if (all == INFER_ALL || rows == 0)
		return COLTYPE_EMPTY;
	if (all & INFER_BOOL)
		return COLTYPE_BOOL;
	/* zip codes and the like: integers that keep their leading zeros */
	if ((all & INFER_INT) && (any & INFER_CODE))
		return COLTYPE_CAT;
	if (all & INFER_INT)
		return COLTYPE_INT;
	if (all & INFER_FLOAT)
		return COLTYPE_FLOAT;
	if (all & INFER_DATE)
		return COLTYPE_DATE;
	/* Long values, or many distinct values that read like phrases,
	 * are free text; the rest are categories. */
	if (meanlen >= 32)
		return COLTYPE_TEXT;
	if (distinct > 100 && (double)distinct > 0.5 * (double)rows &&
	    spaced >= 0.5)
		return COLTYPE_TEXT;
	return COLTYPE_CAT;
}
