// The fast path's traps and faults (CBurrowRuntime/fastpath.S, the trap handler in runtime.c),
// included by main.c after fast_scenarios.h, whose mini personality serves the calls:
// - fast-single-step: a guest that sets TF itself steps over an SDK stub on the trap path and over
//   a patched one. Its traps must all be at its own addresses, never inside Burrow's entry table
//   or thunk: the patched `call` is one step, as `int 0x81` is (the next trap comes after the
//   stub's `ret`).
// - fast-faults: a synchronous fault in the thunk's return that is Burrow's own bug (the dispatcher
//   leaves a guest MXCSR that ldmxcsr refuses) is reported as an internal error, not turned into a
//   signal exit, and so is one in the thunk (a broken VMM stack pointer), not made a guest fault; the faults the guest causes there still are the guest's: a call that takes away
//   the page of the stub caller's return address, or the stub's own page (the return's read
//   faults, and the guest meets the fault at the stub's `ret` on the long way), and a jump into a
//   slot's entry without a `call` and with an unusable rsp (the thunk's read of its return address
//   faults: a guest fault), and a patched stub whose caller's return address is non-canonical (the
//   return's jump faults: the guest meets #GP at the stub's `ret`).
__asm__(
    ".text\n"
    ".globl guest_tf\n guest_tf:\n"
    "   pushfq\n orl $0x100, (%rsp)\n popfq\n"    // TF: a trap after each instruction from the next on
    "   nop\n"
    ".globl tf_a\n tf_a:\n"
    "   call tf_trap_stub\n"
    ".globl tf_b\n tf_b:\n"
    "   call tf_fast_stub\n"
    ".globl tf_c\n tf_c:\n"
    "   pushq $0x202\n"
    ".globl tf_d\n tf_d:\n"
    "   popfq\n"                                  // TF off (it still traps after this one)
    ".globl tf_e\n tf_e:\n"
    "   .byte 0xFF, 0x14, 0x25, 0x40, 0x00, 0x01, 0x7F\n"   // call [slot 8]: exit with the verdict
    "   mov $0, %eax\n mov $8, %edi\n int $0x81\n"
    // An SDK stub as the trap path runs it, and one as the fast path patched it (slot 1: nothing).
    "   .balign 8\n"
    ".globl tf_trap_stub\n tf_trap_stub:\n"
    "   mov $1, %eax\n int $0x81\n ret\n"
    "   .balign 8\n"
    ".globl tf_fast_stub\n tf_fast_stub:\n"
    "   .byte 0xFF, 0x14, 0x25, 0x08, 0x00, 0x01, 0x7F\n ret\n"
    // Burrow's bug in the return: call [slot 9], then exit(0) (which it must never reach).
    ".globl guest_return_bug\n guest_return_bug:\n"
    "   .byte 0xFF, 0x14, 0x25, 0x48, 0x00, 0x01, 0x7F\n"
    "   xor %edi, %edi\n .byte 0xFF, 0x14, 0x25, 0x00, 0x00, 0x01, 0x7F\n"
    // Burrow's bug in the thunk: call [slot 14] leaves the VMM stack pointer broken, and the next
    // call's thunk faults on it (pushfq).
    ".globl guest_thunk_bug\n guest_thunk_bug:\n"
    "   .byte 0xFF, 0x14, 0x25, 0x70, 0x00, 0x01, 0x7F\n"
    "   .byte 0xFF, 0x14, 0x25, 0x08, 0x00, 0x01, 0x7F\n"
    "   xor %edi, %edi\n .byte 0xFF, 0x14, 0x25, 0x00, 0x00, 0x01, 0x7F\n"
    // A stub's call takes the page of the stub caller's return address away (slot 10), or the
    // stub's own page (slot 11, a stub copied to a page of its own, at rdi): the stub's `ret`
    // must fault, as on the trap path (exit 1 when the guest goes on).
    ".globl guest_stack_gone\n guest_stack_gone:\n"
    "   call gone_stub\n"
    "   mov $1, %edi\n .byte 0xFF, 0x14, 0x25, 0x00, 0x00, 0x01, 0x7F\n"
    ".globl guest_code_gone\n guest_code_gone:\n"
    "   call *%rdi\n"
    "   mov $1, %edi\n .byte 0xFF, 0x14, 0x25, 0x00, 0x00, 0x01, 0x7F\n"
    "   .balign 8\n"
    ".globl gone_stub\n gone_stub:\n"
    "   .byte 0xFF, 0x14, 0x25, 0x50, 0x00, 0x01, 0x7F\n ret\n"
    // A jump to entry 1 without a call, with rsp on page 0x1000 (never mapped here).
    ".globl guest_no_call\n guest_no_call:\n"
    "   mov $0x1008, %esp\n jmp *0x7F010008\n"
    // A patched stub entered by a jump with a non-canonical return address on the stack: its `ret`
    // must raise #GP at the stub's `ret`, as on the trap path (the return's jump there faults).
    ".globl guest_noncanonical\n guest_noncanonical:\n"
    "   movabs $0x8000000000001000, %rax\n push %rax\n jmp tf_fast_stub\n");

extern char guest_tf[], tf_a[], tf_b[], tf_c[], tf_d[], tf_e[], tf_trap_stub[], tf_fast_stub[];
extern char guest_return_bug[], guest_thunk_bug[], guest_stack_gone[], guest_code_gone[], gone_stub[], guest_no_call[], guest_noncanonical[];
extern char burrow_fast_entries[], burrow_fast_entries_end[];

// Which guest runs (the child's copy decides what mini_fault expects).
enum { FAULTS_NONE, FAULTS_TF, FAULTS_STACK_GONE, FAULTS_CODE_GONE, FAULTS_NO_CALL, FAULTS_NONCANONICAL, FAULTS_TRACED_TF };
static int faults_mode;
static uint64_t gone_stub_copy;   // guest_code_gone's stub, on a page of its own
static uint64_t noncanonical_stub = (uint64_t)tf_fast_stub;   // FAULTS_NONCANONICAL's stub
static uint64_t tf_seen[16];
static int tf_count;

/// A guest fault the scenario expects: 1 to resume the guest, 0 for the run loop's usual report.
static int mini_fault(burrow_vcpu *v) {
    switch (faults_mode) {
    case FAULTS_TF:
        if (v->signo != SIGTRAP) return 0;
        if (tf_count == (int)(sizeof tf_seen / sizeof tf_seen[0])) _exit(79);
        tf_seen[tf_count++] = v->regs[BURROW_RIP];
        return 1;   // on, with TF still set in its flags
    case FAULTS_STACK_GONE:   // the stub's `ret` cannot read the return address
        _exit(v->signo == SIGSEGV && v->regs[BURROW_RIP] == (uint64_t)gone_stub + 7 && v->fault_addr == v->regs[BURROW_RSP] ? 0 : 64);
    case FAULTS_CODE_GONE:    // the stub's `ret` cannot be fetched
        _exit(v->signo == SIGSEGV && v->regs[BURROW_RIP] == gone_stub_copy + 7 && v->fault_addr == gone_stub_copy + 7 ? 0 : 64);
    case FAULTS_NONCANONICAL:   // the stub's `ret` to 0x8000000000001000: #GP at the `ret`
        _exit(v->signo == SIGSEGV && v->regs[BURROW_RIP] == noncanonical_stub + 7 ? 0 : 64);
    case FAULTS_TRACED_TF:   // the tracer's TF, which the thunk's pushfq recorded (fast_lane_scenarios.h)
        if (v->signo != SIGTRAP) return 0;
        v->regs[BURROW_RFLAGS] &= ~0x100ull;
        return 1;
    case FAULTS_NO_CALL:
        // The thunk saved the registers before its read; rip is unknown (0), rsp is the bad one.
        _exit(v->signo == SIGSEGV && v->regs[BURROW_RIP] == 0 && v->fault_addr == 0x1008 && v->regs[BURROW_RSP] == 0x1008 ? 0 : 64);
    default:
        return 0;
    }
}

/// The single-step traps the guest must have seen, in order: after the `nop`, after each `call`,
/// after the unpatched stub's `mov` (its `int` is one step with the call it makes), after each
/// stub's `ret`, and the two instructions that turn TF off. 0, or 70 + the first wrong one.
static int single_step_verdict(void) {
    const uint64_t want[] = { (uint64_t)tf_a, (uint64_t)tf_trap_stub, (uint64_t)tf_trap_stub + 5, (uint64_t)tf_b,
                              (uint64_t)tf_fast_stub, (uint64_t)tf_c, (uint64_t)tf_d, (uint64_t)tf_e };
    int n = (int)(sizeof want / sizeof want[0]);
    for (int i = 0; i < n || i < tf_count; i++) {
        if (i < n && i < tf_count && tf_seen[i] == want[i]) continue;
        for (int j = 0; j < tf_count; j++) {
            const char *where = tf_seen[j] >= (uint64_t)burrow_fast_entries && tf_seen[j] < (uint64_t)burrow_fast_entries_end ? " (in the entry table)"
                                : tf_seen[j] >= (uint64_t)burrow_fast_thunk && tf_seen[j] < (uint64_t)burrow_fast_return_end ? " (in the thunk)" : "";
            printf("  trap %d at %#lx%s, expected %#lx\n", j, (unsigned long)tf_seen[j], where, j < n ? (unsigned long)want[j] : 0ul);
        }
        return 70 + i;
    }
    return 0;
}

static void faults_body(void (*guest)(void), int mode, int direct) {
    faults_mode = mode;
    install();
    if (burrow_fastpath_init() != 0) _exit(88);
    unsigned char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) _exit(98);
    memcpy(page, gone_stub, 8);
    page[3] = 0x58;   // slot 11 (0x7F010058)
    if (mprotect(page, 4096, PROT_READ | PROT_EXEC) != 0) _exit(98);
    gone_stub_copy = (uint64_t)page;
    burrow_vcpu *v = new_vcpu(guest, gone_stub_copy, 0);
    if (direct) burrow_fastpath_set_dispatcher((uint32_t (*)(void *))(void *)mini_fast_entry, v);
    run_loop(v);
}
static void body_tf_plain(void) { faults_body((void (*)(void))guest_tf, FAULTS_TF, 0); }
static void body_tf_direct(void) { faults_body((void (*)(void))guest_tf, FAULTS_TF, 1); }
static void body_stack_gone(void) { faults_body((void (*)(void))guest_stack_gone, FAULTS_STACK_GONE, 1); }
static void body_code_gone(void) { faults_body((void (*)(void))guest_code_gone, FAULTS_CODE_GONE, 1); }
static void body_no_call(void) { faults_body((void (*)(void))guest_no_call, FAULTS_NO_CALL, 1); }
static void body_noncanonical(void) { faults_body((void (*)(void))guest_noncanonical, FAULTS_NONCANONICAL, 1); }

static int scenario_fast_single_step(void) {
    return run_one(body_tf_plain, 0, "own TF, through the run loop") + run_one(body_tf_direct, 0, "own TF, direct dispatch") != 0;
}

static void (*bug_guest)(void);
static void body_bug(void) {
    close(report_pipe[0]);
    install();
    burrow_set_diagnostics_fd(report_pipe[1]);
    if (burrow_fastpath_init() != 0) _exit(88);
    burrow_vcpu *v = new_vcpu(bug_guest, 0, 0);
    burrow_fastpath_set_dispatcher((uint32_t (*)(void *))(void *)mini_fast_entry, v);
    run_loop(v);
}

/// Runs `guest`, whose call makes "Burrow" fault: the process must report an internal error with
/// a rip inside [start, end) and die by SIGSEGV.
static int expect_internal_error(void (*guest)(void), const char *start, const char *end, const char *where) {
    int bad = 0;
    bug_guest = guest;
    char out[512];
    int st = run_reporting(body_bug, out, sizeof out);
    const char *line = strstr(out, "burrow: internal error: SIGSEGV in Burrow's own code at rip ");
    unsigned long rip = 0;
    if (!(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV)) { printf("  Burrow's fault in %s: %s, expected death by SIGSEGV\n", where, describe(st)); bad++; }
    if (!line || sscanf(line, "burrow: internal error: SIGSEGV in Burrow's own code at rip %lx", &rip) != 1 ||
        rip < (uint64_t)start || rip >= (uint64_t)end) {
        printf("  report: \"%s\" (expected an internal error inside %s)\n", out, where);
        bad++;
    }
    return bad;
}

static int scenario_fast_faults(void) {
    int bad = expect_internal_error((void (*)(void))guest_return_bug, burrow_fast_return, burrow_fast_return_end, "the return");
    bad += expect_internal_error((void (*)(void))guest_thunk_bug, burrow_fast_thunk, burrow_fast_thunk_end, "the thunk");
    bad += run_one(body_stack_gone, 0, "the call took the page of the stub caller's return address away");
    bad += run_one(body_code_gone, 0, "the call took the stub's page away");
    bad += run_one(body_no_call, 0, "a jump to an entry without a call, rsp unusable");
    bad += run_one(body_noncanonical, 0, "a patched stub returning to a non-canonical address");
    return bad != 0;
}
