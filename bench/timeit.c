/*
 * timeit.c - run a command and report its wall time and peak memory.
 *
 * usage: timeit OUT CMD [ARG...]
 * Runs CMD (standard streams inherited), waits for it with wait4() and
 * writes one line to the file OUT:
 *     wall=SECONDS cpu=SECONDS maxrss_kb=KB status=EXIT
 * (cpu is user + system time of the command and its threads: on a busy
 * machine it moves much less than the wall time)
 * (GNU time is not everywhere; this is all the benchmark needs.)
 * Exits with the command's status, 127 when it could not be run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct timespec a, b;
	struct rusage ru;
	pid_t pid;
	int st, code;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: timeit OUT CMD [ARG...]\n");
		return 64;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 127;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("wait4");
		return 127;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (!(out = fopen(argv[1], "w"))) {
		perror(argv[1]);
		return 73;
	}
	fprintf(out, "wall=%.3f cpu=%.3f maxrss_kb=%ld status=%d\n",
	    (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) /
	    1e9, (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6,
	    ru.ru_maxrss, code);
	fclose(out);
	return code;
}
