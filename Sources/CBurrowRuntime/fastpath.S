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
#define V_FPU_VALID 168
#define V_IN_GUEST 172
#define V_EXIT_REASON 176
#define V_GUEST_FSBASE 216
#define V_TRAP_CS 224
#define V_ENTRY_FAILED 228

#define EXIT_FS_CHANGED 6
#define EXIT_FAST_SYSCALL 8
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
    jmp burrow_guest_exit           // rsp = host_rsp, rdi = the vCPU: as after the trap's sigreturn
    .globl burrow_fast_thunk_end
    .hidden burrow_fast_thunk_end
burrow_fast_thunk_end:
    .size burrow_fast_thunk, . - burrow_fast_thunk

    .bss
    .p2align 3
burrow_fast_scratch:
    .quad 0

    .section .note.GNU-stack,"",@progbits
