/*
 * t3220-manyk - many classes in bounded memory: PICO and confident
 * learning on top-r evidence over 20,000 classes (2,000 rows given 1,000
 * of them, every 40th given a wrong one), run under an address-space
 * limit of 768 MB that a single dense 20,000 x 20,000 matrix of doubles
 * (3.2 GB) would break.  Both runs end cleanly, find the planted errors,
 * and keep their class-by-class matrices to the pairs that occur.  (The
 * limit is left off under AddressSanitizer, which reserves terabytes of
 * address space for itself; the runs and checks stay.)
 */
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "core/data/labels.h"
#include "core/pico/cl/cl.h"
#include "core/pico/pico.h"
#include "core/pico/post.h"
#include "core/pico/vote.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"

#define N 2000
#define K 20000
#define M 3		/* checkers */
#define R 4		/* entries kept per row */
#define LIMIT ((rlim_t)768 << 20)

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* Row i's true class: 1,000 classes spread over the 20,000. */
static uint32_t
truth(uint32_t i)
{
	return (i / 2) * 20 + 3;
}

/* Row i's given class: the truth, or the next row pair's for every 40th
 * row. */
static uint32_t
given_of(uint32_t i)
{
	return i % 40 == 17 ? truth((i + 2) % N) : truth(i);
}

/* The evidence: every checker puts most of its mass on the true class,
 * a little on two neighbours, and spreads the rest. */
struct evidence {
	struct post post[M];
	struct post *top[M];
	double *rho;		/* [K] the given labels' shares */
	uint32_t given[N];
};

static void
evidence_init(struct evidence *ev)
{
	uint32_t i, m, t, cls[3], *scratch = xmalloc(K * sizeof *scratch);
	double val[3], *buf = xmalloc(K * sizeof *buf), kept;

	ev->rho = xcalloc(K, sizeof *ev->rho);
	for (i = 0; i < N; i++) {
		ev->given[i] = given_of(i);
		ev->rho[ev->given[i]] += 1.0 / N;
	}
	for (m = 0; m < M; m++) {
		post_init(&ev->post[m], N, K, R);
		ev->top[m] = &ev->post[m];
		for (i = 0; i < N; i++) {
			t = truth(i);
			cls[0] = t;
			cls[1] = t + 1;
			cls[2] = t + 2;
			val[0] = 0.8 + 0.05 * m;
			val[1] = 0.05;
			val[2] = 0.03;
			kept = val[0] + val[1] + val[2];
			post_set_sparse(&ev->post[m], i, cls, val, 3,
			    (1 - kept) / (K - 3), ev->given[i], scratch, buf);
		}
	}
	free(scratch);
	free(buf);
}

static void
evidence_free(struct evidence *ev)
{
	uint32_t m;

	for (m = 0; m < M; m++)
		post_release(&ev->post[m]);
	free(ev->rho);
}

static int
fixed_round(void *ctx, uint32_t t, const uint32_t *ytrain, const float *w,
    struct vote_src *src, const struct progress *pr, struct err *e)
{
	struct evidence *ev = ctx;
	struct vote_set *s = vote_set_of(src);
	uint32_t m;

	(void)t;
	(void)ytrain;
	(void)w;
	(void)pr;
	(void)e;
	src->n = N;
	src->k = K;
	src->m = M;
	src->who = NULL;
	src->rho = xcalloc(M, sizeof *src->rho);
	for (m = 0; m < M; m++)
		src->rho[m] = ev->rho;
	s->top = ev->top;
	s->keep = ev->given;
	return 0;
}

static void
fixed_done(void *ctx, struct vote_src *src)
{
	(void)ctx;
	free(src->rho);
	memset(vote_set_of(src), 0, sizeof(struct vote_set));
}

/* Planted rows flagged, and other rows flagged. */
static void
score(const uint8_t *flag, uint32_t *hit, uint32_t *other)
{
	uint32_t i;

	*hit = *other = 0;
	for (i = 0; i < N; i++) {
		if (!flag[i])
			continue;
		if (i % 40 == 17)
			(*hit)++;
		else
			(*other)++;
	}
}

static void
test_pico(struct evidence *ev)
{
	struct pico_checkers ck = { fixed_round, fixed_done, NULL, 0 };
	struct pico_opts o;
	struct pico_result r;
	struct err e;
	uint32_t hit, other, i, right = 0;

	ck.ctx = ev;
	pico_opts_init(&o);
	o.rounds = 1;
	o.force_topr = R;
	o.threads = 2;
	if (!ok(pico_run(&o, N, K, ev->given, NULL, &ck, NULL, &r, &e) == 0,
	    "PICO, 20,000 classes: runs")) {
		diag("%s", e.msg);
		return;
	}
	score(r.flagged, &hit, &other);
	diag("PICO: %u of %u planted errors flagged, %u others", hit, N / 40,
	    other);
	is_int(hit, N / 40, "PICO: every planted error flagged");
	for (i = 0; i < N; i++)
		right += i % 40 == 17 && r.suggested[i] == truth(i);
	is_int(right, N / 40, "PICO: each with its true class suggested");
	ok(r.post.r == R, "PICO: top-4 beliefs");
	cmp_ok((double)r.noise.nnz, <=, (double)N * (R + 1) + K,
	    "PICO: the noise matrix holds the pairs that occur");
	cmp_ok(r.class_noise[given_of(17)], >, 0, "PICO: a class with a "
	    "wrong label has noise");
	pico_result_release(&r);
}

static void
test_cl(struct evidence *ev)
{
	struct vote_set s;
	struct cl_rows rows;
	struct cl c;
	struct kmat prior;
	struct err e;
	uint8_t *flag = xcalloc(N, 1);
	uint32_t hit, other;

	memset(&s, 0, sizeof s);
	fixed_round(ev, 0, NULL, NULL, &s.src, NULL, &e);
	vote_mean_rows(&s, 2, &rows);
	if (!ok(cl_init_rows(&c, &rows, ev->given, &e) == 0,
	    "confident learning, 20,000 classes: runs")) {
		diag("%s", e.msg);
		fixed_done(ev, &s.src);
		free(flag);
		return;
	}
	ok(c.cj == NULL && c.cal == NULL && c.prune == NULL,
	    "no dense matrix");
	cmp_ok((double)c.kjoint.nnz, <=, (double)N + K, "the joint holds "
	    "at most a pair a row and the diagonal");
	is_int(cl_expected_errors(&c.kcal), N / 40, "the expected errors are "
	    "the planted ones");
	cl_find_issues_rows(&c, &rows, ev->given, CL_PRUNE_BY_NOISE_RATE,
	    flag);
	score(flag, &hit, &other);
	diag("confident learning: %u of %u planted errors flagged, %u others",
	    hit, N / 40, other);
	ok(hit == N / 40 && other == 0, "confident learning flags the planted "
	    "errors and nothing else");
	cl_prior(&c.kcal, CL_PRIOR_ALPHA, &prior);
	cmp_ok(kmat_at(&prior, given_of(17), truth(17)), >, kmat_at(&prior,
	    given_of(17), 5), "the cj prior moves mass to the true class");
	kmat_release(&prior);
	cl_release(&c);
	fixed_done(ev, &s.src);
	free(flag);
}

int
main(void)
{
	struct evidence ev;
	struct rlimit rl;

	if (!SANITIZED) {
		getrlimit(RLIMIT_AS, &rl);
		if (rl.rlim_max == RLIM_INFINITY || rl.rlim_max > LIMIT)
			rl.rlim_cur = LIMIT;
		ok(setrlimit(RLIMIT_AS, &rl) == 0, "address space limited to "
		    "768 MB");
	}
	evidence_init(&ev);
	test_cl(&ev);
	test_pico(&ev);
	evidence_free(&ev);
	return done_testing();
}
