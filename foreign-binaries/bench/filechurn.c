/* filechurn [N] [DIR] - N rounds of create, write 64 bytes, close, stat, unlink, on one file in a
 * fresh directory made under DIR (default: $TMPDIR, else /tmp) and removed at the end.
 * Path-based calls: path copy-in and resolution, flag and struct translation. Default N 5000. */
#include "bench.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = bench_count(argc, argv, 1, 5000);
    const char *base = argc > 2 ? argv[2] : getenv("TMPDIR");
    if (!base || !*base) base = "/tmp";

    char dir[512], file[600];
    snprintf(dir, sizeof dir, "%s/burrow-filechurn.%d", base, (int)getpid());
    if (mkdir(dir, 0700) != 0) bench_fail(dir);
    snprintf(file, sizeof file, "%s/f", dir);

    static const char payload[64] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde";
    long bytes = 0;
    struct bench_loop t = bench_loop_start();
    for (long i = 0; i < n; i++) {
        int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0) bench_fail("open");
        if (write(fd, payload, sizeof payload) != (ssize_t)sizeof payload) bench_fail("write");
        if (close(fd) != 0) bench_fail("close");
        struct stat st;
        if (stat(file, &st) != 0) bench_fail("stat");
        bytes += st.st_size;
        if (unlink(file) != 0) bench_fail("unlink");
    }
    bench_loop_done(t, 5 * n);   /* five calls a round */
    if (rmdir(dir) != 0) bench_fail("rmdir");
    printf("filechurn %ld %ld\n", n, bytes);
    return 0;
}
