/*
 * fuzz_journal - libFuzzer target: any bytes as a journal file, replayed
 * read-only.  Replay must end with a journal or an error message, never
 * a crash, a hang or a leak.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/review/journal.h"
#include "core/util/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	struct journal_opts o;
	struct journal *j;
	struct err e;
	FILE *f;

	log_set_sink(NULL, NULL);
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/fuzz-journal-%ld",
		    (long)getpid());
	f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	journal_opts_init(&o);
	j = journal_open(path, &o, &e);
	if (j) {
		size_t i, n = journal_count(j), len;

		for (i = 0; i < n; i++) {
			const struct journal_entry *en = journal_entry(j, i);

			if (en->key != JOURNAL_NONE)
				(void)journal_key(j, en->key, &len);
		}
		journal_close(j);
	}
	return 0;
}
