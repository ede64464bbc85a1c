// The fast path's deferred host call (CBurrowRuntime/fastpath.S): the dispatcher answers
// BURROW_FAST_HOST_CALL with the call in burrow_fast_host_call, the thunk makes it (an
// interruptible one through burrow_safe_syscall6) and hands the raw result to the completer. Included by main.c after fast_scenarios.h, whose mini personality serves:
//   slot 12: read(a pipe nobody writes, 1 byte), interruptible: only a signal of the interrupt
//            mask (SIGTERM) ends it, with -EINTR and SIGTERM pending (the run loop then dies by it)
//   slot 13: getppid, plain: rax = 0x1313 when the result is right (fast_scenarios.h's guest)
// fast-host-call delivers SIGTERM at every instruction boundary from the guest's call of a patched
// stub to the `syscall` of burrow_safe_syscall6, and once while the read blocks in the kernel: the process must die
// by SIGTERM every time, never block (QEMU's safe_syscall guarantee, as burrow_safe_syscall6's).
__asm__(
    ".text\n"
    ".globl guest_deferred\n guest_deferred:\n"
    "   call deferred_stub\n"
    "   mov $1, %edi\n .byte 0xFF, 0x14, 0x25, 0x00, 0x00, 0x01, 0x7F\n"   // exit(1): the read returned
    "   .balign 8\n"
    "deferred_stub:\n .byte 0xFF, 0x14, 0x25, 0x60, 0x00, 0x01, 0x7F\n ret\n");

extern char guest_deferred[];
static int deferred_pipe[2] = { -1, -1 };
static char deferred_byte;

static int mini_defer(burrow_vcpu *v) {
    burrow_host_call *h = &burrow_fast_host_call;
    memset(h, 0, sizeof *h);
    if (v->regs[BURROW_RAX] == 12) {
        h->nr = SYS_read;
        h->args[0] = deferred_pipe[0];
        h->args[1] = (long)&deferred_byte;
        h->args[2] = 1;
        h->interruptible = 1;
    } else {
        h->nr = SYS_getppid;
    }
    return BURROW_FAST_HOST_CALL;
}

__attribute__((used)) uint32_t mini_complete(void *context, long result) {
    burrow_vcpu *v = context;
    // From the thunk (in burrow_vcpu_run): Burrow's own code, host calls allowed. (The plain run
    // loop calls it too, outside burrow_vcpu_run.)
    if (burrow_current_vcpu && (v != burrow_current_vcpu || v->in_guest)) _exit(83);
    if (burrow_sud_selector != 0) _exit(82);
    if (v->regs[BURROW_RAX] == 13) {
        v->regs[BURROW_RAX] = result == getppid() ? 0x1313 : 0;
        return burrow_peek_pending_signals() == 0;
    }
    if (result == -EINTR && (burrow_peek_pending_signals() & (1ull << SIGTERM))) return 0;
    _exit(66);   // the read ended otherwise
}

static void body_deferred(void) {
    install();
    if (pipe(deferred_pipe) != 0) _exit(80);
    if (burrow_fastpath_init() != 0) _exit(88);
    burrow_vcpu *v = new_vcpu((void (*)(void))guest_deferred, 0, 0);
    burrow_fastpath_set_dispatcher((uint32_t (*)(void *))(void *)mini_fast_entry, v);
    burrow_fastpath_set_completer((uint32_t (*)(void *, long))(void *)mini_complete_entry);
    if (getppid() <= 0) _exit(81);   // bound now, not in the window under test
    host_float_work();
    checkpoint();
    run_loop(v);
}

static int scenario_fast_host_call(void) {
    pid_t pid = spawn_traced(body_deferred);
    int total = 0;
    uint64_t syscall_insn = (uint64_t)burrow_safe_syscall_end - 2;
    if (run_to(pid, (uint64_t)guest_deferred, 0) != 0) { printf("  cannot reach the call\n"); kill(pid, SIGKILL); waitpid(pid, NULL, 0); return 1; }
    while (rip_of(pid) != syscall_insn && total < 100000) {
        if (step(pid) != 0) { printf("  cannot single-step at %#lx after %d steps\n", (unsigned long)rip_of(pid), total); kill(pid, SIGKILL); waitpid(pid, NULL, 0); return 1; }
        total++;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    int failures = 0, in_range = 0;
    for (int k = 0; k <= total; k++) {
        pid = spawn_traced(body_deferred);
        if (run_to(pid, (uint64_t)guest_deferred, 0) != 0) { kill(pid, SIGKILL); waitpid(pid, NULL, 0); failures++; continue; }
        for (int i = 0; i < k; i++) step(pid);
        uint64_t rip = rip_of(pid);
        if (rip >= (uint64_t)burrow_safe_syscall_start && rip < (uint64_t)burrow_safe_syscall_end) in_range++;
        int st = finish(pid, SIGTERM, 20);
        if (!(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM) && failures++ < 5)
            printf("  SIGTERM at boundary %d (rip %#lx): %s\n", k, (unsigned long)rip, describe(st));
    }
    // Blocked in the kernel: the ordinary EINTR (no SA_RESTART). The first stop is SIGTERM's own
    // (traced child): pass it on.
    pid = spawn_traced(body_deferred);
    ptrace(PTRACE_CONT, pid, 0, 0);
    usleep(20000);
    kill(pid, SIGTERM);
    int st0, st = -1;
    if (waitpid(pid, &st0, 0) == pid) st = WIFSTOPPED(st0) ? finish(pid, WSTOPSIG(st0), 20) : st0;
    if (!(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM)) { failures++; printf("  SIGTERM while blocked: %s\n", describe(st)); }
    printf("  %d boundaries (%d inside the interruptible range) and one in the kernel, %d failures\n", total + 1, in_range, failures);
    if (in_range < 3) { printf("  the interruptible range was not covered\n"); return 1; }
    return failures != 0;
}
