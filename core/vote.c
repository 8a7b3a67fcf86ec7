/*
 * vote.c - scaled likelihoods, pooling, posteriors.  All per row, so the
 * caller can stream over rows and never hold an n*k double matrix.
 */
#include "vote.h"

#include <math.h>
#include <stddef.h>

double
vote_beta(enum vote_beta b, uint32_t m)
{
	if (m == 0)
		return 1;
	switch (b) {
	case VOTE_BETA_SQRT:
		return 1 / sqrt((double)m);
	case VOTE_BETA_INV:
		return 1 / (double)m;
	case VOTE_BETA_ONE:
		break;
	}
	return 1;
}

static double
clip(double v)
{
	return v > VOTE_FLOOR ? v : VOTE_FLOOR;
}

void
vote_evidence(const struct vote_src *src, const struct vote_opts *o,
    uint32_t i, double *E)
{
	uint32_t k = src->k, m, c, w;
	double beta = vote_beta(o->beta, src->m), mx;
	const float *p;
	const double *rho;

	for (c = 0; c < k; c++)
		E[c] = 0;
	if (o->pool == VOTE_MEAN) {
		/* log of the mean scaled likelihood */
		for (m = 0; m < src->m; m++) {
			p = src->p[m] + (size_t)i * k;
			w = src->who && src->who[m] ? src->who[m][i] : 0;
			rho = src->rho[m] + (size_t)w * k;
			for (c = 0; c < k; c++)
				E[c] += rho[c] > 0 ? clip(p[c]) / rho[c] : 1;
		}
		for (c = 0; c < k; c++)
			E[c] = log(src->m ? E[c] / src->m : 1);
		return;
	}
	for (m = 0; m < src->m; m++) {
		p = src->p[m] + (size_t)i * k;
		w = src->who && src->who[m] ? src->who[m][i] : 0;
		rho = src->rho[m] + (size_t)w * k;
		/* a class the checker never trained on gets no vote from
		 * it: whatever it outputs there is not evidence */
		for (c = 0; c < k; c++)
			if (rho[c] > 0)
				E[c] += log(clip(p[c])) - log(rho[c]);
	}
	/* only differences matter: centre for numerical comfort */
	mx = -INFINITY;
	for (c = 0; c < k; c++)
		if (E[c] > mx)
			mx = E[c];
	for (c = 0; c < k; c++)
		E[c] = beta * (E[c] - mx);
}

void
vote_posterior(uint32_t k, const double *logpi, const double *E, double *b)
{
	uint32_t c;
	double mx = -INFINITY, z = 0;

	for (c = 0; c < k; c++) {
		b[c] = logpi[c] + E[c];
		if (b[c] > mx)
			mx = b[c];
	}
	if (mx == -INFINITY) {
		/* no class possible: fall back to uniform */
		for (c = 0; c < k; c++)
			b[c] = 1.0 / k;
		return;
	}
	for (c = 0; c < k; c++) {
		b[c] = exp(b[c] - mx);
		z += b[c];
	}
	for (c = 0; c < k; c++)
		b[c] /= z;
}

uint32_t
vote_agree(const struct vote_src *src, uint32_t i, uint32_t c)
{
	uint32_t m, j, best, n = 0;
	const float *p;

	for (m = 0; m < src->m; m++) {
		p = src->p[m] + (size_t)i * src->k;
		best = 0;
		for (j = 1; j < src->k; j++)
			if (p[j] > p[best])
				best = j;
		n += best == c;
	}
	return n;
}
