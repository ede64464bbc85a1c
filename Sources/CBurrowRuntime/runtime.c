// The trap entry and the host-side helpers of Burrow's VMM. See trampoline.S for the other half.
//
// Rules for the signal handler (measured facts in ARCHITECTURE.md): it runs on its own
// sigaltstack; it first re-allows host system calls (Syscall User Dispatch selector) and puts the
// host FS base back if the guest changed it, because libc and Swift read TLS through FS; it
// records the exit and edits the signal frame so sigreturn lands in burrow_guest_exit. It never
// does translation work: handlers must run outside signal context so that blocking calls can be
// interrupted and EINTR is real.
#define _GNU_SOURCE
#include "burrow_runtime.h"

#include <asm/prctl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>
#include <linux/openat2.h>
#include <poll.h>
#include <time.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef PR_SET_SYSCALL_USER_DISPATCH
#define PR_SET_SYSCALL_USER_DISPATCH 59
#define PR_SYS_DISPATCH_OFF 0
#define PR_SYS_DISPATCH_ON 1
#endif
#ifndef SYS_USER_DISPATCH
#define SYS_USER_DISPATCH 2
#endif
#ifndef HWCAP2_FSGSBASE
#define HWCAP2_FSGSBASE (1 << 1)
#endif

_Static_assert(offsetof(burrow_vcpu, regs) == 0, "regs");
_Static_assert(offsetof(burrow_vcpu, host_rsp) == 144, "host_rsp");
_Static_assert(offsetof(burrow_vcpu, guest_mxcsr) == 152, "guest_mxcsr");
_Static_assert(offsetof(burrow_vcpu, guest_fcw) == 156, "guest_fcw");
_Static_assert(offsetof(burrow_vcpu, host_mxcsr) == 160, "host_mxcsr");
_Static_assert(offsetof(burrow_vcpu, host_fcw) == 164, "host_fcw");
_Static_assert(offsetof(burrow_vcpu, fpu_valid) == 168, "fpu_valid");
_Static_assert(offsetof(burrow_vcpu, in_guest) == 172, "in_guest");
_Static_assert(offsetof(burrow_vcpu, exit_reason) == 176, "exit_reason");
_Static_assert(offsetof(burrow_vcpu, xsave) == 256, "xsave");
_Static_assert(offsetof(burrow_vcpu, trap_cs) == 224, "trap_cs");
_Static_assert(offsetof(burrow_vcpu, entry_failed) == 228, "entry_failed");
_Static_assert(offsetof(burrow_vcpu, fpu_size) == 232, "fpu_size");
_Static_assert(offsetof(burrow_vcpu, guest_cs) == 236, "guest_cs");
_Static_assert(offsetof(burrow_vcpu, syscall_length) == 242 && offsetof(burrow_vcpu, syscall_fast) == 243, "V_SYSCALL_LENGTH, V_SYSCALL_FAST (vcpu_asm.h)");
_Static_assert(offsetof(burrow_vcpu, guest_ss) == 238, "guest_ss");
_Static_assert(offsetof(burrow_vcpu, guest_ds) == 240, "guest_ds");
_Static_assert(sizeof(burrow_vcpu) == 256 + BURROW_XSAVE_MAX, "burrow_vcpu size");

// Defined in trampoline.S.
extern uint32_t burrow_enter_guest(burrow_vcpu *v, volatile uint8_t *sud_selector) __attribute__((visibility("hidden")));
extern char burrow_enter_guest_end[] __attribute__((visibility("hidden")));
extern char burrow_enter_guest32[] __attribute__((visibility("hidden")));
extern char burrow_enter_guest32_end[] __attribute__((visibility("hidden")));
uint32_t burrow_enter_compat(burrow_vcpu *v, volatile uint8_t *sud_selector) __attribute__((visibility("hidden")));
extern char burrow_guest_exit[] __attribute__((visibility("hidden")));
extern char burrow_trap_entry[] __attribute__((visibility("hidden")));
extern char burrow_safe_syscall_start[], burrow_safe_syscall_end[], burrow_safe_syscall_interrupted[] __attribute__((visibility("hidden")));
// The same window inside the fast path's deferred host call (fastpath.S).
extern char burrow_fast_syscall_start[], burrow_fast_syscall_end[], burrow_fast_syscall_interrupted[] __attribute__((visibility("hidden")));
extern char burrow_quick_syscall_start[], burrow_quick_syscall_end[], burrow_quick_syscall_interrupted[], burrow_quick_made[] __attribute__((visibility("hidden")));
extern uint8_t burrow_quick_state __attribute__((visibility("hidden")));   // fastpath.S
extern char burrow_safe_copy_start[], burrow_safe_copy_end[], burrow_safe_copy_fault[] __attribute__((visibility("hidden")));
extern char burrow_safe_strnlen_start[], burrow_safe_strnlen_end[], burrow_safe_strnlen_fault[] __attribute__((visibility("hidden")));
extern char burrow_safe_copy_short_start[], burrow_safe_copy_short_end[], burrow_safe_copy_short_fault[] __attribute__((visibility("hidden")));

// Trap state is process-wide: one set of handlers, one pending set, one vCPU running at a time
// (the VMM is single-threaded; threads will need these per thread).
burrow_vcpu *burrow_current_vcpu;

/* The "software reserved" bytes of a signal frame's FXSAVE area (Linux's struct _fpx_sw_bytes,
   not exported by glibc): they say whether an XSAVE image follows, and its size. */
struct fpx_sw_bytes {
    uint32_t magic1;
    uint32_t extended_size;
    uint64_t xfeatures;
    uint32_t xstate_size;
    uint32_t padding[7];
};
#define FPX_SW_OFFSET 464
#define FP_XSTATE_MAGIC1 0x46505853U

// SUD selector: 0 = allow host system calls, 1 = block (trap) them. Written by the trampoline
// (block, just before entering the guest) and by the handler (allow, first thing).
// Both are read by the fast path's thunk (fastpath.S), hence not static.
__attribute__((visibility("hidden"))) volatile uint8_t burrow_sud_selector;
#define sud_selector burrow_sud_selector
static int sud_on;
__attribute__((visibility("hidden"))) uint64_t burrow_host_fsbase;
#define host_fsbase burrow_host_fsbase
static int have_fsgsbase;
// The host's own 64-bit code and stack selectors: every frame the handler edits gets them back, so
// sigreturn resumes Burrow in 64-bit mode even when the guest was in 32-bit mode (sysenter on Intel).
static uint16_t host_cs, host_ss;
// Asynchronous host signals not yet handled by the run loop (bit per signal). Read by the entry
// trampoline and by burrow_safe_syscall6, so not static.
__attribute__((visibility("hidden"))) volatile uint64_t burrow_pending_signals;
// The signals that interrupt a blocking host call (burrow_safe_syscall6); set by the run loop.
__attribute__((visibility("hidden"))) volatile uint64_t burrow_interrupt_mask;
// Burrow's private stderr (the guest may have closed or redirected fd 2).
static volatile int diag_fd = 2;
static void (*volatile crash_hook)(void);
static const int sync_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS };

static inline long raw_syscall2(long n, long a, long b) {
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b) : "rcx", "r11", "memory");
    return ret;
}

static inline uint64_t read_fsbase(void) {
    uint64_t v = 0;
    if (have_fsgsbase) __asm__ volatile("rdfsbase %0" : "=r"(v));
    else raw_syscall2(SYS_arch_prctl, ARCH_GET_FS, (long)&v);
    return v;
}

static inline void write_fsbase(uint64_t v) {
    if (have_fsgsbase) __asm__ volatile("wrfsbase %0" :: "r"(v) : "memory");
    else raw_syscall2(SYS_arch_prctl, ARCH_SET_FS, (long)v);
}

static int is_sync_signal(int sig) {
    for (size_t i = 0; i < sizeof sync_signals / sizeof sync_signals[0]; i++)
        if (sync_signals[i] == sig) return 1;
    return 0;
}

static inline int in_range(uint64_t rip, const char *start, const char *end) {
    return rip >= (uint64_t)start && rip < (uint64_t)end;
}

// The fault-tolerant accesses to guest memory (trampoline.S): a fault with rip in [start, end)
// resumes at `resume`, which answers that the access failed.
static const struct { const char *start, *end, *resume; } fault_tolerant[] = {
    { burrow_safe_copy_start, burrow_safe_copy_end, burrow_safe_copy_fault },
    { burrow_safe_copy_short_start, burrow_safe_copy_short_end, burrow_safe_copy_short_fault },
    { burrow_safe_strnlen_start, burrow_safe_strnlen_end, burrow_safe_strnlen_fault },
};

// How each recorded signal was sent (si_code; the sender's pid, or a SIGCHLD's child and its
// si_status), for the guest's siginfo: written by the handler while the signal's bit is clear,
// copied to taken_* by burrow_take_pending_signals while it is still set (so an arrival between
// the take and the personality's read cannot replace it).
static volatile int signal_code[64], signal_pid[64], signal_status[64];
static int taken_code[64], taken_pid[64], taken_status[64];
// A SIGCONT arrived since the run loop last asked (burrow_take_continued): its effects on the
// terminal are owed even when a later stop signal discarded it from the record.
static volatile int continued;

// The stop signals (SIGSTOP is never caught; listed for the rule's sake).
#define STOP_SIGNAL_BITS ((1ull << SIGTSTP) | (1ull << SIGTTIN) | (1ull << SIGTTOU) | (1ull << SIGSTOP))

// The kernel's rule for the signals it holds (prepare_signal): a SIGCONT discards every stop
// signal not yet acted on, and a stop signal discards a SIGCONT not yet acted on. Burrow's record
// is one more place a signal waits before it is acted on, so the rule holds here too: otherwise
// the run loop would stop on a SIGTSTP whose SIGCONT had already come, and stay stopped.
static inline void mark_pending(int sig) {
    if (sig <= 0 || sig >= 64) return;
    if (sig == SIGCONT) continued = 1;
    uint64_t discard = sig == SIGCONT ? STOP_SIGNAL_BITS : (STOP_SIGNAL_BITS >> sig & 1) ? 1ull << SIGCONT : 0;
    uint64_t old = __atomic_load_n(&burrow_pending_signals, __ATOMIC_SEQ_CST);
    while (!__atomic_compare_exchange_n(&burrow_pending_signals, &old, (old & ~discard) | 1ull << sig, 0,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {}
}

// A SIGCHLD's codes that ToyOS has (docs/abi.md 8.3): not CLD_TRAPPED, which needs ptrace.
static inline int is_child_code(int code) {
    return code == CLD_EXITED || code == CLD_KILLED || code == CLD_DUMPED || code == CLD_STOPPED || code == CLD_CONTINUED;
}

// A signal already recorded and not yet taken keeps the siginfo it came with: as the kernel keeps
// a standard signal's first siginfo while it is pending and drops a second one.
static inline void record_origin(int sig, const siginfo_t *si) {
    if (sig <= 0 || sig >= 64) return;
    if (__atomic_load_n(&burrow_pending_signals, __ATOMIC_SEQ_CST) & (1ull << sig)) return;
    int user = si->si_code == SI_USER || si->si_code == SI_TKILL || si->si_code == SI_QUEUE;
    int child = sig == SIGCHLD && is_child_code(si->si_code);
    signal_code[sig] = si->si_code;
    signal_pid[sig] = user || child ? si->si_pid : 0;
    signal_status[sig] = child ? si->si_status : 0;
}

// Signal-safe output: raw writes, no stdio, no allocation.
static void write_str(const char *s) {
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t r = write(diag_fd, s, n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return;
        s += r; n -= (size_t)r;
    }
}

// The personality's primary system-call vector (messages only: "ToyOS programs use int 0x81").
static volatile uint8_t syscall_vector;
// Every `int N` a personality gives a meaning to (N -> exit reason); 0 (BURROW_EXIT_NONE) is a fault.
static volatile uint8_t trap_vectors[256];

void burrow_set_trap_vector(uint8_t vector, uint32_t reason) {
    trap_vectors[vector] = (uint8_t)reason;
    if (reason == BURROW_EXIT_SYSCALL) syscall_vector = vector;
}
uint32_t burrow_trap_vector_reason(uint8_t vector) { return trap_vectors[vector]; }
void burrow_set_syscall_vector(uint8_t vector) { burrow_set_trap_vector(vector, BURROW_EXIT_SYSCALL); }
uint8_t burrow_syscall_vector(void) { return syscall_vector; }

static void write_hex(uint64_t v) {
    char buf[19] = "0x";
    const char *digits = "0123456789abcdef";
    for (int i = 0; i < 16; i++) buf[2 + i] = digits[(v >> (60 - 4 * i)) & 0xf];
    buf[18] = 0;
    write_str(buf);
}

const char *burrow_signal_abbrev(int sig) {
    return sigabbrev_np(sig);   // glibc's table: reads static data only, async-signal-safe
}

// Dies by `sig` as its default action does (also from inside a handler: unblocked first).
__attribute__((noreturn)) static void die_by_default(int sig) {
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

// A fault at one of the fast path's reads of guest memory (fastpath.c, burrow_fastpath_guest_access):
// the guest's doing (the call took the page away, or a non-canonical return address), which the
// guest meets itself on the long way. Any other synchronous fault in the thunk is Burrow's bug.
static int fast_guest_access_fault(int sig, uint64_t rip) {
    return (sig == SIGSEGV || sig == SIGBUS) && burrow_fastpath_guest_access(rip);
}

// A fault in Burrow's own code: a bug in Burrow, never the guest's doing. Say so where the user
// sees it, flush the trace when that is safe (the hook checks that the tracer is not in the middle
// of writing), then die by the same signal.
static void internal_fault(int sig, const siginfo_t *si, uint64_t rip) {
    write_str("burrow: internal error: ");
    const char *abbrev = burrow_signal_abbrev(sig);
    write_str(abbrev ? "SIG" : "a signal");
    if (abbrev) write_str(abbrev);
    write_str(" in Burrow's own code at rip ");
    write_hex(rip);
    write_str(", address ");
    write_hex((uint64_t)si->si_addr);
    write_str("\n");
    void (*hook)(void) = crash_hook;
    crash_hook = NULL;   // a fault inside the hook itself must not run it again
    if (hook) hook();
    die_by_default(sig);
}

// Reached through burrow_trap_entry (which has cleared RFLAGS.AC). Non-static: the asm jumps here.
__attribute__((no_stack_protector, visibility("hidden")))
void burrow_trap_handler(int sig, siginfo_t *si, void *ucv) {
    sud_selector = 0;
    // The host's TLS must be valid before anything else: libc and Swift address it through FS.
    uint64_t fs_now = read_fsbase();
    int fs_changed = fs_now != host_fsbase;
    if (fs_changed) write_fsbase(host_fsbase);

    ucontext_t *uc = (ucontext_t *)ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    burrow_vcpu *v = burrow_current_vcpu;
    uint64_t rip = (uint64_t)g[REG_RIP];
    int sync_fault = is_sync_signal(sig) && si->si_code > 0;

    if (!v || !v->in_guest) {
        if (sync_fault) {
            // The fast path's emms (fastpath.S) met a pending unmasked x87 exception the guest left:
            // clear it in the frame (what fnclex does: the exception flags, ES and B) and run emms
            // again. The x87 status is among what a system call may clobber (docs/abi.md 3.4).
            if (sig == SIGFPE && v && burrow_fastpath_at_emms(rip) && uc->uc_mcontext.fpregs) {
                uc->uc_mcontext.fpregs->swd &= (unsigned short)~0x80ffu;
                return;
            }
            // Burrow's own access to guest memory: the copy reports the fault instead of dying.
            for (size_t i = 0; i < sizeof fault_tolerant / sizeof fault_tolerant[0]; i++) {
                if (in_range(rip, fault_tolerant[i].start, fault_tolerant[i].end)) {
                    g[REG_RIP] = (greg_t)fault_tolerant[i].resume;
                    return;
                }
            }
            internal_fault(sig, si, rip);
            return;
        }
        record_origin(sig, si);
        mark_pending(sig);
        // About to enter a blocking host call: do not enter it (the rewind of QEMU's safe_syscall).
        if (sig < 64 && (burrow_interrupt_mask & (1ull << sig))) {
            if (in_range(rip, burrow_safe_syscall_start, burrow_safe_syscall_end))
                g[REG_RIP] = (greg_t)burrow_safe_syscall_interrupted;
            else if (in_range(rip, burrow_fast_syscall_start, burrow_fast_syscall_end))
                g[REG_RIP] = (greg_t)burrow_fast_syscall_interrupted;
            else if (in_range(rip, burrow_quick_syscall_start, burrow_quick_syscall_end))
                g[REG_RIP] = (greg_t)burrow_quick_syscall_interrupted;
        }
        return;
    }

    // Every asynchronous signal is recorded, whatever else this exit is.
    if (!sync_fault) { record_origin(sig, si); mark_pending(sig); }

    // The guest's own TF: a single-step trap (the fast path absorbs those inside its code).
    int single_step = sig == SIGTRAP && si->si_code == TRAP_TRACE;

    // The quick lane's return (fastpath.S): the call is made and its value known, the guest's
    // state is whole in v and the quick lane's memory. Any signal there sends the rest to
    // burrow_quick_made, which hands the call to the thunk (so the run loop sees the signal, as
    // after any call), and so does a fault of the return's reads of guest memory or of its final
    // `jmp` (the thunk then meets it at the same read, and sends the guest the long way, where
    // the guest meets it as its own fault).
    if (burrow_fastpath_in_quick_return(rip)) {
        if (sync_fault && !single_step &&
            !((sig == SIGSEGV || sig == SIGBUS) && burrow_fastpath_quick_guest_access(rip))) {
            v->in_guest = 0;
            internal_fault(sig, si, rip);
            return;
        }
        g[REG_RIP] = (greg_t)burrow_quick_made;
        g[REG_RSP] = (greg_t)v->host_rsp;
        g[REG_EFL] = 0x202;
        if (fs_changed) write_fsbase(fs_now);
        return;
    }
    // The fast path's return to the guest (fastpath.S), after its direct dispatch: like a signal
    // inside the entry trampoline, the entry is abandoned (v already holds the state to resume) and
    // the run loop enters the long way. So do the synchronous traps the guest causes there: its
    // TF, which popfq brought back, and a fault of the return's reads of guest memory (the stub's
    // `ret`, the stub caller's return address: the call took the page away, and on the long way the
    // guest meets the fault itself). Any other synchronous fault there is Burrow's own bug,
    // reported as everywhere else in its code (an internal error).
    if (burrow_fastpath_in_return(rip)) {
        if (sync_fault && !single_step && !fast_guest_access_fault(sig, rip)) {
            v->in_guest = 0;
            internal_fault(sig, si, rip);
            return;
        }
        v->in_guest = 0;
        v->exit_reason = BURROW_EXIT_HOST_SIGNAL;
        v->trap_cs = v->guest_cs ? v->guest_cs : host_cs;
        v->entry_failed = 0;
        g[REG_RIP] = (greg_t)burrow_guest_exit;
        g[REG_RSP] = (greg_t)v->host_rsp;
        g[REG_RDI] = (greg_t)v;
        g[REG_EFL] = 0x202;
        return;
    }
    // An entry of the fast path (`mov eax, N; jmp thunk`, fastpath.S), reached by a patched call
    // with in_guest still 1: like the thunk below, where it leads. The guest's single-step trap
    // is absorbed here and in the thunk (the thunk's popfq clears TF for Burrow's code and its
    // return brings it back), so the patched `call` is one step for the guest, as `int 0x81` is on
    // the trap path: its next trap comes after the stub's `ret`, at the stub's caller. Another
    // synchronous fault here is a guest that jumped into the middle of an entry: a guest fault,
    // classified below like any other.
    if (burrow_fastpath_in_entries(rip) && (!sync_fault || single_step)) {
        if (fs_changed) write_fsbase(fs_now);
        return;
    }
    // Inside the fast path's thunk (fastpath.S), which runs with in_guest still 1.
    if (burrow_fastpath_in_thunk(rip)) {
        if (sync_fault && !single_step) {   // (a guest's TF traps here until the thunk's popfq: ignored)
            // Only its read of its own return address can fault: a guest that jumped to a slot
            // without a `call` and with an unusable rsp. Anything else is Burrow's bug.
            if (!fast_guest_access_fault(sig, rip)) {
                v->in_guest = 0;
                internal_fault(sig, si, rip);
                return;
            }
            // Its registers are in v (saved first).
            v->in_guest = 0;
            v->exit_reason = BURROW_EXIT_FAULT;
            v->signo = sig; v->si_code = si->si_code; v->fault_addr = (uint64_t)si->si_addr;
            v->trap_err = (uint64_t)g[REG_ERR]; v->trap_no = (uint64_t)g[REG_TRAPNO];
            v->regs[BURROW_RIP] = 0;
            v->trap_cs = host_cs; v->entry_failed = 0; v->fpu_valid = 0;
            g[REG_RIP] = (greg_t)burrow_guest_exit;
            g[REG_RSP] = (greg_t)v->host_rsp;
            g[REG_RDI] = (greg_t)v;
            g[REG_EFL] = 0x202;
            return;
        }
        // Recorded above; the thunk goes on and the run loop sees it right after the call. The
        // thunk itself checks the FS base, so a guest's FS is put back as it was found.
        if (fs_changed) write_fsbase(fs_now);
        return;
    }
    int in_trampoline = in_range(rip, (const char *)burrow_enter_guest, burrow_enter_guest_end) ||
                        in_range(rip, burrow_enter_guest32, burrow_enter_guest32_end);
    uint16_t cs = (uint16_t)(g[REG_CSGSFS] & 0xffff);
    // Every trap is classified by the mode it came from: a system call, a hypercall or a #GP is
    // one only when the guest trapped with the code selector it was entered with (a 32-bit
    // guest's own; a 64-bit guest's is the host's). Anything else is a guest that changed mode.
    uint16_t guest_cs = v->guest_cs ? v->guest_cs : host_cs;
    uint32_t reason;
    if (in_trampoline) {
        // A signal before the jump (the entry is tried again with v unchanged), or entering the
        // guest failed (iretq to a non-canonical rip, a bad XSAVE image): the guest state in v is
        // still the one we tried to load.
        reason = sync_fault ? BURROW_EXIT_FAULT : BURROW_EXIT_HOST_SIGNAL;
        v->trap_cs = guest_cs;  // the guest never ran: it would have entered in its own mode
        v->entry_failed = sync_fault;
    } else if (fs_changed) {
        reason = BURROW_EXIT_FS_CHANGED;
        v->guest_fsbase = fs_now;
    } else if (sig == SIGSEGV && si->si_code == SI_KERNEL && (g[REG_ERR] & 7) == 2 && g[REG_ERR] < 0x800 &&
               trap_vectors[g[REG_ERR] >> 3] != BURROW_EXIT_NONE && cs == guest_cs) {
        reason = trap_vectors[g[REG_ERR] >> 3];   // int N from an IDT gate: the CPU's error code names N
    } else if (((sig == SIGSEGV && si->si_code == SI_KERNEL && g[REG_ERR] == 0) || (sig == SIGILL && sync_fault)) && cs == guest_cs) {
        reason = BURROW_EXIT_GP;  // decoded in Swift: privileged instruction, vmcall, or a real fault
    } else if (sig == SIGSYS && si->si_code == SYS_USER_DISPATCH) {
        reason = BURROW_EXIT_LINUX_SYSCALL;
        v->linux_syscall_nr = si->si_syscall;
    } else if (sync_fault) {
        reason = BURROW_EXIT_FAULT;
    } else {
        reason = BURROW_EXIT_HOST_SIGNAL;
    }

    if (!in_trampoline) {
        v->regs[BURROW_RAX] = g[REG_RAX]; v->regs[BURROW_RBX] = g[REG_RBX];
        v->regs[BURROW_RCX] = g[REG_RCX]; v->regs[BURROW_RDX] = g[REG_RDX];
        v->regs[BURROW_RSI] = g[REG_RSI]; v->regs[BURROW_RDI] = g[REG_RDI];
        v->regs[BURROW_RBP] = g[REG_RBP]; v->regs[BURROW_RSP] = g[REG_RSP];
        v->regs[BURROW_R8] = g[REG_R8];   v->regs[BURROW_R9] = g[REG_R9];
        v->regs[BURROW_R10] = g[REG_R10]; v->regs[BURROW_R11] = g[REG_R11];
        v->regs[BURROW_R12] = g[REG_R12]; v->regs[BURROW_R13] = g[REG_R13];
        v->regs[BURROW_R14] = g[REG_R14]; v->regs[BURROW_R15] = g[REG_R15];
        // rip stays AT the instruction for every exit, `int 0x81` included: its length (prefixes
        // allowed) is decoded in Swift, never assumed.
        v->regs[BURROW_RIP] = rip;
        v->regs[BURROW_RFLAGS] = g[REG_EFL];   // the guest's own flags, AC included, come back on entry
        v->trap_cs = cs;
        v->entry_failed = 0;
        struct _libc_fpstate *fp = uc->uc_mcontext.fpregs;
        if (fp) {
            v->guest_mxcsr = fp->mxcsr;
            v->guest_fcw = fp->cwd;
            // A system call may clobber vector and x87 state (docs/abi.md section 3.4); anything
            // else must come back exactly as it was. Host code that runs before the guest resumes
            // (libc's AVX string functions end in vzeroupper) would otherwise wipe the upper halves
            // of the YMM registers.
            if (reason == BURROW_EXIT_SYSCALL || reason == BURROW_EXIT_HYPERCALL) {
                v->fpu_valid = 0;
            } else {
                const struct fpx_sw_bytes *sw = (const struct fpx_sw_bytes *)((const char *)fp + FPX_SW_OFFSET);
                if (sw->magic1 == FP_XSTATE_MAGIC1 && sw->xstate_size <= sizeof v->xsave) {
                    memcpy(v->xsave, fp, sw->xstate_size);
                    v->fpu_valid = 2;
                    v->fpu_size = sw->xstate_size;
                } else {
                    memcpy(v->xsave, fp, 512);
                    v->fpu_valid = 1;
                    v->fpu_size = 512;
                }
            }
        } else {
            v->fpu_valid = 0;
        }
    }
    v->in_guest = 0;
    v->exit_reason = reason;
    v->signo = sig;
    v->si_code = si->si_code;
    v->fault_addr = (uint64_t)si->si_addr;
    v->trap_err = (uint64_t)g[REG_ERR];
    v->trap_no = (uint64_t)g[REG_TRAPNO];

    // Resume Burrow, not the guest: its stack, the vcpu in rdi, clean flags (no AC, DF or TF from
    // the guest), and the host's 64-bit code and stack selectors whatever mode the guest was in.
    g[REG_RIP] = (greg_t)burrow_guest_exit;
    g[REG_RSP] = (greg_t)v->host_rsp;
    g[REG_RDI] = (greg_t)v;
    g[REG_EFL] = 0x202;
    g[REG_CSGSFS] = (greg_t)(((uint64_t)g[REG_CSGSFS] & 0x0000ffffffff0000ull) | host_cs | ((uint64_t)host_ss << 48));
}

static struct sigaction trap_action(void);
static int install_handler(int sig);

int burrow_runtime_install(const int *host_signals, int count) {
    have_fsgsbase = (getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE) != 0;
    burrow_fast_fsgsbase = have_fsgsbase;
    host_fsbase = read_fsbase();
    __asm__ volatile("mov %%cs, %0; mov %%ss, %1" : "=r"(host_cs), "=r"(host_ss));

    // The handler needs its own stack: guest stacks are small or garbage, and an AVX signal frame
    // alone takes kilobytes. (The alternate stack is per thread; the VMM runs guests on one thread.)
    size_t size = 256 * 1024;
    void *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) return errno;
    stack_t ss = { .ss_sp = stack, .ss_size = size, .ss_flags = 0 };
    if (sigaltstack(&ss, NULL) != 0) return errno;

    struct sigaction sa = trap_action();
    for (size_t i = 0; i < sizeof sync_signals / sizeof sync_signals[0]; i++) {
        // Replaces the Swift runtime's own handlers: a fault in Burrow's code is reported by
        // internal_fault, which then dies by the signal.
        if (sigaction(sync_signals[i], &sa, NULL) != 0) return errno;
    }
    for (int i = 0; i < count; i++) {
        int sig = host_signals[i];
        if (sig <= 0 || sig > 63) return EINVAL;
        struct sigaction old;
        if (sigaction(sig, NULL, &old) != 0) return errno;
        // A signal Burrow was started with ignored (nohup, a background job) stays ignored: the
        // guest inherits that disposition, as a native child would across exec.
        if (old.sa_handler == SIG_IGN) continue;
        int r = install_handler(sig);
        if (r != 0) return r;
    }
    // A guest starts with an empty signal mask (docs/abi.md); Burrow may have inherited a mask
    // from its parent, which would leave Ctrl-C pending forever. Unblocked only now that the
    // handlers are in place: a signal left pending across exec reaches Burrow, not a default
    // action (the run loop then hands it to the guest, whose mask is applied again after exec).
    sigset_t unblock;
    sigemptyset(&unblock);
    for (size_t i = 0; i < sizeof sync_signals / sizeof sync_signals[0]; i++) sigaddset(&unblock, sync_signals[i]);
    for (int i = 0; i < count; i++) if (host_signals[i] > 0 && host_signals[i] < 65) sigaddset(&unblock, host_signals[i]);
    sigprocmask(SIG_UNBLOCK, &unblock, NULL);
    return 0;
}

int burrow_signal_origin(int sig, int *pid, int *status) {
    int known = sig > 0 && sig < 64;
    int code = known ? taken_code[sig] : SI_KERNEL;
    *pid = known ? taken_pid[sig] : 0;
    *status = known ? taken_status[sig] : 0;
    if (code == SI_USER || code == SI_TKILL || code == SI_QUEUE) return BURROW_ORIGIN_USER;
    if (sig == SIGCHLD && is_child_code(code)) return code;
    return BURROW_ORIGIN_KERNEL;
}

int burrow_take_continued(void) { return __atomic_exchange_n(&continued, 0, __ATOMIC_SEQ_CST); }

static struct sigaction trap_action(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = (void (*)(int, siginfo_t *, void *))(void *)burrow_trap_entry;
    // No SA_RESTART: a host signal must interrupt a blocking host call with EINTR.
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&sa.sa_mask);
    return sa;
}

// Burrow's handler for `sig` (no SA_RESTART: a blocking call must return EINTR for the run loop).
static int install_handler(int sig) {
    struct sigaction sa = trap_action();
    return sigaction(sig, &sa, NULL) == 0 ? 0 : errno;
}

int burrow_set_host_disposition(int sig, int kind) {
    if (sig <= 0 || sig >= 64 || is_sync_signal(sig)) return EINVAL;
    if (kind == BURROW_DISPOSITION_HANDLER) return install_handler(sig);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = kind == BURROW_DISPOSITION_IGNORE ? SIG_IGN : SIG_DFL;
    return sigaction(sig, &sa, NULL) == 0 ? 0 : errno;
}

int burrow_set_host_blocked(uint64_t mask) {
    sigset_t set;
    sigemptyset(&set);
    for (int sig = 1; sig < 64; sig++)
        if ((mask & (1ull << sig)) && !is_sync_signal(sig) && sig != SIGKILL && sig != SIGSTOP) sigaddset(&set, sig);
    return sigprocmask(SIG_SETMASK, &set, NULL) == 0 ? 0 : errno;
}

int burrow_is_sync_signal(int sig) { return is_sync_signal(sig); }

int burrow_host_ignored(int sig) {
    struct sigaction cur;
    return sigaction(sig, NULL, &cur) == 0 && cur.sa_handler == SIG_IGN;
}

// The stop in two steps (the trace's line between them). While `sig` waits, blocked, in the
// kernel, the kernel's own rule decides: a SIGCONT from then on discards it. One that came before,
// after the run loop took `sig`, overtakes the stop: in Burrow's record, or, when the guest blocks
// SIGCONT, pending in the kernel (newer than `sig`, whose arrival discarded any SIGCONT before
// it). SIGCONT is unblocked meanwhile, so that one arriving blocked before the raise (which would
// discard it) reaches the handler and the record first. Only a SIGCONT overtakes a stop: another
// stop signal may have a handler; one that stops too is discarded by the SIGCONT that ends this
// stop (mark_pending). Left alone: a second `sig` that arrives after a SIGCONT while the first
// waits in the kernel merges with it, and the overtaken stop's sigtimedwait takes both.
static struct { int sig; struct sigaction old; sigset_t prev; } stopping;

// Burrow's handler and the mask as they were before burrow_stop_prepare.
static void stop_restore(void) {
    sigaction(stopping.sig, &stopping.old, NULL);
    sigprocmask(SIG_SETMASK, &stopping.prev, NULL);
}

static inline int continue_recorded(void) {
    return (__atomic_load_n(&burrow_pending_signals, __ATOMIC_SEQ_CST) & (1ull << SIGCONT)) != 0;
}

int burrow_stop_prepare(int sig) {
    sigset_t pending;
    if (continue_recorded() || (sigpending(&pending) == 0 && sigismember(&pending, SIGCONT))) return 0;
    sigset_t mask;
    sigprocmask(SIG_SETMASK, NULL, &stopping.prev);
    mask = stopping.prev;
    sigaddset(&mask, sig);
    sigdelset(&mask, SIGCONT);
    sigprocmask(SIG_SETMASK, &mask, NULL);
    struct sigaction dfl;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, &stopping.old);
    stopping.sig = sig;
    if (!continue_recorded()) {
        raise(sig);   // pending, blocked: no stop yet
        if (!continue_recorded()) return 1;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    const struct timespec now = { 0, 0 };
    sigtimedwait(&set, NULL, &now);   // the stop not made (gone already if the SIGCONT came after)
    stop_restore();
    return 0;
}

void burrow_stop_finish(void) {
    int sig = stopping.sig;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);   // stops here until SIGCONT, unless one came meanwhile
    stop_restore();
}

void burrow_hand_stops_to_kernel(uint64_t signals) {
    uint64_t taken = __atomic_fetch_and(&burrow_pending_signals, ~(signals & STOP_SIGNAL_BITS), __ATOMIC_SEQ_CST);
    for (int sig = 1; sig < 64; sig++)
        if (taken & signals & STOP_SIGNAL_BITS & (1ull << sig)) raise(sig);
}

/// pid's state, parent, group and session from /proc/PID/stat (after the command's last ')').
static int proc_stat(long pid, char *state, long *ppid, long *pgrp, long *sid) {
    char path[48], buf[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    char *close_paren = strrchr(buf, ')');
    return close_paren && sscanf(close_paren + 1, " %c %ld %ld %ld", state, ppid, pgrp, sid) == 4;
}

int burrow_pgrp_orphaned(void) {
    long pgrp = getpgrp(), sid = getsid(0);
    DIR *d = opendir("/proc");
    if (!d) return 0;
    int orphaned = 1;
    struct dirent *e;
    while (orphaned && (e = readdir(d)) != NULL) {
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        char state, pstate;
        long ppid, pg, s, pppid, ppg, ps;
        if (!proc_stat(strtol(e->d_name, NULL, 10), &state, &ppid, &pg, &s) || pg != pgrp) continue;
        if (state == 'Z' || ppid <= 1) continue;   // (the kernel skips exited members and init's children)
        if (proc_stat(ppid, &pstate, &pppid, &ppg, &ps) && ppg != pgrp && ps == sid) orphaned = 0;
    }
    closedir(d);
    return orphaned;
}

int burrow_fork(void) {
    fflush(NULL);
    // Every asynchronous signal blocked across fork: the child inherits the parent's record of
    // pending signals and must start with none (pending signals are not inherited), but a signal
    // sent to the new pid the moment fork returns in the parent (kill(child, SIGTERM)) must not be
    // cleared with it. Blocked, such a signal waits in the kernel until the record is cleared.
    // (The faults stay open: one while blocked would kill the process without a report.)
    sigset_t all, old;
    sigfillset(&all);
    for (size_t i = 0; i < sizeof sync_signals / sizeof sync_signals[0]; i++) sigdelset(&all, sync_signals[i]);
    sigprocmask(SIG_BLOCK, &all, &old);
    pid_t pid = fork();
    if (pid == 0) {
        __atomic_store_n(&burrow_pending_signals, 0, __ATOMIC_SEQ_CST);
        // SUD is per thread and not inherited; the raw-syscall guard's breakpoints watch the parent
        // only. The child re-arms the one and makes its own of the others, or, when it cannot, arms
        // SUD instead: never a child without the guard it had.
        // A hand-over from SUD to breakpoints still waiting for its helper (guardbp.c, "Warm-up")
        // is the parent's: SUD is on then, and the child keeps it for good (SyscallGuard.syncWithRuntime).
        burrow_guard_warmup_forget();
        int need_sud = sud_on;
        if (burrow_guard_breakpoint_count() > 0 && burrow_guard_breakpoints_after_fork() != 0) need_sud = 1;
        if (need_sud) {
            sud_on = 0;
            if (burrow_sud_enable() != 0) _exit(125);
        }
    }
    int e = errno;
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = e;
    return pid;
}

long burrow_wait4_now(int pid, int *status, int options) {
    long r = syscall(SYS_wait4, pid, status, options | WNOHANG, 0);
    return r < 0 ? -errno : r;
}

long burrow_blocking_wait4(int pid, int *status, int options) {
    return burrow_safe_syscall6(SYS_wait4, pid, (long)status, options, 0, 0, 0);
}

int burrow_tcsetpgrp(int fd, int pgid, int block_ttou) {
    sigset_t set, prev;
    sigemptyset(&set);
    sigaddset(&set, SIGTTOU);
    if (block_ttou) sigprocmask(SIG_BLOCK, &set, &prev);
    int r = tcsetpgrp(fd, pgid);
    int e = errno;
    if (block_ttou) sigprocmask(SIG_SETMASK, &prev, NULL);
    errno = e;
    return r;
}

int burrow_fpu_image_ok(const void *img, uint32_t size, uint32_t format) {
    const unsigned char *b = img;
    uint32_t mxcsr;
    if (size < 512) return 0;
    memcpy(&mxcsr, b + 24, 4);
    if (mxcsr & 0xFFFF0000u) return 0;
    if (format == 1) return size == 512;
    if (format != 2 || size < 576 || size > BURROW_XSAVE_MAX) return 0;
    uint64_t xstate_bv, xcomp_bv;
    memcpy(&xstate_bv, b + 512, 8);
    memcpy(&xcomp_bv, b + 520, 8);
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    uint64_t xcr0 = ((uint64_t)hi << 32) | lo;
    if (xstate_bv & ~xcr0) return 0;
    if (xcomp_bv != 0) return 0;
    for (int i = 528; i < 576; i++) if (b[i]) return 0;
    return 1;
}

void burrow_set_interrupt_mask(uint64_t mask) { burrow_interrupt_mask = mask; }
int burrow_interrupt_pending(void) { return (burrow_pending_signals & burrow_interrupt_mask) != 0; }
void burrow_set_diagnostics_fd(int fd) { diag_fd = fd; }
void burrow_set_crash_hook(void (*hook)(void)) { crash_hook = hook; }
uint16_t burrow_host_cs(void) { return host_cs; }

int burrow_sud_enable(void) {
    // The range exempt from dispatch covers glibc's __restore_rt (the sa_restorer of our handler),
    // so that a sigreturn issued while the selector says "block" is never itself dispatched.
    struct sigaction cur;
    if (sigaction(SIGSEGV, NULL, &cur) != 0) return errno;
    unsigned long start = (unsigned long)cur.sa_restorer;
    unsigned long len = start ? 16 : 0;
    if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_ON, start, len, &sud_selector) != 0) return errno;
    sud_on = 1;
    return 0;
}

int burrow_sud_enabled(void) { return sud_on; }

int burrow_sud_disable(void) {
    if (prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_OFF, 0, 0, 0) != 0) return errno;
    sud_on = 0;
    return 0;
}

uint32_t burrow_vcpu_run(burrow_vcpu *v) {
    burrow_current_vcpu = v;
    uint32_t r = __builtin_expect(v->guest_cs != 0, 0) ? burrow_enter_compat(v, &sud_selector)
                                                        : burrow_enter_guest(v, &sud_selector);
    burrow_current_vcpu = NULL;
    burrow_fast_lane.open = 0;   // the run loop's work comes first; Swift reopens it (lane.c)
    // Nothing of a call in flight survives leaving: a quick lane call whose way back through the
    // thunk faulted (its guest's stack gone) left them set, and the next call would take that
    // call's result (QUICK_MADE) or its start (`started`, told to the observer as its own).
    burrow_quick_state = 0;
    burrow_fast_lane.started = 0;
    return r;
}

uint64_t burrow_take_pending_signals(void) {
    // The siginfo of each set bit copied while the bit is set (the handler leaves it alone then),
    // and only those bits cleared: one that arrives meanwhile fails the exchange and is copied on
    // the next turn. (The handler interrupts this thread; it never runs beside it.)
    uint64_t taken = __atomic_load_n(&burrow_pending_signals, __ATOMIC_SEQ_CST);
    for (;;) {
        for (int sig = 1; sig < 64; sig++) {
            if (!(taken & (1ull << sig))) continue;
            taken_code[sig] = signal_code[sig];
            taken_pid[sig] = signal_pid[sig];
            taken_status[sig] = signal_status[sig];
        }
        if (__atomic_compare_exchange_n(&burrow_pending_signals, &taken, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return taken;
    }
}

int burrow_set_gsbase(uint64_t base) {
    if (have_fsgsbase) {
        __asm__ volatile("wrgsbase %0" :: "r"(base) : "memory");
        return 0;
    }
    return syscall(SYS_arch_prctl, ARCH_SET_GS, base) == 0 ? 0 : errno;
}

uint64_t burrow_get_gsbase(void) {
    uint64_t v = 0;
    if (have_fsgsbase) __asm__ volatile("rdgsbase %0" : "=r"(v));
    else syscall(SYS_arch_prctl, ARCH_GET_GS, &v);
    return v;
}

void burrow_die_by_signal(int sig) {
    burrow_procs_release();
    struct rlimit none = { 0, 0 };
    setrlimit(RLIMIT_CORE, &none);  // a guest's crash is reported, not dumped
    die_by_default(sig);
}

long burrow_syscall6(long nr, long a, long b, long c, long d, long e, long f) {
    return syscall(nr, a, b, c, d, e, f);
}

int burrow_fcntl_int(int fd, int cmd, int arg) { return fcntl(fd, cmd, arg); }
int burrow_ioctl_ptr(int fd, unsigned long req, void *arg) { return ioctl(fd, req, arg); }
// Opening a FIFO blocks until the other end opens: interruptible like any blocking call.
int burrow_openat_mode(int dirfd, const char *path, int flags, unsigned mode) {
    long r = burrow_safe_syscall6(SYS_openat, dirfd, (long)path, flags, mode, 0, 0);
    if (r < 0) { errno = (int)-r; return -1; }
    return (int)r;
}
int burrow_open_mode(const char *path, int flags, unsigned mode) { return burrow_openat_mode(AT_FDCWD, path, flags, mode); }

int burrow_openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = flags;
    // O_TMPFILE contains the O_DIRECTORY bit: test it as a whole, or every O_DIRECTORY open would
    // pass a mode, which openat2 rejects without O_CREAT.
    how.mode = ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE) ? mode : 0;
    how.resolve = resolve;
    // Opening a FIFO blocks until the other end opens: interruptible like any blocking call.
    long r = burrow_safe_syscall6(SYS_openat2, dirfd, (long)path, (long)&how, sizeof how, 0, 0);
    if (r < 0) { errno = (int)-r; return -1; }
    return (int)r;
}

long burrow_fs_magic(int fd) {
    struct statfs fs;
    return fstatfs(fd, &fs) == 0 ? (long)fs.f_type : 0;
}

// The calls that can block for as long as another process decides, through burrow_safe_syscall6.
// (read, write, pread and pwrite are inline in burrow_runtime.h.)
long burrow_blocking_poll(void *fds, unsigned long n, int64_t timeout_ns) {
    struct timespec ts = { (time_t)(timeout_ns / 1000000000), (long)(timeout_ns % 1000000000) };
    return burrow_safe_syscall6(SYS_ppoll, (long)fds, (long)n, timeout_ns < 0 ? 0 : (long)&ts, 0, 8, 0);
}
long burrow_blocking_sleep_until(int clock, uint64_t deadline_ns) {
    struct timespec ts = { (time_t)(deadline_ns / 1000000000), (long)(deadline_ns % 1000000000) };
    return burrow_safe_syscall6(SYS_clock_nanosleep, clock, TIMER_ABSTIME, (long)&ts, 0, 0, 0);
}
uint64_t burrow_clock_ns(int clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

unsigned long burrow_getauxval(unsigned long type) { return getauxval(type); }
int burrow_errno(void) { return errno; }
void burrow_set_errno(int e) { errno = e; }

int burrow_tcgetattr(int fd, burrow_termios_view *out) {
    struct termios t;
    if (tcgetattr(fd, &t) != 0) return -1;
    out->echo = (t.c_lflag & ECHO) != 0;
    out->icanon = (t.c_lflag & ICANON) != 0;
    out->isig = (t.c_lflag & ISIG) != 0;
    out->icrnl = (t.c_iflag & ICRNL) != 0;
    out->opost = (t.c_oflag & OPOST) != 0;
    out->vmin = t.c_cc[VMIN];
    out->vtime = t.c_cc[VTIME];
    return 0;
}

int burrow_tcsetattr(int fd, int when, const burrow_termios_view *in) {
    struct termios t;
    if (tcgetattr(fd, &t) != 0) return -1;
    // Only the subset ToyOS exposes changes; every other host setting is kept as it was.
#define SETBIT(field, bit, on) do { if (on) (field) |= (bit); else (field) &= ~(tcflag_t)(bit); } while (0)
    SETBIT(t.c_lflag, ECHO, in->echo);
    SETBIT(t.c_lflag, ICANON, in->icanon);
    SETBIT(t.c_lflag, ISIG, in->isig);
    SETBIT(t.c_iflag, ICRNL, in->icrnl);
    SETBIT(t.c_oflag, OPOST, in->opost);
#undef SETBIT
    t.c_cc[VMIN] = in->vmin;
    t.c_cc[VTIME] = in->vtime;
    // TCSADRAIN and TCSAFLUSH wait for output to drain (forever, on a terminal stopped by ^S): the
    // ioctl is made through the interruptible path. glibc's struct termios begins with the kernel's
    // (flags, line discipline, the first 19 control characters), which is all TCSETS* reads.
    unsigned long req = when == 0 ? TCSETS : when == 1 ? TCSETSW : TCSETSF;
    long r = burrow_safe_syscall6(SYS_ioctl, fd, (long)req, (long)&t, 0, 0, 0);
    if (r < 0) { errno = (int)-r; return -1; }
    return 0;
}

int burrow_tcgetwinsize(int fd, uint16_t out[4]) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    out[0] = ws.ws_row; out[1] = ws.ws_col; out[2] = ws.ws_xpixel; out[3] = ws.ws_ypixel;
    return 0;
}

uint64_t burrow_peek_pending_signals(void) {
    return __atomic_load_n(&burrow_pending_signals, __ATOMIC_SEQ_CST);
}

_Static_assert(BURROW_O_PATH == O_PATH, "O_PATH");
_Static_assert(BURROW_UTIME_NOW == UTIME_NOW, "UTIME_NOW");
_Static_assert(BURROW_UTIME_OMIT == UTIME_OMIT, "UTIME_OMIT");
_Static_assert(BURROW_SYS_getdents64 == SYS_getdents64, "getdents64");
_Static_assert(BURROW_GRND_NONBLOCK == GRND_NONBLOCK, "GRND_NONBLOCK");
_Static_assert(BURROW_RESOLVE_NO_MAGICLINKS == RESOLVE_NO_MAGICLINKS, "RESOLVE_NO_MAGICLINKS");
_Static_assert(BURROW_RESOLVE_NO_SYMLINKS == RESOLVE_NO_SYMLINKS, "RESOLVE_NO_SYMLINKS");
_Static_assert(BURROW_RESOLVE_IN_ROOT == RESOLVE_IN_ROOT, "RESOLVE_IN_ROOT");
_Static_assert(BURROW_AT_EMPTY_PATH == AT_EMPTY_PATH, "AT_EMPTY_PATH");

int burrow_mremap_fixed(void *old, size_t length, void *new_address) {
    void *p = mremap(old, length, length, MREMAP_MAYMOVE | MREMAP_FIXED, new_address);
    return p == MAP_FAILED ? -1 : 0;
}

int burrow_pipe2(int fds[2], int flags) { return pipe2(fds, flags); }
long burrow_getrandom(void *buf, size_t len, unsigned flags) { return getrandom(buf, len, flags); }
int burrow_gettid(void) { return (int)syscall(SYS_gettid); }

// FNV-1a over 8-byte words (then the tail bytes): the integrity checks (BURROW_DEBUG_CHECKS) hash
// Burrow's read-only segments with it, megabytes at a time, which a debug-built Swift loop is too
// slow for. Not a cryptographic hash: it detects accidental writes, not tampering.
uint64_t burrow_hash_bytes(const void *p, size_t n) {
    const unsigned char *b = p;
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
    }
    for (; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

// Atomics on memory shared between processes (a personality's tree-wide state in a memfd mapped
// MAP_SHARED): Swift has no atomics on raw shared memory in this language mode.
int32_t burrow_atomic_add_i32(volatile int32_t *p, int32_t delta) { return __atomic_add_fetch(p, delta, __ATOMIC_SEQ_CST); }
int32_t burrow_atomic_load_i32(volatile int32_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
int burrow_atomic_cas_u64(volatile uint64_t *p, uint64_t expected, uint64_t desired) {
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}
uint64_t burrow_atomic_load_u64(volatile uint64_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
int burrow_memfd_create(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

// RLIMIT_FSIZE (`ulimit -f` before `burrow run`) is meant for the guest's files, but the kernel
// applies it to every file the process grows, and sends SIGXFSZ: Burrow's own memfds (the
// --max-procs table, the trace tree's page, the /proc views) and the trace file too. Without this,
// `ulimit -f 4` killed Burrow by SIGXFSZ before the guest's first instruction. Around such growth
// the soft limit is raised to the hard one (when the hard one is low too, the growth fails with
// EFBIG, which the caller reports) and SIGXFSZ is ignored. ToyOS has no setrlimit, so whether a
// limit binds is read once per process image. Nests; one thread (the guest's) uses it.
static int fsize_limited = -1;
static int own_depth;
static int own_lifted;
static struct rlimit own_saved_limit;
static struct sigaction own_saved_xfsz;

void burrow_own_files_begin(void) {
    if (fsize_limited < 0) {
        struct rlimit r;
        fsize_limited = getrlimit(RLIMIT_FSIZE, &r) == 0 && r.rlim_cur != RLIM_INFINITY;
    }
    if (!fsize_limited || own_depth++ > 0) return;
    own_lifted = 0;
    if (getrlimit(RLIMIT_FSIZE, &own_saved_limit) == 0 && own_saved_limit.rlim_cur != own_saved_limit.rlim_max) {
        struct rlimit raised = own_saved_limit;
        raised.rlim_cur = own_saved_limit.rlim_max;
        own_lifted = setrlimit(RLIMIT_FSIZE, &raised) == 0;
    }
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGXFSZ, &ign, &own_saved_xfsz);
}

void burrow_own_files_end(void) {
    if (!fsize_limited || own_depth == 0 || --own_depth > 0) return;
    int e = errno;
    sigaction(SIGXFSZ, &own_saved_xfsz, NULL);
    if (own_lifted) setrlimit(RLIMIT_FSIZE, &own_saved_limit);
    errno = e;
}

int burrow_own_ftruncate(int fd, int64_t size) {
    burrow_own_files_begin();
    int r = ftruncate(fd, size);
    burrow_own_files_end();
    return r;
}

// burrow_hex_pairs (burrow_runtime.h): each byte value's two hex characters, built by the
// preprocessor so that the table is a constant.
#define HEX_CHAR(n) ((n) < 10 ? '0' + (n) : 'a' + (n) - 10)
#define HEX_PAIR(b) (uint16_t)(HEX_CHAR((b) >> 4) | HEX_CHAR((b) & 15) << 8)
#define HEX_PAIRS4(b) HEX_PAIR(b), HEX_PAIR((b) + 1), HEX_PAIR((b) + 2), HEX_PAIR((b) + 3)
#define HEX_PAIRS16(b) HEX_PAIRS4(b), HEX_PAIRS4((b) + 4), HEX_PAIRS4((b) + 8), HEX_PAIRS4((b) + 12)
#define HEX_PAIRS64(b) HEX_PAIRS16(b), HEX_PAIRS16((b) + 16), HEX_PAIRS16((b) + 32), HEX_PAIRS16((b) + 48)
const uint16_t burrow_hex_pairs[256] = { HEX_PAIRS64(0), HEX_PAIRS64(64), HEX_PAIRS64(128), HEX_PAIRS64(192) };

// burrow_digit_pairs (burrow_runtime.h).
const char burrow_digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

