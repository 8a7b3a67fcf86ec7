/*
 * crc32.c - table-driven CRC-32, eight bytes per step ("slicing by 8").
 * The tables are built once, the first time any thread asks.
 */
#include "core/util/crc32.h"

#include <pthread.h>
#include <string.h>

static uint32_t crc_tab[8][256];
static pthread_once_t crc_once = PTHREAD_ONCE_INIT;

static void
crc_init(void)
{
	uint32_t c;
	unsigned i, k;

	for (i = 0; i < 256; i++) {
		c = i;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_tab[0][i] = c;
	}
	for (i = 0; i < 256; i++)
		for (k = 1; k < 8; k++)
			crc_tab[k][i] = (crc_tab[k - 1][i] >> 8) ^
			    crc_tab[0][crc_tab[k - 1][i] & 0xff];
}

uint32_t
crc32_update(uint32_t crc, const void *p, size_t n)
{
	const unsigned char *s = p;
	uint32_t c = ~crc, lo, hi;

	pthread_once(&crc_once, crc_init);
	while (n >= 8) {
		/* little-endian assembly by hand: no alignment or byte-order
		 * assumptions */
		lo = c ^ ((uint32_t)s[0] | (uint32_t)s[1] << 8 |
		    (uint32_t)s[2] << 16 | (uint32_t)s[3] << 24);
		hi = (uint32_t)s[4] | (uint32_t)s[5] << 8 |
		    (uint32_t)s[6] << 16 | (uint32_t)s[7] << 24;
		c = crc_tab[7][lo & 0xff] ^ crc_tab[6][(lo >> 8) & 0xff] ^
		    crc_tab[5][(lo >> 16) & 0xff] ^ crc_tab[4][lo >> 24] ^
		    crc_tab[3][hi & 0xff] ^ crc_tab[2][(hi >> 8) & 0xff] ^
		    crc_tab[1][(hi >> 16) & 0xff] ^ crc_tab[0][hi >> 24];
		s += 8;
		n -= 8;
	}
	while (n--)
		c = crc_tab[0][(c ^ *s++) & 0xff] ^ (c >> 8);
	return ~c;
}
