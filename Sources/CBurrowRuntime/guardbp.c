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
