// The fast path's thunk (CBurrowRuntime/fastpath.S), included by main.c. A guest makes patched
// calls (`call [slot N]`, FF 14 25 disp32) in two modes: "plain", where the thunk leaves through
// the run loop (BURROW_EXIT_FAST_SYSCALL, re-entry with iretq), and "direct", where it calls a
// registered dispatcher on the VMM stack and returns to the guest with a jump, as burrow does. The
// calls of the mini personality:
//   slot 0: exit(rdi) (direct: the dispatcher asks for the run loop)
//   slot 1: nothing
//   slot 6: a result: rax = 0x1234 and CF set
//   slot 7: rip moved to guest_fast_moved (as when a guest signal handler is set up): the direct
//           mode must then enter the long way, at the new rip
//   slot 8: exit with the single-step check's verdict (fast_trap_scenarios.h)
//   slot 9: "Burrow's bug": the dispatcher leaves a guest MXCSR that ldmxcsr refuses (#GP)
//   slot 10: the call takes the guest's stack away (the page of the stub caller's return address)
//   slot 11: the call takes the stub's code away (its page)
//   slot 14: "Burrow's bug": the dispatcher breaks the VMM stack pointer the next thunk switches to
//   slot 13: getppid as a host call the thunk makes itself (BURROW_FAST_HOST_CALL, plain; the
//            completer sets rax = 0x1313 when the result is right; fast_host_call.h has the
//            interruptible kind)
//   slot 12: getppid, deferred and "quiet": the thunk sets the value itself (rax = the parent's
//            pid, rdx = 0, CF clear), never calling the completer (which would exit 65)
//   slot 15: read(-1), deferred and quiet: an error still goes to the completer (rax = 0x1515
//            when it saw -EBADF)
// The guest's first call goes through a patched stub (`call [slot 1]; ret`), whose `ret` the
// direct return does itself; the others call slots from the guest's own code. The first call is
// made with the flags, MXCSR and x87 control word of a "setting" (fast_settings below: AC and DF;
// all arithmetic flags; other control words than the host's; NT and ID; ...), which take the
// thunk's branches (popfq into Burrow's code or not, popfq or sahf back). The guest checks that
// every register, its flags, MXCSR, the x87 control word and its red zone come back, that the
// result and the moved rip arrive, and that the raw-syscall guard is armed again after a call (its
// raw `syscall` must reach the run loop, which answers 0x5150); exit status 0 when all hold, else
// 3 (a flag lost), 4 (red zone changed), 5 (a register changed), 6 (no result), 7 (the moved rip
// was ignored), 8 (the exit call returned), 9 (the raw syscall reached the kernel), 10 (MXCSR or
// the x87 control word lost: MXCSR whole, its exception flags too, although the dispatcher's own
// floating point raised PE under the guest's kept words).
// The dispatcher checks what Burrow's code relies on: a 16-byte aligned stack at the call (the
// entry shim), AC, DF and NT clear, the host's x87 control word and MXCSR control bits (the
// guest's words, kept, when they are the same but for MXCSR's exception flags), x87 and SSE usable
// (the guest leaves the x87 stack full and MMX in use at its first call, and an unmasked x87
// exception pending at its second), in_guest 0 and host system calls allowed (SUD is armed in
// both modes: a selector left on "block" kills the child by SIGSYS).
__asm__(
    ".text\n"
    ".globl guest_fast\n guest_fast:\n"
    "   fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n movq %rax, %mm0\n"   // x87 stack full, MMX in use
    "   lea -128(%rsp), %rdi\n mov $112, %ecx\n mov $0x5A, %al\n rep stosb\n"   // red zone below the two calls' slots
    "   ldmxcsr fast_setting+8(%rip)\n fldcw fast_setting+12(%rip)\n"          // the setting's control words
    "   mov $0x1111, %ebx\n mov $0x2222, %ebp\n mov $0x3333, %r12d\n mov $0x4444, %r13d\n"
    "   mov $0x5555, %r14d\n mov $0x6666, %r15d\n mov $0x7777, %esi\n mov $0x8888, %r8d\n"
    "   mov $0x9999, %r9d\n mov $0xaaaa, %r10d\n mov $0xbbbb, %r11d\n mov $0xcccc, %ecx\n mov $0xdddd, %edi\n"
    "   pushq fast_setting(%rip)\n popfq\n"                                     // and its flags
    ".globl guest_fast_call\n guest_fast_call:\n"
    "   call fast_stub1\n"                                                       // a patched stub: call [slot 1]; ret
    ".globl guest_fast_after\n guest_fast_after:\n"
    // CF PF AF ZF SF DF OF NT AC ID as they were
    "   pushfq\n pop %rax\n xor fast_setting(%rip), %rax\n test $0x244CD5, %eax\n jnz 3f\n"
    "   pushq $0x202\n popfq\n"
    "   stmxcsr -8(%rsp)\n mov -8(%rsp), %eax\n cmp fast_setting+8(%rip), %eax\n jne 10f\n"
    "   fnstcw -8(%rsp)\n movzwl -8(%rsp), %eax\n cmp fast_setting+12(%rip), %eax\n jne 10f\n"
    "   movl $0x1F80, -8(%rsp)\n ldmxcsr -8(%rsp)\n movw $0x37F, -8(%rsp)\n fldcw -8(%rsp)\n"
    "   cmp $0x1111, %rbx\n jne 5f\n cmp $0x2222, %rbp\n jne 5f\n cmp $0x3333, %r12\n jne 5f\n"
    "   cmp $0x4444, %r13\n jne 5f\n cmp $0x5555, %r14\n jne 5f\n cmp $0x6666, %r15\n jne 5f\n"
    "   cmp $0x7777, %rsi\n jne 5f\n cmp $0x8888, %r8\n jne 5f\n cmp $0x9999, %r9\n jne 5f\n"
    "   cmp $0xaaaa, %r10\n jne 5f\n cmp $0xbbbb, %r11\n jne 5f\n cmp $0xcccc, %rcx\n jne 5f\n"
    "   cmp $0xdddd, %rdi\n jne 5f\n"
    "   lea -128(%rsp), %rdi\n mov $112, %ecx\n"
    "1: cmpb $0x5A, (%rdi)\n jne 4f\n inc %rdi\n dec %ecx\n jnz 1b\n"
    // An unmasked x87 divide-by-zero pending (FCW 0x37B, FSW ZE|ES, loaded with fldenv: the next
    // waiting x87 or MMX instruction, the thunk's emms, raises it).
    "   sub $32, %rsp\n fnstenv (%rsp)\n movw $0x37B, (%rsp)\n orw $0x84, 4(%rsp)\n fldenv (%rsp)\n add $32, %rsp\n"
    "   clc\n .byte 0xFF, 0x14, 0x25, 0x30, 0x00, 0x01, 0x7F\n"                 // call [slot 6], bare
    "   jnc 6f\n cmp $0x1234, %rax\n jne 6f\n"
    "   .byte 0xFF, 0x14, 0x25, 0x68, 0x00, 0x01, 0x7F\n"                       // call [slot 13]: getppid, deferred
    "   cmp $0x1313, %rax\n jne 6f\n"
    "   mov $0x77, %edx\n stc\n .byte 0xFF, 0x14, 0x25, 0x60, 0x00, 0x01, 0x7F\n"  // call [slot 12]: quiet getppid
    "   jc 6f\n test %rdx, %rdx\n jnz 6f\n cmp fast_parent(%rip), %rax\n jne 6f\n"
    "   .byte 0xFF, 0x14, 0x25, 0x78, 0x00, 0x01, 0x7F\n"                       // call [slot 15]: quiet read(-1)
    "   cmp $0x1515, %rax\n jne 6f\n"
    "   mov $39, %eax\n syscall\n"                                                // getpid, raw
    ".globl guest_fast_sysret\n guest_fast_sysret:\n"
    "   cmp $0x5150, %rax\n jne 9f\n"
    "   .byte 0xFF, 0x14, 0x25, 0x38, 0x00, 0x01, 0x7F\n"                       // call [slot 7]
    "   mov $0, %eax\n mov $7, %edi\n int $0x81\n"
    ".globl guest_fast_moved\n guest_fast_moved:\n"
    "   xor %edi, %edi\n .byte 0xFF, 0x14, 0x25, 0x00, 0x00, 0x01, 0x7F\n"      // call [slot 0]: exit(0)
    "   mov $0, %eax\n mov $8, %edi\n int $0x81\n"
    "3: mov $0, %eax\n mov $3, %edi\n int $0x81\n"
    "4: mov $0, %eax\n mov $4, %edi\n int $0x81\n"
    "5: mov $0, %eax\n mov $5, %edi\n int $0x81\n"
    "6: mov $0, %eax\n mov $6, %edi\n int $0x81\n"
    "9: mov $0, %eax\n mov $9, %edi\n int $0x81\n"
    "10: mov $0, %eax\n mov $10, %edi\n int $0x81\n"
    "   .balign 8\n"
    ".globl fast_stub1\n fast_stub1:\n"
    "   .byte 0xFF, 0x14, 0x25, 0x08, 0x00, 0x01, 0x7F\n ret\n"
    // The direct dispatcher's entry: the stack must be 16-byte aligned at the call (rsp = 8 mod 16
    // at the first instruction), else exit 86.
    ".globl mini_fast_entry\n mini_fast_entry:\n"
    "   mov %rsp, %rax\n and $15, %eax\n cmp $8, %eax\n jne 1f\n jmp mini_fast_dispatch\n"
    "1: and $-16, %rsp\n mov $86, %edi\n call _exit@PLT\n"
    // The same for the completer of a deferred host call (exit 87).
    ".globl mini_complete_entry\n mini_complete_entry:\n"
    "   mov %rsp, %rax\n and $15, %eax\n cmp $8, %eax\n jne 1f\n jmp mini_complete\n"
    "1: and $-16, %rsp\n mov $87, %edi\n call _exit@PLT\n"
    // The setting of the first call: rflags (8 bytes), MXCSR (4), x87 control word (4).
    ".data\n .balign 16\n .globl fast_setting\n fast_setting: .quad 0x40602\n .long 0x1F80, 0x37F\n"
    ".globl fast_parent\n fast_parent: .quad 0\n .text\n");   // getppid's answer (slot 12)

extern char guest_fast[], guest_fast_call[], guest_fast_after[], guest_fast_moved[], guest_fast_sysret[];
struct fast_setting { uint64_t rflags; uint32_t mxcsr, fcw; };
extern struct fast_setting fast_setting;
extern uint64_t fast_parent;

// What the guest's first call is made with. The flags always hold IF and bit 1. RFLAGS: CF 0x1,
// PF 0x4, AF 0x10, ZF 0x40, SF 0x80, TF 0x100, DF 0x400, OF 0x800, NT 0x4000, AC 0x40000, ID 0x200000.
static const struct fast_setting fast_settings[] = {
    { 0x40602, 0x1F80, 0x37F },   // AC and DF: popfq into Burrow and back out (the first setting, as before)
    { 0xAD7, 0x1F80, 0x37F },     // every arithmetic flag: no popfq either way (OF through the add, the rest sahf)
    { 0x202, 0xFFA0, 0xC7F },     // no flags; MXCSR with FZ, round toward zero, PE sticky; x87 single
                                  // precision, round toward zero
    { 0x204A03, 0x1F80, 0x37F },  // NT and ID (and CF, OF): popfq into Burrow (NT: else iretq faults), and back out
    { 0x200246, 0x1F80, 0x27F },  // ID (and ZF, PF): no popfq in, popfq out; x87 double precision
    { 0x603, 0x9FC0, 0x37F },     // DF (and CF): popfq both ways; MXCSR with FZ and DAZ
    { 0x202, 0x1FBF, 0x37F },     // the host's control bits with every exception flag set: the
                                  // thunk keeps the guest's words through Burrow's code, which
                                  // leaves them as they were (the first setting: it raises PE)
};
#define FAST_SETTINGS (int)(sizeof fast_settings / sizeof fast_settings[0])
static int fast_setting_index;
static int single_step_verdict(void);   // fast_trap_scenarios.h
extern char mini_fast_entry[], mini_complete_entry[];
extern char burrow_fast_thunk[], burrow_fast_thunk_end[], burrow_fast_return[], burrow_fast_return_end[];
extern char burrow_fast_flags_saved[], burrow_quick_lane[], burrow_quick_lane_end[], burrow_quick_return[], burrow_quick_return_end[];
extern char burrow_quick_syscall_start[], burrow_quick_syscall_end[];
/// The quick lane (fastpath.S) runs only for a guest whose flags have no TF, which single-stepping
/// gives every guest: with quick_steps set, fast_windows' steps clear the tracer's TF from the
/// flags the thunk has just saved (burrow_fast_flags_saved, r11 = the vCPU), as the guest's own
/// flags had it, so that the boundaries walked are the quick lane's. A signal at each is then
/// the real thing: delivering it resumes the child without single-step. 1, 2 or 3: the path the
/// call takes (fast_windows' coverage check).
static int quick_steps;
extern volatile uint8_t burrow_sud_selector;

// The fast lane's scenario (fast_lane_scenarios.h) shares the mini personality: its slot 16.
static int lane_mode;
static int lane_dispatch(burrow_vcpu *v);
static void lane_complete(burrow_vcpu *v, long result);
static void lane_exit_check(void);

static int mini_fast_call(burrow_vcpu *v) {
    // rip at the patched `call`: on past it (a real stub's `ret` follows).
    const unsigned char *ip = (const unsigned char *)v->regs[BURROW_RIP];
    if (ip[0] != 0xFF || ip[1] != 0x14 || ip[2] != 0x25) _exit(98);
    v->regs[BURROW_RIP] += BURROW_FAST_CALL_LENGTH;
    // Under ptrace's single-step the thunk's pushfq records the tracer's TF as the guest's; the
    // popfq or iretq back would hand it to the guest for good (the kernel treats a stepped popf as
    // the program's own TF), and every later instruction would trap. No traced guest here sets TF:
    // drop it. (fast-single-step's guest sets its own TF, untraced.)
    if (traced) v->regs[BURROW_RFLAGS] &= ~0x100ull;
    switch (v->regs[BURROW_RAX]) {
    case 0:
        if (lane_mode) lane_exit_check();
        mini_fast_exit_status = (int)(v->regs[BURROW_RDI] & 0xff);
        return 0;
    case 1: return 1;
    case 6: v->regs[BURROW_RAX] = 0x1234; v->regs[BURROW_RFLAGS] |= 1; return 1;
    case 7: v->regs[BURROW_RIP] = (uint64_t)guest_fast_moved; return 1;
    case 8: mini_fast_exit_status = single_step_verdict(); return 0;
    case 9: v->guest_mxcsr = 0xFFFF1F80u; return 1;   // reserved bits: ldmxcsr raises #GP
    case 10:
    case 11: {
        uint64_t page = (v->regs[v->regs[BURROW_RAX] == 10 ? BURROW_RSP : BURROW_RIP]) & ~4095ull;
        if (mprotect((void *)page, 4096, PROT_NONE) != 0) _exit(99);
        return 1;
    }
    case 14: v->host_rsp = 0x1000; return 1;   // "Burrow's bug": the next thunk faults on its stack
    case 13:   // the plain run loop makes the call itself and completes it likewise
        burrow_fast_host_call = (burrow_host_call){ .nr = SYS_getppid };
        return BURROW_FAST_HOST_CALL;
    case 12:
        burrow_fast_host_call = (burrow_host_call){ .nr = SYS_getppid, .quiet = 1 };
        return BURROW_FAST_HOST_CALL;
    case 15:
        burrow_fast_host_call = (burrow_host_call){ .nr = SYS_read, .args = { -1 }, .quiet = 1 };
        return BURROW_FAST_HOST_CALL;
    case 16: return lane_dispatch(v);
    default: _exit(99);
    }
}

/// The completer of slot 13's deferred getppid: from the thunk (inside burrow_vcpu_run), Burrow's
/// own code with host calls allowed, on an aligned stack (mini_complete_entry); the plain run loop
/// calls it too, outside burrow_vcpu_run.
__attribute__((used)) uint32_t mini_complete(void *context, long result) {
    burrow_vcpu *v = context;
    if (burrow_current_vcpu && (v != burrow_current_vcpu || v->in_guest)) _exit(83);
    if (burrow_sud_selector != 0) _exit(82);
    switch (v->regs[BURROW_RAX]) {
    case 13: v->regs[BURROW_RAX] = result == getppid() ? 0x1313 : 0; break;
    case 15: v->regs[BURROW_RAX] = result == -EBADF ? 0x1515 : 0; break;
    case 12: _exit(65);   // a quiet call with a value: never the completer's
    case 16: lane_complete(v, result); break;
    default: _exit(66);
    }
    return burrow_peek_pending_signals() == 0;
}

__attribute__((used)) uint32_t mini_fast_dispatch(void *context) {
    burrow_vcpu *v = context;
    if (v != burrow_current_vcpu || v->in_guest) _exit(83);
    if (burrow_sud_selector != 0) _exit(82);
    uint64_t flags;
    __asm__ volatile("pushfq; pop %0" : "=r"(flags));
    if (flags & (0x40000 | 0x4000 | 0x400)) _exit(85);   // AC, NT, DF (TF: set by ptrace's single-step here)
    uint32_t mxcsr;
    uint16_t fcw;
    __asm__ volatile("stmxcsr %0; fnstcw %1" : "=m"(mxcsr), "=m"(fcw));
    if (!host_control_words(v, mxcsr, fcw)) _exit(84);   // Burrow's code runs with the host's
    __asm__ volatile("vzeroall" ::: "memory");   // as Burrow's own code would
    if (getppid() <= 0) _exit(81);               // a real host system call (SUD armed)
    host_float_work();
    inexact_float_work();                        // (a kept guest MXCSR gains PE: the return takes it away)
    int r = mini_fast_call(v);
    if (r != 1) return (uint32_t)r;              // 0, or the deferred host call
    return burrow_peek_pending_signals() == 0;   // pending: the run loop acts on them
}

static void fast_body(int direct) {
    fast_setting = fast_settings[fast_setting_index];
    install();
    if (burrow_fastpath_init() != 0) _exit(88);
    if (burrow_sud_enable() != 0) _exit(87);
    burrow_vcpu *v = new_vcpu((void (*)(void))guest_fast, 0, 0);
    if (direct) {
        burrow_fastpath_set_dispatcher((uint32_t (*)(void *))(void *)mini_fast_entry, v);
        burrow_fastpath_set_completer((uint32_t (*)(void *, long))(void *)mini_complete_entry);
    }
    // Bind getppid and _exit now, not through the dynamic linker in the window under test.
    if (getppid() <= 0) _exit(81);
    fast_parent = (uint64_t)getppid();
    host_float_work();
    checkpoint();
    run_loop(v);
}
static void body_fast(void) { fast_body(0); }
static void body_fast_direct(void) { fast_body(1); }

/// The whole guest once per setting of its first call, in both modes: every check above holds.
static int fast_each_setting(void (*body)(void), const char *what) {
    int bad = 0;
    for (fast_setting_index = 0; fast_setting_index < FAST_SETTINGS; fast_setting_index++) {
        if (run_one(body, 0, what)) {
            const struct fast_setting *f = &fast_settings[fast_setting_index];
            printf("  (first call with rflags %#llx, MXCSR %#x, x87 control word %#x)\n", (unsigned long long)f->rflags, f->mxcsr, f->fcw);
            bad++;
        }
    }
    fast_setting_index = 0;
    return bad != 0;
}
static int scenario_fast_direct(void) { return fast_each_setting(body_fast_direct, "patched calls, direct dispatch"); }

/// One step of fast_windows: with quick_steps, the tracer's TF cleared from the flags the thunk
/// has just saved (r11 = the vCPU).
static int window_step(pid_t pid) {
    if (step(pid) != 0) return -1;
    if (quick_steps && rip_of(pid) == (uint64_t)burrow_fast_flags_saved) {
        struct user_regs_struct r;
        ptrace(PTRACE_GETREGS, pid, 0, &r);
        errno = 0;
        long flags = ptrace(PTRACE_PEEKDATA, pid, (void *)(r.r11 + offsetof(burrow_vcpu, regs[BURROW_RFLAGS])), 0);
        if (errno != 0 || ptrace(PTRACE_POKEDATA, pid, (void *)(r.r11 + offsetof(burrow_vcpu, regs[BURROW_RFLAGS])), (void *)(flags & ~(long)X86_EFLAGS_TF)) != 0) return -1;
    }
    return 0;
}

/// The fast path's thunk is "inside Burrow's trampoline" for the trap handler: a signal at every
/// instruction boundary from the patched call through the thunk, the run loop or direct dispatcher,
/// and the return to the guest, is recorded, never lost or late (SIGTERM: death by SIGTERM every
/// time, before the guest's next call could exit 0), and never disturbs the call (SIGWINCH, which
/// the loop ignores: the guest's checks all hold, exit 0).
static int fast_windows(void (*body)(void), int direct, uint64_t call, uint64_t after) {
    pid_t pid = spawn_traced(body);
    int total = 0;
    if (run_to(pid, call, 0) != 0) { printf("  cannot reach the call\n"); kill(pid, SIGKILL); return 1; }
    while (rip_of(pid) != after && total < 100000) {
        if (window_step(pid) != 0) { printf("  cannot single-step at %#lx after %d steps\n", (unsigned long)rip_of(pid), total); kill(pid, SIGKILL); return 1; }
        total++;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    if (getenv("BURROW_CHECK_DEBUG")) fprintf(stderr, "%d boundaries\n", total);
    int failures = 0, in_thunk = 0, in_return = 0, in_quick = 0, in_quick_return = 0, in_quick_window = 0;
    for (int sigi = 0; sigi < 2; sigi++) {
        int sig = sigi == 0 ? SIGTERM : SIGWINCH;
        for (int k = 0; k <= total; k++) {
            if (getenv("BURROW_CHECK_K") && k != atoi(getenv("BURROW_CHECK_K"))) continue;
            pid = spawn_traced(body);
            if (run_to(pid, call, 0) != 0) { kill(pid, SIGKILL); waitpid(pid, NULL, 0); failures++; continue; }
            for (int i = 0; i < k; i++) window_step(pid);
            uint64_t rip = rip_of(pid);
            if (sigi == 0 && rip >= (uint64_t)burrow_fast_thunk && rip < (uint64_t)burrow_fast_thunk_end) in_thunk++;
            if (sigi == 0 && rip >= (uint64_t)burrow_fast_return && rip < (uint64_t)burrow_fast_return_end) in_return++;
            if (sigi == 0 && rip >= (uint64_t)burrow_quick_lane && rip < (uint64_t)burrow_quick_lane_end) in_quick++;
            if (sigi == 0 && rip >= (uint64_t)burrow_quick_return && rip < (uint64_t)burrow_quick_return_end) in_quick_return++;
            if (sigi == 0 && rip >= (uint64_t)burrow_quick_syscall_start && rip < (uint64_t)burrow_quick_syscall_end) in_quick_window++;
            int st = finish(pid, sig, 20);
            if (getenv("BURROW_CHECK_DEBUG")) fprintf(stderr, "%d %d %#lx %s\n", sig, k, (unsigned long)rip, describe(st));
            int good = sig == SIGTERM ? (st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM)
                                      : (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
            if (!good && failures++ < 5)
                printf("  %s at boundary %d (rip %#lx): %s\n", sig == SIGTERM ? "SIGTERM" : "SIGWINCH", k, (unsigned long)rip, describe(st));
        }
    }
    if (quick_steps) {
        printf("  %d boundaries (%d inside the quick lane, %d inside its return, %d inside its interruptible window), two signals each, %d failures\n",
               total + 1, in_quick, in_quick_return, in_quick_window, failures);
        // (quick_steps: 1 a value, which returns the quick way; 2 an error, which leaves after
        // the host call; 3 a declined call, which leaves before it.)
        if (in_quick < 20 || (quick_steps == 1 && in_quick_return < 20) || (quick_steps <= 2 && in_quick_window < 3)) {
            printf("  too few boundaries inside the quick lane: the test does not cover it\n");
            return 1;
        }
        return failures != 0;
    }
    printf("  %d boundaries (%d inside the thunk, %d inside its return), two signals each, %d failures\n", total + 1, in_thunk,
           in_return, failures);
    if (in_thunk < 20) { printf("  too few boundaries inside the thunk: the test does not cover it\n"); return 1; }
    if (direct && in_return < 20) { printf("  too few boundaries inside the return: the test does not cover it\n"); return 1; }
    return failures != 0;
}

static int fast_thunk_windows(void (*body)(void), int direct) {
    return fast_windows(body, direct, (uint64_t)guest_fast_call, (uint64_t)guest_fast_after);
}

static int scenario_fast_thunk(void) {
    int bad = fast_each_setting(body_fast, "patched calls through the run loop");
    return fast_thunk_windows(body_fast, 0) || bad;
}
/// The windows of the direct dispatch, twice: with AC and DF set at the call (popfq into Burrow's
/// code and back), and with neither (no popfq in, sahf back) and other control words than the host's.
static int scenario_fast_direct_thunk(void) {
    int bad = 0;
    for (int i = 0; i < 3; i += 2) {
        fast_setting_index = i;
        printf("  first call with rflags %#llx, MXCSR %#x, x87 control word %#x:\n", (unsigned long long)fast_settings[i].rflags,
               fast_settings[i].mxcsr, fast_settings[i].fcw);
        bad += fast_thunk_windows(body_fast_direct, 1);
    }
    fast_setting_index = 0;
    return bad != 0;
}
