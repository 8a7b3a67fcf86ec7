/*
 * workbench.c - the command line of the workbench.
 *
 * Everything that can be checked before the screen changes is checked
 * here (options, a readable file, a key script), so mistakes give a plain
 * message and an exit status instead of a flash of the full screen.
 */
#include "tui/workbench.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/review/journal.h"
#include "core/util/log.h"
#include "core/util/xalloc.h"
#include "tui/app.h"
#include "cli/cli.h"
#include "tui/backend/headless.h"
#include "tui/backend/keys.h"
#include "tui/backend/term.h"

#define DEFAULT_THRESHOLD 100000
#define DEFAULT_RERUN 25
#define RERUN_MAX 1000000	/* --rerun-every's largest value */

void
workbench_usage(FILE *f)
{
	fputs("workbench options:\n"
	    "  --label COL             the label column (default: a column "
	    "named\n"
	    "                          label, class, target or y)\n"
	    "  --id COL                the key column (default: row numbers)\n"
	    "  --text COL[,COL...]     treat these columns as free text\n"
	    "  --delim C, --no-header, --ragged error|pad|skip, --na LIST,\n"
	    "  --lax-quotes, --drop-repeated-header,\n"
	    "  --threads N             how to read the file (see winnow(1))\n"
	    "  --no-color              no colours (also when NO_COLOR is set)\n"
	    "  --sample-threshold N    views use a sample above N rows "
	    "(default 100000;\n"
	    "                          0: never)\n"
	    "  --sample-size N         rows in that sample (default: the "
	    "threshold)\n"
	    "  --seed S                seed of the sample (default 1)\n"
	    "  --stratify              stratify the sample by label\n"
	    "  --memory SIZE           the memory to plan for (e.g. 512M, 2G; "
	    "default the\n"
	    "                          smaller of 1G and a quarter of RAM): a "
	    "file whose\n"
	    "                          load would not fit opens on a sample, "
	    "the full\n"
	    "                          pass summarises it in chunks and the "
	    "Table reads\n"
	    "                          its rows from the file\n"
	    "  --reviewer NAME         who decides (default: the login name)\n"
	    "  --journal PATH          the review journal (default: "
	    "FILE.winnow/journal)\n"
	    "  --force                 use a journal made on another file\n"
	    "  --read-only             browse a dataset another winnow may be "
	    "reviewing:\n"
	    "                          its journal is read without its lock, "
	    "nothing\n"
	    "                          is decided or written beside it\n"
	    "  --rerun-every N         re-run PICO after N decisions "
	    "(default 25; 0: never)\n"
	    "  --flags FLAGS           review a sharded run's result (the "
	    "flags of\n"
	    "                          `winnow score` or cluster/winnow_dask.py "
	    "--pico)\n"
	    "                          instead of running PICO\n"
	    "  --order uncertainty|suspicion\n"
	    "                          the review queue's order (default "
	    "uncertainty)\n"
	    "  --clipboard auto|osc52|file\n"
	    "                          where y and Y copy to: the terminal's "
	    "clipboard\n"
	    "                          (OSC 52) when its terminfo says it "
	    "can (auto),\n"
	    "                          always, or a file (default auto)\n"
	    "  --headless WxH          no terminal: run --keys and print the "
	    "screen\n"
	    "  --keys FILE             the key script for --headless\n"
	    "  --dump                  print the last screen (the default)\n"
	    "  --dump-each             print every screen\n"
	    "  --bench-keys FILE       time every key of FILE (headless) and "
	    "print\n"
	    "                          the median and 99th percentile\n", f);
}

/* --headless WxH: each side a whole number from 1 to 10000. */
static int
parse_size(const char *v, int *w, int *h)
{
	const char *x = strpbrk(v, "xX");
	char *side;
	uint64_t a, b;
	int rc;

	if (!x) {
		cli_usage_error("--headless takes WxH, like 80x24, not '%s'",
		    v);
		return -1;
	}
	side = xstrndup(v, (size_t)(x - v));
	rc = cli_uint("--headless width", side, 1, 10000, &a);
	free(side);
	if (rc < 0 || cli_uint("--headless height", x + 1, 1, 10000, &b) < 0)
		return -1;
	*w = (int)a;
	*h = (int)b;
	return 0;
}

static int *
read_keys(const char *path, size_t *n)
{
	char err[512];
	FILE *f = fopen(path, "r");
	int *keys;

	if (!f) {
		fprintf(stderr, "winnow: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	keys = keys_script(f, path, n, err, sizeof err);
	fclose(f);
	if (!keys)
		fprintf(stderr, "winnow: %s\n", err);
	return keys;
}

int
workbench_main(int argc, char **argv)
{
	struct app_opts o;
	struct app *a;
	struct backend be;
	struct err e;
	struct headless *hl = NULL;
	const char *keyfile = NULL, *v;
	int i, r, bad = 0, headless = 0, hw = 80, hh = 24, dump_each = 0;
	int *keys = NULL, fd, utf8;
	size_t nkeys = 0;
	uint64_t n;

	memset(&o, 0, sizeof o);
	cli_data_init(&o.data);
	o.data.path = argv[0];
	cli_sample_init(&o.sample, DEFAULT_THRESHOLD);
	o.review.rerun_every = DEFAULT_RERUN;
	o.review.order = REVIEW_SUSPICION;
	o.memory = cli_default_memory();
	for (i = 1; i < argc; i++) {
		if ((r = cli_sample_opt(&o.sample, 0, argc, argv, &i)) == 0)
			r = cli_data_opt(&o.data, argc, argv, &i);
		if (r < 0)
			goto usage;
		if (r > 0)
			continue;
		if ((v = cli_value("--reviewer", argc, argv, &i,
		    &bad)) != NULL) {
			if (!*v) {
				cli_usage_error("--reviewer needs a name");
				goto usage;
			}
			o.review.reviewer = v;
		} else if ((v = cli_value("--journal", argc, argv, &i,
		    &bad)) != NULL) {
			o.review.journal = v;
		} else if ((v = cli_value("--flags", argc, argv, &i,
		    &bad)) != NULL) {
			o.review.flags = v;
		} else if ((v = cli_value("--rerun-every", argc, argv, &i,
		    &bad)) != NULL) {
			if (cli_uint("--rerun-every", v, 0, RERUN_MAX,
			    &n) < 0)
				goto usage;
			o.review.rerun_every = (int)n;
		} else if ((v = cli_value("--order", argc, argv, &i, &bad)) !=
		    NULL) {
			if (strcmp(v, "uncertainty") == 0)
				o.review.order = REVIEW_UNCERTAINTY;
			else if (strcmp(v, "suspicion") == 0)
				o.review.order = REVIEW_SUSPICION;
			else {
				cli_usage_error("--order takes uncertainty or "
				    "suspicion, not '%s'", v);
				goto usage;
			}
			o.review.order_set = 1;
		} else if ((v = cli_value("--memory", argc, argv, &i,
		    &bad)) != NULL) {
			if (cli_size("--memory", v, 1u << 20, 1ull << 50,
			    &o.memory) != 0)
				goto usage;
		} else if ((v = cli_value("--clipboard", argc, argv, &i,
		    &bad)) != NULL) {
			if ((r = clip_mode_parse(v)) < 0) {
				cli_usage_error("--clipboard takes auto, osc52 "
				    "or file, not '%s'", v);
				goto usage;
			}
			o.clipboard = (enum clip_mode)r;
		} else if ((v = cli_value("--headless", argc, argv, &i,
		    &bad)) != NULL) {
			if (parse_size(v, &hw, &hh) < 0)
				goto usage;
			headless = 1;
		} else if ((v = cli_value("--keys", argc, argv, &i, &bad)) !=
		    NULL) {
			keyfile = v;
		} else if ((v = cli_value("--bench-keys", argc, argv, &i,
		    &bad)) != NULL) {
			keyfile = v;
			o.bench = 1;
			if (!headless)
				hw = 132, hh = 40;
			headless = 1;
		} else if (bad) {
			goto usage;
		} else if (strcmp(argv[i], "--no-color") == 0) {
			o.no_color = 1;
		} else if (strcmp(argv[i], "--force") == 0) {
			o.review.force = 1;
		} else if (strcmp(argv[i], "--read-only") == 0) {
			o.review.read_only = 1;
		} else if (strcmp(argv[i], "--dump") == 0) {
			dump_each = 0;
		} else if (strcmp(argv[i], "--dump-each") == 0) {
			dump_each = 1;
		} else {
			cli_usage_error("unknown option '%s' (winnow --help "
			    "lists them)", argv[i]);
			goto usage;
		}
	}
	o.label_set = o.data.label != NULL;
	if (keyfile && !headless) {
		cli_usage_error("--keys needs --headless WxH");
		goto usage;
	}
	if (strcmp(o.data.path, "-") == 0 && !headless) {
		cli_usage_error("the workbench cannot read standard input (it "
		    "needs the terminal)");
		goto usage;
	}
	if (strcmp(o.data.path, "-") != 0) {
		fd = open(o.data.path, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "winnow: %s: %s\n", o.data.path,
			    strerror(errno));
			cli_data_release(&o.data);
			return ERR_NOINPUT;
		}
		close(fd);
	}
	if (o.review.flags && (fd = open(o.review.flags, O_RDONLY)) < 0) {
		fprintf(stderr, "winnow: %s: %s\n", o.review.flags,
		    strerror(errno));
		cli_data_release(&o.data);
		return ERR_NOINPUT;
	} else if (o.review.flags)
		close(fd);
	if (o.review.journal && journal_check_path(o.review.journal, &e) !=
	    0) {
		cli_data_release(&o.data);
		return cli_fail(&e);
	}
	if (headless && keyfile && !(keys = read_keys(keyfile, &nkeys))) {
		cli_data_release(&o.data);
		return ERR_NOINPUT;
	}

	setlocale(LC_CTYPE, "");
	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	a = xcalloc(1, sizeof *a);
	app_init(a, &o);
	log_set_sink(app_log_sink, a);
	if (headless) {
		hl = headless_new(hw, hh, keys, nkeys, utf8, dump_each,
		    stdout);
		headless_backend(hl, &be);
		r = app_run(a, &be);
		if (!dump_each && !o.bench && !a->fatal[0])
			headless_dump(hl);
		if (o.bench)
			bench_report(&a->bench, stderr);
		headless_free(hl);
	} else {
		err_clear(&e);
		if (term_open(&be, o.no_color, o.clipboard == CLIP_OSC52 ? 1 :
		    o.clipboard == CLIP_FILE ? -1 : 0, &e) < 0) {
			log_set_sink(NULL, NULL);
			app_release(a);
			free(a);
			cli_data_release(&o.data);
			cli_init();
			return cli_fail(&e);
		}
		r = app_run(a, &be);
		term_close();
	}
	log_set_sink(NULL, NULL);
	cli_init();
	if (a->fatal[0])
		fprintf(stderr, "winnow: %s\n", a->fatal);
	app_release(a);
	free(a);
	free(keys);
	cli_data_release(&o.data);
	return r;
usage:
	cli_data_release(&o.data);
	return ERR_USAGE;
}
