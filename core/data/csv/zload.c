/*
 * zload.c - a compressed CSV file loaded while it is decompressed.
 *
 * A thread of its own decompresses the file into a window of blocks
 * (../stream/zsrc.h).  This driver cuts the bytes that are in into
 * parts, each just after a line end at or past a part's length where
 * the count of quotes since the data's start is even (as cut.c guesses
 * record boundaries in a plain file), and hands every part to a pool of
 * parser threads as soon as its bytes are in.  Parts are decided in file order
 * exactly as the plain driver decides them (csvload.c): a part is kept
 * when the one before it ended between records, else that one parses on
 * through it.  A part's bytes are let go once it is decided, and no more
 * than a part per parser (and one being cut) is ever in flight, so the
 * window holds a few parts whatever the size of the file.  The table is
 * the one csvload_mem() makes of the decompressed bytes.
 */
#include "core/data/csv/csvload-internal.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/data/csvscan.h"
#include "core/data/stream/zsrc.h"
#include "core/util/progress.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"

#define SEG (16u << 20)		/* bytes of a part */

struct zload {
	struct loader *L;
	struct zsrc *w;
	pthread_mutex_t mu;
	pthread_cond_t cv;	/* a block came in, or a part was parsed */
	struct part **p;	/* [np] parts in file order; NULL: rejected */
	size_t np, pcap;
	size_t next;		/* the next part for a parser */
	size_t decided;		/* parts [0, decided) are decided */
	size_t cur;		/* the last part kept */
	struct part **kept;	/* [nkept] in file order */
	size_t nkept, keptcap;
	int quit;		/* the parsers stop */
	int nthr;
	pthread_t tid[MAX_PARTS];
	int spawned[MAX_PARTS];
	/* cutting */
	uint64_t seg;
	uint64_t from;		/* the next part's first byte */
	uint64_t scan;		/* quotes are counted up to here */
	unsigned parity;
	int all_cut;		/* the last part is out */
};

static void
wake(void *ctx)
{
	struct zload *Z = ctx;

	pthread_mutex_lock(&Z->mu);
	pthread_cond_broadcast(&Z->cv);
	pthread_mutex_unlock(&Z->mu);
}

static void *
parser(void *arg)
{
	struct zload *Z = arg;
	struct part *P;

	pthread_mutex_lock(&Z->mu);
	for (;;) {
		while (!Z->quit && Z->next == Z->np)
			pthread_cond_wait(&Z->cv, &Z->mu);
		if (Z->quit)
			break;
		P = Z->p[Z->next++];
		pthread_mutex_unlock(&Z->mu);
		part_feed(P, P->begin, P->end);
		part_flush(P);
		/* the first part's buffers take the others' cells later */
		if (P->begin != Z->L->start)
			cols_trim(&P->cols);
		pthread_mutex_lock(&Z->mu);
		atomic_store(&P->gauge.finished, 1);
		pthread_cond_broadcast(&Z->cv);
	}
	pthread_mutex_unlock(&Z->mu);
	return NULL;
}

/*
 * The end of the next part in the bytes in (up to frontier): just after
 * the first line end at or past its length with an even count of quotes
 * before it, or after any line end once the part is three lengths long
 * (a stray quote, or a very long quoted field: the guess is checked
 * either way).  0 when the bytes in hold none yet.
 */
static uint64_t
find_cut(struct zload *Z, uint64_t frontier)
{
	unsigned char term = Z->L->term;
	uint64_t target = Z->from + Z->seg, give_up = target + 2 * Z->seg;
	uint64_t q, t;
	const char *p;
	size_t avail, i, m;

	while (Z->scan < frontier) {
		p = zsrc_at(Z->w, Z->scan, &avail);
		i = 0;
		/* before the target only the parity matters */
		if (Z->scan < target) {
			m = target - Z->scan < avail ? (size_t)(target -
			    Z->scan) : avail;
			csvscan_count(p, m, term, &q, &t);
			Z->parity ^= (unsigned)(q & 1);
			i = m;
		}
		for (; i < avail; i++) {
			if (p[i] == '"') {
				Z->parity ^= 1;
			} else if ((unsigned char)p[i] == term &&
			    (!Z->parity || Z->scan + i >= give_up)) {
				Z->parity = 0;
				Z->scan += i + 1;
				return Z->scan;
			}
		}
		Z->scan += avail;
	}
	return 0;
}

/* A part of [begin, end) for the parsers. */
static void
add_part(struct zload *Z, uint64_t begin, uint64_t end)
{
	struct part *P = xmalloc(sizeof *P);
	size_t cap = Z->pcap;

	part_setup(P, Z->L, begin, end, Z->np == 0 && !Z->L->o->no_header);
	Z->p = xgrow(Z->p, &cap, Z->np + 1, sizeof *Z->p);
	Z->pcap = cap;
	Z->p[Z->np++] = P;
	Z->from = end;
	pthread_cond_broadcast(&Z->cv);
}

static void
keep(struct zload *Z, size_t i)
{
	size_t cap = Z->keptcap;

	Z->kept = xgrow(Z->kept, &cap, Z->nkept + 1, sizeof *Z->kept);
	Z->keptcap = cap;
	Z->kept[Z->nkept++] = Z->p[i];
	Z->cur = i;
}

/*
 * Decide the parsed parts in order (Z->mu held; let go while a kept
 * part parses on through a rejected one).  Returns 1 once the last part
 * kept has failed.
 */
static int
decide(struct zload *Z)
{
	struct part *C, *N;
	size_t i;

	while (Z->decided < Z->np) {
		i = Z->decided;
		N = Z->p[i];
		if (!atomic_load(&N->gauge.finished))
			break;
		if (i == 0) {
			keep(Z, 0);
			Z->decided = 1;
			continue;
		}
		C = Z->p[Z->cur];
		if (C->fail.what != FAIL_NONE)
			return 1;
		if (part_hands_over(C, N)) {
			keep(Z, i);
			Z->decided++;
			continue;
		}
		Z->p[i] = NULL;
		pthread_mutex_unlock(&Z->mu);
		part_free(N);
		C->report = 0;
		part_feed(C, N->begin, N->end);
		part_flush(C);
		C->end = N->end;
		free(N);
		pthread_mutex_lock(&Z->mu);
		Z->decided++;
	}
	return Z->nkept > 0 && Z->p[Z->cur]->fail.what != FAIL_NONE &&
	    atomic_load(&Z->p[Z->cur]->gauge.finished);
}

/* Cut and hand out parts while fewer than a part per parser (and one)
 * wait to be decided (Z->mu held; let go while counting quotes). */
static void
cut_more(struct zload *Z)
{
	uint64_t frontier, end;
	int ended;

	while (!Z->all_cut && Z->np - Z->decided < (size_t)Z->nthr + 1) {
		frontier = zsrc_frontier(Z->w, &ended);
		pthread_mutex_unlock(&Z->mu);
		end = find_cut(Z, frontier);
		pthread_mutex_lock(&Z->mu);
		if (end) {
			add_part(Z, Z->from, end);
			continue;
		}
		if (!ended) {
			/* a record longer than the window: more bytes */
			zsrc_want(Z->w, frontier + 1);
			return;
		}
		Z->L->src.size = frontier;
		if (frontier > Z->from)
			add_part(Z, Z->from, frontier);
		Z->all_cut = 1;
	}
}

/* Wait on the pipeline for up to ms milliseconds (Z->mu held). */
static void
wait_ms(struct zload *Z, long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += ms * 1000000L;
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	pthread_cond_timedwait(&Z->cv, &Z->mu, &ts);
}

/* Run the pipeline to its end: 0, or -1 when it stopped early (a part
 * failed, the stream is corrupt, or progress was cancelled). */
static int
pipeline(struct zload *Z, uint64_t total)
{
	const struct progress *pr = Z->L->o->progress;
	struct err e;
	struct part *C;
	int failed = 0, rc = 0;

	pthread_mutex_lock(&Z->mu);
	for (;;) {
		failed = decide(Z);
		if (Z->nkept > 0) {
			C = Z->p[Z->cur];
			zsrc_release(Z->w, atomic_load(&C->gauge.finished) ?
			    C->end : C->begin);
		}
		if (failed || zsrc_failed(Z->w, &e) != 0) {
			rc = -1;
			break;
		}
		cut_more(Z);
		if (Z->all_cut && Z->decided == Z->np)
			break;
		wait_ms(Z, 50);
		pthread_mutex_unlock(&Z->mu);
		rc = progress_step(pr, "loading", zsrc_consumed(Z->w), total);
		pthread_mutex_lock(&Z->mu);
		if (rc < 0)
			break;
	}
	Z->quit = 1;
	pthread_cond_broadcast(&Z->cv);
	pthread_mutex_unlock(&Z->mu);
	return rc < 0 ? -1 : 0;
}

static void
zload_release(struct zload *Z)
{
	size_t i;
	int k;

	pthread_mutex_lock(&Z->mu);
	Z->quit = 1;
	pthread_cond_broadcast(&Z->cv);
	pthread_mutex_unlock(&Z->mu);
	for (k = 0; k < Z->nthr; k++)
		if (Z->spawned[k])
			pthread_join(Z->tid[k], NULL);
	for (i = 0; i < Z->np; i++) {
		if (Z->p[i]) {
			part_free(Z->p[i]);
			free(Z->p[i]);
		}
	}
	free(Z->p);
	free(Z->kept);
	pthread_mutex_destroy(&Z->mu);
	pthread_cond_destroy(&Z->cv);
}

/* The table of the kept parts, or the first failure in file order;
 * whole: the pipeline ran to the end of the input. */
static struct table *
finish(struct zload *Z, int whole, struct first *F, struct err *e)
{
	struct loader *L = Z->L;
	struct part *C = Z->nkept ? Z->p[Z->cur] : NULL;
	uint64_t base = 0, rows = 0;
	size_t k;

	if (!Z->nkept)
		return err_set(e, ERR_CANCEL, "%s: loading cancelled",
		    L->src.name), NULL;
	if (whole)
		part_finish(C);
	for (k = 0; k < Z->nkept; k++) {
		if (Z->kept[k]->fail.what != FAIL_NONE) {
			locate_error(L, Z->kept[k], base, e);
			return NULL;
		}
		base += Z->kept[k]->pos.lineno - 1;
		rows += Z->kept[k]->nrows;
	}
	if (progress_cancelled(L->o->progress))
		return err_set(e, ERR_CANCEL, "%s: loading cancelled",
		    L->src.name), NULL;
	if (rows == 0 && !L->o->no_header)
		return err_at(e, ERR_DATA, L->src.name, 1, 0, "header only, "
		    "no data rows"), NULL;
	return stitch_table(L, Z->kept, Z->nkept, F, e);
}

struct table *
csvload_zstream(const char *name, struct zreader *z, int fd, enum zkind k,
    const char *head, size_t nhead, uint64_t total,
    const struct csvload_opts *o, struct err *e)
{
	struct csvload_opts def;
	struct loader L;
	struct zload Z;
	struct first F;
	struct table *t = NULL;
	struct err e2;
	uint64_t frontier;
	double t0 = time_mono();
	int ended, i, rc;

	if (!o) {
		csvload_opts_init(&def);
		o = &def;
	}
	memset(&L, 0, sizeof L);
	memset(&Z, 0, sizeof Z);
	memset(&F, 0, sizeof F);
	L.o = o;
	L.no_hash = 1;
	L.reserve = total * 10 + (64u << 20);
	Z.L = &L;
	Z.nthr = o->threads > 0 ? o->threads : stitch_cpus();
	if (Z.nthr > MAX_PARTS)
		Z.nthr = MAX_PARTS;
	Z.seg = o->part_min ? o->part_min : SEG;
	pthread_mutex_init(&Z.mu, NULL);
	pthread_cond_init(&Z.cv, NULL);
	Z.w = zsrc_start(z, fd, k, name, head, nhead, (size_t)((uint64_t)
	    (Z.nthr + 2) * Z.seg + 2 * ZSRC_BLOCK), wake, &Z, e);
	if (!Z.w) {
		zload_release(&Z);
		return NULL;
	}
	zsrc_as_src(Z.w, &L.src);
	if (sniff_input(&L, e) != 0)
		goto out;
	frontier = zsrc_wait(Z.w, L.start + 1, &ended);
	if (ended && frontier <= L.start) {
		if (zsrc_failed(Z.w, e) == 0)
			err_set(e, ERR_DATA, "%s: empty file (no header, no "
			    "rows)", name);
		goto out;
	}
	if (first_read(&L, &F, e) != 0)
		goto out;
	L.ncols = F.n;
	if (!o->no_header)
		for (i = 0; (size_t)i < F.n && !L.header; i++)
			if (F.len[i] > 0)
				L.header = &F;
	trace_phase(&L, &t0, "header");
	Z.from = Z.scan = L.start;
	for (i = 0; i < Z.nthr; i++)
		Z.spawned[i] = pthread_create(&Z.tid[i], NULL, parser,
		    &Z) == 0;
	if (!Z.spawned[0]) {
		err_set(e, ERR_SOFTWARE, "%s: cannot start a parser thread",
		    name);
		goto out;
	}
	rc = pipeline(&Z, total);
	for (i = 0; i < Z.nthr; i++)
		if (Z.spawned[i]) {
			pthread_join(Z.tid[i], NULL);
			Z.spawned[i] = 0;
		}
	/* what is read from now on (to point at an error or a warning)
	 * is decompressed again */
	zsrc_stop(Z.w);
	trace_phase(&L, &t0, "decompress and parse");
	if (zsrc_failed(Z.w, e) != 0)
		goto out;
	if (rc == 0)
		progress_step(o->progress, "indexing", total, total);
	t = finish(&Z, rc == 0, &F, e);
	trace_phase(&L, &t0, "columns");
out:
	/* bad data may be damage to the stream, found where the thread
	 * stopped or (its checksum) further on: then that is the error */
	if (!t && e->code == ERR_DATA) {
		zsrc_stop(Z.w);
		if ((zsrc_failed(Z.w, &e2) != 0 || zstream_check_file(fd,
		    name, k, &e2) != 0) && e2.code == ERR_DATA)
			*e = e2;
	}
	zload_release(&Z);
	zsrc_free(Z.w);
	first_free(&F);
	return t;
}
