/*
 * t0010-basics - err, dict, sort, infer: the small pieces everything
 * else stands on.
 */
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/data/dict.h"
#include "core/util/err.h"
#include "core/util/hash.h"
#include "core/data/infer.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"

static void
test_err(void)
{
	struct err e;

	err_clear(&e);
	is_int(e.code, 0, "err_clear clears the code");
	is_int(err_at(&e, ERR_DATA, "a.csv", 12, 7, "bad %s", "thing"), -1,
	    "err_at returns -1");
	is(e.msg, "a.csv:12:7: bad thing", "file:line:col prefix");
	is_int(e.code, ERR_DATA, "code kept");
	err_at(&e, ERR_DATA, "a.csv", 3, 0, "x");
	is(e.msg, "a.csv:3: x", "file:line prefix");
	err_at(&e, ERR_NOINPUT, "a.csv", 0, 0, "x");
	is(e.msg, "a.csv: x", "file prefix");
	err_sys(&e, ERR_NOINPUT, 2, "open %s", "f");
	ok(strncmp(e.msg, "open f: ", 8) == 0, "err_sys appends strerror");
	is_int(err_set(NULL, 1, "x"), -1, "NULL record is fine");
}

static void
bug_hook(void)
{
	fputs("[hook]", stderr);
}

/* BUG() runs the front end's hook, then names the file and line, then
 * aborts: in a child, whose stderr comes back through a pipe. */
static void
test_bug(void)
{
	char buf[512];
	size_t got = 0;
	ssize_t r;
	int fd[2], st = 0;
	pid_t pid;

	if (pipe(fd) != 0 || (pid = fork()) < 0) {
		ok(0, "BUG: cannot start a child");
		return;
	}
	if (pid == 0) {
		signal(SIGABRT, SIG_DFL);
		dup2(fd[1], 2);
		close(fd[0]);
		err_set_bug_hook(bug_hook);
		BUG("broke %d", 42);
	}
	close(fd[1]);
	while (got < sizeof buf - 1 &&
	    (r = read(fd[0], buf + got, sizeof buf - 1 - got)) > 0)
		got += (size_t)r;
	buf[got] = 0;
	close(fd[0]);
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT, "BUG aborts");
	ok(strncmp(buf, "[hook]winnow: BUG at tests/t0010-basics.c:", 42) ==
	    0, "BUG runs the hook first, then names the file");
	ok(strstr(buf, ": broke 42\n") != NULL, "BUG prints its message");
}

static void
test_dict(void)
{
	struct dict d, d2;
	uint32_t a, b, c, remap[3];
	size_t n;
	char buf[32];
	int i, okk = 1;

	dict_init(&d);
	is_int(dict_find(&d, "x", 1), DICT_NONE, "find in empty dict");
	a = dict_intern(&d, "apple", 5);
	b = dict_intern(&d, "pear", 4);
	c = dict_intern(&d, "apple", 5);
	is_int(a, 0, "first value gets id 0");
	is_int(b, 1, "second value gets id 1");
	is_int(c, a, "same string, same id");
	is_int(d.count[a], 2, "counts occurrences");
	is(dict_str(&d, b, &n), "pear", "string back");
	is_int(dict_intern(&d, "a\0b", 3), 2, "NUL inside a value is kept");
	is_int(dict_find(&d, "a\0c", 3), DICT_NONE, "bytes after NUL compare");
	is_int(dict_intern(&d, "", 0), 3, "empty string is a value");
	for (i = 0; i < 10000; i++) {
		n = (size_t)snprintf(buf, sizeof buf, "v%d", i);
		dict_intern(&d, buf, n);
	}
	for (i = 0; i < 10000; i++) {
		n = (size_t)snprintf(buf, sizeof buf, "v%d", i);
		if (dict_find(&d, buf, n) != (uint32_t)i + 4)
			okk = 0;
	}
	ok(okk, "10,000 values survive rehashing in first-seen order");

	dict_init(&d2);
	dict_intern(&d2, "pear", 4);
	dict_intern(&d2, "kiwi", 4);
	dict_intern(&d2, "pear", 4);
	dict_release(&d);
	dict_init(&d);
	dict_intern(&d, "apple", 5);
	dict_intern(&d, "pear", 4);
	is_int(dict_merge(&d, &d2, remap), 0, "merge");
	is_int(remap[0], 1, "merge maps a known value to its id");
	is_int(remap[1], 2, "merge appends a new value");
	is_int(d.count[1], 3, "merge adds counts");
	dict_release(&d);
	dict_release(&d2);
	dict_release(NULL);
}

/* dict_build gives the same dict as interning the cells one by one. */
static void
test_dict_build(void)
{
	struct dict a, b;
	uint32_t n = 50000, r, *code, same = 1;
	uint64_t *ends, *hash, used = 0;
	size_t cap = 0, len;
	char *bytes = NULL, buf[32];

	ends = xmalloc(n * sizeof *ends);
	hash = xmalloc(n * sizeof *hash);
	code = xmalloc(n * sizeof *code);
	dict_init(&a);
	dict_init(&b);
	for (r = 0; r < n; r++) {
		/* many repeats, some unique, an empty one, a NUL inside */
		if (r % 1000 == 7)
			len = 0;
		else if (r % 777 == 3)
			len = (size_t)snprintf(buf, sizeof buf, "x%c%u", 0,
			    r % 5);
		else
			len = (size_t)snprintf(buf, sizeof buf, "v%u",
			    r % 3 ? r % 1234 : r);
		bytes = xgrow(bytes, &cap, used + len + 1, 1);
		memcpy(bytes + used, buf, len);
		bytes[used + len] = '\0';
		used += len + 1;
		ends[r] = used;
		hash[r] = dict_hash(buf, len);
		if (dict_intern(&a, buf, len) == DICT_NONE)
			same = 0;
	}
	dict_build(&b, bytes, cap, ends, n, code, NULL);
	ok(same && a.n == b.n, "dict_build: same number of values (%u)", b.n);
	for (r = 0; r < a.n && same; r++) {
		size_t la, lb;
		const char *sa = dict_str(&a, r, &la), *sb = dict_str(&b, r, &lb);

		if (la != lb || memcmp(sa, sb, la) || a.count[r] != b.count[r] ||
		    dict_find(&b, sa, la) != r)
			same = 0;
	}
	ok(same, "dict_build: same ids, strings, counts; find works");
	for (r = 0, same = 1; r < n; r++) {
		size_t l;
		const char *s = dict_str(&b, code[r], &l);

		if (dict_find(&a, s, l) != code[r])
			same = 0;
	}
	ok(same, "dict_build: every row's code");
	ok(dict_intern(&b, "new", 3) == b.n - 1 && dict_find(&b, "v5", 2) ==
	    dict_find(&a, "v5", 2), "a built dict keeps working");
	dict_release(&a);
	dict_release(&b);
	free(hash);
	free(code);
	dict_build(&b, NULL, 0, NULL, 0, NULL, NULL);
	ok(b.n == 0 && dict_find(&b, "x", 1) == DICT_NONE, "empty build");
	dict_release(&b);
}

/* Records ordered by key, descending when ctx points at a nonzero int. */
struct rec {
	int key, seq;
	char pad[20];
};

static int
rec_cmp(const void *a, const void *b, void *ctx)
{
	const struct rec *x = a, *y = b;
	int r = (x->key > y->key) - (x->key < y->key);

	return ctx && *(const int *)ctx ? -r : r;
}

/* sort_stable on n records with few distinct keys, both directions. */
static int
stable_ok(int n, int desc)
{
	struct rec *a = xmalloc((size_t)(n ? n : 1) * sizeof *a);
	int i, good = 1;

	for (i = 0; i < n; i++) {
		a[i].key = (i * 7919) % 13;
		a[i].seq = i;
	}
	sort_stable(a, (size_t)n, sizeof *a, rec_cmp, &desc);
	for (i = 1; i < n; i++) {
		if (rec_cmp(&a[i - 1], &a[i], &desc) > 0)
			good = 0;
		if (a[i - 1].key == a[i].key && a[i - 1].seq > a[i].seq)
			good = 0;
	}
	free(a);
	return good;
}

static void
test_sort(void)
{
	double v[] = { 3, -1, NAN, 2, -0.0, 0.0, -INFINITY, 2 };
	uint32_t idx[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	uint32_t want[] = { 6, 1, 4, 5, 3, 7, 0, 2 };
	double big[1000];
	uint32_t bidx[1000];
	int i, sorted = 1, stable = 1;

	sort_idx_by_double(idx, 8, v);
	ok(memcmp(idx, want, sizeof want) == 0,
	    "order: -inf, -1, -0 = +0 (stable), 2, 2, 3, NaN last");
	for (i = 0; i < 1000; i++) {
		big[i] = (double)((i * 7919) % 101) - 50.5;
		bidx[i] = (uint32_t)i;
	}
	sort_idx_by_double(bidx, 1000, big);
	for (i = 1; i < 1000; i++) {
		if (big[bidx[i - 1]] > big[bidx[i]])
			sorted = 0;
		if (big[bidx[i - 1]] == big[bidx[i]] && bidx[i - 1] > bidx[i])
			stable = 0;
	}
	ok(sorted, "radix sort of 1000 doubles is ordered");
	ok(stable, "radix sort is stable");
	sort_doubles(big, 1000);
	for (sorted = 1, i = 1; i < 1000; i++)
		if (big[i - 1] > big[i])
			sorted = 0;
	ok(sorted, "sort_doubles");
	ok(stable_ok(0, 0) && stable_ok(1, 0) && stable_ok(16, 0) &&
	    stable_ok(17, 1), "sort_stable: empty, one, a run, a merge");
	ok(stable_ok(1000, 0) && stable_ok(1000, 1), "sort_stable: 1,000 "
	    "records, 13 keys, ordered and stable both ways (ctx)");
	{
		uint32_t u[1000], sum0 = 0, sum1 = 0;

		for (i = 0; i < 1000; i++) {
			u[i] = (uint32_t)i * 2654435761u ^ (i % 7 ? 0 : 0xff);
			sum0 += u[i];
		}
		sort_u32(u, 10, NULL);
		for (sorted = 1, i = 1; i < 10; i++)
			sorted &= u[i - 1] <= u[i];
		sort_u32(u, 1000, NULL);
		for (i = 0; i < 1000; i++) {
			sum1 += u[i];
			if (i > 0)
				sorted &= u[i - 1] <= u[i];
		}
		ok(sorted && sum0 == sum1, "sort_u32: 10 and 1,000 values, "
		    "all 32 bits");
	}
	is_int((long long)(hash_bytes("abc", 3, 1) != hash_bytes("abd", 3, 1)),
	    1, "hash separates close strings");
}

static void
test_infer(void)
{
	double v;
	int isint, b;

	ok(infer_number("42", 2, &v, &isint) && v == 42 && isint, "int");
	ok(infer_number(" -3.25 ", 7, &v, &isint) && v == -3.25 && !isint,
	    "float with spaces");
	ok(infer_number("1e3", 3, &v, &isint) && v == 1000 && !isint,
	    "exponent");
	ok(infer_number("0.1", 3, &v, NULL) && v == 0.1, "0.1 exact");
	ok(infer_number("3.141592653589793238", 20, &v, NULL) &&
	    v == 3.141592653589793, "long mantissa via strtod");
	ok(infer_number("1.7976931348623157e308", 22, &v, NULL) &&
	    v == 1.7976931348623157e308, "max double");
	ok(!infer_number("1.2.3", 5, &v, NULL), "1.2.3 is not a number");
	ok(!infer_number("-", 1, &v, NULL), "lone sign");
	ok(!infer_number("inf", 3, &v, NULL), "inf is not a number");
	ok(!infer_number("12abc", 5, &v, NULL), "trailing junk");
	ok(!infer_number("", 0, &v, NULL), "empty");
	ok(infer_date("1970-01-02", 10, &v) && v == 86400, "date");
	ok(infer_date("2000-02-29T12:30:15Z", 20, &v) &&
	    v == 951827415, "leap-day date-time");
	ok(!infer_date("2001-02-29", 10, &v), "no Feb 29 in 2001");
	ok(!infer_date("2001-13-01", 10, &v), "month 13");
	ok(infer_date("2020-01-01T01:00+01:00", 22, &v) && v == 1577836800,
	    "zone offset");
	ok(infer_bool("Yes", 3, &b) && b == 1, "Yes");
	ok(infer_bool("f", 1, &b) && b == 0, "f");
	ok(infer_is_na("", 0, NULL), "empty is missing");
	ok(infer_is_na(" n/a ", 5, NULL), "n/a is missing");
	ok(!infer_is_na("nab", 3, NULL), "nab is not");
	{
		/* pandas' defaults, as written: case counts */
		static const char *const miss[] = { "NA", "N/A", "n/a",
		    "None", "<NA>", "#N/A N/A", "-1.#QNAN", "null", "NULL",
		    "NaN", "-nan", "#NA", "   ", NULL };
		static const char *const kept[] = { "none", "NONE", "na",
		    "Na", "Null", "NAN", "n/A", "Nan", "<na>", "#n/a", NULL };
		int i, good = 1;
		char msg[80];

		for (i = 0; miss[i]; i++)
			good &= infer_is_na(miss[i], strlen(miss[i]), NULL);
		ok(good, "pandas' default markers are missing");
		for (i = 0; kept[i]; i++) {
			snprintf(msg, sizeof msg, "'%s' is a value, not missing",
			    kept[i]);
			ok(!infer_is_na(kept[i], strlen(kept[i]), NULL), msg);
		}
	}
	{
		static const char *const mine[] = { "?", "none", NULL };

		ok(infer_is_na("none", 4, mine) && infer_is_na(" ? ", 3, mine),
		    "--na markers, as written");
		ok(!infer_is_na("None", 4, mine) && !infer_is_na("NA", 2, mine),
		    "--na replaces the defaults, case and all");
		ok(infer_is_na("", 0, mine), "empty is always missing");
	}
	is_int(infer_value("007", 3) & INFER_CODE, INFER_CODE,
	    "leading zero marks a code");
	is_int(infer_coltype(INFER_INT | INFER_FLOAT, INFER_INT | INFER_FLOAT,
	    10, 5, 2, 0), COLTYPE_INT, "all ints");
	is_int(infer_coltype(INFER_FLOAT, INFER_INT | INFER_FLOAT, 10, 5, 2,
	    0), COLTYPE_FLOAT, "ints and floats");
	is_int(infer_coltype(INFER_INT | INFER_FLOAT, INFER_CODE | INFER_INT |
	    INFER_FLOAT, 10, 5, 5, 0), COLTYPE_CAT, "codes");
	is_int(infer_coltype(0, INFER_INT, 10, 5, 5, 0), COLTYPE_CAT,
	    "mixed strings");
	is_int(infer_coltype(0, 0, 1000, 900, 20, 0.9), COLTYPE_TEXT,
	    "many spaced values");
	is_int(infer_coltype(INFER_ALL, 0, 0, 0, 0, 0), COLTYPE_EMPTY,
	    "no values");
}

/* The capacity parallel arrays grow to, and xgrow agreeing with it. */
static void
test_grow(void)
{
	size_t cap = 0;
	int *a = NULL;

	ok(xgrow_cap(0, 1) == 16, "an empty array starts at 16");
	ok(xgrow_cap(16, 16) == 16, "a capacity that holds need stays");
	ok(xgrow_cap(16, 17) == 32 && xgrow_cap(20, 100) == 160,
	    "else it doubles until need fits");
	a = xgrow(a, &cap, 40, sizeof *a);
	ok(cap == xgrow_cap(0, 40) && cap == 64, "xgrow gives the same");
	a[39] = 7;
	a = xgrow(a, &cap, 50, sizeof *a);
	ok(cap == 64 && a[39] == 7, "and keeps an array that holds need");
	free(a);
}

int
main(void)
{
	test_bug();
	test_err();
	test_dict();
	test_dict_build();
	test_sort();
	test_infer();
	test_grow();
	return done_testing();
}
