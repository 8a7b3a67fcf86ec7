/*
 * t0030-copy - what y and Y copy and where: base64 (the RFC 4648 test
 * vectors, as OSC 52 carries them), a cell byte for byte, a row as one
 * CSV record that reads back as the same cells (quotes, delimiters and
 * line breaks inside; a tab-separated file keeps its tab), the
 * clipboard's file (made for the user alone, replaced by each copy, a
 * link or someone else's folder refused, the dataset never written), and
 * the Table's column layout (hide, pin, a sort of several keys).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util/io/base64.h"
#include "tui/clip.h"
#include "views/lib/collayout.h"
#include "views/lib/rowtext.h"
#include "tests/tap.h"
#include "tests/util.h"

static void
test_base64(void)
{
	static const char *in[] = { "", "f", "fo", "foo", "foob", "fooba",
	    "foobar" };
	static const char *want[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==",
	    "Zm9vYmE=", "Zm9vYmFy" };
	char out[16];
	unsigned char bin[3] = { 0xff, 0x00, 0xfe };
	size_t i;

	for (i = 0; i < sizeof in / sizeof *in; i++) {
		ok(base64_encode(in[i], strlen(in[i]), out) ==
		    base64_len(strlen(in[i])) && strcmp(out, want[i]) == 0,
		    "base64 of '%s' is '%s': %s", in[i], want[i], out);
	}
	base64_encode(bin, 3, out);
	is(out, "/wD+", "bytes above 127 and NUL");
}

static void
test_rowtext(void)
{
	struct table *t = load_str("id,text,n\n"
	    "1,\"say \"\"hi\"\", then go\",3\n"
	    "2,\"two\nlines\",\n"
	    "3,plain,4.5\n");
	struct table *u;
	char *s;
	size_t n;

	s = rowtext_cell(t, 1, 0, &n);
	is(s, "say \"hi\", then go", "a cell: its text, quoting undone");
	is_int(n, strlen(s), "and its length");
	free(s);
	s = rowtext_record(t, 0, &n);
	is(s, "1,\"say \"\"hi\"\", then go\",3",
	    "a record: quotes doubled, a comma quoted");
	free(s);
	s = rowtext_record(t, 1, &n);
	is(s, "2,\"two\nlines\",", "a line break quoted, a missing cell empty");
	free(s);
	s = rowtext_record(t, 2, &n);
	is(s, "3,plain,4.5", "nothing to quote: as it was");
	is_int(n, 11, "no line ending");
	free(s);
	table_free(t);

	u = load_str("a\tb\n" "x,y\tz\n");
	s = rowtext_record(u, 0, &n);
	is(s, "x,y\tz", "a tab-separated row keeps its tab; a comma is "
	    "plain text there");
	free(s);
	table_free(u);
}

static void
test_clip_file(void)
{
	struct outfile_keep keep[1];
	struct backend be;
	struct msg m;
	struct err e;
	struct stat st;
	char *dir, *path, *got, *data, *cmd, *want;

	memset(&be, 0, sizeof be);
	msg_init(&m);
	setenv("XDG_RUNTIME_DIR", "", 1);
	setenv("TMPDIR", test_dir(), 1);
	dir = xasprintf("%s/winnow-%lu", test_dir(), (unsigned long)geteuid());
	path = clip_file(&e);
	ok(path != NULL, "a file for the clipboard");
	want = xasprintf("%s/clipboard", dir);
	is(path, want, "in a folder of the user's");
	free(want);
	ok(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700,
	    "made for the user alone");
	clip_copy(&be, "cell", "first", 5, NULL, 0, &m);
	got = slurp(path, NULL);
	is(got, "first", "no OSC 52: the cell goes to the file");
	free(got);
	ok(strstr(m.text, path) != NULL, "the message names the file: %s",
	    m.text);
	clip_copy(&be, "row", "a,b", 3, NULL, 0, &m);
	got = slurp(path, NULL);
	is(got, "a,b", "the next copy replaces it");
	free(got);

	/* the file is the dataset (a link to it): never written */
	data = tpath("data.csv");
	write_file(data, "a,b\n1,2\n", 8);
	unlink(path);
	if (symlink(data, path) != 0)
		die("symlink %s", path);
	keep[0].path = data;
	keep[0].what = "the dataset";
	keep[0].output = 0;
	clip_copy(&be, "cell", "over", 4, keep, 1, &m);
	got = slurp(data, NULL);
	is(got, "a,b\n1,2\n", "a link to the dataset: the dataset is intact");
	free(got);
	ok(m.level == VIEW_ERROR, "and the copy says it failed: %s",
	    m.text);
	unlink(path);

	/* a folder others may write to is refused */
	if (chmod(dir, 0777) != 0)
		die("chmod %s", dir);
	free(path);
	path = clip_file(&e);
	ok(path == NULL && e.code == ERR_CANTCREAT,
	    "a folder open to others is refused: %s", e.msg);
	free(path);
	cmd = xasprintf("chmod 700 '%s'", dir);
	if (system(cmd) != 0)
		die("%s", cmd);
	free(cmd);

	setenv("XDG_RUNTIME_DIR", test_dir(), 1);
	path = clip_file(&e);
	want = xasprintf("%s/winnow-clipboard", test_dir());
	is(path, want, "$XDG_RUNTIME_DIR when there is one");
	FREE_ALL(want, path, dir, data);
	msg_release(&m);
}

static void
test_layout(void)
{
	struct table *t = load_str("a,b,c,d\n1,2,3,4\n");
	struct collayout l;
	int desc = -1;
	uint64_t s;

	collayout_init(&l);
	collayout_fit(&l, t);
	is_int(l.ncols, 4, "fitted to the table");
	collayout_set(&l, 1, COLLAYOUT_HIDDEN, 1);
	collayout_set(&l, 2, COLLAYOUT_PINNED, 1);
	collayout_set(&l, 3, COLLAYOUT_HIDDEN, 1);
	is_int(collayout_nhidden(&l), 2, "two hidden");
	ok(collayout_flags(&l, 2) == COLLAYOUT_PINNED, "c pinned");
	is_int(collayout_flags(&l, 9), 0, "a column out of range: nothing");
	is_int(collayout_show_all(&l), 2, "gv shows both");
	is_int(collayout_nhidden(&l), 0, "none hidden");
	ok(collayout_flags(&l, 2) == COLLAYOUT_PINNED, "c still pinned");

	collayout_sort(&l, 2, 1, 0);
	collayout_sort(&l, 0, 0, 1);
	is_int(l.nsort, 2, "two keys");
	is_int(collayout_sorted(&l, 2, &desc), 1, "c first");
	is_int(desc, 1, "largest first");
	is_int(collayout_sorted(&l, 0, &desc), 2, "a second");
	is_int(desc, 0, "smallest first");
	collayout_sort(&l, 2, 0, 1);
	ok(l.nsort == 2 && collayout_sorted(&l, 2, &desc) == 1 && desc == 0,
	    "adding a key already there turns it in place");
	collayout_sort(&l, 3, 0, 0);
	ok(l.nsort == 1 && collayout_sorted(&l, 3, NULL) == 1,
	    "sorting afresh: one key");
	s = l.serial;
	collayout_unsort(&l);
	ok(l.nsort == 0 && l.serial != s, "unsorted, and the serial moved");
	collayout_fit(&l, t);
	ok(l.serial == s + 1, "the same table: the layout stays");
	table_free(t);
	t = load_str("a,b\n1,2\n");
	collayout_set(&l, 0, COLLAYOUT_HIDDEN, 1);
	collayout_fit(&l, t);
	ok(l.ncols == 2 && collayout_nhidden(&l) == 0,
	    "another table: the layout starts afresh");
	table_free(t);
	collayout_release(&l);
}

int
main(void)
{
	test_base64();
	test_rowtext();
	test_clip_file();
	test_layout();
	done_testing();
}
