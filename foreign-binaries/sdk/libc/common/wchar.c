/* Wide characters in the "C" locale: bytes 0-127 only. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

size_t wcslen(const wchar_t *s) { size_t n = 0; while (s[n]) n++; return n; }
size_t wcsnlen(const wchar_t *s, size_t max) { size_t n = 0; while (n < max && s[n]) n++; return n; }
wchar_t *wcscpy(wchar_t *restrict d, const wchar_t *restrict s) { wchar_t *r = d; while ((*d++ = *s++)) {} return r; }
wchar_t *wcsncpy(wchar_t *restrict d, const wchar_t *restrict s, size_t n) {
    size_t i = 0;
    for (; i < n && s[i]; i++) d[i] = s[i];
    for (; i < n; i++) d[i] = 0;
    return d;
}
wchar_t *wcscat(wchar_t *restrict d, const wchar_t *restrict s) { wcscpy(d + wcslen(d), s); return d; }
wchar_t *wcsncat(wchar_t *restrict d, const wchar_t *restrict s, size_t n) {
    wchar_t *e = d + wcslen(d);
    size_t i = 0;
    for (; i < n && s[i]; i++) e[i] = s[i];
    e[i] = 0;
    return d;
}
int wcscmp(const wchar_t *a, const wchar_t *b) {
    while (*a && *a == *b) { a++; b++; }
    return *a < *b ? -1 : *a > *b;
}
int wcsncmp(const wchar_t *a, const wchar_t *b, size_t n) {
    for (; n && *a && *a == *b; n--) { a++; b++; }
    return n == 0 ? 0 : *a < *b ? -1 : *a > *b;
}
int wcscoll(const wchar_t *a, const wchar_t *b) { return wcscmp(a, b); }
wchar_t *wcschr(const wchar_t *s, wchar_t c) {
    for (;; s++) { if (*s == c) return (wchar_t *)s; if (!*s) return NULL; }
}
wchar_t *wcsrchr(const wchar_t *s, wchar_t c) {
    const wchar_t *r = NULL;
    for (;; s++) { if (*s == c) r = s; if (!*s) return (wchar_t *)r; }
}
wchar_t *wcsstr(const wchar_t *hay, const wchar_t *needle) {
    size_t n = wcslen(needle);
    for (; *hay; hay++) if (!wcsncmp(hay, needle, n)) return (wchar_t *)hay;
    return n ? NULL : (wchar_t *)hay;
}
size_t wcsspn(const wchar_t *s, const wchar_t *accept) { size_t n = 0; while (s[n] && wcschr(accept, s[n])) n++; return n; }
size_t wcscspn(const wchar_t *s, const wchar_t *reject) { size_t n = 0; while (s[n] && !wcschr(reject, s[n])) n++; return n; }
wchar_t *wcsdup(const wchar_t *s) {
    size_t n = wcslen(s) + 1;
    wchar_t *d = malloc(n * sizeof *d);
    return d ? wmemcpy(d, s, n) : NULL;
}
wchar_t *wmemcpy(wchar_t *restrict d, const wchar_t *restrict s, size_t n) { return memcpy(d, s, n * sizeof *d); }
wchar_t *wmemmove(wchar_t *d, const wchar_t *s, size_t n) { return memmove(d, s, n * sizeof *d); }
wchar_t *wmemset(wchar_t *d, wchar_t c, size_t n) { for (size_t i = 0; i < n; i++) d[i] = c; return d; }
int wmemcmp(const wchar_t *a, const wchar_t *b, size_t n) {
    for (size_t i = 0; i < n; i++) if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}
wchar_t *wmemchr(const wchar_t *s, wchar_t c, size_t n) {
    for (size_t i = 0; i < n; i++) if (s[i] == c) return (wchar_t *)s + i;
    return NULL;
}
long wcstol(const wchar_t *restrict s, wchar_t **restrict end, int base) {
    char buf[128];
    size_t i = 0;
    for (; i < sizeof buf - 1 && s[i] && (unsigned)s[i] < 128; i++) buf[i] = (char)s[i];
    buf[i] = 0;
    char *e;
    long v = strtol(buf, &e, base);
    if (end) *end = (wchar_t *)s + (e - buf);
    return v;
}

wint_t btowc(int c) { return c >= 0 && c < 128 ? (wint_t)c : WEOF; }
int wctob(wint_t c) { return c < 128 ? (int)c : EOF; }
int mbsinit(const mbstate_t *ps) { return !ps || !ps->__state; }

size_t mbrtowc(wchar_t *restrict wc, const char *restrict s, size_t n, mbstate_t *restrict ps) {
    (void)ps;
    if (!s) return 0;
    if (n == 0) return (size_t)-2;
    unsigned char c = (unsigned char)*s;
    if (c >= 128) { errno = EILSEQ; return (size_t)-1; }
    if (wc) *wc = c;
    return c != 0;
}
size_t mbrlen(const char *restrict s, size_t n, mbstate_t *restrict ps) { return mbrtowc(NULL, s, n, ps); }

size_t wcrtomb(char *restrict s, wchar_t wc, mbstate_t *restrict ps) {
    (void)ps;
    if (!s) return 1;
    if ((unsigned)wc >= 128) { errno = EILSEQ; return (size_t)-1; }
    *s = (char)wc;
    return 1;
}

size_t mbsrtowcs(wchar_t *restrict d, const char **restrict src, size_t n, mbstate_t *restrict ps) {
    (void)ps;
    const unsigned char *s = (const unsigned char *)*src;
    size_t i = 0;
    for (; !d || i < n; i++) {
        if (s[i] >= 128) { errno = EILSEQ; if (d) *src = (const char *)s + i; return (size_t)-1; }
        if (d) d[i] = s[i];
        if (!s[i]) { if (d) *src = NULL; return i; }
    }
    *src = (const char *)s + i;
    return i;
}

size_t wcsrtombs(char *restrict d, const wchar_t **restrict src, size_t n, mbstate_t *restrict ps) {
    (void)ps;
    const wchar_t *s = *src;
    size_t i = 0;
    for (; !d || i < n; i++) {
        if ((unsigned)s[i] >= 128) { errno = EILSEQ; if (d) *src = s + i; return (size_t)-1; }
        if (d) d[i] = (char)s[i];
        if (!s[i]) { if (d) *src = NULL; return i; }
    }
    *src = s + i;
    return i;
}

int wcwidth(wchar_t c) {
    if (c == 0) return 0;
    if (c >= 32 && c < 127) return 1;
    return -1;
}
int wcswidth(const wchar_t *s, size_t n) {
    int w = 0;
    for (size_t i = 0; i < n && s[i]; i++) {
        int k = wcwidth(s[i]);
        if (k < 0) return -1;
        w += k;
    }
    return w;
}

#define ASCII(fn, test) int fn(wint_t c) { return c < 128 && test((int)c); }
ASCII(iswalnum, isalnum) ASCII(iswalpha, isalpha) ASCII(iswblank, isblank) ASCII(iswcntrl, iscntrl)
ASCII(iswdigit, isdigit) ASCII(iswgraph, isgraph) ASCII(iswlower, islower) ASCII(iswprint, isprint)
ASCII(iswpunct, ispunct) ASCII(iswspace, isspace) ASCII(iswupper, isupper) ASCII(iswxdigit, isxdigit)
wint_t towlower(wint_t c) { return c < 128 ? (wint_t)tolower((int)c) : c; }
wint_t towupper(wint_t c) { return c < 128 ? (wint_t)toupper((int)c) : c; }

static const char *const wnames[] = { "alnum", "alpha", "blank", "cntrl", "digit", "graph", "lower", "print",
                                      "punct", "space", "upper", "xdigit" };
static int (*const wfns[])(wint_t) = { iswalnum, iswalpha, iswblank, iswcntrl, iswdigit, iswgraph, iswlower,
                                       iswprint, iswpunct, iswspace, iswupper, iswxdigit };
wctype_t wctype(const char *name) {
    for (size_t i = 0; i < sizeof wnames / sizeof wnames[0]; i++) if (!strcmp(name, wnames[i])) return i + 1;
    return 0;
}
int iswctype(wint_t c, wctype_t t) { return t >= 1 && t <= 12 ? wfns[t - 1](c) : 0; }
