/*
 * csvload.c - libcsv in, columns out: the driver.
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
 * The steps live in core/data/csv/ (csvload-internal.h lists them); this
 * file opens the input and runs them in order.
 */
#include "core/data/csvload.h"
#include "core/data/csv/csvload-internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/data/format.h"
#include "core/util/progress.h"
#include "core/util/time.h"
#include "core/util/xalloc.h"

/* Parse each part, in a thread of its own when there are several. */
static void
parse_parts(struct loader *L, struct part *parts, size_t nparts)
{
	struct parfor_gauge *gauge[MAX_PARTS];
	size_t i;

	if (nparts == 1) {
		parts[0].report = 1;
		part_feed(&parts[0], parts[0].begin, parts[0].end);
		part_flush(&parts[0]);
	} else {
		for (i = 0; i < nparts; i++)
			gauge[i] = &parts[i].gauge;
		parfor_parts(nparts, part_thread, parts, gauge, L->o->progress,
		    L->src.size - L->start);
	}
}

/*
 * Which parts to keep, into kept[] (how many): a part only if the one
 * before it ended between records, past the header; otherwise that one
 * parses on through it, as a single parser would have.
 */
static size_t
keep_parts(struct loader *L, struct part *parts, size_t nparts,
    size_t *kept)
{
	size_t nkept = 0, cur = 0, i;

	kept[nkept++] = 0;
	for (i = 1; i < nparts; i++) {
		struct part *C = &parts[cur];

		if (C->fail.what != FAIL_NONE)
			break;
		if (part_hands_over(C, &parts[i])) {
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
	return nkept;
}

static struct table *
load(struct loader *L, struct err *e)
{
	struct first F;
	struct part *parts = NULL;
	uint64_t cut[MAX_PARTS];
	size_t nparts, ncut, i, kept[MAX_PARTS], nkept;
	int threads;
	struct table *t = NULL;
	uint64_t base = 0, part_min;
	double t0 = time_mono();

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
	if (!L->o->no_header)
		for (i = 0; i < F.n && !L->header; i++)
			if (F.len[i] > 0)
				L->header = &F;

	threads = L->o->threads > 0 ? L->o->threads : stitch_cpus();
	if (threads > MAX_PARTS)
		threads = MAX_PARTS;
	nparts = (size_t)threads;
	part_min = L->o->part_min ? L->o->part_min : PART_MIN;
	if ((L->src.size - L->start) / part_min < nparts)
		nparts = (size_t)((L->src.size - L->start) / part_min);
	if (nparts < 1)
		nparts = 1;
	ncut = nparts > 1 ? cut_choose(L, nparts, cut) : 0;
	trace_phase(L, &t0, "cut");
	nparts = ncut + 1;
	parts = xcalloc(nparts, sizeof *parts);
	for (i = 0; i < nparts; i++)
		part_setup(&parts[i], L, i ? cut[i - 1] : L->start,
		    i < ncut ? cut[i] : L->src.size,
		    i == 0 && !L->o->no_header);
	parse_parts(L, parts, nparts);

	trace_phase(L, &t0, "parse");
	nkept = keep_parts(L, parts, nparts, kept);
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
	{
		struct part *kp[MAX_PARTS];

		for (i = 0; i < nkept; i++)
			kp[i] = &parts[kept[i]];
		t = stitch_table(L, kp, nkept, &F, e);
	}
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
	if (format_open(path, &fd, &st, e) != 0)
		return NULL;
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
