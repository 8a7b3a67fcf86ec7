/*
 * picoform.c - PICO's parameters on one screen: the method, the checkers'
 * model, folds, repeats, rounds, seed, the flag rule and its threshold,
 * the relabel threshold and the skill gate.  Up and down choose a field, left and right step
 * its value (choices cycle, numbers move by a step), e types a value,
 * Enter runs PICO with them, q leaves them set for the next p.
 *
 * The form edits the review loop's options in place (the session owns
 * them); the values are checked here, so a run never sees an impossible
 * one.
 */
#include "views/view.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pico/picorun.h"
#include "core/util/names.h"
#include "core/util/xalloc.h"
#include "views/lib/reviewloop.h"

enum pf_field {
	PF_METHOD, PF_MODEL, PF_FOLDS, PF_REPEATS, PF_ROUNDS, PF_SEED,
	PF_FLAG, PF_TAU, PF_RELABEL, PF_GATE, PF_NFIELDS
};

static const char *const field_name[PF_NFIELDS] = {
	"method", "model", "folds", "repeats", "rounds", "seed", "flag rule",
	"flag threshold", "relabel threshold", "skill gate"
};

static const char *const field_help[PF_NFIELDS] = {
	"PICO (iterated, Bayesian) or confident learning (one pass)",
	"checkers: auto (a mix by out-of-fold log loss), nb, lr, knn, sgd, gbt",
	"cross-validation folds per repeat (2 to 100)",
	"independent splits, each a set of checkers (1 to 64)",
	"PICO rounds at most (1 to 16)",
	"seed of the splits and the training order",
	("auto: budget, or cj on your probabilities; budget: the expected "
	    "number of wrong labels; argmax: suggestion differs and is sure; "
	    "q: b(given) below the threshold; cj: confident learning's "
	    "count"),
	"for the argmax and q rules (0 to 1)",
	"relabel for the next round's training when max b is this sure",
	("flag nothing unless the checkers beat the class shares by this "
	    "many nats (0: flag anyway)"),
};

static const char *const methods[] = { "pico", "cl" };
/* in the order of enum oof_model */
static const char *const models[] = { "auto", "nb", "lr", "knn", "sgd",
	"gbt" };
#define NMODELS (int)(sizeof models / sizeof models[0])
static const char *const flags[] = { "budget", "argmax", "q", "cj",
	"auto" };
#define NFLAGS (int)(sizeof flags / sizeof flags[0])

struct pf {
	struct reviewloop *loop;	/* the options, the run request */
	int cur;
};

static void *
pf_open(struct view_env *env, void *data)
{
	struct pf *v = xcalloc(1, sizeof *v);

	(void)env;
	v->loop = data;
	return v;
}

static void
pf_close(void *st)
{
	free(st);
}

static void
value(const struct picorun_opts *o, int f, char *buf, size_t size)
{
	switch (f) {
	case PF_METHOD:
		snprintf(buf, size, "%s", methods[o->method == PICORUN_CL]);
		break;
	case PF_MODEL:
		snprintf(buf, size, "%s", (int)o->oof.model < NMODELS ?
		    models[o->oof.model] : oof_model_name(o->oof.model));
		break;
	case PF_FOLDS:
		snprintf(buf, size, "%u", o->oof.folds);
		break;
	case PF_REPEATS:
		snprintf(buf, size, "%u", o->oof.repeats);
		break;
	case PF_ROUNDS:
		snprintf(buf, size, "%u", o->pico.rounds);
		break;
	case PF_SEED:
		snprintf(buf, size, "%llu", (unsigned long long)o->oof.seed);
		break;
	case PF_FLAG:
		snprintf(buf, size, "%s", flags[o->pico.flag]);
		break;
	case PF_TAU:
	case PF_RELABEL:
	case PF_GATE:
		snprintf(buf, size, "%.2f%s", f == PF_TAU ? pico_tau(&o->pico) :
		    f == PF_RELABEL ? o->pico.tau_relabel : o->pico.gate,
		    f == PF_GATE ? " nats" : "");
		break;
	default:
		buf[0] = '\0';
	}
}

static void
pf_draw(void *st, const struct view_env *env, struct canvas *c, int x,
    int y, int w, int h)
{
	struct pf *v = st;
	char buf[64];
	int f, yy, vx = x + 22;

	if (!v->loop->opts)
		return;
	canvas_fill(c, x, y, w, 1, ROLE_HEADER);
	canvas_str(c, x + 1, y, w - 2, "PICO options: the next run (p) uses "
	    "them", ROLE_HEADER, CANVAS_BOLD);
	for (f = 0; f < PF_NFIELDS && 2 + f < h - 4; f++) {
		int sel = f == v->cur;

		yy = y + 2 + f;
		if (sel)
			canvas_fill(c, x, yy, w, 1, ROLE_SELECTED);
		canvas_str(c, x + 2, yy, 19, field_name[f], sel ?
		    ROLE_SELECTED : ROLE_NORMAL, CANVAS_BOLD);
		value(v->loop->opts, f, buf, sizeof buf);
		canvas_str(c, vx, yy, 2, canvas_glyph(c, GLYPH_ARROW_L),
		    sel ? ROLE_KEY : ROLE_DIM, 0);
		canvas_str(c, vx + 2, yy, 20, buf, sel ? ROLE_CURSOR :
		    ROLE_NORMAL, CANVAS_BOLD);
		canvas_str(c, vx + 2 + (int)strlen(buf) + 1, yy, 2,
		    canvas_glyph(c, GLYPH_ARROW_R), sel ? ROLE_KEY : ROLE_DIM,
		    0);
		if (w >= 120)
			canvas_str(c, vx + 16, yy, w - (vx + 16 - x) - 1,
			    field_help[f], sel ? ROLE_SELECTED : ROLE_DIM, 0);
	}
	if (w < 120)
		canvas_str(c, x + 2, y + 3 + PF_NFIELDS, w - 4,
		    field_help[v->cur], ROLE_DIM, 0);
	canvas_str(c, x + 1, y + h - 1, w - 2, "Up/Down choose, Left/Right "
	    "change, e types a value, Enter runs, q keeps them for later",
	    ROLE_DIM, 0);
}

static double
clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static long long
clampl(long long v, long long lo, long long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Step field f by d (+1 / -1). */
static void
step(struct picorun_opts *o, int f, int d)
{
	switch (f) {
	case PF_METHOD:
		o->method = o->method == PICORUN_CL ? PICORUN_PICO :
		    PICORUN_CL;
		break;
	case PF_MODEL:
		o->oof.model = (enum oof_model)((int)o->oof.model < NMODELS ?
		    ((int)o->oof.model + d + NMODELS) % NMODELS : 0);
		break;
	case PF_FOLDS:
		o->oof.folds = (uint32_t)clampl((long long)o->oof.folds + d, 2,
		    100);
		break;
	case PF_REPEATS:
		o->oof.repeats = (uint32_t)clampl((long long)o->oof.repeats + d,
		    1, 64);
		break;
	case PF_ROUNDS:
		o->pico.rounds = (uint32_t)clampl((long long)o->pico.rounds + d,
		    1, 16);
		break;
	case PF_SEED:
		if (d > 0 || o->oof.seed > 0)
			o->oof.seed += (uint64_t)(int64_t)d;
		break;
	case PF_FLAG:
		o->pico.flag = (enum pico_flag)(((int)o->pico.flag + d + 5) % 5);
		break;
	case PF_TAU:
		o->pico.tau = clampd(pico_tau(&o->pico) + 0.05 * d, 0, 1);
		break;
	case PF_RELABEL:
		o->pico.tau_relabel = clampd(o->pico.tau_relabel + 0.05 * d, 0,
		    1);
		break;
	case PF_GATE:
		o->pico.gate = clampd(o->pico.gate + 0.25 * d, 0, 1e12);
		break;
	}
}

/* Set field f from text s; returns 0, or -1 with a message in buf. */
static int
set(struct picorun_opts *o, int f, const char *s, char *buf, size_t size)
{
	char *end;
	double x;
	unsigned long long u;
	int i;

	switch (f) {
	case PF_METHOD:
	case PF_MODEL:
	case PF_FLAG: {
		const char *const *names = f == PF_METHOD ? methods :
		    f == PF_MODEL ? models : flags;
		int nn = f == PF_METHOD ? 2 : f == PF_MODEL ? NMODELS :
		    NFLAGS;

		if ((i = names_index(names, (size_t)nn, s)) < 0) {
			snprintf(buf, size, "%s: not one of the choices",
			    field_name[f]);
			return -1;
		}
		if (f == PF_METHOD)
			o->method = i ? PICORUN_CL : PICORUN_PICO;
		else if (f == PF_MODEL)
			o->oof.model = (enum oof_model)i;
		else
			o->pico.flag = (enum pico_flag)i;
		return 0;
	}
	case PF_TAU:
	case PF_RELABEL:
	case PF_GATE:
		/* thresholds from 0 to 1; the gate, nats from 0 */
		errno = 0;
		x = strtod(s, &end);
		if (!*s || *end || errno || !(x >= 0 && x <= (f == PF_GATE ?
		    1e12 : 1))) {
			snprintf(buf, size, "%s: %s", field_name[f],
			    f == PF_GATE ? "nats, 0 or more" :
			    "a number from 0 to 1");
			return -1;
		}
		if (f == PF_TAU)
			o->pico.tau = x;
		else if (f == PF_RELABEL)
			o->pico.tau_relabel = x;
		else
			o->pico.gate = x;
		return 0;
	default:
		errno = 0;
		u = strtoull(s, &end, 10);
		if (!*s || *s == '-' || *end || errno ||
		    (f == PF_FOLDS && (u < 2 || u > 100)) ||
		    (f == PF_REPEATS && (u < 1 || u > 64)) ||
		    (f == PF_ROUNDS && (u < 1 || u > 16))) {
			snprintf(buf, size, "%s: %s", field_name[f],
			    f == PF_FOLDS ? "2 to 100" : f == PF_REPEATS ?
			    "1 to 64" : f == PF_ROUNDS ? "1 to 16" :
			    "a whole number");
			return -1;
		}
		if (f == PF_FOLDS)
			o->oof.folds = (uint32_t)u;
		else if (f == PF_REPEATS)
			o->oof.repeats = (uint32_t)u;
		else if (f == PF_ROUNDS)
			o->pico.rounds = (uint32_t)u;
		else
			o->oof.seed = u;
		return 0;
	}
}

static unsigned
pf_act(void *st, struct view_env *env, enum action a)
{
	struct pf *v = st;
	struct picorun_opts *o = v->loop->opts;

	if (!o)
		return 0;
	switch (a) {
	case ACT_UP:
		v->cur = v->cur > 0 ? v->cur - 1 : PF_NFIELDS - 1;
		break;
	case ACT_DOWN:
		v->cur = v->cur + 1 < PF_NFIELDS ? v->cur + 1 : 0;
		break;
	case ACT_TOP:
		v->cur = 0;
		break;
	case ACT_BOTTOM:
		v->cur = PF_NFIELDS - 1;
		break;
	case ACT_LEFT:
	case ACT_RIGHT:
		step(o, v->cur, a == ACT_RIGHT ? 1 : -1);
		break;
	case ACT_EDIT:
		env->req.ask = 1;
		snprintf(env->req.ask_title, sizeof env->req.ask_title, "%s",
		    field_name[v->cur]);
		break;
	case ACT_ANSWER:
		if (env->answer && env->answer[0] && set(o, v->cur,
		    env->answer, env->req.msg, sizeof env->req.msg) < 0)
			env->req.msg_level = VIEW_ERROR;
		break;
	case ACT_OPEN:
		v->loop->req.run_pico = 2;
		return VIEW_HANDLED | VIEW_CLOSE;
	default:
		return 0;
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

static void
pf_where(void *st, const struct view_env *env, char *buf, size_t size)
{
	struct pf *v = st;

	(void)env;
	snprintf(buf, size, "field %d of %d", v->cur + 1, PF_NFIELDS);
}

const struct view view_picoform = {
	.name = "picoform",
	.title = "PICO options",
	.top = 0,
	.data = VIEW_DATA_REVIEW,
	.help = "The parameters of the next PICO run: method, the checkers' "
	    "model, folds, repeats, rounds, seed, the flag rule and its "
	    "threshold, the relabel threshold. Up and down choose a field, "
	    "left and right change it, e types a value, Enter runs PICO on "
	    "all rows (the reviewed ones clamped), q keeps the values for the "
	    "next p.",
	.open = pf_open,
	.close = pf_close,
	.draw = pf_draw,
	.act = pf_act,
	.where = pf_where,
};
