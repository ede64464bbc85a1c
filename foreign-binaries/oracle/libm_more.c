/* libm sweep, part two: the float and long double variants and the remaining functions (Bessel,
   remquo, scalbn, ilogb, lround/llrint, nan, nexttoward), compared by tools/ulpcmp.c. Long double
   results are printed as their 80 bits ("l" lines: sign+exponent, then the 64-bit significand). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 400

static uint64_t rng = 0x2545f4914f6cdd1dull;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }
static double uniform(double lo, double hi) { return lo + (hi - lo) * (double)(next() >> 11) / 9007199254740992.0; }

static void out_f(const char *fn, float x, float r) {
    uint32_t a, b;
    memcpy(&a, &x, 4);
    memcpy(&b, &r, 4);
    printf("%s %08x f %08x\n", fn, a, b);
}

static void out_l(const char *fn, long double x, long double r) {
    unsigned char a[10], b[10];
    memcpy(a, &x, 10);
    memcpy(b, &r, 10);
    uint64_t am, bm;
    uint16_t ae, be;
    memcpy(&am, a, 8); memcpy(&ae, a + 8, 2);
    memcpy(&bm, b, 8); memcpy(&be, b + 8, 2);
    printf("%s %04x%016llx l %04x%016llx\n", fn, ae, (unsigned long long)am, be, (unsigned long long)bm);
}

static void out_d(const char *fn, double x, double r) {
    uint64_t a, b;
    memcpy(&a, &x, 8);
    memcpy(&b, &r, 8);
    printf("%s %016llx d %016llx\n", fn, (unsigned long long)a, (unsigned long long)b);
}

#define F1(fn, lo, hi) for (int i = 0; i < N; i++) { float x = (float)uniform(lo, hi); out_f(#fn, x, fn(x)); }
#define F2(fn, lo, hi) for (int i = 0; i < N; i++) { float x = (float)uniform(lo, hi), y = (float)uniform(lo, hi); \
    uint32_t a; memcpy(&a, &y, 4); char name[32]; snprintf(name, sizeof name, "%s %08x", #fn, a); out_f(name, x, fn(x, y)); }
#define L1(fn, lo, hi) for (int i = 0; i < N; i++) { long double x = (long double)uniform(lo, hi) * (1 + 1e-17L * (long double)(i % 7)); out_l(#fn, x, fn(x)); }
#define D1(fn, lo, hi) for (int i = 0; i < N; i++) { double x = uniform(lo, hi); out_d(#fn, x, fn(x)); }

int main(void) {
    F1(sinf, -100, 100) F1(cosf, -100, 100) F1(tanf, -10, 10) F1(asinf, -1, 1) F1(acosf, -1, 1) F1(atanf, -50, 50)
    F1(sinhf, -20, 20) F1(coshf, -20, 20) F1(tanhf, -10, 10) F1(expf, -80, 80) F1(exp2f, -120, 120) F1(expm1f, -20, 80)
    F1(logf, 0, 1e6) F1(log2f, 0, 1e6) F1(log10f, 0, 1e6) F1(log1pf, -0.9, 1e4) F1(cbrtf, -1e4, 1e4) F1(erff, -4, 4)
    F1(erfcf, -4, 9) F1(tgammaf, 0.1, 30) F1(lgammaf, 2.5, 1e4) F1(ceilf, -1e5, 1e5) F1(truncf, -1e5, 1e5) F1(rintf, -1e5, 1e5)
    F2(powf, 0.01, 20) F2(atan2f, -10, 10) F2(hypotf, -1e3, 1e3) F2(fmodf, -1e3, 1e3) F2(remainderf, -1e3, 1e3) F2(fmaxf, -5, 5)
    L1(sqrtl, 0, 1e6) L1(sinl, -10, 10) L1(cosl, -10, 10) L1(tanl, -1.5, 1.5) L1(expl, -100, 100) L1(logl, 0, 1e6)
    L1(log2l, 0, 1e6) L1(atanl, -100, 100) L1(cbrtl, -1e6, 1e6) L1(floorl, -1e6, 1e6) L1(ceill, -1e6, 1e6)
    L1(roundl, -1e6, 1e6) L1(truncl, -1e6, 1e6) L1(rintl, -1e6, 1e6) L1(fabsl, -1e6, 1e6)
    D1(j0, -50, 50) D1(j1, -50, 50) D1(y0, 0.1, 50) D1(y1, 0.1, 50)
    for (int i = 0; i < N; i++) {
        double x = uniform(-1e6, 1e6), y = uniform(-100, 100);
        int q;
        double r = remquo(x, y, &q);
        char name[64];
        snprintf(name, sizeof name, "remquo q%d", q & 7);
        out_d(name, x, r);
        snprintf(name, sizeof name, "scalbn %d", i - 200);
        out_d(name, x, scalbn(x, i - 200));
        printf("ilogb %d lround %ld llrint %lld d 0000000000000000\n", ilogb(x), lround(x / 7), llrint(x / 3));
        snprintf(name, sizeof name, "nexttoward");
        out_d(name, x, nexttoward(x, (long double)y));
    }
    out_d("nan", 0, nan(""));
    return 0;
}
