/*
 * t1500-rx - regular expressions: compile errors with offsets, smart
 * case, invalid UTF-8 subjects, and patterns too expensive to finish.
 */
#include <stdlib.h>
#include <string.h>

#include "core/data/filter/rx.h"
#include "core/util/time.h"
#include "tests/tap.h"
#include "tests/util.h"

static int
match(const char *pat, unsigned flags, const char *s, size_t n)
{
	struct err e;
	struct rx *rx = rx_compile(pat, strlen(pat), flags, NULL, &e);
	struct rx_matcher *m;
	int r;

	if (!rx)
		return -2;
	m = rx_matcher_new(rx);
	r = rx_test(m, s, n, &e);
	rx_matcher_free(m);
	rx_free(rx);
	return r;
}

#define M(p, f, s) match((p), (f), (s), sizeof(s) - 1)

static void
test_compile(void)
{
	struct err e;
	size_t off = 99;
	struct rx *rx;

	err_clear(&e);
	rx = rx_compile("foo(", 4, 0, &off, &e);
	ok(rx == NULL, "unbalanced parenthesis fails");
	is_int(off, 4, "error offset");
	is_int(e.code, ERR_USAGE, "usage error");
	ok(strstr(e.msg, "offset 4") != NULL, "message has the offset");
	ok(strstr(e.msg, "missing closing parenthesis") != NULL,
	    "message has PCRE2's words");
	diag("%s", e.msg);
	rx = rx_compile("a[b", 3, 0, &off, &e);
	ok(rx == NULL && off == 3, "unterminated class at offset 3");
	rx = rx_compile("*a", 2, 0, &off, &e);
	ok(rx == NULL && off == 0, "nothing to repeat at offset 0");
	rx = rx_compile(NULL, 0, 0, NULL, &e);
	ok(rx == NULL, "NULL pattern fails");
	rx = rx_compile("", 0, 0, NULL, &e);
	ok(rx != NULL, "empty pattern compiles");
	is(rx_pattern(rx), "", "pattern kept");
	rx_free(rx);
	rx_free(NULL);
	rx = rx_compile("x", 1, 0, NULL, &e);
	diag("JIT %s", rx_jit(rx) ? "available" : "not available");
	rx_free(rx);
}

static void
test_match(void)
{
	struct err e;
	struct rx *rx;
	struct rx_matcher *m;
	size_t so, eo;

	is_int(M("b+", 0, "abbbc"), 1, "matches");
	is_int(M("z", 0, "abc"), 0, "no match");
	is_int(M("^$", 0, ""), 1, "empty subject");
	is_int(M("ABC", 0, "abc"), 0, "case-sensitive by default");
	is_int(M("abc", RX_ICASE, "ABC"), 1, "RX_ICASE");
	is_int(M("abc", RX_SMARTCASE, "xABCx"), 1,
	    "smart case: lower-case pattern ignores case");
	is_int(M("Abc", RX_SMARTCASE, "abc"), 0,
	    "smart case: a capital makes it exact");
	is_int(M("\\Sbc", RX_SMARTCASE, "ABC"), 1,
	    "smart case: \\S is not a capital");
	is_int(M("\\p{Lu}x", RX_SMARTCASE, "AX"), 1,
	    "smart case: \\p{Lu} is not a capital");
	is_int(M("caf\xc3\xa9", RX_ICASE, "CAF\xc3\x89"), 1,
	    "case folding beyond ASCII");
	is_int(M("a.c", 0, "a\xe4\xb8\xad" "c"), 1, ". is one character");
	is_int(M("b", 0, "a\xff" "b"), 1, "invalid UTF-8 subject matches");
	is_int(M("x", 0, "\xff\xfe\xc3"), 0, "invalid UTF-8 subject: no "
	    "match, no error");
	is_int(M("a.b", 0, "a\xff" "b"), 0, ". does not match an invalid "
	    "byte");
	is_int(M("a.b", RX_LITERAL, "xa.b"), 1, "literal");
	is_int(M("a.b", RX_LITERAL, "axb"), 0, "literal dot is a dot");
	ok(rx_has_upper("aB", 2) && !rx_has_upper("\\W\\D", 4) &&
	    !rx_has_upper("\\x{1F}", 6), "rx_has_upper");

	rx = rx_compile("o+", 2, 0, NULL, &e);
	m = rx_matcher_new(rx);
	is_int(rx_exec(m, "foo boo", 7, 0, &so, &eo, &e), 1, "exec");
	ok(so == 1 && eo == 3, "offsets of the first match");
	is_int(rx_exec(m, "foo boo", 7, 3, &so, &eo, &e), 1, "exec from 3");
	ok(so == 5 && eo == 7, "offsets of the next match");
	is_int(rx_exec(m, "foo", 3, 4, &so, &eo, &e), 0, "start past end");
	rx_matcher_free(m);
	rx_matcher_free(NULL);
	rx_free(rx);
}

static void
test_limits(void)
{
	struct err e;
	struct rx *rx;
	struct rx_matcher *m;
	size_t n = 10001;
	char *s = malloc(n);
	double t0, t;
	int r;

	memset(s, 'a', n - 1);
	s[n - 1] = 'b';
	rx = rx_compile("(a+)+$", 6, 0, NULL, &e);
	m = rx_matcher_new(rx);
	err_clear(&e);
	t0 = time_mono();
	r = rx_test(m, s, n, &e);
	t = time_mono() - t0;
	is_int(r, -1, "catastrophic pattern stops with an error");
	ok(strstr(e.msg, "pattern too expensive") != NULL,
	    "it says the pattern is too expensive");
	is_int(e.code, ERR_DATA, "as a data error");
	ok(t < 2.0, "quickly (%.3f s)", t);
	rx_matcher_free(m);
	rx_free(rx);

	/* deep recursion */
	rx = rx_compile("(?:(a)|b)*+c", 12, 0, NULL, &e);
	m = rx_matcher_new(rx);
	r = rx_test(m, s, n - 1, &e);
	ok(r == 0 || r == -1, "deep pattern ends (r=%d)", r);
	rx_matcher_free(m);
	rx_free(rx);
	free(s);
}

int
main(void)
{
	test_compile();
	test_match();
	test_limits();
	return done_testing();
}
