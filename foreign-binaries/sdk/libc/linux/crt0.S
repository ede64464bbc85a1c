/* crt0 for the native Linux twin (static, no glibc).
 *
 * Linux starts a static executable with rsp pointing at argc, then argv..., 0, envp..., 0, auxv pairs
 * (AT_NULL-terminated); rsp is 16-byte aligned and rdx holds a function to register with atexit
 * (always 0 for a static executable, so it is ignored). The same shape as ToyOS's start block, so
 * the C side (__libc_start) only differs in what it does with the auxiliary vector.
 */
    .text
    .globl _start
    .type _start, @function
_start:
    xorl %ebp, %ebp
    movq %rsp, %rdi
    andq $-16, %rsp
    call __libc_start        /* noreturn: ends with exit_group */
    ud2
    .size _start, . - _start

    .section .note.GNU-stack, "", @progbits
