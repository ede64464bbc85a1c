/* batchbench [N [BATCH]] - the paravirtual fast path against one trap per call: N one-byte writes
 * to /dev/null, first one `int 0x81` each, then in batches of BATCH (default 64) entries through
 * the batch hypercall, one `int 0x82` per batch. Prints the time per call of each (measured here
 * with two clock reads around each loop) and the ratio. bench/run runs it (ToyOS only: there is
 * no native twin of a hypercall); not a golden test, its numbers depend on the machine.
 * `batchbench N BATCH write1` runs the batched loop alone and prints what foreign-binaries/bench/
 * write1 prints ("write1 N"): bench/run's "batch hypercall" column of the write1 workload. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <toyos/machine.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct toy_batch_entry ring[TOY_BATCH_MAX];

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    long batch = argc > 2 ? atol(argv[2]) : 64;
    int write1 = argc > 3 && strcmp(argv[3], "write1") == 0;
    if (n <= 0 || batch <= 0 || batch > TOY_BATCH_MAX || (argc > 3 && !write1)) {
        fprintf(stderr, "usage: batchbench [N [BATCH<=%d [write1]]]\n", TOY_BATCH_MAX);
        return 2;
    }
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0) { perror("open"); return 1; }
    char byte = 'x';
    double t0 = now();
    for (long i = 0; i < n && !write1; i++)
        if (write(fd, &byte, 1) != 1) { perror("write"); return 1; }
    double single = now() - t0;
    for (long i = 0; i < batch; i++) {
        ring[i].nr = TOY_SYS_write;
        ring[i].args[0] = (uint64_t)fd;
        ring[i].args[1] = (uint64_t)&byte;
        ring[i].args[2] = 1;
    }
    long written = 0;
    t0 = now();
    for (long done = 0; done < n; done += batch) {
        long k = n - done < batch ? n - done : batch;
        struct toy_result r = toy_hv_batch(ring, (uint64_t)k);
        if (r.error || r.value != k) { fprintf(stderr, "batch failed\n"); return 1; }
        for (long i = 0; i < k; i++) written += (long)ring[i].result;
    }
    double batched = now() - t0;
    if (written != n) { fprintf(stderr, "batch wrote %ld of %ld\n", written, n); return 1; }
    if (write1) { printf("write1 %ld\n", written); return 0; }
    printf("calls %ld batch %ld one-trap-per-call %.1f ns/call batched %.1f ns/call ratio %.1f\n", n, batch,
           single / (double)n * 1e9, batched / (double)n * 1e9, single / batched);
    return 0;
}
