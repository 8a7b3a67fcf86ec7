/*
 * jsonl_bench.c - what reading JSON Lines costs with jansson and with
 * the loader's scanner (core/data/jsonl/jscan.h), one thread each, on
 * the same file: the figures behind parsing with the scanner and
 * keeping jansson as its reference.
 *
 *   jsonl_bench FILE.jsonl
 *
 * Both read every line from memory: jansson builds its objects (with
 * duplicate keys refused, as the loader asks it) and frees them; the
 * scanner checks the line and lists its members.  Times are CPU
 * seconds of this process, so a busy machine changes them less than
 * wall time.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/data/jsonl/jscan.h"
#include "core/util/xalloc.h"
#include "bench/bench.h"

static char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *b = NULL;
	size_t cap = 0, len = 0, r;

	if (!f)
		return NULL;
	for (;;) {
		b = xgrow(b, &cap, len + (1u << 20), 1);
		r = fread(b + len, 1, cap - len, f);
		if (r == 0)
			break;
		len += r;
	}
	fclose(f);
	*n = len;
	return b;
}

int
main(int argc, char **argv)
{
	size_t n, pos, lines = 0, bad = 0;
	char *buf;
	const char *nl;
	double t0, tj, ts;
	struct jscan s;
	json_error_t je;

	if (argc != 2) {
		fprintf(stderr, "usage: jsonl_bench FILE.jsonl\n");
		return 64;
	}
	buf = slurp(argv[1], &n);
	if (!buf) {
		perror(argv[1]);
		return 66;
	}
	t0 = bench_cpu();
	for (pos = 0; pos < n; pos = (size_t)(nl - buf) + 1) {
		json_t *j;

		nl = memchr(buf + pos, '\n', n - pos);
		if (!nl)
			nl = buf + n;
		j = json_loadb(buf + pos, (size_t)(nl - buf) - pos,
		    JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
		bad += j == NULL;
		json_decref(j);
		lines++;
	}
	tj = bench_cpu() - t0;
	jscan_init(&s);
	t0 = bench_cpu();
	for (pos = 0; pos < n; pos = (size_t)(nl - buf) + 1) {
		nl = memchr(buf + pos, '\n', n - pos);
		if (!nl)
			nl = buf + n;
		bad += jscan_line(&s, buf + pos, (size_t)(nl - buf) - pos) < 0;
	}
	ts = bench_cpu() - t0;
	jscan_release(&s);
	printf("%zu lines, %.1f MB (%zu refused)\n", lines, (double)n / 1e6,
	    bad);
	printf("jansson json_loadb   %6.2f s cpu  %7.1f MB/s per core\n", tj,
	    (double)n / 1e6 / tj);
	printf("scanner jscan_line   %6.2f s cpu  %7.1f MB/s per core "
	    "(%.1fx jansson)\n", ts, (double)n / 1e6 / ts, tj / ts);
	free(buf);
	return 0;
}
