/* The signal restorer: a ToyOS signal handler returns here (toy_sigaction.restorer), and the ABI
 * says the restorer must call sigreturn. A jump, not a call, so rsp is exactly where the handler's
 * `ret` left it (as with Linux's __restore_rt). sigreturn does not return. */
    .text
    .globl __toy_sigrestore
    .hidden __toy_sigrestore
    .type __toy_sigrestore, @function
__toy_sigrestore:
    jmp toy_sys_sigreturn
    .size __toy_sigrestore, . - __toy_sigrestore

    .section .note.GNU-stack, "", @progbits
