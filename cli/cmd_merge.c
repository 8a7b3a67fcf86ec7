/*
 * cmd_merge.c - `winnow merge J1 J2`: two reviewers' journals of one
 * dataset compared (agreement, Cohen's kappa, conflicts) and, with
 * --out, merged into one journal.
 *
 * Keys and labels come from the data: they are printed escaped
 * (control bytes, C1 controls and invalid UTF-8 as \xHH).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/review/decisions.h"
#include "core/review/jmerge.h"
#include "core/review/journal.h"
#include "core/util/jsonw.h"
#include "core/util/numfmt.h"
#include "core/util/utf8.h"
#include "cli/cli.h"
#include "cli/cmds.h"

static void
usage(FILE *f)
{
	fputs("usage: winnow merge J1 J2 [--out J] [--json] [--force]\n"
	    "Compares two review journals of the same dataset: rows decided "
	    "by both,\n"
	    "agreement, Cohen's kappa and the conflicts; --out writes the "
	    "merged journal.\n", f);
}

/* Length of the valid UTF-8 sequence at s (not a C1 control), or 0. */
static size_t
utf8_ok(const unsigned char *s, size_t n)
{
	uint32_t c;
	size_t k = utf8_seq(s, n, &c);

	return k > 1 && c >= 0xa0 ? k : 0;
}

static void
shown(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			if (p[i] == '\\')
				fputc('\\', f);
			fputc(p[i++], f);
		} else if (p[i] >= 0x80 && (k = utf8_ok(p + i, n - i))) {
			fwrite(p + i, 1, k, f);
			i += k;
		} else {
			fprintf(f, "\\x%02x", p[i++]);
		}
	}
}

/* One side of a conflict: "ann: 'dog'" or "ann: drop". */
static void
side(FILE *f, const struct journal *j, uint32_t v)
{
	const struct journal_entry *en = journal_entry(j, v);
	size_t n;
	const char *s = journal_str(j, en->reviewer, &n);

	shown(f, s, n);
	if (en->type == JOURNAL_DROP) {
		fputs(": drop", f);
		return;
	}
	s = journal_str(j, journal_type_sets_label(en->type) ? en->label :
	    en->given, &n);
	fputs(": '", f);
	if (s)
		shown(f, s, n);
	else
		fputs("?", f);
	fprintf(f, "' (%s)", journal_type_name(en->type));
}

static void
print_text(const struct journal *a, const struct journal *b,
    const struct jmerge *m)
{
	const struct journal_entry *va;
	const char *s;
	size_t i, n;

	char n1[NUMFMT_COUNT], n2[NUMFMT_COUNT];

	printf("%s: %s %s decided\n", journal_path(a),
	    numfmt_count(m->decided_a, n1), numfmt_noun(m->decided_a, "row",
	    "rows"));
	printf("%s: %s %s decided\n", journal_path(b),
	    numfmt_count(m->decided_b, n1), numfmt_noun(m->decided_b, "row",
	    "rows"));
	printf("decided by both: %s %s; agree on %s", numfmt_count(m->both,
	    n1), numfmt_noun(m->both, "row", "rows"), numfmt_count(m->agree,
	    n2));
	if (m->both)
		printf(" (%.1f%%)", 100 * m->po);
	if (isnan(m->kappa))
		printf("; Cohen's kappa undefined (%s)\n", m->both ?
		    "all in one category" : "no row in common");
	else
		printf("; Cohen's kappa %.3f (chance agreement %.3f)\n",
		    m->kappa, m->pe);
	printf("conflicts: %s\n", numfmt_count(m->nconf, n1));
	for (i = 0; i < m->nconf; i++) {
		va = journal_entry(a, m->conf[i].va);
		s = journal_key(a, m->conf[i].key_a, &n);
		fputs("  ", stdout);
		shown(stdout, s, n);
		s = journal_str(a, va->given, &n);
		if (s) {
			fputs(": given '", stdout);
			shown(stdout, s, n);
			fputs("'; ", stdout);
		} else {
			fputs(": ", stdout);
		}
		side(stdout, a, m->conf[i].va);
		fputs("; ", stdout);
		side(stdout, b, m->conf[i].vb);
		fputc('\n', stdout);
	}
}

static void
json_side(struct jsonw *w, const struct journal *j, uint32_t v)
{
	const struct journal_entry *en = journal_entry(j, v);

	jsonw_obj_begin(w);
	decisions_kv_str(w, j, "reviewer", en->reviewer);
	jsonw_kv_str(w, "decision", journal_type_name(en->type));
	decisions_kv_str(w, j, "label", en->type == JOURNAL_DROP ?
	    JOURNAL_NONE : journal_type_sets_label(en->type) ? en->label :
	    en->given);
	jsonw_obj_end(w);
}

static void
print_json(const struct journal *a, const struct journal *b,
    const struct jmerge *m, const char *out)
{
	struct jsonw w;
	const char *s;
	size_t i, n;

	jsonw_init(&w, stdout, 1);
	jsonw_obj_begin(&w);
	jsonw_key(&w, "a");
	jsonw_obj_begin(&w);
	jsonw_kv_str(&w, "journal", journal_path(a));
	jsonw_kv_uint(&w, "decided", m->decided_a);
	jsonw_obj_end(&w);
	jsonw_key(&w, "b");
	jsonw_obj_begin(&w);
	jsonw_kv_str(&w, "journal", journal_path(b));
	jsonw_kv_uint(&w, "decided", m->decided_b);
	jsonw_obj_end(&w);
	jsonw_kv_uint(&w, "both", m->both);
	jsonw_kv_uint(&w, "agree", m->agree);
	jsonw_kv_num(&w, "agreement", m->po);
	jsonw_kv_num(&w, "chance_agreement", m->pe);
	jsonw_kv_num(&w, "kappa", m->kappa);
	jsonw_key(&w, "categories");
	jsonw_arr_begin(&w);
	for (i = 0; i < m->ncat; i++) {
		jsonw_obj_begin(&w);
		if (m->cat_drop[i]) {
			jsonw_kv_bool(&w, "drop", 1);
		} else {
			jsonw_kv_strn(&w, "label", m->cat[i], m->cat_len[i]);
		}
		jsonw_kv_uint(&w, "a", m->count_a[i]);
		jsonw_kv_uint(&w, "b", m->count_b[i]);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_key(&w, "conflicts");
	jsonw_arr_begin(&w);
	for (i = 0; i < m->nconf; i++) {
		jsonw_obj_begin(&w);
		s = journal_key(a, m->conf[i].key_a, &n);
		jsonw_kv_strn(&w, "key", s, n);
		decisions_kv_str(&w, a, "given",
		    journal_entry(a, m->conf[i].va)->given);
		jsonw_key(&w, "a");
		json_side(&w, a, m->conf[i].va);
		jsonw_key(&w, "b");
		json_side(&w, b, m->conf[i].vb);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_key(&w, "merged");
	if (out)
		jsonw_str(&w, out);
	else
		jsonw_null(&w);
	jsonw_obj_end(&w);
	jsonw_finish(&w);
}

int
cmd_merge(int argc, char **argv)
{
	const char *path[2] = { NULL, NULL }, *out = NULL, *v;
	struct journal *j[2] = { NULL, NULL };
	struct jmerge m;
	struct err e;
	int i, k, bad = 0, json = 0, force = 0, rc = ERR_USAGE, np = 0;

	memset(&m, 0, sizeof m);
	for (i = 1; i < argc; i++) {
		if ((v = cli_value("--out", argc, argv, &i, &bad))) {
			out = v;
		} else if (bad) {
			return ERR_USAGE;
		} else if (cli_switch(argv[i], (const struct cli_switch[]){
		    { "--json", &json }, { "--force", &force } }, 2)) {
			continue;
		} else if (cli_is_help(argv[i])) {
			usage(stdout);
			return 0;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			cli_usage_error("merge: unknown option '%s'", argv[i]);
			usage(stderr);
			return ERR_USAGE;
		} else if (np < 2) {
			path[np++] = argv[i];
		} else {
			return cli_usage_error("merge: two journals only ('%s' "
			    "is one too many)", argv[i]);
		}
	}
	if (np < 2) {
		usage(stderr);
		return ERR_USAGE;
	}
	for (k = 0; k < 2; k++) {
		if (!(j[k] = journal_open(path[k], NULL, &e))) {
			rc = cli_fail(&e);
			goto done;
		}
	}
	if (jmerge_compare(j[0], j[1], &m, &e) != 0) {
		rc = cli_fail(&e);
		goto done;
	}
	if (out && jmerge_write(j[0], j[1], &m, out, force, &e) != 0) {
		rc = cli_fail(&e);
		goto done;
	}
	if (json) {
		print_json(j[0], j[1], &m, out);
	} else {
		print_text(j[0], j[1], &m);
		if (out)
			printf("merged journal written to %s\n", out);
	}
	rc = fflush(stdout) == 0 ? 0 : ERR_IO;
done:
	jmerge_release(&m);
	journal_close(j[0]);
	journal_close(j[1]);
	return rc;
}
