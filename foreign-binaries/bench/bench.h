/* Shared helpers of the benchmark workloads (foreign-binaries/bench/). Every workload builds twice
 * from the same source and flags: for ToyOS (run under Burrow) and as the native Linux twin.
 * bench/run times whole processes, so a workload does only its work plus a one-line result on
 * stdout (which also keeps the compiler from removing the work). */
#ifndef BENCH_H
#define BENCH_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#endif
