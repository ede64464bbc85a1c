/* getpid [N] - N calls of getpid(): a call with no arguments and no memory traffic. Neither libc
 * caches the pid, so every call is a system call. Default N 100000. */
#include "bench.h"
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = bench_count(argc, argv, 1, 100000);
    unsigned long sum = 0;
    struct bench_loop t = bench_loop_start();
    for (long i = 0; i < n; i++) sum += (unsigned long)getpid();
    bench_loop_done(t, n);
    printf("getpid %ld %d\n", n, sum != 0);
    return 0;
}
