/*
 * t3201-bigk-picorun - a table of 500 classes through picorun, PICO and
 * confident learning, with top-16 predictions and beliefs (16-bit class
 * ids, 104 bytes a row): its planted errors are found with their true
 * classes, and PICO gives the same result on one thread and two.
 * (Logistic checkers: naive Bayes is too rough on five rows a class for
 * PICO's budget; 500 classes cost a quarter of 1,000 and still put
 * r = 16 far below K.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/data/labels.h"
#include "core/pico/picorun.h"
#include "core/pico/post.h"
#include "core/util/rng.h"
#include "core/util/xalloc.h"
#include "tests/tap.h"

#define KC 500u

/*
 * KC classes x 5 rows: each class has three words of its own and a row
 * holds two of them plus two of 40 shared words; every 97th row carries
 * a wrong label (another class, drawn).  The given labels are in column
 * label, the true ones in truth (not a feature).
 */
static struct table *
many(uint8_t *planted, uint32_t nrows)
{
	struct csvload_opts co;
	struct err e;
	struct rng r;
	struct table *t;
	size_t cap = (size_t)nrows * 64 + 64, n = 0;
	char *csv = xmalloc(cap);
	static const char *const text[] = { "text", NULL };
	uint32_t i, c, y, a, b;

	rng_seed(&r, 3200, 1);
	n += (size_t)sprintf(csv + n, "id,text,label,truth\n");
	for (i = 0; i < nrows; i++) {
		c = i % KC;
		a = (uint32_t)rng_below(&r, 3);
		b = (a + 1 + (uint32_t)rng_below(&r, 2)) % 3;
		y = c;
		planted[i] = i % 97 == 5;
		if (planted[i])
			y = (c + 1 + (uint32_t)rng_below(&r, KC - 1)) % KC;
		n += (size_t)sprintf(csv + n, "%u,w%u_%u w%u_%u s%u s%u,c%u,c%u\n",
		    i + 1, c, a, c, b, (uint32_t)rng_below(&r, 40),
		    (uint32_t)rng_below(&r, 40), y, c);
	}
	csvload_opts_init(&co);
	co.text_cols = text;
	co.id_col = "id";
	t = csvload_mem("many.csv", csv, n, &co, &e);
	if (!t)
		diag("%s", e.msg);
	free(csv);
	return t;
}

int
main(void)
{
	uint32_t nrows = 5 * KC, i;
	uint8_t *planted = xcalloc(nrows, 1);
	struct table *t = many(planted, nrows);
	struct labels L;
	struct picorun_opts po;
	struct pico_result r1, r2;
	struct err e;
	int cols[1], method;
	double tp, fp, fn, fixed;

	if (!t || labels_init(&L, t, table_col_index(t, "label"),
	    LABELS_FIRST_SEEN, &e) != 0) {
		skip(14, "generated table not loaded");
		free(planted);
		table_free(t);
		return done_testing();
	}
	is_int(L.k, KC, "500 classes");
	for (method = 0; method < 2; method++) {
		const char *mname = method ? "cl" : "pico";

		picorun_opts_init(&po);
		po.method = method ? PICORUN_CL : PICORUN_PICO;
		po.pico.force_topr = 16;
		po.oof.model = OOF_LR;
		po.oof.threads = 2;
		cols[0] = table_col_index(t, "text");
		po.feat.cols = cols;
		po.feat.ncols = 1;
		if (!ok(picorun(t, &L, NULL, &po, &r1, &e) == 0,
		    "%s, %u classes, top-16: runs", mname, KC)) {
			diag("%s", e.msg);
			continue;
		}
		ok(r1.post.r == 16 && r1.post.cls16, "%s: 16-bit top-16 beliefs",
		    mname);
		is_int((long long)post_bytes(&r1.post), (long long)nrows *
		    (16 * 6 + 8), "104 bytes of beliefs a row");
		tp = fp = fn = fixed = 0;
		for (i = 0; i < nrows; i++) {
			tp += planted[i] && r1.flagged[i];
			fp += !planted[i] && r1.flagged[i];
			fn += planted[i] && !r1.flagged[i];
			if (planted[i]) {
				char want[16];

				snprintf(want, sizeof want, "c%u", i % KC);
				fixed += !strcmp(L.name[r1.suggested[i]], want);
			}
		}
		diag("%s: %u rounds, %llu flagged, %.0f of %.0f planted "
		    "errors (%.0f with the true class suggested), %.0f "
		    "others, expected %.1f", mname, r1.rounds,
		    (unsigned long long)r1.nflagged, tp, tp + fn, fixed, fp,
		    r1.expected);
		cmp_ok(tp / (tp + fn), >=, 0.9, "the planted errors are found");
		cmp_ok(tp / (tp + fp + 1e-9), >=, method ? 0.8 : 0.5,
		    "most flags are planted errors");
		cmp_ok(fixed / (tp + fn), >=, 0.9, "with their true class "
		    "suggested");
		if (method == 0) {
			po.oof.threads = 1;
			picorun(t, &L, NULL, &po, &r2, &e);
			ok(r1.rounds == r2.rounds &&
			    !memcmp(r1.flagged, r2.flagged, nrows) &&
			    !memcmp(r1.quality, r2.quality, nrows * 4) &&
			    !memcmp(r1.post.prob, r2.post.prob,
			    (size_t)nrows * 16 * 4),
			    "threads 1 and 2 give the same result");
			pico_result_release(&r2);
		}
		pico_result_release(&r1);
	}
	labels_release(&L);
	table_free(t);
	free(planted);
	return done_testing();
}
