/* nosys [N] - N system calls with a number no kernel knows (0xFFFF): both kernels answer ENOSYS at
 * once. The cheapest possible round trip: under Burrow it is the trap, the decode, one failed table
 * lookup and the resume, with no host call (Burrow reports the unknown number once on stderr).
 * Default N 100000. */
#include "bench.h"

#define NOSYS_NUMBER 0xFFFF

/* Out of line, like a libc stub: the call boundary also covers what a ToyOS call may clobber (vector
 * registers, the red zone). */
__attribute__((noinline)) static long nosys(void)
{
    long ret;
#ifdef __TOYOS__
    /* A ToyOS call: number in eax, int 0x81; rax = errno with rdx = 1 on failure (docs/abi.md). */
    __asm__ volatile("int $0x81" : "=a"(ret) : "a"(NOSYS_NUMBER) : "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory", "cc");
#else
    __asm__ volatile("syscall" : "=a"(ret) : "a"(NOSYS_NUMBER) : "rcx", "r11", "memory");
#endif
    return ret;
}

int main(int argc, char **argv)
{
    long n = bench_count(argc, argv, 1, 100000);
    long failed = 0;
    struct bench_loop t = bench_loop_start();
    for (long i = 0; i < n; i++) failed += nosys() != 0;
    bench_loop_done(t, n);
    printf("nosys %ld %ld\n", n, failed);
    return 0;
}
