/* Changes the FS base with wrfsbase (forbidden by the ToyOS ABI; natively it breaks nothing here,
   since the program does not use FS), then makes a system call, where Burrow notices. With a
   count N, N getpid calls between the first line and the change: under a trace, long enough for
   its clock to take the fast lane's calls, so that the write after the change is one the quick
   lane would make for the trace. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 0;
    printf("before\n");
    fflush(stdout);
    // (After the first write, which the fast path patched at its trap: the lane is open again
    // after the first of these.)
    for (long i = 0; i < n; i++) getpid();
#ifdef __TOYOS__
    unsigned long v = 0x1234000;
    __asm__ volatile("wrfsbase %0" :: "r"(v) : "memory");
#endif
    printf("after\n");
    return 0;
}
