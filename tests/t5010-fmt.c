/*
 * t5010-fmt - numbers, shares, dates and histogram bins as the views
 * write them.
 */
#include <math.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/stats/hist.h"
#include "views/lib/fmt.h"
#include "tests/tap.h"

static void
test_numbers(void)
{
	char b[64];

	is(fmt_num(3, b, sizeof b), "3", "integer");
	is(fmt_num(-42, b, sizeof b), "-42", "negative integer");
	is(fmt_num(5.8433333, b, sizeof b), "5.843", "four digits");
	is(fmt_num(501123.4, b, sizeof b), "501123", "large: no exponent");
	is(fmt_num(1e15, b, sizeof b), "1e+15", "huge: exponent");
	is(fmt_num(0.0001234, b, sizeof b), "0.000123", "tiny");
	is(fmt_num(NAN, b, sizeof b), "-", "NaN");
	is(fmt_num(INFINITY, b, sizeof b), "inf", "infinity");
	is(fmt_pct(0.123, b, sizeof b), "12.3%", "share");
	is(fmt_pct(0, b, sizeof b), "0%", "none");
	is(fmt_pct(0.0004, b, sizeof b), "<0.1%", "a few");
	is(fmt_pct(0.99999, b, sizeof b), ">99.9%", "almost all");
	is(fmt_pct(1, b, sizeof b), "100%", "all");
	is(fmt_pct(NAN, b, sizeof b), "-", "undefined share");
	is(fmt_date(0, HIST_DAY, b, sizeof b), "1970-01-01", "epoch day");
	is(fmt_date(86400 * 31 + 3600 * 5, HIST_HOUR, b, sizeof b),
	    "1970-02-01 05h", "hour");
	is(fmt_date(0, HIST_YEAR, b, sizeof b), "1970", "year");
	is(fmt_date(NAN, HIST_DAY, b, sizeof b), "-", "no date");
}

static void
test_bins(void)
{
	static const char csv[] = "n,kind,when\n"
	    "1,a,2020-01-01\n2,a,2020-02-01\n3,b,2020-03-01\n"
	    "4,\x1b[2J,2020-04-01\n,c,\n";
	struct err e;
	struct table *t = csvload_mem("t.csv", csv, sizeof csv - 1, NULL, &e);
	struct hist h;
	char b[160];
	uint32_t i;
	int seen_missing = 0, seen_value = 0;

	if (!ok(t != NULL, "table loads"))
		return;
	hist_build(&h, t, 1, NULL, NULL);
	for (i = 0; i < h.nbins; i++) {
		fmt_bin(&h, t, i, b, sizeof b);
		if (strcmp(b, "a") == 0)
			seen_value = 1;
		if (h.bin[i].kind == HIST_BIN_VALUE &&
		    strcmp(b, "\x1b[2J") == 0)
			seen_value++;
	}
	is_int(seen_value, 2, "value bins are the values' raw text");
	fmt_bin_desc(&h, t, 0, b, sizeof b);
	is(b, "kind = a", "value bin description");
	hist_release(&h);
	hist_build(&h, t, 0, NULL, NULL);
	for (i = 0; i < h.nbins; i++) {
		fmt_bin(&h, t, i, b, sizeof b);
		if (h.bin[i].kind == HIST_BIN_MISSING) {
			is(b, "(missing)", "missing bin");
			fmt_bin_desc(&h, t, i, b, sizeof b);
			is(b, "n missing", "missing description");
			seen_missing = 1;
		}
	}
	ok(seen_missing, "a missing bin");
	fmt_bin(&h, t, 0, b, sizeof b);
	is(b, "1", "first numeric bin: one bin per small integer, named by it");
	hist_release(&h);
	hist_build(&h, t, 2, NULL, NULL);
	fmt_bin(&h, t, 0, b, sizeof b);
	ok(strncmp(b, "2020-01", 7) == 0, "first date bin: %s", b);
	hist_release(&h);
	table_free(t);
}

/* Table headings: ranges without brackets, shortened to fit. */
static void
test_fit(void)
{
	static const char csv[] = "w,f\n2700,-0.5\n3100,0.25\n6300,1.75\n"
	    "4400,1\n5000,0.5\n";
	struct err e;
	struct table *t = csvload_mem("t.csv", csv, sizeof csv - 1, NULL, &e);
	struct hist_opts o;
	struct hist h;
	char b[160];
	uint32_t i;
	int fits = 1;

	if (!ok(t != NULL, "table loads"))
		return;
	hist_opts_init(&o);
	o.round = 1;
	o.max_bins = 12;
	hist_build(&h, t, 0, NULL, &o);
	is(fmt_bin(&h, t, 0, b, sizeof b), "[2700, 3000)", "full label");
	is(fmt_bin_fit(&h, t, 0, 20, b, sizeof b), "2700-2999",
	    "integers inclusive, without brackets");
	is(fmt_bin_fit(&h, t, 0, 7, b, sizeof b), "2.7k-3k",
	    "shortened to fit 7 columns");
	is(fmt_bin_fit(&h, t, h.nvalue - 1, 20, b, sizeof b), "6000-6300",
	    "the last bin is closed: its max");
	for (i = 0; i < h.nbins; i++)
		fits &= strlen(fmt_bin_fit(&h, t, i, 7, b, sizeof b)) <= 7;
	ok(fits, "every heading fits 7 columns");
	hist_release(&h);
	hist_build(&h, t, 1, NULL, &o);
	fmt_bin_fit(&h, t, 0, 20, b, sizeof b);
	ok(strstr(b, "..") != NULL, "a negative bound: '..' (%s)", b);
	hist_release(&h);
	table_free(t);
}

int
main(void)
{
	test_numbers();
	test_bins();
	test_fit();
	return done_testing();
}
