// Host pieces of the device models (BurrowVMM/Devices): the interval timer's POSIX timer, which
// signals the guest thread itself with a real-time signal (never SIGALRM or setitimer: the guest's
// `alarm` owns those), and SIGRTMIN, which glibc gives only as a function.
#define _GNU_SOURCE
#include "burrow_runtime.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

int burrow_sigrtmin(void) { return SIGRTMIN; }

int burrow_timer_create(int signo, intptr_t *timer) {
    struct sigevent sev;
    memset(&sev, 0, sizeof sev);
    // Thread-directed: the handler must run on the thread that runs the guest.
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = signo;
    sev._sigev_un._tid = (pid_t)syscall(SYS_gettid);
    timer_t id;
    if (timer_create(CLOCK_MONOTONIC, &sev, &id) != 0) return errno;
    *timer = (intptr_t)id;   // glibc's timer_t is the kernel's timer id, which may be 0
    return 0;
}

int burrow_timer_set(intptr_t timer, uint64_t period_ns) {
    struct itimerspec its;
    memset(&its, 0, sizeof its);
    its.it_interval.tv_sec = (time_t)(period_ns / 1000000000u);
    its.it_interval.tv_nsec = (long)(period_ns % 1000000000u);
    its.it_value = its.it_interval;   // 0 disarms
    return timer_settime((timer_t)timer, 0, &its, NULL) == 0 ? 0 : errno;
}

int burrow_timer_delete(intptr_t timer) { return timer_delete((timer_t)timer) == 0 ? 0 : errno; }
