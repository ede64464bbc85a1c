/* Wide character classes, case mappings and widths. In the C locale: ASCII only (glibc's C locale
   has no classes above 127). In C.UTF-8: glibc's C.UTF-8 data for every code point, in tables
   generated at build time by sdk/tools/mkwctype.c from the host's glibc (runs of equal classes and
   width; case-mapping pairs), looked up by binary search. */
#include <ctype.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include "locale_impl.h"
#include "utf8_tables.h"

enum { ALPHA = 1, DIGIT = 2, UPPER = 4, LOWER = 8, SPACE = 16, BLANK = 32, CNTRL = 64, PUNCT = 128,
       GRAPH = 256, PRINT = 512, XDIGIT = 1024 };

/* Class bits and width + 1 of c in C.UTF-8. */
static unsigned utf8_sig(wint_t c) {
    if (c >= 0x110000) return 0;                      /* no class, width -1 */
    size_t lo = 0, hi = __WC_NRUNS;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (__wc_runs[mid][0] <= c) lo = mid; else hi = mid;
    }
    return __wc_runs[lo][1];
}

static unsigned ascii_sig(wint_t c) {
    if (c >= 128) return 0;
    int i = (int)c;
    return (isalpha(i) ? ALPHA : 0) | (isdigit(i) ? DIGIT : 0) | (isupper(i) ? UPPER : 0) |
           (islower(i) ? LOWER : 0) | (isspace(i) ? SPACE : 0) | (isblank(i) ? BLANK : 0) |
           (iscntrl(i) ? CNTRL : 0) | (ispunct(i) ? PUNCT : 0) | (isgraph(i) ? GRAPH : 0) |
           (isprint(i) ? PRINT : 0) | (isxdigit(i) ? XDIGIT : 0) |
           (unsigned)(c == 0 ? 1 : isprint(i) ? 2 : 0) << 12;
}

static unsigned sig(wint_t c) { return __sdk_utf8 ? utf8_sig(c) : ascii_sig(c); }

int iswalnum(wint_t c) { return (sig(c) & (ALPHA | DIGIT)) != 0; }
int iswalpha(wint_t c) { return (sig(c) & ALPHA) != 0; }
int iswblank(wint_t c) { return (sig(c) & BLANK) != 0; }
int iswcntrl(wint_t c) { return (sig(c) & CNTRL) != 0; }
int iswdigit(wint_t c) { return (sig(c) & DIGIT) != 0; }
int iswgraph(wint_t c) { return (sig(c) & GRAPH) != 0; }
int iswlower(wint_t c) { return (sig(c) & LOWER) != 0; }
int iswprint(wint_t c) { return (sig(c) & PRINT) != 0; }
int iswpunct(wint_t c) { return (sig(c) & PUNCT) != 0; }
int iswspace(wint_t c) { return (sig(c) & SPACE) != 0; }
int iswupper(wint_t c) { return (sig(c) & UPPER) != 0; }
int iswxdigit(wint_t c) { return (sig(c) & XDIGIT) != 0; }

int wcwidth(wchar_t c) { return (int)(sig((wint_t)c) >> 12) - 1; }
int wcswidth(const wchar_t *s, size_t n) {
    int w = 0;
    for (size_t i = 0; i < n && s[i]; i++) {
        int k = wcwidth(s[i]);
        if (k < 0) return -1;
        w += k;
    }
    return w;
}

static wint_t map(const unsigned (*pairs)[2], size_t n, wint_t c) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (pairs[mid][0] == c) return pairs[mid][1];
        if (pairs[mid][0] < c) lo = mid + 1; else hi = mid;
    }
    return c;
}
wint_t towlower(wint_t c) {
    if (!__sdk_utf8) return c < 128 ? (wint_t)tolower((int)c) : c;
    return map(__wc_tolower, __WC_NTOLOWER, c);
}
wint_t towupper(wint_t c) {
    if (!__sdk_utf8) return c < 128 ? (wint_t)toupper((int)c) : c;
    return map(__wc_toupper, __WC_NTOUPPER, c);
}

static const char *const wnames[] = { "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print",
                                      "punct", "space", "upper", "xdigit" };
static int (*const wfns[])(wint_t) = { iswalnum, iswalpha, iswblank, iswcntrl, iswdigit, iswgraph, iswlower,
                                       iswprint, iswpunct, iswspace, iswupper, iswxdigit };
wctype_t wctype(const char *name) {
    for (size_t i = 0; i < sizeof wnames / sizeof wnames[0]; i++) if (!strcmp(name, wnames[i])) return i + 1;
    return 0;
}
int iswctype(wint_t c, wctype_t t) { return t >= 1 && t <= 12 ? wfns[t - 1](c) : 0; }

wctrans_t wctrans(const char *name) { return !strcmp(name, "toupper") ? 1 : !strcmp(name, "tolower") ? 2 : 0; }
wint_t towctrans(wint_t c, wctrans_t t) { return t == 1 ? towupper(c) : t == 2 ? towlower(c) : c; }
