/* setjmp/longjmp against glibc: return values, longjmp(0), nested frames, locals kept in volatile
   variables, sigsetjmp/siglongjmp without and with the mask saved. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf env;
static int depth;

static void dive(int n) {
    volatile char pad[256];
    pad[0] = (char)n;
    depth++;
    if (n == 0 || pad[0] == 0) longjmp(env, 7);
    dive(n - 1);
}

static void zero(void) { longjmp(env, 0); }

int main(void) {
    volatile int count = 0;
    int r = setjmp(env);
    printf("setjmp returned %d (count %d)\n", r, count);
    if (count++ < 3) longjmp(env, count * 10);

    r = setjmp(env);
    if (r == 0) dive(50);
    printf("from depth %d: %d\n", depth, r);

    r = setjmp(env);
    if (r == 0) zero();
    printf("longjmp(0) gives %d\n", r);

    sigjmp_buf senv;
    volatile int phase = 0;
    r = sigsetjmp(senv, 0);
    printf("sigsetjmp(0) %d phase %d\n", r, phase);
    if (phase++ == 0) siglongjmp(senv, 3);

    phase = 0;
    r = sigsetjmp(senv, 1);
    printf("sigsetjmp(1) %d phase %d\n", r, phase);
    if (phase++ == 0) siglongjmp(senv, 4);

    r = _setjmp(env);
    if (r == 0) _longjmp(env, 5);
    printf("_setjmp %d\n", r);
    return 0;
}
