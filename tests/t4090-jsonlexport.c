/*
 * t4090-jsonlexport - the JSON Lines export refuses a file that changed
 * between loading and exporting, and writes nothing then; fed its input
 * in pieces, it writes what it writes fed all at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "core/data/fingerprint.h"
#include "core/data/format.h"
#include "core/data/jsonl/jsonl.h"
#include "core/review/export.h"
#include "core/review/journal.h"
#include "core/review/jsonlexport.h"
#include "core/util/io/zstream.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

struct dec {
	const char *key, *label;
};

/*
 * Load in (as NAME in the scratch folder), journal the decisions, write
 * after over the file (NULL: leave it), export to NAME.out.  Returns
 * export_write's status; *out gets the output (caller frees).
 */
static int
run(const char *name, const char *in, const char *after,
    const struct dec *d, size_t nd, char **out, size_t *outlen,
    struct err *e)
{
	char *path = tpath(name);
	char *jp = journal_path_for(path), *op = xasprintf("%s.out", path);
	struct export_opts xo;
	struct journal_decision jd;
	struct journal *j;
	struct table *t;
	size_t i;
	int rc = -1;

	*out = NULL;
	write_file(path, in, strlen(in));
	unlink(jp);
	t = format_load(path, NULL, e);
	if (!t)
		BUG("%s", e->msg);
	if (!(j = test_journal(jp, path, "t", 0, e)))
		BUG("%s", e->msg);
	for (i = 0; i < nd; i++) {
		jd = test_decision(JOURNAL_RELABEL, d[i].key, NULL,
		    d[i].label);
		if (journal_append(j, &jd, e) != 0)
			BUG("%s", e->msg);
	}
	if (after)
		write_file(path, after, strlen(after));
	export_opts_init(&xo);
	xo.label_col = table_col_index(t, "label");
	err_clear(e);
	rc = export_write(t, j, op, &xo, NULL, e);
	if (rc == 0)
		*out = slurp(op, outlen);
	journal_close(j);
	table_free(t);
	FREE_ALL(path, jp, op);
	return rc;
}

static void
test_changed(void)
{
	static const char in[] = "{\"label\":\"ab\"}\n{\"label\":\"cd\"}\n";
	static const struct dec d[] = { { "2", "zz" } };
	struct err e;
	char *out;
	size_t n;

	ok(run("a.jsonl", in, NULL, d, 1, &out, &n, &e) == 0 && out &&
	    strcmp(out, "{\"label\":\"ab\"}\n{\"label\":\"zz\"}\n") == 0,
	    "unchanged: the label is rewritten");
	free(out);
	ok(run("b.jsonl", in, "{\"label\":\"ab\"}\n{\"label\":\"xy\"}\n", d, 1,
	    &out, &n, &e) < 0 && e.code == ERR_DATA &&
	    strstr(e.msg, "b.jsonl:2: the file changed since it was loaded (a "
	    "label is not what was loaded)"), "a decided label changed: "
	    "refused");
	ok(run("c.jsonl", in, "\n{\"label\":\"ab\"}{\"label\":\"cd\"}\n", d,
	    1, &out, &n, &e) < 0 && strstr(e.msg, "c.jsonl:1: the file "
	    "changed since it was loaded (a row is no JSON object now)"),
	    "a row line that went blank: refused");
	ok(run("d.jsonl", in, "{\"label\":\"ab\"}\n\n{\"label\":\"c\"}\n", d,
	    1, &out, &n, &e) < 0 && strstr(e.msg, "d.jsonl:2: the file "
	    "changed"), "rows on other lines: refused");
	ok(run("e.jsonl", in, "{\"label\":\"ab\"}\n{\"label\":\"cd\"}\n{}\n",
	    d, 1, &out, &n, &e) < 0 && strstr(e.msg, "its size is not the "
	    "same"), "a longer file: refused");
	{
		char *o = tpath("e.jsonl.out");

		ok(access(o, F_OK) != 0, "nothing written");
		free(o);
	}
}

/* The copier fed in pieces of every size from 1 to 13 bytes writes what
 * it writes fed all at once: lines cut between pieces are carried. */
static void
test_pieces(void)
{
	static const char in[] = "\xef\xbb\xbf{\"label\": \"a\"}\r\n\n"
	    "{ \"label\" : 2 }\nnot json\n{\"x\":{\"label\":1}}\r\n"
	    "{\"label\":\"last\"}";
	static const char *const names[] = { "given" };
	struct csvload_opts lo;
	struct export_opts xo;
	struct export_stats st;
	struct jsonlexport_plan P;
	struct jsonlexport x;
	struct sink whole = { NULL, 0, 0 }, k;
	uint32_t label[8];
	uint8_t src[8] = { 0 };
	struct err e;
	struct table *t;
	size_t n = sizeof in - 1, piece, at;
	int add, bad = 0;

	csvload_opts_init(&lo);
	lo.ragged = CSVLOAD_RAGGED_SKIP;
	t = jsonl_load_mem("p.jsonl", in, n, &lo, &e);
	if (!ok(t && t->nrows == 4, "the pieces file loads"))
		return;
	memset(label, 0xff, sizeof label);
	P.label = label;
	P.src = src;
	P.src_names = names;
	P.src_dropped = 99;
	for (add = 0; add < 2; add++) {
		export_opts_init(&xo);
		xo.label_col = table_col_index(t, "label");
		xo.ragged = lo.ragged;
		xo.nadd = add;
		xo.add[0] = EXPORT_COL_SOURCE;
		whole.n = 0;
		jsonlexport_init(&x, t, NULL, &xo, &P, &st, sink_put, &whole);
		if (jsonlexport_feed(&x, in, n, 1, &e) != 0)
			BUG("%s", e.msg);
		jsonlexport_release(&x);
		if (!add)
			ok(whole.n == n && memcmp(whole.b, in, n) == 0,
			    "nothing decided: the input, byte for byte");
		else
			ok(strstr(whole.b, "{ \"label\" : 2, \"label_source\" "
			    ": \"given\" }\n") != NULL, "a member added, "
			    "spaced as the line spaces its colon");
		for (piece = 1; piece <= 13; piece++) {
			memset(&k, 0, sizeof k);
			jsonlexport_init(&x, t, NULL, &xo, &P, &st, sink_put, &k);
			for (at = 0; at < n; at += piece)
				if (jsonlexport_feed(&x, in + at, at + piece <
				    n ? piece : n - at, at + piece >= n, &e))
					BUG("%s", e.msg);
			jsonlexport_release(&x);
			bad += k.n != whole.n || memcmp(k.b, whole.b, k.n);
			free(k.b);
		}
		is_int(bad, 0, add ? "with a member added, the same in "
		    "pieces of 1 to 13 bytes" : "the same in pieces of 1 to "
		    "13 bytes");
	}
	free(whole.b);
	table_free(t);
}

/* A compressed file's content hash is that of its bytes on disk, which
 * export checks. */
static void
test_compressed_hash(void)
{
	static const char in[] = "{\"label\":\"a\"}\n{\"label\":\"b\"}\n";
	char *plain = tpath("h.jsonl"), *cmd;
	char *gz = xasprintf("%s.gz", plain);
	struct err e;
	struct table *t;
	uint64_t want = 0;
	size_t n;
	char *bytes;
	int fd;

	write_file(plain, in, sizeof in - 1);
	cmd = xasprintf("gzip -c '%s' >'%s'", plain, gz);
	if (system(cmd) != 0)
		BUG("%s", cmd);
	bytes = slurp(gz, &n);
	t = format_load(gz, NULL, &e);
	fd = open(gz, O_RDONLY);
	ok(t && t->compression == ZSTREAM_GZIP && t->file_size == n &&
	    fingerprint_content_fd(fd, gz, n, &want, &e) == 0 &&
	    t->content_hash == want, "a gzip file: size and content hash "
	    "of the file on disk");
	close(fd);
	table_free(t);
	FREE_ALL(bytes, cmd, gz, plain);
}

int
main(void)
{
	test_changed();
	test_pieces();
	test_compressed_hash();
	return done_testing();
}
