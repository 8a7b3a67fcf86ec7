/*
 * journal.c - the review journal: format, append, replay, undo, state.
 *
 * In memory a journal is the array of its entries (one per line after
 * the header, in file order), two string dicts (keys; everything else)
 * and, per key, the index of its latest entry; entries of one key are
 * chained backwards through entry.prev.  A row's state is found by
 * walking its chain and skipping undone entries, so an undo only has to
 * mark entries: nothing cached can go stale.  The undo stack holds the
 * index of each undoable step (a single decision or a group's first
 * line) that is not undone yet.
 *
 * Invariants: entries [0, n) are exactly the good lines of the file
 * [header end, size); the file holds nothing after `size` once a writer
 * has opened it; an append changes memory only after its bytes are
 * written and synced, and a failed append cuts the file back to `size`.
 */
#include "core/review/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util/crc32.h"
#include "core/data/dict.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"

#define MAGIC "winnow-journal"
#define NFIELDS 13		/* fields of a decision line, CRC included */
#define NHEAD 9			/* fields of the header line */

struct journal {
	char *path;
	int fd;				/* -1 when read-only */
	struct fingerprint fp;
	char *label_col, *id_col;
	int64_t created;
	char *reviewer;
	struct dict strs;		/* reviewers, labels, notes */
	struct dict keys;
	uint32_t *klast;		/* per key: latest entry */
	size_t kcap;
	struct journal_entry *ent;
	size_t n, cap;
	uint32_t *undo;			/* the undo stack */
	size_t nundo, capundo;
	uint32_t last_group;
	uint64_t size;			/* good bytes in the file */
	char *buf;			/* lines being built */
	size_t blen, bcap;
};

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

static int
is_decision(int t)
{
	return t >= 0 && t < JOURNAL_UNDO;
}

const char *
journal_type_name(enum journal_type t)
{
	return (unsigned)t < JOURNAL_NTYPES ? type_names[t] : "?";
}

int
journal_type_parse(const char *name)
{
	int i;

	for (i = 0; i < JOURNAL_NTYPES; i++)
		if (strcmp(name, type_names[i]) == 0)
			return i;
	return -1;
}

void
journal_decision_init(struct journal_decision *d, enum journal_type type,
    const char *key, size_t key_len)
{
	memset(d, 0, sizeof *d);
	d->type = type;
	d->key = key;
	d->key_len = key_len;
	d->posterior = NAN;
}

void
journal_opts_init(struct journal_opts *o)
{
	memset(o, 0, sizeof *o);
}

char *
journal_path_for(const char *data_path)
{
	return xasprintf("%s.winnow/journal", data_path);
}

char *
journal_default_reviewer(void)
{
	const char *s = getlogin();
	struct passwd *pw;

	if (s && *s)
		return xstrdup(s);
	pw = getpwuid(geteuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return xstrdup(pw->pw_name);
	return xstrdup("unknown");
}

/* --- time ---------------------------------------------------------- */

int64_t
journal_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
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
	civil_from_days(days, &y, &m, &d);
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
	*ms = ((days_from_civil(y, (int)mo, (int)d) * 24 + h) * 60 + mi) *
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

static void
put_str_id(struct journal *j, uint32_t id)
{
	size_t n;
	const char *s = journal_str(j, id, &n);

	put_esc(j, s, n);
}

static void
build_header(struct journal *j)
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

static void
build_line(struct journal *j, const struct journal_entry *e)
{
	size_t start = j->blen, n = 0;
	const char *s;

	putf(j, "%llu\t", (unsigned long long)e->seq);
	put_time(j, e->time_ms);
	putf(j, "\t%s\t%u\t%llu\t", type_names[e->type], (unsigned)e->group,
	    (unsigned long long)e->ref);
	put_str_id(j, e->reviewer);
	put_tab(j);
	s = e->key == JOURNAL_NONE ? NULL : journal_key(j, e->key, &n);
	put_esc(j, s, n);
	put_tab(j);
	put_str_id(j, e->given);
	put_tab(j);
	put_str_id(j, e->label);
	put_tab(j);
	if (isnan(e->posterior))
		put(j, "\\N", 2);
	else
		putf(j, "%.6g", e->posterior);
	putf(j, "\t%d\t", (int)e->round);
	put_str_id(j, e->note);
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

/*
 * Parse a decision line (without its newline) into *e; on failure *why
 * says what is wrong.  Only the line's own form is checked here; how it
 * fits the lines before it is apply()'s business.
 */
static int
parse_line(struct journal *j, const char *s, size_t n,
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

/* What a line is, for deciding whether damage is only at the tail:
 * -1 damaged, 1 a member of a bulk group (worthless without its commit
 * line), 0 anything else. */
static int
line_kind(const char *s, size_t n)
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
	return is_decision(type) && !(f.n[3] == 1 && f.p[3][0] == '0');
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

/* Returns 0, -1 for a damaged header, -2 for one that is whole but
 * unusable (a newer version). */
static int
parse_header(struct journal *j, const char *s, size_t n, const char **why)
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

/* --- applying entries ---------------------------------------------- */

static void
grow_keys(struct journal *j)
{
	size_t old = j->kcap;

	if (j->keys.n <= j->kcap)
		return;
	j->klast = xgrow(j->klast, &j->kcap, j->keys.n, sizeof *j->klast);
	memset(j->klast + old, 0xff, (j->kcap - old) * sizeof *j->klast);
}

static void
push_undo(struct journal *j, uint32_t i)
{
	j->undo = xgrow(j->undo, &j->capundo, j->nundo + 1, sizeof *j->undo);
	j->undo[j->nundo++] = i;
}

/* Link entry i into its key's chain. */
static void
link_entry(struct journal *j, uint32_t i)
{
	struct journal_entry *e = &j->ent[i];

	grow_keys(j);
	e->prev = j->klast[e->key];
	j->klast[e->key] = i;
}

/* The entries an undo of step t cancels: [t, end). */
static size_t
step_end(const struct journal *j, size_t t)
{
	size_t k = t + 1;
	uint32_t g = j->ent[t].group;

	if (g == 0)
		return k;
	while (k < j->n && j->ent[k].group == g && is_decision(j->ent[k].type))
		k++;
	return k;
}

static void
cancel_step(struct journal *j, size_t t)
{
	size_t k, end = step_end(j, t);

	for (k = t; k < end; k++)
		j->ent[k].undone = 1;
	j->nundo--;
}

static struct journal_entry *
new_entry(struct journal *j)
{
	if (j->n >= JOURNAL_NONE - 1)
		return NULL;
	j->ent = xgrow(j->ent, &j->cap, j->n + 1, sizeof *j->ent);
	return &j->ent[j->n++];
}

/* --- replay -------------------------------------------------------- */

struct replay {
	const char *data;
	size_t size;
	size_t good_end;	/* bytes up to the last line that counts */
	size_t pend_first;	/* entry index of a pending group's first
				 * line, or SIZE_MAX */
	size_t pend_off;	/* its byte offset */
	uint64_t pend_line;
};

/* 1 when nothing after offset off (line by line) is a valid line other
 * than a group member: damage there is only the interrupted tail. */
static int
tail_only(const struct replay *R, size_t off)
{
	const char *p, *nl;

	while (off < R->size) {
		p = R->data + off;
		nl = memchr(p, '\n', R->size - off);
		if (!nl)
			return 1;
		if (line_kind(p, (size_t)(nl - p)) == 0)
			return 0;
		off = (size_t)(nl - R->data) + 1;
	}
	return 1;
}

/* Check that entry e (just parsed from line) follows the lines before it
 * and apply it.  Returns 0 or -1 with e filled. */
static int
apply(struct journal *j, struct replay *R, uint64_t line, size_t off,
    struct err *ev)
{
	size_t i = j->n - 1, t;
	struct journal_entry *e = &j->ent[i];

	if (e->seq != i + 1)
		return err_at(ev, ERR_DATA, j->path, (long long)line, 0,
		    "sequence number %llu where %zu was expected (a line "
		    "is missing or repeated)", (unsigned long long)e->seq,
		    i + 1);
	if (R->pend_first != SIZE_MAX) {
		uint32_t g = j->ent[R->pend_first].group;

		if (is_decision(e->type) && e->group == g)
			return 0;
		if (e->type != JOURNAL_BULK || e->group != g)
			return err_at(ev, ERR_DATA, j->path, (long long)line,
			    0, "bulk group %u (from line %llu) is not "
			    "committed before this line", (unsigned)g,
			    (unsigned long long)R->pend_line);
		if (e->ref != i - R->pend_first)
			return err_at(ev, ERR_DATA, j->path, (long long)line,
			    0, "bulk group %u commits %llu lines but has "
			    "%zu", (unsigned)g, (unsigned long long)e->ref,
			    i - R->pend_first);
		for (t = R->pend_first; t < i; t++)
			link_entry(j, (uint32_t)t);
		push_undo(j, (uint32_t)R->pend_first);
		R->pend_first = SIZE_MAX;
		return 0;
	}
	switch (e->type) {
	case JOURNAL_BULK:
		return err_at(ev, ERR_DATA, j->path, (long long)line, 0,
		    "bulk commit line without a group before it");
	case JOURNAL_UNDO:
		if (j->nundo == 0)
			return err_at(ev, ERR_DATA, j->path, (long long)line,
			    0, "undo with nothing left to undo");
		t = j->undo[j->nundo - 1];
		if (e->ref != j->ent[t].seq || e->group != j->ent[t].group ||
		    e->key != j->ent[t].key)
			return err_at(ev, ERR_DATA, j->path, (long long)line,
			    0, "undo names decision %llu but the latest one "
			    "not undone is %llu", (unsigned long long)e->ref,
			    (unsigned long long)j->ent[t].seq);
		cancel_step(j, t);
		return 0;
	default:
		break;
	}
	if (e->group != 0) {
		if (e->group <= j->last_group)
			return err_at(ev, ERR_DATA, j->path, (long long)line,
			    0, "bulk group %u reused", (unsigned)e->group);
		j->last_group = e->group;
		R->pend_first = i;
		R->pend_off = off;
		R->pend_line = line;
		return 0;
	}
	link_entry(j, (uint32_t)i);
	push_undo(j, (uint32_t)i);
	return 0;
}

/* A journal cut off at its very start (creation interrupted): nothing
 * but a prefix of the magic word, or a lone damaged header line. */
static int
torn_header(const char *s, size_t n)
{
	size_t m = strlen(MAGIC);

	return memcmp(s, MAGIC, n < m ? n : m) == 0;
}

static void
warn_tail(const struct journal *j, uint64_t line, const char *why)
{
	log_warn("%s:%llu: %s; the last line was cut short or damaged "
	    "(interrupted write?) and is ignored", j->path,
	    (unsigned long long)line, why);
}

/*
 * Replay data[0..size).  Sets *fresh when there is no usable header (an
 * empty file, or creation was interrupted).  R->good_end tells the
 * writer where to cut.
 */
static int
replay(struct journal *j, const char *data, size_t size, int *fresh,
    struct replay *R, struct err *e)
{
	const char *p, *nl, *why;
	size_t off, len;
	uint64_t line = 1;
	struct journal_entry *en;
	int r;

	memset(R, 0, sizeof *R);
	R->data = data;
	R->size = size;
	R->pend_first = SIZE_MAX;
	*fresh = 0;
	if (size == 0) {
		*fresh = 1;
		return 0;
	}
	nl = memchr(data, '\n', size);
	len = nl ? (size_t)(nl - data) : size;
	if ((r = parse_header(j, data, len, &why)) != 0) {
		if (r == -1 && torn_header(data, len) &&
		    (!nl || nl == data + size - 1)) {
			warn_tail(j, 1, why);
			*fresh = 1;
			return 0;
		}
		return err_at(e, ERR_DATA, j->path, 1, 0, "%s", why);
	}
	if (!nl) {
		/* a whole header, its newline lost: keep it */
		warn_tail(j, 1, "the header line has no newline");
		*fresh = 1;
		return 0;
	}
	off = len + 1;
	R->good_end = off;
	for (line = 2; off < size; line++) {
		p = data + off;
		nl = memchr(p, '\n', size - off);
		len = nl ? (size_t)(nl - p) : size - off;
		if (!(en = new_entry(j)))
			return err_at(e, ERR_DATA, j->path, (long long)line, 0,
			    "too many lines");
		if (!nl || parse_line(j, p, len, en, &why) != 0) {
			j->n--;
			if (!nl)
				why = "no newline at the end";
			if (!nl || tail_only(R, off + len + 1)) {
				warn_tail(j, line, why);
				break;
			}
			return err_at(e, ERR_DATA, j->path, (long long)line, 0,
			    "%s", why);
		}
		en->line = (uint32_t)(line > UINT32_MAX ? UINT32_MAX : line);
		if (apply(j, R, line, off, e) != 0)
			return -1;
		off += len + 1;
		if (R->pend_first == SIZE_MAX)
			R->good_end = off;
	}
	if (R->pend_first != SIZE_MAX) {
		log_warn("%s:%llu: bulk group %u was never committed (the "
		    "write was interrupted); its %zu line%s ignored", j->path,
		    (unsigned long long)R->pend_line,
		    (unsigned)j->ent[R->pend_first].group,
		    j->n - R->pend_first, j->n - R->pend_first == 1 ?
		    " is" : "s are");
		j->n = R->pend_first;
		R->good_end = R->pend_off;
	}
	return 0;
}

/* --- opening ------------------------------------------------------- */

static int
read_all(int fd, const char *path, char **out, size_t *len, struct err *e)
{
	struct stat st;
	char *buf;
	size_t got = 0, cap;
	ssize_t r;

	if (fstat(fd, &st) != 0)
		return err_sys(e, ERR_NOINPUT, errno, "%s: cannot stat", path);
	if (!S_ISREG(st.st_mode))
		return err_set(e, ERR_NOINPUT, "%s: not a regular file", path);
	cap = (size_t)st.st_size + 1;
	buf = xmalloc(cap);
	for (;;) {
		if (got == cap)
			buf = xgrow(buf, &cap, cap + 1, 1);
		r = pread(fd, buf + got, cap - got, (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return err_sys(e, ERR_NOINPUT, errno, "%s: read error",
			    path);
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	*out = buf;
	*len = got;
	return 0;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Make the directory holding path (one level) and return 0, or -1. */
static int
make_dir_of(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0777) != 0 && errno != EEXIST)
			rc = -1;
	}
	free(dir);
	return rc;
}

static void
sync_dir_of(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd;

	if (slash)
		*(slash == dir ? slash + 1 : slash) = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

static int
lock_file(struct journal *j, struct err *e)
{
	struct flock fl;

	memset(&fl, 0, sizeof fl);
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(j->fd, F_SETLK, &fl) == 0)
		return 0;
	if (errno == EACCES || errno == EAGAIN) {
		memset(&fl, 0, sizeof fl);
		fl.l_type = F_WRLCK;
		fl.l_whence = SEEK_SET;
		if (fcntl(j->fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
			return err_set(e, ERR_CANTCREAT, "%s: in use by "
			    "another winnow (process %ld)", j->path,
			    (long)fl.l_pid);
		return err_set(e, ERR_CANTCREAT, "%s: in use by another "
		    "winnow", j->path);
	}
	return err_sys(e, ERR_CANTCREAT, errno, "%s: cannot lock", j->path);
}

static int
same_name(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static int
check_fp(struct journal *j, const struct journal_opts *o, struct err *e)
{
	char want[160], got[160];

	if (!o->fp)
		return 0;
	switch (fingerprint_compare(&j->fp, o->fp)) {
	case FINGERPRINT_SAME:
		return 0;
	case FINGERPRINT_TOUCHED:
		log_warn("%s: the dataset's modification time changed since "
		    "the journal was started, but its sampled content is the "
		    "same; using the journal", j->path);
		return 0;
	case FINGERPRINT_OTHER:
		break;
	}
	fingerprint_describe(&j->fp, want, sizeof want);
	fingerprint_describe(o->fp, got, sizeof got);
	if (o->force) {
		log_warn("%s: applied to a different file (forced): the "
		    "journal was made on %s; the file is %s", j->path, want,
		    got);
		return 0;
	}
	return err_set(e, ERR_DATA, "%s: the journal belongs to a different "
	    "file: it was made on %s, but the file is %s (use --force to "
	    "apply it anyway)", j->path, want, got);
}

static int
write_header(struct journal *j, const struct journal_opts *o,
    struct err *e)
{
	if (!o->fp)
		return err_set(e, ERR_SOFTWARE, "%s: a new journal needs the "
		    "dataset's fingerprint", j->path);
	j->fp = *o->fp;
	free(j->label_col);
	free(j->id_col);
	j->label_col = o->label_col ? xstrdup(o->label_col) : NULL;
	j->id_col = o->id_col ? xstrdup(o->id_col) : NULL;
	j->created = journal_now_ms();
	j->blen = 0;
	build_header(j);
	if (ftruncate(j->fd, 0) != 0 || write_all(j->fd, j->buf, j->blen) ||
	    fdatasync(j->fd) != 0)
		return err_sys(e, ERR_CANTCREAT, errno, "%s: cannot write the "
		    "journal header", j->path);
	j->size = j->blen;
	sync_dir_of(j->path);
	return 0;
}

struct journal *
journal_open(const char *path, const struct journal_opts *o, struct err *e)
{
	struct journal *j = xcalloc(1, sizeof *j);
	struct journal_opts def;
	struct replay R;
	char *data = NULL;
	size_t size = 0;
	int fresh = 0;

	if (!o) {
		journal_opts_init(&def);
		o = &def;
	}
	j->path = xstrdup(path);
	j->fd = -1;
	dict_init(&j->strs);
	dict_init(&j->keys);
	j->reviewer = o->reviewer ? xstrdup(o->reviewer) :
	    journal_default_reviewer();
	if (o->write) {
		if (make_dir_of(path) != 0) {
			err_sys(e, ERR_CANTCREAT, errno, "%s: cannot create "
			    "the journal's directory", path);
			goto fail;
		}
		j->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC,
		    0666);
		if (j->fd < 0) {
			err_sys(e, ERR_CANTCREAT, errno, "%s: cannot open the "
			    "journal for writing", path);
			goto fail;
		}
		if (lock_file(j, e) != 0 ||
		    read_all(j->fd, path, &data, &size, e) != 0)
			goto fail;
	} else {
		int fd = open(path, O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			err_sys(e, ERR_NOINPUT, errno, "%s: cannot open the "
			    "journal", path);
			goto fail;
		}
		if (read_all(fd, path, &data, &size, e) != 0) {
			close(fd);
			goto fail;
		}
		close(fd);
	}
	if (replay(j, data, size, &fresh, &R, e) != 0)
		goto fail;
	if (fresh) {
		if (!o->write) {
			err_at(e, ERR_DATA, path, 1, 0, "the journal has no "
			    "header line (empty or cut short)");
			goto fail;
		}
		if (write_header(j, o, e) != 0)
			goto fail;
	} else {
		if (check_fp(j, o, e) != 0)
			goto fail;
		/* a writer opening against a dataset must use the
		 * journal's columns, or keys would name other rows */
		if (o->write && o->fp && !same_name(o->id_col, j->id_col)) {
			err_set(e, ERR_USAGE, "%s: the journal names rows by "
			    "%s%s%s, but the data was opened with %s%s%s",
			    path, j->id_col ? "column '" : "row number",
			    j->id_col ? j->id_col : "", j->id_col ? "'" : "",
			    o->id_col ? "--id '" : "row numbers",
			    o->id_col ? o->id_col : "", o->id_col ? "'" : "");
			goto fail;
		}
		if (o->write && o->fp && o->label_col && j->label_col &&
		    strcmp(o->label_col, j->label_col) != 0) {
			err_set(e, ERR_USAGE, "%s: the journal relabels column "
			    "'%s', but the data was opened with --label '%s'",
			    path, j->label_col, o->label_col);
			goto fail;
		}
		j->size = R.good_end;
		if (o->write && R.good_end < size) {
			if (ftruncate(j->fd, (off_t)R.good_end) != 0 ||
			    fdatasync(j->fd) != 0) {
				err_sys(e, ERR_CANTCREAT, errno, "%s: cannot "
				    "cut off the damaged end", path);
				goto fail;
			}
			log_warn("%s: cut %zu damaged byte%s off the end",
			    path, size - R.good_end, size - R.good_end == 1 ?
			    "" : "s");
		}
	}
	free(data);
	return j;
fail:
	free(data);
	journal_close(j);
	return NULL;
}

void
journal_close(struct journal *j)
{
	if (!j)
		return;
	if (j->fd >= 0)
		close(j->fd);
	free(j->path);
	free(j->label_col);
	free(j->id_col);
	free(j->reviewer);
	dict_release(&j->strs);
	dict_release(&j->keys);
	free(j->klast);
	free(j->ent);
	free(j->undo);
	free(j->buf);
	free(j);
}

/* --- appending ----------------------------------------------------- */

/* Write j->buf and sync; on failure cut the file back. */
static int
commit(struct journal *j, struct err *e)
{
	int err;

	if (j->fd < 0)
		return err_set(e, ERR_SOFTWARE, "%s: the journal was opened "
		    "read-only", j->path);
	if (write_all(j->fd, j->buf, j->blen) != 0 || fdatasync(j->fd) != 0) {
		err = errno;
		if (ftruncate(j->fd, (off_t)j->size) == 0)
			fdatasync(j->fd);
		return err_sys(e, ERR_IO, err, "%s: cannot write the journal",
		    j->path);
	}
	j->size += j->blen;
	return 0;
}

static uint32_t
intern_opt(struct dict *d, const char *s, size_t n)
{
	return s ? dict_intern(d, s, n) : JOURNAL_NONE;
}

static int
check_decision(const struct journal *j, const struct journal_decision *d,
    struct err *e)
{
	if (!is_decision((int)d->type))
		return err_set(e, ERR_SOFTWARE, "%s: '%s' is not a decision "
		    "one can append", j->path, journal_type_name(d->type));
	if (!d->key || d->key_len == 0)
		return err_set(e, ERR_SOFTWARE, "%s: a decision needs a row "
		    "key", j->path);
	if (journal_type_sets_label(d->type) && !d->label)
		return err_set(e, ERR_SOFTWARE, "%s: '%s' needs the new label",
		    j->path, journal_type_name(d->type));
	if (!isnan(d->posterior) && !isfinite(d->posterior))
		return err_set(e, ERR_SOFTWARE, "%s: posterior is not a "
		    "number", j->path);
	if (d->round < 0)
		return err_set(e, ERR_SOFTWARE, "%s: negative round",
		    j->path);
	return 0;
}

/* Append n decisions; group is 0 (independent lines) or a new group id
 * (then a commit line follows). */
static int
append(struct journal *j, const struct journal_decision *d, size_t n,
    uint32_t group, struct err *e)
{
	struct journal_entry *tmp;
	size_t i, base = j->n;
	uint32_t rev = dict_intern(&j->strs, j->reviewer,
	    strlen(j->reviewer));
	int64_t now = journal_now_ms();

	if (n == 0)
		return 0;
	if (j->fd < 0)
		return err_set(e, ERR_SOFTWARE, "%s: the journal was opened "
		    "read-only", j->path);
	for (i = 0; i < n; i++)
		if (check_decision(j, &d[i], e) != 0)
			return -1;
	if (base + n + 1 >= JOURNAL_NONE - 1)
		return err_set(e, ERR_SOFTWARE, "%s: journal full", j->path);
	tmp = xcalloc(n + 1, sizeof *tmp);
	for (i = 0; i < n; i++) {
		struct journal_entry *t = &tmp[i];

		t->seq = base + i + 1;
		t->time_ms = d[i].time_ms ? d[i].time_ms : now;
		t->type = (uint8_t)d[i].type;
		t->group = group;
		t->reviewer = d[i].reviewer ? dict_intern(&j->strs,
		    d[i].reviewer, strlen(d[i].reviewer)) : rev;
		t->key = dict_intern(&j->keys, d[i].key, d[i].key_len);
		t->given = intern_opt(&j->strs, d[i].given, d[i].given_len);
		t->label = intern_opt(&j->strs, d[i].label, d[i].label_len);
		t->note = intern_opt(&j->strs, d[i].note, d[i].note_len);
		t->posterior = d[i].posterior;
		t->round = d[i].round;
		t->prev = JOURNAL_NONE;
	}
	if (group) {
		struct journal_entry *t = &tmp[n];

		t->seq = base + n + 1;
		t->time_ms = tmp[n - 1].time_ms;
		t->type = JOURNAL_BULK;
		t->group = group;
		t->ref = n;
		t->reviewer = tmp[n - 1].reviewer;
		t->key = t->given = t->label = t->note = JOURNAL_NONE;
		t->posterior = NAN;
		t->prev = JOURNAL_NONE;
	}
	j->blen = 0;
	for (i = 0; i < n + (group != 0); i++)
		build_line(j, &tmp[i]);
	if (commit(j, e) != 0) {
		free(tmp);
		return -1;
	}
	for (i = 0; i < n + (group != 0); i++) {
		struct journal_entry *t = new_entry(j);

		*t = tmp[i];
		t->line = (uint32_t)(j->n + 1 > UINT32_MAX ? UINT32_MAX :
		    j->n + 1);
		if (t->type == JOURNAL_BULK)
			continue;
		link_entry(j, (uint32_t)(j->n - 1));
		if (!group)
			push_undo(j, (uint32_t)(j->n - 1));
	}
	if (group) {
		push_undo(j, (uint32_t)base);
		j->last_group = group;
	}
	free(tmp);
	return 0;
}

int
journal_append(struct journal *j, const struct journal_decision *d,
    struct err *e)
{
	return append(j, d, 1, 0, e);
}

int
journal_append_many(struct journal *j, const struct journal_decision *d,
    size_t n, struct err *e)
{
	return append(j, d, n, 0, e);
}

int
journal_append_bulk(struct journal *j, const struct journal_decision *d,
    size_t n, struct err *e)
{
	if (j->last_group >= UINT32_MAX - 1)
		return err_set(e, ERR_SOFTWARE, "%s: out of group ids",
		    j->path);
	return append(j, d, n, j->last_group + 1, e);
}

long
journal_undo(struct journal *j, size_t *first, struct err *e)
{
	struct journal_entry u, *t;
	size_t top, end;

	if (j->fd < 0)
		return err_set(e, ERR_SOFTWARE, "%s: the journal was opened "
		    "read-only", j->path);
	if (j->nundo == 0)
		return 0;
	top = j->undo[j->nundo - 1];
	t = &j->ent[top];
	memset(&u, 0, sizeof u);
	u.seq = j->n + 1;
	u.time_ms = journal_now_ms();
	u.type = JOURNAL_UNDO;
	u.group = t->group;
	u.ref = t->seq;
	u.reviewer = dict_intern(&j->strs, j->reviewer, strlen(j->reviewer));
	u.key = t->key;
	u.given = u.label = u.note = JOURNAL_NONE;
	u.posterior = NAN;
	u.prev = JOURNAL_NONE;
	j->blen = 0;
	build_line(j, &u);
	if (commit(j, e) != 0)
		return -1;
	end = step_end(j, top);
	cancel_step(j, top);
	u.line = (uint32_t)(j->n + 2 > UINT32_MAX ? UINT32_MAX : j->n + 2);
	*new_entry(j) = u;
	if (first)
		*first = top;
	return (long)(end - top);
}

size_t
journal_undo_depth(const struct journal *j)
{
	return j->nundo;
}

/* --- reading ------------------------------------------------------- */

size_t
journal_count(const struct journal *j)
{
	return j->n;
}

const struct journal_entry *
journal_entry(const struct journal *j, size_t i)
{
	return i < j->n ? &j->ent[i] : NULL;
}

const char *
journal_str(const struct journal *j, uint32_t id, size_t *len)
{
	if (id == JOURNAL_NONE || id >= j->strs.n) {
		if (len)
			*len = 0;
		return NULL;
	}
	return dict_str(&j->strs, id, len);
}

uint32_t
journal_nkeys(const struct journal *j)
{
	return j->keys.n;
}

const char *
journal_key(const struct journal *j, uint32_t key, size_t *len)
{
	if (key >= j->keys.n) {
		if (len)
			*len = 0;
		return NULL;
	}
	return dict_str(&j->keys, key, len);
}

uint32_t
journal_find_key(const struct journal *j, const char *key, size_t n)
{
	uint32_t id = dict_find(&j->keys, key, n);

	return id == DICT_NONE ? JOURNAL_NONE : id;
}

void
journal_key_state(const struct journal *j, uint32_t key,
    struct journal_state *st)
{
	const struct journal_entry *e;
	uint32_t i, given = JOURNAL_NONE;

	memset(st, 0xff, sizeof *st);
	st->dropped = st->relabelled = 0;
	if (key >= j->keys.n || key >= j->kcap)
		return;
	for (i = j->klast[key]; i != JOURNAL_NONE; i = e->prev) {
		e = &j->ent[i];
		/* the given label is a fact about the data, not a
		 * decision: an undone line still tells it */
		if (given == JOURNAL_NONE && e->given != JOURNAL_NONE)
			given = e->given;
		if (e->undone)
			continue;
		if (st->last == JOURNAL_NONE)
			st->last = i;
		if (st->note == JOURNAL_NONE && e->note != JOURNAL_NONE)
			st->note = i;
		if (st->flag == JOURNAL_NONE && e->type == JOURNAL_FLAG)
			st->flag = i;
		if (st->verdict == JOURNAL_NONE && e->type == JOURNAL_SKIP &&
		    st->skip == JOURNAL_NONE)
			st->skip = i;
		if (st->verdict == JOURNAL_NONE &&
		    journal_type_is_verdict(e->type))
			st->verdict = i;
	}
	if (st->verdict != JOURNAL_NONE) {
		e = &j->ent[st->verdict];
		if (e->given != JOURNAL_NONE)
			given = e->given;
		st->dropped = e->type == JOURNAL_DROP;
		if (journal_type_sets_label(e->type)) {
			st->label = e->label;
			st->relabelled = e->label != given;
		}
	}
	st->given = given;
	if (st->label == JOURNAL_NONE)
		st->label = given;
}

int
journal_row_state(const struct journal *j, const char *key, size_t n,
    struct journal_state *st)
{
	uint32_t id = journal_find_key(j, key, n);

	journal_key_state(j, id == JOURNAL_NONE ? UINT32_MAX : id, st);
	return id == JOURNAL_NONE ? -1 : 0;
}

uint32_t
journal_last(const struct journal *j)
{
	size_t i;

	for (i = j->n; i-- > 0;)
		if (!j->ent[i].undone && is_decision(j->ent[i].type))
			return (uint32_t)i;
	return JOURNAL_NONE;
}

const char *
journal_path(const struct journal *j)
{
	return j->path;
}

const struct fingerprint *
journal_fingerprint(const struct journal *j)
{
	return &j->fp;
}

const char *
journal_label_col(const struct journal *j)
{
	return j->label_col;
}

const char *
journal_id_col(const struct journal *j)
{
	return j->id_col;
}

int64_t
journal_created(const struct journal *j)
{
	return j->created;
}

const char *
journal_reviewer(const struct journal *j)
{
	return j->reviewer;
}
