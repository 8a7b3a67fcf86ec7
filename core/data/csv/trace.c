/*
 * trace.c - how long the loader's phases take (csvload_opts.trace), and
 * how much memory they leave behind, as notes through log.h.
 */
#include "core/data/csv/csvload-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/log.h"
#include "core/util/time.h"

/* Resident and peak memory in MB, from /proc (0 where there is none). */
static void
rss_mb(long *rss, long *peak)
{
	char line[128];
	FILE *f = fopen("/proc/self/status", "r");

	*rss = *peak = 0;
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "VmRSS:", 6) == 0)
			*rss = atol(line + 6) / 1024;
		else if (strncmp(line, "VmHWM:", 6) == 0)
			*peak = atol(line + 6) / 1024;
	}
	fclose(f);
}

void
trace_phase(const struct loader *L, double *t0, const char *phase)
{
	double t = time_mono();
	long rss, peak;

	if (L->o->trace) {
		rss_mb(&rss, &peak);
		log_note("%s: %s %.3f s (rss %ld MB, peak %ld MB)",
		    L->src.name, phase, t - *t0, rss, peak);
	}
	*t0 = t;
}
