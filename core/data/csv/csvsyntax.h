/*
 * csvsyntax.h - CSV syntax as winnow reads it, in one place.
 *
 * The loader parses with libcsv; the export, the error locator and the
 * probability reader need to know where records and fields are without
 * it.  Everything they know of libcsv's machine lives here: how a parser
 * is set up (the delimiter; spaces are data; CR and LF end records), the
 * state a parser is in (libcsv keeps it in private numbers), and a byte
 * scanner that follows the same machine over spans of bytes, so that
 * record i of a scan is record i of the parse.
 *
 * The machine: a record is fields separated by the delimiter and ended
 * by CR or LF (CR LF is one end); blank lines are skipped.  An unquoted
 * field runs to the next delimiter, CR or LF, and a quote inside it is an
 * ordinary byte.  A quoted field runs to the quote that is followed by a
 * delimiter, CR, LF or the end of the input; "" inside it is one quote.
 *
 * Any other byte right after the quote that closes a field is a
 * departure from RFC 4180 that libcsv (outside its strict mode, which
 * also refuses quotes inside unquoted fields) takes silently: it keeps
 * the quote and the byte and goes on inside the quotes, so that the
 * field can swallow the records after it.  winnow reads such text as an
 * error by default; lax, it reads it as Python's csv module does: the
 * field goes on unquoted to the next delimiter or line end, the closing
 * quote dropped ("abc"def is abcdef).
 */
#ifndef WINNOW_CSVSYNTAX_H
#define WINNOW_CSVSYNTAX_H

#include <csv.h>
#include <stddef.h>
#include <stdint.h>

/* Where a parser (or the scanner) is, in libcsv's terms. */
enum csvsyntax_state {
	CSVSYNTAX_BETWEEN,	/* between records */
	CSVSYNTAX_FIELD,	/* in a record, before a field's first byte */
	CSVSYNTAX_UNQUOTED,	/* inside an unquoted field */
	CSVSYNTAX_QUOTED,	/* inside a quoted field */
	CSVSYNTAX_QUOTE		/* right after a quote inside a quoted
				 * field: it ends the field unless another
				 * quote follows */
};

/*
 * Set up a libcsv parser as winnow reads CSV: delimiter delim, no space
 * trimming, CR and LF end records.  Returns 0, or -1 when libcsv cannot
 * start (out of memory).  The caller frees it with csv_free().
 */
int csvsyntax_parser_init(struct csv_parser *cp, unsigned char delim);

/* The state of a libcsv parser: the one place that reads libcsv's
 * private state numbers. */
enum csvsyntax_state csvsyntax_state(const struct csv_parser *cp);

/*
 * csv_parse() that stops at text after a closing quote.  Returns the
 * bytes parsed: n, or fewer when libcsv failed (csv_error() says why)
 * or when s[return] is a byte other than a delimiter, CR, LF or quote
 * right after a closing quote (csv_error() is 0).  The caller reports
 * that byte, or calls csvsyntax_unquote() and parses on from it.  The
 * check carries over from one call to the next (a quote may end one).
 */
size_t csvsyntax_parse(struct csv_parser *cp, const void *s, size_t n,
    void (*cb1)(void *, size_t, void *), void (*cb2)(int, void *),
    void *data);

/* After csvsyntax_parse() stopped at text after a closing quote: the
 * field goes on unquoted, without the quote (the lax reading). */
void csvsyntax_unquote(struct csv_parser *cp);

/* The length of a UTF-8 byte order mark at the start of p[0..n): 3 or 0
 * (the loader and the scanner skip it). */
size_t csvsyntax_bom(const void *p, size_t n);

/*
 * The byte that ends a physical line in a file that starts with
 * p[0..n) (the loader's first 64 KiB): LF, or CR when the sample holds a
 * CR and no LF.  Line numbers count it.
 */
int csvsyntax_term(const void *p, size_t n);

/* How csvsyntax_field() stopped. */
enum csvsyntax_stop {
	CSVSYNTAX_DELIM,	/* at a delimiter: another field follows */
	CSVSYNTAX_EOL,		/* at a CR or LF: the record ends */
	CSVSYNTAX_EOF,		/* at the end of the input: the record ends */
	CSVSYNTAX_OPEN,		/* at the end of the input inside quotes */
	CSVSYNTAX_JUNK,		/* at text after a closing quote (not lax) */
	CSVSYNTAX_MORE		/* at the end of the bytes given, which is
				 * not the end of the input */
};

/*
 * Run the machine over p[*at .. n) from state *st (CSVSYNTAX_FIELD at a
 * field's first byte) to the end of the field; eof says that p[n] is the
 * end of the input, lax how text after a closing quote is read.  *at is
 * left at the delimiter, CR or LF that ends the field, at the text after
 * a closing quote, or at n; *st is where the machine is there
 * (CSVSYNTAX_FIELD after a delimiter, CSVSYNTAX_BETWEEN after a record
 * end), so that a field cut by CSVSYNTAX_MORE goes on with the next bytes.
 */
enum csvsyntax_stop csvsyntax_field(enum csvsyntax_state *st,
    const unsigned char *p, size_t n, size_t *at, int eof,
    unsigned char delim, int lax);

/* --- records ------------------------------------------------------- */

/*
 * A scan of records over windows of the input.  Offsets are in the
 * input; a window is the input's bytes [base, base + n).
 */
struct csvsyntax_scan {
	unsigned char delim;
	int lax;		/* text after a closing quote: see above */
	unsigned char term;	/* the byte that counts lines */
	const unsigned char *p;	/* the window */
	uint64_t base;
	size_t n;
	int eof;		/* the window reaches the end of the input */
	uint64_t pos;		/* where the next record is looked for */
	uint64_t line;		/* line where the last record found starts */
	uint64_t lno;		/* 1 + term bytes before lno_pos */
	uint64_t lno_pos;
	uint64_t *fs, *fe;	/* raw field spans of the current record */
	size_t nf, cap;
};

/* One record: its bytes are [start, end), its line end [end, eol); field
 * i is [fs[i], fe[i]) in the scanner, quotes included. */
struct csvsyntax_rec {
	uint64_t start, end, eol;
	size_t nfields;
	uint64_t line;		/* line where it starts, 1-based */
};

/* What csvsyntax_scan_next() says besides 1 (a record) and 0 (the end). */
#define CSVSYNTAX_SCAN_MORE 2		/* the window ends inside a record */
#define CSVSYNTAX_SCAN_OPEN (-1)	/* a quoted field never closes */
#define CSVSYNTAX_SCAN_JUNK (-2)	/* text after a closing quote */

/* Start a scan at offset start (after a BOM) with no window yet. */
void csvsyntax_scan_init(struct csvsyntax_scan *s, int delim, int term,
    uint64_t start, int lax);

/* Start a scan of a whole input held in memory (borrowed for the scan's
 * life): BOM, line end and window from the bytes themselves. */
void csvsyntax_scan_mem(struct csvsyntax_scan *s, const void *buf,
    size_t len, int delim, int lax);

/*
 * Give the scan the input's bytes [base, base + n) at p (borrowed until
 * the next window); base must not be past s->pos.
 */
void csvsyntax_scan_window(struct csvsyntax_scan *s, const void *p,
    uint64_t base, size_t n, int eof);

/*
 * The next record: 1; 0 at the end of the input; CSVSYNTAX_SCAN_MORE
 * when the window ends first (give a window from s->pos on that reaches
 * further, and call again); CSVSYNTAX_SCAN_OPEN or CSVSYNTAX_SCAN_JUNK
 * (s->pos is then where: the end, or the text after the quote).
 */
int csvsyntax_scan_next(struct csvsyntax_scan *s, struct csvsyntax_rec *r);

void csvsyntax_scan_release(struct csvsyntax_scan *s);

/*
 * The text of a raw field span as the loader reads it: quotes removed,
 * doubled quotes halved, text after the closing quote (lax) appended as
 * it is.  out must hold n bytes; returns the length.
 */
size_t csvsyntax_decode(const void *raw, size_t n, char *out);

#endif
