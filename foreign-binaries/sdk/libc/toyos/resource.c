/* ToyOS backend: resource limits and usage, answered from what the ABI fixes (sys/resource.h). */
#include "toyos.h"
#include <sys/resource.h>
#include <sys/times.h>
#include <time.h>

hidden extern unsigned long __toy_pagesize;
unsigned long __page_size(void) { return __toy_pagesize; }
/* A ToyOS program has one thread of control: one processor is what it can use. */
long __processors(void) { return 1; }

static int limit_of(int resource, struct rlimit *rl) {
    switch (resource) {
    case RLIMIT_STACK: rl->rlim_cur = rl->rlim_max = 8ul << 20; return 0;   /* docs/abi.md 4.2 */
    case RLIMIT_CORE: rl->rlim_cur = rl->rlim_max = 0; return 0;
    case RLIMIT_CPU: case RLIMIT_FSIZE: case RLIMIT_DATA: case RLIMIT_AS: case RLIMIT_RSS:
    case RLIMIT_MEMLOCK:
        rl->rlim_cur = rl->rlim_max = RLIM_INFINITY;
        return 0;
    case RLIMIT_NOFILE: rl->rlim_cur = rl->rlim_max = TOY_OPEN_MAX; return 0;   /* docs/abi.md 9.2 (ABI 1.4) */
    case RLIMIT_NPROC:
        errno = ENOSYS;      /* the ABI does not tell a program its process limit */
        return -1;
    }
    errno = EINVAL;
    return -1;
}

int getrlimit(int resource, struct rlimit *rl) { return limit_of(resource, rl); }

int setrlimit(int resource, const struct rlimit *rl) {
    struct rlimit cur;
    if (limit_of(resource, &cur) < 0) return -1;
    if (rl->rlim_cur > rl->rlim_max) { errno = EINVAL; return -1; }
    if (rl->rlim_cur != cur.rlim_cur || rl->rlim_max != cur.rlim_max) { errno = ENOSYS; return -1; }
    return 0;
}

static long long cpu_ns(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) < 0) return 0;
    return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* RUSAGE_CHILDREN: ToyOS's waitpid reports no usage, so the children's is unknown: ENOSYS. */
int getrusage(int who, struct rusage *ru) {
    if (who == RUSAGE_CHILDREN) { errno = ENOSYS; return -1; }
    if (who != RUSAGE_SELF) { errno = EINVAL; return -1; }
    *ru = (struct rusage){ 0 };
    {
        long long ns = cpu_ns();
        ru->ru_utime.tv_sec = ns / 1000000000;
        ru->ru_utime.tv_usec = (ns % 1000000000) / 1000;
    }
    return 0;
}

clock_t times(struct tms *t) {
    if (t) *t = (struct tms){ (clock_t)(cpu_ns() / 10000000), 0, 0, 0 };
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0) return (clock_t)-1;
    return (clock_t)(ts.tv_sec * 100 + ts.tv_nsec / 10000000);
}
