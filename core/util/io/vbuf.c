/*
 * vbuf.c - reserve, fault ahead, trim.  All hints degrade gracefully:
 * without transparent huge pages or MADV_POPULATE_WRITE (Linux 5.14) the
 * buffer still works, page fault by page fault.
 */
#define _DEFAULT_SOURCE 1	/* MAP_ANONYMOUS, MAP_NORESERVE, madvise */
#include "core/util/io/vbuf.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define AHEAD ((size_t)2 << 20)	/* faulted in ahead of the writer */
#define HUGE ((size_t)2 << 20)

static size_t
page_up(size_t n)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);

	return (n + pg - 1) / pg * pg;
}

int
vbuf_init(struct vbuf *b, size_t reserve)
{
	void *p;

	memset(b, 0, sizeof *b);
	reserve = (reserve + HUGE - 1) / HUGE * HUGE;
	if (reserve == 0)
		reserve = HUGE;
	p = mmap(NULL, reserve, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -1;
#ifdef MADV_HUGEPAGE
	madvise(p, reserve, MADV_HUGEPAGE);
#endif
	b->p = p;
	b->reserved = reserve;
	return 0;
}

char *
vbuf_room(struct vbuf *b, size_t n)
{
	size_t want;

	if (!b->p || n > b->reserved - b->len)
		return NULL;
	if (b->len + n > b->ready) {
		want = b->len + n + AHEAD;
		want = (want + HUGE - 1) / HUGE * HUGE;
		if (want > b->reserved)
			want = b->reserved;
		/* one call instead of a fault per page; a failure only
		 * means the pages come one at a time */
		madvise(b->p + b->ready, want - b->ready,
		    MADV_POPULATE_WRITE);
		b->ready = want;
	}
	return b->p + b->len;
}

void
vbuf_trim(struct vbuf *b, size_t keep)
{
	size_t at = page_up(keep);

	if (!b->p || at >= b->reserved)
		return;
	munmap(b->p + at, b->reserved - at);
	b->reserved = at ? at : 0;
	if (b->ready > at)
		b->ready = at;
	if (at == 0)
		b->p = NULL;
}

void
vbuf_unmap(char *p, size_t reserved)
{
	if (p && reserved)
		munmap(p, reserved);
}

void
vbuf_release(struct vbuf *b)
{
	if (!b)
		return;
	vbuf_unmap(b->p, b->reserved);
	memset(b, 0, sizeof *b);
}
