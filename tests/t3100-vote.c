/*
 * t3100-vote - the vote arithmetic and the belief store, on cases worked
 * out by hand (the working is in the comments).
 */
#include <math.h>

#include "core/pico/post.h"
#include "core/pico/vote.h"
#include "tests/tap.h"

static void
test_vote(void)
{
	/* one row, two classes, two checkers trained on balanced folds */
	float p1[] = { 0.8f, 0.2f }, p2[] = { 0.6f, 0.4f };
	float *ps[] = { p1, p2 };
	double rho_bal[] = { 0.5, 0.5 }, *rhos[] = { rho_bal, rho_bal };
	struct vote_src src = { 1, 2, 2, ps, NULL, rhos, NULL };
	struct vote_opts o = { VOTE_LOGLINEAR, VOTE_BETA_ONE };
	double E[2], b[2], lp[2];

	/*
	 * E(0) - E(1) = log(0.8/0.5) + log(0.6/0.5) - log(0.2/0.5)
	 *             - log(0.4/0.5) = log(0.48 / 0.08) = log 6
	 */
	vote_evidence(&src, &o, 0, E);
	is_num(E[0] - E[1], log(6.0), 1e-6, "log-linear evidence: log 6");
	lp[0] = lp[1] = log(0.5);
	vote_posterior(2, lp, E, b);
	is_num(b[0], 6.0 / 7.0, 1e-6, "flat prior: b(0) = 6/7");
	is_num(b[0] + b[1], 1, 1e-12, "posterior sums to 1");
	/* prior (0.9, 0.1): b0 = 0.9 / (0.9 + 0.1/6) = 54/55 */
	lp[0] = log(0.9);
	lp[1] = log(0.1);
	vote_posterior(2, lp, E, b);
	is_num(b[0], 54.0 / 55.0, 1e-6, "given-label prior: b(0) = 54/55");

	/* beta = 1/sqrt(2): E difference log(6)/sqrt(2) */
	o.beta = VOTE_BETA_SQRT;
	vote_evidence(&src, &o, 0, E);
	is_num(E[0] - E[1], log(6.0) / sqrt(2.0), 1e-6, "beta = 1/sqrt(m)");
	o.beta = VOTE_BETA_INV;
	vote_evidence(&src, &o, 0, E);
	is_num(E[0] - E[1], log(6.0) / 2, 1e-6, "beta = 1/m");

	/* averaging: l1 = (1.6, 0.4), l2 = (1.2, 0.8), mean (1.4, 0.6) */
	o.pool = VOTE_MEAN;
	o.beta = VOTE_BETA_ONE;
	vote_evidence(&src, &o, 0, E);
	lp[0] = lp[1] = log(0.5);
	vote_posterior(2, lp, E, b);
	is_num(b[0], 0.7, 1e-6, "mean pooling: b(0) = 0.7");

	/* a checker that only repeats its training frequencies says
	 * nothing: P = rho gives flat evidence */
	{
		float q[] = { 0.8f, 0.2f }, *qs[] = { q };
		double rho[] = { 0.8, 0.2 }, *rs[] = { rho };
		struct vote_src s1 = { 1, 2, 1, qs, NULL, rs, NULL };

		o.pool = VOTE_LOGLINEAR;
		vote_evidence(&s1, &o, 0, E);
		is_num(E[0] - E[1], 0, 1e-6, "P = rho: no evidence");
	}
	/* the checker per row picks its rho: who[] */
	{
		float q[] = { 0.5f, 0.5f, 0.5f, 0.5f }, *qs[] = { q };
		double rho[] = { 0.5, 0.5, 0.25, 0.75 }, *rs[] = { rho };
		uint32_t who[] = { 0, 1 }, *ws[] = { who };
		struct vote_src s2 = { 2, 2, 1, qs, ws, rs, NULL };

		vote_evidence(&s2, &o, 1, E);
		/* log(0.5/0.25) - log(0.5/0.75) = log 3 */
		is_num(E[0] - E[1], log(3.0), 1e-6, "row 1 uses checker 1's rho");
		is_int(vote_agree(&s2, 0, 0), 1, "tie: argmax is the first");
	}
	/* a prior of -inf excludes a class */
	lp[0] = -INFINITY;
	lp[1] = 0;
	E[0] = 5;
	E[1] = 0;
	vote_posterior(2, lp, E, b);
	is_num(b[1], 1, 0, "impossible class gets 0");
	is_int(vote_agree(&src, 0, 0), 2, "both checkers agree on class 0");
}

static void
test_post(void)
{
	struct post p;
	double b[] = { 0.1, 0.5, 0.05, 0.3, 0.05 }, prob[5];
	uint32_t scratch[5], cls[5], n;

	post_init(&p, 3, 5, 0);
	ok(p.r == 0 && p.dense, "small: dense");
	post_set(&p, 1, b, 2, scratch);
	is_num(post_get(&p, 1, 3, 2), 0.3, 1e-7, "dense get");
	n = post_top(&p, 1, cls, prob, 3);
	ok(n == 3 && cls[0] == 1 && cls[1] == 3 && cls[2] == 0,
	    "dense top-3: 1, 3, 0");
	post_release(&p);

	/* top-2 of 5: keeps classes 1 (0.5) and 3 (0.3); the given label
	 * 2 keeps its 0.05; rest = 0.2, of which 0.15 is spread over the
	 * two classes neither kept nor given: 0.075 each */
	post_init(&p, 3, 5, 2);
	ok(p.r == 2, "forced top-r");
	post_set(&p, 0, b, 2, scratch);
	is_num(post_get(&p, 0, 1, 2), 0.5, 1e-7, "kept class");
	is_num(post_get(&p, 0, 2, 2), 0.05, 1e-7, "given label kept apart");
	is_num(post_get(&p, 0, 0, 2), 0.075, 1e-7, "rest spread evenly");
	is_num(post_get(&p, 0, 4, 2), 0.075, 1e-7, "rest spread evenly (2)");
	n = post_top(&p, 0, cls, prob, 5);
	ok(n == 2 && cls[0] == 1 && cls[1] == 3, "top-r order");
	/* given label among the kept ones: rest 0.2 over 3 others */
	post_set(&p, 2, b, 1, scratch);
	is_num(post_get(&p, 2, 0, 1), 0.2 / 3, 1e-7, "rest over 3");
	ok(post_bytes(&p) > 0, "bytes reported");
	post_release(&p);
	post_release(NULL);
}

int
main(void)
{
	test_vote();
	test_post();
	return done_testing();
}
