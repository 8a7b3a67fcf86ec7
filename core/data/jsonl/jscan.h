/*
 * jscan.h - one line of JSON Lines: checked, and its object opened up.
 *
 * A line must be one JSON object (RFC 8259), with the rules jansson
 * applies when it reads with JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL:
 * strict UTF-8 (no overlong forms, no surrogate code points, nothing
 * above U+10FFFF), escapes \" \\ \/ \b \f \n \r \t \uXXXX with UTF-16
 * surrogates in pairs only, no duplicate key in any object, no NUL in a
 * key (a NUL in a string value is kept), nesting at most
 * JSCAN_MAX_DEPTH values deep, counted as jansson counts it.  The one
 * deliberate difference: a number is checked against JSON's grammar,
 * never its size, and kept as the text it is (jansson refuses an
 * integer beyond 64 bits or a real beyond a double).  jansson stays the
 * reference: the tests and the fuzz target hold the two to the same
 * verdict on every input, and the loader asks jansson for the reason
 * when a line is refused.  (jansson also reads past a raw NUL byte
 * that follows a number, as if it were not there, where JSON and this
 * scanner refuse the line: the fuzz target knows that quirk.)
 *
 * The scan lists the members of the line's object, and of every object
 * nested in it through objects only, as items with their key, their
 * kind and where their value's bytes are; arrays (and whatever they
 * hold) are one item each, checked but not opened.  Nothing is copied
 * but the strings whose escapes had to be decoded.
 */
#ifndef WINNOW_JSCAN_H
#define WINNOW_JSCAN_H

#include <stddef.h>
#include <stdint.h>

#include "core/util/io/bytebuf.h"

/* jansson's JSON_PARSER_MAX_DEPTH: the line's object is at depth 1, its
 * values at 2, and so on; a value deeper than this is refused. */
#define JSCAN_MAX_DEPTH 2048

enum jscan_kind {
	JSCAN_NULL,
	JSCAN_FALSE,
	JSCAN_TRUE,
	JSCAN_NUMBER,
	JSCAN_STRING,
	JSCAN_ARRAY,
	JSCAN_OBJECT
};

/* A member of an object the scan opened up. */
struct jscan_item {
	int32_t parent;		/* item of the object holding it; -1: the
				 * line's own object */
	uint8_t kind;		/* enum jscan_kind */
	uint8_t key_dec;	/* the key is in the scratch (it had
				 * escapes), not in the line */
	uint8_t str_dec;	/* the same for a string value */
	uint32_t nmemb;		/* objects: members (0: "{}") */
	size_t kq, ke;		/* the key's bytes in the line, quotes
				 * included: [kq, ke) */
	size_t ks, kn;		/* the key's text: offset (line or
				 * scratch) and length */
	size_t vs, ve;		/* the value's bytes in the line */
	size_t ss, sn;		/* strings: the text's offset and length */
};

struct jscan {
	const char *p;		/* the line (borrowed during a scan) */
	size_t n;
	struct jscan_item *it;	/* the items of the last scan, nit */
	size_t nit, itcap;
	struct bytebuf dec;	/* decoded strings */
	size_t open, close;	/* the line object's braces */
	/* on failure */
	size_t errpos;		/* offset of the byte at fault */
	char why[96];
	/* the keys of the objects open during a scan */
	struct jscan_key *keys;
	size_t nkeys, keycap;
};

void jscan_init(struct jscan *s);
void jscan_release(struct jscan *s);

/*
 * Scan line p[0..n) (no line ending, though CR and LF are taken as the
 * whitespace they are).  Returns 1 for an object (its items in s->it),
 * 0 for a line of whitespace only, -1 for anything else: s->errpos and
 * s->why say where and what ("duplicate key 'x'", "an array, not an
 * object", ...).  p is borrowed until the next scan.
 */
int jscan_line(struct jscan *s, const char *p, size_t n);

/* An item's key and a string item's text (borrowed until the next
 * scan); *len gets the length. */
const char *jscan_key(const struct jscan *s, const struct jscan_item *i,
    size_t *len);
const char *jscan_str(const struct jscan *s, const struct jscan_item *i,
    size_t *len);

/* "null", "false", "true", "a number", "a string", "an array",
 * "an object". */
const char *jscan_kind_name(enum jscan_kind k);

/* 1 when s[0..n) is a number as JSON writes one. */
int jscan_is_number(const char *s, size_t n);

#endif
