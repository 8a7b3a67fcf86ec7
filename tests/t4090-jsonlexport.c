/*
 * t4090-jsonlexport - the JSON Lines export refuses a file that changed
 * between loading and exporting, and writes nothing then.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data/fingerprint.h"
#include "core/data/format.h"
#include "core/review/export.h"
#include "core/review/journal.h"
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
	struct journal_opts jo;
	struct journal_decision jd;
	struct fingerprint fp;
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
	fingerprint_file(path, &fp, e);
	journal_opts_init(&jo);
	jo.write = 1;
	jo.fp = &fp;
	jo.reviewer = "t";
	jo.id_col = NULL;
	if (!(j = journal_open(jp, &jo, e)))
		BUG("%s", e->msg);
	for (i = 0; i < nd; i++) {
		journal_decision_init(&jd, JOURNAL_RELABEL, d[i].key,
		    strlen(d[i].key));
		jd.label = d[i].label;
		jd.label_len = strlen(d[i].label);
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
	free(path);
	free(jp);
	free(op);
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

int
main(void)
{
	test_changed();
	return done_testing();
}
