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
#include <linux/futex.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
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

int burrow_guard_breakpoint_fd(int i) { return i >= 0 && i < count ? fds[i] : -1; }

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

// Warm-up: the hand-over's helper. When no per-task perf event exists on the machine (none for
// the last second: the kernel switches its perf scheduling hooks off a second after the last one
// closes), the next perf_event_open turns them on and then waits for an RCU grace period
// (kernel/events/core.c, account_event: static_branch_enable + synchronize_rcu): 5-30 ms of wall
// time here, off the CPU; an open right after costs 0.02-0.05 ms. A breakpoint made when its page
// first runs would put that wait into the guest's run (nullcall: +15 ms of its wall time). So the
// guard (SyscallGuard.swift, "hand-over") lets this helper pay the wait: it opens a disabled dummy
// software event on ITSELF, which turns the hooks on (they then stay on for at least a second
// after it exits), and says so in burrow_guard_warm_done. Meanwhile Syscall User Dispatch stands
// in for the breakpoints, and the guest thread opens them itself at its next system call (now
// fast) and turns SUD off.
//
// A process (clone with CLONE_VM, exit signal 0), not a thread: a process does not end while one
// of its threads sits in that uninterruptible wait, so a helper thread would hold Burrow's exit
// (and the parent's wait4) until the grace period ends: measured, a 0.1 ms program took 6-11 ms.
// A separate thread group does not. It shares the memory (it writes the flag and wakes the futex),
// not the descriptor table: its copy is closed first thing, or a reader of Burrow's stdout pipe
// would wait for the helper's end for EOF. It makes only raw system calls on its own small stack:
// it shares Burrow's TLS (FS), so it must not touch errno or anything else there. Every signal is
// blocked in it (pgrp signals such as Ctrl-C reach it too, and Burrow's handlers are not for it).
// Exit signal 0: no SIGCHLD for Burrow, invisible to a plain wait4 (the guest's wait never reaps
// or counts it); Burrow reaps it with __WCLONE (burrow_guard_warmup_finish).
volatile int burrow_guard_warm_done;
static int warm_result;   // 0, or the errno of the helper's open (written before the flag)
static pid_t warm_pid;    // the helper, until reaped (0: none)
static char warm_stack[8192] __attribute__((aligned(16)));

static inline long warm_syscall(long n, long a, long b, long c, long d, long e) {
    long r;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8) : "rcx", "r11", "memory");
    return r;
}

__attribute__((no_stack_protector)) static int warm_helper(void *arg) {
    (void)arg;
    warm_syscall(SYS_close_range, 0, ~0U, 0, 0, 0);
    struct perf_event_attr a;
    __builtin_memset(&a, 0, sizeof a);
    a.type = PERF_TYPE_SOFTWARE;
    a.size = sizeof a;
    a.config = PERF_COUNT_SW_DUMMY;
    a.disabled = 1;
    a.exclude_kernel = 1;
    a.exclude_hv = 1;
    long fd = warm_syscall(SYS_perf_event_open, (long)&a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    warm_result = fd < 0 ? (int)-fd : 0;
    __atomic_store_n(&burrow_guard_warm_done, 1, __ATOMIC_RELEASE);
    warm_syscall(SYS_futex, (long)&burrow_guard_warm_done, FUTEX_WAKE_PRIVATE, 1, 0, 0);
    return 0;   // (exit closes the event; the hooks stay on for a second)
}

int burrow_guard_warmup_start(void) {
    if (burrow_guard_warmup_pending()) return 0;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);   // the helper starts with every signal blocked
    int pid = clone(warm_helper, warm_stack + sizeof warm_stack, CLONE_VM, NULL);
    int e = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (pid < 0) return e;
    warm_pid = pid;
    return 0;
}

int burrow_guard_warmup_wait(long nanoseconds) {
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (!__atomic_load_n(&burrow_guard_warm_done, __ATOMIC_ACQUIRE)) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        long left = nanoseconds - ((now.tv_sec - t0.tv_sec) * 1000000000L + (now.tv_nsec - t0.tv_nsec));
        if (left <= 0) return 0;
        struct timespec ts = { left / 1000000000L, left % 1000000000L };
        syscall(SYS_futex, (int *)&burrow_guard_warm_done, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0);
    }
    return 1;
}

// Pending until its result is taken: a helper that runs, or one reaped (before an exec) whose
// flag the guard has not yet seen.
int burrow_guard_warmup_pending(void) { return warm_pid != 0 || burrow_guard_warm_done; }

void burrow_guard_warmup_reap(void) {
    // Blocks until the helper is done: at once when it said so (it only exits after the flag).
    while (warm_pid && waitpid(warm_pid, NULL, __WCLONE) < 0 && errno == EINTR) {}
    warm_pid = 0;
}

int burrow_guard_warmup_finish(void) {
    burrow_guard_warmup_reap();
    __atomic_store_n(&burrow_guard_warm_done, 0, __ATOMIC_RELAXED);
    int r = warm_result;
    warm_result = 0;
    return r;
}

void burrow_guard_warmup_forget(void) {
    warm_pid = 0;
    warm_result = 0;
    __atomic_store_n(&burrow_guard_warm_done, 0, __ATOMIC_RELAXED);
}
