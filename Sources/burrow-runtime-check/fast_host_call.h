// The fast path's deferred host call (CBurrowRuntime/fastpath.S, BURROW_FAST_HOST_CALL), included
// by main.c after fast_scenarios.h. The dispatcher leaves a blocking read of an empty pipe to the
// thunk, which makes it inside its own interruptible window [burrow_fast_syscall_start,
// burrow_fast_syscall_end): the same guarantee as burrow_safe_syscall6 (the safe-syscall scenario),
// for the copy of that window inside the thunk. A SIGTERM at every instruction boundary from the
// guest's call up to the `syscall`, and once while the read blocks in the kernel, must never leave
// the read blocked: the completer sees -EINTR with SIGTERM pending and exits 0 (or, for a signal
// that lands while the guest itself runs, the run loop ends the process by SIGTERM).
__asm__(
    ".text\n"
    ".globl guest_block\n guest_block:\n"
    ".globl guest_block_call\n guest_block_call:\n"
    "   call guest_block_stub\n"
    "   mov $0, %eax\n mov $10, %edi\n int $0x81\n"        // not reached: the completer ends it
    "guest_block_stub:\n"
    "   .byte 0xFF, 0x14, 0x25, 0x40, 0x00, 0x01, 0x7F\n ret\n");   // call [slot 8]; ret

extern char guest_block[], guest_block_call[];
extern char burrow_fast_syscall_start[], burrow_fast_syscall_end[];
static char block_byte;

static uint32_t block_dispatch(void *context) {
    burrow_vcpu *v = context;
    if (v->regs[BURROW_RAX] != 8) _exit(99);
    v->regs[BURROW_RIP] += BURROW_FAST_CALL_LENGTH;   // onto the stub's `ret`, as Burrow's dispatch does
    v->regs[BURROW_RFLAGS] &= ~0x100ull;             // (ptrace's single-step, see mini_fast_call)
    burrow_fast_host_call = (burrow_host_call){ .nr = SYS_read, .args = { safe_pipe[0], (long)&block_byte, 1 }, .interruptible = 1 };
    return BURROW_FAST_HOST_CALL;
}

static uint32_t block_complete(void *context, long result) {
    (void)context;
    if (result == -EINTR && (burrow_peek_pending_signals() & (1ull << SIGTERM))) _exit(0);
    _exit(result == -EINTR ? 2 : 3);
}

static void body_block(void) {
    install();
    if (burrow_fastpath_init() != 0) _exit(88);
    burrow_vcpu *v = new_vcpu((void (*)(void))guest_block, 0, 0);
    burrow_fastpath_set_dispatcher(block_dispatch, v);
    burrow_fastpath_set_completer(block_complete);
    checkpoint();
    run_loop(v);
}

/// Waits until pid is blocked in read(2): 0, or -1 after `seconds`.
static int blocked_in_read(pid_t pid, int seconds) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/syscall", (int)pid);
    time_t deadline = time(NULL) + seconds;
    while (time(NULL) <= deadline) {
        FILE *f = fopen(path, "r");
        long nr = -1;
        int got = f && fscanf(f, "%ld", &nr) == 1;   // "running" while it runs: no number
        if (f) fclose(f);
        if (got && nr == SYS_read) return 0;
        usleep(1000);
    }
    return -1;
}

static int scenario_fast_host_call(void) {
    if (pipe(safe_pipe) != 0) return 1;
    pid_t pid = spawn_traced(body_block);
    if (run_to(pid, (uint64_t)guest_block_call, 0) != 0) { printf("  cannot reach the call\n"); kill(pid, SIGKILL); waitpid(pid, NULL, 0); return 1; }
    int total = 0;
    uint64_t syscall_insn = (uint64_t)burrow_fast_syscall_end - 2;
    while (rip_of(pid) != syscall_insn && total < 100000) {
        if (step(pid) != 0) { printf("  cannot single-step after %d steps\n", total); kill(pid, SIGKILL); waitpid(pid, NULL, 0); return 1; }
        total++;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    int failures = 0, in_window = 0;
    for (int k = 0; k <= total; k++) {
        pid = spawn_traced(body_block);
        if (run_to(pid, (uint64_t)guest_block_call, 0) != 0) { kill(pid, SIGKILL); waitpid(pid, NULL, 0); failures++; continue; }
        for (int i = 0; i < k; i++) step(pid);
        uint64_t rip = rip_of(pid);
        if (rip >= (uint64_t)burrow_fast_syscall_start && rip < (uint64_t)burrow_fast_syscall_end) in_window++;
        int st = finish(pid, SIGTERM, 20);
        int good = st != -1 && ((WIFEXITED(st) && WEXITSTATUS(st) == 0) || (WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM));
        if (!good && failures++ < 5) printf("  SIGTERM at boundary %d (rip %#lx): %s\n", k, (unsigned long)rip, describe(st));
    }
    // Blocked in the kernel: the ordinary EINTR (no SA_RESTART), as in the safe-syscall scenario.
    pid = spawn_traced(body_block);
    if (run_to(pid, (uint64_t)guest_block_call, 0) != 0) { kill(pid, SIGKILL); waitpid(pid, NULL, 0); return 1; }
    ptrace(PTRACE_CONT, pid, 0, 0);
    // Only once the read blocks in the kernel (/proc/PID/syscall names it), whatever the machine's
    // load: a SIGTERM that came earlier would land in guest code and test something else.
    if (blocked_in_read(pid, 20) != 0) { printf("  the read never blocked\n"); kill(pid, SIGKILL); waitpid(pid, NULL, 0); return 1; }
    kill(pid, SIGTERM);
    int st0, st = -1;
    if (waitpid(pid, &st0, 0) == pid) st = WIFSTOPPED(st0) ? finish(pid, WSTOPSIG(st0), 20) : st0;
    if (!(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0)) { failures++; printf("  SIGTERM while blocked: %s\n", describe(st)); }
    printf("  %d boundaries (%d inside the thunk's interruptible window) and one in the kernel, %d failures\n", total + 1, in_window, failures);
    if (in_window < 3) { printf("  the window was not covered\n"); return 1; }
    return failures != 0;
}
