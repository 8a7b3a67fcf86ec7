/*
 * picoprior.c - PICO's prior and the noise matrix, as sparse k x k
 * matrices.
 *
 * The beliefs of a class's rows are summed cell by cell in row order,
 * exactly as a dense k x k accumulator would sum them, but only over
 * the classes some row of the class holds a value of its own for (every
 * class when the beliefs are dense); every other cell of the row gets
 * the same sum, that of the rows' spread values, kept once as the row's
 * default.  So the numbers are the dense ones, bit for bit, in memory
 * that grows with the pairs that occur.
 */
#include "core/pico/picoprior.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/labels.h"
#include "core/pico/cl/cl.h"
#include "core/util/sort.h"
#include "core/util/xalloc.h"

/*
 * A class with fewer than 2F rows cannot be learnt out of fold: its
 * checkers mostly never saw it, its threshold collapses and the joint
 * would call every row of the other classes a member.  Such a class
 * gets no prior mass from the others (the evidence can still point to
 * it).
 */
static void
drop_small_classes(const struct pico_opts *o, struct cl *cl)
{
	struct kmat *cal = &cl->kcal;
	uint32_t g;
	size_t p;

	for (g = 0; g < cal->k; g++)
		for (p = cal->ptr[g]; p < cal->ptr[g + 1]; p++)
			if (cal->col[p] != g && cl->count[cal->col[p]] <
			    2 * (uint64_t)o->folds)
				cal->val[p] = 0;
}

/* How many of the n rows confident learning flags (its default filter,
 * prune_by_noise_rate, on the rows p as c has them). */
static double
cl_count(const struct cl *c, const struct cl_rows *p, const uint32_t *y,
    uint32_t n, uint32_t k, double *by_class)
{
	uint8_t *mask = xcalloc((size_t)n + 1, 1);
	uint64_t cnt = 0;
	uint32_t i;

	cl_find_issues_rows(c, p, y, CL_PRUNE_BY_NOISE_RATE, mask);
	if (by_class)
		memset(by_class, 0, (size_t)k * sizeof *by_class);
	for (i = 0; i < n; i++) {
		cnt += mask[i];
		if (by_class && mask[i] && y[i] < k)
			by_class[y[i]]++;
	}
	free(mask);
	return (double)cnt;
}

static double
log0(double q)
{
	return q > 0 ? log(q) : -INFINITY;
}

int
picoprior_init(const struct pico_opts *o, uint32_t n, uint32_t k,
    const uint32_t *given, const struct vote_set *set, struct kmat *logq,
    double *wrong, double *wrong_class, struct err *e)
{
	struct kmat q;
	struct cl_rows rows;
	struct cl cl;
	uint32_t g;
	size_t p;

	if (wrong)
		*wrong = NAN;
	if (wrong_class)
		for (g = 0; g < k; g++)
			wrong_class[g] = NAN;
	if (o->prior == PICO_PRIOR_EPS || k == 1) {
		kmat_begin(&q, k);
		for (g = 0; g < k; g++) {
			kmat_put(&q, g, k == 1 ? 1 : 1 - o->eps);
			kmat_end_row(&q, k == 1 ? 1 : o->eps / (k - 1));
		}
	} else {
		/* the checkers' mean rows, one at a time: no n x k matrix */
		vote_mean_rows(set, o->threads, &rows);
		if (cl_init_rows(&cl, &rows, given, e) != 0)
			return -1;
		if (wrong)
			*wrong = cl_count(&cl, &rows, given, n, k,
			    wrong_class);
		drop_small_classes(o, &cl);
		cl_prior(&cl.kcal, o->alpha, &q);
		cl_release(&cl);
	}
	kmat_begin(logq, k);
	for (g = 0; g < k; g++) {
		for (p = q.ptr[g]; p < q.ptr[g + 1]; p++)
			kmat_put(logq, q.col[p], log0(q.val[p]));
		kmat_end_row(logq, log0(q.dflt[g]));
	}
	kmat_release(&q);
	return 0;
}

/*
 * The sums of the beliefs of the rows given each class into sums (built
 * here): row g stores the classes the rows of g keep (and g itself),
 * every class when bp is dense; its default is the sum of the rows'
 * spread values.  cnt[g] gets the number of rows given g.
 */
static void
belief_sums(uint32_t n, uint32_t k, const uint32_t *given,
    const struct post *bp, struct kmat *sums, double *cnt)
{
	size_t *start = xcalloc((size_t)k + 2, sizeof *start), at, s, ns, j;
	uint32_t *rows = xmalloc(((size_t)n + 1) * sizeof *rows), i, g, c;
	uint32_t *sup = NULL, r = bp->r;
	double *acc = NULL, *val = NULL, dflt, spread;

	for (i = 0; i < n; i++)
		if (given[i] != LABELS_NONE)
			start[given[i] + 2]++;
	for (g = 0; g < k; g++)
		start[g + 2] += start[g + 1];
	for (i = 0; i < n; i++)
		if (given[i] != LABELS_NONE)
			rows[start[given[i] + 1]++] = i;
	/* class g's rows are rows[start[g] .. start[g + 1]), ascending */
	kmat_begin(sums, k);
	if (r == 0)
		acc = xmalloc(((size_t)k + 1) * sizeof *acc);
	for (g = 0; g < k; g++) {
		cnt[g] = (double)(start[g + 1] - start[g]);
		if (r == 0) {
			for (c = 0; c < k; c++)
				acc[c] = 0;
			for (s = start[g]; s < start[g + 1]; s++)
				for (c = 0; c < k; c++)
					acc[c] += bp->dense[(size_t)rows[s] *
					    k + c];
			for (c = 0; c < k && s > start[g]; c++)
				kmat_put(sums, c, acc[c]);
			kmat_end_row(sums, 0);
			continue;
		}
		/* the support: every kept class of the rows, and g */
		ns = (start[g + 1] - start[g]) * r + 1;
		sup = xreallocarray(sup, ns, sizeof *sup);
		acc = xreallocarray(acc, ns, sizeof *acc);
		val = xreallocarray(val, ns, sizeof *val);
		sup[0] = g;
		for (ns = 1, s = start[g]; s < start[g + 1]; s++)
			for (j = 0; j < r; j++)
				sup[ns++] = post_cls(bp,
				    (size_t)rows[s] * r + j);
		sort_u32(sup, ns, NULL);
		for (at = 0, j = 0; j < ns; j++)
			if (at == 0 || sup[j] != sup[at - 1])
				sup[at++] = sup[j];
		ns = at;
		for (j = 0; j < ns; j++)
			acc[j] = 0;
		dflt = 0;
		for (s = start[g]; s < start[g + 1]; s++) {
			/* the row's value of each support class, as
			 * post_get gives it: kept, else the given slot,
			 * else the spread */
			i = rows[s];
			spread = post_spread(bp, i, g);
			for (j = 0; j < ns; j++)
				val[j] = spread;
			val[sort_lower_u32(sup, 0, ns, g)] = bp->given[i];
			for (at = 0; at < r; at++)
				val[sort_lower_u32(sup, 0, ns,
				    post_cls(bp, (size_t)i * r + at))] =
				    bp->prob[(size_t)i * r + at];
			for (j = 0; j < ns; j++)
				acc[j] += val[j];
			dflt += spread;
		}
		for (j = 0; j < ns && start[g + 1] > start[g]; j++)
			kmat_put(sums, sup[j], acc[j]);
		kmat_end_row(sums, dflt);
	}
	free(acc);
	free(val);
	free(sup);
	free(rows);
	free(start);
}

void
picoprior_noise(uint32_t n, uint32_t k, const uint32_t *given,
    const struct post *bp, struct kmat *noise, double *class_noise)
{
	struct kmat sums;
	double *cnt = xmalloc(((size_t)k + 1) * sizeof *cnt), d;
	uint32_t g;
	size_t p;

	belief_sums(n, k, given, bp, &sums, cnt);
	kmat_begin(noise, k);
	for (g = 0; g < k; g++) {
		d = cnt[g] > 0 ? cnt[g] : 1;
		for (p = sums.ptr[g]; p < sums.ptr[g + 1]; p++)
			kmat_put(noise, sums.col[p], cnt[g] > 0 ?
			    sums.val[p] / d : sums.val[p]);
		kmat_end_row(noise, cnt[g] > 0 ? sums.dflt[g] / d :
		    sums.dflt[g]);
		class_noise[g] = cnt[g] > 0 ? 1 - kmat_at(noise, g, g) : 0;
	}
	kmat_release(&sums);
	free(cnt);
}
