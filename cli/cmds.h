/*
 * cmds.h - the subcommands, one file each (cli/cmd_NAME.c).  Each takes
 * the arguments after its name (argv[0] is the subcommand) and returns
 * the process exit status.
 */
#ifndef WINNOW_CMDS_H
#define WINNOW_CMDS_H

struct cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *args;	/* for the usage line */
	const char *summary;
};

/* The table lives in main.c. */
extern const struct cmd cmds[];

/* winnow stats FILE [--label COL] [--sample N] [--seed S] [--stratify]
 * [--json]: per-column statistics (cli/cmd_stats.c). */
int cmd_stats(int argc, char **argv);
/* winnow pico FILE --label COL [options]: label-noise detection
 * (cli/cmd_pico.c). */
int cmd_pico(int argc, char **argv);
/* winnow score --model DIR PART --out F | --reduce PRIOR EVIDENCE...:
 * a part of a big file scored by a saved PICO model (cli/cmd_score.c). */
int cmd_score(int argc, char **argv);
/* winnow export FILE --out CLEAN.csv [--journal J] (cli/cmd_export.c). */
int cmd_export(int argc, char **argv);
/* winnow merge J1 J2 [--out J] [--json] (cli/cmd_merge.c). */
int cmd_merge(int argc, char **argv);

#endif
