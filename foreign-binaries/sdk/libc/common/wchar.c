/* Wide strings and wide stdio (conversions: utf8.c; classes and widths: wctype.c). */
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

/* ---- wide-character stdio: a wide character is written as its multibyte form (wcrtomb: one
   byte 0-127 in C, UTF-8 in C.UTF-8), anything else fails with EILSEQ; the wide printf family
   formats through the narrow one. Streams have an
   orientation (fwide): the first byte I/O makes a stream byte-oriented, the first wide I/O
   wide-oriented; wide functions then fail on a byte-oriented stream, and printf on a wide one, as
   in glibc. */
#include <stdarg.h>
#include <stdio.h>
#include "stdio_impl.h"

/* Makes f wide-oriented; fails (as glibc) on a byte-oriented stream. */
static int wide(FILE *f) {
    if (f->orient < 0) return -1;
    f->orient = 1;
    return 0;
}

wint_t fputwc(wchar_t wc, FILE *f) {
    if (wide(f)) return WEOF;
    char b[8];
    size_t n = wcrtomb(b, wc, NULL);
    if (n == (size_t)-1) return WEOF;
    return fwrite(b, 1, n, f) == n ? (wint_t)wc : WEOF;
}
wint_t putwc(wchar_t wc, FILE *f) { return fputwc(wc, f); }
wint_t putwchar(wchar_t wc) { return fputwc(wc, stdout); }

/* Reads one character's bytes (UTF-8 in C.UTF-8). A malformed sequence is EILSEQ; its bytes are
   consumed. */
wint_t fgetwc(FILE *f) {
    if (wide(f)) return WEOF;
    mbstate_t st = { 0, 0 };
    for (;;) {
        int c = fgetc(f);
        if (c == EOF) return WEOF;         /* (a partial character at the end: WEOF, errno untouched, as glibc) */
        char b = (char)c;
        wchar_t wc;
        size_t r = mbrtowc(&wc, &b, 1, &st);
        if (r == (size_t)-1) return WEOF;
        if (r != (size_t)-2) return (wint_t)wc;
    }
}
wint_t getwc(FILE *f) { return fgetwc(f); }
wint_t getwchar(void) { return fgetwc(stdin); }
wint_t ungetwc(wint_t wc, FILE *f) {
    if (wc == WEOF || wc >= 0x80) return WEOF;
    return ungetc((int)wc, f) == EOF ? WEOF : wc;
}

int fputws(const wchar_t *restrict s, FILE *restrict f) {
    if (wide(f)) return -1;
    for (; *s; s++) if (fputwc(*s, f) == WEOF) return -1;
    return 1;                                  /* (C: non-negative; glibc's value) */
}

wchar_t *fgetws(wchar_t *restrict s, int n, FILE *restrict f) {
    int i = 0;
    if (n <= 0) return NULL;
    while (i < n - 1) {
        wint_t c = fgetwc(f);
        if (c == WEOF) { if (errno == EILSEQ || i == 0) return NULL; break; }
        s[i++] = (wchar_t)c;
        if (c == '\n') break;
    }
    s[i] = 0;
    return s;
}

int fwide(FILE *f, int mode) {
    if (!f->orient && mode) f->orient = mode > 0 ? 1 : -1;
    return f->orient;
}

/* The multibyte form of a wide format (NULL with EILSEQ if a character has none). */
static char *narrow(const wchar_t *w) {
    const wchar_t *p = w;
    mbstate_t st = { 0, 0 };
    size_t n = wcsrtombs(NULL, &p, 0, &st);
    if (n == (size_t)-1) return NULL;
    char *s = malloc(n + 1);
    if (!s) return NULL;
    p = w;
    wcsrtombs(s, &p, n + 1, &st);
    return s;
}

int vfwprintf(FILE *restrict f, const wchar_t *restrict fmt, va_list ap) {
    if (wide(f)) return -1;
    char *n = narrow(fmt);
    if (!n) return -1;
    int r = __vfprintf_any(f, n, ap);
    free(n);
    return r;
}
int vwprintf(const wchar_t *restrict fmt, va_list ap) { return vfwprintf(stdout, fmt, ap); }
int fwprintf(FILE *restrict f, const wchar_t *restrict fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vfwprintf(f, fmt, ap);
    va_end(ap);
    return r;
}
int wprintf(const wchar_t *restrict fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vfwprintf(stdout, fmt, ap);
    va_end(ap);
    return r;
}

/* swprintf: -1 when the result (and its NUL) does not fit, as C says. The narrow result is
   decoded back into wide characters. */
int vswprintf(wchar_t *restrict s, size_t n, const wchar_t *restrict fmt, va_list ap) {
    char *nf = narrow(fmt);
    if (!nf) return -1;
    char *out = NULL;
    int r = vasprintf(&out, nf, ap);
    free(nf);
    if (r < 0) return -1;
    const char *p = out;
    mbstate_t st = { 0, 0 };
    size_t w = mbsrtowcs(NULL, &p, 0, &st);
    if (w == (size_t)-1) { free(out); return -1; }
    if (w >= n) { free(out); if (n) s[0] = 0; errno = EOVERFLOW; return -1; }
    p = out;
    mbsrtowcs(s, &p, n, &st);
    free(out);
    return (int)w;
}
int swprintf(wchar_t *restrict s, size_t n, const wchar_t *restrict fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vswprintf(s, n, fmt, ap);
    va_end(ap);
    return r;
}
