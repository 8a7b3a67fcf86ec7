/*
 * jline.c - the journal's line codec: a decision or header line to bytes
 * and back.
 *
 * A line is tab-separated fields ending in the CRC-32 of everything
 * before it; a field may hold any byte, written with escapes (\\, \t,
 * \n, \r, \xHH for the other control bytes and DEL), \N standing for
 * none.  docs/journal.md describes the format.  Parsing checks a line's
 * own form only; replay (jreplay.c) checks how lines fit together.
 * Lines are built into, and fields unescaped into, the journal's
 * buffer j->buf.
 */
#include "core/review/jinternal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util/crc32.h"
#include "core/util/names.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"

/* --- decision types ------------------------------------------------ */

static const char *const type_names[JOURNAL_NTYPES] = {
	"accept", "reject", "pick", "relabel", "new", "drop", "skip", "flag",
	"note", "undo", "bulk"
};

int
journal_type_sets_label(enum journal_type t)
{
	return t == JOURNAL_ACCEPT || t == JOURNAL_PICK ||
	    t == JOURNAL_RELABEL || t == JOURNAL_NEW;
}

int
journal_type_is_verdict(enum journal_type t)
{
	return journal_type_sets_label(t) || t == JOURNAL_REJECT ||
	    t == JOURNAL_DROP;
}

const char *
journal_type_name(enum journal_type t)
{
	return (unsigned)t < JOURNAL_NTYPES ? type_names[t] : "?";
}

int
journal_type_parse(const char *name)
{
	return names_index(type_names, JOURNAL_NTYPES, name);
}

/* --- time ---------------------------------------------------------- */

int64_t
journal_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}


void
journal_format_time(int64_t ms, char *buf, size_t n)
{
	int64_t days, rem, y;
	int m, d;

	days = ms / 86400000;
	rem = ms % 86400000;
	if (rem < 0) {
		rem += 86400000;
		days--;
	}
	time_civil_from_days(days, &y, &m, &d);
	snprintf(buf, n, "%04lld-%02d-%02dT%02d:%02d:%02d.%03dZ",
	    (long long)y, m, d, (int)(rem / 3600000),
	    (int)(rem / 60000 % 60), (int)(rem / 1000 % 60),
	    (int)(rem % 1000));
}

static int
digits(const char *s, size_t n, int64_t *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
journal_parse_time(const char *s, size_t n, int64_t *ms)
{
	int64_t y, mo, d, h, mi, se, f;
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	/* 2024-05-01T12:34:56.789Z */
	if (n != 24 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &mo) ||
	    digits(s + 8, 2, &d) || digits(s + 11, 2, &h) ||
	    digits(s + 14, 2, &mi) || digits(s + 17, 2, &se) ||
	    digits(s + 20, 3, &f))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 ||
	    mi > 59 || se > 59)
		return -1;
	*ms = ((time_days_from_civil(y, (int)mo, (int)d) * 24 + h) * 60 + mi) *
	    60000 + se * 1000 + f;
	return 0;
}

/* --- building lines ------------------------------------------------ */

static void
put(struct journal *j, const void *s, size_t n)
{
	j->buf = xgrow(j->buf, &j->bcap, j->blen + n + 1, 1);
	memcpy(j->buf + j->blen, s, n);
	j->blen += n;
}

static void
putf(struct journal *j, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct journal *j, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int w;

	va_start(ap, fmt);
	w = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	put(j, tmp, w < 0 ? 0 : (size_t)w < sizeof tmp ? (size_t)w :
	    sizeof tmp - 1);
}

/* A field: NULL is \N; backslash, control bytes and DEL escaped. */
static void
put_esc(struct journal *j, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, run = 0;
	unsigned char c;
	char esc[4];

	if (!s) {
		put(j, "\\N", 2);
		return;
	}
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7f && c != '\\')
			continue;
		put(j, s + run, i - run);
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '\\': put(j, "\\\\", 2); break;
		case '\t': put(j, "\\t", 2); break;
		case '\n': put(j, "\\n", 2); break;
		case '\r': put(j, "\\r", 2); break;
		default:
			esc[1] = 'x';
			esc[2] = hex[c >> 4];
			esc[3] = hex[c & 15];
			put(j, esc, 4);
		}
	}
	put(j, s + run, n - run);
}

static void
put_tab(struct journal *j)
{
	put(j, "\t", 1);
}

/* End the line that starts at buf + start: its CRC and the newline. */
static void
put_crc(struct journal *j, size_t start)
{
	uint32_t c = crc32_update(0, j->buf + start, j->blen - start);

	putf(j, "\t%08x\n", (unsigned)c);
}

static void
put_time(struct journal *j, int64_t ms)
{
	char t[32];

	journal_format_time(ms, t, sizeof t);
	put(j, t, strlen(t));
}

void
jline_build_header(struct journal *j)
{
	size_t start = j->blen;

	putf(j, MAGIC "\t%d\tsize=%llu\tmtime=%lld.%09ld\tsample=%016llx",
	    JOURNAL_VERSION, (unsigned long long)j->fp.size,
	    (long long)j->fp.mtime_sec, j->fp.mtime_nsec,
	    (unsigned long long)j->fp.sample);
	put(j, "\tlabel=", 7);
	put_esc(j, j->label_col, j->label_col ? strlen(j->label_col) : 0);
	put(j, "\tid=", 4);
	put_esc(j, j->id_col, j->id_col ? strlen(j->id_col) : 0);
	put(j, "\tcreated=", 9);
	put_time(j, j->created);
	put_crc(j, start);
}

void
jline_build(struct journal *j, const struct jline_out *l)
{
	size_t start = j->blen;

	putf(j, "%llu\t", (unsigned long long)l->seq);
	put_time(j, l->time_ms);
	putf(j, "\t%s\t%u\t%llu\t", type_names[l->type], (unsigned)l->group,
	    (unsigned long long)l->ref);
	put_esc(j, l->reviewer, l->reviewer_len);
	put_tab(j);
	put_esc(j, l->key, l->key_len);
	put_tab(j);
	put_esc(j, l->given, l->given_len);
	put_tab(j);
	put_esc(j, l->label, l->label_len);
	put_tab(j);
	if (isnan(l->posterior))
		put(j, "\\N", 2);
	else
		putf(j, "%.6g", l->posterior);
	putf(j, "\t%d\t", (int)l->round);
	put_esc(j, l->note, l->note_len);
	put_crc(j, start);
}

/* --- parsing lines ------------------------------------------------- */

struct fields {
	const char *p[NFIELDS + 1];
	size_t n[NFIELDS + 1];
	int count;
};

/* Split at tabs; more than max fields counts as max + 1. */
static void
split(const char *s, size_t n, int max, struct fields *f)
{
	const char *end = s + n, *t;

	f->count = 0;
	for (;;) {
		t = memchr(s, '\t', (size_t)(end - s));
		if (f->count == max) {
			f->count++;
			return;
		}
		f->p[f->count] = s;
		f->n[f->count] = t ? (size_t)(t - s) : (size_t)(end - s);
		f->count++;
		if (!t)
			return;
		s = t + 1;
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The CRC field is right and covers the rest of the line. */
static int
crc_ok(const char *s, const struct fields *f)
{
	const char *c = f->p[f->count - 1];
	uint32_t want = 0;
	int i, v;

	if (f->n[f->count - 1] != 8)
		return 0;
	for (i = 0; i < 8; i++) {
		v = hexval((unsigned char)c[i]);
		if (v < 0 || (c[i] >= 'A' && c[i] <= 'F'))
			return 0;
		want = want << 4 | (uint32_t)v;
	}
	return crc32_update(0, s, (size_t)(c - 1 - s)) == want;
}

/*
 * Unescape field s[0..n) into j->buf (from offset 0).  Returns 1 for a
 * string (length in *len), 0 for \N, -1 for a malformed field.
 */
static int
unesc(struct journal *j, const char *s, size_t n, size_t *len)
{
	size_t i;
	unsigned char c;
	int hi, lo;

	j->blen = 0;
	if (n == 2 && s[0] == '\\' && s[1] == 'N')
		return 0;
	j->buf = xgrow(j->buf, &j->bcap, n + 1, 1);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return -1;
		if (c != '\\') {
			j->buf[j->blen++] = (char)c;
			continue;
		}
		if (++i == n)
			return -1;
		switch (s[i]) {
		case '\\': c = '\\'; break;
		case 't': c = '\t'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 'x':
			if (i + 2 >= n)
				return -1;
			hi = hexval((unsigned char)s[i + 1]);
			lo = hexval((unsigned char)s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
			break;
		default:
			return -1;
		}
		j->buf[j->blen++] = (char)c;
	}
	*len = j->blen;
	return 1;
}

static int
number(const char *s, size_t n, uint64_t max, uint64_t *v)
{
	size_t i;

	*v = 0;
	if (n == 0 || n > 20 || (n > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		if (*v > (max - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		*v = *v * 10 + (uint64_t)(s[i] - '0');
	}
	return 0;
}

/* A string field interned into strs (or NONE for \N). */
static int
field_str(struct journal *j, const char *s, size_t n, uint32_t *id)
{
	size_t len;
	int r = unesc(j, s, n, &len);

	if (r < 0)
		return -1;
	if (r == 0) {
		*id = JOURNAL_NONE;
		return 0;
	}
	*id = dict_intern(&j->strs, j->buf, len);
	return *id == DICT_NONE ? -1 : 0;
}

int
jline_parse(struct journal *j, const char *s, size_t n,
    struct journal_entry *e, const char **why)
{
	struct fields f;
	uint64_t v;
	size_t len;
	char num[64];
	char *end;
	int t, r;

	memset(e, 0, sizeof *e);
	split(s, n, NFIELDS, &f);
	if (f.count != NFIELDS) {
		*why = f.count < NFIELDS ? "damaged line (too few fields)" :
		    "damaged line (too many fields)";
		return -1;
	}
	if (!crc_ok(s, &f)) {
		*why = "checksum mismatch (the line was damaged)";
		return -1;
	}
	*why = "bad sequence number";
	if (number(f.p[0], f.n[0], UINT64_MAX, &e->seq) != 0)
		return -1;
	*why = "bad time (want 2024-05-01T12:34:56.789Z)";
	if (journal_parse_time(f.p[1], f.n[1], &e->time_ms) != 0)
		return -1;
	*why = "unknown decision type";
	if (f.n[2] == 0 || f.n[2] >= sizeof num)
		return -1;
	memcpy(num, f.p[2], f.n[2]);
	num[f.n[2]] = '\0';
	if ((t = journal_type_parse(num)) < 0)
		return -1;
	e->type = (uint8_t)t;
	*why = "bad group id";
	if (number(f.p[3], f.n[3], UINT32_MAX - 1, &v) != 0)
		return -1;
	e->group = (uint32_t)v;
	*why = "bad reference";
	if (number(f.p[4], f.n[4], UINT64_MAX, &e->ref) != 0)
		return -1;
	*why = "bad reviewer";
	if (field_str(j, f.p[5], f.n[5], &e->reviewer) != 0 ||
	    e->reviewer == JOURNAL_NONE)
		return -1;
	*why = "bad key";
	r = unesc(j, f.p[6], f.n[6], &len);
	if (r < 0 || (r == 0) != (t == JOURNAL_BULK) || (r && len == 0))
		return -1;
	e->key = JOURNAL_NONE;
	if (r) {
		e->key = dict_intern(&j->keys, j->buf, len);
		if (e->key == DICT_NONE)
			return -1;
	}
	*why = "bad given label";
	if (field_str(j, f.p[7], f.n[7], &e->given) != 0)
		return -1;
	*why = "bad label";
	if (field_str(j, f.p[8], f.n[8], &e->label) != 0)
		return -1;
	*why = "a label-setting decision without a label";
	if (journal_type_sets_label(t) && e->label == JOURNAL_NONE)
		return -1;
	*why = "bad posterior";
	if (f.n[9] == 2 && memcmp(f.p[9], "\\N", 2) == 0) {
		e->posterior = NAN;
	} else {
		if (f.n[9] == 0 || f.n[9] >= sizeof num)
			return -1;
		memcpy(num, f.p[9], f.n[9]);
		num[f.n[9]] = '\0';
		e->posterior = strtod(num, &end);
		if (*end || !isfinite(e->posterior))
			return -1;
	}
	*why = "bad round";
	if (number(f.p[10], f.n[10], INT32_MAX, &v) != 0)
		return -1;
	e->round = (int32_t)v;
	*why = "bad note";
	if (field_str(j, f.p[11], f.n[11], &e->note) != 0)
		return -1;
	e->prev = JOURNAL_NONE;
	return 0;
}

int
jline_kind(const char *s, size_t n)
{
	struct fields f;
	char t[16];
	int type;

	split(s, n, NFIELDS, &f);
	if (f.count != NFIELDS || !crc_ok(s, &f))
		return -1;
	if (f.n[2] >= sizeof t)
		return -1;
	memcpy(t, f.p[2], f.n[2]);
	t[f.n[2]] = '\0';
	type = journal_type_parse(t);
	if (type < 0)
		return -1;
	return jstate_is_decision(type) && !(f.n[3] == 1 && f.p[3][0] == '0');
}

/* --- the header ---------------------------------------------------- */

static int
kv(const struct fields *f, int i, const char *k, const char **v, size_t *n)
{
	size_t kl = strlen(k);

	if (f->n[i] < kl + 1 || memcmp(f->p[i], k, kl) != 0 ||
	    f->p[i][kl] != '=')
		return -1;
	*v = f->p[i] + kl + 1;
	*n = f->n[i] - kl - 1;
	return 0;
}

/* A column name from the header (NULL for \N). */
static int
head_name(struct journal *j, const char *s, size_t n, char **out)
{
	size_t len;
	int r = unesc(j, s, n, &len);

	if (r < 0 || (r && memchr(j->buf, '\0', len)))
		return -1;
	*out = r ? xstrndup(j->buf, len) : NULL;
	return 0;
}

int
jline_parse_header(struct journal *j, const char *s, size_t n, const char **why)
{
	struct fields f;
	const char *v, *dot;
	size_t vn;
	uint64_t x;
	int64_t ns;

	split(s, n, NHEAD, &f);
	*why = "not a winnow journal (no header line)";
	if (f.count < 2 || f.n[0] != strlen(MAGIC) ||
	    memcmp(f.p[0], MAGIC, f.n[0]) != 0)
		return -1;
	*why = "unreadable format version";
	if (number(f.p[1], f.n[1], 1000000, &x) != 0)
		return -1;
	if (x != JOURNAL_VERSION) {
		*why = x > JOURNAL_VERSION ? "journal format version is newer "
		    "than this winnow understands" : "unknown journal format "
		    "version";
		return -2;
	}
	*why = "damaged header line (wrong number of fields)";
	if (f.count != NHEAD)
		return -1;
	*why = "damaged header line (checksum mismatch)";
	if (!crc_ok(s, &f))
		return -1;
	*why = "bad size= in the header";
	if (kv(&f, 2, "size", &v, &vn) || number(v, vn, UINT64_MAX, &x))
		return -1;
	j->fp.size = x;
	*why = "bad mtime= in the header";
	if (kv(&f, 3, "mtime", &v, &vn) || !(dot = memchr(v, '.', vn)) ||
	    number(v, (size_t)(dot - v), INT64_MAX, &x) ||
	    (size_t)(v + vn - dot - 1) != 9 ||
	    digits(dot + 1, 9, &ns))
		return -1;
	j->fp.mtime_sec = (int64_t)x;
	j->fp.mtime_nsec = (long)ns;
	*why = "bad sample= in the header";
	if (kv(&f, 4, "sample", &v, &vn) || vn != 16)
		return -1;
	for (x = 0; vn; vn--, v++) {
		int h = hexval((unsigned char)*v);

		if (h < 0)
			return -1;
		x = x << 4 | (uint64_t)h;
	}
	j->fp.sample = x;
	*why = "bad label= in the header";
	if (kv(&f, 5, "label", &v, &vn) || head_name(j, v, vn, &j->label_col))
		return -1;
	*why = "bad id= in the header";
	if (kv(&f, 6, "id", &v, &vn) || head_name(j, v, vn, &j->id_col))
		return -1;
	*why = "bad created= in the header";
	if (kv(&f, 7, "created", &v, &vn) ||
	    journal_parse_time(v, vn, &j->created))
		return -1;
	return 0;
}
