/* seqread FILE [PASSES] - read FILE from start to end in 4 KiB blocks, PASSES times (default 1),
 * and print the byte count and a checksum. bench/run creates FILE (and warms the page cache) outside
 * the timed part, so this measures per-call cost on page-cache hits plus the copy-out. */
#include "bench.h"
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [PASSES]\n", argv[0]);
        return 2;
    }
    long passes = bench_count(argc, argv, 2, 1);
    static unsigned char buf[4096];
    unsigned long total = 0, sum = 0;
    long reads = 0;
    struct bench_loop t = bench_loop_start();
    for (long p = 0; p < passes; p++) {
        int fd = open(argv[1], O_RDONLY);
        if (fd < 0) bench_fail(argv[1]);
        for (;;) {
            ssize_t r = read(fd, buf, sizeof buf);
            reads++;
            if (r < 0) bench_fail("read");
            if (r == 0) break;
            total += (unsigned long)r;
            sum += buf[0] + buf[r - 1];
        }
        close(fd);
    }
    bench_loop_done(t, reads);   /* the opens and closes too, one of each a pass */
    printf("seqread %lu %lu\n", total, sum);
    return 0;
}
