/* The signal restorer: a ToyOS signal handler returns here (toy_sigaction.restorer), and the ABI
 * says the restorer must call sigreturn. A jump, not a call, so rsp is exactly where the handler's
 * `ret` left it (as with Linux's __restore_rt). sigreturn does not return. */
    .text
    /* A byte of no function before it: a handler's return address is this label's first byte, not
     * the byte after a call, and debuggers and Burrow's backtraces (-k, crash reports), which look a
     * return address up one byte earlier, then find no function there and take the restorer
     * itself (gdb's signal-trampoline rule). Without it, that byte could be another function's. */
    .p2align 4
    int3
    .p2align 4
    .globl __toy_sigrestore
    .hidden __toy_sigrestore
    .type __toy_sigrestore, @function
__toy_sigrestore:
    jmp toy_sys_sigreturn
    .size __toy_sigrestore, . - __toy_sigrestore

    .section .note.GNU-stack, "", @progbits
