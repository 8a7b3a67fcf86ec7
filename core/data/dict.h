/*
 * dict.h - interned byte strings with occurrence counts.
 *
 * Every column of a table is a dict plus one 32-bit id per row: a value is
 * stored once however often it occurs, its count is known without a pass
 * over the rows, and ids are given in order of first sight (so merging
 * the dicts of consecutive parts of a file keeps that order).  Strings may
 * hold any byte, NUL included; each is also NUL-terminated in the arena
 * for convenience.  The arena only grows: strings are addressed by offset,
 * never by a pointer that a realloc could move.
 */
#ifndef WINNOW_DICT_H
#define WINNOW_DICT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define DICT_NONE UINT32_MAX

struct dict {
	char *bytes;		/* arena: the strings, each followed by NUL */
	size_t nbytes, capbytes;
	uint64_t *end;		/* per id: offset just past the string's NUL;
				 * string id starts where id - 1 ends (0
				 * for id 0): the arena holds them in order */
	uint32_t *hash;		/* per id: low 32 bits of the hash */
	uint32_t *count;	/* per id: occurrences interned */
	uint32_t n;		/* ids in use: 0 .. n-1 */
	size_t cap;
	uint64_t *slot;		/* open addressing: hash << 32 | id + 1 */
	uint32_t mask;		/* slots - 1 (a power of two minus one) */
	atomic_int ready;	/* slot is valid (dict_build leaves it to
				 * the first search) */
	size_t mapped;		/* bytes is a vbuf mapping of this size
				 * (dict_build_mapped); 0: malloc'd */
};

/* Initialise an empty dict (no allocation until the first insert). */
void dict_init(struct dict *d);
/* Release everything d holds; d may be reused after dict_init. */
void dict_release(struct dict *d);

/*
 * Return the id of s[0..n) (adding it if new) and count one occurrence.
 * Fails only when the dict would exceed 2^32 - 2 values (returns
 * DICT_NONE).
 */
uint32_t dict_intern(struct dict *d, const void *s, size_t n);

/* Same, with a hash already computed by dict_hash(). */
uint32_t dict_intern_h(struct dict *d, const void *s, size_t n, uint64_t h);

/* The hash dict_intern uses. */
uint64_t dict_hash(const void *s, size_t n);

/* The id of s[0..n), or DICT_NONE. */
uint32_t dict_find(const struct dict *d, const void *s, size_t n);

/* The string of id (NUL-terminated; *len gets its length when len != NULL).
 * Borrowed: valid until the next insert into d. */
static inline const char *
dict_str(const struct dict *d, uint32_t id, size_t *len)
{
	uint64_t start = id ? d->end[id - 1] : 0;

	if (len)
		*len = (size_t)(d->end[id] - start - 1);
	return d->bytes + start;
}

/* Make room for n values without rehashing. */
void dict_reserve(struct dict *d, uint32_t n);

/*
 * Add every value of src into dst, adding src's counts, and fill
 * remap[src id] = dst id (remap has src->n entries).  New values keep
 * src's order after dst's.  Returns -1 if dst would overflow.
 */
int dict_merge(struct dict *dst, const struct dict *src, uint32_t *remap);

/*
 * Build d from n cells in row order, as if each had been interned in
 * turn: the cells are the arena bytes[0..), cell r ending just before
 * ends[r] (cell 0 starts at 0, cell r at ends[r - 1]) with its last byte
 * a NUL that is not part of the value.  code[r] gets the cell's id.
 * Cache-friendly where interning one by one is not: values are
 * deduplicated in hash partitions small enough to stay in cache, and the
 * slot table is only made when the dict is first searched.  d takes
 * ownership of bytes (capbytes allocated) and ends.  n must be below
 * 2^32 - 1.  scratch (may be NULL) is working memory kept between calls
 * (fresh memory is slow to fault in); release it with
 * dict_scratch_release.
 */
struct dict_scratch {
	uint32_t *hash, *ph;
	uint32_t *perm, *rep, *tab;
	size_t cap, tabcap;
};

void dict_build(struct dict *d, char *bytes, size_t capbytes, uint64_t *ends,
    uint32_t n, uint32_t *code, struct dict_scratch *scratch);

void dict_scratch_release(struct dict_scratch *s);

/* dict_build for an arena that is a vbuf mapping of capbytes bytes
 * (vbuf.h): d takes it over, and unmaps what it does not keep. */
void dict_build_mapped(struct dict *d, char *bytes, size_t capbytes,
    uint64_t *ends, uint32_t n, uint32_t *code,
    struct dict_scratch *scratch);

/* Approximate bytes held by d (for memory reports). */
size_t dict_bytes(const struct dict *d);

#endif
