/* The signal restorer of the Linux twin: rt_sigreturn (15), as glibc's __restore_rt. */
    .text
    .globl __lx_sigrestore
    .hidden __lx_sigrestore
    .type __lx_sigrestore, @function
__lx_sigrestore:
    movl $15, %eax
    syscall
    .size __lx_sigrestore, . - __lx_sigrestore

    .section .note.GNU-stack, "", @progbits
