// Guest entry and exit. burrow_enter_guest loads the whole guest register file and jumps to the
// guest with iretq, which sets rip, rsp and rflags atomically without touching guest memory (the
// guest's red zone stays intact, which asynchronous exits need). The trap handler in runtime.c
// never runs Burrow's work in signal context: it saves the guest state, then edits the signal frame
// so that sigreturn "returns" to burrow_guest_exit on the host stack, and the run loop continues.
//
// Offsets into struct burrow_vcpu (checked by static asserts in runtime.c).
#define V_RAX 0
#define V_RBX 8
#define V_RCX 16
#define V_RDX 24
#define V_RSI 32
#define V_RDI 40
#define V_RBP 48
#define V_RSP 56
#define V_R8 64
#define V_R9 72
#define V_R10 80
#define V_R11 88
#define V_R12 96
#define V_R13 104
#define V_R14 112
#define V_R15 120
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
#define V_XSAVE 256

    .text
    .globl burrow_enter_guest
    .hidden burrow_enter_guest
    .type burrow_enter_guest, @function
// uint32_t burrow_enter_guest(burrow_vcpu *v /* rdi */, volatile uint8_t *sud_selector /* rsi */)
burrow_enter_guest:
    push %rbp
    push %rbx
    push %r12
    push %r13
    push %r14
    push %r15
    sub $8, %rsp                    // keep the host stack 16-byte aligned for burrow_guest_exit
    mov %rsp, V_HOST_RSP(%rdi)
    stmxcsr V_HOST_MXCSR(%rdi)
    fnstcw V_HOST_FCW(%rdi)
    cmpl $0, V_FPU_VALID(%rdi)
    je 1f
    // Resuming after an asynchronous exit: the whole FPU/vector state, as the signal frame held it.
    cmpl $2, V_FPU_VALID(%rdi)
    jne 3f
    mov $-1, %eax                   // every component the image's header says is present
    mov $-1, %edx
    xrstor64 V_XSAVE(%rdi)
    jmp 4f
3:  fxrstor64 V_XSAVE(%rdi)
4:  movl $0, V_FPU_VALID(%rdi)
    jmp 2f
1:  ldmxcsr V_GUEST_MXCSR(%rdi)     // after a system call only MXCSR and the x87 control word matter
    fldcw V_GUEST_FCW(%rdi)
2:
    xor %eax, %eax                  // iretq frame: ss, rsp, rflags, cs, rip
    mov %ss, %ax
    push %rax
    push V_RSP(%rdi)
    push V_RFLAGS(%rdi)
    mov %cs, %ax
    push %rax
    push V_RIP(%rdi)
    movl $1, V_IN_GUEST(%rdi)
    movb $1, (%rsi)                 // SYSCALL_DISPATCH_FILTER_BLOCK: guest `syscall`s now trap
    mov V_RAX(%rdi), %rax
    mov V_RBX(%rdi), %rbx
    mov V_RCX(%rdi), %rcx
    mov V_RDX(%rdi), %rdx
    mov V_RSI(%rdi), %rsi
    mov V_RBP(%rdi), %rbp
    mov V_R8(%rdi), %r8
    mov V_R9(%rdi), %r9
    mov V_R10(%rdi), %r10
    mov V_R11(%rdi), %r11
    mov V_R12(%rdi), %r12
    mov V_R13(%rdi), %r13
    mov V_R14(%rdi), %r14
    mov V_R15(%rdi), %r15
    mov V_RDI(%rdi), %rdi
    iretq
    .globl burrow_enter_guest_end
    .hidden burrow_enter_guest_end
burrow_enter_guest_end:
    .size burrow_enter_guest, . - burrow_enter_guest

    .globl burrow_guest_exit
    .hidden burrow_guest_exit
    .type burrow_guest_exit, @function
// Reached from the trap handler's sigreturn: rsp = host_rsp, rdi = the vcpu. The FPU state the
// kernel restored is the guest's, so put the host's control words back before any host code runs.
burrow_guest_exit:
    ldmxcsr V_HOST_MXCSR(%rdi)
    fldcw V_HOST_FCW(%rdi)
    cld
    add $8, %rsp
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbx
    pop %rbp
    mov V_EXIT_REASON(%rdi), %eax
    ret
    .size burrow_guest_exit, . - burrow_guest_exit

    .section .note.GNU-stack,"",@progbits
