/* setjmp/longjmp for x86-64 (System V): the callee-saved registers, the stack pointer the caller
 * will have after the return, and the return address. Layout of struct __jmp_buf_tag (setjmp.h):
 *   0 rbx, 8 rbp, 16 r12, 24 r13, 32 r14, 40 r15, 48 rsp, 56 rip, 64 mask_saved (int), 72 sigmask.
 * setjmp/_setjmp do not save the signal mask (as glibc's); sigsetjmp(env, 1) does, in C
 * (__sigsetjmp_save), reached by a tail call so the saved frame is the caller's.
 */
    .text
    .globl setjmp, _setjmp, sigsetjmp, __sigsetjmp
    .type setjmp, @function
    .type _setjmp, @function
    .type sigsetjmp, @function
    .type __sigsetjmp, @function
setjmp:
_setjmp:
    xorl %esi, %esi
sigsetjmp:
__sigsetjmp:
    movq %rbx, 0(%rdi)
    movq %rbp, 8(%rdi)
    movq %r12, 16(%rdi)
    movq %r13, 24(%rdi)
    movq %r14, 32(%rdi)
    movq %r15, 40(%rdi)
    leaq 8(%rsp), %rdx          /* rsp after our return */
    movq %rdx, 48(%rdi)
    movq (%rsp), %rdx           /* our return address */
    movq %rdx, 56(%rdi)
    movl $0, 64(%rdi)
    testl %esi, %esi
    jnz __sigsetjmp_save        /* tail call: returns 0 to our caller */
    xorl %eax, %eax
    ret
    .size setjmp, . - setjmp
    .size _setjmp, . - _setjmp
    .size sigsetjmp, . - sigsetjmp
    .size __sigsetjmp, . - __sigsetjmp

    .globl longjmp, _longjmp, __longjmp_regs
    .type longjmp, @function
    .type _longjmp, @function
    .type __longjmp_regs, @function
longjmp:
_longjmp:
__longjmp_regs:
    movl %esi, %eax
    testl %eax, %eax
    jnz 1f
    incl %eax                   /* longjmp(env, 0) makes setjmp return 1 */
1:  movq 0(%rdi), %rbx
    movq 8(%rdi), %rbp
    movq 16(%rdi), %r12
    movq 24(%rdi), %r13
    movq 32(%rdi), %r14
    movq 40(%rdi), %r15
    movq 48(%rdi), %rsp
    jmp *56(%rdi)
    .size longjmp, . - longjmp
    .size _longjmp, . - _longjmp
    .size __longjmp_regs, . - __longjmp_regs

    .section .note.GNU-stack, "", @progbits
