/*
 * csvload.c - libcsv in, columns out.
 *
 * The file is cut into parts at record boundaries guessed from quote
 * parity; each part is parsed by its own libcsv parser (in its own thread)
 * into its own dicts.  A guess is checked afterwards: a part is kept only
 * if the parser of the part before it ended exactly between records,
 * which is the state a single parser would have been in there; otherwise
 * the earlier parser simply goes on through the rejected part.  The kept
 * parts are then stitched in file order (dict_merge keeps first-sight
 * order), so the table never depends on the number of threads.
 *
 * libcsv reports fields, not positions.  The loader feeds it one
 * physical line at a time, which is enough to know the line where each
 * record starts; columns for error messages are recovered on the error
 * path by re-scanning the offending record.
 */
#include "core/data/csvload.h"
#include "core/data/csv/csvload-internal.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util/log.h"
#include "core/util/vbuf.h"
#include "core/util/xalloc.h"


/* --- splitting ----------------------------------------------------- */

/*
 * Choose up to MAX_PARTS - 1 cut points: each just after a line end at or
 * past its target where the count of quotes since the start is even.
 */
static size_t
choose_cuts(struct loader *L, size_t want, uint64_t *cut)
{
	char *buf = L->src.fd >= 0 ? xmalloc(CHUNK) : NULL;
	const char *data;
	uint64_t off = L->start, span = L->src.size - L->start, target;
	long long n, i;
	size_t ncut = 0;
	unsigned parity = 0;
	struct err e;

	target = L->start + span / want;
	while (ncut + 1 < want && (n = src_read(&L->src, off, buf, CHUNK,
	    &data, &e)) > 0) {
		i = 0;
		/* far from the target only the parity matters: count the
		 * quotes eight bytes at a time */
		while (off + (uint64_t)i + 8 <= target && i + 8 <= n) {
			uint64_t w, v, z;

			memcpy(&w, data + i, 8);
			v = w ^ 0x2222222222222222ull;	/* '"' bytes -> 0 */
			z = ~(((v & 0x7f7f7f7f7f7f7f7full) +
			    0x7f7f7f7f7f7f7f7full) | v | 0x7f7f7f7f7f7f7f7full);
			parity ^= (unsigned)__builtin_popcountll(z) & 1;
			i += 8;
		}
		for (; i < n; i++) {
			if (data[i] == '"')
				parity ^= 1;
			else if (data[i] == (char)L->term && !parity &&
			    off + (uint64_t)i >= target) {
				cut[ncut++] = off + (uint64_t)i + 1;
				target = L->start + span * (ncut + 1) / want;
				if (ncut + 1 >= want)
					break;
			}
		}
		off += (uint64_t)n;
	}
	free(buf);
	/* a cut at the very end leaves an empty part: drop it */
	while (ncut && cut[ncut - 1] >= L->src.size)
		ncut--;
	return ncut;
}

/* --- stitching ----------------------------------------------------- */

/* Stitching the columns: one column at a time per thread. */
struct column_job {
	struct table *t;
	struct part *parts;
	const size_t *kept;
	size_t nkept;
	const char *const *na;
	uint8_t *append;		/* [ncols] built from cells */
	size_t *order;			/* columns, the most work first */
	int trace;
	atomic_size_t next;
	atomic_int overflow;		/* a column passed 2^32 - 1 values */
};

/* An append column: the parts' cells end to end, then deduplicated. */
static int
build_column(struct column_job *J, size_t c, struct dict_scratch *scratch)
{
	struct column *col = &J->t->col[c];
	struct colbuf *cb0 = &J->parts[J->kept[0]].cols.cb[c];
	uint64_t total = J->t->nrows, at, nb, r, base;
	size_t k, cap;
	char *bytes;
	uint64_t *ends;
	int mapped;

	if (total >= UINT32_MAX)
		return -1;
	/* parts that kept the column interned write their cells out */
	for (k = 0; k < J->nkept; k++) {
		struct part *P = &J->parts[J->kept[k]];

		if (!P->cols.append[c])
			cols_collect(&P->cols, c, P->nrows, part_reserve(P));
	}
	nb = 0;
	for (k = 0; k < J->nkept; k++)
		nb += J->parts[J->kept[k]].cols.cb[c].nb;
	/* the first part's buffer takes the others' cells */
	cols_buf_room(cb0, nb + 1 - cb0->nb);
	mapped = cb0->vb.p != NULL;
	bytes = cb0->b;
	cap = mapped ? cb0->vb.reserved : cb0->cap;
	ends = xreallocarray(cb0->end, total + 1, sizeof *ends);
	cb0->b = NULL;
	cb0->end = NULL;
	memset(&cb0->vb, 0, sizeof cb0->vb);
	at = J->parts[J->kept[0]].nrows;
	base = cb0->nb;
	for (k = 1; k < J->nkept; k++) {
		struct part *P = &J->parts[J->kept[k]];
		struct colbuf *cb = &P->cols.cb[c];

		if (cb->nb)
			memcpy(bytes + base, cb->b, cb->nb);
		for (r = 0; r < P->nrows; r++)
			ends[at + r] = cb->end[r] + base;
		base += cb->nb;
		at += P->nrows;
		cols_buf_free(cb);
	}
	col->code = xmalloc((total + 1) * sizeof *col->code);
	if (mapped)
		dict_build_mapped(&col->dict, bytes, cap, ends,
		    (uint32_t)total, col->code, scratch);
	else
		dict_build(&col->dict, bytes, cap, ends, (uint32_t)total,
		    col->code, scratch);
	return 0;
}

/* Append the kept parts' values of column c to the first part's. */
static int
merge_column(struct column_job *J, size_t c)
{
	struct column *col = &J->t->col[c];
	struct part *P0 = &J->parts[J->kept[0]];
	uint64_t total = J->t->nrows, at, r;
	uint32_t *remap;
	size_t k;

	col->dict = P0->cols.dict[c];
	dict_init(&P0->cols.dict[c]);
	col->code = xreallocarray(P0->cols.code[c], total ? total : 1,
	    sizeof *col->code);
	P0->cols.code[c] = NULL;
	at = P0->nrows;
	for (k = 1; k < J->nkept; k++) {
		struct part *P = &J->parts[J->kept[k]];

		remap = xmalloc((P->cols.dict[c].n ? P->cols.dict[c].n : 1) *
		    sizeof *remap);
		if (dict_merge(&col->dict, &P->cols.dict[c], remap) != 0) {
			free(remap);
			return -1;
		}
		for (r = 0; r < P->nrows; r++)
			col->code[at + r] = remap[P->cols.code[c][r]];
		at += P->nrows;
		free(remap);
		dict_release(&P->cols.dict[c]);
		free(P->cols.code[c]);
		P->cols.code[c] = NULL;
	}
	return 0;
}

static void *
column_thread(void *arg)
{
	struct column_job *J = arg;
	struct dict_scratch scratch = { 0 };
	size_t c;

	size_t i;

	while ((i = atomic_fetch_add(&J->next, 1)) < J->t->ncols) {
		double t0 = trace_now(), t1;

		c = J->order[i];
		if ((J->append[c] ? build_column(J, c, &scratch) :
		    merge_column(J, c)) != 0) {
			atomic_store(&J->overflow, 1);
			continue;
		}
		t1 = trace_now();
		table_column_derive(&J->t->col[c], J->na);
		if (J->trace)
			log_note("column %zu (%s, %s): %s %.3f s, derive "
			    "%.3f s", c, J->t->col[c].name,
			    coltype_name(J->t->col[c].type), J->append[c] ?
			    "deduplicate" : "merge", t1 - t0, trace_now() - t1);
	}
	dict_scratch_release(&scratch);
	return NULL;
}

static int
online_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_PARTS ? MAX_PARTS : (int)n;
}

static int
check_ids(struct table *t, struct err *e)
{
	struct column *c = &t->col[t->id_col];
	uint64_t r, first = 0;
	uint32_t id, dup = DICT_NONE;
	size_t n;
	const char *s;

	for (id = 0; id < c->dict.n; id++) {
		if (c->vmiss[id] && c->dict.count[id] > 0) {
			for (r = 0; r < t->nrows && c->code[r] != id; r++)
				;
			return err_at(e, ERR_DATA, t->path, (long long)
			    t->line[r], 0, "id column '%s' has a missing "
			    "value", c->name);
		}
		if (c->dict.count[id] > 1) {
			dup = id;
			break;
		}
	}
	if (dup == DICT_NONE)
		return 0;
	for (r = 0; r < t->nrows; r++) {
		if (c->code[r] != dup)
			continue;
		if (first == 0) {
			first = t->line[r];
			continue;
		}
		s = dict_str(&c->dict, dup, &n);
		return err_at(e, ERR_DATA, t->path, (long long)t->line[r], 0,
		    "duplicate id '%.*s' in column '%s' (first at line %llu)",
		    (int)(n > 200 ? 200 : n), s, c->name,
		    (unsigned long long)first);
	}
	return 0;
}

static struct table *
build_table(struct loader *L, struct part *parts, size_t nkept,
    size_t *kept, struct first *F, struct err *e)
{
	struct table *t = xcalloc(1, sizeof *t);
	struct part *P0 = &parts[kept[0]];
	uint64_t total = 0, at, base, r;
	size_t c, k;
	char **names;
	struct column_job J;
	pthread_t tid[MAX_PARTS];
	int nthr, i;
	const char *const *tc;

	t->path = xstrdup(L->src.name);
	t->ncols = L->ncols;
	t->delim = (char)L->delim;
	t->header = !L->o->no_header;
	t->bom = L->start > 0;
	t->file_size = L->src.size;
	t->id_col = -1;
	for (k = 0; k < nkept; k++) {
		total += parts[kept[k]].nrows;
		t->nragged += parts[kept[k]].nragged;
	}
	t->nrows = total;
	t->col = xcalloc(t->ncols, sizeof *t->col);
	names = first_names(L, F);
	for (c = 0; c < t->ncols; c++)
		t->col[c].name = names[c];
	free(names);
	for (tc = L->o->text_cols; tc && *tc; tc++) {
		int ci = table_col_index(t, *tc);

		if (ci < 0) {
			err_set(e, ERR_USAGE, "%s: no column named '%s' "
			    "(--text)", L->src.name, *tc);
			table_free(t);
			return NULL;
		}
		t->col[ci].type = COLTYPE_TEXT;
		t->col[ci].forced = 1;
	}
	/* line numbers: each kept part starts where the one before ended */
	t->line = xreallocarray(P0->line, total ? total : 1, sizeof *t->line);
	P0->line = NULL;
	at = P0->nrows;
	base = P0->pos.lineno - 1;
	for (k = 1; k < nkept; k++) {
		struct part *P = &parts[kept[k]];

		for (r = 0; r < P->nrows; r++)
			t->line[at + r] = P->line[r] + base;
		at += P->nrows;
		base += P->pos.lineno - 1;
		free(P->line);
		P->line = NULL;
	}
	J.t = t;
	J.parts = parts;
	J.kept = kept;
	J.nkept = nkept;
	J.na = L->o->na;
	J.append = xcalloc(t->ncols, 1);
	J.order = xmalloc(t->ncols * sizeof *J.order);
	{
		/* the biggest columns first, so that the threads finish
		 * together */
		uint64_t *work = xcalloc(t->ncols, sizeof *work);

		for (c = 0; c < t->ncols; c++) {
			for (k = 0; k < nkept; k++) {
				struct part *P = &parts[kept[k]];

				J.append[c] |= P->cols.append[c];
				work[c] += P->cols.append[c] ?
				    P->cols.cb[c].nb + P->nrows * 16 :
				    P->nrows;
			}
			J.order[c] = c;
		}
		for (c = 1; c < t->ncols; c++) {
			size_t x = J.order[c], j = c;

			while (j > 0 && work[J.order[j - 1]] < work[x]) {
				J.order[j] = J.order[j - 1];
				j--;
			}
			J.order[j] = x;
		}
		free(work);
	}
	J.trace = L->o->trace;
	atomic_init(&J.next, 0);
	atomic_init(&J.overflow, 0);
	nthr = L->o->threads > 0 ? L->o->threads : online_cpus();
	if ((size_t)nthr > t->ncols)
		nthr = (int)t->ncols;
	if (nthr > MAX_PARTS)
		nthr = MAX_PARTS;
	for (i = 1; i < nthr; i++)
		if (pthread_create(&tid[i], NULL, column_thread, &J) != 0)
			break;
	nthr = i;
	column_thread(&J);
	for (i = 1; i < nthr; i++)
		pthread_join(tid[i], NULL);
	free(J.append);
	free(J.order);
	if (atomic_load(&J.overflow)) {
		table_free(t);
		err_set(e, ERR_DATA, "%s: a column has more than 4 billion "
		    "distinct values", L->src.name);
		return NULL;
	}
	if (L->o->id_col) {
		t->id_col = table_col_index(t, L->o->id_col);
		if (t->id_col < 0) {
			err_set(e, ERR_USAGE, "%s: no column named '%s' (--id)",
			    L->src.name, L->o->id_col);
			table_free(t);
			return NULL;
		}
		if (check_ids(t, e) != 0) {
			table_free(t);
			return NULL;
		}
	}
	if (t->nragged)
		log_warn("%s: %llu row%s had the wrong number of fields and "
		    "%s", L->src.name, (unsigned long long)t->nragged,
		    t->nragged == 1 ? "" : "s",
		    L->o->ragged == CSVLOAD_RAGGED_PAD ? "were padded or cut"
		    : "were skipped");
	return t;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static struct table *
load(struct loader *L, struct err *e)
{
	struct first F;
	struct part *parts = NULL;
	uint64_t cut[MAX_PARTS];
	size_t nparts, ncut, i, kept[MAX_PARTS], nkept = 0, cur;
	int threads, spawned[MAX_PARTS] = { 0 };
	struct table *t = NULL;
	uint64_t done, base = 0;
	double t0 = trace_now();

	if (sniff_input(L, e) != 0)
		return NULL;
	if (L->src.size <= L->start) {
		err_set(e, ERR_DATA, "%s: empty file (no header, no rows)",
		    L->src.name);
		return NULL;
	}
	if (first_read(L, &F, e) != 0) {
		first_free(&F);
		return NULL;
	}
	L->ncols = F.n;

	threads = L->o->threads > 0 ? L->o->threads : online_cpus();
	if (threads > MAX_PARTS)
		threads = MAX_PARTS;
	nparts = (size_t)threads;
	if ((L->src.size - L->start) / PART_MIN < nparts)
		nparts = (size_t)((L->src.size - L->start) / PART_MIN);
	if (nparts < 1)
		nparts = 1;
	ncut = nparts > 1 ? choose_cuts(L, nparts, cut) : 0;
	trace_phase(L, &t0, "cut");
	nparts = ncut + 1;
	parts = xcalloc(nparts, sizeof *parts);
	for (i = 0; i < nparts; i++)
		part_setup(&parts[i], L, i ? cut[i - 1] : L->start,
		    i < ncut ? cut[i] : L->src.size,
		    i == 0 && !L->o->no_header);
	if (nparts == 1) {
		parts[0].report = 1;
		part_feed(&parts[0], parts[0].begin, parts[0].end);
		part_flush(&parts[0]);
	} else {
		for (i = 0; i < nparts; i++)
			spawned[i] = pthread_create(&parts[i].tid, NULL,
			    part_thread, &parts[i]) == 0;
		for (i = 0; i < nparts; i++)
			if (!spawned[i])
				part_thread(&parts[i]);
		for (;;) {
			int busy = 0;

			done = 0;
			for (i = 0; i < nparts; i++) {
				done += atomic_load(&parts[i].done);
				busy |= !atomic_load(&parts[i].finished);
			}
			if (!busy)
				break;
			if (progress_step(L->o->progress, "loading", done,
			    L->src.size - L->start) < 0)
				break;
			sleep_ms(20);
		}
		for (i = 0; i < nparts; i++)
			if (spawned[i])
				pthread_join(parts[i].tid, NULL);
	}

	trace_phase(L, &t0, "parse");
	/* stitch: keep a part only if its predecessor ended between
	 * records; otherwise the predecessor parses through it */
	cur = 0;
	kept[nkept++] = 0;
	for (i = 1; i < nparts; i++) {
		struct part *C = &parts[cur];

		if (C->fail.what != FAIL_NONE)
			break;
		if (csvsyntax_state(&C->cp) == CSVSYNTAX_BETWEEN &&
		    C->pos.field == 0 && parts[i].fail.what != FAIL_CANCEL) {
			cur = i;
			kept[nkept++] = i;
			continue;
		}
		part_free(&parts[i]);
		if (L->src.fd >= 0 && !C->buf)
			C->buf = xmalloc(CHUNK);
		C->report = 1;
		part_feed(C, parts[i].begin, parts[i].end);
		part_flush(C);
		C->end = parts[i].end;
	}
	if (parts[cur].fail.what == FAIL_NONE &&
	    parts[cur].end == L->src.size)
		part_finish(&parts[cur]);
	/* the first failure in file order wins */
	for (i = 0; i < nkept; i++) {
		struct part *P = &parts[kept[i]];

		if (P->fail.what != FAIL_NONE) {
			locate_error(L, P, base, e);
			goto out;
		}
		base += P->pos.lineno - 1;
	}
	if (progress_cancelled(L->o->progress)) {
		err_set(e, ERR_CANCEL, "%s: loading cancelled", L->src.name);
		goto out;
	}
	{
		uint64_t rows = 0;

		for (i = 0; i < nkept; i++)
			rows += parts[kept[i]].nrows;
		if (rows == 0 && !L->o->no_header) {
			err_at(e, ERR_DATA, L->src.name, 1, 0, "header only, "
			    "no data rows");
			goto out;
		}
	}
	progress_step(L->o->progress, "indexing", L->src.size - L->start,
	    L->src.size - L->start);
	t = build_table(L, parts, nkept, kept, &F, e);
	trace_phase(L, &t0, "columns");
out:
	for (i = 0; i < nparts; i++)
		part_free(&parts[i]);
	free(parts);
	first_free(&F);
	return t;
}

void
csvload_opts_init(struct csvload_opts *o)
{
	memset(o, 0, sizeof *o);
}

struct table *
csvload_mem(const char *name, const void *buf, size_t len,
    const struct csvload_opts *o, struct err *e)
{
	struct loader L;
	struct csvload_opts def;

	if (!o) {
		csvload_opts_init(&def);
		o = &def;
	}
	memset(&L, 0, sizeof L);
	L.src.name = name;
	L.src.fd = -1;
	L.src.mem = buf;
	L.src.size = len;
	L.o = o;
	return load(&L, e);
}

/* Standard input, a pipe or a FIFO: read it all, then parse from memory. */
static struct table *
load_stream(const char *name, int fd, const struct csvload_opts *o,
    struct err *e)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t r;
	struct table *t;

	for (;;) {
		buf = xgrow(buf, &cap, len + CHUNK, 1);
		r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err_sys(e, ERR_NOINPUT, errno, "%s: read error", name);
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	t = csvload_mem(name, buf, len, o, e);
	free(buf);
	return t;
}

struct table *
csvload(const char *path, const struct csvload_opts *o, struct err *e)
{
	struct loader L;
	struct csvload_opts def;
	struct stat st;
	struct table *t;
	int fd;

	if (!o) {
		csvload_opts_init(&def);
		o = &def;
	}
	if (strcmp(path, "-") == 0)
		return load_stream("(stdin)", 0, o, e);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_sys(e, ERR_NOINPUT, errno, "%s: cannot open", path);
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		err_sys(e, ERR_NOINPUT, errno, "%s: cannot stat", path);
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		err_set(e, ERR_NOINPUT, "%s: is a directory, not a CSV file",
		    path);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		t = load_stream(path, fd, o, e);
		close(fd);
		return t;
	}
	memset(&L, 0, sizeof L);
	L.src.name = path;
	L.src.fd = fd;
	L.src.size = (uint64_t)st.st_size;
	L.o = o;
	t = load(&L, e);
	close(fd);
	return t;
}
