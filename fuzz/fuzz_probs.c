/*
 * fuzz_probs - libFuzzer target: any bytes as a --probs file for a small
 * fixed table (keys 1..4, classes a, b, c).  Reading must give a matrix
 * or an error naming file:line:col, never a crash or a leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/data/csvload.h"
#include "core/data/labels.h"
#include "core/util/log.h"
#include "core/pico/probs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char csv[] = "x,label\n1,a\n2,b\n3,c\n4,a\n";
	static struct table *t;
	static struct labels L;
	struct probs P;
	struct err e;

	log_set_sink(NULL, NULL);
	if (!t) {
		t = csvload_mem("t.csv", csv, sizeof csv - 1, NULL, &e);
		if (!t || labels_init(&L, t, 1, LABELS_FIRST_SEEN, &e) != 0)
			abort();
	}
	if (probs_read_mem(&P, "p.csv", data, size, t, &L, &e) == 0)
		probs_release(&P);
	return 0;
}
