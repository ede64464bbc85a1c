// Guest entry into 32-bit compatibility mode (xv6's i386 flavour). A copy of burrow_enter_guest
// (trampoline.S) that differs only in the selectors: the iretq frame carries the guest's 32-bit
// code and stack selectors (a flat 0x23/0x2b pair, or LDT segments with a base), and DS/ES are
// loaded with the guest's data selector first (in compatibility mode every plain load and store
// goes through DS, ES or SS; the kernel leaves them alone on signal delivery, so they are loaded
// at every entry). It is its own function, and its own address range for the trap handler, so
// that the 64-bit entry stays exactly as it was. The exit is the common burrow_guest_exit: the
// handler's frame edit always puts the host's 64-bit CS and SS back, and burrow_vcpu_run resets
// DS/ES after it returns.
#define V_RAX 0
#define V_RBX 8
#define V_RCX 16
#define V_RDX 24
#define V_RSI 32
#define V_RDI 40
#define V_RBP 48
#define V_RSP 56
#define V_RIP 128
#define V_RFLAGS 136
#define V_HOST_RSP 144
#define V_GUEST_MXCSR 152
#define V_GUEST_FCW 156
#define V_HOST_MXCSR 160
#define V_HOST_FCW 164
#define V_FPU_VALID 168
#define V_IN_GUEST 172
#define V_EXIT_REASON 176
#define V_TRAP_CS 224
#define V_ENTRY_FAILED 228
#define V_GUEST_CS 236
#define V_GUEST_SS 238
#define V_GUEST_DS 240
#define V_XSAVE 256

#define EXIT_HOST_SIGNAL 4

    .text
    .globl burrow_enter_guest32
    .hidden burrow_enter_guest32
    .type burrow_enter_guest32, @function
// uint32_t burrow_enter_guest32(burrow_vcpu *v /* rdi */, volatile uint8_t *sud_selector /* rsi */)
// The signal rules of burrow_enter_guest hold unchanged (the handler knows this range too).
burrow_enter_guest32:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    sub $8, %rsp
    mov %rsp, V_HOST_RSP(%rdi)
    stmxcsr V_HOST_MXCSR(%rdi)
    fnstcw V_HOST_FCW(%rdi)
    movl $1, V_IN_GUEST(%rdi)
    cmpq $0, burrow_pending_signals(%rip)
    jne .Lentry32_aborted
    cmpl $0, V_FPU_VALID(%rdi)
    je 1f
    cmpl $2, V_FPU_VALID(%rdi)
    jne 3f
    mov $-1, %eax
    mov $-1, %edx
    xrstor64 V_XSAVE(%rdi)
    jmp 2f
3:  fxrstor64 V_XSAVE(%rdi)
    jmp 2f
1:  ldmxcsr V_GUEST_MXCSR(%rdi)
    fldcw V_GUEST_FCW(%rdi)
2:
    movzwl V_GUEST_DS(%rdi), %eax   // data segments first: a bad selector faults here, in this range
    mov %ax, %ds
    mov %ax, %es
    movzwl V_GUEST_SS(%rdi), %eax   // iretq frame: ss, rsp, rflags, cs, rip (esp and eip zero-extended)
    push %rax
    mov V_RSP(%rdi), %eax
    push %rax
    push V_RFLAGS(%rdi)
    movzwl V_GUEST_CS(%rdi), %eax
    push %rax
    mov V_RIP(%rdi), %eax
    push %rax
    movb $1, (%rsi)                 // SYSCALL_DISPATCH_FILTER_BLOCK: `int $0x80`/`syscall` now trap
    // The upper halves do not exist in 32-bit code; only the low 32 bits of r8-r15 would survive,
    // and the guest cannot see them: they are not loaded.
    mov V_RAX(%rdi), %eax
    mov V_RBX(%rdi), %ebx
    mov V_RCX(%rdi), %ecx
    mov V_RDX(%rdi), %edx
    mov V_RSI(%rdi), %esi
    mov V_RBP(%rdi), %ebp
    mov V_RDI(%rdi), %edi
    iretq
.Lentry32_aborted:
    movl $EXIT_HOST_SIGNAL, V_EXIT_REASON(%rdi)
    movzwl V_GUEST_CS(%rdi), %eax   // the mode it would have entered in
    mov %ax, V_TRAP_CS(%rdi)
    movl $0, V_ENTRY_FAILED(%rdi)
    movl $0, V_IN_GUEST(%rdi)
    jmp burrow_guest_exit
    .globl burrow_enter_guest32_end
    .hidden burrow_enter_guest32_end
burrow_enter_guest32_end:
    .size burrow_enter_guest32, . - burrow_enter_guest32

    .section .note.GNU-stack,"",@progbits
