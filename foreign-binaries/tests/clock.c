/* clock_gettime and nanosleep: CLOCK_MONOTONIC never goes back, CLOCK_REALTIME is after 2020 and
 * agrees with time(), CLOCK_PROCESS_CPUTIME_ID advances with work, tv_nsec is always in range;
 * nanosleep sleeps at least what was asked; EINVAL for an unknown clock and for bad timespecs. */
#include "tt.h"
#include <time.h>

static long long ns(struct timespec t)
{
    return (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

int main(void)
{
    struct timespec a, b, c;

    is_int(clock_gettime(CLOCK_REALTIME, &a), 0, "CLOCK_REALTIME");
    ok(a.tv_sec > 1577836800, "realtime is after 2020-01-01");
    ok(a.tv_sec < 4102444800, "and before 2100");
    ok(a.tv_nsec >= 0 && a.tv_nsec < 1000000000, "tv_nsec in [0, 1e9)");
    time_t t = time(NULL);
    ok(t >= a.tv_sec && t - a.tv_sec < 5, "time() agrees with CLOCK_REALTIME");

    is_int(clock_gettime(CLOCK_MONOTONIC, &a), 0, "CLOCK_MONOTONIC");
    ok(a.tv_nsec >= 0 && a.tv_nsec < 1000000000, "tv_nsec in [0, 1e9)");
    int nondecreasing = 1, inrange = 1;
    long long prev = ns(a);
    for (int i = 0; i < 2000; i++) {
        clock_gettime(CLOCK_MONOTONIC, &b);
        if (ns(b) < prev)
            nondecreasing = 0;
        if (b.tv_nsec < 0 || b.tv_nsec >= 1000000000)
            inrange = 0;
        prev = ns(b);
    }
    ok(nondecreasing, "2000 monotonic readings never decrease");
    ok(inrange, "and always have tv_nsec in range");

    is_int(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a), 0, "CLOCK_PROCESS_CPUTIME_ID");
    ok(ns(a) >= 0 && a.tv_nsec < 1000000000, "cpu time is non-negative and well-formed");
    clock_gettime(CLOCK_MONOTONIC, &b);
    volatile unsigned long spin = 0;
    do {
        for (int i = 0; i < 100000; i++)
            spin += (unsigned long)i;
        clock_gettime(CLOCK_MONOTONIC, &c);
    } while (ns(c) - ns(b) < 30000000);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
    ok(ns(c) > ns(a), "30 ms of busy work advanced the cpu-time clock");

    is_errno(clock_gettime(12345, &a), EINVAL, "clock 12345: EINVAL");
    is_errno(clock_gettime(-1, &a), EINVAL, "clock -1: EINVAL");

    /* nanosleep */
    struct timespec req = {0, 20000000}, rem = {-1, -1};
    clock_gettime(CLOCK_MONOTONIC, &a);
    is_int(nanosleep(&req, &rem), 0, "nanosleep 20 ms");
    clock_gettime(CLOCK_MONOTONIC, &b);
    ok(ns(b) - ns(a) >= 20000000, "slept at least 20 ms");
    req = (struct timespec){1, 0};
    clock_gettime(CLOCK_MONOTONIC, &a);
    is_int(nanosleep(&req, NULL), 0, "nanosleep 1 s, rem NULL");
    clock_gettime(CLOCK_MONOTONIC, &b);
    ok(ns(b) - ns(a) >= 1000000000, "slept at least 1 s");
    req = (struct timespec){0, 0};
    is_int(nanosleep(&req, NULL), 0, "nanosleep 0 returns 0");
    req = (struct timespec){0, 1000000000};
    is_errno(nanosleep(&req, NULL), EINVAL, "tv_nsec 1000000000: EINVAL");
    req = (struct timespec){0, -1};
    is_errno(nanosleep(&req, NULL), EINVAL, "tv_nsec -1: EINVAL");
    req = (struct timespec){-1, 0};
    is_errno(nanosleep(&req, NULL), EINVAL, "tv_sec -1: EINVAL");

    return done_testing();
}
