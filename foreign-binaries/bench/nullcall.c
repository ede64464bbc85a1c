/* nullcall [N] - N zero-length reads from an empty pipe: read(fd, buf, 0).
 *
 * The cheapest system call that really reaches the kernel's file layer (fd lookup, checks) and
 * returns at once: the cost of a trapped call under Burrow against a native one. Default N 100000. */
#include "bench.h"
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = bench_count(argc, argv, 1, 100000);
    int fds[2];
    if (pipe(fds) != 0) bench_fail("pipe");
    char buf[1];
    long zeros = 0;
    struct bench_loop t = bench_loop_start();
    for (long i = 0; i < n; i++) {
        if (read(fds[0], buf, 0) != 0) bench_fail("read");
        zeros++;
    }
    bench_loop_done(t, n);
    printf("nullcall %ld\n", zeros);
    return 0;
}
