/* fenv.h and the rounding modes against glibc: rint/nearbyint/lrint and arithmetic under each mode,
   exception flags raised by operations and cleared, fegetenv/fesetenv/feholdexcept/feupdateenv. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* volatile: the compiler must not fold these operations under its default rounding mode. */
static volatile double one = 1.0, three = 3.0, zero = 0.0, big = 1e308, tiny = 1e-308;
static volatile double v25 = 2.5, vm25 = -2.5, v35 = 3.5, vm05 = -0.5, v2 = 2.0;
/* Called through pointers: both compilers expand rint and sqrt inline, assuming the default mode. */
static double (*volatile p_rint)(double) = rint;
static double (*volatile p_nearbyint)(double) = nearbyint;
static double (*volatile p_sqrt)(double) = sqrt;
static long (*volatile p_lrint)(double) = lrint;

int main(void) {
    const int modes[] = { FE_TONEAREST, FE_DOWNWARD, FE_UPWARD, FE_TOWARDZERO };
    const char *names[] = { "nearest", "down", "up", "zero" };
    for (int i = 0; i < 4; i++) {
        int set = fesetround(modes[i]);
        int got = fegetround() == modes[i];
        printf("%s: set %d get ok %d", names[i], set, got);
        double third = one / three;
        unsigned long long b;
        memcpy(&b, &third, 8);
        double a1 = p_rint(v25), a2 = p_rint(vm25), a3 = p_nearbyint(v35), a5 = p_sqrt(v2);
        long a4 = p_lrint(vm05);
        /* (bits, not %.17g: glibc's printf rounds decimal output in the current mode, the SDK's
           always to nearest; see the SDK README) */
        unsigned long long sb;
        memcpy(&sb, &a5, 8);
        printf(" 1/3 %016llx rint(2.5) %g rint(-2.5) %g nearbyint(3.5) %g lrint(-0.5) %ld sqrt(2) %016llx\n", b,
               a1, a2, a3, a4, sb);
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double r = one / zero;
    printf("1/0 %g divbyzero %d invalid %d\n", r, fetestexcept(FE_DIVBYZERO) != 0, fetestexcept(FE_INVALID) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = zero / zero;
    printf("0/0 nan %d invalid %d\n", isnan(r), fetestexcept(FE_INVALID) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = big * 10;
    printf("overflow %d inexact %d\n", fetestexcept(FE_OVERFLOW) != 0, fetestexcept(FE_INEXACT) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = tiny / 1e10;
    printf("underflow %d\n", fetestexcept(FE_UNDERFLOW) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    feraiseexcept(FE_INEXACT | FE_OVERFLOW);
    printf("raised %d\n", fetestexcept(FE_ALL_EXCEPT));
    fexcept_t flags;
    fegetexceptflag(&flags, FE_ALL_EXCEPT);
    feclearexcept(FE_ALL_EXCEPT);
    fesetexceptflag(&flags, FE_OVERFLOW);
    printf("restored overflow only %d\n", fetestexcept(FE_ALL_EXCEPT));
    fenv_t env;
    fegetenv(&env);
    fesetround(FE_UPWARD);
    fesetenv(&env);
    printf("fesetenv restores rounding %d\n", fegetround() == FE_TONEAREST);
    feholdexcept(&env);
    r = one / zero;
    printf("held: divbyzero %d\n", fetestexcept(FE_DIVBYZERO) != 0);
    feupdateenv(&env);
    printf("after update: divbyzero %d overflow %d\n", fetestexcept(FE_DIVBYZERO) != 0, fetestexcept(FE_OVERFLOW) != 0);
    fesetenv(FE_DFL_ENV);
    printf("default env: round %d flags %d\n", fegetround(), fetestexcept(FE_ALL_EXCEPT));
    return 0;
}
