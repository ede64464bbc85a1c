/* Linux twin backend: resource limits and usage, from the kernel. */
#include "linux.h"
#include <sys/resource.h>
#include <sys/times.h>

enum { SYS_getrusage = 98, SYS_times = 100, SYS_sched_getaffinity = 204, SYS_prlimit64 = 302 };

hidden unsigned long __linux_pagesize = 4096;
unsigned long __page_size(void) { return __linux_pagesize; }

long __processors(void) {
    unsigned long mask[16] = { 0 };
    long n = sys3(SYS_sched_getaffinity, 0, sizeof mask, mask);
    if (n <= 0) return 1;
    long count = 0;
    for (long i = 0; i < n / 8; i++) count += __builtin_popcountl(mask[i]);
    return count ? count : 1;
}

int getrlimit(int resource, struct rlimit *rl) { return (int)lx_ret(sys4(SYS_prlimit64, 0, resource, 0, rl)); }
int setrlimit(int resource, const struct rlimit *rl) { return (int)lx_ret(sys4(SYS_prlimit64, 0, resource, rl, 0)); }
int getrusage(int who, struct rusage *ru) { return (int)lx_ret(sys2(SYS_getrusage, who, ru)); }
clock_t times(struct tms *t) { return (clock_t)lx_ret(sys1(SYS_times, t)); }
