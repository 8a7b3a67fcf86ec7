/*
 * t4000-journal - the review journal: round trips, undo, damage, and
 * the dataset fingerprint.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/util/crc32.h"
#include "core/data/fingerprint.h"
#include "core/review/journal.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

static long long
fsize(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* A dataset file and its fingerprint. */
static void
make_data(const char *path, const char *text, struct fingerprint *fp)
{
	struct err e;

	write_file(path, text, strlen(text));
	if (fingerprint_file(path, fp, &e) != 0)
		BUG("%s", e.msg);
}

static struct journal *
open_w(const char *path, const struct fingerprint *fp, struct err *e)
{
	struct journal_opts o = journal_writing(fp, "ann", "label");

	err_clear(e);
	return journal_open(path, &o, e);
}

static struct journal *
open_r(const char *path, const struct fingerprint *fp, struct err *e)
{
	struct journal_opts o;

	journal_opts_init(&o);
	o.fp = fp;
	err_clear(e);
	return journal_open(path, &o, e);
}

static struct journal_decision
dec(enum journal_type t, const char *key, const char *given,
    const char *label)
{
	return test_decision(t, key, given, label);
}

/* Append the decision dec() makes to j: journal_append's result. */
static int
append(struct journal *j, enum journal_type t, const char *key,
    const char *given, const char *label, struct err *e)
{
	struct journal_decision d = dec(t, key, given, label);

	return journal_append(j, &d, e);
}

/* The journal at path opened again (for writing or reading) on fp;
 * ok when it opens, with why not when it does not. */
static struct journal *
reopen(const char *path, const struct fingerprint *fp, int write,
    const char *name)
{
	struct err e;
	struct journal *j = write ? open_w(path, fp, &e) :
	    open_r(path, fp, &e);

	if (!ok(j != NULL, name))
		diag("%s", e.msg);
	return j;
}

/* The current label of key as a string ("" when unknown). */
static const char *
label_of(const struct journal *j, const char *key)
{
	struct journal_state st;
	const char *s;
	size_t n;

	if (journal_row_state(j, key, strlen(key), &st) != 0)
		return "(unknown)";
	s = journal_str(j, st.label, &n);
	return s ? s : "(none)";
}

static const char *
verdict_of(const struct journal *j, const char *key)
{
	struct journal_state st;

	journal_row_state(j, key, strlen(key), &st);
	if (st.verdict == JOURNAL_NONE)
		return "(none)";
	return journal_type_name(journal_entry(j, st.verdict)->type);
}

static void
test_basics(void)
{
	static const char v[] = "123456789";
	char t[32];
	int64_t ms;

	is_int(crc32_update(0, v, 9), 0xcbf43926, "crc32 check value");
	is_int(crc32_update(crc32_update(0, v, 4), v + 4, 5), 0xcbf43926,
	    "crc32 continues");
	is_int(crc32_update(0, v, 0), 0, "crc32 of nothing");
	journal_format_time(0, t, sizeof t);
	is(t, "1970-01-01T00:00:00.000Z", "epoch formatted");
	journal_format_time(1709210096789LL, t, sizeof t);
	is(t, "2024-02-29T12:34:56.789Z", "leap day formatted");
	ok(journal_parse_time(t, strlen(t), &ms) == 0 && ms == 1709210096789LL,
	    "time parses back");
	ok(journal_parse_time("2024-02-30T00:00:00.000Z", 24, &ms) < 0,
	    "february 30 refused");
	ok(journal_parse_time("2024-02-29T24:00:00.000Z", 24, &ms) < 0,
	    "hour 24 refused");
	ok(journal_parse_time("2024-02-29 12:34:56.789Z", 24, &ms) < 0,
	    "space for T refused");
	ok(journal_parse_time("2024-02-29T12:34:56Z", 20, &ms) < 0,
	    "missing milliseconds refused");
	is_int(journal_type_parse("relabel"), JOURNAL_RELABEL, "type names");
	is_int(journal_type_parse("nope"), -1, "unknown type");
	ok(journal_type_is_verdict(JOURNAL_DROP) &&
	    !journal_type_is_verdict(JOURNAL_SKIP) &&
	    journal_type_sets_label(JOURNAL_NEW) &&
	    !journal_type_sets_label(JOURNAL_REJECT), "type classes");
	{
		char *p = journal_path_for("/x/iris.csv");

		is(p, "/x/iris.csv.winnow/journal", "journal path");
		free(p);
		p = journal_default_reviewer();
		ok(p && *p, "a default reviewer name");
		free(p);
	}
}

static void
test_fingerprint(void)
{
	struct fingerprint a, b, c;
	struct err e;
	char *p = tpath("fp.csv"), *big;
	size_t n = 300000, i;
	struct timespec ts[2];

	make_data(p, "a,b\n1,2\n", &a);
	fingerprint_mem("a,b\n1,2\n", 8, a.mtime_sec, a.mtime_nsec, &b);
	ok(fingerprint_compare(&a, &b) == FINGERPRINT_SAME,
	    "file and memory fingerprints agree");
	is_int(a.size, 8, "size recorded");
	fingerprint_mem("a,b\n1,3\n", 8, a.mtime_sec, a.mtime_nsec, &b);
	ok(fingerprint_compare(&a, &b) == FINGERPRINT_OTHER,
	    "one byte changed: another file");
	fingerprint_mem("a,b\n1,2\n", 8, a.mtime_sec + 5, 0, &b);
	ok(fingerprint_compare(&a, &b) == FINGERPRINT_TOUCHED,
	    "same bytes, other mtime: touched");
	fingerprint_mem("a,b\n1,2\n\n", 9, a.mtime_sec, a.mtime_nsec, &b);
	ok(fingerprint_compare(&a, &b) == FINGERPRINT_OTHER,
	    "a byte added: another file");
	ok(fingerprint_file(test_dir(), &c, &e) < 0 && e.code == ERR_NOINPUT,
	    "a directory has no fingerprint");
	ok(fingerprint_file("/nonexistent/x.csv", &c, &e) < 0 &&
	    e.code == ERR_NOINPUT, "a missing file has none");

	/* a file bigger than the three windows */
	big = xmalloc(n);
	for (i = 0; i < n; i++)
		big[i] = (char)('a' + i % 23);
	write_file(p, big, n);
	fingerprint_file(p, &a, &e);
	fingerprint_mem(big, n, a.mtime_sec, a.mtime_nsec, &b);
	ok(fingerprint_compare(&a, &b) == FINGERPRINT_SAME,
	    "big file: file and memory agree");
	big[n / 2] ^= 1;
	fingerprint_mem(big, n, a.mtime_sec, a.mtime_nsec, &b);
	ok(fingerprint_compare(&a, &b) == FINGERPRINT_OTHER,
	    "a change in the middle window is seen");
	big[n / 2] ^= 1;
	big[n - 1] ^= 1;
	fingerprint_mem(big, n, a.mtime_sec, a.mtime_nsec, &b);
	ok(fingerprint_compare(&a, &b) == FINGERPRINT_OTHER,
	    "a change in the last byte is seen");
	big[n - 1] ^= 1;
	big[100000] ^= 1;	/* between the first and middle windows */
	fingerprint_mem(big, n, a.mtime_sec, a.mtime_nsec, &b);
	ok(fingerprint_compare(&a, &b) == FINGERPRINT_SAME,
	    "a change outside the windows is not (the documented price)");
	big[100000] ^= 1;
	/* touch: content the same, mtime moved */
	ts[0].tv_sec = ts[1].tv_sec = a.mtime_sec - 1000;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	utimensat(AT_FDCWD, p, ts, 0);
	fingerprint_file(p, &c, &e);
	ok(fingerprint_compare(&a, &c) == FINGERPRINT_TOUCHED,
	    "touched file: same sample, other mtime");
	{
		char d[160];

		fingerprint_describe(&a, d, sizeof d);
		ok(strstr(d, "300000 bytes") != NULL, "describe names the "
		    "size");
	}
	free(big);
	free(p);
}

static void
test_roundtrip(void)
{
	struct fingerprint fp;
	struct err e;
	char *data = tpath("rt.csv"), *jp = journal_path_for(data);
	struct journal *j;
	struct journal_decision d;
	struct journal_state st;
	static const char odd[] = "tab\there\nnl\\N back\\slash \r cr "
	    "\x1b[31m esc \xff\xfe bad-utf8 \xc3\xa9 ok";
	static const char nul[] = { 'a', '\0', 'b' };
	char all[256];
	const char *s;
	size_t n, i;

	make_data(data, "id,label\n1,cat\n2,dog\n", &fp);
	j = open_r(jp, &fp, &e);
	ok(j == NULL && e.code == ERR_NOINPUT, "reading a missing journal "
	    "fails with 66");
	{
		struct journal_opts o;

		journal_opts_init(&o);
		o.write = 1;
		j = journal_open(jp, &o, &e);
		ok(j == NULL && e.code == ERR_SOFTWARE, "creating one needs a "
		    "fingerprint");
	}
	j = reopen(jp, &fp, 1, "journal created");
	ok(fsize(jp) > 0, "the header is on disk at once");
	is_int(journal_count(j), 0, "no decisions yet");
	is_int(journal_undo_depth(j), 0, "nothing to undo");
	is_int(journal_undo(j, NULL, &e), 0, "undo on an empty journal is a "
	    "no-op");
	ok(journal_last(j) == JOURNAL_NONE, "no last decision");
	ok(journal_row_state(j, "1", 1, &st) < 0 &&
	    st.verdict == JOURNAL_NONE && st.label == JOURNAL_NONE,
	    "unknown row: empty state");

	d = dec(JOURNAL_ACCEPT, "1", "cat", "dog");
	d.posterior = 0.8125;
	d.round = 2;
	d.time_ms = 1700000000000LL;
	ok(journal_append(j, &d, &e) == 0, "accept appended");
	d = dec(JOURNAL_REJECT, "2", "dog", "cat");
	d.time_ms = 1700000001000LL;
	ok(journal_append(j, &d, &e) == 0, "reject appended");
	d = dec(JOURNAL_NOTE, "2", "dog", NULL);
	d.note = odd;
	d.note_len = sizeof odd - 1;
	ok(journal_append(j, &d, &e) == 0, "note with odd bytes appended");
	for (i = 0; i < 256; i++)
		all[i] = (char)i;
	d = dec(JOURNAL_NEW, odd, nul[0] ? "x" : "x", NULL);
	d.key = odd;
	d.key_len = sizeof odd - 1;
	d.given = nul;
	d.given_len = sizeof nul;
	d.label = all;
	d.label_len = sizeof all;
	ok(journal_append(j, &d, &e) == 0, "every byte in key, given and "
	    "label");
	ok(append(j, JOURNAL_FLAG, "3", NULL, NULL, &e) == 0, "flag appended");
	d = dec(JOURNAL_SKIP, "4", NULL, NULL);
	d.reviewer = "bob";
	ok(journal_append(j, &d, &e) == 0, "skip by another reviewer");
	ok(append(j, JOURNAL_ACCEPT, "5", "cat", NULL, &e) < 0 &&
	    e.code == ERR_SOFTWARE, "accept without a label refused");
	ok(append(j, JOURNAL_UNDO, "5", NULL, NULL, &e) < 0, "undo is not "
	    "appended as a decision");
	ok(append(j, JOURNAL_DROP, "", NULL, NULL, &e) < 0, "empty key refused");
	is_int(journal_count(j), 6, "six lines");
	journal_close(j);

	j = reopen(jp, &fp, 0, "journal replays");
	is_int(journal_count(j), 6, "six lines replayed");
	is(journal_label_col(j), "label", "label column recorded");
	ok(journal_id_col(j) == NULL, "row numbers recorded as keys");
	ok(journal_created(j) > 1700000000000LL, "creation time recorded");
	is(label_of(j, "1"), "dog", "accepted label");
	is(verdict_of(j, "1"), "accept", "row 1 accepted");
	{
		const struct journal_entry *en = journal_entry(j, 0);

		is_num(en->posterior, 0.8125, 0, "posterior kept");
		is_int(en->round, 2, "round kept");
		is_int(en->time_ms, 1700000000000LL, "time kept");
		s = journal_str(j, en->reviewer, &n);
		is(s, "ann", "reviewer kept");
		en = journal_entry(j, 5);
		is(journal_str(j, en->reviewer, NULL), "bob", "other reviewer "
		    "kept");
		ok(isnan(journal_entry(j, 1)->posterior), "no posterior: NaN");
	}
	is(label_of(j, "2"), "dog", "rejected: given label stays");
	journal_row_state(j, "2", 1, &st);
	s = journal_str(j, journal_entry(j, st.note)->note, &n);
	ok(n == sizeof odd - 1 && memcmp(s, odd, n) == 0, "odd note bytes "
	    "survive");
	is(journal_str(j, journal_entry(j, st.verdict)->label, NULL), "cat",
	    "rejected suggestion kept");
	ok(!st.relabelled && !st.dropped, "reject is no relabel");
	ok(journal_row_state(j, odd, sizeof odd - 1, &st) == 0,
	    "odd key found");
	s = journal_str(j, st.label, &n);
	ok(n == 256 && memcmp(s, all, 256) == 0, "all 256 byte values "
	    "survive in a label");
	s = journal_str(j, st.given, &n);
	ok(n == 3 && memcmp(s, nul, 3) == 0, "a NUL survives in given");
	ok(st.relabelled, "new label counts as relabelled");
	journal_row_state(j, "3", 1, &st);
	ok(st.flag != JOURNAL_NONE && st.verdict == JOURNAL_NONE,
	    "flag without verdict");
	journal_row_state(j, "4", 1, &st);
	ok(st.skip != JOURNAL_NONE && st.verdict == JOURNAL_NONE,
	    "skipped row");
	is_int(journal_last(j), 5, "last decision is the skip");
	is_int(journal_nkeys(j), 5, "five distinct keys");
	{
		char *text;

		text = slurp(jp, &n);
		ok(strstr(text, "tab\\there\\nnl\\\\N back\\\\slash \\r cr "
		    "\\x1b[31m esc \xff\xfe") != NULL,
		    "escapes in the file as documented");
		ok(strncmp(text, "winnow-journal\t1\tsize=", 22) == 0,
		    "header starts with the magic word and version");
		free(text);
	}
	journal_close(j);
	free(data);
	free(jp);
}

static void
test_undo(void)
{
	struct fingerprint fp;
	struct err e;
	char *data = tpath("undo.csv"), *jp = journal_path_for(data);
	struct journal *j;
	struct journal_decision bulk[3];
	size_t first = 99;
	long n;

	make_data(data, "id,label\n1,a\n2,a\n3,b\n4,b\n", &fp);
	j = open_w(jp, &fp, &e);
	append(j, JOURNAL_RELABEL, "1", "a", "b", &e);
	append(j, JOURNAL_RELABEL, "1", "a", "c", &e);
	is(label_of(j, "1"), "c", "second relabel wins");
	n = journal_undo(j, &first, &e);
	is_int(n, 1, "undo cancels one line");
	is_int(first, 1, "the second decision");
	is(label_of(j, "1"), "b", "undo brings back the first relabel");
	n = journal_undo(j, &first, &e);
	is(label_of(j, "1"), "a", "second undo: back to the given label");
	is(verdict_of(j, "1"), "(none)", "no verdict left");
	is_int(journal_undo(j, NULL, &e), 0, "nothing more to undo");

	bulk[0] = dec(JOURNAL_DROP, "2", "a", NULL);
	bulk[1] = dec(JOURNAL_RELABEL, "3", "b", "a");
	bulk[2] = dec(JOURNAL_RELABEL, "4", "b", "a");
	ok(journal_append_bulk(j, bulk, 3, &e) == 0, "bulk of three");
	ok(journal_append_bulk(j, bulk, 0, &e) == 0, "empty bulk: no-op");
	append(j, JOURNAL_ACCEPT, "1", "a", "z", &e);
	is(label_of(j, "3"), "a", "bulk applied");
	is_int(journal_undo_depth(j), 2, "two undo steps: bulk and accept");
	journal_close(j);

	/* restart */
	j = reopen(jp, &fp, 1, "reopened for writing");
	is_int(journal_undo_depth(j), 2, "undo stack rebuilt");
	is(label_of(j, "1"), "z", "accept replayed");
	n = journal_undo(j, &first, &e);
	is_int(n, 1, "undo after restart cancels the accept");
	is(label_of(j, "1"), "a", "row 1 back to given");
	n = journal_undo(j, &first, &e);
	is_int(n, 3, "next undo cancels the whole bulk group");
	is_int(first, 4, "from the group's first line");
	is(label_of(j, "3"), "b", "bulk row 3 restored");
	is(verdict_of(j, "2"), "(none)", "bulk drop undone");
	append(j, JOURNAL_DROP, "2", "a", NULL, &e);
	journal_close(j);

	j = reopen(jp, &fp, 0, "replays after undos");
	is_int(journal_undo_depth(j), 1, "one step left after restart");
	is(verdict_of(j, "2"), "drop", "new drop kept");
	{
		struct journal_state st;

		journal_row_state(j, "2", 1, &st);
		ok(st.dropped && !st.relabelled, "dropped state");
	}
	is(label_of(j, "3"), "b", "bulk stays undone after restart");
	ok(journal_undo(j, NULL, &e) < 0 && e.code == ERR_SOFTWARE,
	    "read-only journal cannot undo");
	journal_close(j);
	free(data);
	free(jp);
}

/* A journal with n single decisions; returns its path. */
static char *
make_journal(const char *name, struct fingerprint *fp, int n)
{
	char *data = tpath(name), *jp = journal_path_for(data);
	struct journal *j;
	struct err e;
	char key[16];
	int i;

	make_data(data, "id,label\n1,a\n2,b\n3,c\n", fp);
	unlink(jp);
	j = open_w(jp, fp, &e);
	for (i = 0; i < n; i++) {
		snprintf(key, sizeof key, "%d", i % 3 + 1);
		append(j, JOURNAL_RELABEL, key, "a", i % 2 ? "x" : "y", &e);
	}
	journal_close(j);
	free(data);
	return jp;
}

/* The offset where line `line` (1-based) starts. */
static size_t
line_off(const char *s, int line)
{
	size_t off = 0;

	while (--line > 0)
		off = (size_t)(strchr(s + off, '\n') - s) + 1;
	return off;
}

/* Flip bits of byte at of line `line` of the file jp, on disk. */
static void
flip(const char *jp, int line, size_t at, int bits)
{
	size_t n;
	char *text = slurp(jp, &n);

	text[line_off(text, line) + at] ^= (char)bits;
	write_file(jp, text, n);
	free(text);
}

static void
test_damage(void)
{
	struct fingerprint fp;
	struct err e;
	struct journal *j;
	char *jp, *text;
	size_t n, off;
	long long before;

	/* cut mid-line */
	jp = make_journal("cut.csv", &fp, 4);
	text = slurp(jp, &n);
	off = line_off(text, 5);	/* the 4th decision */
	write_file(jp, text, off + 10);
	warnings[0] = '\0';
	j = reopen(jp, &fp, 0, "a journal cut mid-line still opens");
	is_int(journal_count(j), 3, "the cut line is ignored");
	ok(strstr(warnings, ":5: ") && strstr(warnings, "ignored"),
	    "with a warning naming line 5");
	journal_close(j);
	warnings[0] = '\0';
	j = open_w(jp, &fp, &e);
	ok(j != NULL && fsize(jp) == (long long)off, "opening for writing "
	    "cuts the damaged tail");
	ok(strstr(warnings, "cut 10 damaged bytes") != NULL, "and says so");
	ok(append(j, JOURNAL_DROP, "2", "b", NULL, &e) == 0, "append after the "
	    "repair");
	journal_close(j);
	j = open_r(jp, &fp, &e);
	ok(j && journal_count(j) == 4, "repaired journal replays cleanly");
	is(j ? verdict_of(j, "2") : "", "drop", "with the new decision");
	journal_close(j);
	free(text);
	free(jp);

	/* a last line with a bad checksum */
	jp = make_journal("crc.csv", &fp, 3);
	flip(jp, 4, 2, 0x01);	/* inside the time */
	warnings[0] = '\0';
	j = open_r(jp, &fp, &e);
	ok(j && journal_count(j) == 2, "bad checksum on the last line: "
	    "ignored");
	ok(strstr(warnings, ":4: checksum mismatch") != NULL,
	    "warning names line 4 and the checksum");
	journal_close(j);
	free(jp);

	/* a corrupt middle line */
	jp = make_journal("mid.csv", &fp, 4);
	flip(jp, 3, 30, 0x02);
	j = open_r(jp, &fp, &e);
	ok(j == NULL && e.code == ERR_DATA, "corrupt middle line: error 65");
	ok(strstr(e.msg, "/mid.csv.winnow/journal:3: ") != NULL,
	    "naming journal:3");
	diag("%s", e.msg);
	before = fsize(jp);
	j = open_w(jp, &fp, &e);
	ok(j == NULL && fsize(jp) == before, "a writer refuses it too and "
	    "touches nothing");
	free(jp);

	/* a missing middle line (every checksum fine) */
	jp = make_journal("gap.csv", &fp, 4);
	text = slurp(jp, &n);
	off = line_off(text, 3);
	{
		size_t end = line_off(text, 4);

		memmove(text + off, text + end, n - end);
		write_file(jp, text, n - (end - off));
	}
	j = open_r(jp, &fp, &e);
	ok(j == NULL && strstr(e.msg, "journal:3: sequence number 3 where "
	    "2 was expected"), "a deleted line is found");
	free(text);
	free(jp);

	/* an empty line in the middle */
	jp = make_journal("blank.csv", &fp, 2);
	text = slurp(jp, &n);
	off = line_off(text, 3);
	{
		char *t2 = xmalloc(n + 2);

		memcpy(t2, text, off);
		t2[off] = '\n';
		memcpy(t2 + off + 1, text + off, n - off);
		write_file(jp, t2, n + 1);
		free(t2);
	}
	j = open_r(jp, &fp, &e);
	ok(j == NULL && strstr(e.msg, "journal:3: damaged line"),
	    "a blank middle line is an error");
	free(text);
	free(jp);

	/* an uncommitted bulk group at the end */
	{
		char *data = tpath("bulk.csv");
		struct journal_decision b[2];

		jp = journal_path_for(data);
		make_data(data, "id,label\n1,a\n2,b\n", &fp);
		j = open_w(jp, &fp, &e);
		append(j, JOURNAL_FLAG, "1", NULL, NULL, &e);
		b[0] = dec(JOURNAL_DROP, "1", NULL, NULL);
		b[1] = dec(JOURNAL_DROP, "2", NULL, NULL);
		journal_append_bulk(j, b, 2, &e);
		journal_close(j);
		text = slurp(jp, &n);
		off = line_off(text, 5);	/* the commit line */
		write_file(jp, text, off);
		warnings[0] = '\0';
		j = open_r(jp, &fp, &e);
		ok(j && journal_count(j) == 1, "uncommitted group ignored");
		ok(strstr(warnings, "never committed") != NULL, "with a "
		    "warning");
		is(j ? verdict_of(j, "2") : "", "(none)", "its rows untouched");
		journal_close(j);
		/* the commit line damaged too */
		write_file(jp, text, off + 5);
		j = open_r(jp, &fp, &e);
		ok(j && journal_count(j) == 1, "half a commit line: same");
		journal_close(j);
		/* damage inside the group, intact members after it */
		text[line_off(text, 3) + 3] ^= 1;
		write_file(jp, text, off);
		j = open_r(jp, &fp, &e);
		ok(j && journal_count(j) == 1, "damage inside an uncommitted "
		    "trailing group is tail damage");
		journal_close(j);
		/* but not when committed lines follow */
		write_file(jp, text, n);
		j = open_r(jp, &fp, &e);
		ok(j == NULL && strstr(e.msg, ":3: "), "damage before a "
		    "commit line is an error");
		FREE_ALL(text, data, jp);
	}
}

static void
test_header(void)
{
	struct fingerprint fp, other;
	struct err e;
	struct journal *j;
	char *data = tpath("head.csv"), *jp = journal_path_for(data);
	char *text;
	size_t n;

	make_data(data, "id,label\n1,a\n", &fp);
	text = tpath("head.csv.winnow");
	mkdir(text, 0777);
	free(text);
	write_file(jp, "", 0);
	j = open_r(jp, &fp, &e);
	ok(j == NULL && e.code == ERR_DATA && strstr(e.msg, ":1: "),
	    "an empty journal cannot be read");
	j = open_w(jp, &fp, &e);
	ok(j != NULL && fsize(jp) > 0, "but a writer starts it afresh");
	journal_close(j);
	write_file(jp, "winnow-jour", 11);
	warnings[0] = '\0';
	j = open_w(jp, &fp, &e);
	ok(j != NULL && strstr(warnings, "ignored"), "a cut header: started "
	    "again with a warning");
	journal_close(j);
	write_file(jp, "id,label\n1,a\n", 13);
	j = open_w(jp, &fp, &e);
	ok(j == NULL && e.code == ERR_DATA && strstr(e.msg, ":1: not a "
	    "winnow journal"), "a CSV is not a journal");
	text = slurp(jp, &n);
	ok(n == 13, "and is left alone");
	free(text);
	write_file(jp, "winnow-journal\t9\tsize=1\n", 24);
	j = open_r(jp, &fp, &e);
	ok(j == NULL && strstr(e.msg, "newer"), "a newer version refused");

	/* foreign fingerprint */
	unlink(jp);
	j = open_w(jp, &fp, &e);
	append(j, JOURNAL_DROP, "1", "a", NULL, &e);
	journal_close(j);
	fingerprint_mem("id,label\n1,b\n", 13, fp.mtime_sec, fp.mtime_nsec,
	    &other);
	j = open_r(jp, &other, &e);
	ok(j == NULL && e.code == ERR_DATA && strstr(e.msg, "different "
	    "file") && strstr(e.msg, "--force"), "foreign dataset refused");
	diag("%s", e.msg);
	{
		struct journal_opts o;

		journal_opts_init(&o);
		o.fp = &other;
		o.force = 1;
		warnings[0] = '\0';
		j = journal_open(jp, &o, &e);
		ok(j != NULL && strstr(warnings, "forced"), "accepted with "
		    "force, warning");
		journal_close(j);
	}
	other = fp;
	other.mtime_sec += 60;
	warnings[0] = '\0';
	j = open_r(jp, &other, &e);
	ok(j != NULL && strstr(warnings, "modification time"), "touched "
	    "file accepted with a warning");
	journal_close(j);
	{
		struct journal_opts o = journal_writing(&fp, "x", "label");

		o.id_col = "id";
		j = journal_open(jp, &o, &e);
		ok(j == NULL && e.code == ERR_USAGE && strstr(e.msg, "row "
		    "number"), "another --id refused for writing");
		o.id_col = NULL;
		o.label_col = "other";
		j = journal_open(jp, &o, &e);
		ok(j == NULL && e.code == ERR_USAGE, "another --label refused "
		    "for writing");
	}
	free(data);
	free(jp);
}

static void
test_lock(void)
{
	struct fingerprint fp;
	struct err e;
	char *data = tpath("lock.csv"), *jp = journal_path_for(data);
	struct journal *j;
	pid_t pid;
	int st = -1;

	make_data(data, "id,label\n1,a\n", &fp);
	j = open_w(jp, &fp, &e);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* the lock is the parent's: closing our copy keeps it */
		struct journal *k;
		int refused;

		journal_close(j);
		k = open_w(jp, &fp, &e);
		refused = k == NULL && e.code == ERR_CANTCREAT &&
		    strstr(e.msg, "in use") != NULL;
		journal_close(k);
		free(data);
		free(jp);
		_exit(refused ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a second writer is "
	    "refused");
	journal_close(j);
	free(data);
	free(jp);
}

int
main(void)
{
	log_set_sink(capture, NULL);
	test_basics();
	test_fingerprint();
	test_roundtrip();
	test_undo();
	test_damage();
	test_header();
	test_lock();
	return done_testing();
}
