// Guest entry into 32-bit compatibility mode (xv6's i386 flavour). burrow_enter_guest
// (trampoline.S) again, from the same GUEST_ENTRY_START (vcpu_asm.h), differing only in the
// selectors: the iretq frame carries the guest's 32-bit code and stack selectors (a flat 0x23/0x2b
// pair, or LDT segments with a base), and DS/ES are loaded with the guest's data selector first
// (in compatibility mode every plain load and store goes through DS, ES or SS; the kernel leaves
// them alone on signal delivery, so they are loaded at every entry). It is its own function, and
// its own address range for the trap handler, so that the 64-bit entry stays exactly as it was.
// The exit is the common burrow_guest_exit: the handler's frame edit always puts the host's
// 64-bit CS and SS back, and burrow_vcpu_run resets DS/ES after it returns.
#include "vcpu_asm.h"

    .text
    .globl burrow_enter_guest32
    .hidden burrow_enter_guest32
    .type burrow_enter_guest32, @function
// uint32_t burrow_enter_guest32(burrow_vcpu *v /* rdi */, volatile uint8_t *sud_selector /* rsi */)
// The signal rules of burrow_enter_guest hold unchanged (the handler knows this range too).
burrow_enter_guest32:
    GUEST_ENTRY_START .Lentry32_aborted
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
