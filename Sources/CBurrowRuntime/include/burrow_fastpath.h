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
/// 1 when rip lies in the thunk or the quick lane (the trap handler's "inside Burrow's
/// trampoline" test).
int burrow_fastpath_in_thunk(uint64_t rip);
/// 1 when rip lies in the quick lane's return to the guest: the trap handler sends any signal
/// there to burrow_quick_made, which hands the made call to the thunk whole.
int burrow_fastpath_in_quick_return(uint64_t rip);
/// 1 when rip is one of the quick lane's accesses to guest memory in its return (the return
/// address, the stub's `ret` byte, the stub caller's return address) or its final `jmp`.
int burrow_fastpath_quick_guest_access(uint64_t rip);

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
/// Breakpoint i's perf descriptor (Burrow's own: the integrity checks leave it out), or -1.
int burrow_guard_breakpoint_fd(int i);
/// 1 when rip is one of the watched addresses (a SIGTRAP with si_code TRAP_PERF there is ours).
int burrow_guard_breakpoint_hit(uint64_t rip);
/// Removes them all (the guard armed Syscall User Dispatch).
void burrow_guard_breakpoints_clear(void);
/// In a forked child: its own breakpoints on the same addresses (0, or an errno: then none).
int burrow_guard_breakpoints_after_fork(void);
/// The hand-over's helper (guardbp.c, "Warm-up"): a short-lived process that pays the kernel's
/// slow first per-task perf_event_open (an RCU grace period, 5-30 ms on a quiet machine) so that
/// the guest thread's own breakpoint opens after it are fast. Starts it unless one is running
/// (0, or the errno of clone).
int burrow_guard_warmup_start(void);
/// Waits up to this long for the helper: 1 when it is done.
int burrow_guard_warmup_wait(long nanoseconds);
/// 1 from start until finish (or forget).
int burrow_guard_warmup_pending(void);
/// Reaps the helper, blocking until it is done, and leaves its flag for the guard: before an exec
/// (the helper's exit would otherwise send the new Burrow a SIGCHLD: the kernel sends one for a
/// child whose parent has exec'd, whatever its exit signal).
void burrow_guard_warmup_reap(void);
/// Reaps the helper (blocking until it is done) and clears the flag: 0, or the errno with which
/// the kernel refused its event.
int burrow_guard_warmup_finish(void);
/// In a forked child: the helper is the parent's, not ours (never reaped here).
void burrow_guard_warmup_forget(void);
/// Set to 1 by the helper when it is done; the run loop and the fast path's entry look at it
/// (burrow_guard_handover_ready) to hand over from SUD to the breakpoints at once.
extern volatile int burrow_guard_warm_done;
/// One load and a branch a system call: nonzero when the guard has something to take over.
static inline int burrow_guard_handover_ready(void) {
    return __atomic_load_n(&burrow_guard_warm_done, __ATOMIC_RELAXED);
}

/// The fast lane (lane.c; docs/architecture.md, "The fast lane"): the calls whose whole handler is
/// "translate the arguments, make one host call" (read, write, pread, pwrite, getpid, getppid),
/// prepared in C by the thunk before it calls the Swift dispatcher. The rows are data: the Swift
/// personality's host-call templates (HostCallTemplates.swift), which its own handlers run too.
/// The lane either prepares exactly the host call the Swift handler would, or declines (any error,
/// anything it does not know): Swift then handles the call as before, errors included.
///
/// What one host argument is made of (burrow_lane_arg.op).
struct burrow_host_call;   // burrow_runtime.h
enum burrow_lane_op {
    BURROW_LANE_END = 0,     // no more host arguments
    BURROW_LANE_VALUE,       // guest argument `arg`, decoded by the row's widths
    BURROW_LANE_FD,          // guest descriptor `arg`, translated through the descriptor mirror
    BURROW_LANE_COUNT,       // a transfer size: 2^63 or more declines (EINVAL), capped at max_transfer
    BURROW_LANE_BUFFER_IN,   // guest buffer `arg` the call reads, `length_arg`'s count long: readable
    BURROW_LANE_BUFFER_OUT,  // ... that the call writes: writable
};
/// One host argument: `op`, made of the guest argument in vCPU register `reg` (burrow_vcpu.regs
/// index) decoded as the row's argument kind says (docs/abi.md §3.2), branch-free:
/// ((v & mask) << shift) >> shift, arithmetic (a signed 32-bit kind: mask all ones, shift 32; an
/// unsigned one: mask 0xFFFFFFFF, shift 0; all 64 bits: all ones, 0; no argument: 0, 0). For a
/// buffer, its length is `length_reg` decoded by `length_mask` and `length_shift`. `arg` and
/// `length_arg` are the same two as guest argument numbers (0-5: Swift's executor reads them).
typedef struct burrow_lane_arg {
    uint64_t mask, length_mask;
    uint8_t op, reg, shift, length_reg, length_shift, arg, length_arg, pad;
} burrow_lane_arg;
/// Op sequences the lane runs as straight-line code (burrow_lane_shape); any other runs through
/// the general loop. Only speed depends on it: both give the same answers.
enum burrow_lane_shape {
    BURROW_LANE_SHAPE_GENERAL = 0,
    BURROW_LANE_SHAPE_NONE,            // no arguments (getpid)
    BURROW_LANE_SHAPE_FD_BUFFER_COUNT, // fd, buffer in or out, count (read, write)
    BURROW_LANE_SHAPE_RW_REGS,         // the same in ToyOS's registers for read and write: the fd
                                       // the low 32 bits of rdi (signed), the buffer rsi, the count
                                       // rdx (all 64 bits; the buffer's length): the quick lane
                                       // decides it in assembly (fastpath.S, QUICK_DECIDE)
};
typedef struct burrow_lane_row {
    int32_t host_nr;         // the host call
    uint8_t present;         // 1: this number has a template (an all-zero row has none)
    uint8_t interruptible;   // burrow_host_call.interruptible
    uint8_t shape;           // enum burrow_lane_shape (burrow_lane_shape(row))
    uint8_t pad;
    burrow_lane_arg args[6];
} burrow_lane_row;
/// The shape of a row's op sequence.
uint8_t burrow_lane_shape(const burrow_lane_row *row);
/// One guest region as the lane checks buffers against it (GuestMemory's table, mirrored).
typedef struct burrow_lane_region { uint64_t start, end; uint64_t protection; } burrow_lane_region;
/// burrow_lane_region.protection bits (GuestMemory's mirror sets them from Protection).
#define BURROW_LANE_READ 1
#define BURROW_LANE_WRITE 2

/// What the lane reads besides the call's registers. Swift owns the mirrors (FileTable,
/// GuestMemory keep them in step with their own tables) and sets the pointers when it opens.
typedef struct burrow_lane_state {
    /// Nonzero only while nothing the lane does not see could change the call's end: no
    /// integrity checks, no injector, no guest signal pending, no interrupted call (set by the
    /// Swift dispatcher at the end of each call it handles; cleared when the guest leaves
    /// burrow_vcpu_run, so the run loop's own work always comes first). BURROW_LANE_OPEN: no
    /// observer either, every call the lane makes is quiet.
    /// BURROW_LANE_OPEN_OBSERVED: a tracer that takes lane calls (SyscallObserver.takesLaneCalls):
    /// the lane makes the call with `started` read, and Swift hears of it after: the thunk's lane
    /// not quiet, through the completer; the quick lane (when Swift set its observer,
    /// burrow_fastpath_set_observer) through that observer for a value, the completer for an
    /// error.
    uint32_t open;
    uint32_t nfds;                 // fds[guest] for guest < nfds: the host descriptor, or -1
    const int32_t *fds;
    const burrow_lane_region *regions;   // sorted, non-overlapping
    uint64_t nregions;
    uint64_t host_base;            // GuestMemory.hostBase
    uint64_t limit;                // GuestMemory.limit: no buffer reaches it
    uint64_t max_transfer;         // ToyOS.maxTransfer
    uint64_t hint;                 // the region the last buffer started in (most hit it again)
    burrow_lane_row rows[BURROW_FAST_SLOTS];
    /// The time-stamp counter when the lane took a call with BURROW_LANE_OPEN_OBSERVED: the traced
    /// call's start (its host call comes after; Swift hears of it only at the end). Swift's
    /// completer reads it and sets it back to 0: nonzero means "the lane made this call".
    uint64_t started;
} burrow_lane_state;
enum { BURROW_LANE_OPEN = 1, BURROW_LANE_OPEN_OBSERVED = 2 };
/// GuestMemory.regionIndex(containing:) by the mirror: the region that holds `addr`, or -1.
static inline int64_t burrow_lane_region_index(const burrow_lane_state *s, uint64_t addr) {
    uint64_t lo = 0, hi = s->nregions;
    while (lo < hi) {
        uint64_t mid = (lo + hi) / 2;
        if (s->regions[mid].end <= addr) lo = mid + 1; else hi = mid;
    }
    return lo < s->nregions && s->regions[lo].start <= addr ? (int64_t)lo : -1;
}
/// The fast path's lane (process-wide, like the vCPU: one guest thread).
extern burrow_lane_state burrow_fast_lane;
static inline burrow_lane_state *burrow_fast_lane_state(void) { return &burrow_fast_lane; }
/// The lane's whole decision for call `number` with the guest's registers (burrow_vcpu.regs): 1
/// with `out` filled (quiet), or 0 (declined: Swift handles the call, and `out` may be partly
/// written: the thunk then ignores it, and Swift's deferred call fills the whole block). Reads
/// nothing but `s` and `regs` (and writes only `out` and the region hint).
int burrow_lane_prepare(burrow_lane_state *s, uint64_t number, const uint64_t *regs, struct burrow_host_call *out);
/// GuestMemory.check(addr, length, .read) by the mirror (the trace's C renderer reads a buffer's
/// bytes after it; FastLaneTests holds the two together): 1 or 0. Moves the region hint.
int burrow_lane_readable(burrow_lane_state *s, uint64_t addr, uint64_t length);
/// The quick lane's own decision for rows of shape BURROW_LANE_SHAPE_RW_REGS and
/// BURROW_LANE_SHAPE_NONE (fastpath.S, QUICK_DECIDE), callable from C for the tests: 1 with `out`
/// filled as burrow_lane_prepare fills it, or 0 (declined; also for any other shape). It trusts
/// only the hint's region: a buffer anywhere else is declined (the quick lane then asks lane.c,
/// which decides it whole). Reads nothing but `s`, `regs` and the guard's hand-over flag; writes
/// only `out`.
int burrow_quick_decide(const burrow_lane_state *s, uint64_t number, const uint64_t *regs, struct burrow_host_call *out);

/// Set by the runtime: the CPU has rdfsbase/wrfsbase (the thunk checks the guest's FS with them).
extern int burrow_fast_fsgsbase;

#endif
