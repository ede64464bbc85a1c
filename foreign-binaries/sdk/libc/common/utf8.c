/* Multibyte <-> wide conversions for the C locale (bytes 0-127; others EILSEQ, as glibc's C
   locale) and C.UTF-8 (UTF-8 as glibc reads it: lead bytes C2-FD, up to 6 bytes and 0x7fffffff;
   a byte that cannot continue a sequence is EILSEQ at once, an overlong form or a surrogate when
   the sequence is complete; a failed call leaves the state as it was). The state of a partial
   sequence is the mbstate_t: the bits so far, and the bytes still to come and in all. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <uchar.h>
#include <wchar.h>
#include "locale_impl.h"

int mbsinit(const mbstate_t *ps) { return !ps || !ps->__count; }

wint_t btowc(int c) { return c >= 0 && c < 128 ? (wint_t)c : WEOF; }
int wctob(wint_t c) { return c < 128 ? (int)c : EOF; }

size_t mbrtowc(wchar_t *restrict wc, const char *restrict s, size_t n, mbstate_t *restrict ps) {
    static mbstate_t internal;
    if (!ps) ps = &internal;
    if (!s) {
        if (ps->__count) { errno = EILSEQ; return (size_t)-1; }
        return 0;
    }
    if (n == 0) return (size_t)-2;
    const unsigned char *u = (const unsigned char *)s;
    if (!__sdk_utf8) {
        if (u[0] >= 0x80) { errno = EILSEQ; return (size_t)-1; }
        if (wc) *wc = u[0];
        return u[0] != 0;
    }
    unsigned rem = ps->__count & 15, total = ps->__count >> 4, val = ps->__value;
    size_t i = 0;
    if (rem == 0) {
        unsigned c = u[i++];
        if (c < 0x80) { if (wc) *wc = (wchar_t)c; return c != 0; }
        if (c < 0xc2 || c >= 0xfe) { errno = EILSEQ; return (size_t)-1; }
        total = c < 0xe0 ? 2 : c < 0xf0 ? 3 : c < 0xf8 ? 4 : c < 0xfc ? 5 : 6;
        val = c & (0x7f >> total);
        rem = total - 1;
    }
    for (; rem && i < n; i++, rem--) {
        if ((u[i] & 0xc0) != 0x80) { errno = EILSEQ; return (size_t)-1; }
        val = val << 6 | (u[i] & 0x3f);
    }
    if (rem) {
        ps->__value = val;
        ps->__count = rem | total << 4;
        return (size_t)-2;
    }
    static const unsigned least[7] = { 0, 0, 0x80, 0x800, 0x10000, 0x200000, 0x4000000 };
    if (val < least[total] || (val >= 0xd800 && val <= 0xdfff)) { errno = EILSEQ; return (size_t)-1; }
    ps->__value = ps->__count = 0;
    if (wc) *wc = (wchar_t)val;
    return i;
}

size_t mbrlen(const char *restrict s, size_t n, mbstate_t *restrict ps) {
    static mbstate_t internal;
    return mbrtowc(NULL, s, n, ps ? ps : &internal);
}

/* The bytes of wc into s (at least MB_LEN_MAX), or -1 with EILSEQ. */
static size_t encode(char *s, wchar_t wc) {
    unsigned v = (unsigned)wc;
    if (!__sdk_utf8 || v < 0x80) {
        if (v >= 0x80) { errno = EILSEQ; return (size_t)-1; }
        s[0] = (char)v;
        return 1;
    }
    if (wc < 0 || (v >= 0xd800 && v <= 0xdfff)) { errno = EILSEQ; return (size_t)-1; }
    size_t n = v < 0x800 ? 2 : v < 0x10000 ? 3 : v < 0x200000 ? 4 : v < 0x4000000 ? 5 : 6;
    for (size_t i = n - 1; i > 0; i--) { s[i] = (char)(0x80 | (v & 0x3f)); v >>= 6; }
    s[0] = (char)((0xff00u >> n) | v);
    return n;
}

size_t wcrtomb(char *restrict s, wchar_t wc, mbstate_t *restrict ps) {
    if (ps) ps->__value = ps->__count = 0;
    if (!s) return 1;
    return encode(s, wc);
}

size_t mbsnrtowcs(wchar_t *restrict d, const char **restrict src, size_t nms, size_t n, mbstate_t *restrict ps) {
    static mbstate_t internal;
    if (!ps) ps = &internal;
    const char *s = *src;
    size_t count = 0;
    while (!d || count < n) {
        wchar_t wc;
        size_t r = mbrtowc(&wc, s, nms, ps);
        if (r == (size_t)-1) { if (d) *src = s; return (size_t)-1; }
        if (r == (size_t)-2) { s += nms; break; }          /* the input ended within a character */
        if (d) d[count] = wc;
        if (wc == 0) { if (d) *src = NULL; return count; }
        s += r;
        nms -= r;
        count++;
    }
    if (d) *src = s;
    return count;
}

size_t mbsrtowcs(wchar_t *restrict d, const char **restrict src, size_t n, mbstate_t *restrict ps) {
    return mbsnrtowcs(d, src, (size_t)-1, n, ps);
}

size_t wcsnrtombs(char *restrict d, const wchar_t **restrict src, size_t nwc, size_t n, mbstate_t *restrict ps) {
    (void)ps;
    const wchar_t *s = *src;
    size_t count = 0;
    for (; nwc; s++, nwc--) {
        char b[8];
        size_t r = encode(b, *s);
        if (r == (size_t)-1) { if (d) *src = s; return (size_t)-1; }
        if (d) {
            if (count + r > n) break;
            memcpy(d + count, b, r);
        }
        if (*s == 0) { if (d) *src = NULL; return count; }
        count += r;
    }
    if (d) *src = s;
    return count;
}

size_t wcsrtombs(char *restrict d, const wchar_t **restrict src, size_t n, mbstate_t *restrict ps) {
    return wcsnrtombs(d, src, (size_t)-1, n, ps);
}

/* The <stdlib.h> forms: an incomplete character is -1, as in glibc. */
int mbtowc(wchar_t *restrict wc, const char *restrict s, size_t n) {
    static mbstate_t st;
    if (!s) { memset(&st, 0, sizeof st); return 0; }
    size_t r = mbrtowc(wc, s, n, &st);
    if (r == (size_t)-2) { memset(&st, 0, sizeof st); errno = EILSEQ; return -1; }
    return (int)r;
}
int mblen(const char *s, size_t n) { return mbtowc(NULL, s, n); }

int wctomb(char *s, wchar_t wc) {
    if (!s) return 0;
    return (int)encode(s, wc);
}

size_t mbstowcs(wchar_t *restrict d, const char *restrict s, size_t n) {
    mbstate_t st = { 0, 0 };
    const char *p = s;
    return mbsrtowcs(d, &p, n, &st);
}

size_t wcstombs(char *restrict d, const wchar_t *restrict s, size_t n) {
    mbstate_t st = { 0, 0 };
    const wchar_t *p = s;
    return wcsrtombs(d, &p, n, &st);
}

/* <uchar.h>. A char32_t is a wchar_t. For UTF-16 the mbstate_t also holds half a surrogate pair,
   marked by a __count no partial UTF-8 sequence has: PENDING_LOW (mbrtoc16 owes the low half) or
   PENDING_HIGH (c16rtomb holds the high half). */
#define PENDING_LOW 0x100u
#define PENDING_HIGH 0x200u

size_t mbrtoc32(char32_t *restrict pc32, const char *restrict s, size_t n, mbstate_t *restrict ps) {
    static mbstate_t internal;
    wchar_t wc;
    size_t r = mbrtowc(&wc, s, n, ps ? ps : &internal);
    if (pc32 && s && r <= n) *pc32 = (char32_t)wc;
    return r;
}

size_t c32rtomb(char *restrict s, char32_t c32, mbstate_t *restrict ps) {
    return wcrtomb(s, (wchar_t)c32, ps);
}

size_t mbrtoc16(char16_t *restrict pc16, const char *restrict s, size_t n, mbstate_t *restrict ps) {
    static mbstate_t internal;
    if (!ps) ps = &internal;
    if (ps->__count == PENDING_LOW) {
        if (pc16) *pc16 = (char16_t)ps->__value;
        ps->__value = ps->__count = 0;
        return (size_t)-3;
    }
    if (ps->__count == PENDING_HIGH) { errno = EINVAL; return (size_t)-1; }   /* c16rtomb's state */
    char32_t c;
    size_t r = mbrtoc32(&c, s, n, ps);
    if (!s || r > n) return r;
    if (c >= 0x10000) {
        if (c > 0x10ffff) { errno = EILSEQ; return (size_t)-1; }   /* no UTF-16 form */
        c -= 0x10000;
        if (pc16) *pc16 = (char16_t)(0xd800 | c >> 10);
        ps->__value = 0xdc00 | (c & 0x3ff);
        ps->__count = PENDING_LOW;
        return r;
    }
    if (pc16) *pc16 = (char16_t)c;
    return r;
}

size_t c16rtomb(char *restrict s, char16_t c16, mbstate_t *restrict ps) {
    static mbstate_t internal;
    if (!ps) ps = &internal;
    if (!s) { ps->__value = ps->__count = 0; return 1; }   /* the reset call, as glibc answers it */
    if (ps->__count == PENDING_HIGH) {
        unsigned high = ps->__value;
        ps->__value = ps->__count = 0;   /* a failure, too, leaves the initial state */
        if (c16 < 0xdc00 || c16 > 0xdfff) { errno = EILSEQ; return (size_t)-1; }
        return wcrtomb(s, (wchar_t)(0x10000 + ((high - 0xd800) << 10) + (c16 - 0xdc00)), ps);
    }
    if (c16 >= 0xd800 && c16 <= 0xdbff) {
        ps->__value = c16;
        ps->__count = PENDING_HIGH;
        return 0;
    }
    return wcrtomb(s, (wchar_t)c16, ps);   /* a lone low half is EILSEQ there */
}
