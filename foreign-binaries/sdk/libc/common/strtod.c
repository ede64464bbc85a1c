/* strtod: decimal and hexadecimal floating point, "inf"/"infinity" and "nan".
 *
 * Decimal input with at most 15 significant digits and a power of ten of at most 22 is converted
 * exactly as the C compiler would (both factors are exact doubles, so the one multiplication or
 * division rounds correctly: Clinger's fast path). That covers everyday input such as "3.14",
 * "1e10", "0.001". Other input is first approximated in x87 80-bit extended precision, then
 * corrected with exact big-integer comparisons against the midpoints between neighbouring doubles
 * (round half to even), so the result is the correctly rounded double, as glibc's (exact for the
 * first 800 significant digits; more digits count only as "something nonzero follows").
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

/* ---- exact comparison: big unsigned integers, 32-bit limbs, little-endian. */
#define LIMBS 700          /* long double extremes: ~2700-bit digits times 10^4950 or 2^16500 */
typedef struct { int n; uint32_t d[LIMBS]; } big;

static void big_mul_small(big *b, uint32_t k, uint32_t add) {
    uint64_t carry = add;
    for (int i = 0; i < b->n; i++) {
        uint64_t t = (uint64_t)b->d[i] * k + carry;
        b->d[i] = (uint32_t)t;
        carry = t >> 32;
    }
    if (carry && b->n < LIMBS) b->d[b->n++] = (uint32_t)carry;
}

static void big_mul_pow10(big *b, int e) {
    for (; e >= 9; e -= 9) big_mul_small(b, 1000000000u, 0);
    static const uint32_t p[9] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000 };
    if (e) big_mul_small(b, p[e], 0);
}

static void big_shl(big *b, int k) {
    int words = k / 32, bits = k % 32;
    if (b->n == 0) return;
    if (b->n + words + 1 > LIMBS) words = LIMBS - b->n - 1;     /* cannot happen within the limits */
    for (int i = b->n - 1; i >= 0; i--) b->d[i + words] = b->d[i];
    for (int i = 0; i < words; i++) b->d[i] = 0;
    b->n += words;
    if (bits) {
        uint32_t carry = 0;
        for (int i = words; i < b->n; i++) {
            uint32_t v = b->d[i];
            b->d[i] = v << bits | carry;
            carry = v >> (32 - bits);
        }
        if (carry) b->d[b->n++] = carry;
    }
}

static int big_cmp(const big *a, const big *b) {
    int an = a->n, bn = b->n;
    while (an && !a->d[an - 1]) an--;
    while (bn && !b->d[bn - 1]) bn--;
    if (an != bn) return an < bn ? -1 : 1;
    for (int i = an - 1; i >= 0; i--)
        if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
    return 0;
}

static void big_set_u64(big *b, uint64_t v) {
    b->n = 0;
    while (v) { b->d[b->n++] = (uint32_t)v; v >>= 32; }
}

/* The decimal value D * 10^E (D: nd digits) is prepared once per conversion as L0 = D * 10^max(E, 0)
   and P = 10^max(-E, 0); comparing it with M * 2^k is then L0 * 2^max(-k, 0) against
   P * M * 2^max(k, 0). */
static big L0, P, L, R;

static void prepare(const char *digits, int nd, int E) {
    L0.n = 0;
    for (int i = 0; i < nd; i++) {
        if (L0.n == 0) { if (digits[i]) big_set_u64(&L0, (uint64_t)digits[i]); }
        else big_mul_small(&L0, 10, (uint32_t)digits[i]);
    }
    big_set_u64(&P, 1);
    if (E >= 0) big_mul_pow10(&L0, E);
    else big_mul_pow10(&P, -E);
}

/* Compares the prepared value with (2m + 1) * 2^(k - 1) when half is set, else with m * 2^k. */
static int cmp_prepared(uint64_t m, int k, int half) {
    /* R = P * M, with M = 2m + 1 (up to 65 bits) or m. */
    uint32_t Md[3];
    int Mn;
    if (half) {
        uint64_t lo = (m << 1) | 1, hi = m >> 63;
        Md[0] = (uint32_t)lo; Md[1] = (uint32_t)(lo >> 32); Md[2] = (uint32_t)hi;
        Mn = hi ? 3 : 2;
        k -= 1;
    } else {
        Md[0] = (uint32_t)m; Md[1] = (uint32_t)(m >> 32);
        Mn = 2;
    }
    R.n = P.n + Mn;
    if (R.n > LIMBS) R.n = LIMBS;
    for (int i = 0; i < R.n; i++) R.d[i] = 0;
    for (int j = 0; j < Mn; j++) {
        uint64_t carry = 0;
        for (int i = 0; i < P.n && i + j < LIMBS; i++) {
            uint64_t t = (uint64_t)P.d[i] * Md[j] + R.d[i + j] + carry;
            R.d[i + j] = (uint32_t)t;
            carry = t >> 32;
        }
        if (P.n + j < LIMBS) R.d[P.n + j] += (uint32_t)carry;
    }
    L.n = L0.n;
    for (int i = 0; i < L0.n; i++) L.d[i] = L0.d[i];
    if (k >= 0) big_shl(&R, k);
    else big_shl(&L, -k);
    return big_cmp(&L, &R);
}

/* ... with (2m + 1) * 2^(e - 1), the midpoint between m * 2^e and (m + 1) * 2^e. */
static int cmp_mid(uint64_t m, int e) { return cmp_prepared(m, e, 1); }

/* m * 2^e for a finite non-negative double. */
static void decompose(double v, uint64_t *m, int *e) {
    uint64_t bits;
    __builtin_memcpy(&bits, &v, 8);
    int ex = (int)(bits >> 52);
    *m = bits & 0xfffffffffffffull;
    if (ex) { *m |= 1ull << 52; *e = ex - 1075; }
    else *e = -1074;
}

static double from_bits(uint64_t b) { double v; __builtin_memcpy(&v, &b, 8); return v; }
static uint64_t to_bits(double v) { uint64_t b; __builtin_memcpy(&b, &v, 8); return b; }

#define MAXDIG 800

/* The significant digits of the significand at p (digits with an optional '.') into dig (at most
   MAXDIG, then one 1 standing for any nonzero rest); returns their count and sets *E so that the value
   is D * 10^(*E + e10). */
static int collect(const char *p, char *dig, int *E) {
    int nd = 0, dexp = 0, seen = 0, frac = 0, sticky = 0;
    for (;; p++) {
        if (*p == '.' && !frac) { frac = 1; continue; }
        if (!isdigit((unsigned char)*p)) break;
        int d = *p - '0';
        if (!seen && d == 0) { if (frac) dexp--; continue; }
        seen = 1;
        if (nd < MAXDIG) { dig[nd++] = (char)d; if (frac) dexp--; }
        else { sticky |= d != 0; if (!frac) dexp++; }
    }
    if (sticky) { dig[nd++] = 1; dexp--; }
    *E = dexp;
    return nd;
}

/* Corrects the approximation v (non-negative, possibly 0 or infinity) of the decimal significand at
   p (digits with an optional '.') times 10^e10 to the correctly rounded double. */
static double correct(const char *p, int e10, double v) {
    static char dig[MAXDIG + 1];
    int dexp, nd = collect(p, dig, &dexp);
    if (!nd) return 0;
    int E = dexp + e10;
    prepare(dig, nd, E);
    if (__builtin_isinf(v)) v = 1.7976931348623157e308;
    for (int guard = 0; guard < 64; guard++) {
        uint64_t m;
        int e;
        decompose(v, &m, &e);
        uint64_t bits = to_bits(v);
        if (bits == 0x7fefffffffffffffull) {
            /* Above DBL_MAX: infinity once past the midpoint towards 2^1024. */
            int c = cmp_mid(m, e);
            if (c >= 0) return __builtin_huge_val();
        } else {
            int c = cmp_mid(m, e);
            if (c > 0 || (c == 0 && (m & 1))) { v = from_bits(bits + 1); continue; }
        }
        if (bits > 0) {
            double prev = from_bits(bits - 1);
            uint64_t pm;
            int pe;
            decompose(prev, &pm, &pe);
            int c = cmp_mid(pm, pe);
            if (c < 0 || (c == 0 && (pm & 1) == 0)) { v = prev; continue; }
        }
        break;
    }
    return v;
}

static int parse_dec(const char *p, const char **endp, double *out) {
    const char *sig = p;
    int e10 = 0;
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
            e10 = eneg ? -e : e;
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
    if (exp + digits > 330) { *out = __builtin_huge_val(); return 1; }
    if (exp + digits < -345) { *out = 0; return 2; }
    long double v = (long double)m;
    if (sticky) v += 0.5L;          /* digits beyond the 19th: nudge towards the true value */
    *out = correct(sig, e10, (double)scale(v, 10.0L, exp));
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

/* strtof: the correctly rounded double, rounded to float. That double rounding errs only when the
   double lies exactly halfway between two floats while the decimal value does not; then the decimal
   is compared with it exactly to choose the side. */
static float strtof_rounded(const char *s, double d);

/* ERANGE as glibc reports it for a float: the value overflowed to infinity, or was tiny and inexact.
   Tiny as x86 decides it, after rounding: below FLT_MIN once rounded to 24 bits as if the exponent
   had no lower bound (d scaled by 2^64 rounds in the normal range), so 1.17549435e-38, which rounds
   up to FLT_MIN, is not tiny and 1.1754943e-38 is. An exact subnormal such as 0x1p-149 is no error.
   strtod has already spoken for a double's own range. */
float strtof(const char *restrict s, char **restrict end) {
    char *stop;
    double d = strtod(s, &stop);
    if (end) *end = stop;
    float f = strtof_rounded(s, d);
    if (stop != s && __builtin_isfinite(d) &&
        (__builtin_isinf(f) ||
         (__builtin_fabs(d) < 0x1p-126 && __builtin_fabsf((float)(d * 0x1p64)) < 0x1p-62f && (double)f != d)))
        errno = ERANGE;
    return f;
}

static float strtof_rounded(const char *s, double d) {
    float f = (float)d;
    if (!__builtin_isfinite(d) || (double)f == d) return f;
    double ad = __builtin_fabs(d), af, mid;
    float g;
    if (!__builtin_isfinite(f)) {
        /* Rounded up to infinity: the halfway point is between FLT_MAX and 2^128. */
        af = 3.4028234663852886e38;
        g = 3.4028234663852886e38f;
        mid = 3.4028235677973366e38;           /* 2^128 - 2^103, exact */
    } else {
        uint32_t fb;
        __builtin_memcpy(&fb, &f, 4);
        af = __builtin_fabs((double)f);
        uint32_t gb = af < ad ? (fb & 0x7fffffffu) + 1 : (fb & 0x7fffffffu) - 1;   /* the other neighbour */
        __builtin_memcpy(&g, &gb, 4);
        mid = (af + (double)g) / 2;
    }
    if (ad != mid) return f;
    /* Halfway: where is the decimal value? (Decimal input only; hexadecimal input is exact.) */
    const char *p = s;
    while (isspace((unsigned char)*p)) p++;
    if (*p == '+' || *p == '-') p++;
    if (p[0] == '0' && (p[1] | 0x20) == 'x') return f;
    const char *q = p;
    while (isdigit((unsigned char)*q) || *q == '.') q++;
    int e10 = 0;
    if ((*q | 0x20) == 'e') {
        const char *r = q + 1;
        int neg = 0, e = 0;
        if (*r == '+' || *r == '-') neg = *r++ == '-';
        for (; isdigit((unsigned char)*r); r++) if (e < 100000) e = e * 10 + (*r - '0');
        e10 = neg ? -e : e;
    }
    static char dig[MAXDIG + 1];
    int dexp, nd = collect(p, dig, &dexp);
    uint64_t m;
    int e;
    decompose(ad, &m, &e);
    prepare(dig, nd, dexp + e10);
    int c = cmp_prepared(m, e, 0);
    if (c == 0) return f;                       /* truly halfway: the cast rounded to even */
    if (!__builtin_isfinite(f)) return c > 0 ? f : (d < 0 ? -g : g);
    /* The two neighbours by magnitude: below and above the midpoint. */
    float below = af < ad ? (float)af : __builtin_fabsf(g), above = af < ad ? __builtin_fabsf(g) : (float)af;
    float r = c > 0 ? above : below;
    return d < 0 ? -r : r;
}
double atof(const char *s) { return strtod(s, NULL); }

/* ---- strtold: the same method for the x87 80-bit format (64-bit significand, explicit integer
   bit): an extended-precision approximation, then exact midpoint comparisons. */

typedef struct { uint64_t m; int e; } ldparts;     /* value = m * 2^(e - 16383 - 63), e 0: denormal */

static long double ld_make(uint64_t m, int e) {
    long double v = 0;
    uint16_t se = (uint16_t)e;
    __builtin_memcpy(&v, &m, 8);
    __builtin_memcpy((char *)&v + 8, &se, 2);
    return v;
}

static void ld_split(long double v, uint64_t *m, int *e) {
    uint16_t se;
    __builtin_memcpy(m, &v, 8);
    __builtin_memcpy(&se, (char *)&v + 8, 2);
    *e = se & 0x7fff;
}

/* Next and previous x87 values (positive, finite). */
static void ld_next(uint64_t *m, int *e) {
    if (*e == 0) {                                    /* denormal: up to the smallest normal */
        if (++*m >> 63) *e = 1;
        return;
    }
    if (++*m == 0) { *m = 1ull << 63; ++*e; }
}
static void ld_prev(uint64_t *m, int *e) {
    if (*e == 0) { --*m; return; }
    if (*m == 1ull << 63) {
        if (*e == 1) { *m = (1ull << 63) - 1; *e = 0; }
        else { *m = ~0ull; --*e; }
        return;
    }
    --*m;
}

static long double correct_ld(const char *p, int e10, long double v) {
    static char dig[MAXDIG + 1];
    int dexp, nd = collect(p, dig, &dexp);
    if (!nd) return 0;
    int E = dexp + e10;
    prepare(dig, nd, E);
    uint64_t m;
    int e;
    if (__builtin_isinf(v)) { m = ~0ull; e = 0x7ffe; }
    else ld_split(v, &m, &e);
    for (int guard = 0; guard < 64; guard++) {
        int k = (e ? e : 1) - 16383 - 63;
        if (m == ~0ull && e == 0x7ffe) {
            if (cmp_prepared(m, k, 1) >= 0) return __builtin_huge_vall();
        } else {
            int c = cmp_prepared(m, k, 1);
            if (c > 0 || (c == 0 && (m & 1))) { ld_next(&m, &e); continue; }
        }
        if (m != 0) {
            uint64_t pm = m;
            int pe = e;
            ld_prev(&pm, &pe);
            int c = cmp_prepared(pm, (pe ? pe : 1) - 16383 - 63, 1);
            if (c < 0 || (c == 0 && (pm & 1) == 0)) { m = pm; e = pe; continue; }
        }
        break;
    }
    return ld_make(m, e);
}

long double strtold(const char *restrict s, char **restrict end) {
    const char *p = s;
    while (isspace((unsigned char)*p)) p++;
    int neg = 0;
    if (*p == '+' || *p == '-') neg = *p++ == '-';
    /* Special values and hexadecimal: as strtod (hexadecimal long doubles are rare; parse_hex keeps 64
       bits already). */
    if (!isdigit((unsigned char)*p) && !(*p == '.' && isdigit((unsigned char)p[1]))) {
        return strtod(s, end);
    }
    if (p[0] == '0' && (p[1] | 0x20) == 'x') {
        long double lv;
        const char *stop;
        if (parse_hex(p + 2, &stop, &lv)) {
            if (end) *end = (char *)stop;
            return neg ? -lv : lv;
        }
    }
    /* The digits, the exponent, and where the number ends. */
    const char *sig = p, *q = p;
    uint64_t m = 0;
    int digits = 0, exp = 0, seen = 0, frac = 0;
    for (;; q++) {
        if (*q == '.' && !frac) { frac = 1; continue; }
        if (!isdigit((unsigned char)*q)) break;
        int d = *q - '0';
        if (!seen && d == 0) { if (frac) exp--; continue; }
        seen = 1;
        if (digits < 19) { m = m * 10 + (unsigned)d; digits++; if (frac) exp--; }
        else if (!frac) exp++;
    }
    int e10 = 0;
    if ((*q | 0x20) == 'e') {
        const char *r = q + 1;
        int eneg = 0, e = 0;
        if (*r == '+' || *r == '-') eneg = *r++ == '-';
        if (isdigit((unsigned char)*r)) {
            for (; isdigit((unsigned char)*r); r++) if (e < 100000) e = e * 10 + (*r - '0');
            e10 = eneg ? -e : e;
            q = r;
        }
    }
    if (end) *end = (char *)q;
    long double v;
    if (m == 0) {
        v = 0;
    } else if (exp + e10 + digits > 4935) {
        v = __builtin_huge_vall();
        errno = ERANGE;
    } else if (exp + e10 + digits < -4952) {
        v = 0;
        errno = ERANGE;
    } else {
        int x = exp + e10;
        /* 10^x may overflow on its own: scale in two steps. */
        v = scale(scale((long double)m, 10.0L, x / 2), 10.0L, x - x / 2);
        v = correct_ld(sig, e10, v);
        if (__builtin_isinf(v) || v < 3.36210314311209350626e-4932L) errno = ERANGE;
    }
    return neg ? -v : v;
}
