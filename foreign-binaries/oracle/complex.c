/* complex.h against glibc (musl's complex functions), within the libm bounds: results as bits. */
#include <complex.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void out(const char *fn, int i, double complex z) {
    double re = creal(z), im = cimag(z);
    uint64_t a, b;
    memcpy(&a, &re, 8);
    memcpy(&b, &im, 8);
    printf("%s.re %d d %016llx\n%s.im %d d %016llx\n", fn, i, (unsigned long long)a, fn, i, (unsigned long long)b);
}

int main(void) {
    const double v[][2] = { { 1, 0 }, { 0, 1 }, { -1.5, 2.25 }, { 3, -4 }, { 0.1, 0.2 }, { -2, -0.5 }, { 10, 3 }, { 1e-3, -7 } };
    for (int i = 0; i < 8; i++) {
        double complex z = CMPLX(v[i][0], v[i][1]);
        out("csqrt", i, csqrt(z)); out("cexp", i, cexp(z)); out("clog", i, clog(z)); out("csin", i, csin(z));
        out("ccos", i, ccos(z)); out("ctan", i, ctan(z)); out("casin", i, casin(z)); out("cacos", i, cacos(z));
        out("catan", i, catan(z)); out("csinh", i, csinh(z)); out("ctanh", i, ctanh(z)); out("cpow", i, cpow(z, CMPLX(0.5, 0.25)));
        out("conj", i, conj(z)); out("cproj", i, cproj(z));
        double m = cabs(z), g = carg(z);
        out("cabs", i, m); out("carg", i, g);
    }
    return 0;
}
