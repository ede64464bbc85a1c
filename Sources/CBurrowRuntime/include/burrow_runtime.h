// CBurrowRuntime: every piece of C and assembly Burrow needs. The trap entry, the guest entry and
// exit trampolines, and wrappers for libc functions Swift cannot call (variadic ones, getauxval).
//
// The vCPU context is shared between the signal handler, the assembly trampolines and Swift. It is a
// plain C struct at a stable address so that no Swift access (and no exclusivity check) spans guest
// execution: Swift reads and writes it only while the guest is stopped.
#ifndef BURROW_RUNTIME_H
#define BURROW_RUNTIME_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/syscall.h>
#include <linux/magic.h>   // the file systems' magic numbers, for burrow_fs_magic

#ifdef __cplusplus
extern "C" {
#endif

/// Why the guest stopped running. One exit reason per way a trap can arrive; the run loop in
/// BurrowVMM turns these into its `Exit` enum.
enum burrow_exit_reason {
    BURROW_EXIT_NONE = 0,
    /// `int 0x81`: a ToyOS system call. rip points AT the instruction (prefixes allowed): its length
    /// is decoded by the run loop.
    BURROW_EXIT_SYSCALL = 1,
    /// A general-protection fault with no error code at a guest instruction: a privileged
    /// instruction (hlt, cli, sti, in, out), vmcall, or some other #GP. rip points AT it; Swift decodes.
    BURROW_EXIT_GP = 2,
    /// A synchronous fault: SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGTRAP raised by a guest instruction.
    BURROW_EXIT_FAULT = 3,
    /// An asynchronous host signal arrived while the guest ran (Ctrl-C, SIGTERM, SIGALRM...).
    BURROW_EXIT_HOST_SIGNAL = 4,
    /// The guest executed a raw Linux `syscall`/`int 0x80` (caught by Syscall User Dispatch).
    BURROW_EXIT_LINUX_SYSCALL = 5,
    /// The guest changed the FS base (forbidden: the host's TLS lives there). It has been restored.
    BURROW_EXIT_FS_CHANGED = 6,
    /// `int N` where N is the personality's hypercall vector (ToyOS: `int 0x82`). rip points AT it.
    BURROW_EXIT_HYPERCALL = 7,
    /// A ToyOS system call through a patched stub (the fast path, fastpath.S): rip points AT the
    /// patched `call` (7 bytes), rsp and every register as `int 0x81` would have left them.
    BURROW_EXIT_FAST_SYSCALL = 8,
    /// The fast path's thunk called the direct dispatcher (burrow_fastpath_set_dispatcher), which
    /// handled the call completely; the run loop acts on what the dispatcher decided (the guest
    /// exits or dies, or it is entered again with every register as the vCPU holds them).
    BURROW_EXIT_FAST_DONE = 9,
};

/// Room for the XSAVE image of a signal frame (AVX-512 needs about 2.7 KiB; a larger image, e.g.
/// with AMX tile data enabled, falls back to the FXSAVE part).
#define BURROW_XSAVE_MAX 4096

/// General-purpose register indices into burrow_vcpu.regs.
enum burrow_reg {
    BURROW_RAX = 0, BURROW_RBX, BURROW_RCX, BURROW_RDX, BURROW_RSI, BURROW_RDI, BURROW_RBP, BURROW_RSP,
    BURROW_R8, BURROW_R9, BURROW_R10, BURROW_R11, BURROW_R12, BURROW_R13, BURROW_R14, BURROW_R15,
    BURROW_RIP, BURROW_RFLAGS, BURROW_NREGS
};

/// The guest's CPU state while it is stopped, plus what the trampolines need. Field offsets up to
/// `xsave` are used by trampoline.S: keep them in step (static asserts in runtime.c check them).
typedef struct burrow_vcpu {
    uint64_t regs[BURROW_NREGS];   // 0..143
    uint64_t host_rsp;             // 144: host stack pointer saved by burrow_enter_guest
    uint32_t guest_mxcsr;          // 152
    uint16_t guest_fcw;            // 156
    uint16_t pad0;
    uint32_t host_mxcsr;           // 160
    uint16_t host_fcw;             // 164
    uint16_t pad1;
    uint32_t fpu_valid;            // 168: after an async exit: 1 = fxsave image in `xsave`, 2 = full XSAVE image
    uint32_t in_guest;             // 172: 1 from just before guest entry until the trap handler runs
    uint32_t exit_reason;          // 176
    int32_t  signo;                // 180: host signal number for FAULT / HOST_SIGNAL / LINUX_SYSCALL
    int32_t  si_code;              // 184
    int32_t  linux_syscall_nr;     // 188
    uint64_t fault_addr;           // 192: si_addr
    uint64_t trap_err;             // 200: the CPU's error code (REG_ERR)
    uint64_t trap_no;              // 208: the CPU's trap number (REG_TRAPNO)
    uint64_t guest_fsbase;         // 216: what the guest set FS to (BURROW_EXIT_FS_CHANGED)
    uint16_t trap_cs;              // 224: the guest's code selector when it trapped (32-bit mode shows here)
    uint16_t pad3;
    uint32_t entry_failed;         // 228: 1 when the fault was entering the guest (iretq, xrstor): the state in regs is bad
    uint32_t fpu_size;             // 232: bytes of the image in `xsave` (fpu_valid 2: the XSAVE size; 1: 512)
    // 236: a 32-bit guest (compatibility mode): its code, stack and data selectors (0 = a 64-bit
    // guest, entered with the host's selectors). See burrow_vcpu_set_compat.
    uint16_t guest_cs;             // 236
    uint16_t guest_ss;             // 238
    uint16_t guest_ds;             // 240
    // 242: the last system call's instruction length (the restart rule moves rip back by it) and
    // whether it came through a patched stub: set by GuestProcess.syscallStarts and by the fast
    // lane (lane.c), which starts calls without Swift.
    uint8_t  syscall_length;
    uint8_t  syscall_fast;
    uint8_t  pad2[12];
    // 256: the guest's FPU/vector state after an asynchronous exit, copied from the signal frame:
    // an XSAVE image (x87, SSE, AVX, AVX-512 ...) or, on CPUs without XSAVE, the 512-byte FXSAVE
    // image. 64-byte aligned (xrstor requires it) because VCPU allocates the struct 64-byte aligned.
    uint8_t  xsave[BURROW_XSAVE_MAX];
} burrow_vcpu;

/// Install the trap handlers (process-wide: signal dispositions belong to the process) and a signal
/// stack for the calling thread, which is the one that runs guests. `host_signals` are the
/// asynchronous signals that should stop the guest and be reported to the run loop.
/// Returns 0 or an errno.
int burrow_runtime_install(const int *host_signals, int count);
void burrow_set_syscall_vector(uint8_t vector);
/// The system-call vector last set (for messages: "int 0x81"); 0 when none is.
uint8_t burrow_syscall_vector(void);
/// The trap vectors a personality gives a meaning to, as data: `int vector` from user mode (a #GP
/// with error code vector<<3|2) becomes exit `reason` (BURROW_EXIT_SYSCALL, BURROW_EXIT_HYPERCALL);
/// BURROW_EXIT_NONE forgets the vector. burrow_set_syscall_vector(v) is (v, BURROW_EXIT_SYSCALL).
void burrow_set_trap_vector(uint8_t vector, uint32_t reason);
/// What `int vector` means now (BURROW_EXIT_NONE: an ordinary fault).
uint32_t burrow_trap_vector_reason(uint8_t vector);
/// "SEGV" for SIGSEGV (glibc's sigabbrev_np); NULL for a number without a name. Signal-safe.
const char *burrow_signal_abbrev(int sig);
/// FNV-1a of n bytes (test-only integrity checks; not cryptographic).
uint64_t burrow_hash_bytes(const void *p, size_t n);

/// Turn Syscall User Dispatch on (catch raw Linux system calls made by guest code). Returns 0,
/// or an errno (EINVAL on kernels without SUD).
int burrow_sud_enable(void);
/// 1 when SUD is armed.
int burrow_sud_enabled(void);
/// Turns SUD off again (the raw-syscall guard's hand-over to hardware breakpoints, which are then
/// watching). 0, or an errno.
int burrow_sud_disable(void);

/// Run the guest from v->regs until it traps. Returns v->exit_reason.
uint32_t burrow_vcpu_run(burrow_vcpu *v);

/// The vCPU currently running (NULL outside burrow_vcpu_run). Process-wide: one guest thread.
extern burrow_vcpu *burrow_current_vcpu;

/// Asynchronous host signals that arrived and are not yet handled (bit per signal), process-wide.
/// Every host signal sets its bit, wherever it lands. The run loop consumes them with
/// burrow_take_pending_signals().
uint64_t burrow_take_pending_signals(void);
/// The pending set without consuming it.
uint64_t burrow_peek_pending_signals(void);

/// The signals that must interrupt a blocking host call (those the guest does not ignore).
void burrow_set_interrupt_mask(uint64_t mask);
/// 1 when a signal of the interrupt mask is pending.
int burrow_interrupt_pending(void);

/// A host system call that a pending or arriving signal of the interrupt mask always interrupts,
/// also in the window before the kernel is entered (QEMU's safe_syscall). Returns the kernel's raw
/// result: a value, or -errno (-EINTR when interrupted). Never sets errno.
long burrow_safe_syscall6(long nr, long a, long b, long c, long d, long e, long f);

/// A host system call as data: what a handler's last step is, so that the fast path's thunk can
/// make it itself, right above the `syscall` instruction (docs/architecture.md, "The fast path":
/// the deferred host call). `interruptible`: through burrow_safe_syscall6 (a call that can block);
/// otherwise a plain `syscall` (a call that never blocks, like getpid).
typedef struct burrow_host_call {
    long nr;
    long args[6];
    long interruptible;
    /// Set by the dispatcher when the call's end has nothing to do but set the result (no trace,
    /// no checks, no guest signal pending or interrupted call): the thunk then finishes a
    /// non-negative result itself, without the completer (what it would do, in assembly).
    long quiet;
} burrow_host_call;

/// The one deferred host call of the fast path's current call: the dispatcher fills it and returns
/// BURROW_FAST_HOST_CALL; the thunk makes the call and hands the raw result to the completer (or,
/// for a quiet call with a value, sets the result itself: `quiet` above).
extern burrow_host_call burrow_fast_host_call;
/// Its address, for Swift (a pointer, not an `inout` global: no exclusivity check per access).
static inline burrow_host_call *burrow_fast_host_call_block(void) { return &burrow_fast_host_call; }

/// The dispatcher's answers to the thunk: the guest goes on (1), the run loop takes over (0), or
/// the thunk makes burrow_fast_host_call and finishes it, itself or through the completer (2).
#define BURROW_FAST_HOST_CALL 2

/// The completer of a deferred host call: called by the thunk with the context and the raw result
/// (a value or -errno); answers 1 or 0 like the dispatcher.
void burrow_fastpath_set_completer(uint32_t (*completer)(void *, long));

/// The observer of a quick lane call (docs/architecture.md, "The quick lane"): with the lane open
/// for an observer (BURROW_LANE_OPEN_OBSERVED) and this set, the quick lane makes the lane's calls
/// too, and tells `observer(context, value)` of each whose host call returned a value, after it,
/// with burrow_fast_lane.started read before it (the observer reads it and sets it back to 0). It
/// runs as the completer does (on the VMM stack, host calls allowed, in_guest = 0, the host's FS
/// base), but the guest's caller-saved registers alone are in the vCPU (its number and arguments:
/// the call is not started, rip not written), and with the guest's control words, which are the
/// host's but for MXCSR's exception flags (the quick lane leaves any other call to the thunk). It
/// may close the lane; the guest then goes on with the value. An error goes to the completer, a
/// host signal that arrived to the run loop, as for every quick lane call. NULL (the default): an
/// observed lane's calls are the thunk's.
void burrow_fastpath_set_observer(void (*observer)(void *, long));

/// The time-stamp counter, unserialised (~11 ns on the Intel machine, against ~27 for the vDSO's
/// clock_gettime, which serialises it): the tracer's clock between exact readings (BurrowTrace,
/// Clock.swift).
static inline uint64_t burrow_rdtsc(void) { return __builtin_ia32_rdtsc(); }

/* Asks for the 4 cache lines from p on, to be written (prefetchw: the lines come owned, so the
 * stores into them need not ask again). A hint: it never faults, whatever p is. Spelled in asm as
 * the compiler's __builtin_prefetch gives prefetcht0 for the baseline x86-64 target; every x86-64
 * CPU Burrow runs on decodes prefetchw (AMD since K8, Intel since Broadwell; a NOP before). */
static inline void burrow_prefetch_write(const void *p) {
    const char *c = (const char *)p;
    __asm__ volatile("prefetchw (%0)\n\tprefetchw 64(%0)\n\tprefetchw 128(%0)\n\tprefetchw 192(%0)" : : "r"(c));
}

/// The two lower-case hex characters of each byte value, the first in the low byte (the tracer's
/// hex numbers, BurrowTrace's Put.hexDigits). A C constant: Swift reaches it without the
/// once-check that a Swift global costs on every use.
extern const uint16_t burrow_hex_pairs[256];
static inline const uint16_t *burrow_hex_pair_table(void) { return burrow_hex_pairs; }
/// "00" "01" ... "99": the tracer's decimals two digits per division (Put.decimal in Swift, the
/// lane's renderer in C: one table for both).
extern const char burrow_digit_pairs[201];
static inline const uint8_t *burrow_digit_pair_table(void) { return (const uint8_t *)burrow_digit_pairs; }

/// A plain host system call (no interruption window): for calls that never block.
static inline long burrow_plain_syscall6(long nr, long a, long b, long c, long d, long e, long f) {
    register long r10 __asm__("r10") = d, r8 __asm__("r8") = e, r9 __asm__("r9") = f;
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
    return r;
}

/// Makes a host call as the thunk would: the raw result (a value or -errno).
static inline long burrow_host_call_run(const burrow_host_call *h) {
    return h->interruptible
        ? burrow_safe_syscall6(h->nr, h->args[0], h->args[1], h->args[2], h->args[3], h->args[4], h->args[5])
        : burrow_plain_syscall6(h->nr, h->args[0], h->args[1], h->args[2], h->args[3], h->args[4], h->args[5]);
}

/// Blocking host calls through burrow_safe_syscall6 (raw results: a value or -errno). Inline, so
/// that the call to burrow_safe_syscall6 is made from the handler itself: on this machine every
/// return whose call was made before a host system call mispredicts (~8 ns each, up to ~10 deep;
/// docs/performance.md section 5), so each level between the dispatcher and the `syscall`
/// instruction costs that much per call.
static inline long burrow_blocking_read(int fd, void *buf, size_t n) {
    return burrow_safe_syscall6(SYS_read, fd, (long)buf, (long)n, 0, 0, 0);
}
static inline long burrow_blocking_write(int fd, const void *buf, size_t n) {
    return burrow_safe_syscall6(SYS_write, fd, (long)buf, (long)n, 0, 0, 0);
}

/// Waits for a host signal (sigsuspend): only ever returns -EINTR, when a signal of the interrupt
/// mask arrives (one that arrived just before is not missed: burrow_safe_syscall6).
static inline long burrow_blocking_pause(void) {
    return burrow_safe_syscall6(SYS_pause, 0, 0, 0, 0, 0, 0);
}

/// Linux system call numbers for Swift, which does not import the SYS_ macros.
static const long burrow_nr_read = SYS_read, burrow_nr_write = SYS_write, burrow_nr_pread64 = SYS_pread64,
    burrow_nr_pwrite64 = SYS_pwrite64, burrow_nr_getpid = SYS_getpid, burrow_nr_getppid = SYS_getppid;
/// ppoll with a relative timeout in nanoseconds (negative: none).
long burrow_blocking_poll(void *fds, unsigned long n, int64_t timeout_ns);
/// Sleeps until the absolute time deadline_ns on `clock` (TIMER_ABSTIME: a retry needs no remainder).
long burrow_blocking_sleep_until(int clock, uint64_t deadline_ns);
/// The time on `clock` in nanoseconds.
uint64_t burrow_clock_ns(int clock);

/// Copies n bytes where either side may be guest memory that faults (a file mapping past the end
/// of its file): the fault is caught, not fatal. Returns the number of bytes NOT copied.
size_t burrow_safe_copy(void *dst, const void *src, size_t n);
/// The same for the trace's small copies, where only "all or not" counts: 0 when every byte was
/// copied, nonzero when one faulted (some may have been copied). Sixteen bytes a step (trampoline.S).
size_t burrow_safe_copy_short(void *dst, const void *src, size_t n);
/// strnlen over guest memory: the length, max when no NUL in max bytes, -1 when unreadable.
long burrow_safe_strnlen(const char *s, size_t max);

/// Where the trap handler writes an internal-error report (Burrow's private stderr).
void burrow_set_diagnostics_fd(int fd);
/// Called once, best effort, from the handler after an internal error is reported and before
/// Burrow dies (the tracer's flush). It must check itself that it is safe to run.
void burrow_set_crash_hook(void (*hook)(void));
/// The host's 64-bit code selector (a guest that trapped with another one was in 32-bit mode).
uint16_t burrow_host_cs(void);

// 32-bit guests (compat.c). In compatibility mode linear addresses are 32-bit: a segment's base
// plus its limit stay below 4 GiB.
/// The selector a guest's mode is recognised by: the code selector it runs with (the host's 64-bit
/// one for a 64-bit guest). A trap with another selector is a guest that left its mode.
uint16_t burrow_guest_cs(const burrow_vcpu *v);
/// Makes `v` a 32-bit guest with these selectors (cs 0: a 64-bit guest again).
void burrow_vcpu_set_compat(burrow_vcpu *v, uint16_t cs, uint16_t ss_ds);
/// The flat 32-bit selectors of Linux (__USER32_CS, __USER_DS): base 0, limit 4 GiB.
uint16_t burrow_flat32_cs(void);
uint16_t burrow_flat32_ds(void);
/// Installs LDT entry `index` (modify_ldt): a 32-bit code (code = 1, execute/read) or data
/// (read/write, expand-up) segment at `base` with `pages` 4 KiB pages (limit = base + pages*4096 - 1).
/// 0, or an errno (EINVAL: base + size beyond 4 GiB, or pages 0).
int burrow_ldt_set(int index, uint32_t base, uint32_t pages, int code);
/// Reads LDT entry `index` back as the CPU sees it: base, byte limit (inclusive), flags (bit 0
/// present, bit 1 code, bit 2 32-bit, bit 3 user DPL 3). 0, or an errno (ENOENT: no such entry).
int burrow_ldt_get(int index, uint32_t *base, uint32_t *limit, uint32_t *flags);
/// The user-mode selector of LDT entry `index` (TI = 1, RPL 3).
uint16_t burrow_ldt_selector(int index);

/// How host signal `sig`, as the run loop last took it (burrow_take_pending_signals), was sent:
/// BURROW_ORIGIN_USER when a process sent it (kill, tgkill, sigqueue; pid is the sender's); for a
/// SIGCHLD about a child, the host's CLD_* code (pid the child's, status its exit status or the
/// host signal); else BURROW_ORIGIN_KERNEL.
enum { BURROW_ORIGIN_USER = 0, BURROW_ORIGIN_KERNEL = 0x80 };
int burrow_signal_origin(int sig, int *pid, int *status);
/// 1 when a SIGCONT has arrived since the last call (then 0 again): what it owes the terminal is
/// owed even when a later stop signal discarded it from the record.
int burrow_take_continued(void);
/// What the host does with an asynchronous signal, as the guest's action asks: Burrow's trap
/// handler (a guest handler, or a default action that ends the guest: the run loop acts), SIG_IGN
/// (the guest ignores it), or SIG_DFL (the default ignores, continues or stops: the kernel does it
/// exactly as for a native process, and such a signal never interrupts or shortens a call).
/// Returns 0 or an errno.
enum { BURROW_DISPOSITION_HANDLER = 0, BURROW_DISPOSITION_IGNORE = 1, BURROW_DISPOSITION_DEFAULT = 2 };
int burrow_set_host_disposition(int sig, int kind);
/// The host's signal mask: the guest's blocked asynchronous signals (bit per host signal), so a
/// blocked signal stays pending in the kernel and interrupts nothing, as natively. Synchronous
/// signals are never blocked.
int burrow_set_host_blocked(uint64_t mask);
/// 1 for the signals an instruction raises (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS): the
/// trap handler always keeps them, whatever the guest's action.
int burrow_is_sync_signal(int sig);
/// 1 when the host ignores `sig` (SIG_IGN): inherited from Burrow's parent, or mirrored.
int burrow_host_ignored(int sig);
/// Stops the process by `sig` (its default action: SIGTSTP, SIGTTIN, SIGTTOU), in two steps.
/// Prepare: 0 when no stop is to be made, because a SIGCONT came after the run loop took `sig`
/// (the kernel's rule: a SIGCONT discards a stop not yet made); 1 when the stop waits, `sig`
/// blocked and pending in the kernel, so that a SIGCONT from now on discards it. Finish (only
/// after a prepare that returned 1): the stop, and the return when the process is continued,
/// Burrow's handler and mask back in place.
int burrow_stop_prepare(int sig);
void burrow_stop_finish(void);
/// The stop signals among `signals` that Burrow caught but has not acted on (its record, which the
/// run loop has not taken) go to the kernel, which acts on them as on any other from now on: for
/// the moment Burrow stops catching them and SIGCONT, whose arrival it would no longer see.
void burrow_hand_stops_to_kernel(uint64_t signals);
/// 1 when this process's group is orphaned (no member has a parent in another group of the same
/// session; init's children aside), as the kernel judges it before it takes the default action of
/// SIGTSTP, SIGTTIN or SIGTTOU: it then discards the stop. Read from /proc; 0 when it cannot be.
int burrow_pgrp_orphaned(void);
/// fork() after flushing stdio; in the child, Syscall User Dispatch (not inherited) is armed again
/// when it was on. Returns as fork does (-1 and errno).
int burrow_fork(void);

// The tree-wide process limit (procs.c, `burrow run --max-procs`). create: the first process makes
// the table (returns its memfd, or -errno); attach: a process after exec joins it (0 or errno).
// burrow_procs_fork is burrow_fork taking a slot first: -1 with errno EAGAIN when the table is full.
// release: frees this process's slot (also run at exit and before dying by a signal).
int burrow_procs_create(uint32_t limit);
/// The table's size in bytes for `limit` slots (the memfd burrow_procs_create grows).
size_t burrow_procs_table_size(uint32_t limit);
int burrow_procs_attach(int fd, int slot);
int burrow_procs_fork(void);
void burrow_procs_release(void);
/// This process keeps its slot after it ends, until it is reaped (xv6: zombies count).
void burrow_procs_hold_until_reaped(void);
int burrow_procs_fd(void);
int burrow_procs_slot(void);
/// wait4 with WNOHANG added, a plain system call (it cannot block, so no pending signal stops it).
long burrow_wait4_now(int pid, int *status, int options);
/// wait4 through the interruptible path (raw result).
long burrow_blocking_wait4(int pid, int *status, int options);
/// tcsetpgrp with SIGTTOU blocked on the host during the call when block_ttou (the guest blocks
/// it): the kernel then lets a background process take the terminal, as natively.
int burrow_tcsetpgrp(int fd, int pgid, int block_ttou);
/// 1 when `img` (size bytes, format 1 FXSAVE or 2 XSAVE standard form) can be loaded with
/// fxrstor/xrstor without a fault: reserved MXCSR bits clear, an XSAVE header naming only
/// components this CPU enables, not compacted, its reserved bytes zero.
int burrow_fpu_image_ok(const void *img, uint32_t size, uint32_t format);

/// Set the GS base (guest TLS). Uses wrgsbase when the kernel enables FSGSBASE, else arch_prctl.
int burrow_set_gsbase(uint64_t base);
uint64_t burrow_get_gsbase(void);

/// Restore default handling for `sig` and raise it (used to die by the guest's signal).
void burrow_die_by_signal(int sig) __attribute__((noreturn));

/// Wrappers for what Swift cannot call directly.
long burrow_syscall6(long nr, long a, long b, long c, long d, long e, long f);
int burrow_fcntl_int(int fd, int cmd, int arg);
int burrow_ioctl_ptr(int fd, unsigned long req, void *arg);
int burrow_open_mode(const char *path, int flags, unsigned mode);
int burrow_openat_mode(int dirfd, const char *path, int flags, unsigned mode);
/// openat2 with RESOLVE_* flags (-1 and errno on failure; ENOSYS on old kernels).
int burrow_openat2(int dirfd, const char *path, uint64_t flags, uint64_t mode, uint64_t resolve);
/// The magic number of the file system `fd` (O_PATH will do) lies on (fstatfs's f_type: compare
/// with linux/magic.h's PROC_SUPER_MAGIC, TMPFS_MAGIC, ...), or 0 when fstatfs fails.
long burrow_fs_magic(int fd);
unsigned long burrow_getauxval(unsigned long type);
/// The calling thread's id (glibc's gettid is not visible to Swift).
int burrow_gettid(void);
int burrow_errno(void);
void burrow_set_errno(int e);

/// Linux values Swift's Glibc module does not export (it is built without _GNU_SOURCE);
/// runtime.c checks each against the real header.
#define BURROW_O_PATH 010000000
#define BURROW_UTIME_NOW 1073741823
#define BURROW_UTIME_OMIT 1073741822
#define BURROW_SYS_getdents64 217
#define BURROW_GRND_NONBLOCK 1
#define BURROW_RESOLVE_NO_MAGICLINKS 0x02
#define BURROW_RESOLVE_NO_SYMLINKS 0x04
#define BURROW_RESOLVE_IN_ROOT 0x10
#define BURROW_AT_EMPTY_PATH 0x1000
int burrow_pipe2(int fds[2], int flags);
/// Moves the mapping at old (length bytes) to exactly new_address, replacing what is there.
/// 0, or -1 with errno.
int burrow_mremap_fixed(void *old, size_t length, void *new_address);
long burrow_getrandom(void *buf, size_t len, unsigned flags);

/// Atomics on memory shared between processes (MAP_SHARED): add returns the new value, cas 1
/// when it swapped.
int32_t burrow_atomic_add_i32(volatile int32_t *p, int32_t delta);
int32_t burrow_atomic_load_i32(volatile int32_t *p);
int burrow_atomic_cas_u64(volatile uint64_t *p, uint64_t expected, uint64_t desired);
uint64_t burrow_atomic_load_u64(volatile uint64_t *p);
/// memfd_create(name, MFD_CLOEXEC).
int burrow_memfd_create(const char *name);
/// Around growing a file of Burrow's own (a memfd, the trace file): RLIMIT_FSIZE's soft limit
/// raised to the hard one and SIGXFSZ ignored, so the guest's `ulimit -f` binds the guest's files
/// only (runtime.c). Nests. burrow_own_ftruncate: ftruncate inside such a pair.
void burrow_own_files_begin(void);
void burrow_own_files_end(void);
int burrow_own_ftruncate(int fd, int64_t size);

/// Host termios <-> a flat description (keeps struct termios out of Swift).
typedef struct burrow_termios_view {
    uint32_t echo, icanon, isig, icrnl, opost;
    uint8_t vmin, vtime;
} burrow_termios_view;
int burrow_tcgetattr(int fd, burrow_termios_view *out);
int burrow_tcsetattr(int fd, int when /* 0 now, 1 drain, 2 flush */, const burrow_termios_view *in);
int burrow_tcgetwinsize(int fd, uint16_t out[4]);

/// Device helpers (devices.c). SIGRTMIN as glibc computes it.
int burrow_sigrtmin(void);
/// A CLOCK_MONOTONIC POSIX timer that sends `signo` to the calling thread. 0 or an errno.
int burrow_timer_create(int signo, intptr_t *timer);
/// Arms the timer periodically (period_ns 0: disarmed). 0 or an errno.
int burrow_timer_set(intptr_t timer, uint64_t period_ns);
int burrow_timer_delete(intptr_t timer);
/// A new open file description of `fd`'s file (through /proc/self/fd) that sends `signo` to the
/// calling thread when it becomes readable (O_ASYNC, F_SETSIG, F_SETOWN_EX); the shared one is
/// untouched. The new descriptor (close-on-exec, non-blocking) or -errno.
int burrow_async_input(int fd, int signo);

/// *p += v atomically, on memory shared between processes (a MAP_SHARED page the process tree
/// shares: the tracer's count of live processes); returns the new value. Swift's Glibc module has
/// no atomics.
static inline long burrow_atomic_add(long *p, long v) { return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST); }

#include "burrow_fastpath.h"
#include "burrow_tracelane.h"

#ifdef __cplusplus
}
#endif
#endif
