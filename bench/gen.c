/*
 * gen.c - write the benchmark CSV: a deterministic table of N rows
 * (default 1,000,000, about 145 MB; CRLF line ends) shaped like real
 * labelled data.
 *
 *   id        1 .. N
 *   amount    float, log-normal, 2 decimals          (2% missing)
 *   score     float, normal around 50, 2 decimals     (2% missing)
 *   visits    int, geometric                         (2% missing)
 *   reading   ints and floats mixed, uniform         (2% missing)
 *   colour    5 values
 *   station   200 values, skewed
 *   customer  50,000 values, skewed
 *   comment   quoted free text, 66-84 characters, with commas and
 *             doubled quotes
 *   label     5 classes, related to colour and score
 *
 * usage: gen FILE [ROWS]   (the same bytes on every run and platform)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/rng.h"

static const char *const colours[5] = {
	"red", "green", "blue", "amber", "violet"
};
static const char *const classes[5] = {
	"billing", "shipping", "refund", "account", "other"
};
static const char *const words[] = {
	"the", "parcel", "arrived", "late", "and", "was", "damaged", "please",
	"refund", "my", "order", "account", "locked", "after", "password",
	"reset", "charged", "twice", "for", "same", "item", "tracking",
	"number", "does", "not", "work", "need", "invoice", "copy", "today",
	"delivery", "address", "wrong", "cannot", "log", "in", "still",
	"waiting", "on", "replacement", "box", "empty", "when", "promised",
	"card", "declined", "but", "money", "taken", "support", "never",
	"answered", "email", "change", "plan", "cancel", "subscription"
};

static struct rng r;

static double
normal(void)
{
	double u = rng_double(&r), v = rng_double(&r);

	if (u < 1e-300)
		u = 1e-300;
	return sqrt(-2 * log(u)) * cos(2 * 3.14159265358979323846 * v);
}

/* A skewed index in [0, n): small ones much more often. */
static unsigned
skewed(unsigned n)
{
	double u = rng_double(&r);

	return (unsigned)(pow(u, 3) * n);
}

static int
missing(void)
{
	return rng_below(&r, 50) == 0;
}

static void
comment(FILE *f)
{
	size_t want = 66 + rng_below(&r, 19), len = 0, w;
	int comma = (int)rng_below(&r, 4), quoted = (int)rng_below(&r, 6);

	fputc('"', f);
	while (len < want) {
		const char *word = words[rng_below(&r,
		    sizeof words / sizeof *words)];
		size_t wl = strlen(word);

		if (want - len < 2)
			break;	/* no room for a space and a letter */
		if (len > 0) {
			if (comma == 0 && len > 20) {
				fputc(',', f);
				len++;
				comma = -1;
			}
			fputc(' ', f);
			len++;
		}
		if (quoted == 0 && len > 30) {
			fprintf(f, "\"\"%s\"\"", word);
			len += wl + 2;
			quoted = -1;
			continue;
		}
		w = want - len < wl ? want - len : wl;
		fwrite(word, 1, w, f);
		len += w;
	}
	fputc('"', f);
}

int
main(int argc, char **argv)
{
	unsigned long long i, n = 1000000;
	static char buf[1 << 20];
	FILE *f;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: gen FILE [ROWS]\n");
		return 64;
	}
	if (argc == 3)
		n = strtoull(argv[2], NULL, 10);
	if (!(f = fopen(argv[1], "w"))) {
		perror(argv[1]);
		return 73;
	}
	setvbuf(f, buf, _IOFBF, sizeof buf);
	rng_seed(&r, 20240601, 0);
	fputs("id,amount,score,visits,reading,colour,station,customer,comment,"
	    "label\r\n", f);
	for (i = 1; i <= n; i++) {
		unsigned col = (unsigned)rng_below(&r, 5), cls;
		double score = 50 + 15 * normal();

		fprintf(f, "%llu,", i);
		if (!missing())
			fprintf(f, "%.2f", exp(5 + 1.2 * normal()));
		fputc(',', f);
		if (!missing())
			fprintf(f, "%.2f", score);
		fputc(',', f);
		if (!missing())
			fprintf(f, "%u", (unsigned)floor(log(1 -
			    rng_double(&r)) / log(0.7)));
		fputc(',', f);
		if (!missing()) {
			if (rng_below(&r, 2))
				fprintf(f, "%u", (unsigned)rng_below(&r,
				    10000));
			else
				fprintf(f, "%.3f", rng_double(&r) * 10000);
		}
		fprintf(f, ",%s,station_%03u,customer%05u,", colours[col],
		    skewed(200), skewed(50000));
		comment(f);
		/* the label leans on colour and score, with noise */
		cls = rng_below(&r, 3) ? (col + (score > 60)) % 5 :
		    (unsigned)rng_below(&r, 5);
		fprintf(f, ",%s\r\n", classes[cls]);
	}
	if (fclose(f) != 0) {
		perror(argv[1]);
		return 74;
	}
	return 0;
}
