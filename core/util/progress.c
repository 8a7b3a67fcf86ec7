/*
 * progress.c - the two helpers every long job calls; NULL means "nobody
 * is listening".
 */
#include "core/util/progress.h"

#include <stddef.h>

int
progress_cancelled(const struct progress *p)
{
	return p && p->cancel && atomic_load_explicit(p->cancel,
	    memory_order_relaxed);
}

int
progress_step(const struct progress *p, const char *what, uint64_t done,
    uint64_t total)
{
	if (!p)
		return 0;
	if (p->fn)
		p->fn(p->ctx, what, done, total);
	return progress_cancelled(p) ? -1 : 0;
}
