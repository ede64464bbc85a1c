/* Executes hlt, a privileged instruction. Natively a user-mode hlt is a general-protection fault
   (SIGSEGV); ToyOS gives it a meaning (docs/abi.md, section 7) that Burrow does not implement yet. */
#include <stdio.h>

int main(void) {
    printf("before\n");
    fflush(stdout);
    __asm__ volatile("hlt");
    printf("after\n");
    return 0;
}
