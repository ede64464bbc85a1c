// The fast lane (docs/architecture.md, "The fast lane"): the thunk's first try at a patched call.
// For a row whose whole handler is one host call made of translated arguments (read, write,
// pread, pwrite, getpid, getppid: the Swift personality's host-call templates), the lane prepares
// that host call here, in C, and the thunk makes it: no Swift code runs for the call. The Swift
// dispatcher's ~240 instructions per call were most of what a small write cost above native
// (docs/performance.md section 5); the lane's read/write path is ~70, a leaf without saved
// registers. Two callers: the quick lane (fastpath.S), before the thunk has saved the guest's
// state, and the thunk itself, which also starts the call.
//
// The lane prepares exactly the call Swift's handler would (the same template, the same checks in
// the same order, tested against each other in FastLaneTests) or declines: an error (EBADF,
// EINVAL, EFAULT), a descriptor or buffer it cannot vouch for, a closed lane. A declined call
// reaches the Swift dispatcher unchanged, which handles it as it always did. The result goes the
// thunk's quiet way: a value is set in assembly, an error reaches Swift's completer (retry rule,
// EINTR bookkeeping), which finds the call started as the Swift entry would have started it.
#include "burrow_runtime.h"
#include <stddef.h>

burrow_lane_state burrow_fast_lane;
_Static_assert(offsetof(burrow_lane_state, rows) == 64 && sizeof(burrow_lane_row) == 152 && offsetof(burrow_lane_row, present) == 4,
               "BURROW_LANE_ROWS, BURROW_LANE_ROW_SIZE, BURROW_LANE_ROW_PRESENT (vcpu_asm.h)");
// The rest of what fastpath.S's QUICK_DECIDE reads (vcpu_asm.h).
_Static_assert(offsetof(burrow_lane_state, nfds) == 4 && offsetof(burrow_lane_state, fds) == 8 &&
               offsetof(burrow_lane_state, regions) == 16 && offsetof(burrow_lane_state, nregions) == 24 &&
               offsetof(burrow_lane_state, host_base) == 32 && offsetof(burrow_lane_state, limit) == 40 &&
               offsetof(burrow_lane_state, max_transfer) == 48 && offsetof(burrow_lane_state, hint) == 56,
               "BURROW_LANE_NFDS ... BURROW_LANE_HINT (vcpu_asm.h)");
_Static_assert(BURROW_LANE_OPEN == 1 && BURROW_LANE_OPEN_OBSERVED == 2 && offsetof(burrow_lane_state, started) == 38976,
               "BURROW_LANE_OPEN_QUIET, BURROW_LANE_OPEN_OBSERVED, BURROW_LANE_STARTED (vcpu_asm.h)");
_Static_assert(offsetof(burrow_lane_row, host_nr) == 0 && offsetof(burrow_lane_row, interruptible) == 5 &&
               offsetof(burrow_lane_row, shape) == 6 && offsetof(burrow_lane_row, args[1].op) == 48 &&
               sizeof(burrow_lane_region) == 24 && offsetof(burrow_lane_region, protection) == 16,
               "BURROW_LANE_ROW_INTERRUPTIBLE, _SHAPE, _ARG1_OP, BURROW_LANE_REGION_SIZE (vcpu_asm.h)");
_Static_assert(BURROW_LANE_SHAPE_NONE == 1 && BURROW_LANE_SHAPE_RW_REGS == 3, "BURROW_LANE_SHAPE_NONE, _RW_REGS (vcpu_asm.h)");
// QUICK_DECIDE turns a buffer's op into the protection it needs by subtracting 3.
_Static_assert(BURROW_LANE_BUFFER_IN - 3 == BURROW_LANE_READ && BURROW_LANE_BUFFER_OUT - 3 == BURROW_LANE_WRITE,
               "the buffer ops and the protection bits (fastpath.S, QUICK_DECIDE)");

#define ALWAYS_INLINE static inline __attribute__((always_inline))

ALWAYS_INLINE uint64_t decode(const uint64_t *regs, unsigned reg, uint64_t mask, unsigned shift) {
    return (uint64_t)((int64_t)((regs[reg] & mask) << shift) >> shift);
}

/// GuestMemory.check, the general case: [addr, addr+length) wholly inside regions that all allow
/// `need` (length > 0, `last` = its last byte, below the limit). Out of line: the lane's own
/// path (the hint's region holds the whole buffer) stays short.
__attribute__((noinline)) static int lane_check_slow(burrow_lane_state *s, uint64_t addr, uint64_t last, uint64_t need) {
    const burrow_lane_region *r = s->regions;
    uint64_t i = s->hint;
    if (!(i < s->nregions && r[i].start <= addr && addr < r[i].end)) {
        int64_t found = burrow_lane_region_index(s, addr);
        if (found < 0) return 0;
        s->hint = i = (uint64_t)found;
    }
    for (;; i++) {
        if ((r[i].protection & need) != need) return 0;
        if (last < r[i].end) return 1;
        if (i + 1 >= s->nregions || r[i + 1].start != r[i].end) return 0;
    }
}

/// GuestMemory.check: [addr, addr+length) wholly inside regions that all allow `need`. Most
/// buffers lie in the region the last one started in (the hint), and wholly; with `hint_only`
/// any other buffer reads as a decline (the caller then asks again without it).
ALWAYS_INLINE int lane_check(burrow_lane_state *s, uint64_t addr, uint64_t length, uint64_t need, int hint_only) {
    if (length == 0) return 1;
    uint64_t last;
    if (__builtin_add_overflow(addr, length - 1, &last) || last >= s->limit) return 0;
    uint64_t i = s->hint;
    if (__builtin_expect(i < s->nregions, 1)) {
        const burrow_lane_region *r = &s->regions[i];
        if (r->start <= addr && last < r->end && (r->protection & need) == need) return 1;
    }
    return hint_only ? 0 : lane_check_slow(s, addr, last, need);
}

/// A transfer size as SyscallArgs.count reads it: 2^63 or more is EINVAL (declined), then capped.
ALWAYS_INLINE int lane_count(const burrow_lane_state *s, uint64_t v, uint64_t *n) {
    if (v >> 63) return 0;
    *n = v < s->max_transfer ? v : s->max_transfer;
    return 1;
}

/// One host argument (`op`: the argument's own, or a constant where the shape fixes it).
ALWAYS_INLINE int lane_arg(burrow_lane_state *s, const uint64_t *regs, const burrow_lane_arg *a, unsigned op, long *out) {
    uint64_t v = decode(regs, a->reg, a->mask, a->shift), n;
    switch (op) {
    case BURROW_LANE_VALUE: *out = (long)v; return 1;
    case BURROW_LANE_FD:
        // FileTable.host: the descriptor as a signed int, open in the guest's table.
        if (v >= s->nfds || s->fds[v] < 0) return 0;   // (a negative one is huge unsigned)
        *out = s->fds[v];
        return 1;
    case BURROW_LANE_COUNT:
        if (!lane_count(s, v, &n)) return 0;
        *out = (long)n;
        return 1;
    case BURROW_LANE_BUFFER_IN:
    case BURROW_LANE_BUFFER_OUT:
        // The length's own check first (EINVAL before EFAULT, as the handler has it).
        if (!lane_count(s, decode(regs, a->length_reg, a->length_mask, a->length_shift), &n)) return 0;
        if (!lane_check(s, v, n, op == BURROW_LANE_BUFFER_IN ? BURROW_LANE_READ : BURROW_LANE_WRITE, 0)) return 0;
        *out = (long)(s->host_base + v);
        return 1;
    default: return 0;
    }
}

uint8_t burrow_lane_shape(const burrow_lane_row *row) {
    const burrow_lane_arg *a = row->args;
    if (a[0].op == BURROW_LANE_END) return BURROW_LANE_SHAPE_NONE;
    if (a[0].op == BURROW_LANE_FD && (a[1].op == BURROW_LANE_BUFFER_IN || a[1].op == BURROW_LANE_BUFFER_OUT) &&
        a[2].op == BURROW_LANE_COUNT && a[3].op == BURROW_LANE_END &&
        a[1].length_reg == a[2].reg && a[1].length_mask == a[2].mask && a[1].length_shift == a[2].shift) {
        // (the buffer's length is the count: read once)
        if (a[0].reg == BURROW_RDI && a[0].mask == ~0ull && a[0].shift == 32 &&   // a signed int
            a[1].reg == BURROW_RSI && a[1].mask == ~0ull && a[1].shift == 0 &&    // 64 bits
            a[2].reg == BURROW_RDX && a[2].mask == ~0ull && a[2].shift == 0)
            return BURROW_LANE_SHAPE_RW_REGS;
        return BURROW_LANE_SHAPE_FD_BUFFER_COUNT;
    }
    return BURROW_LANE_SHAPE_GENERAL;
}

/// read/write's shape as straight-line code: the count is decoded once (it is the buffer's
/// length too), and the checks run in whatever order is cheapest: the lane only declines, so
/// which error comes first is Swift's business.
ALWAYS_INLINE int lane_fd_buffer_count(burrow_lane_state *s, const burrow_lane_row *row, const uint64_t *regs, burrow_host_call *out, int hint_only) {
    const burrow_lane_arg *a = row->args;
    uint64_t fd = decode(regs, a[0].reg, a[0].mask, a[0].shift);
    if (fd >= s->nfds) return 0;   // (a negative one is huge unsigned)
    int32_t host = s->fds[fd];
    if (host < 0) return 0;
    uint64_t n;
    if (!lane_count(s, decode(regs, a[2].reg, a[2].mask, a[2].shift), &n)) return 0;
    uint64_t addr = decode(regs, a[1].reg, a[1].mask, a[1].shift);
    if (!lane_check(s, addr, n, a[1].op == BURROW_LANE_BUFFER_IN ? BURROW_LANE_READ : BURROW_LANE_WRITE, hint_only)) return 0;
    out->args[0] = host;
    out->args[1] = (long)(s->host_base + addr);
    out->args[2] = (long)n;
    out->args[3] = out->args[4] = out->args[5] = 0;   // arguments past the template's read as 0
    return 1;
}

/// Any other row: the template's arguments one by one. Out of line, so that the straight-line
/// shapes above need no saved registers.
__attribute__((noinline)) static int lane_general(burrow_lane_state *s, const burrow_lane_row *row, const uint64_t *regs, burrow_host_call *out) {
    if (!row->present) return 0;
    const burrow_lane_arg *a = row->args;
    long *h = out->args;
    __builtin_memset(h, 0, sizeof out->args);   // arguments past the template's read as 0
    for (unsigned i = 0; i < 6 && a[i].op != BURROW_LANE_END; i++)
        if (!lane_arg(s, regs, &a[i], a[i].op, &h[i])) return 0;
    return 1;
}

ALWAYS_INLINE int lane_prepare(burrow_lane_state *s, uint64_t number, const uint64_t *regs, burrow_host_call *out) {
    if (number >= BURROW_FAST_SLOTS) return 0;
    const burrow_lane_row *row = &s->rows[number];
    switch (row->shape) {
    case BURROW_LANE_SHAPE_FD_BUFFER_COUNT:
    case BURROW_LANE_SHAPE_RW_REGS:
        if (!lane_fd_buffer_count(s, row, regs, out, 0)) return 0;
        break;
    case BURROW_LANE_SHAPE_NONE:
        __builtin_memset(out->args, 0, sizeof out->args);
        break;
    default:
        if (!lane_general(s, row, regs, out)) return 0;
    }
    out->nr = row->host_nr;
    out->interruptible = row->interruptible;
    out->quiet = 1;
    return 1;
}

int burrow_lane_prepare(burrow_lane_state *s, uint64_t number, const uint64_t *regs, burrow_host_call *out) {
    return lane_prepare(s, number, regs, out);
}

int burrow_lane_readable(burrow_lane_state *s, uint64_t addr, uint64_t length) {
    return lane_check(s, addr, length, BURROW_LANE_READ, 0);
}

/// Every row the short way below does not take: the whole decision.
__attribute__((noinline)) static int lane_decide_full(const burrow_vcpu *v) {
    return lane_prepare(&burrow_fast_lane, v->regs[BURROW_RAX] & 0xFFFFFFFFu, v->regs, &burrow_fast_host_call);
}

/// The lane's decision for the call in the vCPU's registers: 1 with burrow_fast_host_call filled
/// (quiet), or 0. A read or write whose buffer lies in the hint's region is decided here with the
/// few registers a leaf function has (nothing saved or restored: on a slower core the thunk's
/// cost is per instruction); anything else goes to lane_decide_full, which decides it whole.
ALWAYS_INLINE int lane_decide(const burrow_vcpu *v) {
    burrow_lane_state *s = &burrow_fast_lane;
    // The guard's hand-over is made at a system call, by Swift (syscallStarts).
    if (!s->open || burrow_guard_handover_ready()) return 0;
    uint64_t number = v->regs[BURROW_RAX] & 0xFFFFFFFFu;
    if (number < BURROW_FAST_SLOTS) {
        const burrow_lane_row *row = &s->rows[number];
        burrow_host_call *out = &burrow_fast_host_call;
        if (((row->shape == BURROW_LANE_SHAPE_FD_BUFFER_COUNT || row->shape == BURROW_LANE_SHAPE_RW_REGS) &&
             lane_fd_buffer_count(s, row, v->regs, out, 1)) ||
            (row->shape == BURROW_LANE_SHAPE_NONE && (__builtin_memset(out->args, 0, sizeof out->args), 1))) {
            out->nr = row->host_nr;
            out->interruptible = row->interruptible;
            out->quiet = 1;
            return 1;
        }
    }
    return lane_decide_full(v);
}

/// The thunk's call (fastpath.S), with the guest's registers in the vCPU: BURROW_FAST_HOST_CALL
/// with burrow_fast_host_call filled and the call started (rip past the patched call, as
/// GuestProcess.syscallStarts does), or 0 (the Swift dispatcher takes the call).
__attribute__((visibility("hidden"))) uint32_t burrow_fast_lane_try(burrow_vcpu *v) {
    if (!lane_decide(v)) return 0;
    if (burrow_fast_lane.open != BURROW_LANE_OPEN) {
        // An observer's call: its end goes to Swift's completer, which reports it from its start.
        burrow_fast_host_call.quiet = 0;
        burrow_fast_lane.started = burrow_rdtsc();
    }
    v->regs[BURROW_RIP] += BURROW_FAST_CALL_LENGTH;
    v->syscall_length = BURROW_FAST_CALL_LENGTH;
    v->syscall_fast = 1;
    return BURROW_FAST_HOST_CALL;
}

/// The quick lane's call (fastpath.S, burrow_quick_lane): the same decision, made before the
/// thunk has saved more than the registers this call clobbers. The vCPU holds the guest's rax,
/// rcx, rdx, rsi, rdi and r8-r11, not yet its rip: the quick lane starts nothing, it makes the
/// call and returns, and a call that ends any other way is started by the thunk
/// (.Lquick_finish).
__attribute__((visibility("hidden"))) uint32_t burrow_quick_lane_try(const burrow_vcpu *v) {
    return (uint32_t)lane_decide(v);
}
