/* bench/tracefloor.c - what the bytes of a trace cost to append, natively: the floor under
 * bench/tracecost's per-event figures.
 *
 *   tracefloor TRACE OUT     prints the CPU time (user + system, seconds) of appending TRACE's
 *                            records (its lines) one by one to a new file OUT, then removes OUT
 *
 * The records are appended the way Burrow's trace writer appends events to a trace file
 * (Sources/BurrowTrace/TraceWriter.swift, MappedTraceFile): the file grown ahead by pwrite of 64 KiB
 * of spaces, a MAP_SHARED window of 8 MiB, one memcpy per record into it, the file cut to its
 * length at the end; on tmpfs each grown chunk's pages mapped at once (MADV_POPULATE_READ), as the
 * writer does there. So the difference between Burrow's cost per event and this one is what
 * Burrow's own code costs (formatting, the traced call's slower path), and this one is what the
 * machine's page cache asks of anyone who writes those bytes (on the Intel machine of sessions
 * 8-9, new page-cache pages dominate it: docs/performance.md section 3).
 *
 * Standalone C, no Burrow code; bench/tracecost builds it (cc -O2) and runs it after every traced
 * run, on that run's trace, in the same directory. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define CHUNK (64 * 1024)
#define WINDOW (8 << 20)

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void fail(const char *what) {
    perror(what);
    exit(1);
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: tracefloor TRACE OUT\n");
        return 2;
    }
    int in = open(argv[1], O_RDONLY);
    if (in < 0) fail(argv[1]);
    struct stat st;
    if (fstat(in, &st) != 0) fail("fstat");
    size_t size = (size_t)st.st_size;
    char *src = malloc(size ? size : 1);
    if (!src) fail("malloc");
    for (size_t done = 0; done < size;) {
        ssize_t r = read(in, src + done, size - done);
        if (r <= 0) fail("read");
        done += (size_t)r;
    }
    close(in);
    static char spaces[CHUNK];
    memset(spaces, ' ', sizeof spaces);

    int out = open(argv[2], O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (out < 0) fail(argv[2]);
    double t0 = cpu_seconds();
    struct statfs fs;
    int populate = fstatfs(out, &fs) == 0 && fs.f_type == TMPFS_MAGIC;
    size_t offset = 0, allocated = 0, window_start = 0;
    char *window = NULL;
    for (size_t start = 0; start < size;) {
        const char *nl = memchr(src + start, '\n', size - start);
        size_t n = (nl ? (size_t)(nl - src) + 1 : size) - start;   // one record, its newline included
        if (!window || offset + n > window_start + WINDOW) {
            if (window) munmap(window, WINDOW);
            window_start = offset & ~(size_t)4095;
            window = mmap(NULL, WINDOW, PROT_READ | PROT_WRITE, MAP_SHARED, out, (off_t)window_start);
            if (window == MAP_FAILED) fail("mmap");
        }
        while (allocated < offset + n) {
            if (pwrite(out, spaces, CHUNK, (off_t)allocated) != CHUNK) fail("pwrite");
            if (populate && allocated >= window_start && allocated + CHUNK <= window_start + WINDOW)
                madvise(window + (allocated - window_start), CHUNK, MADV_POPULATE_READ);
            allocated += CHUNK;
        }
        memcpy(window + (offset - window_start), src + start, n);
        offset += n;
        start += n;
    }
    if (window) munmap(window, WINDOW);
    if (ftruncate(out, (off_t)offset) != 0) fail("ftruncate");
    close(out);
    double t1 = cpu_seconds();
    unlink(argv[2]);
    printf("%.6f\n", t1 - t0);
    return 0;
}
