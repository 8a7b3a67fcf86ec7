/*
 * t0150-encoding - a file that is not CSV text is refused as what it is:
 * UTF-16 (with or without a byte order mark) as UTF-16, a binary file as
 * binary, each with the offset that gives it away and ERR_DATA.  CSV
 * text with the odd NUL or control byte in a field still loads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

/* s as UTF-16 (le or be), each byte of s one character, with or
 * without a byte order mark. */
static char *
utf16(const char *s, int le, int bom, size_t *n)
{
	size_t len = strlen(s), i, o = 0;
	char *b = xmalloc(2 * len + 2);

	if (bom) {
		b[o++] = le ? '\xff' : '\xfe';
		b[o++] = le ? '\xfe' : '\xff';
	}
	for (i = 0; i < len; i++) {
		b[o++] = le ? s[i] : '\0';
		b[o++] = le ? '\0' : s[i];
	}
	*n = o;
	return b;
}

/*
 * Load buf: 1 when it fails with ERR_DATA and a message that starts with
 * want, or, want NULL, when it loads.
 */
static int
outcome(const char *buf, size_t n, const char *want)
{
	struct err e;
	struct table *t;
	int good;

	err_clear(&e);
	t = csvload_mem("t.csv", buf, n, NULL, &e);
	good = want ? !t && e.code == ERR_DATA && strncmp(e.msg, want,
	    strlen(want)) == 0 : t != NULL;
	if (!good)
		diag("got: %s", t ? "(loaded)" : e.msg);
	table_free(t);
	return good;
}

#define refused(buf, n, want) outcome((buf), (n), (want))
#define loads(buf, n) outcome((buf), (n), NULL)

static void
test_utf16(void)
{
	static const char csv[] = "name,label\nalpha,x\nbeta,y\n";
	static const struct {
		int le, bom;
		const char *want, *name;
	} cases[] = {
		{ 1, 1, "t.csv: byte 0: UTF-16LE text (the byte order mark "
		    "FF FE)", "UTF-16LE with a byte order mark" },
		{ 0, 1, "t.csv: byte 0: UTF-16BE text (the byte order mark "
		    "FE FF)", "UTF-16BE with a byte order mark" },
		{ 1, 0, "t.csv: byte 1: UTF-16LE text (every other byte is "
		    "NUL)", "UTF-16LE without one" },
		{ 0, 0, "t.csv: byte 0: UTF-16BE text (every other byte is "
		    "NUL)", "UTF-16BE without one" },
	};
	char *b;
	size_t n, i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		b = utf16(csv, cases[i].le, cases[i].bom, &n);
		ok(refused(b, n, cases[i].want), "%s", cases[i].name);
		free(b);
	}
	ok(refused("\xff\xfe", 2, "t.csv: byte 0: UTF-16LE"),
	    "a byte order mark alone");
}

static void
test_binary(void)
{
	char buf[4096];
	uint64_t x = 150;
	size_t i;

	for (i = 0; i < sizeof buf; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		buf[i] = (char)(x >> 56);
	}
	buf[0] = 'a';
	for (i = 0; i < sizeof buf && buf[i] != '\0'; i++)
		;
	{
		char want[64];

		snprintf(want, sizeof want, "t.csv: byte %zu: binary data, "
		    "not CSV text", i);
		ok(refused(buf, sizeof buf, want), "random bytes: binary, "
		    "at the first NUL");
	}
	ok(refused("\x1f\x8b\x08\x00\x00\x00\x00\x00", 8, "t.csv: byte 0: "
	    "a gzip-compressed file"), "gzip named as such");
	ok(refused("PK\x03\x04\x14\x00\x06\x00", 8, "t.csv: byte 0: a zip "
	    "archive (a spreadsheet?"), "a spreadsheet named as such");
}

static void
test_text(void)
{
	static const char nul[] = "a,b\n1,x\0y\n2,\xff\xfe\x1b[31m\n";
	static const char cjk[] = "\xef\xbb\xbf\xe5\x90\x8d,label\n"
	    "\xe4\xb8\x80,x\n";
	char *big, *path;
	size_t n = 0, i;
	struct err e;
	struct table *t;

	ok(loads(nul, sizeof nul - 1), "a NUL and control bytes in a field "
	    "load");
	ok(loads(cjk, sizeof cjk - 1), "UTF-8 with a BOM loads");
	big = xmalloc(100000);
	n += (size_t)sprintf(big, "id,blob\n");
	for (i = 0; i < 2000; i++)
		n += (size_t)sprintf(big + n, "%zu,\"a\x01" "b%c\"\n", i,
		    i % 500 ? 'c' : '\0');
	ok(loads(big, n), "a few NULs and many control bytes in 64 KiB "
	    "load");
	path = tpath("u16.csv");
	write_file(path, "\xfe\xff\0a", 4);
	err_clear(&e);
	t = csvload(path, NULL, &e);
	ok(!t && e.code == ERR_DATA && strstr(e.msg, path) == e.msg &&
	    strstr(e.msg, ": byte 0: UTF-16BE"), "a file: named, ERR_DATA");
	table_free(t);
	free(path);
	free(big);
}

int
main(void)
{
	log_set_sink(capture, NULL);
	test_utf16();
	test_binary();
	test_text();
	return done_testing();
}
