// burrow-runtime-check: tests of CBurrowRuntime on its own (the trap entry, the entry and exit
// trampolines, the interruptible host call), with tiny guests written in assembly below and a
// minimal run loop standing in for BurrowVMM. Each scenario runs in child processes, because trap
// handlers, signal dispositions and the pending set belong to a whole process.
//
// The window scenarios are deterministic: the parent single-steps a child with ptrace and delivers a
// signal at EVERY instruction boundary of the path under test (from the run loop's pending check,
// through the entry trampoline, into the guest), one child per boundary, and checks the outcome
// each time. The storm scenarios send 100,000 signals.
//
// Usage: burrow-runtime-check [SCENARIO...]   (no argument: all).
// `burrow-runtime-check fastpath-window BURROW GUEST [--no-fast-path]` is the fast path's
// mov/int window against the real burrow (fastpath_window.c; run by the integration tests). Prints one line per scenario and
// ends with "N passed, N failed"; exit status 0 only when all passed.
#define _GNU_SOURCE
#include "burrow_runtime.h"

#include <asm/processor-flags.h>   // X86_EFLAGS_TF
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// ---------------------------------------------------------------------------------------------
// Guests. Each ends with `int 0x81` and rax = 0 (exit) and rdi = the result the child exits with.
// Other "system calls" of the mini run loop: rax = 1 does nothing; rax = 2 makes the host do
// unaligned accesses (AC check); rax = 3 makes the host compute with x87 and SSE (x87/MMX check).
__asm__(
    ".text\n"
    // Spins forever: only a signal ends it.
    ".globl guest_spin\n guest_spin:\n"
    "   jmp guest_spin\n"
    // Calls "system call 1" forever.
    ".globl guest_calls\n guest_calls:\n"
    "   mov $1, %eax\n int $0x81\n jmp guest_calls\n"
    // Loads a pattern into ymm5 and two values on the x87 stack, counts down ecx, then checks both
    // and exits 0 when intact (1 when ymm5 changed, 2 when the x87 stack changed).
    ".globl guest_vector\n guest_vector:\n"
    "   vmovdqu vector_pattern(%rip), %ymm5\n"
    "   fldpi\n fld1\n"
    ".globl guest_vector_loop\n guest_vector_loop:\n"
    "   dec %ecx\n jnz guest_vector_loop\n"
    ".globl guest_vector_loop_end\n guest_vector_loop_end:\n"
    "   vmovdqu %ymm5, vector_out(%rip)\n"
    "   fstpt x87_out(%rip)\n fstpt x87_out+16(%rip)\n"
    "   mov $4, %eax\n int $0x81\n"
    // Sets RFLAGS.AC, makes call 2 (the host then does unaligned accesses), then exits with the AC
    // bit it sees afterwards (0x40000 expected: the guest's flags come back).
    ".globl guest_ac\n guest_ac:\n"
    "   pushfq\n orl $0x40000, (%rsp)\n popfq\n"
    "   mov $2, %eax\n int $0x81\n"
    "   pushfq\n pop %rdi\n shr $18, %edi\n and $1, %edi\n"
    "   mov $0, %eax\n int $0x81\n"
    // Fills the x87 stack and uses MMX, makes call 3 (the host computes in x87 and SSE), exits 0.
    ".globl guest_x87\n guest_x87:\n"
    "   fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n"
    "   movq %rax, %mm0\n"
    "   mov $3, %eax\n int $0x81\n"
    "   mov $0, %eax\n xor %edi, %edi\n int $0x81\n"
    // sysenter with an invalid number (on Intel the kernel runs a 32-bit system call first).
    ".globl guest_sysenter\n guest_sysenter:\n"
    "   mov $0xffff, %eax\n"
    ".globl guest_sysenter_insn\n guest_sysenter_insn:\n"
    "   sysenter\n"
    "   ud2\n"
    // Far return into 32-bit code (selector 0x23) at the address in rdi, which holds ud2.
    ".globl guest_compat\n guest_compat:\n"
    "   pushq $0x23\n push %rdi\n lretq\n"
    // int 0x81 with prefixes (0x66, then 0xF3 0x40): the run loop must not assume 2 bytes. The
    // C side leaves rip AT the instruction; the mini loop here decodes the length like BurrowVMM.
    ".globl guest_prefixed\n guest_prefixed:\n"
    "   mov $1, %eax\n .byte 0x66, 0xcd, 0x81\n"
    "   mov $1, %eax\n .byte 0xf3, 0x40, 0xcd, 0x81\n"
    "   mov $0, %eax\n mov $7, %edi\n int $0x81\n"
    // int 0x82 (the hypercall vector here) adds 10 to rdi in the mini loop; then exit(rdi).
    ".globl guest_hypercall\n guest_hypercall:\n"
    "   mov $5, %edi\n int $0x82\n"
    "   mov $0, %eax\n int $0x81\n"
    // int 0x83: a vector nobody gave a meaning to, an ordinary fault.
    ".globl guest_int83\n guest_int83:\n"
    "   int $0x83\n"
    ".data\n .balign 32\n"
    ".globl vector_pattern\n vector_pattern: .quad 0x1111111111111111, 0x2222222222222222, 0x3333333333333333, 0x4444444444444444\n"
    ".globl vector_out\n vector_out: .quad 0, 0, 0, 0\n"
    ".globl x87_out\n x87_out: .quad 0, 0, 0, 0\n"
    ".text\n");

extern char guest_spin[], guest_calls[], guest_vector[], guest_vector_loop[], guest_vector_loop_end[];
extern char guest_hypercall[], guest_int83[];
extern char guest_ac[], guest_x87[], guest_sysenter[], guest_sysenter_insn[], guest_compat[], guest_prefixed[];
extern uint64_t vector_pattern[4], vector_out[4];
extern unsigned char x87_out[32];
// The runtime's own labels (hidden symbols of the same link unit).
extern char burrow_enter_guest[], burrow_enter_guest_end[];
extern char burrow_safe_syscall_start[], burrow_safe_syscall_end[];

static const int host_signals[] = { SIGTERM, SIGWINCH, SIGUSR1 };

static burrow_vcpu *new_vcpu(void (*entry)(void), uint64_t rdi, uint64_t rcx) {
    burrow_vcpu *v = aligned_alloc(64, sizeof *v);
    memset(v, 0, sizeof *v);
    v->guest_mxcsr = 0x1F80;
    v->guest_fcw = 0x037F;
    void *stack = mmap(NULL, 1 << 16, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    v->regs[BURROW_RSP] = (uint64_t)stack + (1 << 16) - 64;
    v->regs[BURROW_RIP] = (uint64_t)entry;
    v->regs[BURROW_RFLAGS] = 0x202;
    v->regs[BURROW_RDI] = rdi;
    v->regs[BURROW_RCX] = rcx;
    return v;
}

static int is_prefix(unsigned char b) {
    return b == 0x66 || b == 0x67 || b == 0xF2 || b == 0xF3 || b == 0x2E || b == 0x36 || b == 0x3E ||
           b == 0x26 || b == 0x64 || b == 0x65 || (b >= 0x40 && b <= 0x4F);
}

static void host_unaligned_work(void) {
    // Plain unaligned loads and stores: with RFLAGS.AC left on, the first one raises SIGBUS.
    static unsigned char buf[64];
    for (int i = 1; i < 40; i += 3) {
        volatile uint64_t *p = (volatile uint64_t *)(void *)(buf + i);
        *p = (uint64_t)i * 0x0101010101010101ull;
        if (*p != (uint64_t)i * 0x0101010101010101ull) _exit(90);
    }
    uint64_t flags;
    __asm__ volatile("pushfq; pop %0" : "=r"(flags));
    if (flags & 0x40000) _exit(91);   // Burrow's own code must run with AC clear
}

static void host_float_work(void) {
    volatile long double x = 1.5L;   // x87
    x = x * 3.0L + 0.25L;
    volatile double y = 1.5;         // SSE
    y = y * 3.0 + 0.25;
    if (x != 4.75L) _exit(92);
    if (y != 4.75) _exit(93);
}

/// Floating point whose result is inexact: MXCSR's PE (and the x87 PE) set, as Burrow's own Swift
/// code may leave them.
static void inexact_float_work(void) {
    volatile double y = 1.0;
    y = y / 3.0;
    volatile long double x = 1.0L;
    x = x / 3.0L;
    if (x <= 0.333L) _exit(92);
    if (y <= 0.333) _exit(93);
}

/// Whether the control words read in Burrow's code are the host's as far as they control anything:
/// the x87 control word whole, MXCSR but for its exception flags (bits 0-5).
static int host_control_words(const burrow_vcpu *v, uint32_t mxcsr, uint16_t fcw) {
    return ((mxcsr ^ v->host_mxcsr) & ~0x3Fu) == 0 && fcw == v->host_fcw;
}

/// guest_vector's result: 0 intact, 1 ymm5 changed, 2 the x87 stack changed.
static int vector_check(void) {
    if (memcmp(vector_out, vector_pattern, 32) != 0) return 1;
    long double one = 1.0L, pi;
    __asm__ volatile("fldpi; fstpt %0" : "=m"(pi));
    if (memcmp(x87_out, &one, 10) != 0 || memcmp(x87_out + 16, &pi, 10) != 0) return 2;
    return 0;
}

// The fast path's calls (fast_scenarios.h): 1 = go on, 0 = exit with mini_fast_exit_status.
static int mini_fast_call(burrow_vcpu *v);
static int mini_fast_exit_status = -1;
uint32_t mini_complete(void *context, long result);   // the deferred host call's completer
// A guest fault a scenario expects (fast_trap_scenarios.h): 1 = resume the guest.
static int mini_fault(burrow_vcpu *v);
extern char guest_fast_sysret[];

// The mini run loop: what BurrowVMM's GuestProcess.run does, minus the personality. A pending
// SIGTERM ends the process by SIGTERM; SIGWINCH and SIGUSR1 are ignored (resume).
__attribute__((noreturn)) static void run_loop(burrow_vcpu *v) {
    for (;;) {
        uint32_t reason = burrow_vcpu_run(v);
        // Burrow's real code (Swift, libc's AVX string functions) uses vector registers after every
        // exit; do the same here so that state the runtime failed to save cannot survive by luck.
        __asm__ volatile("vzeroall" ::: "memory");
        if (reason == BURROW_EXIT_FAST_SYSCALL) {
            // Through the run loop (no direct dispatcher): the same call as the direct dispatch
            // makes, a deferred host call included (made here, then completed).
            int r = mini_fast_call(v);
            if (r == BURROW_FAST_HOST_CALL) {
                long result = burrow_host_call_run(&burrow_fast_host_call);
                if (burrow_fast_host_call.quiet && result >= 0) {   // the quiet end, as the thunk makes it
                    v->regs[BURROW_RAX] = (uint64_t)result;
                    v->regs[BURROW_RDX] = 0;
                    v->regs[BURROW_RFLAGS] &= ~1ull;
                    r = 1;
                } else {
                    r = (int)mini_complete(v, result);
                }
            }
            if (!r && mini_fast_exit_status >= 0) _exit(mini_fast_exit_status);
        } else if (reason == BURROW_EXIT_FAST_DONE) {
            // The direct dispatcher handled the call; it asked for the run loop (an exit, a pending
            // signal, or an entry the long way).
            if (mini_fast_exit_status >= 0) _exit(mini_fast_exit_status);
        } else if (reason == BURROW_EXIT_SYSCALL) {
            const unsigned char *ip = (const unsigned char *)v->regs[BURROW_RIP];
            int n = 0;
            while (n < 13 && is_prefix(ip[n])) n++;
            if (ip[n] != 0xCD || ip[n + 1] != 0x81) _exit(94);
            v->regs[BURROW_RIP] += (uint64_t)n + 2;
            switch (v->regs[BURROW_RAX]) {
            case 0: _exit((int)v->regs[BURROW_RDI]);
            case 1: break;
            case 2: host_unaligned_work(); break;
            case 3: host_float_work(); break;
            case 4: _exit(vector_check());
            default: _exit(95);
            }
        } else if (reason == BURROW_EXIT_LINUX_SYSCALL && v->regs[BURROW_RIP] == (uint64_t)guest_fast_sysret) {
            v->regs[BURROW_RAX] = 0x5150;   // caught by the raw-syscall guard (fast_scenarios.h)
        } else if (reason == BURROW_EXIT_HYPERCALL) {
            const unsigned char *ip = (const unsigned char *)v->regs[BURROW_RIP];
            if (ip[0] != 0xCD || ip[1] != 0x82) _exit(97);
            v->regs[BURROW_RIP] += 2;
            v->regs[BURROW_RDI] += 10;
        } else if ((reason == BURROW_EXIT_FAULT || reason == BURROW_EXIT_GP) && mini_fault(v)) {
            // expected by the scenario: the guest goes on
        } else if (reason != BURROW_EXIT_HOST_SIGNAL) {
            // A guest fault: report it through the exit status for the parent to check.
            if (v->trap_cs != burrow_host_cs()) _exit(60);
            if (reason == BURROW_EXIT_GP && v->signo == SIGILL && v->regs[BURROW_RIP] == (uint64_t)guest_sysenter_insn) _exit(61);
            _exit(62);
        }
        // Every exit record names the mode the guest was in; these guests never leave 64-bit mode
        // (an entry abandoned for a pending signal included).
        if (reason == BURROW_EXIT_HOST_SIGNAL && v->trap_cs != burrow_host_cs()) _exit(63);
        uint64_t pending = burrow_take_pending_signals();
        if (pending & (1ull << SIGTERM)) burrow_die_by_signal(SIGTERM);
    }
}

// Under ptrace, each body stops itself (SIGSTOP) right before the part under test, after its set-up,
// so that the parent single-steps only what matters.
static int traced;
static void checkpoint(void) { if (traced) raise(SIGSTOP); }

static void install(void) {
    burrow_set_syscall_vector(0x81);   // the guests below use int 0x81, ToyOS's vector
    burrow_set_trap_vector(0x82, BURROW_EXIT_HYPERCALL);   // and int 0x82 as ToyOS's hypercall
    if (burrow_runtime_install(host_signals, 3) != 0) _exit(96);
    burrow_set_interrupt_mask(1ull << SIGTERM);
}

// ---------------------------------------------------------------------------------------------
// ptrace helpers.

static uint64_t rip_of(pid_t pid) {
    struct user_regs_struct r;
    ptrace(PTRACE_GETREGS, pid, 0, &r);
    return r.rip;
}

static int step(pid_t pid) {
    if (ptrace(PTRACE_SINGLESTEP, pid, 0, 0) != 0) return -1;
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st)) return -1;
    if (WSTOPSIG(st) != SIGTRAP && getenv("BURROW_CHECK_DEBUG")) fprintf(stderr, "step: stopped by signal %d\n", WSTOPSIG(st));
    return WSTOPSIG(st) == SIGTRAP ? 0 : -1;
}

/// Runs a stopped traced child until it reaches `addr` (a temporary int3 there), delivering `sig`
/// first. Returns 0 when stopped at addr, with the original byte back in place.
static int run_to(pid_t pid, uint64_t addr, int sig) {
    errno = 0;
    long orig = ptrace(PTRACE_PEEKTEXT, pid, (void *)addr, 0);
    if (errno != 0) return -1;
    if (ptrace(PTRACE_POKETEXT, pid, (void *)addr, (void *)((orig & ~0xffL) | 0xcc)) != 0) return -1;
    for (;;) {
        if (ptrace(PTRACE_CONT, pid, 0, sig) != 0) return -1;
        int st;
        if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st)) return -1;
        if (WSTOPSIG(st) == SIGTRAP) break;
        sig = WSTOPSIG(st);
    }
    ptrace(PTRACE_POKETEXT, pid, (void *)addr, (void *)orig);
    struct user_regs_struct r;
    ptrace(PTRACE_GETREGS, pid, 0, &r);
    if (r.rip != addr + 1) return -1;
    r.rip = addr;
    ptrace(PTRACE_SETREGS, pid, 0, &r);
    return 0;
}

/// Lets a traced child run to its end, passing every signal on, and kills it after `seconds`.
/// Returns the wait status.
static int finish(pid_t pid, int first_signal, int seconds) {
    int sig = first_signal;
    time_t deadline = time(NULL) + seconds;
    // A single-stepped popf (the fast path's thunk has two) makes the kernel treat TF as the
    // program's own, and PTRACE_CONT then leaves it set: the child would trap at every
    // instruction. No program here sets TF itself.
    struct user_regs_struct r;
    if (ptrace(PTRACE_GETREGS, pid, 0, &r) == 0 && (r.eflags & 0x100)) {
        r.eflags &= ~0x100ull;
        ptrace(PTRACE_SETREGS, pid, 0, &r);
    }
    for (;;) {
        if (ptrace(PTRACE_CONT, pid, 0, sig) != 0) { /* not stopped: fall through to wait */ }
        sig = 0;
        int st;
        for (;;) {
            pid_t r = waitpid(pid, &st, WNOHANG);
            if (r == pid) break;
            if (time(NULL) > deadline) {
                kill(pid, SIGKILL);
                waitpid(pid, &st, 0);
                return -1;   // hung: the signal was lost
            }
            usleep(1000);
        }
        if (WIFEXITED(st) || WIFSIGNALED(st)) return st;
        if (WIFSTOPPED(st)) sig = WSTOPSIG(st) == SIGTRAP ? 0 : WSTOPSIG(st);
        if (WIFSTOPPED(st) && getenv("BURROW_CHECK_DEBUG")) {
            struct user_regs_struct r;
            ptrace(PTRACE_GETREGS, pid, 0, &r);
            fprintf(stderr, "  stop %d at %#llx flags %#llx\n", WSTOPSIG(st), r.rip, r.eflags);
        }
    }
}

static pid_t spawn_traced(void (*body)(void)) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        traced = 1;
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        body();
        _exit(97);
    }
    int st;
    waitpid(pid, &st, 0);   // the SIGSTOP
    return pid;
}

static const char *describe(int st) {
    static char buf[64];
    if (st == -1) snprintf(buf, sizeof buf, "hung (killed after the timeout)");
    else if (WIFEXITED(st)) snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(st));
    else if (WIFSIGNALED(st)) snprintf(buf, sizeof buf, "signal %d", WTERMSIG(st));
    else snprintf(buf, sizeof buf, "status 0x%x", st);
    return buf;
}

// ---------------------------------------------------------------------------------------------
// Scenarios. Each returns 0 on success and prints why it failed otherwise.

static void start(void (*entry)(void), uint64_t rdi, uint64_t rcx) {
    install();
    burrow_vcpu *v = new_vcpu(entry, rdi, rcx);
    checkpoint();
    run_loop(v);
}

static void body_spin(void) { start((void (*)(void))guest_spin, 0, 0); }

/// SIGTERM delivered at every instruction boundary from the run loop's pending check to the
/// guest's first instruction: the process must die by SIGTERM every time.
static int scenario_window_term(void) {
    // Count the boundaries from the stop to the first guest instruction.
    pid_t pid = spawn_traced(body_spin);
    int total = 0, in_trampoline = 0;
    while (rip_of(pid) != (uint64_t)guest_spin && total < 100000) {
        if (step(pid) != 0) { printf("  cannot single-step\n"); kill(pid, SIGKILL); return 1; }
        total++;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    int failures = 0;
    for (int k = 0; k <= total + 2; k++) {
        pid = spawn_traced(body_spin);
        for (int i = 0; i < k; i++) step(pid);
        uint64_t rip = rip_of(pid);
        if (rip >= (uint64_t)burrow_enter_guest && rip < (uint64_t)burrow_enter_guest_end) in_trampoline++;
        int st = finish(pid, SIGTERM, 20);
        if (!(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM)) {
            if (failures++ < 5) printf("  SIGTERM at boundary %d (rip %#lx): %s\n", k, (unsigned long)rip, describe(st));
        }
    }
    printf("  %d boundaries (%d inside the entry trampoline), %d failures\n", total + 3, in_trampoline, failures);
    if (in_trampoline < 20) { printf("  too few boundaries inside the trampoline: the test does not cover it\n"); return 1; }
    return failures != 0;
}

static void body_vector(void) { start((void (*)(void))guest_vector, 0, 2000); }

/// Two asynchronous exits back to back: the first while the guest computes with ymm5 and the x87
/// stack loaded, the second at each boundary of the re-entry (after the saved image was restored
/// into the CPU, before the guest runs). The guest must find its vector and x87 state intact.
static int scenario_window_vector(void) {
    // Boundaries of the re-entry: from burrow_enter_guest to the guest's next instruction.
    int total = -1;
    int failures = 0, in_trampoline = 0;
    for (int k = 0; total < 0 || k <= total; k++) {
        pid_t pid = spawn_traced(body_vector);
        // Into the guest's loop; then the first asynchronous exit, and on to the re-entry.
        if (run_to(pid, (uint64_t)guest_vector_loop, 0) != 0 || run_to(pid, (uint64_t)burrow_enter_guest, SIGWINCH) != 0) {
            printf("  cannot drive the child to the re-entry\n");
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            return 1;
        }
        int st;
        if (total < 0) {
            // First round: count the re-entry's boundaries, then run this child to its end.
            total = 0;
            while (!(rip_of(pid) >= (uint64_t)guest_vector && rip_of(pid) < (uint64_t)guest_vector_loop_end) && total < 100000) {
                step(pid);
                total++;
            }
            st = finish(pid, 0, 20);
            if (!(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
                printf("  one asynchronous exit: %s\n", describe(st));
                return 1;
            }
            k = -1;
            continue;
        }
        for (int i = 0; i < k; i++) step(pid);
        uint64_t rip = rip_of(pid);
        if (rip >= (uint64_t)burrow_enter_guest && rip < (uint64_t)burrow_enter_guest_end) in_trampoline++;
        st = finish(pid, SIGWINCH, 20);
        if (!(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
            if (failures++ < 5) printf("  second exit at boundary %d (rip %#lx): %s%s\n", k, (unsigned long)rip, describe(st),
                                       st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 1 ? " (ymm5 lost)" : "");
        }
    }
    printf("  %d boundaries of the re-entry (%d inside the trampoline), %d failures\n", total + 1, in_trampoline, failures);
    if (in_trampoline < 20) { printf("  too few boundaries inside the trampoline\n"); return 1; }
    return failures != 0;
}

static int safe_pipe[2];

static void body_safe(void) {
    install();
    char c;
    checkpoint();
    long r = burrow_blocking_read(safe_pipe[0], &c, 1);
    if (r == -EINTR && (burrow_peek_pending_signals() & (1ull << SIGTERM))) _exit(0);
    _exit(r == -EINTR ? 2 : 3);
}

/// A blocking read that nothing will ever satisfy; SIGTERM delivered at every boundary before the
/// kernel is entered, and once while the call blocks in the kernel: the call must always return
/// EINTR with SIGTERM pending (QEMU's safe_syscall guarantee).
static int scenario_safe_syscall(void) {
    if (pipe(safe_pipe) != 0) return 1;
    pid_t pid = spawn_traced(body_safe);
    int total = 0;
    uint64_t syscall_insn = (uint64_t)burrow_safe_syscall_end - 2;
    while (rip_of(pid) != syscall_insn && total < 100000) { step(pid); total++; }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    int failures = 0, in_range = 0;
    for (int k = 0; k <= total; k++) {
        pid = spawn_traced(body_safe);
        for (int i = 0; i < k; i++) step(pid);
        uint64_t rip = rip_of(pid);
        if (rip >= (uint64_t)burrow_safe_syscall_start && rip < (uint64_t)burrow_safe_syscall_end) in_range++;
        int st = finish(pid, SIGTERM, 20);
        if (!(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
            if (failures++ < 5) printf("  SIGTERM at boundary %d (rip %#lx): %s\n", k, (unsigned long)rip, describe(st));
        }
    }
    // Blocked in the kernel: the ordinary EINTR (no SA_RESTART).
    pid = spawn_traced(body_safe);
    ptrace(PTRACE_CONT, pid, 0, 0);
    usleep(20000);
    kill(pid, SIGTERM);
    // Wait for SIGTERM's stop and pass it on: a first PTRACE_CONT with no signal would suppress
    // it if the stop came first (a race that load made visible).
    int st0, st = -1;
    if (waitpid(pid, &st0, 0) == pid) st = WIFSTOPPED(st0) ? finish(pid, WSTOPSIG(st0), 20) : st0;
    if (!(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)) { failures++; printf("  SIGTERM while blocked: %s\n", describe(st)); }
    printf("  %d boundaries (%d inside the interruptible range) and one in the kernel, %d failures\n", total + 1, in_range, failures);
    if (in_range < 3) { printf("  the interruptible range was not covered\n"); return 1; }
    return failures != 0;
}

static pid_t spawn(void (*body)(void)) {
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) { body(); _exit(97); }
    return pid;
}

static int wait_for(pid_t pid, int seconds) {
    time_t deadline = time(NULL) + seconds;
    int st;
    for (;;) {
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid) return st;
        if (time(NULL) > deadline) { kill(pid, SIGKILL); waitpid(pid, &st, 0); return -1; }
        usleep(1000);
    }
}

/// 100,000 signals the guest ignores, then SIGTERM, to a guest that spins or one that loops on
/// calls: the process survives the storm and then dies by SIGTERM.
static int storm(void (*body)(void), const char *what) {
    pid_t pid = spawn(body);
    usleep(20000);
    for (int i = 0; i < 100000; i++) kill(pid, (i & 1) ? SIGWINCH : SIGUSR1);
    int st;
    if (waitpid(pid, &st, WNOHANG) == pid) { printf("  %s: died during the storm: %s\n", what, describe(st)); return 1; }
    kill(pid, SIGTERM);
    st = wait_for(pid, 30);
    if (!(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM)) { printf("  %s: after the storm, SIGTERM gave %s\n", what, describe(st)); return 1; }
    return 0;
}

static void body_calls(void) { start((void (*)(void))guest_calls, 0, 0); }
static void body_vector_long(void) { start((void (*)(void))guest_vector, 0, 0x7fffffff); }

static int scenario_storm(void) {
    int bad = storm(body_spin, "spinning guest") + storm(body_calls, "guest making calls");
    // Vector state under a storm: the guest checks ymm5 and the x87 stack when its count ends.
    pid_t pid = spawn(body_vector_long);
    usleep(20000);
    for (int i = 0; i < 100000; i++) kill(pid, SIGWINCH);
    int st = wait_for(pid, 60);
    if (!(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)) { printf("  vector guest under a storm: %s\n", describe(st)); bad++; }
    return bad != 0;
}

static int run_one(void (*body)(void), int expect_exit, const char *what) {
    pid_t pid = spawn(body);
    int st = wait_for(pid, 20);
    if (!(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == expect_exit)) {
        printf("  %s: %s (expected exit %d)\n", what, describe(st), expect_exit);
        return 1;
    }
    return 0;
}

static void body_ac(void) { start((void (*)(void))guest_ac, 0, 0); }
static void body_x87(void) { start((void (*)(void))guest_x87, 0, 0); }
static void body_prefixed(void) { start((void (*)(void))guest_prefixed, 0, 0); }
static void body_hypercall(void) { start((void (*)(void))guest_hypercall, 0, 0); }
static void body_int83(void) { start((void (*)(void))guest_int83, 0, 0); }
static void body_sysenter(void) { start((void (*)(void))guest_sysenter, 0, 0); }
static void body_compat(void) {
    // 32-bit code must lie below 4 GiB: one page holding ud2.
    unsigned char *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (code == MAP_FAILED) _exit(98);
    code[0] = 0x0F; code[1] = 0x0B;
    start((void (*)(void))guest_compat, (uint64_t)code, 0);
}

/// A guest that sets RFLAGS.AC and makes a call: Burrow's code runs with AC clear (unaligned
/// accesses do not fault), and the guest gets its AC back.
static int scenario_ac(void) { return run_one(body_ac, 1, "AC set at a call"); }
/// A guest that fills the x87 stack and leaves MMX in use: Burrow's own x87 and SSE arithmetic
/// after the exit is still right.
static int scenario_x87(void) { return run_one(body_x87, 0, "x87 stack full and MMX in use at a call"); }
/// int 0x81 with prefixes resumes after its real length.
static int scenario_prefixed(void) { return run_one(body_prefixed, 7, "prefixed int 0x81"); }

/// The vector table: int 0x82 is a hypercall exit with rip at the instruction; int 0x83, which no
/// entry names, an ordinary fault.
static int scenario_trap_vectors(void) {
    return run_one(body_hypercall, 15, "int 0x82 as the hypercall vector") + run_one(body_int83, 62, "int 0x83 (no meaning)") != 0;
}

/// sysenter: on AMD a #UD at the instruction (exit 61); on Intel the kernel's 32-bit entry returns
/// to a landing pad with the 32-bit code selector (exit 60). Either way Burrow's own code resumes
/// in 64-bit mode. And, on every CPU, a fault in 32-bit code after a far return to selector 0x23.
static int scenario_sysenter(void) {
    pid_t pid = spawn(body_sysenter);
    int st = wait_for(pid, 20);
    int bad = 0;
    if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 61) printf("  sysenter: #UD at the instruction (this CPU refuses it in 64-bit mode, as AMD does)\n");
    else if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 60) printf("  sysenter: came back in 32-bit mode (Intel's compat entry); Burrow resumed in 64-bit mode\n");
    else { printf("  sysenter: %s\n", describe(st)); bad++; }
    bad += run_one(body_compat, 60, "fault in 32-bit code (selector 0x23)");
    return bad != 0;
}

static void body_safe_copy(void) {
    install();
    // A 10-byte file mapped over two pages: the second page raises SIGBUS when touched.
    char path[] = "/tmp/burrow-runtime-check-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, "0123456789", 10) != 10) _exit(80);
    unlink(path);
    unsigned char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) _exit(81);
    unsigned char buf[64];
    if (burrow_safe_copy(buf, m, 10) != 0 || memcmp(buf, "0123456789", 10) != 0) _exit(82);
    // From the last 16 bytes of the good page into the bad one: 16 copied, 48 not.
    if (burrow_safe_copy(buf, m + 4096 - 16, 64) != 48) _exit(83);
    if (burrow_safe_copy(m + 4096, buf, 8) != 8) _exit(84);           // writing faults too
    // The short copy (sixteen bytes a step, the last sixteen overlapping): for every length and
    // every start up to the bad page, 0 and the bytes exactly when all of them lie before it,
    // nonzero when one lies on it, reading or writing.
    for (int i = 0; i < 4096; i++) m[i] = (unsigned char)(i * 7 + 1);
    unsigned char big[128];
    for (int k = 0; k <= 96; k++) {
        for (size_t n = 0; n <= 96; n++) {
            const unsigned char *src = m + 4096 - k;
            memset(big, 0, sizeof big);
            size_t r = burrow_safe_copy_short(big, src, n);
            if ((r == 0) != (n <= (size_t)k)) _exit(89);
            if (r == 0 && memcmp(big, src, n) != 0) _exit(90);
            if ((burrow_safe_copy_short(m + 4096 - k, big, n) == 0) != (n <= (size_t)k)) _exit(91);
        }
    }
    memset(m, 0, 4096);                 // the file's bytes again for the checks below
    memcpy(m, "0123456789", 10);
    memset(m + 4096 - 32, 'x', 32);
    if (burrow_safe_strnlen((const char *)(m + 4096 - 32), 100) != -1) _exit(85);   // runs into the bad page
    if (burrow_safe_strnlen((const char *)m, 100) != 10) _exit(86);     // the NUL after the file's bytes
    if (burrow_safe_strnlen((const char *)(m + 4096 - 32), 20) != 20) _exit(87);
    // Every start alignment, NUL position and max up to the bad page (the scan reads a word at a
    // time once aligned: the answer must still be exact to the byte, and the fault only come
    // when a byte it needs is on the bad page).
    for (int k = 1; k <= 24; k++) {
        const char *str = (const char *)(m + 4096 - k);
        for (int nul = -1; nul < k; nul++) {
            memset(m + 4096 - 32, 'x', 32);
            if (nul >= 0) m[4096 - k + nul] = 0;
            for (int max = 0; max <= k + 9; max++) {
                long want = nul >= 0 && nul < max ? nul : max <= k ? max : -1;
                if (burrow_safe_strnlen(str, (size_t)max) != want) _exit(88);
            }
        }
    }
    _exit(0);
}

/// The pipe a reporting child (run_reporting) writes its report to: [1] is the child's end.
static int report_pipe[2];
static void crash_hook_for_test(void) {
    ssize_t r = write(report_pipe[1], "hook ran\n", 9);
    (void)r;
}

static void body_internal_fault(void) {
    install();
    close(report_pipe[0]);
    burrow_set_diagnostics_fd(report_pipe[1]);
    burrow_set_crash_hook(crash_hook_for_test);
    close(2);   // the guest may have closed fd 2: the report must not need it
    volatile int *volatile p = NULL;
    *p = 1;     // a bug in "Burrow": not in guest code, not a guarded copy
    _exit(0);
}

/// Burrow's copies of guest memory survive pages that fault (a file mapping past the end of its
/// file): burrow_safe_copy reports the bytes not copied, burrow_safe_copy_short that some were not,
/// burrow_safe_strnlen -1.
static int scenario_safe_copy(void) { return run_one(body_safe_copy, 0, "fault-tolerant copy"); }

/// Reads what the child `pid` writes to `fd` until it closes its end, into `out` (NUL-terminated),
/// with a deadline: a child that hangs is killed and fails the caller's checks instead of blocking.
static void read_report(int fd, char *out, size_t size, pid_t pid, int seconds) {
    size_t n = 0;
    time_t deadline = time(NULL) + seconds;
    while (n < size - 1 && time(NULL) <= deadline) {
        struct pollfd pfd = { fd, POLLIN, 0 };
        if (poll(&pfd, 1, 1000) < 0) break;
        if (!(pfd.revents & (POLLIN | POLLHUP))) continue;
        ssize_t r = read(fd, out + n, size - 1 - n);
        if (r <= 0) break;
        n += (size_t)r;
    }
    if (n < size - 1 && time(NULL) > deadline) kill(pid, SIGKILL);
    out[n] = 0;
}

/// Runs `body` in a child that writes its report to report_pipe[1]; reads the report into `out`
/// (read_report's deadline) and returns the child's wait status (-1: it did not end in time).
static int run_reporting(void (*body)(void), char *out, size_t size) {
    if (pipe(report_pipe) != 0) { out[0] = 0; return -1; }
    pid_t pid = spawn(body);
    close(report_pipe[1]);
    read_report(report_pipe[0], out, size, pid, 20);
    close(report_pipe[0]);
    return wait_for(pid, 20);
}

/// A fault in Burrow's own code: one line "internal error" on Burrow's private stderr (fd 2 is
/// closed), the crash hook (the tracer's flush) runs, and the process dies by the same signal.
static int scenario_internal_fault(void) {
    char out[512];
    int st = run_reporting(body_internal_fault, out, sizeof out);
    int bad = 0;
    if (!(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV)) { printf("  died with %s, expected SIGSEGV\n", describe(st)); bad++; }
    if (!strstr(out, "burrow: internal error: SIGSEGV in Burrow's own code")) { printf("  report: \"%s\"\n", out); bad++; }
    if (!strstr(out, "hook ran\n")) { printf("  the crash hook did not run\n"); bad++; }
    return bad != 0;
}

#include "compat_scenarios.h"
#include "fast_scenarios.h"
#include "fast_trap_scenarios.h"
#include "fast_host_call.h"
#include "fast_lane_scenarios.h"

struct scenario { const char *name; int (*run)(void); };
static const struct scenario scenarios[] = {
    { "window-term", scenario_window_term },
    { "window-vector", scenario_window_vector },
    { "safe-syscall", scenario_safe_syscall },
    { "storm", scenario_storm },
    { "ac", scenario_ac },
    { "x87", scenario_x87 },
    { "prefixed", scenario_prefixed },
    { "trap-vectors", scenario_trap_vectors },
    { "sysenter", scenario_sysenter },
    { "safe-copy", scenario_safe_copy },
    { "internal-error", scenario_internal_fault },
    { "compat", scenario_compat },
    { "compat-window", scenario_compat_window },
    { "fast-thunk", scenario_fast_thunk },
    { "fast-direct-thunk", scenario_fast_direct_thunk },
    { "fast-direct", scenario_fast_direct },
    { "fast-single-step", scenario_fast_single_step },
    { "fast-faults", scenario_fast_faults },
    { "fast-host-call", scenario_fast_host_call },
    { "fast-lane", scenario_fast_lane },
};

int fastpath_window_main(int argc, char **argv);   // fastpath_window.c

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "fastpath-window") == 0) return fastpath_window_main(argc, argv);
    int passed = 0, failed = 0;
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
        int wanted = argc < 2;
        for (int a = 1; a < argc; a++) if (strcmp(argv[a], scenarios[i].name) == 0) wanted = 1;
        if (!wanted) continue;
        printf("%s\n", scenarios[i].name);
        int bad = scenarios[i].run();
        printf("%s %s\n", bad ? "FAIL" : "ok", scenarios[i].name);
        if (bad) failed++; else passed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0 || passed == 0;
}
