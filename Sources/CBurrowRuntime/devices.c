// Host pieces of the device models (BurrowVMM/Devices): the interval timer's POSIX timer, which
// signals the guest thread itself with a real-time signal (never SIGALRM or setitimer: the guest's
// `alarm` owns those), and SIGRTMIN, which glibc gives only as a function.
#define _GNU_SOURCE
#include "burrow_runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

// Input that raises a signal when it becomes readable, without touching the open file description
// the parent shell shares: a new description of the same file (a reopen through /proc/self/fd),
// with O_ASYNC, the signal `signo` (F_SETSIG) sent to the calling thread (F_SETOWN_EX). Returns the
// new descriptor (close-on-exec, non-blocking) or -errno.
int burrow_async_input(int fd, int signo) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    int d = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (d < 0) return -errno;
    struct f_owner_ex owner = { .type = F_OWNER_TID, .pid = (pid_t)syscall(SYS_gettid) };
    if (fcntl(d, F_SETOWN_EX, &owner) != 0 || fcntl(d, F_SETSIG, signo) != 0 ||
        fcntl(d, F_SETFL, O_ASYNC | O_NONBLOCK) != 0) {
        int e = errno;
        close(d);
        return -e;
    }
    return d;
}
