/*
 * t1040-crosstab - two-column counts: totals, known cells (counted with
 * Python's collections.Counter on datasets/cars.csv), binned (a few
 * round bins) and folded axes, missing values, and each cell's rows.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats/crosstab.h"
#include "core/data/csvload.h"
#include "tests/tap.h"
#include "tests/util.h"

/* The axis category of a value (a category bin), or HIST_NOBIN. */
static uint32_t
cat_of(const struct crosstab *ct, const struct table *t, int ax,
    const char *v)
{
	const struct hist *h = &ct->ax[ax];
	uint32_t id = dict_find(&t->col[h->col].dict, v, strlen(v));

	return id == DICT_NONE ? HIST_NOBIN : hist_bin_of_id(h, id);
}

static void
check_totals(const struct crosstab *ct, uint64_t rows, const char *what)
{
	uint64_t s = 0, rt = 0, colt = 0, x;
	uint32_t i, j;
	int good = 1;
	char msg[128];

	for (i = 0; i < ct->nr; i++) {
		for (x = 0, j = 0; j < ct->nc; j++)
			x += crosstab_count(ct, i, j);
		good &= x == ct->rowtot[i];
		rt += ct->rowtot[i];
		s += x;
	}
	for (j = 0; j < ct->nc; j++) {
		for (x = 0, i = 0; i < ct->nr; i++)
			x += crosstab_count(ct, i, j);
		good &= x == ct->coltot[j];
		colt += ct->coltot[j];
	}
	snprintf(msg, sizeof msg, "%s: row and column totals", what);
	ok(good, msg);
	snprintf(msg, sizeof msg, "%s: everything sums to the rows", what);
	ok(s == rows && rt == rows && colt == rows && ct->total == rows, msg);
}

static void
test_cars(void)
{
	struct table *t = load_src("datasets/cars.csv", NULL);
	struct crosstab ct;
	struct crosstab_opts o;
	struct rowset rs, cell;
	uint32_t usa, j, i, k;
	int good;

	/* label x cylinders (one bin per cylinder count) */
	crosstab_build(&ct, t, col_of(t, "label"), col_of(t, "Cylinders"), NULL,
	    NULL);
	is_int(ct.nr, 3, "three labels");
	is_int(ct.nc, 6, "cylinders 3 to 8");
	check_totals(&ct, 406, "label x cylinders");
	usa = cat_of(&ct, t, 0, "USA");
	/* Counter: USA/4 72, USA/6 74, USA/8 108, Japan/3 4 */
	ok(crosstab_count(&ct, usa, 1) == 72 &&
	    crosstab_count(&ct, usa, 3) == 74 &&
	    crosstab_count(&ct, usa, 5) == 108 &&
	    crosstab_count(&ct, usa, 0) == 0, "USA by cylinders");
	is_int(crosstab_count(&ct, cat_of(&ct, t, 0, "Japan"), 0), 4,
	    "four 3-cylinder Japanese cars");
	is_int(ct.rowtot[usa], 254, "254 USA cars");
	is_int(crosstab_count(&ct, 99, 0), 0, "outside the table: 0");

	/* each cell's rows */
	rowset_init(&cell);
	good = 1;
	for (i = 0; i < ct.nr; i++)
		for (j = 0; j < ct.nc; j++) {
			crosstab_cell_rows(&ct, t, NULL, i, j, &cell);
			good &= cell.n == crosstab_count(&ct, i, j);
			for (k = 0; k < cell.n; k++)
				good &= hist_bin_of_id(&ct.ax[1],
				    t->col[ct.ax[1].col].code[cell.row[k]])
				    == j;
		}
	ok(good, "cell rows match the counts");
	crosstab_cell_rows(&ct, t, NULL, 99, 0, &cell);
	is_int(cell.n, 0, "no such cell: no rows");
	crosstab_release(&ct);

	/* a numeric axis is binned like its histogram; missing cells are
	 * a category */
	crosstab_build(&ct, t, col_of(t, "Horsepower"), col_of(t, "label"),
	    NULL, NULL);
	ok(ct.ax[0].kind == HIST_RANGE && ct.ax[0].missing != HIST_NOBIN,
	    "horsepower: bins and a missing category");
	is_int(ct.rowtot[ct.ax[0].missing], 6, "6 cars without horsepower");
	check_totals(&ct, 406, "horsepower x label");
	crosstab_release(&ct);

	/* a wide integer axis: a table's few bins on round edges, not a
	 * histogram's 60 (weight 1613 .. 5140 made 61 columns with
	 * missing); every inner edge an integer multiple of the width */
	crosstab_build(&ct, t, col_of(t, "label"), col_of(t, "Weight_in_lbs"),
	    NULL, NULL);
	ok(ct.ax[1].nvalue <= CROSSTAB_BINS && ct.ax[1].nvalue >= 3,
	    "weight: at most %d bins (%u)", CROSSTAB_BINS, ct.ax[1].nvalue);
	for (good = 1, j = 1; j < ct.ax[1].nvalue; j++)
		good &= fmod(ct.ax[1].bin[j].lo, ct.ax[1].width) == 0 &&
		    ct.ax[1].width == floor(ct.ax[1].width);
	ok(good, "weight: round integer edges (width %g)", ct.ax[1].width);
	is_num(ct.ax[1].bin[0].lo, 1613, 0, "weight: from its min");
	check_totals(&ct, 406, "label x weight");
	crosstab_release(&ct);
	crosstab_opts_init(&o);
	o.bins = 5;
	crosstab_build(&ct, t, col_of(t, "label"), col_of(t, "Acceleration"),
	    NULL, &o);
	ok(ct.ax[1].nvalue <= 5, "bins asked: at most 5 (%u)",
	    ct.ax[1].nvalue);
	check_totals(&ct, 406, "label x acceleration in 5");
	crosstab_release(&ct);

	/* folding rare values: 2 names + other */
	crosstab_opts_init(&o);
	o.top = 2;
	crosstab_build(&ct, t, col_of(t, "Name"), col_of(t, "label"), NULL, &o);
	ok(ct.nr == 3 && ct.ax[0].other == 2, "two names and other");
	is_int(ct.rowtot[0], 6, "ford pinto: 6");
	check_totals(&ct, 406, "folded names");
	crosstab_release(&ct);

	/* on a subset, and a column against itself */
	rowset_init(&rs);
	for (i = 0; i < t->nrows; i += 5)
		rowset_push(&rs, i);
	crosstab_build(&ct, t, col_of(t, "label"), col_of(t, "label"), &rs,
	    NULL);
	check_totals(&ct, rs.n, "subset, label x label");
	for (good = 1, i = 0; i < ct.nr; i++)
		for (j = 0; j < ct.nc; j++)
			if (i != j && crosstab_count(&ct, i, j))
				good = 0;
	ok(good, "a column against itself: only the diagonal");
	crosstab_cell_rows(&ct, t, &rs, 0, 0, &cell);
	for (good = 1, k = 0; k < cell.n; k++)
		good &= rowset_has(&rs, cell.row[k]);
	ok(good && cell.n == ct.cell[0], "subset cell rows");
	crosstab_release(&ct);
	rowset_release(&rs);
	crosstab_build(&ct, t, col_of(t, "label"), col_of(t, "Year"), &rs,
	    NULL);
	ok(ct.total == 0 && ct.nr == 0, "empty set: empty crosstab");
	crosstab_release(&ct);
	crosstab_release(NULL);
	rowset_release(&cell);
	table_free(t);
}

int
main(void)
{
	test_cars();
	return done_testing();
}
