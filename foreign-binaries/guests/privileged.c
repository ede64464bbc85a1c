/* Executes wbinvd, a privileged instruction ToyOS gives no meaning (docs/abi.md 7.5): a fault
   (SIGSEGV) whose report names the instruction's bytes. Natively it is the same fault. */
#include <stdio.h>

int main(void) {
    printf("before\n");
    fflush(stdout);
    __asm__ volatile("wbinvd");
    printf("after\n");
    return 0;
}
