/* Keeps a pattern in the upper half of ymm5 across long stretches of computation and checks it is
 * still there afterwards. Run under a stream of signals that interrupt guest code (SIGWINCH, whose
 * handler clobbers ymm5): every such asynchronous exit and handler must give the guest back its
 * whole vector state, not only the SSE part (docs/architecture.md, "Entering the guest"). Prints
 * one line; exits 1 when the state was lost. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

/* SIGWINCH has a handler that clobbers vector registers, so each one is an asynchronous exit and a
   handler delivery; the guest ignores nothing Burrow would not see. */
static volatile unsigned long winches;
static void on_winch(int sig)
{
    (void)sig;
    winches++;
    __asm__ volatile("vpxor %%ymm5, %%ymm5, %%ymm5" ::: "xmm5");
}

int main(int argc, char **argv)
{
    signal(SIGWINCH, on_winch);
    long rounds = argc > 1 ? 0 : 400;
    if (argc > 1)
        for (const char *p = argv[1]; *p; p++) rounds = rounds * 10 + (*p - '0');
    printf("ready\n");
    fflush(stdout);
    unsigned char pattern[32], out[32];
    for (int i = 0; i < 32; i++) pattern[i] = (unsigned char)(0xA0 + i);
    long bad = 0;
    for (long r = 0; r < rounds; r++) {
        __asm__ volatile(
            "vmovdqu %1, %%ymm5\n\t"
            "mov $2000000, %%ecx\n"
            "1:\n\t"
            "dec %%ecx\n\t"
            "jnz 1b\n\t"
            "vmovdqu %%ymm5, %0\n\t"
            "vzeroupper"
            : "=m"(out) : "m"(pattern) : "rcx", "xmm5", "memory");
        if (memcmp(out, pattern, sizeof out) != 0) bad++;
    }
    printf("%s\n", bad ? "vector state lost" : "vector state intact");
    return bad != 0;
}
