// The fast lane (CBurrowRuntime/lane.c): the thunk's first try at a patched call, in C, before the
// direct dispatcher. Included by main.c after fast_scenarios.h (it shares fast_setting and the mini
// dispatcher). The mini personality opens the lane with one row, slot 16 = write(fd, buf, count)
// (the shape of Burrow's write template), a descriptor mirror (guest 1: a pipe's write end; guest
// 2: a host number that is not open) and a region around the guest's buffer. The guest makes
// three calls through slot 16:
//   1. write(1, "abc", 3), with the first call's setting (flags, MXCSR, x87 control word): the
//      lane takes it, the thunk sets the value (rax = 3, rdx = 0, CF clear) and the dispatcher
//      never sees it (it exits 67 if it does). Everything else comes back as it was: registers,
//      the other flags, MXCSR and the x87 control word, which the lane never switched; and the
//      x87 stack the guest left full (MMX in use) comes back empty, as after every call (exit 11).
//      (The hint names no region at first: the quick lane's assembly declines this buffer, and
//      lane.c decides the call instead; the calls after it are decided in assembly, QUICK_DECIDE.)
//   2. write(2, "abc", 3): the lane takes it, the host says EBADF, and the completer gets it,
//      with the host's control words loaded (it checks) while the guest's are unusual, and the
//      call started as Burrow's Swift entry would have (rip past the call, length 7, fast).
//      rax = 0x1616 when all holds; the guest's control words come back.
//   3. write(5, "abc", 3): descriptor 5 is not in the mirror, the lane declines, and the
//      dispatcher handles it (rax = 0x1717); an unmasked x87 exception the guest left pending is
//      raised by the first emms on the way and cleared.
// (When the run loop has run, a signal at the call say, the lane is closed and the dispatcher
// makes the calls as Burrow's Swift entry would, then opens it again: lane_dispatch.)
// At the exit call the pipe must hold exactly "abc" (exit 68 otherwise).
// Observed (lane_observed: the lane open as for a tracer, BURROW_LANE_OPEN_OBSERVED): the same three
// calls, but the first one's value goes to the completer too, after the lane made the call (never
// the quick lane, which takes only a quiet lane), with burrow_fast_lane.started read before it
// (exit 102 otherwise); the completer sets the value as Burrow's does and opens the lane again, as
// updateLane does. Without signals the lane must have made it (exit 101 otherwise). Exit statuses as in
// fast_scenarios.h (3 a flag, 5 a register, 6 a result, 10 a control word, 11 the x87 stack); 0
// when all hold. With the quick lane's observer set too (lane_quick_observer: Burrow's
// burrow_fastpath_set_observer), a first call whose flags and control words let the quick lane
// take it (none of AC, DF, TF, NT; the host's words but for MXCSR's exception flags) has its value
// told to the observer instead, right after the quick lane's host call: started read before it,
// host calls allowed, in_guest 0, the host's control bits, rsp 16-byte aligned at the call (exit
// 104 when such a call reaches the completer or another one the observer; exit 10 when the MXCSR
// exception flag the observer raises, or the x87 control word it loads, reaches the guest). Any
// other first call goes as above.
// A call of slot 16 between two labels (the signal windows' start and end), and the guest's exit
// with a status through the trap path's exit call (eax 0, int 0x81).
#define LANE_CALL(n) ".globl guest_lane_call" #n "\n guest_lane_call" #n ":\n .byte 0xFF, 0x14, 0x25, 0x80, 0x00, 0x01, 0x7F\n" \
                     ".globl guest_lane_after" #n "\n guest_lane_after" #n ":\n"
#define LANE_EXIT(label, status) label " mov $0, %eax\n mov $" #status ", %edi\n int $0x81\n"
__asm__(
    ".text\n"
    ".globl guest_lane\n guest_lane:\n"
    "   fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n fld1\n movq %rax, %mm0\n"   // x87 stack full, MMX in use
    "   ldmxcsr fast_setting+8(%rip)\n fldcw fast_setting+12(%rip)\n"
    "   mov $0x1111, %ebx\n mov $0x2222, %ebp\n mov $0x3333, %r12d\n mov $0x4444, %r13d\n"
    "   mov $0x5555, %r14d\n mov $0x6666, %r15d\n mov $0x8888, %r8d\n"
    "   mov $0x9999, %r9d\n mov $0xaaaa, %r10d\n mov $0xbbbb, %r11d\n mov $0xcccc, %ecx\n"
    "   mov $1, %edi\n lea lane_text(%rip), %rsi\n mov $3, %edx\n"
    "   pushq fast_setting(%rip)\n popfq\n"
    // call [slot 16] through a patched SDK stub, or from here (lane_via: jmp changes no flag)
    ".globl guest_lane_call1\n guest_lane_call1:\n jmp *lane_via(%rip)\n"
    ".globl lane_call1_stub\n lane_call1_stub:\n call lane_stub\n jmp guest_lane_after1\n"
    ".globl lane_call1_direct\n lane_call1_direct:\n .byte 0xFF, 0x14, 0x25, 0x80, 0x00, 0x01, 0x7F\n"
    ".globl guest_lane_after1\n guest_lane_after1:\n"
    "   mov %rax, lane_result(%rip)\n"
    "   pushfq\n pop %rax\n test $1, %eax\n jnz 6f\n"                            // CF clear: a value
    "   xor fast_setting(%rip), %rax\n test $0x244CD4, %eax\n jnz 3f\n"          // PF AF ZF SF DF OF NT AC ID
    "   pushq $0x202\n popfq\n"
    "   stmxcsr -8(%rsp)\n mov -8(%rsp), %eax\n cmp fast_setting+8(%rip), %eax\n jne 10f\n"
    "   fnstcw -8(%rsp)\n movzwl -8(%rsp), %eax\n cmp fast_setting+12(%rip), %eax\n jne 10f\n"
    "   fnstenv -40(%rsp)\n cmpw $0xFFFF, -32(%rsp)\n jne 11f\n"                // x87 stack empty, MMX off (tag word)
    "   cmpq $3, lane_result(%rip)\n jne 6f\n test %rdx, %rdx\n jnz 6f\n"
    "   cmp $0x1111, %rbx\n jne 5f\n cmp $0x2222, %rbp\n jne 5f\n cmp $0x3333, %r12\n jne 5f\n"
    "   cmp $0x4444, %r13\n jne 5f\n cmp $0x5555, %r14\n jne 5f\n cmp $0x6666, %r15\n jne 5f\n"
    "   cmp $0x8888, %r8\n jne 5f\n cmp $0x9999, %r9\n jne 5f\n cmp $0xaaaa, %r10\n jne 5f\n"
    "   cmp $0xbbbb, %r11\n jne 5f\n cmp $0xcccc, %rcx\n jne 5f\n"
    "   cmp $1, %rdi\n jne 5f\n lea lane_text(%rip), %rax\n cmp %rax, %rsi\n jne 5f\n"
    // 2: an error from the host, to the completer, with unusual control words in the guest.
    "   ldmxcsr lane_words2(%rip)\n fldcw lane_words2+4(%rip)\n"
    "   mov $2, %edi\n mov $3, %edx\n"
    LANE_CALL(2)                                                              // call [slot 16]
    "   cmp $0x1616, %rax\n jne 6f\n"
    "   stmxcsr -8(%rsp)\n mov -8(%rsp), %eax\n cmp lane_words2(%rip), %eax\n jne 10f\n"
    "   fnstcw -8(%rsp)\n mov -8(%rsp), %ax\n cmp lane_words2+4(%rip), %ax\n jne 10f\n"
    "   movl $0x1F80, -8(%rsp)\n ldmxcsr -8(%rsp)\n movw $0x37F, -8(%rsp)\n fldcw -8(%rsp)\n"
    // 3: declined by the lane (descriptor 5 is not in the mirror): the dispatcher's. Outside the
    // signal windows (lane_x87_pending: single-stepping would stop at the #MF) with an unmasked
    // x87 divide-by-zero pending (FCW 0x37B, FSW ZE|ES, as guest_fast's second call has it): the
    // quick lane's emms, or the thunk's when the first call's flags send it there, raises it, and
    // the trap handler clears it.
    "   cmpb $0, lane_x87_pending(%rip)\n je 1f\n"
    "   sub $32, %rsp\n fnstenv (%rsp)\n movw $0x37B, (%rsp)\n orw $0x84, 4(%rsp)\n fldenv (%rsp)\n add $32, %rsp\n"
    "1:\n"
    "   mov $5, %edi\n mov $3, %edx\n"
    LANE_CALL(3)                                                              // call [slot 16]
    "   cmp $0x1717, %rax\n jne 6f\n"
    "   xor %edi, %edi\n .byte 0xFF, 0x14, 0x25, 0x00, 0x00, 0x01, 0x7F\n"      // call [slot 0]: exit(0)
    LANE_EXIT("", 8) LANE_EXIT("3:", 3) LANE_EXIT("5:", 5) LANE_EXIT("6:", 6) LANE_EXIT("10:", 10) LANE_EXIT("11:", 11)
    // A stub as the fast path patches an SDK stub: call [slot 16], then the stub's own `ret`.
    "   .balign 8\n"
    ".globl lane_stub\n lane_stub:\n .byte 0xFF, 0x14, 0x25, 0x80, 0x00, 0x01, 0x7F\n ret\n"
    // The lane's write (1, "abc", 3) from a patched stub entered by a jump, with a non-canonical
    // return address on the stack: the quick lane's return jumps there and faults, and the guest
    // must meet #GP at the stub's `ret`, as on the trap path.
    ".globl guest_lane_noncanonical\n guest_lane_noncanonical:\n"
    "   mov $1, %edi\n lea lane_text(%rip), %rsi\n mov $3, %edx\n"
    "   movabs $0x8000000000001000, %rax\n push %rax\n jmp lane_stub\n"
    ".data\n .balign 4096\n lane_text: .ascii \"abc\"\n .balign 8\n lane_result: .quad 0\n"
    // The second call's MXCSR and x87 control word (lane_words2 in C).
    " .globl lane_words2\n lane_words2: .long 0xFFA0, 0xC7F\n .balign 4096\n .text\n");

extern char guest_lane[], guest_lane_call1[], guest_lane_after1[], guest_lane_call2[], guest_lane_after2[], guest_lane_call3[],
    guest_lane_after3[], lane_text[], lane_stub[], guest_lane_noncanonical[], lane_call1_stub[], lane_call1_direct[];
static void (*lane_guest)(void) = (void (*)(void))guest_lane;
/// The second call's MXCSR and x87 control word: unusual ones (the completer must load the host's),
/// or the host's, with which an observed call 2 is the quick lane's too (its error's way).
extern uint32_t lane_words2[2];
/// How the first call is made: through lane_stub (an SDK program's way: the returns find the
/// stub's `ret` at the return address and go on at its caller), or by the guest's own
/// `call [slot 16]` (they go on at the return address). Set by body_lane from lane_via_stub.
uint64_t lane_via;
static int lane_via_stub = 1;
static int lane_pipe[2] = { -1, -1 };
uint8_t lane_x87_pending;   // the third call with an x87 exception pending (not under single-step)
static int lane_mode;   // the lane scenario's guest runs (the mini personality's slot 16)
static int lane_observed;                 // open for an observer (BURROW_LANE_OPEN_OBSERVED)
static int lane_entry_deferred;           // the dispatcher deferred the call (not the lane's)
static int lane_values_from_lane;         // call 1's value completed after the lane made it
static uint64_t lane_started_floor;       // the counter before the guest ran
static int lane_quick_observer;           // with lane_observed: the quick lane's observer set
static int lane_quick_values;             // call 1's value told to that observer
static int lane_reports1;                 // call 1's value told at all (observer, completer)
static int lane_hint0;                    // the hint names the region: call 1 is QUICK_DECIDE's

/// Whether the first call's setting lets the quick lane take it when observed (fastpath.S).
static int lane_quick_setting(const burrow_vcpu *v) {
    return (fast_setting.rflags & 0x44500) == 0 && host_control_words(v, fast_setting.mxcsr, (uint16_t)fast_setting.fcw);
}

/// The quick lane's observer (mini_observe_entry): call 1's value, after its host call, with
/// the guest's caller-saved registers alone in the vCPU (the call not started: rip not written).
__attribute__((used)) void mini_observe(void *context, long result) {
    burrow_vcpu *v = context;
    if (v != burrow_current_vcpu || v->in_guest) _exit(83);
    if (burrow_sud_selector != 0) _exit(82);
    uint32_t mxcsr;
    uint16_t fcw;
    __asm__ volatile("stmxcsr %0; fnstcw %1" : "=m"(mxcsr), "=m"(fcw));
    if (!host_control_words(v, mxcsr, fcw)) _exit(84);
    if ((v->regs[BURROW_RAX] & 0xFFFFFFFFu) != 16 || v->regs[BURROW_RDI] != 1 || v->regs[BURROW_RSI] != (uint64_t)lane_text ||
        v->regs[BURROW_RDX] != 3 || result != 3 || !lane_quick_setting(v) || lane_quick_values != 0) _exit(104);
    if (burrow_fast_lane.started < lane_started_floor || burrow_fast_lane.started > burrow_rdtsc()) _exit(102);
    burrow_fast_lane.started = 0;
    lane_quick_values++;
    lane_values_from_lane++;
    lane_reports1++;
    if (getppid() <= 0) _exit(81);   // a real host system call
    host_float_work();
    inexact_float_work();            // (PE in MXCSR: the quick lane's return takes it away)
    // And an x87 control word of its own (double precision), as no Burrow code sets one: the
    // return loads the guest's again (exit 10 otherwise).
    uint16_t other = 0x27F;
    __asm__ volatile("fldcw %0" :: "m"(other));
}
__asm__(".text\n"
    // The observer's entry: rsp must be 16-byte aligned at the call (8 mod 16 here), exit 86.
    ".globl mini_observe_entry\n mini_observe_entry:\n"
    "   mov %rsp, %rax\n and $15, %eax\n cmp $8, %eax\n jne 1f\n jmp mini_observe\n"
    "1: and $-16, %rsp\n mov $86, %edi\n call _exit@PLT\n");
extern char mini_observe_entry[];

/// The dispatcher's slot 16 (mini_fast_call). While the lane is open only the declined call (5)
/// may get here (exit 67 otherwise). A closed lane (the run loop ran: a signal at the call, say)
/// sends every call here: then the dispatcher does what Burrow's Swift entry does, the same
/// host call left to the thunk, quiet, and the lane opened again.
static int lane_dispatch(burrow_vcpu *v) {
    uint64_t fd = v->regs[BURROW_RDI];
    if (fd == 5) { v->regs[BURROW_RAX] = 0x1717; return 1; }
    if (burrow_fast_lane.open) _exit(67);
    v->syscall_length = BURROW_FAST_CALL_LENGTH;   // (mini_fast_call moved rip)
    v->syscall_fast = 1;
    burrow_fast_host_call = (burrow_host_call){ .nr = SYS_write, .args = { burrow_fast_lane.fds[fd], (long)v->regs[BURROW_RSI], 3 },
                                                .interruptible = 1, .quiet = !lane_observed };
    // Observed: Burrow's entry has told the observer, leaves the call to the completer and opens
    // the lane only there.
    lane_entry_deferred = lane_observed;
    burrow_fast_lane.open = lane_observed ? 0 : BURROW_LANE_OPEN;
    return BURROW_FAST_HOST_CALL;
}

/// The completer's slot 16 (mini_complete): the lane's failed call, started as Burrow's entry
/// starts one, with the host's control words (which the lane itself never loads).
static void lane_complete(burrow_vcpu *v, long result) {
    if (result == -EINTR) return;   // a SIGTERM arrived (the windows below): the run loop ends it
    uint32_t mxcsr;
    uint16_t fcw;
    __asm__ volatile("stmxcsr %0; fnstcw %1" : "=m"(mxcsr), "=m"(fcw));
    if (!host_control_words(v, mxcsr, fcw)) _exit(84);
    if (v->syscall_length != BURROW_FAST_CALL_LENGTH || !v->syscall_fast) _exit(69);
    const unsigned char *ip = (const unsigned char *)v->regs[BURROW_RIP] - BURROW_FAST_CALL_LENGTH;
    if (ip[0] != 0xFF || ip[1] != 0x14 || ip[2] != 0x25) _exit(98);   // rip just past the call
    // The block holds the call that failed, whichever way it was decided (lane.c, the quick
    // lane's assembly, the dispatcher): Burrow's completer runs it again for the retry rule
    // (an EINTR no signal of the interrupt mask caused), so a block left from an earlier call
    // would repeat that call instead (exit 103).
    if (result == -EBADF) {
        const burrow_host_call *b = &burrow_fast_host_call;
        if (b->nr != SYS_write || b->args[0] != 1000 || b->args[1] != (long)(v->regs[BURROW_RSI] + burrow_fast_lane.host_base) ||
            b->args[2] != 3 || !b->interruptible) _exit(103);
    }
    if (lane_observed) {
        int from_lane = !lane_entry_deferred;
        lane_entry_deferred = 0;
        // A call Burrow's entry deferred finds no counter reading: one left set would make its
        // completer tell the observer of it a second time, timed from another call (exit 105).
        if (!from_lane && burrow_fast_lane.started != 0) _exit(105);
        if (from_lane && (burrow_fast_lane.started < lane_started_floor || burrow_fast_lane.started > burrow_rdtsc())) _exit(102);
        // A value the quick lane could have made and told its observer (without signals, which
        // send the call the long way first), or any second report of call 1's value.
        if (result == 3 && lane_quick_observer && (lane_quick_values || (faults_mode == FAULTS_NONE && lane_quick_setting(v)))) _exit(104);
        burrow_fast_lane.started = 0;   // (as Burrow's completer: a stale reading must not pass)
        burrow_fast_lane.open = BURROW_LANE_OPEN_OBSERVED;   // (updateLane, with nothing pending)
        if (result == 3) {
            // Call 1's value, set as Burrow's completer sets one.
            lane_values_from_lane += from_lane;
            lane_reports1++;
            v->regs[BURROW_RAX] = 3;
            v->regs[BURROW_RDX] = 0;
            v->regs[BURROW_RFLAGS] &= ~1ull;
            return;
        }
    }
    v->regs[BURROW_RAX] = result == -EBADF ? 0x1616 : 0;
}

/// The exit call's check: the lane's write arrived, once.
static void lane_exit_check(void) {
    char got[8];
    ssize_t n = read(lane_pipe[0], got, sizeof got);
    if (n != 3 || memcmp(got, "abc", 3) != 0) _exit(68);
    if (lane_observed && faults_mode == FAULTS_NONE && lane_values_from_lane != 1) _exit(101);
    if (lane_observed && lane_reports1 != 1) _exit(101);   // (with signals too: never lost, never twice)
    if (lane_quick_observer && faults_mode == FAULTS_NONE && lane_quick_values != lane_quick_setting(burrow_current_vcpu)) _exit(104);
}

static void body_lane(void) {
    fast_setting = fast_settings[fast_setting_index];
    install();
    if (burrow_fastpath_init() != 0) _exit(88);
    if (burrow_sud_enable() != 0) _exit(87);
    if (pipe2(lane_pipe, O_NONBLOCK) != 0) _exit(89);
    burrow_vcpu *v = new_vcpu(lane_guest, 0, 0);
    burrow_fastpath_set_dispatcher((uint32_t (*)(void *))(void *)mini_fast_entry, v);
    burrow_fastpath_set_completer((uint32_t (*)(void *, long))(void *)mini_complete_entry);
    burrow_fastpath_set_observer(lane_quick_observer ? (void (*)(void *, long))(void *)mini_observe_entry : NULL);
    lane_mode = 1;
    lane_via = lane_via_stub ? (uint64_t)lane_call1_stub : (uint64_t)lane_call1_direct;
    // The lane: slot 16 as Burrow's write template (fd signed 32-bit, the rest 64-bit).
    static int32_t fds[6] = { -1, -1, 1000, -1, -1, -1 };
    fds[1] = lane_pipe[1];
    static burrow_lane_region region;
    region = (burrow_lane_region){ (uint64_t)lane_text, (uint64_t)lane_text + 4096, BURROW_LANE_READ | BURROW_LANE_WRITE };
    burrow_lane_state *s = burrow_fast_lane_state();
    memset(s->rows, 0, sizeof s->rows);   // no other row
    burrow_lane_arg fd = { .mask = ~0ull, .op = BURROW_LANE_FD, .reg = BURROW_RDI, .shift = 32 };
    burrow_lane_arg in = { .mask = ~0ull, .length_mask = ~0ull, .op = BURROW_LANE_BUFFER_IN, .reg = BURROW_RSI,
                           .length_reg = BURROW_RDX, .arg = 1, .length_arg = 2 };
    burrow_lane_arg count = { .mask = ~0ull, .op = BURROW_LANE_COUNT, .reg = BURROW_RDX, .arg = 2 };
    s->rows[16] = (burrow_lane_row){ .host_nr = SYS_write, .present = 1, .interruptible = 1, .args = { fd, in, count } };
    s->rows[16].shape = burrow_lane_shape(&s->rows[16]);
    s->fds = fds;
    s->nfds = 6;
    s->regions = &region;
    s->nregions = 1;
    s->limit = ~0ull;
    s->max_transfer = 0x7ffff000;
    // The hint names no region: the quick lane's own decision (QUICK_DECIDE, fastpath.S) declines the
    // first call's buffer and lane.c finds it (and sets the hint), so that the first call takes
    // the quick lane's C way and the second its assembly one.
    s->hint = lane_hint0 ? 0 : 1;
    s->open = lane_observed ? BURROW_LANE_OPEN_OBSERVED : BURROW_LANE_OPEN;   // (closed again when the guest leaves burrow_vcpu_run)
    s->started = 0;
    lane_entry_deferred = 0;
    lane_values_from_lane = 0;
    lane_quick_values = 0;
    lane_reports1 = 0;
    lane_started_floor = burrow_rdtsc();
    if (getppid() <= 0) _exit(81);
    host_float_work();
    checkpoint();
    run_loop(v);
}

static void body_lane_noncanonical(void) {
    faults_mode = FAULTS_NONCANONICAL;
    noncanonical_stub = (uint64_t)lane_stub;
    lane_guest = (void (*)(void))guest_lane_noncanonical;
    body_lane();
}

/// The three calls with every setting of the first one's flags and control words.
static int scenario_fast_lane(void) {
    lane_x87_pending = 1;
    int bad = fast_each_setting(body_lane, "patched calls through the fast lane, the first through a stub");
    lane_via_stub = 0;
    bad += fast_each_setting(body_lane, "patched calls through the fast lane, the first to the slot's entry directly");
    bad += run_one(body_lane_noncanonical, 0, "the quick lane returning to a non-canonical address");
    lane_x87_pending = 0;
    // Signals at every instruction boundary of the lane's calls (as fast-direct-thunk does for the
    // dispatcher's): the thunk, the lane's C code, the host call and the return without a
    // control-word switch. Under single-step the thunk records the tracer's TF as the guest's
    // (see mini_fast_call): the guest's first trap after such a return drops it (mini_fault).
    faults_mode = FAULTS_TRACED_TF;
    for (int i = 0; i < 3; i += 2) {
        fast_setting_index = i;
        printf("  first call with rflags %#llx, MXCSR %#x, x87 control word %#x:\n", (unsigned long long)fast_settings[i].rflags,
               fast_settings[i].mxcsr, fast_settings[i].fcw);
        bad += fast_windows(body_lane, 1, (uint64_t)guest_lane_call1, (uint64_t)guest_lane_after1);
    }
    // The lane's error path (the host's words loaded before the completer, the guest's reloaded
    // by the return) and the declined call's (the host's words before the dispatcher), with the
    // unusual control words the guest sets for them.
    printf("  the lane's error to the completer:\n");
    bad += fast_windows(body_lane, 1, (uint64_t)guest_lane_call2, (uint64_t)guest_lane_after2);
    printf("  a call the lane declines:\n");
    bad += fast_windows(body_lane, 1, (uint64_t)guest_lane_call3, (uint64_t)guest_lane_after3);
    // The same three calls the quick lane's way (fastpath.S: the guest's flags without TF, which
    // window_step gives it): its C call, host call window and return; the error's way to the
    // thunk (burrow_quick_made) and the declined call's (.Lheavy).
    quick_steps = 1;
    fast_setting_index = 2;   // rflags 0x202: nothing that sends the call to the thunk
    printf("  the quick lane's value (first call with rflags %#llx), a slot called directly:\n", (unsigned long long)fast_settings[2].rflags);
    bad += fast_windows(body_lane, 1, (uint64_t)guest_lane_call1, (uint64_t)guest_lane_after1);
    lane_via_stub = 1;
    printf("  the quick lane's value, through a stub (its `ret` skipped):\n");
    bad += fast_windows(body_lane, 1, (uint64_t)guest_lane_call1, (uint64_t)guest_lane_after1);
    quick_steps = 2;
    printf("  the quick lane's error, through the thunk to the completer:\n");
    bad += fast_windows(body_lane, 1, (uint64_t)guest_lane_call2, (uint64_t)guest_lane_after2);
    quick_steps = 3;
    printf("  a call the quick lane declines, through the thunk to the dispatcher:\n");
    bad += fast_windows(body_lane, 1, (uint64_t)guest_lane_call3, (uint64_t)guest_lane_after3);
    quick_steps = 0;
    // Open for an observer: the lane makes the first call, not quiet, and the completer sets its
    // value; every setting (the quick lane's too, which must leave the call to lane.c), then
    // signals at every boundary of that call.
    faults_mode = FAULTS_NONE;
    lane_observed = 1;
    bad += fast_each_setting(body_lane, "patched calls through the fast lane open for an observer, the first through a stub");
    faults_mode = FAULTS_TRACED_TF;
    fast_setting_index = 0;
    printf("  open for an observer, the value to the completer:\n");
    bad += fast_windows(body_lane, 1, (uint64_t)guest_lane_call1, (uint64_t)guest_lane_after1);
    // With the quick lane's observer: the quick lane makes the first call where its setting
    // allows (checked without signals), and tells the observer; signals at every boundary of
    // that way (the observer's C code, its return, the words' reload).
    // Then the second call with the host's words, so that its error is the quick lane's too (to
    // the completer, started), and the first call decided by QUICK_DECIDE (the hint names the
    // region) rather than lane.c.
    lane_quick_observer = 1;
    faults_mode = FAULTS_NONE;
    bad += fast_each_setting(body_lane, "patched calls through the fast lane open for the quick lane's observer");
    lane_words2[0] = 0x1F80;
    lane_words2[1] = 0x37F;
    bad += fast_each_setting(body_lane, "the same, the second call with the host's words");
    lane_hint0 = 1;
    bad += fast_each_setting(body_lane, "the same, the first call decided in assembly");
    lane_hint0 = 0;
    faults_mode = FAULTS_TRACED_TF;
    quick_steps = 1;
    // Settings 1 (rflags 0xAD7, the host's words) and 6 (the host's control bits with every
    // MXCSR exception flag set): both the quick lane's.
    for (int i = 1; i < FAST_SETTINGS; i += 5) {
        fast_setting_index = i;
        printf("  open for the quick lane's observer, the value to it (first call with rflags %#llx, MXCSR %#x):\n",
               (unsigned long long)fast_settings[i].rflags, fast_settings[i].mxcsr);
        bad += fast_windows(body_lane, 1, (uint64_t)guest_lane_call1, (uint64_t)guest_lane_after1);
    }
    quick_steps = 2;
    printf("  open for the quick lane's observer, its error through the thunk to the completer:\n");
    bad += fast_windows(body_lane, 1, (uint64_t)guest_lane_call2, (uint64_t)guest_lane_after2);
    quick_steps = 0;
    lane_words2[0] = 0xFFA0;
    lane_words2[1] = 0xC7F;
    lane_quick_observer = 0;
    lane_observed = 0;
    faults_mode = FAULTS_NONE;
    fast_setting_index = 0;
    return bad != 0;
}
