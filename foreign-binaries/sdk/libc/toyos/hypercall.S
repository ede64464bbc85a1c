/* toy_hypercall(nr, a, b, c): the hypercall instruction, int 0x82 (docs/abi.md 7.4), as a function.
   A hypercall follows the system call convention, which may clobber vector registers and the red
   zone below rsp: inline assembly cannot say so to the compiler, a call can. Returns the
   struct toy_result in rax (value) and rdx (error flag), as the C ABI returns a 16-byte struct. */
    .text
    .globl toy_hypercall
    .type toy_hypercall, @function
toy_hypercall:
    movl %edi, %eax
    movq %rsi, %rdi
    movq %rdx, %rsi
    movq %rcx, %rdx
    int $0x82
    ret
    .size toy_hypercall, . - toy_hypercall

    .section .note.GNU-stack,"",@progbits
