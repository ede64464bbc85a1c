// thunkfloor - the fast path's floor on this machine: what the thunk alone adds to a call.
//
//   cc -O2 -I Sources/CBurrowRuntime/include -I Sources/CBurrowRuntime -o /tmp/thunkfloor \
//      bench/thunkfloor.c Sources/CBurrowRuntime/*.c Sources/CBurrowRuntime/*.S && /tmp/thunkfloor [N]
//
// Burrow's real runtime (Sources/CBurrowRuntime, the thunk of fastpath.S), no Swift: a guest loop
// calls a patched stub (`call [slot]; ret`) N times, and the direct dispatcher is a C function that
// does the least a personality can: it moves rip past the call and leaves one host call to the
// thunk, marked quiet, so the thunk sets the result itself (docs/architecture.md, "The fast path").
// Against it, natively, the same host call through a one-frame wrapper, as libc's `read` is.
//
//   read(fd, buf, 0)        the null call of bench/run's nullcall (an empty pipe)
//   write(/dev/null, 1)     write1's call
//   write, the fast lane    the same write through the real fast lane (lane.c) instead of the
//                           C dispatcher: the write template's row, a descriptor mirror, a region
//   thunk, no host call     the dispatcher answers "go on" without a host call: the state switch
//                           alone (stack, flags, MXCSR, x87 control word, 16 registers, the
//                           raw-syscall selector) against a plain call and return
//
// Rounds alternate native and thunk batches (15 rounds, N iterations each, default 200000), and
// each line prints the fastest and the median batch per call, and their difference: whatever the
// Swift side costs, a call on the fast path cannot cost less than native + that difference.
#include <burrow_runtime.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#define ROUNDS 15

// The guest: rdi = count. Calls the patched stub count times, then leaves with int 0x81 (eax 0).
__asm__(
    ".text\n"
    "floor_guest:\n"
    "   mov %rdi, %r12\n"
    "1: call floor_stub\n"
    "   dec %r12\n"
    "   jnz 1b\n"
    "   xor %eax, %eax\n int $0x81\n"
    // The lane's guest: a write's three arguments before every call (r13: fd, r14: buf), as a
    // compiled caller sets them.
    "lane_guest:\n"
    "   mov %rdi, %r12\n"
    "1: mov %r13, %rdi\n mov %r14, %rsi\n mov $1, %edx\n"
    "   call floor_stub\n"
    "   dec %r12\n"
    "   jnz 1b\n"
    "   xor %eax, %eax\n int $0x81\n"
    "   .balign 8\n"
    "floor_stub:\n"
    "   .byte 0xFF, 0x14, 0x25, 0x18, 0x00, 0x01, 0x7F\n ret\n");   // call [slot 3]; ret
extern char floor_guest[], lane_guest[];
static int lane_mode;   // through the fast lane (lane.c) instead of the dispatcher

static burrow_host_call floor_call;   // what the dispatcher defers (nr -1: no host call)

static uint32_t floor_dispatch(void *context) {
    burrow_vcpu *v = context;
    v->regs[BURROW_RIP] += BURROW_FAST_CALL_LENGTH;   // onto the stub's `ret`, as Burrow does
    if (floor_call.nr < 0) return 1;
    burrow_fast_host_call = floor_call;
    return BURROW_FAST_HOST_CALL;
}

static uint32_t floor_complete(void *context, long result) {
    (void)context;
    fprintf(stderr, "thunkfloor: the host call failed (%ld)\n", result);
    exit(1);
}

static burrow_vcpu *vcpu;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static double through_thunk(long n) {
    vcpu->regs[BURROW_RIP] = (uint64_t)(lane_mode ? lane_guest : floor_guest);
    vcpu->regs[BURROW_RDI] = (uint64_t)n;
    burrow_fast_lane.open = lane_mode;   // (leaving burrow_vcpu_run closes it)
    vcpu->regs[BURROW_RFLAGS] = 0x202;
    double t0 = now();
    uint32_t reason = burrow_vcpu_run(vcpu);
    double t = now() - t0;
    if (reason != BURROW_EXIT_SYSCALL) { fprintf(stderr, "thunkfloor: unexpected exit %u\n", reason); exit(1); }
    return t / (double)n;
}

// libc's wrappers are one frame with the `syscall` inside; so is this one.
__attribute__((noinline)) static long native_call(long nr, long a, long b, long c) {
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}
__attribute__((noinline)) static long native_nothing(long nr, long a, long b, long c) {
    __asm__ volatile("" ::: "memory");
    return nr + a + b + c;
}

static double natively(long n) {
    double t0 = now();
    for (long i = 0; i < n; i++) {
        if (floor_call.nr < 0) native_nothing(floor_call.nr, floor_call.args[0], floor_call.args[1], floor_call.args[2]);
        else if (native_call(floor_call.nr, floor_call.args[0], floor_call.args[1], floor_call.args[2]) < 0) exit(1);
    }
    return (now() - t0) / (double)n;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void line(const char *name, long n) {
    double nat[ROUNDS], thk[ROUNDS], diff[ROUNDS];
    natively(n / 10);
    through_thunk(n / 10);   // warm-up
    for (int r = 0; r < ROUNDS; r++) {
        if (r % 2) { thk[r] = through_thunk(n); nat[r] = natively(n); }
        else { nat[r] = natively(n); thk[r] = through_thunk(n); }
        diff[r] = thk[r] - nat[r];
    }
    qsort(nat, ROUNDS, sizeof nat[0], cmp);
    qsort(thk, ROUNDS, sizeof thk[0], cmp);
    qsort(diff, ROUNDS, sizeof diff[0], cmp);
    printf("%-24s native %7.1f ns (median %7.1f)   thunk %7.1f ns (median %7.1f)   %+5.1f ns (median of paired differences %+5.1f)\n",
           name, nat[0], nat[ROUNDS / 2], thk[0], thk[ROUNDS / 2], thk[0] - nat[0], diff[ROUNDS / 2]);
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 200000;
    if (n <= 0) { fprintf(stderr, "usage: thunkfloor [N]\n"); return 2; }
    burrow_set_syscall_vector(0x81);
    if (burrow_runtime_install(NULL, 0) != 0) { perror("thunkfloor: burrow_runtime_install"); return 1; }
    if (burrow_fastpath_init() != 0) { fprintf(stderr, "thunkfloor: the fast path's slot table cannot be mapped here\n"); return 1; }
    // The stub's bytes are the patched call already; init points every slot at its entry.
    vcpu = aligned_alloc(64, sizeof *vcpu);
    memset(vcpu, 0, sizeof *vcpu);
    vcpu->guest_mxcsr = 0x1F80;
    vcpu->guest_fcw = 0x037F;
    void *stack = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (stack == MAP_FAILED) { perror("thunkfloor: mmap"); return 1; }
    vcpu->regs[BURROW_RSP] = (uint64_t)stack + (1 << 16) - 64;
    burrow_fastpath_set_dispatcher(floor_dispatch, vcpu);
    burrow_fastpath_set_completer(floor_complete);

    int fds[2];
    if (pipe(fds) != 0) { perror("thunkfloor: pipe"); return 1; }
    int null = open("/dev/null", O_WRONLY);
    if (null < 0) { perror("thunkfloor: /dev/null"); return 1; }
    static char buf[1] = { 'x' };
    printf("thunkfloor: %ld calls a batch, %d rounds; fastest batch per call (median)\n", n, ROUNDS);
    floor_call = (burrow_host_call){ .nr = SYS_read, .args = { fds[0], (long)buf, 0 }, .interruptible = 1, .quiet = 1 };
    line("read(fd, buf, 0)", n);
    floor_call = (burrow_host_call){ .nr = SYS_write, .args = { null, (long)buf, 1 }, .interruptible = 1, .quiet = 1 };
    line("write(/dev/null, 1)", n);
    // The same write through the fast lane: guest descriptor 1 is /dev/null, the buffer lies in
    // a readable region, and the row is write's (fd, buffer in, count), as Burrow's template.
    static int32_t lane_fds[2] = { -1, -1 };
    lane_fds[1] = null;
    static burrow_lane_region lane_region;
    lane_region = (burrow_lane_region){ (uint64_t)buf & ~4095ull, ((uint64_t)buf & ~4095ull) + 4096, BURROW_LANE_READ };
    burrow_lane_arg fd = { .mask = ~0ull, .op = BURROW_LANE_FD, .reg = BURROW_RDI, .shift = 32 };
    burrow_lane_arg in = { .mask = ~0ull, .length_mask = ~0ull, .op = BURROW_LANE_BUFFER_IN, .reg = BURROW_RSI,
                           .length_reg = BURROW_RDX, .arg = 1, .length_arg = 2 };
    burrow_lane_arg count = { .mask = ~0ull, .op = BURROW_LANE_COUNT, .reg = BURROW_RDX, .arg = 2 };
    burrow_lane_row *row = &burrow_fast_lane.rows[3];
    memset(burrow_fast_lane.rows, 0, sizeof burrow_fast_lane.rows);   // no other row
    *row = (burrow_lane_row){ .host_nr = SYS_write, .present = 1, .interruptible = 1, .args = { fd, in, count } };
    row->shape = burrow_lane_shape(row);
    burrow_fast_lane.fds = lane_fds;
    burrow_fast_lane.nfds = 2;
    burrow_fast_lane.regions = &lane_region;
    burrow_fast_lane.nregions = 1;
    burrow_fast_lane.limit = ~0ull;
    burrow_fast_lane.max_transfer = 0x7ffff000;
    vcpu->regs[BURROW_R13] = 1;
    vcpu->regs[BURROW_R14] = (uint64_t)buf;
    lane_mode = 1;
    line("write, the fast lane", n);
    lane_mode = 0;
    floor_call = (burrow_host_call){ .nr = -1 };
    line("thunk, no host call", n);
    return 0;
}
