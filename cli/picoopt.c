/*
 * picoopt.c - PICO's method options on the command line: each name
 * mapped to its field of struct picorun_opts, numbers checked against
 * their range and choices against their names, with a usage error that
 * names the option.
 */
#include "cli/picoopt.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/pico/features.h"
#include "core/util/names.h"
#include "cli/cli.h"

/* The options that take one of a few names, the index of which
 * set_choice stores. */
enum { C_METHOD, C_PRIOR, C_BETA, C_POOL, C_CARRY, C_FLAG, C_CALIB, C_SCORE,
	C_N };
static const struct {
	const char *name;
	const char *values[6];	/* NULL-ended */
} choices[C_N] = {
	[C_METHOD] = { "--method", { "pico", "cl" } },
	[C_PRIOR] = { "--prior", { "cj", "eps" } },
	[C_BETA] = { "--beta", { "one", "sqrt", "inv" } },
	[C_POOL] = { "--pool", { "loglinear", "mean" } },
	[C_CARRY] = { "--carry", { "none", "hmm" } },
	[C_FLAG] = { "--flag", { "budget", "argmax", "q", "cj", "auto" } },
	[C_CALIB] = { "--calibrate", { "none", "temp", "auto", "sharpen" } },
	[C_SCORE] = { "--score", { "self_confidence", "normalized_margin" } },
};

static void
set_choice(struct picorun_opts *o, int c, int x)
{
	switch (c) {
	case C_METHOD: o->method = x ? PICORUN_CL : PICORUN_PICO; break;
	case C_PRIOR: o->pico.prior = (enum pico_prior)x; break;
	case C_BETA: o->pico.vote.beta = (enum vote_beta)x; break;
	case C_POOL: o->pico.vote.pool = (enum vote_pool)x; break;
	case C_CARRY: o->pico.carry = (enum pico_carry)x; break;
	case C_FLAG: o->pico.flag = (enum pico_flag)x; break;
	case C_CALIB: o->pico.calibrate = (enum pico_calib)x; break;
	case C_SCORE: o->score = (enum cl_score)x; break;
	}
}

/* The options that take a number in [lo, hi]: a whole one into a
 * uint32_t field, or a real one into a double, at off in the options. */
#define OFF(field) offsetof(struct picorun_opts, field)
static const struct {
	const char *name;
	double lo, hi;
	size_t off;
	int whole;
} numbers[] = {
	{ "--folds", 2, 100, OFF(oof.folds), 1 },
	{ "--repeats", 1, 64, OFF(oof.repeats), 1 },
	{ "--rounds", 1, 16, OFF(pico.rounds), 1 },
	{ "--top-r", 1, 4096, OFF(pico.force_topr), 1 },
	{ "--eps", 0, 1, OFF(pico.eps), 0 },
	{ "--alpha", 0, 1e6, OFF(pico.alpha), 0 },
	{ "--stay", 0, 1, OFF(pico.stay), 0 },
	{ "--tau", 0, 1, OFF(pico.tau), 0 },
	{ "--gate", 0, 1e12, OFF(pico.gate), 0 },
	{ "--doubt", 0, 1, OFF(pico.doubt), 0 },
	{ "--relabel-threshold", 0, 1, OFF(pico.tau_relabel), 0 },
};
#undef OFF

/* Number option k's value v into its field: 0, or -1 after a usage
 * error. */
static int
set_number(struct picorun_opts *o, size_t k, const char *v)
{
	char *field = (char *)o + numbers[k].off;
	uint64_t n;
	uint32_t u;

	if (!numbers[k].whole)
		return cli_real(numbers[k].name, v, numbers[k].lo,
		    numbers[k].hi, (double *)(void *)field);
	if (cli_uint(numbers[k].name, v, (uint64_t)numbers[k].lo,
	    (uint64_t)numbers[k].hi, &n) != 0)
		return -1;
	u = (uint32_t)n;
	memcpy(field, &u, sizeof u);
	return 0;
}

/* The index of v among choice c's names, or -1 after a usage error. */
static int
choice(int c, const char *v)
{
	int i = names_index(choices[c].values, sizeof choices[c].values /
	    sizeof *choices[c].values, v);

	if (i < 0) {
		char list[128];
		size_t at = 0, j;

		list[0] = '\0';
		for (j = 0; j < sizeof choices[c].values /
		    sizeof *choices[c].values && choices[c].values[j] &&
		    at < sizeof list; j++)
			at += (size_t)snprintf(list + at, sizeof list - at,
			    "%s%s", j ? ", " : "", choices[c].values[j]);
		cli_usage_error("%s: unknown value '%s' (one of: %s)",
		    choices[c].name, v, list);
	}
	return i;
}

int
picoopt_parse(struct picorun_opts *o, const char **probs, size_t *nprobs,
    int argc, char **argv, int *i)
{
	const char *v;
	uint64_t n = 0;
	size_t k;
	int bad = 0, x;

	for (k = 0; k < C_N; k++)
		if ((v = cli_value(choices[k].name, argc, argv, i, &bad))) {
			if ((x = choice((int)k, v)) < 0)
				return -1;
			set_choice(o, (int)k, x);
			return 1;
		}
	for (k = 0; k < sizeof numbers / sizeof *numbers; k++)
		if ((v = cli_value(numbers[k].name, argc, argv, i, &bad)))
			return set_number(o, k, v) != 0 ? -1 : 1;
#define VAL(name) ((v = cli_value((name), argc, argv, i, &bad)) != NULL)
	if (VAL("--probs")) {
		probs[(*nprobs)++] = v;
	} else if (VAL("--model")) {
		if (oof_model_parse(v, &o->oof.model) != 0)
			bad = 1, cli_usage_error("--model: unknown "
			    "model '%s' (auto, nb, lr, knn, sgd, or a list of "
			    "them)", v);
	} else if (VAL("--seed")) {
		bad = cli_uint("--seed", v, 0, UINT64_MAX, &n) < 0;
		o->oof.seed = n;
	} else if (VAL("--filter")) {
		if ((x = cl_filter_parse(v)) < 0)
			bad = 1, cli_usage_error("--filter: unknown "
			    "filter '%s'", v);
		else
			o->filter = (enum cl_filter)x;
	} else if (strcmp(argv[*i], "--bigrams") == 0) {
		o->feat.bigrams = 1;
	} else if (strcmp(argv[*i], "--char-ngrams") == 0) {
		o->feat.char_ngrams = 1;
	} else if (VAL("--hash-bits")) {
		bad = cli_uint("--hash-bits", v, FEATURES_BITS_MIN,
		    FEATURES_BITS_MAX, &n) < 0;
		o->feat.hash_bits = (unsigned)n;
	} else {
		return bad ? -1 : 0;
	}
#undef VAL
	return bad ? -1 : 1;
}
