/*
 * stitch.c - the kept parts' columns into one table.
 *
 * Parts are stitched in file order, one column per thread at a time (the
 * biggest first, so that the threads finish together).  An interned
 * column is merged: the later parts' dicts into the first's, first-sight
 * order kept, codes remapped.  A column that any part collected is built
 * from all parts' cells end to end and deduplicated in one go.  Either
 * way the table is the one a single part would have made.
 */
#include "core/data/csv/csvload-internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data/table.h"
#include "core/util/log.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"
#include "core/util/numfmt.h"

/* Stitching the columns: one column at a time per thread. */
struct column_job {
	struct table *t;
	struct part *const *kp;		/* the kept parts, in order */
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
	struct colbuf *cb0 = &J->kp[0]->cols.cb[c];
	uint64_t total = J->t->nrows, at, nb, r, base;
	size_t k, cap;
	char *bytes;
	uint64_t *ends;
	int mapped;

	if (total >= UINT32_MAX)
		return -1;
	/* parts that kept the column interned write their cells out */
	for (k = 0; k < J->nkept; k++) {
		struct part *P = J->kp[k];

		if (!P->cols.append[c])
			cols_collect(&P->cols, c, P->nrows, part_reserve(P));
	}
	nb = 0;
	for (k = 0; k < J->nkept; k++)
		nb += J->kp[k]->cols.cb[c].nb;
	/* the first part's buffer takes the others' cells */
	cols_buf_room(cb0, nb + 1 - cb0->nb);
	mapped = cb0->vb.p != NULL;
	bytes = cb0->b;
	cap = mapped ? cb0->vb.reserved : cb0->cap;
	ends = xreallocarray(cb0->end, total + 1, sizeof *ends);
	cb0->b = NULL;
	cb0->end = NULL;
	memset(&cb0->vb, 0, sizeof cb0->vb);
	at = J->kp[0]->nrows;
	base = cb0->nb;
	for (k = 1; k < J->nkept; k++) {
		struct part *P = J->kp[k];
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
	struct part *P0 = J->kp[0];
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
		struct part *P = J->kp[k];

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
		double t0 = time_mono(), t1;

		c = J->order[i];
		if ((J->append[c] ? build_column(J, c, &scratch) :
		    merge_column(J, c)) != 0) {
			atomic_store(&J->overflow, 1);
			continue;
		}
		t1 = time_mono();
		table_column_derive(&J->t->col[c], J->na);
		if (J->trace)
			log_note("column %zu (%s, %s): %s %.3f s, derive "
			    "%.3f s", c, J->t->col[c].name,
			    coltype_name(J->t->col[c].type), J->append[c] ?
			    "deduplicate" : "merge", t1 - t0, time_mono() - t1);
	}
	dict_scratch_release(&scratch);
	return NULL;
}

int
stitch_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_PARTS ? MAX_PARTS : (int)n;
}

/* The content hash of the input, from the kept parts' hashers (each
 * part goes on to where the next kept one starts). */
static int
stitch_hash(struct loader *L, struct part *const *kp, size_t nkept,
    uint64_t *hash, struct err *e)
{
	uint64_t starts[MAX_PARTS], sums[MAX_PARTS];
	size_t k;

	for (k = 0; k < nkept; k++) {
		starts[k] = k == 0 ? kp[0]->begin : kp[k - 1]->end;
		sums[k] = kp[k]->hash.sum;
	}
	return fingerprint_parts(&L->src, starts, sums, nkept, hash, e);
}

/* The lines of the rows dropped as repeated headers, made absolute. */
static void
stitch_dropped(struct table *t, struct part *const *kp, size_t nkept)
{
	uint64_t base = 0, at = 0;
	size_t k, i;

	if (t->ndropped == 0)
		return;
	t->dropped = xreallocarray(NULL, t->ndropped, sizeof *t->dropped);
	for (k = 0; k < nkept; k++) {
		struct part *P = kp[k];

		for (i = 0; i < P->ndropped; i++)
			t->dropped[at++] = base + P->dropped[i];
		base += P->pos.lineno - 1;
	}
}

struct table *
stitch_table(struct loader *L, struct part *const *kp, size_t nkept,
    struct first *F, struct err *e)
{
	struct table *t = xcalloc(1, sizeof *t);
	struct part *P0 = kp[0];
	uint64_t total = 0, at, base, r;
	size_t c, k;
	char **names;
	unsigned *kinds;
	const char *why;
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
	t->lax_quotes = L->o->lax_quotes;
	if (!L->no_hash && stitch_hash(L, kp, nkept, &t->content_hash,
	    e) != 0) {
		table_free(t);
		return NULL;
	}
	t->id_col = -1;
	for (k = 0; k < nkept; k++) {
		total += kp[k]->nrows;
		t->nragged += kp[k]->nragged;
		t->nlax += kp[k]->note[NOTE_LAX].n;
		t->nrepeated += kp[k]->note[NOTE_HEADER].n;
		t->ndropped += kp[k]->ndropped;
	}
	t->nrows = total;
	t->col = xcalloc(t->ncols, sizeof *t->col);
	kinds = first_kinds(L, F);
	names = first_names(L, F);
	for (c = 0; c < t->ncols; c++)
		t->col[c].name = names[c];
	free(names);
	for (tc = L->o->text_cols; tc && *tc; tc++) {
		int ci = table_col_index(t, *tc);

		if (ci < 0) {
			table_no_column(t, L->src.name, *tc, "--text", e);
			table_free(t);
			free(kinds);
			return NULL;
		}
		t->col[ci].type = COLTYPE_TEXT;
		t->col[ci].forced = 1;
	}
	stitch_dropped(t, kp, nkept);
	/* line numbers: each kept part starts where the one before ended */
	t->line = xreallocarray(P0->line, total ? total : 1, sizeof *t->line);
	P0->line = NULL;
	at = P0->nrows;
	base = P0->pos.lineno - 1;
	for (k = 1; k < nkept; k++) {
		struct part *P = kp[k];

		for (r = 0; r < P->nrows; r++)
			t->line[at + r] = P->line[r] + base;
		at += P->nrows;
		base += P->pos.lineno - 1;
		free(P->line);
		P->line = NULL;
	}
	J.t = t;
	J.kp = kp;
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
				struct part *P = kp[k];

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
	nthr = L->o->threads > 0 ? L->o->threads : stitch_cpus();
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
	/* a file without a header loads without complaint, one row short
	 * and named by it: say so when the names read like values */
	if (t->header && !L->o->quiet_header && first_is_data(kinds, t,
	    &why))
		log_warn("%s:1: the first line reads like data, not column "
		    "names (%s); if the file has no header line, --no-header "
		    "reads it as a row", L->src.name, why);
	free(kinds);
	if (atomic_load(&J.overflow)) {
		table_free(t);
		err_set(e, ERR_DATA, "%s: a column has more than 4 billion "
		    "distinct values", L->src.name);
		return NULL;
	}
	if (L->o->id_col) {
		t->id_col = table_col_index(t, L->o->id_col);
		if (t->id_col < 0) {
			table_no_column(t, L->src.name, L->o->id_col, "--id",
			    e);
			table_free(t);
			return NULL;
		}
		if (table_check_ids(t, e) != 0) {
			table_free(t);
			return NULL;
		}
	}
	if (t->nragged) {
		char num[NUMFMT_COUNT];

		log_warn("%s: %s %s the wrong number of fields and %s %s",
		    L->src.name, numfmt_count(t->nragged, num),
		    numfmt_noun(t->nragged, "row had", "rows had"),
		    numfmt_noun(t->nragged, "was", "were"),
		    L->o->ragged == CSVLOAD_RAGGED_PAD ? "padded or cut" :
		    "skipped");
	}
	locate_warn(L, kp, nkept);
	return t;
}
