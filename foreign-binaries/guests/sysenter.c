/* Executes `sysenter`, a 32-bit system call instruction, from 64-bit code. On AMD the CPU refuses
 * it (#UD); on Intel the kernel's 32-bit entry runs and returns in 32-bit mode to a landing pad a
 * 64-bit process does not have. Either way Burrow must report a foreign system-call instruction
 * (SIGSYS, like a raw Linux `syscall`), never an internal error. */
#include <stdio.h>

int main(void) {
    printf("about to execute sysenter\n");
    fflush(stdout);
    /* An invalid number: where the kernel does run the call (Intel), it does nothing. */
    __asm__ volatile("mov $0xffff, %%eax\n\tsysenter" ::: "rax", "rcx", "rdx", "memory");
    printf("sysenter returned\n");
    return 0;
}
