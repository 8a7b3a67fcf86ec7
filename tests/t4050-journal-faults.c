/*
 * t4050-journal-faults - the journal under write faults, in the manner
 * of SQLite's fault simulator: a small review session is run once to
 * count its writes, then again for every N, with the Nth write failing
 * (short then ENOSPC, ENOSPC, EFBIG).  The step that meets the fault
 * must fail and leave the file cut back to its last good line and the
 * journal in memory as it was; the same step then succeeds, the session
 * goes on, and the file replays to exactly the state in memory.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/data/fingerprint.h"
#include "core/review/journal.h"
#include "core/util/outfile.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"
#include "tests/util.h"

enum mode { SHORT, NOSPACE, TOOBIG, NMODES };
static const char *const mode_name[] = { "short write", "ENOSPC",
	"EFBIG" };

/* The simulator: counts writes; the nth fails as mode says. */
static struct {
	unsigned long n, nth;
	enum mode mode;
	int next_fails;		/* a short write's sequel: ENOSPC */
} F;

static ssize_t
faulty_write(int fd, const void *p, size_t n)
{
	ssize_t w;

	if (F.next_fails) {
		F.next_fails = 0;
		errno = ENOSPC;
		return -1;
	}
	if (++F.n != F.nth)
		return write(fd, p, n);
	switch (F.mode) {
	case SHORT:
		/* half the bytes reach the disk, then it is full */
		w = write(fd, p, n / 2 ? n / 2 : 1);
		F.next_fails = w > 0 && (size_t)w < n;
		return w;
	case NOSPACE:
		errno = ENOSPC;
		return -1;
	default:
		errno = EFBIG;
		return -1;
	}
}

static void
arm(unsigned long nth, enum mode m)
{
	memset(&F, 0, sizeof F);
	F.nth = nth;
	F.mode = m;
	outfile_write_hook = faulty_write;
}

/* --- the state, as text -------------------------------------------- */

static void
add(char **s, size_t *len, size_t *cap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
add(char **s, size_t *len, size_t *cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	*s = xgrow(*s, cap, *len + (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(*s + *len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*len += (size_t)n;
}

static const char *
str(const struct journal *j, uint32_t id)
{
	const char *s = journal_str(j, id, NULL);

	return s ? s : "(none)";
}

/* Everything the journal's API tells, strings by their text (ids may
 * be given in another order by a replay).  Caller frees. */
static char *
state(const struct journal *j)
{
	const struct journal_entry *en;
	struct journal_state st;
	char *s = NULL;
	size_t len = 0, cap = 0, i;
	uint32_t k;

	if (!j)
		return xstrdup("(closed)");
	add(&s, &len, &cap, "n=%zu undo=%zu last=%u\n", journal_count(j),
	    journal_undo_depth(j), (unsigned)journal_last(j));
	for (i = 0; i < journal_count(j); i++) {
		en = journal_entry(j, i);
		add(&s, &len, &cap, "%llu %lld %s g%u r%llu %s [%s] %s %s %s "
		    "%.17g %d u%d p%u l%u\n", (unsigned long long)en->seq,
		    (long long)en->time_ms, journal_type_name(en->type),
		    (unsigned)en->group, (unsigned long long)en->ref,
		    str(j, en->reviewer), en->key == JOURNAL_NONE ? "-" :
		    journal_key(j, en->key, NULL), str(j, en->given),
		    str(j, en->label), str(j, en->note), en->posterior,
		    (int)en->round, en->undone, (unsigned)en->prev,
		    (unsigned)en->line);
	}
	for (k = 0; k < journal_nkeys(j); k++) {
		journal_key_state(j, k, &st);
		add(&s, &len, &cap, "key %s: v%u l%u n%u f%u s%u %s %s d%d "
		    "r%d\n", journal_key(j, k, NULL), (unsigned)st.verdict,
		    (unsigned)st.last, (unsigned)st.note, (unsigned)st.flag,
		    (unsigned)st.skip, str(j, st.given), str(j, st.label),
		    st.dropped, st.relabelled);
	}
	return s;
}

/* --- the session --------------------------------------------------- */

static struct fingerprint fp;

static struct journal *
open_w(const char *path, struct err *e)
{
	struct journal_opts o = journal_writing(&fp, "ann", "label");

	return journal_open(path, &o, e);
}

static struct journal_decision
dec(enum journal_type t, const char *key, const char *given,
    const char *label, const char *reviewer, const char *note)
{
	struct journal_decision d = test_decision(t, key, given, label);

	d.reviewer = reviewer;
	d.note = note;
	d.note_len = note ? strlen(note) : 0;
	d.posterior = 0.75;
	d.round = 1;
	return d;
}

#define NSTEPS 10

/*
 * Step i of the session on *j (opened by step 0, reopened by step 7).
 * Every step but the reopen writes; new keys, strings and reviewers
 * appear along the way, so a failed step has something to leave
 * behind if it is careless.  Returns 0 or -1 with e.
 */
static int
step(int i, struct journal **j, const char *path, struct err *e)
{
	struct journal_decision d[3];

	switch (i) {
	case 0:
		return (*j = open_w(path, e)) ? 0 : -1;
	case 1:
		d[0] = dec(JOURNAL_RELABEL, "k1", "cat", "dog", NULL, NULL);
		return journal_append(*j, d, e);
	case 2:
		d[0] = dec(JOURNAL_NOTE, "k2\tx", "cat", NULL, "bob",
		    "odd\nlines");
		return journal_append(*j, d, e);
	case 3:
		d[0] = dec(JOURNAL_DROP, "k3", "emu", NULL, NULL, NULL);
		d[1] = dec(JOURNAL_ACCEPT, "k1", "cat", "cow", NULL, NULL);
		d[2] = dec(JOURNAL_NEW, "k4", "cat", "gnu", "cy", NULL);
		return journal_append_bulk(*j, d, 3, e);
	case 4:
		d[0] = dec(JOURNAL_REJECT, "k5", "owl", "cat", NULL, NULL);
		d[1] = dec(JOURNAL_FLAG, "k6", "owl", NULL, "dee", "look");
		return journal_append_many(*j, d, 2, e);
	case 5:
		return journal_undo(*j, NULL, e) < 0 ? -1 : 0;
	case 6:
		return journal_undo(*j, NULL, e) < 0 ? -1 : 0;
	case 7:
		journal_close(*j);
		return (*j = open_w(path, e)) ? 0 : -1;
	case 8:
		d[0] = dec(JOURNAL_PICK, "k7", "yak", "ant", "eve", NULL);
		return journal_append(*j, d, e);
	default:
		return journal_undo(*j, NULL, e) < 0 ? -1 : 0;
	}
}

/* Run the session with the nth write failing in mode m (nth 0: none).
 * Returns the writes made, or 0 when a check failed. */
static unsigned long
session(unsigned long nth, enum mode m)
{
	struct journal *j = NULL, *r;
	struct err e;
	char *path = tpath("journal");
	char *before, *bytes, *after, *sb, *sr;
	size_t nb, na;
	unsigned long writes;
	int i, failed = 0, good = 1, rc;

	unlink(path);
	arm(nth, m);
	for (i = 0; i < NSTEPS; i++) {
		bytes = slurp(path, &nb);
		before = state(j);
		rc = step(i, &j, path, &e);
		if (rc == 0) {
			free(bytes);
			free(before);
			continue;
		}
		failed++;
		/* the step that met the fault: nothing changed */
		after = slurp(path, &na);
		sb = state(j);
		if (!(e.code == (i == 0 ? ERR_CANTCREAT : ERR_IO) &&
		    na == (bytes ? nb : 0) &&
		    (na == 0 || memcmp(after, bytes, na) == 0) &&
		    strcmp(sb, before) == 0)) {
			diag("%s, write %lu, step %d: %s (%zu bytes, were "
			    "%zu)", mode_name[m], nth, i, e.msg, na, nb);
			good = 0;
		}
		FREE_ALL(after, sb, bytes, before);
		/* the disk has room again: the same step succeeds */
		outfile_write_hook = NULL;
		if (step(i, &j, path, &e) != 0) {
			diag("step %d after the fault: %s", i, e.msg);
			good = 0;
			break;
		}
	}
	writes = F.n;
	outfile_write_hook = NULL;
	/* the fault fired (the count reached it) and one step failed */
	if (failed != (nth && writes >= nth)) {
		diag("%s, write %lu: %d steps failed", mode_name[m], nth,
		    failed);
		good = 0;
	}
	/* the file says exactly what memory says */
	sb = state(j);
	r = journal_open(path, NULL, &e);
	sr = state(r);
	if (!r || strcmp(sb, sr) != 0) {
		diag("%s, write %lu: the replay differs: %s", mode_name[m],
		    nth, r ? sr : e.msg);
		good = 0;
	}
	journal_close(r);
	journal_close(j);
	FREE_ALL(sb, sr, path);
	return good ? writes : 0;
}

int
main(void)
{
	unsigned long w, n;
	enum mode m;
	char *data;
	struct err e;
	int good;

	log_set_sink(capture, NULL);
	data = tpath("d.csv");
	write_file(data, "id,label\n1,cat\n", 15);
	if (fingerprint_file(data, &fp, &e) != 0)
		die("%s", e.msg);

	w = session(0, SHORT);
	ok(w >= NSTEPS - 1, "the session without faults: %lu writes, "
	    "replayed to the same state", w);
	for (m = 0; m < NMODES; m++) {
		/* no writes counted, nothing faulted: not a pass */
		good = w > 0;
		for (n = 1; n <= w; n++)
			if (!session(n, m))
				good = 0;
		ok(good, "%s at each of the %lu writes: the step fails, the "
		    "file is cut back to its last good line, memory is as it "
		    "was, and the step then succeeds", mode_name[m], w);
	}
	/* a fault after the last write changes nothing */
	ok(w > 0 && session(w + 1, NOSPACE) == w, "no fault when the writes "
	    "run out");

	free(data);
	return done_testing();
}
