// The fast path's thunk (CBurrowRuntime/fastpath.S), included by main.c. A guest makes patched
// calls (`call [slot N]`, FF 14 25 disp32) in two modes: "plain", where the thunk leaves through
// the run loop (BURROW_EXIT_FAST_SYSCALL, re-entry with iretq), and "direct", where it calls a
// registered dispatcher on the VMM stack and returns to the guest with popfq + ret, as burrow
// does. The calls of the mini personality:
//   slot 0: exit(rdi) (direct: the dispatcher asks for the run loop)
//   slot 1: nothing
//   slot 6: a result: rax = 0x1234 and CF set
//   slot 7: rip moved to guest_fast_moved (as when a guest signal handler is set up): the direct
//           mode must then enter the long way, at the new rip
// The guest checks that every register, AC, DF and its red zone come back, that the result and
// the moved rip arrive, and that the raw-syscall guard is armed again after a call (its raw
// `syscall` must reach the run loop, which answers 0x5150); exit status 0 when all hold, else
// 3 (AC or DF lost), 4 (red zone changed), 5 (a register changed), 6 (no result), 7 (the moved rip
// was ignored), 8 (the exit call returned), 9 (the raw syscall reached the kernel).
// The dispatcher checks what Burrow's code relies on: a 16-byte aligned stack at the call (the
// entry shim), AC and DF clear, x87 and SSE usable (the guest leaves the x87 stack full, MMX in
// use and an unmasked x87 exception pending at its first call), in_guest 0 and host system calls allowed
// (SUD is armed in both modes: a selector left on "block" kills the child by SIGSYS).
__asm__(
    ".text\n"
    ".globl guest_fast\n guest_fast:\n"
    "   fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n movq %rax, %mm0\n"   // x87 stack full, MMX in use
    // An unmasked x87 divide-by-zero pending (FCW 0x37B, FSW ZE|ES, loaded with fldenv: the next
    // waiting x87 or MMX instruction would raise it).
    "   sub $32, %rsp\n fnstenv (%rsp)\n movw $0x37B, (%rsp)\n orw $0x84, 4(%rsp)\n fldenv (%rsp)\n add $32, %rsp\n"
    "   lea -128(%rsp), %rdi\n mov $112, %ecx\n mov $0x5A, %al\n rep stosb\n"   // red zone below the two calls' slots
    "   mov $0x1111, %ebx\n mov $0x2222, %ebp\n mov $0x3333, %r12d\n mov $0x4444, %r13d\n"
    "   mov $0x5555, %r14d\n mov $0x6666, %r15d\n mov $0x7777, %esi\n mov $0x8888, %r8d\n"
    "   mov $0x9999, %r9d\n mov $0xaaaa, %r10d\n mov $0xbbbb, %r11d\n mov $0xcccc, %ecx\n mov $0xdddd, %edi\n"
    "   pushfq\n orl $0x40400, (%rsp)\n popfq\n"                                 // AC and DF set
    ".globl guest_fast_call\n guest_fast_call:\n"
    "   call guest_fast_stub1\n"                                                 // a stub's call
    ".globl guest_fast_after\n guest_fast_after:\n"
    "   pushfq\n pop %rax\n bt $18, %rax\n jnc 3f\n bt $10, %rax\n jnc 3f\n"
    "   pushfq\n andl $~0x40400, (%rsp)\n popfq\n"
    "   cmp $0x1111, %rbx\n jne 5f\n cmp $0x2222, %rbp\n jne 5f\n cmp $0x3333, %r12\n jne 5f\n"
    "   cmp $0x4444, %r13\n jne 5f\n cmp $0x5555, %r14\n jne 5f\n cmp $0x6666, %r15\n jne 5f\n"
    "   cmp $0x7777, %rsi\n jne 5f\n cmp $0x8888, %r8\n jne 5f\n cmp $0x9999, %r9\n jne 5f\n"
    "   cmp $0xaaaa, %r10\n jne 5f\n cmp $0xbbbb, %r11\n jne 5f\n cmp $0xcccc, %rcx\n jne 5f\n"
    "   cmp $0xdddd, %rdi\n jne 5f\n"
    "   lea -128(%rsp), %rdi\n mov $112, %ecx\n"
    "1: cmpb $0x5A, (%rdi)\n jne 4f\n inc %rdi\n dec %ecx\n jnz 1b\n"
    "   clc\n .byte 0xFF, 0x14, 0x25, 0x30, 0x00, 0x01, 0x7F\n"                 // call [slot 6], bare
    "   jnc 6f\n cmp $0x1234, %rax\n jne 6f\n"
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
    // A stub as the SDK's, patched: `call [slot 1]` and the stub's own `ret`, which the direct
    // return makes itself (straight back to guest_fast_after).
    "guest_fast_stub1:\n .byte 0xFF, 0x14, 0x25, 0x08, 0x00, 0x01, 0x7F\n ret\n"
    // The direct dispatcher's entry: the stack must be 16-byte aligned at the call (rsp = 8 mod 16
    // at the first instruction), else exit 86.
    ".globl mini_fast_entry\n mini_fast_entry:\n"
    "   mov %rsp, %rax\n and $15, %eax\n cmp $8, %eax\n jne 1f\n jmp mini_fast_dispatch\n"
    "1: and $-16, %rsp\n mov $86, %edi\n call _exit@PLT\n");

extern char guest_fast[], guest_fast_call[], guest_fast_after[], guest_fast_moved[], guest_fast_sysret[];
extern char mini_fast_entry[];
extern char burrow_fast_thunk[], burrow_fast_thunk_end[], burrow_fast_return[], burrow_fast_return_end[];
extern volatile uint8_t burrow_sud_selector;

static int mini_fast_call(burrow_vcpu *v) {
    // rip at the patched `call`: on past it (a real stub's `ret` follows).
    const unsigned char *ip = (const unsigned char *)v->regs[BURROW_RIP];
    if (ip[0] != 0xFF || ip[1] != 0x14 || ip[2] != 0x25) _exit(98);
    v->regs[BURROW_RIP] += BURROW_FAST_CALL_LENGTH;
    // Under ptrace's single-step the thunk's pushfq records the tracer's TF as the guest's; the
    // popfq or iretq back would hand it to the guest for good (the kernel treats a stepped popf as
    // the program's own TF), and every later instruction would trap. No guest here sets TF: drop it.
    v->regs[BURROW_RFLAGS] &= ~0x100ull;
    switch (v->regs[BURROW_RAX]) {
    case 0: mini_fast_exit_status = (int)(v->regs[BURROW_RDI] & 0xff); return 0;
    case 1: return 1;
    case 6: v->regs[BURROW_RAX] = 0x1234; v->regs[BURROW_RFLAGS] |= 1; return 1;
    case 7: v->regs[BURROW_RIP] = (uint64_t)guest_fast_moved; return 1;
    default: _exit(99);
    }
}

__attribute__((used)) uint32_t mini_fast_dispatch(void *context) {
    burrow_vcpu *v = context;
    if (v != burrow_current_vcpu || v->in_guest) _exit(83);
    if (burrow_sud_selector != 0) _exit(82);
    uint64_t flags;
    __asm__ volatile("pushfq; pop %0" : "=r"(flags));
    if (flags & (0x40000 | 0x400)) _exit(85);   // (TF: set by ptrace's single-step here)
    __asm__ volatile("vzeroall" ::: "memory");   // as Burrow's own code would
    if (getppid() <= 0) _exit(81);               // a real host system call (SUD armed)
    host_float_work();
    if (!mini_fast_call(v)) return 0;
    return burrow_peek_pending_signals() == 0;   // pending: the run loop acts on them
}

static void fast_body(int direct) {
    install();
    if (burrow_fastpath_init() != 0) _exit(88);
    if (burrow_sud_enable() != 0) _exit(87);
    burrow_vcpu *v = new_vcpu((void (*)(void))guest_fast, 0, 0);
    if (direct) burrow_fastpath_set_dispatcher((uint32_t (*)(void *))(void *)mini_fast_entry, v);
    // Bind getppid and _exit now, not through the dynamic linker in the window under test.
    if (getppid() <= 0) _exit(81);
    host_float_work();
    checkpoint();
    run_loop(v);
}
static void body_fast(void) { fast_body(0); }
static void body_fast_direct(void) { fast_body(1); }

/// The whole guest once, in direct mode: every check above holds (exit 0).
static int scenario_fast_direct(void) { return run_one(body_fast_direct, 0, "patched calls, direct dispatch"); }

/// The fast path's thunk is "inside Burrow's trampoline" for the trap handler: a signal at every
/// instruction boundary from the patched call through the thunk, the run loop or direct dispatcher,
/// and the return to the guest, is recorded, never lost or late (SIGTERM: death by SIGTERM every
/// time, before the guest's next call could exit 0), and never disturbs the call (SIGWINCH, which
/// the loop ignores: the guest's checks all hold, exit 0).
static int fast_thunk_windows(void (*body)(void), int direct) {
    pid_t pid = spawn_traced(body);
    int total = 0;
    if (run_to(pid, (uint64_t)guest_fast_call, 0) != 0) { printf("  cannot reach the call\n"); kill(pid, SIGKILL); return 1; }
    while (rip_of(pid) != (uint64_t)guest_fast_after && total < 100000) {
        if (step(pid) != 0) { printf("  cannot single-step at %#lx after %d steps\n", (unsigned long)rip_of(pid), total); kill(pid, SIGKILL); return 1; }
        total++;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    if (getenv("BURROW_CHECK_DEBUG")) fprintf(stderr, "%d boundaries\n", total);
    int failures = 0, in_thunk = 0, in_return = 0;
    for (int sigi = 0; sigi < 2; sigi++) {
        int sig = sigi == 0 ? SIGTERM : SIGWINCH;
        for (int k = 0; k <= total; k++) {
            if (getenv("BURROW_CHECK_K") && k != atoi(getenv("BURROW_CHECK_K"))) continue;
            pid = spawn_traced(body);
            if (run_to(pid, (uint64_t)guest_fast_call, 0) != 0) { kill(pid, SIGKILL); waitpid(pid, NULL, 0); failures++; continue; }
            for (int i = 0; i < k; i++) step(pid);
            uint64_t rip = rip_of(pid);
            if (sigi == 0 && rip >= (uint64_t)burrow_fast_thunk && rip < (uint64_t)burrow_fast_thunk_end) in_thunk++;
            if (sigi == 0 && rip >= (uint64_t)burrow_fast_return && rip < (uint64_t)burrow_fast_return_end) in_return++;
            int st = finish(pid, sig, 20);
            if (getenv("BURROW_CHECK_DEBUG")) fprintf(stderr, "%d %d %#lx %s\n", sig, k, (unsigned long)rip, describe(st));
            int good = sig == SIGTERM ? (st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM)
                                      : (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0);
            if (!good && failures++ < 5)
                printf("  %s at boundary %d (rip %#lx): %s\n", sig == SIGTERM ? "SIGTERM" : "SIGWINCH", k, (unsigned long)rip, describe(st));
        }
    }
    printf("  %d boundaries (%d inside the thunk, %d inside its return), two signals each, %d failures\n", total + 1, in_thunk,
           in_return, failures);
    if (in_thunk < 20) { printf("  too few boundaries inside the thunk: the test does not cover it\n"); return 1; }
    if (direct && in_return < 20) { printf("  too few boundaries inside the return: the test does not cover it\n"); return 1; }
    return failures != 0;
}

static int scenario_fast_thunk(void) {
    int bad = run_one(body_fast, 0, "patched calls through the run loop");
    return fast_thunk_windows(body_fast, 0) || bad;
}
static int scenario_fast_direct_thunk(void) { return fast_thunk_windows(body_fast_direct, 1); }
