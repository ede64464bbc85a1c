// Guest entry and exit, and the two instruction ranges the trap handler knows by address: the
// interruptible host system call and the fault-tolerant copy. See runtime.c for the handler.
//
// burrow_enter_guest loads the whole guest register file and jumps to the guest with iretq, which
// sets rip, rsp and rflags atomically without touching guest memory (the guest's red zone stays
// intact, which asynchronous exits need). The trap handler never runs Burrow's work in signal
// context: it saves the guest state, then edits the signal frame so that sigreturn "returns" to
// burrow_guest_exit on the host stack, and the run loop continues.
//
#include "vcpu_asm.h"
#include <asm/errno.h>   // EINTR

    .text
    .globl burrow_enter_guest
    .hidden burrow_enter_guest
    .type burrow_enter_guest, @function
// uint32_t burrow_enter_guest(burrow_vcpu *v /* rdi */, volatile uint8_t *sud_selector /* rsi */)
//
// Signals and this range (the handler in runtime.c): once in_guest is 1, a host signal anywhere up
// to and including the iretq records itself as pending and sends the handler's sigreturn to
// burrow_guest_exit, leaving v untouched: the same entry is simply tried again. The pending set is
// tested only AFTER in_guest is 1, so a signal recorded before that test is seen by the test, and
// one that lands after it is seen by the handler: none is lost, none waits for the guest's next trap.
burrow_enter_guest:
    GUEST_ENTRY_START .Lentry_aborted
    xor %eax, %eax                  // iretq frame: ss, rsp, rflags, cs, rip
    mov %ss, %ax
    push %rax
    push V_RSP(%rdi)
    push V_RFLAGS(%rdi)
    mov %cs, %ax
    push %rax
    push V_RIP(%rdi)
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
.Lentry_aborted:
    // A host signal is pending: do not enter; the run loop handles it and tries again. The exit
    // record says what the handler would say for a signal here: 64-bit mode, nothing ran.
    movl $EXIT_HOST_SIGNAL, V_EXIT_REASON(%rdi)
    mov %cs, %ax
    mov %ax, V_TRAP_CS(%rdi)
    movl $0, V_ENTRY_FAILED(%rdi)
    movl $0, V_IN_GUEST(%rdi)
    jmp burrow_guest_exit
    .globl burrow_enter_guest_end
    .hidden burrow_enter_guest_end
burrow_enter_guest_end:
    .size burrow_enter_guest, . - burrow_enter_guest

    .globl burrow_guest_exit
    .hidden burrow_guest_exit
    .type burrow_guest_exit, @function
// Reached from the trap handler's sigreturn: rsp = host_rsp, rdi = the vcpu, rflags clean (the
// handler cleared AC, DF and TF in the frame). The FPU state the kernel restored is the guest's:
// reset x87 and MMX (a guest may leave the x87 stack full or MMX in use, which would break Burrow's
// own floating point) and put back the host's control words before any host code runs.
burrow_guest_exit:
    fninit
    fldcw V_HOST_FCW(%rdi)
    ldmxcsr V_HOST_MXCSR(%rdi)
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

// long burrow_safe_syscall6(long nr, long a, long b, long c, long d, long e, long f)
//
// A host system call that a host signal can always interrupt (QEMU's safe_syscall). Returns the
// kernel's raw result (-errno on failure). If a signal in burrow_interrupt_mask is pending when the
// call would start, it returns -EINTR without entering the kernel. If such a signal lands between
// that test and the `syscall` instruction, the handler moves rip to .Lsafe_interrupted (the range
// [burrow_safe_syscall_start, burrow_safe_syscall_end) ends just after `syscall`'s first byte,
// i.e. covers the instruction itself). Once in the kernel the call is interrupted the ordinary way:
// the handler has no SA_RESTART, so the kernel returns -EINTR.
    .globl burrow_safe_syscall6
    .type burrow_safe_syscall6, @function
burrow_safe_syscall6:
    mov %rdi, %rax
    mov %rsi, %rdi
    mov %rdx, %rsi
    mov %rcx, %rdx
    mov %r8, %r10
    mov %r9, %r8
    mov 8(%rsp), %r9
    .globl burrow_safe_syscall_start
    .hidden burrow_safe_syscall_start
burrow_safe_syscall_start:
    mov burrow_pending_signals(%rip), %r11
    and burrow_interrupt_mask(%rip), %r11
    jnz .Lsafe_interrupted
    syscall
    .globl burrow_safe_syscall_end
    .hidden burrow_safe_syscall_end
burrow_safe_syscall_end:
    ret
    .globl burrow_safe_syscall_interrupted
    .hidden burrow_safe_syscall_interrupted
burrow_safe_syscall_interrupted:
.Lsafe_interrupted:
    mov $-EINTR, %rax
    ret
    .size burrow_safe_syscall6, . - burrow_safe_syscall6

// size_t burrow_safe_copy(void *dst, const void *src, size_t n)
//
// Copies guest memory to or from Burrow's, like gVisor's safecopy: a fault on either side (a file
// mapping past the end of its file, a page the guest made unreadable) does not kill Burrow. The
// handler sees a SIGSEGV/SIGBUS whose rip lies in [burrow_safe_copy_start, burrow_safe_copy_end)
// and resumes at burrow_safe_copy_fault. Returns the number of bytes NOT copied (0 = all).
// rep movsb: the faulting byte is the one rcx counts, so the result is exact.
    .globl burrow_safe_copy
    .type burrow_safe_copy, @function
burrow_safe_copy:
.Lsafe_copy:
    mov %rdx, %rcx
    .globl burrow_safe_copy_start
    .hidden burrow_safe_copy_start
burrow_safe_copy_start:
    rep movsb
    .globl burrow_safe_copy_end
    .hidden burrow_safe_copy_end
burrow_safe_copy_end:
    xor %eax, %eax
    ret
    .globl burrow_safe_copy_fault
    .hidden burrow_safe_copy_fault
burrow_safe_copy_fault:
    mov %rcx, %rax
    ret
    .size burrow_safe_copy, . - burrow_safe_copy

// size_t burrow_safe_copy_short(void *dst, const void *src, size_t n)
//
// burrow_safe_copy for the trace's small copies (an event into the trace file's window, a
// buffer's first bytes), where only "all copied or not" matters: 0 when every byte was copied,
// nonzero when a byte of either side faulted (some bytes may have been copied). Sixteen bytes a
// step and the last sixteen once more, overlapping (every load and store stays inside the n bytes,
// so it faults exactly when some byte of them does): `rep movsb`'s start-up made a 167-byte
// event's copy ~12 ns here against ~5 (docs/performance.md section 3, "Session 29"). Below 16
// bytes, burrow_safe_copy's own answer. Same fault rule as burrow_safe_copy.
    .globl burrow_safe_copy_short
    .type burrow_safe_copy_short, @function
burrow_safe_copy_short:
    cmp $16, %rdx
    jb .Lsafe_copy
    lea -16(%rdx), %rcx             // the last sixteen bytes' offset
    xor %eax, %eax
    .globl burrow_safe_copy_short_start
    .hidden burrow_safe_copy_short_start
burrow_safe_copy_short_start:
1:  cmp %rcx, %rax
    jae 2f
    movdqu (%rsi,%rax), %xmm0
    movdqu %xmm0, (%rdi,%rax)
    add $16, %rax
    jmp 1b
2:  movdqu (%rsi,%rcx), %xmm0
    movdqu %xmm0, (%rdi,%rcx)
    .globl burrow_safe_copy_short_end
    .hidden burrow_safe_copy_short_end
burrow_safe_copy_short_end:
    xor %eax, %eax
    ret
    .globl burrow_safe_copy_short_fault
    .hidden burrow_safe_copy_short_fault
burrow_safe_copy_short_fault:
    mov $1, %eax
    ret
    .size burrow_safe_copy_short, . - burrow_safe_copy_short

// long burrow_safe_strnlen(const char *s, size_t max)
//
// The length of the NUL-terminated string at s, or max when no NUL occurs in the first max bytes,
// or -1 when a byte before the NUL (or before max) cannot be read. Same fault rule as safe_copy.
// Eight bytes a step once s + i is aligned (every path a call hands in is read this way, by the
// handler and again by the trace: a byte a step was ~5 instructions a byte): an aligned word never
// spans two pages, so it faults only when the byte the scan needs next does, and the result and
// the fault stay exact to the byte. The word test is the classic (w - 0x01..01) & ~w & 0x80..80:
// nonzero iff some byte is 0, and its lowest set bit marks the first one.
    .globl burrow_safe_strnlen
    .type burrow_safe_strnlen, @function
burrow_safe_strnlen:
    xor %eax, %eax
    .globl burrow_safe_strnlen_start
    .hidden burrow_safe_strnlen_start
burrow_safe_strnlen_start:
1:  cmp %rsi, %rax                  // bytes until s + i is aligned
    je 4f
    lea (%rdi,%rax), %rcx
    test $7, %cl
    jz 2f
    cmpb $0, (%rdi,%rax)
    je 4f
    inc %rax
    jmp 1b
2:  movabs $0x0101010101010101, %r8
    movabs $0x8080808080808080, %r9
3:  mov %rsi, %rdx                  // words while eight bytes or more are left before max
    sub %rax, %rdx
    cmp $8, %rdx
    jb 5f
    mov (%rdi,%rax), %rcx
    mov %rcx, %rdx
    sub %r8, %rdx
    not %rcx
    and %rcx, %rdx
    and %r9, %rdx
    jnz 6f
    add $8, %rax
    jmp 3b
5:  cmp %rsi, %rax                  // the last bytes before max
    je 4f
    cmpb $0, (%rdi,%rax)
    je 4f
    inc %rax
    jmp 5b
6:  bsf %rdx, %rdx                  // the first NUL in the word: bit 8k+7 of byte k
    shr $3, %rdx
    add %rdx, %rax
    .globl burrow_safe_strnlen_end
    .hidden burrow_safe_strnlen_end
burrow_safe_strnlen_end:
4:  ret
    .globl burrow_safe_strnlen_fault
    .hidden burrow_safe_strnlen_fault
burrow_safe_strnlen_fault:
    mov $-1, %rax
    ret
    .size burrow_safe_strnlen, . - burrow_safe_strnlen

// The signal handler's entry (sa_sigaction). A guest may set RFLAGS.AC with popf, and the kernel
// keeps AC when it delivers a signal; with AC set, any unaligned access in the C handler would
// raise #AC (SIGBUS) while every signal is blocked, and the kernel would kill Burrow. So AC is
// cleared here, before any compiled code runs. (DF and TF the kernel already clears.)
    .globl burrow_trap_entry
    .hidden burrow_trap_entry
    .type burrow_trap_entry, @function
burrow_trap_entry:
    pushfq
    andq $~0x40000, (%rsp)
    popfq
    jmp burrow_trap_handler
    .size burrow_trap_entry, . - burrow_trap_entry

    .section .note.GNU-stack,"",@progbits
