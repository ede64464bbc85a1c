// The fast path (fastpath.c, fastpath.S): ToyOS system-call stubs rewritten into a direct call.
#ifndef BURROW_FASTPATH_H
#define BURROW_FASTPATH_H

#include <stddef.h>
#include <stdint.h>

/// Slots in the table (numbers 0..BURROW_FAST_SLOTS-1 can be patched).
#define BURROW_FAST_SLOTS 256
/// Where the slot table lives: docs/abi.md section 6 reserves [0x7F000000, 0x80000000) for it.
/// Not at its first page: the integrity checks (BURROW_DEBUG_CHECKS) put a canary page there.
#define BURROW_FAST_TABLE_ADDRESS 0x7F010000UL
/// The patched instruction: `call qword [abs32]` (FF 14 25 disp32).
#define BURROW_FAST_CALL_LENGTH 7

/// Maps the slot table (read-only once filled) at BURROW_FAST_TABLE_ADDRESS and opens
/// /proc/self/mem for patching. 0 or an errno (EEXIST: something is mapped there).
int burrow_fastpath_init(void);
/// 1 once burrow_fastpath_init succeeded (in this process image; a fork keeps it).
int burrow_fastpath_ready(void);
/// Rewrites the 8 bytes at `stub` (`B8 imm32 CD 81 C3`, checked by the caller AND here) into
/// `call [slot imm32]` + the stub's own `ret`, through /proc/self/mem: the page never becomes
/// writable. 0 or an errno (EFAULT/EIO: a shared mapping, which the kernel refuses to force-write).
int burrow_fastpath_patch(uint64_t stub, uint32_t number);
/// 1 when rip lies in the thunk (the trap handler's "inside Burrow's trampoline" test).
int burrow_fastpath_in_thunk(uint64_t rip);

/// 1 when rip lies in the thunk's return to the guest (after the direct dispatcher): the trap
/// handler treats an asynchronous signal there as an entry not yet made (a host-signal exit with
/// the vCPU untouched).
int burrow_fastpath_in_return(uint64_t rip);
/// 1 when rip lies in the entry table (`mov eax, N; jmp thunk` per slot), which runs for the guest
/// before the thunk: the trap handler treats it like the thunk.
int burrow_fastpath_in_entries(uint64_t rip);
/// 1 when rip is one of the instructions of the fast path that read guest memory or use a guest
/// value (the thunk's read of its return address; the return's reads of the stub's `ret` and of
/// the stub caller's return address, and its jump there, which faults on a non-canonical address):
/// a fault there is the guest's doing.
int burrow_fastpath_guest_access(uint64_t rip);
/// 1 when rip is the direct dispatch's `emms`, where a guest's pending unmasked x87 exception
/// raises #MF (SIGFPE): the handler clears it in the frame and lets emms run again.
int burrow_fastpath_at_emms(uint64_t rip);
/// The direct dispatcher: the thunk calls `dispatcher(context)` on the VMM stack, with the guest's
/// registers in the vCPU (rip at the patched call, as for BURROW_EXIT_FAST_SYSCALL) and host system
/// calls allowed. It handles the call and everything the run loop does after one, and returns 1
/// when the guest may go on (the thunk returns to it directly when its state allows), 0 when the
/// run loop must act (the thunk leaves with BURROW_EXIT_FAST_DONE), or BURROW_FAST_HOST_CALL when
/// it left the call's last host system call in burrow_fast_host_call (the thunk makes it and calls
/// the completer, burrow_fastpath_set_completer, which answers 1 or 0; a quiet call's value it sets
/// itself, and the guest goes on). NULL (the default): every
/// call leaves through the run loop as BURROW_EXIT_FAST_SYSCALL.
void burrow_fastpath_set_dispatcher(uint32_t (*dispatcher)(void *), void *context);

/// The raw-syscall guard's scan (SyscallGuard.swift): the offset of the first Linux system-call
/// instruction's bytes in [p, p+n) (`0F 05` syscall, `0F 34` sysenter, `CD 80` int 0x80), at any
/// byte offset, or -1. The memory must be readable.
long burrow_scan_raw_syscalls(const void *p, size_t n);

/// The raw-syscall guard's exact watch (guardbp.c): hardware instruction breakpoints on the
/// addresses where accidental Linux system-call bytes could start an instruction. At most this many.
#define BURROW_GUARD_BREAKPOINTS 2
/// Adds one (0, or an errno: ENOSPC when all are in use, or why perf_event_open refused).
int burrow_guard_breakpoint_add(uint64_t addr);
int burrow_guard_breakpoint_count(void);
/// 1 when rip is one of the watched addresses (a SIGTRAP with si_code TRAP_PERF there is ours).
int burrow_guard_breakpoint_hit(uint64_t rip);
/// Removes them all (the guard armed Syscall User Dispatch).
void burrow_guard_breakpoints_clear(void);
/// In a forked child: its own breakpoints on the same addresses (0, or an errno: then none).
int burrow_guard_breakpoints_after_fork(void);
/// Starts, once, what makes a later burrow_guard_breakpoint_add fast (guardbp.c: the first
/// per-task perf event of a quiet system waits for an RCU grace period, 5-30 ms here): called
/// when the scan finds bytes that may need a breakpoint, long before their page runs. 0 or an errno.
int burrow_guard_breakpoints_prime(void);

/// Set by the runtime: the CPU has rdfsbase/wrfsbase (the thunk checks the guest's FS with them).
extern int burrow_fast_fsgsbase;

#endif
