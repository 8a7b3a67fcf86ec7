/*
 * jscan.c - a recursive-descent JSON checker over one line, in place.
 *
 * Strings are walked byte by byte until a quote, a backslash, a control
 * byte or a non-ASCII byte; only a string with an escape is copied (to
 * the scratch, decoded), so most keys and values are spans of the line.
 * Keys are kept on a stack while their object is open: an object's new
 * key is compared with the ones before it while there are few, and a
 * big object's keys are sorted by hash when it closes, so a line with
 * many keys costs n log n, never n squared.
 */
#include "core/data/jsonl/jscan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/dict.h"
#include "core/util/utf8.h"
#include "core/util/xalloc.h"

/* Keys compared one by one up to this many in an object. */
#define SMALL_OBJECT 16

struct jscan_key {
	size_t off, len;	/* the decoded text (line or scratch) */
	size_t pos;		/* the key's opening quote */
	uint8_t dec;		/* in the scratch */
};

void
jscan_init(struct jscan *s)
{
	memset(s, 0, sizeof *s);
}

void
jscan_release(struct jscan *s)
{
	free(s->it);
	bytebuf_release(&s->dec);
	free(s->keys);
	memset(s, 0, sizeof *s);
}

const char *
jscan_kind_name(enum jscan_kind k)
{
	static const char *const names[] = {
		"null", "false", "true", "a number", "a string", "an array",
		"an object"
	};

	return (unsigned)k <= JSCAN_OBJECT ? names[k] : "?";
}

static int
fail(struct jscan *s, size_t pos, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct jscan *s, size_t pos, const char *fmt, ...)
{
	va_list ap;

	s->errpos = pos;
	va_start(ap, fmt);
	vsnprintf(s->why, sizeof s->why, fmt, ap);
	va_end(ap);
	return -1;
}

static size_t
skip_ws(const char *p, size_t i, size_t n)
{
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	return i;
}

static const char *
text_at(const struct jscan *s, size_t off, int dec)
{
	return dec ? s->dec.b + off : s->p + off;
}

const char *
jscan_key(const struct jscan *s, const struct jscan_item *i, size_t *len)
{
	*len = i->kn;
	return text_at(s, i->ks, i->key_dec);
}

const char *
jscan_str(const struct jscan *s, const struct jscan_item *i, size_t *len)
{
	*len = i->sn;
	return text_at(s, i->ss, i->str_dec);
}


static int
hex4(const char *p, uint32_t *v)
{
	int k;

	*v = 0;
	for (k = 0; k < 4; k++) {
		char c = p[k];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/*
 * The escape at p[j] == '\\': its bytes appended to the scratch when
 * keep is set.  Returns the offset after it, or 0 after fail().
 */
static size_t
escape(struct jscan *s, size_t j, int keep)
{
	const char *p = s->p;
	size_t n = s->n;
	uint32_t cp, lo;
	char out[4], c;

	if (j + 1 >= n)
		return fail(s, j, "a string that never ends"), 0;
	c = p[j + 1];
	switch (c) {
	case '"': case '\\': case '/': out[0] = c; break;
	case 'b': out[0] = '\b'; break;
	case 'f': out[0] = '\f'; break;
	case 'n': out[0] = '\n'; break;
	case 'r': out[0] = '\r'; break;
	case 't': out[0] = '\t'; break;
	case 'u':
		if (j + 6 > n || hex4(p + j + 2, &cp) != 0)
			return fail(s, j, "invalid escape \\u (four hex "
			    "digits must follow)"), 0;
		if (cp >= 0xdc00 && cp <= 0xdfff)
			return fail(s, j, "invalid Unicode '\\u%04X' (a low "
			    "surrogate without a high one)", cp), 0;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (j + 12 > n || p[j + 6] != '\\' ||
			    p[j + 7] != 'u')
				return fail(s, j, "invalid Unicode '\\u%04X' "
				    "(a high surrogate without a low one)",
				    cp), 0;
			if (hex4(p + j + 8, &lo) != 0)
				return fail(s, j + 6, "invalid escape \\u "
				    "(four hex digits must follow)"), 0;
			if (lo < 0xdc00 || lo > 0xdfff)
				return fail(s, j, "invalid Unicode '\\u%04X"
				    "\\u%04X' (not a surrogate pair)", cp,
				    lo), 0;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			if (keep)
				bytebuf_add(&s->dec, out, utf8_put(cp, out));
			return j + 12;
		}
		if (keep)
			bytebuf_add(&s->dec, out, utf8_put(cp, out));
		return j + 6;
	default:
		return fail(s, j, "invalid escape '\\%c'", c >= 0x20 &&
		    c < 0x7f ? c : '?'), 0;
	}
	if (keep)
		bytebuf_add(&s->dec, out, 1);
	return j + 2;
}

/*
 * The string whose quote is at p[i].  Its text is the span of the line
 * (*dec = 0) or, when it has escapes and keep is set, decoded into the
 * scratch (*dec = 1); *off and *len say where.  Returns the offset after
 * the closing quote, or 0 after fail().
 */
static size_t
string(struct jscan *s, size_t i, int keep, size_t *off, size_t *len,
    uint8_t *dec)
{
	const unsigned char *p = (const unsigned char *)s->p;
	size_t n = s->n, j = i + 1, run = j, l;
	int escaped = 0;

	for (;;) {
		while (j < n && p[j] != '"' && p[j] != '\\' && p[j] >= 0x20 &&
		    p[j] < 0x80)
			j++;
		if (j >= n)
			return fail(s, n, "a string that never ends (the "
			    "line ends inside it)"), 0;
		if (p[j] == '"')
			break;
		if (p[j] < 0x20)
			return fail(s, j, "control character 0x%x in a "
			    "string", p[j]), 0;
		if (p[j] >= 0x80) {
			l = utf8_seq(p + j, n - j, NULL);
			if (l == 0)
				return fail(s, j, "invalid UTF-8 (byte 0x%x)",
				    p[j]), 0;
			j += l;
			continue;
		}
		/* a backslash: the text is decoded from here on */
		if (!escaped && keep) {
			*off = s->dec.n;
			escaped = 1;
		}
		if (keep)
			bytebuf_add(&s->dec, p + run, j - run);
		j = escape(s, j, keep);
		if (j == 0)
			return 0;
		run = j;
	}
	if (escaped) {
		bytebuf_add(&s->dec, p + run, j - run);
		*len = s->dec.n - *off;
		*dec = 1;
	} else {
		*off = i + 1;
		*len = j - i - 1;
		*dec = 0;
	}
	return j + 1;
}

static int
digit(const char *p, size_t i, size_t n)
{
	return i < n && p[i] >= '0' && p[i] <= '9';
}

/* The end of the digits at p[j], at least one of them after what (the
 * point, the exponent); 0 after fail(). */
static size_t
digits_after(struct jscan *s, size_t j, const char *what)
{
	if (!digit(s->p, j, s->n))
		return fail(s, j, "invalid number (a digit must follow the "
		    "%s)", what), 0;
	while (digit(s->p, j, s->n))
		j++;
	return j;
}

/* The end of the number at p[i], or 0 after fail(). */
static size_t
number(struct jscan *s, size_t i)
{
	const char *p = s->p;
	size_t n = s->n, j = i;

	if (p[j] == '-')
		j++;
	if (!digit(p, j, n))
		return fail(s, j, "invalid number"), 0;
	if (p[j] == '0')
		j++;
	else
		while (digit(p, j, n))
			j++;
	if (j < n && p[j] == '.' && (j = digits_after(s, j + 1, "point")) == 0)
		return 0;	/* failed */
	if (j < n && (p[j] == 'e' || p[j] == 'E')) {
		j++;
		if (j < n && (p[j] == '+' || p[j] == '-'))
			j++;
		j = digits_after(s, j, "exponent");
	}
	return j;
}

int
jscan_is_number(const char *str, size_t len)
{
	struct jscan s;

	if (len == 0 || !(str[0] == '-' || (str[0] >= '0' && str[0] <= '9')))
		return 0;
	memset(&s, 0, sizeof s);
	s.p = str;
	s.n = len;
	return number(&s, 0) == len;
}

/* --- duplicate keys ------------------------------------------------ */

struct keyhash {
	uint64_t h;
	size_t k;
};

static int
keyhash_cmp(const void *a, const void *b)
{
	const struct keyhash *x = a, *y = b;

	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

static int
same_key(const struct jscan *s, const struct jscan_key *a,
    const struct jscan_key *b)
{
	return a->len == b->len && memcmp(text_at(s, a->off, a->dec),
	    text_at(s, b->off, b->dec), a->len) == 0;
}

static int
dup_fail(struct jscan *s, const struct jscan_key *k)
{
	const char *t = text_at(s, k->off, k->dec);
	int shown = k->len > 40 ? 40 : (int)k->len;

	return fail(s, k->pos, "duplicate object key '%.*s%s'", shown, t,
	    k->len > 40 ? "..." : "");
}

/* The keys [from, nkeys) of a big object, sorted by hash: the first
 * key (in file order) that repeats an earlier one fails. */
static int
check_big(struct jscan *s, size_t from)
{
	size_t m = s->nkeys - from, a, b, worst = SIZE_MAX;
	struct keyhash *kh = xreallocarray(NULL, m, sizeof *kh);

	for (a = 0; a < m; a++) {
		const struct jscan_key *k = &s->keys[from + a];

		kh[a].h = dict_hash(text_at(s, k->off, k->dec), k->len);
		kh[a].k = from + a;
	}
	qsort(kh, m, sizeof *kh, keyhash_cmp);
	for (a = 0; a < m; a++)
		for (b = a + 1; b < m && kh[b].h == kh[a].h; b++)
			if (kh[b].k < worst && same_key(s,
			    &s->keys[kh[a].k], &s->keys[kh[b].k]))
				worst = kh[b].k;
	free(kh);
	return worst == SIZE_MAX ? 0 : dup_fail(s, &s->keys[worst]);
}

/* --- values -------------------------------------------------------- */

static size_t value(struct jscan *s, size_t i, int depth, int32_t item);

/*
 * The object at p[i] == '{'.  With open set its members become items
 * whose parent is `parent`.  Returns the offset after it, or 0.
 */
static size_t
object(struct jscan *s, size_t i, int depth, int open, int32_t parent,
    uint32_t *nmemb)
{
	const char *p = s->p;
	size_t n = s->n, from = s->nkeys, ke, a;
	struct jscan_key *k;
	uint32_t m = 0;
	int32_t idx = -2;

	i = skip_ws(p, i + 1, n);
	if (i < n && p[i] == '}') {
		*nmemb = 0;
		return i + 1;
	}
	for (;;) {
		if (i >= n || p[i] != '"')
			return fail(s, i, i >= n ? "the line ends inside an "
			    "object" : "a key string or '}' was expected"), 0;
		s->keys = xgrow(s->keys, &s->keycap, s->nkeys + 1,
		    sizeof *s->keys);
		k = &s->keys[s->nkeys];
		k->pos = i;
		ke = string(s, i, 1, &k->off, &k->len, &k->dec);
		if (ke == 0)
			return 0;
		k = &s->keys[s->nkeys++];
		if (memchr(text_at(s, k->off, k->dec), '\0', k->len))
			return fail(s, i, "NUL byte in an object key"), 0;
		if (m < SMALL_OBJECT)
			for (a = from; a + 1 < s->nkeys; a++)
				if (same_key(s, &s->keys[a], k))
					return dup_fail(s, k), 0;
		if (open) {
			struct jscan_item *it;

			s->it = xgrow(s->it, &s->itcap, s->nit + 1,
			    sizeof *s->it);
			idx = (int32_t)s->nit++;
			it = &s->it[idx];
			memset(it, 0, sizeof *it);
			it->parent = parent;
			it->kq = i;
			it->ke = ke;
			it->ks = k->off;
			it->kn = k->len;
			it->key_dec = k->dec;
		}
		i = skip_ws(p, ke, n);
		if (i >= n || p[i] != ':')
			return fail(s, i, "':' was expected"), 0;
		i = skip_ws(p, i + 1, n);
		i = value(s, i, depth + 1, open ? idx : -2);
		if (i == 0)
			return 0;
		m++;
		i = skip_ws(p, i, n);
		if (i < n && p[i] == ',') {
			i = skip_ws(p, i + 1, n);
			continue;
		}
		if (i < n && p[i] == '}')
			break;
		return fail(s, i, i >= n ? "the line ends inside an object" :
		    "',' or '}' was expected"), 0;
	}
	if (m > SMALL_OBJECT && check_big(s, from) != 0)
		return 0;
	s->nkeys = from;
	*nmemb = m;
	return i + 1;
}

static size_t
array(struct jscan *s, size_t i, int depth)
{
	const char *p = s->p;
	size_t n = s->n;

	i = skip_ws(p, i + 1, n);
	if (i < n && p[i] == ']')
		return i + 1;
	for (;;) {
		i = value(s, i, depth + 1, -2);
		if (i == 0)
			return 0;
		i = skip_ws(p, i, n);
		if (i < n && p[i] == ',') {
			i = skip_ws(p, i + 1, n);
			continue;
		}
		if (i < n && p[i] == ']')
			return i + 1;
		return fail(s, i, i >= n ? "the line ends inside an array" :
		    "',' or ']' was expected"), 0;
	}
}

/*
 * The value at p[i], at depth (the line's object is 1).  item >= 0: the
 * item it is the value of (objects are then opened up); -1: the line's
 * own object (opened up too); -2: a value inside an array, or inside an
 * object that is not opened.  Returns the offset after it, or 0.
 */
static size_t
value(struct jscan *s, size_t i, int depth, int32_t item)
{
	const char *p = s->p;
	size_t n = s->n, j, off = 0, len = 0;
	uint8_t dec = 0, kind;
	uint32_t nmemb = 0;

	if (depth > JSCAN_MAX_DEPTH)
		return fail(s, i, "nesting deeper than %d levels",
		    JSCAN_MAX_DEPTH), 0;
	if (i >= n)
		return fail(s, i, "the line ends where a value was "
		    "expected"), 0;
	switch (p[i]) {
	case '{':
		kind = JSCAN_OBJECT;
		j = object(s, i, depth, item >= -1, item, &nmemb);
		break;
	case '[':
		kind = JSCAN_ARRAY;
		j = array(s, i, depth);
		break;
	case '"':
		kind = JSCAN_STRING;
		j = string(s, i, item >= 0, &off, &len, &dec);
		break;
	case 't':
		kind = JSCAN_TRUE;
		j = n - i >= 4 && memcmp(p + i, "true", 4) == 0 ? i + 4 : 0;
		break;
	case 'f':
		kind = JSCAN_FALSE;
		j = n - i >= 5 && memcmp(p + i, "false", 5) == 0 ? i + 5 : 0;
		break;
	case 'n':
		kind = JSCAN_NULL;
		j = n - i >= 4 && memcmp(p + i, "null", 4) == 0 ? i + 4 : 0;
		break;
	default:
		if (p[i] == '-' || (p[i] >= '0' && p[i] <= '9')) {
			kind = JSCAN_NUMBER;
			j = number(s, i);
			break;
		}
		return fail(s, i, "invalid token"), 0;
	}
	if (j == 0) {
		if (kind <= JSCAN_TRUE)
			fail(s, i, "invalid token");
		return 0;
	}
	if (item >= 0) {
		struct jscan_item *it = &s->it[item];

		it->kind = kind;
		it->vs = i;
		it->ve = j;
		it->nmemb = nmemb;
		it->ss = off;
		it->sn = len;
		it->str_dec = dec;
	}
	return j;
}

int
jscan_line(struct jscan *s, const char *p, size_t n)
{
	size_t i, j, nit;

	s->p = p;
	s->n = n;
	s->nit = 0;
	s->dec.n = 0;
	s->nkeys = 0;
	s->why[0] = '\0';
	i = skip_ws(p, 0, n);
	if (i == n)
		return 0;
	s->open = i;
	if (p[i] != '{') {
		/* say what it is when it is JSON at all */
		j = value(s, i, 1, -2);
		if (j == 0)
			return -1;
		if (skip_ws(p, j, n) != n)
			return fail(s, skip_ws(p, j, n), "text after the "
			    "value");
		nit = p[i] == '[' ? JSCAN_ARRAY : p[i] == '"' ? JSCAN_STRING :
		    p[i] == 't' ? JSCAN_TRUE : p[i] == 'f' ? JSCAN_FALSE :
		    p[i] == 'n' ? JSCAN_NULL : JSCAN_NUMBER;
		return fail(s, i, "%s, not an object",
		    jscan_kind_name((enum jscan_kind)nit));
	}
	j = value(s, i, 1, -1);
	if (j == 0)
		return -1;
	s->close = j - 1;
	j = skip_ws(p, j, n);
	if (j != n)
		return fail(s, j, "text after the object");
	return 1;
}
