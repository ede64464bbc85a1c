// 32-bit guests (compatibility mode), included by main.c: the guests are byte strings placed in a
// partition at host address 0x80000000 and entered through burrow_vcpu_run with LDT selectors
// (guest address 0 = host 0x80000000, a 2 GiB limit), or at a MAP_32BIT page with Linux's flat
// 32-bit selectors. The mini run loop checks every exit: its kind, the code selector it came from,
// rip relative to the segment, the error code and the fault address.
#define COMPAT_BASE 0x80000000u

static unsigned char *compat_partition(void) {
    unsigned char *m = mmap((void *)(uintptr_t)COMPAT_BASE, 1 << 16, PROT_READ | PROT_WRITE | PROT_EXEC,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (m == MAP_FAILED) _exit(70);
    if (burrow_ldt_set(0, COMPAT_BASE, 0x80000, 1) != 0 || burrow_ldt_set(1, COMPAT_BASE, 0x80000, 0) != 0) _exit(71);
    return m;
}

static burrow_vcpu *compat_vcpu(uint32_t eip, uint32_t esp, uint16_t cs, uint16_t ds) {
    burrow_vcpu *v = aligned_alloc(64, sizeof *v);
    memset(v, 0, sizeof *v);
    v->guest_mxcsr = 0x1F80;
    v->guest_fcw = 0x037F;
    v->regs[BURROW_RIP] = eip;
    v->regs[BURROW_RSP] = esp;
    v->regs[BURROW_RFLAGS] = 0x202;
    burrow_vcpu_set_compat(v, cs, ds);
    return v;
}

// Guest code at guest address 0x1000 (LDT layout); each step is one exit the loop checks:
//   1000 mov eax,[0x2000] ; push eax ; pop ebx ; mov eax,1 ; int 0x81   (DS and SS through the base)
//   100d mov eax,[0x80000000]     at the limit: #GP(0), a GP exit in 32-bit mode
//   1012 mov eax,[0x7ffffffc]     inside the limit, unmapped: page fault at host 0xfffffffc
//   1017 mov ebx,[esp] ; mov eax,0 ; int 0x81                           exit(ebx)
static const unsigned char compat_code[] = {
    0xa1, 0x00, 0x20, 0x00, 0x00, 0x50, 0x5b, 0xb8, 0x01, 0x00, 0x00, 0x00, 0xcd, 0x81,
    0xa1, 0x00, 0x00, 0x00, 0x80,
    0xa1, 0xfc, 0xff, 0xff, 0x7f,
    0x8b, 0x1c, 0x24, 0xb8, 0x00, 0x00, 0x00, 0x00, 0xcd, 0x81,
};

static void body_compat_ldt(void) {
    install();
    unsigned char *m = compat_partition();
    memcpy(m + 0x1000, compat_code, sizeof compat_code);
    *(uint32_t *)(void *)(m + 0x2000) = 0x11223344;
    *(uint32_t *)(void *)(m + 0x8000 - 16) = 42;     // [esp] at the last step
    uint16_t cs = burrow_ldt_selector(0), ds = burrow_ldt_selector(1);
    burrow_vcpu *v = compat_vcpu(0x1000, 0x8000 - 16, cs, ds);
    for (int step = 0;; step++) {
        uint32_t r = burrow_vcpu_run(v);
        __asm__ volatile("vzeroall" ::: "memory");
        uint16_t hds;
        __asm__ volatile("mov %%ds, %0" : "=r"(hds));
        if (hds != 0) _exit(72);                      // the guest's DS does not outlive its run
        if (r == BURROW_EXIT_HOST_SIGNAL) { step--; continue; }
        if (v->trap_cs != cs) _exit(73);
        uint64_t rip = v->regs[BURROW_RIP];
        switch (step) {
        case 0:
            if (r != BURROW_EXIT_SYSCALL || rip != 0x100c || (uint32_t)v->regs[BURROW_RBX] != 0x11223344) _exit(74);
            if (m[rip] != 0xcd || m[rip + 1] != 0x81) _exit(75);   // rip is segment-relative
            v->regs[BURROW_RIP] += 2;
            break;
        case 1:
            if (r != BURROW_EXIT_GP || rip != 0x100e || v->trap_err != 0 || v->trap_no != 13) _exit(76);
            v->regs[BURROW_RIP] += 5;
            break;
        case 2:
            if (r != BURROW_EXIT_FAULT || rip != 0x1013 || v->trap_no != 14 || v->fault_addr != 0xfffffffcu) _exit(77);
            v->regs[BURROW_RIP] += 5;
            break;
        default:
            if (r != BURROW_EXIT_SYSCALL || v->regs[BURROW_RAX] != 0) _exit(78);
            _exit((int)v->regs[BURROW_RBX]);
        }
    }
}

// Flat 32-bit selectors (0x23/0x2b) at a page below 4 GiB: mov eax,[abs] ; mov ebx,eax ; int 0x40
// with 0x40 as the system-call vector here (xv6's), then the loop exits with ebx's low byte.
static void body_compat_flat(void) {
    install();
    burrow_set_trap_vector(0x81, BURROW_EXIT_NONE);
    burrow_set_syscall_vector(0x40);
    unsigned char *code = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
    if (code == MAP_FAILED) _exit(79);
    uint32_t at = (uint32_t)(uintptr_t)code;
    *(uint32_t *)(void *)(code + 0x100) = 0x1234567;
    unsigned char c[] = { 0xa1, 0, 0, 0, 0, 0x89, 0xc3, 0xcd, 0x40 };
    uint32_t data = at + 0x100;
    memcpy(c + 1, &data, 4);
    memcpy(code, c, sizeof c);
    burrow_vcpu *v = compat_vcpu(at, at + 8192 - 16, burrow_flat32_cs(), burrow_flat32_ds());
    uint32_t r;
    while ((r = burrow_vcpu_run(v)) == BURROW_EXIT_HOST_SIGNAL) {}
    if (r != BURROW_EXIT_SYSCALL || v->trap_cs != 0x23 || v->regs[BURROW_RIP] != at + 7) _exit(80);
    _exit((int)(v->regs[BURROW_RBX] & 0xff));
}

// Calls forever in 32-bit code under LDT selectors (for the storm): mov eax,1 ; int 0x81 ; jmp.
static void body_compat_calls(void) {
    install();
    unsigned char *m = compat_partition();
    static const unsigned char c[] = { 0xb8, 0x01, 0x00, 0x00, 0x00, 0xcd, 0x81, 0xeb, 0xf7 };
    memcpy(m + 0x1000, c, sizeof c);
    burrow_vcpu *v = compat_vcpu(0x1000, 0x8000, burrow_ldt_selector(0), burrow_ldt_selector(1));
    for (;;) {
        uint32_t r = burrow_vcpu_run(v);
        if (r == BURROW_EXIT_SYSCALL) {
            if (v->trap_cs != burrow_ldt_selector(0) || v->regs[BURROW_RIP] != 0x1005) _exit(81);
            v->regs[BURROW_RIP] += 2;
        } else if (r != BURROW_EXIT_HOST_SIGNAL) {
            _exit(82);
        }
        if (r == BURROW_EXIT_HOST_SIGNAL && v->trap_cs != burrow_ldt_selector(0)) _exit(83);
        if (burrow_take_pending_signals() & (1ull << SIGTERM)) burrow_die_by_signal(SIGTERM);
    }
}

// The LDT as the CPU sees it after burrow_ldt_set: base, byte limit, 32-bit, DPL 3, code/data;
// a segment reaching past 4 GiB is refused.
static void body_compat_ldt_setup(void) {
    if (burrow_ldt_set(3, 0x80000000u, 0x80000, 1) != 0) _exit(84);
    if (burrow_ldt_set(4, 0x80000000u, 0x80000, 0) != 0) _exit(85);
    uint32_t base, limit, flags;
    if (burrow_ldt_get(3, &base, &limit, &flags) != 0 || base != 0x80000000u || limit != 0x7fffffffu || flags != 0xf) _exit(86);
    if (burrow_ldt_get(4, &base, &limit, &flags) != 0 || base != 0x80000000u || limit != 0x7fffffffu || flags != 0xd) _exit(87);
    if (burrow_ldt_set(5, 0x80000000u, 0x80001, 0) != EINVAL) _exit(88);
    if (burrow_ldt_get(5, &base, &limit, &flags) != ENOENT) _exit(89);
    if (burrow_ldt_selector(3) != 0x1f) _exit(90);
    _exit(0);
}

extern char burrow_enter_guest32[], burrow_enter_guest32_end[];

// Spins at guest 0x1000 (jmp $) under LDT selectors; the mini loop dies by a pending SIGTERM and
// checks that every exit record names the 32-bit code selector.
static void body_compat_spin(void) {
    install();
    unsigned char *m = compat_partition();
    m[0x1000] = 0xeb; m[0x1001] = 0xfe;
    uint16_t cs = burrow_ldt_selector(0);
    burrow_vcpu *v = compat_vcpu(0x1000, 0x8000, cs, burrow_ldt_selector(1));
    checkpoint();
    for (;;) {
        uint32_t r = burrow_vcpu_run(v);
        if (r != BURROW_EXIT_HOST_SIGNAL) _exit(91);
        if (v->trap_cs != cs) _exit(92);
        if (burrow_take_pending_signals() & (1ull << SIGTERM)) burrow_die_by_signal(SIGTERM);
    }
}

/// SIGTERM at every instruction boundary from the stop before the run loop to the 32-bit guest's
/// first instruction (through burrow_enter_guest32): the process dies by SIGTERM every time.
static int scenario_compat_window(void) {
    pid_t pid = spawn_traced(body_compat_spin);
    int total = 0, in_trampoline = 0, failures = 0;
    while (rip_of(pid) != 0x1000 && total < 100000) {
        if (step(pid) != 0) { printf("  cannot single-step\n"); kill(pid, SIGKILL); return 1; }
        total++;
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    for (int k = 0; k <= total + 2; k++) {
        pid = spawn_traced(body_compat_spin);
        for (int i = 0; i < k; i++) step(pid);
        uint64_t rip = rip_of(pid);
        if (rip >= (uint64_t)burrow_enter_guest32 && rip < (uint64_t)burrow_enter_guest32_end) in_trampoline++;
        int st = finish(pid, SIGTERM, 20);
        if (!(st != -1 && WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM)) {
            if (failures++ < 5) printf("  SIGTERM at boundary %d (rip %#lx): %s\n", k, (unsigned long)rip, describe(st));
        }
    }
    printf("  %d boundaries (%d inside the 32-bit entry), %d failures\n", total + 3, in_trampoline, failures);
    if (in_trampoline < 20) { printf("  too few boundaries inside the 32-bit entry: the test does not cover it\n"); return 1; }
    return failures != 0;
}

/// 32-bit guests: LDT setup read back; entry through LDT selectors with a base (DS and SS through
/// the base, rip segment-relative, a load at the limit a #GP, a page fault at the edge with the
/// host address, DS reset after the run); flat selectors with int 0x40 as the vector; a storm of
/// signals at a 32-bit guest making calls.
static int scenario_compat(void) {
    int bad = run_one(body_compat_ldt_setup, 0, "LDT set-up read back");
    bad += run_one(body_compat_ldt, 42, "32-bit guest through LDT segments with base 0x80000000");
    bad += run_one(body_compat_flat, 0x67, "32-bit guest with flat selectors, int 0x40");
    bad += storm(body_compat_calls, "32-bit guest making calls");
    return bad != 0;
}
