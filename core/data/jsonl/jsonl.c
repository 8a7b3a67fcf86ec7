/*
 * jsonl.c - the JSON Lines driver: where the bytes come from, how they
 * are cut, and how the parts become one table.
 *
 * Lines never span a line end, so a plain file is cut just after LF
 * bytes near equal shares and each part is read by its own thread
 * (pread, block by block); a stream (compressed, or a pipe) is one part
 * fed block by block as it is decompressed.  Parts are stitched in file
 * order: a column is known by its key path, and the table's columns are
 * the paths in order of first sight, part after part, which is the order
 * one thread reading the whole file would have found.  A column's cells
 * from all parts (empty ones for rows of parts that never saw the path)
 * are joined and deduplicated by dict_build, one column per thread.
 */
#include "core/data/jsonl/jsonl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/format.h"
#include "core/data/jsonl/jsonl-internal.h"
#include "core/data/src.h"
#include "core/util/io/fdio.h"
#include "core/util/log.h"
#include "core/util/parfor.h"
#include "core/util/xalloc.h"

#define CHUNK (1u << 20)		/* bytes read at a time */
#define PART_MIN (4u << 20)		/* smallest part worth a thread */
#define MAX_PARTS PARFOR_PARTS
#define SNIFF (64u << 10)		/* bytes the text check looks at */

/* The input, and where its first line starts. */
struct in {
	struct src s;
	uint64_t start;			/* after a byte order mark */
};

static int
want_threads(const struct csvload_opts *o)
{
	int n = o->threads > 0 ? o->threads : parfor_cpus();

	return n > MAX_PARTS ? MAX_PARTS : n;
}

/* --- cutting ------------------------------------------------------- */

/* Up to want - 1 cuts, each just after the first LF at or past an equal
 * share of the bytes. */
static size_t
choose_cuts(const struct in *S, size_t want, uint64_t *cut,
    struct err *e)
{
	char *buf = S->s.fd >= 0 ? xmalloc(SNIFF) : NULL;
	uint64_t span = S->s.size - S->start, off, prev = S->start;
	const char *data, *nl;
	size_t ncut = 0, k;
	long long n;

	for (k = 1; k < want; k++) {
		off = S->start + span * k / want;
		if (off < prev)
			off = prev;
		for (;;) {
			n = src_read(&S->s, off, buf, SNIFF, &data, e);
			if (n < 0) {
				free(buf);
				return (size_t)-1;
			}
			if (n == 0)
				break;
			nl = memchr(data, '\n', (size_t)n);
			if (nl) {
				off += (uint64_t)(nl - data) + 1;
				break;
			}
			off += (uint64_t)n;
		}
		if (off >= S->s.size)
			break;
		cut[ncut++] = prev = off;
	}
	free(buf);
	return ncut;
}

/* --- reading a part ------------------------------------------------ */

struct job {
	const struct in *S;
	struct jpart *P;
	struct err ioerr;
};

static void
part_run(struct job *J)
{
	struct jpart *P = J->P;
	char *buf = J->S->s.fd >= 0 ? xmalloc(CHUNK) : NULL;
	uint64_t off = P->begin;
	const char *data;
	long long n;

	while (off < P->end && !P->stop) {
		size_t want = P->end - off < CHUNK ? (size_t)(P->end - off) :
		    CHUNK;

		n = src_read(&J->S->s, off, buf, want, &data, &J->ioerr);
		if (n <= 0) {
			if (n == 0)
				err_set(&J->ioerr, ERR_IO, "%s: the file "
				    "got shorter while it was read",
				    J->S->s.name);
			P->failed = J->ioerr.code;
			P->stop = 1;
			break;
		}
		off += (uint64_t)n;
		fingerprint_hasher_feed(&P->hash, data, (size_t)n);
		jpart_feed(P, data, (size_t)n, off >= P->end);
		atomic_store(&P->gauge.done, off - P->begin);
		if (progress_cancelled(P->o->progress))
			P->stop = 1;
		else if (P->report)
			progress_step(P->o->progress, "loading", off -
			    J->S->start, J->S->s.size - J->S->start);
	}
	free(buf);
	atomic_store(&P->gauge.finished, 1);
}

/* part_run for parfor_parts: the i-th of the jobs[] ctx. */
static void
run_job(void *ctx, size_t i)
{
	part_run((struct job *)ctx + i);
}

/* --- stitching ----------------------------------------------------- */

struct stitch {
	struct table *t;
	struct jpart *parts;
	size_t nparts;
	uint32_t **pcol;	/* [part][global column]: part column or
				 * JNONE */
	const char *const *na;
	/* dict_build's working memory, kept from column to column: a
	 * thread takes a free one for each column */
	struct dict_scratch scratch[MAX_PARTS];
	atomic_int busy[MAX_PARTS];
};

/* Column g from every part's cells: joined, then deduplicated. */
static void
build_column(void *ctx, size_t g)
{
	struct stitch *J = ctx;
	int s = 0;
	struct column *col = &J->t->col[g];
	uint64_t nrows = J->t->nrows, at = 0, r, base;
	size_t total = 0, k, cap;
	uint64_t *ends;
	char *b;

	for (k = 0; k < J->nparts; k++) {
		uint32_t c = J->pcol[k][g];

		total += c == JNONE ? J->parts[k].nrows :
		    J->parts[k].col[c].nb + (J->parts[k].nrows -
		    J->parts[k].col[c].rows);
	}
	cap = total + 1;
	b = xmalloc(cap);
	ends = xmalloc((nrows + 1) * sizeof *ends);
	base = 0;
	for (k = 0; k < J->nparts; k++) {
		struct jpart *P = &J->parts[k];
		uint32_t c = J->pcol[k][g];
		uint64_t have = 0;

		if (c != JNONE) {
			struct jcol *pc = &P->col[c];

			memcpy(b + base, pc->b, pc->nb);
			for (r = 0; r < pc->rows; r++)
				ends[at + r] = pc->end[r] + base;
			base += pc->nb;
			have = pc->rows;
			free(pc->b);
			free(pc->end);
			pc->b = NULL;
			pc->end = NULL;
		}
		for (r = have; r < P->nrows; r++) {
			b[base++] = '\0';
			ends[at + r] = base;
		}
		at += P->nrows;
	}
	col->code = xmalloc((nrows + 1) * sizeof *col->code);
	while (atomic_exchange(&J->busy[s], 1))
		s = (s + 1) % MAX_PARTS;
	dict_build(&col->dict, b, cap, ends, (uint32_t)nrows, col->code,
	    &J->scratch[s]);
	atomic_store(&J->busy[s], 0);
	table_column_derive(col, J->na);
}

/* The dotted name of an encoded key path. */
static char *
dotted(const char *path, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t i = 0, o = 0;
	uint32_t kl;

	while (i + 4 <= len) {
		kl = (uint32_t)(unsigned char)path[i] |
		    (uint32_t)(unsigned char)path[i + 1] << 8 |
		    (uint32_t)(unsigned char)path[i + 2] << 16 |
		    (uint32_t)(unsigned char)path[i + 3] << 24;
		i += 4;
		if (o > 0)
			out[o++] = '.';
		memcpy(out + o, path + i, kl);
		o += kl;
		i += kl;
	}
	out[o] = '\0';
	return out;
}

char *
jsonl_column_name(struct dict *seen, const char *jpath, size_t len,
    size_t g, const char *file)
{
	char *base, *nm;
	size_t k;

	base = dotted(jpath, len);
	if (base[0] == '\0') {
		free(base);
		base = xasprintf("column_%zu", g + 1);
		log_warn("%s: column %zu has an empty key; calling it %s",
		    file, g + 1, base);
	}
	nm = xstrdup(base);
	for (k = 2; dict_find(seen, nm, strlen(nm)) != DICT_NONE; k++) {
		free(nm);
		nm = xasprintf("%s_%zu", base, k);
	}
	if (k > 2)
		log_warn("%s: two key paths read '%s'; calling the later one "
		    "%s", file, base, nm);
	free(base);
	dict_intern(seen, nm, strlen(nm));
	return nm;
}

/* Column names from the paths: empty ones and repeats made unique. */
static void
name_columns(struct table *t, const char *name)
{
	struct dict seen;
	size_t g;

	dict_init(&seen);
	for (g = 0; g < t->ncols; g++)
		t->col[g].name = jsonl_column_name(&seen, t->col[g].jpath,
		    t->col[g].jpathlen, g, name);
	dict_release(&seen);
}

static struct table *
stitch(const struct in *S, struct jpart *parts, size_t nparts,
    const struct csvload_opts *o, struct err *e)
{
	struct table *t;
	struct dict paths;
	struct stitch J;
	uint64_t base = 0, rows = 0, skipped = 0, r, at;
	size_t k, g, ncols;
	const char *const *tc;

	/* the first failure in file order wins */
	for (k = 0; k < nparts; k++) {
		struct jpart *P = &parts[k];

		if (P->failed)
			return err_at(e, P->failed, S->s.name, (long long)(base +
			    P->fail_line), (long long)P->fail_col, "%s",
			    P->fail_why), NULL;
		base += P->lineno;
		rows += P->nrows;
		skipped += P->nskipped;
	}
	if (progress_cancelled(o->progress))
		return err_set(e, ERR_CANCEL, "%s: loading cancelled",
		    S->s.name), NULL;
	if (rows == 0 && o->chunk) {
		t = xcalloc(1, sizeof *t);
		t->path = xstrdup(S->s.name);
		t->format = TABLE_JSONL;
		t->nragged = skipped;
		t->id_col = -1;
		t->col = xcalloc(1, sizeof *t->col);
		return t;
	}
	if (rows == 0)
		return err_set(e, ERR_DATA, "%s: no JSON objects (%s)",
		    S->s.name, skipped ? "every line was skipped" :
		    base ? "blank lines only" : "an empty file"), NULL;
	if (rows >= UINT32_MAX)
		return err_set(e, ERR_DATA, "%s: more than 4 billion rows",
		    S->s.name), NULL;

	/* columns by key path, in order of first sight */
	memset(&J, 0, sizeof J);
	dict_init(&paths);
	J.pcol = xcalloc(nparts, sizeof *J.pcol);
	for (k = 0; k < nparts; k++) {
		struct jpart *P = &parts[k];
		uint32_t c;

		J.pcol[k] = NULL;
		for (c = 0; c < P->ncol; c++) {
			size_t len;
			char *path = jpart_path(P, c, &len);

			dict_intern(&paths, path, len);
			free(path);
		}
	}
	ncols = paths.n;
	if (ncols == 0) {
		dict_release(&paths);
		free(J.pcol);
		return err_set(e, ERR_DATA, "%s: no keys in any object: "
		    "nothing to show as columns", S->s.name), NULL;
	}
	if ((uint64_t)ncols > JMAX_COLS || (uint64_t)ncols * rows >
	    JDENSITY * S->s.size + JSLACK) {
		dict_release(&paths);
		free(J.pcol);
		return err_set(e, ERR_DATA, "%s: %zu distinct keys over "
		    "%llu rows: too many to read as a table (at most %d "
		    "columns, and %d cells per byte of input)", S->s.name,
		    ncols, (unsigned long long)rows, JMAX_COLS, JDENSITY),
		    NULL;
	}
	for (k = 0; k < nparts; k++) {
		struct jpart *P = &parts[k];
		uint32_t c;

		J.pcol[k] = xmalloc((ncols ? ncols : 1) * sizeof **J.pcol);
		memset(J.pcol[k], 0xff, (ncols ? ncols : 1) * sizeof **J.pcol);
		for (c = 0; c < P->ncol; c++) {
			size_t len;
			char *path = jpart_path(P, c, &len);

			J.pcol[k][dict_find(&paths, path, len)] = c;
			free(path);
		}
	}

	t = xcalloc(1, sizeof *t);
	t->path = xstrdup(S->s.name);
	t->format = TABLE_JSONL;
	t->ncols = ncols;
	t->nrows = rows;
	t->nragged = skipped;
	t->bom = S->start > 0;
	t->file_size = S->s.size;
	t->id_col = -1;
	t->col = xcalloc(ncols ? ncols : 1, sizeof *t->col);
	for (g = 0; g < ncols; g++) {
		size_t len;
		const char *p = dict_str(&paths, (uint32_t)g, &len);

		t->col[g].jpath = xmalloc(len + 1);
		memcpy(t->col[g].jpath, p, len + 1);
		t->col[g].jpathlen = len;
	}
	dict_release(&paths);
	name_columns(t, S->s.name);
	for (tc = o->text_cols; tc && *tc; tc++) {
		int ci = table_col_index(t, *tc);

		if (ci < 0) {
			table_no_column(t, S->s.name, *tc, "--text", e);
			goto fail;
		}
		t->col[ci].type = COLTYPE_TEXT;
		t->col[ci].forced = 1;
	}

	/* row lines: each part's count on from the lines before it */
	t->line = xmalloc(rows * sizeof *t->line);
	base = at = 0;
	for (k = 0; k < nparts; k++) {
		for (r = 0; r < parts[k].nrows; r++)
			t->line[at + r] = parts[k].line[r] + base;
		at += parts[k].nrows;
		base += parts[k].lineno;
	}

	J.t = t;
	J.parts = parts;
	J.nparts = nparts;
	J.na = o->na;
	for (k = 0; k < MAX_PARTS; k++)
		atomic_init(&J.busy[k], 0);
	/* no cancel here: the columns are all or nothing */
	parfor_run(ncols, want_threads(o), build_column, &J, NULL, NULL,
	    NULL);
	for (k = 0; k < MAX_PARTS; k++)
		dict_scratch_release(&J.scratch[k]);
	for (k = 0; k < nparts; k++)
		free(J.pcol[k]);
	free(J.pcol);
	J.pcol = NULL;

	if (o->id_col) {
		t->id_col = table_col_index(t, o->id_col);
		if (t->id_col < 0) {
			table_no_column(t, S->s.name, o->id_col, "--id", e);
			goto fail;
		}
		if (table_check_ids(t, e) != 0)
			goto fail;
	}
	if (skipped) {
		size_t f;

		for (f = 0, base = 0; !parts[f].nskipped; f++)
			base += parts[f].lineno;
		log_warn("%s: %llu line%s not JSON object%s and %s skipped "
		    "(the first, line %llu, col %llu: %s)", S->s.name,
		    (unsigned long long)skipped, skipped == 1 ? " was" :
		    "s were", skipped == 1 ? "" : "s", skipped == 1 ? "was" :
		    "were", (unsigned long long)(base + parts[f].skip_line),
		    (unsigned long long)parts[f].skip_col, parts[f].skip_why);
	}
	return t;
fail:
	if (J.pcol) {
		for (k = 0; k < nparts; k++)
			free(J.pcol[k]);
		free(J.pcol);
	}
	table_free(t);
	return NULL;
}

/* --- the sources --------------------------------------------------- */

static int
check_opts(const char *name, const struct csvload_opts *o, struct err *e)
{
	if (o->ragged == CSVLOAD_RAGGED_PAD)
		return err_set(e, ERR_USAGE, "%s: --ragged pad does not apply "
		    "to JSON Lines (a key a line lacks is a missing value "
		    "already); --ragged skip skips the lines that are not "
		    "JSON objects", name);
	return 0;
}

static size_t
bom_len(const char *p, size_t n)
{
	return n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

/* The content hash of the input, from the parts' hashers. */
static int
content_hash(const struct in *S, const struct jpart *parts, size_t nparts,
    uint64_t *hash, struct err *e)
{
	uint64_t starts[MAX_PARTS], sums[MAX_PARTS];
	size_t k;

	for (k = 0; k < nparts; k++) {
		starts[k] = parts[k].begin;
		sums[k] = parts[k].hash.sum;
	}
	return fingerprint_parts(&S->s, starts, sums, nparts, hash, e);
}

/* A file or a buffer: cut, parsed by parts, stitched. */
static struct table *
load_src(const char *name, int fd, const void *mem, uint64_t size,
    const struct csvload_opts *o, struct err *e)
{
	struct csvload_opts def;
	struct in src, *S = &src;
	char head[SNIFF];
	const char *data = "";
	long long n;
	uint64_t cut[MAX_PARTS];
	size_t nparts, ncut, i;
	struct jpart *parts;
	struct job jobs[MAX_PARTS];
	struct parfor_gauge *gauge[MAX_PARTS];
	struct table *t = NULL;

	if (!o) {
		csvload_opts_init(&def);
		o = &def;
	}
	memset(&src, 0, sizeof src);
	src.s.name = name;
	src.s.fd = fd;
	src.s.mem = mem;
	src.s.size = size;
	if (check_opts(S->s.name, o, e) != 0)
		return NULL;
	n = src_read(&S->s, 0, head, sizeof head, &data, e);
	if (n < 0 || format_check_text(S->s.name, data, (size_t)n,
	    "JSON Lines", e) != 0)
		return NULL;
	S->start = bom_len(data, (size_t)n);
	nparts = (size_t)want_threads(o);
	if ((S->s.size - S->start) / PART_MIN < nparts)
		nparts = (size_t)((S->s.size - S->start) / PART_MIN);
	if (nparts < 1)
		nparts = 1;
	ncut = nparts > 1 ? choose_cuts(S, nparts, cut, e) : 0;
	if (ncut == (size_t)-1)
		return NULL;
	nparts = ncut + 1;
	parts = xcalloc(nparts, sizeof *parts);
	for (i = 0; i < nparts; i++) {
		jpart_init(&parts[i], o, S->s.name, i ? cut[i - 1] : S->start,
		    i < ncut ? cut[i] : S->s.size, i == 0);
		parts[i].bom = i == 0 ? S->start : 0;
		fingerprint_hasher_init(&parts[i].hash, parts[i].begin,
		    S->s.size);
		jobs[i].S = S;
		jobs[i].P = &parts[i];
		err_clear(&jobs[i].ioerr);
		gauge[i] = &parts[i].gauge;
	}
	if (nparts == 1) {
		parts[0].report = 1;
		part_run(&jobs[0]);
	} else
		parfor_parts(nparts, run_job, jobs, gauge, o->progress,
		    S->s.size - S->start);
	for (i = 0; i < nparts; i++)
		if (jobs[i].ioerr.code) {
			*e = jobs[i].ioerr;
			goto out;
		}
	t = stitch(S, parts, nparts, o, e);
	if (t && content_hash(S, parts, nparts, &t->content_hash, e) != 0) {
		table_free(t);
		t = NULL;
	}
out:
	for (i = 0; i < nparts; i++)
		jpart_release(&parts[i]);
	free(parts);
	return t;
}

struct table *
jsonl_load_mem(const char *name, const void *buf, size_t len,
    const struct csvload_opts *o, struct err *e)
{
	return load_src(name, -1, buf, len, o, e);
}

struct table *
jsonl_load_stream(const char *name, struct zreader *z, const char *head,
    size_t nhead, uint64_t total, const struct csvload_opts *o,
    struct err *e)
{
	struct csvload_opts def;
	struct in S;
	struct jpart P;
	struct err e2;
	char *buf = NULL;
	long long n;
	size_t skip;
	int done = 0;
	struct table *t = NULL;

	if (!o) {
		csvload_opts_init(&def);
		o = &def;
	}
	if (check_opts(name, o, e) != 0)
		return NULL;
	buf = xmalloc(CHUNK);
	/* the text check wants a first block: the head, or a read */
	if (nhead == 0) {
		n = zreader_read(z, buf, SNIFF, e);
		if (n < 0)
			goto out;
		head = buf;
		nhead = (size_t)n;
		done = n == 0;
	}
	if (format_check_text(name, head, nhead, "JSON Lines", e) != 0)
		goto out;
	memset(&S, 0, sizeof S);
	S.s.name = name;
	S.s.fd = -1;
	skip = bom_len(head, nhead);
	jpart_init(&P, o, name, 0, 0, 1);
	P.bom = skip;
	S.start = skip;
	jpart_feed(&P, head + skip, nhead - skip, done);
	S.s.size = nhead;
	while (!done && !P.stop) {
		n = zreader_read(z, buf, CHUNK, e);
		if (n < 0) {
			jpart_release(&P);
			goto out;
		}
		done = n == 0;
		S.s.size += (uint64_t)n;
		jpart_feed(&P, buf, (size_t)n, done);
		if (progress_step(o->progress, "loading", zreader_consumed(z),
		    total) < 0)
			P.stop = 1;
	}
	t = stitch(&S, &P, 1, o, e);
	jpart_release(&P);
	/* a bad line may be damage that shows at the stream's end */
	if (!t && e->code == ERR_DATA && zstream_check_rest(z, &e2) != 0 &&
	    e2.code == ERR_DATA)
		*e = e2;
out:
	free(buf);
	return t;
}

struct table *
jsonl_load_fd(int fd, const char *name, uint64_t size,
    const struct csvload_opts *o, struct err *e)
{
	return load_src(name, fd, NULL, size, o, e);
}
