// The raw-syscall guard's exact watch (BurrowVMM/SyscallGuard.swift): a hardware instruction
// breakpoint (perf_event_open on this thread, PERF_TYPE_BREAKPOINT, HW_BREAKPOINT_X, sigtrap) on
// each address where a Linux system-call instruction could start in guest code that holds such
// bytes only by accident. Executing one raises SIGTRAP (si_code TRAP_PERF) before the instruction
// runs; the run loop then arms Syscall User Dispatch and resumes, so the instruction is caught as
// if SUD had been armed all along. Until then Burrow's own host calls pay no SUD tax.
//
// At most BURROW_GUARD_BREAKPOINTS of the CPU's four debug registers, so that a debugger keeps two.
// Per thread and not inherited: a forked child makes its own (burrow_guard_breakpoints_after_fork),
// exec removes them (remove_on_exec; the new Burrow scans again).
#define _GNU_SOURCE
#include "burrow_runtime.h"

#include <errno.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fds[BURROW_GUARD_BREAKPOINTS];
static uint64_t addrs[BURROW_GUARD_BREAKPOINTS];
static int count;

static int open_breakpoint(uint64_t addr) {
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_BREAKPOINT;
    a.size = sizeof a;
    a.bp_type = HW_BREAKPOINT_X;
    a.bp_addr = addr;
    a.bp_len = sizeof(long);   // what the kernel wants for an execute breakpoint (it watches 1 byte)
    a.sample_period = 1;
    a.exclude_kernel = 1;
    a.exclude_hv = 1;
    a.sigtrap = 1;             // a synchronous SIGTRAP, si_code TRAP_PERF, rip AT the instruction
    a.remove_on_exec = 1;      // (the kernel requires it with sigtrap)
    a.sig_data = addr;
    long fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    return fd < 0 ? -errno : (int)fd;
}

int burrow_guard_breakpoint_add(uint64_t addr) {
    if (count >= BURROW_GUARD_BREAKPOINTS) return ENOSPC;
    int fd = open_breakpoint(addr);
    if (fd < 0) return -fd;
    fds[count] = fd;
    addrs[count++] = addr;
    return 0;
}

int burrow_guard_breakpoint_count(void) { return count; }

int burrow_guard_breakpoint_hit(uint64_t rip) {
    for (int i = 0; i < count; i++) if (addrs[i] == rip) return 1;
    return 0;
}

void burrow_guard_breakpoints_clear(void) {
    for (int i = 0; i < count; i++) close(fds[i]);
    count = 0;
}

int burrow_guard_breakpoints_after_fork(void) {
    // The inherited descriptors name the parent's events (watching the parent): drop them.
    for (int i = 0; i < count; i++) {
        close(fds[i]);
        fds[i] = -1;
    }
    for (int i = 0; i < count; i++) {
        int fd = open_breakpoint(addrs[i]);
        if (fd < 0) {
            int kept = i;
            count = kept;
            burrow_guard_breakpoints_clear();
            return -fd;
        }
        fds[i] = fd;
    }
    return 0;
}

// Priming. When no per-task perf event exists on the machine (none for the last second: the
// kernel switches its perf scheduling hooks off a second after the last one closes), the next
// perf_event_open turns them on and then waits for an RCU grace period (kernel/events/core.c,
// account_event: static_branch_enable + synchronize_rcu): 5-30 ms of wall time here, off the CPU,
// measured with a C loop of opens; a second open right after costs 0.02-0.05 ms. A breakpoint made
// when its page first runs would put that wait into the guest's run (a `printf` at the end of a
// 20 ms program: +50 %). So as soon as the scan finds bytes that may need one, a short-lived
// thread (every signal blocked, so that host signals keep going to the guest's thread; no Syscall
// User Dispatch, which is per thread) opens a dummy software event on the guest's thread, disabled
// (it counts nothing), and pays the wait while the guest runs. The event stays open until exec
// (close-on-exec): while it is open, the breakpoints' own opens do not wait. An open that comes
// while the thread still waits waits for the rest of the grace period only.
static pid_t prime_target;

static void *prime_thread(void *arg) {
    (void)arg;
    struct perf_event_attr a;
    memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_SOFTWARE;
    a.size = sizeof a;
    a.config = PERF_COUNT_SW_DUMMY;
    a.disabled = 1;
    a.exclude_kernel = 1;
    a.exclude_hv = 1;
    (void)syscall(SYS_perf_event_open, &a, prime_target, -1, -1, PERF_FLAG_FD_CLOEXEC);
    return NULL;
}

int burrow_guard_breakpoints_prime(void) {
    static int started;
    if (started) return 0;
    started = 1;
    prime_target = (pid_t)syscall(SYS_gettid);
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);   // the new thread starts with every signal blocked
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    int e = pthread_create(&t, &attr, prime_thread, NULL);
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return e;
}
