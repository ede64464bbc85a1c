/* Clears the virtual interrupt flag (cli) and spins: a signal whose default action ends the
   program (SIGTERM, SIGINT) still ends it, like an NMI (docs/abi.md 7.2); a caught one stays
   pending forever. Natively cli is a general-protection fault. */
#include <signal.h>
#include <stdio.h>

static void on_usr1(int sig) { (void)sig; }

int main(void) {
    signal(SIGUSR1, on_usr1);
    __asm__ volatile("cli");
    /* Printed with the flag already clear: a test that waits for this line knows its signal
       arrives while interrupts are off. */
    printf("spinning with interrupts off\n");
    fflush(stdout);
    for (;;) __asm__ volatile("" ::: "memory");
}
