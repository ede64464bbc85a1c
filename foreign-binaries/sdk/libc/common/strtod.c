/* strtod: decimal and hexadecimal floating point, "inf"/"infinity" and "nan".
 *
 * Decimal input with at most 15 significant digits and a power of ten of at most 22 is converted
 * exactly as the C compiler would (both factors are exact doubles, so the one multiplication or
 * division rounds correctly: Clinger's fast path). That covers everyday input such as "3.14",
 * "1e10", "0.001". Other input is computed in x87 80-bit extended precision and then rounded to
 * double: within one unit in the last place, not always the correctly rounded neighbour.
 * Hexadecimal input ("0x1.8p3") is exact for normal results. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <strings.h>

static long double scale(long double v, long double base, int e) {
    long double b = base;
    unsigned n = (unsigned)(e < 0 ? -e : e);
    long double r = 1;
    while (n) {
        if (n & 1) r *= b;
        b *= b;
        n >>= 1;
    }
    return e < 0 ? v / r : v * r;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Parses the hex significand after "0x"; returns 0 if there is none. */
static int parse_hex(const char *p, const char **endp, long double *out) {
    uint64_t m = 0;
    int exp = 0, any = 0, sticky = 0, d;
    for (; (d = hexval(*p)) >= 0; p++) {
        any = 1;
        if (m >> 60) { exp += 4; sticky |= d; }
        else m = m << 4 | (unsigned)d;
    }
    if (*p == '.') {
        for (p++; (d = hexval(*p)) >= 0; p++) {
            any = 1;
            if (m >> 60) sticky |= d;
            else { m = m << 4 | (unsigned)d; exp -= 4; }
        }
    }
    if (!any) return 0;
    if ((*p | 0x20) == 'p') {
        const char *q = p + 1;
        int eneg = 0, e = 0;
        if (*q == '+' || *q == '-') eneg = *q++ == '-';
        if (isdigit((unsigned char)*q)) {
            for (; isdigit((unsigned char)*q); q++)
                if (e < 100000) e = e * 10 + (*q - '0');
            exp += eneg ? -e : e;
            p = q;
        }
    }
    if (sticky) m |= 1;             /* dropped nonzero digits still count for rounding */
    *out = scale((long double)m, 2.0L, exp);
    *endp = p;
    return 1;
}

static int parse_dec(const char *p, const char **endp, double *out) {
    uint64_t m = 0;
    int digits = 0, exp = 0, any = 0, sticky = 0;
    for (; isdigit((unsigned char)*p); p++) {
        any = 1;
        if (m == 0 && *p == '0') continue;                 /* leading zeros are not significant */
        if (digits < 19) { m = m * 10 + (unsigned)(*p - '0'); digits++; }
        else { exp++; sticky |= *p != '0'; }
    }
    if (*p == '.') {
        for (p++; isdigit((unsigned char)*p); p++) {
            any = 1;
            if (m == 0 && *p == '0') { exp--; continue; }
            if (digits < 19) { m = m * 10 + (unsigned)(*p - '0'); digits++; exp--; }
            else sticky |= *p != '0';
        }
    }
    if (!any) return 0;
    if ((*p | 0x20) == 'e') {
        const char *q = p + 1;
        int eneg = 0, e = 0;
        if (*q == '+' || *q == '-') eneg = *q++ == '-';
        if (isdigit((unsigned char)*q)) {
            for (; isdigit((unsigned char)*q); q++)
                if (e < 100000) e = e * 10 + (*q - '0');
            exp += eneg ? -e : e;
            p = q;
        }
    }
    *endp = p;
    if (m == 0) { *out = 0; return 1; }
    static const double pow10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
    if (!sticky && m < (1ull << 53) && exp >= -22 && exp <= 22) {
        *out = exp >= 0 ? (double)m * pow10[exp] : (double)m / pow10[-exp];
        return 1;
    }
    if (exp > 400) { *out = __builtin_huge_val(); return 1; }
    if (exp < -400) { *out = 0; return 2; }
    long double v = (long double)m;
    if (sticky) v += 0.5L;          /* digits beyond the 19th: nudge towards the true value */
    *out = (double)scale(v, 10.0L, exp);
    return *out == 0 ? 2 : 1;       /* 2: nonzero input underflowed to zero */
}

double strtod(const char *restrict s, char **restrict end) {
    const char *p = s, *stop = s;
    int neg = 0;
    double v = 0;
    while (isspace((unsigned char)*p)) p++;
    if (*p == '+' || *p == '-') neg = *p++ == '-';
    if (strncasecmp(p, "inf", 3) == 0) {
        stop = p + (strncasecmp(p, "infinity", 8) == 0 ? 8 : 3);
        v = __builtin_huge_val();
    } else if (strncasecmp(p, "nan", 3) == 0) {
        stop = p + 3;
        if (*stop == '(') {                                  /* nan(n-char-sequence) */
            const char *q = stop + 1;
            while (isalnum((unsigned char)*q) || *q == '_') q++;
            if (*q == ')') stop = q + 1;
        }
        v = __builtin_nan("");
    } else {
        long double lv;
        if (p[0] == '0' && (p[1] | 0x20) == 'x' && parse_hex(p + 2, &stop, &lv)) {
            v = (double)lv;
        } else {
            int r = parse_dec(p, &stop, &v);
            if (r == 0) stop = s;                            /* no conversion */
            if (r == 2) errno = ERANGE;
        }
        /* Overflow, or a result in the subnormal range: ERANGE, as glibc reports it. */
        if (stop != s && (__builtin_isinf(v) || (v != 0 && __builtin_fabs(v) < 2.2250738585072014e-308)))
            errno = ERANGE;
    }
    if (end) *end = (char *)stop;
    return neg ? -v : v;
}

float strtof(const char *restrict s, char **restrict end) { return (float)strtod(s, end); }
double atof(const char *s) { return strtod(s, NULL); }
