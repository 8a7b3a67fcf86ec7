/*
 * vbuf.h - a big byte buffer in a mapping of its own.
 *
 * The loader collects a column's cells in a buffer that grows to tens of
 * megabytes.  Grown by realloc, every page is faulted in one at a time
 * as the writer reaches it, which on a virtual machine costs as much as
 * the parsing.  A vbuf instead reserves address space up front (nothing
 * is committed), asks for huge pages on the whole mapping and has the
 * kernel fault in the next few megabytes in one call ahead of the
 * writer; it never moves, so offsets and pointers stay valid.
 */
#ifndef WINNOW_VBUF_H
#define WINNOW_VBUF_H

#include <stddef.h>

struct vbuf {
	char *p;		/* the mapping, or NULL */
	size_t len;		/* bytes written */
	size_t reserved;	/* bytes of address space */
	size_t ready;		/* bytes already faulted in */
};

/* Reserve room for reserve bytes.  Returns -1 when the address space
 * cannot be had (the caller falls back to malloc). */
int vbuf_init(struct vbuf *b, size_t reserve);

/* Make room for n more bytes after len; returns a pointer to them, or
 * NULL when the reservation would be exceeded. */
char *vbuf_room(struct vbuf *b, size_t n);

/* Give back the pages after the first keep bytes. */
void vbuf_trim(struct vbuf *b, size_t keep);

/* Unmap everything; the buffer is empty afterwards.  NULL is fine. */
void vbuf_release(struct vbuf *b);

/* Unmap a mapping that a vbuf handed over (p, reserved). */
void vbuf_unmap(char *p, size_t reserved);

#endif
