/*
 * rx.c - PCRE2 behind a small interface with limits always on.
 *
 * The limits: 10^6 backtracking steps (about 10-20 ms in the
 * interpreter, less under JIT), a backtracking depth of 10^4, 16 MiB of
 * heap and a JIT stack of at most 1 MiB per matcher.  Real filters
 * never come near them; a catastrophic pattern ((a+)+$ against a long
 * run of a's) hits one within milliseconds.
 */
#include "core/data/filter/rx.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "core/util/xalloc.h"

#define RX_MATCH_LIMIT 1000000u
#define RX_DEPTH_LIMIT 10000u
#define RX_HEAP_LIMIT (16u * 1024u)		/* KiB */
#define RX_JIT_STACK_MIN (32u * 1024u)
#define RX_JIT_STACK_MAX (1024u * 1024u)

struct rx {
	pcre2_code *code;
	char *pat;
	int icase;
	int jit;
};

struct rx_matcher {
	const struct rx *rx;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	pcre2_jit_stack *js;
};

int
rx_has_upper(const char *pat, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (pat[i] == '\\') {
			i++;
			if (i >= n)
				break;
			/* \p{Lu}, \x{1F}, \N{U+..}, \g{..}, \k<..>: skip the
			 * braces of an escape */
			if (strchr("pPxNgko", pat[i]) && i + 1 < n &&
			    (pat[i + 1] == '{' || pat[i + 1] == '<')) {
				char close = pat[i + 1] == '{' ? '}' : '>';

				while (i < n && pat[i] != close)
					i++;
			} else if ((pat[i] == 'p' || pat[i] == 'P') &&
			    i + 1 < n) {
				i++;		/* \pL */
			}
			continue;
		}
		if (pat[i] >= 'A' && pat[i] <= 'Z')
			return 1;
	}
	return 0;
}

struct rx *
rx_compile(const char *pat, size_t n, unsigned flags, size_t *erroff,
    struct err *e)
{
	uint32_t opt = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF |
	    PCRE2_NEVER_BACKSLASH_C;
	PCRE2_SIZE off = 0;
	int code = 0;
	pcre2_code *c;
	struct rx *rx;
	const char *nojit;
	int icase;

	if (!pat) {
		err_set(e, ERR_USAGE, "empty pattern");
		return NULL;
	}
	icase = (flags & RX_ICASE) ||
	    ((flags & RX_SMARTCASE) && !rx_has_upper(pat, n));
	if (icase)
		opt |= PCRE2_CASELESS;
	if (flags & RX_LITERAL)		/* LITERAL refuses NEVER_BACKSLASH_C */
		opt = (opt & ~(uint32_t)PCRE2_NEVER_BACKSLASH_C) |
		    PCRE2_LITERAL;
	c = pcre2_compile((PCRE2_SPTR)pat, n, opt, &code, &off, NULL);
	if (!c) {
		PCRE2_UCHAR msg[256];

		if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
			strcpy((char *)msg, "unknown error");
		if (erroff)
			*erroff = off;
		err_set(e, ERR_USAGE, "bad pattern at offset %zu: %s",
		    (size_t)off, (const char *)msg);
		return NULL;
	}
	rx = xcalloc(1, sizeof *rx);
	rx->code = c;
	rx->pat = xstrndup(pat, n);
	rx->icase = icase;
	/* WINNOW_NO_JIT: the interpreter only, for tools (valgrind) that
	 * cannot follow JIT-compiled code */
	nojit = getenv("WINNOW_NO_JIT");
	rx->jit = !(nojit && *nojit) &&
	    pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) == 0;
	return rx;
}

void
rx_free(struct rx *rx)
{
	if (!rx)
		return;
	pcre2_code_free(rx->code);
	free(rx->pat);
	free(rx);
}

const char *
rx_pattern(const struct rx *rx)
{
	return rx->pat;
}

int
rx_icase(const struct rx *rx)
{
	return rx->icase;
}

int
rx_jit(const struct rx *rx)
{
	return rx->jit;
}

struct rx_matcher *
rx_matcher_new(const struct rx *rx)
{
	struct rx_matcher *m = xcalloc(1, sizeof *m);

	m->rx = rx;
	m->md = pcre2_match_data_create_from_pattern(rx->code, NULL);
	m->mc = pcre2_match_context_create(NULL);
	if (!m->md || !m->mc) {
		rx_matcher_free(m);
		return xmalloc(SIZE_MAX);	/* out of memory: fatal */
	}
	pcre2_set_match_limit(m->mc, RX_MATCH_LIMIT);
	pcre2_set_depth_limit(m->mc, RX_DEPTH_LIMIT);
	pcre2_set_heap_limit(m->mc, RX_HEAP_LIMIT);
	if (rx->jit) {
		m->js = pcre2_jit_stack_create(RX_JIT_STACK_MIN,
		    RX_JIT_STACK_MAX, NULL);
		if (m->js)
			pcre2_jit_stack_assign(m->mc, NULL, m->js);
	}
	return m;
}

void
rx_matcher_free(struct rx_matcher *m)
{
	if (!m)
		return;
	pcre2_jit_stack_free(m->js);
	pcre2_match_context_free(m->mc);
	pcre2_match_data_free(m->md);
	free(m);
}

int
rx_exec(struct rx_matcher *m, const char *s, size_t n, size_t start,
    size_t *so, size_t *eo, struct err *e)
{
	PCRE2_SIZE *ov;
	int r;

	if (start > n)
		return 0;
	if (m->rx->jit && m->js)
		r = pcre2_jit_match(m->rx->code, (PCRE2_SPTR)s, n, start, 0,
		    m->md, m->mc);
	else
		r = pcre2_match(m->rx->code, (PCRE2_SPTR)s, n, start, 0,
		    m->md, m->mc);
	if (r >= 0) {
		ov = pcre2_get_ovector_pointer(m->md);
		if (so)
			*so = ov[0];
		if (eo)
			*eo = ov[1];
		return 1;
	}
	if (r == PCRE2_ERROR_NOMATCH)
		return 0;
	if (r == PCRE2_ERROR_MATCHLIMIT || r == PCRE2_ERROR_DEPTHLIMIT ||
	    r == PCRE2_ERROR_HEAPLIMIT || r == PCRE2_ERROR_JIT_STACKLIMIT ||
	    r == PCRE2_ERROR_NOMEMORY) {
		err_set(e, ERR_DATA, "pattern too expensive: /%s/ hit the "
		    "matching limit", m->rx->pat);
		return -1;
	}
	{
		PCRE2_UCHAR msg[256];

		if (pcre2_get_error_message(r, msg, sizeof msg) < 0)
			strcpy((char *)msg, "unknown error");
		err_set(e, ERR_DATA, "matching /%s/: %s", m->rx->pat,
		    (const char *)msg);
	}
	return -1;
}

int
rx_test(struct rx_matcher *m, const char *s, size_t n, struct err *e)
{
	return rx_exec(m, s, n, 0, NULL, NULL, e);
}
