/*
 * fuzz_rx - libFuzzer target: a pattern and a subject (split at the first
 * NUL byte).  Compiling and matching must end in time, with a match, no
 * match or an error - "pattern too expensive" included - never a crash.
 */
#include <stdint.h>
#include <string.h>

#include "core/data/filter/rx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t plen = nul ? (size_t)(nul - data) : size;
	struct rx *rx;
	struct rx_matcher *m;
	struct err e;

	rx = rx_compile((const char *)data, plen, 0, NULL, &e);
	if (!rx)
		return 0;
	m = rx_matcher_new(rx);
	if (nul)
		(void)rx_test(m, (const char *)nul + 1, size - plen - 1, &e);
	rx_matcher_free(m);
	rx_free(rx);
	return 0;
}
