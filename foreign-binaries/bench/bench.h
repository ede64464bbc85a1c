/* Shared helpers of the benchmark workloads (foreign-binaries/bench/). Every workload builds twice
 * from the same source and flags: for ToyOS (run under Burrow) and as the native Linux twin.
 * bench/run times whole processes, so a workload does only its work plus a one-line result on
 * stdout (which also keeps the compiler from removing the work). A workload that loops over one
 * kind of call also times its loop and says so on stderr (bench_loop_done): the cost of the call
 * without start-up and exit, whose milliseconds under Burrow would otherwise swamp a 100,000-call
 * loop's few percent. */
#ifndef BENCH_H
#define BENCH_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* argv[i] as a positive count, or `dflt` when absent. A bad count is a usage error (status 2). */
__attribute__((unused)) static long bench_count(int argc, char **argv, int i, long dflt)
{
    if (argc <= i) return dflt;
    char *end;
    long n = strtol(argv[i], &end, 10);
    if (*argv[i] == '\0' || *end != '\0' || n <= 0) {
        fprintf(stderr, "%s: bad count '%s' (a positive integer)\n", argv[0], argv[i]);
        exit(2);
    }
    return n;
}

/* Reports a failed call and exits 1: a benchmark that silently does less work is worse than none. */
__attribute__((unused)) static void bench_fail(const char *what)
{
    fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* The clocks a timed loop reads: wall (monotonic) and this process's CPU time, in ns. */
__attribute__((unused)) static long long bench_clock(clockid_t clock)
{
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0) bench_fail("clock_gettime");
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

struct bench_loop { long long wall, cpu; };

__attribute__((unused)) static struct bench_loop bench_loop_start(void)
{
    struct bench_loop t = { bench_clock(CLOCK_MONOTONIC), bench_clock(CLOCK_PROCESS_CPUTIME_ID) };
    return t;
}

/* One line on stderr that bench/run reads: "bench-loop: CALLS calls WALL ns CPU ns-cpu". stdout
 * stays the same under every runner, so outputs can be compared with the native twin's. */
__attribute__((unused)) static void bench_loop_done(struct bench_loop start, long calls)
{
    long long cpu = bench_clock(CLOCK_PROCESS_CPUTIME_ID), wall = bench_clock(CLOCK_MONOTONIC);
    fprintf(stderr, "bench-loop: %ld calls %lld ns %lld ns-cpu\n", calls, wall - start.wall, cpu - start.cpu);
}

#endif
