/*
 * crc32.h - the CRC-32 of zlib, gzip and PNG (IEEE 802.3, reflected,
 * polynomial 0xEDB88320, initial and final XOR 0xFFFFFFFF).  The journal
 * uses it to check each line; being the common one, anybody can verify
 * a journal with standard tools.
 */
#ifndef WINNOW_CRC32_H
#define WINNOW_CRC32_H

#include <stddef.h>
#include <stdint.h>

/*
 * Continue a CRC over n more bytes: crc32_update(0, p, n) is the CRC of
 * p[0..n), and crc32_update(crc32_update(0, a, m), b, n) that of a then b.
 * "123456789" gives 0xcbf43926.
 */
uint32_t crc32_update(uint32_t crc, const void *p, size_t n);

#endif
