/*
 * zsrc.c - the decompressing thread and its window of blocks (see
 * zsrc.h).
 *
 * Block i holds the decompressed bytes [i * ZSRC_BLOCK, (i + 1) *
 * ZSRC_BLOCK); every block but the last is full, so an offset finds its
 * block by a division.  The blocks before `floor` have been let go (their
 * slots are NULL, their memory waits in `spare` for the thread to fill
 * again).  A block never moves once it is in: readers use pointers into
 * it without the lock, and the only one who lets blocks go is the
 * reader that knows nobody reads them any more.
 */
#include "core/data/stream/zsrc.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util/xalloc.h"

#define B ((uint64_t)ZSRC_BLOCK)

struct zsrc {
	pthread_mutex_t mu;
	pthread_cond_t cv;	/* a block came in, room was made, or stop */
	pthread_t tid;
	int running;		/* the thread is started and not joined */
	struct zreader *z;	/* borrowed */
	int fd;
	enum zkind kind;
	char *name;
	char *head;		/* the bytes read before the thread began */
	size_t nhead;

	char **blk;		/* [nblk] the blocks, NULL before floor */
	size_t nblk, blkcap;
	size_t floor;		/* the first block held */
	uint64_t frontier;	/* bytes in */
	uint64_t consumed;	/* compressed bytes taken */
	int ended, failed, stop;
	struct err err;		/* the decompressor's, when failed */
	uint64_t cap, want;
	char **spare;		/* blocks let go, to fill again */
	size_t nspare, sparecap;
	void (*notify)(void *ctx);
	void *ctx;

	/* decompressing again what was let go (one reader, after stop) */
	struct zreader *rz;
	uint64_t rpos;
	char *rbuf;
};

/* Fill one block from z: the head first.  Returns the bytes in it; sets
 * *end at the stream's end and *fail (with e) on an error. */
static size_t
fill_block(struct zsrc *w, char *b, int *end, int *fail, struct err *e)
{
	size_t n = 0;
	long long r;

	if (w->head) {
		memcpy(b, w->head, w->nhead);
		n = w->nhead;
		free(w->head);
		w->head = NULL;
	}
	while (n < B) {
		r = zreader_read(w->z, b + n, (size_t)B - n, e);
		if (r < 0) {
			*fail = 1;
			break;
		}
		if (r == 0) {
			*end = 1;
			break;
		}
		n += (size_t)r;
	}
	return n;
}

static void *
run(void *arg)
{
	struct zsrc *w = arg;
	struct err e;
	char *b;
	size_t n, cap;
	int end, fail;

	err_clear(&e);
	for (;;) {
		pthread_mutex_lock(&w->mu);
		while (!w->stop && w->frontier - (uint64_t)w->floor * B >=
		    w->cap && w->frontier >= w->want)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->stop) {
			pthread_mutex_unlock(&w->mu);
			break;
		}
		b = w->nspare ? w->spare[--w->nspare] : NULL;
		pthread_mutex_unlock(&w->mu);
		if (!b)
			b = xmalloc((size_t)B);
		end = fail = 0;
		n = fill_block(w, b, &end, &fail, &e);
		pthread_mutex_lock(&w->mu);
		if (n > 0) {
			cap = w->blkcap;
			w->blk = xgrow(w->blk, &cap, w->nblk + 1, sizeof *w->blk);
			w->blkcap = cap;
			w->blk[w->nblk++] = b;
			w->frontier += n;
		} else {
			free(b);
		}
		w->consumed = zreader_consumed(w->z);
		if (fail) {
			w->failed = 1;
			w->err = e;
		}
		w->ended = end || fail;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		if (w->notify)
			w->notify(w->ctx);
		if (end || fail)
			break;
	}
	return NULL;
}

/* Decompress the file again from its start to reach off: for bytes let
 * go, read once the thread is done. */
static long long
reread(struct zsrc *w, uint64_t off, size_t n, const char **out,
    struct err *e)
{
	long long r;

	if (w->fd < 0 || w->running)
		return err_set(e, ERR_SOFTWARE, "%s: byte %llu was let go "
		    "while the file is still being read", w->name,
		    (unsigned long long)off);
	if (!w->rz || off < w->rpos) {
		zreader_close(w->rz);
		w->rz = NULL;
		if (lseek(w->fd, 0, SEEK_SET) < 0)
			return err_sys(e, ERR_IO, errno, "%s: cannot read it "
			    "again", w->name);
		if (!(w->rz = zreader_open(w->fd, w->name, w->kind, NULL, 0,
		    e)))
			return -1;
		w->rpos = 0;
	}
	if (!w->rbuf)
		w->rbuf = xmalloc((size_t)B);
	while (w->rpos < off) {
		r = zreader_read(w->rz, w->rbuf, off - w->rpos < B ?
		    (size_t)(off - w->rpos) : (size_t)B, e);
		if (r <= 0)
			return r;
		w->rpos += (uint64_t)r;
	}
	r = zreader_read(w->rz, w->rbuf, n < B ? n : (size_t)B, e);
	if (r > 0)
		w->rpos += (uint64_t)r;
	*out = w->rbuf;
	return r;
}

/* Raise what the reader wants to need, waking the thread to decompress
 * that far (w->mu held). */
static void
want_locked(struct zsrc *w, uint64_t need)
{
	if (w->want < need) {
		w->want = need;
		pthread_cond_broadcast(&w->cv);
	}
}

/* The byte at off, below the frontier and not let go, and in *avail
 * how many follow it in its block and below the frontier (w->mu held). */
static const char *
at_locked(struct zsrc *w, uint64_t off, size_t *avail)
{
	*avail = (size_t)(B - off % B);
	if (*avail > w->frontier - off)
		*avail = (size_t)(w->frontier - off);
	return w->blk[off / B] + off % B;
}

static long long
src_fn(void *ctx, uint64_t off, size_t n, const char **out, struct err *e)
{
	struct zsrc *w = ctx;
	size_t avail;

	pthread_mutex_lock(&w->mu);
	want_locked(w, off + 1);
	while (w->running && !w->ended && w->frontier <= off)
		pthread_cond_wait(&w->cv, &w->mu);
	if (off < w->frontier && off / B >= w->floor) {
		*out = at_locked(w, off, &avail);
		pthread_mutex_unlock(&w->mu);
		return (long long)(n < avail ? n : avail);
	}
	if (w->ended && off >= w->frontier) {
		pthread_mutex_unlock(&w->mu);
		if (w->failed) {
			*e = w->err;
			return -1;
		}
		return 0;
	}
	pthread_mutex_unlock(&w->mu);
	return reread(w, off, n, out, e);
}

struct zsrc *
zsrc_start(struct zreader *z, int fd, enum zkind k, const char *name,
    const char *head, size_t nhead, size_t cap, void (*notify)(void *ctx),
    void *ctx, struct err *e)
{
	struct zsrc *w = xcalloc(1, sizeof *w);

	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	w->z = z;
	w->fd = fd;
	w->kind = k;
	w->name = xstrdup(name);
	if (nhead) {
		/* the head fits in the first block */
		if (nhead > B)
			nhead = (size_t)B;
		w->head = xmalloc(nhead);
		memcpy(w->head, head, nhead);
		w->nhead = nhead;
	}
	w->cap = cap < 2 * B ? 2 * B : cap;
	w->notify = notify;
	w->ctx = ctx;
	if (pthread_create(&w->tid, NULL, run, w) != 0) {
		zsrc_free(w);
		err_set(e, ERR_SOFTWARE, "%s: cannot start the thread that "
		    "decompresses it", name);
		return NULL;
	}
	w->running = 1;
	return w;
}

void
zsrc_as_src(struct zsrc *w, struct src *s)
{
	memset(s, 0, sizeof *s);
	s->name = w->name;
	s->fd = -1;
	s->size = UINT64_MAX;
	s->read = src_fn;
	s->ctx = w;
}

uint64_t
zsrc_frontier(struct zsrc *w, int *ended)
{
	/* waiting for no byte at all: where the frontier stands now */
	return zsrc_wait(w, 0, ended);
}

uint64_t
zsrc_wait(struct zsrc *w, uint64_t need, int *ended)
{
	uint64_t f;

	pthread_mutex_lock(&w->mu);
	want_locked(w, need);
	while (w->running && !w->ended && w->frontier < need)
		pthread_cond_wait(&w->cv, &w->mu);
	f = w->frontier;
	*ended = w->ended || !w->running;
	pthread_mutex_unlock(&w->mu);
	return f;
}

const char *
zsrc_at(struct zsrc *w, uint64_t off, size_t *avail)
{
	const char *p;

	pthread_mutex_lock(&w->mu);
	p = at_locked(w, off, avail);
	pthread_mutex_unlock(&w->mu);
	return p;
}

void
zsrc_want(struct zsrc *w, uint64_t need)
{
	pthread_mutex_lock(&w->mu);
	want_locked(w, need);
	pthread_mutex_unlock(&w->mu);
}

void
zsrc_release(struct zsrc *w, uint64_t off)
{
	size_t upto = (size_t)(off / B), cap;
	int moved = 0;

	pthread_mutex_lock(&w->mu);
	while (w->floor < upto && w->floor < w->nblk) {
		char *b = w->blk[w->floor];

		w->blk[w->floor++] = NULL;
		/* keep what a full window needs again, no more */
		if (w->nspare * B < w->cap + 2 * B) {
			cap = w->sparecap;
			w->spare = xgrow(w->spare, &cap, w->nspare + 1,
			    sizeof *w->spare);
			w->sparecap = cap;
			w->spare[w->nspare++] = b;
		} else {
			free(b);
		}
		moved = 1;
	}
	if (moved)
		pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

uint64_t
zsrc_consumed(struct zsrc *w)
{
	uint64_t c;

	pthread_mutex_lock(&w->mu);
	c = w->consumed;
	pthread_mutex_unlock(&w->mu);
	return c;
}

int
zsrc_failed(struct zsrc *w, struct err *e)
{
	int f;

	pthread_mutex_lock(&w->mu);
	f = w->failed;
	if (f)
		*e = w->err;
	pthread_mutex_unlock(&w->mu);
	return f ? -1 : 0;
}

void
zsrc_stop(struct zsrc *w)
{
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	if (w->running)
		pthread_join(w->tid, NULL);
	pthread_mutex_lock(&w->mu);
	w->running = 0;
	/* nothing is read from the window any more: what a reader still
	 * wants is decompressed again */
	while (w->floor < w->nblk)
		free(w->blk[w->floor++]);
	while (w->nspare)
		free(w->spare[--w->nspare]);
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

void
zsrc_free(struct zsrc *w)
{
	if (!w)
		return;
	zsrc_stop(w);
	FREE_ALL(w->blk, w->spare, w->head);
	zreader_close(w->rz);
	free(w->rbuf);
	free(w->name);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w);
}
