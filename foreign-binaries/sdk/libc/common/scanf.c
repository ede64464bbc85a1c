/* The scanf family: one engine (vscan) over a character source, a FILE or a string. Conversions:
   d i u o x X p n c s [ e f g a E F G A % with widths, '*' suppression and the length modifiers
   hh h l ll j z t L q. Like glibc, a numeric field is read as the longest prefix that can still
   become a valid number (so "0x" or "1e+" are consumed and then fail), and at most one character is
   pushed back into the source. Floating-point fields are converted by strtod. */
#include "stdio_impl.h"
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct src {
    FILE *f;               /* a stream, or */
    const unsigned char *s;   /* a string */
    size_t count;          /* characters consumed (for %n) */
    int eof;
};

static int get(struct src *in) {
    int c;
    if (in->f) c = fgetc(in->f);
    else c = *in->s ? *in->s++ : EOF;
    if (c == EOF) in->eof = 1;
    else in->count++;
    return c;
}

static void unget(struct src *in, int c) {
    if (c == EOF) return;
    in->count--;
    if (in->f) ungetc(c, in->f);
    else in->s--;
}

enum { L_HH, L_H, L_NONE, L_L, L_LL, L_LD, L_J, L_Z, L_T };

static void store_int(void *p, int len, unsigned long long v) {
    switch (len) {
    case L_HH: *(char *)p = (char)v; break;
    case L_H: *(short *)p = (short)v; break;
    case L_NONE: *(int *)p = (int)v; break;
    case L_L: *(long *)p = (long)v; break;
    case L_LL: case L_LD: *(long long *)p = (long long)v; break;
    case L_J: *(intmax_t *)p = (intmax_t)v; break;
    case L_Z: *(size_t *)p = (size_t)v; break;
    case L_T: *(ptrdiff_t *)p = (ptrdiff_t)v; break;
    }
}

static int digit_value(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

/* Reads an integer field of at most `width` characters in `base` (0: C prefixes). Returns 0 on a
   matching failure; the text read goes into buf for strtoull-style conversion. */
static int scan_int(struct src *in, int width, int base, char *buf, size_t cap, int *basep) {
    size_t n = 0;
    int c = get(in);
    if (width <= 0) width = INT_MAX;
    if ((c == '+' || c == '-') && width > 0) {
        buf[n++] = (char)c;
        width--;
        c = width ? get(in) : EOF;
    }
    if (width && c == '0' && (base == 0 || base == 16)) {
        buf[n++] = '0';
        width--;
        c = width ? get(in) : EOF;
        if (width && (c == 'x' || c == 'X')) {
            buf[n++] = (char)c;
            width--;
            c = width ? get(in) : EOF;
            base = 16;
            /* "0x" not followed by a hex digit: glibc converts the "0" (the 'x' stays consumed). */
            if (c == EOF || digit_value(c) >= 16) {
                if (width || c != EOF) unget(in, c);
                buf[n - 1] = 0;
                *basep = 16;
                return 1;
            }
        } else if (base == 0) {
            base = 8;
        }
    }
    if (base == 0) base = 10;
    size_t digits_start = n;
    while (width && c != EOF && digit_value(c) < base) {
        if (n + 1 < cap) buf[n++] = (char)c;
        width--;
        c = width ? get(in) : EOF;
    }
    if (width || c != EOF) unget(in, c);
    buf[n] = 0;
    *basep = base;
    /* "0" alone (before an x that was not there) counts as a digit. */
    if (n == digits_start && !(digits_start > 0 && buf[digits_start - 1] == '0')) return 0;
    return 1;
}

/* Reads a floating-point field: the longest prefix of [+-](inf|infinity|nan[(...)]|decimal|hex). */
static int scan_float(struct src *in, int width, char *buf, size_t cap) {
    size_t n = 0;
    if (width <= 0) width = INT_MAX;
#define TAKE() do { if (n + 1 < cap) buf[n++] = (char)c; width--; c = width ? get(in) : EOF; } while (0)
    int c = get(in);
    if (c == '+' || c == '-') TAKE();
    /* inf, infinity, nan */
    if (width && (c == 'i' || c == 'I' || c == 'n' || c == 'N')) {
        const char *word = (c == 'i' || c == 'I') ? "infinity" : "nan";
        size_t k = 0;
        while (width && word[k] && c != EOF && tolower(c) == word[k]) { TAKE(); k++; }
        if (word[0] == 'i') {
            if (k != 3 && k != 8) { unget(in, c); return 0; }
        } else if (k != 3) {
            unget(in, c); return 0;
        }   /* glibc's scanf does not read a "(n-char-sequence)" after nan */
        if (width || c != EOF) unget(in, c);
        buf[n] = 0;
        return 1;
    }
    int hex = 0, digits = 0;
    if (width && c == '0') {
        TAKE();
        digits = 1;
        if (width && (c == 'x' || c == 'X')) { TAKE(); hex = 1; digits = 0; }
    }
    while (width && c != EOF && (hex ? isxdigit(c) : isdigit(c))) { TAKE(); digits++; }
    if (width && c == '.') {
        TAKE();
        while (width && c != EOF && (hex ? isxdigit(c) : isdigit(c))) { TAKE(); digits++; }
    }
    if (!digits) { if (width || c != EOF) unget(in, c); return 0; }
    if (width && (hex ? (c == 'p' || c == 'P') : (c == 'e' || c == 'E'))) {
        TAKE();
        if (width && (c == '+' || c == '-')) TAKE();
        size_t mantissa_end = n - 1 - (buf[n - 1] == '+' || buf[n - 1] == '-');
        int exp_digits = 0;
        while (width && c != EOF && isdigit(c)) { TAKE(); exp_digits++; }
        /* "1e" or "1e+" : glibc converts the mantissa (the exponent characters stay consumed). */
        if (!exp_digits) n = mantissa_end;
    }
    if (width || c != EOF) unget(in, c);
    buf[n] = 0;
    return 1;
#undef TAKE
}

static int vscan(struct src *in, const char *fmt, va_list ap) {
    int assigned = 0;
    const unsigned char *p = (const unsigned char *)fmt;
    char num[512];

    for (; *p; p++) {
        if (isspace(*p)) {
            int c;
            while ((c = get(in)) != EOF && isspace(c)) {}
            unget(in, c);
            continue;
        }
        if (*p != '%' || p[1] == '%') {
            if (*p == '%') {
                p++;
                int c;
                while ((c = get(in)) != EOF && isspace(c)) {}
                if (c != '%') {
                    unget(in, c);
                    if (c == EOF) goto input_failure;
                    goto matching_failure;
                }
                continue;
            }
            int c = get(in);
            if (c != *p) {
                unget(in, c);
                if (c == EOF) goto input_failure;
                goto matching_failure;
            }
            continue;
        }
        p++;
        int suppress = 0, width = 0, len = L_NONE;
        if (*p == '*') { suppress = 1; p++; }
        while (isdigit(*p)) width = width * 10 + (*p++ - '0');
        switch (*p) {
        case 'h': if (p[1] == 'h') { len = L_HH; p++; } else len = L_H; p++; break;
        case 'l': if (p[1] == 'l') { len = L_LL; p++; } else len = L_L; p++; break;
        case 'q': len = L_LL; p++; break;
        case 'L': len = L_LD; p++; break;
        case 'j': len = L_J; p++; break;
        case 'z': len = L_Z; p++; break;
        case 't': len = L_T; p++; break;
        }
        int conv = *p;
        if (!conv) break;
        if (conv == 'n') {
            if (!suppress) store_int(va_arg(ap, void *), len, in->count);
            continue;
        }
        /* Every conversion but [, c and n skips leading white space. */
        if (conv != '[' && conv != 'c') {
            int c;
            while ((c = get(in)) != EOF && isspace(c)) {}
            if (c == EOF) goto input_failure;
            unget(in, c);
        }
        switch (conv) {
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X': case 'p': {
            int base = conv == 'd' || conv == 'u' ? 10 : conv == 'i' ? 0 : conv == 'o' ? 8 : 16;
            int used;
            if (!scan_int(in, width, base, num, sizeof num, &used)) goto matching_failure;
            if (suppress) break;
            unsigned long long v;
            /* An out-of-range number leaves strtoll's ERANGE in errno, as glibc's scanf does. */
            if (conv == 'd' || conv == 'i') {
                long long sv = strtoll(num, NULL, used);
                v = (unsigned long long)sv;
            } else {
                v = strtoull(num, NULL, used);
            }
            if (conv == 'p') *va_arg(ap, void **) = (void *)(uintptr_t)v;
            else store_int(va_arg(ap, void *), len, v);
            assigned++;
            break;
        }
        case 'e': case 'f': case 'g': case 'a': case 'E': case 'F': case 'G': case 'A': {
            if (!scan_float(in, width, num, sizeof num)) goto matching_failure;
            if (suppress) break;
            /* Overflow and underflow leave ERANGE in errno, as glibc's scanf does. */
            if (len == L_L) *va_arg(ap, double *) = strtod(num, NULL);
            else if (len == L_LD) *va_arg(ap, long double *) = strtold(num, NULL);
            else *va_arg(ap, float *) = strtof(num, NULL);
            assigned++;
            break;
        }
        case 'c': {
            if (width <= 0) width = 1;
            char *out = suppress ? NULL : va_arg(ap, char *);
            int k = 0;
            for (; k < width; k++) {
                int c = get(in);
                if (c == EOF) break;
                if (out) out[k] = (char)c;
            }
            if (k == 0) goto input_failure;
            if (!suppress) assigned++;       /* glibc: a short field at the end still counts */
            break;
        }
        case 's': {
            char *out = suppress ? NULL : va_arg(ap, char *);
            int k = 0, c = 0;
            if (width <= 0) width = INT_MAX;
            while (k < width && (c = get(in)) != EOF && !isspace(c)) {
                if (out) out[k] = (char)c;
                k++;
            }
            if (k < width) unget(in, c);
            if (out) out[k] = 0;
            if (!suppress) assigned++;
            break;
        }
        case '[': {
            unsigned char set[256] = { 0 };
            int negate = 0;
            p++;
            if (*p == '^') { negate = 1; p++; }
            if (*p == ']') { set[']'] = 1; p++; }
            for (; *p && *p != ']'; p++) {
                if (p[1] == '-' && p[2] && p[2] != ']') {
                    for (int ch = p[0]; ch <= p[2]; ch++) set[ch] = 1;
                    p += 2;
                } else {
                    set[*p] = 1;
                }
            }
            if (!*p) goto matching_failure;
            char *out = suppress ? NULL : va_arg(ap, char *);
            int k = 0, c = 0;
            if (width <= 0) width = INT_MAX;
            while (k < width && (c = get(in)) != EOF && (set[c] != negate)) {
                if (out) out[k] = (char)c;
                k++;
            }
            if (k < width) unget(in, c);
            if (k == 0) {
                if (c == EOF) goto input_failure;
                goto matching_failure;
            }
            if (out) out[k] = 0;
            if (!suppress) assigned++;
            break;
        }
        default:
            goto matching_failure;
        }
    }
    return assigned;

input_failure:
    return assigned ? assigned : EOF;
matching_failure:
    return assigned;
}

int vfscanf(FILE *restrict f, const char *restrict fmt, va_list ap) {
    struct src in = { .f = f };
    return vscan(&in, fmt, ap);
}

int vsscanf(const char *restrict s, const char *restrict fmt, va_list ap) {
    struct src in = { .s = (const unsigned char *)s };
    return vscan(&in, fmt, ap);
}

int vscanf(const char *restrict fmt, va_list ap) { return vfscanf(stdin, fmt, ap); }

int fscanf(FILE *restrict f, const char *restrict fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vfscanf(f, fmt, ap);
    va_end(ap);
    return r;
}

int sscanf(const char *restrict s, const char *restrict fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vsscanf(s, fmt, ap);
    va_end(ap);
    return r;
}

int scanf(const char *restrict fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int r = vfscanf(stdin, fmt, ap);
    va_end(ap);
    return r;
}
