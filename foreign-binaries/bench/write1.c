/* write1 [N] - N one-byte writes to /dev/null: small writes, with a buffer to check and copy in.
 * Default N 100000. */
#include "bench.h"
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = bench_count(argc, argv, 1, 100000);
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0) bench_fail("open /dev/null");
    long written = 0;
    struct bench_loop t = bench_loop_start();
    for (long i = 0; i < n; i++) {
        ssize_t r = write(fd, "x", 1);
        if (r != 1) bench_fail("write");
        written += r;
    }
    bench_loop_done(t, n);
    close(fd);
    printf("write1 %ld\n", written);
    return 0;
}
