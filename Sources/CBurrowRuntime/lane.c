// The fast lane (docs/architecture.md, "The fast lane"): the thunk's first try at a patched call.
// For a row whose whole handler is one host call made of translated arguments (read, write,
// pread, pwrite, getpid, getppid: the Swift personality's host-call templates), the lane prepares
// that host call here, in C, and the thunk makes it: no Swift code runs for the call. On this
// machine the Swift dispatcher's ~240 instructions per call were most of what a small write cost
// above native (docs/performance.md section 5); the lane needs 46 (getpid) to 128 (a write).
//
// The lane prepares exactly the call Swift's handler would (the same template, the same checks in
// the same order, tested against each other in FastLaneTests) or declines: an error (EBADF,
// EINVAL, EFAULT), a descriptor or buffer it cannot vouch for, a closed lane. A declined call
// reaches the Swift dispatcher unchanged, which handles it as it always did. The result goes the
// thunk's quiet way: a value is set in assembly, an error reaches Swift's completer (retry rule,
// EINTR bookkeeping), which finds the call started as the Swift entry would have started it.
#include "burrow_runtime.h"

burrow_lane_state burrow_fast_lane;

#define ALWAYS_INLINE static inline __attribute__((always_inline))

ALWAYS_INLINE uint64_t decode(const uint64_t *regs, unsigned reg, uint64_t mask, unsigned shift) {
    return (uint64_t)((int64_t)((regs[reg] & mask) << shift) >> shift);
}

/// GuestMemory.check: [addr, addr+length) wholly inside regions that all allow `need`.
ALWAYS_INLINE int lane_check(burrow_lane_state *s, uint64_t addr, uint64_t length, uint64_t need) {
    if (length == 0) return 1;
    uint64_t last;
    if (__builtin_add_overflow(addr, length - 1, &last) || last >= s->limit) return 0;
    const burrow_lane_region *r = s->regions;
    uint64_t i = s->hint;
    if (__builtin_expect(!(i < s->nregions && r[i].start <= addr && addr < r[i].end), 0)) {
        uint64_t lo = 0, hi = s->nregions;
        while (lo < hi) {
            uint64_t mid = (lo + hi) / 2;
            if (r[mid].end <= addr) lo = mid + 1; else hi = mid;
        }
        if (lo >= s->nregions || r[lo].start > addr) return 0;
        s->hint = i = lo;
    }
    for (;; i++) {
        if ((r[i].protection & need) != need) return 0;
        if (last < r[i].end) return 1;
        if (i + 1 >= s->nregions || r[i + 1].start != r[i].end) return 0;
    }
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
        if (!lane_check(s, v, n, op == BURROW_LANE_BUFFER_IN ? BURROW_LANE_READ : BURROW_LANE_WRITE)) return 0;
        *out = (long)(s->host_base + v);
        return 1;
    default: return 0;
    }
}

uint8_t burrow_lane_shape(const burrow_lane_row *row) {
    const burrow_lane_arg *a = row->args;
    if (a[0].op == BURROW_LANE_END) return BURROW_LANE_SHAPE_NONE;
    if (a[0].op == BURROW_LANE_FD && (a[1].op == BURROW_LANE_BUFFER_IN || a[1].op == BURROW_LANE_BUFFER_OUT) &&
        a[2].op == BURROW_LANE_COUNT && a[3].op == BURROW_LANE_END)
        return BURROW_LANE_SHAPE_FD_BUFFER_COUNT;
    return BURROW_LANE_SHAPE_GENERAL;
}

ALWAYS_INLINE int lane_prepare(burrow_lane_state *s, uint64_t number, const uint64_t *regs, burrow_host_call *out) {
    if (number >= BURROW_FAST_SLOTS) return 0;
    const burrow_lane_row *row = &s->rows[number];
    if (!row->present) return 0;
    const burrow_lane_arg *a = row->args;
    long *h = out->args;
    __builtin_memset(h, 0, sizeof out->args);   // arguments past the template's read as 0
    switch (row->shape) {
    case BURROW_LANE_SHAPE_NONE: break;
    case BURROW_LANE_SHAPE_FD_BUFFER_COUNT:
        if (!lane_arg(s, regs, &a[0], BURROW_LANE_FD, &h[0]) ||
            !lane_arg(s, regs, &a[1], a[1].op == BURROW_LANE_BUFFER_IN ? BURROW_LANE_BUFFER_IN : BURROW_LANE_BUFFER_OUT, &h[1]) ||
            !lane_arg(s, regs, &a[2], BURROW_LANE_COUNT, &h[2]))
            return 0;
        break;
    default:
        for (unsigned i = 0; i < 6 && a[i].op != BURROW_LANE_END; i++)
            if (!lane_arg(s, regs, &a[i], a[i].op, &h[i])) return 0;
    }
    out->nr = row->host_nr;
    out->interruptible = row->interruptible;
    out->quiet = 1;
    return 1;
}

int burrow_lane_prepare(burrow_lane_state *s, uint64_t number, const uint64_t *regs, burrow_host_call *out) {
    return lane_prepare(s, number, regs, out);
}

/// The thunk's call (fastpath.S), with the guest's registers in the vCPU: BURROW_FAST_HOST_CALL
/// with burrow_fast_host_call filled and the call started (rip past the patched call, as
/// GuestProcess.syscallStarts does), or 0 (the Swift dispatcher takes the call).
__attribute__((visibility("hidden"))) uint32_t burrow_fast_lane_try(burrow_vcpu *v) {
    burrow_lane_state *s = &burrow_fast_lane;
    // The guard's hand-over is made at a system call, by Swift (syscallStarts).
    if (!s->open || burrow_guard_handover_ready()) return 0;
    if (!lane_prepare(s, v->regs[BURROW_RAX] & 0xFFFFFFFFu, v->regs, &burrow_fast_host_call)) return 0;
    v->regs[BURROW_RIP] += BURROW_FAST_CALL_LENGTH;
    v->syscall_length = BURROW_FAST_CALL_LENGTH;
    v->syscall_fast = 1;
    return BURROW_FAST_HOST_CALL;
}
