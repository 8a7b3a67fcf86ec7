/*
 * report.c - counting a journal and writing it up.
 *
 * Pairs, classes and reviewers are gathered in dicts keyed by the
 * journal's string ids (as raw 4- or 8-byte keys), which gives each a
 * dense index; they are sorted by name or count only for writing.
 * Untrusted text (labels, names) is escaped for Markdown table cells;
 * JSON escaping is jsonw's.
 */
#include "core/review/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/dict.h"
#include "core/review/decisions.h"
#include "core/util/jsonw.h"
#include "core/util/outfile.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

static uint32_t
intern_ids(struct dict *d, uint32_t a, uint32_t b, int two)
{
	uint32_t k[2] = { a, b };

	return dict_intern(d, k, two ? sizeof k : sizeof k[0]);
}

/* Byte order of two journal strings (NONE first). */
static int
str_cmp(const struct journal *j, uint32_t a, uint32_t b)
{
	size_t na, nb;
	const char *sa = journal_str(j, a, &na), *sb = journal_str(j, b, &nb);
	int c;

	if (!sa || !sb)
		return (sa != NULL) - (sb != NULL);
	c = memcmp(sa, sb, na < nb ? na : nb);
	return c ? c : (na > nb) - (na < nb);
}

/* The comparators below read names from the journal passed as ctx. */
static int
pair_cmp(const void *x, const void *y, void *ctx)
{
	const struct journal *j = ctx;
	const struct report_pair *a = x, *b = y;
	int c;

	if (a->rows != b->rows)
		return a->rows < b->rows ? 1 : -1;
	c = str_cmp(j, a->given, b->given);
	return c ? c : str_cmp(j, a->label, b->label);
}

static int
cls_cmp(const void *x, const void *y, void *ctx)
{
	const struct journal *j = ctx;
	const struct report_class *a = x, *b = y;

	return str_cmp(j, a->given, b->given);
}

static int
rev_cmp(const void *x, const void *y, void *ctx)
{
	const struct journal *j = ctx;
	const struct report_reviewer *a = x, *b = y;

	return str_cmp(j, a->name, b->name);
}

static int
i64_cmp(const void *x, const void *y, void *ctx)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

static void
count_rows(const struct journal *j, struct report *r)
{
	struct dict pairs, classes;
	struct journal_state st;
	uint32_t k, id;
	size_t cap = 0, i;

	dict_init(&pairs);
	dict_init(&classes);
	for (k = 0; k < journal_nkeys(j); k++) {
		journal_key_state(j, k, &st);
		if (st.last == JOURNAL_NONE)
			continue;
		r->rows++;
		r->flagged += st.flag != JOURNAL_NONE;
		r->noted += st.note != JOURNAL_NONE;
		r->skipped += st.skip != JOURNAL_NONE;
		if (st.verdict == JOURNAL_NONE)
			continue;
		r->reviewed++;
		id = intern_ids(&classes, st.given, 0, 0);
		if (id >= r->ncls) {
			r->cls = xgrow(r->cls, &cap, (size_t)id + 1,
			    sizeof *r->cls);
			memset(&r->cls[id], 0, sizeof *r->cls);
			r->cls[id].given = st.given;
			r->ncls = (size_t)id + 1;
		}
		r->cls[id].reviewed++;
		if (st.dropped) {
			r->dropped++;
			r->cls[id].dropped++;
		}
		if (st.relabelled) {
			r->relabelled++;
			r->cls[id].relabelled++;
			intern_ids(&pairs, st.given, st.label, 1);
		}
	}
	r->npair = pairs.n;
	r->pair = xcalloc(r->npair + 1, sizeof *r->pair);
	for (i = 0; i < pairs.n; i++) {
		uint32_t ids[2];

		memcpy(ids, dict_str(&pairs, (uint32_t)i, NULL), sizeof ids);
		r->pair[i].given = ids[0];
		r->pair[i].label = ids[1];
		r->pair[i].rows = pairs.count[i];
	}
	dict_release(&pairs);
	dict_release(&classes);
}

struct times {
	int64_t *t;
	size_t n, cap;
};

static void
count_lines(const struct journal *j, struct report *r)
{
	const struct journal_entry *en, *prev;
	struct dict names;
	struct times *tm = NULL;
	size_t cap = 0, i, k;
	uint32_t id;

	dict_init(&names);
	r->lines = journal_count(j);
	for (i = 0; i < r->lines; i++) {
		en = journal_entry(j, i);
		if (en->undone)
			r->undone++;
		else if (en->type == JOURNAL_BULK) {
			/* a commit counts while its group stands */
			prev = i > 0 ? journal_entry(j, i - 1) : NULL;
			r->by_type[JOURNAL_BULK] += prev && !prev->undone;
		} else
			r->by_type[en->type]++;
		if (i == 0 || en->time_ms < r->first_ms)
			r->first_ms = en->time_ms;
		if (i == 0 || en->time_ms > r->last_ms)
			r->last_ms = en->time_ms;
		id = intern_ids(&names, en->reviewer, 0, 0);
		if (id >= r->nrev) {
			size_t c2 = cap;

			r->rev = xgrow(r->rev, &cap, (size_t)id + 1,
			    sizeof *r->rev);
			tm = xgrow(tm, &c2, (size_t)id + 1, sizeof *tm);
			memset(&r->rev[id], 0, sizeof *r->rev);
			memset(&tm[id], 0, sizeof *tm);
			r->rev[id].name = en->reviewer;
			r->nrev = (size_t)id + 1;
		}
		r->rev[id].lines++;
		tm[id].t = xgrow(tm[id].t, &tm[id].cap, tm[id].n + 1,
		    sizeof *tm[id].t);
		tm[id].t[tm[id].n++] = en->time_ms;
	}
	for (k = 0; k < r->nrev; k++) {
		struct report_reviewer *rv = &r->rev[k];
		int64_t *t = tm[k].t;

		sort_stable(t, tm[k].n, sizeof *t, i64_cmp, NULL);
		rv->first_ms = t[0];
		rv->last_ms = t[tm[k].n - 1];
		for (i = 1; i < tm[k].n; i++)
			if (t[i] - t[i - 1] < r->idle_ms)
				rv->active_ms += t[i] - t[i - 1];
		r->active_ms += rv->active_ms;
		free(t);
	}
	free(tm);
	dict_release(&names);
}

void
report_build(const struct journal *j, int64_t idle_ms, struct report *r)
{
	memset(r, 0, sizeof *r);
	r->idle_ms = idle_ms > 0 ? idle_ms : REPORT_IDLE_MS;
	count_rows(j, r);
	count_lines(j, r);
	sort_stable(r->pair, r->npair, sizeof *r->pair, pair_cmp, (void *)j);
	sort_stable(r->cls, r->ncls, sizeof *r->cls, cls_cmp, (void *)j);
	sort_stable(r->rev, r->nrev, sizeof *r->rev, rev_cmp, (void *)j);
}

void
report_release(struct report *r)
{
	if (!r)
		return;
	FREE_ALL(r->pair, r->cls, r->rev);
	memset(r, 0, sizeof *r);
}

/* --- Markdown ------------------------------------------------------ */

/* A table cell: pipes, backslashes, backticks and control bytes
 * escaped, so no text can break the table or the terminal. */
static void
md_cell(FILE *f, const char *s, size_t n)
{
	size_t i;
	unsigned char c;

	if (!s) {
		fputs("*(unknown)*", f);
		return;
	}
	if (n == 0) {
		fputs("*(empty)*", f);
		return;
	}
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '|' || c == '\\' || c == '`' || c == '*' ||
		    c == '_' || c == '<')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
}

static void
md_str(FILE *f, const struct journal *j, uint32_t id)
{
	size_t n;
	const char *s = journal_str(j, id, &n);

	md_cell(f, s, n);
}

static void
duration(char *buf, size_t n, int64_t ms)
{
	int64_t s = ms / 1000;

	snprintf(buf, n, "%lldh %02lldm %02llds", (long long)(s / 3600),
	    (long long)(s / 60 % 60), (long long)(s % 60));
}

static double
share(uint64_t a, uint64_t b)
{
	return b ? 100.0 * (double)a / (double)b : 0;
}

int
report_write_md(const struct report *r, const struct journal *j, FILE *f)
{
	const struct fingerprint *fp = journal_fingerprint(j);
	char t1[32], t2[32], d[32];
	size_t i;
	int t;

	fputs("# Review report\n\n", f);
	fputs("Journal: ", f);
	md_cell(f, journal_path(j), strlen(journal_path(j)));
	fprintf(f, " (%llu lines), on a dataset of %llu bytes (sample "
	    "%016llx).\n", (unsigned long long)r->lines,
	    (unsigned long long)fp->size, (unsigned long long)fp->sample);
	if (r->lines) {
		journal_format_time(r->first_ms, t1, sizeof t1);
		journal_format_time(r->last_ms, t2, sizeof t2);
		fprintf(f, "First decision %s, last %s.\n", t1, t2);
	}
	fprintf(f, "\nRows with a decision: %llu; reviewed (accepted, "
	    "rejected, picked, relabelled or dropped): %llu; relabelled: "
	    "%llu; dropped: %llu; flagged: %llu; with a note: %llu; skipped: "
	    "%llu.\n", (unsigned long long)r->rows,
	    (unsigned long long)r->reviewed, (unsigned long long)r->relabelled,
	    (unsigned long long)r->dropped, (unsigned long long)r->flagged,
	    (unsigned long long)r->noted, (unsigned long long)r->skipped);

	fputs("\n## Decisions by type\n\n| type | lines |\n|---|---:|\n", f);
	for (t = 0; t < JOURNAL_NTYPES; t++) {
		if (t == JOURNAL_UNDO || !r->by_type[t])
			continue;
		fprintf(f, "| %s%s | %llu |\n", journal_type_name(t),
		    t == JOURNAL_BULK ? " (groups)" : "",
		    (unsigned long long)r->by_type[t]);
	}
	fprintf(f, "| undo | %llu |\n| (lines undone) | %llu |\n",
	    (unsigned long long)r->by_type[JOURNAL_UNDO],
	    (unsigned long long)r->undone);

	fputs("\n## Relabels\n\n", f);
	if (r->npair == 0)
		fputs("None.\n", f);
	else
		fputs("| given | new | rows |\n|---|---|---:|\n", f);
	for (i = 0; i < r->npair; i++) {
		fputs("| ", f);
		md_str(f, j, r->pair[i].given);
		fputs(" | ", f);
		md_str(f, j, r->pair[i].label);
		fprintf(f, " | %llu |\n", (unsigned long long)r->pair[i].rows);
	}

	fputs("\n## Noise found per class\n\n", f);
	if (r->ncls == 0)
		fputs("No row reviewed.\n", f);
	else
		fputs("| given class | reviewed | relabelled | dropped | "
		    "noise |\n|---|---:|---:|---:|---:|\n", f);
	for (i = 0; i < r->ncls; i++) {
		const struct report_class *c = &r->cls[i];

		fputs("| ", f);
		md_str(f, j, c->given);
		fprintf(f, " | %llu | %llu | %llu | %.1f%% |\n",
		    (unsigned long long)c->reviewed,
		    (unsigned long long)c->relabelled,
		    (unsigned long long)c->dropped,
		    share(c->relabelled, c->reviewed));
	}
	fputs("\nNoise = relabelled / reviewed, per given label.\n", f);

	fputs("\n## Reviewers\n\n| reviewer | lines | time spent |\n"
	    "|---|---:|---:|\n", f);
	for (i = 0; i < r->nrev; i++) {
		fputs("| ", f);
		md_str(f, j, r->rev[i].name);
		duration(d, sizeof d, r->rev[i].active_ms);
		fprintf(f, " | %llu | %s |\n",
		    (unsigned long long)r->rev[i].lines, d);
	}
	duration(d, sizeof d, r->active_ms);
	fprintf(f, "\nTime spent: %s in all.  It sums the gaps between each "
	    "reviewer's consecutive journal lines, leaving out gaps of %lld "
	    "s or more (breaks), so the first decision of a sitting adds "
	    "nothing.\n", d, (long long)(r->idle_ms / 1000));
	fflush(f);
	return ferror(f) ? -1 : 0;
}

/* --- JSON ---------------------------------------------------------- */

/* "key": the time ms as the journal writes it, null for an empty journal
 * (lines 0). */
static void
json_time(struct jsonw *w, const char *key, int64_t ms, uint64_t lines)
{
	char t[32];

	jsonw_key(w, key);
	journal_format_time(ms, t, sizeof t);
	if (lines)
		jsonw_str(w, t);
	else
		jsonw_null(w);
}

int
report_write_json(const struct report *r, const struct journal *j, FILE *f)
{
	struct jsonw w;
	size_t i;
	int k;

	jsonw_init(&w, f, 1);
	jsonw_obj_begin(&w);
	jsonw_kv_str(&w, "journal", journal_path(j));
	jsonw_kv_uint(&w, "dataset_size", journal_fingerprint(j)->size);
	jsonw_kv_uint(&w, "lines", r->lines);
	json_time(&w, "first", r->first_ms, r->lines);
	json_time(&w, "last", r->last_ms, r->lines);
	jsonw_key(&w, "rows");
	jsonw_obj_begin(&w);
	jsonw_kv_uint(&w, "decided", r->rows);
	jsonw_kv_uint(&w, "reviewed", r->reviewed);
	jsonw_kv_uint(&w, "relabelled", r->relabelled);
	jsonw_kv_uint(&w, "dropped", r->dropped);
	jsonw_kv_uint(&w, "flagged", r->flagged);
	jsonw_kv_uint(&w, "noted", r->noted);
	jsonw_kv_uint(&w, "skipped", r->skipped);
	jsonw_obj_end(&w);
	jsonw_key(&w, "by_type");
	jsonw_obj_begin(&w);
	for (k = 0; k < JOURNAL_NTYPES; k++)
		jsonw_kv_uint(&w, journal_type_name(k), r->by_type[k]);
	jsonw_kv_uint(&w, "undone", r->undone);
	jsonw_obj_end(&w);
	jsonw_key(&w, "relabels");
	jsonw_arr_begin(&w);
	for (i = 0; i < r->npair; i++) {
		jsonw_obj_begin(&w);
		decisions_kv_str(&w, j, "given", r->pair[i].given);
		decisions_kv_str(&w, j, "new", r->pair[i].label);
		jsonw_kv_uint(&w, "rows", r->pair[i].rows);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_key(&w, "classes");
	jsonw_arr_begin(&w);
	for (i = 0; i < r->ncls; i++) {
		const struct report_class *c = &r->cls[i];

		jsonw_obj_begin(&w);
		decisions_kv_str(&w, j, "given", c->given);
		jsonw_kv_uint(&w, "reviewed", c->reviewed);
		jsonw_kv_uint(&w, "relabelled", c->relabelled);
		jsonw_kv_uint(&w, "dropped", c->dropped);
		jsonw_kv_num(&w, "noise",
		    c->reviewed ? (double)c->relabelled / (double)c->reviewed : 0);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_key(&w, "reviewers");
	jsonw_arr_begin(&w);
	for (i = 0; i < r->nrev; i++) {
		jsonw_obj_begin(&w);
		decisions_kv_str(&w, j, "name", r->rev[i].name);
		jsonw_kv_uint(&w, "lines", r->rev[i].lines);
		jsonw_kv_numf(&w, "active_seconds",
		    (double)r->rev[i].active_ms / 1000, 3);
		jsonw_obj_end(&w);
	}
	jsonw_arr_end(&w);
	jsonw_kv_numf(&w, "active_seconds", (double)r->active_ms / 1000, 3);
	jsonw_kv_numf(&w, "idle_cutoff_seconds", (double)r->idle_ms / 1000, 3);
	jsonw_obj_end(&w);
	jsonw_finish(&w);
	fflush(f);
	return ferror(f) ? -1 : 0;
}

int
report_save(const struct journal *j, const char *path, int64_t idle_ms,
    const struct outfile_rule *rule, struct err *e)
{
	struct outfile_rule rr;
	struct outfile_keep *keep;
	struct outfile of;
	struct report r;
	size_t n = strlen(path), nk = rule ? rule->nkeep : 0;
	FILE *f;
	int rc;

	/* never the journal it reports on, whatever the caller keeps */
	keep = xcalloc(nk + 1, sizeof *keep);
	keep[0].path = journal_path(j);
	keep[0].what = "the journal";
	if (nk)
		memcpy(keep + 1, rule->keep, nk * sizeof *keep);
	memset(&rr, 0, sizeof rr);
	rr.keep = keep;
	rr.nkeep = nk + 1;
	rr.force = rule ? rule->force : 0;
	rc = outfile_open(&of, path, &rr, e);
	free(keep);
	if (rc != 0)
		return -1;
	if (!(f = outfile_stream(&of))) {
		rc = err_sys(e, ERR_CANTCREAT, errno, "%s: cannot create",
		    path);
		outfile_abort(&of);
		return rc;
	}
	report_build(j, idle_ms, &r);
	if (n >= 5 && strcmp(path + n - 5, ".json") == 0)
		report_write_json(&r, j, f);
	else
		report_write_md(&r, j, f);
	report_release(&r);
	/* a write error shows in the stream; the commit reports it */
	return outfile_commit(&of, e);
}
