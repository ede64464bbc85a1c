/* libm sweep: each function over deterministic inputs (specials, domain-sized uniform values, random
   bit patterns), one result per line as bits, compared with glibc's by tools/ulpcmp.c (exact for
   the functions IEEE 754 requires exact, within a stated ulp bound for the others). */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 700

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static uint64_t next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static double bits_d(uint64_t b) { double d; memcpy(&d, &b, 8); return d; }
static uint64_t d_bits(double d) { uint64_t b; memcpy(&b, &d, 8); return b; }
static uint32_t f_bits(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static double uniform(double lo, double hi) { return lo + (hi - lo) * (double)(next() >> 11) / 9007199254740992.0; }

static const double specials[] = {
    0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 3.0, 10.0, 100.0, 1e-300, -1e-300, 4.9e-324, 2.2250738585072014e-308,
    1.7976931348623157e308, -1.7976931348623157e308, 1e300, 0.1, 0.7853981633974483, 1.5707963267948966,
    3.141592653589793, 6.283185307179586, 709.78, -745.1, 1e22, 4503599627370495.5, 4503599627370497.0,
    -0.49999999999999994, 0.49999999999999994,
};
#define NSPEC (int)(sizeof specials / sizeof specials[0])

/* The i-th input for a domain [lo, hi]: specials first, then uniform values, then random bits
   (wide) when `wide` is set, else more uniform values. */
static double input(int i, double lo, double hi, int wide) {
    if (i < NSPEC) return specials[i];
    if (i == NSPEC) return INFINITY;
    if (i == NSPEC + 1) return -INFINITY;
    if (i == NSPEC + 2) return NAN;
    if (wide && i % 3 == 0) {
        double d;
        do d = bits_d(next()); while (isnan(d));
        return d;
    }
    if (i % 5 == 0) return (double)(int64_t)uniform(lo, hi) + (i % 10 == 0 ? 0.5 : 0.0);
    return uniform(lo, hi);
}

static void out_d(const char *fn, double x, double r) {
    printf("%s %016llx d %016llx\n", fn, (unsigned long long)d_bits(x), (unsigned long long)d_bits(r));
}
static void out_d2(const char *fn, double x, double y, double r) {
    printf("%s %016llx %016llx d %016llx\n", fn, (unsigned long long)d_bits(x), (unsigned long long)d_bits(y),
           (unsigned long long)d_bits(r));
}
static void out_f(const char *fn, float x, float r) {
    printf("%s %08x f %08x\n", fn, (unsigned)f_bits(x), (unsigned)f_bits(r));
}

#define UNARY(fn, lo, hi, wide) \
    for (int i = 0; i < N; i++) { double x = input(i, lo, hi, wide); out_d(#fn, x, fn(x)); }
#define UNARYF(fn, lo, hi) \
    for (int i = 0; i < N; i++) { float x = (float)input(i, lo, hi, 0); out_f(#fn, x, fn(x)); }
#define BINARY(fn, lo1, hi1, lo2, hi2, wide) \
    for (int i = 0; i < N; i++) { double x = input(i, lo1, hi1, wide), y = input((i * 7 + 3) % N, lo2, hi2, wide); out_d2(#fn, x, y, fn(x, y)); }

int main(void) {
    UNARY(sin, -10, 10, 1) UNARY(cos, -10, 10, 1) UNARY(tan, -10, 10, 1)
    UNARY(asin, -1, 1, 0) UNARY(acos, -1, 1, 0) UNARY(atan, -100, 100, 1)
    UNARY(sinh, -30, 30, 1) UNARY(cosh, -30, 30, 1) UNARY(tanh, -20, 20, 1)
    UNARY(asinh, -1e6, 1e6, 1) UNARY(acosh, 1, 1e6, 0) UNARY(atanh, -1, 1, 0)
    UNARY(exp, -750, 710, 0) UNARY(exp2, -1075, 1024, 0) UNARY(expm1, -40, 710, 0)
    UNARY(log, 0, 1e10, 1) UNARY(log2, 0, 1e10, 1) UNARY(log10, 0, 1e10, 1) UNARY(log1p, -1, 1e6, 1)
    UNARY(cbrt, -1e6, 1e6, 1) UNARY(sqrt, 0, 1e6, 1)
    UNARY(erf, -6, 6, 0) UNARY(erfc, -6, 28, 0)
    UNARY(tgamma, 0.01, 170, 0) UNARY(lgamma, 2.5, 1e5, 0)
    UNARY(floor, -1e6, 1e6, 1) UNARY(ceil, -1e6, 1e6, 1) UNARY(trunc, -1e6, 1e6, 1)
    UNARY(round, -1e6, 1e6, 1) UNARY(rint, -1e6, 1e6, 1) UNARY(nearbyint, -1e6, 1e6, 1)
    UNARY(fabs, -1e6, 1e6, 1) UNARY(logb, -1e6, 1e6, 1)
    BINARY(pow, 0, 100, -50, 50, 0) BINARY(atan2, -10, 10, -10, 10, 1) BINARY(hypot, -1e6, 1e6, -1e6, 1e6, 1)
    BINARY(fmod, -1e6, 1e6, -100, 100, 1) BINARY(remainder, -1e6, 1e6, -100, 100, 1)
    BINARY(fmin, -10, 10, -10, 10, 1) BINARY(fmax, -10, 10, -10, 10, 1) BINARY(fdim, -10, 10, -10, 10, 1)
    BINARY(copysign, -10, 10, -10, 10, 1) BINARY(nextafter, -10, 10, -10, 10, 1)
    for (int i = 0; i < N; i++) {
        double x = input(i, -1e3, 1e3, 1), y = input((i * 7 + 3) % N, -1e3, 1e3, 1), z = input((i * 13 + 5) % N, -1e6, 1e6, 1);
        printf("fma %016llx %016llx %016llx d %016llx\n", (unsigned long long)d_bits(x), (unsigned long long)d_bits(y),
               (unsigned long long)d_bits(z), (unsigned long long)d_bits(fma(x, y, z)));
    }
    for (int i = 0; i < N; i++) {
        double x = input(i, -1e6, 1e6, 1);
        int e;
        double m = frexp(x, &e), ip, fp = modf(x, &ip);
        printf("frexp %016llx %d d %016llx\n", (unsigned long long)d_bits(x), isfinite(x) ? e : 0, (unsigned long long)d_bits(m));
        out_d2("modf", x, ip, fp);
        out_d2("ldexp", x, (double)(i % 200 - 100), ldexp(x, i % 200 - 100));
    }
    /* Negative bases with integral exponents, and the special cases of pow. */
    for (int i = 0; i < N; i++) {
        double x = -uniform(0, 10), y = (double)(int)uniform(-30, 30);
        out_d2("pow", x, y, pow(x, y));
    }
    UNARYF(sinf, -10, 10) UNARYF(cosf, -10, 10) UNARYF(expf, -100, 88) UNARYF(logf, 0, 1e6)
    UNARYF(sqrtf, 0, 1e6) UNARYF(floorf, -1e6, 1e6) UNARYF(roundf, -1e6, 1e6)
    for (int i = 0; i < N; i++) {
        float x = (float)input(i, 0, 10, 0), y = (float)input((i * 7 + 3) % N, -10, 10, 0);
        printf("powf %08x %08x f %08x\n", (unsigned)f_bits(x), (unsigned)f_bits(y), (unsigned)f_bits(powf(x, y)));
    }
    /* Classification macros and constants. */
    for (int i = 0; i < NSPEC + 3; i++) {
        double x = input(i, 0, 1, 0);
        printf("classify %016llx %d %d %d %d %d %d d 0000000000000000\n", (unsigned long long)d_bits(x),
               fpclassify(x) == FP_NORMAL ? 1 : fpclassify(x) == FP_SUBNORMAL ? 2 : fpclassify(x) == FP_ZERO ? 3 :
               fpclassify(x) == FP_INFINITE ? 4 : 5, isnan(x) != 0, isinf(x) != 0, isfinite(x) != 0, signbit(x) != 0, ilogb(x));
    }
    printf("constants %.17g %.17g %.17g d 0000000000000000\n", M_PI, M_E, M_SQRT2);
    return 0;
}
