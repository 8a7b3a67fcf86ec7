/*
 * loading.c - the first screen: a progress bar while the file loads
 * (bytes, speed, time left), shown at once so a big file never looks
 * like a hang.  It keeps no state and no key means anything here (the
 * application's own keys stop the loading).
 */
#include "views/view.h"

#include <stdio.h>
#include <string.h>

static void
fmt_bytes(double b, char *buf, size_t n)
{
	if (b >= 1e9)
		snprintf(buf, n, "%.2f GB", b / 1e9);
	else if (b >= 1e6)
		snprintf(buf, n, "%.1f MB", b / 1e6);
	else if (b >= 1e3)
		snprintf(buf, n, "%.1f kB", b / 1e3);
	else
		snprintf(buf, n, "%.0f B", b);
}

static void
loading_draw(void *st, const struct view_env *env, struct canvas *c, int x,
    int y, int w, int h)
{
	int bw = w - 20 > 60 ? 60 : w - 20, bx, by = y + h / 2 - 2;
	double f = 0, rate = 0;
	char b1[32], b2[32], b3[32], line[160];

	(void)st;
	bx = x + (w - bw) / 2;
	canvas_printf(c, bx, by, bw, ROLE_HEADER, CANVAS_BOLD, "Loading %s",
	    env->path ? env->path : "");
	if (env->job_total > 0)
		f = (double)env->job_done / (double)env->job_total;
	canvas_fill(c, bx, by + 2, bw, 1, ROLE_FRAME);
	canvas_hbar(c, bx, by + 2, bw, f, ROLE_BAR, 0);
	if (env->job_secs > 0)
		rate = (double)env->job_done / env->job_secs;
	fmt_bytes((double)env->job_done, b1, sizeof b1);
	fmt_bytes((double)env->job_total, b2, sizeof b2);
	fmt_bytes(rate, b3, sizeof b3);
	snprintf(line, sizeof line, "%3.0f%%  %s of %s  %s/s", f * 100, b1,
	    b2, b3);
	if (rate > 0 && f < 1 && env->job_total > env->job_done)
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "  about %.0f s left", (double)(env->job_total -
		    env->job_done) / rate);
	canvas_str(c, bx, by + 3, bw, line, ROLE_NORMAL, 0);
	canvas_printf(c, bx, by + 4, bw, ROLE_DIM, 0, "%s",
	    env->job_what ? env->job_what : "starting");
	canvas_str(c, bx, by + 6, bw, "q cancels", ROLE_DIM, 0);
}

const struct view view_loading = {
	.name = "loading",
	.title = "Loading",
	.top = 0,
	.help = "The file is being read. Views appear when it is done; q or "
	    "Ctrl-C stops loading and quits.",
	.draw = loading_draw,
};
