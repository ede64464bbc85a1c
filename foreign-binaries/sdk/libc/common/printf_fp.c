/* Floating-point conversions for printf: %f %F %e %E %g %G.
 *
 * The value is first turned into its EXACT decimal expansion (every finite double is a dyadic
 * rational m * 2^e, so its decimal expansion is finite): integers by multiplying m by 2^e, fractions
 * as m * 5^n / 10^n, in a base-10^9 big number. Rounding to the requested digits then happens on the
 * decimal string with round-half-to-even, which is what glibc does in the default rounding mode.
 * So printf("%.3f", 2.5) is "2.500", printf("%.0f", 2.5) is "2" and printf("%.2f", 1.005) is "1.00"
 * (1.005 is really 1.00499999999999989...), digit for digit like glibc. */
#include "../internal.h"
#include <stdint.h>
#include <string.h>

#define LIMBS 1900             /* long double: 16445 fraction digits / 9 (or 4933 integer digits) */
#define BASE 1000000000u

typedef struct {
    uint32_t limb[LIMBS];      /* little-endian, base 10^9 */
    int n;
} big;

static void big_mul(big *b, uint32_t m) {
    uint64_t carry = 0;
    for (int i = 0; i < b->n; i++) {
        uint64_t t = (uint64_t)b->limb[i] * m + carry;
        b->limb[i] = (uint32_t)(t % BASE);
        carry = t / BASE;
    }
    while (carry) {
        b->limb[b->n++] = (uint32_t)(carry % BASE);
        carry /= BASE;
    }
}

/* Writes the decimal digits of b (no leading zeros) to out; returns the count. */
static int big_digits(const big *b, char *out) {
    int len = 0;
    uint32_t top = b->limb[b->n - 1];
    char tmp[10];
    int k = 0;
    do { tmp[k++] = (char)('0' + top % 10); top /= 10; } while (top);
    while (k) out[len++] = tmp[--k];
    for (int i = b->n - 2; i >= 0; i--) {
        uint32_t v = b->limb[i];
        for (int j = 8; j >= 0; j--) { out[len + j] = (char)('0' + v % 10); v /= 10; }
        len += 9;
    }
    return len;
}

/* mant * 2^e2 > 0. Fills digits (no leading or trailing zeros) so that the value is
   0.DIGITS x 10^point. */
static int exact_decimal(uint64_t mant, int e2, char *digits, int *point) {
    while (!(mant & 1)) { mant >>= 1; e2++; }         /* fewer factors of 5 to multiply in */

    static big b;               /* (7.6 KB: not on the stack; printf is not reentrant anyway) */
    b.n = 0;
    while (mant) { b.limb[b.n++] = (uint32_t)(mant % BASE); mant /= BASE; }
    int n = e2 < 0 ? -e2 : 0;
    if (e2 > 0) {
        for (int k = e2; k > 0; k -= 29) big_mul(&b, 1u << (k < 29 ? k : 29));
    } else {
        for (int k = n; k > 0; k -= 13) {
            uint32_t p = 1;
            for (int j = 0; j < (k < 13 ? k : 13); j++) p *= 5;
            big_mul(&b, p);
        }
    }
    int len = big_digits(&b, digits);
    *point = len - n;
    while (len > 0 && digits[len - 1] == '0') len--;
    return len;
}

/* Rounds digits[0, ndig) to `keep` digits, half to even. May change *point (9.99 -> 10.0). */
static int round_digits(char *digits, int ndig, int keep, int *point) {
    if (keep >= ndig) return ndig;
    if (keep < 0) return 0;                            /* below half of the last place: zero */
    int up;
    char d = digits[keep];
    if (d > '5') up = 1;
    else if (d < '5') up = 0;
    else {
        up = 0;
        for (int i = keep + 1; i < ndig; i++)
            if (digits[i] != '0') { up = 1; break; }
        if (!up) up = keep > 0 && ((digits[keep - 1] - '0') & 1);   /* exact tie: to even */
    }
    if (!up) {
        while (keep > 0 && digits[keep - 1] == '0') keep--;
        return keep;
    }
    int i = keep - 1;
    while (i >= 0 && digits[i] == '9') i--;
    if (i < 0) {                                       /* all nines (or keep == 0): carry out */
        digits[0] = '1';
        (*point)++;
        return 1;
    }
    digits[i]++;
    return i + 1;
}

static char digit_at(const char *digits, int ndig, int i) {
    return i >= 0 && i < ndig ? digits[i] : '0';
}

/* Fixed notation of 0.DIGITS x 10^point with prec fraction digits (digits already rounded). */
static char *put_fixed(char *o, const char *digits, int ndig, int point, int prec, int alt) {
    if (point <= 0) *o++ = '0';
    for (int i = 0; i < point; i++) *o++ = digit_at(digits, ndig, i);
    if (prec > 0 || alt) *o++ = '.';
    for (int i = 0; i < prec; i++) *o++ = digit_at(digits, ndig, point + i);
    return o;
}

static char *put_exp(char *o, const char *digits, int ndig, int exp10, int prec, int alt, int upper) {
    *o++ = digit_at(digits, ndig, 0);
    if (prec > 0 || alt) *o++ = '.';
    for (int i = 1; i <= prec; i++) *o++ = digit_at(digits, ndig, i);
    *o++ = upper ? 'E' : 'e';
    *o++ = exp10 < 0 ? '-' : '+';
    unsigned e = (unsigned)(exp10 < 0 ? -exp10 : exp10);
    char t[8];
    int k = 0;
    do { t[k++] = (char)('0' + e % 10); e /= 10; } while (e);
    if (k < 2) t[k++] = '0';                           /* at least two exponent digits */
    while (k) *o++ = t[--k];
    return o;
}

/* The common part: sign, inf/nan, then the exact digits of mant * 2^e2 (mant 0: zero). */
static int format_fp(char *buf, int neg, int special, uint64_t mant, int e2, char conv, int prec, int flags) {
    char *o = buf;
    int upper = conv == 'F' || conv == 'E' || conv == 'G';
    if (neg) *o++ = '-';
    else if (flags & __FMT_PLUS) *o++ = '+';
    else if (flags & __FMT_SPACE) *o++ = ' ';
    if (special) {
        const char *s = special == 2 ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        memcpy(o, s, 3);
        return (int)(o + 3 - buf);
    }
    if (prec < 0) prec = 6;
    int alt = flags & __FMT_ALT;

    static char digits[16600]; /* a long double's exact expansion: at most ~16500 significant digits */
    int point = 1, ndig = 0;
    if (mant != 0) ndig = exact_decimal(mant, e2, digits, &point);

    char c = conv | 0x20;
    if (c == 'f') {
        ndig = round_digits(digits, ndig, point + prec, &point);
        if (ndig == 0) point = 1;
        o = put_fixed(o, digits, ndig, point, prec, alt);
    } else if (c == 'e') {
        ndig = round_digits(digits, ndig, prec + 1, &point);
        int exp10 = ndig ? point - 1 : 0;
        o = put_exp(o, digits, ndig, exp10, prec, alt, upper);
    } else {                                           /* 'g' */
        if (prec == 0) prec = 1;
        ndig = round_digits(digits, ndig, prec, &point);
        int x = ndig ? point - 1 : 0;
        char *start = o;
        if (x < prec && x >= -4) {
            int fp = prec - 1 - x;
            o = put_fixed(o, digits, ndig, ndig ? point : 1, fp, alt);
        } else {
            o = put_exp(o, digits, ndig, x, prec - 1, alt, upper);
        }
        if (!alt) {                                    /* drop trailing fraction zeros */
            char *dot = memchr(start, '.', (size_t)(o - start));
            if (dot) {
                char *e = dot;
                while (e < o && (*e | 0x20) != 'e') e++;
                char *t = e;
                while (t > dot + 1 && t[-1] == '0') t--;
                if (t == dot + 1) t = dot;
                memmove(t, e, (size_t)(o - e));
                o = t + (o - e);
            }
        }
    }
    return (int)(o - buf);
}

int __format_double(char *buf, size_t cap, double v, char conv, int prec, int flags) {
    (void)cap;                 /* callers size buf for 340 + prec bytes */
    uint64_t bits;
    memcpy(&bits, &v, 8);
    int be = (int)(bits >> 52 & 0x7ff);
    uint64_t mant = bits & ((1ull << 52) - 1);
    int special = be == 0x7ff ? (mant ? 2 : 1) : 0;
    int e2;
    if (be) { mant |= 1ull << 52; e2 = be - 1075; }
    else e2 = -1074;                                  /* subnormal */
    return format_fp(buf, (int)(bits >> 63), special, mant, e2, conv, prec, flags);
}

/* x87 80-bit: explicit integer bit, value = mant * 2^(e - 16383 - 63). Callers size buf for
   5000 + prec bytes. */
int __format_long_double(char *buf, size_t cap, long double v, char conv, int prec, int flags) {
    (void)cap;
    uint64_t mant;
    uint16_t se;
    memcpy(&mant, &v, 8);
    memcpy(&se, (char *)&v + 8, 2);
    int be = se & 0x7fff;
    int special = be == 0x7fff ? ((mant << 1) ? 2 : 1) : 0;
    int e2 = (be ? be : 1) - 16383 - 63;
    return format_fp(buf, se >> 15, special, mant, e2, conv, prec, flags);
}
