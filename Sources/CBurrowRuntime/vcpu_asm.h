// What the assembly files (trampoline.S, trampoline32.S, fastpath.S) share: the offsets into
// struct burrow_vcpu (include/burrow_runtime.h; checked by static asserts in runtime.c), the exit
// reasons they write, and the start of a guest entry. Assembly only (included by the C
// preprocessor from .S files); kept out of include/ so that Swift never sees it.
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
#define V_GUEST_FSBASE 216
#define V_TRAP_CS 224
#define V_ENTRY_FAILED 228
#define V_GUEST_CS 236
#define V_GUEST_SS 238
#define V_GUEST_DS 240
#define V_SYSCALL_LENGTH 242
#define V_SYSCALL_FAST 243
#define V_XSAVE 256

// enum burrow_exit_reason
#define EXIT_HOST_SIGNAL 4
#define EXIT_FS_CHANGED 6
#define EXIT_FAST_SYSCALL 8
#define EXIT_FAST_DONE 9
// The deferred host call (fastpath.S, burrow_runtime.h): the dispatcher's answer, and where the
// flag sits in burrow_host_call (checked in fastpath.c).
#define BURROW_FAST_HOST_CALL 2
#define BURROW_HOST_CALL_INTERRUPTIBLE 56
#define BURROW_HOST_CALL_QUIET 64
// burrow_lane_state (burrow_fastpath.h), for the quick lane's own decision (QUICK_DECIDE in
// fastpath.S); checked by static asserts in lane.c.
#define BURROW_LANE_OPEN_QUIET 1   // burrow_lane_state.open: BURROW_LANE_OPEN
#define BURROW_LANE_OPEN_OBSERVED 2
#define BURROW_LANE_NFDS 4
#define BURROW_LANE_FDS 8
#define BURROW_LANE_REGIONS 16
#define BURROW_LANE_NREGIONS 24
#define BURROW_LANE_HOST_BASE 32
#define BURROW_LANE_LIMIT 40
#define BURROW_LANE_MAX_TRANSFER 48
#define BURROW_LANE_HINT 56
#define BURROW_LANE_ROWS 64
#define BURROW_LANE_ROW_SIZE 152
#define BURROW_LANE_ROW_PRESENT 4
#define BURROW_LANE_ROW_INTERRUPTIBLE 5
#define BURROW_LANE_ROW_SHAPE 6
#define BURROW_LANE_ROW_ARG1_OP 48      // args[1].op: BUFFER_IN (4) or BUFFER_OUT (5)
#define BURROW_LANE_REGION_SIZE 24      // start, end, protection
#define BURROW_LANE_SHAPE_NONE 1
#define BURROW_LANE_SHAPE_RW_REGS 3
#define BURROW_LANE_STARTED 38976    // burrow_lane_state.started (after the 256 rows)

// The start of both guest entries, burrow_enter_guest (64-bit) and burrow_enter_guest32, the same
// instructions in each (each entry keeps its own address range for the trap handler): from the
// callee-saved registers to the guest's FPU state, ending where the entry builds its iretq frame.
// rdi = the vcpu. A pending host signal jumps to `aborted` instead (see burrow_enter_guest).
.macro GUEST_ENTRY_START aborted
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
    movl $1, V_IN_GUEST(%rdi)
    cmpq $0, burrow_pending_signals(%rip)
    jne \aborted
    // fpu_valid stays set until the guest has really run and trapped again (the handler decides
    // it then): a signal inside the entry's range re-enters with the same saved image.
    cmpl $0, V_FPU_VALID(%rdi)
    je 1f
    // Resuming after an asynchronous exit: the whole FPU/vector state, as the signal frame held it.
    cmpl $2, V_FPU_VALID(%rdi)
    jne 3f
    mov $-1, %eax                   // every component the image's header says is present
    mov $-1, %edx
    xrstor64 V_XSAVE(%rdi)
    jmp 2f
3:  fxrstor64 V_XSAVE(%rdi)
    jmp 2f
1:  ldmxcsr V_GUEST_MXCSR(%rdi)     // after a system call only MXCSR and the x87 control word matter
    fldcw V_GUEST_FCW(%rdi)
2:
.endm
