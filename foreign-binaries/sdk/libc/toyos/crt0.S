/* crt0 for ToyOS: the process entry point and the ABI note.
 *
 * At entry (ToyOS ABI v1, "process start"): rsp is 16-byte aligned and points at the start block
 * (argc, argv..., 0, envp..., 0, auxv pairs..., (0, 0)); rdi == rsp; GS base is 0, so nothing may
 * touch TLS (errno) before __libc_start has called set_tls. Returning from _start is a crash, so
 * __libc_start never returns: it ends with the exit system call.
 */
    .text
    .globl _start
    .type _start, @function
_start:
    xorl %ebp, %ebp          /* outermost frame: debuggers and backtraces stop here */
    movq %rsp, %rdi          /* the start block (the ABI also puts it in rdi; do not depend on it twice) */
    andq $-16, %rsp          /* already aligned by the ABI; keep the call below correct regardless */
    call __libc_start        /* noreturn */
    ud2
    .size _start, . - _start

/* The second brand: an allocated SHT_NOTE section that the SDK linker script puts in a PT_NOTE.
 * Owner "ToyOS" (namesz 6 including the NUL, padded to 8), type TOY_NT_ABI_VERSION (1),
 * desc = { u32 major = TOY_ABI_MAJOR, u32 minor = TOY_ABI_MINOR }, from abi.h (its #defines are
 * usable from assembly); toyos-brand checks the note against abi.h on every link. */
#include <toyos/abi.h>
    .section .note.toyos, "a", @note
    .balign 4
    .long 6                  /* namesz */
    .long 8                  /* descsz */
    .long TOY_NT_ABI_VERSION /* type */
    .asciz "ToyOS"
    .balign 4
    .long TOY_ABI_MAJOR
    .long TOY_ABI_MINOR

    .section .note.GNU-stack, "", @progbits
