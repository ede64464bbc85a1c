/* A fault while the interrupt flag is clear ends the program even though a handler is installed
   (docs/abi.md 7.2). Natively cli itself faults (and the handler would run). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static void on_segv(int sig) { (void)sig; printf("handler ran\n"); exit(0); }

int main(void) {
    signal(SIGSEGV, on_segv);
    printf("faulting with interrupts off\n");
    fflush(stdout);
    __asm__ volatile("cli");
    *(volatile int *)8 = 1;
    return 0;
}
