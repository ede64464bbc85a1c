// The fast path's half in assembly (docs/architecture.md, "The fast path"): one entry per system
// call number, and the thunk they share. A patched ToyOS stub is `call [slot]` (FF 14 25 disp32)
// followed by the stub's own `ret`; slot N of the table below 2 GiB (fastpath.c) holds the address
// of entry N, which puts N in eax (as the stub's `mov eax, N` did) and jumps to the thunk.
//
// The thunk turns the call into the same exit a trapped `int 0x81` makes, without a signal: it saves
// the guest's registers and flags into the vCPU, allows host system calls again (the Syscall User
// Dispatch selector) and switches to the VMM stack. There it first offers the call to the fast
// lane (lane.c), which prepares the host call of a host-call template in C, or declines. Burrow
// registers a direct dispatcher (burrow_fastpath_set_dispatcher: the personality's fast entry),
// which the thunk calls next: it answers 1 (the guest goes on: the thunk returns to it, below,
// without iretq), 0 (the run loop takes over, BURROW_EXIT_FAST_DONE) or BURROW_FAST_HOST_CALL
// (the deferred host call: the thunk makes the handler's last host system call itself and calls
// the completer, which answers 1 or 0; or, for a quiet call with a value, sets the result
// itself). Without a dispatcher
// (burrow-runtime-check's plain mode), and after a changed FS base, the thunk leaves through
// burrow_guest_exit with BURROW_EXIT_FAST_SYSCALL, exactly where the trap handler's sigreturn
// lands, and the run loop does the same work and re-enters with iretq. A restart after a signal
// handler rewinds rip by 7, onto the patched `call`: the call is made again, as on the trap path.
// Nothing but the result registers changes: every general register, rsp, rflags (AC, DF, TF, ID
// included) and the FS/GS bases come back as they were.
//
// Signals: while an entry and the thunk run the vCPU says in_guest = 1. The trap handler knows
// the ranges [burrow_fast_entries, burrow_fast_entries_end) and [burrow_fast_thunk,
// burrow_fast_thunk_end) ("inside Burrow's trampoline"): an asynchronous signal there is only
// recorded as pending (the run loop sees it right after the call), nothing is rewritten, and the
// thunk continues; the guest's own single-step trap (TF) there is absorbed, so that the patched
// call is one step for the guest, as `int 0x81` is on the trap path. The thunk never writes guest
// memory; it reads its own return address, which the `call` has just written, and the direct
// return (below) reads the stub's `ret` and the return address above it, as that `ret` would.
#include "vcpu_asm.h"
#include <asm/errno.h>   // EINTR
#define FAST_SLOTS 256
#define PATCHED_CALL_LENGTH 7
// RFLAGS bits: TF 0x100, DF 0x400, NT 0x4000, AC 0x40000, ID 0x200000.
#define FLAGS_FOR_HOST 0x44500      // the guest's flags Burrow's code must not run with
#define FLAGS_FOR_POPF 0x244500     // and those only popfq brings back (ID too)
#define QUICK_MADE 1                // burrow_quick_state: the quick lane made the call
#define QUICK_DECLINED 2            // ... the lane declined it

// The host call in burrow_fast_host_call (r11 = its address) into registers, as HOST_CALL takes it.
.macro HOST_CALL_LOAD
    mov 8(%r11), %rdi
    mov 16(%r11), %rsi
    mov 24(%r11), %rdx
    mov 32(%r11), %r10
    mov 40(%r11), %r8
    mov 48(%r11), %r9
    mov (%r11), %rax
    mov BURROW_HOST_CALL_INTERRUPTIBLE(%r11), %rcx
.endm

// A host call (the Linux convention: nr in rax, a..f in rdi rsi rdx r10 r8 r9; rcx nonzero when
// it can block), made by the thunk and by the quick lane, each with its own window. A call that
// can block gets burrow_safe_syscall6's window, made here rather than called (its `ret` would be
// one more mispredicted return): a signal of the interrupt mask that is pending, or that lands in
// [NAME_syscall_start, NAME_syscall_end) (the `syscall` instruction included), makes it -EINTR
// without entering the kernel: the trap handler moves rip to NAME_syscall_interrupted, as it does
// for burrow_safe_syscall6. A call that never blocks is plain. The result is in rax at the
// macro's end (local label 2).
.macro HOST_CALL name
    test %rcx, %rcx
    je 1f
    .globl \name\()_syscall_start
    .hidden \name\()_syscall_start
\name\()_syscall_start:
    mov burrow_pending_signals(%rip), %r11
    and burrow_interrupt_mask(%rip), %r11
    jnz \name\()_syscall_interrupted
    syscall
    .globl \name\()_syscall_end
    .hidden \name\()_syscall_end
\name\()_syscall_end:
    jmp 2f
    .globl \name\()_syscall_interrupted
    .hidden \name\()_syscall_interrupted
\name\()_syscall_interrupted:
    mov $-EINTR, %rax
    jmp 2f
1:  syscall
2:
.endm

// The quick lane's own decision (burrow_quick_decide in burrow_fastpath.h) for the rows it knows:
// read and write (BURROW_LANE_SHAPE_RW_REGS: lane.c's lane_fd_buffer_count with the registers
// and widths the shape fixes, trusting only the hint's region, as lane_check's hint_only) and
// calls without arguments (BURROW_LANE_SHAPE_NONE: getpid, getppid). r8 = the row, r9 = the lane
// state (burrow_lane_state); the guest's fd in edi, buffer in rsi, count in rdx. Made: rax = the
// host call's number, rdi = the host descriptor, rsi = the host address, rdx = the count (capped;
// all three 0 for a call without arguments), rcx = interruptible; the other host arguments are
// left as they are (no such call takes more than three). Declined (any other shape too): to
// \decline, with rax, rcx, rdx, rsi and rdi changed. The checks are lane.c's, in the cheapest
// order (the lane only declines: which error comes first is Swift's business).
.macro QUICK_DECIDE decline, warm=1
    .if \warm
    cmpl $0, burrow_guard_warm_done(%rip)   // the guard's hand-over is Swift's (burrow_guard_handover_ready)
    jne \decline
    .endif
    movzbl BURROW_LANE_ROW_SHAPE(%r8), %eax
    cmp $BURROW_LANE_SHAPE_RW_REGS, %eax
    je 3f
    cmp $BURROW_LANE_SHAPE_NONE, %eax
    jne \decline
    xor %edi, %edi                          // (as lane.c: arguments past the template's read as 0)
    xor %esi, %esi
    xor %edx, %edx
    jmp 4f
3:  movslq %edi, %rdi                       // the descriptor: the low 32 bits, signed
    mov BURROW_LANE_NFDS(%r9), %eax
    cmp %rax, %rdi
    jae \decline                            // (a negative one is huge unsigned)
    mov BURROW_LANE_FDS(%r9), %rax
    movslq (%rax,%rdi,4), %rdi
    test %edi, %edi
    js \decline                             // not open
    test %rdx, %rdx
    js \decline                             // 2^63 or more: EINVAL
    mov BURROW_LANE_MAX_TRANSFER(%r9), %rax
    cmp %rax, %rdx
    cmova %rax, %rdx                        // capped
    test %rdx, %rdx
    jz 1f                                   // an empty buffer: no check
    lea -1(%rsi,%rdx), %rax                 // its last byte
    cmp %rsi, %rax
    jb \decline                             // past 2^64
    cmp BURROW_LANE_LIMIT(%r9), %rax
    jae \decline
    mov BURROW_LANE_HINT(%r9), %rcx
    cmp BURROW_LANE_NREGIONS(%r9), %rcx
    jae \decline
    imul $BURROW_LANE_REGION_SIZE, %rcx, %rcx
    add BURROW_LANE_REGIONS(%r9), %rcx      // the hint's region
    cmp (%rcx), %rsi
    jb \decline                             // starts before it
    cmp 8(%rcx), %rax
    jae \decline                            // ends after it
    movzbl BURROW_LANE_ROW_ARG1_OP(%r8), %eax
    sub $3, %eax                            // BUFFER_IN: readable (1); BUFFER_OUT: writable (2)
    test %rax, 16(%rcx)
    jz \decline
1:  add BURROW_LANE_HOST_BASE(%r9), %rsi
4:  movslq (%r8), %rax                      // host_nr
    movzbl BURROW_LANE_ROW_INTERRUPTIBLE(%r8), %ecx
.endm

// The guest's caller-saved registers into the vCPU (r11 = the vCPU, the guest's r11 in
// burrow_fast_scratch): what C code would clobber. The thunk saves the callee-saved ones after
// (.Lheavy_callee); the quick lane keeps them live. Leaves rax = the guest's r11.
.macro SAVE_CALLER_SAVED
    mov %rax, V_RAX(%r11)
    mov %rcx, V_RCX(%r11)
    mov %rdx, V_RDX(%r11)
    mov %rsi, V_RSI(%r11)
    mov %rdi, V_RDI(%r11)
    mov %r8, V_R8(%r11)
    mov %r9, V_R9(%r11)
    mov %r10, V_R10(%r11)
    mov burrow_fast_scratch(%rip), %rax
    mov %rax, V_R11(%r11)
.endm

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
    .globl burrow_fast_flags_saved
    .hidden burrow_fast_flags_saved
burrow_fast_flags_saved:            // (burrow-runtime-check's quick windows clear its tracer's TF here)
    // Of the guest's flags only AC (alignment checks), DF (string direction), TF (single-step)
    // and NT (iretq's #GP) would change what Burrow's code does; the arithmetic flags and ID do
    // not. The popfq that clears them costs ~10 ns here (docs/performance.md section 5), so it
    // runs only when one of them is set: a compiled guest has none at its calls.
    testl $FLAGS_FOR_HOST, V_RFLAGS(%r11)
    jz burrow_quick_lane            // the quick lane first (below): it comes back to .Lheavy
    pushq $0x202                    // clean flags for Burrow: no AC, DF, TF or NT
    popfq
.Lheavy:                            // r11 = the vCPU, rsp = the VMM stack, the guest's r11 in scratch
    SAVE_CALLER_SAVED
.Lheavy_callee:                     // (the quick lane's calls: the others are saved already)
    mov %rbx, V_RBX(%r11)
    mov %rbp, V_RBP(%r11)
    mov %r12, V_R12(%r11)
    mov %r13, V_R13(%r11)
    mov %r14, V_R14(%r11)
    mov %r15, V_R15(%r11)
    stmxcsr V_GUEST_MXCSR(%r11)
    fnstcw V_GUEST_FCW(%r11)
    // rip = the patched stub (the return address minus the call's 7 bytes); rsp = as it was
    // before the call, as the trap path sees it.
    mov V_RSP(%r11), %rax
    .globl burrow_fast_read_return
    .hidden burrow_fast_read_return
burrow_fast_read_return:            // the thunk's one access to guest memory (the trap handler knows it)
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
    // A call the quick lane has made already (burrow_quick_made, below) or declined
    // (.Lquick_declined): r15 says which (QUICK_MADE, QUICK_DECLINED), and burrow_quick_state is
    // cleared before any way out. (Leaving through the run loop here, a changed FS base, drops a
    // made call's result: that guest is stopped for the change.)
    movzbl burrow_quick_state(%rip), %r15d
    movb $0, burrow_quick_state(%rip)
    // A changed FS base, or no direct dispatcher (burrow-runtime-check's plain mode): leave
    // through the run loop, as a trapped call does.
    cmpl $EXIT_FAST_SYSCALL, V_EXIT_REASON(%rdi)
    jne burrow_guest_exit
    cmpq $0, burrow_fast_dispatcher(%rip)
    je burrow_guest_exit
    mov %rdi, %rbx                  // callee-saved: the guest's are in the vCPU
    mov V_RIP(%rdi), %r12
    add $PATCHED_CALL_LENGTH, %r12  // the stub's own `ret`: where a plain call resumes
    mov V_RSP(%rdi), %r13           // the guest's rsp there
    // Every call, whatever path it takes, leaves the x87 stack empty and MMX off (docs/abi.md
    // §3.4; the trap path's fninit does the same): emms, before any C code. Instead of
    // burrow_guest_exit's fninit (~50 ns here, docs/performance.md section 5). A pending unmasked
    // x87 exception, which a conforming guest never leaves, makes emms raise #MF: the trap handler
    // then clears it in the signal frame (what fnclex does) and emms runs again. That costs a
    // signal in the rare case instead of an fnstsw test (~3 ns) on every call.
    .globl burrow_fast_emms
    .hidden burrow_fast_emms
burrow_fast_emms:
    emms
    // The fast lane first (lane.c): a call it can prepare needs no Swift code at all; it starts
    // the call (rip) and leaves it in burrow_fast_host_call, quiet. It runs with the guest's
    // MXCSR and x87 control word still loaded: the lane is integer C code (no x87 instruction,
    // no SSE arithmetic; SSE moves do not read MXCSR), and the kernel does not care either. So a
    // lane call whose value the thunk sets itself switches no control words at all, in or out
    // (r14 = 1 says so); only a declined call, or a lane call whose error goes to the completer,
    // switches to the host's (.Lhost_words).
    mov $1, %r14d
    cmp $QUICK_MADE, %r15d
    je .Lquick_finish
    cmp $QUICK_DECLINED, %r15d      // the lane has said no to this call already
    je .Lfast_dispatch
    call burrow_fast_lane_try
    test %eax, %eax
    jnz .Lfast_host_call
    // The direct dispatch: the host's control words (.Lhost_words), then the one dispatcher,
    // called on the VMM stack (rsp = host_rsp, 16-byte aligned), which runs the call and
    // everything the run loop does after it (host signals, the guest's pending signals) and says
    // whether the guest may simply go on.
.Lfast_dispatch:
    call .Lhost_words
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
// sigreturn, a saved FPU image) also goes the long way. A guest's TF comes back with popfq: its
// trap after the next instruction lands in this range, and the handler sends it the long way too
// (iretq then traps after the guest's first instruction). The only other synchronous faults the
// handler accepts here are those of its two reads of guest memory (the call took the page away):
// they go the long way too, and the guest meets the fault itself; any other is Burrow's bug (an
// internal error). Nothing here writes guest memory: the red zone is intact.
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
    cmpl $0, V_FPU_VALID(%rbx)
    jne .Lfast_leave_in
    // Where the guest goes on: at the stub's `ret` (r12), or rather where that `ret` leads. Every
    // return whose call was made before a host system call mispredicts here (~8 ns each,
    // docs/performance.md section 5), this thunk's `ret` into the stub and the stub's own `ret`
    // among them, so neither is executed: when the byte at r12 is still a `ret` (C3: always, for
    // a stub the fast path patched), the thunk does what it would, taking the stub's caller from
    // the top of the guest's stack and leaving rsp 8 above; otherwise (a guest that calls a slot
    // itself) it goes on at r12 with rsp as it was. An indirect `jmp` is predicted where a `ret`
    // is not. Both reads can fault only when the call took the page away (the handler then sends
    // the guest the long way, and its own `ret` or fetch meets the fault).
    mov %r12, %rax
    mov %r13, %rcx
    .globl burrow_fast_read_stub
    .hidden burrow_fast_read_stub
burrow_fast_read_stub:
    cmpb $0xC3, (%r12)
    jne 1f
    .globl burrow_fast_read_caller
    .hidden burrow_fast_read_caller
burrow_fast_read_caller:
    mov (%r13), %rax
    lea 8(%r13), %rcx
1:  mov %rax, burrow_fast_target(%rip)
    mov %rcx, burrow_fast_target_rsp(%rip)
    // The guest's control words: still loaded after a quiet lane call (r14 = 1); loaded after a
    // switch (r14 = 0); after a call whose words were kept (r14 = 2, .Lhost_words) loaded only
    // when what is in the registers is not exactly the guest's: Burrow's code raised an exception
    // flag, or the dispatcher changed the guest's words (a bad one must meet ldmxcsr's #GP here,
    // as on the trap path). Reading MXCSR is cheap here: no ldmxcsr ran since the thunk's stmxcsr.
    cmp $1, %r14d
    je 1f
    test %r14d, %r14d
    jz 4f
    stmxcsr -8(%rsp)                // (below the VMM stack's top: nothing lives there now)
    mov -8(%rsp), %eax
    cmp V_GUEST_MXCSR(%rbx), %eax
    jne 4f
    fnstcw -8(%rsp)
    movzwl -8(%rsp), %eax
    cmpw V_GUEST_FCW(%rbx), %ax
    je 1f
4:  ldmxcsr V_GUEST_MXCSR(%rbx)
    fldcw V_GUEST_FCW(%rbx)
1:
    movb $1, burrow_sud_selector(%rip)   // guest `syscall`s trap again
    // The guest's flags. Burrow's code returned with AC, DF, TF, NT and ID clear; when the guest's
    // are clear too, only the arithmetic flags differ, and they come back without popfq (~10 ns):
    // OF through an add that overflows exactly when the guest's OF is set, then SF ZF AF PF CF
    // with sahf. Otherwise popfq (on the VMM stack), which also brings back AC, DF, TF, NT and ID.
    // No instruction after this point changes a flag.
    mov V_RFLAGS(%rbx), %rax
    test $FLAGS_FOR_POPF, %eax
    jnz 2f
    mov %eax, %ecx
    shr $4, %ecx                    // OF (bit 11) to bit 7
    and $0x80, %ecx
    add %cl, %cl                    // 0x80 + 0x80 overflows: OF = the guest's
    mov %al, %ah
    sahf                            // SF ZF AF PF CF = the guest's
    jmp 3f
2:  push %rax
    popfq
3:  mov V_RAX(%rbx), %rax
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
    mov burrow_fast_target_rsp(%rip), %rsp
    mov V_RBX(%rbx), %rbx           // (aligned, as the two below: AC cannot fault here)
    // A non-canonical target (a smashed stack) faults here, at the jmp, as the stub's `ret` would
    // at itself: the handler sends the guest the long way and its own `ret` meets the fault.
    .globl burrow_fast_jump
    .hidden burrow_fast_jump
burrow_fast_jump:
    jmp *burrow_fast_target(%rip)   // to the stub's caller (or the instruction after the call)
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

// The deferred host call (the lane prepared it, or the dispatcher answered BURROW_FAST_HOST_CALL):
// the handler's last step, one host system call, is made here, one call below the thunk instead
// of under the dispatcher's frames. On this machine every return whose call was made before a
// host system call mispredicts (~8 ns each, docs/performance.md section 5), so the fewer frames
// live across the `syscall`, the cheaper the call. The completer then finishes the call as the dispatcher would have (errors, the
// retry rule, the trace) and answers like the dispatcher. Burrow's own code (in_guest = 0): a
// host signal here is only recorded, and interrupts the call through HOST_CALL's window
// (burrow_fast_syscall_*) as it interrupts burrow_safe_syscall6.
.Lfast_host_call:
    mov burrow_fast_host_call@GOTPCREL(%rip), %r11
    HOST_CALL_LOAD
    HOST_CALL burrow_fast
// The quiet end: the dispatcher (or the lane, whose calls are all quiet) said that finishing this
// call is only setting its result (no trace, no checks, nothing pending for the guest), so a value
// (not -errno) is set here, as the completer's VCPU.setResult would (rax = value, rdx = 0, CF
// clear), and the guest goes on:
// one call and return fewer. Any other result goes to the completer (errors, the retry rule).
// A host signal that arrived meanwhile is seen by the return's test below, as after the completer.
.Lfast_host_result:                 // rax = the host call's result
    mov burrow_fast_host_call@GOTPCREL(%rip), %r11
    cmpq $0, BURROW_HOST_CALL_QUIET(%r11)
    je 4f
    test %rax, %rax
    js 4f
    mov %rax, V_RAX(%rbx)
    movq $0, V_RDX(%rbx)
    andq $-2, V_RFLAGS(%rbx)
    mov $1, %eax
    jmp .Lfast_decided
4:  mov %rax, %r15                 // (callee-saved, across .Lhost_words)
    cmp $1, %r14d
    jne 5f
    call .Lhost_words               // a lane call: Swift's completer runs with the host's words
5:  mov %r15, %rsi
    mov burrow_fast_context(%rip), %rdi
    call *burrow_fast_completer(%rip)
    jmp .Lfast_decided

// The rest of what burrow_guest_exit does for host code (emms came first, above), before any
// Swift or C code that may compute in floating point: the host's control words. rbx = the vCPU.
// Only where the guest's control bits differ from the host's (r14 = 0 then: the return loads the
// guest's again). A guest that never touched them (every compiled program) keeps its own words
// loaded through Burrow's code (r14 = 2): the same rounding, masks, FZ, DAZ and precision as the
// host's, so Burrow computes exactly as with its own; exception flags that Burrow's code raises
// meanwhile (MXCSR bits 0-5) are taken away by the return, which then loads the guest's words.
// The point is to avoid the loads: on the Intel machine a stmxcsr or fnstcw waits for a recent
// ldmxcsr or fldcw (~30 ns a call, docs/performance.md section 5), and with no load anywhere
// neither the return's check nor the thunk's stmxcsr at the next call has anything to wait for.
// The comparison: the x87 control word as a whole, MXCSR but for its exception flags (bits 0-5;
// reserved bits count as differing, so that a bad word still meets ldmxcsr). Clobbers eax.
.Lhost_words:
    movzwl V_GUEST_FCW(%rbx), %eax
    cmpw V_HOST_FCW(%rbx), %ax
    jne 1f
    mov V_GUEST_MXCSR(%rbx), %eax
    xor V_HOST_MXCSR(%rbx), %eax
    test $~0x3F, %eax
    jnz 1f
    mov $2, %r14d
    ret
1:  fldcw V_HOST_FCW(%rbx)
    ldmxcsr V_HOST_MXCSR(%rbx)
    xor %r14d, %r14d
    ret
// A call the quick lane made, and whose end is more than its value (an error, a host signal
// meanwhile): started now as the lane starts one (rip past the patched call), its result the
// quick lane's, and finished as any deferred host call is (r14 = 1: the guest's control words
// are still loaded). What follows reads the call from burrow_fast_host_call (its `quiet`, and
// the completer's retry of an EINTR no signal of the interrupt mask caused), but only lane.c
// writes it there: a call the quick lane's assembly decided is written now, decided again from
// the guest's registers and the same lane state (nothing has changed either since; the guard's
// hand-over, which another thread may have made meanwhile, is not asked again). A call lane.c
// decided is decided the same way (FastLaneTests hold the two to one decision), or declined
// and left as lane.c wrote it. Here rather than on every quick call: only this rare end reads it.
.Lquick_finish:
    addq $PATCHED_CALL_LENGTH, V_RIP(%rbx)
    movb $PATCHED_CALL_LENGTH, V_SYSCALL_LENGTH(%rbx)
    movb $1, V_SYSCALL_FAST(%rbx)
    lea burrow_fast_lane(%rip), %rdi
    mov V_RAX(%rbx), %esi                   // the number (the entry's eax)
    mov %rbx, %rdx                          // the guest's registers (the V_* offsets)
    mov burrow_fast_host_call@GOTPCREL(%rip), %rcx
    call .Lquick_decide_any
    mov burrow_quick_result(%rip), %rax
    jmp .Lfast_host_result
    .size burrow_fast_thunk, . - burrow_fast_thunk

// The quick lane (docs/architecture.md, "The quick lane"): a fast-lane call made without the
// thunk's state switch. Reached from the thunk's first lines with r11 = the vCPU, rsp = the VMM
// stack, the guest's flags in the vCPU (none of AC, DF, TF, NT set) and its r11 in scratch; every
// other register is still the guest's. It saves only what the lane's C code and the host call
// clobber (rax, rcx, rdx, rsi, rdi, r8-r11, into the vCPU), decides the call (read, write,
// getpid and getppid itself, QUICK_DECIDE; any other row, or a buffer outside the hint's region,
// through lane.c), makes it and jumps where the stub's `ret` would go: rbx, rbp and r12-r15 are
// never touched (C preserves them), the control words are never switched (the lane is integer
// code), and emms keeps the x87 promise of docs/abi.md section 3.4. With the lane open for an
// observer (a trace) the same, plus the counter read before the call and, for a value, Swift's
// observer told after it (burrow_fast_observer), where Swift's code can run as in the thunk.
//
// Anything else goes back to the thunk with the guest's state exactly as it entered: a closed
// lane to .Lheavy (the thunk proper, which asks the lane and then the dispatcher); a number
// without a template and a declined call to .Lheavy_callee (the dispatcher at once); a made
// call whose end is more than its value (an error, a host signal pending) to burrow_quick_made,
// which re-enters the thunk from its first line with burrow_quick_state set, so that the thunk
// starts the call and hands the quick lane's result to the usual end (.Lquick_finish).
//
// Signals. The trap handler counts [burrow_quick_lane, burrow_quick_lane_end) as the thunk's
// (fastpath.c): a signal is recorded and the code goes on. While the lane's C code and the host
// call run, in_guest = 0 (Burrow's own code): a signal of the interrupt mask in
// [burrow_quick_syscall_start, burrow_quick_syscall_end) makes the call -EINTR without entering
// the kernel, as in the thunk's window. In the return, [burrow_quick_return,
// burrow_quick_return_end), in_guest = 1 again and any signal sends the handler's sigreturn to
// burrow_quick_made (rsp = the VMM stack): everything the made path restores the return only
// loads (it writes nothing but the jump's target and rsp, which the thunk writes again before it
// uses them), so the made path finds the guest's state whole from any instruction in it, the
// final `jmp` included.
    .globl burrow_quick_lane
    .hidden burrow_quick_lane
    .type burrow_quick_lane, @function
burrow_quick_lane:
    cmpl $BURROW_LANE_OPEN_QUIET, burrow_fast_lane(%rip)   // open, and quiet (burrow_lane_state.open,
    je 1f                                   // its first field)?
    // Open for an observer (a tracer that takes lane calls): the quick lane's too when Burrow
    // has said where to tell it of a value (burrow_fast_observer); otherwise lane.c's.
    cmpl $BURROW_LANE_OPEN_OBSERVED, burrow_fast_lane(%rip)
    jne .Lheavy
    cmpq $0, burrow_fast_observer(%rip)
    je .Lheavy
1:  cmpb $0, burrow_quick_state(%rip)       // a made call on its way to the thunk: not again
    jne .Lheavy
    cmpq $0, burrow_fast_dispatcher(%rip)   // (the thunk's end of a made call is the dispatcher's)
    je .Lheavy
    SAVE_CALLER_SAVED
    // A number without a template (open, close, ...: every call the lane never takes) goes to
    // the thunk at once. (The entry set eax, the number, upper half clear: V_RAX has it.) The
    // guest's rdi, rsi and rdx stay live for QUICK_DECIDE.
    mov V_RAX(%r11), %rax
    cmp $FAST_SLOTS, %eax
    jae .Lquick_declined_early
    imul $BURROW_LANE_ROW_SIZE, %eax, %ecx
    lea burrow_fast_lane(%rip), %r9
    lea BURROW_LANE_ROWS(%r9,%rcx), %r8     // the number's row
    cmpb $0, BURROW_LANE_ROW_PRESENT(%r8)
    je .Lquick_declined_early
    // Observed: Burrow's Swift code runs after the call (the observer), before the guest's state
    // is whole again, so only where it can run as it does in the thunk: the host's FS base (its
    // thread-local storage; a guest that changed it gets the thunk's report) and the guest's
    // control words the host's but for MXCSR's exception flags (every compiled guest's: Burrow's
    // code then computes exactly as with its own, and the return takes away the flags it raised,
    // as the thunk's does). Any other call goes to the thunk whole, which asks lane.c.
    cmpl $BURROW_LANE_OPEN_OBSERVED, burrow_fast_lane(%rip)
    jne 2f
    cmpl $0, burrow_fast_fsgsbase(%rip)
    je 1f
    rdfsbase %rcx
    cmp burrow_host_fsbase(%rip), %rcx
    jne .Lheavy_callee
1:  stmxcsr V_GUEST_MXCSR(%r11)
    fnstcw V_GUEST_FCW(%r11)
    movzwl V_GUEST_FCW(%r11), %ecx
    cmpw V_HOST_FCW(%r11), %cx
    jne .Lheavy_callee
    mov V_GUEST_MXCSR(%r11), %ecx
    xor V_HOST_MXCSR(%r11), %ecx
    test $~0x3F, %ecx
    jnz .Lheavy_callee
2:
    movl $0, V_IN_GUEST(%r11)
    .globl burrow_quick_emms
    .hidden burrow_quick_emms
burrow_quick_emms:
    emms
    // read, write, getpid and getppid are decided here, in a few instructions; every other
    // row, and any buffer outside the hint's region, by lane.c (.Lquick_c).
    QUICK_DECIDE .Lquick_c
    jmp .Lquick_call
.Lquick_c:
    mov %r11, %rdi
    call burrow_quick_lane_try
    mov burrow_current_vcpu@GOTPCREL(%rip), %r11
    mov (%r11), %r11
    test %eax, %eax
    jz .Lquick_declined
    mov burrow_fast_host_call@GOTPCREL(%rip), %r11
    HOST_CALL_LOAD
.Lquick_call:                               // the host call in registers (HOST_CALL)
    // Observed: the call's start, as lane.c reads it for the thunk's observed call (r11 is free
    // here: HOST_CALL takes it, and the vCPU is loaded again after).
    cmpl $BURROW_LANE_OPEN_OBSERVED, burrow_fast_lane(%rip)
    jne 1f
    push %rax
    mov %rdx, %r11
    rdtsc
    shl $32, %rdx
    or %rdx, %rax
    mov %rax, BURROW_LANE_STARTED+burrow_fast_lane(%rip)
    mov %r11, %rdx
    pop %rax
1:  movb $0, burrow_sud_selector(%rip)      // host system calls allowed
    HOST_CALL burrow_quick
    mov %rax, burrow_quick_result(%rip)
    mov burrow_current_vcpu@GOTPCREL(%rip), %r11
    mov (%r11), %r11
    test %rax, %rax
    js burrow_quick_made                    // an error: the completer's (retry rule, EINTR), started
    cmpl $BURROW_LANE_OPEN_OBSERVED, burrow_fast_lane(%rip)
    jne burrow_quick_return
    // Observed, a value: the observer hears of the call now (Burrow's code, in_guest = 0: a host
    // signal meanwhile is recorded and sends the call to burrow_quick_made at the return's test,
    // where the thunk sets the value quietly: the observer has seen it), on the VMM stack (16-byte
    // aligned here). rbx, rbp and r12-r15 are still the guest's (the C convention keeps them).
    mov burrow_fast_context(%rip), %rdi
    mov %rax, %rsi
    call *burrow_fast_observer(%rip)
    mov burrow_current_vcpu@GOTPCREL(%rip), %r11
    mov (%r11), %r11
    // The guest's words again where Burrow's code changed them (exception flags it raised).
    stmxcsr -8(%rsp)                        // (below the VMM stack's top: nothing lives there now)
    mov -8(%rsp), %eax
    cmp V_GUEST_MXCSR(%r11), %eax
    je 1f
    ldmxcsr V_GUEST_MXCSR(%r11)
1:  fnstcw -8(%rsp)
    movzwl -8(%rsp), %eax
    cmpw V_GUEST_FCW(%r11), %ax
    je burrow_quick_return
    fldcw V_GUEST_FCW(%r11)
    .globl burrow_quick_return
    .hidden burrow_quick_return
burrow_quick_return:
    movl $1, V_IN_GUEST(%r11)
    cmpq $0, burrow_pending_signals(%rip)
    jne burrow_quick_made
    movb $1, burrow_sud_selector(%rip)      // guest `syscall`s trap again
    // Where the guest goes on, as the thunk's return decides it (burrow_fast_read_stub): not
    // through `ret`s, which mispredict after a host system call (docs/performance.md section 5),
    // but by an indirect `jmp` to the stub's caller when the byte at the return address is the
    // stub's `ret` (C3), rsp 16 above; otherwise (a guest that calls a slot itself) to the return
    // address, rsp 8 above. Each read can fault only when the call took the page away: the
    // handler then sends the call to burrow_quick_made, and the thunk or the guest meets it.
    mov V_RSP(%r11), %rcx
    .globl burrow_quick_read_return
    .hidden burrow_quick_read_return
burrow_quick_read_return:
    mov (%rcx), %rax
    lea 8(%rcx), %rdx
    .globl burrow_quick_read_stub
    .hidden burrow_quick_read_stub
burrow_quick_read_stub:
    cmpb $0xC3, (%rax)
    jne 1f
    .globl burrow_quick_read_caller
    .hidden burrow_quick_read_caller
burrow_quick_read_caller:
    mov 8(%rcx), %rax
    lea 16(%rcx), %rdx
1:  mov %rax, burrow_fast_target(%rip)
    mov %rdx, burrow_fast_target_rsp(%rip)
    // The guest's flags with CF clear (a value): AC, DF, TF and NT are clear (or the thunk had
    // taken the call), so only the arithmetic flags differ, restored as the thunk's return does:
    // OF through an add that overflows exactly when the guest's OF is set, the rest with sahf.
    mov V_RFLAGS(%r11), %eax
    and $-2, %eax
    mov %eax, %ecx
    shr $4, %ecx                            // OF (bit 11) to bit 7
    and $0x80, %ecx
    add %cl, %cl
    mov %al, %ah
    sahf
    // No instruction from here changes a flag.
    mov burrow_quick_result(%rip), %rax
    mov $0, %edx
    mov V_RCX(%r11), %rcx
    mov V_RSI(%r11), %rsi
    mov V_RDI(%r11), %rdi
    mov V_R8(%r11), %r8
    mov V_R9(%r11), %r9
    mov V_R10(%r11), %r10
    mov burrow_fast_target_rsp(%rip), %rsp  // the guest's, past the return address(es)
    mov V_R11(%r11), %r11
    // A non-canonical target (a smashed stack) faults here, as the `ret` would at itself.
    .globl burrow_quick_jump
    .hidden burrow_quick_jump
burrow_quick_jump:
    jmp *burrow_fast_target(%rip)
    .globl burrow_quick_return_end
    .hidden burrow_quick_return_end
burrow_quick_return_end:

// The lane declined (in_guest = 0 since the C call): the guest's caller-saved registers are in the
// vCPU already and its callee-saved ones still live (the C code kept them), so the thunk goes on
// from where it saves those, and skips the lane's decision (QUICK_DECLINED).
.Lquick_declined:
    movl $1, V_IN_GUEST(%r11)
.Lquick_declined_early:             // (a number without a template: declined before any C code)
    movb $QUICK_DECLINED, burrow_quick_state(%rip)
    jmp .Lheavy_callee

// A made call whose end is more than its value, from the quick lane or from the trap handler
// (a signal in its return): the guest's state as the patched call left it (every register, the
// flags, rsp at the return address), burrow_quick_state set, and the thunk from its first
// line. rsp = the VMM stack here (the handler sets it too).
    .globl burrow_quick_made
    .hidden burrow_quick_made
burrow_quick_made:
    mov burrow_current_vcpu@GOTPCREL(%rip), %r11
    mov (%r11), %r11
    movl $1, V_IN_GUEST(%r11)
    movb $QUICK_MADE, burrow_quick_state(%rip)
    mov V_RAX(%r11), %rax
    mov V_RCX(%r11), %rcx
    mov V_RDX(%r11), %rdx
    mov V_RSI(%r11), %rsi
    mov V_RDI(%r11), %rdi
    mov V_R8(%r11), %r8
    mov V_R9(%r11), %r9
    mov V_R10(%r11), %r10
    push V_RFLAGS(%r11)
    popfq
    mov V_RSP(%r11), %rsp
    mov V_R11(%r11), %r11
    jmp burrow_fast_thunk
    .globl burrow_quick_lane_end
    .hidden burrow_quick_lane_end
burrow_quick_lane_end:
    .size burrow_quick_lane, . - burrow_quick_lane

// int burrow_quick_decide(const burrow_lane_state *s, uint64_t number, const uint64_t *regs,
//                         burrow_host_call *out): QUICK_DECIDE callable from C (the tests hold it
// to lane.c's decision, FastLaneTests). Only caller-saved registers are used. From
// .Lquick_decide_any without asking the guard's hand-over (.Lquick_finish).
    .globl burrow_quick_decide
    .type burrow_quick_decide, @function
burrow_quick_decide:
    cmpl $0, burrow_guard_warm_done(%rip)
    jne 9f
.Lquick_decide_any:
    mov %rcx, %r11                          // out
    cmp $FAST_SLOTS, %rsi
    jae 9f
    imul $BURROW_LANE_ROW_SIZE, %esi, %eax
    mov %rdi, %r9
    lea BURROW_LANE_ROWS(%r9,%rax), %r8
    cmpb $0, BURROW_LANE_ROW_PRESENT(%r8)
    je 9f
    mov %rdx, %r10                          // regs (burrow_vcpu.regs: the V_* offsets)
    mov V_RDI(%r10), %rdi
    mov V_RSI(%r10), %rsi
    mov V_RDX(%r10), %rdx
    QUICK_DECIDE 9f, warm=0
    mov %rax, (%r11)
    mov %rdi, 8(%r11)
    mov %rsi, 16(%r11)
    mov %rdx, 24(%r11)
    movq $0, 32(%r11)                       // (as lane.c: arguments past the template's read as 0)
    movq $0, 40(%r11)
    movq $0, 48(%r11)
    mov %rcx, BURROW_HOST_CALL_INTERRUPTIBLE(%r11)
    movq $1, BURROW_HOST_CALL_QUIET(%r11)
    mov $1, %eax
    ret
9:  xor %eax, %eax
    ret
    .size burrow_quick_decide, . - burrow_quick_decide

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
burrow_fast_target:                 // where the return goes on, and rsp there
    .quad 0
burrow_fast_target_rsp:
    .quad 0
burrow_quick_result:                // the quick lane's host call result
    .quad 0
    .globl burrow_fast_observer
    .hidden burrow_fast_observer
burrow_fast_observer:               // burrow_fastpath_set_observer
    .quad 0
    .globl burrow_quick_state
    .hidden burrow_quick_state
burrow_quick_state:                 // QUICK_MADE or QUICK_DECLINED: what the thunk takes over
    .byte 0

    .section .note.GNU-stack,"",@progbits
