// The fast path's half in assembly (docs/architecture.md, "The fast path"): one entry per system
// call number, and the thunk they share. A patched ToyOS stub is `call [slot]` (FF 14 25 disp32)
// followed by the stub's own `ret`; slot N of the table below 2 GiB (fastpath.c) holds the address
// of entry N, which puts N in eax (as the stub's `mov eax, N` did) and jumps to the thunk.
//
// The thunk turns the call into the same exit a trapped `int 0x81` makes, without a signal: it saves
// the guest's registers and flags into the vCPU, allows host system calls again (the Syscall User
// Dispatch selector), switches to the VMM stack and leaves through burrow_guest_exit, exactly where
// the trap handler's sigreturn lands. The run loop then sees BURROW_EXIT_FAST_SYSCALL with rip at
// the patched stub and length 7: it moves rip onto the stub's `ret`, calls the one dispatcher, and
// re-enters the guest, which executes its own `ret` back to the stub's caller. A restart after a
// signal handler rewinds rip by 7, onto the patched `call`: the call is made again, as on the trap
// path. Nothing but the result registers changes: every general register, rsp, rflags (AC, DF, TF,
// ID included) and the FS/GS bases come back as they were.
//
// Signals: while the thunk runs the vCPU says in_guest = 1. The trap handler knows the range
// [burrow_fast_thunk, burrow_fast_thunk_end) ("inside Burrow's trampoline"): an asynchronous
// signal there is only recorded as pending (the run loop sees it right after the call), nothing is
// rewritten, and the thunk continues. The thunk never touches guest memory except one read of its
// own return address, which the `call` has just written.
#include "vcpu_asm.h"
#define FAST_SLOTS 256
#define PATCHED_CALL_LENGTH 7

    .text
    .p2align 4
    .globl burrow_fast_entries
    .hidden burrow_fast_entries
burrow_fast_entries:
    .set n, 0
    .rept FAST_SLOTS
    .p2align 4
    mov $n, %eax                    // 5 bytes: what the stub's `mov eax, N` did
    jmp burrow_fast_thunk           // 5 bytes
    .set n, n + 1
    .endr
    .p2align 4
    .globl burrow_fast_entries_end
    .hidden burrow_fast_entries_end
burrow_fast_entries_end:

    .globl burrow_fast_thunk
    .hidden burrow_fast_thunk
    .type burrow_fast_thunk, @function
// rsp = the guest's rsp - 8, [rsp] = the patched stub + 7 (its `ret`); eax = the number.
// No instruction before the pushfq changes a flag; the guest's AC may still be set, so every
// access up to the popfq is 8-byte aligned.
burrow_fast_thunk:
    mov %r11, burrow_fast_scratch(%rip)
    mov burrow_current_vcpu@GOTPCREL(%rip), %r11
    mov (%r11), %r11
    mov %rsp, V_RSP(%r11)
    mov V_HOST_RSP(%r11), %rsp      // the VMM stack (host_rsp is 16-byte aligned)
    pushfq
    pop V_RFLAGS(%r11)
    pushq $0x202                    // clean flags for Burrow: no AC, DF or TF
    popfq
    mov %rax, V_RAX(%r11)
    mov %rbx, V_RBX(%r11)
    mov %rcx, V_RCX(%r11)
    mov %rdx, V_RDX(%r11)
    mov %rsi, V_RSI(%r11)
    mov %rdi, V_RDI(%r11)
    mov %rbp, V_RBP(%r11)
    mov %r8, V_R8(%r11)
    mov %r9, V_R9(%r11)
    mov %r10, V_R10(%r11)
    mov burrow_fast_scratch(%rip), %rax
    mov %rax, V_R11(%r11)
    mov %r12, V_R12(%r11)
    mov %r13, V_R13(%r11)
    mov %r14, V_R14(%r11)
    mov %r15, V_R15(%r11)
    stmxcsr V_GUEST_MXCSR(%r11)
    fnstcw V_GUEST_FCW(%r11)
    // rip = the patched stub (the return address minus the call's 7 bytes); rsp = as it was
    // before the call, as the trap path sees it.
    mov V_RSP(%r11), %rax
    mov (%rax), %rcx
    sub $PATCHED_CALL_LENGTH, %rcx
    mov %rcx, V_RIP(%r11)
    add $8, %rax
    mov %rax, V_RSP(%r11)
    mov %r11, %rdi
    movl $EXIT_FAST_SYSCALL, V_EXIT_REASON(%rdi)
    // The host's TLS (FS) must be valid before any host code runs. A guest that changed it
    // (wrfsbase) gets the trap path's answer: FS restored, the change reported.
    cmpl $0, burrow_fast_fsgsbase(%rip)
    je 1f
    rdfsbase %rax
    cmp burrow_host_fsbase(%rip), %rax
    je 1f
    mov %rax, V_GUEST_FSBASE(%rdi)
    mov burrow_host_fsbase(%rip), %rax
    wrfsbase %rax
    movl $EXIT_FS_CHANGED, V_EXIT_REASON(%rdi)
1:  movb $0, burrow_sud_selector(%rip)   // host system calls allowed again
    movl $0, V_FPU_VALID(%rdi)      // a system call: only MXCSR and the x87 control word matter
    mov %cs, %ax
    mov %ax, V_TRAP_CS(%rdi)
    movl $0, V_ENTRY_FAILED(%rdi)
    movl $0, V_IN_GUEST(%rdi)
    .globl burrow_fast_thunk_end
    .hidden burrow_fast_thunk_end
burrow_fast_thunk_end:
    // From here in_guest = 0: Burrow's own code, for the trap handler as the run loop is.
    // A changed FS base, or no direct dispatcher (burrow-runtime-check's plain mode): leave
    // through the run loop, as a trapped call does.
    cmpl $EXIT_FAST_SYSCALL, V_EXIT_REASON(%rdi)
    jne burrow_guest_exit
    cmpq $0, burrow_fast_dispatcher(%rip)
    je burrow_guest_exit
    // The direct dispatch: what burrow_guest_exit does for host code (the x87 stack empty and out
    // of MMX mode, no pending x87 exception, the host's control words), then the one dispatcher,
    // called on the VMM stack (rsp = host_rsp, 16-byte aligned), which runs the call and everything
    // the run loop does after it (host signals, the guest's pending signals) and says whether the
    // guest may simply go on. Instead of burrow_guest_exit's fninit (~50 ns here, docs/
    // performance.md section 5): fnclex only when an unmasked x87 exception is pending (fnstsw's
    // ES bit; fnclex costs ~19 ns, and emms would raise the pending exception in Burrow's code),
    // then emms (the x87 stack empty, out of MMX mode) and the host's control word (all masked).
    fnstsw %ax
    test $0x80, %al
    jz 1f
    fnclex
1:  emms
    fldcw V_HOST_FCW(%rdi)
    ldmxcsr V_HOST_MXCSR(%rdi)
    mov %rdi, %rbx                  // callee-saved: the guest's are in the vCPU
    mov V_RIP(%rdi), %r12
    add $PATCHED_CALL_LENGTH, %r12  // the stub's own `ret`: where a plain call resumes
    mov V_RSP(%rdi), %r13           // the guest's rsp there
    mov burrow_fast_context(%rip), %rdi
    call *burrow_fast_dispatcher(%rip)
    cmp $BURROW_FAST_HOST_CALL, %eax
    je .Lfast_host_call
.Lfast_decided:
    mov %rbx, %rdi                  // burrow_guest_exit wants the vCPU in rdi
    test %eax, %eax
    jz .Lfast_leave

// The return, without the run loop and without iretq. in_guest = 1 again and the pending set
// tested after that (as burrow_enter_guest does): a host signal that arrived before the test is
// seen here, one that lands anywhere in [burrow_fast_return, burrow_fast_return_end) sends the
// trap handler's sigreturn to burrow_guest_exit as a host-signal exit with the vCPU untouched (it
// already holds the state to resume), and the run loop enters the guest the long way. Any other
// state than "the call returned to its stub" (a guest signal handler to run, a restarted call, a
// sigreturn, a saved FPU image, an overwritten return address) also goes the long way. A guest's
// TF comes back with popfq: its trap after the next instruction lands in this range, and the
// handler sends it the long way too (iretq then traps after the guest's first instruction).
// Nothing here writes guest memory: the red zone is intact.
    .globl burrow_fast_return
    .hidden burrow_fast_return
burrow_fast_return:
    movl $1, V_IN_GUEST(%rbx)
    cmpq $0, burrow_pending_signals(%rip)
    jne .Lfast_signal
    cmp V_RIP(%rbx), %r12
    jne .Lfast_leave_in
    cmp V_RSP(%rbx), %r13
    jne .Lfast_leave_in
    cmp -8(%r13), %r12              // the call's return address is still the stub's `ret` (a fault
    jne .Lfast_leave_in             // here: the handler sends it the long way)
    // Where the guest's rsp goes: past the stub caller's return address when the stub's own `ret`
    // is there (the usual case: that `ret` is made below, straight back to the stub's caller, one
    // mispredicted return fewer, docs/performance.md section 5), else onto the return address the
    // patched call pushed (the guest's own next instruction runs then).
    mov %r13, %rax
    cmpb $0xC3, (%r12)
    je 1f
    sub $8, %rax
1:  mov %rax, burrow_fast_return_rsp(%rip)
    cmpl $0, V_FPU_VALID(%rbx)
    jne .Lfast_leave_in
    ldmxcsr V_GUEST_MXCSR(%rbx)
    fldcw V_GUEST_FCW(%rbx)
    movb $1, burrow_sud_selector(%rip)   // guest `syscall`s trap again
    push V_RFLAGS(%rbx)             // on the VMM stack
    mov V_RAX(%rbx), %rax
    mov V_RCX(%rbx), %rcx
    mov V_RDX(%rbx), %rdx
    mov V_RSI(%rbx), %rsi
    mov V_RDI(%rbx), %rdi
    mov V_RBP(%rbx), %rbp
    mov V_R8(%rbx), %r8
    mov V_R9(%rbx), %r9
    mov V_R10(%rbx), %r10
    mov V_R11(%rbx), %r11
    mov V_R12(%rbx), %r12
    mov V_R13(%rbx), %r13
    mov V_R14(%rbx), %r14
    mov V_R15(%rbx), %r15
    popfq                           // the guest's flags (AC, DF...); no instruction below changes one
    mov burrow_fast_return_rsp(%rip), %rsp
    mov V_RBX(%rbx), %rbx           // (8-byte aligned, or the patched call's push had faulted: AC
    ret                             // cannot fault here)
.Lfast_signal:
    movl $EXIT_HOST_SIGNAL, V_EXIT_REASON(%rdi)
    movl $0, V_IN_GUEST(%rdi)
    jmp burrow_guest_exit
.Lfast_leave_in:
    movl $0, V_IN_GUEST(%rdi)
    .globl burrow_fast_return_end
    .hidden burrow_fast_return_end
burrow_fast_return_end:
.Lfast_leave:
    // The run loop takes over with what the dispatcher left (the guest's exit, its death, or an
    // entry that needs iretq).
    movl $EXIT_FAST_DONE, V_EXIT_REASON(%rdi)
    jmp burrow_guest_exit

// The deferred host call (the dispatcher answered BURROW_FAST_HOST_CALL): the handler's last step,
// one host system call, is made here, one call below the thunk instead of under the dispatcher's
// frames. On this machine every return whose call was made before a host system call mispredicts
// (~8 ns each, docs/performance.md section 5), so the fewer frames live across the `syscall`, the
// cheaper the call. The completer then finishes the call as the dispatcher would have (errors, the
// retry rule, the trace) and answers like the dispatcher. Burrow's own code (in_guest = 0): a
// host signal here is only recorded, and interrupts burrow_safe_syscall6 as anywhere else.
.Lfast_host_call:
    mov burrow_fast_host_call@GOTPCREL(%rip), %r11
    mov 8(%r11), %rdi               // the Linux convention: nr in rax, a..f in rdi rsi rdx r10 r8 r9
    mov 16(%r11), %rsi
    mov 24(%r11), %rdx
    mov 32(%r11), %r10
    mov 40(%r11), %r8
    mov 48(%r11), %r9
    mov (%r11), %rax
    cmpq $0, BURROW_HOST_CALL_INTERRUPTIBLE(%r11)
    je 1f
// A call that can block: burrow_safe_syscall6's window, made here rather than called (its `ret`
// would be one more mispredicted return). A signal of the interrupt mask that is pending, or that
// lands in [burrow_fast_syscall_start, burrow_fast_syscall_end) (the `syscall` instruction
// included), makes it -EINTR without entering the kernel: the trap handler moves rip to
// burrow_fast_syscall_interrupted, as it does for burrow_safe_syscall6.
    .globl burrow_fast_syscall_start
    .hidden burrow_fast_syscall_start
burrow_fast_syscall_start:
    mov burrow_pending_signals(%rip), %r11
    and burrow_interrupt_mask(%rip), %r11
    jnz burrow_fast_syscall_interrupted
    syscall
    .globl burrow_fast_syscall_end
    .hidden burrow_fast_syscall_end
burrow_fast_syscall_end:
    jmp 2f
    .globl burrow_fast_syscall_interrupted
    .hidden burrow_fast_syscall_interrupted
burrow_fast_syscall_interrupted:
    mov $-4, %rax                   // -EINTR
    jmp 2f
1:  syscall                         // a call that never blocks: plain
2:  mov %rax, %rsi
    mov burrow_fast_context(%rip), %rdi
    call *burrow_fast_completer(%rip)
    jmp .Lfast_decided
    .size burrow_fast_thunk, . - burrow_fast_thunk

    .bss
    .p2align 3
    .globl burrow_fast_dispatcher
    .hidden burrow_fast_dispatcher
burrow_fast_dispatcher:
    .quad 0
    .globl burrow_fast_context
    .hidden burrow_fast_context
burrow_fast_context:
    .quad 0
    .globl burrow_fast_completer
    .hidden burrow_fast_completer
burrow_fast_completer:
    .quad 0
    .p2align 3
burrow_fast_scratch:
    .quad 0
burrow_fast_return_rsp:
    .quad 0

    .section .note.GNU-stack,"",@progbits
